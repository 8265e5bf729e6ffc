/*
 * What processes need from the file system: their fs_context across
 * fork, exec and exit; opening a program file; the object behind a
 * descriptor for mmap.  Thin glue over fs/ (see proc_fs.c).
 */
#ifndef TIDE_PROC_PROC_FS_H
#define TIDE_PROC_PROC_FS_H

#include "lib/types.h"

struct proc;
struct vm_object;

/* init's: fds 0, 1, 2 on /dev/console, cwd "/".  0 or -errno. */
int proc_fs_init(struct proc *p);
/* fork: share the parent's open files, copy its cwd and umask. */
int proc_fs_fork(struct proc *child, struct proc *parent);
/* A new thread: the same descriptor table, its own cwd reference. */
int proc_fs_thread(struct proc *t, struct proc *parent);
/* execve: close the close-on-exec descriptors. */
void proc_fs_exec(struct proc *p);
/* exit: close everything. */
void proc_fs_release(struct proc *p);

/* The page cache of the executable at kpath (a reference in *obj) and
 * its absolute path in abs:
 * 0, -ENOENT, -ENOTDIR, -EACCES (not a regular file or no x bit). */
int proc_open_exec(const char *kpath, struct vm_object **obj, char *abs,
		   size_t abs_len);
/* The page cache behind descriptor fd, for mmap (a reference in *obj),
 * with the descriptor's access mode: 0, -EBADF, or -ENODEV (not a file
 * that can be mapped). */
long proc_fd_object(int fd, struct vm_object **obj, bool *readable,
		    bool *writable);

/* True if fd is open on /dev/zero (mmap makes it anonymous memory). */
bool proc_fd_is_dev_zero(int fd);

#endif
