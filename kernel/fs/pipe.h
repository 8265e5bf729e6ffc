/*
 * Pipes: a one-page ring buffer between a read end and a write end.
 *
 *          tail (next write)
 *              v
 *   [....DATADATA.........]   head (next read) on the first D; wraps
 *
 * Reads return what is there (at least one byte), waiting while the pipe
 * is empty and a writer exists; 0 once it is empty with no writers left.
 * Writes of up to PIPE_BUF bytes go in whole or wait; longer ones may be
 * split.  Writing with no reader left is -EPIPE (raising SIGPIPE is the
 * syscall layer's job).  O_NONBLOCK turns each wait into -EAGAIN.
 * Waiting is fs_wait()/fs_wakeup() (fs/hooks.h).
 */
#ifndef TIDE_FS_PIPE_H
#define TIDE_FS_PIPE_H

#include "lib/types.h"

struct file;

#define PIPE_SIZE 4096 /* bytes a pipe holds: one page */
#define PIPE_BUF  4096 /* writes up to this size are atomic (POSIX) */

/*
 * Makes a pipe: ends[0] for reading, ends[1] for writing, each a new file
 * (refcount 1) with status flags `flags` (O_NONBLOCK).  0 or -ENOMEM.
 */
int pipe_create(uint32_t flags, struct file *ends[2]);

#endif
