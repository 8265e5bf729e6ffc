/*
 * Host tests of the page cache object (kernel/mm/object.c) over fake RAM.
 * Every case ends by checking that each frame came back.
 */
#include <string.h>

#include "fake_phys.h"
#include "tap.h"
#include "lib/errno.h"
#include "mm/frame.h"
#include "mm/object.h"
#include "mm/phys.h"

#define MiB (1UL << 20)

static uint64_t free_at_start;
static struct inode *evicted;

/* fs/inode.c's side of the contract: called after the last put. */
void inode_evict(struct inode *inode)
{
	evicted = inode;
}

static void setup(void)
{
	static const struct mem_range ram[] = {{0, 16 * MiB}};
	fake_phys_init(16 * MiB);
	CHECK_EQ(frame_init(ram, 1, NULL, 0), 0);
	free_at_start = frame_free_count();
	evicted = NULL;
}

static void check_no_leak(void)
{
	CHECK_EQ(frame_free_count(), free_at_start);
	frame_check();
}

static unsigned char *page_bytes(paddr_t pa)
{
	return phys_to_virt(pa);
}

static void new_object_is_empty(void)
{
	setup();
	struct vm_object *o = vm_object_new(NULL);
	CHECK(o != NULL);
	CHECK_EQ(o->refcount, 1);
	CHECK_EQ(o->size, 0);
	CHECK_EQ(vm_object_nr_pages(o), 0);
	CHECK_EQ(vm_object_find_page(o, 0), 0);
	CHECK_EQ(frame_free_count(), free_at_start); /* no tree yet */
	vm_object_put(o);
	check_no_leak();
}

static void get_page_allocates_zeroed_once(void)
{
	setup();
	struct vm_object *o = vm_object_new(NULL);
	paddr_t pa = vm_object_get_page(o, 3);
	CHECK(pa != 0);
	for (int i = 0; i < 4096; i++)
		CHECK_EQ(page_bytes(pa)[i], 0);
	CHECK_EQ(vm_object_get_page(o, 3), pa);
	CHECK_EQ(vm_object_find_page(o, 3), pa);
	CHECK_EQ(vm_object_find_page(o, 2), 0);
	CHECK_EQ(vm_object_nr_pages(o), 1);
	CHECK_EQ(pa_to_frame(pa)->refcount, 1); /* the cache's only */
	/* One data page + one leaf node. */
	CHECK_EQ(frame_free_count(), free_at_start - 2);
	vm_object_put(o);
	check_no_leak();
}

static void sparse_pages_build_only_their_branches(void)
{
	setup();
	struct vm_object *o = vm_object_new(NULL);
	/* Page 0 and page 2^27 (512 GiB in): height 4, two branches. */
	paddr_t a = vm_object_get_page(o, 0);
	paddr_t b = vm_object_get_page(o, 1ULL << 27);
	CHECK(a && b && a != b);
	CHECK_EQ(vm_object_nr_pages(o), 2);
	CHECK_EQ(vm_object_find_page(o, 0), a);
	CHECK_EQ(vm_object_find_page(o, 1ULL << 27), b);
	CHECK_EQ(vm_object_find_page(o, 1), 0);
	/* 2 data pages; root; 2 x (3 nodes below the root). */
	CHECK_EQ(free_at_start - frame_free_count(), 2 + 1 + 3 + 3);
	vm_object_put(o);
	check_no_leak();
}

static void largest_offsets_fit(void)
{
	setup();
	struct vm_object *o = vm_object_new(NULL);
	uint64_t last = VM_OBJECT_MAX_SIZE >> PAGE_SHIFT;
	paddr_t pa = vm_object_get_page(o, last);
	CHECK(pa != 0);
	CHECK_EQ(vm_object_find_page(o, last), pa);
	CHECK_EQ(vm_object_find_page(o, last - 1), 0);
	CHECK_EQ(vm_object_find_page(o, UINT64_MAX), 0);
	vm_object_put(o);
	check_no_leak();
}

static void write_then_read_back_across_pages(void)
{
	setup();
	struct vm_object *o = vm_object_new(NULL);
	static char in[10000], out[10000];
	for (size_t i = 0; i < sizeof(in); i++)
		in[i] = (char)(i * 7 + 1);
	CHECK_EQ(vm_object_write(o, 100, in, sizeof(in)), sizeof(in));
	CHECK_EQ(o->size, 100 + sizeof(in));
	CHECK_EQ(vm_object_nr_pages(o), 3);
	CHECK_EQ(vm_object_read(o, 100, out, sizeof(out)), sizeof(out));
	CHECK(memcmp(in, out, sizeof(in)) == 0);
	/* Reads stop at the end. */
	CHECK_EQ(vm_object_read(o, 10000, out, 500), 100);
	CHECK_EQ(vm_object_read(o, 10100, out, 500), 0);
	CHECK_EQ(vm_object_read(o, 99999, out, 500), 0);
	vm_object_put(o);
	check_no_leak();
}

static void holes_read_as_zeros_without_allocating(void)
{
	setup();
	struct vm_object *o = vm_object_new(NULL);
	char buf[8192];
	CHECK_EQ(vm_object_write(o, 5 * 4096, "x", 1), 1);
	CHECK_EQ(o->size, 5 * 4096 + 1);
	CHECK_EQ(vm_object_nr_pages(o), 1);
	memset(buf, 0x55, sizeof(buf));
	CHECK_EQ(vm_object_read(o, 4096, buf, sizeof(buf)), sizeof(buf));
	for (size_t i = 0; i < sizeof(buf); i++)
		CHECK_EQ(buf[i], 0);
	CHECK_EQ(vm_object_nr_pages(o), 1);
	vm_object_put(o);
	check_no_leak();
}

static void truncate_frees_pages_and_zeroes_tail(void)
{
	setup();
	struct vm_object *o = vm_object_new(NULL);
	static char in[10 * 4096];
	char c;
	memset(in, 'a', sizeof(in));
	CHECK_EQ(vm_object_write(o, 0, in, sizeof(in)), sizeof(in));
	CHECK_EQ(vm_object_nr_pages(o), 10);
	uint64_t used = free_at_start - frame_free_count();
	CHECK_EQ(used, 11); /* 10 pages + 1 leaf */

	vm_object_truncate(o, 3 * 4096 + 10);
	CHECK_EQ(o->size, 3 * 4096 + 10);
	CHECK_EQ(vm_object_nr_pages(o), 4);
	CHECK_EQ(free_at_start - frame_free_count(), 5);
	/* Grow again: the old tail and the dropped pages read as zeros. */
	vm_object_truncate(o, 8 * 4096);
	CHECK_EQ(vm_object_read(o, 3 * 4096 + 9, &c, 1), 1);
	CHECK_EQ(c, 'a');
	CHECK_EQ(vm_object_read(o, 3 * 4096 + 10, &c, 1), 1);
	CHECK_EQ(c, 0);
	CHECK_EQ(vm_object_read(o, 7 * 4096, &c, 1), 1);
	CHECK_EQ(c, 0);
	CHECK_EQ(vm_object_nr_pages(o), 4);

	vm_object_truncate(o, 0);
	CHECK_EQ(vm_object_nr_pages(o), 0);
	CHECK_EQ(frame_free_count(), free_at_start); /* tree gone too */
	vm_object_put(o);
	check_no_leak();
}

static void truncate_of_sparse_tree_frees_branches(void)
{
	setup();
	struct vm_object *o = vm_object_new(NULL);
	CHECK_EQ(vm_object_write(o, 0, "a", 1), 1);
	CHECK_EQ(vm_object_write(o, 4096ULL << 20, "b", 1), 1); /* page 2^20 */
	CHECK_EQ(vm_object_nr_pages(o), 2);
	vm_object_truncate(o, 4096);
	CHECK_EQ(vm_object_nr_pages(o), 1);
	/* Page 0 and its path (height 3: root, node, leaf) remain. */
	CHECK_EQ(free_at_start - frame_free_count(), 1 + 3);
	vm_object_put(o);
	check_no_leak();
}

static void write_past_end_zeroes_gap_in_old_last_page(void)
{
	setup();
	struct vm_object *o = vm_object_new(NULL);
	char c = 0;
	CHECK_EQ(vm_object_write(o, 0, "abc", 3), 3);
	/* Stale bytes past the end, as a shared mapping may leave. */
	memset(page_bytes(vm_object_find_page(o, 0)) + 3, 'z', 10);
	CHECK_EQ(vm_object_write(o, 100, "d", 1), 1);
	CHECK_EQ(vm_object_read(o, 5, &c, 1), 1);
	CHECK_EQ(c, 0);
	vm_object_put(o);
	check_no_leak();
}

static void write_beyond_max_size_is_efbig(void)
{
	setup();
	struct vm_object *o = vm_object_new(NULL);
	CHECK_EQ(vm_object_write(o, VM_OBJECT_MAX_SIZE, "a", 1), -EFBIG);
	CHECK_EQ(vm_object_write(o, VM_OBJECT_MAX_SIZE - 1, "a", 1), 1);
	CHECK_EQ(o->size, VM_OBJECT_MAX_SIZE);
	vm_object_put(o);
	check_no_leak();
}

static void out_of_memory_is_enomem_and_leaks_nothing(void)
{
	setup();
	struct vm_object *o = vm_object_new(NULL);
	static char big[64 * 4096];
	paddr_t hog[4096];
	int nhog = 0;
	/* Leave exactly 5 frames: a leaf and 4 data pages. */
	while (frame_free_count() > 5)
		hog[nhog++] = frame_alloc(FRAME_DIRTY);
	CHECK_EQ(vm_object_write(o, 0, big, sizeof(big)), 4 * 4096);
	CHECK_EQ(o->size, 4 * 4096);
	CHECK_EQ(vm_object_write(o, o->size, big, 10), -ENOMEM);
	CHECK_EQ(vm_object_get_page(o, 1000), 0);
	while (nhog > 0)
		frame_put(hog[--nhog]);
	vm_object_put(o);
	check_no_leak();
}

static void last_put_frees_and_evicts_owner(void)
{
	setup();
	struct inode *owner = (struct inode *)&free_at_start; /* any token */
	struct vm_object *o = vm_object_new(owner);
	CHECK_EQ(vm_object_write(o, 0, "hello", 5), 5);
	vm_object_get(o); /* a mapping */
	vm_object_put(o);
	CHECK(evicted == NULL);
	CHECK_EQ(vm_object_nr_pages(o), 1);
	vm_object_put(o);
	CHECK(evicted == owner);
	check_no_leak();
}

static void mapped_page_outlives_cache(void)
{
	setup();
	struct vm_object *o = vm_object_new(NULL);
	paddr_t pa = vm_object_get_page(o, 0);
	frame_get(pa); /* a page table maps it */
	vm_object_put(o);
	CHECK_EQ(pa_to_frame(pa)->refcount, 1);
	frame_put(pa);
	check_no_leak();
}

int main(void)
{
	static const struct tap_case cases[] = {
	    TAP_CASE(new_object_is_empty),
	    TAP_CASE(get_page_allocates_zeroed_once),
	    TAP_CASE(sparse_pages_build_only_their_branches),
	    TAP_CASE(largest_offsets_fit),
	    TAP_CASE(write_then_read_back_across_pages),
	    TAP_CASE(holes_read_as_zeros_without_allocating),
	    TAP_CASE(truncate_frees_pages_and_zeroes_tail),
	    TAP_CASE(truncate_of_sparse_tree_frees_branches),
	    TAP_CASE(write_past_end_zeroes_gap_in_old_last_page),
	    TAP_CASE(write_beyond_max_size_is_efbig),
	    TAP_CASE(out_of_memory_is_enomem_and_leaks_nothing),
	    TAP_CASE(last_put_frees_and_evicts_owner),
	    TAP_CASE(mapped_page_outlives_cache),
	};
	return tap_run(cases, ARRAY_SIZE(cases));
}
