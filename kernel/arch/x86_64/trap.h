/*
 * What trap.c calls out to, and what it offers: the portable handlers are
 * implemented elsewhere (mm/fault.c, proc/, the console driver).
 */
#ifndef TIDE_ARCH_TRAP_H
#define TIDE_ARCH_TRAP_H

#include "arch/x86_64/cpu.h"

/* QEMU isa-debug-exit codes (QEMU exits with (code << 1) | 1). */
#define EXIT_PASS  0
#define EXIT_FAIL  1
#define EXIT_PANIC 2

extern bool kernel_exit_on_panic;

/* Resolve a page fault at addr (error = x86 PF error code); 0 if the
 * access may be retried, negative if it can't be resolved. */
int arch_page_fault(struct trap_frame *f, uint64_t addr, uint64_t error);
/* A user-mode exception that was not resolved: signal the process. */
void user_exception(struct trap_frame *f);
/* Timer tick (IRQ 0), with the interrupted frame. */
void irq_timer(struct trap_frame *f);
/* Last stop before an interrupt or exception returns to user mode:
 * pending signals are acted on here. */
void return_to_user(struct trap_frame *f);
/* Console input (IRQ 4). */
void irq_console(void);

const char *trap_name(uint64_t vector);
void trap_report(const struct trap_frame *f);

#endif
