/*
 * The reverse direction, object -> mappings, when a file shrinks: every
 * process that maps the object loses its pages past the new end (private
 * copies too), so a later touch there faults, and vm_fault answers
 * SIGBUS; and when a hole is punched (MADV_REMOVE), the mappings of the
 * punched cache pages lose them (private copies stay).  tide keeps no
 * reverse map: it looks through every process's vmas, which is cheap at
 * NPROC processes and only on truncation and hole punching.
 */
#include "mm/mm.h"
#include "mm/object.h"
#include "mm/pt.h"
#include "proc/proc.h"

int proc_distinct_mms(struct mm **mms)
{
	int n = 0;
	for (struct proc *p = proc_next(NULL); p; p = proc_next(p)) {
		bool seen = !p->mm;
		for (int i = 0; i < n && !seen; i++)
			seen = mms[i] == p->mm;
		if (!seen)
			mms[n++] = p->mm;
	}
	return n;
}

void vm_object_unmap_from(struct vm_object *o, uint64_t pgoff)
{
	struct mm *mms[NPROC];
	int n = proc_distinct_mms(mms);
	for (int i = 0; i < n; i++) {
		struct vma *v;
		vma_for_each (v, &mms[i]->vmas) {
			if (v->obj != o)
				continue;
			uint64_t last = v->pgoff + vma_npages(v);
			if (last <= pgoff)
				continue;
			vaddr_t from =
			    pgoff > v->pgoff
				? v->start + ((pgoff - v->pgoff) << PAGE_SHIFT)
				: v->start;
			mm_zap(mms[i], v, from, v->end);
		}
	}
}

void vm_object_unmap_page(struct vm_object *o, uint64_t pgoff, paddr_t pa)
{
	struct mm *mms[NPROC];
	int n = proc_distinct_mms(mms);
	for (int i = 0; i < n; i++) {
		struct vma *v;
		vma_for_each (v, &mms[i]->vmas) {
			if (v->obj != o || pgoff < v->pgoff ||
			    pgoff >= v->pgoff + vma_npages(v))
				continue;
			vaddr_t va =
			    v->start + ((pgoff - v->pgoff) << PAGE_SHIFT);
			pte_t *pte = pt_lookup(mms[i]->root, va);
			if (pte && (*pte & PTE_P) && pte_addr(*pte) == pa)
				mm_zap(mms[i], v, va, va + PAGE_SIZE);
		}
	}
}
