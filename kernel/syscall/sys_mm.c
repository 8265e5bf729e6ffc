/*
 * The memory system calls: brk, mmap, munmap, mprotect, madvise, mincore,
 * msync.  Each validates its user arguments once, in Linux's order and
 * with Linux's error codes, then calls the mm/ range operations.
 */
#include "mm/fault.h"
#include "mm/frame.h"
#include "mm/mm.h"
#include "mm/object.h"
#include "mm/pt.h"
#include "mm/uaccess.h"
#include "arch/x86_64/memlayout.h"
#include "proc/proc.h"
#include "proc/proc_fs.h"
#include "proc/rlimit.h"
#include "syscall/syscall.h"
#include "syscall/uapi.h"
#include "lib/errno.h"

#define BRK_FLAGS                                                              \
	(VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC |          \
	 VM_ACCOUNT)

/*
 * Linux's default overcommit policy ("guess"): private writable memory is
 * promised only if one request is no larger than all of RAM (tide has no
 * swap).  Such mappings carry VM_ACCOUNT, which also keeps them from
 * merging with unaccounted neighbours, exactly as on Linux.
 */
static bool enough_memory(size_t len)
{
	return (len >> PAGE_SHIFT) <= frame_total_count();
}

/* RLIMIT_AS and RLIMIT_DATA: would len more bytes (data: private
 * writable ones) exceed them?  Only counted when a limit is set. */
bool mm_within_limits(struct mm *mm, size_t len, bool data)
{
	uint64_t as = rlimit(current, RLIMIT_AS);
	uint64_t dl = rlimit(current, RLIMIT_DATA);
	if (as == RLIM_INFINITY && (!data || dl == RLIM_INFINITY))
		return true;
	uint64_t total = 0, data_total = 0;
	struct vma *v;
	vma_for_each (v, &mm->vmas) {
		total += v->end - v->start;
		if ((v->flags & (VM_WRITE | VM_SHARED | VM_GROWSDOWN)) ==
		    VM_WRITE)
			data_total += v->end - v->start;
	}
	return total + len <= as && (!data || data_total + len <= dl);
}

static bool accountable(unsigned long vmf)
{
	return (vmf & (VM_NORESERVE | VM_SHARED | VM_WRITE)) == VM_WRITE;
}

SYSCALL_DEFINE1(brk, vaddr_t, brk)
{
	struct mm *mm = current->mm;
	vaddr_t newbrk = PAGE_ALIGN_UP(brk), oldbrk = PAGE_ALIGN_UP(mm->brk);

	if (brk < mm->start_brk || brk > USER_END)
		return (long)mm->brk; /* out of range: the old break */
	if (newbrk == oldbrk) {
		mm->brk = brk;
		return (long)brk;
	}
	if (brk < mm->brk) {
		if (mm_unmap(mm, newbrk, oldbrk) < 0)
			return (long)mm->brk;
		mm->brk = brk;
		return (long)brk;
	}
	/* Growing: keep a page clear of whatever is mapped above. */
	struct vma *next = vma_find(&mm->vmas, oldbrk);
	if (next && newbrk + PAGE_SIZE > next->start)
		return (long)mm->brk;
	if (mm->vmas.count >= MAX_MAP_COUNT ||
	    !enough_memory(newbrk - oldbrk) ||
	    !mm_within_limits(mm, newbrk - oldbrk, true) ||
	    mm_map(mm, oldbrk, newbrk - oldbrk, BRK_FLAGS, NULL, 0) < 0)
		return (long)mm->brk;
	mm->brk = brk;
	return (long)brk;
}

static unsigned long prot_to_vm(unsigned long prot)
{
	return (prot & PROT_READ ? VM_READ : 0) |
	       (prot & PROT_WRITE ? VM_WRITE : 0) |
	       (prot & PROT_EXEC ? VM_EXEC : 0);
}

/* Where a new mapping of len bytes goes: the hint if it is free, else the
 * highest free gap below mmap_base.  -ENOMEM if nothing fits. */
static long place(struct mm *mm, vaddr_t hint, size_t len)
{
	if (len > USER_END - USER_MIN_ADDR)
		return -ENOMEM;
	if (hint) {
		hint = PAGE_ALIGN_DOWN(hint);
		if (hint < USER_MIN_ADDR)
			hint = USER_MIN_ADDR; /* Linux rounds low hints up */
		if (hint <= USER_END - len &&
		    vma_range_free(&mm->vmas, hint, hint + len))
			return (long)hint;
	}
	vaddr_t a =
	    vma_gap_topdown(&mm->vmas, len, USER_MIN_ADDR, mm->mmap_base);
	if (!a)
		a = vma_gap_topdown(&mm->vmas, len, USER_MIN_ADDR, USER_END);
	return a ? (long)a : -ENOMEM;
}

/* The flags every kernel accepted before MAP_SHARED_VALIDATE, which
 * rejects any other (Linux's LEGACY_MAP_MASK; tmpfs adds none). */
#define MAP_LEGACY_FLAGS                                                       \
	(MAP_SHARED | MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS | 0x800 |        \
	 0x1000 | 0x4000000 | MAP_GROWSDOWN | MAP_LOCKED | MAP_NORESERVE |     \
	 MAP_POPULATE | 0x10000 | 0x20000 | 0x40000)

static long mmap_anon(unsigned long flags, size_t len, unsigned long *vmf,
		      struct vm_object **obj)
{
	unsigned long type = flags & MAP_TYPE;
	if (type == MAP_PRIVATE)
		return 0;
	if (type != MAP_SHARED)
		return -EINVAL; /* neither; MAP_SHARED_VALIDATE is for files */
	*vmf |= VM_SHARED | VM_MAYSHARE;
	*obj = vm_object_new(NULL);
	if (!*obj)
		return -ENOMEM;
	vm_object_truncate(*obj, len);
	return 0;
}

/*
 * The backing and flags of a new mapping; an object reference in *obj.
 * Linux's order for files: the descriptor, the offset's range, the type
 * and unknown flags, then the descriptor's mode.
 */
static long mmap_backing(unsigned long flags, unsigned long prot, int fd,
			 size_t len, uint64_t pgoff, unsigned long *vmf,
			 struct vm_object **obj)
{
	unsigned long type = flags & MAP_TYPE;
	*obj = NULL;
	if (flags & MAP_ANONYMOUS)
		return mmap_anon(flags, len, vmf, obj);
	if (proc_fd_is_dev_zero(fd)) /* anonymous memory by another name */
		return type == MAP_SHARED_VALIDATE
			   ? mmap_anon(flags & ~MAP_TYPE, len, vmf, obj)
			   : mmap_anon(flags, len, vmf, obj);
	bool readable, writable;
	long err = proc_fd_object(fd, obj, &readable, &writable);
	if (err)
		return err;
	if (pgoff > (VM_OBJECT_MAX_SIZE - len) >> PAGE_SHIFT)
		err = -EOVERFLOW; /* past the largest file */
	else if (type == MAP_SHARED_VALIDATE && (flags & ~MAP_LEGACY_FLAGS))
		err = -EOPNOTSUPP;
	else if (type != MAP_SHARED && type != MAP_PRIVATE &&
		 type != MAP_SHARED_VALIDATE)
		err = -EINVAL; /* neither private nor shared */
	bool shared = type != MAP_PRIVATE;
	if (!err && (!readable || (shared && (prot & PROT_WRITE) && !writable)))
		err = -EACCES; /* the descriptor's mode forbids it */
	if (err) {
		vm_object_put(*obj);
		*obj = NULL;
		return err;
	}
	if (shared)
		*vmf |= VM_SHARED | VM_MAYSHARE;
	if (shared && !writable)
		*vmf &= ~VM_MAYWRITE;
	return 0;
}

SYSCALL_DEFINE6(mmap, vaddr_t, addr, size_t, len, unsigned long, prot,
		unsigned long, flags, int, fd, uint64_t, off)
{
	struct mm *mm = current->mm;
	if (off & (PAGE_SIZE - 1))
		return -EINVAL; /* unaligned offset */
	if (len == 0)
		return -EINVAL;
	if (flags & MAP_FIXED_NOREPLACE)
		flags |= MAP_FIXED;
	size_t plen = PAGE_ALIGN_UP(len);
	if (plen == 0 || plen > USER_END)
		return -ENOMEM; /* overflows or exceeds the address space */
	uint64_t pgoff = off >> PAGE_SHIFT;
	if (!(flags & MAP_ANONYMOUS) && pgoff + (plen >> PAGE_SHIFT) < pgoff)
		return -EOVERFLOW;
	if (mm->vmas.count >= MAX_MAP_COUNT)
		return -ENOMEM;

	long start;
	if (flags & MAP_FIXED) {
		if (addr & (PAGE_SIZE - 1))
			return -EINVAL; /* MAP_FIXED needs an aligned address */
		if (addr > USER_END - plen)
			return -ENOMEM;
		if (addr < USER_MIN_ADDR)
			return -EPERM; /* below vm.mmap_min_addr */
		start = (long)addr;
	} else if ((start = place(mm, addr, plen)) < 0) {
		return start;
	}

	unsigned long vmf =
	    prot_to_vm(prot) | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC;
	if (flags & MAP_GROWSDOWN)
		vmf |= VM_GROWSDOWN;
	if (flags & MAP_NORESERVE)
		vmf |= VM_NORESERVE;
	if ((flags & MAP_LOCKED) || mm->lock_future)
		vmf |= VM_LOCKED;
	struct vm_object *obj;
	long err = mmap_backing(flags, prot, fd, plen, pgoff, &vmf, &obj);
	if (err)
		return err;
	if (!mm_within_limits(mm, plen, accountable(vmf))) {
		if (obj)
			vm_object_put(obj);
		return -ENOMEM; /* RLIMIT_AS or RLIMIT_DATA */
	}
	if (accountable(vmf)) {
		if (!enough_memory(plen)) {
			if (obj)
				vm_object_put(obj);
			return -ENOMEM; /* more than all of RAM */
		}
		vmf |= VM_ACCOUNT;
	}
	if ((flags & MAP_FIXED_NOREPLACE) &&
	    !vma_range_free(&mm->vmas, (vaddr_t)start, (vaddr_t)start + plen))
		err = -EEXIST;
	else
		err =
		    mm_map(mm, (vaddr_t)start, plen, vmf, obj, obj ? pgoff : 0);
	if (obj)
		vm_object_put(obj); /* the vma holds its own reference */
	if (err)
		return err;
	if ((flags & MAP_POPULATE) || (vmf & VM_LOCKED))
		mm_populate(mm, (vaddr_t)start, (vaddr_t)start + plen,
			    POPULATE_AS_WRITTEN);
	return start;
}

SYSCALL_DEFINE2(munmap, vaddr_t, addr, size_t, len)
{
	if ((addr & (PAGE_SIZE - 1)) || addr > USER_END ||
	    len > USER_END - addr)
		return -EINVAL;
	len = PAGE_ALIGN_UP(len);
	if (len == 0)
		return -EINVAL;
	return mm_unmap(current->mm, addr, addr + len);
}

SYSCALL_DEFINE3(mprotect, vaddr_t, start, size_t, len, unsigned long, prot)
{
	struct mm *mm = current->mm;
	unsigned long grows = prot & (PROT_GROWSDOWN | PROT_GROWSUP);
	prot &= ~grows;
	if (grows == (PROT_GROWSDOWN | PROT_GROWSUP) ||
	    (start & (PAGE_SIZE - 1)))
		return -EINVAL;
	if (len == 0)
		return 0;
	vaddr_t end = start + PAGE_ALIGN_UP(len);
	if (end <= start)
		return -ENOMEM;
	if (prot &
	    ~(unsigned long)(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_SEM))
		return -EINVAL; /* after the range, as Linux checks */
	struct vma *v = vma_find(&mm->vmas, start);
	if (!v)
		return -ENOMEM;
	if (grows == PROT_GROWSDOWN) { /* from the stack vma's start */
		if (v->start >= end)
			return -ENOMEM;
		if (!(v->flags & VM_GROWSDOWN))
			return -EINVAL;
		start = v->start;
	} else if (v->start > start) {
		return -ENOMEM; /* start is not mapped */
	} else if (grows == PROT_GROWSUP) {
		return -EINVAL; /* no vma grows up on x86 */
	}
	unsigned long want = prot_to_vm(prot);
	for (vaddr_t at = start;;) {
		/* VM_MAY* sit 4 bits above VM_READ/WRITE/EXEC. */
		if (want & ~(v->flags >> 4) & (VM_READ | VM_WRITE | VM_EXEC))
			return -EACCES;
		vaddr_t stop = MIN(v->end, end);
		unsigned long newflags =
		    (v->flags & ~(VM_READ | VM_WRITE | VM_EXEC)) | want;
		if ((want & VM_WRITE) &&
		    !(v->flags &
		      (VM_ACCOUNT | VM_WRITE | VM_SHARED | VM_NORESERVE))) {
			if (!enough_memory(stop - at))
				return -ENOMEM;
			newflags |= VM_ACCOUNT;
		}
		long err = mm_protect_vma(mm, v, at, stop, newflags);
		if (err)
			return err;
		at = stop;
		if (at >= end)
			return 0;
		v = vma_find(&mm->vmas, at); /* v may have merged away */
		if (!v || v->start > at)
			return -ENOMEM; /* a hole */
	}
}

static bool advice_known(int advice)
{
	switch (advice) {
	case MADV_NORMAL:
	case MADV_RANDOM:
	case MADV_SEQUENTIAL:
	case MADV_WILLNEED:
	case MADV_DONTNEED:
		return true;
	default:
		/* FREE(8) .. POPULATE_WRITE(23) and COLLAPSE(25), as 6.1 */
		return (advice >= MADV_FREE && advice <= 23) || advice == 25;
	}
}

/* One vma's share of a madvise range: 0 or -errno. */
static long advise_vma(struct mm *mm, struct vma *v, vaddr_t start, vaddr_t end,
		       int advice)
{
	switch (advice) {
	case MADV_DONTNEED:
	case MADV_FREE:
		if (v->flags & VM_LOCKED)
			return -EINVAL; /* locked pages can't be dropped */
		if (advice == MADV_FREE && (v->obj || (v->flags & VM_SHARED)))
			return -EINVAL; /* MADV_FREE is for private anonymous */
		/* Private pages go (and read back as zeros or the file);
		 * shared ones stay in their object. */
		mm_zap(mm, v, start, end);
		return 0;
	case MADV_REMOVE:
		if ((v->flags & VM_LOCKED) || !v->obj)
			return -EINVAL; /* no file to punch a hole in */
		/* Linux 6.7 on: shared and may be made writable. */
		if ((v->flags & (VM_SHARED | VM_MAYWRITE)) !=
		    (VM_SHARED | VM_MAYWRITE))
			return -EACCES;
		vm_object_punch(v->obj,
				v->pgoff + ((start - v->start) >> PAGE_SHIFT),
				v->pgoff + ((end - v->start) >> PAGE_SHIFT));
		return 0;
	case MADV_WILLNEED:
		return 0; /* Linux reads ahead into the cache; maps nothing */
	case 22:	  /* MADV_POPULATE_READ */
		mm_populate(mm, start, end, POPULATE_READ);
		return 0;
	case 23: /* MADV_POPULATE_WRITE */
		mm_populate(mm, start, end, POPULATE_WRITE);
		return 0;
	default:
		return 0; /* hints tide has no use for */
	}
}

SYSCALL_DEFINE3(madvise, vaddr_t, start, size_t, len_in, int, advice)
{
	struct mm *mm = current->mm;
	if (!advice_known(advice))
		return -EINVAL;
	if (start & (PAGE_SIZE - 1))
		return -EINVAL;
	size_t len = PAGE_ALIGN_UP(len_in);
	if (len_in && !len)
		return -EINVAL;
	vaddr_t end = start + len;
	if (end < start)
		return -EINVAL;
	if (end == start)
		return 0;
	long unmapped = 0;
	struct vma *v = vma_find(&mm->vmas, start);
	for (;;) {
		if (!v || v->start >= end)
			return -ENOMEM; /* nothing (more) mapped in range */
		if (start < v->start) {
			unmapped = -ENOMEM; /* a hole: go on, report it */
			start = v->start;
		}
		vaddr_t stop = MIN(v->end, end);
		struct vma *next = vma_next(v);
		long err = advise_vma(mm, v, start, stop, advice);
		if (err)
			return err;
		start = stop;
		if (start >= end)
			return unmapped;
		v = next;
	}
}

struct mincore_ctx {
	vaddr_t start;
	unsigned char *vec; /* one byte a page, in a kernel buffer */
};

static int mincore_pte(pte_t *pte, vaddr_t va, void *ctx)
{
	struct mincore_ctx *c = ctx;
	(void)pte;
	c->vec[(va - c->start) >> PAGE_SHIFT] = 1;
	return 0;
}

/* Residency of n pages from start, all inside v, into vec. */
static void mincore_vma(struct mm *mm, struct vma *v, vaddr_t start, size_t n,
			unsigned char *vec)
{
	struct mincore_ctx c = {start, vec};
	for (size_t i = 0; i < n; i++)
		vec[i] = 0;
	pt_walk(mm->root, start, start + n * PAGE_SIZE, mincore_pte, &c);
	if (!v->obj)
		return;
	/* Shared and file pages count as resident when cached. */
	uint64_t pgoff = v->pgoff + ((start - v->start) >> PAGE_SHIFT);
	for (size_t i = 0; i < n; i++)
		if (vm_object_find_page(v->obj, pgoff + i))
			vec[i] = 1;
}

/*
 * Linux's order: the range must be user space (else ENOMEM) and the vector
 * too (else EFAULT); then vma by vma, each chunk copied out before the
 * next is looked up, so a hole after a bad vector gives EFAULT and a hole
 * after a good one ENOMEM, with the bytes before it written.
 */
SYSCALL_DEFINE3(mincore, vaddr_t, start, size_t, len, unsigned char *, uvec)
{
	struct mm *mm = current->mm;
	static unsigned char kvec[512];
	if (start & (PAGE_SIZE - 1))
		return -EINVAL;
	if (start > USER_END || len > USER_END - start)
		return -ENOMEM;
	size_t pages = PAGE_ALIGN_UP(len) >> PAGE_SHIFT;
	if ((vaddr_t)uvec > USER_END || pages > USER_END - (vaddr_t)uvec)
		return -EFAULT;
	while (pages) {
		struct vma *v = vma_lookup(&mm->vmas, start);
		if (!v)
			return -ENOMEM;
		size_t n = MIN(pages, (v->end - start) >> PAGE_SHIFT);
		n = MIN(n, sizeof(kvec));
		mincore_vma(mm, v, start, n, kvec);
		if (copy_to_user(uvec, kvec, n) < 0)
			return -EFAULT;
		uvec += n;
		start += n * PAGE_SIZE;
		pages -= n;
	}
	return 0;
}

SYSCALL_DEFINE3(msync, vaddr_t, start, size_t, len, int, flags)
{
	struct mm *mm = current->mm;
	if (start & (PAGE_SIZE - 1))
		return -EINVAL;
	if (flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC))
		return -EINVAL;
	if ((flags & MS_ASYNC) && (flags & MS_SYNC))
		return -EINVAL;
	vaddr_t end = start + PAGE_ALIGN_UP(len);
	if (end < start)
		return -ENOMEM;
	/* Memory is the backing store: nothing to write back.  Linux still
	 * reports unmapped parts. */
	for (vaddr_t a = start; a < end;) {
		struct vma *v = vma_find(&mm->vmas, a);
		if (!v || v->start > a)
			return -ENOMEM;
		a = v->end;
	}
	return 0;
}
