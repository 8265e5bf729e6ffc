/*
 * t_mmap.c - anonymous mmap and munmap, as Linux does them.
 *
 * Covers every error code of mmap/munmap for anonymous memory, the maps
 * lines a mapping makes (created, split, merged, removed), laziness (no RSS
 * until touched, MAP_POPULATE), MAP_FIXED / MAP_FIXED_NOREPLACE / hints,
 * and sharing with a forked child.  File mappings are in t_madvise.c.
 *
 * Many cases build a guarded hole first, so that a new mapping cannot merge
 * with whatever the C library mapped next to it:
 *
 *	 G  .  G        G: PROT_NONE guard pages, .: the hole
 *	 G  A  G        A: the mapping under test gets a maps line of its own
 */
#include "utest.h"
#include "uproc.h"

#include <stdint.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#define RW   (PROT_READ | PROT_WRITE)
#define ANON (MAP_PRIVATE | MAP_ANONYMOUS)

static struct maps before, after;

static char *map_anon(void *hint, size_t len, int prot, int flags)
{
	return mmap(hint, len, prot, flags | MAP_ANONYMOUS, -1, 0);
}

/*
 * Reserves npages + 2 pages and returns the first of npages free pages
 * framed by PROT_NONE guards:  G [npages free] G.
 */
static char *guarded_hole(size_t npages)
{
	char *g =
	    map_anon(NULL, (npages + 2) * PAGE_SZ, PROT_NONE, MAP_PRIVATE);

	REQUIRE(g != MAP_FAILED);
	REQUIRE_OK(munmap(g + PAGE_SZ, npages * PAGE_SZ));
	return g + PAGE_SZ;
}

/* The maps line holding addr must be exactly the anonymous [start, end). */
static void expect_anon_line(const struct maps *m, unsigned long addr,
			     unsigned long start, unsigned long end,
			     const char *perms)
{
	struct maps_line ml;
	char want[128];

	if (!maps_find(m, addr, &ml)) {
		UTEST_FAIL("no maps line holds 0x%lx", addr);
		return;
	}
	maps_anon_text(want, sizeof(want), start, end, perms);
	if (strcmp(ml.text, want) != 0)
		UTEST_FAIL("maps line \"%s\", expected \"%s\"", ml.text, want);
}

static int is_unmapped(const struct maps *m, const void *addr)
{
	struct maps_line ml;

	return !maps_find(m, (unsigned long)addr, &ml);
}

/* The lowest address mmap hands out (vm.mmap_min_addr, 0x10000 on tide). */
static unsigned long mmap_min_addr(void)
{
	char buf[64];

	if (proc_read("/proc/sys/vm/mmap_min_addr", buf, sizeof(buf)) < 0)
		return 0x10000;
	return strtoul(buf, NULL, 10);
}

static void mmap_len0_is_einval(void)
{
	EXPECT_ERRNO(map_anon(NULL, 0, RW, MAP_PRIVATE), EINVAL);
	EXPECT_ERRNO(map_anon(NULL, 0, RW, MAP_SHARED), EINVAL);
}

static void mmap_needs_private_or_shared(void)
{
	/* Neither type bit, and both (MAP_SHARED_VALIDATE, not for anon). */
	EXPECT_ERRNO(map_anon(NULL, PAGE_SZ, RW, 0), EINVAL);
	EXPECT_ERRNO(map_anon(NULL, PAGE_SZ, RW, MAP_SHARED | MAP_PRIVATE),
		     EINVAL);
}

static void mmap_fixed_unaligned_is_einval(void)
{
	char *hole = guarded_hole(2);

	EXPECT_ERRNO(map_anon(hole + 1, PAGE_SZ, RW, MAP_PRIVATE | MAP_FIXED),
		     EINVAL);
	EXPECT_ERRNO(map_anon(hole + PAGE_SZ - 1, PAGE_SZ, RW,
			      MAP_PRIVATE | MAP_FIXED_NOREPLACE),
		     EINVAL);
	REQUIRE_OK(maps_load(&after));
	EXPECT(is_unmapped(&after, hole));
}

static void mmap_unaligned_offset_is_einval(void)
{
	EXPECT_ERRNO(mmap(NULL, PAGE_SZ, RW, ANON, -1, 100), EINVAL);
	EXPECT_ERRNO(mmap(NULL, PAGE_SZ, RW, ANON, -1, PAGE_SZ - 1), EINVAL);
	EXPECT_ERRNO(mmap(NULL, PAGE_SZ, RW, MAP_SHARED | MAP_ANONYMOUS, -1,
			  PAGE_SZ + 1),
		     EINVAL);
}

static void mmap_huge_len_is_enomem(void)
{
	/* Larger than user space, and lengths that round up past 2^64. */
	EXPECT_ERRNO(map_anon(NULL, 1UL << 62, RW, MAP_PRIVATE), ENOMEM);
	EXPECT_ERRNO(map_anon(NULL, 1UL << 47, RW, MAP_PRIVATE), ENOMEM);
	EXPECT_ERRNO(map_anon(NULL, SIZE_MAX, RW, MAP_PRIVATE), ENOMEM);
	EXPECT_ERRNO(map_anon(NULL, SIZE_MAX - PAGE_SZ + 2, RW, MAP_PRIVATE),
		     ENOMEM);
	EXPECT_ERRNO(map_anon(NULL, SIZE_MAX, PROT_NONE, MAP_SHARED), ENOMEM);
}

static void mmap_fixed_beyond_user_space_is_enomem(void)
{
	/* User space is [0, 0x7ffffffff000). */
	EXPECT_ERRNO(map_anon((void *)0x7ffffffff000UL, PAGE_SZ, RW,
			      MAP_PRIVATE | MAP_FIXED),
		     ENOMEM);
	EXPECT_ERRNO(map_anon((void *)0x800000000000UL, PAGE_SZ, RW,
			      MAP_PRIVATE | MAP_FIXED),
		     ENOMEM);
	EXPECT_ERRNO(map_anon((void *)0xffff800000000000UL, PAGE_SZ, RW,
			      MAP_PRIVATE | MAP_FIXED),
		     ENOMEM);
}

static void mmap_kernel_hint_is_ignored(void)
{
	char *p = map_anon((void *)0x800000000000UL, PAGE_SZ, RW, MAP_PRIVATE);

	REQUIRE(p != MAP_FAILED);
	EXPECT_LT((unsigned long)p, 0x7ffffffff000UL);
	p[0] = 1;
}

/*
 * vm.mmap_min_addr: nothing may be mapped below it without privilege.
 * Root on Linux (CAP_SYS_RAWIO) may map page 0, so the case first becomes
 * an ordinary user; a kernel without setuid (tide) has no privilege anyway.
 */
static void mmap_fixed_below_min_addr_is_eperm(void)
{
	unsigned long min = mmap_min_addr();
	long r;

	errno = 0;
	r = syscall(SYS_setuid, 65534);
	EXPECT(r == 0 || errno == ENOSYS || errno == EPERM);
	EXPECT_ERRNO(map_anon(NULL, PAGE_SZ, RW, MAP_PRIVATE | MAP_FIXED),
		     EPERM);
	EXPECT_ERRNO(
	    map_anon(NULL, PAGE_SZ, RW, MAP_PRIVATE | MAP_FIXED_NOREPLACE),
	    EPERM);
	if (min > PAGE_SZ)
		EXPECT_ERRNO(map_anon((void *)(min - PAGE_SZ), PAGE_SZ, RW,
				      MAP_PRIVATE | MAP_FIXED),
			     EPERM);
}

static void mmap_low_hint_is_raised_to_min_addr(void)
{
	char *p = map_anon((void *)PAGE_SZ, PAGE_SZ, RW, MAP_PRIVATE);

	REQUIRE(p != MAP_FAILED);
	EXPECT_GE((unsigned long)p, mmap_min_addr());
}

static void mmap_without_anonymous_needs_fd(void)
{
	EXPECT_ERRNO(mmap(NULL, PAGE_SZ, RW, MAP_PRIVATE, -1, 0), EBADF);
	EXPECT_ERRNO(mmap(NULL, PAGE_SZ, RW, MAP_SHARED, -1, 0), EBADF);
	EXPECT_ERRNO(mmap(NULL, PAGE_SZ, RW, MAP_PRIVATE, 9999, 0), EBADF);
}

/*
 *  before:  G . G      after mmap:  G A G      after munmap:  G . G
 * The new line is exactly "start-end rw-p 00000000 00:00 0 ".
 */
static void mmap_five_ints_makes_one_rw_p_line(void)
{
	char *hole = guarded_hole(1);
	struct maps_line ml;
	char want[128];
	int *p;

	REQUIRE_OK(maps_load(&before));
	p = (int *)map_anon(hole, 5 * sizeof(int), RW, MAP_PRIVATE);
	REQUIRE_OK(maps_load(&after));
	REQUIRE(p == (int *)hole);
	maps_anon_text(want, sizeof(want), (unsigned long)p,
		       (unsigned long)p + PAGE_SZ, "rw-p");
	EXPECT_EQ(maps_new_lines(&before, &after, &ml), 1);
	EXPECT_STREQ(ml.text, want);
	EXPECT(ml.well_formed);
	EXPECT_EQ(maps_new_lines(&after, &before, &ml), 0);
	EXPECT_EQ(maps_count(&after), maps_count(&before) + 1);

	EXPECT_OK(munmap(p, 10 * sizeof(int)));
	REQUIRE_OK(maps_load(&after));
	EXPECT_STREQ(after.text, before.text);
}

/* Without a hint: the line holding the result starts at it. */
static void mmap_result_starts_a_line(void)
{
	struct maps_line ml;
	int *p = (int *)map_anon(NULL, 5 * sizeof(int), RW, MAP_PRIVATE);

	REQUIRE(p != MAP_FAILED);
	EXPECT_EQ((uintptr_t)p % PAGE_SZ, 0);
	REQUIRE_OK(maps_load(&after));
	REQUIRE(maps_find(&after, (unsigned long)p, &ml));
	EXPECT_EQ(ml.start, (unsigned long)p);
	EXPECT_GE(ml.end, (unsigned long)p + PAGE_SZ);
	EXPECT_STREQ(ml.perms, "rw-p");
	EXPECT_STREQ(ml.name, "");
	EXPECT(ml.well_formed);
	EXPECT_OK(munmap(p, 10 * sizeof(int)));
	REQUIRE_OK(maps_load(&after));
	EXPECT(is_unmapped(&after, p));
}

static void mmap_len_rounds_up_to_pages(void)
{
	char *hole = guarded_hole(3);
	char *p = map_anon(hole, 1, RW, MAP_PRIVATE);
	char *q;

	REQUIRE(p == hole);
	p[PAGE_SZ - 1] = 1;
	REQUIRE_OK(maps_load(&after));
	expect_anon_line(&after, (unsigned long)p, (unsigned long)p,
			 (unsigned long)p + PAGE_SZ, "rw-p");
	EXPECT_SIGNAL(utest_read_byte, p + PAGE_SZ, SIGSEGV);
	REQUIRE_OK(munmap(p, 1));

	q = map_anon(hole, PAGE_SZ + 1, PROT_READ, MAP_PRIVATE);
	REQUIRE(q == hole);
	REQUIRE_OK(maps_load(&after));
	expect_anon_line(&after, (unsigned long)q, (unsigned long)q,
			 (unsigned long)q + 2 * PAGE_SZ, "r--p");
}

static void mmap_memory_reads_zero(void)
{
	size_t npages = 16;
	uint64_t *p =
	    (uint64_t *)map_anon(NULL, npages * PAGE_SZ, RW, MAP_PRIVATE);
	uint64_t *s =
	    (uint64_t *)map_anon(NULL, npages * PAGE_SZ, RW, MAP_SHARED);
	size_t bad = 0;

	REQUIRE(p != (uint64_t *)MAP_FAILED && s != (uint64_t *)MAP_FAILED);
	p[0] = ~0ULL; /* one dirty page must not leak into the others */
	for (size_t i = 1; i < npages * PAGE_SZ / 8; i++)
		bad += p[i] != 0;
	for (size_t i = 0; i < npages * PAGE_SZ / 8; i++)
		bad += s[i] != 0;
	EXPECT_EQ(bad, 0);
}

static void mmap_prot_bits_show_in_line(void)
{
	char *hole = guarded_hole(1);
	char *p = map_anon(hole, PAGE_SZ, PROT_READ | PROT_EXEC, MAP_PRIVATE);

	REQUIRE(p == hole);
	REQUIRE_OK(maps_load(&after));
	expect_anon_line(&after, (unsigned long)p, (unsigned long)p,
			 (unsigned long)p + PAGE_SZ, "r-xp");
	expect_anon_line(&after, (unsigned long)p - 1,
			 (unsigned long)p - PAGE_SZ, (unsigned long)p, "---p");
	EXPECT_SIGNAL(utest_read_byte, p - 1, SIGSEGV);
}

/*
 * A MAP_SHARED anonymous mapping is a shmem file on Linux: its line is
 * "rw-s", with a device, an inode and the name "/dev/zero (deleted)".
 */
static void mmap_shared_anon_line(void)
{
	char *hole = guarded_hole(1);
	char *s = map_anon(hole, PAGE_SZ, RW, MAP_SHARED);
	struct maps_line ml;

	REQUIRE(s == hole);
	REQUIRE_OK(maps_load(&after));
	REQUIRE(maps_find(&after, (unsigned long)s, &ml));
	EXPECT_EQ(ml.start, (unsigned long)s);
	EXPECT_EQ(ml.end, (unsigned long)s + PAGE_SZ);
	EXPECT_STREQ(ml.perms, "rw-s");
	EXPECT_EQ(ml.offset, 0);
	EXPECT_STREQ(ml.name, "/dev/zero (deleted)");
	EXPECT(ml.well_formed);
}

/*
 *  before:  A A A A  (0xaa)    after:  A F F A   F: fresh, read-only, zero
 */
static void mmap_fixed_replaces_mapping(void)
{
	char *hole = guarded_hole(4);
	char *p = map_anon(hole, 4 * PAGE_SZ, RW, MAP_PRIVATE);
	char *f;

	REQUIRE(p == hole);
	memset(p, 0xaa, 4 * PAGE_SZ);
	f = map_anon(p + PAGE_SZ, 2 * PAGE_SZ, PROT_READ,
		     MAP_PRIVATE | MAP_FIXED);
	REQUIRE(f == p + PAGE_SZ);
	EXPECT_EQ(f[0], 0);
	EXPECT_EQ(f[2 * PAGE_SZ - 1], 0);
	EXPECT_EQ((unsigned char)p[PAGE_SZ - 1], 0xaa);
	EXPECT_EQ((unsigned char)p[3 * PAGE_SZ], 0xaa);
	REQUIRE_OK(maps_load(&after));
	expect_anon_line(&after, (unsigned long)p, (unsigned long)p,
			 (unsigned long)p + PAGE_SZ, "rw-p");
	expect_anon_line(&after, (unsigned long)f, (unsigned long)f,
			 (unsigned long)f + 2 * PAGE_SZ, "r--p");
	expect_anon_line(&after, (unsigned long)p + 3 * PAGE_SZ,
			 (unsigned long)p + 3 * PAGE_SZ,
			 (unsigned long)p + 4 * PAGE_SZ, "rw-p");
}

static void mmap_fixed_noreplace_on_used_range_is_eexist(void)
{
	char *hole = guarded_hole(3);
	char *p = map_anon(hole + PAGE_SZ, PAGE_SZ, RW, MAP_PRIVATE);
	char *q;

	REQUIRE(p == hole + PAGE_SZ);
	p[0] = 7;
	EXPECT_ERRNO(
	    map_anon(p, PAGE_SZ, RW, MAP_PRIVATE | MAP_FIXED_NOREPLACE),
	    EEXIST);
	/* Overlapping only partly is enough. */
	EXPECT_ERRNO(
	    map_anon(hole, 2 * PAGE_SZ, RW, MAP_PRIVATE | MAP_FIXED_NOREPLACE),
	    EEXIST);
	EXPECT_EQ(p[0], 7);
	REQUIRE_OK(maps_load(&after));
	EXPECT(is_unmapped(&after, hole));
	/* A free range is taken exactly. */
	q = map_anon(hole, PAGE_SZ, PROT_READ,
		     MAP_PRIVATE | MAP_FIXED_NOREPLACE);
	EXPECT(q == hole);
}

static void mmap_free_hint_is_honoured(void)
{
	char *hole = guarded_hole(4);
	char *p = map_anon(hole + PAGE_SZ, PAGE_SZ, RW, MAP_PRIVATE);
	char *q;

	EXPECT(p == hole + PAGE_SZ);
	/* An unaligned hint is rounded down. */
	q = map_anon(hole + 2 * PAGE_SZ + 100, PAGE_SZ, PROT_READ, MAP_PRIVATE);
	EXPECT(q == hole + 2 * PAGE_SZ);
}

static void mmap_used_hint_is_moved(void)
{
	char *hole = guarded_hole(1);
	char *p = map_anon(hole, PAGE_SZ, RW, MAP_PRIVATE);
	char *q;

	REQUIRE(p == hole);
	p[0] = 5;
	q = map_anon(p, PAGE_SZ, RW, MAP_PRIVATE);
	REQUIRE(q != MAP_FAILED);
	EXPECT(q != p);
	EXPECT_EQ(p[0], 5);
	EXPECT_EQ(q[0], 0);
}

static void mmap_populate_makes_pages_resident(void)
{
	size_t npages = 16;
	char *lazy = map_anon(NULL, npages * PAGE_SZ, RW, MAP_PRIVATE);
	long rss0, rss1;
	char *p;

	REQUIRE(lazy != MAP_FAILED);
	EXPECT_EQ(resident_pages(lazy, npages), 0);
	rss0 = rss_kb();
	p = map_anon(NULL, npages * PAGE_SZ, RW, MAP_PRIVATE | MAP_POPULATE);
	rss1 = rss_kb();
	REQUIRE(p != MAP_FAILED);
	EXPECT_EQ(rss1 - rss0, (long)(npages * PAGE_SZ / 1024));
	EXPECT_EQ(resident_pages(p, npages), npages);
	EXPECT_EQ(p[5 * PAGE_SZ], 0);
}

/*
 * 256 MiB of address space costs nothing until touched; 10 touches cost
 * exactly 10 pages.  MAP_NORESERVE because Linux's default overcommit
 * refuses one writable private mapping larger than RAM + swap, and a
 * small QEMU machine may have less than 256 MiB.
 */
static void mmap_256mib_is_lazy(void)
{
	size_t len = 256UL << 20, npages = len / PAGE_SZ;
	long rss0, rss1, rss2;
	char *p;

	rss0 = rss_kb();
	p = map_anon(NULL, len, RW, MAP_PRIVATE | MAP_NORESERVE);
	rss1 = rss_kb();
	REQUIRE(p != MAP_FAILED);
	EXPECT_EQ(rss1, rss0);
	for (int i = 0; i < 10; i++)
		p[(size_t)i * 1000 * PAGE_SZ + 123] = 1;
	rss2 = rss_kb();
	EXPECT_EQ(rss2 - rss1, 10 * (long)(PAGE_SZ / 1024));
	EXPECT_EQ(resident_pages(p, npages), 10);
	EXPECT_EQ(p[1000 * PAGE_SZ + 123], 1);
}

static void mmap_shared_anon_is_shared_with_child(void)
{
	char *s = map_anon(NULL, 2 * PAGE_SZ, RW, MAP_SHARED);
	int status;
	pid_t pid;

	REQUIRE(s != MAP_FAILED);
	s[0] = 1; /* written before fork: the child sees it */
	fflush(stdout);
	pid = fork();
	REQUIRE(pid >= 0);
	if (pid == 0) {
		EXPECT_EQ(s[0], 1);
		s[0] = 42;
		s[PAGE_SZ] = 43; /* a page the parent never touched */
		utest_end();
	}
	REQUIRE_EQ(waitpid(pid, &status, 0), pid);
	EXPECT_EQ(status, 0);
	EXPECT_EQ(s[0], 42);
	EXPECT_EQ(s[PAGE_SZ], 43);
}

static void mmap_private_anon_is_copied_on_fork(void)
{
	char *p = map_anon(NULL, 2 * PAGE_SZ, RW, MAP_PRIVATE);
	int go[2], status;
	pid_t pid;
	char c;

	REQUIRE(p != MAP_FAILED);
	REQUIRE_OK(pipe(go));
	p[0] = 1;
	fflush(stdout);
	pid = fork();
	REQUIRE(pid >= 0);
	if (pid == 0) {
		close(go[1]);
		p[PAGE_SZ] = 9;
		EXPECT_EQ(read(go[0], &c, 1), 1); /* parent has written */
		EXPECT_EQ(p[0], 1);
		p[0] = 2;
		EXPECT_EQ(p[0], 2);
		utest_end();
	}
	close(go[0]);
	p[0] = 3;
	EXPECT_EQ(write(go[1], "x", 1), 1);
	REQUIRE_EQ(waitpid(pid, &status, 0), pid);
	EXPECT_EQ(status, 0);
	EXPECT_EQ(p[0], 3);
	EXPECT_EQ(p[PAGE_SZ], 0);
}

/*
 *  before:  A A A      after munmap(middle):  A . A
 */
static void munmap_middle_page_splits_mapping(void)
{
	char *hole = guarded_hole(3);
	char *p = map_anon(hole, 3 * PAGE_SZ, RW, MAP_PRIVATE);

	REQUIRE(p == hole);
	memset(p, 'x', 3 * PAGE_SZ);
	REQUIRE_OK(maps_load(&before));
	EXPECT_OK(munmap(p + PAGE_SZ, PAGE_SZ));
	REQUIRE_OK(maps_load(&after));
	EXPECT_EQ(maps_count(&after), maps_count(&before) + 1);
	expect_anon_line(&after, (unsigned long)p, (unsigned long)p,
			 (unsigned long)p + PAGE_SZ, "rw-p");
	expect_anon_line(&after, (unsigned long)p + 2 * PAGE_SZ,
			 (unsigned long)p + 2 * PAGE_SZ,
			 (unsigned long)p + 3 * PAGE_SZ, "rw-p");
	EXPECT(is_unmapped(&after, p + PAGE_SZ));
	EXPECT_EQ(p[PAGE_SZ - 1], 'x');
	EXPECT_EQ(p[2 * PAGE_SZ], 'x');
	EXPECT_SIGNAL(utest_read_byte, p + PAGE_SZ, SIGSEGV);
}

/*
 *  before:  . A . B B . C .   (A rw, B r, C none)   after:  . . . . . . . .
 */
static void munmap_range_over_mappings_and_holes(void)
{
	char *r = guarded_hole(8);

	REQUIRE(map_anon(r + PAGE_SZ, PAGE_SZ, RW, MAP_PRIVATE | MAP_FIXED) ==
		r + PAGE_SZ);
	REQUIRE(map_anon(r + 3 * PAGE_SZ, 2 * PAGE_SZ, PROT_READ,
			 MAP_PRIVATE | MAP_FIXED) == r + 3 * PAGE_SZ);
	REQUIRE(map_anon(r + 6 * PAGE_SZ, PAGE_SZ, PROT_NONE,
			 MAP_PRIVATE | MAP_FIXED) == r + 6 * PAGE_SZ);
	r[PAGE_SZ] = 1;
	EXPECT_OK(munmap(r, 8 * PAGE_SZ));
	REQUIRE_OK(maps_load(&after));
	for (int i = 0; i < 8; i++)
		EXPECT(is_unmapped(&after, r + i * PAGE_SZ));
	/* The guards outside the range stay. */
	expect_anon_line(&after, (unsigned long)r - 1,
			 (unsigned long)r - PAGE_SZ, (unsigned long)r, "---p");
}

static void munmap_unaligned_is_einval(void)
{
	char *p = map_anon(NULL, 2 * PAGE_SZ, RW, MAP_PRIVATE);

	REQUIRE(p != MAP_FAILED);
	p[0] = 3;
	EXPECT_ERRNO(munmap(p + 1, PAGE_SZ), EINVAL);
	EXPECT_ERRNO(munmap(p + PAGE_SZ - 1, 1), EINVAL);
	EXPECT_EQ(p[0], 3);
}

static void munmap_len0_is_einval(void)
{
	char *p = map_anon(NULL, PAGE_SZ, RW, MAP_PRIVATE);

	REQUIRE(p != MAP_FAILED);
	EXPECT_ERRNO(munmap(p, 0), EINVAL);
	p[0] = 1;
}

static void munmap_beyond_user_space_is_einval(void)
{
	EXPECT_ERRNO(munmap((void *)0x800000000000UL, PAGE_SZ), EINVAL);
	EXPECT_ERRNO(munmap((void *)0xffff800000000000UL, PAGE_SZ), EINVAL);
	EXPECT_ERRNO(munmap((void *)0x7ffffffff000UL, 2 * PAGE_SZ), EINVAL);
}

static void munmap_unmapped_range_succeeds(void)
{
	char *hole = guarded_hole(4);

	EXPECT_OK(munmap(hole, 4 * PAGE_SZ));
	EXPECT_OK(munmap(hole + PAGE_SZ, PAGE_SZ));
	/* The length is rounded up, like mmap's. */
	EXPECT_OK(munmap(hole, 1));
}

static void access_after_munmap_is_sigsegv(void)
{
	char *p = map_anon(NULL, 2 * PAGE_SZ, RW, MAP_PRIVATE);

	REQUIRE(p != MAP_FAILED);
	memset(p, 1, 2 * PAGE_SZ);
	REQUIRE_OK(munmap(p, 2 * PAGE_SZ));
	EXPECT_SIGNAL(utest_read_byte, p, SIGSEGV);
	EXPECT_SIGNAL(utest_write_byte, p + PAGE_SZ + 17, SIGSEGV);
}

/*
 *  G A . G  -> map B next to A ->  G [A B] G  one line; C read-only does not
 *  merge:  G A C G  two lines.
 */
static void adjacent_anon_mappings_merge(void)
{
	char *hole = guarded_hole(2);
	char *a = map_anon(hole, PAGE_SZ, RW, MAP_PRIVATE | MAP_FIXED);
	char *b;

	REQUIRE(a == hole);
	a[0] = 'a';
	b = map_anon(a + PAGE_SZ, PAGE_SZ, RW, MAP_PRIVATE | MAP_FIXED);
	REQUIRE(b == a + PAGE_SZ);
	b[0] = 'b';
	REQUIRE_OK(maps_load(&after));
	expect_anon_line(&after, (unsigned long)a, (unsigned long)a,
			 (unsigned long)a + 2 * PAGE_SZ, "rw-p");

	b = map_anon(a + PAGE_SZ, PAGE_SZ, PROT_READ, MAP_PRIVATE | MAP_FIXED);
	REQUIRE(b == a + PAGE_SZ);
	REQUIRE_OK(maps_load(&after));
	expect_anon_line(&after, (unsigned long)a, (unsigned long)a,
			 (unsigned long)a + PAGE_SZ, "rw-p");
	expect_anon_line(&after, (unsigned long)b, (unsigned long)b,
			 (unsigned long)b + PAGE_SZ, "r--p");
	EXPECT_EQ(a[0], 'a');
}

/*
 * A file mapping's line: offset in hex, the file's device as major:minor,
 * its inode in decimal and its path at column 73.
 */
static void mmap_file_line_names_the_file(void)
{
	char path[64], want[256], *p;
	struct maps_line ml;
	struct stat st;
	int fd;

	snprintf(path, sizeof(path), "/tmp/t_mmap.%d", (int)getpid());
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	REQUIRE(fd >= 0);
	for (int i = 0; i < 3; i++) {
		char page[PAGE_SZ];

		memset(page, '0' + i, sizeof(page));
		REQUIRE_EQ(write(fd, page, sizeof(page)), PAGE_SZ);
	}
	REQUIRE_OK(fstat(fd, &st));
	p = mmap(NULL, 2 * PAGE_SZ, PROT_READ, MAP_PRIVATE, fd, PAGE_SZ);
	close(fd);
	if (p == MAP_FAILED)
		unlink(path);
	REQUIRE(p != MAP_FAILED);
	EXPECT_EQ(p[0], '1');
	EXPECT_EQ(p[PAGE_SZ], '2');
	REQUIRE_OK(maps_load(&after));
	REQUIRE(maps_find(&after, (unsigned long)p, &ml));
	snprintf(want, sizeof(want), "%08lx-%08lx r--p %08lx %02x:%02x %lu",
		 (unsigned long)p, (unsigned long)p + 2 * PAGE_SZ, PAGE_SZ,
		 dev_major(st.st_dev), dev_minor(st.st_dev),
		 (unsigned long)st.st_ino);
	EXPECT(strncmp(ml.text, want, strlen(want)) == 0);
	EXPECT(ml.well_formed);
	EXPECT_EQ(ml.name - ml.text, MAPS_NAME_COL);
	EXPECT_STREQ(ml.name, path);

	/* Unlinked while mapped: Linux appends " (deleted)". */
	EXPECT_OK(unlink(path));
	REQUIRE_OK(maps_load(&after));
	REQUIRE(maps_find(&after, (unsigned long)p, &ml));
	snprintf(want, sizeof(want), "%s (deleted)", path);
	EXPECT_STREQ(ml.name, want);
	EXPECT(ml.well_formed);
}

static const struct utest_case cases[] = {
    UTEST(mmap_len0_is_einval),
    UTEST(mmap_needs_private_or_shared),
    UTEST(mmap_fixed_unaligned_is_einval),
    UTEST(mmap_unaligned_offset_is_einval),
    UTEST(mmap_huge_len_is_enomem),
    UTEST(mmap_fixed_beyond_user_space_is_enomem),
    UTEST(mmap_kernel_hint_is_ignored),
    UTEST(mmap_fixed_below_min_addr_is_eperm),
    UTEST(mmap_low_hint_is_raised_to_min_addr),
    UTEST(mmap_without_anonymous_needs_fd),
    UTEST(mmap_five_ints_makes_one_rw_p_line),
    UTEST(mmap_result_starts_a_line),
    UTEST(mmap_len_rounds_up_to_pages),
    UTEST(mmap_memory_reads_zero),
    UTEST(mmap_prot_bits_show_in_line),
    UTEST(mmap_shared_anon_line),
    UTEST(mmap_fixed_replaces_mapping),
    UTEST(mmap_fixed_noreplace_on_used_range_is_eexist),
    UTEST(mmap_free_hint_is_honoured),
    UTEST(mmap_used_hint_is_moved),
    UTEST(mmap_populate_makes_pages_resident),
    UTEST(mmap_256mib_is_lazy),
    UTEST(mmap_shared_anon_is_shared_with_child),
    UTEST(mmap_private_anon_is_copied_on_fork),
    UTEST(munmap_middle_page_splits_mapping),
    UTEST(munmap_range_over_mappings_and_holes),
    UTEST(munmap_unaligned_is_einval),
    UTEST(munmap_len0_is_einval),
    UTEST(munmap_beyond_user_space_is_einval),
    UTEST(munmap_unmapped_range_succeeds),
    UTEST(access_after_munmap_is_sigsegv),
    UTEST(adjacent_anon_mappings_merge),
    UTEST(mmap_file_line_names_the_file),
};

int main(void)
{
	return utest_main(cases, UTEST_COUNT(cases));
}
