/*
 * 4-level page tables (PML4 -> PDPT -> PD -> PT), 4 KiB leaves only.
 * An address space is named by the physical address of its PML4 ("root").
 * Table pages are allocated on demand and freed as soon as they hold no
 * entry: struct frame.count of a table page counts its used entries, and
 * of a data page the PTEs mapping it (its mapcount).
 * These functions do not decide what to map (that is vm_fault and the
 * syscalls); they only edit tables and flush the TLB for what they change.
 */
#ifndef TIDE_MM_PT_H
#define TIDE_MM_PT_H

#include "arch/x86_64/pte.h"
#include "lib/types.h"

enum pt_unmap_mode {
	PT_KEEP_FRAMES, /* clear the entries only */
	PT_PUT_FRAMES,	/* and drop the mapping's frame reference */
};

/* A new, zeroed PML4 whose kernel half (entries 256..511) is copied from
 * kernel_root; 0 if out of memory. */
paddr_t pt_new_root(paddr_t kernel_root);

/* Map one page va -> pa with the PTE bits in flags (PTE_P is implied).
 * 0, -ENOMEM (no frame for a table), or -EEXIST if va is mapped. */
int pt_map(paddr_t root, vaddr_t va, paddr_t pa, pte_t flags);

/* The leaf entry for va (present or not), or NULL if no page table covers
 * va.  Writing through it may change bits of a present entry but must not
 * make an entry present or absent: use pt_map/pt_unmap for that. */
pte_t *pt_lookup(paddr_t root, vaddr_t va);

/* Clears every leaf in [start, end), frees table pages left empty and
 * flushes the TLB.  Returns the number of present pages it unmapped, not
 * counting those that mapped the frame `uncounted` (the shared zero page,
 * which is not part of RSS; 0 counts everything).  Absent subtrees are
 * skipped whole, so a sparse range is cheap. */
uint64_t pt_unmap(paddr_t root, vaddr_t start, vaddr_t end,
		  enum pt_unmap_mode mode, paddr_t uncounted);

/* Calls fn for every present leaf in [start, end) in address order; stops
 * early and returns fn's value if it is non-zero. */
typedef int (*pt_walk_fn)(pte_t *pte, vaddr_t va, void *ctx);
int pt_walk(paddr_t root, vaddr_t start, vaddr_t end, pt_walk_fn fn, void *ctx);

/* Frees the user half of root (unmapping and putting every frame) and the
 * PML4 itself. */
void pt_destroy(paddr_t root);

/* Number of table pages (PDPT, PD, PT) below root's user half. */
uint64_t pt_count_tables(paddr_t root);

/* Points the present leaf *pte (for va) at new_pa with flags, moving the
 * mapcount from the old frame to the new one and flushing the TLB.  Frame
 * references are the caller's business (copy-on-write takes one on the
 * new frame and drops one on the old). */
void pt_remap_leaf(paddr_t root, pte_t *pte, vaddr_t va, paddr_t new_pa,
		   pte_t flags);

#endif
