/*
 * Whole address spaces: create, fork, destroy, and the range operations
 * (map, unmap, zap, protect) that the memory system calls are built from.
 * Invariants kept here:
 *   - every present user PTE lies inside a vma and holds one frame
 *     reference (frame_get) and one mapcount;
 *   - mm->rss counts present PTEs except those of the shared zero page;
 *   - private writable pages shared with another mm (after fork) or with
 *     the page cache are mapped read-only: the first write copies them.
 */
#include "mm/mm.h"
#include "mm/fault.h"
#include "mm/frame.h"
#include "mm/kmalloc.h"
#include "mm/object.h"
#include "mm/phys.h"
#include "mm/pt.h"
#include "arch/x86_64/memlayout.h"
#include "lib/errno.h"
#include "lib/panic.h"

paddr_t zero_page;

void mm_init(void)
{
	zero_page = frame_alloc(FRAME_ZERO);
	if (!zero_page)
		panic("mm_init: no frame for the zero page");
}

pte_t vma_pte_flags(const struct vma *v)
{
	pte_t f = 0;
	if (v->flags & (VM_READ | VM_WRITE | VM_EXEC))
		f |= PTE_U; /* PROT_NONE pages stay present for the kernel */
	if (v->flags & VM_WRITE)
		f |= PTE_W;
	if (!(v->flags & VM_EXEC))
		f |= PTE_NX;
	return f;
}

struct mm *mm_create(void)
{
	struct mm *mm = kzalloc(sizeof(*mm));
	if (!mm)
		return NULL;
	mm->root = pt_new_root(kernel_root);
	if (!mm->root) {
		kfree(mm);
		return NULL;
	}
	vma_set_init(&mm->vmas, USER_MIN_ADDR, USER_END);
	mm->mmap_base = USER_STACK_TOP - STACK_GAP;
	mm->stack_limit = STACK_MAX;
	mm->users = 1;
	return mm;
}

static void zap_range(struct mm *mm, vaddr_t start, vaddr_t end)
{
	uint64_t n = pt_unmap(mm->root, start, end, PT_PUT_FRAMES, zero_page);
	BUG_ON(n > mm->rss);
	mm->rss -= n;
}

void mm_zap(struct mm *mm, struct vma *v, vaddr_t start, vaddr_t end)
{
	BUG_ON(start < v->start || end > v->end);
	zap_range(mm, start, end);
}

void mm_destroy(struct mm *mm)
{
	struct vma *v = vma_first(&mm->vmas);
	while (v) {
		struct vma *next = vma_next(v);
		zap_range(mm, v->start, v->end);
		vma_remove(&mm->vmas, v);
		vma_free(v);
		v = next;
	}
	BUG_ON(mm->rss != 0);
	pt_destroy(mm->root);
	kfree(mm);
}

int mm_unmap(struct mm *mm, vaddr_t start, vaddr_t end)
{
	struct vma *v = vma_lookup(&mm->vmas, start);
	if (v && v->start < start && end < v->end &&
	    mm->vmas.count >= MAX_MAP_COUNT)
		return -ENOMEM; /* a hole in one vma makes one more vma */
	int err = vma_isolate(&mm->vmas, start, end, &v);
	if (err)
		return err;
	while (v && v->start < end) {
		struct vma *next = vma_next(v);
		zap_range(mm, v->start, v->end);
		vma_remove(&mm->vmas, v);
		vma_free(v);
		v = next;
	}
	return 0;
}

int mm_map(struct mm *mm, vaddr_t start, size_t len, unsigned long flags,
	   struct vm_object *obj, uint64_t pgoff)
{
	vaddr_t end = start + len;
	if (!obj)
		pgoff = start >> PAGE_SHIFT;
	struct vma *v = vma_alloc(start, end, flags, obj, pgoff);
	if (!v)
		return -ENOMEM;
	int err = mm_unmap(mm, start, end);
	if (err) {
		vma_free(v);
		return err;
	}
	vma_insert(&mm->vmas, v);
	vma_merge_around(&mm->vmas, v);
	return 0;
}

struct protect_ctx {
	paddr_t root;
	pte_t set, clear;
	bool shared;
};

static int protect_pte(pte_t *pte, vaddr_t va, void *ctx)
{
	struct protect_ctx *c = ctx;
	pte_t e = (*pte & ~c->clear) | c->set;
	/* In a private mapping, pages shared copy-on-write (with another mm,
	 * the page cache or as the zero page) stay read-only: the fault path
	 * decides whether a write may take them over. */
	if (!c->shared && (e & PTE_W) &&
	    (pte_addr(e) == zero_page ||
	     pa_to_frame(pte_addr(e))->refcount > 1))
		e &= ~PTE_W;
	*pte = e;
	arch_flush_page(c->root, va);
	return 0;
}

int mm_protect_vma(struct mm *mm, struct vma *v, vaddr_t start, vaddr_t end,
		   unsigned long newflags)
{
	unsigned splits = (start > v->start) + (end < v->end);
	if (mm->vmas.count + splits > MAX_MAP_COUNT)
		return -ENOMEM; /* vm.max_map_count */
	if (start > v->start) {
		v = vma_split(&mm->vmas, v, start);
		if (!v)
			return -ENOMEM;
	}
	if (end < v->end && !vma_split(&mm->vmas, v, end))
		return -ENOMEM;
	v->flags = newflags;
	struct protect_ctx c = {mm->root, vma_pte_flags(v),
				PTE_U | PTE_W | PTE_NX, v->flags & VM_SHARED};
	pt_walk(mm->root, v->start, v->end, protect_pte, &c);
	vma_merge_around(&mm->vmas, v);
	return 0;
}

struct fork_ctx {
	struct mm *child;
	const struct vma *v;
	int err;
};

static int fork_pte(pte_t *pte, vaddr_t va, void *ctx)
{
	struct fork_ctx *c = ctx;
	if (!(c->v->flags & VM_SHARED))
		*pte &= ~PTE_W; /* both now copy on write */
	paddr_t pa = pte_addr(*pte);
	frame_get(pa);
	int err = pt_map(c->child->root, va, pa, *pte & ~PTE_ADDR_MASK);
	if (err) {
		frame_put(pa);
		c->err = err;
		return 1;
	}
	if (pa != zero_page)
		c->child->rss++;
	return 0;
}

struct mm *mm_fork(struct mm *mm)
{
	struct mm *child = mm_create();
	if (!child)
		return NULL;
	paddr_t root = child->root;
	struct vma_set empty = child->vmas;
	*child = *mm;
	child->root = root;
	child->vmas = empty;
	child->rss = 0;
	child->users = 1;

	struct vma *v;
	vma_for_each (v, &mm->vmas) {
		struct vma *nv =
		    vma_alloc(v->start, v->end, v->flags, v->obj, v->pgoff);
		if (!nv)
			goto fail;
		vma_insert(&child->vmas, nv);
		struct fork_ctx c = {child, v, 0};
		pt_walk(mm->root, v->start, v->end, fork_pte, &c);
		if (c.err)
			goto fail;
	}
	arch_flush_all(mm->root); /* the parent's PTEs lost their W bits */
	return child;
fail:
	arch_flush_all(mm->root);
	mm_destroy(child);
	return NULL;
}

void mm_populate(struct mm *mm, vaddr_t start, vaddr_t end,
		 enum populate_mode mode)
{
	for (vaddr_t va = start; va < end; va += PAGE_SIZE) {
		struct vma *v = vma_lookup(&mm->vmas, va);
		if (!v)
			return;
		pte_t *pte = pt_lookup(mm->root, va);
		if (pte && (*pte & PTE_P))
			continue;
		bool write = mode == POPULATE_WRITE ||
			     (mode == POPULATE_AS_WRITTEN &&
			      (v->flags & (VM_WRITE | VM_SHARED)) == VM_WRITE);
		if (vm_fault(mm, va, write ? FAULT_WRITE : FAULT_READ) !=
		    FAULT_OK)
			return;
	}
}

struct check_ctx {
	struct mm *mm;
	uint64_t rss;
};

static int check_pte(pte_t *pte, vaddr_t va, void *ctx)
{
	struct check_ctx *c = ctx;
	if (!vma_lookup(&c->mm->vmas, va))
		panic("mm_check: page %p mapped outside every vma", (void *)va);
	if (pte_addr(*pte) != zero_page)
		c->rss++;
	return 0;
}

void mm_check(struct mm *mm)
{
	vma_set_check(&mm->vmas);
	struct check_ctx c = {mm, 0};
	pt_walk(mm->root, 0, USER_END, check_pte, &c);
	if (c.rss != mm->rss)
		panic("mm_check: rss %lu but %lu pages mapped", mm->rss, c.rss);
}
