/*
 * libc/src/malloc.c, seen from outside: where blocks come from and how
 * memory goes back to the kernel.  Build with tools/tide-cc and run on
 * tide or on Linux (it is a Linux static binary):
 *
 *   tools/tide-cc -Itests/host -o t tests/libc/test_malloc.c tests/host/tap.c
 *
 * Each case runs in its own child process, so it starts with a fresh
 * heap, and is judged by the child's exit status.  Output is TAP; the
 * exit status is 0 only if every case passed.  The expectations are
 * tide's allocator's design (thresholds in malloc.c), not glibc's.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"

#define KiB  1024UL
#define PAGE 4096UL

static uintptr_t page_down(const void *p)
{
	return (uintptr_t)p & ~(PAGE - 1);
}

static uintptr_t page_up(const void *p)
{
	return ((uintptr_t)p + PAGE - 1) & ~(PAGE - 1);
}

/* Pages of [start, end) in memory, or -1 if part of it is not mapped. */
static long resident_pages(uintptr_t start, uintptr_t end)
{
	static unsigned char vec[4096];
	size_t npages = (end - start) / PAGE;
	long n = 0;

	if (npages > sizeof(vec))
		return -2;
	if (mincore((void *)start, end - start, vec) < 0)
		return -1;
	for (size_t i = 0; i < npages; i++)
		n += vec[i] & 1;
	return n;
}

/*  A 200 KiB block gets its own mapping outside the heap, and free
 *  unmaps it:
 *      [heap]  ...  [200 KiB anon]      ->      [heap]  ...  (gone)     */
static void big_block_is_mmap_and_free_unmaps_it(void)
{
	char *heap_start = sbrk(0);
	char *p = malloc(200 * KiB);
	uintptr_t start, end;

	CHECK(p != NULL);
	if (p == NULL)
		return;
	CHECK((char *)p < heap_start || (char *)p >= (char *)sbrk(0));
	CHECK_EQ((uintptr_t)p % 16, 0);
	memset(p, 1, 200 * KiB);
	start = page_down(p);
	end = page_up(p + 200 * KiB);
	CHECK_EQ(resident_pages(start, end), (long)((end - start) / PAGE));
	free(p);
	errno = 0;
	CHECK_EQ(resident_pages(start, end), -1);
	CHECK_EQ(errno, ENOMEM); /* mincore: "not mapped" */
}

/*  Two 100 KiB blocks come from the heap (below the mmap threshold);
 *  freeing them leaves 200 KiB free at the top, and the break goes down:
 *      | p | q |top|  ->  |   top (free)   |  ->  |t|   (brk lowered)   */
static void free_heap_top_lowers_the_break(void)
{
	char *before = sbrk(0), *grown, *after;
	char *p = malloc(100 * KiB), *q = malloc(100 * KiB);

	CHECK(p != NULL && q != NULL);
	grown = sbrk(0);
	CHECK(p >= before - 128 * KiB && q > p && q < grown);
	CHECK(grown - before >= (long)(200 * KiB) - (long)(64 * KiB));
	memset(p, 2, 100 * KiB);
	memset(q, 3, 100 * KiB);
	free(q);
	free(p);
	after = sbrk(0);
	CHECK(after < grown);
	CHECK(grown - after >= (long)(128 * KiB));
	CHECK(after <= before + 64 * KiB);
}

/*  1.2 MiB of small blocks, then a guard block above them; freeing the
 *  small ones merges them into one free span that cannot be trimmed (the
 *  guard is above it), so its pages go back with MADV_DONTNEED:
 *      |b0|b1|...|b299|g|top|  ->  |     free span     |g|top|           */
static void free_interior_span_becomes_non_resident(void)
{
	enum { NBLOCKS = 300, BLOCK = 4000 };
	static char *b[NBLOCKS];
	char *guard, *brk_before;
	uintptr_t start, end;

	for (int i = 0; i < NBLOCKS; i++) {
		b[i] = malloc(BLOCK);
		CHECK(b[i] != NULL);
		if (b[i] == NULL)
			return;
		memset(b[i], 0x5a, BLOCK);
		if (i > 0)
			CHECK(b[i] > b[i - 1]); /* carved upwards from top */
	}
	guard = malloc(16);
	CHECK(guard > b[NBLOCKS - 1]);
	start = page_up(b[0]) + PAGE; /* skip the span's header page */
	end = page_down(b[NBLOCKS - 1]);
	CHECK(end - start >= 1024 * KiB);
	CHECK_EQ(resident_pages(start, end), (long)((end - start) / PAGE));
	brk_before = sbrk(0);
	for (int i = 0; i < NBLOCKS; i++)
		free(b[i]);
	CHECK_EQ(resident_pages(start, end), 0);
	CHECK(sbrk(0) == brk_before); /* released, not trimmed */
	CHECK(guard[0] == guard[0]);
	/* The span is still ours: it is reused, and reads back as written. */
	char *again = malloc(64 * KiB);
	CHECK(again != NULL && again >= b[0] && again < guard);
	memset(again, 7, 64 * KiB);
	CHECK(again[64 * KiB - 1] == 7);
}

static void blocks_are_aligned(void)
{
	void *p;

	for (size_t n = 0; n < 2000; n += 7) {
		char *q = malloc(n);

		CHECK(q != NULL && (uintptr_t)q % 16 == 0);
		CHECK(malloc_usable_size(q) >= n);
	}
	for (size_t align = 16; align <= 64 * KiB; align *= 2) {
		char *q = aligned_alloc(align, 100);

		CHECK(q != NULL && (uintptr_t)q % align == 0);
		memset(q, 1, 100);
	}
	p = memalign(4096, 300 * KiB); /* an aligned mmap'd block */
	CHECK(p != NULL && (uintptr_t)p % 4096 == 0);
	memset(p, 1, 300 * KiB);
	free(p);
	p = NULL;
	CHECK_EQ(posix_memalign(&p, 256, 1000), 0);
	CHECK(p != NULL && (uintptr_t)p % 256 == 0);
	free(p);
	CHECK_EQ(posix_memalign(&p, 24, 8), EINVAL);
	CHECK_EQ(posix_memalign(&p, 4, 8), EINVAL);
	p = valloc(10);
	CHECK((uintptr_t)p % PAGE == 0);
	free(p);
}

static void fill(unsigned char *p, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)(seed + i * 13 + (i >> 8));
}

static int holds(const unsigned char *p, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i] != (unsigned char)(seed + i * 13 + (i >> 8)))
			return 0;
	}
	return 1;
}

/* realloc keeps the old contents through heap growth, the move to an
 * mmap'd block, mremap growth, and shrinking back into the heap. */
static void realloc_preserves_data(void)
{
	static const size_t sizes[] = {
	    10, 100, 5000, 300 * KiB, 1024 * KiB, 200 * KiB, 60, 24, 7000};
	size_t prev = 0;
	unsigned char *p = NULL;

	for (size_t i = 0; i < sizeof(sizes) / sizeof(*sizes); i++) {
		size_t n = sizes[i];

		p = realloc(p, n);
		CHECK(p != NULL);
		if (p == NULL)
			return;
		CHECK(holds(p, n < prev ? n : prev, 99));
		fill(p, n, 99);
		prev = n;
	}
	CHECK(realloc(p, 0) == NULL);
	p = realloc(NULL, 32);
	CHECK(p != NULL);
	free(p);
}

/* Hides a size from gcc, which rejects absurd constant sizes. */
static size_t launder(size_t n)
{
	volatile size_t v = n;

	return v;
}

static void calloc_zeroes_and_overflow_fails(void)
{
	unsigned char *p = malloc(1000), *q;
	int zero = 1;

	memset(p, 0xaa, 1000);
	free(p);
	q = calloc(10, 100); /* likely the same memory, must be zeroed */
	for (int i = 0; i < 1000; i++)
		zero &= q[i] == 0;
	CHECK(zero);
	free(q);
	q = calloc(1, 1024 * KiB);
	CHECK(q != NULL && q[0] == 0 && q[1024 * KiB - 1] == 0);
	free(q);
	errno = 0;
	CHECK(calloc(launder(SIZE_MAX / 2), 4) == NULL);
	CHECK_EQ(errno, ENOMEM);
	errno = 0;
	CHECK(malloc(launder(SIZE_MAX)) == NULL);
	CHECK_EQ(errno, ENOMEM);
	p = malloc(0);
	q = malloc(0);
	CHECK(p != NULL && q != NULL && p != q);
	free(p);
	free(q);
	free(NULL);
}

static uint64_t rng = 88172645463325252ULL;

static uint64_t next_random(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static size_t random_size(void)
{
	uint64_t r = next_random() % 1000;

	if (r < 700)
		return next_random() % 128;
	if (r < 990)
		return next_random() % (16 * KiB);
	return next_random() % (300 * KiB); /* sometimes an mmap */
}

/* 100k random mallocs, frees and reallocs over 1000 slots; every block
 * carries a pattern that must survive until it is freed. */
static void stress_random_operations(void)
{
	enum { SLOTS = 1000, OPS = 100000 };
	static unsigned char *slot[SLOTS];
	static size_t len[SLOTS];
	static unsigned seed[SLOTS];
	char *start_brk = sbrk(0);
	int bad = 0;

	for (unsigned op = 0; op < OPS && !bad; op++) {
		int i = (int)(next_random() % SLOTS);
		size_t n;

		if (slot[i] && !holds(slot[i], len[i], seed[i])) {
			bad = 1;
			break;
		}
		switch (next_random() % 3) {
		case 0: /* free (or nothing) */
			free(slot[i]);
			slot[i] = NULL;
			len[i] = 0;
			break;
		case 1: /* replace with a new block */
			free(slot[i]);
			n = random_size();
			slot[i] = malloc(n);
			len[i] = slot[i] ? n : 0;
			seed[i] = op;
			if (slot[i])
				fill(slot[i], n, op);
			break;
		default: { /* realloc, keeping the common prefix */
			unsigned char *q;

			n = random_size();
			q = realloc(slot[i], n ? n : 1);
			if (q == NULL)
				break;
			if (!holds(q, len[i] < n ? len[i] : n, seed[i]))
				bad = 1;
			slot[i] = q;
			len[i] = n;
			fill(q, n, seed[i]);
		}
		}
		if (slot[i] == NULL && len[i] == 0)
			continue;
		if (slot[i] && (uintptr_t)slot[i] % 16 != 0)
			bad = 1;
	}
	CHECK(!bad);
	for (int i = 0; i < SLOTS; i++) {
		if (slot[i])
			CHECK(holds(slot[i], len[i], seed[i]));
		free(slot[i]);
	}
	/* Everything is free again: the heap has shrunk back near its
	 * start (at most one grow step remains). */
	CHECK((char *)sbrk(0) <= start_brk + 192 * KiB);
}

struct test {
	void (*fn)(void);
	const char *name;
};

/* Runs each case in a child: a fresh heap, and a crash is a failure. */
int main(void)
{
	static const struct test tests[] = {
	    TAP_CASE(big_block_is_mmap_and_free_unmaps_it),
	    TAP_CASE(free_heap_top_lowers_the_break),
	    TAP_CASE(free_interior_span_becomes_non_resident),
	    TAP_CASE(blocks_are_aligned),
	    TAP_CASE(realloc_preserves_data),
	    TAP_CASE(calloc_zeroes_and_overflow_fails),
	    TAP_CASE(stress_random_operations),
	};
	int n = sizeof(tests) / sizeof(tests[0]), failed = 0;

	printf("1..%d\n", n);
	for (int i = 0; i < n; i++) {
		int status = -1;
		pid_t pid;

		fflush(stdout);
		pid = fork();
		if (pid == 0) {
			tap_case_failed = 0;
			tests[i].fn();
			fflush(stdout);
			_exit(tap_case_failed);
		}
		waitpid(pid, &status, 0);
		if (status != 0) {
			failed++;
			if (WIFSIGNALED(status))
				printf("#   killed by signal %d\n",
				       WTERMSIG(status));
		}
		printf("%s %d - %s\n", status == 0 ? "ok" : "not ok", i + 1,
		       tests[i].name);
	}
	fflush(stdout);
	return failed ? 1 : 0;
}
