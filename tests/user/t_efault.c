/*
 * t_efault.c - bad user pointers give EFAULT, and the process lives on.
 *
 * The kernel must check every pointer it is handed: a kernel address
 * (rejected up front, even for a length of 0), NULL, an unmapped page, a
 * page without the needed permission, and a buffer that runs from a mapped
 * page into an unmapped one.  What Linux does with the last depends on the
 * file: a pipe copies all or nothing (EFAULT, the pipe is untouched), a
 * regular file copies up to the hole and returns the short count.
 *
 *	 p = page_then_hole():   [ mapped page | unmapped page ]
 *	                          ^p            ^p + PAGE_SZ
 */
#include "utest.h"
#include "uproc.h"

#include <stdint.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#define KERNEL_LOW  ((void *)0xffff800000000000UL)
#define KERNEL_TEXT ((void *)0xffffffff80000000UL)

/* NULL, hidden from the compiler's nonnull checks. */
static void *volatile null_pointer;
#define BAD_NULL ((void *)null_pointer)

/* A mapped, written page followed by an unmapped one. */
static char *page_then_hole(void)
{
	char *p = mmap(NULL, 2 * PAGE_SZ, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	REQUIRE(p != MAP_FAILED);
	memset(p, 'v', PAGE_SZ);
	REQUIRE_OK(munmap(p + PAGE_SZ, PAGE_SZ));
	return p;
}

static char *map_page(int prot)
{
	char *p = mmap(NULL, PAGE_SZ, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	REQUIRE(p != MAP_FAILED);
	return p;
}

/* A fresh /tmp file, already unlinked; returns an O_RDWR fd. */
static int temp_file(void)
{
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "/tmp/t_efault.%d", (int)getpid());
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	REQUIRE(fd >= 0);
	unlink(path);
	return fd;
}

static off_t file_size(int fd)
{
	struct stat st;

	return fstat(fd, &st) == 0 ? st.st_size : -1;
}

/* The pipe holds exactly the bytes of want (a marker is written last). */
static void expect_pipe_holds(int fd[2], const char *want)
{
	char buf[256];
	size_t len = strlen(want);

	REQUIRE_EQ(write(fd[1], "#", 1), 1);
	EXPECT_EQ(read(fd[0], buf, sizeof(buf)), (ssize_t)len + 1);
	buf[len + 1] = '\0';
	EXPECT(memcmp(buf, want, len) == 0 && buf[len] == '#');
}

static void write_from_bad_address_is_efault(void)
{
	char *hole = page_then_hole() + PAGE_SZ;
	int fd[2], f = temp_file();

	REQUIRE_OK(pipe(fd));
	EXPECT_ERRNO(write(fd[1], KERNEL_LOW, 10), EFAULT);
	EXPECT_ERRNO(write(fd[1], KERNEL_TEXT, 10), EFAULT);
	EXPECT_ERRNO(write(fd[1], BAD_NULL, 10), EFAULT);
	EXPECT_ERRNO(write(fd[1], hole, 10), EFAULT);
	expect_pipe_holds(fd, "");
	EXPECT_ERRNO(write(f, KERNEL_LOW, 10), EFAULT);
	EXPECT_ERRNO(write(f, KERNEL_TEXT, 10), EFAULT);
	EXPECT_ERRNO(write(f, BAD_NULL, 10), EFAULT);
	EXPECT_ERRNO(write(f, hole, 10), EFAULT);
	EXPECT_EQ(file_size(f), 0);
	EXPECT_EQ(lseek(f, 0, SEEK_CUR), 0);
}

/* A length of 0 copies nothing, but a kernel address still fails. */
static void zero_length_with_bad_pointer(void)
{
	char *hole = page_then_hole() + PAGE_SZ;
	int fd[2], f = temp_file();

	REQUIRE_OK(pipe(fd));
	EXPECT_EQ(write(fd[1], BAD_NULL, 0), 0);
	EXPECT_EQ(write(fd[1], hole, 0), 0);
	EXPECT_ERRNO(write(fd[1], KERNEL_LOW, 0), EFAULT);
	EXPECT_EQ(write(f, BAD_NULL, 0), 0);
	EXPECT_ERRNO(write(f, KERNEL_TEXT, 0), EFAULT);
	EXPECT_EQ(write(fd[1], "d", 1), 1);
	EXPECT_EQ(read(fd[0], BAD_NULL, 0), 0);
	EXPECT_EQ(read(fd[0], hole, 0), 0);
	EXPECT_ERRNO(read(fd[0], KERNEL_LOW, 0), EFAULT);
	EXPECT_EQ(read(f, BAD_NULL, 0), 0);
	EXPECT_ERRNO(read(f, KERNEL_LOW, 0), EFAULT);
	expect_pipe_holds(fd, "d");
}

/* 10 good bytes, then the hole: a pipe takes none, a file takes 10. */
static void write_straddling_a_hole(void)
{
	char *p = page_then_hole();
	int fd[2], f = temp_file();

	REQUIRE_OK(pipe(fd));
	EXPECT_ERRNO(write(fd[1], p + PAGE_SZ - 10, 20), EFAULT);
	expect_pipe_holds(fd, "");
	EXPECT_EQ(write(f, p + PAGE_SZ - 10, 20), 10);
	EXPECT_EQ(file_size(f), 10);
	EXPECT_EQ(lseek(f, 0, SEEK_CUR), 10);
}

static void read_into_bad_address_is_efault(void)
{
	char *hole = page_then_hole() + PAGE_SZ;
	int fd[2], f = temp_file();

	REQUIRE_OK(pipe(fd));
	REQUIRE_EQ(write(fd[1], "hello", 5), 5);
	EXPECT_ERRNO(read(fd[0], KERNEL_LOW, 5), EFAULT);
	EXPECT_ERRNO(read(fd[0], KERNEL_TEXT, 5), EFAULT);
	EXPECT_ERRNO(read(fd[0], BAD_NULL, 5), EFAULT);
	EXPECT_ERRNO(read(fd[0], hole, 5), EFAULT);
	expect_pipe_holds(fd, "hello"); /* nothing was consumed */

	REQUIRE_EQ(write(f, "hello", 5), 5);
	REQUIRE_EQ(lseek(f, 0, SEEK_SET), 0);
	EXPECT_ERRNO(read(f, KERNEL_LOW, 5), EFAULT);
	EXPECT_ERRNO(read(f, BAD_NULL, 5), EFAULT);
	EXPECT_ERRNO(read(f, hole, 5), EFAULT);
	EXPECT_EQ(lseek(f, 0, SEEK_CUR), 0);
}

static void read_straddling_a_hole(void)
{
	char *p = page_then_hole();
	int fd[2], f = temp_file();

	REQUIRE_OK(pipe(fd));
	REQUIRE_EQ(write(fd[1], "0123456789abcdefghij", 20), 20);
	EXPECT_ERRNO(read(fd[0], p + PAGE_SZ - 10, 20), EFAULT);
	expect_pipe_holds(fd, "0123456789abcdefghij");

	REQUIRE_EQ(write(f, "0123456789abcdefghij", 20), 20);
	REQUIRE_EQ(lseek(f, 0, SEEK_SET), 0);
	EXPECT_EQ(read(f, p + PAGE_SZ - 10, 20), 10);
	EXPECT(memcmp(p + PAGE_SZ - 10, "0123456789", 10) == 0);
	EXPECT_EQ(lseek(f, 0, SEEK_CUR), 10);
}

/* The kernel honours page permissions too. */
static void read_into_read_only_page_is_efault(void)
{
	char *ro = map_page(PROT_READ), *none = map_page(PROT_NONE);
	int fd[2], f = temp_file();

	REQUIRE_OK(pipe(fd));
	REQUIRE_EQ(write(fd[1], "abc", 3), 3);
	EXPECT_ERRNO(read(fd[0], ro, 3), EFAULT);
	EXPECT_ERRNO(write(fd[1], none, 3), EFAULT);
	expect_pipe_holds(fd, "abc");
	REQUIRE_EQ(write(f, "abc", 3), 3);
	REQUIRE_EQ(lseek(f, 0, SEEK_SET), 0);
	EXPECT_ERRNO(read(f, ro, 3), EFAULT);
	EXPECT_ERRNO(read(f, none, 3), EFAULT);
	EXPECT_ERRNO(write(f, none, 3), EFAULT);
	EXPECT_EQ(ro[0], 0);
}

/* Untouched anonymous memory is faulted in by the kernel's own copy. */
static void untouched_pages_work_as_buffers(void)
{
	char *in = map_page(PROT_READ | PROT_WRITE);
	char *out = map_page(PROT_READ | PROT_WRITE);
	char buf[8] = "xxxxxxx";
	int fd[2];

	REQUIRE_OK(pipe(fd));
	EXPECT_EQ(write(fd[1], out, 4), 4); /* four zero bytes */
	EXPECT_EQ(read(fd[0], buf, 4), 4);
	EXPECT(memcmp(buf, "\0\0\0\0xxx", 8) == 0);
	EXPECT_EQ(write(fd[1], "data", 4), 4);
	EXPECT_EQ(read(fd[0], in + 100, 4), 4);
	EXPECT(memcmp(in + 100, "data", 4) == 0);
}

static void open_bad_path_is_efault(void)
{
	char *p = page_then_hole();
	int fd;

	EXPECT_ERRNO(open(BAD_NULL, O_RDONLY), EFAULT);
	EXPECT_ERRNO(open(KERNEL_LOW, O_RDONLY), EFAULT);
	EXPECT_ERRNO(open(KERNEL_TEXT, O_RDONLY), EFAULT);
	EXPECT_ERRNO(open(p + PAGE_SZ, O_RDONLY), EFAULT);
	/* "/tmp" with its NUL in the next, unmapped page. */
	memcpy(p + PAGE_SZ - 4, "/tmp", 4);
	EXPECT_ERRNO(open(p + PAGE_SZ - 4, O_RDONLY), EFAULT);
	/* "/tmp\0" ending exactly at the end of the page is fine. */
	memcpy(p + PAGE_SZ - 5, "/tmp", 5);
	fd = open(p + PAGE_SZ - 5, O_RDONLY);
	EXPECT_GE(fd, 0);
	close(fd);
}

static void stat_bad_buffer_is_efault(void)
{
	char *ro = map_page(PROT_READ);
	struct stat st;
	int f = temp_file();

	EXPECT_ERRNO(fstat(f, BAD_NULL), EFAULT);
	EXPECT_ERRNO(fstat(f, KERNEL_LOW), EFAULT);
	EXPECT_ERRNO(fstat(f, (struct stat *)ro), EFAULT);
	EXPECT_ERRNO(stat("/tmp", BAD_NULL), EFAULT);
	EXPECT_ERRNO(stat(BAD_NULL, &st), EFAULT);
	EXPECT_ERRNO(stat(KERNEL_LOW, &st), EFAULT);
}

static void pipe_bad_array_is_efault(void)
{
	char *ro = map_page(PROT_READ);

	EXPECT_ERRNO(pipe(BAD_NULL), EFAULT);
	EXPECT_ERRNO(pipe(KERNEL_LOW), EFAULT);
	EXPECT_ERRNO(pipe((int *)ro), EFAULT);
}

static void execve_bad_pointers_is_efault(void)
{
	char *argv[] = {"x", NULL}, *bad_argv[] = {"x", KERNEL_LOW, NULL};
	char *envp[] = {NULL}, *hole = page_then_hole() + PAGE_SZ;

	EXPECT_ERRNO(execve(BAD_NULL, argv, envp), EFAULT);
	EXPECT_ERRNO(execve(KERNEL_LOW, argv, envp), EFAULT);
	EXPECT_ERRNO(execve(hole, argv, envp), EFAULT);
	/* The path is looked up first; then argv and envp are copied. */
	EXPECT_ERRNO(execve("/proc/self/exe", (char **)KERNEL_LOW, envp),
		     EFAULT);
	EXPECT_ERRNO(execve("/proc/self/exe", (char **)hole, envp), EFAULT);
	EXPECT_ERRNO(execve("/proc/self/exe", bad_argv, envp), EFAULT);
	EXPECT_ERRNO(execve("/proc/self/exe", argv, (char **)hole), EFAULT);
	EXPECT_ERRNO(execve("/nonexistent", bad_argv, envp), ENOENT);
}

/* Linux reaps the child before it fails to store the status. */
static void wait_bad_status_is_efault_and_reaps(void)
{
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0)
		_exit(3);
	REQUIRE(pid > 0);
	EXPECT_ERRNO(waitpid(pid, KERNEL_LOW, 0), EFAULT);
	EXPECT_ERRNO(waitpid(pid, NULL, WNOHANG), ECHILD);
}

static void mincore_bad_vector_is_efault(void)
{
	char *p = map_page(PROT_READ | PROT_WRITE);
	char *ro = map_page(PROT_READ);

	EXPECT_ERRNO(mincore(p, PAGE_SZ, BAD_NULL), EFAULT);
	EXPECT_ERRNO(mincore(p, PAGE_SZ, KERNEL_LOW), EFAULT);
	EXPECT_ERRNO(mincore(p, PAGE_SZ, (unsigned char *)ro), EFAULT);
}

/* A burst of bad pointers, then the process still works normally. */
static void process_survives_efault(void)
{
	char buf[8];
	int fd[2];

	REQUIRE_OK(pipe(fd));
	REQUIRE_EQ(write(fd[1], ">", 1), 1); /* else read would block */
	for (int i = 0; i < 100; i++) {
		EXPECT_ERRNO(write(fd[1], KERNEL_LOW, 1), EFAULT);
		EXPECT_ERRNO(read(fd[0], BAD_NULL, 1), EFAULT);
		EXPECT_ERRNO(syscall(SYS_write, fd[1], KERNEL_TEXT, 1), EFAULT);
	}
	EXPECT_EQ(write(fd[1], "alive", 5), 5);
	EXPECT_EQ(read(fd[0], buf, sizeof(buf)), 6);
	EXPECT(memcmp(buf, ">alive", 6) == 0);
}

static const struct utest_case cases[] = {
    UTEST(write_from_bad_address_is_efault),
    UTEST(zero_length_with_bad_pointer),
    UTEST(write_straddling_a_hole),
    UTEST(read_into_bad_address_is_efault),
    UTEST(read_straddling_a_hole),
    UTEST(read_into_read_only_page_is_efault),
    UTEST(untouched_pages_work_as_buffers),
    UTEST(open_bad_path_is_efault),
    UTEST(stat_bad_buffer_is_efault),
    UTEST(pipe_bad_array_is_efault),
    UTEST(execve_bad_pointers_is_efault),
    UTEST(wait_bad_status_is_efault_and_reaps),
    UTEST(mincore_bad_vector_is_efault),
    UTEST(process_survives_efault),
};

int main(void)
{
	return utest_main(cases, UTEST_COUNT(cases));
}
