/*
 * The signal system calls: rt_sigaction, rt_sigprocmask, rt_sigreturn,
 * rt_sigpending, rt_sigsuspend, pause, sigaltstack, alarm, setitimer and
 * getitimer (ITIMER_REAL).  Sending is kill/tgkill in sys_proc.c; the
 * machinery is proc/signal.c.
 */
#include "arch/x86_64/sigframe.h"
#include "arch/x86_64/timer.h"
#include "mm/uaccess.h"
#include "proc/proc.h"
#include "proc/signal.h"
#include "syscall/syscall.h"
#include "syscall/uapi.h"
#include "lib/errno.h"

#define UNBLOCKABLE (SIGBIT(SIGKILL) | SIGBIT(SIGSTOP))

SYSCALL_DEFINE4(rt_sigaction, int, sig, const struct k_sigaction *, uact,
		struct k_sigaction *, uoldact, size_t, setsize)
{
	struct k_sigaction act;
	if (setsize != 8)
		return -EINVAL;
	if (sig < 1 || sig > NSIG_LINUX)
		return -EINVAL;
	if (uact && (sig == SIGKILL || sig == SIGSTOP))
		return -EINVAL; /* their actions can't be changed */
	if (uact && copy_from_user(&act, uact, sizeof(act)) < 0)
		return -EFAULT;
	struct k_sigaction *ka = &current->sig.action[sig - 1];
	if (uoldact && copy_to_user(uoldact, ka, sizeof(*ka)) < 0)
		return -EFAULT;
	if (uact) {
		act.mask &= ~UNBLOCKABLE;
		*ka = act;
		signal_share_action(current, sig); /* CLONE_SIGHAND */
		if (act.handler == SIG_IGN ||
		    (act.handler == SIG_DFL &&
		     (sig == SIGCHLD || sig == SIGURG || sig == SIGWINCH)))
			current->sig.pending &= ~SIGBIT(sig);
	}
	return 0;
}

SYSCALL_DEFINE4(rt_sigprocmask, int, how, const uint64_t *, uset, uint64_t *,
		uoldset, size_t, setsize)
{
	uint64_t set, *blocked = &current->sig.blocked;
	if (setsize != 8)
		return -EINVAL;
	if (uset && copy_from_user(&set, uset, sizeof(set)) < 0)
		return -EFAULT;
	if (uoldset && copy_to_user(uoldset, blocked, sizeof(*blocked)) < 0)
		return -EFAULT;
	if (!uset)
		return 0;
	switch (how) {
	case 0: /* SIG_BLOCK */
		*blocked |= set;
		break;
	case 1: /* SIG_UNBLOCK */
		*blocked &= ~set;
		break;
	case 2: /* SIG_SETMASK */
		*blocked = set;
		break;
	default:
		return -EINVAL;
	}
	*blocked &= ~UNBLOCKABLE;
	return 0;
}

SYSCALL_DEFINE0(rt_sigreturn)
{
	uint64_t mask;
	if (arch_sigreturn(current->tf, &mask) < 0)
		proc_group_exit(SIGSEGV); /* a forged or damaged frame */
	current->sig.blocked = mask & ~UNBLOCKABLE;
	return (long)current->tf->rax; /* keep the restored rax */
}

SYSCALL_DEFINE2(rt_sigpending, uint64_t *, uset, size_t, setsize)
{
	if (setsize > 8)
		return -EINVAL;
	uint64_t set = current->sig.pending & current->sig.blocked;
	return copy_to_user(uset, &set, setsize);
}

SYSCALL_DEFINE0(pause)
{
	while (!signal_pending(current))
		sleep_on(current->sig.action); /* only a signal wakes us */
	return -EINTR;
}

SYSCALL_DEFINE2(rt_sigsuspend, const uint64_t *, umask, size_t, setsize)
{
	uint64_t mask;
	if (setsize != 8)
		return -EINVAL;
	if (copy_from_user(&mask, umask, sizeof(mask)) < 0)
		return -EFAULT;
	/* Sleep with the temporary mask; the handler runs with it too, and
	 * its frame restores the old mask (signal.c, restore_mask). */
	current->sig.saved_mask = current->sig.blocked;
	current->sig.restore_mask = true;
	current->sig.blocked = mask & ~UNBLOCKABLE;
	while (!signal_pending(current))
		sleep_on(current->sig.action);
	return -EINTR;
}

struct k_stack {
	uint64_t sp;
	int32_t flags, pad;
	uint64_t size;
};

#define SS_ONSTACK  1
#define SS_DISABLE  2
#define MINSIGSTKSZ 2048

SYSCALL_DEFINE2(sigaltstack, const struct k_stack *, uss, struct k_stack *,
		uoss)
{
	struct signal_state *s = &current->sig;
	struct k_stack ss,
	    old = {s->altstack_sp, s->altstack_size ? 0 : SS_DISABLE, 0,
		   s->altstack_size};
	vaddr_t rsp = current->tf->rsp;
	bool on = s->altstack_size && rsp >= s->altstack_sp &&
		  rsp < s->altstack_sp + s->altstack_size;
	if (on)
		old.flags = SS_ONSTACK;
	if (uss) {
		if (copy_from_user(&ss, uss, sizeof(ss)) < 0)
			return -EFAULT;
		if (on)
			return -EPERM; /* can't change it while on it */
		if (ss.flags & ~(SS_DISABLE | (1 << 31)))
			return -EINVAL;
		if (ss.flags & SS_DISABLE) {
			s->altstack_sp = 0;
			s->altstack_size = 0;
		} else {
			if (ss.size < MINSIGSTKSZ)
				return -ENOMEM;
			s->altstack_sp = ss.sp;
			s->altstack_size = ss.size;
		}
	}
	if (uoss && copy_to_user(uoss, &old, sizeof(old)) < 0)
		return -EFAULT;
	return 0;
}

struct k_timeval {
	int64_t sec, usec;
};

struct k_itimerval {
	struct k_timeval interval, value;
};

static uint64_t to_ticks(const struct k_timeval *t)
{
	uint64_t us = (uint64_t)t->sec * 1000000 + (uint64_t)t->usec;
	return (us * TIMER_HZ + 999999) / 1000000;
}

static void from_ticks(uint64_t ticks, struct k_timeval *t)
{
	uint64_t us = ticks * (1000000 / TIMER_HZ);
	t->sec = (int64_t)(us / 1000000);
	t->usec = (int64_t)(us % 1000000);
}

static void current_itimer(struct k_itimerval *v)
{
	struct signal_state *s = &current->sig;
	from_ticks(s->alarm_interval, &v->interval);
	from_ticks(s->alarm_tick ? s->alarm_tick - timer_ticks : 0, &v->value);
}

SYSCALL_DEFINE2(getitimer, int, which, struct k_itimerval *, uval)
{
	struct k_itimerval v;
	if (which != 0)
		return -EINVAL; /* only ITIMER_REAL */
	current_itimer(&v);
	return copy_to_user(uval, &v, sizeof(v));
}

SYSCALL_DEFINE3(setitimer, int, which, const struct k_itimerval *, unew,
		struct k_itimerval *, uold)
{
	struct k_itimerval v, old;
	if (which != 0)
		return -EINVAL; /* only ITIMER_REAL */
	if (unew && copy_from_user(&v, unew, sizeof(v)) < 0)
		return -EFAULT;
	if (unew && (v.value.usec < 0 || v.value.usec >= 1000000 ||
		     v.interval.usec < 0 || v.interval.usec >= 1000000 ||
		     v.value.sec < 0 || v.interval.sec < 0))
		return -EINVAL;
	current_itimer(&old);
	if (uold && copy_to_user(uold, &old, sizeof(old)) < 0)
		return -EFAULT;
	if (unew) {
		uint64_t t = to_ticks(&v.value);
		current->sig.alarm_tick = t ? timer_ticks + t : 0;
		current->sig.alarm_interval = t ? to_ticks(&v.interval) : 0;
	}
	return 0;
}

SYSCALL_DEFINE1(alarm, unsigned, seconds)
{
	struct signal_state *s = &current->sig;
	uint64_t left =
	    s->alarm_tick > timer_ticks ? s->alarm_tick - timer_ticks : 0;
	s->alarm_tick =
	    seconds ? timer_ticks + (uint64_t)seconds * TIMER_HZ : 0;
	s->alarm_interval = 0;
	/* Seconds left on the old alarm, rounded up; at least 1 if any. */
	return (long)((left + TIMER_HZ - 1) / TIMER_HZ);
}
