/*
 * Processes: the table, the current process, and the life cycle
 * (create, fork, exit, wait).  Each process has its own address space
 * (struct mm), a kernel stack under a guard page, and a user trap frame
 * at the top of that stack.  One CPU, a non-preemptible kernel:
 * interrupts are off whenever kernel code runs, except in the idle loop.
 */
#ifndef TIDE_PROC_PROC_H
#define TIDE_PROC_PROC_H

#include "arch/x86_64/cpu.h"
#include "fs/sys_fs.h"
#include "mm/mm.h"
#include "proc/rlimit.h"
#include "proc/signal.h"

#define NPROC	  256
#define PROC_NAME 16

enum proc_state {
	PROC_UNUSED,
	PROC_RUNNABLE,
	PROC_RUNNING,
	PROC_SLEEPING,
	PROC_ZOMBIE,
};

struct context; /* callee-saved registers on a kernel stack (switch.S) */
struct ktry;

struct proc {
	int pid;  /* the thread's id (gettid) */
	int tgid; /* the process's id (getpid): its first thread's pid */
	enum proc_state state;
	char name[PROC_NAME]; /* the program's file name, as Linux's comm */
	char exe[256];	      /* the program's absolute path: /proc/pid/exe */
	struct proc *parent;
	struct mm *mm;
	vaddr_t kstack_top;
	struct trap_frame *tf; /* the user frame at the top of kstack */
	struct context *context;
	struct ktry *ktry;	 /* saved ktry_current while switched out */
	const void *wait_chan;	 /* what a sleeping process waits for */
	int wait_status;	 /* Linux's encoding, once a zombie */
	struct signal_state sig; /* actions, mask, pending signals */
	struct rlimit64 rlim[RLIM_NLIMITS];
	int pgid, sid;	      /* process group and session */
	int oom_score_adj;    /* /proc/<pid>/oom_score_adj, kept as given */
	struct fs_context fs; /* descriptors, cwd, umask */
	uint64_t fs_base;     /* arch_prctl(ARCH_SET_FS) */
	vaddr_t clear_child_tid;
	bool traced;	    /* strace: log every system call */
	bool detached;	    /* a thread that nobody waits for */
	bool group_exiting; /* leader: exit_group or a fatal signal began */
	uint64_t sleep_deadline; /* timer tick that ends a timed sleep, or 0 */
	bool futex_woken;	 /* set by FUTEX_WAKE */
	vaddr_t futex_addr;	 /* the futex word slept on */
	uint64_t start_ticks;
	uint64_t utime, stime;	 /* timer ticks spent in user and kernel mode */
	uint64_t cutime, cstime; /* ...and by reaped children */
	/* The user's x87/SSE registers while switched out (fxsave image). */
	uint8_t fpu[512] __attribute__((aligned(16)));
};

extern struct proc *current;

/* Allocates a process slot with a kernel stack; NULL if none. */
struct proc *proc_alloc(void);
/* Frees what proc_alloc gave (kernel stack, slot) of a reaped zombie. */
void proc_free(struct proc *p);
/* Looks up a live or zombie process by pid. */
struct proc *proc_find(int pid);

/* Terminates current with a wait status (exit code << 8, or a signal
 * number); never returns. */
__noreturn void proc_exit(int wait_status);
/* Kills current for a fatal signal (as Linux's default action). */
__noreturn void proc_kill_self(int sig);
/* Ends every thread of current's process with a wait status
 * (exit_group, or a fatal signal); never returns. */
__noreturn void proc_group_exit(int wait_status);
/* The thread whose pid is p's process id. */
struct proc *proc_leader(struct proc *p);
/* Threads of process tgid still running (not zombies), except `except`. */
int proc_live_threads(int tgid, const struct proc *except);
/* Like sleep_on, but the timer also wakes the sleeper at tick deadline
 * (0: no deadline). */
void sleep_on_until(const void *chan, uint64_t deadline);

/* The scheduler: give up the CPU; sleep until wakeup(chan); wake. */
void sched_yield(void);
void sleep_on(const void *chan);
void wakeup(const void *chan);
/* Runs processes forever; called by kmain once init exists. */
__noreturn void scheduler(void);
/* Makes p runnable (new or woken). */
void sched_make_runnable(struct proc *p);

/* Starts PID 1 from path with argv; panics if it can't. */
void proc_start_init(const char *path, char *const argv[]);

/* Iterates live processes (for /proc). */
struct proc *proc_next(struct proc *prev);
/* Each live address space once (threads share one) into mms, which has
 * room for NPROC; returns how many (proc/rmap.c). */
int proc_distinct_mms(struct mm **mms);

#endif
