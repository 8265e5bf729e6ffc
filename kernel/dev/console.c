/*
 * The console: /dev/console, and fds 0, 1 and 2 of init.  Output goes to
 * the serial port; input arrives by IRQ 4 into a ring that read() drains,
 * sleeping while it is empty.  Input is raw: no echo, no line editing
 * (the shell does its own, as a program on a raw tty would).  ioctl
 * answers TCGETS (so isatty() is true) and TIOCGWINSZ (80x24).
 */
#include "arch/x86_64/serial.h"
#include "dev/dev.h"
#include "fs/vfs.h"
#include "mm/uaccess.h"
#include "proc/proc.h"
#include "lib/errno.h"
#include "lib/printk.h"

#define INPUT_SIZE 1024
#define TCGETS	   0x5401
#define TIOCGWINSZ 0x5413

static char input[INPUT_SIZE];
static unsigned in_head, in_tail; /* read at head, IRQ writes at tail */

void irq_console(void)
{
	int c;
	while ((c = serial_getc_nowait()) >= 0) {
		if (in_tail - in_head < INPUT_SIZE)
			input[in_tail++ % INPUT_SIZE] = (char)c;
	}
	wakeup(input);
}

static ssize_t console_read(struct file *f, void *ubuf, size_t n, uint64_t *pos)
{
	(void)f, (void)pos;
	if (n == 0)
		return 0;
	while (in_head == in_tail) {
		irq_console(); /* bytes that came while the IRQ was masked */
		if (in_head != in_tail)
			break;
		sleep_on(input);
		if (signal_pending(current))
			return -ERESTARTSYS;
	}
	char buf[128];
	size_t got = 0;
	while (got < n && got < sizeof(buf) && in_head != in_tail)
		buf[got++] = input[in_head++ % INPUT_SIZE];
	if (copy_to_user(ubuf, buf, got) < 0)
		return -EFAULT;
	return (ssize_t)got;
}

static ssize_t console_write_op(struct file *f, const void *ubuf, size_t n,
				uint64_t *pos)
{
	(void)f, (void)pos;
	char buf[256];
	for (size_t done = 0; done < n;) {
		size_t chunk = MIN(n - done, sizeof(buf));
		if (copy_from_user(buf, (const char *)ubuf + done, chunk) < 0)
			return done ? (ssize_t)done : -EFAULT;
		console_write(buf, chunk);
		done += chunk;
	}
	return (ssize_t)n;
}

static long console_ioctl(struct file *f, unsigned long cmd, unsigned long arg)
{
	(void)f;
	if (cmd == TCGETS) {
		/* struct termios (kernel's, 36 bytes): a raw 115200 line. */
		uint32_t t[9] = {0, 0, 0x1cb2 /* B115200|CS8|CREAD|CLOCAL */};
		return copy_to_user((void *)arg, t, sizeof(t));
	}
	if (cmd == TIOCGWINSZ) {
		uint16_t ws[4] = {24, 80, 0, 0};
		return copy_to_user((void *)arg, ws, sizeof(ws));
	}
	return -ENOTTY;
}

const struct file_ops console_ops = {
    .read = console_read,
    .write = console_write_op,
    .ioctl = console_ioctl,
};

void console_init(void)
{
	serial_enable_rx_irq();
}
