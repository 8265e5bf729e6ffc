/*
 * Process exit: atexit handlers (last registered runs first), then stdio
 * flushing, then the exit_group system call.  abort() raises SIGABRT.
 */
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include "internal.h"

#define ATEXIT_MAX 64 /* C requires at least 32 */

static void (*atexit_fns[ATEXIT_MAX])(void);
static int atexit_count;

/* Returns 0, or -1 if the table is full. */
int atexit(void (*fn)(void))
{
	if (atexit_count == ATEXIT_MAX)
		return -1;
	atexit_fns[atexit_count++] = fn;
	return 0;
}

void exit(int status)
{
	/* A handler may call atexit or exit again; take each entry off the
	 * table before running it so every one runs once. */
	while (atexit_count > 0)
		atexit_fns[--atexit_count]();
	__stdio_flush_all();
	_exit(status);
}

/*
 * Unblocks SIGABRT and raises it.  If a handler catches it and returns,
 * the default action is restored and the signal raised again, so abort
 * never returns.
 */
void abort(void)
{
	sigset_t set;
	struct sigaction dfl = {0};

	sigemptyset(&set);
	sigaddset(&set, SIGABRT);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	raise(SIGABRT);

	dfl.sa_handler = SIG_DFL;
	sigaction(SIGABRT, &dfl, NULL);
	raise(SIGABRT);
	_exit(127);
}
