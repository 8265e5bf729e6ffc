/*
 * t_harness.c - what a test-suite harness (libc-test, LTP, our own
 * utest.h) needs from the kernel, built with several C libraries: tide's
 * (tools/tide-cc), musl (musl-gcc -static) and glibc (gcc -static).
 *
 * A harness forks one child per test and learns how it went in two ways:
 * the wait status, and a MAP_SHARED results page the children write into.
 * It guards against hung tests with alarm() (in the child, or in the
 * harness itself, which then kills the child), and probes memory with a
 * SIGSEGV handler that leaves the faulting access by siglongjmp:
 *
 *	harness ---- fork ----> test child --- writes ---> results page
 *	   |                      | alarm(1): hangs end by SIGALRM     ^
 *	   +--- waitpid, reads ---+------------------------------------+
 *
 * Threads are left out: tide refuses clone(CLONE_VM) without CLONE_VFORK
 * (EINVAL) until it has them.
 */
#include "../user/utest.h"

#include <setjmp.h>
#include <stdint.h>
#include <sys/mman.h>

#define MAX_TESTS 16

/* The results page: one slot per test, written only by that test. */
struct slot {
	int pid;
	int state; /* STARTED, then PASSED or FAILED, or left STARTED */
	int steps;
	char name[20];
};

struct results {
	int started; /* atomically incremented by every child */
	int finished;
	struct slot slot[MAX_TESTS];
};

enum { EMPTY, STARTED, PASSED, FAILED };

_Static_assert(sizeof(struct results) <= PAGE_SZ, "one page");

static struct results *res;

static struct results *map_results(void)
{
	void *p = mmap(NULL, PAGE_SZ, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

static void slot_start(int i, const char *name)
{
	res->slot[i].pid = getpid();
	res->slot[i].state = STARTED;
	snprintf(res->slot[i].name, sizeof(res->slot[i].name), "%s", name);
	__atomic_fetch_add(&res->started, 1, __ATOMIC_SEQ_CST);
}

static void slot_finish(int i, int state)
{
	res->slot[i].state = state;
	__atomic_fetch_add(&res->finished, 1, __ATOMIC_SEQ_CST);
}

static int wait_status(pid_t pid)
{
	int status = -1;

	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

/* The SIGSEGV probe: 1 if a byte at addr can be read (written). */
static sigjmp_buf probe_jump;

static void probe_handler(int sig)
{
	(void)sig;
	siglongjmp(probe_jump, 1);
}

static int install_probe_handler(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = probe_handler;
	sigemptyset(&sa.sa_mask);
	return sigaction(SIGSEGV, &sa, NULL);
}

static __attribute__((noinline)) int can_access(void *addr, int write)
{
	if (sigsetjmp(probe_jump, 1))
		return 0;
	if (write)
		*(volatile char *)addr = *(volatile char *)addr;
	else
		(void)*(volatile char *)addr;
	__asm__ volatile("" ::: "memory");
	return 1;
}

/* Hidden from the optimizer, which may turn a NULL access into a trap. */
static char *volatile null_page;

/* The tests of the mini-suite that the harness cases run. */
static void test_passes(int i)
{
	res->slot[i].steps = 3;
	slot_finish(i, PASSED);
	_exit(0);
}

static void test_fails(int i)
{
	slot_finish(i, FAILED);
	_exit(1);
}

static void test_crashes(int i)
{
	res->slot[i].steps = 1;
	*(volatile int *)(null_page + 8) = 1; /* SIGSEGV */
	slot_finish(i, PASSED);
	_exit(0);
}

static void test_hangs(int i)
{
	res->slot[i].steps = 1;
	for (;;)
		pause();
	slot_finish(i, PASSED);
}

/* Probes four kinds of memory and writes 1 bit per answer into steps. */
static void test_probes(int i)
{
	static const char ro = 1;
	char *none = mmap(NULL, 2 * PAGE_SZ, PROT_NONE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char local = 0;
	int bits = 0;

	if (none == MAP_FAILED || munmap(none + PAGE_SZ, PAGE_SZ) < 0 ||
	    install_probe_handler() < 0)
		test_fails(i);
	bits |= can_access(&local, 0) << 0;
	bits |= can_access(&local, 1) << 1;
	bits |= can_access((void *)&ro, 0) << 2;
	bits |= can_access((void *)&ro, 1) << 3;
	bits |= can_access(none, 0) << 4;
	bits |= can_access(none + PAGE_SZ, 0) << 5;
	bits |= can_access(null_page, 0) << 6;
	res->slot[i].steps = bits;
	slot_finish(i, bits == 0x7 ? PASSED : FAILED);
	_exit(0);
}

struct test {
	const char *name;
	void (*fn)(int);
};

static const struct test suite[] = {
    {"passes", test_passes}, {"fails", test_fails},   {"crashes", test_crashes},
    {"hangs", test_hangs},   {"probes", test_probes},
};

#define SUITE_SIZE ((int)(sizeof(suite) / sizeof(suite[0])))

/* Runs every test of the suite in its own child with an alarm(1)
 * watchdog, and stores each wait status. */
static void run_suite(int *status)
{
	pid_t pid[SUITE_SIZE];

	for (int i = 0; i < SUITE_SIZE; i++) {
		fflush(stdout);
		pid[i] = fork();
		if (pid[i] == 0) {
			alarm(1);
			slot_start(i, suite[i].name);
			suite[i].fn(i);
			_exit(99);
		}
	}
	for (int i = 0; i < SUITE_SIZE; i++)
		status[i] = pid[i] > 0 ? wait_status(pid[i]) : -1;
}

/* Cases. */
static void write_my_slot(void *arg)
{
	int i = (int)(intptr_t)arg;

	slot_start(i, "child");
	res->slot[i].steps = i * 10;
	slot_finish(i, PASSED);
}

static void results_page_collects_every_child(void)
{
	pid_t pid[MAX_TESTS];

	res = map_results();
	REQUIRE(res != NULL);
	for (int i = 0; i < MAX_TESTS; i++)
		pid[i] = utest_spawn(write_my_slot, (void *)(intptr_t)i);
	for (int i = 0; i < MAX_TESTS; i++) {
		REQUIRE(pid[i] > 0);
		EXPECT_EQ(wait_status(pid[i]), 0);
	}
	EXPECT_EQ(res->started, MAX_TESTS);
	EXPECT_EQ(res->finished, MAX_TESTS);
	for (int i = 0; i < MAX_TESTS; i++) {
		EXPECT_EQ(res->slot[i].pid, pid[i]);
		EXPECT_EQ(res->slot[i].state, PASSED);
		EXPECT_EQ(res->slot[i].steps, i * 10);
		EXPECT_STREQ(res->slot[i].name, "child");
	}
}

static void results_page_is_shared_both_ways(void)
{
	res = map_results();
	REQUIRE(res != NULL);
	res->slot[0].steps = 41; /* written before fork: the child sees it */
	EXPECT_SURVIVES(write_my_slot, (void *)1);
	EXPECT_EQ(res->slot[1].steps, 10);
	EXPECT_EQ(res->slot[0].steps, 41);
}

static void mini_suite_reports_every_outcome(void)
{
	int status[SUITE_SIZE];

	res = map_results();
	REQUIRE(res != NULL);
	run_suite(status);
	EXPECT_EQ(res->started, SUITE_SIZE);
	EXPECT_EQ(res->finished, 3); /* passes, fails, probes */

	EXPECT_EQ(status[0], 0);
	EXPECT_EQ(res->slot[0].state, PASSED);
	EXPECT_EQ(res->slot[0].steps, 3);

	EXPECT(WIFEXITED(status[1]) && WEXITSTATUS(status[1]) == 1);
	EXPECT_EQ(res->slot[1].state, FAILED);

	EXPECT(WIFSIGNALED(status[2]) && WTERMSIG(status[2]) == SIGSEGV);
	EXPECT_EQ(res->slot[2].state, STARTED); /* what it got done */
	EXPECT_EQ(res->slot[2].steps, 1);

	EXPECT(WIFSIGNALED(status[3]) && WTERMSIG(status[3]) == SIGALRM);
	EXPECT_EQ(res->slot[3].state, STARTED);

	EXPECT_EQ(status[4], 0);
	EXPECT_EQ(res->slot[4].steps, 0x7);
	EXPECT_EQ(res->slot[4].state, PASSED);
	for (int i = 0; i < SUITE_SIZE; i++)
		EXPECT_STREQ(res->slot[i].name, suite[i].name);
}

static volatile sig_atomic_t watchdog_fired;

static void watchdog_handler(int sig)
{
	(void)sig;
	watchdog_fired = 1;
}

static void hang_in_slot_0(void *unused)
{
	(void)unused;
	alarm(0); /* only the harness's watchdog counts */
	slot_start(0, "hangs");
	test_hangs(0);
}

/* The harness's own watchdog: alarm interrupts its waitpid (no
 * SA_RESTART), and it kills the hung child. */
static void harness_watchdog_kills_a_hung_child(void)
{
	struct sigaction sa;
	int status = -1;
	pid_t pid;

	alarm(0);
	res = map_results();
	REQUIRE(res != NULL);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = watchdog_handler;
	sigemptyset(&sa.sa_mask);
	REQUIRE_OK(sigaction(SIGALRM, &sa, NULL));
	pid = utest_spawn(hang_in_slot_0, NULL);
	REQUIRE(pid > 0);
	alarm(1);
	EXPECT_ERRNO(waitpid(pid, &status, 0), EINTR);
	EXPECT_EQ(watchdog_fired, 1);
	EXPECT_OK(kill(pid, SIGKILL));
	EXPECT_EQ(waitpid(pid, &status, 0), pid);
	EXPECT(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	EXPECT_EQ(res->slot[0].state, STARTED);
	EXPECT_EQ(res->slot[0].pid, pid);
}

/* Many probes in a row: each siglongjmp restores the mask, so SIGSEGV is
 * never left blocked and the next fault is caught again. */
static void sigsegv_probe_can_run_many_times(void)
{
	char *none =
	    mmap(NULL, PAGE_SZ, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	sigset_t cur;
	int faults = 0;

	REQUIRE(none != MAP_FAILED);
	REQUIRE_OK(install_probe_handler());
	for (int i = 0; i < 32; i++)
		faults += !can_access(none + i, i & 1);
	EXPECT_EQ(faults, 32);
	REQUIRE_OK(sigprocmask(SIG_BLOCK, NULL, &cur));
	EXPECT_EQ(sigismember(&cur, SIGSEGV), 0);
	REQUIRE_OK(mprotect(none, PAGE_SZ, PROT_READ | PROT_WRITE));
	EXPECT_EQ(can_access(none, 1), 1);
}

static const struct utest_case cases[] = {
    UTEST(results_page_collects_every_child),
    UTEST(results_page_is_shared_both_ways),
    UTEST(mini_suite_reports_every_outcome),
    UTEST(harness_watchdog_kills_a_hung_child),
    UTEST(sigsegv_probe_can_run_many_times),
};

int main(void)
{
	return utest_main(cases, UTEST_COUNT(cases));
}
