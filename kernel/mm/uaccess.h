/*
 * Copies between the kernel and the current process's memory.  Every
 * pointer from user space goes through these: the range must lie in the
 * user half and in vmas that allow the access, and pages are faulted in
 * as the copy touches them.  A bad pointer gives -EFAULT, never a panic.
 */
#ifndef TIDE_MM_UACCESS_H
#define TIDE_MM_UACCESS_H

#include "lib/types.h"

/* 0, or -EFAULT if any byte could not be written. */
int copy_to_user(void *udst, const void *ksrc, size_t n);
/* 0, or -EFAULT if any byte could not be read. */
int copy_from_user(void *kdst, const void *usrc, size_t n);
/* Copies a NUL-terminated string of at most max bytes (NUL included):
 * its length, -EFAULT, or -ENAMETOOLONG if no NUL within max. */
long strncpy_from_user(char *kdst, const char *usrc, size_t max);
/* Fills n user bytes with zeros: 0 or -EFAULT. */
int clear_user(void *udst, size_t n);

#endif
