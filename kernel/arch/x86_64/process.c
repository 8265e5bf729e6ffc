/*
 * Processes as the CPU sees them.  A new kernel stack looks like this:
 *
 *   kstack_top -> +--------------------+
 *                 | struct trap_frame  |  user state (p->tf); leaving the
 *                 |                    |  kernel restores it (trapentry.S)
 *                 +--------------------+
 *                 | rip = fork_return  |  context_switch "returns" here
 *                 | rbp rbx r12..r15 0 |  p->context
 *                 +--------------------+
 *
 * syscall/sysret need STAR (segment bases), LSTAR (entry point) and FMASK
 * (RFLAGS bits cleared on entry: IF, so the kernel runs with interrupts
 * off, plus TF, DF and AC).  Intel SDM Vol. 3A, 5.8.8.
 */
#include "arch/x86_64/process.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/paging.h"
#include "arch/x86_64/x86.h"
#include "proc/proc.h"
#include "lib/string.h"

struct context {
	uint64_t r15, r14, r13, r12, rbx, rbp, rip;
};

extern char fork_return[], syscall_entry[];
extern uint64_t syscall_kernel_rsp;

void arch_proc_init_stack(struct proc *p)
{
	p->tf = (struct trap_frame *)p->kstack_top - 1;
	memset(p->tf, 0, sizeof(*p->tf));
	struct context *c = (struct context *)p->tf - 1;
	memset(c, 0, sizeof(*c));
	c->rip = (uint64_t)fork_return;
	p->context = c;
}

void arch_switch_to(struct proc *p)
{
	tss_set_rsp0(p->kstack_top);
	syscall_kernel_rsp = p->kstack_top;
	if (p->mm && (read_cr3() & PTE_ADDR_MASK) != p->mm->root)
		write_cr3(p->mm->root);
	wrmsr(MSR_FS_BASE, p->fs_base);
}

void arch_use_kernel_root(void)
{
	write_cr3(kernel_root);
}

void arch_user_frame(struct trap_frame *tf, vaddr_t rip, vaddr_t rsp)
{
	memset(tf, 0, sizeof(*tf));
	tf->rip = rip;
	tf->rsp = rsp;
	tf->cs = USER_CS;
	tf->ss = USER_DS;
	tf->rflags = RFLAGS_IF | 0x2; /* bit 1 is always set */
	tf->vector = 0;		      /* leave by iretq */
}

void arch_set_fs_base(uint64_t base)
{
	wrmsr(MSR_FS_BASE, base);
}

void syscall_init(void)
{
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
	wrmsr(MSR_STAR, ((uint64_t)GDT_USER_BASE << 48) |
			    ((uint64_t)GDT_KERNEL_CODE << 32));
	wrmsr(MSR_LSTAR, (uint64_t)syscall_entry);
	/* IF, TF, DF, AC, NT */
	wrmsr(MSR_FMASK,
	      RFLAGS_IF | (1 << 8) | (1 << 10) | RFLAGS_AC | (1 << 14));
}

static uint8_t fpu_default[512] __attribute__((aligned(16)));

void fpu_init(void)
{
	/* CR0: MP on, EM off (no emulation); CR4: OSFXSR, OSXMMEXCPT.
	 * Intel SDM Vol. 3A, 13.1.3. */
	write_cr0((read_cr0() & ~(1UL << 2)) | (1UL << 1));
	write_cr4(read_cr4() | (1UL << 9) | (1UL << 10));
	uint32_t mxcsr = 0x1f80; /* all exceptions masked */
	__asm__ volatile("fninit; ldmxcsr %0" : : "m"(mxcsr));
	fpu_save(fpu_default);
}

void fpu_save(uint8_t *area)
{
	__asm__ volatile("fxsave64 (%0)" : : "r"(area) : "memory");
}

void fpu_restore(const uint8_t *area)
{
	__asm__ volatile("fxrstor64 (%0)" : : "r"(area) : "memory");
}

void fpu_reset(uint8_t *area)
{
	memcpy(area, fpu_default, sizeof(fpu_default));
}
