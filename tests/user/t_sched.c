/*
 * t_sched.c - the scheduler: a process in an endless loop cannot keep
 * the others from running.
 *
 * A child that spins in user mode (for (;;);) never enters the kernel by
 * itself; only the timer interrupt takes the CPU back.  With preemption
 * the parent still runs, sleeps, and can kill the spinner; two spinners
 * both make progress; a signal sent to a spinner (or raised by its own
 * alarm) is delivered on its way back to user mode.  On Linux the host
 * may have more CPUs than runnable processes, so every check here holds
 * on one CPU (tide) and on many: the tests ask for progress, never for a
 * schedule.
 */
#include "utest.h"
#include "uproc.h"
#include "filemap.h"

#include <sched.h>
#include <time.h>

#define RW (PROT_READ | PROT_WRITE)

/*
 * Seconds after which a spinner ends itself (SIGALRM), should a failed
 * REQUIRE end its parent before the parent could kill it.
 */
#define SPIN_LIMIT 20

static void spin(void *arg)
{
	(void)arg;
	alarm(SPIN_LIMIT);
	for (;;)
		;
}

/* Spins, adding 1 to *counter (in shared memory) each time round. */
static void count_forever(void *counter)
{
	alarm(SPIN_LIMIT);
	for (;;)
		++*(volatile unsigned long *)counter;
}

/* Kills pid with sig and expects it to die by exactly that signal. */
static void kill_and_reap(pid_t pid, int sig)
{
	int status = -1;

	EXPECT_OK(kill(pid, sig));
	EXPECT_EQ(waitpid(pid, &status, 0), pid);
	EXPECT(WIFSIGNALED(status));
	EXPECT_EQ(WTERMSIG(status), sig);
}

/* The parent sleeps, checks the spinner is alive, kills it. */
static void spinning_child_does_not_freeze_the_parent(void)
{
	pid_t pid = utest_spawn(spin, NULL);
	int status = 0;
	long t0, t1;

	REQUIRE(pid > 0);
	t0 = now_ms();
	sleep_ms(50);
	t1 = now_ms();
	EXPECT_GE(t1 - t0, 50);
	EXPECT_EQ(waitpid(pid, &status, WNOHANG), 0);
	kill_and_reap(pid, SIGKILL);
}

/* Two spinners in a shared page: after 300 ms both have counted. */
static void two_spinners_both_make_progress(void)
{
	volatile unsigned long *c =
	    mmap(NULL, PAGE_SZ, RW, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pid_t a, b;

	REQUIRE(c != MAP_FAILED);
	a = utest_spawn(count_forever, (void *)&c[0]);
	b = utest_spawn(count_forever, (void *)&c[8]);
	REQUIRE(a > 0 && b > 0);
	sleep_ms(300);
	EXPECT_GT(c[0], 0);
	EXPECT_GT(c[8], 0);
	kill_and_reap(a, SIGKILL);
	kill_and_reap(b, SIGKILL);
}

/* Four spinners, checked twice: each keeps counting, none starves. */
static void four_spinners_keep_making_progress(void)
{
	volatile unsigned long *c =
	    mmap(NULL, PAGE_SZ, RW, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	unsigned long seen[4];
	pid_t pid[4];

	REQUIRE(c != MAP_FAILED);
	for (int i = 0; i < 4; i++) {
		pid[i] = utest_spawn(count_forever, (void *)&c[i * 8]);
		REQUIRE(pid[i] > 0);
	}
	sleep_ms(300);
	for (int i = 0; i < 4; i++) {
		seen[i] = c[i * 8];
		EXPECT_GT(seen[i], 0);
	}
	sleep_ms(300);
	for (int i = 0; i < 4; i++)
		EXPECT_GT(c[i * 8], seen[i]);
	for (int i = 0; i < 4; i++)
		kill_and_reap(pid[i], SIGKILL);
}

/* A catchable signal is delivered to a spinner too. */
static void sigterm_ends_a_spinner(void)
{
	pid_t pid = utest_spawn(spin, NULL);

	REQUIRE(pid > 0);
	sleep_ms(20);
	kill_and_reap(pid, SIGTERM);
}

static void spin_with_signals_blocked(void *arg)
{
	sigset_t all;

	(void)arg;
	sigfillset(&all);
	sigdelset(&all, SIGALRM); /* SPIN_LIMIT still applies */
	sigprocmask(SIG_BLOCK, &all, NULL);
	spin(NULL);
}

/* Blocked SIGTERM waits; SIGKILL cannot be blocked. */
static void sigkill_ends_a_spinner_that_blocks_signals(void)
{
	pid_t pid = utest_spawn(spin_with_signals_blocked, NULL);
	int status = 0;

	REQUIRE(pid > 0);
	sleep_ms(20);
	EXPECT_OK(kill(pid, SIGTERM));
	sleep_ms(50);
	EXPECT_EQ(waitpid(pid, &status, WNOHANG), 0);
	kill_and_reap(pid, SIGKILL);
}

static void alarm_then_spin(void *arg)
{
	(void)arg;
	alarm(1);
	for (;;)
		;
}

/* The timer's signal interrupts the loop that is running. */
static void alarm_interrupts_a_spinning_process(void)
{
	int status = utest_child_status(alarm_then_spin, NULL);

	EXPECT(WIFSIGNALED(status));
	EXPECT_EQ(WTERMSIG(status), SIGALRM);
}

/* A sleeper wakes on time even while a spinner wants the CPU. */
static void nanosleep_wakes_while_a_child_spins(void)
{
	pid_t pid = utest_spawn(spin, NULL);
	long t0, t1;

	REQUIRE(pid > 0);
	for (int i = 0; i < 5; i++) {
		struct timespec ts = {0, 10 * 1000000L};

		t0 = now_ms();
		EXPECT_OK(nanosleep(&ts, NULL));
		t1 = now_ms();
		EXPECT_GE(t1 - t0, 10);
	}
	kill_and_reap(pid, SIGKILL);
}

/* A pipe between two processes works while a third spins. */
static void pipe_ping_pong_while_a_child_spins(void)
{
	pid_t spinner = utest_spawn(spin, NULL);
	int ping[2], pong[2];
	pid_t echo;
	char c;

	REQUIRE(spinner > 0);
	REQUIRE_OK(pipe(ping));
	REQUIRE_OK(pipe(pong));
	fflush(stdout);
	echo = fork();
	REQUIRE(echo >= 0);
	if (echo == 0) {
		while (read(ping[0], &c, 1) == 1 && c != 0) {
			c++;
			if (write(pong[1], &c, 1) != 1)
				_exit(2);
		}
		_exit(0);
	}
	for (char i = 'a'; i < 'a' + 20; i++) {
		char r = 0;

		REQUIRE_EQ(write(ping[1], &i, 1), 1);
		REQUIRE_EQ(read(pong[0], &r, 1), 1);
		EXPECT_EQ(r, i + 1);
	}
	c = 0; /* the end */
	EXPECT_EQ(write(ping[1], &c, 1), 1);
	EXPECT_EQ(waitpid(echo, NULL, 0), echo);
	kill_and_reap(spinner, SIGKILL);
}

static void sched_yield_returns_0(void)
{
	for (int i = 0; i < 1000; i++)
		REQUIRE_OK(sched_yield());
}

/* sched_yield lets the spinner run but returns to the caller. */
static void sched_yield_returns_while_a_child_spins(void)
{
	volatile unsigned long *c =
	    mmap(NULL, PAGE_SZ, RW, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pid_t pid;

	REQUIRE(c != MAP_FAILED);
	pid = utest_spawn(count_forever, (void *)c);
	REQUIRE(pid > 0);
	for (int i = 0; i < 100; i++)
		REQUIRE_OK(sched_yield());
	sleep_ms(50);
	EXPECT_GT(*c, 0);
	kill_and_reap(pid, SIGKILL);
}

static const struct utest_case cases[] = {
    UTEST(spinning_child_does_not_freeze_the_parent),
    UTEST(two_spinners_both_make_progress),
    UTEST(four_spinners_keep_making_progress),
    UTEST(sigterm_ends_a_spinner),
    UTEST(sigkill_ends_a_spinner_that_blocks_signals),
    UTEST(alarm_interrupts_a_spinning_process),
    UTEST(nanosleep_wakes_while_a_child_spins),
    UTEST(pipe_ping_pong_while_a_child_spins),
    UTEST(sched_yield_returns_0),
    UTEST(sched_yield_returns_while_a_child_spins),
};

int main(void)
{
	return utest_main(cases, UTEST_COUNT(cases));
}
