/*
 * Linux's errno numbers (x86-64), as the kernel returns them negated.
 * The values are Linux's own, so a user program sees the same errno on
 * tide as on Linux.  The spelling matches glibc's <errno.h> token for
 * token, so host unit tests may include both.
 */
#ifndef TIDE_LIB_ERRNO_H
#define TIDE_LIB_ERRNO_H

#define EPERM 1
#define ENOENT 2
#define ESRCH 3
#define EINTR 4
#define EIO 5
#define ENXIO 6
#define E2BIG 7
#define ENOEXEC 8
#define EBADF 9
#define ECHILD 10
#define EAGAIN 11
#define ENOMEM 12
#define EACCES 13
#define EFAULT 14
#define EBUSY 16
#define EEXIST 17
#define EXDEV 18
#define ENODEV 19
#define ENOTDIR 20
#define EISDIR 21
#define EINVAL 22
#define ENFILE 23
#define EMFILE 24
#define ENOTTY 25
#define EFBIG 27
#define ENOSPC 28
#define ESPIPE 29
#define EROFS 30
#define EMLINK 31
#define EPIPE 32
#define ERANGE 34
#define ENAMETOOLONG 36
#define ENOSYS 38
#define ENOTEMPTY 39
#define ELOOP 40
#define EOVERFLOW 75
#define EOPNOTSUPP 95

/* Kernel-internal, never seen by user space: a sleeping call interrupted
 * by a signal; restarted after a SA_RESTART handler, else -EINTR. */
#define ERESTARTSYS 512

#endif
