/*
 * The IDT: 48 interrupt gates (exceptions 0-31, legacy IRQs 32-47) that
 * all lead to trap_common in trapentry.S; double faults switch to their
 * own stack (IST 1).  And the legacy 8259 PICs, remapped to 32-47 so IRQs
 * don't collide with exceptions.  Intel SDM Vol. 3A, 6.14.1.
 */
#include "arch/x86_64/idt.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/x86.h"

#define NVECTORS 48

struct idt_gate {
	uint16_t offset_lo;
	uint16_t selector;
	uint8_t ist;
	uint8_t type_attr;
	uint16_t offset_mid;
	uint32_t offset_hi;
	uint32_t reserved;
} __packed;

static struct idt_gate idt[NVECTORS];
extern const uint64_t trap_vectors[NVECTORS];

static void set_gate(int n, uint64_t handler, int ist)
{
	idt[n] = (struct idt_gate){
	    .offset_lo = handler & 0xffff,
	    .selector = GDT_KERNEL_CODE,
	    .ist = (uint8_t)ist,
	    .type_attr = 0x8e, /* present, DPL 0, 64-bit interrupt gate */
	    .offset_mid = (handler >> 16) & 0xffff,
	    .offset_hi = (uint32_t)(handler >> 32),
	};
}

void idt_init(void)
{
	for (int i = 0; i < NVECTORS; i++)
		set_gate(i, trap_vectors[i], i == 8 ? 1 : 0);
	struct {
		uint16_t limit;
		uint64_t base;
	} __packed p = {sizeof(idt) - 1, (uint64_t)idt};
	__asm__ volatile("lidt %0" : : "m"(p));
}

#define PIC1_CMD  0x20
#define PIC1_DATA 0x21
#define PIC2_CMD  0xa0
#define PIC2_DATA 0xa1

void pic_init(void)
{
	outb(PIC1_CMD, 0x11); /* ICW1: init, expect ICW4 */
	outb(PIC2_CMD, 0x11);
	outb(PIC1_DATA, IRQ_BASE); /* ICW2: vector base */
	outb(PIC2_DATA, IRQ_BASE + 8);
	outb(PIC1_DATA, 4); /* ICW3: slave on IRQ 2 */
	outb(PIC2_DATA, 2);
	outb(PIC1_DATA, 1); /* ICW4: 8086 mode */
	outb(PIC2_DATA, 1);
	outb(PIC1_DATA, 0xff); /* everything masked until enabled */
	outb(PIC2_DATA, 0xff);
}

void pic_unmask(int irq)
{
	uint16_t port = irq < 8 ? PIC1_DATA : PIC2_DATA;
	outb(port, inb(port) & ~(1 << (irq & 7)));
	if (irq >= 8)
		pic_unmask(2);
}

void pic_eoi(int irq)
{
	if (irq >= 8)
		outb(PIC2_CMD, 0x20);
	outb(PIC1_CMD, 0x20);
}
