#ifndef LINGERLAB_LAB_H
#define LINGERLAB_LAB_H
#endif
