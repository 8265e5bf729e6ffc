/* The x86-64 signal frame (Linux's layout).  See sigframe.c. */
#ifndef TIDE_ARCH_SIGFRAME_H
#define TIDE_ARCH_SIGFRAME_H

#include "arch/x86_64/cpu.h"

struct k_sigaction;
struct ksiginfo;

/* Saves the user state in tf on the user stack as Linux's rt_sigframe
 * and points tf at the handler.  0, or -EFAULT if the stack is bad. */
int arch_setup_sigframe(struct trap_frame *tf, int sig,
			const struct k_sigaction *ka,
			const struct ksiginfo *info, uint64_t oldmask);
/* rt_sigreturn: restores the state saved by the frame at tf->rsp - 8;
 * *mask gets the saved signal mask.  0, or -EFAULT. */
int arch_sigreturn(struct trap_frame *tf, uint64_t *mask);

#endif
