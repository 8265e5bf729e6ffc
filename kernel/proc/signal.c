/*
 * Signals, the portable half: which signal to act on, and what its
 * action is.  Building and undoing the signal frame on the user stack is
 * the arch's (arch/x86_64/sigframe.c).  Default actions follow Linux:
 * SIGCHLD, SIGCONT, SIGURG and SIGWINCH are ignored, stop signals are
 * ignored too (tide has no job control), every other signal terminates.
 */
#include "arch/x86_64/sigframe.h"
#include "arch/x86_64/trap.h"
#include "proc/proc.h"
#include "proc/signal.h"
#include "syscall/uapi.h"
#include "lib/errno.h"
#include "lib/printk.h"
#include "lib/string.h"

static bool ignored_by_default(int sig)
{
	return sig == SIGCHLD || sig == SIGCONT || sig == SIGURG ||
	       sig == SIGWINCH || sig == SIGSTOP || sig == SIGTSTP ||
	       sig == 21 || sig == 22; /* SIGTTIN, SIGTTOU */
}

static bool ignored(struct proc *p, int sig)
{
	uint64_t h = p->sig.action[sig - 1].handler;
	return h == SIG_IGN || (h == SIG_DFL && ignored_by_default(sig));
}

void signal_send(struct proc *p, int sig)
{
	struct ksiginfo info = {.code = SI_KERNEL};
	signal_send_info(p, sig, &info);
}

void signal_send_info(struct proc *p, int sig, const struct ksiginfo *info)
{
	if (p->state == PROC_ZOMBIE || p->state == PROC_UNUSED)
		return;
	/* An ignored signal is discarded at once, unless it is blocked: its
	 * action may change before it is unblocked (Linux's sig_ignored). */
	if (sig != SIGKILL && !(p->sig.blocked & SIGBIT(sig)) &&
	    ignored(p, sig))
		return;
	if (!(p->sig.pending & SIGBIT(sig)))
		p->sig.info[sig - 1] = *info;
	p->sig.pending |= SIGBIT(sig);
	if (p->state == PROC_SLEEPING && signal_pending(p))
		sched_make_runnable(p); /* its sleep ends with -EINTR */
}

bool signal_pending(struct proc *p)
{
	uint64_t deliverable = p->sig.pending & ~p->sig.blocked;
	return deliverable || (p->sig.pending & SIGBIT(SIGKILL));
}

static int next_signal(struct proc *p)
{
	uint64_t set = p->sig.pending & (~p->sig.blocked | SIGBIT(SIGKILL));
	if (set & SIGBIT(SIGKILL))
		return SIGKILL;
	return set ? __builtin_ctzll(set) + 1 : 0;
}

/* Runs sig's handler: builds the frame, then masks what the handler
 * asked for.  A frame that can't be written kills with SIGSEGV. */
static void run_handler(struct trap_frame *tf, int sig,
			const struct ksiginfo *info)
{
	struct proc *p = current;
	struct k_sigaction *ka = &p->sig.action[sig - 1];
	uint64_t old = p->sig.restore_mask ? p->sig.saved_mask : p->sig.blocked;
	p->sig.restore_mask = false;
	if (arch_setup_sigframe(tf, sig, ka, info, old) < 0)
		proc_group_exit(SIGSEGV);
	p->sig.blocked |= ka->mask;
	if (!(ka->flags & SA_NODEFER))
		p->sig.blocked |= SIGBIT(sig);
	p->sig.blocked &= ~(SIGBIT(SIGKILL) | SIGBIT(SIGSTOP));
	if (ka->flags & SA_RESETHAND) {
		ka->handler = SIG_DFL;
		signal_share_action(p, sig);
	}
}

/* A syscall interrupted by a signal: restart it or make it -EINTR. */
static void fix_interrupted(struct trap_frame *tf, long nr, bool handler,
			    uint64_t flags)
{
	if (nr < 0 || (long)tf->rax != -ERESTARTSYS)
		return;
	if (!handler || (flags & SA_RESTART)) {
		tf->rax = (uint64_t)nr; /* run the syscall instruction again */
		tf->rip -= 2;
	} else {
		tf->rax = (uint64_t)-EINTR;
	}
}

void signal_deliver(struct trap_frame *tf, long nr)
{
	struct proc *p = current;
	int sig;
	while ((sig = next_signal(p)) != 0) {
		p->sig.pending &= ~SIGBIT(sig);
		struct k_sigaction *ka = &p->sig.action[sig - 1];
		if (sig == SIGKILL || ka->handler == SIG_DFL) {
			if (!ignored_by_default(sig))
				proc_group_exit(
				    sig); /* the default: terminate */
			continue;
		}
		if (ka->handler == SIG_IGN)
			continue;
		fix_interrupted(tf, nr, true, ka->flags);
		run_handler(tf, sig, &p->sig.info[sig - 1]);
		return; /* one handler at a time; the rest after sigreturn */
	}
	fix_interrupted(tf, nr, false, 0);
	if (p->sig.restore_mask) { /* rt_sigsuspend ended, no handler ran */
		p->sig.blocked = p->sig.saved_mask;
		p->sig.restore_mask = false;
	}
}

void signal_fault(struct trap_frame *tf, int sig, int code, vaddr_t addr)
{
	struct proc *p = current;
	struct k_sigaction *ka = &p->sig.action[sig - 1];
	bool blocked = p->sig.blocked & SIGBIT(sig);
	if (blocked || ka->handler == SIG_DFL || ka->handler == SIG_IGN)
		proc_group_exit(sig); /* Linux forces the default action */
	struct ksiginfo info = {.code = code, .addr = addr};
	run_handler(tf, sig, &info);
}

void signal_exec(struct signal_state *s)
{
	for (int i = 0; i < NSIG_LINUX; i++)
		if (s->action[i].handler != SIG_IGN)
			s->action[i] = (struct k_sigaction){0};
	s->altstack_sp = 0;
	s->altstack_size = 0;
}

void signal_tick(uint64_t tick)
{
	for (struct proc *p = proc_next(NULL); p; p = proc_next(p)) {
		if (!p->sig.alarm_tick || p->sig.alarm_tick > tick)
			continue;
		p->sig.alarm_tick =
		    p->sig.alarm_interval ? tick + p->sig.alarm_interval : 0;
		signal_send(p, SIGALRM);
	}
}

void return_to_user(struct trap_frame *f)
{
	if (current && signal_pending(current))
		signal_deliver(f, -1);
}

void signal_share_action(struct proc *p, int sig)
{
	for (struct proc *t = proc_next(NULL); t; t = proc_next(t))
		if (t != p && t->tgid == p->tgid)
			t->sig.action[sig - 1] = p->sig.action[sig - 1];
}
