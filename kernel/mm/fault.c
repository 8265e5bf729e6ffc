/*
 * vm_fault(): what to map when a user page is touched for the first time,
 * or written while shared.  One function per case:
 *
 *   fault_anon          private anonymous: zero page on read, a new
 *                       zeroed frame on write
 *   fault_file_private  private file: the page cache page read-only; a
 *                       write gets a private copy
 *   fault_shared        shared file or shared anonymous memory: the page
 *                       cache page itself, writable if the vma is
 *   fault_cow           write to a present read-only page of a writable
 *                       private vma: reuse it if nobody else holds it,
 *                       else copy
 *
 * Each returns a fault_result; the caller turns failures into signals.
 */
#include "mm/fault.h"
#include "mm/frame.h"
#include "mm/object.h"
#include "mm/phys.h"
#include "mm/pt.h"
#include "lib/string.h"

#define STACK_GUARD_GAP (256UL << PAGE_SHIFT) /* Linux's stack_guard_gap */

static bool access_allowed(const struct vma *v, unsigned access)
{
	if (access & FAULT_WRITE)
		return v->flags & VM_WRITE;
	if (access & FAULT_EXEC)
		return v->flags & VM_EXEC;
	/* x86 cannot map write-only or execute-only pages. */
	return v->flags & (VM_READ | VM_WRITE | VM_EXEC);
}

static enum fault_result map_new(struct mm *mm, vaddr_t page, paddr_t pa,
				 pte_t flags)
{
	if (pt_map(mm->root, page, pa, flags) < 0) {
		frame_put(pa);
		return FAULT_OOM;
	}
	if (pa != zero_page)
		mm->rss++;
	return FAULT_OK;
}

static enum fault_result fault_anon(struct mm *mm, struct vma *v, vaddr_t page,
				    unsigned access)
{
	if (!(access & FAULT_WRITE)) {
		frame_get(zero_page);
		return map_new(mm, page, zero_page, vma_pte_flags(v) & ~PTE_W);
	}
	paddr_t pa = frame_alloc(FRAME_ZERO);
	if (!pa)
		return FAULT_OOM;
	return map_new(mm, page, pa, vma_pte_flags(v));
}

static uint64_t vma_pgoff(const struct vma *v, vaddr_t page)
{
	return v->pgoff + ((page - v->start) >> PAGE_SHIFT);
}

/* The page cache frame behind page of a file-backed vma, or 0 with *res
 * saying why not. */
static paddr_t object_page(struct vma *v, vaddr_t page, enum fault_result *res)
{
	uint64_t pgoff = vma_pgoff(v, page);
	if (pgoff >= PAGE_ALIGN_UP(v->obj->size) >> PAGE_SHIFT) {
		*res = FAULT_SIGBUS; /* a whole page beyond end of file */
		return 0;
	}
	paddr_t pa = vm_object_get_page(v->obj, pgoff);
	if (!pa)
		*res = FAULT_OOM;
	return pa;
}

static paddr_t copy_of(paddr_t src)
{
	paddr_t pa = frame_alloc(FRAME_DIRTY);
	if (pa)
		memcpy(phys_to_virt(pa), phys_to_virt(src), PAGE_SIZE);
	return pa;
}

static enum fault_result fault_file_private(struct mm *mm, struct vma *v,
					    vaddr_t page, unsigned access)
{
	enum fault_result res;
	paddr_t cached = object_page(v, page, &res);
	if (!cached)
		return res;
	if (!(access & FAULT_WRITE)) {
		frame_get(cached);
		return map_new(mm, page, cached, vma_pte_flags(v) & ~PTE_W);
	}
	paddr_t pa = copy_of(cached);
	if (!pa)
		return FAULT_OOM;
	return map_new(mm, page, pa, vma_pte_flags(v));
}

static enum fault_result fault_shared(struct mm *mm, struct vma *v,
				      vaddr_t page)
{
	enum fault_result res;
	paddr_t cached = object_page(v, page, &res);
	if (!cached)
		return res;
	frame_get(cached);
	return map_new(mm, page, cached, vma_pte_flags(v));
}

static enum fault_result fault_cow(struct mm *mm, struct vma *v, vaddr_t page,
				   pte_t *pte)
{
	paddr_t old = pte_addr(*pte);
	pte_t flags = vma_pte_flags(v);
	if ((v->flags & VM_SHARED) ||
	    (old != zero_page && pa_to_frame(old)->refcount == 1)) {
		pt_remap_leaf(mm->root, pte, page, old, flags);
		return FAULT_OK; /* nobody else holds it: take it over */
	}
	paddr_t pa = copy_of(old);
	if (!pa)
		return FAULT_OOM;
	pt_remap_leaf(mm->root, pte, page, pa, flags);
	frame_put(old);
	if (old == zero_page)
		mm->rss++;
	return FAULT_OK;
}

/* A fault just below a VM_GROWSDOWN vma extends it, within the stack
 * limit and keeping Linux's guard gap above the next vma down. */
static bool grow_stack(struct mm *mm, struct vma *v, vaddr_t addr)
{
	vaddr_t page = PAGE_ALIGN_DOWN(addr);
	if (!(v->flags & VM_GROWSDOWN) || v->end - page > mm->stack_limit)
		return false;
	struct vma *prev = vma_prev(v);
	if (prev && prev->end + STACK_GUARD_GAP > page)
		return false;
	v->start = page;
	v->pgoff = page >> PAGE_SHIFT;
	vma_set_update(&mm->vmas, v);
	return true;
}

enum fault_result vm_fault(struct mm *mm, vaddr_t addr, unsigned access)
{
	vaddr_t page = PAGE_ALIGN_DOWN(addr);
	struct vma *v = vma_find(&mm->vmas, addr);
	if (!v || (addr < v->start && !grow_stack(mm, v, addr)))
		return FAULT_MAPERR;
	if (!access_allowed(v, access))
		return FAULT_ACCERR;

	pte_t *pte = pt_lookup(mm->root, page);
	if (pte && (*pte & PTE_P)) {
		if ((access & FAULT_WRITE) && !(*pte & PTE_W))
			return fault_cow(mm, v, page, pte);
		if (!(*pte & PTE_U)) /* was PROT_NONE; access now allowed */
			*pte |= PTE_U;
		arch_flush_page(mm->root, page); /* a stale TLB entry */
		return FAULT_OK;
	}
	if (!v->obj)
		return fault_anon(mm, v, page, access);
	if (v->flags & VM_SHARED)
		return fault_shared(mm, v, page);
	return fault_file_private(mm, v, page, access);
}

bool mm_access_ok(struct mm *mm, vaddr_t addr, size_t len, unsigned access)
{
	vaddr_t end = addr + len;
	if (end < addr)
		return false;
	while (addr < end) {
		struct vma *v = vma_find(&mm->vmas, addr);
		if (!v)
			return false;
		if (addr < v->start) {
			if (!(v->flags & VM_GROWSDOWN) ||
			    v->end - PAGE_ALIGN_DOWN(addr) > mm->stack_limit)
				return false;
		} else if (!access_allowed(v, access)) {
			return false;
		}
		addr = v->end;
	}
	return true;
}
