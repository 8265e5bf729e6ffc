/*
 * Signals.  The kernel's rt_sigaction takes its own struct layout and a
 * 64-bit mask; sigaction() converts from glibc's user layout and always
 * installs __restore_rt (setjmp.S) as the restorer, which a handler
 * returns into so the kernel can undo the signal frame.
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

#define KERNEL_SIGSET_SIZE 8 /* bytes of mask the kernel reads */

struct kernel_sigaction {
	void *handler;
	unsigned long flags;
	void (*restorer)(void);
	unsigned long mask;
};

void __restore_rt(void);
__attribute__((noreturn)) void __longjmp(struct __jmp_buf_tag *env, int val);

int sigaction(int sig, const struct sigaction *restrict act,
	      struct sigaction *restrict oldact)
{
	struct kernel_sigaction kact, kold;
	long r;

	if (act) {
		kact.handler = (void *)act->sa_handler;
		kact.flags =
		    (unsigned long)(unsigned)act->sa_flags | SA_RESTORER;
		kact.restorer = __restore_rt;
		kact.mask = act->sa_mask.__val[0];
	}
	r = __syscall4(SYS_rt_sigaction, sig, act ? (long)&kact : 0,
		       oldact ? (long)&kold : 0, KERNEL_SIGSET_SIZE);
	if (r < 0)
		return (int)__syscall_ret(r);
	if (oldact) {
		memset(oldact, 0, sizeof(*oldact));
		oldact->sa_handler = (sighandler_t)kold.handler;
		oldact->sa_flags = (int)kold.flags;
		oldact->sa_restorer = kold.restorer;
		oldact->sa_mask.__val[0] = kold.mask;
	}
	return 0;
}

sighandler_t signal(int sig, sighandler_t handler)
{
	struct sigaction act, old;

	memset(&act, 0, sizeof(act));
	act.sa_handler = handler;
	act.sa_flags = SA_RESTART;
	if (sigaction(sig, &act, &old) < 0)
		return SIG_ERR;
	return old.sa_handler;
}

int raise(int sig)
{
	return kill(getpid(), sig);
}

static int sig_bad(int sig)
{
	if (sig < 1 || sig >= NSIG) {
		errno = EINVAL;
		return 1;
	}
	return 0;
}

int sigemptyset(sigset_t *set)
{
	memset(set, 0, sizeof(*set));
	return 0;
}

int sigfillset(sigset_t *set)
{
	memset(set, 0, sizeof(*set));
	set->__val[0] = ~0UL;
	return 0;
}

int sigaddset(sigset_t *set, int sig)
{
	if (sig_bad(sig))
		return -1;
	set->__val[0] |= 1UL << (sig - 1);
	return 0;
}

int sigdelset(sigset_t *set, int sig)
{
	if (sig_bad(sig))
		return -1;
	set->__val[0] &= ~(1UL << (sig - 1));
	return 0;
}

int sigismember(const sigset_t *set, int sig)
{
	if (sig_bad(sig))
		return -1;
	return (set->__val[0] >> (sig - 1)) & 1;
}

int sigprocmask(int how, const sigset_t *restrict set,
		sigset_t *restrict oldset)
{
	if (oldset)
		memset(oldset, 0, sizeof(*oldset));
	return (int)SYSCALL4(rt_sigprocmask, how, set, oldset,
			     KERNEL_SIGSET_SIZE);
}

int sigpending(sigset_t *set)
{
	memset(set, 0, sizeof(*set));
	return (int)SYSCALL2(rt_sigpending, set, KERNEL_SIGSET_SIZE);
}

int sigsuspend(const sigset_t *mask)
{
	return (int)SYSCALL2(rt_sigsuspend, mask, KERNEL_SIGSET_SIZE);
}

int sigaltstack(const stack_t *restrict ss, stack_t *restrict old)
{
	return (int)SYSCALL2(sigaltstack, ss, old);
}

/* Called by sigsetjmp (setjmp.S) after it saved the registers. */
int __sigsetjmp_save(struct __jmp_buf_tag *env, int savemask)
{
	env->__mask_saved = savemask != 0;
	if (savemask)
		__syscall4(SYS_rt_sigprocmask, SIG_BLOCK, 0, (long)&env->__mask,
			   KERNEL_SIGSET_SIZE);
	return 0;
}

void siglongjmp(sigjmp_buf env, int val)
{
	if (env->__mask_saved)
		__syscall4(SYS_rt_sigprocmask, SIG_SETMASK, (long)&env->__mask,
			   0, KERNEL_SIGSET_SIZE);
	__longjmp(env, val);
}

void longjmp(jmp_buf env, int val)
{
	siglongjmp(env, val);
}

void _longjmp(jmp_buf env, int val)
{
	siglongjmp(env, val);
}
