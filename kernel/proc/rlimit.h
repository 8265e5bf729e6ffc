/*
 * Resource limits (getrlimit/setrlimit/prlimit64), with Linux's numbers
 * and defaults.  The ones tide enforces: RLIMIT_AS (mmap, brk),
 * RLIMIT_DATA (brk and private writable mmap), RLIMIT_STACK (how far the
 * stack may grow), RLIMIT_NOFILE (the descriptor table, at most 256).
 */
#ifndef TIDE_PROC_RLIMIT_H
#define TIDE_PROC_RLIMIT_H

#include "lib/types.h"

#define RLIMIT_CPU     0
#define RLIMIT_FSIZE   1
#define RLIMIT_DATA    2
#define RLIMIT_STACK   3
#define RLIMIT_CORE    4
#define RLIMIT_RSS     5
#define RLIMIT_NPROC   6
#define RLIMIT_NOFILE  7
#define RLIMIT_MEMLOCK 8
#define RLIMIT_AS      9
#define RLIM_NLIMITS   16
#define RLIM_INFINITY  (~0ULL)

struct rlimit64 {
	uint64_t cur, max;
};

struct proc;

/* Linux's defaults for a new init. */
void rlimit_init(struct rlimit64 *r);
uint64_t rlimit(const struct proc *p, int resource);

#endif
