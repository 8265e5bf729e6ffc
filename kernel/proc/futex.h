/*
 * Futexes: a thread sleeps until another wakes it at the same address of
 * the same address space (FUTEX_WAIT / FUTEX_WAKE), the primitive under
 * pthread mutexes, condition variables and pthread_join.
 */
#ifndef TIDE_PROC_FUTEX_H
#define TIDE_PROC_FUTEX_H

#include "lib/types.h"

struct mm;

/* Wakes up to n sleepers on (mm, addr); returns how many it woke. */
int futex_wake(struct mm *mm, vaddr_t addr, int n);

static inline void futex_wake_all(struct mm *mm, vaddr_t addr)
{
	futex_wake(mm, addr, 0x7fffffff);
}

#endif
