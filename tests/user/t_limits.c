/*
 * t_limits.c - resource limits and facts about the system: rlimits and
 * what they limit (RLIMIT_AS, DATA, NOFILE, STACK), uname, ids, CPU
 * affinity, vm.max_map_count, oom_score_adj, mremap, the mlock family,
 * /dev/zero, /dev/null and /dev/urandom, statfs.
 *
 * A limit is lowered only inside the case's own child (every case runs in
 * one), never raised: raising a hard limit needs CAP_SYS_RESOURCE, which
 * even root may lack on Linux (containers drop it).
 *
 * Memory a case counts is read from /proc/self/status (VmLck) with nothing
 * but the call under test in between; see uproc.h.
 */
#define _GNU_SOURCE /* mremap */
#include "utest.h"
#include "uproc.h"

#include <fcntl.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/utsname.h>

#define RW   (PROT_READ | PROT_WRITE)
#define ANON (MAP_PRIVATE | MAP_ANONYMOUS)
#define MIB  (1UL << 20)

/* prlimit64's struct (struct rlimit has the same layout on x86-64). */
struct rlimit64_k {
	uint64_t cur, max;
};

/* statfs's struct on x86-64 (tide's libc has no <sys/statfs.h>). */
struct statfs_k {
	long type, bsize, blocks, bfree, bavail, files, ffree;
	int fsid[2];
	long namelen, frsize, flags, spare[4];
};

static int set_limit(int resource, rlim_t cur, rlim_t max)
{
	struct rlimit rl = {cur, max};

	return setrlimit(resource, &rl);
}

static int wait_status(pid_t pid)
{
	int status = -1;

	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

/* Cases: rlimits. */
static void every_rlimit_has_cur_at_most_max(void)
{
	struct rlimit rl;
	struct rlimit64_k k;

	for (int r = 0; r < RLIMIT_NLIMITS; r++) {
		REQUIRE_OK(getrlimit(r, &rl));
		EXPECT(rl.rlim_cur <= rl.rlim_max);
		REQUIRE_OK(syscall(SYS_prlimit64, 0, r, NULL, &k));
		EXPECT_EQ(k.cur, rl.rlim_cur);
		EXPECT_EQ(k.max, rl.rlim_max);
	}
	EXPECT_ERRNO(getrlimit(RLIMIT_NLIMITS, &rl), EINVAL);
	EXPECT_ERRNO(syscall(SYS_getrlimit, 1000, &rl), EINVAL);
	EXPECT_ERRNO(syscall(SYS_prlimit64, 0, 1000, NULL, &k), EINVAL);
}

static void setrlimit_lowers_and_getrlimit_reads_back(void)
{
	struct rlimit rl;
	struct rlimit64_k k, old, bad = {20, 10};

	REQUIRE_OK(set_limit(RLIMIT_NOFILE, 50, 60));
	REQUIRE_OK(getrlimit(RLIMIT_NOFILE, &rl));
	EXPECT_EQ(rl.rlim_cur, 50);
	EXPECT_EQ(rl.rlim_max, 60);
	k.cur = 40;
	k.max = 60;
	EXPECT_OK(syscall(SYS_prlimit64, getpid(), RLIMIT_NOFILE, &k, &old));
	EXPECT_EQ(old.cur, 50);
	EXPECT_EQ(old.max, 60);
	REQUIRE_OK(getrlimit(RLIMIT_NOFILE, &rl));
	EXPECT_EQ(rl.rlim_cur, 40);
	EXPECT_EQ(sysconf(_SC_OPEN_MAX), 40);
	EXPECT_ERRNO(set_limit(RLIMIT_NOFILE, 70, 60), EINVAL); /* cur > max */
	EXPECT_ERRNO(syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, &bad, NULL),
		     EINVAL);
	/* A NOFILE beyond fs.nr_open is refused even to root. */
	EXPECT_ERRNO(set_limit(RLIMIT_NOFILE, 10, RLIM_INFINITY), EPERM);
	REQUIRE_OK(getrlimit(RLIMIT_NOFILE, &rl));
	EXPECT_EQ(rl.rlim_cur, 40); /* the failed calls changed nothing */
	EXPECT_EQ(rl.rlim_max, 60);
}

/* Sleeps until the pipe says go, then checks what prlimit gave it. */
static void check_limit_given(void *fds)
{
	int *fd = fds;
	struct rlimit rl;
	char c;

	close(fd[1]);
	if (read(fd[0], &c, 1) != 1)
		_exit(2);
	if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
		_exit(3);
	_exit(rl.rlim_cur == 32 && rl.rlim_max == 48 ? 0 : 4);
}

static void prlimit64_sets_another_process_limits(void)
{
	struct rlimit rl;
	struct rlimit64_k want = {32, 48}, old;
	int fd[2];
	pid_t pid;

	REQUIRE_OK(set_limit(RLIMIT_NOFILE, 50, 60));
	REQUIRE_OK(pipe(fd));
	pid = utest_spawn(check_limit_given, fd);
	REQUIRE(pid > 0);
	EXPECT_OK(syscall(SYS_prlimit64, pid, RLIMIT_NOFILE, &want, &old));
	EXPECT_EQ(old.cur, 50); /* inherited through fork */
	EXPECT_EQ(old.max, 60);
	EXPECT_EQ(write(fd[1], "x", 1), 1);
	EXPECT_EQ(wait_status(pid), 0);
	REQUIRE_OK(getrlimit(RLIMIT_NOFILE, &rl));
	EXPECT_EQ(rl.rlim_cur, 50); /* ours did not change */
	EXPECT_ERRNO(syscall(SYS_prlimit64, pid, RLIMIT_NOFILE, NULL, &old),
		     ESRCH); /* reaped */
}

static void rlimit_as_makes_a_big_mmap_fail(void)
{
	void *p;

	REQUIRE_OK(set_limit(RLIMIT_AS, 64 * MIB, 64 * MIB));
	EXPECT_ERRNO(mmap(NULL, 128 * MIB, PROT_NONE, ANON, -1, 0), ENOMEM);
	EXPECT_ERRNO(
	    mmap(NULL, 128 * MIB, RW, MAP_SHARED | MAP_ANONYMOUS, -1, 0),
	    ENOMEM);
	p = mmap(NULL, MIB, RW, ANON, -1, 0);
	REQUIRE(p != MAP_FAILED);
	EXPECT_ERRNO(sbrk(128 * MIB), ENOMEM);
	EXPECT_ERRNO(mremap(p, MIB, 128 * MIB, MREMAP_MAYMOVE), ENOMEM);
	EXPECT_OK(munmap(p, MIB));
}

/* RLIMIT_DATA counts the heap and private writable mappings only. */
static void rlimit_data_limits_brk_and_private_writable_memory(void)
{
	void *p;

	REQUIRE_OK(set_limit(RLIMIT_DATA, 4 * MIB, 4 * MIB));
	EXPECT_ERRNO(sbrk(8 * MIB), ENOMEM);
	EXPECT(sbrk(64 * 1024) != (void *)-1);
	EXPECT_ERRNO(mmap(NULL, 8 * MIB, RW, ANON, -1, 0), ENOMEM);
	p = mmap(NULL, 8 * MIB, PROT_READ, ANON, -1, 0);
	EXPECT(p != MAP_FAILED);
	p = mmap(NULL, 8 * MIB, RW, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	EXPECT(p != MAP_FAILED);
}

static void rlimit_nofile_caps_descriptor_numbers(void)
{
	int fd[2], last = -1, err = 0;

	REQUIRE_OK(set_limit(RLIMIT_NOFILE, 10, 10));
	for (int i = 0; i < 20; i++) {
		int f = open("/dev/null", O_RDONLY);

		if (f < 0) {
			err = errno;
			break;
		}
		EXPECT_LT(f, 10);
		last = f;
	}
	EXPECT_EQ(err, EMFILE);
	EXPECT_EQ(last, 9);
	for (int f = 0; f < 10; f++)
		EXPECT(fcntl(f, F_GETFD) >= 0); /* all ten are in use */
	EXPECT_ERRNO(open("/dev/null", O_RDONLY), EMFILE);
	EXPECT_ERRNO(pipe(fd), EMFILE);
	EXPECT_ERRNO(dup(0), EMFILE);
	EXPECT_ERRNO(dup2(0, 10), EBADF);
	EXPECT_ERRNO(fcntl(0, F_DUPFD, 10), EINVAL);
	EXPECT_OK(close(9));
	EXPECT_EQ(dup(0), 9);
}

static volatile int stack_sink;

/* Recursion using about depth KiB of stack. */
static int use_stack(int depth)
{
	volatile char pad[1000];

	pad[0] = (char)depth;
	pad[999] = (char)depth;
	if (depth <= 0)
		return 0;
	return use_stack(depth - 1) + pad[0] + pad[999];
}

static void use_512k_of_stack_under(void *limit)
{
	struct rlimit rl = {(rlim_t)(uintptr_t)limit, (rlim_t)(uintptr_t)limit};

	if (setrlimit(RLIMIT_STACK, &rl) < 0)
		_exit(2);
	stack_sink = use_stack(512);
	_exit(0);
}

/* The stack may grow up to RLIMIT_STACK, read when it grows. */
static void rlimit_stack_limits_stack_growth(void)
{
	EXPECT_SURVIVES(use_512k_of_stack_under, (void *)(2 * MIB));
	EXPECT_SIGNAL(use_512k_of_stack_under, (void *)(256 * 1024), SIGSEGV);
}

/* Cases: who and where we are. */
static void uname_says_linux_on_x86_64(void)
{
	struct utsname u;
	char host[65];

	memset(&u, 0, sizeof(u));
	REQUIRE_OK(uname(&u));
	EXPECT_STREQ(u.sysname, "Linux");
	EXPECT_STREQ(u.machine, "x86_64");
	EXPECT(u.release[0] >= '1' && u.release[0] <= '9');
	EXPECT(strchr(u.release, '.') != NULL);
	EXPECT(u.version[0] != '\0');
	EXPECT(u.nodename[0] != '\0');
	REQUIRE_OK(gethostname(host, sizeof(host)));
	EXPECT_STREQ(host, u.nodename);
	EXPECT_ERRNO(syscall(SYS_uname, (void *)16), EFAULT);
}

static void ids_are_consistent(void)
{
	EXPECT_EQ(getuid(), syscall(SYS_getuid));
	EXPECT_EQ(geteuid(), syscall(SYS_geteuid));
	EXPECT_EQ(getgid(), syscall(SYS_getgid));
	EXPECT_EQ(getegid(), syscall(SYS_getegid));
	EXPECT_EQ(getuid(), geteuid()); /* not a setuid program */
	EXPECT_EQ(getgid(), getegid());
}

static void sched_getaffinity_has_a_cpu(void)
{
	unsigned long mask[16];
	long n;
	int cpus = 0;

	memset(mask, 0, sizeof(mask));
	n = syscall(SYS_sched_getaffinity, 0, sizeof(mask), mask);
	REQUIRE(n > 0);
	EXPECT_EQ(n % 8, 0);
	EXPECT_LE(n, (long)sizeof(mask));
	for (long i = 0; i < n / 8; i++)
		cpus += __builtin_popcountl(mask[i]);
	EXPECT_GE(cpus, 1);
	EXPECT_EQ(syscall(SYS_sched_getaffinity, getpid(), sizeof(mask), mask),
		  n);
	EXPECT_ERRNO(syscall(SYS_sched_getaffinity, 0, 4, mask), EINVAL);
	EXPECT_ERRNO(
	    syscall(SYS_sched_getaffinity, 99999999, sizeof(mask), mask),
	    ESRCH);
}

/* Cases: the number of mappings. */
static long read_number(const char *path)
{
	static char buf[64];

	if (proc_read(path, buf, sizeof(buf)) < 0)
		return -1;
	return strtol(buf, NULL, 10);
}

static void max_map_count_is_a_number(void)
{
	static char buf[64];
	long n = proc_read("/proc/sys/vm/max_map_count", buf, sizeof(buf));

	REQUIRE(n > 1);
	EXPECT_EQ(buf[n - 1], '\n');
	EXPECT_GT(strtol(buf, NULL, 10), 1000);
	EXPECT_EQ((long)strspn(buf, "0123456789"), n - 1);
}

/* The vmas of this process: maps lines, except the [vsyscall] page that
 * Linux shows but does not count (it is not a vma). */
static int vma_count(void)
{
	static struct maps m;
	struct maps_line ml;
	int n = 0;

	if (maps_load(&m) < 0)
		return -1;
	for (const char *p = maps_next(m.text, &ml); p; p = maps_next(p, &ml))
		if (strcmp(ml.name, "[vsyscall]") != 0)
			n++;
	return n;
}

/*
 * mprotect of every other page splits one vma into more, two at a time:
 *
 *	r r r r r r r ...  ->  r W r W r r r ...
 *
 * until the process has vm.max_map_count vmas; the next split is ENOMEM.
 */
static void splitting_beyond_max_map_count_is_enomem(void)
{
	long max = read_number("/proc/sys/vm/max_map_count");
	size_t npages;
	int vmas, done = 0;
	char *p;

	REQUIRE(max > 0);
	npages = (size_t)max + 64;
	p = mmap(NULL, npages * PAGE_SZ, PROT_READ, ANON, -1, 0);
	REQUIRE(p != MAP_FAILED);
	vmas = vma_count();
	REQUIRE(vmas > 0);
	for (size_t i = 1; i + 1 < npages; i += 2) {
		if (mprotect(p + i * PAGE_SZ, PAGE_SZ, RW) < 0)
			break;
		done++;
	}
	EXPECT_EQ(errno, ENOMEM);
	EXPECT_LE(vmas + 2L * done, max);
	EXPECT_GE(vmas + 2L * done, max - 1);
	EXPECT_OK(munmap(p, npages * PAGE_SZ));
	EXPECT_EQ(vma_count(), vmas - 1);
}

/* Cases: oom_score_adj. */
static void oom_score_adj_reads_back_what_was_written(void)
{
	long initial = read_number("/proc/self/oom_score_adj");
	int fd;

	/* Usually 0; raising it needs no privilege, lowering does. */
	REQUIRE(initial >= -1000 && initial <= 500);
	fd = open("/proc/self/oom_score_adj", O_WRONLY);
	REQUIRE(fd >= 0);
	EXPECT_EQ(write(fd, "500", 3), 3);
	EXPECT_EQ(read_number("/proc/self/oom_score_adj"), 500);
	EXPECT_ERRNO(write(fd, "2000", 4), EINVAL);
	EXPECT_ERRNO(write(fd, "-1001", 5), EINVAL);
	EXPECT_ERRNO(write(fd, "abc", 3), EINVAL);
	EXPECT_EQ(read_number("/proc/self/oom_score_adj"), 500);
	EXPECT_EQ(write(fd, "1000\n", 5), 5);
	EXPECT_EQ(read_number("/proc/self/oom_score_adj"), 1000);
	close(fd);
}

/* Cases: mremap. */
static void fill(char *p, size_t len, char seed)
{
	for (size_t i = 0; i < len; i += PAGE_SZ / 4)
		p[i] = (char)(seed + i / (PAGE_SZ / 4));
}

static int same_fill(const char *p, size_t len, char seed)
{
	for (size_t i = 0; i < len; i += PAGE_SZ / 4)
		if (p[i] != (char)(seed + i / (PAGE_SZ / 4)))
			return 0;
	return 1;
}

/* A . .  ->  A A A  (the pages after it were free) */
static void mremap_grows_in_place(void)
{
	char *p = mmap(NULL, 3 * PAGE_SZ, RW, ANON, -1, 0);

	REQUIRE(p != MAP_FAILED);
	REQUIRE_OK(munmap(p + PAGE_SZ, 2 * PAGE_SZ));
	fill(p, PAGE_SZ, 1);
	EXPECT(mremap(p, PAGE_SZ, 3 * PAGE_SZ, 0) == p);
	EXPECT(same_fill(p, PAGE_SZ, 1));
	EXPECT_EQ(p[2 * PAGE_SZ + 5], 0); /* the new pages are zero */
	p[3 * PAGE_SZ - 1] = 7;
	EXPECT_EQ(resident_pages(p, 3), 2);
}

/* A A G  ->  . . G ... A A A A  (G is in the way) */
static void mremap_maymove_moves_and_keeps_the_data(void)
{
	char *p = mmap(NULL, 3 * PAGE_SZ, RW, ANON, -1, 0), *q;

	REQUIRE(p != MAP_FAILED);
	REQUIRE_OK(mprotect(p + 2 * PAGE_SZ, PAGE_SZ, PROT_READ));
	fill(p, 2 * PAGE_SZ, 3);
	EXPECT_ERRNO(mremap(p, 2 * PAGE_SZ, 4 * PAGE_SZ, 0), ENOMEM);
	q = mremap(p, 2 * PAGE_SZ, 4 * PAGE_SZ, MREMAP_MAYMOVE);
	REQUIRE(q != MAP_FAILED);
	EXPECT(q != p);
	EXPECT(same_fill(q, 2 * PAGE_SZ, 3));
	EXPECT_EQ(q[3 * PAGE_SZ], 0);
	EXPECT_EQ(resident_pages(p, 2), -1); /* the old range is gone */
	EXPECT_EQ(errno, ENOMEM);
	EXPECT_EQ(resident_pages(p + 2 * PAGE_SZ, 1), 0); /* G stays */
}

static void mremap_shrinks_in_place(void)
{
	char *p = mmap(NULL, 4 * PAGE_SZ, RW, ANON, -1, 0);

	REQUIRE(p != MAP_FAILED);
	fill(p, 4 * PAGE_SZ, 5);
	EXPECT(mremap(p, 4 * PAGE_SZ, PAGE_SZ, 0) == p);
	EXPECT(same_fill(p, PAGE_SZ, 5));
	EXPECT_EQ(resident_pages(p + PAGE_SZ, 3), -1);
	EXPECT_EQ(resident_pages(p, 1), 1);
}

/* T T T T  ->  T A A T  (A moved onto the middle of T) */
static void mremap_fixed_moves_to_the_chosen_address(void)
{
	char *p = mmap(NULL, 2 * PAGE_SZ, RW, ANON, -1, 0);
	char *t = mmap(NULL, 4 * PAGE_SZ, PROT_NONE, ANON, -1, 0);

	REQUIRE(p != MAP_FAILED && t != MAP_FAILED);
	fill(p, 2 * PAGE_SZ, 9);
	EXPECT_ERRNO(
	    mremap(p, 2 * PAGE_SZ, 2 * PAGE_SZ, MREMAP_FIXED, t + PAGE_SZ),
	    EINVAL); /* FIXED needs MAYMOVE */
	EXPECT_ERRNO(mremap(p, 2 * PAGE_SZ, 2 * PAGE_SZ,
			    MREMAP_MAYMOVE | MREMAP_FIXED, p + PAGE_SZ),
		     EINVAL); /* overlapping */
	EXPECT(mremap(p, 2 * PAGE_SZ, 2 * PAGE_SZ,
		      MREMAP_MAYMOVE | MREMAP_FIXED,
		      t + PAGE_SZ) == t + PAGE_SZ);
	EXPECT(same_fill(t + PAGE_SZ, 2 * PAGE_SZ, 9));
	EXPECT_EQ(resident_pages(p, 2), -1);
	EXPECT_EQ(resident_pages(t, 1), 0);
	EXPECT_EQ(resident_pages(t + 3 * PAGE_SZ, 1), 0);
	EXPECT_EQ(mprotect(t, 4 * PAGE_SZ, PROT_READ), 0); /* no hole */
}

static void mremap_rejects_bad_ranges(void)
{
	char *p = mmap(NULL, 2 * PAGE_SZ, RW, ANON, -1, 0);

	REQUIRE(p != MAP_FAILED);
	REQUIRE_OK(munmap(p, 2 * PAGE_SZ));
	EXPECT_ERRNO(mremap(p, PAGE_SZ, 2 * PAGE_SZ, MREMAP_MAYMOVE), EFAULT);
	p = mmap(NULL, 2 * PAGE_SZ, RW, ANON, -1, 0);
	REQUIRE(p != MAP_FAILED);
	EXPECT_ERRNO(mremap(p + 1, PAGE_SZ, 2 * PAGE_SZ, MREMAP_MAYMOVE),
		     EINVAL);
	EXPECT_ERRNO(mremap(p, PAGE_SZ, 0, MREMAP_MAYMOVE), EINVAL);
	EXPECT_ERRNO(mremap(p, PAGE_SZ, PAGE_SZ, 0x80), EINVAL);
	EXPECT_ERRNO(mremap(p, 4 * PAGE_SZ, 8 * PAGE_SZ, MREMAP_MAYMOVE),
		     EFAULT); /* the old range runs past the mapping */
}

/* Cases: locking. */
static void mlock_shows_in_vmlck(void)
{
	char *p = mmap(NULL, 16 * PAGE_SZ, RW, ANON, -1, 0);
	long before, locked, after;

	REQUIRE(p != MAP_FAILED);
	before = status_kb("VmLck");
	EXPECT_EQ(before, 0);
	REQUIRE_OK(mlock(p, 16 * PAGE_SZ));
	locked = status_kb("VmLck");
	EXPECT_EQ(locked - before, 64);
	EXPECT_EQ(resident_pages(p, 16), 16); /* mlock faults them in */
	REQUIRE_OK(munlock(p, 16 * PAGE_SZ));
	after = status_kb("VmLck");
	EXPECT_EQ(after, 0);
	EXPECT_ERRNO(mlock(p + 16 * PAGE_SZ, 16 * PAGE_SZ), ENOMEM);
	EXPECT_OK(munmap(p, 16 * PAGE_SZ));
	EXPECT_ERRNO(mlock(p, PAGE_SZ), ENOMEM); /* unmapped */
}

static void mlockall_and_munlockall(void)
{
	char *p;

	p = mmap(NULL, 16 * PAGE_SZ, RW, ANON, -1, 0);
	REQUIRE(p != MAP_FAILED);
	EXPECT_ERRNO(mlockall(0), EINVAL);
	REQUIRE_OK(mlockall(MCL_CURRENT));
	/* All but special mappings ([vdso], [vvar]) are locked. */
	EXPECT_GE(status_kb("VmLck"), 64);
	EXPECT_LE(status_kb("VmLck"), status_kb("VmSize"));
	EXPECT_EQ(resident_pages(p, 16), 16);
	REQUIRE_OK(munlockall());
	EXPECT_EQ(status_kb("VmLck"), 0);
	REQUIRE_OK(mlockall(MCL_FUTURE));
	EXPECT_EQ(status_kb("VmLck"), 0);
	p = mmap(NULL, 8 * PAGE_SZ, RW, ANON, -1, 0);
	REQUIRE(p != MAP_FAILED);
	EXPECT_EQ(status_kb("VmLck"), 32);
	EXPECT_EQ(resident_pages(p, 8), 8);
	REQUIRE_OK(munlockall());
	EXPECT_EQ(status_kb("VmLck"), 0);
}

static void map_locked_shows_in_vmlck(void)
{
	char *p;

	EXPECT_EQ(status_kb("VmLck"), 0);
	p = mmap(NULL, 8 * PAGE_SZ, RW, ANON | MAP_LOCKED, -1, 0);
	REQUIRE(p != MAP_FAILED);
	EXPECT_EQ(status_kb("VmLck"), 32);
	EXPECT_EQ(resident_pages(p, 8), 8);
	EXPECT_OK(munmap(p, 8 * PAGE_SZ));
	EXPECT_EQ(status_kb("VmLck"), 0);
}

/* Cases: the memory devices. */
static void dev_zero_private_mapping_reads_zero_and_stays_private(void)
{
	int fd = open("/dev/zero", O_RDWR);
	char buf[16], *a, *b;

	REQUIRE(fd >= 0);
	a = mmap(NULL, 2 * PAGE_SZ, RW, MAP_PRIVATE, fd, 0);
	b = mmap(NULL, 2 * PAGE_SZ, RW, MAP_PRIVATE, fd, 0);
	REQUIRE(a != MAP_FAILED && b != MAP_FAILED);
	EXPECT_EQ(a[0], 0);
	EXPECT_EQ(a[2 * PAGE_SZ - 1], 0);
	a[10] = 'a';
	EXPECT_EQ(b[10], 0);
	memset(buf, 'x', sizeof(buf));
	EXPECT_EQ(read(fd, buf, sizeof(buf)), (ssize_t)sizeof(buf));
	EXPECT_EQ(buf[0], 0);
	EXPECT_EQ(buf[15], 0);
	EXPECT_EQ(write(fd, "abc", 3), 3);
	close(fd);
}

static void write_c_at(void *p)
{
	((char *)p)[100] = 'c';
}

static void dev_zero_shared_mapping_is_shared_with_a_child(void)
{
	int fd = open("/dev/zero", O_RDWR);
	char *p;

	REQUIRE(fd >= 0);
	p = mmap(NULL, PAGE_SZ, RW, MAP_SHARED, fd, 0);
	close(fd);
	REQUIRE(p != MAP_FAILED);
	EXPECT_EQ(p[100], 0);
	EXPECT_SURVIVES(write_c_at, p);
	EXPECT_EQ(p[100], 'c');
}

static void dev_null_reads_nothing_and_takes_everything(void)
{
	int fd = open("/dev/null", O_RDWR);
	char buf[100];

	REQUIRE(fd >= 0);
	memset(buf, 'x', sizeof(buf));
	EXPECT_EQ(read(fd, buf, sizeof(buf)), 0);
	EXPECT_EQ(buf[0], 'x');
	EXPECT_EQ(write(fd, buf, sizeof(buf)), (ssize_t)sizeof(buf));
	EXPECT_EQ(lseek(fd, 0, SEEK_CUR), 0);
	close(fd);
}

static void dev_urandom_gives_bytes(void)
{
	unsigned char a[64], b[64];
	int fd = open("/dev/urandom", O_RDONLY), nonzero = 0;

	REQUIRE(fd >= 0);
	memset(a, 0, sizeof(a));
	memset(b, 0, sizeof(b));
	EXPECT_EQ(read(fd, a, sizeof(a)), (ssize_t)sizeof(a));
	EXPECT_EQ(read(fd, b, sizeof(b)), (ssize_t)sizeof(b));
	for (size_t i = 0; i < sizeof(a); i++)
		nonzero += a[i] != 0;
	EXPECT_GT(nonzero, 32);
	EXPECT(memcmp(a, b, sizeof(a)) != 0);
	close(fd);
	EXPECT_EQ(syscall(SYS_getrandom, a, 32, 0), 32);
}

static void statfs_of_tmp_succeeds(void)
{
	struct statfs_k s, f;
	int fd;

	memset(&s, 0, sizeof(s));
	REQUIRE_OK(syscall(SYS_statfs, "/tmp", &s));
	EXPECT_GT(s.bsize, 0);
	EXPECT_EQ(s.bsize % 512, 0);
	EXPECT_GT(s.blocks, 0);
	EXPECT_LE(s.bfree, s.blocks);
	EXPECT_GT(s.namelen, 0);
	fd = open("/tmp", O_RDONLY);
	REQUIRE(fd >= 0);
	memset(&f, 0, sizeof(f));
	EXPECT_OK(syscall(SYS_fstatfs, fd, &f));
	EXPECT_EQ(f.type, s.type);
	EXPECT_EQ(f.bsize, s.bsize);
	close(fd);
	EXPECT_ERRNO(syscall(SYS_statfs, "/tmp/no/such/dir", &s), ENOENT);
	EXPECT_ERRNO(syscall(SYS_fstatfs, 999, &f), EBADF);
}

static const struct utest_case cases[] = {
    UTEST(every_rlimit_has_cur_at_most_max),
    UTEST(setrlimit_lowers_and_getrlimit_reads_back),
    UTEST(prlimit64_sets_another_process_limits),
    UTEST(rlimit_as_makes_a_big_mmap_fail),
    UTEST(rlimit_data_limits_brk_and_private_writable_memory),
    UTEST(rlimit_nofile_caps_descriptor_numbers),
    UTEST(rlimit_stack_limits_stack_growth),
    UTEST(uname_says_linux_on_x86_64),
    UTEST(ids_are_consistent),
    UTEST(sched_getaffinity_has_a_cpu),
    UTEST(max_map_count_is_a_number),
    UTEST(splitting_beyond_max_map_count_is_enomem),
    UTEST(oom_score_adj_reads_back_what_was_written),
    UTEST(mremap_grows_in_place),
    UTEST(mremap_maymove_moves_and_keeps_the_data),
    UTEST(mremap_shrinks_in_place),
    UTEST(mremap_fixed_moves_to_the_chosen_address),
    UTEST(mremap_rejects_bad_ranges),
    UTEST(mlock_shows_in_vmlck),
    UTEST(mlockall_and_munlockall),
    UTEST(map_locked_shows_in_vmlck),
    UTEST(dev_zero_private_mapping_reads_zero_and_stays_private),
    UTEST(dev_zero_shared_mapping_is_shared_with_a_child),
    UTEST(dev_null_reads_nothing_and_takes_everything),
    UTEST(dev_urandom_gives_bytes),
    UTEST(statfs_of_tmp_succeeds),
};

int main(void)
{
	return utest_main(cases, UTEST_COUNT(cases));
}
