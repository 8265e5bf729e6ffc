/*
 * The process table and the life cycle: allocate, exit, reap.  fork,
 * wait4 and the other process system calls are in sys_proc.c; loading a
 * program is exec.c; choosing who runs is sched.c.
 *
 * A process is a zombie from exit until its parent's wait4 reaps it; its
 * memory and descriptors are freed at exit, its kernel stack and slot at
 * reaping.  Orphans are handed to init (PID 1), which reaps them.
 */
#include "arch/x86_64/kstack.h"
#include "arch/x86_64/process.h"
#include "arch/x86_64/timer.h"
#include "mm/frame.h"
#include "mm/uaccess.h"
#include "proc/futex.h"
#include "proc/proc.h"
#include "syscall/uapi.h"
#include "syscall/syscall.h"
#include "proc/exec.h"
#include "proc/proc_fs.h"
#include "lib/errno.h"
#include "lib/panic.h"
#include "lib/printk.h"
#include "lib/string.h"

struct proc proc_table[NPROC];
static int next_pid = 1;

struct proc *proc_alloc(void)
{
	for (int i = 0; i < NPROC; i++) {
		struct proc *p = &proc_table[i];
		if (p->state != PROC_UNUSED)
			continue;
		vaddr_t top = kstack_alloc(i);
		if (!top)
			return NULL;
		memset(p, 0, sizeof(*p));
		p->kstack_top = top;
		p->pid = next_pid++;
		p->tgid = p->pid;
		p->state = PROC_SLEEPING; /* not runnable until set up */
		p->start_ticks = timer_ticks;
		fpu_reset(p->fpu);
		arch_proc_init_stack(p);
		return p;
	}
	return NULL;
}

void proc_free(struct proc *p)
{
	BUG_ON(p->state != PROC_ZOMBIE && p->mm);
	kstack_free(p->kstack_top);
	p->state = PROC_UNUSED;
	p->pid = 0;
}

struct proc *proc_find(int pid)
{
	for (int i = 0; i < NPROC; i++)
		if (proc_table[i].state != PROC_UNUSED &&
		    proc_table[i].pid == pid)
			return &proc_table[i];
	return NULL;
}

struct proc *proc_next(struct proc *prev)
{
	int i = prev ? (int)(prev - proc_table) + 1 : 0;
	for (; i < NPROC; i++)
		if (proc_table[i].state != PROC_UNUSED)
			return &proc_table[i];
	return NULL;
}

struct proc *proc_leader(struct proc *p)
{
	return p->tgid == p->pid ? p : proc_find(p->tgid);
}

int proc_live_threads(int tgid, const struct proc *except)
{
	int n = 0;
	for (int i = 0; i < NPROC; i++) {
		struct proc *t = &proc_table[i];
		if (t != except && t->tgid == tgid && t->state != PROC_UNUSED &&
		    t->state != PROC_ZOMBIE)
			n++;
	}
	return n;
}

/* A process's waiters sleep on its leader (any thread may wait4). */
static void wake_waiters(struct proc *parent)
{
	if (parent)
		wakeup(proc_leader(parent));
}

static void reparent_children(struct proc *p)
{
	struct proc *init = proc_find(1);
	bool zombie = false;
	for (int i = 0; i < NPROC; i++) {
		struct proc *c = &proc_table[i];
		if (c->state != PROC_UNUSED && c->parent == p) {
			c->parent = init;
			zombie |= c->state == PROC_ZOMBIE;
		}
	}
	if (zombie && init)
		wakeup(init);
}

void proc_exit_switch(void);

#define SA_NOCLDWAIT 1

/*
 * The last thread of a process has ended: tell the parent with SIGCHLD
 * (CLD_EXITED or CLD_KILLED), or, if the parent ignores SIGCHLD or set
 * SA_NOCLDWAIT, reap the process at once, as Linux does.
 */
static void process_ended(struct proc *leader)
{
	struct proc *parent = leader->parent;
	if (!parent)
		return;
	const struct k_sigaction *ka = &parent->sig.action[SIGCHLD - 1];
	if (ka->handler == SIG_IGN || (ka->flags & SA_NOCLDWAIT)) {
		if (leader == current)
			leader->detached = true; /* freed off its stack */
		else
			proc_free(leader);
		wake_waiters(parent); /* a waiter may now get ECHILD */
		return;
	}
	int st = leader->wait_status;
	struct ksiginfo info = {
	    .code = (st & 0x7f) ? CLD_KILLED : CLD_EXITED,
	    .pid = leader->tgid,
	    .status = (st & 0x7f) ? (st & 0x7f) : (st >> 8) & 0xff,
	};
	signal_send_info(parent, SIGCHLD, &info);
	wake_waiters(parent);
}

/* What a thread gives back when it ends: its tid word (pthread_join
 * waits on it), descriptors, and its share of the address space. */
static void release_thread(struct proc *p)
{
	if (p->clear_child_tid) {
		int zero = 0;
		if (copy_to_user((void *)p->clear_child_tid, &zero, 4) == 0)
			futex_wake_all(p->mm, p->clear_child_tid);
	}
	proc_fs_release(p);
	struct mm *mm = p->mm;
	p->mm = NULL;
	if (--mm->users == 0) {
		arch_use_kernel_root();
		mm_destroy(mm);
	}
}

void proc_exit(int wait_status)
{
	struct proc *p = current, *leader = proc_leader(p);
	if (p->pid == 1)
		panic("proc_exit: init exited (wait status %#x)", wait_status);
	release_thread(p);
	reparent_children(p);
	if (invariant_checks) {
		struct mm *mms[NPROC];
		frame_check();
		if (mm_audit_frames(mms, proc_distinct_mms(mms)))
			panic("proc_exit: frame counts disagree with mappings");
	}
	if (leader && !leader->group_exiting)
		leader->wait_status = wait_status;
	p->state = PROC_ZOMBIE;
	if (p != leader)
		p->detached = true; /* the scheduler frees it */
	if (leader && leader->state == PROC_ZOMBIE &&
	    !proc_live_threads(p->tgid, NULL))
		process_ended(leader); /* the whole process is gone */
	proc_exit_switch();
	__builtin_unreachable();
}

void proc_group_exit(int wait_status)
{
	struct proc *leader = proc_leader(current);
	if (leader && !leader->group_exiting) {
		leader->group_exiting = true;
		leader->wait_status = wait_status;
		for (int i = 0; i < NPROC; i++) {
			struct proc *t = &proc_table[i];
			if (t != current && t->tgid == current->tgid &&
			    t->state != PROC_UNUSED && t->state != PROC_ZOMBIE)
				signal_send(t, SIGKILL);
		}
	}
	proc_exit(wait_status);
}

void proc_kill_self(int sig)
{
	proc_group_exit(sig & 0x7f);
}

void proc_start_init(const char *path, char *const argv[])
{
	static const char *const envp[] = {"HOME=/", "PATH=/bin", "TERM=vt100",
					   NULL};
	struct proc *p = proc_alloc();
	if (!p)
		panic("proc_start_init: no process slot");
	int err = proc_fs_init(p);
	if (err)
		panic("proc_start_init: no console (error %d)", err);
	rlimit_init(p->rlim);
	p->pgid = p->sid = p->pid;
	current = p;
	err = exec_program(path, (const char *const *)argv, envp, true);
	current = NULL;
	arch_use_kernel_root();
	if (err)
		panic("proc_start_init: cannot run %s (error %d)", path, err);
	sched_make_runnable(p);
}
