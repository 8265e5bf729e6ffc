/*
 * Host tests of kernel/mm/vma_index.c, the B+tree behind vma_find() in
 * large address spaces: random inserts, removes, rekeys and lookups
 * against a sorted array, out-of-memory on every allocation an insert
 * makes, and the shapes that mapping in address order produces.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/errno.h"
#include "mm/vma_index.h"
#include "tap.h"

extern long shim_kmalloc_fail_in;
extern long shim_kmalloc_live;

#define MAX_KEYS 20000

static vaddr_t keys[MAX_KEYS]; /* the model: sorted, unique */
static long nkeys;
static uint64_t rng = 88172645463325252ULL;

static uint64_t rnd(uint64_t n)
{
	rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
	return rng % n;
}

static void *val_of(vaddr_t key)
{
	return (void *)(key ^ 0x5a5a0000UL);
}

/* Index of the greatest model key <= key, or -1. */
static long model_floor(vaddr_t key)
{
	long lo = 0, hi = nkeys;
	while (lo < hi) {
		long mid = (lo + hi) / 2;
		if (keys[mid] <= key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo - 1;
}

static bool floor_agrees(const struct vma_index *ix, vaddr_t key)
{
	long i = model_floor(key);
	return vma_index_floor(ix, key) == (i < 0 ? NULL : val_of(keys[i]));
}

static void model_insert(vaddr_t key)
{
	long at = model_floor(key) + 1;
	memmove(&keys[at + 1], &keys[at], (nkeys - at) * sizeof(keys[0]));
	keys[at] = key;
	nkeys++;
}

static void model_remove(long at)
{
	memmove(&keys[at], &keys[at + 1], (nkeys - at - 1) * sizeof(keys[0]));
	nkeys--;
}

/* Every key, the gaps on both sides of it, and the counts. */
static void check_all(const struct vma_index *ix)
{
	vma_index_check(ix);
	CHECK_EQ(ix->entries, (unsigned long)nkeys);
	CHECK(floor_agrees(ix, 0));
	for (long i = 0; i < nkeys; i++)
		if (!floor_agrees(ix, keys[i]) ||
		    !floor_agrees(ix, keys[i] - 1) ||
		    !floor_agrees(ix, keys[i] + 1)) {
			CHECK(!"floor differs from the model");
			return;
		}
}

static void one_random_step(struct vma_index *ix, int grow)
{
	uint64_t op = rnd(10);
	if (op < (uint64_t)grow && nkeys < MAX_KEYS) {
		vaddr_t key = (rnd(1UL << 24) + 1) << 12;
		if (model_floor(key) >= 0 && keys[model_floor(key)] == key)
			return;
		CHECK_EQ(vma_index_insert(ix, key, val_of(key)), 0);
		model_insert(key);
	} else if (op < 8 && nkeys > 0) {
		long at = (long)rnd((uint64_t)nkeys);
		vma_index_remove(ix, keys[at]);
		model_remove(at);
	} else if (op == 8 && nkeys > 0) { /* move a key inside its gap */
		long at = (long)rnd((uint64_t)nkeys);
		vaddr_t lo = at ? keys[at - 1] + 1 : 1;
		vaddr_t hi = at + 1 < nkeys ? keys[at + 1] - 1 : keys[at] + 99;
		vaddr_t to = lo + rnd(hi - lo + 1);
		/* values follow keys in the model: remove and insert alike */
		vma_index_remove(ix, keys[at]);
		CHECK_EQ(vma_index_insert(ix, keys[at], val_of(to)), 0);
		vma_index_rekey(ix, keys[at], to);
		vaddr_t from = keys[at];
		keys[at] = to;
		CHECK(floor_agrees(ix, from) && floor_agrees(ix, to) &&
		      floor_agrees(ix, to - 1));
	} else {
		vaddr_t key = rnd(1UL << 37);
		CHECK(floor_agrees(ix, key));
	}
}

static void random_ops_match_a_sorted_array(void)
{
	struct vma_index ix = {0};

	nkeys = 0;
	for (int step = 0; step < 60000; step++) {
		/* Grow to thousands of keys (three levels), then shrink. */
		one_random_step(&ix, step < 40000 ? 7 : 1);
		if (step % 5000 == 0)
			check_all(&ix);
	}
	check_all(&ix);
	while (nkeys > 0) {
		vma_index_remove(&ix, keys[nkeys - 1]);
		nkeys--;
	}
	CHECK(ix.root == NULL);
	CHECK_EQ(ix.nodes, 0);
	CHECK_EQ(shim_kmalloc_live, 0);
}

/* Fails the 1st, 2nd, ... allocation of inserts that must split, until
 * one succeeds: each failure leaves the index exactly as it was. */
static void out_of_memory_changes_nothing(void)
{
	struct vma_index ix = {0};
	vaddr_t next = 1;

	nkeys = 0;
	for (int round = 0; round < 4000; round++) {
		vaddr_t key = next++ << 12;
		for (long fail = 1;; fail++) {
			unsigned long nodes = ix.nodes;
			shim_kmalloc_fail_in = fail;
			int err = vma_index_insert(&ix, key, val_of(key));
			long left = shim_kmalloc_fail_in;
			shim_kmalloc_fail_in = 0;
			if (err == 0) {
				CHECK(left > 0); /* it did not need the fail */
				break;
			}
			CHECK_EQ(err, -ENOMEM);
			CHECK_EQ(ix.nodes, nodes);
			CHECK_EQ(ix.entries, (unsigned long)nkeys);
		}
		model_insert(key);
	}
	check_all(&ix);
	CHECK_EQ(ix.height, 3); /* 4000 ascending keys in half-full nodes */
	vma_index_destroy(&ix);
	CHECK_EQ(shim_kmalloc_live, 0);
}

/* mmap fills the address space top-down, so keys arrive in descending
 * order; 65,530 (max_map_count) of them fit in four levels. */
static void descending_keys_stay_shallow(void)
{
	struct vma_index ix = {0};

	nkeys = 0;
	for (vaddr_t k = 65530; k >= 1; k--)
		CHECK_EQ(vma_index_insert(&ix, k << 12, val_of(k << 12)), 0);
	CHECK(ix.height <= 4);
	CHECK_EQ(ix.entries, 65530);
	vma_index_check(&ix);
	for (vaddr_t k = 1; k <= 65530; k += 97)
		CHECK_EQ(vma_index_floor(&ix, (k << 12) + 5), val_of(k << 12));
	CHECK(vma_index_floor(&ix, 4095) == NULL);
	vma_index_destroy(&ix);
	CHECK(ix.root == NULL);
	CHECK_EQ(shim_kmalloc_live, 0);
}

int main(void)
{
	static const struct tap_case cases[] = {
	    TAP_CASE(random_ops_match_a_sorted_array),
	    TAP_CASE(out_of_memory_changes_nothing),
	    TAP_CASE(descending_keys_stay_shallow),
	};
	return tap_run(cases, ARRAY_SIZE(cases));
}
