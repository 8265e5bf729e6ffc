/*
 * t_files.c - files and directories in /tmp, as Linux does them.
 *
 * open/close/read/write/lseek/pread/pwrite/ftruncate/fstat/stat/unlink/
 * mkdir/rmdir: the error codes, file offsets, holes reading as zeros,
 * O_APPEND/O_TRUNC/O_EXCL, and an unlinked file living on while open.
 * Every case works on its own names under /tmp and removes them.
 */
#define _GNU_SOURCE /* SEEK_DATA, SEEK_HOLE */
#include "utest.h"
#include "uproc.h"
#include "filemap.h" /* on_tide() */

#include <fcntl.h>
#include <stdint.h>
#include <sys/stat.h>

static char path[128], path2[160];

/* /tmp/t_files.<pid>.<tag>; the result is in path. */
static const char *name(const char *tag)
{
	snprintf(path, sizeof(path), "/tmp/t_files.%d.%s", (int)getpid(), tag);
	return path;
}

/* Creates (truncates) a file holding text; returns an O_RDWR fd. */
static int create(const char *p, const char *text)
{
	int fd = open(p, O_RDWR | O_CREAT | O_TRUNC, 0600);
	size_t len = strlen(text);

	REQUIRE(fd >= 0);
	REQUIRE_EQ(write(fd, text, len), (ssize_t)len);
	return fd;
}

static long size_of(int fd)
{
	struct stat st;

	return fstat(fd, &st) == 0 ? (long)st.st_size : -1;
}

static void open_creat_excl_twice_is_eexist(void)
{
	const char *p = name("excl");
	int fd;

	unlink(p);
	fd = open(p, O_WRONLY | O_CREAT | O_EXCL, 0600);
	EXPECT_GE(fd, 0);
	EXPECT_ERRNO(open(p, O_WRONLY | O_CREAT | O_EXCL, 0600), EEXIST);
	EXPECT_ERRNO(open("/tmp", O_RDONLY | O_CREAT | O_EXCL, 0600), EEXIST);
	/* Without O_EXCL, O_CREAT opens the existing file. */
	EXPECT_GE(open(p, O_WRONLY | O_CREAT, 0600), 0);
	close(fd);
	EXPECT_OK(unlink(p));
}

static void open_missing_is_enoent(void)
{
	EXPECT_ERRNO(open("/tmp/t_files.no.such.file", O_RDONLY), ENOENT);
	EXPECT_ERRNO(open("/tmp/t_files.no.such.dir/f", O_RDWR | O_CREAT, 0600),
		     ENOENT);
	EXPECT_ERRNO(open("", O_RDONLY), ENOENT);
	EXPECT_ERRNO(unlink("/tmp/t_files.no.such.file"), ENOENT);
}

static void wrong_access_mode_is_ebadf(void)
{
	const char *p = name("mode");
	int fd = create(p, "data"), ro, wo;
	char c;

	close(fd);
	ro = open(p, O_RDONLY);
	wo = open(p, O_WRONLY);
	REQUIRE(ro >= 0 && wo >= 0);
	EXPECT_ERRNO(write(ro, "x", 1), EBADF);
	EXPECT_ERRNO(read(wo, &c, 1), EBADF);
	EXPECT_EQ(read(ro, &c, 1), 1);
	EXPECT_EQ(write(wo, "D", 1), 1);
	EXPECT_OK(close(ro));
	EXPECT_ERRNO(close(ro), EBADF);
	EXPECT_ERRNO(read(ro, &c, 1), EBADF);
	EXPECT_ERRNO(write(-1, "x", 1), EBADF);
	EXPECT_ERRNO(read(9999, &c, 1), EBADF);
	close(wo);
	EXPECT_OK(unlink(p));
}

static void directory_read_is_eisdir(void)
{
	char buf[16];
	int fd = open("/tmp", O_RDONLY);

	REQUIRE(fd >= 0);
	EXPECT_ERRNO(read(fd, buf, sizeof(buf)), EISDIR);
	close(fd);
	EXPECT_ERRNO(open("/tmp", O_WRONLY), EISDIR);
	EXPECT_ERRNO(open("/tmp", O_RDWR), EISDIR);
	fd = open("/tmp", O_RDONLY | O_DIRECTORY);
	EXPECT_GE(fd, 0);
	close(fd);
}

/*  offsets:  0123456789   (file "0123456789") */
static void lseek_set_cur_end(void)
{
	const char *p = name("lseek");
	int fd = create(p, "0123456789");
	char b[4] = "";

	EXPECT_EQ(lseek(fd, 0, SEEK_CUR), 10);
	EXPECT_EQ(lseek(fd, 3, SEEK_SET), 3);
	EXPECT_EQ(read(fd, b, 2), 2);
	EXPECT(memcmp(b, "34", 2) == 0);
	EXPECT_EQ(lseek(fd, -1, SEEK_CUR), 4);
	EXPECT_EQ(lseek(fd, -2, SEEK_END), 8);
	EXPECT_EQ(read(fd, b, 4), 2);
	EXPECT(memcmp(b, "89", 2) == 0);
	EXPECT_EQ(read(fd, b, 4), 0); /* end of file */
	EXPECT_EQ(lseek(fd, 0, SEEK_END), 10);
	EXPECT_ERRNO(lseek(fd, -1, SEEK_SET), EINVAL);
	EXPECT_ERRNO(lseek(fd, -100, SEEK_CUR), EINVAL);
	EXPECT_ERRNO(lseek(fd, 0, 7), EINVAL);
	EXPECT_EQ(lseek(fd, 0, SEEK_CUR), 10);
	close(fd);
	EXPECT_OK(unlink(p));
}

static void lseek_on_pipe_is_espipe(void)
{
	int fd[2];

	REQUIRE_OK(pipe(fd));
	EXPECT_ERRNO(lseek(fd[0], 0, SEEK_SET), ESPIPE);
	EXPECT_ERRNO(lseek(fd[1], 0, SEEK_CUR), ESPIPE);
}

/*  "abc" .......(zeros)....... "x"   at offsets 0..2 and 100 */
static void write_past_end_leaves_zeros(void)
{
	const char *p = name("hole");
	int fd = create(p, "abc");
	char b[128];
	size_t bad = 0;

	EXPECT_EQ(lseek(fd, 100, SEEK_SET), 100);
	EXPECT_EQ(size_of(fd), 3); /* seeking alone does not grow */
	EXPECT_EQ(write(fd, "x", 1), 1);
	EXPECT_EQ(size_of(fd), 101);
	EXPECT_EQ(lseek(fd, 0, SEEK_SET), 0);
	EXPECT_EQ(read(fd, b, sizeof(b)), 101);
	for (int i = 3; i < 100; i++)
		bad += b[i] != 0;
	EXPECT_EQ(bad, 0);
	EXPECT(memcmp(b, "abc", 3) == 0 && b[100] == 'x');
	close(fd);
	EXPECT_OK(unlink(p));
}

static void pread_pwrite_keep_the_offset(void)
{
	const char *p = name("pread");
	int fd = create(p, "0123456789");
	char b[8] = "";

	EXPECT_EQ(lseek(fd, 2, SEEK_SET), 2);
	EXPECT_EQ(pread(fd, b, 3, 5), 3);
	EXPECT(memcmp(b, "567", 3) == 0);
	EXPECT_EQ(pwrite(fd, "AB", 2, 8), 2);
	EXPECT_EQ(lseek(fd, 0, SEEK_CUR), 2);
	EXPECT_EQ(pread(fd, b, 8, 6), 4);
	EXPECT(memcmp(b, "67AB", 4) == 0);
	EXPECT_EQ(pread(fd, b, 8, 10), 0);
	EXPECT_ERRNO(pread(fd, b, 1, -1), EINVAL);
	close(fd);
	EXPECT_OK(unlink(p));
}

static void ftruncate_grows_with_zeros_and_shrinks(void)
{
	const char *p = name("trunc");
	int fd = create(p, "hello"), ro;
	char b[16];

	EXPECT_OK(ftruncate(fd, 12));
	EXPECT_EQ(size_of(fd), 12);
	EXPECT_EQ(pread(fd, b, sizeof(b), 0), 12);
	EXPECT(memcmp(b, "hello\0\0\0\0\0\0\0", 12) == 0);
	EXPECT_OK(ftruncate(fd, 2));
	EXPECT_EQ(size_of(fd), 2);
	EXPECT_EQ(pread(fd, b, sizeof(b), 0), 2);
	/* The offset is not moved: writing at 5 leaves a hole at 2..4. */
	EXPECT_EQ(lseek(fd, 0, SEEK_CUR), 5);
	EXPECT_EQ(write(fd, "!", 1), 1);
	EXPECT_EQ(pread(fd, b, sizeof(b), 0), 6);
	EXPECT(memcmp(b, "he\0\0\0!", 6) == 0);
	EXPECT_ERRNO(ftruncate(fd, -1), EINVAL);
	ro = open(p, O_RDONLY);
	REQUIRE(ro >= 0);
	EXPECT_ERRNO(ftruncate(ro, 0), EINVAL); /* not open for writing */
	close(ro);
	close(fd);
	EXPECT_OK(unlink(p));
}

static void unlinked_open_file_keeps_its_data(void)
{
	const char *p = name("unlink");
	int fd = create(p, "survivor");
	struct stat st;
	char b[16] = "";

	EXPECT_OK(unlink(p));
	EXPECT_ERRNO(stat(p, &st), ENOENT);
	EXPECT_ERRNO(open(p, O_RDONLY), ENOENT);
	REQUIRE_OK(fstat(fd, &st));
	EXPECT_EQ(st.st_nlink, 0);
	EXPECT_EQ(st.st_size, 8);
	EXPECT_EQ(pread(fd, b, sizeof(b), 0), 8);
	EXPECT(memcmp(b, "survivor", 8) == 0);
	EXPECT_EQ(write(fd, "+", 1), 1);
	EXPECT_EQ(size_of(fd), 9);
	EXPECT_OK(close(fd));
}

static void mkdir_and_rmdir(void)
{
	const char *d = name("dir");
	struct stat st;
	int fd;

	rmdir(d);
	EXPECT_OK(mkdir(d, 0700));
	REQUIRE_OK(stat(d, &st));
	EXPECT(S_ISDIR(st.st_mode));
	EXPECT_ERRNO(mkdir(d, 0700), EEXIST);
	snprintf(path2, sizeof(path2), "%s/file", d);
	fd = open(path2, O_WRONLY | O_CREAT, 0600);
	EXPECT_GE(fd, 0);
	close(fd);
	EXPECT_ERRNO(rmdir(d), ENOTEMPTY);
	EXPECT_ERRNO(unlink(d), EISDIR);
	EXPECT_OK(unlink(path2));
	EXPECT_OK(rmdir(d));
	EXPECT_ERRNO(stat(d, &st), ENOENT);
	EXPECT_ERRNO(rmdir(d), ENOENT);
}

static void file_used_as_directory_is_enotdir(void)
{
	const char *p = name("notdir");
	int fd = create(p, "f");

	close(fd);
	snprintf(path2, sizeof(path2), "%s/x", p);
	EXPECT_ERRNO(open(path2, O_RDONLY), ENOTDIR);
	EXPECT_ERRNO(open(path2, O_RDWR | O_CREAT, 0600), ENOTDIR);
	EXPECT_ERRNO(mkdir(path2, 0700), ENOTDIR);
	EXPECT_ERRNO(open(p, O_RDONLY | O_DIRECTORY), ENOTDIR);
	EXPECT_ERRNO(rmdir(p), ENOTDIR);
	EXPECT_OK(unlink(p));
}

static void fstat_reports_size_and_type(void)
{
	const char *p = name("fstat");
	int fd = create(p, "");
	struct stat st, st2;
	char block[1000];

	REQUIRE_OK(fstat(fd, &st));
	EXPECT(S_ISREG(st.st_mode));
	EXPECT(!S_ISDIR(st.st_mode));
	EXPECT_EQ(st.st_size, 0);
	EXPECT_EQ(st.st_nlink, 1);
	EXPECT_GT(st.st_blksize, 0);
	memset(block, 'b', sizeof(block));
	for (int i = 0; i < 5; i++)
		REQUIRE_EQ(write(fd, block, sizeof(block)), 1000);
	REQUIRE_OK(fstat(fd, &st));
	EXPECT_EQ(st.st_size, 5000);
	REQUIRE_OK(stat(p, &st2));
	EXPECT_EQ(st2.st_ino, st.st_ino);
	EXPECT_EQ(st2.st_dev, st.st_dev);
	EXPECT_EQ(st2.st_size, 5000);
	REQUIRE_OK(stat("/tmp", &st2));
	EXPECT(S_ISDIR(st2.st_mode));
	close(fd);
	EXPECT_OK(unlink(p));
}

static void open_creat_applies_mode(void)
{
	const char *p = name("perm");
	struct stat st;
	int fd;

	unlink(p);
	fd = open(p, O_WRONLY | O_CREAT | O_EXCL, 0640);
	REQUIRE(fd >= 0);
	REQUIRE_OK(fstat(fd, &st));
	EXPECT_EQ(st.st_mode & 07777, 0640); /* the default umask is 022 */
	close(fd);
	EXPECT_OK(unlink(p));
}

/* O_APPEND: every write goes to the end, wherever the offset was. */
static void o_append_writes_at_the_end(void)
{
	const char *p = name("append");
	int fd = create(p, "abc"), ap;
	char b[16];

	close(fd);
	ap = open(p, O_WRONLY | O_APPEND);
	REQUIRE(ap >= 0);
	EXPECT_EQ(lseek(ap, 0, SEEK_SET), 0);
	EXPECT_EQ(write(ap, "de", 2), 2);
	EXPECT_EQ(lseek(ap, 0, SEEK_CUR), 5);
	/* Linux: pwrite on an O_APPEND file appends too (man 2 pwrite). */
	EXPECT_EQ(pwrite(ap, "f", 1, 0), 1);
	close(ap);
	fd = open(p, O_RDONLY);
	REQUIRE(fd >= 0);
	EXPECT_EQ(read(fd, b, sizeof(b)), 6);
	EXPECT(memcmp(b, "abcdef", 6) == 0);
	close(fd);
	EXPECT_OK(unlink(p));
}

static void o_trunc_empties_the_file(void)
{
	const char *p = name("otrunc");
	int fd = create(p, "some text");

	close(fd);
	fd = open(p, O_RDONLY);
	EXPECT_EQ(size_of(fd), 9); /* O_RDONLY alone keeps it */
	close(fd);
	fd = open(p, O_RDWR | O_TRUNC);
	REQUIRE(fd >= 0);
	EXPECT_EQ(size_of(fd), 0);
	close(fd);
	EXPECT_OK(unlink(p));
}

static void open_returns_the_lowest_free_fd(void)
{
	const char *p = name("lowest");
	int a = create(p, ""), b, c;

	b = open(p, O_RDONLY);
	c = open(p, O_RDONLY);
	REQUIRE(a >= 0 && b > a && c > b);
	EXPECT_OK(close(b));
	EXPECT_EQ(open(p, O_RDONLY), b);
	EXPECT_OK(close(a));
	EXPECT_EQ(open(p, O_RDONLY), a);
	EXPECT_OK(unlink(p));
}

static void long_name_is_enametoolong(void)
{
	char longname[300];

	memcpy(longname, "/tmp/", 5);
	memset(longname + 5, 'n', 256); /* one more than NAME_MAX */
	longname[261] = '\0';
	EXPECT_ERRNO(open(longname, O_RDWR | O_CREAT, 0600), ENAMETOOLONG);
	EXPECT_ERRNO(mkdir(longname, 0700), ENAMETOOLONG);
}

static void large_file_round_trip(void)
{
	static uint32_t out[256 * 1024 / 4], in[256 * 1024 / 4];
	const char *p = name("large");
	int fd = create(p, "");
	size_t bad = 0;

	for (size_t i = 0; i < sizeof(out) / 4; i++)
		out[i] = (uint32_t)(i * 2654435761U);
	for (int i = 0; i < 4; i++)
		REQUIRE_EQ(write(fd, out, sizeof(out)), (ssize_t)sizeof(out));
	EXPECT_EQ(size_of(fd), 4 * (long)sizeof(out));
	for (int i = 0; i < 4; i++) {
		EXPECT_EQ(pread(fd, in, sizeof(in), (off_t)i * sizeof(in)),
			  (ssize_t)sizeof(in));
		bad += memcmp(in, out, sizeof(in)) != 0;
	}
	EXPECT_EQ(bad, 0);
	close(fd);
	EXPECT_OK(unlink(p));
}

/* On a memory file system (tide's /tmp, Linux's tmpfs /dev/shm), data is
 * the pages written. */
static void seek_data_and_hole_find_written_pages(void)
{
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "%s/t_files.%d",
		 on_tide() ? "/tmp" : "/dev/shm", (int)getpid());
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	REQUIRE(fd >= 0);
	REQUIRE_OK(unlink(path));
	REQUIRE_EQ(pwrite(fd, "a", 1, 0), 1);
	REQUIRE_EQ(pwrite(fd, "b", 1, 3 * 4096), 1); /* size 12289 */
	EXPECT_EQ(lseek(fd, 100, SEEK_DATA), 100);   /* inside data */
	EXPECT_EQ(lseek(fd, 100, SEEK_HOLE), 4096);
	EXPECT_EQ(lseek(fd, 4096, SEEK_DATA), 3 * 4096);
	EXPECT_EQ(lseek(fd, 5000, SEEK_HOLE), 5000); /* inside a hole */
	EXPECT_EQ(lseek(fd, 3 * 4096, SEEK_HOLE), 3 * 4096 + 1); /* EOF */
	EXPECT_EQ(lseek(fd, 0, SEEK_CUR), 3 * 4096 + 1);	 /* it moved */
	EXPECT_ERRNO(lseek(fd, 3 * 4096 + 1, SEEK_DATA), ENXIO);
	EXPECT_ERRNO(lseek(fd, 3 * 4096 + 1, SEEK_HOLE), ENXIO);
	EXPECT_ERRNO(lseek(fd, -1, SEEK_DATA), ENXIO);
	EXPECT_ERRNO(lseek(fd, 0, 5), EINVAL);
	REQUIRE_OK(ftruncate(fd, 2 * 4096)); /* only holes after page 0 */
	EXPECT_ERRNO(lseek(fd, 4096, SEEK_DATA), ENXIO);
	close(fd);
}

static const struct utest_case cases[] = {
    UTEST(open_creat_excl_twice_is_eexist),
    UTEST(open_missing_is_enoent),
    UTEST(wrong_access_mode_is_ebadf),
    UTEST(directory_read_is_eisdir),
    UTEST(lseek_set_cur_end),
    UTEST(lseek_on_pipe_is_espipe),
    UTEST(write_past_end_leaves_zeros),
    UTEST(pread_pwrite_keep_the_offset),
    UTEST(ftruncate_grows_with_zeros_and_shrinks),
    UTEST(unlinked_open_file_keeps_its_data),
    UTEST(mkdir_and_rmdir),
    UTEST(file_used_as_directory_is_enotdir),
    UTEST(fstat_reports_size_and_type),
    UTEST(open_creat_applies_mode),
    UTEST(o_append_writes_at_the_end),
    UTEST(o_trunc_empties_the_file),
    UTEST(open_returns_the_lowest_free_fd),
    UTEST(long_name_is_enametoolong),
    UTEST(large_file_round_trip),
    UTEST(seek_data_and_hole_find_written_pages),
};

int main(void)
{
	return utest_main(cases, UTEST_COUNT(cases));
}
