/*
 * init: the first process, PID 1.
 *
 * It reads the words of the kernel command line (/proc/cmdline, or its
 * own arguments when it has some, for trying it out on a host) and does
 * one of four things:
 *
 *   (nothing)        runs /bin/sh, and a new one whenever it exits
 *   test             runs every program in /tests, then powers off
 *   run=PROG,A1,A2   runs PROG A1 A2 (a name without '/' is in /bin),
 *                    then powers off
 *   init=PATH        becomes PATH, as Linux's init= does (for when the
 *                    kernel started /bin/init anyway)
 *
 * Meanwhile it reaps every orphan, since orphans are given to PID 1.
 * Lines for the test runner start with "# " and go to stdout:
 *
 *   # test NAME          before /tests/NAME runs; its output follows
 *   # exit NAME STATUS   STATUS: the wait status, in decimal (0 = exit 0)
 *   # tests done
 *   # exit-status N      test: 0 if every program exited 0, else 1;
 *                        run=: PROG's exit code, or 128 + its signal
 *
 * then init calls reboot(LINUX_REBOOT_CMD_POWER_OFF), which tide turns
 * into leaving QEMU; for N other than 0 it first tries
 * reboot(LINUX_REBOOT_CMD_RESTART2, "exit=N"), which tide turns into
 * leaving QEMU with exit code N.  Only a real PID 1 powers off; run
 * anywhere else, init exits with N instead.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_WORDS    32
#define MAX_ARGS     16
#define MAX_TESTS    256
#define TEST_TIMEOUT 120 /* seconds a test program may run (TCG is slow) */
#define TESTS_DIR    "/tests"
#define SHELL	     "/bin/sh"

/* reboot(2)'s magic numbers and commands, from <linux/reboot.h>. */
#define REBOOT_MAGIC1	0xfee1dead
#define REBOOT_MAGIC2	672274793
#define REBOOT_POWEROFF 0x4321fedc
#define REBOOT_RESTART2 0xa1b2c3d4 /* with a command string */

static char *child_env[] = {"PATH=/bin", "HOME=/", NULL};
static char cmdline[1024];

/* Splits the kernel command line into words; returns how many. */
static int read_cmdline(char *words[])
{
	int fd = open("/proc/cmdline", O_RDONLY);
	ssize_t len = fd < 0 ? -1 : read(fd, cmdline, sizeof(cmdline) - 1);
	int n = 0;

	if (fd >= 0)
		close(fd);
	if (len < 0) {
		dprintf(2, "init: /proc/cmdline: %s\n", strerror(errno));
		return 0;
	}
	cmdline[len] = '\0';
	for (char *w = strtok(cmdline, " \t\n"); w && n < MAX_WORDS;
	     w = strtok(NULL, " \t\n"))
		words[n++] = w;
	return n;
}

/* Starts path with argv in a child; returns its pid, or -1. */
static pid_t spawn(const char *path, char *const argv[])
{
	pid_t pid = fork();

	if (pid == 0) {
		execve(path, argv, child_env);
		dprintf(2, "init: %s: %s\n", path, strerror(errno));
		_exit(127);
	}
	if (pid < 0)
		dprintf(2, "init: fork: %s\n", strerror(errno));
	return pid;
}

/*
 * Waits until child pid ends and returns its wait status, reaping any
 * orphan that ends meanwhile.  Returns -1 if pid is not our child.
 */
static int wait_for(pid_t pid)
{
	for (;;) {
		int status;
		pid_t got = wait(&status);

		if (got == pid)
			return status;
		if (got < 0 && errno != EINTR)
			return -1;
	}
}

/*
 * wait_for() with a deadline: a test program that hangs is killed after
 * TEST_TIMEOUT seconds (and reported), so one bad test cannot stop the
 * whole run.
 */
static int wait_for_deadline(pid_t pid, const char *name)
{
	struct timespec start, now, nap = {0, 20 * 1000 * 1000};
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		int status;
		pid_t got = waitpid(-1, &status, WNOHANG);
		if (got == pid)
			return status;
		if (got < 0 && errno != EINTR)
			return -1;
		if (got > 0)
			continue; /* an orphan */
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec - start.tv_sec > TEST_TIMEOUT) {
			dprintf(1,
				"# init: %s still running after %d s: killed\n",
				name, TEST_TIMEOUT);
			kill(pid, SIGKILL);
			return wait_for(pid);
		}
		nanosleep(&nap, NULL);
	}
}

/* MemFree from /proc/meminfo in kB, or -1. */
static long mem_free_kb(void)
{
	char buf[1024];
	int fd = open("/proc/meminfo", O_RDONLY);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	char *p = strstr(buf, "MemFree:");
	return p ? strtol(p + 8, NULL, 10) : -1;
}

/* Reaps orphans forever: what PID 1 does when it has nothing else. */
static void reap_forever(void)
{
	for (;;)
		if (wait(NULL) < 0)
			sleep(1);
}

/*
 * Prints "# exit-status N" and powers off; exits with N if not PID 1.
 * N other than 0 also goes to the kernel, as RESTART2's command string
 * "exit=N": tide makes QEMU exit with it (a kernel that does not know
 * the string gets a plain power off).
 */
static void power_off(int code)
{
	char arg[16];

	dprintf(1, "# exit-status %d\n", code);
	if (getpid() != 1)
		exit(code);
	snprintf(arg, sizeof(arg), "exit=%d", code);
	if (code != 0)
		syscall(SYS_reboot, REBOOT_MAGIC1, REBOOT_MAGIC2,
			REBOOT_RESTART2, arg);
	syscall(SYS_reboot, REBOOT_MAGIC1, REBOOT_MAGIC2, REBOOT_POWEROFF,
		NULL);
	dprintf(2, "init: reboot: %s\n", strerror(errno));
	reap_forever(); /* PID 1 must not exit */
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Fills names with the executable files in TESTS_DIR; returns how many. */
static int list_tests(char *names[])
{
	DIR *dir = opendir(TESTS_DIR);
	struct dirent *de;
	int n = 0;

	if (!dir)
		return -1;
	while ((de = readdir(dir)) && n < MAX_TESTS) {
		char path[512];
		struct stat st;

		snprintf(path, sizeof(path), "%s/%s", TESTS_DIR, de->d_name);
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
		    (st.st_mode & 0111))
			names[n++] = strdup(de->d_name);
	}
	closedir(dir);
	qsort(names, n, sizeof(names[0]), by_name);
	return n;
}

/* test: each program in /tests in its own child, in name order. */
static void run_tests(void)
{
	static char *names[MAX_TESTS];
	int n = list_tests(names), failed = 0;
	long free_before = mem_free_kb();

	if (n < 0) {
		dprintf(1, "# init: %s: %s\n", TESTS_DIR, strerror(errno));
		failed = 1;
	}
	for (int i = 0; i < n; i++) {
		char path[512];
		char *argv[] = {path, NULL};
		pid_t pid;
		int status = -1;

		snprintf(path, sizeof(path), "%s/%s", TESTS_DIR, names[i]);
		dprintf(1, "# test %s\n", names[i]);
		pid = spawn(path, argv);
		if (pid > 0)
			status = wait_for_deadline(pid, names[i]);
		dprintf(1, "# exit %s %d\n", names[i], status);
		if (status != 0)
			failed = 1;
	}
	/* Every frame the tests used must be free again: the kernel counts
	 * frames exactly, and MemFree is that count times 4 kB. */
	long free_after = mem_free_kb();
	dprintf(1,
		"%s 1 - init: no memory leaked by the suite (MemFree %ld kB "
		"before, %ld kB after)\n",
		free_before > 0 && free_after == free_before ? "ok" : "not ok",
		free_before, free_after);
	if (free_after != free_before)
		failed = 1;
	dprintf(1, "# tests done\n");
	power_off(failed);
}

/* run=PROG,A1,A2: PROG A1 A2, then its exit code (128 + signal). */
static void run_one(char *spec)
{
	static char path[256];
	char *argv[MAX_ARGS + 1];
	int argc = 0, status, code = 127;
	pid_t pid;

	for (char *a = strtok(spec, ","); a && argc < MAX_ARGS;
	     a = strtok(NULL, ","))
		argv[argc++] = a;
	argv[argc] = NULL;
	if (argc == 0) {
		dprintf(2, "init: run= names no program\n");
		power_off(127);
	}
	if (strchr(argv[0], '/'))
		snprintf(path, sizeof(path), "%s", argv[0]);
	else
		snprintf(path, sizeof(path), "/bin/%s", argv[0]);
	pid = spawn(path, argv);
	if (pid > 0 && (status = wait_for(pid)) >= 0)
		code = WIFEXITED(status) ? WEXITSTATUS(status)
					 : 128 + WTERMSIG(status);
	power_off(code);
}

/* The default: a shell on the console, restarted whenever it exits. */
static void run_shell(void)
{
	char *argv[] = {"sh", NULL};

	dprintf(1, "\nWelcome to tide. Type 'help' for the commands and the "
		   "memory experiments.\n\n");
	for (;;) {
		time_t started = time(NULL);
		pid_t pid = spawn(SHELL, argv);
		int status = 0;

		if (pid > 0 && (status = wait_for(pid)) >= 0) {
			if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
				dprintf(2,
					"init: cannot run %s; only reaping "
					"orphans now\n",
					SHELL);
				reap_forever();
			}
			dprintf(1,
				"init: %s ended (wait status %d); "
				"starting a new one\n",
				SHELL, status);
		}
		if (time(NULL) - started < 1)
			sleep(1); /* do not spin on a shell that dies at once */
	}
}

int main(int argc, char *argv[])
{
	char *words[MAX_WORDS];
	int n = 0;

	/* Linux gives init the console as fds 0-2; be ready if not. */
	if (fcntl(0, F_GETFD) < 0 && open("/dev/console", O_RDWR) == 0) {
		dup2(0, 1);
		dup2(0, 2);
	}
	if (chdir("/") != 0)
		dprintf(2, "init: chdir /: %s\n", strerror(errno));

	if (argc > 1)
		for (n = 0; n + 1 < argc && n < MAX_WORDS; n++)
			words[n] = argv[n + 1];
	else
		n = read_cmdline(words);

	for (int i = 0; i < n; i++) {
		if (strncmp(words[i], "init=", 5) == 0 &&
		    strcmp(words[i] + 5, "/bin/init") != 0) {
			char *args[] = {words[i] + 5, NULL};

			execve(args[0], args, child_env);
			dprintf(2, "init: %s: %s\n", args[0], strerror(errno));
		}
	}
	for (int i = 0; i < n; i++) {
		if (strcmp(words[i], "test") == 0)
			run_tests();
		if (strncmp(words[i], "run=", 4) == 0)
			run_one(words[i] + 4);
	}
	run_shell();
	return 0;
}
