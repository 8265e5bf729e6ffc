/*
 * membench: the cost of tide's memory system calls and page faults,
 * measured the same way on tide and on Linux.
 *
 * One static program (this file and measure.c), built twice: with
 * tools/tide-cc (tide's libc) and with the host's musl-gcc -static.
 * Every timed operation is a raw `syscall` instruction or a plain memory
 * access written here, so neither libc adds anything to a figure.  Time
 * is counted with rdtsc; each figure is measured several times (rounds
 * or batches) and reported as the median, min and max of those, one line
 * each:
 *
 *   BENCH_START membench             first line, printed at once (boot time)
 *   BENCH name=anon_fault unit=cycles/page median=M min=A max=B n=ROUNDS
 *   HIST name=anon_fault unit=cycles bins=LO:COUNT,LO:COUNT,...
 *   NOTE free text, e.g. why 100,000 mappings were not measured
 *   BENCH_END status=0
 *
 * A HIST bin LO holds the samples from LO up to the next bin's LO (bins
 * are a quarter of an octave wide); anon_fault's histogram times each
 * fault alone, in one extra round.  Anonymous memory is marked
 * MADV_NOHUGEPAGE (see map_anon), so both kernels use 4 KiB pages.
 *
 * Run as PID 1 (Linux's /init in bench/'s initramfs) it powers the
 * machine off at the end; elsewhere it exits with 0, or 1 if a
 * measurement could not run.  Arguments: see main.  bench/README.md
 * says what each figure measures; bench/run.py drives the runs.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "measure.h"

/* How much work each figure does.  Under TCG a full run takes a few
 * seconds on tide and about ten on Linux; see bench/README.md. */
struct scale {
	size_t region_pages;  /* items 1, 4, 8: the 64 MiB region */
	int rounds;	      /* repetitions of items 1, 4, 7 and 8 */
	int batches;	      /* repetitions of items 2, 3 and 5 */
	int pairs;	      /* mmap+munmap and brk pairs per batch */
	int null_calls;	      /* getppid calls per batch */
	int unmap_rounds;     /* repetitions of item 6 */
	long map_counts[4];   /* item 7: numbers of mappings */
	long map_fallback;    /* used when map_counts[3] is refused */
	int faults_per_round; /* item 7 */
};

static const struct scale full = {
    .region_pages = 16384,
    .rounds = 5,
    .batches = 7,
    .pairs = 1000,
    .null_calls = 20000,
    .unmap_rounds = 15,
    .map_counts = {1, 100, 10000, 100000},
    .map_fallback = 60000,
    .faults_per_round = 512,
};

static const struct scale quick = {
    .region_pages = 256,
    .rounds = 2,
    .batches = 2,
    .pairs = 20,
    .null_calls = 100,
    .unmap_rounds = 2,
    .map_counts = {1, 10, 100, 1000},
    .map_fallback = 1000,
    .faults_per_round = 16,
};

static const struct scale *sc;

/* ---- 1. anonymous page faults --------------------------------------- */

/* Cycles per page to read (or write) one byte in each page of a fresh
 * mapping of npages pages, or -1 if mmap failed. */
static double first_touch(size_t npages, int write)
{
	size_t len = npages * PAGE;
	char *p = map_anon(len, PROT_READ | PROT_WRITE, 0);
	if (!p)
		return -1;
	volatile char *v = p, sink = 0;
	phase_set(write ? PHASE_ANON_FAULT : PHASE_ANON_READ_FAULT);
	uint64_t start = rdtsc();
	if (write)
		for (size_t i = 0; i < npages; i++)
			v[i * PAGE] = 1;
	else
		for (size_t i = 0; i < npages; i++)
			sink += v[i * PAGE];
	uint64_t cycles = rdtsc() - start;
	phase_set(PHASE_NONE);
	(void)sink;
	unmap(p, len);
	return (double)cycles / (double)npages;
}

/* One more fresh region with each write timed alone, into hist[]. */
static void fault_histogram(size_t npages)
{
	size_t len = npages * PAGE;
	char *p = map_anon(len, PROT_READ | PROT_WRITE, 0);
	if (!p)
		return;
	for (size_t i = 0; i < npages; i++) {
		uint64_t t0 = rdtsc();
		((volatile char *)p)[i * PAGE] = 1;
		hist_add(rdtsc() - t0);
	}
	unmap(p, len);
	hist_print("anon_fault");
}

/*
 * Each round maps a fresh 64 MiB region and writes one byte per page:
 * every write is a first-touch fault that allocates and zeroes a frame.
 * A read of an untouched page maps the shared zero page instead: no
 * frame to allocate or clear, so the difference between the two figures
 * is the cost of a fresh frame.
 */
static void bench_anon_fault(void)
{
	double w[MAX_ROUNDS], r[MAX_ROUNDS];
	int nw = 0, nr = 0;
	for (int i = 0; i < sc->rounds; i++) {
		double c = first_touch(sc->region_pages, 1);
		if (c >= 0)
			w[nw++] = c;
		c = first_touch(sc->region_pages, 0);
		if (c >= 0)
			r[nr++] = c;
	}
	report("anon_fault", "cycles/page", w, nw);
	report("anon_read_fault", "cycles/page", r, nr);
	fault_histogram(sc->region_pages);
}

/* ---- 2, 3, 5. pairs of calls and the null call ---------------------- */

/* Each of these runs an untimed batch first, so that QEMU has translated
 * the code paths (and both kernels have warmed their caches) before the
 * timed batches; the first figure of a run otherwise pays for that. */

static void bench_mmap_pair(void)
{
	double v[MAX_ROUNDS];
	int done = 0;
	phase_set(PHASE_MMAP_MUNMAP);
	for (int b = -1; b < sc->batches; b++) { /* -1: warm-up */
		uint64_t start = rdtsc();
		for (int i = 0; i < sc->pairs; i++) {
			long a = sys6(SYS_mmap, 0, PAGE, PROT_READ | PROT_WRITE,
				      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
			sys2(SYS_munmap, a, PAGE);
		}
		if (b >= 0)
			v[done++] = (double)(rdtsc() - start) / sc->pairs;
	}
	phase_set(PHASE_NONE);
	report("mmap_munmap", "cycles/pair", v, done);
}

/* brk(cur + 1 page), then brk(cur): the heap grows a page and shrinks
 * back.  Raw calls, as each libc keeps its own idea of the break. */
static void bench_brk_pair(void)
{
	double v[MAX_ROUNDS];
	int done = 0;
	long cur = sys1(SYS_brk, 0);
	if (sys1(SYS_brk, cur + (long)PAGE) != cur + (long)PAGE) {
		dprintf(1, "NOTE brk cannot grow from %#lx\n", cur);
		bench_failures++;
		return;
	}
	sys1(SYS_brk, cur);
	phase_set(PHASE_BRK_PAIR);
	for (int b = -1; b < sc->batches; b++) { /* -1: warm-up */
		uint64_t start = rdtsc();
		for (int i = 0; i < sc->pairs; i++) {
			sys1(SYS_brk, cur + (long)PAGE);
			sys1(SYS_brk, cur);
		}
		if (b >= 0)
			v[done++] = (double)(rdtsc() - start) / sc->pairs;
	}
	phase_set(PHASE_NONE);
	report("brk_pair", "cycles/pair", v, done);
}

static void bench_null_syscall(void)
{
	double v[MAX_ROUNDS];
	int done = 0;
	phase_set(PHASE_NULL_SYSCALL);
	for (int b = -1; b < sc->batches; b++) { /* -1: warm-up */
		uint64_t start = rdtsc();
		for (int i = 0; i < sc->null_calls; i++)
			sys0(SYS_getppid);
		if (b >= 0)
			v[done++] = (double)(rdtsc() - start) / sc->null_calls;
	}
	phase_set(PHASE_NONE);
	report("null_syscall", "cycles/call", v, done);
}

/* ---- 4. MADV_DONTNEED and the refault ------------------------------- */

/* One touched 64 MiB region; each round drops it all with
 * MADV_DONTNEED (timed), then writes every page again (timed). */
static void bench_dontneed(void)
{
	size_t n = sc->region_pages, len = n * PAGE;
	double drop[MAX_ROUNDS], refault[MAX_ROUNDS];
	int done = 0;
	char *p = map_anon(len, PROT_READ | PROT_WRITE, 0);
	if (!p)
		return;
	touch(p, n);
	for (int r = 0; r < sc->rounds; r++) {
		phase_set(PHASE_DONTNEED);
		uint64_t t0 = rdtsc();
		long err = sys3(SYS_madvise, p, len, MADV_DONTNEED);
		uint64_t t1 = rdtsc();
		phase_set(PHASE_DONTNEED_REFAULT);
		touch(p, n);
		uint64_t t2 = rdtsc();
		phase_set(PHASE_NONE);
		if (err) {
			dprintf(1, "NOTE madvise: %s\n", strerror((int)-err));
			break;
		}
		drop[done] = (double)(t1 - t0) / (double)n;
		refault[done++] = (double)(t2 - t1) / (double)n;
	}
	unmap(p, len);
	report("dontneed", "cycles/page", drop, done);
	report("dontneed_refault", "cycles/page", refault, done);
}

/* ---- 6. unmapping a sparse 1 GiB mapping ---------------------------- */

/* munmap of len bytes holding 16 touched pages, spread evenly. */
static double unmap_sparse(size_t len, int flags, enum phase phase)
{
	char *p = map_anon(len, PROT_READ | PROT_WRITE, flags);
	if (!p)
		return -1;
	size_t stride = len / 16;
	for (size_t off = 0; off < len; off += stride)
		((volatile char *)p)[off] = 1;
	phase_set(phase);
	uint64_t t0 = rdtsc();
	sys2(SYS_munmap, p, len);
	uint64_t cycles = rdtsc() - t0;
	phase_set(PHASE_NONE);
	return (double)cycles;
}

static void bench_munmap_sparse(void)
{
	double big[MAX_ROUNDS], small[MAX_ROUNDS];
	int nbig = 0, nsmall = 0;
	for (int r = 0; r < sc->unmap_rounds && r < MAX_ROUNDS; r++) {
		double c = unmap_sparse(1UL << 30, MAP_NORESERVE,
					PHASE_MUNMAP_1G_SPARSE);
		if (c >= 0)
			big[nbig++] = c;
		c = unmap_sparse(16 * PAGE, 0, PHASE_MUNMAP_64K);
		if (c >= 0)
			small[nsmall++] = c;
	}
	report("munmap_1g_sparse", "cycles/call", big, nbig);
	report("munmap_64k", "cycles/call", small, nsmall);
}

/* ---- 7. fault cost against the number of mappings ------------------- */

/*
 * maps[0..n) are one-page-or-more mappings made one mmap at a time,
 * alternately read-write and read-only, so no two neighbours merge into
 * one vma.  Returns how many were made (fewer than n if mmap refused).
 */
static long make_maps(char **maps, long n, size_t pages_each)
{
	for (long i = 0; i < n; i++) {
		int prot = i % 2 ? PROT_READ : PROT_READ | PROT_WRITE;
		long r = sys6(SYS_mmap, 0, (long)(pages_each * PAGE), prot,
			      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (r < 0 && r > -4096)
			return i;
		maps[i] = (char *)r;
	}
	return n;
}

static void drop_maps(char **maps, long from, long to, size_t pages_each)
{
	for (long i = from; i < to; i++)
		unmap(maps[i], pages_each * PAGE);
}

/*
 * Writes faults_per_round pages per round, spread evenly over the
 * read-write mappings (each round its own pages, none touched before),
 * and reports the cycles per fault as fault_WHAT_N.  Then, as a
 * diagnosis of the same lookups without a fault, times
 * madvise(MADV_NORMAL) of one page on the first round's pages, a call
 * that only finds the vma: lookup_WHAT_N.
 */
static void time_faults(char **maps, long n, size_t pages_each,
			enum phase phase, const char *what)
{
	long rw_pages = (n + 1) / 2 * (long)pages_each;
	long want = (long)sc->rounds * sc->faults_per_round;
	long stride = rw_pages / want;
	double v[MAX_ROUNDS];
	int done = 0;
	char name[40];
	snprintf(name, sizeof(name), "fault_%s_%ld", what, n);
	if (stride < 1) {
		dprintf(1, "NOTE %s: too few pages (%ld)\n", name, rw_pages);
		bench_failures++;
		return;
	}
	phase_set(phase);
	for (int r = 0; r < sc->rounds; r++) {
		uint64_t t0 = rdtsc();
		for (long j = 0; j < sc->faults_per_round; j++) {
			long k = ((long)j * sc->rounds + r) * stride;
			long m = 2 * (k / (long)pages_each);
			long pg = k % (long)pages_each;
			((volatile char *)maps[m])[pg * (long)PAGE] = 1;
		}
		v[done++] = (double)(rdtsc() - t0) / sc->faults_per_round;
	}
	phase_set(PHASE_NONE);
	report(name, "cycles/fault", v, done);

	for (int r = 0; r < sc->rounds; r++) {
		uint64_t t0 = rdtsc();
		for (long j = 0; j < sc->faults_per_round; j++) {
			long k = (long)j * sc->rounds * stride;
			long m = 2 * (k / (long)pages_each);
			long pg = k % (long)pages_each;
			sys3(SYS_madvise, maps[m] + pg * (long)PAGE, PAGE,
			     MADV_NORMAL);
		}
		v[r] = (double)(rdtsc() - t0) / sc->faults_per_round;
	}
	snprintf(name, sizeof(name), "lookup_%s_%ld", what, n);
	report(name, "cycles/call", v, sc->rounds);
}

/*
 * The control for the most mappings: the same pages at the same
 * distances, written in the same order, but all in one read-write
 * mapping (fault_spread_N).  What fault_maps_N costs beyond this is the
 * number of vmas; what this costs beyond fault_maps_1 is the spread.
 */
static void spread_control(char **maps, long n, size_t pages_each)
{
	size_t len = (size_t)n * pages_each * PAGE;
	char *p = map_anon(len, PROT_READ | PROT_WRITE, 0);
	if (!p)
		return;
	for (long i = 0; i < n; i++)
		maps[i] = p + (size_t)i * pages_each * PAGE;
	time_faults(maps, n, pages_each, PHASE_FAULT_SPREAD, "spread");
	unmap(p, len);
}

static void bench_fault_vs_maps(void)
{
	long most = sc->map_counts[3] > sc->map_fallback ? sc->map_counts[3]
							 : sc->map_fallback;
	size_t table_len = (size_t)most * sizeof(char *);
	char **maps = (char **)map_anon(table_len, PROT_READ | PROT_WRITE, 0);
	if (!maps)
		return;
	touch((char *)maps, (table_len + PAGE - 1) / PAGE);

	for (int i = 0; i < 4; i++) {
		long n = sc->map_counts[i];
		/* Enough read-write pages for every round's faults. */
		long need = 2L * sc->rounds * sc->faults_per_round;
		size_t pages_each = (size_t)((need + n - 1) / n);
		long made = make_maps(maps, n, pages_each);
		if (made < n) {
			dprintf(1,
				"NOTE map_count: the kernel refused mapping "
				"%ld of %ld (max_map_count); measuring %ld "
				"mappings instead\n",
				made + 1, n, sc->map_fallback);
			if (made > sc->map_fallback) {
				drop_maps(maps, sc->map_fallback, made,
					  pages_each);
				made = sc->map_fallback;
			}
			if (made < sc->map_fallback)
				made += make_maps(maps + made,
						  sc->map_fallback - made,
						  pages_each);
			n = made;
		}
		time_faults(maps, n, pages_each, PHASE_FAULT_MAPS + i, "maps");
		drop_maps(maps, 0, n, pages_each);
		if (i == 3)
			spread_control(maps, n, pages_each);
	}
	unmap(maps, table_len);
}

/* ---- 8. fork + exit + wait ------------------------------------------ */

/* The child leaves at once through exit_group; the parent's wait4 ends
 * the pair.  The parent holds a touched 64 MiB region throughout. */
static void bench_fork(void)
{
	size_t n = sc->region_pages, len = n * PAGE;
	double v[MAX_ROUNDS];
	int done = 0;
	char *p = map_anon(len, PROT_READ | PROT_WRITE, 0);
	if (!p)
		return;
	touch(p, n);
	phase_set(PHASE_FORK);
	for (int r = 0; r < sc->rounds; r++) {
		uint64_t t0 = rdtsc();
		long pid = sys0(SYS_fork);
		if (pid == 0)
			sys1(SYS_exit_group, 0);
		if (pid < 0) {
			dprintf(1, "NOTE fork: %s\n", strerror((int)-pid));
			break;
		}
		int status;
		sys6(SYS_wait4, pid, (long)&status, 0, 0, 0, 0);
		v[done++] = (double)(rdtsc() - t0);
	}
	phase_set(PHASE_NONE);
	unmap(p, len);
	report("fork_exit_wait_64m", "cycles/fork", v, done);
}

/* ---- the run -------------------------------------------------------- */

/* The TSC's rate against CLOCK_MONOTONIC over the whole run, in MHz:
 * a way to read the cycle figures as time (under TCG, the host's rate). */
static void report_tsc_rate(uint64_t tsc0, const struct timespec *ts0)
{
	struct timespec ts1;
	uint64_t tsc1 = rdtsc();
	clock_gettime(CLOCK_MONOTONIC, &ts1);
	double ns = (double)(ts1.tv_sec - ts0->tv_sec) * 1e9 +
		    (double)(ts1.tv_nsec - ts0->tv_nsec);
	double mhz = ns > 0 ? (double)(tsc1 - tsc0) * 1e3 / ns : 0;
	dprintf(1,
		"BENCH name=tsc_rate unit=MHz median=%.1f min=%.1f "
		"max=%.1f n=1\n",
		mhz, mhz, mhz);
	dprintf(1,
		"BENCH name=run_time unit=s median=%.2f min=%.2f "
		"max=%.2f n=1\n",
		ns / 1e9, ns / 1e9, ns / 1e9);
}

/*
 * Under TCG, the first time the guest touches a physical page, QEMU's
 * host process takes a page fault for its own memory too: tens of
 * thousands of cycles that belong to neither kernel.  Touching (and
 * freeing) more memory than any figure uses, before any figure, leaves
 * each kernel's free pages backed on the host (both reuse recently freed
 * pages first), so that no figure pays for it.
 */
static void warm_host_memory(void)
{
	size_t npages = 2 * sc->region_pages;
	char *p = map_anon(npages * PAGE, PROT_READ | PROT_WRITE, 0);
	if (!p)
		return;
	touch(p, npages);
	unmap(p, npages * PAGE);
}

/* The figures in the order they run; only= picks some by these names. */
static const struct {
	const char *name;
	void (*run)(void);
} groups[] = {
    {"null_syscall", bench_null_syscall},
    {"mmap_munmap", bench_mmap_pair},
    {"brk_pair", bench_brk_pair},
    {"anon_fault", bench_anon_fault},
    {"dontneed", bench_dontneed},
    {"munmap_sparse", bench_munmap_sparse},
    {"fault_maps", bench_fault_vs_maps},
    {"fork", bench_fork},
};

/* Is name one of the words of list, separated by '+' (tide's init
 * splits its run= argument at commas), or is list NULL? */
static bool listed(const char *list, const char *name)
{
	size_t len = strlen(name);
	for (const char *p = list; p;) {
		if (strncmp(p, name, len) == 0 && (p[len] == '+' || !p[len]))
			return true;
		p = strchr(p, '+');
		if (p)
			p++;
	}
	return list == NULL;
}

/*
 * Arguments, each optional:
 *   quick          tiny sizes and counts (also MEMBENCH_QUICK=1)
 *   only=A+B       run only these groups (names in groups[])
 *   repeat=K       run each group K times (for bench/profile.py)
 *   kallsyms       print the kernel's text symbols (dump_kallsyms)
 *   rounds=R       R rounds where a figure has rounds (items 1, 4, 7, 8;
 *                  at most MAX_ROUNDS), so that profiles see more faults
 */
int main(int argc, char *argv[])
{
	dprintf(1, "BENCH_START membench\n");
	uint64_t tsc0 = rdtsc();
	struct timespec ts0;
	clock_gettime(CLOCK_MONOTONIC, &ts0);

	const char *env = getenv("MEMBENCH_QUICK"), *only = NULL;
	bool is_quick = env && *env && strcmp(env, "0") != 0;
	int repeat = 1, rounds = 0;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "quick") == 0)
			is_quick = true;
		else if (strncmp(argv[i], "only=", 5) == 0)
			only = argv[i] + 5;
		else if (strncmp(argv[i], "repeat=", 7) == 0)
			repeat = atoi(argv[i] + 7);
		else if (strcmp(argv[i], "kallsyms") == 0)
			dump_kallsyms();
		else if (strncmp(argv[i], "rounds=", 7) == 0)
			rounds = atoi(argv[i] + 7);
		else
			dprintf(1, "NOTE unknown argument %s\n", argv[i]);
	}
	static struct scale chosen;
	chosen = is_quick ? quick : full;
	if (rounds > 0)
		chosen.rounds = rounds < MAX_ROUNDS ? rounds : MAX_ROUNDS;
	sc = &chosen;
	struct utsname u;
	if (uname(&u) == 0)
		dprintf(1, "NOTE kernel %s %s, %s sizes\n", u.sysname,
			u.release, is_quick ? "quick" : "full");

	warm_host_memory();
	for (size_t g = 0; g < sizeof(groups) / sizeof(groups[0]); g++)
		for (int k = 0; k < repeat && listed(only, groups[g].name); k++)
			groups[g].run();
	report_tsc_rate(tsc0, &ts0);

	dprintf(1, "BENCH_END status=%d\n", bench_failures ? 1 : 0);
	power_off_if_init();
	return bench_failures ? 1 : 0;
}
