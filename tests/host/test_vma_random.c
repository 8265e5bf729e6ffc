/*
 * Randomized test of kernel/mm/vma.c against a reference model.
 *
 * The model is an array with one entry per page of a window of the address
 * space: mapped or not, whether a vma begins there, and the flags, object
 * and pgoff the page is mapped with.  Each step does one random operation
 * (insert, remove, munmap, mprotect, split, merge, brk-like resize, gap
 * searches and lookups) on both, then runs vma_set_check() and compares
 * the set with the model page by page.
 *
 * Each seed runs in a child process, so a panic or a mismatch is reported
 * with the seed that reproduces it:  VMA_SEED=1234 ./test_vma_random
 */
#include <stdint.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lib/errno.h"
#include "mm/vma.h"
#include "tap.h"

extern long shim_object_refs;
extern long shim_kmalloc_fail_in;
extern long shim_kmalloc_live;

struct vm_object {
	int id;
};
static struct vm_object objs[2];

#define BASE	  0x100000UL
#define MAX_PAGES 1024
#define STEPS	  4000

struct page {
	bool mapped;
	bool begins; /* a vma starts here */
	unsigned long flags;
	struct vm_object *obj;
	uint64_t pgoff;
};

static struct page model[MAX_PAGES + 1]; /* [npages] stays unmapped */
static int npages;
static struct vma_set set;
static uint64_t rng_state;
static int step;
static const char *op;

static uint64_t rng(void)
{
	/* xorshift64*: the same sequence on every libc. */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717ULL;
}

static int rnd(int n)
{
	return (int)(rng() % (uint64_t)n);
}

/* The end of a random range of 1 to max pages from s, inside the window;
 * (MIN would call rnd() twice). */
static int rnd_end(int s, int max)
{
	int e = s + 1 + rnd(max);

	return e < npages ? e : npages;
}

static vaddr_t pg(int i)
{
	return BASE + (vaddr_t)i * PAGE_SIZE;
}

static int page_of(vaddr_t va)
{
	return (int)((va - BASE) / PAGE_SIZE);
}

static void fail(const char *what, long a, long b)
{
	printf("#   step %d (%s): %s (%ld vs %ld)\n", step, op, what, a, b);
	fflush(stdout);
	_exit(1); /* in the child: skip the leak report */
}

/* --- The model */

static int run_start(int p)
{
	while (!model[p].begins)
		p--;
	return p;
}

static int run_end(int p)
{
	do
		p++;
	while (model[p].mapped && !model[p].begins);
	return p;
}

static bool model_free(int first, int end)
{
	for (int p = first; p < end; p++)
		if (model[p].mapped)
			return false;
	return true;
}

static void model_map(int first, int end, unsigned long flags,
		      struct vm_object *obj, uint64_t pgoff)
{
	for (int p = first; p < end; p++) {
		model[p].mapped = true;
		model[p].begins = p == first;
		model[p].flags = flags;
		model[p].obj = obj;
		model[p].pgoff = pgoff + (p - first);
	}
	model[end].begins = model[end].mapped;
}

static void model_unmap(int first, int end)
{
	for (int p = first; p < end; p++)
		model[p].mapped = model[p].begins = false;
	model[end].begins = model[end].mapped;
}

/* The merge rule, page-wise: may the run ending at p - 1 absorb p's? */
static bool model_compatible(int p)
{
	struct page *a = &model[p - 1], *b = &model[p];

	if (!a->mapped || !b->mapped || a->flags != b->flags ||
	    a->obj != b->obj)
		return false;
	return !a->obj || a->pgoff + 1 == b->pgoff;
}

/* vma_merge_around on the run beginning at s; returns the survivor's. */
static int model_merge_around(int s)
{
	int e;

	if (s > 0 && model_compatible(s)) {
		model[s].begins = false;
		s = run_start(s - 1);
	}
	e = run_end(s);
	if (model_compatible(e))
		model[e].begins = false;
	return s;
}

/* Compares the set with the model, page by page. */
static void compare(void)
{
	static bool seen[MAX_PAGES];
	long refs = 0;
	struct vma *v;

	memset(seen, 0, sizeof(seen));
	for (v = vma_first(&set); v; v = vma_next(v)) {
		int s = page_of(v->start), e = page_of(v->end);

		if (v->start < BASE || e > npages)
			fail("vma outside the window", v->start, v->end);
		if (!model[s].begins)
			fail("vma starts where the model has none", s, e);
		if (run_end(s) != e)
			fail("vma ends where the model does not", e,
			     run_end(s));
		for (int p = s; p < e; p++) {
			if (model[p].flags != v->flags ||
			    model[p].obj != v->obj)
				fail("flags or obj differ at page", p, 0);
			if (model[p].pgoff != v->pgoff + (p - s))
				fail("pgoff differs at page", p,
				     (long)model[p].pgoff);
			seen[p] = true;
		}
		refs += v->obj != NULL;
	}
	for (int p = 0; p < npages; p++)
		if (model[p].mapped != seen[p])
			fail("mapped differs at page", p, model[p].mapped);
	if (refs != shim_object_refs)
		fail("object references", shim_object_refs, refs);
}

/* --- Operations */

static void op_insert(void)
{
	int s = rnd(npages), e = rnd_end(s, 8);
	unsigned long flags = rnd(2) ? VM_READ | VM_WRITE : VM_READ;
	struct vm_object *obj = rnd(2) ? NULL : &objs[rnd(2)];
	/* pgoff = page + 0 or + 500: file neighbours often continue. */
	uint64_t pgoff = obj ? (uint64_t)s + 500 * rnd(2) : pg(s) >> PAGE_SHIFT;
	struct vma *v;

	op = "insert";
	if (vma_range_free(&set, pg(s), pg(e)) != model_free(s, e))
		fail("vma_range_free disagrees", s, e);
	if (!model_free(s, e))
		return;
	v = vma_alloc(pg(s), pg(e), flags, obj, pgoff);
	vma_insert(&set, v);
	model_map(s, e, flags, obj, pgoff);
	if (rnd(2)) {
		op = "insert+merge";
		v = vma_merge_around(&set, v);
		if (page_of(v->start) != model_merge_around(s))
			fail("merge survivor", page_of(v->start), s);
	}
}

static void op_remove(void)
{
	int p = rnd(npages);
	struct vma *v = vma_lookup(&set, pg(p));

	op = "remove";
	if ((v != NULL) != model[p].mapped)
		fail("vma_lookup disagrees", p, model[p].mapped);
	if (!v)
		return;
	model_unmap(page_of(v->start), page_of(v->end));
	vma_remove(&set, v);
	vma_free(v);
}

/* Isolates [s, e) like munmap and mprotect do; false if it failed. */
static bool isolate(int s, int e, struct vma **first)
{
	int fail_in = rnd(8) == 0 ? 1 + rnd(2) : 0;
	int err;

	shim_kmalloc_fail_in = fail_in;
	err = vma_isolate(&set, pg(s), pg(e), first);
	shim_kmalloc_fail_in = 0;
	if (err == 0) {
		if (model[s].mapped)
			model[s].begins = true;
		if (model[e].mapped)
			model[e].begins = true;
		return true;
	}
	if (err != -ENOMEM || !fail_in)
		fail("vma_isolate failed", err, fail_in);
	/* Only a second allocation failing leaves the first split done. */
	if (fail_in == 2)
		model[s].begins = true;
	return false;
}

static void op_munmap(void)
{
	int s = rnd(npages), e = rnd_end(s, 24);
	struct vma *v, *next;

	op = "munmap";
	if (!isolate(s, e, &v))
		return;
	for (; v && v->start < pg(e); v = next) {
		if (v->start < pg(s) || v->end > pg(e))
			fail("isolate left a vma straddling", s, e);
		next = vma_next(v);
		vma_remove(&set, v);
		vma_free(v);
	}
	model_unmap(s, e);
}

static void op_mprotect(void)
{
	int s = rnd(npages), e = rnd_end(s, 24);
	unsigned long flags = rnd(2) ? VM_READ | VM_WRITE : VM_READ;
	struct vma *v;

	op = "mprotect";
	if (!isolate(s, e, &v))
		return;
	for (; v && v->start < pg(e); v = vma_next(v)) {
		int m;

		for (int p = page_of(v->start); p < page_of(v->end); p++)
			model[p].flags = flags;
		v->flags = flags;
		m = model_merge_around(page_of(v->start));
		v = vma_merge_around(&set, v);
		if (page_of(v->start) != m)
			fail("merge survivor", page_of(v->start), m);
	}
}

static void op_split(void)
{
	int p = rnd(npages);
	struct vma *v = vma_lookup(&set, pg(p));
	bool oom = rnd(8) == 0;

	op = "split";
	if (!v || v->start == pg(p))
		return;
	shim_kmalloc_fail_in = oom;
	v = vma_split(&set, v, pg(p));
	shim_kmalloc_fail_in = 0;
	if ((v == NULL) != oom)
		fail("vma_split result", v != NULL, oom);
	if (v)
		model[p].begins = true;
}

static void op_merge(void)
{
	int p = rnd(npages);
	struct vma *v = vma_lookup(&set, pg(p));

	op = "merge";
	if (!v)
		return;
	v = vma_merge_around(&set, v);
	if (page_of(v->start) != model_merge_around(run_start(p)))
		fail("merge survivor", page_of(v->start), p);
}

/* Moves one end of a vma by up to 4 pages, as brk or a growing stack. */
static void op_resize(void)
{
	int p = rnd(npages), s, e, ns, ne, d = 1 + rnd(4);
	struct vma *v = vma_lookup(&set, pg(p));
	struct page attr;

	op = "resize";
	if (!v)
		return;
	s = ns = page_of(v->start);
	e = ne = page_of(v->end);
	switch (rnd(4)) {
	case 0:
		ne = MIN(e + d, npages);
		break;
	case 1:
		ne = MAX(e - d, s + 1);
		break;
	case 2:
		ns = MAX(s - d, 0);
		break;
	default:
		ns = MIN(s + d, e - 1);
		break;
	}
	if (!model_free(ns, s) || !model_free(e, ne))
		return; /* would overlap a neighbour */
	attr = model[s];
	model_unmap(s, e);
	model_map(ns, ne, attr.flags, attr.obj, attr.pgoff - (s - ns));
	v->pgoff -= s - ns;
	v->start = pg(ns);
	v->end = pg(ne);
	vma_set_update(&set, v);
}

/* The gap searches, done the slow way on the model. */
static vaddr_t model_gap(bool topdown, size_t len, vaddr_t low, vaddr_t high)
{
	vaddr_t lo = PAGE_ALIGN_UP(MAX(MAX(low, set.lo), PAGE_SIZE));
	vaddr_t hi = PAGE_ALIGN_DOWN(MIN(high, set.hi));
	int n = (int)(PAGE_ALIGN_UP(len) / PAGE_SIZE);

	if (len == 0 || lo >= hi || hi - lo < (vaddr_t)n * PAGE_SIZE)
		return 0;
	for (int i = 0, s; i <= page_of(hi) - page_of(lo) - n; i++) {
		s = topdown ? page_of(hi) - n - i : page_of(lo) + i;
		if (model_free(s, s + n))
			return pg(s);
	}
	return 0;
}

static void op_gap(void)
{
	size_t len =
	    rnd(4) ? (1 + rnd(12)) * PAGE_SIZE : 1 + (size_t)rnd(0x8000);
	vaddr_t low = rnd(3) ? 0 : pg(rnd(npages)) + rnd(2) * 0x123;
	vaddr_t high = rnd(3) ? ~0UL : pg(rnd(npages + 1)) - rnd(2) * 0x123;
	vaddr_t got, want;

	op = "gap";
	set.lo = pg(rnd(npages / 4));
	set.hi = pg(npages - rnd(npages / 4));
	got = vma_gap_topdown(&set, len, low, high);
	want = model_gap(true, len, low, high);
	if (got != want)
		fail("vma_gap_topdown", got, want);
	got = vma_gap_bottomup(&set, len, low, high);
	want = model_gap(false, len, low, high);
	if (got != want)
		fail("vma_gap_bottomup", got, want);
}

static void op_find(void)
{
	int p = rnd(npages + 1);
	vaddr_t va = pg(p) + rnd(PAGE_SIZE);
	struct vma *v = vma_find(&set, va);
	int q = p;

	op = "find";
	while (q < npages && !model[q].mapped)
		q++;
	if (q == npages ? v != NULL : !v || page_of(v->end) != run_end(q))
		fail("vma_find", p, q);
	if ((vma_lookup(&set, va) != NULL) != model[p].mapped)
		fail("vma_lookup", p, model[p].mapped);
}

static void run_seed(uint64_t seed)
{
	/* Inserts outweigh the operations that take vmas away, so the set
	 * fills up to a dozen or so vmas (64 pages) or over a hundred. */
	static const struct {
		void (*fn)(void);
		int weight;
	} ops[] = {
	    {op_insert, 3},   {op_remove, 1}, {op_munmap, 1},
	    {op_mprotect, 1}, {op_split, 1},  {op_merge, 1},
	    {op_resize, 1},   {op_gap, 2},    {op_find, 1},
	};
	int total = 0;

	for (size_t i = 0; i < ARRAY_SIZE(ops); i++)
		total += ops[i].weight;
	rng_state = seed * 0x9E3779B97F4A7C15ULL + 1;
	npages = seed % 2 ? 64 : MAX_PAGES;
	memset(model, 0, sizeof(model));
	vma_set_init(&set, pg(0), pg(npages));
	for (step = 0; step < STEPS; step++) {
		int pick = rnd(total);
		size_t i = 0;

		while (pick >= ops[i].weight)
			pick -= ops[i++].weight;
		ops[i].fn();
		vma_set_check(&set);
		compare();
	}
	vma_set_destroy(&set);
	if (shim_object_refs != 0 || shim_kmalloc_live != 0)
		fail("leaked references or vmas", shim_object_refs,
		     shim_kmalloc_live);
}

/* Runs one seed in a child; prints it and returns false on failure. */
static bool seed_passes(uint64_t seed)
{
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		run_seed(seed);
		exit(0);
	}
	waitpid(pid, &status, 0);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return true;
	printf("#   failed with seed %lu: rerun with VMA_SEED=%lu\n",
	       (unsigned long)seed, (unsigned long)seed);
	return false;
}

static void random_ops_fixed_seeds(void)
{
	for (uint64_t seed = 1; seed <= 16; seed++)
		CHECK(seed_passes(seed));
}

static void random_ops_fresh_seed(void)
{
	const char *env = getenv("VMA_SEED");
	uint64_t seed = env ? strtoull(env, NULL, 0)
			    : (uint64_t)time(NULL) ^ (uint64_t)getpid() << 16;

	printf("# seed %lu\n", (unsigned long)seed);
	CHECK(seed_passes(seed));
}

int main(void)
{
	static const struct tap_case cases[] = {
	    TAP_CASE(random_ops_fixed_seeds),
	    TAP_CASE(random_ops_fresh_seed),
	};

	objs[0].id = 1;
	objs[1].id = 2;
	return tap_run(cases, ARRAY_SIZE(cases));
}
