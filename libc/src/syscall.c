/*
 * errno and the generic syscall() entry.  tide processes have one thread,
 * so errno is a plain int; __errno_location exists so that <errno.h> reads
 * like glibc's and a thread-aware version could replace it.
 */
#include <errno.h>
#include <stdarg.h>
#include <unistd.h>

#include "internal.h"

static int errno_value;

int *__errno_location(void)
{
	return &errno_value;
}

long __syscall_ret(long ret)
{
	if (ret < 0 && ret >= -4095) {
		errno = (int)-ret;
		return -1;
	}
	return ret;
}

/* Reads six arguments whatever the call takes: extra ones are ignored by
 * the kernel, and va_arg of unpassed long arguments on x86-64 only reads
 * stale registers or stack, which is harmless here. */
long syscall(long nr, ...)
{
	va_list ap;
	long a[6];

	va_start(ap, nr);
	for (int i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
	return __syscall_ret(
	    __syscall6(nr, a[0], a[1], a[2], a[3], a[4], a[5]));
}
