/*
 * Error and signal texts, worded as glibc's so that output matches Linux:
 * strerror(EINVAL) is "Invalid argument", strsignal(SIGSEGV)
 * "Segmentation fault".
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "errlist.h"
#include "lib/format.h"

static const char *const siglist[NSIG] = {
    [SIGHUP] = "Hangup",
    [SIGINT] = "Interrupt",
    [SIGQUIT] = "Quit",
    [SIGILL] = "Illegal instruction",
    [SIGTRAP] = "Trace/breakpoint trap",
    [SIGABRT] = "Aborted",
    [SIGBUS] = "Bus error",
    [SIGFPE] = "Floating point exception",
    [SIGKILL] = "Killed",
    [SIGUSR1] = "User defined signal 1",
    [SIGSEGV] = "Segmentation fault",
    [SIGUSR2] = "User defined signal 2",
    [SIGPIPE] = "Broken pipe",
    [SIGALRM] = "Alarm clock",
    [SIGTERM] = "Terminated",
    [SIGSTKFLT] = "Stack fault",
    [SIGCHLD] = "Child exited",
    [SIGCONT] = "Continued",
    [SIGSTOP] = "Stopped (signal)",
    [SIGTSTP] = "Stopped",
    [SIGTTIN] = "Stopped (tty input)",
    [SIGTTOU] = "Stopped (tty output)",
    [SIGURG] = "Urgent I/O condition",
    [SIGXCPU] = "CPU time limit exceeded",
    [SIGXFSZ] = "File size limit exceeded",
    [SIGVTALRM] = "Virtual timer expired",
    [SIGPROF] = "Profiling timer expired",
    [SIGWINCH] = "Window changed",
    [SIGIO] = "I/O possible",
    [SIGPWR] = "Power failure",
    [SIGSYS] = "Bad system call",
};

/* Returns a static text; unknown numbers get "Unknown error N" in a
 * buffer that the next such call overwrites. */
char *strerror(int errnum)
{
	static char unknown[32];

	if (errnum >= 0 && errnum < (int)(sizeof(errlist) / sizeof(*errlist)) &&
	    errlist[errnum])
		return (char *)errlist[errnum];
	fmt_snprintf(unknown, sizeof(unknown), "Unknown error %d", errnum);
	return unknown;
}

/* Returns 0, or ERANGE if buf is too small (it then holds a prefix). */
int strerror_r(int errnum, char *buf, size_t len)
{
	const char *text = strerror(errnum);
	size_t n = strlen(text);

	if (len == 0)
		return ERANGE;
	strlcpy(buf, text, len);
	return n >= len ? ERANGE : 0;
}

char *strsignal(int sig)
{
	static char unknown[32];

	if (sig > 0 && sig < NSIG && siglist[sig])
		return (char *)siglist[sig];
	if (sig >= SIGRTMIN && sig <= SIGRTMAX)
		fmt_snprintf(unknown, sizeof(unknown), "Real-time signal %d",
			     sig - SIGRTMIN);
	else
		fmt_snprintf(unknown, sizeof(unknown), "Unknown signal %d",
			     sig);
	return unknown;
}

void perror(const char *s)
{
	const char *text = strerror(errno);

	if (s && *s)
		fprintf(stderr, "%s: %s\n", s, text);
	else
		fprintf(stderr, "%s\n", text);
}

void psignal(int sig, const char *s)
{
	if (s && *s)
		fprintf(stderr, "%s: %s\n", s, strsignal(sig));
	else
		fprintf(stderr, "%s\n", strsignal(sig));
}
