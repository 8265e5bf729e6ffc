/*
 * t_proc.c - processes: fork, exit, wait, execve, the initial stack.
 *
 * Exit statuses as the parent sees them, waitpid/wait4 on specific children
 * and with WNOHANG, ECHILD, deaths by signal (SIGSEGV from bad memory
 * accesses), execve errors, and what execve hands the new program: argv,
 * envp and the auxiliary vector above envp on the stack:
 *
 *	rsp -> argc, argv[0..argc-1], NULL, envp[...], NULL,
 *	       auxv (type, value) pairs ..., AT_NULL
 *
 * Some cases re-execute this program (argv[0], which must therefore be a
 * path) in a "--child <mode>" mode that checks what it was given and exits
 * 0 if all was as expected.
 */
#include "utest.h"
#include "uproc.h"

#include <stdint.h>
#include <sys/syscall.h>

/* The auxv types this program checks (Linux's numbers, LINUX-ABI.md). */
#define AUX_NULL   0
#define AUX_PHDR   3
#define AUX_PHENT  4
#define AUX_PHNUM  5
#define AUX_PAGESZ 6
#define AUX_ENTRY  9
#define AUX_RANDOM 25
#define AUX_EXECFN 31

#define PT_LOAD_TYPE 1

static const char *self_path; /* how to execute this program again */
static char **main_argv, **main_envp;
static int main_argc;
static int global_counter = 1;

/* Returns the value of auxv entry type, or 0 if absent; *found says. */
static unsigned long auxv_get(char **envp, unsigned long type, int *found)
{
	char **p = envp;
	unsigned long *aux;

	while (*p)
		p++;
	aux = (unsigned long *)(p + 1);
	for (int i = 0; i < 128 && aux[2 * i] != AUX_NULL; i++) {
		if (aux[2 * i] == type) {
			*found = 1;
			return aux[2 * i + 1];
		}
	}
	*found = 0;
	return 0;
}

/* Child bodies. */
static void exit_with(void *code)
{
	exit((int)(intptr_t)code);
}

static void underscore_exit_with(void *code)
{
	_exit((int)(intptr_t)code);
}

/* Blocks until the pipe's write end is written or closed, then exits 3. */
static void wait_on_pipe(void *fds)
{
	int *fd = fds;
	char c;

	close(fd[1]);
	(void)read(fd[0], &c, 1);
	_exit(3);
}

static int wait_status(pid_t pid)
{
	int status = -1;

	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

#define EXPECT_EXIT(status, code)                                              \
	do {                                                                   \
		int st_ = (status);                                            \
		if (!WIFEXITED(st_) || WEXITSTATUS(st_) != (code))             \
			UTEST_FAIL("wait status 0x%x, expected exit %d", st_,  \
				   (code));                                    \
	} while (0)

static void exit_status_reaches_parent(void)
{
	static const int codes[] = {0, 1, 42, 255};

	for (int i = 0; i < 4; i++) {
		void *code = (void *)(intptr_t)codes[i];

		EXPECT_EXIT(wait_status(utest_spawn(exit_with, code)),
			    codes[i]);
		EXPECT_EXIT(
		    wait_status(utest_spawn(underscore_exit_with, code)),
		    codes[i]);
	}
}

static void exit_status_keeps_low_8_bits(void)
{
	EXPECT_EXIT(wait_status(utest_spawn(underscore_exit_with, (void *)263)),
		    7);
	EXPECT_EXIT(wait_status(utest_spawn(exit_with, (void *)-1)), 255);
	EXPECT_EXIT(wait_status(utest_spawn(exit_with, (void *)256)), 0);
}

static void raw_exit_group(void *code)
{
	syscall(SYS_exit_group, (long)(intptr_t)code);
}

static void raw_exit(void *code)
{
	syscall(SYS_exit, (long)(intptr_t)code);
}

static void raw_exit_and_exit_group(void)
{
	EXPECT_EXIT(wait_status(utest_spawn(raw_exit_group, (void *)7)), 7);
	EXPECT_EXIT(wait_status(utest_spawn(raw_exit, (void *)9)), 9);
	EXPECT_EQ(wait_status(utest_spawn(raw_exit_group, (void *)0)), 0);
}

/* waitpid(b) returns b's status even though a was forked first. */
static void waitpid_waits_for_that_child(void)
{
	int fd[2], status;
	pid_t a, b;

	REQUIRE_OK(pipe(fd));
	a = utest_spawn(wait_on_pipe, fd);
	b = utest_spawn(underscore_exit_with, (void *)2);
	REQUIRE(a > 0 && b > 0);
	EXPECT_EQ(waitpid(b, &status, 0), b);
	EXPECT_EXIT(status, 2);
	close(fd[1]);
	EXPECT_EQ(waitpid(a, &status, 0), a);
	EXPECT_EXIT(status, 3);
}

static void wait4_wnohang_is_0_while_child_runs(void)
{
	int fd[2], status = -1;
	pid_t pid;

	REQUIRE_OK(pipe(fd));
	pid = utest_spawn(wait_on_pipe, fd);
	REQUIRE(pid > 0);
	close(fd[0]);
	EXPECT_EQ(wait4(pid, &status, WNOHANG, NULL), 0);
	EXPECT_EQ(waitpid(-1, &status, WNOHANG), 0);
	EXPECT_EQ(syscall(SYS_wait4, pid, &status, WNOHANG, NULL), 0);
	EXPECT_EQ(write(fd[1], "x", 1), 1);
	EXPECT_EQ(wait4(pid, &status, 0, NULL), pid);
	EXPECT_EXIT(status, 3);
}

static void wait_without_children_is_echild(void)
{
	int status;
	pid_t pid;

	EXPECT_ERRNO(wait(&status), ECHILD);
	EXPECT_ERRNO(waitpid(-1, &status, WNOHANG), ECHILD);
	EXPECT_ERRNO(waitpid(getppid(), &status, 0), ECHILD);
	pid = utest_spawn(underscore_exit_with, (void *)0);
	EXPECT_EQ(waitpid(pid, &status, 0), pid);
	EXPECT_ERRNO(waitpid(pid, &status, 0), ECHILD);
	EXPECT_ERRNO(wait(&status), ECHILD);
}

static void report_ids(void *fds)
{
	int *fd = fds;
	int ids[2] = {getpid(), getppid()};

	_exit(write(fd[1], ids, sizeof(ids)) == sizeof(ids) ? 0 : 1);
}

static void fork_returns_the_child_pid(void)
{
	int fd[2], ids[2] = {0, 0};
	pid_t pid;

	REQUIRE_OK(pipe(fd));
	pid = utest_spawn(report_ids, fd);
	REQUIRE(pid > 0);
	EXPECT_EQ(read(fd[0], ids, sizeof(ids)), (ssize_t)sizeof(ids));
	EXPECT_EQ(ids[0], pid);
	EXPECT_EQ(ids[1], getpid());
	EXPECT_NE(pid, getpid());
	EXPECT_EQ(wait_status(pid), 0);
}

static void getpid_matches_the_system_call(void)
{
	EXPECT_GT(getpid(), 0);
	EXPECT_EQ(getpid(), syscall(SYS_getpid));
	EXPECT_EQ(getppid(), syscall(SYS_getppid));
	EXPECT_EQ(getpid(), getpid());
	EXPECT_NE(getpid(), getppid());
}

static void change_memory(void *stack_var)
{
	global_counter = 100;
	*(int *)stack_var = 200;
	_exit(global_counter == 100 && *(int *)stack_var == 200 ? 0 : 1);
}

static void child_memory_is_a_copy(void)
{
	int local = 2;

	global_counter = 1;
	EXPECT_EQ(wait_status(utest_spawn(change_memory, &local)), 0);
	EXPECT_EQ(global_counter, 1);
	EXPECT_EQ(local, 2);
}

static void sleep_on_pipe(void *fds)
{
	int *fd = fds;
	char c;

	close(fd[1]);
	(void)read(fd[0], &c, 1);
	_exit(0);
}

static void sigkill_is_reported_by_wait(void)
{
	int fd[2], status;
	pid_t pid;

	REQUIRE_OK(pipe(fd));
	pid = utest_spawn(sleep_on_pipe, fd);
	REQUIRE(pid > 0);
	EXPECT_OK(syscall(SYS_kill, pid, SIGKILL));
	status = wait_status(pid);
	EXPECT(WIFSIGNALED(status));
	EXPECT_EQ(WTERMSIG(status), 9);
}

static const char rodata_string[] = "read-only";

static void null_deref_is_sigsegv(void)
{
	EXPECT_EQ(SIGSEGV, 11);
	EXPECT_SIGNAL(utest_read_byte, NULL, 11);
	EXPECT_SIGNAL(utest_write_byte, NULL, 11);
	EXPECT_SIGNAL(utest_read_byte, (void *)0x1000, 11);
}

static void write_to_read_only_page_is_sigsegv(void)
{
	char *p =
	    mmap(NULL, PAGE_SZ, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	REQUIRE(p != MAP_FAILED);
	EXPECT_SIGNAL(utest_write_byte, p, 11);
	EXPECT_SIGNAL(utest_write_byte, (void *)rodata_string, 11);
	EXPECT_SIGNAL(utest_write_byte, (void *)exit_with, 11);
}

static void jump_to_non_exec_page_is_sigsegv(void)
{
	static const unsigned char ret[] = {0xc3};
	char *p = mmap(NULL, PAGE_SZ, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned char on_stack[16];

	REQUIRE(p != MAP_FAILED);
	memcpy(p, ret, sizeof(ret));
	memcpy(on_stack, ret, sizeof(ret));
	EXPECT_SIGNAL(utest_call, p, 11);
	EXPECT_SIGNAL(utest_call, on_stack, 11);
	EXPECT_SIGNAL(utest_call, (void *)ret, 11); /* .rodata */
	EXPECT_SIGNAL(utest_call, NULL, 11);
}

static void syscall_1000_is_enosys(void)
{
	EXPECT_ERRNO(syscall(1000), ENOSYS);
	EXPECT_ERRNO(syscall(-1), ENOSYS);
	EXPECT_ERRNO(syscall(1000, 1, 2, 3, 4, 5, 6), ENOSYS);
}

/* Writes len bytes of text to a fresh /tmp file with the given mode. */
static int write_file(const char *path, const char *text, size_t len, int mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
	int ok;

	if (fd < 0)
		return -1;
	ok = write(fd, text, len) == (ssize_t)len;
	close(fd);
	return ok ? 0 : -1;
}

static void execve_missing_path_is_enoent(void)
{
	char *argv[] = {"missing", NULL}, *envp[] = {NULL};

	EXPECT_ERRNO(execve("/nonexistent/t_proc", argv, envp), ENOENT);
	EXPECT_ERRNO(execve("/tmp/t_proc.no.such.file", argv, envp), ENOENT);
	EXPECT_ERRNO(execve("", argv, envp), ENOENT);
}

/* A file with x bits that is neither ELF nor "#!" script: ENOEXEC. */
static void execve_non_elf_is_enoexec(void)
{
	static const char text[] = "this is not a program\n";
	static const char bad_elf[] = "\177ELF garbage";
	char path[64], *argv[] = {"text", NULL}, *envp[] = {NULL};

	snprintf(path, sizeof(path), "/tmp/t_proc.%d.txt", (int)getpid());
	REQUIRE_OK(write_file(path, text, sizeof(text) - 1, 0755));
	EXPECT_ERRNO(execve(path, argv, envp), ENOEXEC);
	REQUIRE_OK(write_file(path, bad_elf, sizeof(bad_elf) - 1, 0755));
	EXPECT_ERRNO(execve(path, argv, envp), ENOEXEC);
	unlink(path);
}

/* No x bit at all (even root needs one), or a directory: EACCES. */
static void execve_non_executable_is_eacces(void)
{
	static const char text[] = "not executable\n";
	char path[64], *argv[] = {"text", NULL}, *envp[] = {NULL};

	snprintf(path, sizeof(path), "/tmp/t_proc.%d.txt", (int)getpid());
	REQUIRE_OK(write_file(path, text, sizeof(text) - 1, 0644));
	EXPECT_ERRNO(execve(path, argv, envp), EACCES);
	unlink(path);
	EXPECT_ERRNO(execve("/tmp", argv, envp), EACCES);
}

static void exec_self(void *argvp)
{
	char **argv = argvp;
	char *envp[] = {"FOO=bar", "EMPTY=", "TIDE_TEST=1", NULL};

	execve(self_path, argv, envp);
	UTEST_FAIL("execve(%s): errno %d", self_path, errno);
	utest_end();
}

/* The re-executed child checks argv and envp ("--child args <pid>"). */
static void execve_passes_argv_and_envp(void)
{
	char pid[16];
	char *argv[] = {"renamed", "--child", "args", pid,
			"a b",	   "",	      "x",    NULL};
	pid_t child;

	/* execve keeps the pid: the child passes its own. */
	fflush(stdout);
	child = fork();
	REQUIRE(child >= 0);
	if (child == 0) {
		snprintf(pid, sizeof(pid), "%d", (int)getpid());
		exec_self(argv);
	}
	EXPECT_EXIT(wait_status(child), 0);
}

/* After execve nothing of the old image is mapped ("--child fresh"). */
static void execve_replaces_the_address_space(void)
{
	char addr[32];
	char *argv[] = {"fresh", "--child", "fresh", addr, NULL};
	char *p =
	    mmap((void *)0x300000000000UL, PAGE_SZ, PROT_READ,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);

	REQUIRE(p != MAP_FAILED);
	snprintf(addr, sizeof(addr), "%lx", (unsigned long)p);
	EXPECT_EXIT(wait_status(utest_spawn(exec_self, argv)), 0);
}

/* AT_EXECFN is the path given to execve, not argv[0] ("--child execfn"). */
static void auxv_execfn_is_the_execve_path(void)
{
	char *argv[] = {"not-the-path", "--child", "execfn", (char *)self_path,
			NULL};

	EXPECT_EXIT(wait_status(utest_spawn(exec_self, argv)), 0);
}

static void initial_stack_layout(void)
{
	EXPECT_GE(main_argc, 1);
	EXPECT(main_argv[main_argc] == NULL);
	EXPECT(main_envp == main_argv + main_argc + 1);
}

static void auxv_describes_the_program(void)
{
	int found;
	unsigned long pagesz = auxv_get(main_envp, AUX_PAGESZ, &found);
	unsigned long entry, phdr, phent, phnum, loads = 0;
	struct maps_line ml;
	static struct maps maps;

	EXPECT(found);
	EXPECT_EQ(pagesz, 4096);
	entry = auxv_get(main_envp, AUX_ENTRY, &found);
	EXPECT(found && entry != 0);
	REQUIRE_OK(maps_load(&maps));
	REQUIRE(maps_find(&maps, entry, &ml));
	EXPECT_EQ(ml.perms[2], 'x');

	phdr = auxv_get(main_envp, AUX_PHDR, &found);
	EXPECT(found && phdr != 0);
	phent = auxv_get(main_envp, AUX_PHENT, &found);
	EXPECT_EQ(phent, 56); /* sizeof(Elf64_Phdr) */
	phnum = auxv_get(main_envp, AUX_PHNUM, &found);
	EXPECT(found && phnum > 0);
	REQUIRE(phdr != 0 && phent == 56 && phnum < 100);
	for (unsigned long i = 0; i < phnum; i++)
		loads += *(uint32_t *)(phdr + i * phent) == PT_LOAD_TYPE;
	EXPECT_GT(loads, 0);
}

static void auxv_random_points_to_16_bytes(void)
{
	int found, zeros = 0;
	unsigned char *rnd =
	    (unsigned char *)auxv_get(main_envp, AUX_RANDOM, &found);
	char **p = main_envp;

	REQUIRE(found && rnd != NULL);
	for (int i = 0; i < 16; i++)
		zeros += rnd[i] == 0;
	EXPECT_LT(zeros, 16);
	/* It lives above the auxv, with the strings, on the stack. */
	while (*p)
		p++;
	EXPECT_GT((unsigned long)rnd, (unsigned long)p);
	EXPECT_OK(mincore((void *)((unsigned long)rnd & ~(PAGE_SZ - 1)),
			  PAGE_SZ, (unsigned char[1]){0}));
}

/* --child modes: run after execve by the cases above. */
static int child_args(int argc, char **argv, char **envp)
{
	static const char *want_argv[] = {"renamed", "--child", "args", NULL,
					  "a b",     "",	"x"};
	static const char *want_envp[] = {"FOO=bar", "EMPTY=", "TIDE_TEST=1"};
	int n = 0;

	EXPECT_EQ(argc, 7);
	REQUIRE(argc == 7);
	EXPECT(argv[7] == NULL);
	for (int i = 0; i < 7; i++) {
		if (want_argv[i])
			EXPECT_STREQ(argv[i], want_argv[i]);
	}
	EXPECT_EQ(atoi(argv[3]), getpid());
	while (envp[n])
		n++;
	EXPECT_EQ(n, 3);
	for (int i = 0; i < 3 && i < n; i++)
		EXPECT_STREQ(envp[i], want_envp[i]);
	EXPECT(envp == argv + argc + 1);
	return utest_failed;
}

static int child_fresh(int argc, char **argv)
{
	static struct maps maps;
	struct maps_line ml;

	REQUIRE(argc == 4);
	REQUIRE_OK(maps_load(&maps));
	EXPECT(!maps_find(&maps, strtoul(argv[3], NULL, 16), &ml));
	EXPECT_EQ(global_counter, 1);
	return utest_failed;
}

static int child_execfn(int argc, char **argv, char **envp)
{
	int found;
	const char *fn = (const char *)auxv_get(envp, AUX_EXECFN, &found);

	REQUIRE(argc == 4);
	REQUIRE(found && fn != NULL);
	EXPECT_STREQ(fn, argv[3]);
	return utest_failed;
}

static const struct utest_case cases[] = {
    UTEST(exit_status_reaches_parent),
    UTEST(exit_status_keeps_low_8_bits),
    UTEST(raw_exit_and_exit_group),
    UTEST(waitpid_waits_for_that_child),
    UTEST(wait4_wnohang_is_0_while_child_runs),
    UTEST(wait_without_children_is_echild),
    UTEST(fork_returns_the_child_pid),
    UTEST(getpid_matches_the_system_call),
    UTEST(child_memory_is_a_copy),
    UTEST(sigkill_is_reported_by_wait),
    UTEST(null_deref_is_sigsegv),
    UTEST(write_to_read_only_page_is_sigsegv),
    UTEST(jump_to_non_exec_page_is_sigsegv),
    UTEST(syscall_1000_is_enosys),
    UTEST(execve_missing_path_is_enoent),
    UTEST(execve_non_elf_is_enoexec),
    UTEST(execve_non_executable_is_eacces),
    UTEST(execve_passes_argv_and_envp),
    UTEST(execve_replaces_the_address_space),
    UTEST(auxv_execfn_is_the_execve_path),
    UTEST(initial_stack_layout),
    UTEST(auxv_describes_the_program),
    UTEST(auxv_random_points_to_16_bytes),
};

int main(int argc, char **argv, char **envp)
{
	main_argc = argc;
	main_argv = argv;
	main_envp = envp;
	self_path = strchr(argv[0], '/') ? argv[0] : "/proc/self/exe";
	if (argc >= 3 && strcmp(argv[1], "--child") == 0) {
		int failed = 1;

		if (strcmp(argv[2], "args") == 0)
			failed = child_args(argc, argv, envp);
		else if (strcmp(argv[2], "fresh") == 0)
			failed = child_fresh(argc, argv);
		else if (strcmp(argv[2], "execfn") == 0)
			failed = child_execfn(argc, argv, envp);
		fflush(stdout);
		return failed ? 1 : 0;
	}
	return utest_main(cases, UTEST_COUNT(cases));
}
