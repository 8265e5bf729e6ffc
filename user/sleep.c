/*
 * sleep SECONDS: wait that long (a decimal fraction like 0.5 is fine),
 * with nanosleep(2).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int main(int argc, char *argv[])
{
	struct timespec ts;
	char *end;
	double secs;

	if (argc != 2) {
		fprintf(stderr, "usage: sleep SECONDS\n");
		return 1;
	}
	secs = strtod(argv[1], &end);
	if (end == argv[1] || *end != '\0' || secs < 0) {
		fprintf(stderr, "sleep: %s: not a number of seconds\n",
			argv[1]);
		return 1;
	}
	ts.tv_sec = (time_t)secs;
	ts.tv_nsec = (long)((secs - (double)ts.tv_sec) * 1e9);
	while (nanosleep(&ts, &ts) != 0) {
		if (errno != EINTR) {
			fprintf(stderr, "sleep: nanosleep: %s\n",
				strerror(errno));
			return 1;
		}
	}
	return 0;
}
