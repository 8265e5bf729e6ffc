/*
 * measure.c: membench's tools (see measure.h): anonymous mappings, the
 * BENCH and HIST lines, the kallsyms dump for profiles, and the power
 * off at the end of a Linux run.  The figures are in membench.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "measure.h"

#define MADV_NOHUGE	 14	  /* MADV_NOHUGEPAGE */
#define HIST_BINS	 (4 * 40) /* quarter-octave bins up to 2^40 cycles */
#define EBUSY		 16
#define REBOOT_MAGIC1	 0xfee1deadUL
#define REBOOT_MAGIC2	 672274793UL
#define REBOOT_POWER_OFF 0x4321fedcUL

struct phase_word membench_phase = {PHASE_MAGIC, PHASE_NONE};
int bench_failures;

char *map_anon(size_t len, int prot, int extra_flags)
{
	long r = sys6(SYS_mmap, 0, (long)len, prot,
		      MAP_PRIVATE | MAP_ANONYMOUS | extra_flags, -1, 0);
	if (r < 0 && r > -4096) {
		dprintf(1, "NOTE mmap of %zu bytes failed: %s\n", len,
			strerror((int)-r));
		return NULL;
	}
	/* Linux's Debian kernel uses transparent huge pages "always": make
	 * it fault, copy and free 4 KiB pages, as tide does. */
	sys3(SYS_madvise, r, len, MADV_NOHUGE);
	return (char *)r;
}

void unmap(void *p, size_t len)
{
	sys2(SYS_munmap, p, len);
}

void touch(char *p, size_t npages)
{
	for (size_t i = 0; i < npages; i++)
		((volatile char *)p)[i * PAGE] = 1;
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

void report(const char *name, const char *unit, double *v, int n)
{
	if (n <= 0) {
		dprintf(1, "NOTE %s: no measurement\n", name);
		bench_failures++;
		return;
	}
	qsort(v, (size_t)n, sizeof(v[0]), by_value);
	double median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	dprintf(1, "BENCH name=%s unit=%s median=%.1f min=%.1f max=%.1f n=%d\n",
		name, unit, median, v[0], v[n - 1], n);
}

static uint64_t hist[HIST_BINS];

/* The bin of c: 4 * floor(log2 c) + the two bits below the top one. */
static int hist_bin(uint64_t c)
{
	if (c < 4)
		return (int)c;
	int e = 63 - __builtin_clzll(c);
	int b = 4 * e + (int)((c >> (e - 2)) & 3);
	return b < HIST_BINS ? b : HIST_BINS - 1;
}

/* The smallest value in bin b. */
static uint64_t hist_low(int b)
{
	if (b < 4)
		return (uint64_t)b;
	return (uint64_t)(4 + b % 4) << (b / 4 - 2);
}

void hist_add(uint64_t cycles)
{
	hist[hist_bin(cycles)]++;
}

void hist_print(const char *name)
{
	char line[4096];
	int len = snprintf(line, sizeof(line),
			   "HIST name=%s unit=cycles bins=", name);
	const char *sep = "";
	for (int b = 0; b < HIST_BINS && len < (int)sizeof(line) - 48; b++) {
		if (!hist[b])
			continue;
		len += snprintf(line + len, sizeof(line) - (size_t)len,
				"%s%llu:%llu", sep,
				(unsigned long long)hist_low(b),
				(unsigned long long)hist[b]);
		sep = ",";
	}
	dprintf(1, "%s\n", line);
}

/* Prints the text symbols among the complete lines of buf[0, len);
 * returns how many bytes it used (the rest is a partial line). */
static size_t print_symbols(char *buf, size_t len)
{
	char *start = buf, *nl;
	while ((nl = memchr(start, '\n', len - (size_t)(start - buf)))) {
		char name[256], type;
		unsigned long long addr;
		*nl = '\0';
		if (sscanf(start, "%llx %c %200s", &addr, &type, name) == 3 &&
		    (type == 'T' || type == 't'))
			dprintf(1, "KSYM %llx %s\n", addr, name);
		start = nl + 1;
	}
	return (size_t)(start - buf);
}

/*
 * Debian's kernel package ships a stub System.map, so profile.py asks
 * the running kernel.  Only this mounts anything; the benchmark proper
 * runs on the bare initramfs.
 */
void dump_kallsyms(void)
{
	static char buf[1 << 16];
	size_t used = 0;
	sys2(SYS_mkdir, "/proc", 0555);
	long err =
	    sys6(SYS_mount, (long)"proc", (long)"/proc", (long)"proc", 0, 0, 0);
	long fd = sys2(SYS_open, "/proc/kallsyms", 0);
	if (fd < 0 || (err < 0 && err != -EBUSY)) {
		dprintf(1, "NOTE kallsyms: cannot read /proc/kallsyms\n");
		return;
	}
	for (;;) {
		long n = sys3(SYS_read, fd, buf + used, sizeof(buf) - used);
		if (n <= 0)
			break;
		used += (size_t)n;
		size_t done = print_symbols(buf, used);
		memmove(buf, buf + done, used - done);
		used -= done;
	}
	sys1(SYS_close, fd);
}

void power_off_if_init(void)
{
	if (getpid() != 1)
		return;
	sys6(SYS_reboot, (long)REBOOT_MAGIC1, (long)REBOOT_MAGIC2,
	     (long)REBOOT_POWER_OFF, 0, 0, 0);
	dprintf(1, "NOTE reboot(POWER_OFF) failed; exiting instead\n");
}
