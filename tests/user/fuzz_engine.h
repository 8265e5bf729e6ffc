/*
 * fuzz_engine.h - tide's system-call fuzzer: the engine behind /bin/fuzz
 * (user/fuzz.c) and the test tests/user/t_fuzz.c.
 *
 * The fuzzer makes random and adversarial calls of brk, mmap, munmap,
 * mprotect, madvise, mincore, read, write, open, close, lseek, pipe, dup,
 * fork and exit, and touches (reads, writes, executes) memory.  Every choice
 * comes from one xorshift64* generator seeded with the seed, so
 * `fuzz -s SEED -n CALLS -v` replays a run call by call.
 *
 * It keeps a model of everything it owns, predicts each outcome from it,
 * and checks the prediction from user space:
 *
 *   arena  FZ_ARENA_PAGES pages that it maps, unmaps and protects at will,
 *          between two unmapped guard pages, so that no range it passes
 *          (however long) reaches the program's text, heap, stack or libc:
 *
 *            | guard | page 0 | page 1 | ... | page N-1 | guard |
 *                    ^ arena                            ^ arena_end
 *
 *          per page: what maps it (nothing, private or shared anonymous
 *          memory, a private or shared mapping of the fuzz file), its
 *          protection, and its content when known, as a tag t: t = 0 is a
 *          page of zeros, any other t is the pattern of fz_pattern_write();
 *   brk    the break, moved up to FZ_BRK_PAGES pages above its start;
 *   file   /dev/shm/fuzz.PID (tmpfs on Linux) or /tmp/fuzz.PID: its
 *          length and the tag of each page;
 *   fds    the descriptors it opened, and which numbers are free.
 *
 * Checks (the first that fails prints "FAIL seed=S call#=N: why" and ends
 * the run with status 1):
 *   - a call the model says must succeed succeeds with the right value; a
 *     call that must fail fails with the errno Linux gives;
 *   - accesses that may fault run in forked children: a child must die by
 *     exactly the predicted signal at the predicted touch, after reading
 *     exactly the predicted data;
 *   - data: known pages are read back, in the parent and in children, so
 *     fork's copy on write, shared memory, madvise, truncation and file
 *     I/O must leave exactly what Linux leaves.
 *
 * What depends on the machine (RAM size, privileges, configuration) is
 * called too but only has to leave the kernel alive.  Every other outcome
 * goes into a trace hash printed at the end: a seed gives the same hash on
 * Linux and on tide iff the two kernels agreed on every such call (-v
 * prints the trace, to diff).  The engine uses no malloc and prints with
 * write(), so it leaves the heap and stdio alone.  Not fuzzed here: mremap
 * (tide has none), MADV_DONTFORK/WIPEONFORK (they would change what fork
 * means for the model).
 *
 * Static functions only; include it once per program.
 */
#ifndef TIDE_TESTS_USER_FUZZ_ENGINE_H
#define TIDE_TESTS_USER_FUZZ_ENGINE_H

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define FZ_PAGE	       4096UL
#define FZ_ARENA_PAGES 1024 /* 4 MiB */
#define FZ_BRK_PAGES   256
#define FZ_FILE_PAGES  32		   /* the file's length after a reset */
#define FZ_FPAGES      (FZ_FILE_PAGES + 8) /* file pages a mapping may use */
#define FZ_MAX_FDS     24		   /* descriptors it keeps open */
#define FZ_FD_LIMIT    256		   /* fd numbers it tracks */
#define FZ_SCRATCH     (16 * FZ_PAGE)
#define FZ_MAX_TOUCH   6
#define FZ_TASK_SIZE   0x7ffffffff000UL /* the end of user space */
#define FZ_RET_OFF     2048		/* where a pattern page holds `ret` */
#define FZ_TAG_MUL     0x9e3779b97f4a7c15ULL

/* Exit statuses of the fuzzing process and its children. */
#define FZ_EXIT_FAIL 1 /* "FAIL ..." was printed */

enum fz_kind { FZ_NONE, FZ_ANON, FZ_SHANON, FZ_FILE, FZ_SHFILE };
static const char *const fz_kind_name[] = {"none", "anon", "shanon", "file",
					   "shfile"};

/* One arena page as the model sees it. */
struct fz_page {
	uint8_t kind;
	uint8_t prot;	  /* PROT_READ | PROT_WRITE | PROT_EXEC */
	uint8_t maywrite; /* 0: shared map of a read-only fd */
	uint8_t cow;	  /* FZ_FILE: has its own copy (else: the file's) */
	uint8_t known;	  /* tag is the content (own content only) */
	uint8_t resident; /* written by us since last dropped */
	uint32_t fpage;	  /* file page, for FZ_FILE and FZ_SHFILE */
	uint64_t tag;
};

enum fz_ftype {
	FZ_F_FILE,   /* the fuzz file */
	FZ_F_PIPE_R, /* read end of a non-blocking pipe */
	FZ_F_PIPE_W,
	FZ_F_NULL, /* /dev/null */
	FZ_F_ZERO, /* /dev/zero */
	FZ_F_PROC, /* a /proc file, read only */
	FZ_F_DIR,  /* a directory, read only */
	FZ_F_TMP,  /* another file of ours in /tmp */
};

struct fz_fd {
	int fd;
	uint8_t type;
	uint8_t acc;	  /* O_RDONLY, O_WRONLY or O_RDWR */
	uint8_t append;	  /* O_APPEND */
	uint8_t reserved; /* one of the three kept open throughout */
};

/* What a touch is expected to do. */
enum fz_outcome { FZ_OK, FZ_SEGV, FZ_BUS, FZ_EITHER, FZ_FAULT };
enum fz_access { FZ_R, FZ_W, FZ_X };

struct fz_touch {
	uintptr_t addr;
	uint8_t access;
	uint8_t expect;
	uint8_t check; /* R: compare with tag */
	uint64_t tag;  /* R: expected content; W: what to write */
};

/* What the caller asks for. */
struct fuzz_opts {
	uint64_t seed;
	unsigned long calls;
	int verbose;	    /* print every call */
	int progress;	    /* a line every 10,000 calls */
	const char *prefix; /* before each line printed ("# " in tests) */
};

struct fuzz {
	struct fuzz_opts o;
	uint64_t rng;
	unsigned long call; /* calls made so far */
	int in_child;	    /* a child of child_fuzz: no fds, no forks */
	int child_call;
	int hashed; /* the current call goes into the trace hash */
	uint64_t hash;

	unsigned char *arena;
	struct fz_page page[FZ_ARENA_PAGES];

	uintptr_t brk_base; /* page aligned; our part of the heap */
	uintptr_t brk_cur;
	uint64_t brk_tag[FZ_BRK_PAGES];
	uint8_t brk_known[FZ_BRK_PAGES];

	char path[64];
	long file_len;
	uint64_t file_tag[FZ_FPAGES];
	uint8_t file_known[FZ_FPAGES];
	int file_fd, ro_fd, wo_fd;
	int ntmp; /* bit K: the file PATH.K exists */

	struct fz_fd fds[FZ_MAX_FDS];
	int nfds;
	uint8_t fd_used[FZ_FD_LIMIT]; /* ours or inherited */

	unsigned long nerr[256];   /* calls that failed, by errno */
	unsigned long nsig[65];	   /* children killed, by signal */
	unsigned long nchildren;   /* processes forked */
	unsigned long child_calls; /* calls made by children */
	unsigned long nfailed;	   /* calls that returned -1 */
};

static struct fuzz fz;
static unsigned char fz_scratch[FZ_SCRATCH] __attribute__((aligned(4096)));
static unsigned char fz_pagebuf[FZ_PAGE] __attribute__((aligned(4096)));
static const char fz_rodata[] = "tide fuzz read-only data";

/* ---- output ---------------------------------------------------------- */

static void fz_vprint(const char *fmt, va_list ap)
{
	char buf[512];
	int n =
	    snprintf(buf, sizeof(buf), "%s", fz.o.prefix ? fz.o.prefix : "");

	n += vsnprintf(buf + n, sizeof(buf) - n, fmt, ap);
	if (n > (int)sizeof(buf) - 2)
		n = sizeof(buf) - 2;
	buf[n++] = '\n';
	for (int done = 0; done < n;) {
		ssize_t w = write(1, buf + done, n - done);
		if (w <= 0)
			break;
		done += w;
	}
}

static void fz_print(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
static void fz_print(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fz_vprint(fmt, ap);
	va_end(ap);
}

static void fz_fail(const char *fmt, ...)
    __attribute__((format(printf, 1, 2), noreturn));
static void fz_fail(const char *fmt, ...)
{
	char why[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	if (fz.in_child)
		fz_print("FAIL seed=%llu call#=%lu: in a child, its call %d: "
			 "%s",
			 (unsigned long long)fz.o.seed, fz.call, fz.child_call,
			 why);
	else
		fz_print("FAIL seed=%llu call#=%lu: %s",
			 (unsigned long long)fz.o.seed, fz.call, why);
	_exit(FZ_EXIT_FAIL);
}

/* -v: one line per call. */
static void fz_trace(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
static void fz_trace(const char *fmt, ...)
{
	char line[400];
	va_list ap;

	if (!fz.o.verbose)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (fz.in_child)
		fz_print("%lu.%d %s", fz.call, fz.child_call, line);
	else
		fz_print("%lu %s", fz.call, line);
}

static const char *const fz_errno_names[] = {
    [EPERM] = "EPERM",
    [ENOENT] = "ENOENT",
    [EINTR] = "EINTR",
    [ENXIO] = "ENXIO",
    [EBADF] = "EBADF",
    [ECHILD] = "ECHILD",
    [EAGAIN] = "EAGAIN",
    [ENOMEM] = "ENOMEM",
    [EACCES] = "EACCES",
    [EFAULT] = "EFAULT",
    [EBUSY] = "EBUSY",
    [EEXIST] = "EEXIST",
    [ENODEV] = "ENODEV",
    [ENOTDIR] = "ENOTDIR",
    [EISDIR] = "EISDIR",
    [EINVAL] = "EINVAL",
    [ENFILE] = "ENFILE",
    [EMFILE] = "EMFILE",
    [EFBIG] = "EFBIG",
    [ENOSPC] = "ENOSPC",
    [ESPIPE] = "ESPIPE",
    [EPIPE] = "EPIPE",
    [ENAMETOOLONG] = "ENAMETOOLONG",
    [ENOSYS] = "ENOSYS",
    [EOVERFLOW] = "EOVERFLOW",
    [EOPNOTSUPP] = "EOPNOTSUPP",
};

static const char *fz_errno_name(int e)
{
	static char other[16];

	if (e >= 0 && e < (int)(sizeof(fz_errno_names) / sizeof(char *)) &&
	    fz_errno_names[e])
		return fz_errno_names[e];
	snprintf(other, sizeof(other), "errno %d", e);
	return other;
}

/* An address as the trace shows it: relative to what holds it. */
static const char *fz_addr(uintptr_t a, char *buf, size_t cap)
{
	uintptr_t ar = (uintptr_t)fz.arena;

	if (ar && a >= ar - FZ_PAGE && a <= ar + (FZ_ARENA_PAGES + 1) * FZ_PAGE)
		snprintf(buf, cap, "A%+ld", (long)(a - ar));
	else if (fz.brk_base && a >= fz.brk_base &&
		 a < fz.brk_base + (1UL << 32))
		snprintf(buf, cap, "B+%lu", (unsigned long)(a - fz.brk_base));
	else if (a >= (uintptr_t)fz_scratch &&
		 a < (uintptr_t)fz_scratch + FZ_SCRATCH)
		snprintf(buf, cap, "S+%lu",
			 (unsigned long)(a - (uintptr_t)fz_scratch));
	else if (a == (uintptr_t)fz_rodata)
		snprintf(buf, cap, "RODATA");
	else
		snprintf(buf, cap, "%#lx", (unsigned long)a);
	return buf;
}

/* ---- the generator ----------------------------------------------------- */

static uint64_t fz_next(void)
{
	uint64_t x = fz.rng;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	fz.rng = x;
	return x * 0x2545f4914f6cdd1dULL;
}

static uint64_t fz_below(uint64_t n)
{
	return n ? fz_next() % n : 0;
}

static int fz_chance(unsigned percent)
{
	return fz_below(100) < percent;
}

static void fz_seed_rng(uint64_t seed)
{
	uint64_t z = seed + 0x9e3779b97f4a7c15ULL; /* splitmix64 */

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	z ^= z >> 31;
	fz.rng = z ? z : 1;
}

/* A new nonzero content tag. */
static uint64_t fz_new_tag(void)
{
	return fz_next() | 1;
}

/* ---- calls and expectations ------------------------------------------ */

static void fz_hash_u64(uint64_t v)
{
	for (int i = 0; i < 8; i++) {
		fz.hash ^= (v >> (8 * i)) & 0xff;
		fz.hash *= 0x100000001b3ULL; /* FNV-1a */
	}
}

/*
 * Makes one raw system call and returns its result (-1 with errno set on
 * failure), counting the failure by errno.  val is the result as the
 * trace hash sees it (addresses relative to the arena or the heap).
 */
static long fz_sys(long nr, long a, long b, long c, long d, long e, long g)
{
	long r;

	errno = 0;
	r = syscall(nr, a, b, c, d, e, g);
	if (r == -1) {
		fz.nfailed++;
		if (errno > 0 && errno < 256)
			fz.nerr[errno]++;
	}
	return r;
}

/* Adds a call's outcome to the trace hash (if it is hashed). */
static void fz_hash_result(long r, int err)
{
	if (!fz.hashed || fz.in_child)
		return;
	fz_hash_u64(fz.call);
	fz_hash_u64((uint64_t)r);
	fz_hash_u64((uint64_t)(r == -1 ? err : 0));
}

static const char *fz_res(long r, int err, char *buf, size_t cap)
{
	if (r == -1)
		snprintf(buf, cap, "-1 %s", fz_errno_name(err));
	else
		snprintf(buf, cap, "%ld", r);
	return buf;
}

/* The call must have returned want. */
static void fz_want_val(const char *what, long r, int err, long want)
{
	char got[48];

	if (r != want)
		fz_fail("%s returned %s, expected %ld", what,
			fz_res(r, err, got, sizeof(got)), want);
}

/* The call must have failed with errno want. */
static void fz_want_err(const char *what, long r, int err, int want)
{
	char got[48];

	if (r != -1 || err != want)
		fz_fail("%s returned %s, expected -1 %s", what,
			fz_res(r, err, got, sizeof(got)), fz_errno_name(want));
}

/* ---- the model ------------------------------------------------------- */

static uintptr_t fz_arena_end(void)
{
	return (uintptr_t)fz.arena + FZ_ARENA_PAGES * FZ_PAGE;
}

/* The arena page holding addr, or -1. */
static long fz_page_index(uintptr_t addr)
{
	uintptr_t ar = (uintptr_t)fz.arena;

	if (addr < ar || addr >= fz_arena_end())
		return -1;
	return (long)((addr - ar) / FZ_PAGE);
}

/* The pattern that a tag stands for: three words, one a `ret`. */
static void fz_pattern_write(volatile unsigned char *page, uint64_t tag)
{
	*(volatile uint64_t *)page = tag;
	page[FZ_RET_OFF] = 0xc3;
	*(volatile uint64_t *)(page + FZ_PAGE - 8) = tag * FZ_TAG_MUL;
}

/* Returns 1 if the page at page reads as tag. */
static int fz_pattern_check(const volatile unsigned char *page, uint64_t tag,
			    uint64_t *got)
{
	uint64_t w0 = *(const volatile uint64_t *)page;
	unsigned char r = page[FZ_RET_OFF];
	uint64_t w1 = *(const volatile uint64_t *)(page + FZ_PAGE - 8);

	*got = w0;
	if (tag == 0)
		return w0 == 0 && r == 0 && w1 == 0;
	return w0 == tag && r == 0xc3 && w1 == tag * FZ_TAG_MUL;
}

static int fz_is_file(const struct fz_page *p)
{
	return p->kind == FZ_SHFILE || (p->kind == FZ_FILE && !p->cow);
}

/* A file page can be touched iff some of it is inside the file. */
static int fz_fpage_inside(uint32_t k)
{
	return (long)k * (long)FZ_PAGE < fz.file_len;
}

/* Sets *tag and returns 1 if the content of arena page i is known. */
static int fz_content(int i, uint64_t *tag)
{
	const struct fz_page *p = &fz.page[i];

	if (p->kind == FZ_NONE)
		return 0;
	if (fz_is_file(p)) {
		uint32_t k = p->fpage;

		if ((long)(k + 1) * (long)FZ_PAGE > fz.file_len ||
		    !fz.file_known[k])
			return 0; /* partly or wholly past the end */
		*tag = fz.file_tag[k];
		return 1;
	}
	if (!p->known)
		return 0;
	*tag = p->tag;
	return 1;
}

static void fz_set_none(long first, long n)
{
	for (long i = first; i < first + n && i < FZ_ARENA_PAGES; i++)
		if (i >= 0)
			memset(&fz.page[i], 0, sizeof(fz.page[i]));
}

/* A new mapping of n pages at page first; file pages start at fpage. */
static void fz_set_mapped(long first, long n, int kind, int prot, int maywrite,
			  uint32_t fpage)
{
	for (long i = 0; i < n; i++) {
		struct fz_page *p = &fz.page[first + i];

		memset(p, 0, sizeof(*p));
		p->kind = kind;
		p->prot = prot;
		p->maywrite = maywrite;
		p->known = 1; /* new anonymous memory reads as zeros */
		p->fpage = fpage + i;
	}
}

/* The content of page i is no longer known (something wrote into it). */
static void fz_scribbled(int i)
{
	struct fz_page *p = &fz.page[i];

	if (p->kind == FZ_SHFILE)
		fz.file_known[p->fpage] = 0;
	if (p->kind == FZ_FILE)
		p->cow = 1;
	p->known = 0;
}

/* Whether the kernel may write into page i (copy_to_user). */
static int fz_kernel_can_write(int i)
{
	const struct fz_page *p = &fz.page[i];

	if (p->kind == FZ_NONE || !(p->prot & PROT_WRITE))
		return 0;
	return !fz_is_file(p) || fz_fpage_inside(p->fpage);
}

/* Whether the kernel may read page i (copy_from_user); -1: don't know. */
static int fz_kernel_can_read(int i)
{
	const struct fz_page *p = &fz.page[i];

	if (p->kind == FZ_NONE || p->prot == PROT_NONE)
		return 0;
	if (p->prot == PROT_EXEC)
		return -1; /* execute-only under protection keys */
	return !fz_is_file(p) || fz_fpage_inside(p->fpage);
}

/*
 * The file's length becomes len (truncation or a write past the end).
 * Invariant: a page wholly past the end holds zeros (nothing can write
 * it); a page the end cuts in two is unknown.
 */
static void fz_file_resize(long len)
{
	long old = fz.file_len;

	if (len < old) {
		/* Linux drops even private copies of pages past the end. */
		for (int i = 0; i < FZ_ARENA_PAGES; i++) {
			struct fz_page *p = &fz.page[i];

			if (p->kind == FZ_FILE &&
			    (long)p->fpage * (long)FZ_PAGE >= len) {
				p->cow = 0;
				p->resident = 0;
			}
		}
	}
	for (long k = 0; k < FZ_FPAGES; k++) {
		long s = k * (long)FZ_PAGE, e = s + (long)FZ_PAGE;

		if (s >= len) {
			fz.file_tag[k] = 0;
			fz.file_known[k] = 1;
		} else if (e > len || (s < old && old < e)) {
			fz.file_known[k] = 0;
		}
	}
	fz.file_len = len;
}

/*
 * A write of count bytes at pos returned n (-1: failed).  Every page it
 * may have reached is unknown; the file grows to pos + n.
 */
static void fz_file_written(long pos, unsigned long count, long n)
{
	unsigned long span = count < (1UL << 30) ? count : (1UL << 30);

	if (pos < 0)
		return;
	for (long k = 0; k < FZ_FPAGES; k++) {
		long s = k * (long)FZ_PAGE, e = s + (long)FZ_PAGE;

		if (e > pos && s < pos + (long)span)
			fz.file_known[k] = 0;
	}
	if (n > 0 && pos + n > fz.file_len)
		fz_file_resize(pos + n);
}

/* ---- picking addresses --------------------------------------------- */

/* A page index, half the time where two runs of pages differ. */
static long fz_pick_page(void)
{
	long edges[64];
	int n = 0;

	if (fz_chance(50)) {
		for (long i = 1; i < FZ_ARENA_PAGES && n < 64; i++) {
			const struct fz_page *a = &fz.page[i - 1],
					     *b = &fz.page[i];

			if (a->kind != b->kind || a->prot != b->prot)
				edges[n++] = i;
		}
		if (n > 0) {
			long i = edges[fz_below(n)] - (long)fz_below(2);

			return i < 0 ? 0 : i;
		}
	}
	return (long)fz_below(FZ_ARENA_PAGES);
}

/* A page count in [1, max], mostly small. */
static long fz_pick_npages(long max)
{
	long n;
	unsigned c = fz_below(100);

	if (max <= 0)
		return 0;
	if (c < 70)
		n = 1 + fz_below(8);
	else if (c < 95)
		n = 1 + fz_below(128);
	else
		n = max;
	return n > max ? max : n;
}

/* Where a range lies. */
enum fz_where { FZ_IN_ARENA, FZ_IN_KERNEL, FZ_NONCANON, FZ_LOW };

struct fz_range {
	uintptr_t addr;
	size_t len;
	int where;
	int huge; /* len reaches past the end of user space */
};

static const uintptr_t fz_kernel_addrs[] = {
    0xffff800000000000UL,
    0xffffffff80000000UL,
    0xffffc90000000000UL,
    0xfffffffffffff000UL,
};
static const uintptr_t fz_noncanon_addrs[] = {
    0x0000800000000000UL,
    0x8000000000000000UL,
    FZ_TASK_SIZE,
};

/* A length that no call can honour: it wraps, or ends past user space.
 * With wrap_only, only lengths whose end wraps around (madvise
 * walks any range that does not wrap, through every vma). */
static size_t fz_huge_len(uintptr_t addr, int wrap_only)
{
	switch (fz_below(wrap_only ? 3 : 6)) {
	case 0:
		return SIZE_MAX;
	case 1:
		return SIZE_MAX - FZ_PAGE + 2; /* 0 when rounded up */
	case 2:
		return 0 - addr; /* end == 0 */
	case 3:
		return 1UL << 47;
	case 4:
		return 1UL << 62;
	default:
		return (1UL << 63) + FZ_PAGE;
	}
}

/* Picks a range; destructive: its len may be huge only if it wraps. */
static void fz_pick_range(struct fz_range *r, int destructive)
{
	unsigned c = fz_below(100);

	memset(r, 0, sizeof(*r));
	if (c < 84) {
		long pg = fz_pick_page();
		long np = fz_pick_npages(FZ_ARENA_PAGES - pg);
		unsigned d = fz_below(100);

		r->where = FZ_IN_ARENA;
		r->addr = (uintptr_t)fz.arena + pg * FZ_PAGE;
		r->len = np * FZ_PAGE;
		if (d < 6)
			r->len -= 1 + fz_below(FZ_PAGE - 1); /* same pages */
		else if (d < 10)
			r->addr += 1 + fz_below(FZ_PAGE - 1); /* unaligned */
		else if (d < 13)
			r->len = 0;
		else if (d < 18) {
			r->len = fz_huge_len(r->addr, destructive);
			r->huge = 1;
		}
		if (!r->huge && r->addr + r->len > fz_arena_end())
			r->len = fz_arena_end() - r->addr;
	} else if (c < 92) {
		r->where = FZ_IN_KERNEL;
		r->addr = fz_kernel_addrs[fz_below(4)];
		r->len = (1 + fz_below(4)) * FZ_PAGE;
		if (fz_chance(20)) {
			r->len = fz_huge_len(r->addr, destructive);
			r->huge = 1;
		}
	} else if (c < 96) {
		r->where = FZ_NONCANON;
		r->addr = fz_noncanon_addrs[fz_below(3)];
		r->len = (1 + fz_below(4)) * FZ_PAGE;
	} else {
		r->where = FZ_LOW; /* below mmap_min_addr: nothing is there */
		r->addr = fz_below(16) * FZ_PAGE;
		r->len = (1 + fz_below(4)) * FZ_PAGE;
		if (r->addr + r->len > 0x10000)
			r->len = 0x10000 - r->addr;
	}
}

/*
 * [first, first + n) of a range in the arena, in pages (rounded up).
 * Returns 1 if the range goes on past the arena (into the guard page).
 */
static int fz_range_pages(const struct fz_range *r, long *first, long *n)
{
	uintptr_t len = (r->len + FZ_PAGE - 1) & ~(FZ_PAGE - 1);
	uintptr_t start = r->addr & ~(FZ_PAGE - 1), end = start + len;

	*first = (long)((start - (uintptr_t)fz.arena) / FZ_PAGE);
	if (r->huge || len < r->len || end > fz_arena_end() || end < start) {
		*n = FZ_ARENA_PAGES - *first; /* the rest, up to the guard */
		return 1;
	}
	*n = (long)(len / FZ_PAGE);
	return 0;
}

/* 1 if every page of [first, first + n) is unmapped. */
static int fz_all_none(long first, long n)
{
	for (long i = first; i < first + n; i++)
		if (fz.page[i].kind != FZ_NONE)
			return 0;
	return 1;
}

/* ---- descriptors ----------------------------------------------------- */

static int fz_lowest_free_fd(void)
{
	for (int i = 0; i < FZ_FD_LIMIT; i++)
		if (!fz.fd_used[i])
			return i;
	return -1;
}

static struct fz_fd *fz_fd_add(int fd, int type, int acc, int append)
{
	struct fz_fd *e;

	if (fz.nfds >= FZ_MAX_FDS || fd < 0 || fd >= FZ_FD_LIMIT)
		fz_fail("descriptor table of the model is full (fd %d)", fd);
	e = &fz.fds[fz.nfds++];
	memset(e, 0, sizeof(*e));
	e->fd = fd;
	e->type = type;
	e->acc = acc;
	e->append = append;
	fz.fd_used[fd] = 1;
	return e;
}

static void fz_fd_remove(int fd)
{
	for (int i = 0; i < fz.nfds; i++) {
		if (fz.fds[i].fd == fd) {
			fz.fd_used[fd] = 0;
			fz.fds[i] = fz.fds[--fz.nfds];
			return;
		}
	}
}

static struct fz_fd *fz_fd_find(int fd)
{
	for (int i = 0; i < fz.nfds; i++)
		if (fz.fds[i].fd == fd)
			return &fz.fds[i];
	return NULL;
}

/* A number that is not an open descriptor. */
static int fz_bad_fd(void)
{
	static const int bad[] = {-1, -100, INT_MIN, INT_MAX, 1 << 20, 1023};
	int i = (int)fz_below(8);

	if (i < 6)
		return bad[i];
	if (i == 6)
		return fz_lowest_free_fd();
	for (int fd = FZ_FD_LIMIT - 1 - (int)fz_below(8); fd < FZ_FD_LIMIT;
	     fd++)
		if (!fz.fd_used[fd])
			return fd;
	return -1;
}

/* Closes one of ours (not reserved) to make room; returns 0. */
static void fz_fd_make_room(int need)
{
	while (fz.nfds + need > FZ_MAX_FDS) {
		for (int i = fz.nfds - 1; i >= 0; i--) {
			if (!fz.fds[i].reserved) {
				int fd = fz.fds[i].fd;
				long r = fz_sys(SYS_close, fd, 0, 0, 0, 0, 0);

				fz_want_val("close (to make room)", r, errno,
					    0);
				fz_fd_remove(fd);
				break;
			}
		}
	}
}

/* ---- touches --------------------------------------------------------- */

static int fz_in_brk(uintptr_t a)
{
	return fz.brk_base && a >= fz.brk_base &&
	       a < fz.brk_base + FZ_BRK_PAGES * FZ_PAGE;
}

static uintptr_t fz_brk_mapped_end(void)
{
	return (fz.brk_cur + FZ_PAGE - 1) & ~(FZ_PAGE - 1);
}

/* Fills in t->expect, t->check and t->tag for t->addr and t->access. */
static void fz_predict_touch(struct fz_touch *t)
{
	long i = fz_page_index(t->addr);
	int ok = 0;

	t->check = 0;
	t->expect = FZ_SEGV;
	if (i >= 0) {
		const struct fz_page *p = &fz.page[i];

		if (p->kind == FZ_NONE)
			return;
		if (t->access == FZ_R && p->prot == PROT_EXEC) {
			t->expect = FZ_EITHER; /* protection keys or not */
			return;
		}
		if (t->access == FZ_R)
			ok = p->prot & (PROT_READ | PROT_WRITE);
		else if (t->access == FZ_W)
			ok = p->prot & PROT_WRITE;
		else
			ok = p->prot & PROT_EXEC;
		if (!ok && t->access == FZ_X && p->prot != PROT_NONE &&
		    fz_is_file(p) && !fz_fpage_inside(p->fpage))
			t->expect =
			    FZ_FAULT; /* Linux reads the page in first */
		if (!ok)
			return;
		if (fz_is_file(p) && !fz_fpage_inside(p->fpage)) {
			t->expect = FZ_BUS;
			return;
		}
		t->expect = FZ_OK;
		if (t->access == FZ_R)
			t->check = fz_content((int)i, &t->tag);
		if (t->access == FZ_X &&
		    !(fz_content((int)i, &t->tag) && t->tag))
			t->access = FZ_R,
			fz_predict_touch(t); /* no `ret` there */
		return;
	}
	if (fz_in_brk(t->addr)) {
		long j = (long)((t->addr - fz.brk_base) / FZ_PAGE);

		if (t->addr >= fz_brk_mapped_end() || t->access == FZ_X)
			return;
		t->expect = FZ_OK;
		t->check = t->access == FZ_R && fz.brk_known[j];
		t->tag = fz.brk_tag[j];
		return;
	}
	if (t->addr == (uintptr_t)fz_rodata || t->addr == (uintptr_t)&fz_next)
		t->expect = t->access == FZ_R ? FZ_OK : FZ_SEGV;
	else if (t->addr == (uintptr_t)fz_scratch)
		t->expect = t->access == FZ_X ? FZ_SEGV : FZ_OK;
	/* kernel, non-canonical, low and stack-execute touches: SIGSEGV */
}

/* A touch of an arena or heap page, or of an address that must fault. */
static void fz_pick_touch(struct fz_touch *t, uintptr_t stack)
{
	unsigned c = fz_below(100), a = fz_below(100);

	memset(t, 0, sizeof(*t));
	t->access = a < 45 ? FZ_W : a < 88 ? FZ_R : FZ_X;
	if (c < 75) {
		t->addr = (uintptr_t)fz.arena + fz_pick_page() * FZ_PAGE;
	} else if (c < 85) {
		long j = (long)((fz_brk_mapped_end() - fz.brk_base) / FZ_PAGE);

		j += (long)fz_below(5) - 3; /* around the break */
		if (j < 0 || fz_chance(40))
			j = (long)fz_below(FZ_BRK_PAGES);
		if (j >= FZ_BRK_PAGES)
			j = FZ_BRK_PAGES - 1;
		t->addr = fz.brk_base + j * FZ_PAGE;
	} else {
		static const uintptr_t odd[] = {0, 0x1000, 0xfff0};
		unsigned d = fz_below(8);

		if (d < 2)
			t->addr =
			    fz_kernel_addrs[fz_below(4)] + fz_below(64) * 8;
		else if (d < 3)
			t->addr = fz_noncanon_addrs[fz_below(3)];
		else if (d < 4)
			t->addr = odd[fz_below(3)];
		else if (d < 5)
			t->addr = (uintptr_t)fz_rodata;
		else if (d < 6)
			t->addr = (uintptr_t)&fz_next;
		else if (d < 7)
			t->addr = (uintptr_t)fz_scratch;
		else
			t->addr = stack, t->access = FZ_X;
		if (t->addr == (uintptr_t)&fz_next && t->access == FZ_X)
			t->access = FZ_R;
	}
	fz_predict_touch(t);
}

static int fz_model_page(uintptr_t a)
{
	return fz_page_index(a) >= 0 || fz_in_brk(a);
}

/*
 * Does the touch.  A model page gets the whole pattern written, checked
 * or its `ret` called; other addresses get one byte.  Returns 0, or 1 if
 * a read found other data than expected (*got: what it found).
 */
static int fz_do_touch(const struct fz_touch *t, uint64_t *got)
{
	volatile unsigned char *p = (volatile unsigned char *)t->addr;

	*got = 0;
	if (!fz_model_page(t->addr)) {
		if (t->access == FZ_R)
			*got = *p;
		else if (t->access == FZ_W)
			*p = 1;
		else
			((void (*)(void))t->addr)();
		return 0;
	}
	if (t->access == FZ_W) {
		fz_pattern_write(p, t->tag);
	} else if (t->access == FZ_X) {
		((void (*)(void))(t->addr + FZ_RET_OFF))();
	} else {
		uint64_t tag = t->check ? t->tag : 0;
		int same = fz_pattern_check(p, tag, got);

		if (t->check && !same)
			return 1;
	}
	return 0;
}

/* The model after the process itself wrote tag into a model page. */
static void fz_model_write(uintptr_t a, uint64_t tag)
{
	long i = fz_page_index(a);

	if (i < 0) {
		long j = (long)((a - fz.brk_base) / FZ_PAGE);

		fz.brk_tag[j] = tag;
		fz.brk_known[j] = 1;
		return;
	}
	struct fz_page *p = &fz.page[i];

	if (p->kind == FZ_SHFILE) {
		uint32_t k = p->fpage;

		fz.file_tag[k] = tag;
		fz.file_known[k] = (long)(k + 1) * (long)FZ_PAGE <= fz.file_len;
		return;
	}
	if (p->kind == FZ_FILE)
		p->cow = 1;
	p->tag = tag;
	p->known = 1;
	p->resident = 1;
}

static int fz_is_shared_page(uintptr_t a)
{
	long i = fz_page_index(a);

	return i >= 0 &&
	       (fz.page[i].kind == FZ_SHANON || fz.page[i].kind == FZ_SHFILE);
}

static const char *const fz_access_name[] = {"read", "write", "exec"};
static const char *const fz_outcome_name[] = {"ok", "SIGSEGV", "SIGBUS",
					      "either", "SIGSEGV or SIGBUS"};

/* The process touches memory itself: only what must not fault. */
static void fz_op_touch(void)
{
	struct fz_touch t;
	char ab[40];
	uint64_t got;
	int dummy;

	fz_pick_touch(&t, (uintptr_t)&dummy);
	if (t.expect != FZ_OK ||
	    (fz.in_child && t.access == FZ_W && fz_is_shared_page(t.addr))) {
		fz_trace("touch %s %s: skipped (%s)", fz_access_name[t.access],
			 fz_addr(t.addr, ab, sizeof(ab)),
			 fz_outcome_name[t.expect]);
		return;
	}
	if (t.access == FZ_W && fz_model_page(t.addr))
		t.tag = fz_new_tag();
	fz_trace("touch %s %s", fz_access_name[t.access],
		 fz_addr(t.addr, ab, sizeof(ab)));
	if (fz_do_touch(&t, &got))
		fz_fail("data changed: page %s reads %#llx, expected tag %#llx",
			fz_addr(t.addr, ab, sizeof(ab)),
			(unsigned long long)got, (unsigned long long)t.tag);
	if (t.access == FZ_W && fz_model_page(t.addr))
		fz_model_write(t.addr, t.tag);
}

/* Reads back a few pages whose content is known. */
static void fz_op_verify(void)
{
	for (int n = 0; n < 8; n++) {
		struct fz_touch t = {0};
		char ab[40];
		uint64_t got;

		t.access = FZ_R;
		if (fz_chance(85))
			t.addr = (uintptr_t)fz.arena +
				 fz_below(FZ_ARENA_PAGES) * FZ_PAGE;
		else
			t.addr = fz.brk_base + fz_below(FZ_BRK_PAGES) * FZ_PAGE;
		fz_predict_touch(&t);
		if (t.expect != FZ_OK || !t.check)
			continue;
		if (fz_do_touch(&t, &got))
			fz_fail("data changed: page %s reads %#llx, expected "
				"tag %#llx",
				fz_addr(t.addr, ab, sizeof(ab)),
				(unsigned long long)got,
				(unsigned long long)t.tag);
	}
	fz_trace("verify");
}

/* ---- fork ------------------------------------------------------------ */

static void fz_default_fault_signals(void)
{
	signal(SIGSEGV, SIG_DFL);
	signal(SIGBUS, SIG_DFL);
}

/*
 * Waits for pid; checks it exited with code or died by sig (0: none).
 * either: FZ_EITHER (exit 0, SIGSEGV or SIGBUS) or FZ_FAULT (one of the
 * two signals) is fine too.
 */
static void fz_wait_child(pid_t pid, int code, int sig, int either,
			  const char *what)
{
	int st = 0;
	pid_t got = waitpid(pid, &st, 0);

	if (got != pid)
		fz_fail("%s: waitpid returned %d errno %d", what, (int)got,
			errno);
	if (WIFSIGNALED(st))
		fz.nsig[WTERMSIG(st) & 63]++;
	if (WIFEXITED(st) && WEXITSTATUS(st) == FZ_EXIT_FAIL)
		fz_fail("%s: the child found a problem (above)", what);
	if (either && ((st == 0 && either == FZ_EITHER) ||
		       (WIFSIGNALED(st) &&
			(WTERMSIG(st) == SIGSEGV || WTERMSIG(st) == SIGBUS))))
		return;
	if (sig && !(WIFSIGNALED(st) && WTERMSIG(st) == sig))
		fz_fail("%s: wait status %#x, expected death by signal %d",
			what, st, sig);
	if (!sig && !(WIFEXITED(st) && WEXITSTATUS(st) == code))
		fz_fail("%s: wait status %#x, expected exit %d", what, st,
			code);
	fz_hash_result(st, 0);
}

/*
 * A child makes 1 to FZ_MAX_TOUCH touches, planned here from the model;
 * only the last may fault, and the child must die of exactly that.  Its
 * writes to shared pages are the parent's too; its private ones are not.
 */
static void fz_op_touch_child(void)
{
	struct fz_touch t[FZ_MAX_TOUCH];
	struct fz_page saved[FZ_MAX_TOUCH];
	uint64_t saved_brk[FZ_MAX_TOUCH];
	uint8_t saved_known[FZ_MAX_TOUCH];
	int n = 0, want = 1 + (int)fz_below(FZ_MAX_TOUCH), dummy;
	char ab[40];
	pid_t pid;

	while (n < want) {
		struct fz_touch *c = &t[n];
		long i;

		fz_pick_touch(c, (uintptr_t)&dummy);
		i = fz_page_index(c->addr);
		if (i >= 0)
			saved[n] = fz.page[i];
		else if (fz_in_brk(c->addr)) {
			long j = (long)((c->addr - fz.brk_base) / FZ_PAGE);

			saved_brk[n] = fz.brk_tag[j];
			saved_known[n] = fz.brk_known[j];
		}
		if (c->access == FZ_W && c->expect == FZ_OK &&
		    fz_model_page(c->addr)) {
			c->tag = fz_new_tag();
			fz_model_write(c->addr, c->tag);
		}
		fz_trace("child touch %s %s: %s", fz_access_name[c->access],
			 fz_addr(c->addr, ab, sizeof(ab)),
			 fz_outcome_name[c->expect]);
		n++;
		if (c->expect != FZ_OK)
			break;
	}
	fz.nchildren++;
	pid = fork();
	if (pid < 0)
		fz_fail("fork: errno %d", errno);
	if (pid == 0) {
		fz.in_child = 1;
		for (int k = 0; k < n; k++) {
			uint64_t got;

			fz.child_call = k + 1;
			if (t[k].expect != FZ_OK)
				fz_default_fault_signals();
			if (fz_do_touch(&t[k], &got))
				fz_fail("data changed: page %s reads %#llx, "
					"expected tag %#llx",
					fz_addr(t[k].addr, ab, sizeof(ab)),
					(unsigned long long)got,
					(unsigned long long)t[k].tag);
			if (t[k].expect == FZ_SEGV || t[k].expect == FZ_BUS ||
			    t[k].expect == FZ_FAULT)
				fz_fail("%s of %s did not fault (expected %s)",
					fz_access_name[t[k].access],
					fz_addr(t[k].addr, ab, sizeof(ab)),
					fz_outcome_name[t[k].expect]);
		}
		_exit(0);
	}
	{
		int last = t[n - 1].expect;

		if (last == FZ_EITHER || last == FZ_FAULT)
			fz.hashed = 0;
		fz_wait_child(pid, 0,
			      last == FZ_SEGV  ? SIGSEGV
			      : last == FZ_BUS ? SIGBUS
					       : 0,
			      last == FZ_EITHER || last == FZ_FAULT ? last : 0,
			      "touch child");
	}
	/* Undo the child's private writes, newest first. */
	for (int k = n - 1; k >= 0; k--) {
		long i = fz_page_index(t[k].addr);

		if (t[k].access != FZ_W || t[k].expect != FZ_OK ||
		    !fz_model_page(t[k].addr))
			continue;
		if (i >= 0 && !fz_is_shared_page(t[k].addr))
			fz.page[i] = saved[k];
		else if (i >= 0 && fz.page[i].kind == FZ_SHANON)
			fz.page[i].resident = saved[k].resident;
		else if (i < 0) {
			long j = (long)((t[k].addr - fz.brk_base) / FZ_PAGE);

			fz.brk_tag[j] = saved_brk[k];
			fz.brk_known[j] = saved_known[k];
		}
	}
}

static void fz_step(void);

/*
 * A child makes calls of its own (memory only: it shares descriptors and
 * shared memory with us) and exits: by _exit, by the exit system call, or
 * by a fault, with all its mappings still in place.
 */
static void fz_op_child_fuzz(void)
{
	int code = 2 + (int)fz_below(60), ncalls = 5 + (int)fz_below(40);
	unsigned how = fz_below(100);
	pid_t pid;

	fz_trace("child fuzz: %d calls, then %s", ncalls,
		 how < 60   ? "_exit"
		 : how < 80 ? "exit"
			    : "SIGSEGV");
	fz.nchildren++;
	fz.child_calls += ncalls;
	pid = fork();
	if (pid < 0)
		fz_fail("fork: errno %d", errno);
	if (pid == 0) {
		fz.in_child = 1;
		fz.rng ^= 0x5bd1e9955bd1e995ULL;
		for (fz.child_call = 1; fz.child_call <= ncalls;
		     fz.child_call++)
			fz_step();
		if (how < 60)
			_exit(code);
		if (how < 80)
			syscall(SYS_exit, code);
		fz_default_fault_signals();
		*(volatile char *)fz_kernel_addrs[fz_below(4)] = 1;
		fz_fail("a write to a kernel address did not fault");
	}
	fz_wait_child(pid, code, how < 80 ? 0 : SIGSEGV, 0, "child fuzz");
}

/* Several children at once; reaped in any order, one with a bad
 * status pointer (reaped all the same, then EFAULT). */
static void fz_op_fork_burst(void)
{
	pid_t pids[8];
	int n = 2 + (int)fz_below(7), badwait = -1;

	if (fz_chance(30))
		badwait = (int)fz_below(n);
	fz_trace("fork burst: %d children", n);
	for (int i = 0; i < n; i++) {
		fz.nchildren++;
		pids[i] = fork();
		if (pids[i] < 0)
			fz_fail("fork: errno %d", errno);
		if (pids[i] == 0)
			_exit(10 + i);
	}
	for (int k = 0; k < n; k++) {
		int i = (k + n / 2) % n;

		if (i == badwait) {
			long r = fz_sys(SYS_wait4, pids[i],
					(long)fz_kernel_addrs[0], 0, 0, 0, 0);
			int e = errno;

			fz_want_err("wait4(child, kernel address)", r, e,
				    EFAULT);
			r = fz_sys(SYS_wait4, pids[i], 0, WNOHANG, 0, 0, 0);
			fz_want_err("wait4 of a child already reaped", r, errno,
				    ECHILD);
		} else {
			fz_wait_child(pids[i], 10 + i, 0, 0, "fork burst");
		}
	}
	{
		long r = fz_sys(SYS_wait4, -1, 0, WNOHANG, 0, 0, 0);

		fz_want_err("wait4(-1) with no children left", r, errno,
			    ECHILD);
	}
}

/* ---- mmap and munmap ------------------------------------------------- */

/* A mapping's address as the trace hash sees it. */
static long fz_norm_addr(long r)
{
	if (r == -1)
		return -1;
	if (fz_page_index((uintptr_t)r) >= 0)
		return r - (long)(uintptr_t)fz.arena;
	return 1; /* somewhere else: the layout outside is not ours */
}

static void fz_arena_none(uintptr_t a, size_t len)
{
	for (uintptr_t p = a & ~(FZ_PAGE - 1); p < a + len; p += FZ_PAGE) {
		long i = fz_page_index(p);

		if (i >= 0)
			fz_set_none(i, 1);
	}
}

/*
 * The kernel made a mapping of len bytes at res.  It must be page aligned
 * and, unless fixed, over nothing of ours.  It is kept in the model if
 * keep is set and it lies in the arena; otherwise it is unmapped again.
 */
static void fz_adopt(long res, size_t len, int fixed, int keep, int kind,
		     int prot, int maywrite, uint32_t fpage)
{
	uintptr_t a = (uintptr_t)res;
	size_t alen = (len + FZ_PAGE - 1) & ~(FZ_PAGE - 1);
	char ab[40];

	if ((a & (FZ_PAGE - 1)) || a >= FZ_TASK_SIZE || alen > FZ_TASK_SIZE - a)
		fz_fail("mmap returned %s, not a page of user space",
			fz_addr(a, ab, sizeof(ab)));
	for (uintptr_t p = a; !fixed && p < a + alen; p += FZ_PAGE) {
		long i = fz_page_index(p);

		if (i >= 0 && fz.page[i].kind != FZ_NONE)
			fz_fail("mmap returned %s, over our mapping at %s",
				fz_addr(a, ab, sizeof(ab)),
				fz_addr(p, ab + 20, 20));
	}
	if (keep && fz_page_index(a) >= 0 && a + alen <= fz_arena_end()) {
		fz_set_mapped(fz_page_index(a), (long)(alen / FZ_PAGE), kind,
			      prot, maywrite, fpage);
		return;
	}
	long r = fz_sys(SYS_munmap, (long)a, (long)alen, 0, 0, 0, 0);
	fz_want_val("munmap of a mapping just made", r, errno, 0);
	fz_arena_none(a, alen);
}

static const char *fz_prot_str(int prot, char *buf)
{
	buf[0] = prot & PROT_READ ? 'r' : '-';
	buf[1] = prot & PROT_WRITE ? 'w' : '-';
	buf[2] = prot & PROT_EXEC ? 'x' : '-';
	buf[3] = prot & ~7 ? '+' : '\0';
	buf[4] = '\0';
	return buf;
}

/* Where a valid mmap goes: fixed, fixed-noreplace, a hint, or anywhere. */
enum fz_place { FZ_FIXED, FZ_NOREPLACE, FZ_HINT, FZ_ANYWHERE };

static int fz_pick_place(void)
{
	unsigned c = fz_below(100);

	return c < 50	? FZ_FIXED
	       : c < 60 ? FZ_NOREPLACE
	       : c < 85 ? FZ_HINT
			: FZ_ANYWHERE;
}

static const int fz_place_flags[] = {MAP_FIXED, MAP_FIXED_NOREPLACE, 0, 0};

/*
 * Checks a valid mmap of [pg, pg + np) placed by place, and adopts it.
 * err is the errno it must fail with (0: it must succeed).
 */
static void fz_mmap_done(const char *what, long r, int e, int want_err,
			 int place, long pg, long np, size_t len, int kind,
			 int prot, int maywrite, uint32_t fpage)
{
	uintptr_t addr = (uintptr_t)fz.arena + pg * FZ_PAGE;

	if (place == FZ_NOREPLACE && !want_err && !fz_all_none(pg, np))
		want_err = EEXIST;
	if (want_err) {
		fz_want_err(what, r, e, want_err);
		return;
	}
	if (r == -1)
		fz_want_val(what, r, e, (long)addr);
	if (place <= FZ_NOREPLACE || (place == FZ_HINT && fz_all_none(pg, np)))
		fz_want_val(what, r, e, (long)addr);
	fz_adopt(r, len, place <= FZ_NOREPLACE, 1, kind, prot, maywrite, fpage);
}

static void fz_op_mmap_anon(void)
{
	long pg = fz_pick_page(), np = fz_pick_npages(FZ_ARENA_PAGES - pg);
	int prot = (int)fz_below(8), shared = fz_chance(30);
	int place = fz_pick_place();
	int flags = (shared ? MAP_SHARED : MAP_PRIVATE) | MAP_ANONYMOUS |
		    fz_place_flags[place];
	size_t len = np * FZ_PAGE;
	uintptr_t addr =
	    place == FZ_ANYWHERE ? 0 : (uintptr_t)fz.arena + pg * FZ_PAGE;
	char ab[40], pb[8];
	long r;

	if (fz_chance(15))
		flags |= MAP_NORESERVE;
	if (fz_chance(5))
		flags |= MAP_POPULATE;
	if (fz_chance(5))
		flags |= MAP_STACK;
	if (fz_chance(10))
		len -= 1 + fz_below(FZ_PAGE - 1); /* rounds up to np pages */
	r = fz_sys(SYS_mmap, (long)addr, (long)len, prot, flags, -1, 0);
	fz_trace("mmap(%s, %#zx, %s, %#x, -1, 0) = %s", fz_addr(addr, ab, 20),
		 len, fz_prot_str(prot, pb), flags,
		 fz_addr((uintptr_t)r, ab + 20, 20));
	fz_hash_result(fz_norm_addr(r), errno);
	fz_mmap_done("mmap of anonymous memory", r, errno, 0, place, pg, np,
		     len, shared ? FZ_SHANON : FZ_ANON, prot, 1, 0);
}

/* A random descriptor of ours (NULL if none). */
static struct fz_fd *fz_pick_fd(void)
{
	return fz.nfds ? &fz.fds[fz_below(fz.nfds)] : NULL;
}

static struct fz_fd *fz_reserved_fd(int fd)
{
	return fz_fd_find(fd);
}

static void fz_op_mmap_file(void)
{
	long pg = fz_pick_page(), k = (long)fz_below(FZ_FILE_PAGES + 4);
	long max = FZ_ARENA_PAGES - pg < FZ_FPAGES - k ? FZ_ARENA_PAGES - pg
						       : FZ_FPAGES - k;
	long np = fz_pick_npages(max);
	int prot = (int)fz_below(8), shared = fz_chance(50);
	int place = fz_pick_place(), want = 0, keep = 1, maywrite;
	unsigned c = fz_below(100);
	struct fz_fd *e;
	int fd;
	char ab[40], pb[8];
	long r;

	if (place == FZ_NOREPLACE)
		place = FZ_FIXED;
	if (c < 55)
		e = fz_reserved_fd(fz.file_fd);
	else if (c < 75)
		e = fz_reserved_fd(fz.ro_fd);
	else if (c < 80)
		e = fz_reserved_fd(fz.wo_fd);
	else if (c < 92)
		e = fz_pick_fd();
	else
		e = NULL;
	fd = e ? e->fd : fz_bad_fd();
	maywrite = !shared || (e && e->acc == O_RDWR);
	if (!e)
		want = EBADF;
	else if (e->type != FZ_F_FILE) {
		keep = 0; /* devices, pipes, directories: whatever they do */
		if (place == FZ_FIXED)
			place =
			    FZ_HINT; /* a failure may unmap what was there */
	} else if (e->acc == O_WRONLY || e->acc == O_ACCMODE)
		want = EACCES; /* a mapping must be readable */
	else if (shared && (prot & PROT_WRITE) && e->acc != O_RDWR)
		want = EACCES;
	r = fz_sys(SYS_mmap,
		   place == FZ_ANYWHERE
		       ? 0
		       : (long)(uintptr_t)fz.arena + pg * (long)FZ_PAGE,
		   np * (long)FZ_PAGE, prot,
		   (shared ? MAP_SHARED : MAP_PRIVATE) | fz_place_flags[place],
		   fd, k * (long)FZ_PAGE);
	fz_trace("mmap(%s, %ld pages, %s, %s, fd %d, page %ld) = %s",
		 place == FZ_ANYWHERE
		     ? "0"
		     : fz_addr((uintptr_t)fz.arena + pg * FZ_PAGE, ab, 20),
		 np, fz_prot_str(prot, pb), shared ? "shared" : "private", fd,
		 k, fz_addr((uintptr_t)r, ab + 20, 20));
	fz_hash_result(fz_norm_addr(r), errno);
	if (!keep) {
		if (r != -1)
			fz_adopt(r, np * FZ_PAGE, place == FZ_FIXED, 0, 0, 0, 0,
				 0);
		return;
	}
	fz_mmap_done("mmap of the file", r, errno, want, place, pg, np,
		     np * FZ_PAGE, shared ? FZ_SHFILE : FZ_FILE, prot, maywrite,
		     (uint32_t)k);
}

/* One argument wrong at a time, each with the errno Linux gives. */
static void fz_op_mmap_bad(void)
{
	long pg = fz_pick_page();
	long addr = 0, len = FZ_PAGE * (1 + (long)fz_below(4)), off = 0;
	int prot = PROT_READ | PROT_WRITE, fd = -1, want;
	int flags = MAP_PRIVATE | MAP_ANONYMOUS;
	unsigned c = fz_below(9);
	char ab[40];
	long r;

	switch (c) {
	case 0:
		len = 0, want = EINVAL;
		break;
	case 1: /* an unaligned file offset */
		flags = MAP_PRIVATE, fd = fz.file_fd;
		off = (long)(fz_below(4) * FZ_PAGE + 1 + fz_below(FZ_PAGE - 1));
		want = EINVAL;
		break;
	case 2:
		len = fz_chance(50) ? (long)(1UL << 47) : -100L, want = ENOMEM;
		break;
	case 3: /* neither private nor shared */
		flags = MAP_ANONYMOUS | (fz_chance(50) ? MAP_FIXED : 0);
		addr = (long)(uintptr_t)fz.arena + pg * (long)FZ_PAGE;
		want = EINVAL;
		break;
	case 4:
		flags |= MAP_FIXED;
		addr = (long)(uintptr_t)fz.arena + pg * (long)FZ_PAGE + 1 +
		       (long)fz_below(FZ_PAGE - 1);
		want = EINVAL;
		break;
	case 5:
		flags |= MAP_FIXED;
		addr = (long)fz_kernel_addrs[fz_below(4)];
		want = ENOMEM;
		break;
	case 6:
		flags = fz_chance(50) ? MAP_PRIVATE : MAP_SHARED;
		fd = fz_bad_fd(), want = EBADF;
		break;
	case 7: /* a flag MAP_SHARED_VALIDATE does not know, on a file */
		flags = MAP_SHARED_VALIDATE | (fz_chance(50) ? 0x80000 : 0x400);
		fd = fz.file_fd, want = EOPNOTSUPP;
		break;
	default: /* a file offset so big that the last page wraps */
		flags = MAP_PRIVATE, fd = fz.file_fd;
		off = (long)(-2L * (long)FZ_PAGE) & ~(long)(FZ_PAGE - 1);
		len = 4 * FZ_PAGE, want = EOVERFLOW;
		break;
	}
	r = fz_sys(SYS_mmap, addr, len, prot, flags, fd, off);
	fz_trace("bad mmap %u: (%s, %#lx, %d, %#x, %d, %#lx) = %ld errno %d", c,
		 fz_addr((uintptr_t)addr, ab, sizeof(ab)), (unsigned long)len,
		 prot, flags, fd, (unsigned long)off, r, errno);
	fz_hash_result(fz_norm_addr(r), errno);
	fz_want_err("mmap with one bad argument", r, errno, want);
}

/* Random flags and protection: it only has to leave the kernel alive. */
static void fz_op_mmap_random(void)
{
	struct fz_range rg;
	int prot = fz_chance(50) ? (int)fz_next() : (int)fz_below(16);
	int flags = (int)(fz_next() & 0x1fffff);
	int fixed = MAP_FIXED | MAP_FIXED_NOREPLACE;
	struct fz_fd *e = fz_chance(50) ? NULL : fz_pick_fd();
	int fd = e ? e->fd : fz_chance(50) ? -1 : fz_bad_fd();
	long off = fz_chance(70) ? (long)(fz_below(FZ_FPAGES) * FZ_PAGE)
				 : (long)fz_next();
	char ab[40];
	long r;

	fz.hashed = 0;
	if (fz_chance(10))
		flags |= (int)(fz_next() & 0xfc000000);
	flags &= ~MAP_HUGETLB; /* huge pages are unmapped in huge units */
	fz_pick_range(&rg, 0);
	if (flags & fixed) {
		long first, n;

		if (rg.where == FZ_LOW)
			flags &= ~fixed; /* root may map page 0 on Linux */
		else if (rg.where == FZ_IN_ARENA && !rg.huge &&
			 (fz_range_pages(&rg, &first, &n) ||
			  !fz_all_none(first, n)))
			flags &=
			    ~fixed; /* a failure may unmap what it replaces */
	}
	r = fz_sys(SYS_mmap, (long)rg.addr, (long)rg.len, prot, flags, fd, off);
	fz_trace("random mmap(%s, %#zx, %#x, %#x, %d, %#lx) = %s",
		 fz_addr(rg.addr, ab, 20), rg.len, prot, flags, fd,
		 (unsigned long)off, fz_addr((uintptr_t)r, ab + 20, 20));
	if (r != -1)
		fz_adopt(r, rg.len, (flags & fixed) != 0, 0, 0, 0, 0, 0);
}

static void fz_op_mmap(void)
{
	unsigned c = fz_below(100);

	if (c < 50)
		fz_op_mmap_anon();
	else if (c < 78)
		fz_op_mmap_file();
	else if (c < 92)
		fz_op_mmap_bad();
	else
		fz_op_mmap_random();
}

static void fz_op_munmap(void)
{
	struct fz_range rg;
	int want = 0;
	char ab[40];
	long r;

	fz_pick_range(&rg, 0);
	if ((rg.addr & (FZ_PAGE - 1)) || rg.addr > FZ_TASK_SIZE ||
	    rg.len > FZ_TASK_SIZE - rg.addr || rg.len == 0)
		want = EINVAL;
	r = fz_sys(SYS_munmap, (long)rg.addr, (long)rg.len, 0, 0, 0, 0);
	fz_trace("munmap(%s, %#zx) = %ld", fz_addr(rg.addr, ab, sizeof(ab)),
		 rg.len, r);
	fz_hash_result(r, errno);
	if (want) {
		fz_want_err("munmap", r, errno, want);
		return;
	}
	fz_want_val("munmap", r, errno, 0);
	if (rg.where == FZ_IN_ARENA) {
		long first, n;

		fz_range_pages(&rg, &first, &n);
		fz_set_none(first, n);
	}
}

/* ---- mprotect, madvise, mincore -------------------------------------- */

/*
 * mprotect's result by the model (0 or an errno); with apply, the model
 * changes as the kernel must have changed: page by page up to the first
 * page that fails (a hole: ENOMEM; PROT_WRITE on a shared mapping of a
 * read-only fd: EACCES).
 */
static int fz_mprotect_rule(const struct fz_range *rg, long prot, int apply)
{
	long grows = prot & (PROT_GROWSDOWN | PROT_GROWSUP);
	long p = prot & ~(long)(PROT_GROWSDOWN | PROT_GROWSUP);
	size_t alen = (rg->len + FZ_PAGE - 1) & ~(FZ_PAGE - 1);
	long first, n, j;
	int beyond;

	if (grows == (PROT_GROWSDOWN | PROT_GROWSUP))
		return EINVAL;
	if (rg->addr & (FZ_PAGE - 1))
		return EINVAL;
	if (rg->len == 0)
		return 0;
	if (alen == 0 || rg->addr + alen <= rg->addr)
		return ENOMEM;
	if (p & ~(long)(PROT_READ | PROT_WRITE | PROT_EXEC | 0x8))
		return EINVAL; /* 0x8 is PROT_SEM, which x86 accepts */
	if (rg->where != FZ_IN_ARENA)
		return ENOMEM; /* no vma there */
	beyond = fz_range_pages(rg, &first, &n);
	for (j = first; j < first + n && fz.page[j].kind == FZ_NONE; j++)
		;
	if (j == first + n)
		return ENOMEM; /* nothing mapped in the range */
	if (grows & PROT_GROWSDOWN)
		return EINVAL; /* our vmas never grow down */
	if (fz.page[first].kind == FZ_NONE)
		return ENOMEM;
	if (grows & PROT_GROWSUP)
		return EINVAL;
	for (j = first; j < first + n; j++) {
		struct fz_page *pg = &fz.page[j];

		if (pg->kind == FZ_NONE)
			return ENOMEM;
		if ((p & PROT_WRITE) && !pg->maywrite)
			return EACCES;
		if (apply)
			pg->prot = (uint8_t)(p & 7);
	}
	return beyond ? ENOMEM : 0;
}

static void fz_op_mprotect(void)
{
	static const long odd[] = {0x8,		 0x10,
				   0x100,	 PROT_GROWSDOWN,
				   PROT_GROWSUP, PROT_GROWSDOWN | PROT_GROWSUP,
				   0x80000000L};
	struct fz_range rg;
	long prot = (long)fz_below(8);
	char ab[40];
	int want;
	long r;

	fz_pick_range(&rg, 0);
	if (fz_chance(8))
		prot |= odd[fz_below(7)];
	if ((prot & PROT_GROWSDOWN) && rg.where == FZ_IN_ARENA) {
		long first, n;

		/* With nothing mapped in the arena's part, PROT_GROWSDOWN
		 * would reach the first vma beyond the guard: on tide, the
		 * stack, which it would re-protect from its start. */
		if (fz_range_pages(&rg, &first, &n) && fz_all_none(first, n))
			prot &= ~(long)PROT_GROWSDOWN;
	}
	want = fz_mprotect_rule(&rg, prot, 0);
	r = fz_sys(SYS_mprotect, (long)rg.addr, (long)rg.len, prot, 0, 0, 0);
	fz_trace("mprotect(%s, %#zx, %#lx) = %ld errno %d",
		 fz_addr(rg.addr, ab, sizeof(ab)), rg.len, prot, r, errno);
	fz_hash_result(r, errno);
	if (want)
		fz_want_err("mprotect", r, errno, want);
	else
		fz_want_val("mprotect", r, errno, 0);
	fz_mprotect_rule(&rg, prot, 1);
}

#define FZ_MADV_DONTNEED_LOCKED 24
#define FZ_MADV_POPULATE_READ	22

/* Advice Linux 6.x knows whose effect (if any) the model follows. */
static int fz_advice_modelled(int a)
{
	switch (a) {
	case MADV_NORMAL:
	case MADV_RANDOM:
	case MADV_SEQUENTIAL:
	case MADV_WILLNEED:
	case MADV_DONTNEED:
	case MADV_FREE:
	case MADV_REMOVE:
	case MADV_COLD:
	case MADV_PAGEOUT:
	case FZ_MADV_DONTNEED_LOCKED:
		return 1;
	default:
		return 0;
	}
}

/*
 * madvise's result by the model; with apply, its effect on the model.
 * Linux goes vma by vma: a hole is remembered (ENOMEM at the end), an
 * error from a vma ends the walk at once, after the vmas before it.
 */
static int fz_madvise_rule(const struct fz_range *rg, int advice, int apply)
{
	size_t alen = (rg->len + FZ_PAGE - 1) & ~(FZ_PAGE - 1);
	int hole = 0, any = 0, beyond;
	long first, n;

	if (rg->addr & (FZ_PAGE - 1))
		return EINVAL;
	if (rg->len && !alen)
		return EINVAL;
	if (rg->addr + alen < rg->addr)
		return EINVAL;
	if (alen == 0)
		return 0;
	if (rg->where != FZ_IN_ARENA)
		return ENOMEM;
	beyond = fz_range_pages(rg, &first, &n);
	for (long j = first; j < first + n; j++) {
		struct fz_page *p = &fz.page[j];

		if (p->kind == FZ_NONE) {
			hole = 1;
			continue;
		}
		any = 1;
		switch (advice) {
		case MADV_DONTNEED:
		case FZ_MADV_DONTNEED_LOCKED:
			if (!apply)
				break;
			if (p->kind == FZ_ANON)
				p->tag = 0, p->known = 1;
			if (p->kind == FZ_FILE)
				p->cow = 0; /* the file shows through again */
			p->resident = 0;
			break;
		case MADV_FREE:
			if (p->kind != FZ_ANON)
				return EINVAL; /* private anonymous only */
			if (apply)
				p->known = 0,
				p->resident = 0; /* old or zeros */
			break;
		case MADV_REMOVE:
			if (p->kind == FZ_ANON)
				return EINVAL; /* no file to punch */
			if (p->kind == FZ_FILE || !p->maywrite)
				return EACCES; /* not a shared writable map */
			if (!apply)
				break;
			p->resident = 0; /* the hole has no page */
			if (p->kind == FZ_SHANON) {
				p->tag = 0, p->known = 1;
			} else {
				fz.file_tag[p->fpage] = 0;
				fz.file_known[p->fpage] = 1;
			}
			break;
		case MADV_PAGEOUT:
			if (apply)
				p->resident = 0;
			break;
		}
	}
	if (!any)
		return ENOMEM;
	return hole || beyond ? ENOMEM : 0;
}

static void fz_op_madvise(void)
{
	static const int destructive[] = {MADV_DONTNEED, MADV_DONTNEED,
					  MADV_DONTNEED, MADV_FREE,
					  MADV_REMOVE,	 MADV_DONTNEED};
	static const int neutral[] = {MADV_NORMAL,     MADV_RANDOM,
				      MADV_SEQUENTIAL, MADV_WILLNEED,
				      MADV_COLD,       MADV_PAGEOUT};
	static const int unmodelled[] = {
	    MADV_MERGEABLE,	  MADV_UNMERGEABLE, MADV_HUGEPAGE,
	    MADV_NOHUGEPAGE,	  MADV_DONTDUMP,    MADV_DODUMP,
	    MADV_DOFORK,	  MADV_KEEPONFORK,  25,
	    FZ_MADV_POPULATE_READ};
	struct fz_range rg;
	unsigned c = fz_below(100);
	int advice, want = -1, harmless = 0;
	char ab[40];
	long r;

	if (c < 45) {
		advice = destructive[fz_below(6)];
	} else if (c < 75) {
		advice = neutral[fz_below(6)];
		harmless = advice != MADV_PAGEOUT;
	} else if (c < 85) {
		advice = unmodelled[fz_below(10)];
	} else {
		static const int bad[] = {5, 6, 7, -1, INT_MIN, INT_MAX};

		advice = fz_chance(50)	 ? bad[fz_below(6)]
			 : fz_chance(50) ? 26 + (int)fz_below(74)
					 : 104 + (int)fz_below(1000);
	}
	if (fz.in_child && advice == MADV_REMOVE)
		advice = MADV_DONTNEED; /* would change the parent's memory */
	fz_pick_range(&rg, !harmless);
	if (fz_advice_modelled(advice))
		want = fz_madvise_rule(&rg, advice, 0);
	else if (c >= 85)
		want = EINVAL;
	if (rg.huge && !(rg.addr + rg.len < rg.addr) && harmless)
		fz.hashed = 0; /* it walks the whole address space */
	if (want == -1)
		fz.hashed = 0;
	r = fz_sys(SYS_madvise, (long)rg.addr, (long)rg.len, advice, 0, 0, 0);
	fz_trace("madvise(%s, %#zx, %d) = %ld errno %d",
		 fz_addr(rg.addr, ab, sizeof(ab)), rg.len, advice, r, errno);
	fz_hash_result(r, errno);
	if (want > 0 && !(rg.huge && fz.hashed == 0))
		fz_want_err("madvise", r, errno, want);
	else if (want == 0)
		fz_want_val("madvise", r, errno, 0);
	if (want >= 0)
		fz_madvise_rule(&rg, advice, 1);
}

/* Where a buffer the kernel fills or reads lies. */
enum fz_buf {
	FZ_B_SCRATCH,
	FZ_B_ARENA,
	FZ_B_BRK,
	FZ_B_KERNEL,
	FZ_B_NULL,
	FZ_B_RODATA,
	FZ_B_NONCANON
};

/* Bytes from a the kernel can write (copy_to_user) before a fault. */
static size_t fz_writable_bytes(int where, uintptr_t a)
{
	size_t n = 0;

	if (where == FZ_B_SCRATCH)
		return (uintptr_t)fz_scratch + FZ_SCRATCH - a;
	if (where == FZ_B_BRK)
		return a < fz_brk_mapped_end() ? fz_brk_mapped_end() - a : 0;
	if (where != FZ_B_ARENA)
		return 0;
	for (long i = fz_page_index(a); i >= 0 && i < FZ_ARENA_PAGES; i++) {
		if (!fz_kernel_can_write((int)i))
			break;
		n += FZ_PAGE;
	}
	return n ? n - (a & (FZ_PAGE - 1)) : 0;
}

/* Bytes from a the kernel can read, or (size_t)-1 if unknown. */
static size_t fz_readable_bytes(int where, uintptr_t a)
{
	size_t n = 0;

	if (where == FZ_B_SCRATCH)
		return (uintptr_t)fz_scratch + FZ_SCRATCH - a;
	if (where == FZ_B_RODATA)
		return (size_t)-1;
	if (where != FZ_B_ARENA)
		return fz_writable_bytes(where, a);
	for (long i = fz_page_index(a); i >= 0 && i < FZ_ARENA_PAGES; i++) {
		int can = fz_kernel_can_read((int)i);

		/* A file page past the end may come inside it while a
		 * write to the file makes the file longer. */
		if (can < 0 || (!can && fz_is_file(&fz.page[i]) &&
				fz.page[i].prot != PROT_NONE))
			return (size_t)-1;
		if (!can)
			break;
		n += FZ_PAGE;
	}
	return n ? n - (a & (FZ_PAGE - 1)) : 0;
}

/* The kernel may have written [a, a + len): those pages are unknown. */
static void fz_scribble(int where, uintptr_t a, size_t len)
{
	size_t npages = len / FZ_PAGE + 2;

	if (where == FZ_B_ARENA) {
		for (long i = fz_page_index(a);
		     i >= 0 && i < FZ_ARENA_PAGES && npages > 0; i++, npages--)
			if (fz_kernel_can_write((int)i))
				fz_scribbled((int)i);
	} else if (where == FZ_B_BRK) {
		for (long j = (long)((a - fz.brk_base) / FZ_PAGE);
		     j < FZ_BRK_PAGES && npages > 0; j++, npages--)
			fz.brk_known[j] = 0;
	}
}

/* Picks a buffer; *len is cut so the kernel can't write past our
 * memory unless it is huge (then no kernel may accept it at all). */
static uintptr_t fz_pick_buf(int *where, size_t *len)
{
	unsigned c = fz_below(100);
	uintptr_t a;

	if (*len >= (1UL << 47)) {
		*where = FZ_B_SCRATCH;
		return (uintptr_t)fz_scratch;
	}
	if (c < 45) {
		*where = FZ_B_SCRATCH;
		a = (uintptr_t)fz_scratch + fz_below(64);
	} else if (c < 75 || fz.brk_base == 0) {
		*where = FZ_B_ARENA;
		a = (uintptr_t)fz.arena + fz_pick_page() * FZ_PAGE;
		if (fz_chance(20))
			a += fz_below(FZ_PAGE);
		if (*len > fz_arena_end() + FZ_PAGE - a)
			*len = fz_arena_end() + FZ_PAGE - a;
		return a;
	} else if (c < 80) {
		*where = FZ_B_BRK;
		a = fz.brk_base + fz_below(FZ_BRK_PAGES) * FZ_PAGE;
		if (*len > fz.brk_base + FZ_BRK_PAGES * FZ_PAGE - a)
			*len = fz.brk_base + FZ_BRK_PAGES * FZ_PAGE - a;
		return a;
	} else if (c < 88) {
		*where = FZ_B_KERNEL;
		return fz_kernel_addrs[fz_below(4)];
	} else if (c < 92) {
		*where = FZ_B_NULL;
		if (*len > 0x10000)
			*len = 0x10000;
		return 0;
	} else if (c < 96) {
		*where = FZ_B_RODATA;
		if (*len > sizeof(fz_rodata))
			*len = sizeof(fz_rodata);
		return (uintptr_t)fz_rodata;
	} else {
		*where = FZ_B_NONCANON;
		return fz_noncanon_addrs[fz_below(2)];
	}
	if (*len > (uintptr_t)fz_scratch + FZ_SCRATCH - a)
		*len = (uintptr_t)fz_scratch + FZ_SCRATCH - a;
	return a;
}

/* Is the buffer outside user space (access_ok fails)? */
static int fz_buf_bad(int where, size_t len)
{
	return where == FZ_B_KERNEL || where == FZ_B_NONCANON ||
	       len >= (1UL << 47);
}

/*
 * mincore, in Linux's order: the range (EINVAL, ENOMEM), the vector
 * (EFAULT), then vma by vma: a hole is ENOMEM, a vector that can't be
 * written is EFAULT at the first copy.
 */
static void fz_op_mincore(void)
{
	struct fz_range rg;
	size_t pages;
	uintptr_t vec = (uintptr_t)fz_scratch;
	int where = FZ_B_SCRATCH, want = 0;
	unsigned c = fz_below(100);
	long first = 0, n = 0;
	char ab[40];
	long r;

	fz_pick_range(&rg, 0);
	pages = rg.len / FZ_PAGE + (rg.len % FZ_PAGE != 0);
	if (c < 70 || pages > FZ_PAGE) {
	} else if (c < 78 && !fz.in_child) {
		where = FZ_B_ARENA;
		vec = (uintptr_t)fz.arena + fz_pick_page() * FZ_PAGE;
	} else if (c < 82) {
		where = FZ_B_BRK;
		vec = fz.brk_base + fz_below(FZ_BRK_PAGES) * FZ_PAGE;
	} else if (c < 88) {
		where = FZ_B_KERNEL, vec = fz_kernel_addrs[fz_below(4)];
	} else if (c < 92) {
		where = FZ_B_NULL, vec = 0;
	} else if (c < 96) {
		where = FZ_B_RODATA, vec = (uintptr_t)fz_rodata;
	} else {
		where = FZ_B_NONCANON, vec = fz_noncanon_addrs[fz_below(2)];
	}
	if (rg.where == FZ_IN_ARENA)
		fz_range_pages(&rg, &first, &n);
	if (rg.addr & (FZ_PAGE - 1))
		want = EINVAL;
	else if (rg.where == FZ_IN_KERNEL || rg.where == FZ_NONCANON ||
		 rg.huge || rg.addr + rg.len >= FZ_TASK_SIZE)
		want = ENOMEM; /* not user space */
	else if (where == FZ_B_KERNEL || where == FZ_B_NONCANON)
		want = EFAULT;
	else if (rg.len == 0)
		want = 0;
	else if (rg.where == FZ_LOW || fz.page[first].kind == FZ_NONE)
		want = ENOMEM;
	else if (fz_writable_bytes(where, vec) < pages)
		want = EFAULT;
	else if (fz_mprotect_rule(&rg, 0, 0) == ENOMEM)
		want = ENOMEM; /* a hole further on */
	r = fz_sys(SYS_mincore, (long)rg.addr, (long)rg.len, (long)vec, 0, 0,
		   0);
	fz_trace("mincore(%s, %#zx, %s) = %ld errno %d",
		 fz_addr(rg.addr, ab, 20), rg.len, fz_addr(vec, ab + 20, 20), r,
		 errno);
	fz_hash_result(r, errno);
	if (want)
		fz_want_err("mincore", r, errno, want);
	else
		fz_want_val("mincore", r, errno, 0);
	if (where == FZ_B_ARENA || where == FZ_B_BRK)
		fz_scribble(where, vec, pages);
	if (r != 0 || where != FZ_B_SCRATCH || rg.where != FZ_IN_ARENA)
		return;
	for (long j = 0; j < n; j++) {
		const unsigned char *v = fz_scratch;

		if (fz.page[first + j].resident && !(v[j] & 1))
			fz_fail(
			    "mincore: page %s, written and not dropped, "
			    "is not resident",
			    fz_addr((uintptr_t)fz.arena + (first + j) * FZ_PAGE,
				    ab, sizeof(ab)));
		fz_hash_u64(v[j]);
	}
}

/* ---- brk --------------------------------------------------------------- */

static void fz_op_brk(void)
{
	unsigned c = fz_below(100);
	uintptr_t target, want = fz.brk_cur;
	int valid = 0;
	char ab[40];
	long r;

	if (c < 75) {
		target = fz.brk_base + fz_below(FZ_BRK_PAGES * FZ_PAGE + 1);
		if (fz_chance(30))
			target &= ~(FZ_PAGE - 1);
		valid = 1;
		want = target;
	} else if (c < 85) {
		target = 0;
	} else {
		static const uintptr_t odd[] = {~0UL, 0x1000, 1};
		unsigned d = fz_below(6);

		target = d == 0	  ? fz_kernel_addrs[fz_below(4)]
			 : d == 1 ? fz_noncanon_addrs[fz_below(3)]
			 : d == 2
			     ? fz.brk_base + (1UL << 40) /* more than RAM */
			 : d == 3 ? (uintptr_t)fz_rodata /* below the heap */
				  : odd[fz_below(3)];
	}
	r = fz_sys(SYS_brk, (long)target, 0, 0, 0, 0, 0);
	fz_trace("brk(%s) = %s", fz_addr(target, ab, 20),
		 fz_addr((uintptr_t)r, ab + 20, 20));
	fz_hash_result(r - (long)fz.brk_base, 0);
	fz_want_val("brk", r, errno, (long)want);
	if (valid) {
		long old =
		    (long)((fz_brk_mapped_end() - fz.brk_base) / FZ_PAGE);

		fz.brk_cur = target;
		/* pages given back read as zeros if the heap grows again */
		for (long j =
			 (long)((fz_brk_mapped_end() - fz.brk_base) / FZ_PAGE);
		     j < old; j++)
			fz.brk_tag[j] = 0, fz.brk_known[j] = 1;
	}
}

/* ---- descriptors: read and write ------------------------------------ */

static int fz_can_read(const struct fz_fd *e)
{
	if (e->type == FZ_F_PIPE_W)
		return 0;
	return e->acc == O_RDONLY || e->acc == O_RDWR;
}

static int fz_can_write(const struct fz_fd *e)
{
	if (e->type == FZ_F_PIPE_R || e->type == FZ_F_PROC ||
	    e->type == FZ_F_DIR)
		return 0;
	if (e->type == FZ_F_PIPE_W)
		return 1;
	return e->acc == O_WRONLY || e->acc == O_RDWR;
}

/* The file position of a descriptor of the fuzz file or a directory. */
static long fz_file_pos(int fd)
{
	long r = fz_sys(SYS_lseek, fd, 0, SEEK_CUR, 0, 0, 0);

	if (r < 0)
		fz_fail("lseek(%d, 0, SEEK_CUR): errno %d", fd, errno);
	return r;
}

/* A count: zero, small, a page or two, or one no kernel can accept. */
static size_t fz_pick_count(void)
{
	static const size_t huge[] = {1UL << 47, SIZE_MAX, 1UL << 63};
	unsigned c = fz_below(100);

	if (c < 5)
		return 0;
	if (c < 40)
		return 1 + fz_below(256);
	if (c < 80)
		return 1 + fz_below(2 * FZ_PAGE);
	if (c < 92)
		return FZ_PAGE * (1 + fz_below(4));
	return huge[fz_below(3)];
}

/* Bytes read from the file at pos must be what the model says. */
static void fz_check_file_bytes(long pos, const unsigned char *buf, long n)
{
	for (long k = pos / (long)FZ_PAGE;
	     k < FZ_FPAGES && k * (long)FZ_PAGE < pos + n; k++) {
		unsigned char want[FZ_PAGE];
		long base = k * (long)FZ_PAGE;

		if (!fz.file_known[k] || base + (long)FZ_PAGE > fz.file_len)
			continue;
		memset(want, 0, sizeof(want));
		if (fz.file_tag[k])
			fz_pattern_write(want, fz.file_tag[k]);
		for (long off = base; off < base + (long)FZ_PAGE; off++) {
			long in = off - base; /* only the pattern is known */

			if (off < pos || off >= pos + n ||
			    !(in < 8 || in == FZ_RET_OFF ||
			      in >= (long)FZ_PAGE - 8))
				continue;
			if (buf[off - pos] != want[off - base])
				fz_fail("read of the file: byte %ld is %#x, "
					"expected %#x (page tag %#llx)",
					off, buf[off - pos], want[off - base],
					(unsigned long long)fz.file_tag[k]);
		}
	}
}

/*
 * read(fd, buf, count).  Checked: EBADF, EFAULT, EISDIR, the count a
 * read of the file returns (short when the buffer runs into a page the
 * kernel can't write), the bytes, and the file position afterwards.
 */
static void fz_op_read(void)
{
	struct fz_fd *e = fz_chance(88) ? fz_pick_fd() : NULL;
	int fd = e ? e->fd : fz_bad_fd(), where;
	size_t count = fz_pick_count();
	uintptr_t buf = fz_pick_buf(&where, &count);
	long want = -2, pos = -1, r; /* -2: not predicted */
	int err = 0;
	char ab[40];

	if (e && (e->type == FZ_F_FILE || e->type == FZ_F_DIR))
		pos = fz_file_pos(fd);
	if (!e || !fz_can_read(e))
		err = EBADF;
	else if (fz_buf_bad(where, count))
		err = EFAULT;
	else if (pos > LONG_MAX - (long)count)
		err = EINVAL; /* the end would pass the largest offset */
	else if (e->type == FZ_F_DIR)
		err = EISDIR;
	else if (count == 0 && e->type != FZ_F_PROC && e->type != FZ_F_TMP)
		want = 0;
	else if (count == 0)
		;
	else if (e->type == FZ_F_FILE || e->type == FZ_F_ZERO) {
		size_t avail = e->type == FZ_F_ZERO ? count
			       : pos < fz.file_len ? (size_t)(fz.file_len - pos)
						   : 0;
		size_t n = count < avail ? count : avail;
		size_t w = fz_writable_bytes(where, buf);

		if (n > w)
			n = w;
		if (n == 0 && count && avail)
			err = EFAULT;
		else
			want = (long)n;
	} else if (e->type == FZ_F_NULL) {
		want = 0;
	}
	if (e && e->type == FZ_F_PROC)
		fz.hashed = 0; /* what /proc says differs between kernels */
	r = fz_sys(SYS_read, fd, (long)buf, (long)count, 0, 0, 0);
	fz_trace("read(%d, %s, %#zx) = %ld errno %d (pos %ld, size %ld)", fd,
		 fz_addr(buf, ab, sizeof(ab)), count, r, errno, pos,
		 fz.file_len);
	fz_hash_result(r, errno);
	if (err)
		fz_want_err("read", r, errno, err);
	else if (want != -2)
		fz_want_val("read", r, errno, want);
	if (!e)
		return;
	if (fz_can_read(e) && count)
		fz_scribble(where, buf, count);
	if (r > 0 && where == FZ_B_SCRATCH && e->type == FZ_F_FILE)
		fz_check_file_bytes(pos, (const unsigned char *)buf, r);
	if (r > 0 && where == FZ_B_SCRATCH && e->type == FZ_F_ZERO &&
	    (((unsigned char *)buf)[0] || ((unsigned char *)buf)[r - 1]))
		fz_fail("read of /dev/zero gave a byte that is not 0");
	if (e->type == FZ_F_FILE)
		fz_want_val("the file position after read", fz_file_pos(fd), 0,
			    pos + (r > 0 ? r : 0));
}

/*
 * After a write to the file that failed, or whose count the model could
 * not tell: the file's real length.  Linux's tmpfs moves the end of the
 * file to where a failed write past the end was to start (its first copy
 * from the buffer failed after the page was set up); tide need not, so
 * such a call is left out of the trace hash.
 */
static void fz_file_sync_len(void)
{
	struct stat st;

	if (fstat(fz.file_fd, &st) != 0)
		fz_fail("fstat of the file: errno %d", errno);
	if (st.st_size != fz.file_len) {
		fz.hashed = 0;
		fz_file_resize((long)st.st_size);
	}
}

/* write(fd, buf, count): EBADF, EFAULT, short writes, the file's new
 * length and position. */
static void fz_op_write(void)
{
	struct fz_fd *e = fz_chance(88) ? fz_pick_fd() : NULL;
	int fd = e ? e->fd : fz_bad_fd(), where;
	size_t count = fz_pick_count();
	uintptr_t buf = fz_pick_buf(&where, &count);
	long want = -2, pos = -1, cur = -1, r;
	int err = 0, e_no;
	char ab[40];

	if (e && e->type == FZ_F_FILE) {
		cur = fz_file_pos(fd);
		pos = e->append ? fz.file_len : cur;
	}
	if (e && e->type == FZ_F_FILE && pos > fz.file_len && count &&
	    !fz_buf_bad(where, count) &&
	    fz_readable_bytes(where, buf) < count) {
		/* Linux would move the end of the file even if nothing can
		 * be copied (see fz_file_sync_len): not worth fuzzing. */
		where = FZ_B_SCRATCH;
		buf = (uintptr_t)fz_scratch;
		if (count > FZ_SCRATCH)
			count = FZ_SCRATCH;
	}
	if (!e || !fz_can_write(e))
		err = EBADF;
	else if (fz_buf_bad(where, count))
		err = EFAULT;
	else if (e->type == FZ_F_FILE && cur > LONG_MAX - (long)count)
		err = EINVAL; /* checked at f_pos, even with O_APPEND */
	else if (count == 0 || e->type == FZ_F_NULL || e->type == FZ_F_ZERO)
		want = (long)count; /* the buffer is never read */
	else if (e->type == FZ_F_FILE) {
		size_t rd = fz_readable_bytes(where, buf);

		if (rd != (size_t)-1) {
			size_t n = count < rd ? count : rd;

			if (n == 0)
				err = EFAULT;
			else
				want = (long)n;
		}
	}
	r = fz_sys(SYS_write, fd, (long)buf, (long)count, 0, 0, 0);
	e_no = errno;
	fz_trace("write(%d, %s, %#zx) = %ld errno %d (pos %ld, size %ld)", fd,
		 fz_addr(buf, ab, sizeof(ab)), count, r, e_no, pos,
		 fz.file_len);
	if (err)
		fz_want_err("write", r, e_no, err);
	else if (want != -2)
		fz_want_val("write", r, e_no, want);
	if (e && e->type == FZ_F_FILE && fz_can_write(e)) {
		fz_file_written(pos, count, r);
		if (r == -1 || want == -2)
			fz_file_sync_len();
		fz_want_val("the file position after write", fz_file_pos(fd), 0,
			    r > 0 ? pos + r : cur);
	}
	fz_hash_result(r, e_no);
}

/* ---- descriptors: open, close, dup, lseek, pipe ---------------------- */

/* Expect the call's new descriptor to be the lowest free number. */
static void fz_new_fd(const char *what, long r, int lowest)
{
	if (r >= 0 && r != lowest)
		fz_fail("%s returned fd %ld, but the lowest free one is %d",
			what, r, lowest);
}

static void fz_op_open(void)
{
	static char longpath[PATH_MAX + 64];
	static char tmpname[96];
	static const int accs[] = {O_RDONLY, O_WRONLY, O_RDWR, O_RDWR};
	uintptr_t path = (uintptr_t)fz.path;
	int flags = accs[fz_below(4)], type = FZ_F_FILE, keep = 1;
	int want = 0, tmpk = -1, lowest;
	unsigned c = fz_below(100);
	char ab[40];
	long r;

	if (c < 35) {
		unsigned d = fz_below(100);

		if (fz_chance(30))
			flags |= O_APPEND;
		if (fz_chance(20))
			flags |= O_NONBLOCK | O_CLOEXEC | O_NOCTTY;
		if (fz_chance(20))
			flags |= O_CREAT | O_NOFOLLOW;
		if (d < 5)
			flags |= O_CREAT | O_EXCL, want = EEXIST;
		else if (d < 10)
			flags = (flags & ~O_CREAT) | O_DIRECTORY,
			want = ENOTDIR;
		else if (d < 15)
			flags |= O_TRUNC;
		else if (d < 17)
			flags = (flags & ~O_ACCMODE) | O_ACCMODE, keep = 0;
	} else if (c < 45) {
		tmpk = (int)fz_below(4);
		snprintf(tmpname, sizeof(tmpname), "%s.%d", fz.path, tmpk);
		path = (uintptr_t)tmpname;
		flags = O_RDWR | O_CREAT | (fz_chance(20) ? O_TRUNC : 0);
		type = FZ_F_TMP;
		if (fz_chance(30)) {
			flags |= O_EXCL;
			if (fz.ntmp & (1 << tmpk))
				want = EEXIST;
		}
	} else if (c < 55) {
		type = fz_chance(50) ? FZ_F_NULL : FZ_F_ZERO;
		path =
		    (uintptr_t)(type == FZ_F_NULL ? "/dev/null" : "/dev/zero");
	} else if (c < 62) {
		type = FZ_F_PROC, flags = O_RDONLY;
		path = (uintptr_t)(fz_chance(50) ? "/proc/self/maps"
						 : "/proc/meminfo");
	} else if (c < 68) {
		type = FZ_F_DIR;
		path = (uintptr_t)(fz_chance(50) ? "/" : "/tmp");
		if (flags != O_RDONLY)
			want = EISDIR;
	} else if (c < 74) {
		path = (uintptr_t)(fz_chance(50) ? "/nonexistent/fuzz" : "");
		want = ENOENT;
	} else if (c < 78) {
		memset(longpath, 'a', sizeof(longpath) - 1);
		longpath[0] = '/';
		if (fz_chance(50))
			longpath[300] = '\0'; /* one name longer than 255 */
		path = (uintptr_t)longpath;
		want = ENAMETOOLONG;
	} else if (c < 90) {
		long i = fz_pick_page();
		unsigned d = fz_below(3);

		path = d == 0 ? fz_kernel_addrs[fz_below(4)] : 0;
		if (d == 2 && fz_kernel_can_read((int)i) == 0)
			path = (uintptr_t)fz.arena + i * FZ_PAGE;
		flags = O_RDONLY;
		want = EFAULT;
	} else {
		/* whatever name a page of ours spells: only survive */
		long i = fz_pick_page();
		uint64_t tag;

		if (fz_kernel_can_read((int)i) != 1 ||
		    !fz_content((int)i, &tag))
			return;
		path = (uintptr_t)fz.arena + i * FZ_PAGE;
		flags = O_RDONLY, keep = 0;
	}
	fz_fd_make_room(1);
	lowest = fz_lowest_free_fd();
	r = fz_sys(SYS_open, (long)path, flags, 0600, 0, 0, 0);
	fz_trace("open(%s, %#x) = %ld errno %d",
		 path == (uintptr_t)longpath ? "LONG"
		 : c < 78 ? (const char *)path /* one of our strings */
			  : fz_addr(path, ab, sizeof(ab)),
		 flags, r, errno);
	fz_hash_result(r, errno);
	fz_new_fd("open", r, lowest);
	if (!keep) {
		if (r >= 0)
			fz_want_val("close",
				    fz_sys(SYS_close, r, 0, 0, 0, 0, 0), errno,
				    0);
		return;
	}
	if (want) {
		fz_want_err("open", r, errno, want);
		return;
	}
	if (r < 0)
		fz_want_val("open", r, errno, lowest);
	fz_fd_add((int)r, type, flags & O_ACCMODE, (flags & O_APPEND) != 0);
	if (tmpk >= 0)
		fz.ntmp |= 1 << tmpk;
	if (type == FZ_F_FILE && (flags & O_TRUNC))
		fz_file_resize(0); /* even O_RDONLY | O_TRUNC truncates */
}

static void fz_op_close(void)
{
	struct fz_fd *e = fz_chance(80) ? fz_pick_fd() : NULL;
	int fd;
	long r;

	if (e && e->reserved)
		e = NULL;
	fd = e ? e->fd : fz_bad_fd();
	r = fz_sys(SYS_close, fd, 0, 0, 0, 0, 0);
	fz_trace("close(%d) = %ld errno %d", fd, r, errno);
	fz_hash_result(r, errno);
	if (!e) {
		fz_want_err("close of a descriptor not open", r, errno, EBADF);
		return;
	}
	fz_want_val("close", r, errno, 0);
	fz_fd_remove(fd);
}

static void fz_op_dup(void)
{
	struct fz_fd *e = fz_pick_fd(), copy;
	unsigned c = fz_below(100);
	int lowest, target;
	long r;

	fz_fd_make_room(1);
	e = fz_pick_fd();
	if (!e || c >= 80) {
		int bad = fz_bad_fd();

		if (c < 90 || !e)
			r = fz_sys(SYS_dup, bad, 0, 0, 0, 0, 0);
		else
			r = fz_sys(SYS_dup2, e->fd,
				   fz_chance(50) ? -1 : 1 << 20, 0, 0, 0, 0);
		fz_trace("dup of a bad descriptor = %ld errno %d", r, errno);
		fz_hash_result(r, errno);
		fz_want_err("dup/dup2 of a bad descriptor", r, errno, EBADF);
		return;
	}
	copy = *e;
	copy.reserved = 0;
	lowest = fz_lowest_free_fd();
	if (c < 60) {
		r = fz_sys(SYS_dup, e->fd, 0, 0, 0, 0, 0);
		fz_trace("dup(%d) = %ld errno %d", e->fd, r, errno);
		fz_hash_result(r, errno);
		fz_new_fd("dup", r, lowest);
		if (r < 0)
			fz_want_val("dup", r, errno, lowest);
		fz_fd_add((int)r, copy.type, copy.acc, copy.append);
		return;
	}
	target = 3 + (int)fz_below(40);
	if (fz.fd_used[target] && target != e->fd) {
		struct fz_fd *old = fz_fd_find(target);

		if (!old || old->reserved)
			return; /* not ours to replace */
	}
	r = fz_sys(SYS_dup2, e->fd, target, 0, 0, 0, 0);
	fz_trace("dup2(%d, %d) = %ld errno %d", e->fd, target, r, errno);
	fz_hash_result(r, errno);
	fz_want_val("dup2", r, errno, target);
	if (target != copy.fd) {
		fz_fd_remove(target);
		fz_fd_add(target, copy.type, copy.acc, copy.append);
	}
}

static void fz_op_lseek(void)
{
	static const long offs[] = {0,	      1,       -1,	 4096,
				    -4096,    100000,  1L << 40, 1L << 62,
				    LONG_MAX, LONG_MIN};
	static const int whences[] = {
	    SEEK_SET,	  SEEK_SET,	SEEK_CUR, SEEK_END,
	    3 /* DATA */, 4 /* HOLE */, 5,	  -1};
	struct fz_fd *e = fz_chance(90) ? fz_pick_fd() : NULL;
	int fd = e ? e->fd : fz_bad_fd();
	int whence = whences[fz_below(8)];
	long off = fz_chance(60) ? (long)fz_below(FZ_FPAGES * FZ_PAGE)
				 : offs[fz_below(10)];
	long want = -2, base = 0, pos = 0, r;
	int err = 0;

	if (off >= (1L << 40) && fz_chance(80))
		off = (long)fz_below(FZ_FPAGES * FZ_PAGE); /* keep it small */
	if (e && e->type == FZ_F_FILE)
		pos = fz_file_pos(fd);
	if (!e)
		err = EBADF;
	else if (whence < 0 || whence > 4)
		err = EINVAL; /* before anything about the file */
	else if (e->type == FZ_F_PIPE_R || e->type == FZ_F_PIPE_W)
		err = ESPIPE;
	else if (e->type == FZ_F_NULL || e->type == FZ_F_ZERO)
		want = 0; /* Linux's null_lseek */
	else if (e->type == FZ_F_FILE && whence >= 0 && whence <= 2) {
		base = whence == SEEK_SET   ? 0
		       : whence == SEEK_CUR ? pos
					    : fz.file_len;
		if ((off > 0 && base > LONG_MAX - off) || base + off < 0)
			err = EINVAL;
		else
			want = base + off;
	}
	if (e && e->type == FZ_F_PROC)
		fz.hashed = 0;
	r = fz_sys(SYS_lseek, fd, off, whence, 0, 0, 0);
	fz_trace("lseek(%d, %ld, %d) = %ld errno %d", fd, off, whence, r,
		 errno);
	fz_hash_result(r, errno);
	if (err)
		fz_want_err("lseek", r, errno, err);
	else if (want != -2)
		fz_want_val("lseek", r, errno, want);
}

static void fz_op_pipe(void)
{
	int *fds = (int *)fz_scratch, lowest, second, want = 0;
	unsigned c = fz_below(100);
	uintptr_t ptr = (uintptr_t)fds;
	long flags = O_NONBLOCK | (fz_chance(30) ? O_CLOEXEC : 0), r;
	char ab[40];

	fz_fd_make_room(2);
	lowest = fz_lowest_free_fd();
	fz.fd_used[lowest] = 1;
	second = fz_lowest_free_fd();
	fz.fd_used[lowest] = 0;
	if (c >= 80 && c < 92) {
		static const uintptr_t bad[] = {0, 0xffff800000000000UL, 0};
		long i = fz_pick_page();

		ptr = fz_chance(25) ? (uintptr_t)fz_rodata : bad[fz_below(3)];
		if (ptr == 0 && fz_chance(50) && !fz_kernel_can_write((int)i) &&
		    fz_kernel_can_read((int)i) >= 0)
			ptr = (uintptr_t)fz.arena + i * FZ_PAGE;
		want = EFAULT;
	} else if (c >= 92) {
		flags = fz_chance(50) ? O_WRONLY : 0x40000000L;
		want = EINVAL;
	}
	r = fz_sys(SYS_pipe2, (long)ptr, flags, 0, 0, 0, 0);
	fz_trace("pipe2(%s, %#lx) = %ld errno %d", fz_addr(ptr, ab, sizeof(ab)),
		 flags, r, errno);
	fz_hash_result(r, errno);
	if (want) {
		fz_want_err("pipe2", r, errno, want);
		return; /* and no descriptor leaked: the next one checks */
	}
	fz_want_val("pipe2", r, errno, 0);
	if (fds[0] != lowest || fds[1] != second)
		fz_fail("pipe2 gave fds %d and %d, expected %d and %d", fds[0],
			fds[1], lowest, second);
	fz_fd_add(fds[0], FZ_F_PIPE_R, O_RDONLY, 0);
	fz_fd_add(fds[1], FZ_F_PIPE_W, O_WRONLY, 0);
}

/*
 * The file gets a new length (a page multiple, or not) and known content:
 * truncation first (which drops pages past the end, even private copies
 * in mappings), then a pattern written to each whole page.
 */
static void fz_file_reset(long len)
{
	long r = fz_sys(SYS_ftruncate, fz.file_fd, len, 0, 0, 0, 0);

	fz_want_val("ftruncate of the file", r, errno, 0);
	fz_file_resize(len);
	for (long k = 0; (k + 1) * (long)FZ_PAGE <= len && k < FZ_FPAGES; k++) {
		uint64_t tag = fz_new_tag();

		memset(fz_pagebuf, 0, sizeof(fz_pagebuf));
		fz_pattern_write(fz_pagebuf, tag);
		r = fz_sys(SYS_pwrite64, fz.file_fd, (long)fz_pagebuf, FZ_PAGE,
			   k * (long)FZ_PAGE, 0, 0);
		fz_want_val("pwrite of a file page", r, errno, FZ_PAGE);
		fz.file_tag[k] = tag;
		fz.file_known[k] = 1;
	}
}

static void fz_op_file_reset(void)
{
	long len = (long)(1 + fz_below(FZ_FILE_PAGES)) * (long)FZ_PAGE;

	if (fz_chance(20))
		len -= 1 + (long)fz_below(FZ_PAGE - 1);
	fz_trace("file reset to %ld bytes", len);
	fz_file_reset(len);
}

/* ---- the run --------------------------------------------------------- */

struct fz_op {
	void (*fn)(void);
	const char *name;
	int weight;   /* out of the sum of all weights */
	int in_child; /* allowed in a child_fuzz child */
};

static const struct fz_op fz_ops[] = {
    {fz_op_mmap, "mmap", 150, 1},
    {fz_op_munmap, "munmap", 80, 1},
    {fz_op_mprotect, "mprotect", 100, 1},
    {fz_op_madvise, "madvise", 90, 1},
    {fz_op_brk, "brk", 60, 1},
    {fz_op_touch, "touch", 130, 1},
    {fz_op_verify, "verify", 40, 1},
    {fz_op_mincore, "mincore", 40, 1},
    {fz_op_read, "read", 70, 0},
    {fz_op_write, "write", 70, 0},
    {fz_op_open, "open", 35, 0},
    {fz_op_close, "close", 30, 0},
    {fz_op_lseek, "lseek", 30, 0},
    {fz_op_pipe, "pipe", 15, 0},
    {fz_op_dup, "dup", 25, 0},
    {fz_op_file_reset, "file reset", 5, 0},
    {fz_op_touch_child, "touch child", 12, 0},
    {fz_op_child_fuzz, "child fuzz", 4, 0},
    {fz_op_fork_burst, "fork burst", 2, 0},
};

#define FZ_NOPS ((int)(sizeof(fz_ops) / sizeof(fz_ops[0])))

#ifdef FZ_DEBUG
/*
 * Debugging the model (build with -DFZ_DEBUG): after every call, the
 * arena's lines of /proc/self/maps and the file's size must be what the
 * model says.
 */
static void fz_check_maps(const char *after)
{
	static char text[65536];
	uint8_t seen[FZ_ARENA_PAGES] = {0};
	long len = 0, n;
	int fd = open("/proc/self/maps", O_RDONLY);
	struct stat st;

	while (fd >= 0 &&
	       (n = read(fd, text + len, sizeof(text) - 1 - len)) > 0)
		len += n;
	close(fd);
	text[len] = '\0';
	for (char *line = text; line && *line;) {
		unsigned long start, end, off;
		char perms[5];

		if (sscanf(line, "%lx-%lx %4s %lx", &start, &end, perms,
			   &off) == 4) {
			for (unsigned long a = start; a < end; a += FZ_PAGE) {
				long i = fz_page_index(a);
				const struct fz_page *p =
				    &fz.page[i < 0 ? 0 : i];
				int prot = (perms[0] == 'r') |
					   (perms[1] == 'w') << 1 |
					   (perms[2] == 'x') << 2;
				int shared = perms[3] == 's';

				if (i < 0)
					continue;
				seen[i] = 1;
				if ((p->kind == FZ_FILE ||
				     p->kind == FZ_SHFILE) &&
				    p->fpage != (off + a - start) / FZ_PAGE)
					fz_fail("DEBUG after %s: page %ld maps "
						"file "
						"page %lu, model %u",
						after, i,
						(off + a - start) / FZ_PAGE,
						p->fpage);
				if (p->kind == FZ_NONE || p->prot != prot ||
				    shared != (p->kind == FZ_SHANON ||
					       p->kind == FZ_SHFILE))
					fz_fail(
					    "DEBUG after %s: page %ld is %s in "
					    "maps, %s %d in the model",
					    after, i, perms,
					    fz_kind_name[p->kind], p->prot);
			}
		}
		line = strchr(line, '\n');
		line = line ? line + 1 : NULL;
	}
	for (long i = 0; i < FZ_ARENA_PAGES; i++)
		if (!seen[i] && fz.page[i].kind != FZ_NONE)
			fz_fail("DEBUG after %s: page %ld unmapped, %s in the "
				"model",
				after, i, fz_kind_name[fz.page[i].kind]);
	if (!fz.in_child && fstat(fz.file_fd, &st) == 0 &&
	    st.st_size != fz.file_len)
		fz_fail("DEBUG after %s: file size %ld, model %ld", after,
			(long)st.st_size, fz.file_len);
	for (long k = 0; !fz.in_child && k < FZ_FPAGES; k++) {
		static unsigned char page[FZ_PAGE];
		uint64_t got;

		if (!fz.file_known[k] || (k + 1) * (long)FZ_PAGE > fz.file_len)
			continue;
		if (pread(fz.file_fd, page, FZ_PAGE, k * (long)FZ_PAGE) !=
			(long)FZ_PAGE ||
		    !fz_pattern_check(page, fz.file_tag[k], &got))
			fz_fail("DEBUG after %s: file page %ld differs", after,
				k);
	}
}
#endif

/* One call (or one small group: a fork and its children), by weight. */
static void fz_step(void)
{
	int total = 0, pick, i;

	for (i = 0; i < FZ_NOPS; i++)
		if (!fz.in_child || fz_ops[i].in_child)
			total += fz_ops[i].weight;
	pick = (int)fz_below(total);
	for (i = 0; i < FZ_NOPS; i++) {
		if (fz.in_child && !fz_ops[i].in_child)
			continue;
		if (pick < fz_ops[i].weight)
			break;
		pick -= fz_ops[i].weight;
	}
	fz.hashed = 1;
	fz_ops[i].fn();
#ifdef FZ_DEBUG
	fz_check_maps(fz_ops[i].name);
#endif
}

/* A fault the model did not predict is a failure of the run. */
static void fz_on_fault(int sig, siginfo_t *si, void *ctx)
{
	char ab[40];

	(void)ctx;
	fz_fail("unexpected signal %d at address %s", sig,
		fz_addr((uintptr_t)si->si_addr, ab, sizeof(ab)));
}

static void fz_setup_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = fz_on_fault;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGILL, &sa, NULL);
	signal(SIGPIPE, SIG_IGN); /* writes to a closed pipe: EPIPE */
}

/* The arena, the heap, the file and its three descriptors. */
static void fz_setup(void)
{
	size_t total = (FZ_ARENA_PAGES + 2) * FZ_PAGE;
	unsigned char *m;
	long r, brk0;

	for (int fd = 0; fd < FZ_FD_LIMIT; fd++)
		fz.fd_used[fd] = fcntl(fd, F_GETFD) >= 0;
	/* tmpfs on both kernels: Linux's /tmp may be ext4, whose corner
	 * cases (a failed write past the end still moves it) differ. */
	snprintf(fz.path, sizeof(fz.path), "/dev/shm/fuzz.%d", (int)getpid());
	fz.file_fd = open(fz.path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fz.file_fd < 0) {
		snprintf(fz.path, sizeof(fz.path), "/tmp/fuzz.%d",
			 (int)getpid());
		fz.file_fd = open(fz.path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	}
	fz.ro_fd = open(fz.path, O_RDONLY);
	fz.wo_fd = open(fz.path, O_WRONLY);
	if (fz.file_fd < 0 || fz.ro_fd < 0 || fz.wo_fd < 0)
		fz_fail("cannot open %s: errno %d", fz.path, errno);
	fz_fd_add(fz.file_fd, FZ_F_FILE, O_RDWR, 0)->reserved = 1;
	fz_fd_add(fz.ro_fd, FZ_F_FILE, O_RDONLY, 0)->reserved = 1;
	fz_fd_add(fz.wo_fd, FZ_F_FILE, O_WRONLY, 0)->reserved = 1;
	fz.file_len = 0;
	for (int k = 0; k < FZ_FPAGES; k++)
		fz.file_known[k] = 1; /* zeros: nothing there yet */
	fz_file_reset(FZ_FILE_PAGES * FZ_PAGE);

	m = mmap(NULL, total, PROT_NONE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (m == MAP_FAILED)
		fz_fail("cannot map the arena: errno %d", errno);
	if (munmap(m, FZ_PAGE) || munmap(m + total - FZ_PAGE, FZ_PAGE))
		fz_fail("cannot make the guard pages: errno %d", errno);
	fz.arena = m + FZ_PAGE;
	fz_set_mapped(0, FZ_ARENA_PAGES, FZ_ANON, PROT_NONE, 1, 0);

	brk0 = syscall(SYS_brk, 0);
	fz.brk_base = ((uintptr_t)brk0 + FZ_PAGE - 1) & ~(FZ_PAGE - 1);
	r = syscall(SYS_brk, (long)fz.brk_base);
	if (r != (long)fz.brk_base)
		fz_fail("brk(%#lx) returned %#lx", (unsigned long)fz.brk_base,
			(unsigned long)r);
	fz.brk_cur = fz.brk_base;
	for (int j = 0; j < FZ_BRK_PAGES; j++)
		fz.brk_known[j] = 1;
}

/* Reads back everything known, then gives everything back. */
static void fz_finish(void)
{
	long r;

	fz.hashed = 0;
	for (long i = 0; i < FZ_ARENA_PAGES; i++) {
		struct fz_touch t = {0};
		uint64_t got;
		char ab[40];

		t.access = FZ_R;
		t.addr = (uintptr_t)fz.arena + i * FZ_PAGE;
		fz_predict_touch(&t);
		if (t.expect == FZ_OK && t.check && fz_do_touch(&t, &got))
			fz_fail("data changed: page %s reads %#llx, expected "
				"tag %#llx",
				fz_addr(t.addr, ab, sizeof(ab)),
				(unsigned long long)got,
				(unsigned long long)t.tag);
	}
	for (long k = 0; k < FZ_FPAGES; k++) {
		uint64_t got = 0;

		if (!fz.file_known[k] || (k + 1) * (long)FZ_PAGE > fz.file_len)
			continue;
		r = pread(fz.file_fd, fz_pagebuf, FZ_PAGE, k * (long)FZ_PAGE);
		if (r != (long)FZ_PAGE ||
		    !fz_pattern_check(fz_pagebuf, fz.file_tag[k], &got))
			fz_fail(
			    "file page %ld reads %#llx (pread %ld), expected "
			    "tag %#llx",
			    k, (unsigned long long)got, r,
			    (unsigned long long)fz.file_tag[k]);
	}
	while (fz.nfds > 0) {
		int fd = fz.fds[0].fd;

		fz_want_val("close at the end", close(fd), errno, 0);
		fz_fd_remove(fd);
	}
	unlink(fz.path);
	for (int k = 0; k < 4; k++) {
		char name[80];

		snprintf(name, sizeof(name), "%s.%d", fz.path, k);
		if (fz.ntmp & (1 << k))
			fz_want_val("unlink", unlink(name), errno, 0);
	}
	r = munmap(fz.arena - FZ_PAGE, (FZ_ARENA_PAGES + 2) * FZ_PAGE);
	fz_want_val("munmap of the arena", r, errno, 0);
	r = syscall(SYS_brk, (long)fz.brk_base);
	fz_want_val("brk back to the start", r, errno, (long)fz.brk_base);
}

static void fz_summary(void)
{
	char line[400];
	int n = 0;

	fz_print("fuzz: %lu calls done (and %lu by children), %lu failed "
		 "with an errno, %lu children",
		 fz.call, fz.child_calls, fz.nfailed, fz.nchildren);
	for (int e = 1; e < 256; e++)
		if (fz.nerr[e] && n < (int)sizeof(line) - 40)
			n += snprintf(line + n, sizeof(line) - n, " %s %lu",
				      fz_errno_name(e), fz.nerr[e]);
	fz_print("errors:%s", n ? line : " none");
	n = 0;
	for (int s = 1; s < 65; s++)
		if (fz.nsig[s] && n < (int)sizeof(line) - 40)
			n += snprintf(line + n, sizeof(line) - n, " %d: %lu", s,
				      fz.nsig[s]);
	fz_print("children killed by signal:%s", n ? line : " none");
	fz_print("trace hash: %016llx", (unsigned long long)fz.hash);
}

/*
 * Runs o->calls calls in this process and _exits: 0 if they all went as
 * the model says, FZ_EXIT_FAIL after printing "FAIL ...".  timeout > 0
 * arms alarm(timeout), so a hung kernel call ends the run too.
 */
static void fuzz_child_main(const struct fuzz_opts *o, unsigned timeout)
    __attribute__((noreturn));
static void fuzz_child_main(const struct fuzz_opts *o, unsigned timeout)
{
	memset(&fz, 0, sizeof(fz));
	fz.o = *o;
	fz.hash = 0xcbf29ce484222325ULL;
	fz.file_fd = fz.ro_fd = fz.wo_fd = -1;
	fz_seed_rng(o->seed);
	if (timeout)
		alarm(timeout);
	fz_setup_signals();
	fz_setup();
	for (fz.call = 1; fz.call <= o->calls; fz.call++) {
		fz_step();
		if (o->progress && fz.call % 10000 == 0)
			fz_print("fuzz: %lu calls, %lu failed with an errno, "
				 "%lu children",
				 fz.call, fz.nfailed, fz.nchildren);
	}
	fz.call = o->calls;
	fz_finish();
	fz_summary();
	_exit(0);
}

/* MemFree of /proc/meminfo in kB, or -1.  Its buffer is static, so
 * reading it twice in a row changes nothing. */
static long fuzz_memfree_kb(void)
{
	static char buf[4096];
	long len = 0, n;
	int fd = open("/proc/meminfo", O_RDONLY);
	char *p;

	if (fd < 0)
		return -1;
	while ((n = read(fd, buf + len, sizeof(buf) - 1 - len)) > 0)
		len += n;
	close(fd);
	buf[len] = '\0';
	p = strstr(buf, "MemFree:");
	return p ? strtol(p + 8, NULL, 10) : -1;
}

/* 1 on tide (uname -r says so), where free memory is counted exactly. */
static __attribute__((unused)) int fuzz_on_tide(void)
{
	struct utsname u;

	return uname(&u) == 0 && strstr(u.release, "tide") != NULL;
}

/*
 * Runs the fuzzer in a child and waits for it: returns its wait status
 * (0 if the run passed), with MemFree (kB) just before the fork and just
 * after the wait in *before and *after.
 */
static int fuzz_run(const struct fuzz_opts *o, unsigned timeout, long *before,
		    long *after)
{
	int status = -1;
	pid_t pid;

	fuzz_memfree_kb(); /* fault in its buffer and stack first */
	*before = fuzz_memfree_kb();
	pid = fork();
	if (pid == 0)
		fuzz_child_main(o, timeout);
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		status = -1;
	*after = fuzz_memfree_kb();
	return status;
}

#endif
