/*
 * Signals: Linux's numbers, actions and masks.  A signal is made pending
 * by kill (or a fault, or the timer), and delivered when the process next
 * returns to user mode: by its default action (terminate, or ignore), or
 * by running its handler on a signal frame that rt_sigreturn undoes.
 */
#ifndef TIDE_PROC_SIGNAL_H
#define TIDE_PROC_SIGNAL_H

#include "arch/x86_64/cpu.h"
#include "lib/types.h"

#define NSIG_LINUX 64
#define SIG_DFL	   0
#define SIG_IGN	   1

#define SA_SIGINFO   0x00000004UL
#define SA_ONSTACK   0x08000000UL
#define SA_RESTART   0x10000000UL
#define SA_NODEFER   0x40000000UL
#define SA_RESETHAND 0x80000000UL
#define SA_RESTORER  0x04000000UL

#define SIGBIT(sig) (1ULL << ((sig)-1))

/* The kernel's struct sigaction on x86-64 (32 bytes). */
struct k_sigaction {
	uint64_t handler;
	uint64_t flags;
	uint64_t restorer;
	uint64_t mask;
};

/* What siginfo_t will say about a signal (Linux's fields that tide fills). */
struct ksiginfo {
	int code;   /* si_code: SI_USER, SI_TKILL, SEGV_MAPERR, CLD_EXITED... */
	int pid;    /* sender (kill) or child (SIGCHLD) */
	int status; /* SIGCHLD: exit code or signal */
	vaddr_t addr; /* faults: the address */
};

#define SI_USER	   0
#define SI_KERNEL  0x80
#define SI_TKILL   (-6)
#define CLD_EXITED 1
#define CLD_KILLED 2

/* What one process knows about signals (copied by fork, reset by exec). */
struct signal_state {
	struct k_sigaction action[NSIG_LINUX];
	uint64_t blocked, pending;
	uint64_t saved_mask; /* rt_sigsuspend: the mask to go back to */
	struct ksiginfo info[NSIG_LINUX]; /* of each pending signal */
	bool restore_mask;
	vaddr_t altstack_sp;
	size_t altstack_size;
	uint64_t alarm_tick; /* timer tick of a pending SIGALRM, or 0 */
	uint64_t alarm_interval;
	/* For a pending synchronous fault: what siginfo says. */
	int fault_code;
	vaddr_t fault_addr;
};

struct proc;

/* Makes sig pending for p (or drops it if ignored); wakes p if the
 * signal will interrupt it.  sig in 1..64. */
void signal_send(struct proc *p, int sig);
/* The same with what the receiver's siginfo will say. */
void signal_send_info(struct proc *p, int sig, const struct ksiginfo *info);
/* A fault in user mode: deliver sig now (SIGSEGV, SIGBUS...) with si_code
 * and si_addr; a blocked or ignored fault signal kills, as on Linux. */
void signal_fault(struct trap_frame *tf, int sig, int code, vaddr_t addr);
/* True if current has a signal that would interrupt a sleep. */
bool signal_pending(struct proc *p);
/* On the way back to user mode: act on pending signals.  ret is the
 * result of the system call that is ending (or 0 after an interrupt);
 * nr is its number, or -1 if this is not a system call's return. */
void signal_deliver(struct trap_frame *tf, long nr);
/* The threads of a process share their signal actions (CLONE_SIGHAND):
 * copies p's action for sig to the other threads of its group. */
void signal_share_action(struct proc *p, int sig);
/* execve: handled signals go back to their default action. */
void signal_exec(struct signal_state *s);
/* A timer tick: sends due SIGALRMs. */
void signal_tick(uint64_t tick);

#endif
