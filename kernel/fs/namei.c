/*
 * Path lookup: from a string like "../lib//x/" to an inode.
 *
 * The walk copies the path into a page of its own, then takes one
 * component at a time, holding a reference on the directory it stands
 * in.  A symlink met on the way is spliced into the page in place of its
 * own name, and the walk goes on from there:
 *
 *   "a/link/c"   link -> "/x/y"   becomes   "/x/y/c"   (restart at root)
 *
 * Rules, as Linux's: "." stays, ".." of the root is the root, repeated
 * slashes count as one, a trailing slash demands a directory, a component
 * longer than NAME_MAX is -ENAMETOOLONG, more than 40 symlinks -ELOOP.
 * No permission checks: tide runs everything as root.
 */
#include "fs/vfs.h"
#include "mm/frame.h"
#include "mm/object.h"
#include "mm/phys.h"
#include "lib/errno.h"
#include "lib/string.h"

#define MAX_SYMLINKS 40 /* Linux's MAXSYMLINKS */

struct walk {
	char *buf;	   /* the path being walked: one page, ours */
	const char *p;	   /* next unread byte of buf */
	struct inode *dir; /* where we stand, referenced */
	int nlinks;	   /* symlinks followed */
};

/* The one component at w->p, copied into name; sets *last if nothing but
 * slashes follows it and *slash if at least one slash does. */
static int next_component(struct walk *w, char *name, bool *last, bool *slash)
{
	size_t n = 0;

	while (*w->p == '/')
		w->p++;
	while (w->p[n] && w->p[n] != '/')
		n++;
	if (n > NAME_MAX)
		return -ENAMETOOLONG;
	memcpy(name, w->p, n);
	name[n] = '\0';
	w->p += n;
	*slash = *w->p == '/';
	*last = true;
	for (const char *q = w->p; *q; q++)
		if (*q != '/')
			*last = false;
	return 0;
}

static int walk_start(struct walk *w, struct inode *base, const char *path)
{
	size_t n = strlen(path);
	paddr_t page;

	if (n == 0)
		return -ENOENT;
	if (n >= PATH_MAX)
		return -ENAMETOOLONG;
	page = frame_alloc(FRAME_DIRTY);
	if (!page)
		return -ENOMEM;
	w->buf = phys_to_virt(page);
	memcpy(w->buf, path, n + 1);
	w->p = w->buf;
	w->dir = path[0] == '/' ? vfs_root() : base;
	w->nlinks = 0;
	inode_get(w->dir);
	return 0;
}

static void walk_end(struct walk *w)
{
	frame_put(virt_to_phys(w->buf));
}

/*
 * Replaces the component just read (ending at w->p) and everything before
 * it with link's target: buf becomes target + the rest of the path.
 */
static int splice_symlink(struct walk *w, struct inode *link)
{
	uint64_t tlen = link->obj ? link->obj->size : 0;
	size_t rest = strlen(w->p) + 1;

	if (tlen == 0)
		return -ENOENT; /* an empty target names nothing */
	if (++w->nlinks > MAX_SYMLINKS)
		return -ELOOP;
	if (tlen + rest > PATH_MAX)
		return -ENAMETOOLONG;
	memmove(w->buf + tlen, w->p, rest);
	vm_object_read(link->obj, 0, w->buf, tlen);
	w->p = w->buf;
	if (w->buf[0] == '/') {
		inode_put(w->dir);
		w->dir = vfs_root();
		inode_get(w->dir);
	}
	return 0;
}

static enum last_type last_type_of(const char *name)
{
	if (name[0] == '\0')
		return LAST_ROOT; /* the path was all slashes */
	if (strcmp(name, ".") == 0)
		return LAST_DOT;
	if (strcmp(name, "..") == 0)
		return LAST_DOTDOT;
	return LAST_NORM;
}

/*
 * The walk itself.  With pp, stops before the last component and fills
 * pp; else looks the last component up too and sets *out.
 */
static int walk(struct walk *w, enum lookup_flags flags, struct path_parent *pp,
		struct inode **out)
{
	char name[NAME_MAX + 1];
	struct inode *child;
	bool last, slash;
	int err;

	for (;;) {
		err = next_component(w, name, &last, &slash);
		if (err < 0)
			return err;
		if (!S_ISDIR(w->dir->mode))
			return -ENOTDIR;
		if (pp && last) {
			pp->dir = w->dir;
			w->dir = NULL;
			memcpy(pp->name, name, sizeof(name));
			pp->type = last_type_of(name);
			pp->trailing_slash = slash;
			return 0;
		}
		if (name[0] == '\0') { /* "/" or "//": the root itself */
			child = w->dir;
			inode_get(child);
		} else {
			err = vfs_dir_lookup(w->dir, name, &child);
			if (err < 0)
				return err;
		}
		if (S_ISLNK(child->mode) &&
		    (!last || slash || flags == LOOKUP_FOLLOW)) {
			err = splice_symlink(w, child);
			inode_put(child);
			if (err < 0)
				return err;
			continue;
		}
		inode_put(w->dir);
		w->dir = child;
		if (last) {
			if (slash && !S_ISDIR(child->mode))
				return -ENOTDIR;
			*out = child;
			w->dir = NULL;
			return 0;
		}
	}
}

int vfs_lookup(struct inode *base, const char *path, enum lookup_flags flags,
	       struct inode **out)
{
	struct walk w;
	int err = walk_start(&w, base, path);

	if (err < 0)
		return err;
	err = walk(&w, flags, NULL, out);
	if (w.dir)
		inode_put(w.dir);
	walk_end(&w);
	return err;
}

int vfs_lookup_parent(struct inode *base, const char *path,
		      struct path_parent *out)
{
	struct walk w;
	int err = walk_start(&w, base, path);

	if (err < 0)
		return err;
	err = walk(&w, LOOKUP_FOLLOW, out, NULL);
	if (w.dir)
		inode_put(w.dir);
	walk_end(&w);
	return err;
}
