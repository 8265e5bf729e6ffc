/*
 * strace PROG [ARGS...]: run PROG with tide's built-in system-call tracer.
 *
 * The kernel does the tracing: the child asks for it with tide's own
 * prctl option and then execs PROG, so the first line is PROG's execve.
 * Each call appears on the console as strace prints it, e.g.
 *   brk(NULL)                               = 0x40d000
 * On Linux the prctl fails (EINVAL) and this program says so.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define PR_TIDE_TRACE 0x54494445

int main(int argc, char *argv[])
{
	if (argc < 2) {
		fprintf(stderr, "usage: strace PROG [ARGS...]\n");
		return 2;
	}
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0) {
		perror("strace: fork");
		return 1;
	}
	if (pid == 0) {
		if (syscall(SYS_prctl, PR_TIDE_TRACE, 1, 0, 0, 0) < 0) {
			perror("strace: tracing needs tide's kernel");
			_exit(1);
		}
		execvp(argv[1], argv + 1);
		fprintf(stderr, "strace: %s: %s\n", argv[1], strerror(errno));
		_exit(127);
	}
	int status;
	if (waitpid(pid, &status, 0) < 0) {
		perror("strace: waitpid");
		return 1;
	}
	if (WIFSIGNALED(status)) {
		fprintf(stderr, "+++ killed by %s +++\n",
			WTERMSIG(status) == SIGSEGV
			    ? "SIGSEGV"
			    : strsignal(WTERMSIG(status)));
		return 128 + WTERMSIG(status);
	}
	return WEXITSTATUS(status);
}
