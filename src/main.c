/* main.c - being written. */
#include "config.h"
#include "i18n.h"
int main(void) { i18n_init(0); return 0; }
