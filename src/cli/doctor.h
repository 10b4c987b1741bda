/* SPDX-License-Identifier: MIT */
/*
 * doctor.h - `lingerlab doctor`: check what the lab needs on this machine
 * and, for each problem, say what it breaks and the exact fix.
 */
#ifndef LINGERLAB_DOCTOR_H
#define LINGERLAB_DOCTOR_H

#include <stdio.h>

/* Print the report to out.  Returns 0 if experiments can run with packets
 * and states observed, 1 otherwise. */
int doctor_run(FILE *out);
/* `lingerlab doctor`: argv[0] is "doctor".  Returns an exit code. */
int cmd_doctor(int argc, char **argv);

#endif
