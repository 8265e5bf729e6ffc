/*
 * The arch interface portable kernel code calls: interrupts on/off,
 * halting, powering off, backtraces, and the trap frame layout.
 */
#ifndef TIDE_ARCH_CPU_H
#define TIDE_ARCH_CPU_H

#include "lib/types.h"

/* Saved by the trap and syscall entry code (trapentry.S), lowest first. */
struct trap_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector; /* exception/IRQ number, or TRAP_SYSCALL */
	uint64_t error;	 /* CPU error code, or 0 */
	uint64_t rip, cs, rflags, rsp, ss; /* as pushed by the CPU */
};

#define TRAP_SYSCALL 0x100

uint64_t arch_irq_save(void);
void arch_irq_restore(uint64_t flags);
__noreturn void arch_halt_forever(void);
/* Exit QEMU with status (code << 1) | 1 via isa-debug-exit if present,
 * else power off through ACPI, else halt. */
__noreturn void arch_shutdown(int code);
/* Prints return addresses by following saved frame pointers from rbp. */
void arch_backtrace(void *rbp);
/* Wait for the next interrupt with interrupts enabled. */
void arch_idle(void);

#endif
