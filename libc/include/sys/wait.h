/*
 * Waiting for child processes.  The status word is Linux's encoding:
 *   exited with code c:    (c & 0xff) << 8
 *   killed by signal s:    s, | 0x80 if it dumped core
 *   stopped by signal s:   (s << 8) | 0x7f;  continued: 0xffff
 */
#ifndef _SYS_WAIT_H
#define _SYS_WAIT_H

#include <bits/types.h>

#define WNOHANG	   1
#define WUNTRACED  2
#define WSTOPPED   WUNTRACED
#define WEXITED	   4
#define WCONTINUED 8
#define WNOWAIT	   0x01000000

#define WEXITSTATUS(s)	(((s)&0xff00) >> 8)
#define WTERMSIG(s)	((s)&0x7f)
#define WSTOPSIG(s)	WEXITSTATUS(s)
#define WCOREDUMP(s)	((s)&0x80)
#define WIFEXITED(s)	(WTERMSIG(s) == 0)
#define WIFSTOPPED(s)	(((s)&0xff) == 0x7f)
#define WIFSIGNALED(s)	(((s)&0x7f) != 0 && ((s)&0x7f) != 0x7f)
#define WIFCONTINUED(s) ((s) == 0xffff)

struct rusage;

pid_t wait(int *status);
pid_t waitpid(pid_t pid, int *status, int options);
pid_t wait4(pid_t pid, int *status, int options, struct rusage *usage);

#endif
