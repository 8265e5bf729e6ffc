/*
 * printk and panic over the console.  The console's wire (COM1) is the
 * arch's business; this file only formats and keeps the log ring.
 */
#include "lib/printk.h"
#include "lib/format.h"
#include "lib/panic.h"
#include "arch/x86_64/serial.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/trap.h"

#define LOG_SIZE 16384

static char log_ring[LOG_SIZE];
static uint64_t log_pos; /* bytes ever logged */

void console_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		log_ring[(log_pos + i) % LOG_SIZE] = s[i];
	log_pos += n;
	serial_write(s, n);
}

static void emit(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	console_write(s, n);
}

int vprintk(const char *fmt, va_list ap)
{
	uint64_t flags = arch_irq_save();
	int n = fmt_vformat(emit, NULL, fmt, ap);
	arch_irq_restore(flags);
	return n;
}

int printk(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

size_t printk_log_tail(char *buf, size_t len)
{
	size_t n = MIN(len, MIN(log_pos, (uint64_t)LOG_SIZE));
	for (size_t i = 0; i < n; i++)
		buf[i] = log_ring[(log_pos - n + i) % LOG_SIZE];
	return n;
}

void panic(const char *fmt, ...)
{
	va_list ap;
	arch_irq_save();
	printk("\nKERNEL PANIC: ");
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
	printk("\n");
	arch_backtrace(__builtin_frame_address(0));
	if (kernel_exit_on_panic)
		arch_shutdown(EXIT_PANIC); /* a test boot: tell the host now */
	arch_halt_forever();
}
