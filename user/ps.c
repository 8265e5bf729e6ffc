/*
 * ps: one line per process, from the numeric directories of /proc and
 * each one's /proc/<pid>/status: pid, parent, state, resident memory and
 * name.
 */
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "procfs.h"

#define MAX_PROCS 1024

/* Copies the "key:" value of status text up to its newline into out. */
static void field(const char *text, const char *key, char *out, size_t size)
{
	const char *v = procfs_field(text, key);
	size_t len = v ? strcspn(v, "\n") : 0;

	if (!v) {
		v = "-";
		len = 1;
	}
	snprintf(out, size, "%.*s", (int)len, v);
}

static int by_number(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return (x > y) - (x < y);
}

int main(void)
{
	static long pids[MAX_PROCS];
	static char text[8192];
	DIR *dir = opendir("/proc");
	struct dirent *de;
	size_t n = 0;

	if (!dir) {
		perror("ps: /proc");
		return 1;
	}
	while ((de = readdir(dir)) && n < MAX_PROCS)
		if (isdigit((unsigned char)de->d_name[0]))
			pids[n++] = strtol(de->d_name, NULL, 10);
	closedir(dir);
	qsort(pids, n, sizeof(pids[0]), by_number);

	printf("%6s %6s %-14s %10s  %s\n", "PID", "PPID", "STATE", "RSS",
	       "NAME");
	for (size_t i = 0; i < n; i++) {
		char path[64], ppid[32], state[32], rss[32], name[64];

		snprintf(path, sizeof(path), "/proc/%ld/status", pids[i]);
		if (procfs_read(path, text, sizeof(text)) < 0)
			continue; /* it ended while we looked */
		field(text, "PPid", ppid, sizeof(ppid));
		field(text, "State", state, sizeof(state));
		field(text, "VmRSS", rss, sizeof(rss));
		field(text, "Name", name, sizeof(name));
		printf("%6ld %6s %-14s %10s  %s\n", pids[i], ppid, state, rss,
		       name);
	}
	return 0;
}
