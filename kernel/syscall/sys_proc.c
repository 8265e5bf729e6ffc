/*
 * Process system calls: fork (and the fork-like clone and vfork), execve,
 * exit, exit_group, wait4, getpid, getppid, gettid, set_tid_address,
 * arch_prctl, kill, tgkill.  Signals beyond their default actions come
 * with a later milestone: a fatal signal terminates the target here.
 */
#include "arch/x86_64/memlayout.h"
#include "arch/x86_64/process.h"
#include "mm/uaccess.h"
#include "proc/exec.h"
#include "proc/proc.h"
#include "proc/proc_fs.h"
#include "syscall/syscall.h"
#include "syscall/uapi.h"
#include "lib/errno.h"
#include "lib/string.h"

#define PATH_MAX 4096

/* What a new process or thread inherits from current besides memory. */
static void inherit(struct proc *child)
{
	*child->tf = *current->tf;
	fpu_save(child->fpu); /* the parent's live registers */
	child->tf->rax = 0;   /* fork returns 0 in the child */
	child->fs_base = current->fs_base;
	child->traced = current->traced;
	memcpy(child->rlim, current->rlim, sizeof(child->rlim));
	child->pgid = current->pgid;
	child->oom_score_adj = current->oom_score_adj;
	child->sid = current->sid;
	child->sig = current->sig; /* actions and mask; nothing pending */
	child->sig.pending = 0;
	child->sig.alarm_tick = 0;
	child->sig.alarm_interval = 0;
	memcpy(child->name, current->name, sizeof(child->name));
	memcpy(child->exe, current->exe, sizeof(child->exe));
}

static long do_fork(void)
{
	struct proc *child = proc_alloc();
	if (!child)
		return -EAGAIN; /* no free process slot */
	child->mm = mm_fork(current->mm);
	if (!child->mm || proc_fs_fork(child, current) < 0) {
		if (child->mm)
			mm_destroy(child->mm);
		child->mm = NULL;
		child->state = PROC_ZOMBIE;
		proc_free(child);
		return -ENOMEM;
	}
	inherit(child);
	child->parent = current;
	sched_make_runnable(child);
	return child->pid;
}

/*
 * A thread: a new proc sharing current's address space, descriptors and
 * (copied at creation) signal actions, in current's thread group.
 */
static long do_thread(unsigned long flags, vaddr_t stack, int *ptid, int *ctid,
		      unsigned long tls)
{
	struct proc *t = proc_alloc();
	if (!t)
		return -EAGAIN;
	if (proc_fs_thread(t, current) < 0) {
		t->state = PROC_ZOMBIE;
		proc_free(t);
		return -ENOMEM;
	}
	t->mm = current->mm;
	t->mm->users++;
	inherit(t);
	t->tgid = current->tgid;
	t->parent = current->parent; /* a thread's parent is its process's */
	t->tf->rsp = stack;
	if (flags & CLONE_SETTLS)
		t->fs_base = tls;
	if (flags & CLONE_CHILD_CLEARTID)
		t->clear_child_tid = (vaddr_t)ctid;
	if (flags & CLONE_PARENT_SETTID)
		copy_to_user(ptid, &t->pid, sizeof(int));
	if (flags & CLONE_CHILD_SETTID)
		copy_to_user(ctid, &t->pid, sizeof(int)); /* shared memory */
	sched_make_runnable(t);
	return t->pid;
}

SYSCALL_DEFINE0(fork)
{
	return do_fork();
}

SYSCALL_DEFINE0(vfork)
{
	return do_fork(); /* a copy is a correct, if slower, vfork */
}

#define THREAD_FLAGS                                                           \
	(CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD)

SYSCALL_DEFINE5(clone, unsigned long, flags, vaddr_t, stack, int *, ptid, int *,
		ctid, unsigned long, tls)
{
	unsigned long known = CSIGNAL | CLONE_CHILD_SETTID |
			      CLONE_CHILD_CLEARTID | CLONE_PARENT_SETTID |
			      CLONE_VFORK | CLONE_VM | CLONE_FS | CLONE_FILES |
			      CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM |
			      CLONE_SETTLS | CLONE_DETACHED;
	if (flags & ~known)
		return -EINVAL; /* namespaces, pidfds, ... */
	if ((flags & CLONE_THREAD) && !(flags & CLONE_SIGHAND))
		return -EINVAL; /* Linux's rules */
	if ((flags & CLONE_SIGHAND) && !(flags & CLONE_VM))
		return -EINVAL;
	if ((flags & THREAD_FLAGS) == THREAD_FLAGS)
		return do_thread(flags, stack, ptid, ctid, tls);
	if ((flags & CLONE_VM) && !(flags & CLONE_VFORK))
		return -EINVAL; /* shared memory without a thread group */
	if (flags & (CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD))
		return -EINVAL; /* sharing tide only does for threads */
	long pid = do_fork();
	if (pid < 0)
		return pid;
	struct proc *child = proc_find((int)pid);
	if (stack)
		child->tf->rsp = stack;
	if (flags & CLONE_SETTLS)
		child->fs_base = tls;
	if (flags & CLONE_PARENT_SETTID)
		copy_to_user(ptid, &pid, sizeof(int));
	if (flags & CLONE_CHILD_CLEARTID)
		child->clear_child_tid = (vaddr_t)ctid;
	return pid;
}

SYSCALL_DEFINE3(execve, const char *, upath, const char *const *, argv,
		const char *const *, envp)
{
	static char path[PATH_MAX];
	long n = strncpy_from_user(path, upath, sizeof(path));
	if (n < 0)
		return n;
	if (n == 0)
		return -ENOENT;
	return exec_program(path, argv, envp, false);
}

SYSCALL_DEFINE1(exit, int, code)
{
	proc_exit((code & 0xff) << 8);
}

SYSCALL_DEFINE1(exit_group, int, code)
{
	proc_group_exit((code & 0xff) << 8);
}

/* A child process of current's process (threads are not waited for). */
static bool wait_matches(const struct proc *p, int pid)
{
	return p->parent && p->parent->tgid == current->tgid &&
	       p->pid == p->tgid && !p->detached && (pid <= 0 || p->pid == pid);
}

SYSCALL_DEFINE4(wait4, int, pid, int *, ustatus, int, options, void *, urusage)
{
	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WALL | __WCLONE))
		return -EINVAL;
	if (pid == -2147483647 - 1)
		return -ESRCH; /* INT_MIN: no such group */
	for (;;) {
		bool have = false;
		for (struct proc *p = proc_next(NULL); p; p = proc_next(p)) {
			if (!wait_matches(p, pid))
				continue;
			have = true;
			if (p->state != PROC_ZOMBIE ||
			    proc_live_threads(p->tgid, NULL))
				continue; /* still running, or some threads are */
			/* Reaped even if the status can't be stored (Linux). */
			int found = p->pid, status = p->wait_status;
			current->cutime += p->utime + p->cutime;
			current->cstime += p->stime + p->cstime;
			proc_free(p);
			if (ustatus &&
			    copy_to_user(ustatus, &status, sizeof(int)) < 0)
				return -EFAULT;
			if (urusage && clear_user(urusage, 144) < 0)
				return -EFAULT; /* sizeof(struct rusage) */
			return found;
		}
		if (!have)
			return -ECHILD;
		if (options & WNOHANG)
			return 0;
		sleep_on(proc_leader(current)); /* a child's exit wakes us */
		if (signal_pending(current))
			return -ERESTARTSYS;
	}
}

SYSCALL_DEFINE0(getpid)
{
	return current->tgid;
}

SYSCALL_DEFINE0(gettid)
{
	return current->pid;
}

SYSCALL_DEFINE0(getppid)
{
	return current->parent ? current->parent->tgid : 0;
}

SYSCALL_DEFINE1(set_tid_address, int *, tidptr)
{
	current->clear_child_tid = (vaddr_t)tidptr;
	return current->pid;
}

SYSCALL_DEFINE2(arch_prctl, int, code, unsigned long, addr)
{
	switch (code) {
	case ARCH_SET_FS:
		if (addr >= USER_END)
			return -EPERM; /* not a canonical user address */
		current->fs_base = addr;
		arch_set_fs_base(addr);
		return 0;
	case ARCH_GET_FS:
		return copy_to_user((void *)addr, &current->fs_base, 8);
	case ARCH_SET_GS:
	case ARCH_GET_GS:
		return -EINVAL; /* tide keeps GS for itself */
	default:
		return -EINVAL;
	}
}

static long kill_one_code(struct proc *p, int sig, int code);

static long kill_one(struct proc *p, int sig)
{
	return kill_one_code(p, sig, SI_USER);
}

static long kill_one_code(struct proc *p, int sig, int code)
{
	if (sig < 0 || sig > NSIG)
		return -EINVAL;
	if (p->state == PROC_ZOMBIE) { /* the leader ended: another thread */
		struct proc *t = proc_next(NULL);
		while (t && (t->tgid != p->tgid || t->state == PROC_ZOMBIE))
			t = proc_next(t);
		if (!t)
			return 0;
		p = t;
	}
	if (sig == 0)
		return 0; /* only checks that p exists */
	if (p->pid == 1 && p->sig.action[sig - 1].handler == SIG_DFL)
		return 0; /* init gets only the signals it handles */
	struct ksiginfo info = {.code = code, .pid = current->tgid};
	signal_send_info(p, sig, &info);
	return 0;
}

SYSCALL_DEFINE2(kill, int, pid, int, sig)
{
	if (sig < 0 || sig > NSIG)
		return -EINVAL;
	if (pid > 0) {
		struct proc *p = proc_find(pid);
		return p ? kill_one(p, sig) : -ESRCH;
	}
	if (pid == 0)
		pid = -current->pgid; /* the caller's process group */
	if (pid == -1) {	      /* everyone but init and the caller */
		bool any = false;
		for (struct proc *p = proc_next(NULL); p; p = proc_next(p))
			if (p->pid != 1 && p != current &&
			    p->state != PROC_ZOMBIE) {
				kill_one(p, sig);
				any = true;
			}
		return any ? 0 : -ESRCH;
	}
	bool any = false; /* -pgid: every process of that group */
	for (struct proc *p = proc_next(NULL); p; p = proc_next(p))
		if (p->pgid == -pid && p->state != PROC_ZOMBIE) {
			kill_one(p, sig);
			any = true;
		}
	return any ? 0 : -ESRCH;
}

SYSCALL_DEFINE3(tgkill, int, tgid, int, tid, int, sig)
{
	if (tgid <= 0 || tid <= 0)
		return -EINVAL;
	struct proc *p = proc_find(tid);
	if (!p || p->tgid != tgid)
		return -ESRCH;
	return kill_one_code(p, sig, SI_TKILL);
}

SYSCALL_DEFINE2(tkill, int, tid, int, sig)
{
	if (tid <= 0)
		return -EINVAL;
	struct proc *p = proc_find(tid);
	if (!p)
		return -ESRCH;
	return kill_one_code(p, sig, SI_TKILL);
}

#define PR_SET_NAME 15
#define PR_GET_NAME 16
/* tide's own option ("TIDE"): trace this process and its future children
 * with the built-in strace.  Linux answers EINVAL, as for any unknown. */
#define PR_TIDE_TRACE 0x54494445

SYSCALL_DEFINE5(prctl, int, option, unsigned long, arg2, unsigned long, arg3,
		unsigned long, arg4, unsigned long, arg5)
{
	(void)arg3, (void)arg4, (void)arg5;
	char name[PROC_NAME];
	switch (option) {
	case PR_SET_NAME: {
		long n =
		    strncpy_from_user(name, (const char *)arg2, sizeof(name));
		if (n == -EFAULT)
			return -EFAULT;
		if (n < 0) /* longer names are cut, as Linux does */
			name[sizeof(name) - 1] = '\0';
		memcpy(current->name, name, sizeof(name));
		return 0;
	}
	case PR_GET_NAME:
		return copy_to_user((void *)arg2, current->name,
				    sizeof(current->name));
	case PR_TIDE_TRACE:
		current->traced = arg2 != 0;
		return 0;
	default:
		return -EINVAL;
	}
}
