/*
 * The basic system types, in one place so every header that needs one
 * (sys/types.h, unistd.h, stdio.h, ...) gets the same definition.  Sizes
 * are Linux x86-64's (LP64): long and pointers are 64 bits.
 */
#ifndef _BITS_TYPES_H
#define _BITS_TYPES_H

#include <stddef.h>
#include <stdint.h>

typedef long ssize_t;
typedef long off_t;
typedef long off64_t;
typedef int pid_t;
typedef unsigned int uid_t;
typedef unsigned int gid_t;
typedef unsigned int id_t;
typedef unsigned int mode_t;
typedef unsigned long dev_t;
typedef unsigned long ino_t;
typedef unsigned long ino64_t;
typedef unsigned long nlink_t;
typedef long blksize_t;
typedef long blkcnt_t;
typedef long time_t;
typedef long suseconds_t;
typedef unsigned int useconds_t;
typedef long clock_t;
typedef int clockid_t;
typedef void *timer_t;
typedef int key_t;
typedef unsigned long rlim_t;
typedef int sig_atomic_t;
typedef unsigned long fsblkcnt_t;
typedef unsigned long fsfilcnt_t;

struct timespec {
	time_t tv_sec;
	long tv_nsec;
};

struct timeval {
	time_t tv_sec;
	suseconds_t tv_usec;
};

#endif
