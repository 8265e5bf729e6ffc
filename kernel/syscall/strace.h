/*
 * tide's built-in strace: when a process is traced (the strace program
 * sets it), the kernel prints each of its system calls on the console in
 * strace's format, e.g.
 *   mmap(NULL, 20, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7ffff7ff8000
 */
#ifndef TIDE_SYSCALL_STRACE_H
#define TIDE_SYSCALL_STRACE_H

#include "syscall/syscall.h"

struct proc;

void strace_enter(struct proc *p, uint64_t nr, const struct syscall_args *a);
void strace_exit(struct proc *p, uint64_t nr, const struct syscall_args *a,
		 long ret);

#endif
