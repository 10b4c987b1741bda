/* packet.c - being written. */
typedef int packet_placeholder;
