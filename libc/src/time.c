/*
 * Clocks, sleeping, interval timers, and calendar conversion (UTC only).
 */
#include <errno.h>
#include <signal.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

int clock_gettime(clockid_t clk, struct timespec *ts)
{
	return (int)SYSCALL2(clock_gettime, clk, ts);
}

int clock_getres(clockid_t clk, struct timespec *ts)
{
	return (int)SYSCALL2(clock_getres, clk, ts);
}

/* Returns 0 or a positive error number (not -1 and errno), per POSIX. */
int clock_nanosleep(clockid_t clk, int flags, const struct timespec *req,
		    struct timespec *rem)
{
	return (int)-__syscall4(SYS_clock_nanosleep, clk, flags, (long)req,
				(long)rem);
}

int nanosleep(const struct timespec *req, struct timespec *rem)
{
	return (int)SYSCALL2(nanosleep, req, rem);
}

time_t time(time_t *t)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_REALTIME, &ts) < 0)
		return (time_t)-1;
	if (t)
		*t = ts.tv_sec;
	return ts.tv_sec;
}

int gettimeofday(struct timeval *restrict tv, void *restrict tz)
{
	return (int)SYSCALL2(gettimeofday, tv, tz);
}

/* CPU time used, in CLOCKS_PER_SEC (microsecond) units. */
clock_t clock(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts) < 0)
		return (clock_t)-1;
	return ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int getitimer(int which, struct itimerval *value)
{
	return (int)SYSCALL2(getitimer, which, value);
}

int setitimer(int which, const struct itimerval *restrict value,
	      struct itimerval *restrict old)
{
	return (int)SYSCALL3(setitimer, which, value, old);
}

/* Returns the seconds left if a signal cut the sleep short, else 0. */
unsigned int sleep(unsigned int seconds)
{
	struct timespec req = {seconds, 0}, rem;

	if (nanosleep(&req, &rem) < 0)
		return (unsigned int)rem.tv_sec + (rem.tv_nsec > 0);
	return 0;
}

int usleep(useconds_t usec)
{
	struct timespec req = {usec / 1000000, (long)(usec % 1000000) * 1000};

	return nanosleep(&req, NULL);
}

/* alarm cannot fail: returns the seconds left on the previous alarm. */
unsigned int alarm(unsigned int seconds)
{
	return (unsigned int)__syscall1(SYS_alarm, seconds);
}

int pause(void)
{
	return (int)SYSCALL0(pause);
}

double difftime(time_t t1, time_t t0)
{
	return (double)(t1 - t0);
}

/*
 * Days from 1970-01-01 to year-month-day in the proleptic Gregorian
 * calendar, counting from March so the leap day ends each cycle year.
 */
static long days_from_civil(long y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

struct tm *gmtime_r(const time_t *restrict t, struct tm *restrict tm)
{
	long days = *t / 86400, secs = *t % 86400;
	long era, doe, yoe, doy, mp, y;

	if (secs < 0) {
		secs += 86400;
		days--;
	}
	tm->tm_sec = (int)(secs % 60);
	tm->tm_min = (int)(secs / 60 % 60);
	tm->tm_hour = (int)(secs / 3600);
	tm->tm_wday = (int)((days % 7 + 11) % 7); /* 1970-01-01: Thursday */

	/* The inverse of days_from_civil. */
	days += 719468;
	era = (days >= 0 ? days : days - 146096) / 146097;
	doe = days - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	tm->tm_mday = (int)(doy - (153 * mp + 2) / 5 + 1);
	tm->tm_mon = (int)(mp < 10 ? mp + 2 : mp - 10);
	y += tm->tm_mon <= 1;
	tm->tm_year = (int)(y - 1900);
	tm->tm_yday = (int)(days_from_civil(y, tm->tm_mon + 1, tm->tm_mday) -
			    days_from_civil(y, 1, 1));
	tm->tm_isdst = 0;
	tm->tm_gmtoff = 0;
	tm->tm_zone = "GMT";
	return tm;
}

struct tm *gmtime(const time_t *t)
{
	static struct tm tm;

	return gmtime_r(t, &tm);
}

struct tm *localtime_r(const time_t *restrict t, struct tm *restrict tm)
{
	return gmtime_r(t, tm);
}

struct tm *localtime(const time_t *t)
{
	return gmtime(t);
}

/* Normalizes tm (months out of range carry into years) and returns the
 * time it names, in UTC. */
time_t timegm(struct tm *tm)
{
	long y = tm->tm_year + 1900L + tm->tm_mon / 12;
	int mon = tm->tm_mon % 12;
	time_t t;

	if (mon < 0) {
		mon += 12;
		y--;
	}
	t = days_from_civil(y, mon + 1, 1) * 86400L +
	    (tm->tm_mday - 1) * 86400L + tm->tm_hour * 3600L +
	    tm->tm_min * 60L + tm->tm_sec;
	gmtime_r(&t, tm);
	return t;
}

time_t mktime(struct tm *tm)
{
	return timegm(tm);
}
