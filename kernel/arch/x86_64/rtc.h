/* The CMOS clock, read once at boot.  See rtc.c. */
#ifndef TIDE_ARCH_RTC_H
#define TIDE_ARCH_RTC_H

#include "lib/types.h"

/* Seconds since 1970-01-01 00:00:00 UTC, from the CMOS clock. */
int64_t rtc_read_epoch(void);

#endif
