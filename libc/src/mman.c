/* Memory-mapping system calls (see <sys/mman.h>). */
#include <errno.h>
#include <stdarg.h>
#include <sys/mman.h>

#include "internal.h"

void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset)
{
	return (void *)SYSCALL6(mmap, addr, length, prot, flags, fd, offset);
}

void *mmap64(void *addr, size_t length, int prot, int flags, int fd,
	     off_t offset)
{
	return mmap(addr, length, prot, flags, fd, offset);
}

int munmap(void *addr, size_t length)
{
	return (int)SYSCALL2(munmap, addr, length);
}

int mprotect(void *addr, size_t length, int prot)
{
	return (int)SYSCALL3(mprotect, addr, length, prot);
}

int madvise(void *addr, size_t length, int advice)
{
	return (int)SYSCALL3(madvise, addr, length, advice);
}

/* Returns an error number instead of setting errno, per POSIX. */
int posix_madvise(void *addr, size_t length, int advice)
{
	if (advice == POSIX_MADV_DONTNEED)
		return 0; /* POSIX's DONTNEED must not discard data */
	return (int)-__syscall3(SYS_madvise, (long)addr, (long)length, advice);
}

void *mremap(void *old_address, size_t old_size, size_t new_size, int flags,
	     ...)
{
	void *new_address = NULL;

	if (flags & MREMAP_FIXED) {
		va_list ap;

		va_start(ap, flags);
		new_address = va_arg(ap, void *);
		va_end(ap);
	}
	return (void *)SYSCALL5(mremap, old_address, old_size, new_size, flags,
				new_address);
}

int msync(void *addr, size_t length, int flags)
{
	return (int)SYSCALL3(msync, addr, length, flags);
}

int mincore(void *addr, size_t length, unsigned char *vec)
{
	return (int)SYSCALL3(mincore, addr, length, vec);
}

int mlock(const void *addr, size_t length)
{
	return (int)SYSCALL2(mlock, addr, length);
}

int munlock(const void *addr, size_t length)
{
	return (int)SYSCALL2(munlock, addr, length);
}

int mlockall(int flags)
{
	return (int)SYSCALL1(mlockall, flags);
}

int munlockall(void)
{
	return (int)SYSCALL0(munlockall);
}
