/*
 * measure.h: what membench's figures are measured with -- the cycle
 * counter, raw system calls, anonymous mappings, the BENCH and HIST
 * lines, and the phase word that bench/profile.py reads.  measure.c has
 * the functions; membench.c the figures themselves.
 */
#ifndef BENCH_MEASURE_H
#define BENCH_MEASURE_H

#include <stddef.h>
#include <stdint.h>

#define PAGE	   4096UL
#define MAX_ROUNDS 64 /* most values a figure may collect */

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	/* lfence: earlier instructions finish before the count is read. */
	__asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi)::"memory");
	return ((uint64_t)hi << 32) | lo;
}

/*
 * A raw system call: the kernel's return value, -errno on failure.  The
 * timed calls go through this, not through libc, so that the tide and
 * the musl builds time exactly the same instructions.
 */
static inline long sys6(long nr, long a, long b, long c, long d, long e, long f)
{
	long ret;
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;
	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8),
			   "r"(r9)
			 : "rcx", "r11", "memory");
	return ret;
}

#define sys0(nr)	  sys6(nr, 0, 0, 0, 0, 0, 0)
#define sys1(nr, a)	  sys6(nr, (long)(a), 0, 0, 0, 0, 0)
#define sys2(nr, a, b)	  sys6(nr, (long)(a), (long)(b), 0, 0, 0, 0)
#define sys3(nr, a, b, c) sys6(nr, (long)(a), (long)(b), (long)(c), 0, 0, 0)

/*
 * The figure being timed right now, for bench/profile.py: it stops the
 * machine now and then (QEMU's GDB stub) and reads this word along with
 * the instruction pointer, so each sample is charged to one figure.
 * PHASE_NONE while nothing is timed.  A fork child holds a copy, so its
 * exit is charged to PHASE_FORK as well.  profile.py's PHASES list
 * names these in this order.
 */
enum phase {
	PHASE_NONE,
	PHASE_NULL_SYSCALL,
	PHASE_MMAP_MUNMAP,
	PHASE_BRK_PAIR,
	PHASE_ANON_FAULT,
	PHASE_ANON_READ_FAULT,
	PHASE_DONTNEED,
	PHASE_DONTNEED_REFAULT,
	PHASE_MUNMAP_1G_SPARSE,
	PHASE_MUNMAP_64K,
	PHASE_FAULT_MAPS, /* + the index in scale.map_counts */
	PHASE_FORK = PHASE_FAULT_MAPS + 4,
	PHASE_FAULT_SPREAD,
};

struct phase_word {
	uint32_t magic; /* PHASE_MAGIC: tells profile.py it read membench */
	volatile int32_t phase;
};
#define PHASE_MAGIC 0x6d656d62 /* "memb" */
extern struct phase_word membench_phase;

static inline void phase_set(enum phase p)
{
	membench_phase.phase = p;
}

/* Measurements that could not be made; membench exits 1 if any. */
extern int bench_failures;

/* An anonymous private read-write or read-only mapping of len bytes,
 * marked MADV_NOHUGEPAGE, or NULL (with a NOTE line) on failure. */
char *map_anon(size_t len, int prot, int extra_flags);
void unmap(void *p, size_t len);
/* Writes one byte in each page of [p, p + npages pages). */
void touch(char *p, size_t npages);

/* Prints "BENCH name=NAME unit=UNIT median= min= max= n=" for the n
 * values in v (reordering v); with n == 0 a NOTE, and counts a failure. */
void report(const char *name, const char *unit, double *v, int n);

/* Counts one sample in the histogram; hist_print prints it as a HIST
 * line of quarter-octave bins (empty ones left out). */
void hist_add(uint64_t cycles);
void hist_print(const char *name);

/* Prints the kernel's text symbols as "KSYM address name" lines, from
 * /proc/kallsyms, which it mounts (for profile.py on Linux only). */
void dump_kallsyms(void);

/* As PID 1 (Linux's /init): reboot(POWER_OFF).  Elsewhere nothing. */
void power_off_if_init(void);

#endif
