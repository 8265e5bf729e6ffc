/*
 * t_brk.c - the program break (brk, sbrk), as Linux does it.
 *
 * The raw system call brk(addr) returns the new break on success and the
 * old, unchanged break on any failure (it never returns -1); brk(0) just
 * reports the break.  The C library's brk() returns 0 or -1/ENOMEM and
 * sbrk(incr) returns the old break.  Heap pages are allocated lazily, freed
 * by shrinking, and the heap's maps line, named [heap], ends at the break
 * rounded up to a page:
 *
 *	 start_brk          brk   PAGE_ALIGN(brk)
 *	 |[heap] ..........|.....|        (unmapped above)
 *
 * Cases that use the raw call do not use sbrk(0) afterwards: glibc's sbrk
 * caches the break it last set.
 */
#include "utest.h"
#include "uproc.h"

#include <stdint.h>
#include <sys/syscall.h>

static struct maps maps;
static int data_marker = 1; /* in .data, below the heap */

static unsigned long raw_brk(unsigned long addr)
{
	return (unsigned long)syscall(SYS_brk, addr);
}

static unsigned long page_align(unsigned long addr)
{
	return (addr + PAGE_SZ - 1) & ~(PAGE_SZ - 1);
}

/* Moves the break up to a page boundary and returns it. */
static char *aligned_break(void)
{
	unsigned long a = page_align(raw_brk(0));

	REQUIRE_EQ(raw_brk(a), a);
	return (char *)a;
}

static void brk0_returns_the_break(void)
{
	unsigned long cur = raw_brk(0);

	EXPECT_NE(cur, 0);
	EXPECT_EQ(raw_brk(0), cur);
	EXPECT_EQ((unsigned long)sbrk(0), cur);
	EXPECT_GT(cur, (unsigned long)&data_marker);
}

static void raw_brk_grows_by_exactly_128(void)
{
	unsigned long old = raw_brk(0);

	EXPECT_EQ(raw_brk(old + 128), old + 128);
	EXPECT_EQ(raw_brk(0), old + 128);
	memset((char *)old, 'g', 128);
	EXPECT_EQ(raw_brk(old), old);
	EXPECT_EQ(raw_brk(0), old);
}

static void sbrk_grows_by_exactly_128(void)
{
	char *old = sbrk(0);

	EXPECT(sbrk(128) == old);
	EXPECT(sbrk(0) == old + 128);
	EXPECT_EQ(raw_brk(0), (unsigned long)old + 128);
	memset(old, 's', 128);
}

static void sbrk_negative_increment_shrinks(void)
{
	char *old = sbrk(0);

	REQUIRE(sbrk(3 * PAGE_SZ) == old);
	EXPECT(sbrk(-(long)PAGE_SZ) == old + 3 * PAGE_SZ);
	EXPECT(sbrk(0) == old + 2 * PAGE_SZ);
	EXPECT_EQ(raw_brk(0), (unsigned long)old + 2 * PAGE_SZ);
	EXPECT(sbrk(-2 * (long)PAGE_SZ) == old + 2 * PAGE_SZ);
	EXPECT(sbrk(0) == old);
}

static void libc_brk_returns_0_or_enomem(void)
{
	char *old = sbrk(0);

	EXPECT_OK(brk(old + PAGE_SZ));
	EXPECT(sbrk(0) == old + PAGE_SZ);
	EXPECT_ERRNO(brk((void *)0x7fffffffffffUL), ENOMEM);
	EXPECT(sbrk(0) == old + PAGE_SZ);
	EXPECT_ERRNO(sbrk(1L << 46), ENOMEM);
	EXPECT_ERRNO(sbrk(-(1L << 46)), ENOMEM);
	EXPECT(sbrk(0) == old + PAGE_SZ);
	EXPECT_OK(brk(old));
	EXPECT_EQ(raw_brk(0), (unsigned long)old);
}

/* Failure is "return the old break", whatever was asked. */
static void raw_brk_absurd_values_keep_the_break(void)
{
	unsigned long old = raw_brk(0);

	EXPECT_EQ(raw_brk(0x7fffffffffffUL), old);
	EXPECT_EQ(raw_brk(0x800000000000UL), old);
	EXPECT_EQ(raw_brk(0xffff800000000000UL), old);
	EXPECT_EQ(raw_brk(~0UL), old);
	/* Below the start of the heap. */
	EXPECT_EQ(raw_brk((unsigned long)&data_marker), old);
	EXPECT_EQ(raw_brk(0x10000), old);
	EXPECT_EQ(raw_brk(1), old);
	EXPECT_EQ(raw_brk(0), old);
	EXPECT_EQ(data_marker, 1);
}

/* The [heap] line ends at the break rounded up to a page. */
static void heap_line_ends_at_rounded_break(void)
{
	unsigned long old = raw_brk(0), brk;
	struct maps_line ml;

	for (unsigned long grow = 128; grow < 4 * PAGE_SZ;
	     grow += 3 * PAGE_SZ) {
		brk = raw_brk(old + grow);
		REQUIRE_EQ(brk, old + grow);
		REQUIRE_OK(maps_load(&maps));
		REQUIRE(maps_find(&maps, brk - 1, &ml));
		EXPECT_STREQ(ml.name, "[heap]");
		EXPECT_EQ(ml.end, page_align(brk));
		EXPECT_STREQ(ml.perms, "rw-p");
		EXPECT_EQ(ml.offset, 0);
		EXPECT_EQ(ml.inode, 0);
		EXPECT(ml.well_formed);
		EXPECT(!maps_find(&maps, page_align(brk), &ml));
	}
}

/* Growing by 1 MiB maps memory, not pages; touching pages costs them. */
static void brk_grow_costs_no_rss_until_touched(void)
{
	size_t npages = 256;
	char *a = aligned_break();
	long rss0, rss1, rss2;

	/* mincore's vector is a static page: fault it in before measuring. */
	resident_pages((void *)((unsigned long)&data_marker & ~(PAGE_SZ - 1)),
		       1);
	rss0 = rss_kb();
	REQUIRE_EQ(raw_brk((unsigned long)a + npages * PAGE_SZ),
		   (unsigned long)a + npages * PAGE_SZ);
	rss1 = rss_kb();
	EXPECT_EQ(rss1, rss0);
	EXPECT_EQ(resident_pages(a, npages), 0);
	for (size_t i = 0; i < 16; i++)
		a[i * 16 * PAGE_SZ] = 1;
	rss2 = rss_kb();
	EXPECT_EQ(rss2 - rss1, 16 * (long)(PAGE_SZ / 1024));
	EXPECT_EQ(resident_pages(a, npages), 16);
}

static void brk_memory_is_zero_and_writable(void)
{
	char *a = aligned_break();
	size_t bad = 0;

	REQUIRE_EQ(raw_brk((unsigned long)a + 4 * PAGE_SZ),
		   (unsigned long)a + 4 * PAGE_SZ);
	for (size_t i = 0; i < 4 * PAGE_SZ; i++)
		bad += a[i] != 0;
	EXPECT_EQ(bad, 0);
	memset(a, 'w', 4 * PAGE_SZ);
	EXPECT_EQ(a[4 * PAGE_SZ - 1], 'w');
}

/*
 *  a            a+16P          shrink to a:   a
 *  |xxxxxxxxxxxx|        -->   |  (unmapped, RSS back, access faults)
 */
static void brk_shrink_frees_pages(void)
{
	size_t npages = 16;
	char *a = aligned_break();
	struct maps_line ml;
	uint64_t entry = 1;
	long rss0, rss1;

	REQUIRE_EQ(raw_brk((unsigned long)a + npages * PAGE_SZ),
		   (unsigned long)a + npages * PAGE_SZ);
	memset(a, 'x', npages * PAGE_SZ);
	EXPECT_EQ(resident_pages(a, npages), npages);
	rss0 = rss_kb();
	EXPECT_EQ(raw_brk((unsigned long)a), (unsigned long)a);
	rss1 = rss_kb();
	EXPECT_EQ(rss0 - rss1, (long)(npages * PAGE_SZ / 1024));
	EXPECT_ERRNO(resident_pages(a, npages), ENOMEM);
	EXPECT_OK(pagemap_entry(a, &entry));
	EXPECT_EQ(entry & PM_PRESENT, 0);
	REQUIRE_OK(maps_load(&maps));
	EXPECT(!maps_find(&maps, (unsigned long)a, &ml));
	EXPECT_SIGNAL(utest_read_byte, a, SIGSEGV);
	EXPECT_SIGNAL(utest_read_byte, a + (npages - 1) * PAGE_SZ, SIGSEGV);
}

/* Only whole pages above the new break go; its own page stays. */
static void brk_shrink_keeps_the_partial_page(void)
{
	char *a = aligned_break();

	REQUIRE_EQ(raw_brk((unsigned long)a + 2 * PAGE_SZ),
		   (unsigned long)a + 2 * PAGE_SZ);
	memset(a, 'p', 2 * PAGE_SZ);
	EXPECT_EQ(raw_brk((unsigned long)a + 100), (unsigned long)a + 100);
	EXPECT_EQ(a[99], 'p');
	EXPECT_SURVIVES(utest_read_byte, a + PAGE_SZ - 1);
	EXPECT_SIGNAL(utest_read_byte, a + PAGE_SZ, SIGSEGV);
}

static void brk_regrown_pages_are_zero(void)
{
	char *a = aligned_break();
	size_t bad = 0;

	REQUIRE_EQ(raw_brk((unsigned long)a + 4 * PAGE_SZ),
		   (unsigned long)a + 4 * PAGE_SZ);
	memset(a, 'x', 4 * PAGE_SZ);
	REQUIRE_EQ(raw_brk((unsigned long)a), (unsigned long)a);
	REQUIRE_EQ(raw_brk((unsigned long)a + 4 * PAGE_SZ),
		   (unsigned long)a + 4 * PAGE_SZ);
	for (size_t i = 0; i < 4 * PAGE_SZ; i++)
		bad += a[i] != 0;
	EXPECT_EQ(bad, 0);
}

/*
 *  a                a+15P  a+16P
 *  |heap ...........|      |M|      M: a mapping
 * The heap may grow up to one page below M (Linux keeps that page free),
 * never into M.
 */
static void brk_cannot_grow_into_a_mapping(void)
{
	char *a = aligned_break();
	char *m =
	    mmap(a + 16 * PAGE_SZ, PAGE_SZ, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);

	REQUIRE(m == a + 16 * PAGE_SZ);
	m[0] = 'm';
	EXPECT_EQ(raw_brk((unsigned long)m + PAGE_SZ), (unsigned long)a);
	EXPECT_EQ(raw_brk((unsigned long)m + 100 * PAGE_SZ), (unsigned long)a);
	EXPECT_EQ(raw_brk((unsigned long)m), (unsigned long)a);
	EXPECT_EQ(raw_brk((unsigned long)m - PAGE_SZ),
		  (unsigned long)m - PAGE_SZ);
	EXPECT_EQ(m[0], 'm');
	EXPECT_EQ(m[1], 0);
}

static const struct utest_case cases[] = {
    UTEST(brk0_returns_the_break),
    UTEST(raw_brk_grows_by_exactly_128),
    UTEST(sbrk_grows_by_exactly_128),
    UTEST(sbrk_negative_increment_shrinks),
    UTEST(libc_brk_returns_0_or_enomem),
    UTEST(raw_brk_absurd_values_keep_the_break),
    UTEST(heap_line_ends_at_rounded_break),
    UTEST(brk_grow_costs_no_rss_until_touched),
    UTEST(brk_memory_is_zero_and_writable),
    UTEST(brk_shrink_frees_pages),
    UTEST(brk_shrink_keeps_the_partial_page),
    UTEST(brk_regrown_pages_are_zero),
    UTEST(brk_cannot_grow_into_a_mapping),
};

int main(void)
{
	return utest_main(cases, UTEST_COUNT(cases));
}
