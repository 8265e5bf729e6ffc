/*
 * The arch half of processes: building a new kernel stack, switching the
 * CPU to another process (CR3, TSS.rsp0, the syscall stack, FS base), and
 * setting up the syscall MSRs.  See process.c.
 */
#ifndef TIDE_ARCH_PROCESS_H
#define TIDE_ARCH_PROCESS_H

#include "arch/x86_64/cpu.h"

struct proc;
struct context;

/* Lays out p's new kernel stack: a zeroed user trap frame at the top
 * (p->tf) and a context that starts at fork_return (p->context). */
void arch_proc_init_stack(struct proc *p);
/* Loads p's address space and stacks into the CPU. */
void arch_switch_to(struct proc *p);
/* Uses the kernel's own page tables (before an mm is destroyed). */
void arch_use_kernel_root(void);
/* A user frame that starts at rip with the stack at rsp, registers 0. */
void arch_user_frame(struct trap_frame *tf, vaddr_t rip, vaddr_t rsp);
void arch_set_fs_base(uint64_t base);
void syscall_init(void);

/* User FPU/SSE state: the kernel itself never touches these registers,
 * so they only need saving when another process gets the CPU. */
void fpu_init(void);
void fpu_save(uint8_t *area);
void fpu_restore(const uint8_t *area);
void fpu_reset(uint8_t *area); /* the state a new program starts with */

void context_switch(struct context **save, struct context *next);

#endif
