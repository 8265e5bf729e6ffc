/*
 * What kernel/fs/ and kernel/mm/object.c expect from the rest of the
 * kernel, for host unit tests.  Used instead of shim_mm.c by the tests that
 * link the real mm/object.c: it reuses shim_mm.c's kmalloc, kfree and
 * panic but not its counting vm_object_get/put.
 *
 *   copy_to_user, copy_from_user, strncpy_from_user: memcpy, except that a
 *       user pointer below SHIM_BAD_UPTR_END (e.g. (void *)1) faults, and
 *       so does any byte of the page shim_fault_page (if set).
 *   fs_wait, fs_wakeup: count calls; nothing can sleep in a host test.
 */
#include <string.h>

#define vm_object_get shim_mm_vm_object_get
#define vm_object_put shim_mm_vm_object_put
#include "shim_mm.c"
#undef vm_object_get
#undef vm_object_put

#include "lib/errno.h"

/* User pointers below this fault: pass (void *)1 to test EFAULT. */
#define SHIM_BAD_UPTR_END 4096

long shim_fs_waits;
long shim_fs_wakeups;

/* Tests may set this to a page that faults, to copy across a hole. */
char *shim_fault_page;

static bool bad_uptr(const void *p, size_t n)
{
	uintptr_t a = (uintptr_t)p, hole = (uintptr_t)shim_fault_page;

	if (n == 0)
		return false;
	if (a < SHIM_BAD_UPTR_END)
		return true;
	return hole && a < hole + 4096 && a + n > hole;
}

int copy_to_user(void *udst, const void *ksrc, size_t n)
{
	if (bad_uptr(udst, n))
		return -EFAULT;
	memcpy(udst, ksrc, n);
	return 0;
}

int copy_from_user(void *kdst, const void *usrc, size_t n)
{
	if (bad_uptr(usrc, n))
		return -EFAULT;
	memcpy(kdst, usrc, n);
	return 0;
}

long strncpy_from_user(char *kdst, const char *usrc, size_t max)
{
	if (bad_uptr(usrc, 1))
		return -EFAULT;
	for (size_t i = 0; i < max; i++) {
		kdst[i] = usrc[i];
		if (!usrc[i])
			return (long)i;
	}
	return -ENAMETOOLONG;
}

int fs_wait(void *chan)
{
	(void)chan;
	shim_fs_waits++;
	return 0;
}

void fs_wakeup(void *chan)
{
	(void)chan;
	shim_fs_wakeups++;
}

/* No process maps anything in a host test. */
void vm_object_unmap_from(struct vm_object *o, uint64_t pgoff)
{
	(void)o, (void)pgoff;
}

void vm_object_unmap_page(struct vm_object *o, uint64_t pgoff, paddr_t pa)
{
	(void)o, (void)pgoff, (void)pa;
}
