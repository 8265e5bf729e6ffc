/*
 * Host tests of the VFS core (kernel/fs/inode.c, namei.c, file.c): path
 * lookup, names, inode lifetime, computed directories.  Each case starts
 * from an empty tree and ends by checking that every frame and every
 * kmalloc'd object came back.
 */
#include <string.h>

#include "fake_phys.h"
#include "tap.h"
#include "fs/vfs.h"
#include "lib/errno.h"
#include "mm/frame.h"
#include "mm/object.h"

extern long shim_kmalloc_live, shim_kmalloc_fail_in;

static uint64_t free_at_start;
static long live_at_start;

static void setup(void)
{
	static const struct mem_range ram[] = {{0, 64 << 20}};
	fake_phys_init(64 << 20);
	CHECK_EQ(frame_init(ram, 1, NULL, 0), 0);
	free_at_start = frame_free_count();
	live_at_start = shim_kmalloc_live;
	CHECK_EQ(vfs_init(), 0);
}

static void teardown(void)
{
	vfs_destroy();
	CHECK_EQ(frame_free_count(), free_at_start);
	CHECK_EQ(shim_kmalloc_live, live_at_start);
	frame_check();
}

/* Looks path up from base; returns the errno or 0 and puts the inode. */
static int lookup_err(struct inode *base, const char *path,
		      enum lookup_flags flags)
{
	struct inode *i;
	int err = vfs_lookup(base, path, flags, &i);
	if (err == 0)
		inode_put(i);
	return err;
}

static struct inode *lookup(struct inode *base, const char *path)
{
	struct inode *i = NULL;
	CHECK_EQ(vfs_lookup(base, path, LOOKUP_FOLLOW, &i), 0);
	if (i)
		inode_put(i); /* the tree keeps it alive */
	return i;
}

static struct inode *mkdir_at(struct inode *dir, const char *name)
{
	struct inode *d = NULL;
	CHECK_EQ(vfs_mkdir(dir, name, 0755, &d), 0);
	inode_put(d);
	return d;
}

static struct inode *create_at(struct inode *dir, const char *name,
			       const char *data)
{
	struct inode *f = NULL;
	CHECK_EQ(vfs_create(dir, name, 0644, &f), 0);
	if (data)
		CHECK_EQ(vm_object_write(f->obj, 0, data, strlen(data)),
			 strlen(data));
	inode_put(f);
	return f;
}

/*  /
 *  +-- a/
 *      +-- b/
 *          +-- f     "hello"                                        */
static struct inode *make_abf(void)
{
	struct inode *a = mkdir_at(vfs_root(), "a");
	struct inode *b = mkdir_at(a, "b");
	return create_at(b, "f", "hello");
}

static void lookup_absolute_relative_dots_and_slashes(void)
{
	setup();
	struct inode *f = make_abf();
	struct inode *root = vfs_root(), *a = lookup(root, "/a");
	CHECK(lookup(root, "/a/b/f") == f);
	CHECK(lookup(root, "a/b/f") == f);
	CHECK(lookup(a, "b/f") == f);
	CHECK(lookup(a, "/a/b/f") == f); /* absolute ignores base */
	CHECK(lookup(root, "//a///b//f") == f);
	CHECK(lookup(root, "/a/./b/../b/./f") == f);
	CHECK(lookup(root, "/../../a/b/f") == f); /* root's .. is root */
	CHECK(lookup(a, "..") == root);
	CHECK(lookup(a, ".") == a);
	CHECK(lookup(root, "/") == root);
	CHECK(lookup(root, "///") == root);
	CHECK(lookup(root, "/a/b/") == lookup(root, "/a/b"));
	teardown();
}

static void lookup_errors(void)
{
	setup();
	make_abf();
	struct inode *root = vfs_root();
	char name[300], path[PATH_MAX + 10];
	CHECK_EQ(lookup_err(root, "", LOOKUP_FOLLOW), -ENOENT);
	CHECK_EQ(lookup_err(root, "/a/x", LOOKUP_FOLLOW), -ENOENT);
	CHECK_EQ(lookup_err(root, "/x/b", LOOKUP_FOLLOW), -ENOENT);
	CHECK_EQ(lookup_err(root, "/a/b/f/", LOOKUP_FOLLOW), -ENOTDIR);
	CHECK_EQ(lookup_err(root, "/a/b/f/x", LOOKUP_FOLLOW), -ENOTDIR);
	CHECK_EQ(lookup_err(root, "/a/b/f/.", LOOKUP_FOLLOW), -ENOTDIR);
	/* NAME_MAX: 255 is a name that does not exist, 256 too long. */
	memset(name, 'n', sizeof(name));
	name[255] = '\0';
	CHECK_EQ(lookup_err(root, name, LOOKUP_FOLLOW), -ENOENT);
	name[255] = 'n';
	name[256] = '\0';
	CHECK_EQ(lookup_err(root, name, LOOKUP_FOLLOW), -ENAMETOOLONG);
	/* PATH_MAX counts the NUL: 4095 chars are fine, 4096 are not. */
	for (int i = 0; i < PATH_MAX; i += 2)
		path[i] = '/', path[i + 1] = '.';
	path[PATH_MAX - 1] = '\0';
	CHECK_EQ(lookup_err(root, path, LOOKUP_FOLLOW), 0);
	path[PATH_MAX - 1] = '/';
	path[PATH_MAX] = '\0';
	CHECK_EQ(lookup_err(root, path, LOOKUP_FOLLOW), -ENAMETOOLONG);
	teardown();
}

static void lookup_parent_reports_last_component(void)
{
	setup();
	make_abf();
	struct inode *root = vfs_root(), *a = lookup(root, "/a");
	struct path_parent pp;
	CHECK_EQ(vfs_lookup_parent(root, "/a/new", &pp), 0);
	CHECK(pp.dir == a);
	CHECK(strcmp(pp.name, "new") == 0);
	CHECK_EQ(pp.type, LAST_NORM);
	CHECK(!pp.trailing_slash);
	inode_put(pp.dir);
	CHECK_EQ(vfs_lookup_parent(root, "a//new//", &pp), 0);
	CHECK(pp.dir == a && strcmp(pp.name, "new") == 0);
	CHECK(pp.trailing_slash);
	inode_put(pp.dir);
	CHECK_EQ(vfs_lookup_parent(root, "/", &pp), 0);
	CHECK_EQ(pp.type, LAST_ROOT);
	inode_put(pp.dir);
	CHECK_EQ(vfs_lookup_parent(root, "/a/.", &pp), 0);
	CHECK_EQ(pp.type, LAST_DOT);
	inode_put(pp.dir);
	CHECK_EQ(vfs_lookup_parent(root, "/a/..", &pp), 0);
	CHECK_EQ(pp.type, LAST_DOTDOT);
	CHECK(pp.dir == a);
	inode_put(pp.dir);
	CHECK_EQ(vfs_lookup_parent(root, "/x/new", &pp), -ENOENT);
	CHECK_EQ(vfs_lookup_parent(root, "/a/b/f/new", &pp), -ENOTDIR);
	CHECK_EQ(vfs_lookup_parent(root, "", &pp), -ENOENT);
	teardown();
}

static void symlinks_are_followed_in_the_middle_and_at_the_end(void)
{
	setup();
	struct inode *f = make_abf();
	struct inode *root = vfs_root(), *a = lookup(root, "/a"), *l;
	CHECK_EQ(vfs_symlink(a, "rel", "b", 1, NULL), 0);
	CHECK_EQ(vfs_symlink(root, "abs", "/a/b/f", 6, NULL), 0);
	CHECK_EQ(vfs_symlink(root, "dangling", "nowhere", 7, NULL), 0);
	CHECK_EQ(vfs_symlink(root, "loop", "loop", 4, NULL), 0);
	CHECK(lookup(root, "/a/rel/f") == f);
	CHECK(lookup(root, "/abs") == f);
	CHECK(lookup(root, "/a/rel/../rel/f") == f);
	CHECK_EQ(vfs_lookup(root, "/abs", LOOKUP_NOFOLLOW, &l), 0);
	CHECK(S_ISLNK(l->mode));
	CHECK_EQ(inode_size(l), 6);
	inode_put(l);
	/* A trailing slash follows even under NOFOLLOW. */
	CHECK_EQ(lookup_err(root, "/a/rel/", LOOKUP_NOFOLLOW), 0);
	CHECK_EQ(lookup_err(root, "/abs/", LOOKUP_FOLLOW), -ENOTDIR);
	CHECK_EQ(lookup_err(root, "/dangling", LOOKUP_FOLLOW), -ENOENT);
	CHECK_EQ(lookup_err(root, "/dangling", LOOKUP_NOFOLLOW), 0);
	CHECK_EQ(lookup_err(root, "/loop", LOOKUP_FOLLOW), -ELOOP);
	CHECK_EQ(lookup_err(root, "/loop/x", LOOKUP_NOFOLLOW), -ELOOP);
	CHECK_EQ(vfs_symlink(root, "empty", "", 0, NULL), -ENOENT);
	teardown();
}

static void names_are_unique_and_typed(void)
{
	setup();
	struct inode *root = vfs_root();
	struct inode *a = mkdir_at(root, "a");
	struct inode *f = create_at(root, "f", NULL);
	CHECK_EQ(vfs_create(root, "a", 0644, NULL), -EEXIST);
	CHECK_EQ(vfs_mkdir(root, "f", 0755, NULL), -EEXIST);
	CHECK_EQ(vfs_create(f, "x", 0644, NULL), -ENOTDIR);
	CHECK_EQ(vfs_unlink(root, "a"), -EISDIR);
	CHECK_EQ(vfs_rmdir(root, "f"), -ENOTDIR);
	CHECK_EQ(vfs_unlink(root, "zz"), -ENOENT);
	CHECK_EQ(vfs_rmdir(root, "zz"), -ENOENT);
	create_at(a, "g", NULL);
	CHECK_EQ(vfs_rmdir(root, "a"), -ENOTEMPTY);
	CHECK_EQ(vfs_unlink(a, "g"), 0);
	CHECK_EQ(vfs_rmdir(root, "a"), 0);
	CHECK_EQ(lookup_err(root, "a", LOOKUP_FOLLOW), -ENOENT);
	CHECK(S_ISREG(f->mode) && (f->mode & 07777) == 0644);
	teardown();
}

static void directory_nlink_counts_subdirectories(void)
{
	setup();
	struct inode *root = vfs_root();
	CHECK_EQ(root->nlink, 2);
	struct inode *d = mkdir_at(root, "d");
	CHECK_EQ(root->nlink, 3);
	CHECK_EQ(d->nlink, 2);
	mkdir_at(d, "e");
	create_at(d, "file", NULL); /* files do not count */
	CHECK_EQ(d->nlink, 3);
	CHECK_EQ(vfs_unlink(d, "file"), 0);
	CHECK_EQ(vfs_rmdir(d, "e"), 0);
	CHECK_EQ(d->nlink, 2);
	CHECK_EQ(inode_size(d), 40); /* tmpfs: 20 per entry, . and .. */
	teardown();
}

static void unlinked_file_lives_while_open(void)
{
	setup();
	struct inode *f = make_abf(), *b = lookup(vfs_root(), "/a/b");
	struct file *file;
	char buf[16] = {0}, path[64];
	uint64_t used;
	CHECK_EQ(file_open(f, O_RDONLY, &file), 0);
	used = free_at_start - frame_free_count();
	CHECK_EQ(vfs_unlink(b, "f"), 0);
	CHECK_EQ(lookup_err(vfs_root(), "/a/b/f", LOOKUP_FOLLOW), -ENOENT);
	CHECK_EQ(f->nlink, 0);
	CHECK_EQ(free_at_start - frame_free_count(), used); /* still here */
	CHECK_EQ(vm_object_read(f->obj, 0, buf, sizeof(buf)), 5);
	CHECK(strcmp(buf, "hello") == 0);
	CHECK_EQ(vfs_path(f, path, sizeof(path)), 16);
	CHECK(strcmp(path, "/a/b/f (deleted)") == 0);
	/* Its directory may go too; the file's name still prints. */
	CHECK_EQ(vfs_rmdir(lookup(vfs_root(), "/a"), "b"), 0);
	CHECK_EQ(vfs_path(f, path, sizeof(path)), 16);
	file_put(file); /* the last user: data, inode and b go now */
	teardown();
}

static void unlinked_file_lives_while_mapped(void)
{
	setup();
	struct inode *f = make_abf(), *b = lookup(vfs_root(), "/a/b");
	struct vm_object *obj = f->obj;
	paddr_t page = vm_object_find_page(obj, 0);
	vm_object_get(obj); /* what mmap does */
	frame_get(page);    /* and the page table */
	CHECK_EQ(vfs_unlink(b, "f"), 0);
	CHECK_EQ(vm_object_nr_pages(obj), 1);
	vm_object_put(obj); /* munmap: object, inode gone */
	CHECK_EQ(pa_to_frame(page)->refcount, 1);
	frame_put(page);
	teardown();
}

static void vfs_path_prints_absolute_names(void)
{
	setup();
	struct inode *f = make_abf();
	char buf[64];
	CHECK_EQ(vfs_path(vfs_root(), buf, sizeof(buf)), 1);
	CHECK(strcmp(buf, "/") == 0);
	CHECK_EQ(vfs_path(f, buf, sizeof(buf)), 6);
	CHECK(strcmp(buf, "/a/b/f") == 0);
	CHECK_EQ(vfs_path(f, buf, 6), -ERANGE); /* no room for the NUL */
	CHECK_EQ(vfs_path(f, buf, 7), 6);
	CHECK(strcmp(buf, "/a/b/f") == 0);
	struct inode *anon = inode_new_anon(S_IFIFO | 0600, NULL, NULL);
	CHECK_EQ(vfs_path(anon, buf, sizeof(buf)), -ENOENT);
	inode_put(anon);
	teardown();
}

static void removed_directory_takes_no_new_names(void)
{
	setup();
	struct inode *d = mkdir_at(vfs_root(), "d");
	inode_get(d); /* someone's cwd */
	CHECK_EQ(vfs_rmdir(vfs_root(), "d"), 0);
	CHECK_EQ(d->nlink, 0);
	CHECK_EQ(vfs_create(d, "f", 0644, NULL), -ENOENT);
	CHECK_EQ(vfs_mkdir(d, "e", 0755, NULL), -ENOENT);
	CHECK(lookup(d, "..") == vfs_root());
	inode_put(d);
	teardown();
}

/* --- special files and computed directories */

static ssize_t zero_read(struct file *f, void *ubuf, size_t n, uint64_t *pos)
{
	(void)f, (void)pos;
	memset(ubuf, 0, n);
	return (ssize_t)n;
}

static const struct file_ops zero_ops = {.read = zero_read};

static void mknod_ops_makes_parents_and_special_files(void)
{
	setup();
	struct inode *z;
	struct file *file;
	char buf[4] = "xyz";
	uint64_t pos = 0;
	CHECK_EQ(vfs_mknod_ops("/dev/zero", S_IFCHR | 0666, MKDEV(1, 5),
			       &zero_ops, NULL),
		 0);
	CHECK_EQ(vfs_mknod_ops("/dev/zero", S_IFCHR | 0666, MKDEV(1, 5),
			       &zero_ops, NULL),
		 -EEXIST);
	CHECK_EQ(
	    vfs_mknod_ops("/dev/zero/x", S_IFCHR | 0666, 0, &zero_ops, NULL),
	    -ENOTDIR);
	CHECK(S_ISDIR(lookup(vfs_root(), "/dev")->mode));
	z = lookup(vfs_root(), "/dev/zero");
	CHECK_EQ(z->mode, S_IFCHR | 0666);
	CHECK_EQ(z->rdev, 0x105);
	CHECK_EQ(file_open(z, O_RDONLY, &file), 0);
	CHECK(file->ops == &zero_ops);
	CHECK_EQ(file->ops->read(file, buf, 3, &pos), 3);
	CHECK(buf[0] == 0 && buf[2] == 0);
	file_put(file);
	teardown();
}

/* A /proc-like directory: children "1" and "2" exist, computed. */
static int pid_lookup(struct inode *dir, const char *name, struct inode **out)
{
	if (strcmp(name, "self") == 0) {
		*out = vfs_new_symlink_child(dir, name, "1");
		return *out ? 0 : -ENOMEM;
	}
	if (strcmp(name, "1") != 0 && strcmp(name, "2") != 0)
		return -ENOENT;
	*out = vfs_new_child(dir, name, S_IFDIR | 0555, NULL, NULL, NULL);
	return *out ? 0 : -ENOMEM;
}

static int pid_readdir(struct inode *dir, struct dir_ctx *ctx)
{
	static const char *names[] = {"1", "2"};
	(void)dir;
	while (ctx->pos < 2) {
		if (!dir_emit(ctx, names[ctx->pos], 1000 + ctx->pos, DT_DIR))
			break;
		ctx->pos++;
	}
	return 0;
}

static const struct dir_ops pid_dir_ops = {pid_lookup, pid_readdir};

static void computed_directory_children_come_and_go(void)
{
	setup();
	struct inode *p1, *proc;
	char buf[32];
	CHECK_EQ(vfs_mkdir_ops("/proc", 0555, &pid_dir_ops, NULL), 0);
	CHECK_EQ(
	    vfs_mknod_ops("/proc/meminfo", S_IFREG | 0444, 0, &zero_ops, NULL),
	    0);
	proc = lookup(vfs_root(), "/proc");
	long live = shim_kmalloc_live;
	CHECK_EQ(vfs_lookup(vfs_root(), "/proc/1", LOOKUP_FOLLOW, &p1), 0);
	CHECK(p1->computed && S_ISDIR(p1->mode));
	CHECK_EQ(vfs_path(p1, buf, sizeof(buf)), 7);
	CHECK(strcmp(buf, "/proc/1") == 0);
	CHECK(lookup(p1, "..") == proc);
	inode_put(p1); /* freed: nothing names it */
	CHECK_EQ(shim_kmalloc_live, live);
	CHECK_EQ(lookup_err(vfs_root(), "/proc/3", LOOKUP_FOLLOW), -ENOENT);
	/* A computed symlink: /proc/self -> "1". */
	CHECK_EQ(vfs_lookup(vfs_root(), "/proc/self", LOOKUP_FOLLOW, &p1), 0);
	CHECK_EQ(vfs_path(p1, buf, sizeof(buf)), 7); /* "/proc/1" */
	inode_put(p1);
	CHECK_EQ(vfs_lookup(vfs_root(), "/proc/self", LOOKUP_NOFOLLOW, &p1), 0);
	CHECK(S_ISLNK(p1->mode));
	CHECK_EQ(inode_size(p1), 1);
	inode_put(p1);
	CHECK_EQ(shim_kmalloc_live, live);
	CHECK(S_ISREG(lookup(vfs_root(), "/proc/meminfo")->mode));
	CHECK_EQ(vfs_rmdir(vfs_root(), "proc"), -ENOTEMPTY);
	CHECK_EQ(vfs_unlink(proc, "meminfo"), 0);
	CHECK_EQ(vfs_rmdir(vfs_root(), "proc"), -EBUSY);
	teardown();
}

static void out_of_kmalloc_is_enomem_without_leaks(void)
{
	setup();
	for (int n = 1; n <= 3; n++) {
		shim_kmalloc_fail_in = n;
		int err = vfs_create(vfs_root(), "f", 0644, NULL);
		CHECK(err == -ENOMEM || err == 0);
		if (err == 0)
			CHECK_EQ(vfs_unlink(vfs_root(), "f"), 0);
		shim_kmalloc_fail_in = 0;
	}
	shim_kmalloc_fail_in = 1;
	CHECK_EQ(vfs_mkdir(vfs_root(), "d", 0755, NULL), -ENOMEM);
	shim_kmalloc_fail_in = 2; /* the name */
	CHECK_EQ(vfs_mkdir(vfs_root(), "d", 0755, NULL), -ENOMEM);
	shim_kmalloc_fail_in = 0;
	CHECK_EQ(lookup_err(vfs_root(), "d", LOOKUP_FOLLOW), -ENOENT);
	teardown();
}

int main(void)
{
	static const struct tap_case cases[] = {
	    TAP_CASE(lookup_absolute_relative_dots_and_slashes),
	    TAP_CASE(lookup_errors),
	    TAP_CASE(lookup_parent_reports_last_component),
	    TAP_CASE(symlinks_are_followed_in_the_middle_and_at_the_end),
	    TAP_CASE(names_are_unique_and_typed),
	    TAP_CASE(directory_nlink_counts_subdirectories),
	    TAP_CASE(unlinked_file_lives_while_open),
	    TAP_CASE(unlinked_file_lives_while_mapped),
	    TAP_CASE(vfs_path_prints_absolute_names),
	    TAP_CASE(removed_directory_takes_no_new_names),
	    TAP_CASE(mknod_ops_makes_parents_and_special_files),
	    TAP_CASE(computed_directory_children_come_and_go),
	    TAP_CASE(out_of_kmalloc_is_enomem_without_leaks),
	};
	return tap_run(cases, ARRAY_SIZE(cases));
}
