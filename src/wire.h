#ifndef LINGERLAB_WIRE_H
#define LINGERLAB_WIRE_H
#endif
