/* gettimeofday and interval timers. */
#ifndef _SYS_TIME_H
#define _SYS_TIME_H

#include <bits/types.h>

#define ITIMER_REAL    0
#define ITIMER_VIRTUAL 1
#define ITIMER_PROF    2

struct timezone {
	int tz_minuteswest;
	int tz_dsttime;
};

struct itimerval {
	struct timeval it_interval;
	struct timeval it_value;
};

int gettimeofday(struct timeval *restrict tv, void *restrict tz);
int getitimer(int which, struct itimerval *value);
int setitimer(int which, const struct itimerval *restrict value,
	      struct itimerval *restrict old);

#define timerisset(tv) ((tv)->tv_sec || (tv)->tv_usec)
#define timerclear(tv) ((tv)->tv_sec = (tv)->tv_usec = 0)
#define timercmp(a, b, CMP)                                                    \
	(((a)->tv_sec == (b)->tv_sec) ? ((a)->tv_usec CMP(b)->tv_usec)         \
				      : ((a)->tv_sec CMP(b)->tv_sec))
#define timersub(a, b, res)                                                    \
	do {                                                                   \
		(res)->tv_sec = (a)->tv_sec - (b)->tv_sec;                     \
		(res)->tv_usec = (a)->tv_usec - (b)->tv_usec;                  \
		if ((res)->tv_usec < 0) {                                      \
			(res)->tv_sec--;                                       \
			(res)->tv_usec += 1000000;                             \
		}                                                              \
	} while (0)
#define timeradd(a, b, res)                                                    \
	do {                                                                   \
		(res)->tv_sec = (a)->tv_sec + (b)->tv_sec;                     \
		(res)->tv_usec = (a)->tv_usec + (b)->tv_usec;                  \
		if ((res)->tv_usec >= 1000000) {                               \
			(res)->tv_sec++;                                       \
			(res)->tv_usec -= 1000000;                             \
		}                                                              \
	} while (0)

#endif
