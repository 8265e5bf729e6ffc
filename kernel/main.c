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
#include "arch/x86_64/process.h"
#include "boot.h"
#include "dev/dev.h"
#include "fs/cpio.h"
#include "fs/vfs.h"
#include "ktest.h"
#include "mm/frame.h"
#include "mm/mm.h"
#include "mm/phys.h"
#include "proc/proc.h"
#include "proc/procfs.h"
#include "syscall/syscall.h"
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

/* The root file system: the boot archive unpacked into tmpfs, then the
 * kernel's own directories and files. */
static void mount_root(void)
{
	if (vfs_init() < 0)
		panic("mount_root: no memory for the root directory");
	for (int i = 0; i < boot_info.nmodules; i++) {
		struct boot_module *m = &boot_info.modules[i];
		int err =
		    cpio_unpack(phys_to_virt(m->start), m->end - m->start);
		if (err < 0)
			printk("tide: boot archive %s: error %d\n", m->name,
			       err);
	}
	if (dev_init() < 0 || procfs_init() < 0)
		panic("mount_root: cannot create /dev and /proc");
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
	invariant_checks = boot_arg("check", buf, sizeof(buf)) != NULL;
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

	mm_init();
	pic_init();
	timer_init();
	syscall_init();
	fpu_init();
	crash_on_request();
	if (kernel_exit_on_panic && ktest_run() != 0 && !boot_info.nmodules)
		arch_shutdown(EXIT_FAIL);

	mount_root();
	if (!boot_info.nmodules) {
		printk(
		    "tide: no boot archive (initrd.cpio), so no /bin/init\n");
		arch_shutdown(kernel_exit_on_panic ? EXIT_PASS : EXIT_FAIL);
	}
	console_init();
	char *init_argv[] = {"/bin/init", NULL};
	proc_start_init("/bin/init", init_argv);
	scheduler();
}
