/*
 * kmain(): tide's start-up, in order.  Each step needs the ones above it.
 * boot.S calls this in 64-bit mode on the early page tables and the boot
 * stack, with interrupts off.
 */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/idt.h"
#include "arch/x86_64/paging.h"
#include "arch/x86_64/serial.h"
#include "arch/x86_64/timer.h"
#include "arch/x86_64/trap.h"
#include "boot.h"
#include "ktest.h"
#include "mm/frame.h"
#include "lib/panic.h"
#include "lib/printk.h"

#define TIDE_VERSION "0.1"

static void print_memory_summary(void)
{
	uint64_t total = frame_total_count(), nfree = frame_free_count();
	printk("memory: %lu MiB usable, %lu MiB free (%lu of %lu frames)\n",
	       total >> 8, nfree >> 8, nfree, total);
}

static void crash_on_request(void)
{
	char how[16];
	if (!boot_arg("crash", how, sizeof(how)))
		return;
	printk("crash=%s: faulting on purpose\n", how);
	*(volatile int *)0xdead000 = 1; /* unmapped: a kernel page fault */
}

void kmain(uint32_t magic, paddr_t info)
{
	char buf[8];

	serial_init();
	gdt_init();
	idt_init();
	if (boot_info_parse(magic, info) < 0)
		panic("kmain: not started by a Multiboot loader (magic %#x)",
		      magic);
	kernel_exit_on_panic = boot_arg("test", buf, sizeof(buf)) != NULL;
	printk("tide " TIDE_VERSION
	       ": a teaching kernel for x86-64 (booted by %s)\n",
	       boot_info.loader);
	printk("command line: \"%s\"\n", boot_info.cmdline);

	if (frame_init(boot_info.ram, boot_info.nram, boot_info.reserved,
		       boot_info.nreserved) < 0)
		panic("kmain: no memory for the frame table");
	paging_init();
	print_memory_summary();
	if (boot_arg("poweroff", buf, sizeof(buf)))
		arch_shutdown(EXIT_PASS); /* tools/qemu-accel.sh's probe */

	pic_init();
	timer_init();
	crash_on_request();

	if (kernel_exit_on_panic)
		arch_shutdown(ktest_run() == 0 ? EXIT_PASS : EXIT_FAIL);

	printk("tide: nothing to run yet; idling\n");
	for (;;)
		arch_idle();
}
