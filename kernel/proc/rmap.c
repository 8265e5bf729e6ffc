/*
 * The reverse direction, object -> mappings, when a file shrinks: every
 * process that maps the object loses its pages past the new end (private
 * copies too), so a later touch there faults, and vm_fault answers
 * SIGBUS.  tide keeps no reverse map: it looks through every process's
 * vmas, which is cheap at NPROC processes and only on truncation.
 */
#include "mm/mm.h"
#include "mm/object.h"
#include "proc/proc.h"

void vm_object_unmap_from(struct vm_object *o, uint64_t pgoff)
{
	struct mm *done[NPROC];
	int ndone = 0;
	for (struct proc *p = proc_next(NULL); p; p = proc_next(p)) {
		struct mm *mm = p->mm;
		bool seen = !mm;
		for (int i = 0; i < ndone && !seen; i++)
			seen = done[i] == mm; /* threads share one mm */
		if (seen)
			continue;
		done[ndone++] = mm;
		struct vma *v;
		vma_for_each (v, &mm->vmas) {
			if (v->obj != o)
				continue;
			uint64_t last = v->pgoff + vma_npages(v);
			if (last <= pgoff)
				continue;
			vaddr_t from =
			    pgoff > v->pgoff
				? v->start + ((pgoff - v->pgoff) << PAGE_SHIFT)
				: v->start;
			mm_zap(mm, v, from, v->end);
		}
	}
}
