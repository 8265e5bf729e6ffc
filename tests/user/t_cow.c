/*
 * t_cow.c - fork and copy-on-write, as Linux does them.
 *
 * fork() copies the page tables, not the pages: each private page is then
 * mapped by parent and child, read-only, and the first write from either
 * side copies it.  The last holder of a page takes it over without a copy.
 * Shared mappings stay shared.  Reading untouched private memory maps the
 * one shared zero page, which costs no frame at all.
 *
 *	before fork    parent  P -> F
 *	after fork     parent  P -> F (ro)   child C -> F (ro)   F not exclusive
 *	child writes   parent  P -> F        child C -> F' (copy, exclusive)
 *
 * pagemap shows it on both kernels: bit 56 (exclusive) is clear while two
 * processes map a page and set once one does; as root (Linux) or always
 * (tide) it shows the frame numbers too.  MemFree is exact only on tide,
 * so the "how much was copied" checks that use it run only there.
 */
#include "utest.h"
#include "uproc.h"
#include "filemap.h"

#include <stdint.h>

#define RW   (PROT_READ | PROT_WRITE)
#define ANON (MAP_PRIVATE | MAP_ANONYMOUS)

static char *map_anon(size_t npages, int flags)
{
	return mmap(NULL, npages * PAGE_SZ, RW, flags | MAP_ANONYMOUS, -1, 0);
}

/*
 * A parent and a child taking turns: to_child and to_parent are pipes;
 * each side closes the ends it does not use.
 */
struct turns {
	int to_child[2], to_parent[2];
};

static void turns_open(struct turns *t)
{
	REQUIRE_OK(pipe(t->to_child));
	REQUIRE_OK(pipe(t->to_parent));
}

/* In the child after fork: keep the child's ends. */
static void turns_child(struct turns *t)
{
	close(t->to_child[1]);
	close(t->to_parent[0]);
}

static void turns_parent(struct turns *t)
{
	close(t->to_child[0]);
	close(t->to_parent[1]);
}

/* Waits for pid and expects it to have exited 0. */
static void expect_child_ok(pid_t pid)
{
	int status = -1;

	REQUIRE(pid > 0);
	EXPECT_EQ(waitpid(pid, &status, 0), pid);
	EXPECT_EQ(status, 0);
}

/* ---- what each side sees ----------------------------------------------- */

static int data_word = 1; /* .data */
static int bss_word;	  /* .bss */

/*
 * Each writes its own value into private memory of every kind (mmap,
 * .data, .bss, heap, stack); each must see only its own.
 */
static void private_writes_are_not_seen_by_the_other(void)
{
	char *p = map_anon(1, MAP_PRIVATE);
	char *heap = malloc(64);
	volatile char stack_byte = 's';
	struct turns t;
	pid_t pid;

	REQUIRE(p != MAP_FAILED && heap != NULL);
	p[0] = 'o';
	heap[0] = 'o';
	bss_word = 1;
	turns_open(&t);
	fflush(stdout);
	pid = fork();
	REQUIRE(pid >= 0);
	if (pid == 0) {
		turns_child(&t);
		p[0] = 'c';
		heap[0] = 'c';
		stack_byte = 'c';
		data_word = 'c';
		bss_word = 'c';
		signal_pipe(t.to_parent[1]);
		wait_pipe(t.to_child[0]); /* the parent has written */
		EXPECT_EQ(p[0], 'c');
		EXPECT_EQ(heap[0], 'c');
		EXPECT_EQ(stack_byte, 'c');
		EXPECT_EQ(data_word, 'c');
		EXPECT_EQ(bss_word, 'c');
		utest_end();
	}
	turns_parent(&t);
	REQUIRE(wait_pipe(t.to_parent[0]));
	EXPECT_EQ(p[0], 'o');
	EXPECT_EQ(heap[0], 'o');
	EXPECT_EQ(stack_byte, 's');
	EXPECT_EQ(data_word, 1);
	EXPECT_EQ(bss_word, 1);
	p[0] = 'p';
	heap[0] = 'p';
	stack_byte = 'p';
	data_word = 'p';
	bss_word = 'p';
	signal_pipe(t.to_child[1]);
	expect_child_ok(pid);
	EXPECT_EQ(p[0], 'p');
	EXPECT_EQ(data_word, 'p');
}

/* MAP_SHARED anonymous memory is one object: each sees the other's. */
static void shared_anonymous_memory_is_seen_by_both(void)
{
	char *s = map_anon(2, MAP_SHARED);
	struct turns t;
	pid_t pid;

	REQUIRE(s != MAP_FAILED);
	s[0] = 'o';
	turns_open(&t);
	fflush(stdout);
	pid = fork();
	REQUIRE(pid >= 0);
	if (pid == 0) {
		turns_child(&t);
		EXPECT_EQ(s[0], 'o');
		s[0] = 'c';
		s[PAGE_SZ] = 'c'; /* a page first touched after fork */
		signal_pipe(t.to_parent[1]);
		wait_pipe(t.to_child[0]);
		EXPECT_EQ(s[1], 'p');
		EXPECT_EQ(s[PAGE_SZ + 1], 'p');
		utest_end();
	}
	turns_parent(&t);
	REQUIRE(wait_pipe(t.to_parent[0]));
	EXPECT_EQ(s[0], 'c');
	EXPECT_EQ(s[PAGE_SZ], 'c');
	s[1] = 'p';
	s[PAGE_SZ + 1] = 'p';
	signal_pipe(t.to_child[1]);
	expect_child_ok(pid);
}

/* A page first written after fork is each side's own from the start. */
static void pages_first_touched_after_fork_are_private(void)
{
	char *p = map_anon(2, MAP_PRIVATE);
	struct turns t;
	pid_t pid;

	REQUIRE(p != MAP_FAILED);
	turns_open(&t);
	fflush(stdout);
	pid = fork();
	REQUIRE(pid >= 0);
	if (pid == 0) {
		turns_child(&t);
		p[0] = 'c';
		signal_pipe(t.to_parent[1]);
		wait_pipe(t.to_child[0]);
		EXPECT_EQ(p[0], 'c');
		EXPECT_EQ(p[PAGE_SZ], 0);
		utest_end();
	}
	turns_parent(&t);
	REQUIRE(wait_pipe(t.to_parent[0]));
	EXPECT_EQ(p[0], 0);
	p[PAGE_SZ] = 'p';
	signal_pipe(t.to_child[1]);
	expect_child_ok(pid);
}

/* ---- pagemap: exclusive or not ------------------------------------------ */

/*
 *              parent          child
 * after fork   present, !excl  present, !excl, same frame
 * child writes present         present, excl, new frame
 */
static void pagemap_shows_pages_shared_after_fork(void)
{
	char *p = map_anon(2, MAP_PRIVATE);
	uint64_t e = 0, pfn;
	struct turns t;
	pid_t pid;

	REQUIRE(p != MAP_FAILED);
	p[0] = 'o';
	REQUIRE_OK(pagemap_entry(p, &e));
	EXPECT(e & PM_EXCLUSIVE);
	pfn = e & PM_PFN_MASK;
	turns_open(&t);
	fflush(stdout);
	pid = fork();
	REQUIRE(pid >= 0);
	if (pid == 0) {
		turns_child(&t);
		REQUIRE_OK(pagemap_entry(p, &e));
		EXPECT(e & PM_PRESENT);
		EXPECT_EQ(e & PM_EXCLUSIVE, 0);
		EXPECT_EQ(e & PM_PFN_MASK, pfn);
		REQUIRE_OK(pagemap_entry(p + PAGE_SZ, &e));
		EXPECT_EQ(e & PM_PRESENT, 0); /* never touched */
		signal_pipe(t.to_parent[1]);
		wait_pipe(t.to_child[0]); /* the parent has looked */
		p[0] = 'c';
		REQUIRE_OK(pagemap_entry(p, &e));
		EXPECT(e & PM_PRESENT);
		EXPECT(e & PM_EXCLUSIVE);
		EXPECT_EQ(e & PM_FILE, 0);
		if (pfn != 0)
			EXPECT_NE(e & PM_PFN_MASK, pfn);
		signal_pipe(t.to_parent[1]);
		wait_pipe(t.to_child[0]);
		utest_end();
	}
	turns_parent(&t);
	REQUIRE(wait_pipe(t.to_parent[0]));
	REQUIRE_OK(pagemap_entry(p, &e));
	EXPECT(e & PM_PRESENT);
	EXPECT_EQ(e & PM_EXCLUSIVE, 0);
	EXPECT_EQ(e & PM_PFN_MASK, pfn);
	signal_pipe(t.to_child[1]);
	REQUIRE(wait_pipe(t.to_parent[0])); /* the child has its copy */
	REQUIRE_OK(pagemap_entry(p, &e));
	EXPECT(e & PM_PRESENT);
	EXPECT(e & PM_EXCLUSIVE); /* the child no longer maps our frame */
	EXPECT_EQ(e & PM_PFN_MASK, pfn);
	EXPECT_EQ(p[0], 'o');
	signal_pipe(t.to_child[1]);
	expect_child_ok(pid);
}

/*
 * One try of the test below: the page at p was written by us, a child
 * shared it and has exited. Returns whether our write kept the frame.
 */
static int write_after_child_exit_keeps_frame(char *p)
{
	uint64_t e = 0, pfn = pagemap_pfn(p);
	pid_t pid;

	fflush(stdout);
	pid = fork();
	REQUIRE(pid >= 0);
	if (pid == 0)
		_exit(p[0] == 'o' ? 0 : 1);
	expect_child_ok(pid);
	REQUIRE_OK(pagemap_entry(p, &e));
	EXPECT(e & PM_EXCLUSIVE); /* the child's mapping went with it */
	p[0] = 'p';
	REQUIRE_OK(pagemap_entry(p, &e));
	EXPECT(e & PM_EXCLUSIVE);
	EXPECT_EQ(p[0], 'p');
	return (e & PM_PFN_MASK) == pfn;
}

/*
 * The last holder takes the page over: once the child is gone, the
 * parent's write keeps the frame (no copy), and the page is exclusive.
 * Linux reuses the page only when nothing else holds a reference, and
 * a per-CPU LRU batch may briefly hold one; so each try first touches
 * more pages to push ours out of the batch, and one kept frame in a
 * few tries is the claim. tide keeps the frame every time.
 */
static void last_holder_writes_without_a_copy(void)
{
	enum { TRIES = 6, FILLER = 64 };
	int kept = 0;

	for (int i = 0; i < TRIES && !kept; i++) {
		char *p = map_anon(1 + FILLER, MAP_PRIVATE);

		REQUIRE(p != MAP_FAILED);
		p[0] = 'o';
		for (int j = 1; j <= FILLER; j++)
			p[j * PAGE_SZ] = 1;
		kept = write_after_child_exit_keeps_frame(p);
		REQUIRE_OK(munmap(p, (1 + FILLER) * PAGE_SZ));
	}
	EXPECT(kept);
}

/*
 * One try of the test below: the page at p was written by us; a child
 * shares it, we unmap our copy, the child writes. Returns whether the
 * child's write kept the frame.
 */
static int child_write_after_unmap_keeps_frame(char *p)
{
	uint64_t pfn = pagemap_pfn(p);
	int status = 0;
	struct turns t;
	pid_t pid;

	turns_open(&t);
	fflush(stdout);
	pid = fork();
	REQUIRE(pid >= 0);
	if (pid == 0) {
		uint64_t e = 0;

		turns_child(&t);
		wait_pipe(t.to_child[0]); /* the parent has unmapped */
		if (pagemap_entry(p, &e) || !(e & PM_EXCLUSIVE))
			_exit(1);
		p[1] = 'c';
		if (pagemap_entry(p, &e) || p[0] != 'o')
			_exit(1);
		_exit((e & PM_PFN_MASK) == pfn ? 0 : 2);
	}
	turns_parent(&t);
	REQUIRE_OK(munmap(p, PAGE_SZ));
	signal_pipe(t.to_child[1]);
	REQUIRE(waitpid(pid, &status, 0) == pid);
	REQUIRE(WIFEXITED(status));
	EXPECT_NE(WEXITSTATUS(status), 1);
	return WEXITSTATUS(status) == 0;
}

/*
 * The same from the child's side: the parent unmapped its copy, so the
 * child's write keeps the frame. Tries as above, for the same reason.
 */
static void child_takes_over_what_the_parent_unmapped(void)
{
	enum { TRIES = 6, FILLER = 64 };
	int kept = 0;

	for (int i = 0; i < TRIES && !kept; i++) {
		char *p = map_anon(1 + FILLER, MAP_PRIVATE);

		REQUIRE(p != MAP_FAILED);
		p[0] = 'o';
		for (int j = 1; j <= FILLER; j++)
			p[j * PAGE_SZ] = 1;
		kept = child_write_after_unmap_keeps_frame(p);
		REQUIRE_OK(munmap(p + PAGE_SZ, FILLER * PAGE_SZ));
	}
	EXPECT(kept);
}

/* ---- memory: fork copies nothing --------------------------------------- */

#define BIG_PAGES   (64UL << 20 >> 12) /* 64 MiB */
#define WRITE_PAGES (1UL << 20 >> 12)  /* 1 MiB */

/*
 * 64 MiB touched, then fork: the child maps every page, exclusive to
 * none, and its VmRSS counts them all.  It writes 1 MiB: exactly those
 * pages become its own, and VmRSS does not move (a copy replaces the
 * page it was mapping).  On tide,
 * MemFree says the fork took less than 8 MiB (page tables, the child's
 * kernel side) and the 1 MiB of writes between 1 and 2 MiB.
 */
static void fork_of_64_mib_copies_no_pages(void)
{
	char *p = map_anon(BIG_PAGES, MAP_PRIVATE);
	int tide = on_tide();
	long free0, free1, free2;
	struct turns t;
	pid_t pid;

	REQUIRE(p != MAP_FAILED);
	for (size_t i = 0; i < BIG_PAGES; i++)
		p[i * PAGE_SZ] = 'o';
	EXPECT_EQ(pagemap_count(p, BIG_PAGES, PM_PRESENT | PM_EXCLUSIVE,
				PM_PRESENT | PM_EXCLUSIVE),
		  BIG_PAGES);
	turns_open(&t);
	free0 = mem_free_kb();
	fflush(stdout);
	pid = fork();
	REQUIRE(pid >= 0);
	if (pid == 0) {
		long rss0, rss1;

		turns_child(&t);
		EXPECT_EQ(pagemap_count(p, BIG_PAGES, PM_PRESENT | PM_EXCLUSIVE,
					PM_PRESENT),
			  BIG_PAGES);
		rss0 = rss_kb(); /* shared pages count in both */
		EXPECT_GE(rss0, (long)(BIG_PAGES * PAGE_SZ / 1024));
		signal_pipe(t.to_parent[1]);
		wait_pipe(t.to_child[0]);
		for (size_t i = 0; i < WRITE_PAGES; i++)
			p[i * PAGE_SZ] = 'c';
		rss1 = rss_kb(); /* a copy replaces a page: no change */
		EXPECT_EQ(rss1, rss0);
		signal_pipe(t.to_parent[1]);
		wait_pipe(t.to_child[0]);
		EXPECT_EQ(
		    pagemap_count(p, WRITE_PAGES, PM_EXCLUSIVE, PM_EXCLUSIVE),
		    WRITE_PAGES);
		EXPECT_EQ(pagemap_count(p + WRITE_PAGES * PAGE_SZ,
					BIG_PAGES - WRITE_PAGES, PM_EXCLUSIVE,
					0),
			  BIG_PAGES - WRITE_PAGES);
		utest_end();
	}
	turns_parent(&t);
	REQUIRE(wait_pipe(t.to_parent[0])); /* forked and looked */
	free1 = mem_free_kb();
	signal_pipe(t.to_child[1]);
	REQUIRE(wait_pipe(t.to_parent[0])); /* 1 MiB written */
	free2 = mem_free_kb();
	signal_pipe(t.to_child[1]);
	expect_child_ok(pid);
	EXPECT_EQ(p[0], 'o');
	EXPECT_EQ(p[(WRITE_PAGES - 1) * PAGE_SZ], 'o');
	if (tide) {
		EXPECT_LT(free0 - free1, 8 * 1024);
		EXPECT_GE(free1 - free2, 1024);
		EXPECT_LT(free1 - free2, 2048);
	}
}

/*
 * Reading untouched private memory maps the shared zero page: mincore
 * says resident, VmRSS does not move, every page shows the same frame.
 * The same in a child after fork.  The first write costs one page.
 */
static void reading_untouched_memory_maps_the_zero_page(void)
{
	size_t npages = 1000;
	char *p = map_anon(npages, MAP_PRIVATE);
	uint64_t pfn0;
	long rss0, rss1;
	pid_t pid;

	REQUIRE(p != MAP_FAILED);
	rss0 = rss_kb();
	for (size_t i = 0; i < npages; i++)
		(void)*(volatile char *)(p + i * PAGE_SZ);
	rss1 = rss_kb();
	EXPECT_EQ(rss1, rss0);
	EXPECT_EQ(resident_pages(p, npages), npages);
	EXPECT_EQ(pagemap_count(p, npages, PM_PRESENT, PM_PRESENT), npages);
	pfn0 = pagemap_pfn(p);
	if (pfn0 != 0)
		EXPECT_EQ(pagemap_count(p, npages, PM_PFN_MASK, pfn0), npages);
	fflush(stdout);
	pid = fork();
	REQUIRE(pid >= 0);
	if (pid == 0) {
		long r0 = rss_kb(), r1;

		for (size_t i = 0; i < npages; i++)
			(void)*(volatile char *)(p + i * PAGE_SZ);
		r1 = rss_kb();
		EXPECT_EQ(r1, r0);
		p[0] = 'c';
		r1 = rss_kb();
		EXPECT_EQ(r1 - r0, (long)(PAGE_SZ / 1024));
		EXPECT_EQ(count_not(p + 1, npages * PAGE_SZ - 1, 0), 0);
		utest_end();
	}
	expect_child_ok(pid);
	rss0 = rss_kb();
	p[5 * PAGE_SZ] = 'p';
	rss1 = rss_kb();
	EXPECT_EQ(rss1 - rss0, (long)(PAGE_SZ / 1024));
	EXPECT_EQ(p[0], 0);
}

/* ---- memory comes back --------------------------------------------------- */

#define ROUND_PAGES 2000

/*
 * 2000 pages, the first 1000 written by the parent, then fork; the child
 * writes pages [500, 1500) (500 copies, 500 new pages).  Then either the
 * parent unmaps first and the child exits last, or the other way round.
 * Each side sees its own bytes throughout.  Returns MemFree (kB) while
 * only the last holder remains.
 */
static long cow_round(int parent_first)
{
	char *p = map_anon(ROUND_PAGES, MAP_PRIVATE);
	struct turns t;
	long held;
	pid_t pid;

	REQUIRE(p != MAP_FAILED);
	for (size_t i = 0; i < 1000; i++)
		p[i * PAGE_SZ] = 'p';
	turns_open(&t);
	fflush(stdout);
	pid = fork();
	REQUIRE(pid >= 0);
	if (pid == 0) {
		turns_child(&t);
		for (size_t i = 500; i < 1500; i++)
			p[i * PAGE_SZ] = 'c';
		signal_pipe(t.to_parent[1]);
		wait_pipe(t.to_child[0]);
		for (size_t i = 0; i < ROUND_PAGES; i++) {
			char want = i < 500 ? 'p' : i < 1500 ? 'c' : 0;

			if (p[i * PAGE_SZ] != want) {
				UTEST_FAIL("child: page %zu holds %d", i,
					   p[i * PAGE_SZ]);
				break;
			}
		}
		utest_end();
	}
	turns_parent(&t);
	REQUIRE(wait_pipe(t.to_parent[0]));
	for (size_t i = 0; i < ROUND_PAGES; i++) {
		char want = i < 1000 ? 'p' : 0;

		if (p[i * PAGE_SZ] != want) {
			UTEST_FAIL("parent: page %zu holds %d", i,
				   p[i * PAGE_SZ]);
			break;
		}
	}
	if (parent_first) {
		EXPECT_OK(munmap(p, ROUND_PAGES * PAGE_SZ));
		held = mem_free_kb();
		signal_pipe(t.to_child[1]);
		expect_child_ok(pid);
	} else {
		signal_pipe(t.to_child[1]);
		expect_child_ok(pid);
		held = mem_free_kb();
		EXPECT_OK(munmap(p, ROUND_PAGES * PAGE_SZ));
	}
	close(t.to_child[1]);
	close(t.to_parent[0]);
	return held;
}

/*
 * Whoever lets go last, every page comes back (tide, where MemFree is
 * exact): the parent's 1000, the child's 1000 copies and new pages, the
 * page tables and the child itself.  A first round warms up what a round
 * allocates once.  While one holder remains, it holds at least its
 * pages: the child 1500 (500 still shared with nobody else), the parent
 * 1000.
 */
static void memory_comes_back_whoever_exits_first(void)
{
	int tide = on_tide();

	for (int parent_first = 0; parent_first < 2; parent_first++) {
		long before, held, after;

		cow_round(parent_first);
		before = mem_free_kb();
		held = cow_round(parent_first);
		after = mem_free_kb();
		if (!tide)
			continue;
		EXPECT_GE(before - held, (parent_first ? 1500 : 1000) * 4);
		EXPECT_EQ(after, before);
	}
}

static const struct utest_case cases[] = {
    UTEST(private_writes_are_not_seen_by_the_other),
    UTEST(shared_anonymous_memory_is_seen_by_both),
    UTEST(pages_first_touched_after_fork_are_private),
    UTEST(pagemap_shows_pages_shared_after_fork),
    UTEST(last_holder_writes_without_a_copy),
    UTEST(child_takes_over_what_the_parent_unmapped),
    UTEST(fork_of_64_mib_copies_no_pages),
    UTEST(reading_untouched_memory_maps_the_zero_page),
    UTEST(memory_comes_back_whoever_exits_first),
};

int main(void)
{
	return utest_main(cases, UTEST_COUNT(cases));
}
