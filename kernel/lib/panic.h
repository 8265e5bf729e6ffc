/*
 * panic() stops the kernel on a broken invariant (a kernel bug, never user
 * input).  BUG_ON() is the assertion form used inside mm/.  The host unit
 * tests provide their own panic() that aborts the test program.
 */
#ifndef TIDE_LIB_PANIC_H
#define TIDE_LIB_PANIC_H

#include "lib/types.h"

__noreturn void panic(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

#define BUG_ON(cond)                                                   \
	do {                                                           \
		if (cond)                                              \
			panic("%s:%d: BUG_ON(%s)", __FILE__, __LINE__, \
			      #cond);                                  \
	} while (0)

#endif
