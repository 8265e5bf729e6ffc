/*
 * t_chown.c - chown, fchown and fchownat change a file's owner as root
 * may on Linux: -1 keeps an id, and a new owner clears set-user-ID.
 */
#include "utest.h"

#include <fcntl.h>
#include <sys/stat.h>

static char path[64];

static void make_file(void)
{
	snprintf(path, sizeof(path), "/tmp/t_chown.%d", (int)getpid());
	int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
	REQUIRE(fd >= 0);
	close(fd);
}

static void chown_sets_both_ids(void)
{
	struct stat st;
	make_file();
	EXPECT_OK(chown(path, 1000, 1001));
	EXPECT_OK(stat(path, &st));
	EXPECT_EQ(st.st_uid, 1000);
	EXPECT_EQ(st.st_gid, 1001);
	EXPECT_OK(unlink(path));
}

static void minus_one_keeps_an_id(void)
{
	struct stat st;
	make_file();
	EXPECT_OK(chown(path, 1000, 1001));
	EXPECT_OK(chown(path, (uid_t)-1, 2002));
	EXPECT_OK(stat(path, &st));
	EXPECT_EQ(st.st_uid, 1000);
	EXPECT_EQ(st.st_gid, 2002);
	EXPECT_OK(unlink(path));
}

static void new_owner_clears_setuid(void)
{
	struct stat st;
	make_file();
	EXPECT_OK(chmod(path, 04755));
	EXPECT_OK(chown(path, 1000, 1000));
	EXPECT_OK(stat(path, &st));
	EXPECT_EQ(st.st_mode & 07777, 0755);
	EXPECT_OK(unlink(path));
}

static void fchown_and_fchownat(void)
{
	struct stat st;
	make_file();
	int fd = open(path, O_RDONLY);
	REQUIRE(fd >= 0);
	EXPECT_OK(fchown(fd, 7, 8));
	EXPECT_OK(fstat(fd, &st));
	EXPECT_EQ(st.st_uid, 7);
	EXPECT_EQ(st.st_gid, 8);
	close(fd);
	EXPECT_OK(fchownat(AT_FDCWD, path, 9, 10, 0));
	EXPECT_OK(stat(path, &st));
	EXPECT_EQ(st.st_uid, 9);
	EXPECT_ERRNO(fchown(-1, 0, 0), EBADF);
	EXPECT_ERRNO(chown("/nonexistent/x", 0, 0), ENOENT);
	EXPECT_OK(unlink(path));
}

static const struct utest_case cases[] = {
    UTEST(chown_sets_both_ids),
    UTEST(minus_one_keeps_an_id),
    UTEST(new_owner_clears_setuid),
    UTEST(fchown_and_fchownat),
};

int main(void)
{
	return utest_main(cases, UTEST_COUNT(cases));
}
