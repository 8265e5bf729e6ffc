/*
 * utest.h - the harness of tide's in-QEMU system-call test programs.
 *
 * A test program is a table of cases and a main() that hands the table to
 * utest_main():
 *
 *	static void mmap_len0_is_einval(void)
 *	{
 *		EXPECT_ERRNO(mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS,
 *				  -1, 0), EINVAL);
 *	}
 *	static const struct utest_case cases[] = {
 *		UTEST(mmap_len0_is_einval),
 *	};
 *	int main(void) { return utest_main(cases, UTEST_COUNT(cases)); }
 *
 * Every case runs in its own forked child, so a case that crashes, or that
 * wrecks its address space on purpose, fails alone.  The parent judges a
 * case by its wait status only: exit status 0 is a pass; a non-zero exit or
 * death by a signal is a failure.  The output is TAP:
 *
 *	1..N
 *	#   t_mmap.c:42: p[0] == 0: 7 (0x7) != 0 (0x0)
 *	not ok 3 - mmap_memory_reads_zero
 *	ok 4 - ...
 *	# t_mmap: 41 passed, 1 failed
 *
 * Diagnostics ("#" lines) of a case come before its result line.  The exit
 * status of the program is 0 iff every case passed.
 *
 * Checks: EXPECT*() records a failure and lets the case go on; REQUIRE*()
 * records it and ends the case at once (use it when the rest of the case
 * makes no sense, e.g. after a failed mmap).  Everything here is
 * header-only and uses nothing but fork, waitpid, _exit and stdio, so the
 * same file builds against glibc and against tide's libc.  /proc helpers
 * live in uproc.h.
 */
#ifndef TIDE_TESTS_USER_UTEST_H
#define TIDE_TESTS_USER_UTEST_H

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/*
 * Seconds a case may run before SIGALRM (14) ends it as a failure.  Each
 * case starts with this alarm pending: a case that tests alarm() itself
 * should cancel it first with alarm(0).
 */
#define UTEST_TIMEOUT 60

/* The only page size on x86-64 (AT_PAGESZ); tide's tests rely on it. */
#define PAGE_SZ 4096UL

struct utest_case {
	void (*fn)(void);
	const char *name;
};

#define UTEST(fn)                                                              \
	{                                                                      \
		fn, #fn                                                        \
	}
#define UTEST_COUNT(table) ((int)(sizeof(table) / sizeof((table)[0])))

/* Set by a failed check; a case exits with status 1 if it is set. */
static int utest_failed;

/* Ends the current case (or a helper child) with its verdict. */
static inline void utest_end(void)
{
	fflush(stdout);
	_exit(utest_failed ? 1 : 0);
}

/* Prints one diagnostic line "#   file:line: ..." and marks the failure. */
#define UTEST_FAIL(...)                                                        \
	do {                                                                   \
		utest_failed = 1;                                              \
		printf("#   %s:%d: ", __FILE__, __LINE__);                     \
		printf(__VA_ARGS__);                                           \
		printf("\n");                                                  \
		fflush(stdout);                                                \
	} while (0)

#define EXPECT(cond)                                                           \
	do {                                                                   \
		if (!(cond))                                                   \
			UTEST_FAIL("check failed: %s", #cond);                 \
	} while (0)

/*
 * Compares as long long.  Equality works for any integer or pointer; for
 * the orderings, values at or above 2^63 (kernel addresses) read as
 * negative, so compare those by hand.
 */
#define UTEST_CMP(a, op, b)                                                    \
	do {                                                                   \
		long long utest_a_ = (long long)(a);                           \
		long long utest_b_ = (long long)(b);                           \
		if (!(utest_a_ op utest_b_))                                   \
			UTEST_FAIL("%s %s %s: %lld (0x%llx) vs %lld (0x%llx)", \
				   #a, #op, #b, utest_a_,                      \
				   (unsigned long long)utest_a_, utest_b_,     \
				   (unsigned long long)utest_b_);              \
	} while (0)

#define EXPECT_EQ(a, b) UTEST_CMP(a, ==, b)
#define EXPECT_NE(a, b) UTEST_CMP(a, !=, b)
#define EXPECT_LT(a, b) UTEST_CMP(a, <, b)
#define EXPECT_LE(a, b) UTEST_CMP(a, <=, b)
#define EXPECT_GT(a, b) UTEST_CMP(a, >, b)
#define EXPECT_GE(a, b) UTEST_CMP(a, >=, b)

#define EXPECT_STREQ(a, b)                                                     \
	do {                                                                   \
		const char *utest_sa_ = (a), *utest_sb_ = (b);                 \
		if (strcmp(utest_sa_, utest_sb_) != 0)                         \
			UTEST_FAIL("%s == %s: \"%s\" vs \"%s\"", #a, #b,       \
				   utest_sa_, utest_sb_);                      \
	} while (0)

/* The call must fail: return -1 (or MAP_FAILED, SIG_ERR...) with errno. */
#define EXPECT_ERRNO(call, err)                                                \
	do {                                                                   \
		errno = 0;                                                     \
		long long utest_r_ = (long long)(call);                        \
		int utest_e_ = errno;                                          \
		if (utest_r_ != -1 || utest_e_ != (err))                       \
			UTEST_FAIL("%s: returned %lld errno %d, expected "     \
				   "-1 errno %d (%s)",                         \
				   #call, utest_r_, utest_e_, (err), #err);    \
	} while (0)

/* The call must return 0 (most system calls' success value). */
#define EXPECT_OK(call)                                                        \
	do {                                                                   \
		errno = 0;                                                     \
		long long utest_r_ = (long long)(call);                        \
		if (utest_r_ != 0)                                             \
			UTEST_FAIL("%s: returned %lld errno %d, expected 0",   \
				   #call, utest_r_, errno);                    \
	} while (0)

/* REQUIRE*: as EXPECT*, but a failure ends the case at once. */
#define REQUIRE(cond)                                                          \
	do {                                                                   \
		EXPECT(cond);                                                  \
		if (utest_failed)                                              \
			utest_end();                                           \
	} while (0)
#define REQUIRE_EQ(a, b)                                                       \
	do {                                                                   \
		EXPECT_EQ(a, b);                                               \
		if (utest_failed)                                              \
			utest_end();                                           \
	} while (0)
#define REQUIRE_OK(call)                                                       \
	do {                                                                   \
		EXPECT_OK(call);                                               \
		if (utest_failed)                                              \
			utest_end();                                           \
	} while (0)

/*
 * Forks a child that runs fn(arg) and then exits with its verdict, so a
 * child's failed checks show up as exit status 1.  Returns the child's pid
 * (or -1 if fork failed); the caller waits for it.
 */
static inline pid_t utest_spawn(void (*fn)(void *), void *arg)
{
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		fn(arg);
		utest_end();
	}
	return pid;
}

/* Runs fn(arg) in a child; returns its wait status, or -1. */
static inline int utest_child_status(void (*fn)(void *), void *arg)
{
	pid_t pid = utest_spawn(fn, arg);
	int status;

	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

/* fn(arg), run in a child, must kill it with signal sig. */
#define EXPECT_SIGNAL(fn, arg, sig)                                            \
	do {                                                                   \
		int utest_st_ = utest_child_status(fn, arg);                   \
		if (utest_st_ == -1 || !WIFSIGNALED(utest_st_) ||              \
		    WTERMSIG(utest_st_) != (sig))                              \
			UTEST_FAIL("%s(%s): wait status 0x%x, expected "       \
				   "death by signal %d (%s)",                  \
				   #fn, #arg, utest_st_, (sig), #sig);         \
	} while (0)

/* fn(arg), run in a child, must return (or exit 0) without a signal. */
#define EXPECT_SURVIVES(fn, arg)                                               \
	do {                                                                   \
		int utest_st_ = utest_child_status(fn, arg);                   \
		if (utest_st_ != 0)                                            \
			UTEST_FAIL("%s(%s): wait status 0x%x, expected "       \
				   "exit 0",                                   \
				   #fn, #arg, utest_st_);                      \
	} while (0)

/* Probes for EXPECT_SIGNAL: touch one byte at addr, or call code at it. */
static inline void utest_read_byte(void *addr)
{
	(void)*(volatile char *)addr;
}

static inline void utest_write_byte(void *addr)
{
	*(volatile char *)addr = 1;
}

static inline void utest_call(void *code)
{
	((void (*)(void))code)();
}

/* Explains a case's wait status in a diagnostic line, if it failed. */
static inline void utest_explain(int status)
{
	if (status == 0)
		return;
	if (WIFSIGNALED(status))
		printf("#   case killed by signal %d\n", WTERMSIG(status));
	else if (WIFEXITED(status) && WEXITSTATUS(status) != 1)
		printf("#   case exited with status %d\n", WEXITSTATUS(status));
	else if (!WIFEXITED(status))
		printf("#   case ended with wait status 0x%x\n", status);
}

/*
 * Runs every case in its own child, in table order, and prints TAP.
 * Returns the exit status for main(): 0 iff all cases passed.
 */
static inline int utest_main(const struct utest_case *cases, int ncases)
{
	int failed = 0;

	printf("1..%d\n", ncases);
	for (int i = 0; i < ncases; i++) {
		int status = -1;
		pid_t pid;

		fflush(stdout);
		pid = fork();
		if (pid == 0) {
			utest_failed = 0;
			alarm(UTEST_TIMEOUT);
			cases[i].fn();
			utest_end();
		}
		if (pid < 0)
			printf("#   fork failed, errno %d\n", errno);
		else if (waitpid(pid, &status, 0) != pid)
			printf("#   waitpid failed, errno %d\n", errno);
		else
			utest_explain(status);
		if (status != 0)
			failed++;
		printf("%s %d - %s\n", status == 0 ? "ok" : "not ok", i + 1,
		       cases[i].name);
	}
	printf("# %d passed, %d failed\n", ncases - failed, failed);
	fflush(stdout);
	return failed ? 1 : 0;
}

#endif
