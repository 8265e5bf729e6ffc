/*
 * copy_to_user and friends (mm/uaccess.h).  The range is checked against
 * the user half and the current vmas first (so PROT_NONE and read-only
 * memory give -EFAULT as on Linux); then the copy runs under a ktry so a
 * fault the fault handler cannot resolve (out of memory, a page beyond
 * the end of a file) also ends in -EFAULT instead of a kernel crash.
 * Pages not yet present are faulted in by the ordinary page-fault path.
 */
#include "arch/x86_64/ktry.h"
#include "arch/x86_64/memlayout.h"
#include "arch/x86_64/paging.h"
#include "arch/x86_64/x86.h"
#include "mm/fault.h"
#include "mm/uaccess.h"
#include "proc/proc.h"
#include "lib/errno.h"
#include "lib/string.h"

static void user_access_begin(void)
{
	if (cpu_has_smap)
		stac();
}

static void user_access_end(void)
{
	if (cpu_has_smap)
		clac();
}

static bool user_range(const void *p, size_t n)
{
	vaddr_t a = (vaddr_t)p;
	return a + n >= a && a + n <= USER_END;
}

static int checked_copy(void *dst, const void *src, size_t n, const void *uptr,
			unsigned access)
{
	if (n == 0)
		return 0;
	if (!user_range(uptr, n) ||
	    !mm_access_ok(current->mm, (vaddr_t)uptr, n, access))
		return -EFAULT;
	struct ktry t;
	int err = ktry_begin(&t);
	if (err == 0) {
		ktry_arm(&t);
		user_access_begin();
		memcpy(dst, src, n);
	}
	user_access_end();
	ktry_end();
	return err;
}

int copy_to_user(void *udst, const void *ksrc, size_t n)
{
	return checked_copy(udst, ksrc, n, udst, FAULT_WRITE);
}

int copy_from_user(void *kdst, const void *usrc, size_t n)
{
	return checked_copy(kdst, usrc, n, usrc, FAULT_READ);
}

int clear_user(void *udst, size_t n)
{
	if (n == 0)
		return 0;
	if (!user_range(udst, n) ||
	    !mm_access_ok(current->mm, (vaddr_t)udst, n, FAULT_WRITE))
		return -EFAULT;
	struct ktry t;
	int err = ktry_begin(&t);
	if (err == 0) {
		ktry_arm(&t);
		user_access_begin();
		memset(udst, 0, n);
	}
	user_access_end();
	ktry_end();
	return err;
}

long strncpy_from_user(char *kdst, const char *usrc, size_t max)
{
	/* Copy in pieces that stop at page ends, so a string ending just
	 * before an unmapped page is still fine. */
	size_t done = 0;
	while (done < max) {
		vaddr_t a = (vaddr_t)usrc + done;
		size_t chunk =
		    MIN(max - done, PAGE_SIZE - (a & (PAGE_SIZE - 1)));
		if (copy_from_user(kdst + done, (const void *)a, chunk) < 0)
			return -EFAULT;
		for (size_t i = 0; i < chunk; i++)
			if (kdst[done + i] == '\0')
				return (long)(done + i);
		done += chunk;
	}
	return -ENAMETOOLONG;
}
