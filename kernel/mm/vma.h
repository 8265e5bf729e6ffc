/*
 * The vma set: the mappings of one address space, as Linux's "vma"s.
 *
 * A vma is one mapping: a half-open, page-aligned range [start, end) with
 * protection flags and a backing object.  A vma_set holds the vmas of one
 * address space, disjoint and in address order, and answers "which vma
 * holds va?" and "where is a free hole of len bytes?" in O(log n).
 *
 * This file does not map pages, check permissions or validate user input:
 * mmap, munmap, mprotect, madvise, brk and the page-fault handler do that
 * on top, and call these functions with arguments they have already
 * checked.  Broken arguments here are kernel bugs and panic.
 *
 * docs/vma.md explains the tree, the gap augmentation, split and merge.
 */
#ifndef TIDE_MM_VMA_H
#define TIDE_MM_VMA_H

#include "lib/types.h"
#include "mm/vma_index.h"

/* vma->flags; the values are Linux's VM_* so /proc/<pid>/maps code reads alike. */
#define VM_READ	     0x1UL
#define VM_WRITE     0x2UL
#define VM_EXEC	     0x4UL
#define VM_SHARED    0x8UL
#define VM_MAYREAD   0x10UL
#define VM_MAYWRITE  0x20UL
#define VM_MAYEXEC   0x40UL
#define VM_MAYSHARE  0x80UL
#define VM_GROWSDOWN 0x100UL
#define VM_LOCKED    0x2000UL
#define VM_SEQ_READ  0x8000UL
#define VM_RAND_READ 0x10000UL
#define VM_ACCOUNT   0x100000UL /* private writable: counted against RAM */
#define VM_NORESERVE 0x200000UL

/*
 * What backs a vma: a file's page cache or shared anonymous memory.  Opaque
 * here; whoever implements it provides the reference counting below.
 */
struct vm_object;
void vm_object_get(struct vm_object *obj);
void vm_object_put(struct vm_object *obj);

struct vma {
	vaddr_t start, end;    /* [start, end), page aligned, start < end */
	unsigned long flags;   /* VM_* */
	struct vm_object *obj; /* NULL: anonymous private memory */
	uint64_t pgoff;	       /* offset into obj, in pages, of start;
				  anonymous: start >> PAGE_SHIFT, as Linux */

	/* Private to vma.c: read them only through the functions below. */
	struct vma *tree_parent, *tree_left, *tree_right; /* AVL, by start */
	struct vma *list_prev, *list_next;		  /* address order */
	int tree_height;     /* of the subtree rooted here; a leaf is 1 */
	vaddr_t subtree_gap; /* largest gap below any vma of this subtree */
	vaddr_t index_key;   /* the start the set's index files it under */
};

struct vma_set {
	struct vma *root;	  /* private: the AVL tree */
	struct vma *first, *last; /* private: the address-ordered list */
	unsigned long count;	  /* number of vmas */
	vaddr_t lo, hi;		  /* gap searches place mappings in [lo, hi) */
	struct vma_index index;	  /* private: vma_find's fast path, or empty */
};

/* An empty set whose gap searches stay inside [lo, hi). */
void vma_set_init(struct vma_set *set, vaddr_t lo, vaddr_t hi);

/* Frees every vma of the set (dropping their object references); the set
 * is then empty and may be reused. */
void vma_set_destroy(struct vma_set *set);

/*
 * A new vma, not yet in any set.  Takes a reference on obj (if not NULL).
 * Returns NULL when out of memory (and takes no reference).
 */
struct vma *vma_alloc(vaddr_t start, vaddr_t end, unsigned long flags,
		      struct vm_object *obj, uint64_t pgoff);

/* Drops v's object reference and frees v, which must not be in a set.
 * NULL is ignored. */
void vma_free(struct vma *v);

/* --- Lookup: all O(log n), except first/last/next/prev which are O(1). */

/* The first vma with end > va (Linux's find_vma), or NULL.  It may start
 * above va: the vma containing va, or else the next one up. */
struct vma *vma_find(const struct vma_set *set, vaddr_t va);

/* The vma containing va, or NULL. */
struct vma *vma_lookup(const struct vma_set *set, vaddr_t va);

/* The lowest vma, or NULL. */
static inline struct vma *vma_first(const struct vma_set *set)
{
	return set->first;
}

/* The highest vma, or NULL. */
static inline struct vma *vma_last(const struct vma_set *set)
{
	return set->last;
}

/* The vma just above v, or NULL. */
static inline struct vma *vma_next(const struct vma *v)
{
	return v->list_next;
}

/* The vma just below v, or NULL. */
static inline struct vma *vma_prev(const struct vma *v)
{
	return v->list_prev;
}

/* Visits every vma in address order.  Do not remove v inside the loop. */
#define vma_for_each(v, set) for ((v) = vma_first(set); (v); (v) = vma_next(v))

/* True if no vma overlaps [start, end). */
bool vma_range_free(const struct vma_set *set, vaddr_t start, vaddr_t end);

static inline size_t vma_npages(const struct vma *v)
{
	return (v->end - v->start) >> PAGE_SHIFT;
}

/* --- Changing the set.  All O(log n). */

/* Adds v, which must not overlap any vma of the set (panics otherwise). */
void vma_insert(struct vma_set *set, struct vma *v);

/* Takes v out of the set.  Does not free it. */
void vma_remove(struct vma_set *set, struct vma *v);

/*
 * Call after changing v->start and/or v->end in place (brk growing the
 * heap, a stack growing down), so the gaps around v are recomputed.  v
 * must still not overlap its neighbours (panics otherwise).
 */
void vma_set_update(struct vma_set *set, struct vma *v);

/*
 * Cuts v in two at `at` (page aligned, v->start < at < v->end): v becomes
 * [start, at) and the returned new vma [at, end) follows it in the set,
 * with the same flags and obj (one more reference) and pgoff advanced by
 * the pages of v.  Returns NULL, with v unchanged, when out of memory.
 */
struct vma *vma_split(struct vma_set *set, struct vma *v, vaddr_t at);

/*
 * Prepares [start, end) (page aligned) for munmap or mprotect: splits the
 * vmas straddling start or end, so that every vma overlapping [start, end)
 * lies inside it.  *first is the lowest vma inside [start, end), or NULL if
 * none; walk on with vma_next() while v->start < end.
 * Returns 0, or -ENOMEM if a split failed: *first is then NULL and the set
 * is still valid (a vma may have been split at start already, which
 * changes no mapping).
 */
int vma_isolate(struct vma_set *set, vaddr_t start, vaddr_t end,
		struct vma **first);

/*
 * Merges v with its neighbours where they touch (prev->end == v->start)
 * and are compatible: same flags, same obj, and for a backed vma pgoff
 * continuing without a hole.  Two anonymous vmas with equal flags are
 * always compatible.  The lowest of the merged vmas survives and is
 * returned (v itself if nothing merged); the others are freed, so a pointer
 * to v's old prev or next may dangle afterwards: to walk on, take
 * vma_next() of the returned vma.
 */
struct vma *vma_merge_around(struct vma_set *set, struct vma *v);

/*
 * Gap search for mmap placement, O(log n).  len is rounded up to whole
 * pages.  The search stays inside [low, high) and [set->lo, set->hi), and
 * never returns an address below PAGE_SIZE, so 0 means "nothing fits".
 *   topdown:  the highest page-aligned a with [a, a + len) free.
 *   bottomup: the lowest such a.
 */
vaddr_t vma_gap_topdown(const struct vma_set *set, size_t len, vaddr_t low,
			vaddr_t high);
vaddr_t vma_gap_bottomup(const struct vma_set *set, size_t len, vaddr_t low,
			 vaddr_t high);

/*
 * Checks every invariant in O(n): vmas aligned, ordered and disjoint, the
 * list equal to the tree's in-order walk, parent links, AVL heights and
 * balance, subtree gaps and count.  Panics naming the first violation.
 * For tests and debug builds.
 */
void vma_set_check(const struct vma_set *set);

#endif
