/* execve: load a static ELF program into the current process.  See exec.c. */
#ifndef TIDE_PROC_EXEC_H
#define TIDE_PROC_EXEC_H

#include "lib/types.h"

/*
 * Replaces current's program with the executable at kpath (a kernel
 * string), with argv and envp (NULL-terminated vectors in user memory, or
 * kernel memory if from_kernel).  On success the trap frame enters the
 * new program when the kernel returns to user mode; on failure (-ENOENT,
 * -EACCES, -ENOEXEC, -E2BIG, -EFAULT, -ENOMEM) the old program goes on.
 */
int exec_program(const char *kpath, const char *const *argv,
		 const char *const *envp, bool from_kernel);

#endif
