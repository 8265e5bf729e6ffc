/*
 * FUTEX_WAIT, FUTEX_WAKE and FUTEX_(CMP_)REQUEUE.  Sleepers are found by
 * scanning the process table for threads sleeping on futex_chan with the
 * same mm and address: with at most NPROC threads a table of queues would
 * buy nothing but code.  A wakeup that comes for another reason (a
 * signal, a timeout) is told apart by futex_woken.
 */
#include "arch/x86_64/timer.h"
#include "mm/uaccess.h"
#include "proc/futex.h"
#include "proc/proc.h"
#include "proc/signal.h"
#include "syscall/syscall.h"
#include "lib/errno.h"

#define FUTEX_WAIT	     0
#define FUTEX_WAKE	     1
#define FUTEX_REQUEUE	     3
#define FUTEX_CMP_REQUEUE    4
#define FUTEX_WAIT_BITSET    9
#define FUTEX_WAKE_BITSET    10
#define FUTEX_PRIVATE_FLAG   128
#define FUTEX_CLOCK_REALTIME 256
#define ETIMEDOUT	     110

static char futex_chan;

static bool waits_on(const struct proc *p, struct mm *mm, vaddr_t addr)
{
	return p->state == PROC_SLEEPING && p->wait_chan == &futex_chan &&
	       p->mm == mm && p->futex_addr == addr;
}

int futex_wake(struct mm *mm, vaddr_t addr, int n)
{
	int woken = 0;
	for (struct proc *p = proc_next(NULL); p && woken < n;
	     p = proc_next(p)) {
		if (!waits_on(p, mm, addr))
			continue;
		p->futex_woken = true;
		sched_make_runnable(p);
		woken++;
	}
	return woken;
}

/* Moves up to n sleepers from addr to addr2; returns how many. */
static int futex_requeue(struct mm *mm, vaddr_t addr, vaddr_t addr2, int n)
{
	int moved = 0;
	for (struct proc *p = proc_next(NULL); p && moved < n;
	     p = proc_next(p)) {
		if (waits_on(p, mm, addr)) {
			p->futex_addr = addr2;
			moved++;
		}
	}
	return moved;
}

static long futex_wait(vaddr_t addr, uint32_t val, const void *utimeout,
		       bool absolute)
{
	uint32_t cur;
	uint64_t deadline = 0;
	if (copy_from_user(&cur, (void *)addr, sizeof(cur)) < 0)
		return -EFAULT;
	if (cur != val)
		return -EAGAIN; /* it changed before we slept */
	if (utimeout) {
		struct timespec64 ts;
		if (copy_from_user(&ts, utimeout, sizeof(ts)) < 0)
			return -EFAULT;
		if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000)
			return -EINVAL;
		uint64_t ticks =
		    ((uint64_t)ts.tv_sec * 1000000000 + (uint64_t)ts.tv_nsec) /
			(1000000000 / TIMER_HZ) +
		    1;
		deadline = absolute ? (ticks > timer_ticks ? ticks : 1)
				    : timer_ticks + ticks;
	}
	current->futex_addr = addr;
	current->futex_woken = false;
	for (;;) {
		sleep_on_until(&futex_chan, deadline);
		if (current->futex_woken)
			return 0;
		if (signal_pending(current))
			return -EINTR;
		if (deadline && timer_ticks >= deadline)
			return -ETIMEDOUT;
	}
}

SYSCALL_DEFINE6(futex, uint32_t *, uaddr, int, op, uint32_t, val, const void *,
		utimeout, uint32_t *, uaddr2, uint32_t, val3)
{
	vaddr_t addr = (vaddr_t)uaddr;
	if (addr & 3)
		return -EINVAL; /* futex words are aligned */
	switch (op & ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME)) {
	case FUTEX_WAIT:
		return futex_wait(addr, val, utimeout, false);
	case FUTEX_WAIT_BITSET:
		return val3 ? futex_wait(addr, val, utimeout, true) : -EINVAL;
	case FUTEX_WAKE:
	case FUTEX_WAKE_BITSET:
		return futex_wake(current->mm, addr, (int)val);
	case FUTEX_CMP_REQUEUE: {
		uint32_t cur;
		if (copy_from_user(&cur, uaddr, sizeof(cur)) < 0)
			return -EFAULT;
		if (cur != val3)
			return -EAGAIN;
	} /* fall through */
	case FUTEX_REQUEUE: {
		int woken = futex_wake(current->mm, addr, (int)val);
		int limit = (int)(uintptr_t)utimeout; /* val2 rides here */
		return woken +
		       futex_requeue(current->mm, addr, (vaddr_t)uaddr2, limit);
	}
	default:
		return -ENOSYS; /* PI futexes and the rest */
	}
}

SYSCALL_DEFINE2(set_robust_list, void *, head, size_t, len)
{
	(void)head;
	return len == 24 ? 0 : -EINVAL; /* sizeof(struct robust_list_head) */
}
