/*
 * Processes: fork, exec, wait, exit, ids, process groups and signals to
 * other processes.  Thin wrappers, except the exec variants that search
 * PATH or take their arguments as a list.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "internal.h"

pid_t fork(void)
{
	return (pid_t)SYSCALL0(fork);
}

/* A real vfork shares the parent's stack with the child, which a C
 * wrapper cannot survive; fork gives the same results. */
pid_t vfork(void)
{
	return fork();
}

int execve(const char *path, char *const argv[], char *const envp[])
{
	return (int)SYSCALL3(execve, path, argv, envp);
}

int execv(const char *path, char *const argv[])
{
	return execve(path, argv, environ);
}

/*
 * Tries each directory of PATH in turn.  Returns -1 with errno EACCES if
 * some candidate existed but could not be run, otherwise the last error
 * (usually ENOENT).
 */
int execvpe(const char *file, char *const argv[], char *const envp[])
{
	const char *path = getenv("PATH");
	char buf[PATH_MAX];
	size_t flen = strlen(file);
	int saw_eacces = 0;

	if (flen == 0) {
		errno = ENOENT;
		return -1;
	}
	if (strchr(file, '/'))
		return execve(file, argv, envp);
	if (path == NULL)
		path = "/bin:/usr/bin";
	for (const char *p = path;; p++) {
		const char *end = strchrnul(p, ':');
		size_t dlen = end - p;

		if (dlen + 1 + flen + 1 <= sizeof(buf)) {
			memcpy(buf, p, dlen);
			if (dlen == 0) /* an empty entry means "." */
				buf[dlen++] = '.';
			buf[dlen] = '/';
			memcpy(buf + dlen + 1, file, flen + 1);
			execve(buf, argv, envp);
			if (errno == EACCES)
				saw_eacces = 1;
			else if (errno != ENOENT && errno != ENOTDIR)
				return -1; /* found, but it failed to run */
		}
		if (*end == '\0')
			break;
		p = end;
	}
	if (saw_eacces)
		errno = EACCES;
	return -1;
}

int execvp(const char *file, char *const argv[])
{
	return execvpe(file, argv, environ);
}

/* Collects the NULL-terminated argument list of execl and friends into
 * argv (room for max entries); returns -1 (E2BIG) if it does not fit. */
static int collect_args(const char *arg0, va_list ap, char **argv, int max)
{
	int n = 0;

	argv[n++] = (char *)arg0;
	while (argv[n - 1] != NULL) {
		if (n == max) {
			errno = E2BIG;
			return -1;
		}
		argv[n++] = va_arg(ap, char *);
	}
	return 0;
}

#define EXECL_MAX_ARGS 256

int execl(const char *path, const char *arg, ...)
{
	char *argv[EXECL_MAX_ARGS];
	va_list ap;
	int r;

	va_start(ap, arg);
	r = collect_args(arg, ap, argv, EXECL_MAX_ARGS);
	va_end(ap);
	return r < 0 ? -1 : execve(path, argv, environ);
}

int execlp(const char *file, const char *arg, ...)
{
	char *argv[EXECL_MAX_ARGS];
	va_list ap;
	int r;

	va_start(ap, arg);
	r = collect_args(arg, ap, argv, EXECL_MAX_ARGS);
	va_end(ap);
	return r < 0 ? -1 : execvp(file, argv);
}

/* execle: the environment pointer follows the NULL ending the list. */
int execle(const char *path, const char *arg, ...)
{
	char *argv[EXECL_MAX_ARGS];
	char **envp;
	va_list ap;
	int r;

	va_start(ap, arg);
	r = collect_args(arg, ap, argv, EXECL_MAX_ARGS);
	envp = va_arg(ap, char **);
	va_end(ap);
	return r < 0 ? -1 : execve(path, argv, envp);
}

/* Ends the whole process (all threads, were there any) without running
 * atexit handlers or flushing stdio. */
void _exit(int status)
{
	for (;;) {
		__syscall1(SYS_exit_group, status);
		__syscall1(SYS_exit, status);
	}
}

void _Exit(int status)
{
	_exit(status);
}

pid_t wait4(pid_t pid, int *status, int options, struct rusage *usage)
{
	return (pid_t)SYSCALL4(wait4, pid, status, options, usage);
}

pid_t waitpid(pid_t pid, int *status, int options)
{
	return wait4(pid, status, options, NULL);
}

pid_t wait(int *status)
{
	return wait4(-1, status, 0, NULL);
}

/* The id calls cannot fail. */
pid_t getpid(void)
{
	return (pid_t)__syscall0(SYS_getpid);
}

pid_t getppid(void)
{
	return (pid_t)__syscall0(SYS_getppid);
}

pid_t gettid(void)
{
	return (pid_t)__syscall0(SYS_gettid);
}

uid_t getuid(void)
{
	return (uid_t)__syscall0(SYS_getuid);
}

uid_t geteuid(void)
{
	return (uid_t)__syscall0(SYS_geteuid);
}

gid_t getgid(void)
{
	return (gid_t)__syscall0(SYS_getgid);
}

gid_t getegid(void)
{
	return (gid_t)__syscall0(SYS_getegid);
}

int setuid(uid_t uid)
{
	return (int)SYSCALL1(setuid, uid);
}

int setgid(gid_t gid)
{
	return (int)SYSCALL1(setgid, gid);
}

int setpgid(pid_t pid, pid_t pgid)
{
	return (int)SYSCALL2(setpgid, pid, pgid);
}

pid_t getpgid(pid_t pid)
{
	return (pid_t)SYSCALL1(getpgid, pid);
}

pid_t getpgrp(void)
{
	return getpgid(0);
}

pid_t setsid(void)
{
	return (pid_t)SYSCALL0(setsid);
}

pid_t getsid(pid_t pid)
{
	return (pid_t)SYSCALL1(getsid, pid);
}

int kill(pid_t pid, int sig)
{
	return (int)SYSCALL2(kill, pid, sig);
}

int killpg(pid_t pgrp, int sig)
{
	if (pgrp < 0) {
		errno = EINVAL;
		return -1;
	}
	return kill(-pgrp, sig);
}

int getrlimit(int resource, struct rlimit *rlim)
{
	return (int)SYSCALL2(getrlimit, resource, rlim);
}

int setrlimit(int resource, const struct rlimit *rlim)
{
	return (int)SYSCALL2(setrlimit, resource, rlim);
}

int getrusage(int who, struct rusage *usage)
{
	return (int)SYSCALL2(getrusage, who, usage);
}

int sched_yield(void)
{
	return (int)SYSCALL0(sched_yield);
}
