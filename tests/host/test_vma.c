/*
 * Host unit tests of kernel/mm/vma.c: lookup, insert/remove, split,
 * isolate, merge and gap search, one behaviour per case, plus a scale test
 * with 100,000 vmas.  The randomized test against a page model is in
 * test_vma_random.c.
 *
 * Address-space pictures: one column per page, page i at BASE + i pages
 * (the header row is i in hex).  Letters are vmas in address order (the
 * first is A, the next B, ...), spaces are holes; layout() draws a set the
 * same way, so each picture in a comment is also checked by CHECK_LAYOUT.
 */
#include <signal.h>
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

/* The opaque backing object, as far as these tests care. */
struct vm_object {
	int id;
};
static struct vm_object file_a = {1}, file_b = {2};

#define BASE 0x100000UL
#define RW   (VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE)
#define RO   (VM_READ | VM_MAYREAD | VM_MAYWRITE)

static vaddr_t pg(int i)
{
	return BASE + (vaddr_t)i * PAGE_SIZE;
}

/* Maps pages [first, first + npages) with the given flags and backing. */
static struct vma *map(struct vma_set *set, int first, int npages,
		       unsigned long flags, struct vm_object *obj,
		       uint64_t pgoff)
{
	struct vma *v =
	    vma_alloc(pg(first), pg(first + npages), flags, obj, pgoff);

	if (!v) {
		printf("# vma_alloc failed\n");
		exit(2);
	}
	vma_insert(set, v);
	return v;
}

static struct vma *map_anon(struct vma_set *set, int first, int npages)
{
	return map(set, first, npages, RW, NULL, pg(first) >> PAGE_SHIFT);
}

/* A set with placement limits [pg(0), pg(16)), filled from a picture:
 * each run of one letter is an anonymous read-write vma. */
static void build(struct vma_set *set, const char *picture)
{
	vma_set_init(set, pg(0), pg(16));
	for (int i = 0; picture[i];) {
		int j = i + 1;

		while (picture[j] == picture[i])
			j++;
		if (picture[i] != ' ')
			map_anon(set, i, j - i);
		i = j;
	}
	vma_set_check(set);
}

/* Draws the set as build() reads it, trailing holes trimmed. */
static const char *layout(const struct vma_set *set)
{
	static char buf[256];
	const struct vma *v;
	int len = 0, letter = 0;

	memset(buf, ' ', sizeof(buf));
	for (v = vma_first(set); v; v = vma_next(v)) {
		if (v->start < BASE || v->end > pg(sizeof(buf) - 1))
			return "<vma outside the picture>";
		for (vaddr_t a = v->start; a < v->end; a += PAGE_SIZE)
			buf[(a - BASE) / PAGE_SIZE] = 'A' + letter % 26;
		len = (v->end - BASE) / PAGE_SIZE;
		letter++;
	}
	buf[len] = '\0';
	return buf;
}

#define CHECK_LAYOUT(set, want)                                                \
	do {                                                                   \
		const char *_got = layout(set);                                \
		if (strcmp(_got, want) != 0) {                                 \
			printf("#   %s:%d: layout \"%s\", want \"%s\"\n",      \
			       __FILE__, __LINE__, _got, want);                \
			tap_case_failed = 1;                                   \
		}                                                              \
	} while (0)

/* Runs fn in a child; true if it died of a panic (abort). */
static bool panics(void (*fn)(void))
{
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		freopen("/dev/null", "w", stderr);
		fn();
		_exit(0);
	}
	waitpid(pid, &status, 0);
	return WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT;
}

/* --- Lookup */

static void empty_set_finds_nothing(void)
{
	struct vma_set set;

	vma_set_init(&set, pg(0), pg(16));
	CHECK(vma_find(&set, 0) == NULL);
	CHECK(vma_lookup(&set, pg(3)) == NULL);
	CHECK(vma_first(&set) == NULL && vma_last(&set) == NULL);
	CHECK(vma_range_free(&set, 0, ~0UL & PAGE_MASK));
	CHECK_EQ(set.count, 0);
	vma_set_check(&set);
}

static void find_returns_vma_above_hole(void)
{
	/*  0123456789
	 *  AA   BBB      */
	struct vma_set set;

	build(&set, "AA   BBB");
	CHECK_EQ(vma_find(&set, pg(0))->start, pg(0));
	CHECK_EQ(vma_find(&set, pg(2))->start, pg(5)); /* in the hole */
	CHECK_EQ(vma_find(&set, pg(7) + 5)->start, pg(5));
	CHECK(vma_find(&set, pg(8)) == NULL); /* end is exclusive */
	CHECK_EQ(vma_find(&set, 0)->start, pg(0));
	vma_set_destroy(&set);
}

static void lookup_only_inside(void)
{
	/*  0123456789
	 *  AA   BBB      */
	struct vma_set set;

	build(&set, "AA   BBB");
	CHECK_EQ(vma_lookup(&set, pg(5))->start, pg(5));
	CHECK_EQ(vma_lookup(&set, pg(8) - 1)->start, pg(5));
	CHECK(vma_lookup(&set, pg(8)) == NULL);
	CHECK(vma_lookup(&set, pg(2)) == NULL);
	CHECK(vma_lookup(&set, pg(0) - 1) == NULL);
	vma_set_destroy(&set);
}

static void range_free_edges(void)
{
	/*  0123456789
	 *  AA   BBB      */
	struct vma_set set;

	build(&set, "AA   BBB");
	CHECK(vma_range_free(&set, pg(2), pg(5)));  /* exactly the hole */
	CHECK(!vma_range_free(&set, pg(1), pg(3))); /* overlaps A */
	CHECK(!vma_range_free(&set, pg(4), pg(6))); /* overlaps B */
	CHECK(vma_range_free(&set, pg(8), pg(100)));
	CHECK(!vma_range_free(&set, pg(0), pg(100)));
	vma_set_destroy(&set);
}

static void next_prev_walk_in_order(void)
{
	/*  0123456789
	 *  A B C D E     */
	struct vma_set set;
	struct vma *v;
	int n = 0;

	build(&set, "A B C D E");
	for (v = vma_first(&set); v; v = vma_next(v), n++)
		CHECK_EQ(v->start, pg(2 * n));
	CHECK_EQ(n, 5);
	for (v = vma_last(&set); v; v = vma_prev(v))
		CHECK_EQ(v->start, pg(2 * --n));
	CHECK_EQ(n, 0);
	vma_set_destroy(&set);
}

/* --- Insert, remove, update */

static void insert_out_of_order_keeps_address_order(void)
{
	/*  0123456789
	 *  A BB   C DD   */
	struct vma_set set;

	vma_set_init(&set, pg(0), pg(16));
	map_anon(&set, 7, 1);
	map_anon(&set, 0, 1);
	map_anon(&set, 9, 2);
	map_anon(&set, 2, 2);
	vma_set_check(&set);
	CHECK_LAYOUT(&set, "A BB   C DD");
	CHECK_EQ(set.count, 4);
	vma_set_destroy(&set);
}

static void insert_touching_neighbours_is_allowed(void)
{
	/*  0123456789
	 *  AA  CC        before
	 *  AABBCC        after: B fills the hole exactly, no merge */
	struct vma_set set;

	build(&set, "AA  CC");
	map_anon(&set, 2, 2);
	vma_set_check(&set);
	CHECK_LAYOUT(&set, "AABBCC");
	CHECK_EQ(set.count, 3);
	vma_set_destroy(&set);
}

static void insert_overlap_child(void)
{
	/*  0123456789
	 *  AAAA
	 *     XX         X overlaps A by one page: a kernel bug */
	struct vma_set set;

	build(&set, "AAAA");
	map_anon(&set, 3, 2);
}

static void insert_overlap_panics(void)
{
	CHECK(panics(insert_overlap_child));
}

static void remove_first_middle_last(void)
{
	/*  0123456789
	 *  A B C D E     before
	 *    B   D       after removing A, C, E */
	struct vma_set set;

	build(&set, "A B C D E");
	struct vma *a = vma_first(&set), *c = vma_lookup(&set, pg(4));
	struct vma *e = vma_last(&set);

	vma_remove(&set, c);
	vma_set_check(&set);
	vma_remove(&set, a);
	vma_set_check(&set);
	vma_remove(&set, e);
	vma_set_check(&set);
	vma_free(a);
	vma_free(c);
	vma_free(e);
	CHECK_LAYOUT(&set, "  A   B");
	CHECK_EQ(set.count, 2);
	CHECK_EQ(vma_first(&set)->start, pg(2));
	CHECK_EQ(vma_last(&set)->start, pg(6));
	vma_set_destroy(&set);
}

static void remove_twice_child(void)
{
	struct vma_set set;
	struct vma *a;

	build(&set, "A B");
	a = vma_first(&set);
	vma_remove(&set, a);
	vma_remove(&set, a);
}

static void remove_twice_panics(void)
{
	CHECK(panics(remove_twice_child));
}

static void remove_all_in_every_order_stays_balanced(void)
{
	/* Ascending, descending and inside-out removal of 200 vmas: each
	 * order exercises different rotations. */
	for (int order = 0; order < 3; order++) {
		struct vma_set set;
		struct vma *v[200];

		vma_set_init(&set, pg(0), pg(1000));
		for (int i = 0; i < 200; i++)
			v[i] = map_anon(&set, 2 * i, 1);
		vma_set_check(&set);
		for (int k = 0; k < 200; k++) {
			int i = order == 0   ? k
				: order == 1 ? 199 - k
				: k % 2	     ? 100 + k / 2
					     : 99 - k / 2;
			vma_remove(&set, v[i]);
			vma_free(v[i]);
			vma_set_check(&set);
		}
		CHECK_EQ(set.count, 0);
		CHECK(vma_first(&set) == NULL);
	}
}

static void set_update_brk_grows_heap(void)
{
	/*  0123456789abcdef
	 *  AA  B         C      before; B is [heap], C the stack's guard
	 *  AA  BBBBBBB   C      after brk grows B by 6 pages in place */
	struct vma_set set;
	struct vma *heap;

	build(&set, "AA  B         C");
	set.hi = pg(32);
	CHECK_EQ(vma_gap_topdown(&set, 8 * PAGE_SIZE, 0, pg(14)), pg(6));
	heap = vma_lookup(&set, pg(4));
	heap->end = pg(11);
	vma_set_update(&set, heap);
	vma_set_check(&set);
	CHECK_LAYOUT(&set, "AA  BBBBBBB   C");
	CHECK_EQ(vma_gap_topdown(&set, 8 * PAGE_SIZE, 0, pg(14)), 0);
	CHECK_EQ(vma_gap_topdown(&set, 3 * PAGE_SIZE, 0, pg(14)), pg(11));
	vma_set_destroy(&set);
}

static void set_update_stack_grows_down(void)
{
	/*  0123456789abcdef
	 *  A           BBB      before; B grows down (VM_GROWSDOWN)
	 *  A        BBBBBB      after its start moves 3 pages down */
	struct vma_set set;
	struct vma *stack;

	build(&set, "A           BBB");
	stack = vma_last(&set);
	stack->start = pg(9);
	stack->pgoff = pg(9) >> PAGE_SHIFT;
	vma_set_update(&set, stack);
	vma_set_check(&set);
	CHECK_LAYOUT(&set, "A        BBBBBB");
	CHECK_EQ(vma_gap_topdown(&set, 9 * PAGE_SIZE, 0, pg(16)), 0);
	CHECK_EQ(vma_gap_topdown(&set, 8 * PAGE_SIZE, 0, pg(9)), pg(1));
	vma_set_destroy(&set);
}

static void set_update_overlap_child(void)
{
	struct vma_set set;
	struct vma *a;

	build(&set, "AA B");
	a = vma_first(&set);
	a->end = pg(4);
	vma_set_update(&set, a);
}

static void set_update_into_neighbour_panics(void)
{
	/*  0123456789
	 *  AA B          growing A to 4 pages would cover B */
	CHECK(panics(set_update_overlap_child));
}

/* --- Split */

static void vma_split_middle(void)
{
	/*  0123456789
	 *  AAAAAA        before
	 *  AABBBB        after splitting at page 2 */
	struct vma_set set;
	struct vma *a, *b;

	build(&set, "AAAAAA");
	a = vma_first(&set);
	b = vma_split(&set, a, pg(2));
	vma_set_check(&set);
	CHECK_LAYOUT(&set, "AABBBB");
	CHECK(b == vma_next(a));
	CHECK_EQ(a->end, pg(2));
	CHECK_EQ(b->start, pg(2));
	CHECK_EQ(b->end, pg(6));
	CHECK_EQ(b->flags, a->flags);
	CHECK_EQ(b->pgoff, pg(2) >> PAGE_SHIFT);
	vma_set_destroy(&set);
}

static void vma_split_file_keeps_obj_and_advances_pgoff(void)
{
	/*  0123456789
	 *  AAAAA         file_a at pgoff 10, before
	 *  AAABB         after: B maps file_a from pgoff 13 */
	struct vma_set set;
	struct vma *a, *b;

	vma_set_init(&set, pg(0), pg(16));
	a = map(&set, 0, 5, RO, &file_a, 10);
	CHECK_EQ(shim_object_refs, 1);
	b = vma_split(&set, a, pg(3));
	CHECK_LAYOUT(&set, "AAABB");
	CHECK(b->obj == &file_a);
	CHECK_EQ(b->pgoff, 13);
	CHECK_EQ(a->pgoff, 10);
	CHECK_EQ(shim_object_refs, 2);
	vma_set_destroy(&set);
	CHECK_EQ(shim_object_refs, 0);
}

static void vma_split_out_of_memory_leaves_vma(void)
{
	/*  0123456789
	 *  AAAA B        before and after: the split fails */
	struct vma_set set;
	struct vma *a;

	build(&set, "AAAA B");
	a = vma_first(&set);
	shim_kmalloc_fail_in = 1;
	CHECK(vma_split(&set, a, pg(2)) == NULL);
	shim_kmalloc_fail_in = 0;
	vma_set_check(&set);
	CHECK_LAYOUT(&set, "AAAA B");
	CHECK_EQ(a->end, pg(4));
	vma_set_destroy(&set);
}

static void split_at_edge_child(void)
{
	struct vma_set set;

	build(&set, "AAAA");
	vma_split(&set, vma_first(&set), pg(4));
}

static void vma_split_at_edge_panics(void)
{
	/* Splitting [0, 4) at 4 would leave an empty vma. */
	CHECK(panics(split_at_edge_child));
}

/* --- Isolate */

static void isolate_inside_one_vma(void)
{
	/*  0123456789
	 *  AAAAAAAA      before; isolate [3, 5)
	 *  AAABBCCC      after: B is exactly the range */
	struct vma_set set;
	struct vma *first;

	build(&set, "AAAAAAAA");
	CHECK_EQ(vma_isolate(&set, pg(3), pg(5), &first), 0);
	vma_set_check(&set);
	CHECK_LAYOUT(&set, "AAABBCCC");
	CHECK_EQ(first->start, pg(3));
	CHECK_EQ(first->end, pg(5));
	vma_set_destroy(&set);
}

static void isolate_straddling_two(void)
{
	/*  0123456789
	 *  AAAA BBBB     before; isolate [2, 7)
	 *  AABB CCDD     after: B and C lie inside the range */
	struct vma_set set;
	struct vma *first;

	build(&set, "AAAA BBBB");
	CHECK_EQ(vma_isolate(&set, pg(2), pg(7), &first), 0);
	vma_set_check(&set);
	CHECK_LAYOUT(&set, "AABB CCDD");
	CHECK_EQ(first->start, pg(2));
	CHECK_EQ(vma_next(first)->end, pg(7));
	vma_set_destroy(&set);
}

static void isolate_on_boundaries_splits_nothing(void)
{
	/*  0123456789
	 *  AA BB CC      before and after; isolate [2, 6) */
	struct vma_set set;
	struct vma *first;

	build(&set, "AA BB CC");
	CHECK_EQ(vma_isolate(&set, pg(2), pg(6), &first), 0);
	CHECK_LAYOUT(&set, "AA BB CC");
	CHECK_EQ(first->start, pg(3));
	CHECK_EQ(set.count, 3);
	vma_set_destroy(&set);
}

static void isolate_hole_finds_nothing(void)
{
	/*  0123456789
	 *  AA     BB     isolate [2, 7): only a hole */
	struct vma_set set;
	struct vma *first = (struct vma *)1;

	build(&set, "AA     BB");
	CHECK_EQ(vma_isolate(&set, pg(2), pg(7), &first), 0);
	CHECK(first == NULL);
	CHECK_LAYOUT(&set, "AA     BB");
	vma_set_destroy(&set);
}

static void isolate_then_remove_is_munmap(void)
{
	/*  0123456789abc
	 *  AAA BB CCCC      before; munmap [2, 9)
	 *  AA       BB      after */
	struct vma_set set;
	struct vma *v, *next;
	vaddr_t end = pg(9);

	build(&set, "AAA BB CCCC");
	CHECK_EQ(vma_isolate(&set, pg(2), end, &v), 0);
	for (; v && v->start < end; v = next) {
		next = vma_next(v);
		vma_remove(&set, v);
		vma_free(v);
		vma_set_check(&set);
	}
	CHECK_LAYOUT(&set, "AA       BB");
	CHECK(vma_range_free(&set, pg(2), end));
	CHECK_EQ(set.count, 2);
	vma_set_destroy(&set);
	CHECK_EQ(shim_kmalloc_live, 0);
}

static void isolate_out_of_memory_leaves_valid_set(void)
{
	/*  0123456789
	 *  AAAAAAAA      before; isolate [2, 5), second split fails
	 *  AABBBBBB      after: split at 2 only, same mapping */
	struct vma_set set;
	struct vma *first = (struct vma *)1;

	build(&set, "AAAAAAAA");
	shim_kmalloc_fail_in = 2;
	CHECK_EQ(vma_isolate(&set, pg(2), pg(5), &first), -ENOMEM);
	shim_kmalloc_fail_in = 0;
	CHECK(first == NULL);
	vma_set_check(&set);
	CHECK_LAYOUT(&set, "AABBBBBB");
	vma_set_destroy(&set);
}

/* --- Merge */

static void merge_with_prev(void)
{
	/*  0123456789
	 *  AABB  C       before: A and B alike
	 *  AAAA  B       after merging around B */
	struct vma_set set;
	struct vma *a, *m;

	build(&set, "AABB  C");
	a = vma_first(&set);
	m = vma_merge_around(&set, vma_next(a));
	vma_set_check(&set);
	CHECK(m == a);
	CHECK_LAYOUT(&set, "AAAA  B");
	CHECK_EQ(a->pgoff, pg(0) >> PAGE_SHIFT);
	vma_set_destroy(&set);
	CHECK_EQ(shim_kmalloc_live, 0);
}

static void merge_with_next(void)
{
	/*  0123456789
	 *  A  BBCCC      before
	 *  A  BBBBB      after merging around B, which survives */
	struct vma_set set;
	struct vma *b, *m;

	build(&set, "A  BBCCC");
	b = vma_lookup(&set, pg(3));
	m = vma_merge_around(&set, b);
	vma_set_check(&set);
	CHECK(m == b);
	CHECK_LAYOUT(&set, "A  BBBBB");
	CHECK_EQ(b->end, pg(8));
	vma_set_destroy(&set);
}

static void merge_with_prev_and_next(void)
{
	/*  0123456789
	 *  AABBBCC  D    before
	 *  AAAAAAA  B    after merging around B */
	struct vma_set set;
	struct vma *a, *m;

	build(&set, "AABBBCC  D");
	a = vma_first(&set);
	m = vma_merge_around(&set, vma_next(a));
	vma_set_check(&set);
	CHECK(m == a);
	CHECK_LAYOUT(&set, "AAAAAAA  B");
	CHECK_EQ(set.count, 2);
	vma_set_destroy(&set);
	CHECK_EQ(shim_kmalloc_live, 0);
}

static void merge_refuses_different_flags(void)
{
	/*  0123456789
	 *  AABBCC        B read-only, A and C read-write: nothing merges */
	struct vma_set set;
	struct vma *b;

	vma_set_init(&set, pg(0), pg(16));
	map_anon(&set, 0, 2);
	b = map(&set, 2, 2, RO, NULL, pg(2) >> PAGE_SHIFT);
	map_anon(&set, 4, 2);
	CHECK(vma_merge_around(&set, b) == b);
	vma_set_check(&set);
	CHECK_LAYOUT(&set, "AABBCC");
	vma_set_destroy(&set);
}

static void merge_refuses_hole(void)
{
	/*  0123456789
	 *  AA BB CC      alike, but not touching: nothing merges */
	struct vma_set set;
	struct vma *b;

	build(&set, "AA BB CC");
	b = vma_lookup(&set, pg(3));
	CHECK(vma_merge_around(&set, b) == b);
	CHECK_LAYOUT(&set, "AA BB CC");
	vma_set_destroy(&set);
}

static void merge_file_needs_contiguous_pgoff(void)
{
	/*  0123456789
	 *  AABBCC        file_a; A at pgoff 0, B at 2, C at 7
	 *  AAAABB        after: A+B continue the file, C does not */
	struct vma_set set;
	struct vma *a, *b;

	vma_set_init(&set, pg(0), pg(16));
	a = map(&set, 0, 2, RO, &file_a, 0);
	b = map(&set, 2, 2, RO, &file_a, 2);
	map(&set, 4, 2, RO, &file_a, 7);
	CHECK_EQ(shim_object_refs, 3);
	CHECK(vma_merge_around(&set, b) == a);
	vma_set_check(&set);
	CHECK_LAYOUT(&set, "AAAABB");
	CHECK_EQ(shim_object_refs, 2); /* the absorbed B's reference */
	vma_set_destroy(&set);
	CHECK_EQ(shim_object_refs, 0);
}

static void merge_refuses_different_obj(void)
{
	/*  0123456789
	 *  AABBCC        file_a, file_b, anonymous: nothing merges */
	struct vma_set set;
	struct vma *b;

	vma_set_init(&set, pg(0), pg(16));
	map(&set, 0, 2, RO, &file_a, 0);
	b = map(&set, 2, 2, RO, &file_b, 2);
	map(&set, 4, 2, RO, NULL, pg(4) >> PAGE_SHIFT);
	CHECK(vma_merge_around(&set, b) == b);
	CHECK_LAYOUT(&set, "AABBCC");
	vma_set_destroy(&set);
	CHECK_EQ(shim_object_refs, 0);
}

static void mprotect_middle_then_back_merges_whole(void)
{
	/*  0123456789
	 *  AAAAAAAA      before
	 *  AABBBCCC      mprotect(RO) [2, 5): isolate, change B's flags
	 *  AAAAAAAA      mprotect(RW) back: merging around B joins all */
	struct vma_set set;
	struct vma *b;

	build(&set, "AAAAAAAA");
	CHECK_EQ(vma_isolate(&set, pg(2), pg(5), &b), 0);
	b->flags = RO;
	CHECK(vma_merge_around(&set, b) == b);
	CHECK_LAYOUT(&set, "AABBBCCC");
	b->flags = RW;
	b = vma_merge_around(&set, b);
	vma_set_check(&set);
	CHECK_LAYOUT(&set, "AAAAAAAA");
	CHECK(b == vma_first(&set));
	CHECK_EQ(set.count, 1);
	vma_set_destroy(&set);
}

/* --- Gap search.  Limits are [pg(0), pg(16)) unless a test says so. */

static void gap_topdown_empty_set_uses_hi(void)
{
	struct vma_set set;

	vma_set_init(&set, pg(0), pg(16));
	CHECK_EQ(vma_gap_topdown(&set, PAGE_SIZE, 0, ~0UL), pg(15));
	CHECK_EQ(vma_gap_topdown(&set, 16 * PAGE_SIZE, 0, ~0UL), pg(0));
	CHECK_EQ(vma_gap_topdown(&set, 17 * PAGE_SIZE, 0, ~0UL), 0);
	CHECK_EQ(vma_gap_bottomup(&set, 3 * PAGE_SIZE, 0, ~0UL), pg(0));
}

static void gap_topdown_above_last_vma(void)
{
	/*  0123456789abcdef
	 *  AA  BB              the hole above B, to hi, is the highest */
	struct vma_set set;

	build(&set, "AA  BB");
	CHECK_EQ(vma_gap_topdown(&set, 10 * PAGE_SIZE, 0, ~0UL), pg(6));
	CHECK_EQ(vma_gap_topdown(&set, 2 * PAGE_SIZE, 0, ~0UL), pg(14));
	CHECK_EQ(vma_gap_topdown(&set, 11 * PAGE_SIZE, 0, ~0UL), 0);
	vma_set_destroy(&set);
}

static void gap_topdown_exact_fit(void)
{
	/*  0123456789abcdef
	 *  AA   BB  CCCCCCC    holes of 3 and 2 pages; 3 fits exactly */
	struct vma_set set;

	build(&set, "AA   BB  CCCCCCC");
	CHECK_EQ(vma_gap_topdown(&set, 3 * PAGE_SIZE, 0, ~0UL), pg(2));
	CHECK_EQ(vma_gap_topdown(&set, 2 * PAGE_SIZE, 0, ~0UL), pg(7));
	vma_set_destroy(&set);
}

static void gap_topdown_nothing_fits(void)
{
	/*  0123456789abcdef
	 *  AA   BB  CCCCCCC    no hole of 4 pages */
	struct vma_set set;

	build(&set, "AA   BB  CCCCCCC");
	CHECK_EQ(vma_gap_topdown(&set, 4 * PAGE_SIZE, 0, ~0UL), 0);
	CHECK_EQ(vma_gap_bottomup(&set, 4 * PAGE_SIZE, 0, ~0UL), 0);
	CHECK_EQ(vma_gap_topdown(&set, 0, 0, ~0UL), 0); /* len 0 */
	vma_set_destroy(&set);
}

static void gap_topdown_rounds_len_up(void)
{
	/*  0123456789abcdef
	 *  AA   BB  CCCCCCC    2 pages + 1 byte needs 3 */
	struct vma_set set;

	build(&set, "AA   BB  CCCCCCC");
	CHECK_EQ(vma_gap_topdown(&set, 2 * PAGE_SIZE + 1, 0, ~0UL), pg(2));
	CHECK_EQ(vma_gap_topdown(&set, 1, 0, ~0UL), pg(8));
	vma_set_destroy(&set);
}

static void gap_topdown_respects_low_and_high(void)
{
	/*  0123456789abcdef
	 *  A      B            searching [pg(2), pg(5)) or [pg(9), pg(12)) */
	struct vma_set set;

	build(&set, "A      B");
	CHECK_EQ(vma_gap_topdown(&set, 2 * PAGE_SIZE, pg(2), pg(5)), pg(3));
	CHECK_EQ(vma_gap_topdown(&set, 3 * PAGE_SIZE, pg(2), pg(5)), pg(2));
	CHECK_EQ(vma_gap_topdown(&set, 4 * PAGE_SIZE, pg(2), pg(5)), 0);
	CHECK_EQ(vma_gap_topdown(&set, 3 * PAGE_SIZE, pg(9), pg(12)), pg(9));
	/* Unaligned limits shrink to whole pages. */
	CHECK_EQ(vma_gap_topdown(&set, PAGE_SIZE, pg(2) + 1, pg(5) - 1), pg(3));
	CHECK_EQ(vma_gap_topdown(&set, PAGE_SIZE, pg(5), pg(5)), 0);
	CHECK_EQ(vma_gap_topdown(&set, PAGE_SIZE, pg(6), pg(2)), 0);
	vma_set_destroy(&set);
}

static void gap_topdown_hole_straddles_low(void)
{
	/*  0123456789abcdef
	 *  A     BBBBBBBBBB    hole [1, 6) but low = pg(4): 2 pages fit */
	struct vma_set set;

	build(&set, "A     BBBBBBBBBB");
	CHECK_EQ(vma_gap_topdown(&set, 2 * PAGE_SIZE, pg(4), ~0UL), pg(4));
	CHECK_EQ(vma_gap_topdown(&set, 3 * PAGE_SIZE, pg(4), ~0UL), 0);
	CHECK_EQ(vma_gap_topdown(&set, 5 * PAGE_SIZE, 0, ~0UL), pg(1));
	vma_set_destroy(&set);
}

static void gap_topdown_vma_straddles_high(void)
{
	/*  0123456789abcdef
	 *    A     BBBBB       high = pg(10) falls inside B */
	struct vma_set set;

	build(&set, "  A     BBBBB");
	CHECK_EQ(vma_gap_topdown(&set, 5 * PAGE_SIZE, 0, pg(10)), pg(3));
	CHECK_EQ(vma_gap_topdown(&set, 2 * PAGE_SIZE, 0, pg(10)), pg(6));
	CHECK_EQ(vma_gap_topdown(&set, 2 * PAGE_SIZE, 0, pg(2)), pg(0));
	vma_set_destroy(&set);
}

static void gap_topdown_set_limits_bound_search(void)
{
	/*  0123456789abcdef
	 *       AA             set limits [pg(3), pg(10)) */
	struct vma_set set;

	build(&set, "     AA");
	set.lo = pg(3);
	set.hi = pg(10);
	CHECK_EQ(vma_gap_topdown(&set, 3 * PAGE_SIZE, 0, ~0UL), pg(7));
	CHECK_EQ(vma_gap_topdown(&set, 4 * PAGE_SIZE, 0, ~0UL), 0);
	CHECK_EQ(vma_gap_topdown(&set, 2 * PAGE_SIZE, 0, pg(7)), pg(3));
	CHECK_EQ(vma_gap_bottomup(&set, 2 * PAGE_SIZE, 0, ~0UL), pg(3));
	CHECK_EQ(vma_gap_bottomup(&set, 3 * PAGE_SIZE, 0, ~0UL), pg(7));
	vma_set_destroy(&set);
}

static void gap_never_returns_page_zero(void)
{
	/* With lo = 0 the lowest hole starts at 0, which would read as
	 * "nothing fits": the search starts at PAGE_SIZE instead. */
	struct vma_set set;

	vma_set_init(&set, 0, 4 * PAGE_SIZE);
	CHECK_EQ(vma_gap_bottomup(&set, PAGE_SIZE, 0, ~0UL), PAGE_SIZE);
	CHECK_EQ(vma_gap_topdown(&set, 3 * PAGE_SIZE, 0, ~0UL), PAGE_SIZE);
	CHECK_EQ(vma_gap_topdown(&set, 4 * PAGE_SIZE, 0, ~0UL), 0);
}

static void gap_bottomup_lowest_and_above_last(void)
{
	/*  0123456789abcdef
	 *  AA  BB   CC         holes of 2 and 3 pages, then 5 to hi */
	struct vma_set set;

	build(&set, "AA  BB   CC");
	CHECK_EQ(vma_gap_bottomup(&set, 2 * PAGE_SIZE, 0, ~0UL), pg(2));
	CHECK_EQ(vma_gap_bottomup(&set, 3 * PAGE_SIZE, 0, ~0UL), pg(6));
	CHECK_EQ(vma_gap_bottomup(&set, 5 * PAGE_SIZE, 0, ~0UL), pg(11));
	CHECK_EQ(vma_gap_bottomup(&set, 6 * PAGE_SIZE, 0, ~0UL), 0);
	CHECK_EQ(vma_gap_bottomup(&set, 2 * PAGE_SIZE, pg(3), ~0UL), pg(6));
	CHECK_EQ(vma_gap_bottomup(&set, PAGE_SIZE, pg(3), ~0UL), pg(3));
	CHECK_EQ(vma_gap_bottomup(&set, 3 * PAGE_SIZE, 0, pg(8)), 0);
	vma_set_destroy(&set);
}

/* --- The checker itself must catch broken sets. */

static void corrupt_gap_child(void)
{
	struct vma_set set;

	build(&set, "A B  C   D");
	set.root->subtree_gap += PAGE_SIZE;
	vma_set_check(&set);
}

static void corrupt_balance_child(void)
{
	/* A right-leaning chain of three, as an insert without rotations
	 * would leave it. */
	struct vma_set set;
	struct vma *v[3];

	vma_set_init(&set, pg(0), pg(16));
	for (int i = 0; i < 3; i++)
		v[i] = map_anon(&set, 2 * i, 1);
	set.root = v[0];
	v[0]->tree_parent = NULL;
	v[0]->tree_left = NULL;
	v[0]->tree_right = v[1];
	v[1]->tree_parent = v[0];
	v[1]->tree_left = NULL;
	v[1]->tree_right = v[2];
	v[2]->tree_parent = v[1];
	v[0]->tree_height = 3;
	v[1]->tree_height = 2;
	v[1]->subtree_gap = PAGE_SIZE;
	v[0]->subtree_gap = BASE;
	vma_set_check(&set);
}

static void corrupt_order_child(void)
{
	struct vma_set set;

	build(&set, "A B");
	vma_first(&set)->start = pg(3);
	vma_first(&set)->end = pg(4);
	vma_set_check(&set);
}

static void check_catches_broken_sets(void)
{
	CHECK(panics(corrupt_gap_child));
	CHECK(panics(corrupt_balance_child));
	CHECK(panics(corrupt_order_child));
}

/* --- Scale */

static uint64_t rng_state = 88172645463325252ULL;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* vma_gap_topdown, the slow obvious way: walk holes from the top down. */
static vaddr_t slow_topdown(const struct vma_set *set, size_t len, vaddr_t high)
{
	vaddr_t top = MIN(high, set->hi);

	for (struct vma *v = vma_last(set);; v = vma_prev(v)) {
		vaddr_t bottom = v ? v->end : 0;

		bottom = MAX(bottom, set->lo);
		if (bottom <= top && top - bottom >= len)
			return top - len;
		if (!v)
			return 0;
		top = MIN(top, v->start);
	}
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void scale_100k_vmas_and_gap_searches(void)
{
	enum { N = 100000 };
	static struct vma *v[N];
	struct vma_set set;
	vaddr_t a = 0x10000, hi;
	double t0, t1, t2, t3;
	int wrong = 0;

	/* 1 to 4 pages each, holes of 0 to 7 pages between. */
	for (int i = 0; i < N; i++) {
		vaddr_t len = (1 + rng() % 4) * PAGE_SIZE;

		a += (rng() % 8) * PAGE_SIZE;
		v[i] = vma_alloc(a, a + len, RW, NULL, a >> PAGE_SHIFT);
		a += len;
	}
	hi = a + 16 * PAGE_SIZE;
	vma_set_init(&set, 0x10000, hi);
	/* Insert in a shuffled order. */
	for (int i = N - 1; i > 0; i--) {
		int j = rng() % (i + 1);
		struct vma *t = v[i];

		v[i] = v[j];
		v[j] = t;
	}
	t0 = now();
	for (int i = 0; i < N; i++)
		vma_insert(&set, v[i]);
	t1 = now();
	vma_set_check(&set);
	CHECK_EQ(set.count, N);

	t2 = now();
	for (int i = 0; i < N; i++) {
		size_t len = (1 + rng() % 8) * PAGE_SIZE;
		vaddr_t high = 0x10000 + rng() % (hi - 0x10000);
		vaddr_t got = vma_gap_topdown(&set, len, 0, high);

		/* Checking every answer the slow way would be O(n^2). */
		if (i % 500 == 0 &&
		    got != slow_topdown(&set, len, high & PAGE_MASK))
			wrong++;
		if (got && !vma_range_free(&set, got, got + len))
			wrong++;
	}
	t3 = now();
	CHECK_EQ(wrong, 0);
	printf("# 100000 inserts: %.0f ms, 100000 topdown gap searches: "
	       "%.0f ms\n",
	       (t1 - t0) * 1e3, (t3 - t2) * 1e3);
	/* Generous: O(n) per operation would take minutes here. */
	CHECK((t1 - t0) + (t3 - t2) < 10.0);

	for (int i = 0; i < N; i++) {
		vma_remove(&set, v[i]);
		vma_free(v[i]);
		if (i % 10000 == 0)
			vma_set_check(&set);
	}
	CHECK_EQ(set.count, 0);
	CHECK_EQ(shim_kmalloc_live, 0);
}

int main(void)
{
	static const struct tap_case cases[] = {
	    TAP_CASE(empty_set_finds_nothing),
	    TAP_CASE(find_returns_vma_above_hole),
	    TAP_CASE(lookup_only_inside),
	    TAP_CASE(range_free_edges),
	    TAP_CASE(next_prev_walk_in_order),
	    TAP_CASE(insert_out_of_order_keeps_address_order),
	    TAP_CASE(insert_touching_neighbours_is_allowed),
	    TAP_CASE(insert_overlap_panics),
	    TAP_CASE(remove_first_middle_last),
	    TAP_CASE(remove_twice_panics),
	    TAP_CASE(remove_all_in_every_order_stays_balanced),
	    TAP_CASE(set_update_brk_grows_heap),
	    TAP_CASE(set_update_stack_grows_down),
	    TAP_CASE(set_update_into_neighbour_panics),
	    TAP_CASE(vma_split_middle),
	    TAP_CASE(vma_split_file_keeps_obj_and_advances_pgoff),
	    TAP_CASE(vma_split_out_of_memory_leaves_vma),
	    TAP_CASE(vma_split_at_edge_panics),
	    TAP_CASE(isolate_inside_one_vma),
	    TAP_CASE(isolate_straddling_two),
	    TAP_CASE(isolate_on_boundaries_splits_nothing),
	    TAP_CASE(isolate_hole_finds_nothing),
	    TAP_CASE(isolate_then_remove_is_munmap),
	    TAP_CASE(isolate_out_of_memory_leaves_valid_set),
	    TAP_CASE(merge_with_prev),
	    TAP_CASE(merge_with_next),
	    TAP_CASE(merge_with_prev_and_next),
	    TAP_CASE(merge_refuses_different_flags),
	    TAP_CASE(merge_refuses_hole),
	    TAP_CASE(merge_file_needs_contiguous_pgoff),
	    TAP_CASE(merge_refuses_different_obj),
	    TAP_CASE(mprotect_middle_then_back_merges_whole),
	    TAP_CASE(gap_topdown_empty_set_uses_hi),
	    TAP_CASE(gap_topdown_above_last_vma),
	    TAP_CASE(gap_topdown_exact_fit),
	    TAP_CASE(gap_topdown_nothing_fits),
	    TAP_CASE(gap_topdown_rounds_len_up),
	    TAP_CASE(gap_topdown_respects_low_and_high),
	    TAP_CASE(gap_topdown_hole_straddles_low),
	    TAP_CASE(gap_topdown_vma_straddles_high),
	    TAP_CASE(gap_topdown_set_limits_bound_search),
	    TAP_CASE(gap_never_returns_page_zero),
	    TAP_CASE(gap_bottomup_lowest_and_above_last),
	    TAP_CASE(check_catches_broken_sets),
	    TAP_CASE(scale_100k_vmas_and_gap_searches),
	};

	return tap_run(cases, ARRAY_SIZE(cases));
}
