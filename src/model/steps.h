/* SPDX-License-Identifier: MIT */
/*
 * steps.h - the vocabulary of an experiment, shared by the model and the
 * engine: the two sides, what a step does, which socket option it sets, and
 * the names these have in scenario files, the JSON and the ladder.
 */
#ifndef LINGERLAB_STEPS_H
#define LINGERLAB_STEPS_H

enum side { SIDE_CLIENT = 0, SIDE_SERVER = 1, SIDE_NONE = 2 };

/* What a step does.  The order is the order of op_names[] in steps.c. */
enum step_op {
	OP_LISTEN,         /* socket(), pending options, bind(port), listen()       */
	OP_ACCEPT,         /* accept() on the listening socket; it becomes current  */
	OP_CONNECT,        /* socket(), pending options, connect() to the server   */
	OP_SET,            /* setsockopt()/fcntl() on the current (or next) socket  */
	OP_WRITE,          /* write N bytes (loops; stops at an error or EAGAIN)    */
	OP_READ,           /* read N bytes, or until EOF/error (arg < 0), or once   */
	OP_SHUTDOWN,       /* shutdown(how)                                         */
	OP_CLOSE,          /* close() the current socket                            */
	OP_CLOSE_LISTENER, /* close() the listening socket                    */
	OP_SLEEP,          /* sleep arg milliseconds                                */
	OP_WAIT,           /* barrier: until the other side finished step `wait_op` */
	OP_EXIT,           /* _exit(0): the kernel closes what is still open        */
	OP_KILL,           /* the lab kills this process with SIGKILL               */
	OP_DUP,            /* dup() the connected socket: a second descriptor       */
	OP_SYNC,           /* barrier: both sides are released together             */
	OP_INJECT,         /* the lab sends this side an RST as if from the peer    */
	OP_COUNT
};

enum set_opt {
	SET_LINGER, /* value: -1 = off (l_onoff 0), else l_linger seconds */
	SET_RCVBUF,
	SET_SNDBUF,
	SET_REUSEADDR, /* 0/1 */
	SET_NONBLOCK,  /* 0/1 (fcntl O_NONBLOCK) */
	SET_NODELAY,   /* 0/1 (TCP_NODELAY) */
	SET_COUNT
};

#define READ_EOF (-1)  /* read until EOF or an error */
#define READ_ONCE (-2) /* exactly one read() call */

const char *step_op_name(enum step_op op);
const char *set_opt_name(enum set_opt o);
const char *side_name(enum side s);

#endif
