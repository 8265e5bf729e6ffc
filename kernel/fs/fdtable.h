/*
 * A process's file descriptor table: small integers naming open files.
 *
 *   fd:    0      1      2      3      4
 *          [file] [file] [file] [    ] [file]     lowest free: 3
 *
 * Several fds (dup) and several tables (fork) may name one struct file,
 * which then counts each.  Each fd has its own close-on-exec bit; that is
 * the only per-fd state (Linux's FD_CLOEXEC).
 *
 * Not here: the calls users make (sys_fs.h), which validate arguments and
 * then use these.
 */
#ifndef TIDE_FS_FDTABLE_H
#define TIDE_FS_FDTABLE_H

#include "lib/types.h"

struct file;

#define FDTABLE_SIZE 256 /* the most fds a table can hold */

struct fdtable {
	uint32_t refcount; /* processes sharing it (clone with CLONE_FILES) */
	int max_fds; /* RLIMIT_NOFILE: fds are < max_fds <= FDTABLE_SIZE */
	struct file **files;		     /* FDTABLE_SIZE slots */
	uint64_t cloexec[FDTABLE_SIZE / 64]; /* one bit per fd */
};

enum fd_cloexec { FD_KEEP_ON_EXEC = 0, FD_CLOSE_ON_EXEC = 1 };

/* An empty table (refcount 1), or NULL when out of memory. */
struct fdtable *fdtable_new(void);
/* fork: a new table naming the same files (each file_get), same bits.
 * NULL when out of memory. */
struct fdtable *fdtable_copy(struct fdtable *fdt);
void fdtable_get(struct fdtable *fdt);
/* Drops a reference; the last closes every fd (exit) and frees. */
void fdtable_put(struct fdtable *fdt);
/* execve: closes the fds marked close-on-exec. */
void fdtable_close_on_exec(struct fdtable *fdt);

/* The file open as fd, or NULL if fd is not open.  Adds no reference. */
struct file *fd_get(struct fdtable *fdt, int fd);
/*
 * Installs f as the lowest free fd >= min_fd.  The table takes over the
 * caller's reference.  Returns the fd, or -EMFILE if none is free (the
 * caller keeps its reference then).
 */
int fd_alloc(struct fdtable *fdt, struct file *f, int min_fd,
	     enum fd_cloexec cloexec);
/* Installs f as fd (< max_fds), closing what fd named before; takes over
 * the caller's reference. */
void fd_install(struct fdtable *fdt, int fd, struct file *f,
		enum fd_cloexec cloexec);
/* Closes fd: 0, or -EBADF if it was not open. */
int fd_close(struct fdtable *fdt, int fd);

bool fd_is_cloexec(struct fdtable *fdt, int fd);
void fd_set_cloexec(struct fdtable *fdt, int fd, enum fd_cloexec cloexec);

#endif
