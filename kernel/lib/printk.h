/*
 * printk: formatted kernel messages on the console (COM1).  Formats are
 * those of lib/format.h (%d %i %u %x %lx %p %s %c %zu, widths, ...).
 * Every byte is also kept in a ring (printk_log) that in-kernel tests and
 * /proc can read back.
 */
#ifndef TIDE_LIB_PRINTK_H
#define TIDE_LIB_PRINTK_H

#include <stdarg.h>
#include "lib/types.h"

int printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintk(const char *fmt, va_list ap);
/* Raw bytes to the console, as user write() to fd 1 or 2 does. */
void console_write(const char *s, size_t n);

/* Copies the last up-to-len logged bytes into buf; returns the count. */
size_t printk_log_tail(char *buf, size_t len);

#endif
