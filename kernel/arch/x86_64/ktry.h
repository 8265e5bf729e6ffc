/*
 * Recovering from a kernel-mode fault on purpose.  Code that may touch a
 * bad address (copies from user memory, the boot self-tests) brackets the
 * access with ktry_begin()/ktry_end(); if the access faults and the fault
 * can't be resolved, the trap handler resumes at ktry_begin() returning
 * the error.  One try is armed at a time per task (ktry_current).
 *
 *	struct ktry t;
 *	int err = ktry_begin(&t);
 *	if (err == 0) {
 *		ktry_arm(&t);
 *		... risky access ...
 *	}
 *	ktry_end();
 */
#ifndef TIDE_ARCH_KTRY_H
#define TIDE_ARCH_KTRY_H

#include "lib/types.h"

struct ktry {
	uint64_t rbx, rbp, r12, r13, r14, r15, rsp, rip, rflags;
};

extern struct ktry *ktry_current;

int ktry_begin(struct ktry *t) __attribute__((returns_twice));
__noreturn void ktry_fail(struct ktry *t, int err);

static inline void ktry_arm(struct ktry *t)
{
	__asm__ volatile("" ::: "memory");
	ktry_current = t;
}

static inline void ktry_end(void)
{
	__asm__ volatile("" ::: "memory");
	ktry_current = NULL;
}

#endif
