/*
 * COM1, a 16550 UART at I/O port 0x3f8: tide's console.  Output is
 * polled (wait for the transmit holding register to empty); input arrives
 * by interrupt (IRQ 4) into a small ring that the console driver reads.
 * Register facts: the PC16550D data sheet.
 */
#include "arch/x86_64/idt.h"
#include "arch/x86_64/serial.h"
#include "arch/x86_64/x86.h"

#define COM1	       0x3f8
#define REG_DATA       0 /* THR on write, RBR on read; divisor low with DLAB */
#define REG_IER	       1 /* interrupt enable; divisor high with DLAB */
#define REG_FCR	       2 /* FIFO control */
#define REG_LCR	       3 /* line control: bit 7 is DLAB */
#define REG_MCR	       4 /* modem control: OUT2 gates the IRQ line */
#define REG_LSR	       5 /* line status */
#define LSR_DATA_READY 0x01
#define LSR_THR_EMPTY  0x20

void serial_init(void)
{
	outb(COM1 + REG_IER, 0x00);
	outb(COM1 + REG_LCR, 0x80); /* DLAB: set the divisor */
	outb(COM1 + REG_DATA, 1);   /* 115200 baud */
	outb(COM1 + REG_IER, 0);
	outb(COM1 + REG_LCR, 0x03); /* 8 bits, no parity, 1 stop */
	outb(COM1 + REG_FCR, 0xc7); /* FIFOs on, cleared, 14-byte trigger */
	outb(COM1 + REG_MCR, 0x0b); /* DTR, RTS, OUT2 */
}

void serial_enable_rx_irq(void)
{
	outb(COM1 + REG_IER, 0x01); /* received-data-available interrupt */
	pic_unmask(IRQ_COM1);
}

static void put_raw(char c)
{
	while (!(inb(COM1 + REG_LSR) & LSR_THR_EMPTY))
		;
	outb(COM1 + REG_DATA, (uint8_t)c);
}

void serial_putc(char c)
{
	if (c == '\n')
		put_raw('\r');
	put_raw(c);
}

void serial_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		serial_putc(s[i]);
}

int serial_getc_nowait(void)
{
	if (!(inb(COM1 + REG_LSR) & LSR_DATA_READY))
		return -1;
	return inb(COM1 + REG_DATA);
}
