/*
 * The 8254 PIT on IRQ 0 at TIMER_HZ: the scheduler's clock tick.  Channel
 * 0, mode 2 (rate generator), input clock 1.193182 MHz.
 */
#include "arch/x86_64/timer.h"
#include "arch/x86_64/idt.h"
#include "arch/x86_64/x86.h"

#define PIT_HZ	    1193182
#define PIT_CH0	    0x40
#define PIT_COMMAND 0x43

volatile uint64_t timer_ticks;

void timer_init(void)
{
	uint16_t divisor = PIT_HZ / TIMER_HZ;
	outb(PIT_COMMAND, 0x34); /* channel 0, lo/hi byte, mode 2 */
	outb(PIT_CH0, divisor & 0xff);
	outb(PIT_CH0, divisor >> 8);
	pic_unmask(IRQ_TIMER);
}
