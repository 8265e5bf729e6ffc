/* Interrupt descriptor table and the 8259 PICs.  See idt.c. */
#ifndef TIDE_ARCH_IDT_H
#define TIDE_ARCH_IDT_H

#define IRQ_BASE  32
#define IRQ_TIMER 0
#define IRQ_COM1  4

void idt_init(void);
void pic_init(void);
void pic_unmask(int irq);
void pic_eoi(int irq);

#endif
