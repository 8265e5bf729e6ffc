/* COM1 serial port: the console's wire.  See serial.c. */
#ifndef TIDE_ARCH_SERIAL_H
#define TIDE_ARCH_SERIAL_H

#include "lib/types.h"

void serial_init(void);
void serial_enable_rx_irq(void);
void serial_putc(char c); /* "\n" goes out as "\r\n" */
void serial_write(const char *s, size_t n);
int serial_getc_nowait(void); /* a received byte, or -1 if none waits */

#endif
