/* doctor.c - being written. */
typedef int doctor_placeholder;
