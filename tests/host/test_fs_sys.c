/*
 * Host tests of the file system calls (kernel/fs/sys_*.c, fdtable.c,
 * pipe.c) as a process sees them: each case gets a fresh tree, an empty
 * fd table and cwd "/", and ends by checking that every frame and every
 * kmalloc'd object came back.  User pointers are plain pointers here;
 * BAD ((void *)1) is one that faults.
 */
#include <stddef.h>
#include <string.h>

#include "fake_phys.h"
#include "tap.h"
#include "fs/fdtable.h"
#include "fs/pipe.h"
#include "fs/sys_fs.h"
#include "fs/vfs.h"
#include "lib/errno.h"
#include "mm/frame.h"

#define BAD ((void *)1)

extern long shim_kmalloc_live, shim_fs_waits;
extern char *shim_fault_page;

#define KERNEL_LOW ((void *)0xffff800000000000UL)

static uint64_t free_at_start;
static long live_at_start;
static struct fs_context ctx, *c = &ctx;

static void setup(void)
{
	static const struct mem_range ram[] = {{0, 64 << 20}};
	fake_phys_init(64 << 20);
	CHECK_EQ(frame_init(ram, 1, NULL, 0), 0);
	free_at_start = frame_free_count();
	live_at_start = shim_kmalloc_live;
	CHECK_EQ(vfs_init(), 0);
	c->fdt = fdtable_new();
	c->cwd = vfs_root();
	inode_get(c->cwd);
	c->umask = 022;
	shim_fs_waits = 0;
}

static void teardown(void)
{
	fdtable_put(c->fdt);
	inode_put(c->cwd);
	vfs_destroy();
	CHECK_EQ(frame_free_count(), free_at_start);
	CHECK_EQ(shim_kmalloc_live, live_at_start);
	frame_check();
}

static int creat_with(const char *path, const char *data)
{
	int fd = (int)sys_open(c, path, O_CREAT | O_RDWR | O_TRUNC, 0666);
	CHECK(fd >= 0);
	if (data)
		CHECK_EQ(sys_write(c, fd, data, strlen(data)), strlen(data));
	return fd;
}

static struct stat stat_of(const char *path)
{
	struct stat st;
	memset(&st, 0xff, sizeof(st));
	CHECK_EQ(sys_stat(c, path, &st), 0);
	return st;
}

/* --- open, read, write, lseek */

static void open_create_write_seek_read(void)
{
	setup();
	char buf[32] = {0};
	int fd = (int)sys_open(c, "/f", O_CREAT | O_RDWR, 0666);
	CHECK_EQ(fd, 0);
	CHECK_EQ(sys_write(c, fd, "hello world", 11), 11);
	CHECK_EQ(sys_read(c, fd, buf, sizeof(buf)), 0); /* at the end */
	CHECK_EQ(sys_lseek(c, fd, 0, SEEK_SET), 0);
	CHECK_EQ(sys_read(c, fd, buf, 5), 5);
	CHECK(memcmp(buf, "hello", 5) == 0);
	CHECK_EQ(sys_lseek(c, fd, 1, SEEK_CUR), 6);
	CHECK_EQ(sys_read(c, fd, buf, sizeof(buf)), 5);
	CHECK(memcmp(buf, "world", 5) == 0);
	CHECK_EQ(sys_lseek(c, fd, -5, SEEK_END), 6);
	CHECK_EQ(sys_close(c, fd), 0);
	CHECK_EQ(sys_close(c, fd), -EBADF);
	struct stat st = stat_of("/f");
	CHECK_EQ(st.st_mode, S_IFREG | 0644); /* umask 022 */
	CHECK_EQ(st.st_size, 11);
	teardown();
}

static void lseek_rules(void)
{
	setup();
	int fd = creat_with("/f", "0123456789");
	char c0 = 0;
	CHECK_EQ(sys_lseek(c, fd, -1, SEEK_SET), -EINVAL);
	CHECK_EQ(sys_lseek(c, fd, -11, SEEK_END), -EINVAL);
	CHECK_EQ(sys_lseek(c, fd, 0, 3), 0); /* SEEK_DATA: t_files has more */
	CHECK_EQ(sys_lseek(c, fd, 0, 5), -EINVAL);
	CHECK_EQ(sys_lseek(c, fd, 0, -1), -EINVAL);
	CHECK_EQ(sys_lseek(c, fd, INT64_MAX, SEEK_SET), INT64_MAX);
	CHECK_EQ(sys_lseek(c, fd, 1, SEEK_CUR), -EINVAL); /* overflow */
	CHECK_EQ(sys_lseek(c, 99, 0, SEEK_SET), -EBADF);
	/* Past the end, then write: the gap reads as zeros. */
	CHECK_EQ(sys_lseek(c, fd, 100, SEEK_SET), 100);
	CHECK_EQ(sys_write(c, fd, "x", 1), 1);
	CHECK_EQ(sys_pread64(c, fd, &c0, 1, 50), 1);
	CHECK_EQ(c0, 0);
	CHECK_EQ(stat_of("/f").st_size, 101);
	teardown();
}

static void open_flag_errors(void)
{
	setup();
	char longname[300];
	memset(longname, 'x', sizeof(longname));
	longname[299] = '\0';
	CHECK_EQ(sys_mkdir(c, "/d", 0755), 0);
	sys_close(c, creat_with("/f", "data"));
	CHECK_EQ(sys_open(c, "/nope", O_RDONLY, 0), -ENOENT);
	CHECK_EQ(sys_open(c, "/nope/x", O_CREAT | O_RDWR, 0644), -ENOENT);
	CHECK_EQ(sys_open(c, "/f", O_CREAT | O_EXCL | O_RDWR, 0644), -EEXIST);
	CHECK_EQ(sys_open(c, "/d", O_WRONLY, 0), -EISDIR);
	CHECK_EQ(sys_open(c, "/d", O_RDWR, 0), -EISDIR);
	CHECK_EQ(sys_open(c, "/d", O_CREAT | O_RDONLY, 0644), -EISDIR);
	CHECK_EQ(sys_open(c, "/", O_CREAT | O_RDONLY, 0644), -EISDIR);
	CHECK_EQ(sys_open(c, "/new/", O_CREAT | O_RDWR, 0644), -EISDIR);
	CHECK_EQ(sys_open(c, "/f", O_DIRECTORY, 0), -ENOTDIR);
	CHECK_EQ(sys_open(c, "/f/", O_RDONLY, 0), -ENOTDIR);
	CHECK_EQ(sys_open(c, "/f/x", O_RDONLY, 0), -ENOTDIR);
	CHECK_EQ(sys_open(c, "/d", O_CREAT | O_DIRECTORY, 0644), -EINVAL);
	CHECK_EQ(sys_open(c, longname, O_RDONLY, 0), -ENAMETOOLONG);
	CHECK_EQ(sys_open(c, BAD, O_RDONLY, 0), -EFAULT);
	CHECK_EQ(sys_open(c, "", O_RDONLY, 0), -ENOENT);
	/* Nothing above created a file. */
	CHECK_EQ(sys_access(c, "/nope", F_OK), -ENOENT);
	CHECK_EQ(sys_access(c, "/new", F_OK), -ENOENT);
	/* A directory opens read-only, with or without O_DIRECTORY. */
	int fd = (int)sys_open(c, "/d", O_RDONLY | O_DIRECTORY, 0);
	CHECK(fd >= 0);
	CHECK_EQ(sys_close(c, fd), 0);
	teardown();
}

static void open_path_too_long_is_enametoolong(void)
{
	setup();
	static char path[PATH_MAX + 1];
	memset(path, '/', PATH_MAX);
	path[PATH_MAX] = '\0'; /* no NUL within PATH_MAX bytes */
	CHECK_EQ(sys_open(c, path, O_RDONLY, 0), -ENAMETOOLONG);
	path[PATH_MAX - 1] = '\0';
	int fd = (int)sys_open(c, path, O_RDONLY, 0); /* "///...": the root */
	CHECK(fd >= 0);
	sys_close(c, fd);
	teardown();
}

static void open_trunc_and_append(void)
{
	setup();
	char buf[32] = {0};
	sys_close(c, creat_with("/f", "abcdef"));
	int fd = (int)sys_open(c, "/f", O_WRONLY | O_APPEND, 0);
	CHECK_EQ(sys_write(c, fd, "XY", 2), 2);
	CHECK_EQ(sys_lseek(c, fd, 0, SEEK_SET), 0);
	CHECK_EQ(sys_write(c, fd, "Z", 1), 1); /* still at the end */
	CHECK_EQ(sys_lseek(c, fd, 0, SEEK_CUR), 9);
	CHECK_EQ(sys_pwrite64(c, fd, "W", 1, 0), 1); /* Linux: appends */
	sys_close(c, fd);
	fd = (int)sys_open(c, "/f", O_RDONLY, 0);
	CHECK_EQ(sys_read(c, fd, buf, sizeof(buf)), 10);
	CHECK(memcmp(buf, "abcdefXYZW", 10) == 0);
	sys_close(c, fd);
	/* O_TRUNC empties the file (even opened read-only, as Linux). */
	fd = (int)sys_open(c, "/f", O_RDONLY | O_TRUNC, 0);
	CHECK_EQ(stat_of("/f").st_size, 0);
	sys_close(c, fd);
	teardown();
}

static void read_write_need_the_right_mode(void)
{
	setup();
	char buf[8];
	sys_close(c, creat_with("/f", "data"));
	int ro = (int)sys_open(c, "/f", O_RDONLY, 0);
	int wo = (int)sys_open(c, "/f", O_WRONLY, 0);
	int d = (int)sys_open(c, "/", O_RDONLY, 0);
	CHECK_EQ(sys_write(c, ro, "x", 1), -EBADF);
	CHECK_EQ(sys_read(c, wo, buf, 1), -EBADF);
	CHECK_EQ(sys_read(c, d, buf, 1), -EISDIR);
	CHECK_EQ(sys_read(c, 77, buf, 1), -EBADF);
	CHECK_EQ(sys_read(c, -1, buf, 1), -EBADF);
	CHECK_EQ(sys_write(c, 1000, buf, 1), -EBADF);
	CHECK_EQ(sys_read(c, ro, BAD, 4), -EFAULT);
	CHECK_EQ(sys_write(c, wo, BAD, 4), -EFAULT);
	CHECK_EQ(sys_read(c, ro, buf, 0), 0);
	CHECK_EQ(sys_pread64(c, ro, buf, 1, -1), -EINVAL);
	CHECK_EQ(sys_pwrite64(c, wo, "x", 1, -1), -EINVAL);
	teardown();
}

static void pread_pwrite_leave_the_offset(void)
{
	setup();
	char buf[8] = {0};
	int fd = creat_with("/f", "0123456789");
	CHECK_EQ(sys_lseek(c, fd, 2, SEEK_SET), 2);
	CHECK_EQ(sys_pread64(c, fd, buf, 3, 5), 3);
	CHECK(memcmp(buf, "567", 3) == 0);
	CHECK_EQ(sys_pwrite64(c, fd, "ab", 2, 0), 2);
	CHECK_EQ(sys_lseek(c, fd, 0, SEEK_CUR), 2);
	CHECK_EQ(sys_read(c, fd, buf, 2), 2);
	CHECK(memcmp(buf, "23", 2) == 0);
	CHECK_EQ(sys_pread64(c, fd, buf, 8, 100), 0);
	teardown();
}

static void readv_writev_gather_and_scatter(void)
{
	setup();
	char a[4] = {0}, b[8] = {0};
	struct iovec out[3] = {{"one", 3}, {"", 0}, {"twothree", 8}};
	struct iovec in[2] = {{a, 4}, {b, 8}};
	int fd = creat_with("/f", NULL);
	CHECK_EQ(sys_writev(c, fd, out, 3), 11);
	CHECK_EQ(sys_lseek(c, fd, 0, SEEK_SET), 0);
	CHECK_EQ(sys_readv(c, fd, in, 2), 11);
	CHECK(memcmp(a, "onet", 4) == 0 && memcmp(b, "wothree", 7) == 0);
	CHECK_EQ(sys_readv(c, fd, in, 0), 0);
	CHECK_EQ(sys_readv(c, fd, in, -1), -EINVAL);
	CHECK_EQ(sys_readv(c, fd, in, UIO_MAXIOV + 1), -EINVAL);
	CHECK_EQ(sys_readv(c, fd, BAD, 2), -EFAULT);
	struct iovec huge[2] = {{a, INT64_MAX}, {b, 2}};
	CHECK_EQ(sys_writev(c, fd, huge, 2), -EFAULT); /* past user space */
	huge[0].iov_len = (size_t)INT64_MAX + 1;
	CHECK_EQ(sys_writev(c, fd, huge, 2), -EINVAL); /* negative length */
	struct iovec badbuf[2] = {{"ok", 2}, {BAD, 2}};
	CHECK_EQ(sys_lseek(c, fd, 0, SEEK_SET), 0);
	CHECK_EQ(sys_writev(c, fd, badbuf, 2), 2); /* stops at the fault */
	CHECK_EQ(sys_readv(c, 42, in, 2), -EBADF);
	teardown();
}

static void copies_stop_at_a_hole_and_kernel_addresses_fault(void)
{
	setup();
	char *two = aligned_alloc(4096, 8192), buf[32] = {0};
	int fds[2];
	shim_fault_page = two + 4096; /* [two, +4096) good, next page bad */
	memcpy(two + 4096 - 10, "0123456789", 10);
	int fd = creat_with("/f", NULL);
	CHECK_EQ(sys_write(c, fd, two + 4096 - 10, 20), 10);
	CHECK_EQ(sys_lseek(c, fd, 0, SEEK_CUR), 10);
	CHECK_EQ(sys_write(c, fd, "abcdefghijklmnopqrst", 20), 20);
	CHECK_EQ(sys_pread64(c, fd, two + 4096 - 5, 20, 0), 5);
	CHECK(memcmp(two + 4096 - 5, "01234", 5) == 0);
	CHECK_EQ(sys_pipe(c, fds), 0);
	memcpy(two + 4096 - 10, "0123456789", 10);
	/* A pipe takes all or nothing: Linux's pipe buffers. */
	CHECK_EQ(sys_write(c, fds[1], two + 4096 - 10, 20), -EFAULT);
	CHECK_EQ(sys_write(c, fds[1], "xyz", 3), 3);
	CHECK_EQ(sys_read(c, fds[0], two + 4096 - 2, 3), -EFAULT);
	CHECK_EQ(sys_read(c, fds[0], buf, sizeof(buf)), 3);
	CHECK(memcmp(buf, "xyz", 3) == 0);
	shim_fault_page = NULL;
	/* Kernel addresses fault even for zero bytes (Linux's access_ok). */
	CHECK_EQ(sys_write(c, fd, KERNEL_LOW, 0), -EFAULT);
	CHECK_EQ(sys_read(c, fd, KERNEL_LOW, 0), -EFAULT);
	CHECK_EQ(sys_read(c, fds[0], KERNEL_LOW, 0), -EFAULT);
	CHECK_EQ(sys_pwrite64(c, fd, KERNEL_LOW, 1, 0), -EFAULT);
	struct iovec kio[1] = {{KERNEL_LOW, 0}};
	CHECK_EQ(sys_readv(c, fd, kio, 1), -EFAULT);
	free(two);
	teardown();
}

/* --- unlink, truncate and the page cache through the calls */

static void unlink_while_open_keeps_data_until_close(void)
{
	setup();
	static char page[4096];
	char buf[4];
	memset(page, 'p', sizeof(page));
	int fd = creat_with("/f", NULL);
	for (int i = 0; i < 8; i++)
		CHECK_EQ(sys_write(c, fd, page, sizeof(page)), 4096);
	uint64_t with_file = frame_free_count();
	CHECK_EQ(sys_unlink(c, "/f"), 0);
	CHECK_EQ(sys_open(c, "/f", O_RDONLY, 0), -ENOENT);
	CHECK_EQ(frame_free_count(), with_file);
	CHECK_EQ(sys_pread64(c, fd, buf, 4, 7 * 4096), 4);
	CHECK(memcmp(buf, "pppp", 4) == 0);
	struct stat st;
	CHECK_EQ(sys_fstat(c, fd, &st), 0);
	CHECK_EQ(st.st_nlink, 0);
	CHECK_EQ(st.st_size, 8 * 4096);
	int fd2 = (int)sys_dup(c, fd);
	CHECK_EQ(sys_close(c, fd), 0);
	CHECK_EQ(frame_free_count(), with_file); /* the dup holds it */
	CHECK_EQ(sys_close(c, fd2), 0);
	CHECK(frame_free_count() >= with_file + 8); /* the 8 pages at least */
	teardown();
}

static void truncate_frees_frames_and_grows_with_zeros(void)
{
	setup();
	static char page[4096];
	char buf[8];
	memset(page, 'q', sizeof(page));
	int fd = creat_with("/f", NULL);
	uint64_t empty = frame_free_count();
	for (int i = 0; i < 6; i++)
		CHECK_EQ(sys_write(c, fd, page, sizeof(page)), 4096);
	CHECK_EQ(stat_of("/f").st_blocks, 6 * 8);
	CHECK_EQ(sys_ftruncate(c, fd, 4096 + 3), 0);
	CHECK_EQ(stat_of("/f").st_size, 4099);
	CHECK_EQ(stat_of("/f").st_blocks, 2 * 8);
	CHECK_EQ(frame_free_count(), empty - 2 - 1); /* 2 pages + a leaf */
	CHECK_EQ(sys_truncate(c, "/f", 3 * 4096), 0);
	CHECK_EQ(sys_pread64(c, fd, buf, 8, 4096), 8);
	CHECK(memcmp(buf, "qqq\0\0\0\0\0", 8) == 0);
	CHECK_EQ(sys_truncate(c, "/f", 0), 0);
	CHECK_EQ(frame_free_count(), empty);
	CHECK_EQ(sys_ftruncate(c, fd, -1), -EINVAL);
	CHECK_EQ(sys_truncate(c, "/f", -1), -EINVAL);
	CHECK_EQ(sys_truncate(c, "/", 0), -EISDIR);
	CHECK_EQ(sys_truncate(c, "/nope", 0), -ENOENT);
	CHECK_EQ(sys_ftruncate(c, 50, 0), -EBADF);
	int ro = (int)sys_open(c, "/f", O_RDONLY, 0);
	CHECK_EQ(sys_ftruncate(c, ro, 0), -EINVAL); /* not for writing */
	int d = (int)sys_open(c, "/", O_RDONLY, 0);
	CHECK_EQ(sys_ftruncate(c, d, 0), -EINVAL);
	teardown();
}

static void sparse_file_costs_only_written_pages(void)
{
	setup();
	char buf[4] = "zzz";
	int fd = creat_with("/sparse", NULL);
	CHECK_EQ(sys_pwrite64(c, fd, "end", 3, 1L << 30), 3);
	struct stat st = stat_of("/sparse");
	CHECK_EQ(st.st_size, (1L << 30) + 3);
	CHECK_EQ(st.st_blocks, 8); /* one page */
	CHECK_EQ(sys_pread64(c, fd, buf, 3, 12345678), 3);
	CHECK(buf[0] == 0 && buf[1] == 0 && buf[2] == 0);
	CHECK_EQ(stat_of("/sparse").st_blocks, 8); /* reading allocates none */
	teardown();
}

/* --- stat */

static void stat_layout_is_linux_x86_64(void)
{
	CHECK_EQ(sizeof(struct stat), 144);
	CHECK_EQ(offsetof(struct stat, st_dev), 0);
	CHECK_EQ(offsetof(struct stat, st_ino), 8);
	CHECK_EQ(offsetof(struct stat, st_nlink), 16);
	CHECK_EQ(offsetof(struct stat, st_mode), 24);
	CHECK_EQ(offsetof(struct stat, st_uid), 28);
	CHECK_EQ(offsetof(struct stat, st_gid), 32);
	CHECK_EQ(offsetof(struct stat, st_rdev), 40);
	CHECK_EQ(offsetof(struct stat, st_size), 48);
	CHECK_EQ(offsetof(struct stat, st_blksize), 56);
	CHECK_EQ(offsetof(struct stat, st_blocks), 64);
	CHECK_EQ(offsetof(struct stat, st_atim), 72);
	CHECK_EQ(offsetof(struct stat, st_mtim), 88);
	CHECK_EQ(offsetof(struct stat, st_ctim), 104);
}

static void stat_fields(void)
{
	setup();
	struct stat st;
	uint32_t major, minor;
	CHECK_EQ(sys_mkdir(c, "/d", 0777), 0);
	CHECK_EQ(sys_mkdir(c, "/d/e", 0777), 0);
	sys_close(c, creat_with("/d/f", "12345"));
	st = stat_of("/d");
	CHECK_EQ(st.st_mode, S_IFDIR | 0755);
	CHECK_EQ(st.st_nlink, 3);
	CHECK_EQ(st.st_dev, 0x16);
	CHECK_EQ(st.st_blksize, 4096);
	CHECK_EQ(st.st_uid, 0);
	st = stat_of("/d/f");
	CHECK_EQ(st.st_nlink, 1);
	CHECK_EQ(st.st_size, 5);
	CHECK_EQ(st.st_blocks, 8);
	CHECK(st.st_ino != stat_of("/d").st_ino);
	CHECK_EQ(stat_of("/").st_nlink, 3);
	struct inode *root = vfs_root();
	inode_dev(root, &major, &minor);
	CHECK_EQ(MKDEV(major, minor), st.st_dev);
	CHECK_EQ(sys_stat(c, "/d/f", BAD), -EFAULT);
	CHECK_EQ(sys_stat(c, "/d/zz", &st), -ENOENT);
	CHECK_EQ(sys_fstat(c, 9, &st), -EBADF);
	teardown();
}

static void lstat_and_fstatat_flags(void)
{
	setup();
	struct stat st;
	sys_close(c, creat_with("/f", "abc"));
	CHECK_EQ(vfs_symlink(vfs_root(), "l", "f", 1, NULL), 0);
	CHECK_EQ(sys_lstat(c, "/l", &st), 0);
	CHECK_EQ(st.st_mode, S_IFLNK | 0777);
	CHECK_EQ(st.st_size, 1);
	CHECK_EQ(sys_stat(c, "/l", &st), 0);
	CHECK_EQ(st.st_mode, S_IFREG | 0644);
	int d = (int)sys_open(c, "/", O_RDONLY, 0);
	CHECK_EQ(sys_newfstatat(c, d, "l", &st, AT_SYMLINK_NOFOLLOW), 0);
	CHECK(S_ISLNK(st.st_mode));
	int fd = (int)sys_open(c, "/f", O_RDONLY, 0);
	CHECK_EQ(sys_newfstatat(c, fd, "", &st, AT_EMPTY_PATH), 0);
	CHECK_EQ(st.st_size, 3);
	CHECK_EQ(sys_newfstatat(c, AT_FDCWD, "", &st, AT_EMPTY_PATH), 0);
	CHECK(S_ISDIR(st.st_mode));
	CHECK_EQ(sys_newfstatat(c, fd, "", &st, 0), -ENOENT);
	CHECK_EQ(sys_newfstatat(c, fd, "x", &st, 0), -ENOTDIR);
	CHECK_EQ(sys_newfstatat(c, 99, "x", &st, 0), -EBADF);
	CHECK_EQ(sys_newfstatat(c, 99, "/f", &st, 0), 0); /* absolute */
	CHECK_EQ(sys_newfstatat(c, d, "f", &st, 0x4), -EINVAL);
	teardown();
}

/* --- directories */

static void mkdir_rmdir_errors(void)
{
	setup();
	CHECK_EQ(sys_mkdir(c, "/d", 0755), 0);
	CHECK_EQ(sys_mkdir(c, "/d", 0755), -EEXIST);
	CHECK_EQ(sys_mkdir(c, "/", 0755), -EEXIST);
	CHECK_EQ(sys_mkdir(c, "/d/.", 0755), -EEXIST);
	CHECK_EQ(sys_mkdir(c, "/x/y", 0755), -ENOENT);
	CHECK_EQ(sys_mkdir(c, "/d/e/", 0755), 0); /* trailing slash is fine */
	sys_close(c, creat_with("/f", NULL));
	CHECK_EQ(sys_mkdir(c, "/f/e", 0755), -ENOTDIR);
	CHECK_EQ(sys_rmdir(c, "/d"), -ENOTEMPTY);
	CHECK_EQ(sys_rmdir(c, "/"), -EBUSY);
	CHECK_EQ(sys_rmdir(c, "/d/e/."), -EINVAL);
	CHECK_EQ(sys_rmdir(c, "/d/e/.."), -ENOTEMPTY);
	CHECK_EQ(sys_rmdir(c, "/f"), -ENOTDIR);
	CHECK_EQ(sys_rmdir(c, "/nope"), -ENOENT);
	CHECK_EQ(sys_rmdir(c, "/d/e/"), 0);
	CHECK_EQ(sys_rmdir(c, "d"), 0); /* relative to cwd "/" */
	CHECK_EQ(sys_mkdir(c, BAD, 0755), -EFAULT);
	teardown();
}

static void unlink_and_unlinkat(void)
{
	setup();
	CHECK_EQ(sys_mkdir(c, "/d", 0755), 0);
	sys_close(c, creat_with("/d/f", NULL));
	sys_close(c, creat_with("/g", NULL));
	CHECK_EQ(sys_unlink(c, "/d"), -EISDIR);
	CHECK_EQ(sys_unlink(c, "/d/"), -EISDIR);
	CHECK_EQ(sys_unlink(c, "/g/"), -ENOTDIR);
	CHECK_EQ(sys_unlink(c, "/nope/"), -ENOENT);
	CHECK_EQ(sys_unlink(c, "/"), -EISDIR);
	CHECK_EQ(sys_unlink(c, "/d/."), -EISDIR);
	CHECK_EQ(sys_unlink(c, "/nope"), -ENOENT);
	int d = (int)sys_open(c, "/d", O_RDONLY | O_DIRECTORY, 0);
	CHECK_EQ(sys_unlinkat(c, d, "f", 0x1), -EINVAL);
	CHECK_EQ(sys_unlinkat(c, d, "f", AT_REMOVEDIR), -ENOTDIR);
	CHECK_EQ(sys_unlinkat(c, d, "f", 0), 0);
	CHECK_EQ(sys_mkdirat(c, d, "sub", 0700), 0);
	CHECK_EQ(stat_of("/d/sub").st_mode, S_IFDIR | 0700);
	CHECK_EQ(sys_unlinkat(c, d, "sub", 0), -EISDIR);
	CHECK_EQ(sys_unlinkat(c, d, "sub", AT_REMOVEDIR), 0);
	int g = (int)sys_open(c, "/g", O_RDONLY, 0);
	CHECK_EQ(sys_mkdirat(c, g, "x", 0700), -ENOTDIR);
	CHECK_EQ(sys_unlinkat(c, 77, "x", 0), -EBADF);
	CHECK_EQ(sys_unlinkat(c, AT_FDCWD, "g", 0), 0);
	teardown();
}

struct dirent_seen {
	char name[64];
	uint64_t ino;
	int64_t off;
	unsigned type;
};

/* Parses getdents64 records; checks each record's shape. */
static int parse_dirents(const char *buf, long n, struct dirent_seen *out,
			 int max)
{
	int count = 0;
	for (long pos = 0; pos < n && count < max; count++) {
		const char *r = buf + pos;
		uint16_t reclen;
		memcpy(&out[count].ino, r, 8);
		memcpy(&out[count].off, r + 8, 8);
		memcpy(&reclen, r + 16, 2);
		out[count].type = (unsigned char)r[18];
		CHECK_EQ(reclen % 8, 0);
		CHECK_EQ(reclen, (19 + strlen(r + 19) + 1 + 7) / 8 * 8);
		snprintf(out[count].name, sizeof(out[count].name), "%s",
			 r + 19);
		pos += reclen;
	}
	return count;
}

static void getdents64_records_and_order(void)
{
	setup();
	char buf[512];
	struct dirent_seen e[16];
	CHECK_EQ(sys_mkdir(c, "/d", 0755), 0);
	CHECK_EQ(sys_mkdir(c, "/d/sub", 0755), 0);
	sys_close(c, creat_with("/d/file", NULL));
	struct inode *d;
	CHECK_EQ(vfs_lookup(vfs_root(), "/d", LOOKUP_FOLLOW, &d), 0);
	CHECK_EQ(vfs_symlink(d, "link", "file", 4, NULL), 0);
	inode_put(d);
	int fd = (int)sys_open(c, "/d", O_RDONLY | O_DIRECTORY, 0);
	long n = sys_getdents64(c, fd, buf, sizeof(buf));
	CHECK_EQ(n, 24 + 24 + 24 + 24 + 24);
	CHECK_EQ(parse_dirents(buf, n, e, 16), 5);
	CHECK(strcmp(e[0].name, ".") == 0 && e[0].type == DT_DIR);
	CHECK_EQ(e[0].ino, stat_of("/d").st_ino);
	CHECK(strcmp(e[1].name, "..") == 0 && e[1].type == DT_DIR);
	CHECK_EQ(e[1].ino, stat_of("/").st_ino);
	CHECK(strcmp(e[2].name, "sub") == 0 && e[2].type == DT_DIR);
	CHECK(strcmp(e[3].name, "file") == 0 && e[3].type == DT_REG);
	CHECK_EQ(e[3].ino, stat_of("/d/file").st_ino);
	CHECK(strcmp(e[4].name, "link") == 0 && e[4].type == DT_LNK);
	CHECK_EQ(sys_getdents64(c, fd, buf, sizeof(buf)), 0); /* the end */
	/* d_off of an entry seeks to the one after it. */
	CHECK_EQ(sys_lseek(c, fd, e[2].off, SEEK_SET), e[2].off);
	n = sys_getdents64(c, fd, buf, sizeof(buf));
	CHECK_EQ(parse_dirents(buf, n, e, 16), 2);
	CHECK(strcmp(e[0].name, "file") == 0);
	/* rewinddir */
	CHECK_EQ(sys_lseek(c, fd, 0, SEEK_SET), 0);
	CHECK_EQ(sys_getdents64(c, fd, buf, sizeof(buf)), 120);
	CHECK_EQ(sys_lseek(c, fd, 0, SEEK_END), -EINVAL);
	teardown();
}

static void getdents64_small_buffers_and_errors(void)
{
	setup();
	char buf[64];
	struct dirent_seen e[4];
	char names[8][4] = {"a", "b", "c", "d", "e", "f", "g", "h"};
	for (int i = 0; i < 8; i++)
		CHECK_EQ(sys_mkdir(c, names[i], 0755), 0);
	int fd = (int)sys_open(c, "/", O_RDONLY, 0);
	CHECK_EQ(sys_getdents64(c, fd, buf, 23), -EINVAL); /* < 1 record */
	/* 24 bytes a record: two per call, none lost or repeated, even
	 * when entries are removed between calls (as rm -r does). */
	int seen = 0;
	long n;
	while ((n = sys_getdents64(c, fd, buf, 48)) > 0) {
		int k = parse_dirents(buf, n, e, 4);
		CHECK_EQ(k, 2);
		for (int i = 0; i < k; i++) {
			if (e[i].name[0] != '.')
				CHECK_EQ(sys_rmdir(c, e[i].name), 0);
			seen++;
		}
	}
	CHECK_EQ(n, 0);
	CHECK_EQ(seen, 10);
	sys_close(c, creat_with("/f", NULL));
	int f = (int)sys_open(c, "/f", O_RDONLY, 0);
	CHECK_EQ(sys_getdents64(c, f, buf, sizeof(buf)), -ENOTDIR);
	CHECK_EQ(sys_getdents64(c, 99, buf, sizeof(buf)), -EBADF);
	CHECK_EQ(sys_lseek(c, fd, 0, SEEK_SET), 0);
	CHECK_EQ(sys_getdents64(c, fd, BAD, sizeof(buf)), -EFAULT);
	teardown();
}

static void getcwd_chdir_fchdir(void)
{
	setup();
	char buf[64];
	CHECK_EQ(sys_getcwd(c, buf, sizeof(buf)), 2);
	CHECK(strcmp(buf, "/") == 0);
	CHECK_EQ(sys_mkdir(c, "/a", 0755), 0);
	CHECK_EQ(sys_mkdir(c, "/a/b", 0755), 0);
	CHECK_EQ(sys_chdir(c, "a/b"), 0);
	CHECK_EQ(sys_getcwd(c, buf, sizeof(buf)), 5);
	CHECK(strcmp(buf, "/a/b") == 0);
	CHECK_EQ(sys_getcwd(c, buf, 4), -ERANGE);
	CHECK_EQ(sys_getcwd(c, buf, 0), -ERANGE);
	CHECK_EQ(sys_getcwd(c, BAD, 64), -EFAULT);
	sys_close(c, creat_with("f", "x")); /* relative: /a/b/f */
	CHECK_EQ(stat_of("/a/b/f").st_size, 1);
	CHECK_EQ(sys_chdir(c, "f"), -ENOTDIR);
	CHECK_EQ(sys_chdir(c, "nope"), -ENOENT);
	CHECK_EQ(sys_chdir(c, ".."), 0);
	CHECK_EQ(sys_getcwd(c, buf, sizeof(buf)), 3);
	int fd = (int)sys_open(c, "/a/b", O_RDONLY, 0);
	CHECK_EQ(sys_fchdir(c, fd), 0);
	CHECK_EQ(sys_getcwd(c, buf, sizeof(buf)), 5);
	int f = (int)sys_open(c, "f", O_RDONLY, 0);
	CHECK_EQ(sys_fchdir(c, f), -ENOTDIR);
	CHECK_EQ(sys_fchdir(c, 99), -EBADF);
	/* Remove the cwd: getcwd is ENOENT, creating in it too. */
	CHECK_EQ(sys_unlink(c, "/a/b/f"), 0);
	CHECK_EQ(sys_rmdir(c, "/a/b"), 0);
	CHECK_EQ(sys_getcwd(c, buf, sizeof(buf)), -ENOENT);
	CHECK_EQ(sys_open(c, "g", O_CREAT | O_RDWR, 0644), -ENOENT);
	CHECK_EQ(sys_getdents64(c, fd, buf, sizeof(buf)), -ENOENT);
	CHECK_EQ(sys_chdir(c, "/"), 0);
	teardown();
}

static void access_as_root(void)
{
	setup();
	sys_close(c, creat_with("/f", NULL));
	CHECK_EQ(sys_chmod(c, "/f", 0), 0);
	CHECK_EQ(sys_access(c, "/f", F_OK), 0);
	CHECK_EQ(sys_access(c, "/f", R_OK | W_OK), 0); /* root */
	CHECK_EQ(sys_access(c, "/f", X_OK), -EACCES);
	CHECK_EQ(sys_chmod(c, "/f", 0010), 0); /* any x bit will do */
	CHECK_EQ(sys_access(c, "/f", X_OK), 0);
	CHECK_EQ(sys_access(c, "/", X_OK), 0);
	CHECK_EQ(sys_access(c, "/f", 8), -EINVAL);
	CHECK_EQ(sys_access(c, "/nope", F_OK), -ENOENT);
	CHECK_EQ(sys_access(c, "/f/", F_OK), -ENOTDIR);
	int d = (int)sys_open(c, "/", O_RDONLY, 0);
	CHECK_EQ(sys_faccessat(c, d, "f", R_OK), 0);
	CHECK_EQ(stat_of("/f").st_mode, S_IFREG | 0010);
	int fd = (int)sys_open(c, "/f", O_RDONLY, 0);
	CHECK_EQ(sys_fchmod(c, fd, 04755), 0);
	CHECK_EQ(stat_of("/f").st_mode, S_IFREG | 04755);
	CHECK_EQ(sys_fchmod(c, 99, 0), -EBADF);
	CHECK_EQ(sys_chmod(c, "/nope", 0), -ENOENT);
	teardown();
}

static void readlink_rules(void)
{
	setup();
	char buf[16];
	sys_close(c, creat_with("/f", NULL));
	CHECK_EQ(vfs_symlink(vfs_root(), "l", "/some/target", 12, NULL), 0);
	memset(buf, 'x', sizeof(buf));
	CHECK_EQ(sys_readlink(c, "/l", buf, sizeof(buf)), 12);
	CHECK(memcmp(buf, "/some/target", 12) == 0 && buf[12] == 'x');
	CHECK_EQ(sys_readlink(c, "/l", buf, 5), 5); /* silently cut */
	CHECK_EQ(sys_readlink(c, "/f", buf, sizeof(buf)), -EINVAL);
	CHECK_EQ(sys_readlink(c, "/l", buf, 0), -EINVAL);
	CHECK_EQ(sys_readlink(c, "/nope", buf, sizeof(buf)), -ENOENT);
	CHECK_EQ(sys_readlink(c, "/l", BAD, sizeof(buf)), -EFAULT);
	teardown();
}

static void fsync_and_ioctl(void)
{
	setup();
	int fds[2];
	int fd = creat_with("/f", NULL);
	CHECK_EQ(sys_fsync(c, fd), 0);
	CHECK_EQ(sys_fdatasync(c, fd), 0);
	CHECK_EQ(sys_fsync(c, 99), -EBADF);
	CHECK_EQ(sys_pipe(c, fds), 0);
	CHECK_EQ(sys_fsync(c, fds[0]), -EINVAL);
	CHECK_EQ(sys_ioctl(c, fd, 0x5401, 0), -ENOTTY);
	CHECK_EQ(sys_ioctl(c, 99, 0x5401, 0), -EBADF);
	teardown();
}

/* --- descriptors */

static void fds_are_lowest_free(void)
{
	setup();
	CHECK_EQ(creat_with("/a", NULL), 0);
	CHECK_EQ(creat_with("/b", NULL), 1);
	CHECK_EQ(creat_with("/c", NULL), 2);
	CHECK_EQ(sys_close(c, 1), 0);
	CHECK_EQ(sys_open(c, "/c", O_RDONLY, 0), 1);
	CHECK_EQ(sys_open(c, "/c", O_RDONLY, 0), 3);
	CHECK_EQ(sys_close(c, 0), 0);
	CHECK_EQ(sys_dup(c, 3), 0);
	teardown();
}

static void full_table_is_emfile_and_creates_nothing(void)
{
	setup();
	int fds[2];
	for (int i = 0; i < FDTABLE_SIZE; i++)
		CHECK_EQ(sys_open(c, "/", O_RDONLY, 0), i);
	CHECK_EQ(sys_open(c, "/new", O_CREAT | O_RDWR, 0644), -EMFILE);
	CHECK_EQ(sys_dup(c, 0), -EMFILE);
	CHECK_EQ(sys_fcntl(c, 0, F_DUPFD, 0), -EMFILE);
	CHECK_EQ(sys_pipe(c, fds), -EMFILE);
	CHECK_EQ(sys_close(c, 7), 0);
	CHECK_EQ(sys_pipe(c, fds), -EMFILE); /* needs two */
	CHECK_EQ(sys_access(c, "/new", F_OK), -ENOENT);
	CHECK_EQ(sys_open(c, "/new", O_CREAT | O_RDWR, 0644), 7);
	teardown();
}

static void dup_shares_offset_and_flags(void)
{
	setup();
	char buf[4] = {0};
	int fd = creat_with("/f", "abcdef");
	int fd2 = (int)sys_dup(c, fd);
	CHECK_EQ(fd2, fd + 1);
	CHECK_EQ(sys_lseek(c, fd, 1, SEEK_SET), 1);
	CHECK_EQ(sys_read(c, fd2, buf, 2), 2);
	CHECK(memcmp(buf, "bc", 2) == 0);
	CHECK_EQ(sys_lseek(c, fd, 0, SEEK_CUR), 3);
	CHECK_EQ(sys_fcntl(c, fd, F_SETFL, O_APPEND), 0);
	CHECK(sys_fcntl(c, fd2, F_GETFL, 0) & O_APPEND);
	/* A separate open has its own offset. */
	int other = (int)sys_open(c, "/f", O_RDONLY, 0);
	CHECK_EQ(sys_lseek(c, other, 0, SEEK_CUR), 0);
	CHECK_EQ(sys_dup(c, 99), -EBADF);
	teardown();
}

static void dup2_and_dup3(void)
{
	setup();
	char buf[4] = {0};
	int a = creat_with("/a", "A");
	int b = creat_with("/b", "B");
	CHECK_EQ(sys_dup2(c, a, a), a);
	CHECK_EQ(sys_dup2(c, 50, 50), -EBADF);
	CHECK_EQ(sys_dup2(c, 50, 3), -EBADF);
	CHECK_EQ(sys_dup2(c, a, -1), -EBADF);
	CHECK_EQ(sys_dup2(c, a, FDTABLE_SIZE), -EBADF);
	CHECK_EQ(sys_dup2(c, a, b), b); /* b now names /a */
	CHECK_EQ(sys_pread64(c, b, buf, 1, 0), 1);
	CHECK_EQ(buf[0], 'A');
	CHECK_EQ(sys_dup2(c, a, 100), 100);
	CHECK_EQ(sys_fcntl(c, 100, F_GETFD, 0), 0);
	CHECK_EQ(sys_dup3(c, a, a, 0), -EINVAL);
	CHECK_EQ(sys_dup3(c, a, 5, O_NONBLOCK), -EINVAL);
	CHECK_EQ(sys_dup3(c, 77, 5, 0), -EBADF);
	CHECK_EQ(sys_dup3(c, a, 5, O_CLOEXEC), 5);
	CHECK_EQ(sys_fcntl(c, 5, F_GETFD, 0), FD_CLOEXEC);
	/* dup2 onto a cloexec fd clears the bit. */
	CHECK_EQ(sys_dup2(c, b, 5), 5);
	CHECK_EQ(sys_fcntl(c, 5, F_GETFD, 0), 0);
	teardown();
}

static void fcntl_commands(void)
{
	setup();
	int fd = (int)sys_open(c, "/f", O_CREAT | O_RDWR | O_APPEND, 0644);
	CHECK_EQ(sys_fcntl(c, fd, F_GETFL, 0), O_RDWR | O_APPEND | O_LARGEFILE);
	CHECK_EQ(sys_fcntl(c, fd, F_SETFL, O_NONBLOCK | O_RDONLY | O_TRUNC), 0);
	/* Only the status flags change. */
	CHECK_EQ(sys_fcntl(c, fd, F_GETFL, 0),
		 O_RDWR | O_NONBLOCK | O_LARGEFILE);
	CHECK_EQ(sys_fcntl(c, fd, F_DUPFD, 10), 10);
	CHECK_EQ(sys_fcntl(c, fd, F_DUPFD, 10), 11);
	CHECK_EQ(sys_fcntl(c, 10, F_GETFD, 0), 0);
	CHECK_EQ(sys_fcntl(c, fd, F_DUPFD_CLOEXEC, 0), 1);
	CHECK_EQ(sys_fcntl(c, 1, F_GETFD, 0), FD_CLOEXEC);
	CHECK_EQ(sys_fcntl(c, fd, F_DUPFD, FDTABLE_SIZE), -EINVAL);
	CHECK_EQ(sys_fcntl(c, fd, F_DUPFD, -1), -EINVAL);
	CHECK_EQ(sys_fcntl(c, fd, F_SETFD, FD_CLOEXEC), 0);
	CHECK_EQ(sys_fcntl(c, fd, F_GETFD, 0), FD_CLOEXEC);
	CHECK_EQ(sys_fcntl(c, fd, F_SETFD, 0), 0);
	CHECK_EQ(sys_fcntl(c, fd, F_GETFD, 0), 0);
	CHECK_EQ(sys_fcntl(c, fd, 12345, 0), -EINVAL);
	CHECK_EQ(sys_fcntl(c, 99, F_GETFD, 0), -EBADF);
	teardown();
}

static void cloexec_closes_on_exec_only_marked_fds(void)
{
	setup();
	int keep = (int)sys_open(c, "/", O_RDONLY, 0);
	int gone = (int)sys_open(c, "/", O_RDONLY | O_CLOEXEC, 0);
	int set = (int)sys_dup(c, keep);
	CHECK_EQ(sys_fcntl(c, gone, F_GETFD, 0), FD_CLOEXEC);
	CHECK_EQ(sys_fcntl(c, set, F_SETFD, FD_CLOEXEC), 0);
	fdtable_close_on_exec(c->fdt);
	CHECK(fd_get(c->fdt, keep) != NULL);
	CHECK(fd_get(c->fdt, gone) == NULL);
	CHECK(fd_get(c->fdt, set) == NULL);
	/* A reused fd starts without the bit. */
	CHECK_EQ(sys_open(c, "/", O_RDONLY, 0), gone);
	CHECK_EQ(sys_fcntl(c, gone, F_GETFD, 0), 0);
	teardown();
}

static void fork_copy_shares_files_not_fds(void)
{
	setup();
	char buf[2] = {0};
	int fd = creat_with("/f", "xyz");
	sys_fcntl(c, fd, F_SETFD, FD_CLOEXEC);
	CHECK_EQ(sys_lseek(c, fd, 0, SEEK_SET), 0);
	struct fdtable *child = fdtable_copy(c->fdt);
	CHECK(fd_get(child, fd) == fd_get(c->fdt, fd));
	CHECK(fd_is_cloexec(child, fd));
	struct fs_context cc = {child, c->cwd, 022};
	CHECK_EQ(sys_read(&cc, fd, buf, 1), 1); /* moves the shared offset */
	CHECK_EQ(sys_lseek(c, fd, 0, SEEK_CUR), 1);
	CHECK_EQ(sys_close(&cc, fd), 0);
	CHECK_EQ(sys_read(c, fd, buf, 1), 1); /* still open here */
	CHECK_EQ(buf[0], 'y');
	fdtable_put(child);
	teardown();
}

/* --- pipes */

static void pipe_moves_bytes_in_order(void)
{
	setup();
	int fds[2];
	char buf[16] = {0};
	CHECK_EQ(sys_pipe(c, fds), 0);
	CHECK_EQ(fds[0], 0);
	CHECK_EQ(fds[1], 1);
	CHECK_EQ(sys_write(c, fds[1], "hello", 5), 5);
	CHECK_EQ(sys_write(c, fds[1], " pipe", 5), 5);
	CHECK_EQ(sys_read(c, fds[0], buf, 3), 3);
	CHECK(memcmp(buf, "hel", 3) == 0);
	CHECK_EQ(sys_read(c, fds[0], buf, sizeof(buf)), 7);
	CHECK(memcmp(buf, "lo pipe", 7) == 0);
	CHECK_EQ(sys_write(c, fds[0], "x", 1), -EBADF);
	CHECK_EQ(sys_read(c, fds[1], buf, 1), -EBADF);
	CHECK_EQ(sys_lseek(c, fds[0], 0, SEEK_SET), -ESPIPE);
	CHECK_EQ(sys_pread64(c, fds[0], buf, 1, 0), -ESPIPE);
	CHECK_EQ(sys_pread64(c, fds[1], buf, 1, 0), -ESPIPE); /* before EBADF */
	CHECK_EQ(sys_pread64(c, 99, buf, 1, -1), -EINVAL);    /* before EBADF */
	CHECK_EQ(sys_pwrite64(c, fds[1], buf, 1, 0), -ESPIPE);
	CHECK_EQ(sys_fcntl(c, fds[0], F_GETFL, 0), O_RDONLY);
	CHECK_EQ(sys_fcntl(c, fds[1], F_GETFL, 0), O_WRONLY);
	struct stat st;
	CHECK_EQ(sys_fstat(c, fds[0], &st), 0);
	CHECK_EQ(st.st_mode & S_IFMT, S_IFIFO);
	teardown();
}

static void pipe_nonblocking_empty_and_full(void)
{
	setup();
	int fds[2];
	static char big[PIPE_SIZE + 100], out[PIPE_SIZE + 100];
	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (char)i;
	CHECK_EQ(sys_pipe2(c, fds, O_NONBLOCK | O_CLOEXEC), 0);
	CHECK_EQ(sys_fcntl(c, fds[0], F_GETFL, 0), O_RDONLY | O_NONBLOCK);
	CHECK_EQ(sys_fcntl(c, fds[1], F_GETFD, 0), FD_CLOEXEC);
	CHECK_EQ(sys_read(c, fds[0], out, 1), -EAGAIN);
	/* More than PIPE_BUF: as much as fits, then EAGAIN. */
	CHECK_EQ(sys_write(c, fds[1], big, sizeof(big)), PIPE_SIZE);
	CHECK_EQ(sys_write(c, fds[1], big, 1), -EAGAIN);
	CHECK_EQ(sys_read(c, fds[0], out, 10), 10);
	/* Atomic (<= PIPE_BUF) writes go whole or not at all. */
	CHECK_EQ(sys_write(c, fds[1], big, 11), -EAGAIN);
	CHECK_EQ(sys_write(c, fds[1], big, 10), 10);
	/* The ring wrapped; the bytes still come out in order. */
	CHECK_EQ(sys_read(c, fds[0], out, sizeof(out)), PIPE_SIZE);
	CHECK(memcmp(out, big + 10, PIPE_SIZE - 10) == 0);
	CHECK(memcmp(out + PIPE_SIZE - 10, big, 10) == 0);
	CHECK_EQ(shim_fs_waits, 0); /* nothing ever slept */
	teardown();
}

static void pipe_eof_and_epipe(void)
{
	setup();
	int fds[2];
	char buf[4];
	CHECK_EQ(sys_pipe(c, fds), 0);
	CHECK_EQ(sys_write(c, fds[1], "ab", 2), 2);
	CHECK_EQ(sys_close(c, fds[1]), 0);
	CHECK_EQ(sys_read(c, fds[0], buf, 4), 2); /* what is left */
	CHECK_EQ(sys_read(c, fds[0], buf, 4), 0); /* then end of file */
	CHECK_EQ(sys_close(c, fds[0]), 0);
	CHECK_EQ(sys_pipe(c, fds), 0);
	CHECK_EQ(sys_close(c, fds[0]), 0);
	CHECK_EQ(sys_write(c, fds[1], "ab", 2), -EPIPE);
	CHECK_EQ(sys_write(c, fds[1], "ab", 0), 0);
	teardown();
}

static void pipe_readv_takes_what_is_there(void)
{
	setup();
	int fds[2];
	char a[3] = {0}, b[8] = {0};
	struct iovec in[2] = {{a, 3}, {b, 8}};
	struct iovec out[2] = {{"abc", 3}, {"de", 2}};
	CHECK_EQ(sys_pipe(c, fds), 0);
	CHECK_EQ(sys_writev(c, fds[1], out, 2), 5);
	CHECK_EQ(sys_readv(c, fds[0], in, 2), 5); /* no wait for b to fill */
	CHECK(memcmp(a, "abc", 3) == 0 && memcmp(b, "de", 2) == 0);
	teardown();
}

static void pipe_errors(void)
{
	setup();
	int fds[2];
	CHECK_EQ(sys_pipe2(c, fds, O_APPEND), -EINVAL);
	CHECK_EQ(sys_pipe(c, BAD), -EFAULT);
	CHECK(fd_get(c->fdt, 0) == NULL); /* nothing left behind */
	CHECK_EQ(sys_pipe(c, fds), 0);
	char buf[4];
	CHECK_EQ(sys_write(c, fds[1], "abcd", 4), 4);
	CHECK_EQ(sys_read(c, fds[0], BAD, 4), -EFAULT);
	CHECK_EQ(sys_write(c, fds[1], BAD, 4), -EFAULT);
	CHECK_EQ(sys_read(c, fds[0], buf, 4), 4); /* nothing was lost */
	teardown();
}

static void umask_returns_the_old_mask(void)
{
	setup();
	CHECK_EQ(sys_umask(c, 077), 022);
	CHECK_EQ(sys_umask(c, 01777), 077);
	CHECK_EQ(c->umask, 0777);
	CHECK_EQ(sys_umask(c, 0), 0777);
	sys_close(c, creat_with("/f", NULL));
	CHECK_EQ(stat_of("/f").st_mode, S_IFREG | 0666);
	teardown();
}

/* --- special files */

static ssize_t count_write(struct file *f, const void *ubuf, size_t n,
			   uint64_t *pos)
{
	(void)ubuf, (void)pos;
	f->inode->rdev += n; /* a place to count */
	return (ssize_t)n;
}

static const struct file_ops sink_ops = {.write = count_write};

static void special_file_uses_its_ops(void)
{
	setup();
	char buf[4];
	CHECK_EQ(vfs_mknod_ops("/dev/sink", S_IFCHR | 0666, 0, &sink_ops, NULL),
		 0);
	int fd = (int)sys_open(c, "/dev/sink", O_RDWR, 0);
	CHECK(fd >= 0);
	CHECK_EQ(sys_write(c, fd, "1234567", 7), 7);
	CHECK_EQ(stat_of("/dev/sink").st_rdev, 7);
	CHECK_EQ(sys_read(c, fd, buf, 1), -EINVAL); /* no read op */
	CHECK_EQ(sys_lseek(c, fd, 0, SEEK_SET), -ESPIPE);
	CHECK_EQ(sys_fsync(c, fd), -EINVAL);
	CHECK_EQ(sys_truncate(c, "/dev/sink", 0), -EINVAL);
	teardown();
}

int main(void)
{
	static const struct tap_case cases[] = {
	    TAP_CASE(open_create_write_seek_read),
	    TAP_CASE(lseek_rules),
	    TAP_CASE(open_flag_errors),
	    TAP_CASE(open_path_too_long_is_enametoolong),
	    TAP_CASE(open_trunc_and_append),
	    TAP_CASE(read_write_need_the_right_mode),
	    TAP_CASE(pread_pwrite_leave_the_offset),
	    TAP_CASE(readv_writev_gather_and_scatter),
	    TAP_CASE(copies_stop_at_a_hole_and_kernel_addresses_fault),
	    TAP_CASE(unlink_while_open_keeps_data_until_close),
	    TAP_CASE(truncate_frees_frames_and_grows_with_zeros),
	    TAP_CASE(sparse_file_costs_only_written_pages),
	    TAP_CASE(stat_layout_is_linux_x86_64),
	    TAP_CASE(stat_fields),
	    TAP_CASE(lstat_and_fstatat_flags),
	    TAP_CASE(mkdir_rmdir_errors),
	    TAP_CASE(unlink_and_unlinkat),
	    TAP_CASE(getdents64_records_and_order),
	    TAP_CASE(getdents64_small_buffers_and_errors),
	    TAP_CASE(getcwd_chdir_fchdir),
	    TAP_CASE(access_as_root),
	    TAP_CASE(readlink_rules),
	    TAP_CASE(fsync_and_ioctl),
	    TAP_CASE(fds_are_lowest_free),
	    TAP_CASE(full_table_is_emfile_and_creates_nothing),
	    TAP_CASE(dup_shares_offset_and_flags),
	    TAP_CASE(dup2_and_dup3),
	    TAP_CASE(fcntl_commands),
	    TAP_CASE(cloexec_closes_on_exec_only_marked_fds),
	    TAP_CASE(fork_copy_shares_files_not_fds),
	    TAP_CASE(pipe_moves_bytes_in_order),
	    TAP_CASE(pipe_nonblocking_empty_and_full),
	    TAP_CASE(pipe_eof_and_epipe),
	    TAP_CASE(pipe_readv_takes_what_is_there),
	    TAP_CASE(pipe_errors),
	    TAP_CASE(umask_returns_the_old_mask),
	    TAP_CASE(special_file_uses_its_ops),
	};
	return tap_run(cases, ARRAY_SIZE(cases));
}
