/*
 * Inodes and the in-memory tree (tmpfs): making, naming and freeing them.
 * Path walking is namei.c's; open files are file.c's.
 *
 * Lifetime.  An inode lives while it has a name or a user:
 *   - A regular file or symlink keeps its data in a vm_object, and its
 *     life is the object's: the name holds one object reference (the
 *     "inode's own"), each open file and each mapping another.  When the
 *     last goes, object.c frees the pages and calls inode_evict().  So an
 *     unlinked file lives on, pages and all, while it is open or mapped.
 *   - Every other inode counts users in refs (open files, cwds, walks in
 *     progress) and is freed when refs is 0 and it has no name (nlink 0),
 *     or, for computed and nameless inodes (/proc children, pipes), as
 *     soon as refs is 0.
 * A named inode holds a reference on its parent directory, kept until the
 * inode is freed so that vfs_path() still works after unlink.
 */
#include "fs/vfs.h"
#include "mm/kmalloc.h"
#include "mm/object.h"
#include "lib/errno.h"
#include "lib/panic.h"
#include "lib/string.h"

/* Linux tmpfs's bogus directory size: 20 bytes per entry, "." and "..". */
#define BOGO_DIRENT_SIZE 20

static struct inode *root;
static uint64_t next_ino = 1;

static struct inode *inode_alloc(uint32_t mode)
{
	struct inode *i = kzalloc(sizeof(*i));

	if (!i)
		return NULL;
	i->ino = next_ino++;
	i->mode = mode;
	i->nlink = S_ISDIR(mode) ? 2 : 1;
	return i;
}

static void inode_free(struct inode *i)
{
	struct inode *parent = i->parent;

	kfree(i->name);
	kfree(i);
	if (parent)
		inode_put(parent);
}

int vfs_init(void)
{
	BUG_ON(root);
	root = inode_alloc(S_IFDIR | 0755);
	return root ? 0 : -ENOMEM;
}

struct inode *vfs_root(void)
{
	BUG_ON(!root);
	return root;
}

void inode_get(struct inode *i)
{
	if (i->obj)
		vm_object_get(i->obj);
	else
		i->refs++;
}

void inode_put(struct inode *i)
{
	if (i->obj) {
		vm_object_put(i->obj); /* the last calls inode_evict() */
		return;
	}
	BUG_ON(i->refs == 0);
	if (--i->refs == 0 && (i->nlink == 0 || i->computed))
		inode_free(i);
}

void inode_evict(struct inode *i)
{
	BUG_ON(i->nlink != 0 && !i->computed);
	i->obj = NULL; /* already freed by object.c */
	inode_free(i);
}

void inode_dev(struct inode *inode, uint32_t *major, uint32_t *minor)
{
	(void)inode; /* one file system */
	*major = TMPFS_DEV_MAJOR;
	*minor = TMPFS_DEV_MINOR;
}

uint64_t inode_size(struct inode *i)
{
	if (i->obj)
		return i->obj->size;
	if (S_ISDIR(i->mode))
		return BOGO_DIRENT_SIZE * (2 + (uint64_t)i->nchildren);
	return 0;
}

/* Writes name backwards so that it ends at *end. */
static bool prepend(char *buf, size_t *end, const char *s, size_t n)
{
	if (n > *end)
		return false;
	*end -= n;
	memcpy(buf + *end, s, n);
	return true;
}

int vfs_path(struct inode *inode, char *buf, size_t len)
{
	static const char deleted[] = " (deleted)";
	size_t end = len, n;

	if (!inode->name && inode != root)
		return -ENOENT;
	if (!prepend(buf, &end, "", 1))
		return -ERANGE;
	if (inode->nlink == 0 && !S_ISDIR(inode->mode) &&
	    !prepend(buf, &end, deleted, sizeof(deleted) - 1))
		return -ERANGE;
	for (struct inode *i = inode; i->parent; i = i->parent)
		if (!prepend(buf, &end, i->name, strlen(i->name)) ||
		    !prepend(buf, &end, "/", 1))
			return -ERANGE;
	if (inode == root && !prepend(buf, &end, "/", 1))
		return -ERANGE;
	n = len - end;
	memmove(buf, buf + end, n);
	return (int)(n - 1);
}

/* --- Directory lists */

static struct inode *find_child(struct inode *dir, const char *name)
{
	for (struct inode *c = dir->children; c; c = c->next)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

static void list_append(struct inode *dir, struct inode *c)
{
	c->seq = dir->next_seq++;
	c->prev = dir->last_child;
	c->next = NULL;
	if (dir->last_child)
		dir->last_child->next = c;
	else
		dir->children = c;
	dir->last_child = c;
	dir->nchildren++;
}

static void list_remove(struct inode *dir, struct inode *c)
{
	if (c->prev)
		c->prev->next = c->next;
	else
		dir->children = c->next;
	if (c->next)
		c->next->prev = c->prev;
	else
		dir->last_child = c->prev;
	c->next = c->prev = NULL;
	dir->nchildren--;
}

/* Gives c the name `name` in dir and a reference on dir. */
static int set_name(struct inode *c, struct inode *dir, const char *name)
{
	size_t n = strlen(name) + 1;

	c->name = kmalloc(n);
	if (!c->name)
		return -ENOMEM;
	memcpy(c->name, name, n);
	c->parent = dir;
	inode_get(dir);
	return 0;
}

int vfs_dir_lookup(struct inode *dir, const char *name, struct inode **out)
{
	struct inode *c;

	if (!S_ISDIR(dir->mode))
		return -ENOTDIR;
	if (strcmp(name, ".") == 0)
		c = dir;
	else if (strcmp(name, "..") == 0)
		c = dir->parent ? dir->parent : dir;
	else
		c = find_child(dir, name);
	while (c && c->mounted)
		c = c->mounted; /* a mount point: its mounted root instead */
	if (c) {
		inode_get(c);
		*out = c;
		return 0;
	}
	if (dir->dops && dir->dops->lookup && dir->nlink > 0)
		return dir->dops->lookup(dir, name, out);
	return -ENOENT;
}

/* Checks that name may be added to dir. */
static int may_add(struct inode *dir, const char *name)
{
	struct inode *existing;

	if (!S_ISDIR(dir->mode))
		return -ENOTDIR;
	if (dir->nlink == 0)
		return -ENOENT; /* removed while someone sits in it */
	if (vfs_dir_lookup(dir, name, &existing) == 0) {
		inode_put(existing);
		return -EEXIST;
	}
	return 0;
}

/* Links a new inode c as name in dir; on failure frees c. */
static int add_child(struct inode *dir, const char *name, struct inode *c,
		     struct inode **out)
{
	int err = set_name(c, dir, name);

	if (err < 0) {
		c->nlink = 0;
		if (c->obj)
			vm_object_put(c->obj); /* evicts c */
		else
			kfree(c);
		return err;
	}
	list_append(dir, c);
	if (S_ISDIR(c->mode))
		dir->nlink++; /* c's ".." */
	if (out) {
		inode_get(c);
		*out = c;
	}
	return 0;
}

/* A new inode whose data lives in a vm_object: a file or a symlink. */
static struct inode *inode_alloc_with_object(uint32_t mode)
{
	struct inode *c = inode_alloc(mode);

	if (!c)
		return NULL;
	c->obj = vm_object_new(c); /* its one reference: the name's */
	if (!c->obj) {
		kfree(c);
		return NULL;
	}
	return c;
}

int vfs_create(struct inode *dir, const char *name, uint32_t mode,
	       struct inode **out)
{
	struct inode *c;
	int err = may_add(dir, name);

	if (err < 0)
		return err;
	c = inode_alloc_with_object(S_IFREG | (mode & 07777));
	if (!c)
		return -ENOMEM;
	return add_child(dir, name, c, out);
}

int vfs_symlink(struct inode *dir, const char *name, const char *target,
		size_t n, struct inode **out)
{
	struct inode *c;
	int err = may_add(dir, name);

	if (err < 0)
		return err;
	if (n == 0)
		return -ENOENT; /* Linux refuses empty targets */
	if (n >= PATH_MAX)
		return -ENAMETOOLONG;
	c = inode_alloc_with_object(S_IFLNK | 0777);
	if (!c)
		return -ENOMEM;
	if (vm_object_write(c->obj, 0, target, n) != (ssize_t)n) {
		c->nlink = 0;
		vm_object_put(c->obj);
		return -ENOMEM;
	}
	return add_child(dir, name, c, out);
}

int vfs_mkdir(struct inode *dir, const char *name, uint32_t mode,
	      struct inode **out)
{
	struct inode *c;
	int err = may_add(dir, name);

	if (err < 0)
		return err;
	c = inode_alloc(S_IFDIR | (mode & 07777));
	if (!c)
		return -ENOMEM;
	return add_child(dir, name, c, out);
}

int vfs_mknod(struct inode *dir, const char *name, uint32_t mode, uint64_t rdev,
	      const struct file_ops *ops, void *priv, struct inode **out)
{
	struct inode *c;
	int err = may_add(dir, name);

	if (err < 0)
		return err;
	if (S_ISDIR(mode))
		return -EINVAL; /* vfs_mkdir, vfs_mkdir_ops */
	c = inode_alloc(mode);
	if (!c)
		return -ENOMEM;
	c->rdev = rdev;
	c->fops = ops;
	c->priv = priv;
	return add_child(dir, name, c, out);
}

/* Takes c's name away; c lives on while it has users. */
static void unlink_child(struct inode *dir, struct inode *c)
{
	list_remove(dir, c);
	if (S_ISDIR(c->mode))
		dir->nlink--;
	c->nlink = 0;
	if (c->obj)
		vm_object_put(c->obj); /* the name's reference */
	else if (c->refs == 0)
		inode_free(c);
}

int vfs_unlink(struct inode *dir, const char *name)
{
	struct inode *c;

	if (!S_ISDIR(dir->mode))
		return -ENOTDIR;
	c = find_child(dir, name);
	if (!c)
		return -ENOENT;
	if (S_ISDIR(c->mode))
		return -EISDIR;
	unlink_child(dir, c);
	return 0;
}

int vfs_rmdir(struct inode *dir, const char *name)
{
	struct inode *c;

	if (!S_ISDIR(dir->mode))
		return -ENOTDIR;
	c = find_child(dir, name);
	if (!c)
		return -ENOENT;
	if (!S_ISDIR(c->mode))
		return -ENOTDIR;
	if (c->mounted)
		return -EBUSY; /* a mount point */
	if (c->children)
		return -ENOTEMPTY;
	if (c->dops)
		return -EBUSY; /* /proc: a mount point on Linux */
	unlink_child(dir, c);
	return 0;
}

struct inode *vfs_new_child(struct inode *dir, const char *name, uint32_t mode,
			    const struct file_ops *fops,
			    const struct dir_ops *dops, void *priv)
{
	struct inode *c = inode_alloc(mode);

	if (!c)
		return NULL;
	c->computed = true;
	c->refs = 1;
	c->fops = fops;
	c->dops = dops;
	c->priv = priv;
	if (set_name(c, dir, name) < 0) {
		kfree(c);
		return NULL;
	}
	return c;
}

struct inode *vfs_new_symlink_child(struct inode *dir, const char *name,
				    const char *target)
{
	size_t n = strlen(target);
	struct inode *c = inode_alloc_with_object(S_IFLNK | 0777);

	if (!c)
		return NULL;
	c->computed = true; /* freed with its object's last reference */
	if (set_name(c, dir, name) < 0 ||
	    vm_object_write(c->obj, 0, target, n) != (ssize_t)n) {
		vm_object_put(c->obj); /* evicts c, and puts dir if named */
		return NULL;
	}
	return c;
}

struct inode *inode_new_anon(uint32_t mode, const struct file_ops *fops,
			     void *priv)
{
	struct inode *c = inode_alloc(mode);

	if (!c)
		return NULL;
	c->computed = true;
	c->refs = 1;
	c->fops = fops;
	c->priv = priv;
	return c;
}

/* Length of the path component at p. */
static size_t component_len(const char *p)
{
	size_t n = 0;

	while (p[n] && p[n] != '/')
		n++;
	return n;
}

/*
 * Walks an absolute kernel path, making missing directories, and returns
 * the last directory (referenced) with the last name copied into last.
 */
static int make_parents(const char *path, struct inode **dir, char *last)
{
	struct inode *d = vfs_root(), *next;
	const char *p = path;
	int err;

	inode_get(d);
	for (;;) {
		size_t n;

		while (*p == '/')
			p++;
		n = component_len(p);
		if (n == 0 || n > NAME_MAX) {
			inode_put(d);
			return n ? -ENAMETOOLONG : -EINVAL;
		}
		memcpy(last, p, n);
		last[n] = '\0';
		p += n;
		while (*p == '/')
			p++;
		if (*p == '\0') {
			*dir = d;
			return 0;
		}
		err = vfs_dir_lookup(d, last, &next);
		if (err == -ENOENT)
			err = vfs_mkdir(d, last, 0755, &next);
		inode_put(d);
		if (err < 0)
			return err;
		d = next;
	}
}

int vfs_mknod_ops(const char *path, uint32_t mode, uint64_t rdev,
		  const struct file_ops *ops, void *priv)
{
	char last[NAME_MAX + 1];
	struct inode *dir;
	int err = make_parents(path, &dir, last);

	if (err < 0)
		return err;
	err = vfs_mknod(dir, last, mode, rdev, ops, priv, NULL);
	inode_put(dir);
	return err;
}

int vfs_mkdir_ops(const char *path, uint32_t mode, const struct dir_ops *dops,
		  void *priv)
{
	char last[NAME_MAX + 1];
	struct inode *dir, *d;
	int err = make_parents(path, &dir, last);

	if (err < 0)
		return err;
	err = vfs_mkdir(dir, last, mode, &d);
	inode_put(dir);
	if (err < 0)
		return err;
	d->dops = dops;
	d->priv = priv;
	inode_put(d);
	return 0;
}

/* Unlinks everything below dir, depth first. */
static void remove_all(struct inode *dir)
{
	while (dir->children) {
		struct inode *c = dir->children;

		if (S_ISDIR(c->mode))
			remove_all(c);
		unlink_child(dir, c);
	}
}

void vfs_destroy(void)
{
	BUG_ON(!root);
	remove_all(root);
	BUG_ON(root->refs != 0);
	kfree(root);
	root = NULL;
}

/* --- Mounts: a tmpfs over a directory */

int vfs_mount_tmpfs(struct inode *dir)
{
	if (!S_ISDIR(dir->mode))
		return -ENOTDIR;
	if (dir == root || dir->mounted || !dir->parent || dir->nlink == 0)
		return -EBUSY;
	struct inode *m = inode_alloc(S_IFDIR | 01777);
	if (!m)
		return -ENOMEM;
	if (set_name(m, dir->parent, dir->name) < 0) {
		kfree(m);
		return -ENOMEM;
	}
	m->refs = 1; /* the mount's own reference */
	m->covers = dir;
	inode_get(dir);
	dir->mounted = m;
	return 0;
}

/* Removes everything below dir (files still open live on, unlinked). */
static void remove_tree(struct inode *dir)
{
	while (dir->children) {
		struct inode *c = dir->children;
		while (c->mounted) /* a mount inside: take it down first */
			vfs_umount(c->mounted);
		if (S_ISDIR(c->mode) && !c->dops) {
			remove_tree(c);
			vfs_rmdir(dir, c->name);
		} else {
			unlink_child(dir, c);
		}
	}
}

int vfs_umount(struct inode *m)
{
	if (!m->covers)
		return -EINVAL; /* not a mount's root */
	remove_tree(m);
	struct inode *dir = m->covers;
	dir->mounted = NULL;
	m->covers = NULL;
	inode_put(dir);
	m->nlink = 0;
	inode_put(m); /* freed once no cwd or open file holds it */
	return 0;
}
