/*
 * trap_dispatch(): every exception and IRQ lands here with a trap frame.
 * This file decodes the hardware event and hands it to portable code:
 * page faults to vm_fault() (via arch_page_fault), user faults to the
 * process code, IRQs to their drivers.  A fault in the kernel that no
 * ktry is waiting for is a kernel bug: print everything and stop.
 */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/idt.h"
#include "arch/x86_64/ktry.h"
#include "arch/x86_64/pte.h"
#include "arch/x86_64/timer.h"
#include "arch/x86_64/trap.h"
#include "arch/x86_64/x86.h"
#include "lib/errno.h"
#include "lib/printk.h"

struct ktry *ktry_current;
bool kernel_exit_on_panic;

static const char *const exception_names[32] = {
    "#DE divide error",
    "#DB debug",
    "NMI",
    "#BP breakpoint",
    "#OF overflow",
    "#BR bound range",
    "#UD invalid opcode",
    "#NM device not available",
    "#DF double fault",
    "coprocessor segment overrun",
    "#TS invalid TSS",
    "#NP segment not present",
    "#SS stack fault",
    "#GP general protection",
    "#PF page fault",
    "reserved 15",
    "#MF x87 floating point",
    "#AC alignment check",
    "#MC machine check",
    "#XM SIMD floating point",
    "#VE virtualization",
    "#CP control protection",
    "reserved 22",
    "reserved 23",
    "reserved 24",
    "reserved 25",
    "reserved 26",
    "reserved 27",
    "#HV hypervisor injection",
    "#VC VMM communication",
    "#SX security",
    "reserved 31",
};

const char *trap_name(uint64_t vector)
{
	return vector < 32 ? exception_names[vector] : "interrupt";
}

static void print_pf_error(uint64_t err)
{
	printk("  error %#lx: %s, %s, %s mode%s%s\n", err,
	       err & PF_PRESENT ? "protection violation" : "page not present",
	       err & PF_INSTR ? "instruction fetch"
			      : (err & PF_WRITE ? "write" : "read"),
	       err & PF_USER ? "user" : "kernel",
	       err & PF_RSVD ? ", reserved bit set" : "", "");
}

void trap_report(const struct trap_frame *f)
{
	printk("\n*** kernel fault: %s (vector %lu) ***\n",
	       trap_name(f->vector), f->vector);
	if (f->vector == 14) {
		printk("  address %#018lx (CR2)\n", read_cr2());
		print_pf_error(f->error);
	} else {
		printk("  error %#lx\n", f->error);
	}
	printk("  RIP %#018lx  CS %#lx  RFLAGS %#lx\n", f->rip, f->cs,
	       f->rflags);
	printk("  RSP %#018lx  SS %#lx\n", f->rsp, f->ss);
	printk("  RAX %016lx RBX %016lx RCX %016lx\n", f->rax, f->rbx, f->rcx);
	printk("  RDX %016lx RSI %016lx RDI %016lx\n", f->rdx, f->rsi, f->rdi);
	printk("  RBP %016lx R8  %016lx R9  %016lx\n", f->rbp, f->r8, f->r9);
	printk("  R10 %016lx R11 %016lx R12 %016lx\n", f->r10, f->r11, f->r12);
	printk("  R13 %016lx R14 %016lx R15 %016lx\n", f->r13, f->r14, f->r15);
	printk("  CR0 %016lx CR3 %016lx CR4 %016lx\n", read_cr0(), read_cr3(),
	       read_cr4());
	printk("  [-] %p (faulting instruction)\n", (void *)f->rip);
	arch_backtrace((void *)f->rbp);
}

static __noreturn void kernel_fault(const struct trap_frame *f)
{
	trap_report(f);
	printk("tide: halted after a kernel fault\n");
	if (kernel_exit_on_panic)
		arch_shutdown(EXIT_PANIC);
	arch_halt_forever();
}

static void handle_irq(struct trap_frame *f)
{
	int irq = (int)f->vector - IRQ_BASE;
	pic_eoi(irq);
	if (irq == IRQ_TIMER) {
		timer_ticks++;
		irq_timer(f);
	} else if (irq == IRQ_COM1) {
		irq_console();
	}
}

void trap_dispatch(struct trap_frame *f)
{
	bool user = (f->cs & 3) == 3;

	if (f->vector >= IRQ_BASE) {
		handle_irq(f);
		if (user)
			return_to_user(f);
		return;
	}
	if (f->vector == 14) {
		uint64_t addr = read_cr2();
		if (arch_page_fault(f, addr, f->error) == 0) {
			if (user)
				return_to_user(f);
			return;
		}
		if (!user && ktry_current)
			ktry_fail(ktry_current, -EFAULT);
	}
	if (user) {
		user_exception(f);
		return_to_user(f);
		return;
	}
	if (ktry_current)
		ktry_fail(ktry_current, -EFAULT);
	kernel_fault(f);
}
