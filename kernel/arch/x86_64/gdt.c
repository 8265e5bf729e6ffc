/*
 * The GDT and the TSS.  Long mode ignores segment bases and limits, but
 * still needs code/data descriptors for the privilege levels and a TSS
 * whose rsp0 is the stack the CPU switches to on an interrupt from ring 3
 * (Intel SDM Vol. 3A, 7.7).  ist1 gives double faults a stack of their own.
 */
#include "arch/x86_64/gdt.h"
#include "lib/types.h"

struct tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __packed;

static struct tss tss;
static uint8_t double_fault_stack[8192] __attribute__((aligned(16)));

static uint64_t gdt[8] = {
    0,
    0x00af9a000000ffff, /* kernel code: 64-bit, DPL 0 */
    0x00cf92000000ffff, /* kernel data */
    0x00cffa000000ffff, /* 32-bit user code (unused; STAR anchor) */
    0x00cff2000000ffff, /* user data, DPL 3 */
    0x00affa000000ffff, /* user code: 64-bit, DPL 3 */
    0,			/* TSS, low half (filled in below) */
    0,			/* TSS, high half */
};

struct gdt_ptr {
	uint16_t limit;
	uint64_t base;
} __packed;

void gdt_init(void)
{
	uint64_t base = (uint64_t)&tss;
	uint64_t limit = sizeof(tss) - 1;

	tss.iomap_base = sizeof(tss);
	tss.ist[0] = (uint64_t)double_fault_stack + sizeof(double_fault_stack);
	gdt[GDT_TSS / 8] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
			   (0x89UL << 40) | /* present, 64-bit TSS available */
			   (((base >> 24) & 0xff) << 56);
	gdt[GDT_TSS / 8 + 1] = base >> 32;

	struct gdt_ptr p = {sizeof(gdt) - 1, (uint64_t)gdt};
	__asm__ volatile("lgdt %0\n\t"
			 "pushq %1\n\t"
			 "leaq 1f(%%rip), %%rax\n\t"
			 "pushq %%rax\n\t"
			 "lretq\n"
			 "1:\n\t"
			 "mov %2, %%ds\n\t"
			 "mov %2, %%es\n\t"
			 "mov %2, %%ss\n\t"
			 "ltr %w3"
			 :
			 : "m"(p), "i"(GDT_KERNEL_CODE), "r"(GDT_KERNEL_DATA),
			   "r"(GDT_TSS)
			 : "rax", "memory");
}

void tss_set_rsp0(unsigned long rsp0)
{
	tss.rsp[0] = rsp0;
}
