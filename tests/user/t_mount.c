/*
 * t_mount.c - mount -t tmpfs on a directory and umount2 it: the mount
 * hides what the directory held, starts empty, and takes everything
 * written in it away when it goes.  (As root on Linux.)
 */
#include "utest.h"

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>

static char dir[64], file[96], hidden[96];

static void setup(void)
{
	snprintf(dir, sizeof(dir), "/tmp/t_mount.%d", (int)getpid());
	snprintf(hidden, sizeof(hidden), "%s/before", dir);
	snprintf(file, sizeof(file), "%s/inside", dir);
	REQUIRE_OK(mkdir(dir, 0755));
	int fd = open(hidden, O_CREAT | O_WRONLY, 0644);
	REQUIRE(fd >= 0);
	close(fd);
}

static void cleanup(void)
{
	unlink(hidden);
	rmdir(dir);
}

static void mount_hides_and_umount_restores(void)
{
	struct stat st;
	setup();
	REQUIRE_OK(mount("none", dir, "tmpfs", 0, NULL));
	EXPECT_ERRNO(stat(hidden, &st), ENOENT); /* covered */
	int fd = open(file, O_CREAT | O_WRONLY, 0644);
	EXPECT(fd >= 0);
	EXPECT_EQ(write(fd, "x", 1), 1);
	close(fd);
	EXPECT_OK(stat(file, &st));
	EXPECT_ERRNO(rmdir(dir), EBUSY); /* a mount point */
	EXPECT_OK(umount2(dir, 0));
	EXPECT_ERRNO(stat(file, &st), ENOENT); /* went with the mount */
	EXPECT_OK(stat(hidden, &st));	       /* visible again */
	cleanup();
}

static void dotdot_leaves_the_mount(void)
{
	struct stat a, b;
	char up[96];
	setup();
	REQUIRE_OK(mount("none", dir, "tmpfs", 0, NULL));
	snprintf(up, sizeof(up), "%s/..", dir);
	EXPECT_OK(stat(up, &a));
	EXPECT_OK(stat("/tmp", &b));
	EXPECT_EQ(a.st_ino, b.st_ino);
	EXPECT_OK(umount2(dir, 0));
	cleanup();
}

static void errors(void)
{
	setup();
	EXPECT_ERRNO(mount("none", dir, "no-such-fs", 0, NULL), ENODEV);
	EXPECT_ERRNO(mount("none", "/tmp/no/such/dir", "tmpfs", 0, NULL),
		     ENOENT);
	EXPECT_ERRNO(umount2(dir, 0), EINVAL); /* not a mount point */
	EXPECT_ERRNO(umount2("/tmp/no/such/dir", 0), ENOENT);
	cleanup();
}

static const struct utest_case cases[] = {
    UTEST(mount_hides_and_umount_restores),
    UTEST(dotdot_leaves_the_mount),
    UTEST(errors),
};

int main(void)
{
	return utest_main(cases, UTEST_COUNT(cases));
}
