/*
 * mremap, and the locking calls mlock, munlock, mlockall, munlockall.
 * tide never swaps, so a locked page is simply one that was made resident
 * and is shown in VmLck; MADV_DONTNEED refuses locked ranges, as Linux.
 */
#include "arch/x86_64/memlayout.h"
#include "mm/frame.h"
#include "mm/mm.h"
#include "mm/object.h"
#include "mm/pt.h"
#include "proc/proc.h"
#include "syscall/syscall.h"
#include "lib/errno.h"

#define MREMAP_MAYMOVE	 1
#define MREMAP_FIXED	 2
#define MREMAP_DONTUNMAP 4
#define MCL_CURRENT	 1
#define MCL_FUTURE	 2
#define MCL_ONFAULT	 4

/* Sets or clears VM_LOCKED over [start, end); every page must be mapped. */
static long set_locked(struct mm *mm, vaddr_t start, vaddr_t end, bool on)
{
	for (vaddr_t at = start; at < end;) {
		struct vma *v = vma_find(&mm->vmas, at);
		if (!v || v->start > at)
			return -ENOMEM; /* a hole */
		vaddr_t stop = MIN(v->end, end);
		unsigned long flags =
		    on ? v->flags | VM_LOCKED : v->flags & ~VM_LOCKED;
		long err = flags == v->flags
			       ? 0
			       : mm_protect_vma(mm, v, at, stop, flags);
		if (err)
			return err;
		at = stop;
	}
	if (on)
		mm_populate(mm, start, end, POPULATE_AS_WRITTEN);
	return 0;
}

static long lock_range(vaddr_t start, size_t len, bool on)
{
	vaddr_t end = PAGE_ALIGN_UP(start + len);
	start = PAGE_ALIGN_DOWN(start);
	if (end < start || end > USER_END)
		return -ENOMEM;
	return set_locked(current->mm, start, end, on);
}

SYSCALL_DEFINE2(mlock, vaddr_t, start, size_t, len)
{
	return lock_range(start, len, true);
}

SYSCALL_DEFINE2(munlock, vaddr_t, start, size_t, len)
{
	return lock_range(start, len, false);
}

SYSCALL_DEFINE1(mlockall, int, flags)
{
	if (!flags || (flags & ~(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT)) ||
	    flags == MCL_ONFAULT)
		return -EINVAL;
	struct mm *mm = current->mm;
	mm->lock_future = flags & MCL_FUTURE;
	if (!(flags & MCL_CURRENT))
		return 0;
	for (struct vma *v = vma_first(&mm->vmas); v;) {
		vaddr_t next = v->end;
		long err = set_locked(mm, v->start, v->end, true);
		if (err)
			return err;
		v = vma_find(&mm->vmas, next);
	}
	return 0;
}

SYSCALL_DEFINE0(munlockall)
{
	struct mm *mm = current->mm;
	mm->lock_future = false;
	for (struct vma *v = vma_first(&mm->vmas); v;) {
		vaddr_t next = v->end;
		set_locked(mm, v->start, v->end, false);
		v = vma_find(&mm->vmas, next);
	}
	return 0;
}

/* Moves [old, old+len) of v to new (already free): the PTEs move, the
 * frames and RSS stay. */
static long move_range(struct mm *mm, struct vma *v, vaddr_t old, size_t len,
		       vaddr_t new)
{
	uint64_t pgoff = v->pgoff + ((old - v->start) >> PAGE_SHIFT);
	int err = mm_map(mm, new, len, v->flags, v->obj, v->obj ? pgoff : 0);
	if (err)
		return err;
	for (vaddr_t off = 0; off < len; off += PAGE_SIZE) {
		pte_t *pte = pt_lookup(mm->root, old + off);
		if (!pte || !(*pte & PTE_P))
			continue;
		if (pt_map(mm->root, new + off, pte_addr(*pte),
			   *pte & ~PTE_ADDR_MASK) < 0) {
			mm_unmap(mm, new, new + len);
			return -ENOMEM;
		}
		frame_get(pte_addr(*pte)); /* the old entry drops its own */
		if (pte_addr(*pte) != zero_page)
			mm->rss++; /* ...and mm_unmap below counts it out */
	}
	return mm_unmap(mm, old, old + len);
}

SYSCALL_DEFINE5(mremap, vaddr_t, old, size_t, old_len, size_t, new_len,
		unsigned long, flags, vaddr_t, new_addr)
{
	struct mm *mm = current->mm;
	if ((old & (PAGE_SIZE - 1)) ||
	    (flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP)) ||
	    ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE)))
		return -EINVAL;
	if (flags & MREMAP_DONTUNMAP)
		return -EINVAL; /* not supported by tide */
	old_len = PAGE_ALIGN_UP(old_len);
	new_len = PAGE_ALIGN_UP(new_len);
	if (!new_len || old_len > USER_END || new_len > USER_END)
		return -EINVAL;
	struct vma *v = vma_lookup(&mm->vmas, old);
	if (!v || old + old_len > v->end || old_len == 0)
		return -EFAULT; /* not one mapping */
	if (new_len > old_len &&
	    !mm_within_limits(mm, new_len - old_len,
			      (v->flags & (VM_WRITE | VM_SHARED)) == VM_WRITE))
		return -ENOMEM; /* RLIMIT_AS or RLIMIT_DATA */
	if (flags & MREMAP_FIXED) {
		if ((new_addr & (PAGE_SIZE - 1)) || new_addr < USER_MIN_ADDR ||
		    new_addr > USER_END - new_len)
			return -EINVAL;
		if (new_addr < old + old_len && old < new_addr + new_len)
			return -EINVAL; /* the ranges overlap */
		long err = mm_unmap(mm, new_addr, new_addr + new_len);
		if (err)
			return err;
		size_t keep = MIN(old_len, new_len);
		err = move_range(mm, v, old, keep, new_addr);
		if (!err && new_len > keep)
			err = mm_map(mm, new_addr + keep, new_len - keep,
				     v->flags, NULL, 0);
		if (!err && old_len > keep)
			err = mm_unmap(mm, old + keep, old + old_len);
		return err ? err : (long)new_addr;
	}
	if (new_len <= old_len) {
		long err = mm_unmap(mm, old + new_len, old + old_len);
		return err ? err : (long)old;
	}
	/* Grow in place if the end of the vma has room after it. */
	if (old + old_len == v->end &&
	    vma_range_free(&mm->vmas, v->end, old + new_len) &&
	    old + new_len <= USER_END) {
		v->end = old + new_len;
		vma_set_update(&mm->vmas, v);
		return (long)old;
	}
	if (!(flags & MREMAP_MAYMOVE))
		return -ENOMEM;
	vaddr_t to =
	    vma_gap_topdown(&mm->vmas, new_len, USER_MIN_ADDR, mm->mmap_base);
	if (!to)
		return -ENOMEM;
	unsigned long vflags = v->flags;
	long err = move_range(mm, v, old, old_len, to);
	if (!err)
		err = mm_map(mm, to + old_len, new_len - old_len, vflags, NULL,
			     0);
	return err ? err : (long)to;
}
