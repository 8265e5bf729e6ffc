/*
 * The virtual file system: inodes, the in-memory tree (tmpfs), path
 * lookup and open files.  docs/fs.md is the guided tour.
 *
 *   fd (fdtable.h) --> struct file --> struct inode --> struct vm_object
 *   a number in a      an open file:    the file itself:  its pages
 *   process's table    pos, flags, ops  mode, size, name  (mm/object.h)
 *
 * tide has no hard links, so each inode has at most one name: Linux's
 * dentry (a name in a directory) is folded into the inode as name, parent
 * and a place in the parent's list of children.
 *
 * Other modules plug in special files with their own file_ops (the
 * console, /dev/null, /proc files) through vfs_mknod_ops(), and directories
 * whose children are made up on lookup (/proc/<pid>) through dir_ops.
 * Permission checks and user pointers are the syscall layer's
 * (sys_fs.h): nothing here sees user memory except file_ops' ubuf.
 */
#ifndef TIDE_FS_VFS_H
#define TIDE_FS_VFS_H

#include "lib/types.h"

/* Linux's values (include/uapi/linux/stat.h, fcntl.h). */
#define S_IFMT	    0170000
#define S_IFSOCK    0140000
#define S_IFLNK	    0120000
#define S_IFREG	    0100000
#define S_IFBLK	    0060000
#define S_IFDIR	    0040000
#define S_IFCHR	    0020000
#define S_IFIFO	    0010000
#define S_ISREG(m)  (((m)&S_IFMT) == S_IFREG)
#define S_ISDIR(m)  (((m)&S_IFMT) == S_IFDIR)
#define S_ISCHR(m)  (((m)&S_IFMT) == S_IFCHR)
#define S_ISLNK(m)  (((m)&S_IFMT) == S_IFLNK)
#define S_ISFIFO(m) (((m)&S_IFMT) == S_IFIFO)

#define O_ACCMODE   0x3
#define O_RDONLY    0x0
#define O_WRONLY    0x1
#define O_RDWR	    0x2
#define O_CREAT	    0x40
#define O_EXCL	    0x80
#define O_NOCTTY    0x100
#define O_TRUNC	    0x200
#define O_APPEND    0x400
#define O_NONBLOCK  0x800
#define O_LARGEFILE 0x8000 /* always set by open on 64-bit Linux */
#define O_DIRECTORY 0x10000
#define O_NOFOLLOW  0x20000
#define O_CLOEXEC   0x80000

#define SEEK_SET  0
#define SEEK_CUR  1
#define SEEK_END  2
#define SEEK_DATA 3 /* tmpfs files only */
#define SEEK_HOLE 4
#define SEEK_MAX  SEEK_HOLE

#define NAME_MAX 255
#define PATH_MAX 4096 /* bytes, including the NUL */

/* struct linux_dirent64's d_type. */
#define DT_UNKNOWN 0
#define DT_FIFO	   1
#define DT_CHR	   2
#define DT_DIR	   4
#define DT_REG	   8
#define DT_LNK	   10

/* Device numbers as glibc's makedev() encodes them into a dev_t. */
#define MKDEV(major, minor)                                                    \
	((((uint64_t)(major)&0xfff) << 8) | ((minor)&0xff) |                   \
	 (((uint64_t)(minor) & ~0xffULL) << 12) |                              \
	 (((uint64_t)(major) & ~0xfffULL) << 32))

/* The one file system's device: st_dev and /proc/<pid>/maps' "00:16". */
#define TMPFS_DEV_MAJOR 0
#define TMPFS_DEV_MINOR 0x16

struct file;
struct inode;
struct dir_ctx;

/* One element of readv/writev's array: Linux's struct iovec. */
struct iovec {
	void *iov_base; /* user pointer */
	size_t iov_len;
};

/*
 * What an open file does.  Any member may be NULL:
 *   read/write  NULL: -EINVAL.  ubuf is a user pointer (copy_to_user);
 *               *pos is the file position to use and advance (f->pos,
 *               or pread's offset).  Return bytes or -errno.
 *   readv/writev  optional; when NULL, readv/writev call read/write per
 *               element.  Pipes need them to block only once per call.
 *   lseek       NULL: -ESPIPE.  file_lseek_generic() suits most files.
 *   open        called once when an inode is opened; may set f->priv.
 *   release     called when the last reference to the file goes.
 *   ioctl       NULL: -ENOTTY.
 *   fsync       NULL: -EINVAL (Linux's answer for pipes and ttys).
 */
struct file_ops {
	ssize_t (*read)(struct file *f, void *ubuf, size_t n, uint64_t *pos);
	ssize_t (*write)(struct file *f, const void *ubuf, size_t n,
			 uint64_t *pos);
	ssize_t (*readv)(struct file *f, const struct iovec *kiov, int n);
	ssize_t (*writev)(struct file *f, const struct iovec *kiov, int n);
	int64_t (*lseek)(struct file *f, int64_t off, int whence);
	int (*open)(struct inode *inode, struct file *f);
	void (*release)(struct file *f);
	long (*ioctl)(struct file *f, unsigned long cmd, unsigned long arg);
	int (*fsync)(struct file *f);
};

/*
 * A directory whose children are computed (/proc).  A directory may have
 * both ordinary children (made with vfs_mknod_ops, vfs_mkdir...) and
 * computed ones: lookups try the ordinary ones first; getdents64 lists
 * the ordinary ones, then the computed ones.
 *   lookup   sets *out to the child named name, referenced (make it with
 *            vfs_new_child()), and returns 0; or returns -ENOENT.
 *   readdir  emits entries from number ctx->pos on (0 is its first):
 *            for each, if dir_emit() returns false stop; else ++ctx->pos.
 */
struct dir_ops {
	int (*lookup)(struct inode *dir, const char *name, struct inode **out);
	int (*readdir)(struct inode *dir, struct dir_ctx *ctx);
};

struct inode {
	uint64_t ino;
	uint32_t mode;	   /* S_IF* type | permission bits (07777) */
	uint32_t uid, gid; /* owner (chown); everything starts as root's */
	uint32_t nlink; /* names: 1 for a file; 2 + subdirs for a dir; 0 gone */
	uint32_t refs;	/* in-memory users; see "Lifetime" in inode.c */
	uint64_t rdev;	/* device files: MKDEV(major, minor) */
	uint32_t nchildren; /* directories: names in the list */

	struct vm_object *obj;	     /* regular files, symlinks: the data */
	const struct file_ops *fops; /* special files: how to read/write */
	const struct dir_ops *dops;  /* computed directories, else NULL */
	void *priv;		     /* for fops/dops */

	/* The name (a folded-in dentry).  Kept after unlink for vfs_path. */
	char *name;		/* NULL: the root, or nameless (pipes) */
	struct inode *parent;	/* referenced; NULL for the root */
	struct inode *children; /* directories: first child, in seq order */
	struct inode *last_child;
	struct inode *next, *prev; /* siblings */
	uint64_t seq;		   /* place among the siblings (readdir) */
	uint64_t next_seq;	   /* directories: seq of the next child */
	bool computed;		   /* made by dir_ops->lookup: no link */
	struct inode *mounted; /* a directory covered by a mount: its root */
	struct inode *covers;  /* a mount's root: the directory it covers */
};

/*
 * An open file description: what open() creates and dup() and fork()
 * share, so they share pos and flags too.
 */
struct file {
	uint32_t refcount;
	uint32_t flags; /* O_ACCMODE | O_APPEND | O_NONBLOCK | O_LARGEFILE... */
	uint64_t pos;
	struct inode *inode; /* referenced */
	const struct file_ops *ops;
	void *priv;
};

/* --- The tree (inode.c) */

/* Creates the empty root directory.  0 or -ENOMEM. */
int vfs_init(void);
/* The root directory (not referenced: it never goes away). */
struct inode *vfs_root(void);
/* Tests: unlinks everything and frees the root.  Open files must be
 * closed first. */
void vfs_destroy(void);

void inode_get(struct inode *inode);
/* Drops a reference; frees the inode once it has no name and no user. */
void inode_put(struct inode *inode);

/* Which device the inode lives on, as /proc/<pid>/maps prints it. */
void inode_dev(struct inode *inode, uint32_t *major, uint32_t *minor);
/* Regular files: the size; others: 0 (directories) or symlink length. */
uint64_t inode_size(struct inode *inode);

/*
 * Writes inode's absolute path ("/", "/bin/sh") into buf, with " (deleted)"
 * appended once it has been unlinked, as Linux shows such files in
 * /proc/<pid>/maps.  Returns the length, or -ERANGE if buf (len bytes
 * including the NUL) is too small, or -ENOENT for a nameless inode.
 */
int vfs_path(struct inode *inode, char *buf, size_t len);

/* --- Names in a directory (inode.c).  dir is a directory inode; name a
 * single component (no '/', not "." or "..").  Each returns 0 or -errno
 * and, if out is not NULL, the new inode referenced in *out. */

/* -EEXIST if the name exists, -ENOENT if dir has been removed. */
int vfs_create(struct inode *dir, const char *name, uint32_t mode,
	       struct inode **out);
int vfs_mkdir(struct inode *dir, const char *name, uint32_t mode,
	      struct inode **out);
/* target: n bytes, no NUL needed. */
int vfs_symlink(struct inode *dir, const char *name, const char *target,
		size_t n, struct inode **out);
/* A special file (mode's type: S_IFCHR, S_IFREG, S_IFIFO...) whose reads
 * and writes are ops'.  rdev is its MKDEV() device number, or 0. */
int vfs_mknod(struct inode *dir, const char *name, uint32_t mode, uint64_t rdev,
	      const struct file_ops *ops, void *priv, struct inode **out);
/* -EISDIR for a directory. */
int vfs_unlink(struct inode *dir, const char *name);
/* -ENOTDIR, -ENOTEMPTY, -EBUSY (the root). */
int vfs_rmdir(struct inode *dir, const char *name);
/* The child named name, referenced, or -ENOENT; ".." and "." work too. */
int vfs_dir_lookup(struct inode *dir, const char *name, struct inode **out);

/*
 * Kernel conveniences for boot-time setup by absolute path, creating
 * missing parent directories (mode 0755): /dev/null, /proc, ...
 * vfs_mknod_ops: 0, -EEXIST, -ENOMEM, -ENOTDIR.
 * vfs_mkdir_ops: a directory whose children dops computes.
 */
int vfs_mknod_ops(const char *path, uint32_t mode, uint64_t rdev,
		  const struct file_ops *ops, void *priv);
int vfs_mkdir_ops(const char *path, uint32_t mode, const struct dir_ops *dops,
		  void *priv);

/*
 * For dir_ops->lookup: a new child of dir that lives while referenced
 * (refcount 1) and is never linked into dir's list.  mode's type decides
 * what it is; fops for a special file, dops for a computed directory.
 * NULL when out of memory.
 */
struct inode *vfs_new_child(struct inode *dir, const char *name, uint32_t mode,
			    const struct file_ops *fops,
			    const struct dir_ops *dops, void *priv);

/* For dir_ops->lookup: a computed symlink (/proc/self -> "1",
 * /proc/<pid>/exe), referenced.  NULL when out of memory. */
struct inode *vfs_new_symlink_child(struct inode *dir, const char *name,
				    const char *target);

/* A nameless inode (a pipe), refcount 1.  NULL when out of memory. */
struct inode *inode_new_anon(uint32_t mode, const struct file_ops *fops,
			     void *priv);

/*
 * mount -t tmpfs on directory dir: an empty directory takes dir's place
 * in every lookup (its ".." is dir's parent) until vfs_umount(root).
 * 0, -ENOTDIR, -EBUSY (dir is "/" or already covered), -ENOMEM.
 * vfs_umount removes everything in the mounted tree (files still open
 * live on, as after unlink) and uncovers dir: 0, or -EINVAL if root is
 * not a mount's root.
 */
int vfs_mount_tmpfs(struct inode *dir);
int vfs_umount(struct inode *root);

/* --- Paths (namei.c) */

enum lookup_flags {
	LOOKUP_FOLLOW = 0,   /* follow a symlink in the last component */
	LOOKUP_NOFOLLOW = 1, /* return the symlink itself (lstat) */
};

/*
 * Resolves path: absolute, or relative to base (referenced by the caller).
 * Follows symlinks in the middle (and at the end unless LOOKUP_NOFOLLOW),
 * at most 40.  A trailing slash demands a directory.  Returns 0 with the
 * inode referenced in *out, or -ENOENT, -ENOTDIR, -ENAMETOOLONG, -ELOOP,
 * -ENOMEM.  "" is -ENOENT.
 */
int vfs_lookup(struct inode *base, const char *path, enum lookup_flags flags,
	       struct inode **out);

/* What the last component of a path is, for the calls that make or remove
 * names: Linux's LAST_NORM, LAST_DOT, LAST_DOTDOT, LAST_ROOT. */
enum last_type { LAST_NORM, LAST_DOT, LAST_DOTDOT, LAST_ROOT };

struct path_parent {
	struct inode *dir; /* referenced: put it when done */
	char name[NAME_MAX + 1];
	enum last_type type;
	bool trailing_slash; /* "a/": the caller insists on a directory */
};

/*
 * Resolves all but the last component: the directory that holds (or would
 * hold) it, and the last name.  The last component is not looked up.
 * Same errors as vfs_lookup; -ENOTDIR if the parent is not a directory.
 */
int vfs_lookup_parent(struct inode *base, const char *path,
		      struct path_parent *out);

/* --- Open files (file.c) */

/*
 * Opens inode: a new file (refcount 1) holding a reference on the inode,
 * with flags' access mode and status flags.  Runs ops->open.  Returns 0,
 * -ENOMEM, or what ops->open returned.
 */
int file_open(struct inode *inode, uint32_t flags, struct file **out);
void file_get(struct file *f);
/* Drops a reference; the last one runs ops->release and puts the inode. */
void file_put(struct file *f);

bool file_readable(struct file *f);
bool file_writable(struct file *f);

/* SEEK_SET/CUR/END over inode_size(); -EINVAL for a negative result or a
 * bad whence.  For lseek in file_ops. */
int64_t file_lseek_generic(struct file *f, int64_t off, int whence);

/*
 * getdents64's engine: packs struct linux_dirent64 records for the
 * directory open as f into the user buffer, advancing f->pos.  Returns
 * the bytes written, 0 at the end, -EINVAL if not even one record fits,
 * -EFAULT.
 */
long file_getdents(struct file *f, void *ubuf, size_t len);

/* For dir_ops->readdir: adds one entry; false when the buffer is full. */
bool dir_emit(struct dir_ctx *ctx, const char *name, uint64_t ino,
	      unsigned dtype);

struct dir_ctx {
	uint64_t pos; /* dir_ops->readdir's own numbering */

	/* Private to file.c. */
	uint64_t base; /* f->pos = base + pos */
	char *ubuf;
	size_t len, used;
	int error;
};

/* The d_type of an inode's mode. */
unsigned mode_to_dtype(uint32_t mode);

#endif
