/*
 * t_time.c - clocks, sleeping, alarm and the ITIMER_REAL interval timer,
 * times(), sched_yield.
 *
 * Timing expectations are loose on purpose (tide counts time in 10 ms
 * ticks, and QEMU without KVM is slow): a sleep lasts at least what was
 * asked and well under two seconds more; a timer never fires early.
 * alarm() and ITIMER_REAL are one and the same timer:
 *
 *	alarm(n)             == setitimer(ITIMER_REAL, {0, n s})
 *	alarm's return value == getitimer's it_value, rounded to seconds
 *
 * Every case starts with the harness's alarm(60) pending; the cases that
 * use the timer take it over (and see it as the "previous" alarm).
 * Waiting for a timer signal is race-free: SIGALRM stays blocked except
 * inside sigsuspend.
 */
#include "utest.h"

#include <stdint.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sched.h>
#include <time.h>

#define NS_PER_MS  1000000LL
#define NS_PER_SEC 1000000000LL

/* times() fills four clock_t (long) values; tide's libc has no
 * <sys/times.h>, so the case calls the system call itself. */
struct ticks {
	long utime, stime, cutime, cstime;
};

static const char *self_path; /* argv[0], to execute this program again */
static volatile sig_atomic_t hits;

static void count_handler(int sig)
{
	(void)sig;
	hits++;
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

static int mask_signal(int how, int sig)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, sig);
	return sigprocmask(how, &set, NULL);
}

static long long ts_ns(const struct timespec *ts)
{
	return ts->tv_sec * NS_PER_SEC + ts->tv_nsec;
}

static long long clock_ns(clockid_t clock)
{
	struct timespec ts;

	if (clock_gettime(clock, &ts) < 0)
		return -1;
	return ts_ns(&ts);
}

static long long mono_ns(void)
{
	return clock_ns(CLOCK_MONOTONIC);
}

static long long tv_us(const struct timeval *tv)
{
	return tv->tv_sec * 1000000LL + tv->tv_usec;
}

/* Waits, with SIGALRM blocked outside sigsuspend, until `hits` reaches
 * count or timeout_ms passes; returns the milliseconds waited. */
static long long wait_for_hits(int count, long long timeout_ms)
{
	long long t0 = mono_ns(), now = t0;
	sigset_t none;

	sigemptyset(&none);
	while (hits < count && now - t0 < timeout_ms * NS_PER_MS) {
		sigsuspend(&none);
		now = mono_ns();
	}
	return (now - t0) / NS_PER_MS;
}

/* Cases: clocks. */
static void monotonic_clock_never_goes_back(void)
{
	struct timespec ts;
	long long prev = -1;

	for (int i = 0; i < 1000; i++) {
		REQUIRE_OK(clock_gettime(CLOCK_MONOTONIC, &ts));
		REQUIRE(ts.tv_nsec >= 0 && ts.tv_nsec < NS_PER_SEC);
		REQUIRE(ts.tv_sec >= 0);
		EXPECT_GE(ts_ns(&ts), prev);
		prev = ts_ns(&ts);
	}
}

static void monotonic_clock_advances_across_a_nanosleep(void)
{
	struct timespec req = {0, 100 * NS_PER_MS};
	long long t0, t1;

	t0 = mono_ns();
	EXPECT_OK(nanosleep(&req, NULL));
	t1 = mono_ns();
	EXPECT_GE(t1 - t0, 100 * NS_PER_MS);
	EXPECT_LT(t1 - t0, 2 * NS_PER_SEC);
}

static void realtime_clock_and_gettimeofday_agree(void)
{
	struct timespec ts;
	struct timeval tv;
	time_t t;

	REQUIRE_OK(clock_gettime(CLOCK_REALTIME, &ts));
	EXPECT(ts.tv_nsec >= 0 && ts.tv_nsec < NS_PER_SEC);
	REQUIRE_OK(gettimeofday(&tv, NULL));
	EXPECT(tv.tv_usec >= 0 && tv.tv_usec < 1000000);
	EXPECT_LE(ts.tv_sec, tv.tv_sec);
	EXPECT_LE(tv.tv_sec - ts.tv_sec, 1);
	t = time(NULL);
	EXPECT_LE(tv.tv_sec, t);
	EXPECT_LE(t - tv.tv_sec, 1);
	EXPECT_OK(syscall(SYS_gettimeofday, &tv, NULL));
	EXPECT_LE(t, tv.tv_sec);
	EXPECT_OK(syscall(SYS_gettimeofday, NULL, NULL));
}

/* x86 Linux sets the clock from the CMOS RTC at boot (QEMU has one), so
 * CLOCK_REALTIME is a date, not the time since boot. */
static void realtime_clock_reads_the_date(void)
{
	struct timespec ts;
	const long long y2020 = 1577836800; /* 2020-01-01 00:00:00 UTC */

	REQUIRE_OK(clock_gettime(CLOCK_REALTIME, &ts));
	EXPECT_GT(ts.tv_sec, y2020);
	EXPECT_GT(clock_ns(CLOCK_REALTIME), mono_ns());
}

static void clock_gettime_rejects_an_unknown_clock(void)
{
	struct timespec ts;

	EXPECT_ERRNO(syscall(SYS_clock_gettime, 100, &ts), EINVAL);
	EXPECT_ERRNO(syscall(SYS_clock_gettime, 16, &ts), EINVAL);
	EXPECT_OK(syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts));
	EXPECT_OK(syscall(SYS_clock_gettime, CLOCK_BOOTTIME, &ts));
}

/* Linux's high-resolution clocks say 1 ns; anything up to a tick will do. */
static void clock_getres_is_at_most_a_tick(void)
{
	struct timespec res = {-1, -1};

	EXPECT_OK(clock_getres(CLOCK_MONOTONIC, &res));
	EXPECT_EQ(res.tv_sec, 0);
	EXPECT_GT(res.tv_nsec, 0);
	EXPECT_LE(res.tv_nsec, 10 * NS_PER_MS);
	res.tv_nsec = -1;
	EXPECT_OK(clock_getres(CLOCK_REALTIME, &res));
	EXPECT_GT(res.tv_nsec, 0);
	EXPECT_LE(res.tv_nsec, 10 * NS_PER_MS);
}

/* Cases: sleeping. */
static void nanosleep_rejects_a_bad_timespec(void)
{
	struct timespec big = {0, NS_PER_SEC}, neg = {0, -1}, negsec = {-1, 0};

	EXPECT_ERRNO(nanosleep(&big, NULL), EINVAL);
	EXPECT_ERRNO(nanosleep(&neg, NULL), EINVAL);
	EXPECT_ERRNO(nanosleep(&negsec, NULL), EINVAL);
	EXPECT_ERRNO(syscall(SYS_nanosleep, &big, NULL), EINVAL);
	EXPECT_ERRNO(syscall(SYS_nanosleep, &neg, NULL), EINVAL);
	EXPECT_ERRNO(syscall(SYS_nanosleep, NULL, NULL), EFAULT);
}

/* clock_nanosleep reports errors by its return value, not errno. */
static void clock_nanosleep_returns_the_error_number(void)
{
	struct timespec big = {0, NS_PER_SEC}, zero = {0, 0};

	errno = 0;
	EXPECT_EQ(clock_nanosleep(CLOCK_MONOTONIC, 0, &big, NULL), EINVAL);
	EXPECT_EQ(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &big, NULL),
		  EINVAL);
	EXPECT_EQ(clock_nanosleep(100, 0, &zero, NULL), EINVAL);
	EXPECT_EQ(errno, 0);
	EXPECT_EQ(clock_nanosleep(CLOCK_MONOTONIC, 0, &zero, NULL), 0);
}

static void clock_nanosleep_abstime_sleeps_until_the_deadline(void)
{
	struct timespec now, deadline;
	long long t0;

	REQUIRE_OK(clock_gettime(CLOCK_MONOTONIC, &now));
	t0 = ts_ns(&now);
	deadline.tv_sec = (t0 + 50 * NS_PER_MS) / NS_PER_SEC;
	deadline.tv_nsec = (t0 + 50 * NS_PER_MS) % NS_PER_SEC;
	EXPECT_EQ(
	    clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &deadline, NULL),
	    0);
	EXPECT_GE(mono_ns(), ts_ns(&deadline));
	EXPECT_LT(mono_ns() - t0, 2 * NS_PER_SEC);

	/* A deadline already past returns at once. */
	t0 = mono_ns();
	EXPECT_EQ(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &now, NULL),
		  0);
	EXPECT_LT(mono_ns() - t0, 500 * NS_PER_MS);
}

/* A handled signal ends nanosleep with EINTR (even with SA_RESTART) and
 * the time left in *rem. */
static void nanosleep_interrupted_reports_the_time_left(void)
{
	struct timespec req = {5, 0}, rem = {-1, -1};
	struct itimerval it = {{0, 0}, {0, 100000}};
	long long t0, left;

	set_action(SIGALRM, count_handler, SA_RESTART);
	t0 = mono_ns();
	REQUIRE_OK(setitimer(ITIMER_REAL, &it, NULL));
	EXPECT_ERRNO(nanosleep(&req, &rem), EINTR);
	EXPECT_EQ(hits, 1);
	EXPECT_LT(mono_ns() - t0, 4 * NS_PER_SEC);
	left = ts_ns(&rem);
	EXPECT(rem.tv_nsec >= 0 && rem.tv_nsec < NS_PER_SEC);
	EXPECT_GT(left, 1 * NS_PER_SEC);
	EXPECT_LE(left, 5 * NS_PER_SEC);
}

static void sched_yield_returns_0(void)
{
	for (int i = 0; i < 10; i++)
		EXPECT_OK(sched_yield());
	EXPECT_OK(syscall(SYS_sched_yield));
}

/* Cases: alarm and ITIMER_REAL. */
static void alarm_returns_the_seconds_left(void)
{
	unsigned int left = alarm(0); /* the harness's alarm(60) */

	EXPECT(left >= 59 && left <= 60);
	EXPECT_EQ(alarm(5), 0);
	EXPECT_EQ(alarm(3), 5);
	EXPECT_EQ(alarm(0), 3);
	EXPECT_EQ(alarm(0), 0);
}

static void alarm_delivers_sigalrm_after_a_second(void)
{
	long long ms;

	alarm(0);
	set_action(SIGALRM, count_handler, 0);
	REQUIRE_OK(mask_signal(SIG_BLOCK, SIGALRM));
	EXPECT_EQ(alarm(1), 0);
	ms = wait_for_hits(1, 5000);
	EXPECT_EQ(hits, 1);
	EXPECT_GE(ms, 950);
	EXPECT_LT(ms, 3000);
	EXPECT_EQ(alarm(0), 0); /* it is used up */
}

static void wait_for_alarm(void *unused)
{
	(void)unused;
	alarm(1);
	for (;;)
		pause();
}

static void alarm_with_the_default_action_kills(void)
{
	alarm(0);
	EXPECT_SIGNAL(wait_for_alarm, NULL, SIGALRM);
}

static void setitimer_with_an_interval_fires_repeatedly(void)
{
	struct itimerval it = {{0, 100000}, {0, 100000}},
			 off = {{0, 0}, {0, 0}};
	long long ms;
	int count;

	set_action(SIGALRM, count_handler, 0);
	REQUIRE_OK(mask_signal(SIG_BLOCK, SIGALRM));
	REQUIRE_OK(setitimer(ITIMER_REAL, &it, NULL));
	ms = wait_for_hits(3, 3000);
	count = hits;
	EXPECT_OK(setitimer(ITIMER_REAL, &off, NULL));
	EXPECT_GE(count, 3);
	EXPECT_GE(ms, 300 - 10); /* never early (one clock tick of slack) */
	EXPECT_LT(ms, 2000);
}

/* getitimer shows the time left and the interval; alarm and setitimer
 * share the timer; a zero value disarms it. */
static void getitimer_reports_the_time_left(void)
{
	struct itimerval it = {{0, 500000}, {2, 0}}, old, cur;
	struct itimerval off = {{0, 0}, {0, 0}};

	memset(&old, 0xff, sizeof(old));
	REQUIRE_OK(setitimer(ITIMER_REAL, &it, &old));
	EXPECT(old.it_value.tv_sec >= 58 && old.it_value.tv_sec <= 60);
	EXPECT_EQ(tv_us(&old.it_interval), 0);
	memset(&cur, 0xff, sizeof(cur));
	EXPECT_OK(getitimer(ITIMER_REAL, &cur));
	EXPECT_EQ(tv_us(&cur.it_interval), 500000);
	EXPECT_GT(tv_us(&cur.it_value), 1500000);
	EXPECT_LE(tv_us(&cur.it_value), 2000000);
	EXPECT(cur.it_value.tv_usec >= 0 && cur.it_value.tv_usec < 1000000);
	EXPECT_EQ(alarm(0), 2); /* 1.99... s rounds to 2 */
	EXPECT_OK(getitimer(ITIMER_REAL, &cur));
	EXPECT_EQ(tv_us(&cur.it_value), 0);
	EXPECT_EQ(tv_us(&cur.it_interval), 0);
	REQUIRE_OK(setitimer(ITIMER_REAL, &it, NULL));
	EXPECT_OK(setitimer(ITIMER_REAL, &off, &old));
	EXPECT_EQ(tv_us(&old.it_interval), 500000);
	EXPECT_OK(getitimer(ITIMER_REAL, &cur));
	EXPECT_EQ(tv_us(&cur.it_value), 0);
	EXPECT_EQ(tv_us(&cur.it_interval), 0);
}

static void setitimer_rejects_bad_arguments(void)
{
	struct itimerval bad = {{0, 0}, {0, 1000000}}, cur;

	EXPECT_ERRNO(setitimer(ITIMER_REAL, &bad, NULL), EINVAL);
	bad.it_value.tv_usec = -1;
	EXPECT_ERRNO(setitimer(ITIMER_REAL, &bad, NULL), EINVAL);
	EXPECT_ERRNO(getitimer(99, &cur), EINVAL);
	EXPECT_ERRNO(syscall(SYS_setitimer, 99, &bad, NULL), EINVAL);
	EXPECT(alarm(0) >= 59); /* the failed calls changed nothing */
}

static void child_has_no_alarm(void *unused)
{
	struct itimerval cur;

	(void)unused;
	if (getitimer(ITIMER_REAL, &cur) < 0 || tv_us(&cur.it_value) != 0)
		_exit(10);
	_exit(alarm(0) == 0 ? 0 : 11);
}

static void fork_does_not_inherit_the_alarm(void)
{
	EXPECT_EQ(utest_child_status(child_has_no_alarm, NULL), 0);
	EXPECT(alarm(0) >= 59); /* the parent's is still there */
}

static void exec_with_an_alarm(void *unused)
{
	char *argv[] = {(char *)self_path, "--alarm-left", NULL};
	char *envp[] = {NULL};

	(void)unused;
	alarm(7);
	execve(self_path, argv, envp);
	_exit(3);
}

/* Linux keeps a pending alarm across execve ("--alarm-left" checks). */
static void execve_keeps_the_alarm(void)
{
	int status = utest_child_status(exec_with_an_alarm, NULL);

	if (status != 0)
		UTEST_FAIL("wait status 0x%x, expected exit 0", status);
}

/* Cases: times(). */
static void times_returns_a_clock_that_advances(void)
{
	struct timespec req = {0, 100 * NS_PER_MS};
	struct ticks a, b;
	long t0, t1, cpu0;

	EXPECT_EQ(sysconf(_SC_CLK_TCK), 100);
	t0 = syscall(SYS_times, &a);
	REQUIRE(t0 != -1);
	EXPECT_OK(nanosleep(&req, NULL));
	t1 = syscall(SYS_times, &b);
	EXPECT_GE(t1 - t0, 9);
	EXPECT_LT(t1 - t0, 200);
	EXPECT(a.utime >= 0 && a.stime >= 0);
	EXPECT(a.cutime >= 0 && a.cstime >= 0);

	/* Burn CPU until 5 ticks of it are counted (or 10 s pass). */
	cpu0 = b.utime + b.stime;
	for (long long t = mono_ns(); mono_ns() - t < 10 * NS_PER_SEC;) {
		syscall(SYS_times, &b);
		if (b.utime + b.stime - cpu0 >= 5)
			break;
	}
	EXPECT_GE(b.utime + b.stime - cpu0, 5);
}

static void burn_5_ticks(void *unused)
{
	struct ticks t;

	(void)unused;
	for (long long t0 = mono_ns(); mono_ns() - t0 < 10 * NS_PER_SEC;) {
		syscall(SYS_times, &t);
		if (t.utime + t.stime >= 5)
			_exit(0);
	}
	_exit(1);
}

/* A reaped child's CPU time is added to cutime/cstime. */
static void times_counts_reaped_children(void)
{
	struct ticks t;

	REQUIRE(syscall(SYS_times, &t) != -1);
	EXPECT_EQ(t.cutime + t.cstime, 0);
	EXPECT_EQ(utest_child_status(burn_5_ticks, NULL), 0);
	REQUIRE(syscall(SYS_times, &t) != -1);
	EXPECT_GE(t.cutime + t.cstime, 5);
}

static const struct utest_case cases[] = {
    UTEST(monotonic_clock_never_goes_back),
    UTEST(monotonic_clock_advances_across_a_nanosleep),
    UTEST(realtime_clock_and_gettimeofday_agree),
    UTEST(realtime_clock_reads_the_date),
    UTEST(clock_gettime_rejects_an_unknown_clock),
    UTEST(clock_getres_is_at_most_a_tick),
    UTEST(nanosleep_rejects_a_bad_timespec),
    UTEST(clock_nanosleep_returns_the_error_number),
    UTEST(clock_nanosleep_abstime_sleeps_until_the_deadline),
    UTEST(nanosleep_interrupted_reports_the_time_left),
    UTEST(sched_yield_returns_0),
    UTEST(alarm_returns_the_seconds_left),
    UTEST(alarm_delivers_sigalrm_after_a_second),
    UTEST(alarm_with_the_default_action_kills),
    UTEST(setitimer_with_an_interval_fires_repeatedly),
    UTEST(getitimer_reports_the_time_left),
    UTEST(setitimer_rejects_bad_arguments),
    UTEST(fork_does_not_inherit_the_alarm),
    UTEST(execve_keeps_the_alarm),
    UTEST(times_returns_a_clock_that_advances),
    UTEST(times_counts_reaped_children),
};

int main(int argc, char **argv)
{
	self_path = argv[0];
	if (argc == 2 && strcmp(argv[1], "--alarm-left") == 0) {
		unsigned int left = alarm(0);

		return left >= 5 && left <= 7 ? 0 : 10;
	}
	return utest_main(cases, UTEST_COUNT(cases));
}
