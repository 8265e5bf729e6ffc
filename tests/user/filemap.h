/*
 * filemap.h - helpers shared by t_filemap, t_cow, t_sched and t_oom.
 *
 * What utest.h and uproc.h leave out: telling tide from Linux (some checks
 * are exact only on tide), /proc/meminfo readings, pagemap over a range in
 * a few reads, short sleeps, pipes used as "go" signals between a parent
 * and a child, and scratch files in /tmp that are removed even when a case
 * fails half-way.
 *
 * Like uproc.h, nothing here calls malloc or stdio to read /proc: the
 * buffers are static or on the stack, so that a reading does not change
 * what it reads.  Include after utest.h and uproc.h.
 */
#ifndef TIDE_TESTS_USER_FILEMAP_H
#define TIDE_TESTS_USER_FILEMAP_H

#include <stdint.h>
#include <sys/utsname.h>
#include <time.h>

/* 1 on tide (its release ends in "-tide"), 0 on Linux. */
static inline int on_tide(void)
{
	struct utsname u;

	return uname(&u) == 0 && strstr(u.release, "tide") != NULL;
}

/*
 * A "Key:   N kB" value of /proc/meminfo, or -1.  Reads twice, as
 * rss_kb() does, so that the first touch of the buffer is not inside a
 * measurement.  MemFree is exact on tide (free frames times 4 kB) and
 * noisy on Linux, where other processes and caches move it.
 */
static inline long meminfo_kb(const char *key)
{
	static char buf[4096];
	const char *v = NULL;

	for (int i = 0; i < 2; i++) {
		if (proc_read("/proc/meminfo", buf, sizeof(buf)) < 0)
			return -1;
		v = proc_field(buf, key);
	}
	return v ? strtol(v, NULL, 10) : -1;
}

static inline long mem_free_kb(void)
{
	return meminfo_kb("MemFree");
}

/* Sleeps ms milliseconds (nanosleep restarted after a signal). */
static inline void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* Milliseconds on CLOCK_MONOTONIC. */
static inline long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/*
 * Counts the pages of [va, va + npages * PAGE_SZ) whose pagemap entry has
 * (entry & mask) == want; -1 if pagemap cannot be read.  Reads 512
 * entries at a time into a stack buffer.
 */
static inline long pagemap_count(const void *va, size_t npages, uint64_t mask,
				 uint64_t want)
{
	uint64_t e[512];
	int fd = open("/proc/self/pagemap", O_RDONLY);
	off_t off = (off_t)((uintptr_t)va / PAGE_SZ * sizeof(e[0]));
	long count = 0;

	if (fd < 0)
		return -1;
	for (size_t done = 0; done < npages;) {
		size_t n = npages - done < 512 ? npages - done : 512;
		ssize_t want_bytes = (ssize_t)(n * sizeof(e[0]));

		if (pread(fd, e, want_bytes, off) != want_bytes) {
			close(fd);
			return -1;
		}
		for (size_t i = 0; i < n; i++)
			count += (e[i] & mask) == want;
		off += want_bytes;
		done += n;
	}
	close(fd);
	return count;
}

/* The frame number of the page holding va (0 if absent or hidden). */
static inline uint64_t pagemap_pfn(const void *va)
{
	uint64_t e = 0;

	if (pagemap_entry(va, &e) < 0 || !(e & PM_PRESENT))
		return 0;
	return e & PM_PFN_MASK;
}

/*
 * A pipe as a one-shot signal: the sender writes a byte, the receiver's
 * read returns it (or 0 once the sender is gone).
 */
static inline void signal_pipe(int fd)
{
	char c = 'g';

	if (write(fd, &c, 1) != 1)
		UTEST_FAIL("signal_pipe: write: errno %d", errno);
}

/* Waits for one byte; returns 1, or 0 if the other end closed. */
static inline int wait_pipe(int fd)
{
	char c;
	ssize_t n;

	while ((n = read(fd, &c, 1)) < 0 && errno == EINTR)
		;
	return n == 1;
}

/* Number of bytes in [p, p + len) that differ from c. */
static inline size_t count_not(const volatile char *p, size_t len, char c)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++)
		n += p[i] != c;
	return n;
}

/*
 * Scratch files.  A case names its files /tmp/<prog>.<pid>.<i> with
 * scratch_path(), where pid is the case's own process, and runs its body
 * in a child with scratch_run(): whatever the body does, even dying by a
 * signal or a failed REQUIRE, the case then removes every name it may
 * have made.  (tmpfs files are memory; init checks the suite leaks none.)
 */
#define SCRATCH_FILES 8

static const char *scratch_prog = "t_scratch";
static pid_t scratch_owner;

static inline const char *scratch_path(char *buf, size_t cap, int i)
{
	snprintf(buf, cap, "/tmp/%s.%d.%d", scratch_prog,
		 (int)(scratch_owner ? scratch_owner : getpid()), i);
	return buf;
}

/*
 * Creates scratch file i holding len bytes of c; returns an O_RDWR
 * descriptor, or -1.
 */
static inline int scratch_file(int i, size_t len, char c)
{
	char path[96], chunk[PAGE_SZ];
	int fd;

	scratch_path(path, sizeof(path), i);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		return -1;
	memset(chunk, c, sizeof(chunk));
	for (size_t done = 0; done < len;) {
		size_t n =
		    len - done < sizeof(chunk) ? len - done : sizeof(chunk);

		if (write(fd, chunk, n) != (ssize_t)n) {
			close(fd);
			return -1;
		}
		done += n;
	}
	return fd;
}

static inline void scratch_body(void *arg)
{
	(*(void (**)(void))arg)();
}

/*
 * Runs body in a child, then removes the scratch files whatever became of
 * it; the case fails if the child did not exit 0 (its own diagnostics
 * were printed by the child).
 */
static inline void scratch_run(void (*body)(void))
{
	char path[96];
	int status;

	scratch_owner = getpid();
	status = utest_child_status(scratch_body, &body);
	for (int i = 0; i < SCRATCH_FILES; i++)
		unlink(scratch_path(path, sizeof(path), i));
	if (status == -1)
		UTEST_FAIL("scratch_run: fork or wait failed, errno %d", errno);
	else if (WIFSIGNALED(status))
		UTEST_FAIL("case body killed by signal %d", WTERMSIG(status));
	else if (status != 0)
		utest_failed = 1; /* the body has said why */
}

#endif
