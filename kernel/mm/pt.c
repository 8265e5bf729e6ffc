/*
 * Page-table editing for 4 KiB pages.  See pt.h for the contract.
 *
 *   va bits: 47..39 PML4 | 38..30 PDPT | 29..21 PD | 20..12 PT | 11..0
 *
 * Level 4 is the PML4, level 1 the page table holding leaves.  Only the
 * user half (PML4 entries 0..255) is ever freed: the kernel half is shared
 * by every address space and built once at boot.
 *
 * Below the root each table page keeps, besides its entry count, a 64-bit
 * summary (frame.pt_groups): one bit per group of 8 entries, set when an
 * entry of the group is filled and cleared only when the table empties.
 * Unmapping and walking pass over groups whose bit is clear, and
 * unmapping stops once a table's count says nothing is left, so a sparse
 * range costs about the pages it holds, not the entries it spans.  The
 * root is always scanned: its kernel half is filled at boot, outside this
 * bookkeeping.
 */
#include "mm/pt.h"
#include "mm/frame.h"
#include "mm/phys.h"
#include "lib/errno.h"
#include "lib/panic.h"
#include "lib/string.h"

#define USER_PML4_ENTRIES 256
#define TABLE_FLAGS	  (PTE_P | PTE_W | PTE_U)
#define GROUP_SHIFT	  3 /* 8 entries per bit of frame.pt_groups */

/* Data frames count the PTEs that map them in frame.count (mapcount). */
static void mapcount_add(paddr_t pa, int delta)
{
	if (pa_to_pfn(pa) < frame_max_pfn())
		pa_to_frame(pa)->count += (uint32_t)delta;
}

static pte_t *table_of(paddr_t pa)
{
	return phys_to_virt(pa);
}

static vaddr_t level_span(int level)
{
	return 1UL << (PAGE_SHIFT + 9 * (level - 1));
}

/* Entry e of the table page holding it was just filled. */
static void table_entry_added(pte_t *e)
{
	struct frame *tf = pa_to_frame(PAGE_ALIGN_DOWN(virt_to_phys(e)));
	unsigned idx = ((vaddr_t)e & (PAGE_SIZE - 1)) / sizeof(pte_t);

	tf->count++;
	tf->pt_groups |= 1ULL << (idx >> GROUP_SHIFT);
}

/* The groups of the table at tpa that may hold entries. */
static uint64_t table_groups(paddr_t tpa, int level)
{
	return level == PT_LEVELS ? ~0ULL : pa_to_frame(tpa)->pt_groups;
}

/* The first index in [i, n) whose entry is present, or n. */
static unsigned next_present(const pte_t *table, uint64_t groups, unsigned i,
			     unsigned n)
{
	while (i < n) {
		uint64_t later = groups >> (i >> GROUP_SHIFT);
		if (!later)
			return n;
		if (!(later & 1))
			i = ((i >> GROUP_SHIFT) +
			     (unsigned)__builtin_ctzll(later))
			    << GROUP_SHIFT;
		else if (table[i] & PTE_P)
			return i;
		else
			i++;
	}
	return n;
}

/* The end of entry va's span, clipped to end (which may be 0 for the top
 * of the address space, as may va + span). */
static vaddr_t span_end(vaddr_t va, vaddr_t span, vaddr_t end)
{
	return va + (span - 1) < end - 1 ? va + span : end;
}

paddr_t pt_new_root(paddr_t kernel_root)
{
	paddr_t root = frame_alloc(FRAME_ZERO);
	if (!root)
		return 0;
	pte_t *k = table_of(kernel_root), *u = table_of(root);
	for (int i = USER_PML4_ENTRIES; i < PT_ENTRIES; i++)
		u[i] = k[i];
	return root;
}

/* The leaf slot for va, creating missing tables when create is set. */
static pte_t *walk_to_leaf(paddr_t root, vaddr_t va, bool create)
{
	pte_t *table = table_of(root);
	for (int level = PT_LEVELS; level > 1; level--) {
		pte_t *e = &table[pt_index(va, level)];
		if (!(*e & PTE_P)) {
			if (!create)
				return NULL;
			paddr_t t = frame_alloc(FRAME_ZERO);
			if (!t)
				return NULL;
			*e = t | TABLE_FLAGS;
			table_entry_added(e);
		}
		BUG_ON(*e & PTE_PS); /* no large pages below a user root */
		table = table_of(pte_addr(*e));
	}
	return &table[pt_index(va, 1)];
}

int pt_map(paddr_t root, vaddr_t va, paddr_t pa, pte_t flags)
{
	BUG_ON(!IS_PAGE_ALIGNED(va) || !IS_PAGE_ALIGNED(pa));
	pte_t *e = walk_to_leaf(root, va, true);
	if (!e)
		return -ENOMEM;
	if (*e & PTE_P)
		return -EEXIST;
	*e = pa | flags | PTE_P;
	table_entry_added(e);
	mapcount_add(pa, 1);
	return 0;
}

pte_t *pt_lookup(paddr_t root, vaddr_t va)
{
	return walk_to_leaf(root, va, false);
}

/* PML4 slots of the kernel half point at tables every root shares. */
static bool shared_kernel_slot(int level, vaddr_t va)
{
	return level == PT_LEVELS && pt_index(va, level) >= USER_PML4_ENTRIES;
}

struct unmap_ctx {
	paddr_t root;
	enum pt_unmap_mode mode;
	paddr_t uncounted;
	uint64_t unmapped;
};

/* Clears leaf entry e (mapping va) of the page table whose frame is tf. */
static void unmap_leaf(struct unmap_ctx *c, struct frame *tf, pte_t *e,
		       vaddr_t va)
{
	paddr_t pa = pte_addr(*e);

	*e = 0;
	tf->count--;
	arch_flush_page(c->root, va);
	mapcount_add(pa, -1);
	if (c->mode == PT_PUT_FRAMES)
		frame_put(pa);
	if (pa != c->uncounted)
		c->unmapped++;
}

/*
 * Clears [start, end) below the table at level whose entries cover it.
 * Returns true if the table is now empty (and so may be freed).
 */
static bool unmap_level(struct unmap_ctx *c, paddr_t tpa, int level,
			vaddr_t start, vaddr_t end)
{
	pte_t *table = table_of(tpa);
	struct frame *tf = pa_to_frame(tpa);
	vaddr_t span = level_span(level);
	vaddr_t base = start & ~(span * PT_ENTRIES - 1);
	uint64_t groups = table_groups(tpa, level);
	unsigned i = pt_index(start, level), n = pt_index(end - 1, level) + 1;

	while ((i = next_present(table, groups, i, n)) < n) {
		vaddr_t va = base + i * span;
		if (level == 1)
			unmap_leaf(c, tf, &table[i], va);
		else if (unmap_level(c, pte_addr(table[i]), level - 1,
				     MAX(va, start), span_end(va, span, end)) &&
			 !shared_kernel_slot(level, va)) {
			frame_put(pte_addr(table[i]));
			table[i] = 0;
			tf->count--;
		}
		if (level < PT_LEVELS && tf->count == 0)
			break;
		i++;
	}
	if (tf->count == 0)
		tf->pt_groups = 0;
	return tf->count == 0;
}

uint64_t pt_unmap(paddr_t root, vaddr_t start, vaddr_t end,
		  enum pt_unmap_mode mode, paddr_t uncounted)
{
	BUG_ON(!IS_PAGE_ALIGNED(start) || !IS_PAGE_ALIGNED(end));
	BUG_ON(start > end);
	struct unmap_ctx c = {
	    .root = root, .mode = mode, .uncounted = uncounted};
	if (start < end)
		unmap_level(&c, root, PT_LEVELS, start, end);
	return c.unmapped;
}

static int walk_level(paddr_t tpa, int level, vaddr_t start, vaddr_t end,
		      pt_walk_fn fn, void *ctx)
{
	pte_t *table = table_of(tpa);
	vaddr_t span = level_span(level);
	vaddr_t base = start & ~(span * PT_ENTRIES - 1);
	uint64_t groups = table_groups(tpa, level);
	unsigned i = pt_index(start, level), n = pt_index(end - 1, level) + 1;

	while ((i = next_present(table, groups, i, n)) < n) {
		vaddr_t va = base + i * span;
		int r = level == 1
			    ? fn(&table[i], va, ctx)
			    : walk_level(pte_addr(table[i]), level - 1,
					 MAX(va, start),
					 span_end(va, span, end), fn, ctx);
		if (r)
			return r;
		i++;
	}
	return 0;
}

int pt_walk(paddr_t root, vaddr_t start, vaddr_t end, pt_walk_fn fn, void *ctx)
{
	if (start >= end)
		return 0;
	return walk_level(root, PT_LEVELS, start, end, fn, ctx);
}

void pt_destroy(paddr_t root)
{
	pt_unmap(root, 0, (vaddr_t)USER_PML4_ENTRIES << 39, PT_PUT_FRAMES, 0);
	frame_put(root);
}

static uint64_t count_level(paddr_t tpa, int level)
{
	pte_t *table = table_of(tpa);
	uint64_t n = 0;
	int limit = level == PT_LEVELS ? USER_PML4_ENTRIES : PT_ENTRIES;
	for (int i = 0; i < limit; i++)
		if (table[i] & PTE_P)
			n += 1 + (level > 2 ? count_level(pte_addr(table[i]),
							  level - 1)
					    : 0);
	return n;
}

uint64_t pt_count_tables(paddr_t root)
{
	return count_level(root, PT_LEVELS);
}

void pt_remap_leaf(paddr_t root, pte_t *pte, vaddr_t va, paddr_t new_pa,
		   pte_t flags)
{
	BUG_ON(!(*pte & PTE_P));
	mapcount_add(pte_addr(*pte), -1);
	*pte = new_pa | flags | PTE_P;
	mapcount_add(new_pa, 1);
	arch_flush_page(root, va);
}
