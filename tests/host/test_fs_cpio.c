/*
 * Host tests of the boot archive unpacker (kernel/fs/cpio.c).  Archives
 * are written here byte by byte in the newc format, then unpacked, cut
 * short, corrupted and fuzzed: the unpacker must answer -EINVAL (or 0)
 * and never crash or leak.
 */
#include <stdio.h>
#include <string.h>

#include "fake_phys.h"
#include "tap.h"
#include "fs/cpio.h"
#include "fs/vfs.h"
#include "lib/errno.h"
#include "mm/frame.h"
#include "mm/object.h"

extern long shim_kmalloc_live;

static uint64_t free_at_start;
static long live_at_start;

static void setup(void)
{
	static const struct mem_range ram[] = {{0, 32 << 20}};
	fake_phys_init(32 << 20);
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
}

/* Starts over with an empty tree (for loops inside one case). */
static void reset_tree(void)
{
	vfs_destroy();
	CHECK_EQ(vfs_init(), 0);
}

struct archive {
	char buf[8192];
	size_t len;
};

static void pad4(struct archive *a)
{
	while (a->len % 4)
		a->buf[a->len++] = '\0';
}

/* Appends one newc entry: what `cpio -o -H newc` writes. */
static void add(struct archive *a, const char *name, uint32_t mode,
		const char *data, size_t size)
{
	size_t namesize = strlen(name) + 1;
	a->len += (size_t)sprintf(a->buf + a->len,
				  "070701%08X%08X%08X%08X%08X%08X%08X%08X"
				  "%08X%08X%08X%08zX%08X",
				  7u, mode, 0u, 0u, 1u, 0u, (unsigned)size, 0u,
				  0u, 0u, 0u, namesize, 0u);
	memcpy(a->buf + a->len, name, namesize);
	a->len += namesize;
	pad4(a);
	memcpy(a->buf + a->len, data, size);
	a->len += size;
	pad4(a);
}

static void add_trailer(struct archive *a)
{
	add(a, "TRAILER!!!", 0, "", 0);
}

/*  .            bin/          bin/hello (0755, "#!hello\n")
 *  bin/sh -> hello            etc/motd (0644, "welcome")   */
static void make_sample(struct archive *a)
{
	a->len = 0;
	add(a, ".", S_IFDIR | 0755, "", 0);
	add(a, "bin", S_IFDIR | 0755, "", 0);
	add(a, "bin/hello", S_IFREG | 0755, "#!hello\n", 8);
	add(a, "bin/sh", S_IFLNK | 0777, "hello", 5);
	add(a, "./etc", S_IFDIR | 0700, "", 0);
	add(a, "/etc/motd", S_IFREG | 0644, "welcome", 7);
	add(a, "dev/console", S_IFCHR | 0600, "", 0); /* skipped */
	add_trailer(a);
}

static struct inode *get(const char *path, enum lookup_flags flags)
{
	struct inode *i = NULL;
	CHECK_EQ(vfs_lookup(vfs_root(), path, flags, &i), 0);
	if (i)
		inode_put(i);
	return i;
}

static void unpack_sample_archive(void)
{
	setup();
	struct archive a;
	char buf[16] = {0};
	make_sample(&a);
	CHECK_EQ(cpio_unpack(a.buf, a.len), 0);
	struct inode *hello = get("/bin/hello", LOOKUP_FOLLOW);
	CHECK_EQ(hello->mode, S_IFREG | 0755);
	CHECK_EQ(inode_size(hello), 8);
	CHECK_EQ(vm_object_read(hello->obj, 0, buf, sizeof(buf)), 8);
	CHECK(strcmp(buf, "#!hello\n") == 0);
	CHECK(get("/bin/sh", LOOKUP_FOLLOW) == hello);
	CHECK_EQ(get("/bin/sh", LOOKUP_NOFOLLOW)->mode, S_IFLNK | 0777);
	CHECK_EQ(get("/etc", LOOKUP_FOLLOW)->mode, S_IFDIR | 0700);
	CHECK_EQ(inode_size(get("/etc/motd", LOOKUP_FOLLOW)), 7);
	CHECK_EQ(get("/", LOOKUP_FOLLOW)->nlink, 4);
	struct inode *dev;
	CHECK_EQ(vfs_lookup(vfs_root(), "/dev", LOOKUP_FOLLOW, &dev), -ENOENT);
	teardown();
}

static void data_after_trailer_is_ignored(void)
{
	setup();
	struct archive a;
	make_sample(&a);
	memcpy(a.buf + a.len, "garbage!", 8);
	CHECK_EQ(cpio_unpack(a.buf, a.len + 8), 0);
	teardown();
}

static void every_truncation_is_einval(void)
{
	setup();
	struct archive a;
	make_sample(&a);
	for (size_t len = 0; len < a.len; len++) {
		/* Even the trailer's padding counts: any cut is corrupt. */
		CHECK_EQ(cpio_unpack(a.buf, len), -EINVAL);
		reset_tree();
	}
	teardown();
}

static void corrupt_headers_are_einval(void)
{
	setup();
	struct archive a;
	struct {
		size_t at;
		char byte;
	} faults[] = {
	    {0, '1'},		   /* magic */
	    {6 + 8 * 1, 'g'},	   /* mode: not hex */
	    {6 + 8 * 11 + 7, '0'}, /* namesize: 0 ("." has 2) */
	    {6 + 8 * 11, 'F'},	   /* namesize: huge */
	    {6 + 8 * 6, 'F'},	   /* filesize: huge */
	};
	for (size_t i = 0; i < ARRAY_SIZE(faults); i++) {
		make_sample(&a);
		a.buf[faults[i].at] = faults[i].byte;
		CHECK_EQ(cpio_unpack(a.buf, a.len), -EINVAL);
		reset_tree();
	}
	/* The NUL is not where namesize says. */
	make_sample(&a);
	a.buf[110 + 1] = 'x'; /* ".\0" -> ".x" */
	CHECK_EQ(cpio_unpack(a.buf, a.len), -EINVAL);
	reset_tree();
	/* No trailer at all. */
	a.len = 0;
	add(&a, "f", S_IFREG | 0644, "abc", 3);
	CHECK_EQ(cpio_unpack(a.buf, a.len), -EINVAL);
	teardown();
}

static void missing_parent_and_clashes(void)
{
	setup();
	struct archive a;
	a.len = 0;
	add(&a, "no/such/file", S_IFREG | 0644, "x", 1);
	add_trailer(&a);
	CHECK_EQ(cpio_unpack(a.buf, a.len), -ENOENT);
	a.len = 0;
	add(&a, "f", S_IFREG | 0644, "x", 1);
	add(&a, "f", S_IFDIR | 0755, "", 0);
	add_trailer(&a);
	CHECK_EQ(cpio_unpack(a.buf, a.len), -EEXIST);
	reset_tree();
	/* A directory that exists already takes the archive's mode. */
	CHECK_EQ(vfs_mkdir(vfs_root(), "tmp", 0755, NULL), 0);
	a.len = 0;
	add(&a, "tmp", S_IFDIR | 01777, "", 0);
	add_trailer(&a);
	CHECK_EQ(cpio_unpack(a.buf, a.len), 0);
	CHECK_EQ(get("/tmp", LOOKUP_FOLLOW)->mode, S_IFDIR | 01777);
	teardown();
}

static void random_corruption_never_crashes(void)
{
	setup();
	struct archive a;
	uint32_t seed = 12345;
	int ok = 0, bad = 0;
	for (int round = 0; round < 2000; round++) {
		make_sample(&a);
		for (int k = 0; k < 1 + round % 4; k++) {
			seed = seed * 1103515245 + 12345;
			size_t at = (seed >> 8) % a.len;
			seed = seed * 1103515245 + 12345;
			a.buf[at] = (char)(seed >> 16);
		}
		int err = cpio_unpack(a.buf, a.len);
		CHECK(err <= 0);
		if (err == 0)
			ok++;
		else
			bad++;
		reset_tree();
	}
	CHECK(bad > 0);
	teardown();
}

int main(void)
{
	static const struct tap_case cases[] = {
	    TAP_CASE(unpack_sample_archive),
	    TAP_CASE(data_after_trailer_is_ignored),
	    TAP_CASE(every_truncation_is_einval),
	    TAP_CASE(corrupt_headers_are_einval),
	    TAP_CASE(missing_parent_and_clashes),
	    TAP_CASE(random_corruption_never_crashes),
	};
	return tap_run(cases, ARRAY_SIZE(cases));
}
