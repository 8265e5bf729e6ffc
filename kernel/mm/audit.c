/*
 * The frame audit behind the "check" boot word: every frame that some
 * user page table maps must be held exactly by those mappings and by the
 * page cache, that is
 *
 *   refcount == PTEs that map it (over every address space)
 *               + 1 if a vm_object caches it
 *   mapcount == PTEs that map it
 *
 * The shared zero page is left out (it holds one reference per mapping
 * plus its own), and so are frames nobody maps (page tables, kernel
 * memory, unmapped file pages): frame_check() covers the free ones.
 *
 * While a frame is allocated its free-stack link, frame.next, means
 * nothing, so the audit counts in it and puts FRAME_NONE back after.
 */
#include "mm/frame.h"
#include "mm/mm.h"
#include "mm/object.h"
#include "mm/pt.h"
#include "arch/x86_64/memlayout.h"
#include "lib/printk.h"

#define AUDIT_CACHED 0x80000000U /* in frame.next: the cache holds it */

static bool audited(const struct frame *f)
{
	return !(f->flags & (FRAME_FREE | FRAME_RESERVED));
}

static int count_pte(pte_t *pte, vaddr_t va, void *ctx)
{
	(void)va, (void)ctx;
	if (pte_addr(*pte) != zero_page)
		pa_to_frame(pte_addr(*pte))->next++;
	return 0;
}

/* Marks the frames of mm's file and shared mappings that their object
 * caches at the same page. */
static void mark_cached(struct mm *mm)
{
	struct vma *v;
	vma_for_each (v, &mm->vmas) {
		if (!v->obj)
			continue;
		for (vaddr_t va = v->start; va < v->end; va += PAGE_SIZE) {
			pte_t *pte = pt_lookup(mm->root, va);
			if (!pte || !(*pte & PTE_P))
				continue;
			uint64_t pg =
			    v->pgoff + ((va - v->start) >> PAGE_SHIFT);
			if (vm_object_find_page(v->obj, pg) == pte_addr(*pte))
				pa_to_frame(pte_addr(*pte))->next |=
				    AUDIT_CACHED;
		}
	}
}

uint64_t mm_audit_frames(struct mm **mms, int n)
{
	pfn_t max = frame_max_pfn();
	uint64_t bad = 0;

	for (pfn_t pfn = 0; pfn < max; pfn++)
		if (audited(pa_to_frame(pfn_to_pa(pfn))))
			pa_to_frame(pfn_to_pa(pfn))->next = 0;
	for (int i = 0; i < n; i++)
		pt_walk(mms[i]->root, 0, USER_END, count_pte, NULL);
	for (int i = 0; i < n; i++)
		mark_cached(mms[i]);
	for (pfn_t pfn = 0; pfn < max; pfn++) {
		struct frame *f = pa_to_frame(pfn_to_pa(pfn));
		if (!audited(f))
			continue;
		uint32_t ptes = f->next & ~AUDIT_CACHED;
		uint32_t want = ptes + !!(f->next & AUDIT_CACHED);
		if (ptes && (f->refcount != want || f->count != ptes) &&
		    bad++ < 3)
			printk("audit: frame %lx: refcount %u mapcount %u, "
			       "but %u PTEs%s\n",
			       pfn_to_pa(pfn), f->refcount, f->count, ptes,
			       f->next & AUDIT_CACHED ? " and the cache" : "");
		f->next = FRAME_NONE;
	}
	return bad;
}
