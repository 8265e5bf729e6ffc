/*
 * The physical frame allocator: every 4 KiB frame of RAM has a struct
 * frame (Linux's struct page) in one table indexed by frame number.  Free
 * frames form a stack threaded through that table, so frame_alloc() and
 * frame_put() are O(1).  Counts are exact: frame_free_count() is what a
 * leak test compares before and after.
 */
#ifndef TIDE_MM_FRAME_H
#define TIDE_MM_FRAME_H

#include "lib/types.h"

struct frame {
	uint32_t refcount; /* 0: free (or reserved); else users */
	uint32_t count;	   /* page-table pages: entries in use */
	uint32_t next;	   /* free stack link: next free pfn, or FRAME_NONE */
	uint16_t flags;	   /* FRAME_RESERVED, FRAME_FREE */
	uint16_t pad;
	uint64_t pt_groups; /* page-table pages: bit g set if entries
			     * 8g..8g+7 may be in use (pt.c) */
};

#define FRAME_NONE     0xffffffffU
#define FRAME_RESERVED 0x1 /* never allocatable: not RAM, kernel, modules */
#define FRAME_FREE     0x2 /* on the free stack */

/* A range of physical memory, [start, end). */
struct mem_range {
	paddr_t start, end;
};

enum frame_alloc_flags {
	FRAME_DIRTY = 0, /* contents undefined */
	FRAME_ZERO = 1,	 /* filled with zeros */
};

/*
 * Builds the allocator from the usable RAM ranges minus the reserved ones
 * (kernel image, modules, boot information; frame 0 and the first 1 MiB
 * are always reserved).  The frame table itself is carved out of RAM.
 * Returns 0, or -ENOMEM if no range can hold the frame table.
 */
int frame_init(const struct mem_range *ram, int nram,
	       const struct mem_range *reserved, int nreserved);

/* A frame with refcount 1, or 0 when memory is exhausted. */
paddr_t frame_alloc(enum frame_alloc_flags flags);
/* One more user of an allocated frame. */
void frame_get(paddr_t pa);
/* One user fewer; the frame returns to the free stack at zero. */
void frame_put(paddr_t pa);

struct frame *pa_to_frame(paddr_t pa);
uint64_t frame_total_count(void); /* allocatable frames, fixed after init */
uint64_t frame_free_count(void);  /* frames on the free stack now */
pfn_t frame_max_pfn(void);	  /* one past the highest RAM frame */
/* Walks the free stack and the table; panics on any inconsistency. */
void frame_check(void);

static inline pfn_t pa_to_pfn(paddr_t pa)
{
	return pa >> PAGE_SHIFT;
}

static inline paddr_t pfn_to_pa(pfn_t pfn)
{
	return pfn << PAGE_SHIFT;
}

#endif
