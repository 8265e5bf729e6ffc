/*
 * Signals with Linux's numbers and glibc's user-space types.  sigset_t
 * has glibc's 128 bytes; the kernel reads only the first 8 (64 signals).
 * struct sigaction is the user layout; sigaction() converts it to the
 * kernel's and supplies the restorer that calls rt_sigreturn.
 */
#ifndef _SIGNAL_H
#define _SIGNAL_H

#include <bits/types.h>

#define SIGHUP	  1
#define SIGINT	  2
#define SIGQUIT	  3
#define SIGILL	  4
#define SIGTRAP	  5
#define SIGABRT	  6
#define SIGIOT	  SIGABRT
#define SIGBUS	  7
#define SIGFPE	  8
#define SIGKILL	  9
#define SIGUSR1	  10
#define SIGSEGV	  11
#define SIGUSR2	  12
#define SIGPIPE	  13
#define SIGALRM	  14
#define SIGTERM	  15
#define SIGSTKFLT 16
#define SIGCHLD	  17
#define SIGCONT	  18
#define SIGSTOP	  19
#define SIGTSTP	  20
#define SIGTTIN	  21
#define SIGTTOU	  22
#define SIGURG	  23
#define SIGXCPU	  24
#define SIGXFSZ	  25
#define SIGVTALRM 26
#define SIGPROF	  27
#define SIGWINCH  28
#define SIGIO	  29
#define SIGPOLL	  SIGIO
#define SIGPWR	  30
#define SIGSYS	  31
#define SIGRTMIN  34
#define SIGRTMAX  64
#define NSIG	  65
#define _NSIG	  65

#define SA_NOCLDSTOP 0x00000001
#define SA_NOCLDWAIT 0x00000002
#define SA_SIGINFO   0x00000004
#define SA_RESTORER  0x04000000
#define SA_ONSTACK   0x08000000
#define SA_RESTART   0x10000000
#define SA_NODEFER   0x40000000
#define SA_RESETHAND 0x80000000
#define SA_NOMASK    SA_NODEFER
#define SA_ONESHOT   SA_RESETHAND

#define SIG_BLOCK   0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2

#define SS_ONSTACK  1
#define SS_DISABLE  2
#define MINSIGSTKSZ 2048
#define SIGSTKSZ    8192

/* si_code values. */
#define SI_USER	      0
#define SI_KERNEL     0x80
#define SI_QUEUE      (-1)
#define SI_TIMER      (-2)
#define SI_TKILL      (-6)
#define SEGV_MAPERR   1
#define SEGV_ACCERR   2
#define BUS_ADRALN    1
#define BUS_ADRERR    2
#define BUS_OBJERR    3
#define ILL_ILLOPC    1
#define FPE_INTDIV    1
#define CLD_EXITED    1
#define CLD_KILLED    2
#define CLD_DUMPED    3
#define CLD_STOPPED   5
#define CLD_CONTINUED 6

typedef void (*sighandler_t)(int);
typedef sighandler_t __sighandler_t;

#define SIG_ERR ((sighandler_t)-1)
#define SIG_DFL ((sighandler_t)0)
#define SIG_IGN ((sighandler_t)1)

typedef struct {
	unsigned long __val[16];
} sigset_t;

union sigval {
	int sival_int;
	void *sival_ptr;
};
typedef union sigval sigval_t;

/* 128 bytes; the union starts at offset 16 as in the kernel. */
typedef struct {
	int si_signo;
	int si_errno;
	int si_code;
	int __pad0;
	union {
		int __pad[28];
		struct {
			pid_t pid;
			uid_t uid;
			int status;
			int __pad1;
			long utime;
			long stime;
		} __chld;
		struct {
			pid_t pid;
			uid_t uid;
			union sigval value;
		} __kill;
		struct {
			void *addr;
		} __fault;
	} __u;
} siginfo_t;

#define si_pid	  __u.__chld.pid
#define si_uid	  __u.__chld.uid
#define si_status __u.__chld.status
#define si_utime  __u.__chld.utime
#define si_stime  __u.__chld.stime
#define si_value  __u.__kill.value
#define si_int	  __u.__kill.value.sival_int
#define si_ptr	  __u.__kill.value.sival_ptr
#define si_addr	  __u.__fault.addr

struct sigaction {
	union {
		sighandler_t sa_handler;
		void (*sa_sigaction)(int, siginfo_t *, void *);
	} __sa_handler;
	sigset_t sa_mask;
	int sa_flags;
	void (*sa_restorer)(void);
};
#define sa_handler   __sa_handler.sa_handler
#define sa_sigaction __sa_handler.sa_sigaction

typedef struct {
	void *ss_sp;
	int ss_flags;
	size_t ss_size;
} stack_t;

/* BSD semantics, like glibc: the handler stays installed and
 * interrupted system calls restart (SA_RESTART). */
sighandler_t signal(int sig, sighandler_t handler);
int sigaction(int sig, const struct sigaction *restrict act,
	      struct sigaction *restrict oldact);
int kill(pid_t pid, int sig);
int killpg(pid_t pgrp, int sig);
int raise(int sig);
int sigemptyset(sigset_t *set);
int sigfillset(sigset_t *set);
int sigaddset(sigset_t *set, int sig);
int sigdelset(sigset_t *set, int sig);
int sigismember(const sigset_t *set, int sig);
int sigprocmask(int how, const sigset_t *restrict set,
		sigset_t *restrict oldset);
int sigpending(sigset_t *set);
int sigsuspend(const sigset_t *mask);
int sigaltstack(const stack_t *restrict ss, stack_t *restrict old);
void psignal(int sig, const char *s);

#endif
