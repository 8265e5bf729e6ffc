/*
 * t_musl.c - a program built with the host's musl-gcc -static, run on
 * Linux and on tide unmodified: the proof that tide's system-call ABI is
 * Linux's and not merely our libc's.  musl starts up with arch_prctl
 * (thread pointer in FS), set_tid_address and friends, keeps errno in
 * thread-local storage, and has its own malloc over brk and mmap.
 */
#include "../user/utest.h"

#include <fcntl.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <time.h>

static void errno_lives_in_tls(void)
{
	errno = 0;
	EXPECT_ERRNO(close(-1), EBADF);
	EXPECT_ERRNO(open("/nonexistent/file", O_RDONLY), ENOENT);
}

static void thread_pointer_points_to_itself(void)
{
	/* x86-64 TLS ABI: the word at %fs:0 holds the thread pointer. */
	uintptr_t tp;
	__asm__("mov %%fs:0, %0" : "=r"(tp));
	EXPECT(tp != 0);
	EXPECT_EQ(*(uintptr_t *)tp, tp);
}

static void tid_matches_pid(void)
{
	int word;
	EXPECT_EQ(syscall(SYS_gettid), getpid());
	EXPECT_EQ(syscall(SYS_set_tid_address, &word), getpid());
}

static void malloc_small_and_large(void)
{
	char *small = malloc(100), *large = malloc(1 << 20);
	REQUIRE(small && large);
	memset(small, 'a', 100);
	memset(large, 'b', 1 << 20);
	EXPECT_EQ(small[99], 'a');
	EXPECT_EQ(large[(1 << 20) - 1], 'b');
	free(large);
	free(small);
}

static void printf_formats(void)
{
	char buf[64];
	snprintf(buf, sizeof(buf), "%d %x %s %5.2s|%-4d|", -42, 255, "ok",
		 "abc", 7);
	EXPECT_STREQ(buf, "-42 ff ok    ab|7   |");
}

static void fork_and_wait(void)
{
	pid_t pid = fork();
	REQUIRE(pid >= 0);
	if (pid == 0)
		_exit(42);
	int status;
	EXPECT_EQ(waitpid(pid, &status, 0), pid);
	EXPECT(WIFEXITED(status) && WEXITSTATUS(status) == 42);
}

static void mmap_and_munmap(void)
{
	char *p = mmap(NULL, 3 * PAGE_SZ, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	REQUIRE(p != MAP_FAILED);
	EXPECT_EQ(p[0], 0);
	p[2 * PAGE_SZ] = 9;
	EXPECT_EQ(p[2 * PAGE_SZ], 9);
	EXPECT_OK(munmap(p, 3 * PAGE_SZ));
}

static void file_round_trip(void)
{
	const char *path = "/tmp/t_musl.txt";
	FILE *f = fopen(path, "w");
	REQUIRE(f);
	fputs("musl on tide\n", f);
	EXPECT_OK(fclose(f));
	char line[32] = "";
	f = fopen(path, "r");
	REQUIRE(f);
	EXPECT(fgets(line, sizeof(line), f) != NULL);
	fclose(f);
	EXPECT_STREQ(line, "musl on tide\n");
	EXPECT_OK(unlink(path));
}

static void uname_says_linux(void)
{
	struct utsname u;
	EXPECT_OK(uname(&u));
	EXPECT_STREQ(u.sysname, "Linux");
	EXPECT_STREQ(u.machine, "x86_64");
}

static void monotonic_clock_moves_forward(void)
{
	struct timespec a, b;
	EXPECT_OK(clock_gettime(CLOCK_MONOTONIC, &a));
	EXPECT_OK(clock_gettime(CLOCK_MONOTONIC, &b));
	EXPECT(b.tv_sec > a.tv_sec ||
	       (b.tv_sec == a.tv_sec && b.tv_nsec >= a.tv_nsec));
}

static const struct utest_case cases[] = {
	UTEST(errno_lives_in_tls),
	UTEST(thread_pointer_points_to_itself),
	UTEST(tid_matches_pid),
	UTEST(malloc_small_and_large),
	UTEST(printf_formats),
	UTEST(fork_and_wait),
	UTEST(mmap_and_munmap),
	UTEST(file_round_trip),
	UTEST(uname_says_linux),
	UTEST(monotonic_clock_moves_forward),
};

int main(void)
{
	return utest_main(cases, UTEST_COUNT(cases));
}
