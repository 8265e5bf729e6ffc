/*
 * t_signal.c - signals: actions, masks, delivery, siginfo, faults,
 * interrupted system calls, the alternate stack, process groups.
 *
 * A handler runs on a frame the kernel pushes on the user stack (or on the
 * alternate stack, with SA_ONSTACK) and returns through rt_sigreturn:
 *
 *	main code ... syscall/fault --> [kernel: pending & ~blocked?]
 *	    --> handler(sig, &info, &uc)  (mask |= sa_mask | sig)
 *	    --> rt_sigreturn              (mask restored, registers too)
 *	    --> main code resumes, or the interrupted call restarts
 *	        (SA_RESTART) or fails with EINTR
 *
 * Cases whose signal must arrive while this process sleeps in a system
 * call (read, wait4, pause) have a helper child watch the State: line of
 * /proc/<pid>/status until it says "S", and only then send it, so the
 * signal cannot come too early.
 *
 * Some siginfo details are the sender's: kill gives SI_USER, tgkill (what
 * glibc's raise uses) SI_TKILL, both with the sender's pid and uid.  The
 * cases send with the raw system calls so that they test the kernel, not
 * the C library's choice of call.
 */
#include "utest.h"
#include "uproc.h"

#include <fcntl.h>
#include <setjmp.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>

/* si_code values (Linux's, LINUX-ABI.md); some need _GNU_SOURCE. */
#define CODE_SI_USER	 0
#define CODE_SI_TKILL	 (-6)
#define CODE_SEGV_MAPERR 1
#define CODE_SEGV_ACCERR 2
#define CODE_BUS_ADRERR	 2
#define CODE_CLD_EXITED	 1

#define ALT_STACK_SIZE (64 * 1024)

static const char *self_path; /* argv[0], to execute this program again */

static volatile sig_atomic_t hits;  /* handler calls */
static volatile sig_atomic_t hits2; /* calls of a second handler */
static volatile sig_atomic_t last_sig;
static siginfo_t last_info;
static void *volatile last_uc;
static sigjmp_buf fault_jump;

/* Handlers. */
static void count_handler(int sig)
{
	hits++;
	last_sig = sig;
}

static void count2_handler(int sig)
{
	(void)sig;
	hits2++;
}

static void info_handler(int sig, siginfo_t *si, void *uc)
{
	hits++;
	last_sig = sig;
	last_info = *si;
	last_uc = uc;
}

/* Records the fault and leaves the faulting instruction behind. */
static void fault_handler(int sig, siginfo_t *si, void *uc)
{
	info_handler(sig, si, uc);
	siglongjmp(fault_jump, 1);
}

/* Helpers. */

/*
 * Runs probe(addr) under fault_handler; returns 1 if it faulted.  The
 * barrier keeps the compiler from moving the caller's "did not fault"
 * bookkeeping above the access that faults.
 */
static __attribute__((noinline)) int faults(void (*probe)(void *), void *addr)
{
	if (sigsetjmp(fault_jump, 1))
		return 1;
	probe(addr);
	__asm__ volatile("" ::: "memory");
	return 0;
}

static void set_action(int sig, void (*fn)(int), int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sa.sa_flags = flags;
	sigemptyset(&sa.sa_mask);
	REQUIRE_OK(sigaction(sig, &sa, NULL));
}

static void set_info_action(int sig, void (*fn)(int, siginfo_t *, void *),
			    int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = fn;
	sa.sa_flags = flags | SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	REQUIRE_OK(sigaction(sig, &sa, NULL));
}

static int mask_signal(int how, int sig)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, sig);
	return sigprocmask(how, &set, NULL);
}

static int is_blocked(int sig)
{
	sigset_t cur;

	sigemptyset(&cur);
	if (sigprocmask(SIG_BLOCK, NULL, &cur) < 0)
		return -1;
	return sigismember(&cur, sig);
}

static int is_pending(int sig)
{
	sigset_t set;

	sigemptyset(&set);
	if (sigpending(&set) < 0)
		return -1;
	return sigismember(&set, sig);
}

static int wait_status(pid_t pid)
{
	int status = -1;

	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

static int exited_with(int status, int code)
{
	return WIFEXITED(status) && WEXITSTATUS(status) == code;
}

static int killed_by(int status, int sig)
{
	return WIFSIGNALED(status) && WTERMSIG(status) == sig;
}

/* The letter of pid's "State:" line (R, S, Z...), or 0. */
static char proc_state(pid_t pid)
{
	static char buf[4096];
	char path[64];
	const char *v;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	if (proc_read(path, buf, sizeof(buf)) < 0)
		return 0;
	v = proc_field(buf, "State");
	while (v && (*v == ' ' || *v == '\t'))
		v++;
	return v ? *v : 0;
}

/* Waits (up to ~20 s) until pid's state is the letter state. */
static int wait_for_state(pid_t pid, char state)
{
	for (int i = 0; i < 2000; i++) {
		if (proc_state(pid) == state)
			return 0;
		usleep(10000);
	}
	return -1;
}

/* Waits until pid has exited (a zombie, not yet reaped).  Linux shows
 * "Z" until the reaping; tide drops the /proc directory at once. */
static int wait_until_dead(pid_t pid)
{
	for (int i = 0; i < 2000; i++) {
		char state = proc_state(pid);

		if (state == 'Z' || state == 0)
			return 0;
		usleep(10000);
	}
	return -1;
}

/* What a helper child sends, to whom, and what it writes afterwards. */
struct poke {
	pid_t target;
	int sig;
	int write_fd; /* -1: write nothing */
};

/* Helper child: once the target sleeps, signal it, then write "x". */
static void poke_when_asleep(void *arg)
{
	struct poke *pk = arg;

	if (wait_for_state(pk->target, 'S') < 0)
		_exit(2);
	if (kill(pk->target, pk->sig) < 0)
		_exit(3);
	if (pk->write_fd >= 0 && write(pk->write_fd, "x", 1) != 1)
		_exit(4);
	_exit(0);
}

/* Helper child: sleeps in read() until fds[1] is written or closed. */
static void read_then_exit_3(void *fds)
{
	int *fd = fds;
	char c;

	close(fd[1]);
	(void)read(fd[0], &c, 1);
	_exit(3);
}

static void raise_sig(void *sig)
{
	raise((int)(intptr_t)sig);
}

static void exit_with(void *code)
{
	_exit((int)(intptr_t)code);
}

/* Cases: actions and delivery. */
static void handler_runs_once_per_signal(void)
{
	set_action(SIGUSR1, count_handler, 0);
	EXPECT_OK(raise(SIGUSR1));
	EXPECT_EQ(hits, 1);
	EXPECT_EQ(last_sig, SIGUSR1);
	EXPECT_OK(kill(getpid(), SIGUSR1));
	EXPECT_EQ(hits, 2);
	EXPECT_OK(syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), SIGUSR1));
	EXPECT_EQ(hits, 3);
	EXPECT_EQ(is_blocked(SIGUSR1), 0); /* the old mask is back */
}

static void sigaction_reports_the_old_action(void)
{
	struct sigaction sa, old;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = info_handler;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGUSR2);
	sigaddset(&sa.sa_mask, SIGKILL); /* silently dropped */
	memset(&old, 0xff, sizeof(old));
	EXPECT_OK(sigaction(SIGUSR1, &sa, &old));
	EXPECT(old.sa_handler == SIG_DFL);
	memset(&old, 0, sizeof(old));
	EXPECT_OK(sigaction(SIGUSR1, NULL, &old));
	EXPECT(old.sa_sigaction == info_handler);
	EXPECT(old.sa_flags & SA_SIGINFO);
	EXPECT(old.sa_flags & SA_RESTART);
	EXPECT(!(old.sa_flags & SA_NODEFER));
	EXPECT_EQ(sigismember(&old.sa_mask, SIGUSR2), 1);
	EXPECT_EQ(sigismember(&old.sa_mask, SIGKILL), 0);
	EXPECT_EQ(sigismember(&old.sa_mask, SIGTERM), 0);
	EXPECT((void *)signal(SIGUSR1, SIG_IGN) == (void *)info_handler);
	EXPECT(signal(SIGUSR1, SIG_DFL) == SIG_IGN);
}

static void sigkill_and_sigstop_cannot_be_caught(void)
{
	struct sigaction sa, old;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = count_handler;
	EXPECT_ERRNO(sigaction(SIGKILL, &sa, NULL), EINVAL);
	EXPECT_ERRNO(sigaction(SIGSTOP, &sa, NULL), EINVAL);
	sa.sa_handler = SIG_IGN;
	EXPECT_ERRNO(sigaction(SIGKILL, &sa, NULL), EINVAL);
	EXPECT(signal(SIGKILL, SIG_IGN) == SIG_ERR);
	EXPECT_OK(sigaction(SIGKILL, NULL, &old)); /* asking is fine */
	EXPECT(old.sa_handler == SIG_DFL);
	EXPECT_ERRNO(sigaction(0, &sa, NULL), EINVAL);
	EXPECT_ERRNO(sigaction(65, &sa, NULL), EINVAL);
}

static void block_everything_then_sigkill(void *unused)
{
	sigset_t all;

	(void)unused;
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, NULL);
	kill(getpid(), SIGKILL);
	_exit(0);
}

static void sigkill_and_sigstop_cannot_be_blocked(void)
{
	sigset_t all, cur;

	sigfillset(&all);
	EXPECT_OK(sigprocmask(SIG_BLOCK, &all, NULL));
	EXPECT_OK(sigprocmask(SIG_BLOCK, NULL, &cur));
	EXPECT_EQ(sigismember(&cur, SIGKILL), 0);
	EXPECT_EQ(sigismember(&cur, SIGSTOP), 0);
	EXPECT_EQ(sigismember(&cur, SIGTERM), 1);
	EXPECT_OK(sigprocmask(SIG_SETMASK, &all, NULL));
	EXPECT_OK(sigprocmask(SIG_BLOCK, NULL, &cur));
	EXPECT_EQ(sigismember(&cur, SIGKILL), 0);
	EXPECT_ERRNO(sigprocmask(99, &all, NULL), EINVAL);
	EXPECT_SIGNAL(block_everything_then_sigkill, NULL, SIGKILL);
}

/* A kill gives SI_USER with the sender's pid and uid. */
static void siginfo_of_kill_is_si_user(void)
{
	set_info_action(SIGUSR1, info_handler, 0);
	memset(&last_info, 0xff, sizeof(last_info));
	EXPECT_OK(syscall(SYS_kill, getpid(), SIGUSR1));
	REQUIRE_EQ(hits, 1);
	EXPECT_EQ(last_info.si_signo, SIGUSR1);
	EXPECT_EQ(last_info.si_errno, 0);
	EXPECT_EQ(last_info.si_code, CODE_SI_USER);
	EXPECT(last_uc != NULL);
}

static void siginfo_of_kill_names_the_sender(void)
{
	set_info_action(SIGUSR1, info_handler, 0);
	memset(&last_info, 0xff, sizeof(last_info));
	EXPECT_OK(syscall(SYS_kill, getpid(), SIGUSR1));
	REQUIRE_EQ(hits, 1);
	EXPECT_EQ(last_info.si_pid, getpid());
	EXPECT_EQ(last_info.si_uid, getuid());
}

static void siginfo_of_tgkill_is_si_tkill(void)
{
	set_info_action(SIGUSR2, info_handler, 0);
	memset(&last_info, 0xff, sizeof(last_info));
	EXPECT_OK(syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), SIGUSR2));
	REQUIRE_EQ(hits, 1);
	EXPECT_EQ(last_info.si_signo, SIGUSR2);
	EXPECT_EQ(last_info.si_code, CODE_SI_TKILL);
	EXPECT_EQ(last_info.si_pid, getpid());
	EXPECT_EQ(last_info.si_uid, getuid());
}

/* A child's exit sends its parent SIGCHLD, CLD_EXITED with its status. */
static void sigchld_reports_the_exited_child(void)
{
	int status;
	pid_t pid;

	set_info_action(SIGCHLD, info_handler, SA_RESTART);
	memset(&last_info, 0xff, sizeof(last_info));
	pid = utest_spawn(exit_with, (void *)5);
	REQUIRE(pid > 0);
	EXPECT_EQ(waitpid(pid, &status, 0), pid);
	EXPECT(exited_with(status, 5));
	REQUIRE_EQ(hits, 1);
	EXPECT_EQ(last_sig, SIGCHLD);
	EXPECT_EQ(last_info.si_signo, SIGCHLD);
	EXPECT_EQ(last_info.si_code, CODE_CLD_EXITED);
	EXPECT_EQ(last_info.si_pid, pid);
	EXPECT_EQ(last_info.si_status, 5);
}

/* With SIGCHLD ignored, children are reaped as they exit: wait finds no
 * zombie and fails with ECHILD once they are all gone. */
static void ignoring_sigchld_reaps_children_at_exit(void)
{
	int status;
	pid_t pid;

	REQUIRE(signal(SIGCHLD, SIG_IGN) != SIG_ERR);
	pid = utest_spawn(exit_with, (void *)5);
	REQUIRE(pid > 0);
	EXPECT_ERRNO(waitpid(pid, &status, 0), ECHILD);
	EXPECT_ERRNO(kill(pid, 0), ESRCH);
}

/* Cases: masks. */
static void blocked_signal_stays_pending_until_unblocked(void)
{
	set_action(SIGUSR1, count_handler, 0);
	EXPECT_EQ(is_pending(SIGUSR1), 0);
	REQUIRE_OK(mask_signal(SIG_BLOCK, SIGUSR1));
	EXPECT_OK(raise(SIGUSR1));
	EXPECT_EQ(hits, 0);
	EXPECT_EQ(is_pending(SIGUSR1), 1);
	EXPECT_EQ(is_pending(SIGUSR2), 0);
	EXPECT_OK(mask_signal(SIG_UNBLOCK, SIGUSR1));
	EXPECT_EQ(hits, 1); /* delivered before sigprocmask returned */
	EXPECT_EQ(is_pending(SIGUSR1), 0);
}

/* Standard signals are not counted: two sends while blocked, one call. */
static void blocked_signal_is_delivered_once(void)
{
	set_action(SIGUSR1, count_handler, 0);
	REQUIRE_OK(mask_signal(SIG_BLOCK, SIGUSR1));
	EXPECT_OK(kill(getpid(), SIGUSR1));
	EXPECT_OK(kill(getpid(), SIGUSR1));
	EXPECT_OK(kill(getpid(), SIGUSR1));
	EXPECT_OK(mask_signal(SIG_UNBLOCK, SIGUSR1));
	EXPECT_EQ(hits, 1);
}

/* Several pending signals all run as soon as they are unblocked.  (Linux
 * runs the highest-numbered first: it stacks one frame per signal before
 * returning to user mode; the order is not checked here.) */
static void unblocking_runs_every_pending_handler(void)
{
	sigset_t set;

	set_action(SIGUSR1, count_handler, 0);
	set_action(SIGUSR2, count_handler, 0);
	set_action(SIGTERM, count_handler, 0);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGUSR2);
	sigaddset(&set, SIGTERM);
	REQUIRE_OK(sigprocmask(SIG_BLOCK, &set, NULL));
	EXPECT_OK(kill(getpid(), SIGTERM));
	EXPECT_OK(kill(getpid(), SIGUSR2));
	EXPECT_OK(kill(getpid(), SIGUSR1));
	EXPECT_EQ(hits, 0);
	EXPECT_OK(sigprocmask(SIG_UNBLOCK, &set, NULL));
	EXPECT_EQ(hits, 3);
}

/* Linux never discards a blocked signal, even one whose action is to
 * ignore it: the action may change before it is unblocked. */
static void blocked_signal_is_queued_even_if_ignored(void)
{
	REQUIRE(signal(SIGUSR1, SIG_IGN) != SIG_ERR);
	REQUIRE_OK(mask_signal(SIG_BLOCK, SIGUSR1));
	EXPECT_OK(kill(getpid(), SIGUSR1));
	EXPECT_EQ(is_pending(SIGUSR1), 1);
	set_action(SIGUSR1, count_handler, 0);
	EXPECT_OK(mask_signal(SIG_UNBLOCK, SIGUSR1));
	EXPECT_EQ(hits, 1);
	REQUIRE_OK(mask_signal(SIG_BLOCK, SIGCHLD)); /* ignored by default */
	EXPECT_OK(kill(getpid(), SIGCHLD));
	EXPECT_EQ(is_pending(SIGCHLD), 1);
}

/* Setting SIG_IGN discards a pending signal. */
static void sig_ign_discards_a_pending_signal(void)
{
	set_action(SIGUSR1, count_handler, 0);
	REQUIRE_OK(mask_signal(SIG_BLOCK, SIGUSR1));
	EXPECT_OK(kill(getpid(), SIGUSR1));
	EXPECT_EQ(is_pending(SIGUSR1), 1);
	REQUIRE(signal(SIGUSR1, SIG_IGN) != SIG_ERR);
	EXPECT_EQ(is_pending(SIGUSR1), 0);
	set_action(SIGUSR1, count_handler, 0);
	EXPECT_OK(mask_signal(SIG_UNBLOCK, SIGUSR1));
	EXPECT_EQ(hits, 0);
}

static volatile sig_atomic_t usr1_blocked_inside, usr2_blocked_inside,
    term_blocked_inside, usr2_hits_inside;

static void mask_probe_handler(int sig)
{
	usr1_blocked_inside = is_blocked(SIGUSR1);
	usr2_blocked_inside = is_blocked(SIGUSR2);
	term_blocked_inside = is_blocked(SIGTERM);
	kill(getpid(), SIGUSR2); /* blocked by sa_mask: must wait */
	usr2_hits_inside = hits2;
	count_handler(sig);
}

/* During the handler: its signal and sa_mask are blocked; after it, the
 * old mask is back and what it blocked runs. */
static void sa_mask_is_blocked_during_the_handler(void)
{
	struct sigaction sa;

	set_action(SIGUSR2, count2_handler, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = mask_probe_handler;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGUSR2);
	REQUIRE_OK(sigaction(SIGUSR1, &sa, NULL));
	EXPECT_OK(kill(getpid(), SIGUSR1));
	EXPECT_EQ(hits, 1);
	EXPECT_EQ(usr1_blocked_inside, 1);
	EXPECT_EQ(usr2_blocked_inside, 1);
	EXPECT_EQ(term_blocked_inside, 0);
	EXPECT_EQ(usr2_hits_inside, 0);
	EXPECT_EQ(hits2, 1);
	EXPECT_EQ(is_blocked(SIGUSR1), 0);
	EXPECT_EQ(is_blocked(SIGUSR2), 0);
}

static volatile sig_atomic_t depth, max_depth;

/* Sends itself its own signal once, from inside the handler. */
static void nesting_handler(int sig)
{
	depth++;
	if (depth > max_depth)
		max_depth = depth;
	if (hits++ == 0)
		kill(getpid(), sig);
	depth--;
}

static void own_signal_waits_until_the_handler_returns(void)
{
	set_action(SIGUSR1, nesting_handler, 0);
	EXPECT_OK(kill(getpid(), SIGUSR1));
	EXPECT_EQ(hits, 2);
	EXPECT_EQ(max_depth, 1);
}

static void sa_nodefer_lets_the_handler_nest(void)
{
	set_action(SIGUSR1, nesting_handler, SA_NODEFER);
	EXPECT_OK(kill(getpid(), SIGUSR1));
	EXPECT_EQ(hits, 2);
	EXPECT_EQ(max_depth, 2);
}

/* SA_RESETHAND: the first signal runs the handler, the second kills. */
static void resethand_child(void *unused)
{
	struct sigaction old;

	(void)unused;
	set_action(SIGUSR1, count_handler, SA_RESETHAND);
	kill(getpid(), SIGUSR1);
	if (hits != 1)
		_exit(10);
	if (sigaction(SIGUSR1, NULL, &old) < 0 || old.sa_handler != SIG_DFL)
		_exit(11);
	kill(getpid(), SIGUSR1);
	_exit(12);
}

static void sa_resethand_runs_the_handler_once(void)
{
	int status = utest_child_status(resethand_child, NULL);

	if (!killed_by(status, SIGUSR1))
		UTEST_FAIL("wait status 0x%x, expected death by SIGUSR1",
			   status);
}

static void sig_ign_makes_kill_harmless(void)
{
	REQUIRE(signal(SIGTERM, SIG_IGN) != SIG_ERR);
	REQUIRE(signal(SIGUSR1, SIG_IGN) != SIG_ERR);
	EXPECT_OK(kill(getpid(), SIGTERM));
	EXPECT_OK(raise(SIGUSR1));
	EXPECT_OK(kill(getpid(), SIGUSR1));
	EXPECT_EQ(is_pending(SIGTERM), 0);
	EXPECT_EQ(is_pending(SIGUSR1), 0);
}

static void default_action_terminates(void)
{
	/* (No SIGQUIT or SIGABRT: they may leave a core file behind.) */
	static const int sigs[] = {SIGHUP,  SIGINT,  SIGPIPE, SIGALRM,
				   SIGTERM, SIGUSR1, SIGUSR2};

	for (unsigned i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		int status =
		    utest_child_status(raise_sig, (void *)(intptr_t)sigs[i]);

		if (!killed_by(status, sigs[i]))
			UTEST_FAIL("raise(%d): wait status 0x%x", sigs[i],
				   status);
	}
}

static void default_action_of_sigchld_urg_winch_is_ignore(void)
{
	EXPECT_SURVIVES(raise_sig, (void *)SIGCHLD);
	EXPECT_SURVIVES(raise_sig, (void *)SIGURG);
	EXPECT_SURVIVES(raise_sig, (void *)SIGWINCH);
	EXPECT_SURVIVES(raise_sig, (void *)SIGCONT);
}

/* Cases: faults. */
static void sigsegv_on_unmapped_memory_is_maperr(void)
{
	char *p = mmap(NULL, PAGE_SZ, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	REQUIRE(p != MAP_FAILED);
	REQUIRE_OK(munmap(p, PAGE_SZ));
	set_info_action(SIGSEGV, fault_handler, 0);
	if (!faults(utest_read_byte, p + 123))
		UTEST_FAIL("reading an unmapped page did not fault");
	REQUIRE_EQ(hits, 1);
	EXPECT_EQ(last_info.si_signo, SIGSEGV);
	EXPECT_EQ(last_info.si_code, CODE_SEGV_MAPERR);
	EXPECT(last_info.si_addr == p + 123);
	EXPECT_EQ(is_blocked(SIGSEGV), 0); /* siglongjmp restored the mask */
	if (!faults(utest_write_byte, p + PAGE_SZ - 1))
		UTEST_FAIL("writing an unmapped page did not fault");
	EXPECT_EQ(hits, 2);
	EXPECT_EQ(last_info.si_code, CODE_SEGV_MAPERR);
	EXPECT(last_info.si_addr == p + PAGE_SZ - 1);
}

static void sigsegv_on_a_forbidden_access_is_accerr(void)
{
	char *p = mmap(NULL, 2 * PAGE_SZ, PROT_READ,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	REQUIRE(p != MAP_FAILED);
	REQUIRE_OK(mprotect(p + PAGE_SZ, PAGE_SZ, PROT_NONE));
	set_info_action(SIGSEGV, fault_handler, 0);
	if (!faults(utest_write_byte, p + 5))
		UTEST_FAIL("writing a PROT_READ page did not fault");
	REQUIRE_EQ(hits, 1);
	EXPECT_EQ(last_info.si_signo, SIGSEGV);
	EXPECT_EQ(last_info.si_code, CODE_SEGV_ACCERR);
	EXPECT(last_info.si_addr == p + 5);
	if (!faults(utest_read_byte, p + PAGE_SZ + 8))
		UTEST_FAIL("reading a PROT_NONE page did not fault");
	REQUIRE_EQ(hits, 2);
	EXPECT_EQ(last_info.si_code, CODE_SEGV_ACCERR);
	EXPECT(last_info.si_addr == p + PAGE_SZ + 8);
	EXPECT_EQ(p[5], 0);
}

static char *fixable_page;

/* Makes the faulting page writable and returns: the write runs again. */
static void unprotect_handler(int sig, siginfo_t *si, void *uc)
{
	info_handler(sig, si, uc);
	mprotect(fixable_page, PAGE_SZ, PROT_READ | PROT_WRITE);
}

static void sigsegv_handler_can_fix_the_fault_and_return(void)
{
	fixable_page =
	    mmap(NULL, PAGE_SZ, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	REQUIRE(fixable_page != MAP_FAILED);
	set_info_action(SIGSEGV, unprotect_handler, 0);
	((volatile char *)fixable_page)[7] = 42;
	EXPECT_EQ(hits, 1);
	EXPECT_EQ(fixable_page[7], 42);
	EXPECT(last_info.si_addr == fixable_page + 7);
}

/* A fault whose signal is blocked or ignored kills all the same. */
static void fault_with_sigsegv_blocked(void *p)
{
	set_action(SIGSEGV, count_handler, 0);
	mask_signal(SIG_BLOCK, SIGSEGV);
	utest_read_byte(p);
}

static void fault_with_sigsegv_ignored(void *p)
{
	signal(SIGSEGV, SIG_IGN);
	kill(getpid(), SIGSEGV); /* a sent one is ignored... */
	utest_read_byte(p);	 /* ...but not a fault */
}

static void blocked_or_ignored_sigsegv_still_kills(void)
{
	char *p =
	    mmap(NULL, PAGE_SZ, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	REQUIRE(p != MAP_FAILED);
	EXPECT_SIGNAL(fault_with_sigsegv_blocked, p, SIGSEGV);
	EXPECT_SIGNAL(fault_with_sigsegv_ignored, p, SIGSEGV);
}

/* The page wholly past the end of the file:  | data.. zeros | SIGBUS | */
static void sigbus_past_the_end_of_a_file_is_adrerr(void)
{
	char path[64], buf[100];
	volatile char *p;
	int fd;

	snprintf(path, sizeof(path), "/tmp/t_signal.%d", (int)getpid());
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	REQUIRE(fd >= 0);
	unlink(path);
	memset(buf, 'a', sizeof(buf));
	REQUIRE_EQ(write(fd, buf, sizeof(buf)), (ssize_t)sizeof(buf));
	p = mmap(NULL, 2 * PAGE_SZ, PROT_READ, MAP_SHARED, fd, 0);
	close(fd);
	REQUIRE(p != MAP_FAILED);
	EXPECT_EQ(p[99], 'a');
	EXPECT_EQ(p[100], 0); /* the rest of the last page reads zero */
	EXPECT_EQ(p[PAGE_SZ - 1], 0);
	set_info_action(SIGBUS, fault_handler, 0);
	if (!faults(utest_read_byte, (char *)p + PAGE_SZ + 10))
		UTEST_FAIL("reading past the end of the file did not fault");
	REQUIRE_EQ(hits, 1);
	EXPECT_EQ(last_info.si_signo, SIGBUS);
	EXPECT_EQ(last_info.si_code, CODE_BUS_ADRERR);
	EXPECT(last_info.si_addr == (char *)p + PAGE_SZ + 10);
}

/* Cases: waiting for signals, interrupted calls. */
static void pause_returns_eintr_after_a_handler(void)
{
	struct poke pk = {getpid(), SIGUSR1, -1};
	pid_t pid;

	set_action(SIGUSR1, count_handler, SA_RESTART); /* never restarted */
	pid = utest_spawn(poke_when_asleep, &pk);
	REQUIRE(pid > 0);
	EXPECT_ERRNO(pause(), EINTR);
	EXPECT_EQ(hits, 1);
	EXPECT_EQ(wait_status(pid), 0);
}

static volatile sig_atomic_t usr2_blocked_in_suspend;

static void suspend_probe_handler(int sig)
{
	usr2_blocked_in_suspend = is_blocked(SIGUSR2);
	count_handler(sig);
}

/* sigsuspend swaps in its mask, sleeps, runs the handler with that mask
 * (plus the signal), and puts the old mask back. */
static void sigsuspend_waits_with_a_temporary_mask(void)
{
	struct poke pk = {getpid(), SIGUSR1, -1};
	sigset_t during;
	pid_t pid;

	set_action(SIGUSR1, suspend_probe_handler, SA_RESTART);
	REQUIRE_OK(mask_signal(SIG_BLOCK, SIGUSR1));
	pid = utest_spawn(poke_when_asleep, &pk);
	REQUIRE(pid > 0);
	sigemptyset(&during);
	sigaddset(&during, SIGUSR2);
	EXPECT_ERRNO(sigsuspend(&during), EINTR);
	EXPECT_EQ(hits, 1);
	EXPECT_EQ(usr2_blocked_in_suspend, 1);
	EXPECT_EQ(is_blocked(SIGUSR1), 1);
	EXPECT_EQ(is_blocked(SIGUSR2), 0);
	EXPECT_EQ(wait_status(pid), 0);
}

/* A signal already pending when sigsuspend unblocks it ends it at once. */
static void sigsuspend_returns_for_an_already_pending_signal(void)
{
	sigset_t none;

	set_action(SIGUSR1, count_handler, 0);
	REQUIRE_OK(mask_signal(SIG_BLOCK, SIGUSR1));
	EXPECT_OK(kill(getpid(), SIGUSR1));
	sigemptyset(&none);
	EXPECT_ERRNO(sigsuspend(&none), EINTR);
	EXPECT_EQ(hits, 1);
	EXPECT_EQ(is_blocked(SIGUSR1), 1);
}

static void read_on_a_pipe_restarts_with_sa_restart(void)
{
	int fd[2];
	char c = 0;
	pid_t pid;

	set_action(SIGUSR1, count_handler, SA_RESTART);
	REQUIRE_OK(pipe(fd));
	struct poke pk = {getpid(), SIGUSR1, fd[1]};
	pid = utest_spawn(poke_when_asleep, &pk);
	REQUIRE(pid > 0);
	EXPECT_EQ(read(fd[0], &c, 1), 1);
	EXPECT_EQ(c, 'x');
	EXPECT_EQ(hits, 1);
	EXPECT_EQ(wait_status(pid), 0);
}

static void read_on_a_pipe_is_eintr_without_sa_restart(void)
{
	int fd[2];
	char c = 0;
	pid_t pid;

	set_action(SIGUSR1, count_handler, 0);
	REQUIRE_OK(pipe(fd));
	struct poke pk = {getpid(), SIGUSR1, -1};
	pid = utest_spawn(poke_when_asleep, &pk);
	REQUIRE(pid > 0);
	EXPECT_ERRNO(read(fd[0], &c, 1), EINTR);
	EXPECT_EQ(hits, 1);
	EXPECT_EQ(wait_status(pid), 0);
	EXPECT_EQ(write(fd[1], "y", 1), 1); /* the pipe still works */
	EXPECT_EQ(read(fd[0], &c, 1), 1);
	EXPECT_EQ(c, 'y');
}

static void wait4_restarts_with_sa_restart(void)
{
	int fd[2], status = -1;
	pid_t sleeper, poker;

	set_action(SIGUSR1, count_handler, SA_RESTART);
	REQUIRE_OK(pipe(fd));
	sleeper = utest_spawn(read_then_exit_3, fd);
	REQUIRE(sleeper > 0);
	struct poke pk = {getpid(), SIGUSR1, fd[1]}; /* then wakes sleeper */
	poker = utest_spawn(poke_when_asleep, &pk);
	REQUIRE(poker > 0);
	close(fd[1]);
	EXPECT_EQ(wait4(sleeper, &status, 0, NULL), sleeper);
	EXPECT(exited_with(status, 3));
	EXPECT_EQ(hits, 1);
	EXPECT_EQ(wait_status(poker), 0);
}

static void wait4_is_eintr_without_sa_restart(void)
{
	int fd[2], status = -1;
	pid_t sleeper, poker;

	set_action(SIGUSR1, count_handler, 0);
	REQUIRE_OK(pipe(fd));
	sleeper = utest_spawn(read_then_exit_3, fd);
	REQUIRE(sleeper > 0);
	struct poke pk = {getpid(), SIGUSR1, -1};
	poker = utest_spawn(poke_when_asleep, &pk);
	REQUIRE(poker > 0);
	EXPECT_ERRNO(wait4(sleeper, &status, 0, NULL), EINTR);
	EXPECT_EQ(hits, 1);
	EXPECT_EQ(wait_status(poker), 0);
	close(fd[1]); /* the sleeper reads EOF and exits */
	EXPECT(exited_with(wait_status(sleeper), 3));
}

static void kill_ends_a_child_sleeping_in_read(void)
{
	static const int sigs[] = {SIGTERM, SIGKILL, SIGINT};

	for (int i = 0; i < 3; i++) {
		int fd[2], status;
		pid_t pid;

		REQUIRE_OK(pipe(fd));
		pid = utest_spawn(read_then_exit_3, fd);
		REQUIRE(pid > 0);
		close(fd[0]);
		EXPECT_OK(wait_for_state(pid, 'S'));
		EXPECT_OK(kill(pid, sigs[i]));
		status = wait_status(pid);
		if (!killed_by(status, sigs[i]))
			UTEST_FAIL("kill(%d): wait status 0x%x", sigs[i],
				   status);
		close(fd[1]);
	}
}

/* Cases: the alternate stack. */
static char *alt_stack;
static volatile uintptr_t handler_local;
static volatile int handler_ss_flags;

static void where_am_i_handler(int sig)
{
	volatile char local = 0;
	stack_t now;

	handler_local = (uintptr_t)&local;
	memset(&now, 0, sizeof(now));
	handler_ss_flags = sigaltstack(NULL, &now) == 0 ? now.ss_flags : -1;
	count_handler(sig);
}

static int on_alt_stack(uintptr_t addr)
{
	return addr >= (uintptr_t)alt_stack &&
	       addr < (uintptr_t)alt_stack + ALT_STACK_SIZE;
}

static void sa_onstack_runs_the_handler_on_the_altstack(void)
{
	stack_t ss, old;

	alt_stack = mmap(NULL, ALT_STACK_SIZE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	REQUIRE(alt_stack != MAP_FAILED);
	memset(&old, 0, sizeof(old));
	EXPECT_OK(sigaltstack(NULL, &old));
	EXPECT_EQ(old.ss_flags, SS_DISABLE);
	ss.ss_sp = alt_stack;
	ss.ss_size = ALT_STACK_SIZE;
	ss.ss_flags = 0;
	REQUIRE_OK(sigaltstack(&ss, NULL));
	set_action(SIGUSR1, where_am_i_handler, SA_ONSTACK);
	set_action(SIGUSR2, where_am_i_handler, 0);

	EXPECT_OK(kill(getpid(), SIGUSR1));
	EXPECT_EQ(hits, 1);
	EXPECT(on_alt_stack(handler_local));
	EXPECT_EQ(handler_ss_flags, SS_ONSTACK);

	EXPECT_OK(kill(getpid(), SIGUSR2)); /* no SA_ONSTACK: usual stack */
	EXPECT_EQ(hits, 2);
	EXPECT(!on_alt_stack(handler_local));
	EXPECT_EQ(handler_ss_flags, 0);

	memset(&old, 0, sizeof(old));
	EXPECT_OK(sigaltstack(NULL, &old));
	EXPECT(old.ss_sp == alt_stack);
	EXPECT_EQ(old.ss_size, ALT_STACK_SIZE);
	EXPECT_EQ(old.ss_flags, 0);
}

static void sigaltstack_rejects_a_tiny_stack(void)
{
	static char small[1024];
	stack_t ss = {.ss_sp = small, .ss_flags = 0, .ss_size = sizeof(small)};
	stack_t old;

	EXPECT_ERRNO(sigaltstack(&ss, NULL), ENOMEM);
	ss.ss_flags = 12345;
	ss.ss_size = ALT_STACK_SIZE;
	EXPECT_ERRNO(sigaltstack(&ss, NULL), EINVAL);
	ss.ss_flags = SS_DISABLE;
	EXPECT_OK(sigaltstack(&ss, NULL));
	memset(&old, 0, sizeof(old));
	EXPECT_OK(sigaltstack(NULL, &old));
	EXPECT_EQ(old.ss_flags, SS_DISABLE);
}

static void exit_42_handler(int sig)
{
	(void)sig;
	_exit(42);
}

static volatile int recursion_limit = 1 << 30; /* never reached */

static int recurse(int n)
{
	volatile char pad[512];

	if (n >= recursion_limit)
		return 0;
	pad[0] = (char)n;
	pad[511] = (char)n;
	return recurse(n + 1) + pad[0] + pad[511];
}

/* Overflows a 1 MiB stack with a SIGSEGV handler that exits 42. */
static void overflow_the_stack(void *onstack)
{
	struct rlimit rl = {1 << 20, 1 << 20};
	stack_t ss;

	setrlimit(RLIMIT_STACK, &rl);
	if (onstack) {
		alt_stack = mmap(NULL, ALT_STACK_SIZE, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		ss.ss_sp = alt_stack;
		ss.ss_size = ALT_STACK_SIZE;
		ss.ss_flags = 0;
		if (alt_stack == MAP_FAILED || sigaltstack(&ss, NULL) < 0)
			_exit(2);
	}
	set_action(SIGSEGV, exit_42_handler, onstack ? SA_ONSTACK : 0);
	_exit(recurse(0) == 7 ? 3 : 4);
}

static void stack_overflow_is_caught_only_on_the_altstack(void)
{
	int status = utest_child_status(overflow_the_stack, (void *)1);

	if (!exited_with(status, 42))
		UTEST_FAIL("with an altstack: wait status 0x%x, expected "
			   "exit 42",
			   status);
	status = utest_child_status(overflow_the_stack, NULL);
	if (!killed_by(status, SIGSEGV))
		UTEST_FAIL("without one: wait status 0x%x, expected SIGSEGV",
			   status);
}

/* Cases: fork, exec, and who gets a signal. */
static void fork_child_checks(void *unused)
{
	(void)unused;
	if (is_blocked(SIGUSR2) != 1)
		_exit(10); /* the mask is inherited */
	if (is_pending(SIGUSR2) != 0)
		_exit(11); /* pending signals are not */
	kill(getpid(), SIGUSR1);
	_exit(hits == 1 ? 0 : 12); /* and so is the handler */
}

static void fork_keeps_handlers_and_mask_but_not_pending(void)
{
	int status;

	set_action(SIGUSR1, count_handler, 0);
	set_action(SIGUSR2, count2_handler, 0);
	REQUIRE_OK(mask_signal(SIG_BLOCK, SIGUSR2));
	EXPECT_OK(kill(getpid(), SIGUSR2));
	status = utest_child_status(fork_child_checks, NULL);
	if (status != 0)
		UTEST_FAIL("child: wait status 0x%x", status);
	EXPECT_EQ(hits, 0);
	EXPECT_EQ(is_pending(SIGUSR2), 1);
}

/* In the re-executed program ("--exec-check"): handlers are back to
 * SIG_DFL, SIG_IGN stays, and so do the mask and pending signals; the
 * alternate stack is gone.  Exits 0, or the number of the first failure. */
static int exec_check(void)
{
	struct sigaction sa;
	stack_t ss;

	if (sigaction(SIGUSR1, NULL, &sa) < 0 || sa.sa_handler != SIG_DFL)
		return 10;
	if (sigaction(SIGUSR2, NULL, &sa) < 0 || sa.sa_handler != SIG_IGN)
		return 11;
	if (is_blocked(SIGUSR1) != 1 || is_blocked(SIGTERM) != 0)
		return 12;
	if (is_pending(SIGUSR1) != 1)
		return 13;
	if (sigaltstack(NULL, &ss) < 0 || ss.ss_flags != SS_DISABLE)
		return 14;
	signal(SIGUSR1, SIG_IGN); /* discard it, and exit quietly */
	mask_signal(SIG_UNBLOCK, SIGUSR1);
	return 0;
}

static void set_up_and_exec(void *unused)
{
	char *argv[] = {(char *)self_path, "--exec-check", NULL};
	char *envp[] = {NULL};
	stack_t ss;

	(void)unused;
	alt_stack = mmap(NULL, ALT_STACK_SIZE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ss.ss_sp = alt_stack;
	ss.ss_size = ALT_STACK_SIZE;
	ss.ss_flags = 0;
	if (alt_stack == MAP_FAILED || sigaltstack(&ss, NULL) < 0)
		_exit(2);
	set_action(SIGUSR1, count_handler, 0);
	signal(SIGUSR2, SIG_IGN);
	mask_signal(SIG_BLOCK, SIGUSR1);
	kill(getpid(), SIGUSR1);
	execve(self_path, argv, envp);
	_exit(3);
}

static void execve_resets_handlers_but_keeps_mask_and_pending(void)
{
	int status = utest_child_status(set_up_and_exec, NULL);

	if (!exited_with(status, 0))
		UTEST_FAIL("wait status 0x%x (exit 10.. names the check)",
			   status);
}

static void kill_0_checks_that_a_process_exists(void)
{
	int fd[2];
	pid_t pid;

	EXPECT_OK(kill(getpid(), 0));
	REQUIRE_OK(pipe(fd));
	pid = utest_spawn(read_then_exit_3, fd);
	REQUIRE(pid > 0);
	EXPECT_OK(kill(pid, 0));
	close(fd[1]);
	EXPECT_OK(wait_until_dead(pid));
	EXPECT_OK(kill(pid, 0)); /* a zombie still exists */
	EXPECT(exited_with(wait_status(pid), 3));
	EXPECT_ERRNO(kill(pid, 0), ESRCH);
	EXPECT_ERRNO(kill(pid, SIGTERM), ESRCH);
	EXPECT_ERRNO(kill(99999999, 0), ESRCH);
	EXPECT_ERRNO(kill(getpid(), 65), EINVAL);
	EXPECT_ERRNO(kill(getpid(), -1), EINVAL);
}

/* Process groups: a leader, a member, and an outsider:
 *
 *	this case (its group)  -- outsider (same group as this case)
 *	   \-- leader  (setpgid(0, 0): group L)
 *	   \-- member  (setpgid(0, L))
 *
 * kill(-L, SIGTERM) ends leader and member, not the outsider.
 */
struct group_child {
	int *fd;
	pid_t pgid; /* 0: lead a new group; -1: stay */
};

static void join_group_and_sleep(void *arg)
{
	struct group_child *g = arg;
	char c;

	if (g->pgid >= 0 && setpgid(0, g->pgid) < 0)
		_exit(2);
	close(g->fd[1]);
	(void)read(g->fd[0], &c, 1);
	_exit(0);
}

static int wait_for_pgid(pid_t pid, pid_t pgid)
{
	for (int i = 0; i < 2000; i++) {
		if (getpgid(pid) == pgid)
			return 0;
		usleep(10000);
	}
	return -1;
}

static void kill_of_a_process_group_reaches_every_member(void)
{
	int fd[2], status;
	pid_t leader, member, outsider;

	REQUIRE_OK(pipe(fd));
	struct group_child lead = {fd, 0};
	leader = utest_spawn(join_group_and_sleep, &lead);
	REQUIRE(leader > 0);
	REQUIRE_OK(wait_for_pgid(leader, leader));
	struct group_child join = {fd, leader};
	member = utest_spawn(join_group_and_sleep, &join);
	REQUIRE(member > 0);
	struct group_child stay = {fd, -1};
	outsider = utest_spawn(join_group_and_sleep, &stay);
	REQUIRE(outsider > 0);
	REQUIRE_OK(wait_for_pgid(member, leader));
	EXPECT_EQ(getpgid(outsider), getpgrp());
	EXPECT_NE(getpgrp(), leader);

	EXPECT_OK(kill(-leader, SIGTERM));
	status = wait_status(leader);
	if (!killed_by(status, SIGTERM))
		UTEST_FAIL("leader: wait status 0x%x", status);
	status = wait_status(member);
	if (!killed_by(status, SIGTERM))
		UTEST_FAIL("member: wait status 0x%x", status);
	EXPECT_EQ(waitpid(outsider, &status, WNOHANG), 0);
	EXPECT_ERRNO(kill(-leader, SIGTERM), ESRCH); /* the group is gone */
	close(fd[1]);
	EXPECT_EQ(wait_status(outsider), 0);
}

static const struct utest_case cases[] = {
    UTEST(handler_runs_once_per_signal),
    UTEST(sigaction_reports_the_old_action),
    UTEST(sigkill_and_sigstop_cannot_be_caught),
    UTEST(sigkill_and_sigstop_cannot_be_blocked),
    UTEST(siginfo_of_kill_is_si_user),
    UTEST(siginfo_of_kill_names_the_sender),
    UTEST(siginfo_of_tgkill_is_si_tkill),
    UTEST(sigchld_reports_the_exited_child),
    UTEST(ignoring_sigchld_reaps_children_at_exit),
    UTEST(blocked_signal_stays_pending_until_unblocked),
    UTEST(blocked_signal_is_delivered_once),
    UTEST(unblocking_runs_every_pending_handler),
    UTEST(blocked_signal_is_queued_even_if_ignored),
    UTEST(sig_ign_discards_a_pending_signal),
    UTEST(sa_mask_is_blocked_during_the_handler),
    UTEST(own_signal_waits_until_the_handler_returns),
    UTEST(sa_nodefer_lets_the_handler_nest),
    UTEST(sa_resethand_runs_the_handler_once),
    UTEST(sig_ign_makes_kill_harmless),
    UTEST(default_action_terminates),
    UTEST(default_action_of_sigchld_urg_winch_is_ignore),
    UTEST(sigsegv_on_unmapped_memory_is_maperr),
    UTEST(sigsegv_on_a_forbidden_access_is_accerr),
    UTEST(sigsegv_handler_can_fix_the_fault_and_return),
    UTEST(blocked_or_ignored_sigsegv_still_kills),
    UTEST(sigbus_past_the_end_of_a_file_is_adrerr),
    UTEST(pause_returns_eintr_after_a_handler),
    UTEST(sigsuspend_waits_with_a_temporary_mask),
    UTEST(sigsuspend_returns_for_an_already_pending_signal),
    UTEST(read_on_a_pipe_restarts_with_sa_restart),
    UTEST(read_on_a_pipe_is_eintr_without_sa_restart),
    UTEST(wait4_restarts_with_sa_restart),
    UTEST(wait4_is_eintr_without_sa_restart),
    UTEST(kill_ends_a_child_sleeping_in_read),
    UTEST(sa_onstack_runs_the_handler_on_the_altstack),
    UTEST(sigaltstack_rejects_a_tiny_stack),
    UTEST(stack_overflow_is_caught_only_on_the_altstack),
    UTEST(fork_keeps_handlers_and_mask_but_not_pending),
    UTEST(execve_resets_handlers_but_keeps_mask_and_pending),
    UTEST(kill_0_checks_that_a_process_exists),
    UTEST(kill_of_a_process_group_reaches_every_member),
};

int main(int argc, char **argv)
{
	self_path = argv[0];
	if (argc == 2 && strcmp(argv[1], "--exec-check") == 0)
		return exec_check();
	return utest_main(cases, UTEST_COUNT(cases));
}
