/*
 * Physical frame allocator.  See frame.h for the contract.
 *
 * The frame table is one array of struct frame, one per frame from pfn 0
 * to the highest RAM frame (holes included: they stay FRAME_RESERVED).
 * Free frames are a LIFO stack linked through frame.next, so allocation
 * and freeing touch one entry each.  This file does not know about page
 * tables or processes; mm/pt.c and the vm code count references in it.
 */
#include "mm/frame.h"
#include "mm/phys.h"
#include "lib/errno.h"
#include "lib/panic.h"
#include "lib/string.h"

#define LOW_MEMORY_END 0x100000 /* BIOS data, VGA, option ROMs: never used */

static struct frame *frames;
static pfn_t max_pfn;
static uint32_t free_top = FRAME_NONE;
static uint64_t nfree, ntotal;

static bool overlaps(paddr_t s, paddr_t e, const struct mem_range *r, int n)
{
	for (int i = 0; i < n; i++)
		if (s < r[i].end && r[i].start < e)
			return true;
	return false;
}

/* The first page-aligned spot in RAM for len bytes, clear of reserved. */
static paddr_t find_table_spot(const struct mem_range *ram, int nram,
			       const struct mem_range *res, int nres,
			       size_t len)
{
	for (int i = 0; i < nram; i++) {
		paddr_t s = PAGE_ALIGN_UP(MAX(ram[i].start, LOW_MEMORY_END));
		while (s + len <= PAGE_ALIGN_DOWN(ram[i].end)) {
			if (!overlaps(s, s + len, res, nres))
				return s;
			s += PAGE_SIZE;
		}
	}
	return 0;
}

static void push_free(pfn_t pfn)
{
	frames[pfn].flags = FRAME_FREE;
	frames[pfn].refcount = 0;
	frames[pfn].next = free_top;
	free_top = (uint32_t)pfn;
	nfree++;
}

int frame_init(const struct mem_range *ram, int nram,
	       const struct mem_range *reserved, int nreserved)
{
	paddr_t top = 0;
	for (int i = 0; i < nram; i++)
		top = MAX(top, PAGE_ALIGN_DOWN(ram[i].end));
	max_pfn = pa_to_pfn(top);
	BUG_ON(max_pfn >= FRAME_NONE);

	size_t table_len = PAGE_ALIGN_UP(max_pfn * sizeof(struct frame));
	paddr_t table =
	    find_table_spot(ram, nram, reserved, nreserved, table_len);
	if (!table)
		return -ENOMEM; /* no RAM range can hold the frame table */
	frames = phys_to_virt(table);
	for (pfn_t pfn = 0; pfn < max_pfn; pfn++)
		frames[pfn] =
		    (struct frame){.flags = FRAME_RESERVED, .next = FRAME_NONE};

	free_top = FRAME_NONE;
	nfree = 0;
	for (int i = nram - 1; i >= 0; i--) {
		paddr_t s = PAGE_ALIGN_UP(MAX(ram[i].start, LOW_MEMORY_END));
		paddr_t e = PAGE_ALIGN_DOWN(ram[i].end);
		/* Push high to low so the lowest frames are handed out first. */
		for (paddr_t pa = e; pa > s; pa -= PAGE_SIZE) {
			paddr_t f = pa - PAGE_SIZE;
			if (f < table + table_len && table < f + PAGE_SIZE)
				continue;
			if (overlaps(f, f + PAGE_SIZE, reserved, nreserved))
				continue;
			if (frames[pa_to_pfn(f)].flags & FRAME_FREE)
				continue; /* overlapping RAM ranges */
			push_free(pa_to_pfn(f));
		}
	}
	ntotal = nfree;
	return 0;
}

paddr_t frame_alloc(enum frame_alloc_flags flags)
{
	if (free_top == FRAME_NONE)
		return 0;
	pfn_t pfn = free_top;
	struct frame *f = &frames[pfn];
	BUG_ON(!(f->flags & FRAME_FREE) || f->refcount != 0);
	free_top = f->next;
	nfree--;
	f->flags = 0;
	f->next = FRAME_NONE;
	f->refcount = 1;
	f->count = 0;
	f->pt_groups = 0;
	paddr_t pa = pfn_to_pa(pfn);
	if (flags & FRAME_ZERO)
		memset(phys_to_virt(pa), 0, PAGE_SIZE);
	return pa;
}

struct frame *pa_to_frame(paddr_t pa)
{
	pfn_t pfn = pa_to_pfn(pa);
	BUG_ON(pfn >= max_pfn);
	return &frames[pfn];
}

void frame_get(paddr_t pa)
{
	struct frame *f = pa_to_frame(pa);
	BUG_ON(f->flags || f->refcount == 0);
	f->refcount++;
}

void frame_put(paddr_t pa)
{
	struct frame *f = pa_to_frame(pa);
	BUG_ON(f->flags || f->refcount == 0);
	if (--f->refcount == 0)
		push_free(pa_to_pfn(pa));
}

uint64_t frame_total_count(void)
{
	return ntotal;
}

uint64_t frame_free_count(void)
{
	return nfree;
}

pfn_t frame_max_pfn(void)
{
	return max_pfn;
}

void frame_check(void)
{
	uint64_t on_stack = 0, marked_free = 0;
	for (uint32_t p = free_top; p != FRAME_NONE; p = frames[p].next) {
		BUG_ON(p >= max_pfn);
		BUG_ON(!(frames[p].flags & FRAME_FREE));
		BUG_ON(frames[p].refcount != 0);
		BUG_ON(++on_stack > nfree);
	}
	for (pfn_t pfn = 0; pfn < max_pfn; pfn++)
		if (frames[pfn].flags & FRAME_FREE)
			marked_free++;
	BUG_ON(on_stack != nfree);
	BUG_ON(marked_free != nfree);
	BUG_ON(nfree > ntotal);
}
