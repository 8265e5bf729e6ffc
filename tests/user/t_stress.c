/*
 * t_stress.c - many mappings, fork/exit cycles, brk churn, and exits that
 * leave every kind of mapping behind: the short versions that `make test`
 * runs (the counts are at the top).
 *
 * Each case checks what the calls return and what the process sees, on
 * Linux and on tide; on tide, where MemFree is exact (free frames times
 * 4 kB), it also checks that every kB comes back once the work is undone
 * or the process that did it is gone.  The test boot runs the kernel's
 * invariant checks ("check": the vma set, RSS against the page tables,
 * the free-frame count, and each mapped frame's reference count against
 * the mappings that hold it) after every call and every exit.
 *
 * Mapping up to vm.max_map_count itself (65530, so 100,000 mappings in
 * one process are ENOMEM on Linux and on tide alike) is t_limits's.
 */
#include "utest.h"
#include "uproc.h"
#include "filemap.h"

#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>

#define N_MAPPINGS   10000
#define N_FORKS	     1000
#define N_BRK_CYCLES 20000
#define RW	     (PROT_READ | PROT_WRITE)

/* Lines in /proc/self/maps: one per vma.  The whole buffer is written
 * on the first call, so a long read later faults in none of its pages
 * (which would count against MemFree). */
static long maps_lines(void)
{
	static char buf[1 << 20];
	static int touched;
	long n, lines = 0;

	if (!touched) {
		memset(buf, 1, sizeof(buf));
		touched = 1;
	}
	n = proc_read("/proc/self/maps", buf, sizeof(buf));
	for (long i = 0; i < n; i++)
		lines += buf[i] == '\n';
	return n < 0 ? -1 : lines;
}

/* On tide: MemFree must be back to before (kB).  Linux's moves with the
 * rest of the machine, so there it is not compared. */
static void expect_memory_back(long before)
{
	if (on_tide())
		EXPECT_EQ(mem_free_kb(), before);
}

/* n one-page mappings with a gap between each (so no two merge), each
 * written; then all unmapped.  Leaves the vma count where it found it. */
static void map_and_unmap(long n)
{
	size_t span = 2 * n * PAGE_SZ;
	long vmas = maps_lines();
	char *base =
	    mmap(NULL, span, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	REQUIRE(base != MAP_FAILED);
	REQUIRE_OK(munmap(base, span));
	for (long i = 0; i < n; i++) {
		char *p = base + 2 * i * PAGE_SZ;
		REQUIRE(mmap(p, PAGE_SZ, RW,
			     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1,
			     0) == p);
		p[0] = (char)i;
	}
	EXPECT_EQ(maps_lines(), vmas + n);
	for (long i = 0; i < n; i++)
		if (base[2 * i * PAGE_SZ] != (char)i)
			UTEST_FAIL("mapping %ld lost its byte", i);
	for (long i = 0; i < n; i++)
		REQUIRE_OK(munmap(base + 2 * i * PAGE_SZ, PAGE_SZ));
	EXPECT_EQ(maps_lines(), vmas);
}

/* N_MAPPINGS of them.  A small round first writes the test's own pages
 * that the work touches (errno, the maps buffer) for the first time, so
 * that the big round has to give back exactly what it took. */
static void ten_thousand_mappings_come_and_go(void)
{
	long before;

	map_and_unmap(16);
	before = mem_free_kb();
	map_and_unmap(N_MAPPINGS);
	expect_memory_back(before);
}

/* N_FORKS children, each writing a page of the parent's copy-on-write
 * memory and exiting with its own status. */
static void a_thousand_fork_exit_cycles(void)
{
	char *mem =
	    mmap(NULL, 16 * PAGE_SZ, RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	long before;

	REQUIRE(mem != MAP_FAILED);
	memset(mem, 7, 16 * PAGE_SZ);
	before = mem_free_kb();
	for (int i = 0; i < N_FORKS; i++) {
		int status;
		pid_t pid = fork();

		REQUIRE(pid >= 0);
		if (pid == 0) {
			mem[(i % 16) * PAGE_SZ] = 1; /* a private copy */
			_exit(mem[((i + 1) % 16) * PAGE_SZ] == 7 ? i % 100
								 : 200);
		}
		REQUIRE_EQ(waitpid(pid, &status, 0), pid);
		if (!WIFEXITED(status) || WEXITSTATUS(status) != i % 100)
			UTEST_FAIL("child %d: wait status %#x", i, status);
	}
	for (int i = 0; i < 16; i++)
		EXPECT_EQ(mem[i * PAGE_SZ], 7); /* the children's writes */
	expect_memory_back(before);
}

/* The break up a page, a byte written there, and back down. */
static void brk_grows_and_shrinks_20000_times(void)
{
	char *start = sbrk(0);
	long before;

	REQUIRE(start != (char *)-1);
	before = mem_free_kb();
	for (int i = 0; i < N_BRK_CYCLES; i++) {
		char *p = sbrk((intptr_t)PAGE_SZ);
		if (p != start)
			UTEST_FAIL("cycle %d: sbrk gave %p, not %p", i,
				   (void *)p, (void *)start);
		p[PAGE_SZ - 1] = 1;
		REQUIRE(sbrk(-(intptr_t)PAGE_SZ) != (void *)-1);
	}
	EXPECT_EQ((char *)sbrk(0), start);
	expect_memory_back(before);
}

/* In a child: one of each kind of mapping, touched, then _exit without
 * unmapping anything. */
static void map_everything_and_exit(void *arg)
{
	const char *path = arg;
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	char *anon, *shanon, *priv, *shfile, *none, *split;

	REQUIRE(fd >= 0);
	REQUIRE_OK(ftruncate(fd, 8 * PAGE_SZ));
	REQUIRE_OK(unlink(path)); /* the mappings keep the file alive */
	anon = mmap(NULL, 8 * PAGE_SZ, RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	shanon = mmap(NULL, 8 * PAGE_SZ, RW, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	priv = mmap(NULL, 8 * PAGE_SZ, RW, MAP_PRIVATE, fd, 0);
	shfile = mmap(NULL, 8 * PAGE_SZ, RW, MAP_SHARED, fd, 0);
	none = mmap(NULL, 4 * PAGE_SZ, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
		    -1, 0);
	split = mmap(NULL, 8 * PAGE_SZ, RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	REQUIRE(anon != MAP_FAILED && shanon != MAP_FAILED);
	REQUIRE(priv != MAP_FAILED && shfile != MAP_FAILED);
	REQUIRE(none != MAP_FAILED && split != MAP_FAILED);
	close(fd);
	memset(anon, 1, 8 * PAGE_SZ);
	memset(shanon, 2, 8 * PAGE_SZ);
	memset(shfile, 3, 8 * PAGE_SZ);
	memset(priv, 4, 4 * PAGE_SZ); /* half copied, half the file's */
	EXPECT_EQ(priv[5 * PAGE_SZ], 3);
	memset(split, 5, 8 * PAGE_SZ);
	REQUIRE_OK(mprotect(split + 2 * PAGE_SZ, 2 * PAGE_SZ, PROT_READ));
	REQUIRE_OK(madvise(split + 5 * PAGE_SZ, PAGE_SZ, MADV_DONTNEED));
	REQUIRE(sbrk(16 * PAGE_SZ) != (void *)-1);
	memset((char *)sbrk(0) - 16 * PAGE_SZ, 6, 16 * PAGE_SZ);
	REQUIRE(fork() >= 0); /* a child sharing all of it; both exit */
	_exit(utest_failed);
}

static void exit_with_every_kind_of_mapping_frees_everything(void)
{
	char path[64];
	long before;
	int status;
	pid_t pid;

	snprintf(path, sizeof(path), "/tmp/t_stress.%d", (int)getpid());
	before = mem_free_kb();
	pid = utest_spawn(map_everything_and_exit, path);
	REQUIRE(pid > 0);
	REQUIRE_EQ(waitpid(pid, &status, 0), pid);
	EXPECT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	/* The grandchild forked at the end: an orphan, reaped by init. */
	for (int i = 0; i < 100 && on_tide() && mem_free_kb() != before; i++)
		sleep_ms(10);
	expect_memory_back(before);
}

static const struct utest_case cases[] = {
    UTEST(ten_thousand_mappings_come_and_go),
    UTEST(a_thousand_fork_exit_cycles),
    UTEST(brk_grows_and_shrinks_20000_times),
    UTEST(exit_with_every_kind_of_mapping_frees_everything),
};

int main(void)
{
	return utest_main(cases, UTEST_COUNT(cases));
}
