/*
 * The CMOS real-time clock (MC146818, ports 0x70/0x71), read once at boot
 * so that CLOCK_REALTIME tells the date as Linux's does; the timer tick
 * keeps it going from there.  Registers: 0 seconds, 2 minutes, 4 hours,
 * 7 day, 8 month, 9 year, 0x32 century; status B bit 2 = binary, bit 1 =
 * 24-hour.  QEMU's RTC follows the host's clock (UTC).
 */
#include "arch/x86_64/rtc.h"
#include "arch/x86_64/x86.h"

static uint8_t cmos(uint8_t reg)
{
	outb(0x70, reg);
	return inb(0x71);
}

static unsigned bcd(uint8_t v, bool binary)
{
	return binary ? v : (v & 15) + (v >> 4) * 10;
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static int64_t days_from_epoch(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

int64_t rtc_read_epoch(void)
{
	while (cmos(0x0a) & 0x80)
		; /* an update is in progress */
	uint8_t b = cmos(0x0b);
	bool binary = b & 4;
	unsigned sec = bcd(cmos(0), binary), min = bcd(cmos(2), binary);
	unsigned hour = bcd(cmos(4) & 0x7f, binary);
	unsigned day = bcd(cmos(7), binary), month = bcd(cmos(8), binary);
	unsigned year = bcd(cmos(9), binary);
	unsigned century = bcd(cmos(0x32), binary);
	if (!(b & 2) && (cmos(4) & 0x80))
		hour = (hour % 12) + 12; /* 12-hour clock, PM */
	int64_t full_year =
	    (century >= 19 && century <= 30 ? century : 20) * 100 + year;
	return days_from_epoch(full_year, month, day) * 86400 + hour * 3600 +
	       min * 60 + sec;
}
