/*
 * free: the machine's memory from /proc/meminfo, in KiB and MiB: the
 * total, what is free, and what is available (free plus what the kernel
 * could reclaim at once; on tide the same as free).
 */
#include <stdio.h>

#include "procfs.h"

int main(void)
{
	static const char *const keys[] = {"MemTotal", "MemFree",
					   "MemAvailable"};
	static char text[8192];

	if (procfs_read("/proc/meminfo", text, sizeof(text)) < 0) {
		perror("free: /proc/meminfo");
		return 1;
	}
	printf("%-14s %12s %10s\n", "", "KiB", "MiB");
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		const char *v = procfs_field(text, keys[i]);
		long kib = v ? strtol(v, NULL, 10) : -1;

		if (kib < 0)
			printf("%-14s %12s %10s\n", keys[i], "?", "?");
		else
			printf("%-14s %12ld %10ld\n", keys[i], kib, kib / 1024);
	}
	return 0;
}
