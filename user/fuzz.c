/*
 * fuzz: a system-call fuzzer for tide (and Linux).
 *
 *   fuzz [-s SEED] [-n CALLS] [-v]
 *
 * Makes CALLS (default 100000) random and adversarial calls of brk, mmap,
 * munmap, mprotect, madvise, mincore, read, write, open, close, lseek,
 * pipe, dup, fork and exit, and random touches of memory, and checks each
 * outcome against a model of what the process owns (the engine and its
 * rules are in tests/user/fuzz_engine.h; docs/robustness.md explains
 * what is guaranteed).  A run is reproducible from its seed: the seed is
 * printed first, and -v prints every call.
 *
 * Output: "fuzz: seed=S calls=N", a progress line every 10,000 calls, a
 * summary (calls, errors by errno, children killed by signal, the trace
 * hash that a run of the same seed on Linux should match), and the free
 * memory before and after.  The fuzzing runs in a child process; once it
 * is gone every frame it used must be free again, so on tide MemFree must
 * be exactly what it was (Linux's MemFree moves with everything else on
 * the machine, so there it is only printed).
 *
 * Exit status: 0 if the run finished and nothing looked wrong; 1 after
 * printing "FAIL seed=S call#=N: why"; 2 for a usage error.
 */
#include "../tests/user/fuzz_engine.h"

static void usage(void)
{
	dprintf(2, "usage: fuzz [-s SEED] [-n CALLS] [-v]\n");
	exit(2);
}

/* A seed from the clock and the pid, when none is given. */
static uint64_t time_seed(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ((uint64_t)ts.tv_sec * 1000000007ULL + (uint64_t)ts.tv_nsec) ^
	       ((uint64_t)getpid() << 32);
}

int main(int argc, char *argv[])
{
	struct fuzz_opts o = {0, 100000, 0, 1, ""};
	int have_seed = 0, opt, status;
	long before, after;
	char *end;

	while ((opt = getopt(argc, argv, "s:n:v")) != -1) {
		switch (opt) {
		case 's':
			o.seed = strtoull(optarg, &end, 0);
			if (*end)
				usage();
			have_seed = 1;
			break;
		case 'n':
			o.calls = strtoul(optarg, &end, 0);
			if (*end)
				usage();
			break;
		case 'v':
			o.verbose = 1;
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	if (!have_seed)
		o.seed = time_seed();
	printf("fuzz: seed=%llu calls=%lu\n", (unsigned long long)o.seed,
	       o.calls);
	fflush(stdout);

	status = fuzz_run(&o, 0, &before, &after);
	if (status != 0) {
		if (!(WIFEXITED(status) && WEXITSTATUS(status) == FZ_EXIT_FAIL))
			printf("FAIL seed=%llu: the fuzzing process ended with "
			       "wait status %#x\n",
			       (unsigned long long)o.seed, status);
		else
			printf("fuzz: reproduce with: fuzz -s %llu -n %lu -v\n",
			       (unsigned long long)o.seed, o.calls);
		return 1;
	}
	printf("memory: MemFree %ld kB before, %ld kB after%s\n", before, after,
	       fuzz_on_tide() ? "" : " (Linux: not exact, not checked)");
	if (fuzz_on_tide() && after != before) {
		printf(
		    "FAIL seed=%llu call#=%lu: %ld kB of memory did not come "
		    "back\n",
		    (unsigned long long)o.seed, o.calls, before - after);
		return 1;
	}
	printf("fuzz: ok\n");
	return 0;
}
