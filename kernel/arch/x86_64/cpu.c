/*
 * Small CPU services for portable code: interrupt flag, halt, shutdown,
 * frame-pointer backtraces.
 */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/memlayout.h"
#include "arch/x86_64/x86.h"
#include "lib/printk.h"

#define ISA_DEBUG_EXIT_PORT 0xf4 /* QEMU: -device isa-debug-exit,iobase=0xf4 */

uint64_t arch_irq_save(void)
{
	return irq_save();
}

void arch_irq_restore(uint64_t flags)
{
	irq_restore(flags);
}

void arch_halt_forever(void)
{
	for (;;) {
		cli();
		hlt();
	}
}

void arch_idle(void)
{
	sti_hlt();
}

void arch_shutdown(int code)
{
	cli();
	/* QEMU exits with status (code << 1) | 1 if the device is there. */
	outl(ISA_DEBUG_EXIT_PORT, (uint32_t)code);
	/* ACPI power-off on QEMU's PIIX4 (i440fx) and ICH9 (q35) boards. */
	outw(0x604, 0x2000);
	outw(0xb004, 0x2000);
	printk("tide: power off failed; halting\n");
	arch_halt_forever();
}

static bool kernel_stack_address(uint64_t a)
{
	return a >= DIRECT_MAP_BASE && (a & 7) == 0;
}

void arch_backtrace(void *rbp)
{
	uint64_t *fp = rbp;
	printk("backtrace:\n");
	for (int depth = 0; depth < 16 && kernel_stack_address((uint64_t)fp);
	     depth++) {
		uint64_t ret = fp[1];
		if (ret < KERNEL_BASE)
			break;
		printk("  [%d] %p\n", depth, (void *)ret);
		fp = (uint64_t *)fp[0];
	}
}
