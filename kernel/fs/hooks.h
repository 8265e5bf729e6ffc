/*
 * What fs/ needs from the rest of the kernel, in one place:
 *
 *   copy_to_user, copy_from_user, strncpy_from_user
 *       mm/uaccess.h: moving bytes across the user boundary.  Declared
 *       here as well, so that the compiler checks both agree.
 *   fs_wait, fs_wakeup
 *       the scheduler: a pipe reader with nothing to read, or a writer
 *       with no room, calls fs_wait(chan) in a loop, re-checking its
 *       condition after each return; whoever changes the condition calls
 *       fs_wakeup(chan).  fs_wait may return early (spurious wakeups are
 *       fine).  Host tests implement both as counters (shim_fs.c).
 */
#ifndef TIDE_FS_HOOKS_H
#define TIDE_FS_HOOKS_H

#include "lib/types.h"

#if __has_include("mm/uaccess.h")
#include "mm/uaccess.h"
#endif

/* 0, or -EFAULT if any byte of user memory is not accessible. */
int copy_to_user(void *udst, const void *ksrc, size_t n);
int copy_from_user(void *kdst, const void *usrc, size_t n);
/* The string's length (< max) with its NUL copied, -EFAULT, or
 * -ENAMETOOLONG if there is no NUL within max bytes. */
long strncpy_from_user(char *kdst, const char *usrc, size_t max);

/* The end of user space: arch/x86_64/memlayout.h's USER_END. */
#define FS_USER_END 0x7ffffffff000ULL

/* Linux's access_ok(): does [u, u + n) lie in user space?  Checked even
 * for n == 0, so read(fd, kernel_address, 0) is -EFAULT as on Linux. */
static inline bool user_range_ok(const void *u, size_t n)
{
	uint64_t a = (uint64_t)(uintptr_t)u;

	return a <= FS_USER_END && n <= FS_USER_END - a;
}

/* Bytes from u to the end of its page: copies split there, so that a
 * fault on the next page still lets the bytes before it through. */
static inline size_t user_page_left(const void *u)
{
	return PAGE_SIZE - ((uintptr_t)u & (PAGE_SIZE - 1));
}

/* Sleep until fs_wakeup(chan) (or spuriously): 0, or -ERESTARTSYS if a
 * signal interrupted the sleep (the call must give up and return it). */
int fs_wait(void *chan);
/* Wake every fs_wait(chan) sleeper. */
void fs_wakeup(void *chan);

#endif
