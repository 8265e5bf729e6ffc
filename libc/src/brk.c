/*
 * The program break.  The kernel's brk(addr) always returns the break
 * after the call: addr on success, the unchanged break on failure (and
 * brk(0) just reports it).  brk() and sbrk() here give glibc's C
 * interface on top and remember the break, so sbrk(0) needs no call after
 * the first.
 */
#include <errno.h>
#include <stdint.h>
#include <unistd.h>

#include "internal.h"

static uintptr_t cur_brk; /* 0 until the first call asks the kernel */

int brk(void *addr)
{
	uintptr_t got = (uintptr_t)__syscall1(SYS_brk, (long)addr);

	cur_brk = got;
	if (got != (uintptr_t)addr) {
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

void *sbrk(intptr_t incr)
{
	uintptr_t old;

	if (cur_brk == 0)
		cur_brk = (uintptr_t)__syscall1(SYS_brk, 0);
	old = cur_brk;
	if (incr == 0)
		return (void *)old;
	if ((incr > 0 && old + (uintptr_t)incr < old) ||
	    (incr < 0 && (uintptr_t)-incr > old)) {
		errno = ENOMEM; /* the address would wrap around */
		return (void *)-1;
	}
	if (brk((void *)(old + incr)) < 0)
		return (void *)-1;
	return (void *)old;
}
