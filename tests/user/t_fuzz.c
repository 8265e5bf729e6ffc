/*
 * t_fuzz.c - the system-call fuzzer's short runs, for `make test`.
 *
 * Each case runs the engine of tests/user/fuzz_engine.h (the same one
 * as /bin/fuzz and `make fuzz`) with a fixed seed: every call's outcome
 * is predicted from the fuzzer's model of its memory and files and must
 * be what Linux gives, children that touch memory must die by exactly the
 * predicted signal, and data must read back as the model says.  The run
 * must end cleanly, and on tide, where MemFree is exact, every kB must be
 * free again once the fuzzing process is gone (the test boot also runs
 * the kernel's invariant checks after every call and exit).
 *
 * The same seeds pass on Linux: that is what makes the model Linux's.
 * A failure prints "FAIL seed=S call#=N: why"; `fuzz -s S -n N -v` (on
 * tide: make exec PROG='fuzz -s S -n N -v') replays it call by call.
 */
#include "fuzz_engine.h"
#include "utest.h"

/* Runs seed for calls calls; fails unless it passes and, on tide, gives
 * every kB of memory back. */
static void fuzz_seed(uint64_t seed, unsigned long calls)
{
	struct fuzz_opts o = {seed, calls, 0, 0, "# "};
	long before, after;
	int status = fuzz_run(&o, UTEST_TIMEOUT - 5, &before, &after);

	if (status != 0)
		UTEST_FAIL("seed %llu: wait status %#x (see FAIL above)",
			   (unsigned long long)seed, status);
	if (fuzz_on_tide())
		EXPECT_EQ(after, before);
}

/* The figure: at least 100,000 calls in make test. */
static void seed_1_runs_100000_calls(void)
{
	fuzz_seed(1, 100000);
}

static void seed_7_runs_30000_calls(void)
{
	fuzz_seed(7, 30000);
}

static const struct utest_case cases[] = {
    UTEST(seed_1_runs_100000_calls),
    UTEST(seed_7_runs_30000_calls),
};

int main(void)
{
	return utest_main(cases, UTEST_COUNT(cases));
}
