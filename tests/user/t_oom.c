/*
 * t_oom.c - running out of memory and out of processes, on tide only.
 *
 * A process that touches more memory than the machine has is killed
 * with SIGKILL (Linux's OOM killer does the same to the biggest process;
 * tide kills the one whose fault could not be served); its parent goes
 * on, and every frame comes back.  A fork loop ends with fork() failing
 * (EAGAIN: tide has a fixed table of processes), and the machine
 * recovers once the children are reaped.
 *
 * These cases exhaust the machine on purpose, so on Linux they are not
 * run: each prints "ok N - name # SKIP needs tide" (never exhaust the
 * host).  On tide MemFree is exact, so memory is checked to the kB.
 */
#include "utest.h"
#include "uproc.h"
#include "filemap.h"

#define RW (PROT_READ | PROT_WRITE)

/* Maps 2 x MemTotal of the given kind and writes every page. */
static void touch_twice_memtotal(void *arg)
{
	int flags = *(int *)arg;
	long total_kb = meminfo_kb("MemTotal");
	size_t len, i;
	char *p;

	REQUIRE(total_kb > 0);
	len = (size_t)total_kb * 1024 * 2;
	p = mmap(NULL, len, RW, flags | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	REQUIRE(p != MAP_FAILED);
	for (i = 0; i < len; i += PAGE_SZ)
		p[i] = 1;
	UTEST_FAIL("touched %zu bytes and was not killed", len);
}

/* Maps and writes 1 MiB: the machine is usable again. */
static void touch_1_mib(void *arg)
{
	size_t len = 1UL << 20;
	char *p = mmap(NULL, len, RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	(void)arg;
	REQUIRE(p != MAP_FAILED);
	memset(p, 'r', len);
	EXPECT_EQ(count_not(p, len, 'r'), 0);
}

/*
 * The child that runs out is killed by SIGKILL, twice in a row; after
 * each, MemFree is back exactly where it was, and a new child can use
 * memory again.
 */
static void oom_kills_the_toucher(int flags)
{
	long before, after;
	int status;

	EXPECT_SURVIVES(touch_1_mib, NULL); /* warm up */
	for (int round = 0; round < 2; round++) {
		before = mem_free_kb();
		status = utest_child_status(touch_twice_memtotal, &flags);
		after = mem_free_kb();
		EXPECT(status != -1 && WIFSIGNALED(status));
		EXPECT_EQ(WTERMSIG(status), SIGKILL);
		EXPECT_EQ(after, before);
		EXPECT_SURVIVES(touch_1_mib, NULL);
	}
}

static void oom_in_private_memory_is_sigkill_and_frees_all(void)
{
	oom_kills_the_toucher(MAP_PRIVATE);
}

static void oom_in_shared_memory_is_sigkill_and_frees_all(void)
{
	oom_kills_the_toucher(MAP_SHARED);
}

#define FORK_LIMIT 4096 /* far above tide's table of processes */

static int forked_pids[FORK_LIMIT];

/*
 * Forks children that wait on a pipe until fork fails; then lets them
 * all go and reaps every one.
 */
static void fork_until_it_fails(void *arg)
{
	int n = 0, err = 0, gate[2];
	pid_t pid;

	(void)arg;
	REQUIRE_OK(pipe(gate));
	fflush(stdout);
	while (n < FORK_LIMIT) {
		pid = fork();
		if (pid == 0) {
			char c;

			close(gate[1]);
			_exit(read(gate[0], &c, 1) == 0 ? 0 : 3);
		}
		if (pid < 0) {
			err = errno;
			break;
		}
		forked_pids[n++] = pid;
	}
	close(gate[1]); /* every child reads end of file and exits */
	EXPECT_LT(n, FORK_LIMIT);
	EXPECT_GT(n, 0);
	EXPECT_EQ(err, EAGAIN);
	for (int i = 0; i < n; i++) {
		int status = -1;

		EXPECT_EQ(waitpid(forked_pids[i], &status, 0), forked_pids[i]);
		EXPECT_EQ(status, 0);
	}
	EXPECT_ERRNO(wait(NULL), ECHILD);
	printf("#   forked %d children before %s\n", n,
	       err == EAGAIN ? "EAGAIN" : "a failure");
	/* The slots are free again. */
	pid = fork();
	if (pid == 0)
		_exit(0);
	EXPECT_GT(pid, 0);
	EXPECT_EQ(waitpid(pid, NULL, 0), pid);
}

static void fork_loop_ends_with_eagain_and_all_are_reaped(void)
{
	long before, after;

	EXPECT_SURVIVES(touch_1_mib, NULL); /* warm up */
	before = mem_free_kb();
	EXPECT_SURVIVES(fork_until_it_fails, NULL);
	after = mem_free_kb();
	EXPECT_EQ(after, before);
}

static const struct utest_case cases[] = {
    UTEST(oom_in_private_memory_is_sigkill_and_frees_all),
    UTEST(oom_in_shared_memory_is_sigkill_and_frees_all),
    UTEST(fork_loop_ends_with_eagain_and_all_are_reaped),
};

int main(void)
{
	int n = UTEST_COUNT(cases);

	if (on_tide())
		return utest_main(cases, n);
	printf("1..%d\n", n);
	for (int i = 0; i < n; i++)
		printf("ok %d - %s # SKIP needs tide\n", i + 1, cases[i].name);
	printf("# %d passed, 0 failed (%d skipped: they exhaust the "
	       "machine)\n",
	       n, n);
	return 0;
}
