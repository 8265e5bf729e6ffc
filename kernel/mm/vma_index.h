/*
 * vma_index: a B+tree from each vma's start address to the vma, the fast
 * path of vma_find() once an address space holds many vmas.
 *
 * The AVL tree of vma.c stays the vma set's real structure (order, gaps,
 * neighbours); this index only answers "the vma with the greatest start
 * <= va" while reading a few 1 KiB nodes, where the AVL descent reads
 * some twenty vmas scattered over the heap (docs/vma.md, "The index").
 * The vma set builds it when it reaches INDEX_BUILD vmas and drops it
 * below INDEX_DROP, or when a node cannot be allocated; vma_find() then
 * uses the AVL tree alone.
 *
 * Keys are unique.  These functions do not look at vmas: values are
 * opaque pointers, and callers keep the keys equal to the vmas' starts.
 */
#ifndef TIDE_MM_VMA_INDEX_H
#define TIDE_MM_VMA_INDEX_H

#include "lib/types.h"

struct index_node;

struct vma_index {
	struct index_node *root; /* NULL: empty, no memory held */
	int height;		 /* levels; 1: the root is a leaf */
	unsigned long nodes;	 /* nodes allocated */
	unsigned long entries;
};

/* Adds key -> val (key must not be present).  0, or -ENOMEM with the
 * index unchanged. */
int vma_index_insert(struct vma_index *ix, vaddr_t key, void *val);

/* Removes key, which must be present; frees nodes left empty. */
void vma_index_remove(struct vma_index *ix, vaddr_t key);

/* Changes key old (present) to new, which must sort between the same
 * neighbours (a vma's start moving inside the gap below it). */
void vma_index_rekey(struct vma_index *ix, vaddr_t old, vaddr_t new);

/* The value of the greatest key <= key, or NULL. */
void *vma_index_floor(const struct vma_index *ix, vaddr_t key);

/* Frees every node; the index is then empty. */
void vma_index_destroy(struct vma_index *ix);

/* Panics unless the tree is well formed: sorted unique keys, every
 * parent key equal to its child's first, leaves at one depth, and the
 * node and entry counts right. */
void vma_index_check(const struct vma_index *ix);

#endif
