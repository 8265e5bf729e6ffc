/* The periodic timer interrupt.  See timer.c. */
#ifndef TIDE_ARCH_TIMER_H
#define TIDE_ARCH_TIMER_H

#include "lib/types.h"

#define TIMER_HZ 100

extern volatile uint64_t timer_ticks;
void timer_init(void);

#endif
