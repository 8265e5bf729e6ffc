/*
 * t_mprotect.c - mprotect on anonymous memory, as Linux does it.
 *
 * Faults on forbidden access (SIGSEGV), maps lines splitting and merging
 * again as permissions change, error codes, and execution: code copied into
 * a page runs only once the page is executable (the CPU's NX bit).
 *
 * Every case works inside a guarded hole (PROT_NONE pages around it) so the
 * lines it checks cannot merge with the C library's own mappings.
 */
#include "utest.h"
#include "uproc.h"

#include <stdint.h>

#define RW (PROT_READ | PROT_WRITE)

static struct maps maps;

/* x86-64 machine code for: mov $42, %eax; ret */
static const unsigned char ret42[] = {0xb8, 0x2a, 0x00, 0x00, 0x00, 0xc3};

/* Maps npages at a fresh address framed by PROT_NONE guards: G [p] G. */
static char *guarded_map(size_t npages, int prot)
{
	char *g = mmap(NULL, (npages + 2) * PAGE_SZ, PROT_NONE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *p;

	REQUIRE(g != MAP_FAILED);
	p = mmap(g + PAGE_SZ, npages * PAGE_SZ, prot,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	REQUIRE(p == g + PAGE_SZ);
	return p;
}

/* The maps line holding addr must be exactly the anonymous [start, end). */
static void expect_line(char *addr, char *start, char *end, const char *perms)
{
	struct maps_line ml;
	char want[128];

	if (maps_load(&maps) < 0 ||
	    !maps_find(&maps, (unsigned long)addr, &ml)) {
		UTEST_FAIL("no maps line holds %p", (void *)addr);
		return;
	}
	maps_anon_text(want, sizeof(want), (unsigned long)start,
		       (unsigned long)end, perms);
	if (strcmp(ml.text, want) != 0)
		UTEST_FAIL("maps line \"%s\", expected \"%s\"", ml.text, want);
}

static int run_code(void *code)
{
	return ((int (*)(void))code)();
}

static void mprotect_read_only_write_is_sigsegv(void)
{
	char *p = guarded_map(1, RW);

	p[10] = 'r';
	EXPECT_OK(mprotect(p, PAGE_SZ, PROT_READ));
	EXPECT_EQ(p[10], 'r');
	EXPECT_SIGNAL(utest_write_byte, p + 10, SIGSEGV);
	EXPECT_SURVIVES(utest_read_byte, p + 10);
	expect_line(p, p, p + PAGE_SZ, "r--p");
}

static void mprotect_none_access_is_sigsegv(void)
{
	char *p = guarded_map(2, RW);

	p[0] = 1;
	EXPECT_OK(mprotect(p, 2 * PAGE_SZ, PROT_NONE));
	EXPECT_SIGNAL(utest_read_byte, p, SIGSEGV);
	EXPECT_SIGNAL(utest_read_byte, p + PAGE_SZ, SIGSEGV);
	EXPECT_SIGNAL(utest_write_byte, p + 5, SIGSEGV);
	expect_line(p, p, p + 2 * PAGE_SZ, "---p");
}

/*
 *  rw rw rw  --mprotect(middle, R)-->  rw r rw  --back to RW-->  rw rw rw
 *  one line                            three lines               one line
 */
static void mprotect_middle_page_splits_and_merges(void)
{
	char *p = guarded_map(3, RW);
	int lines;

	memset(p, 'm', 3 * PAGE_SZ);
	REQUIRE_OK(maps_load(&maps));
	lines = maps_count(&maps);
	EXPECT_OK(mprotect(p + PAGE_SZ, PAGE_SZ, PROT_READ));
	expect_line(p, p, p + PAGE_SZ, "rw-p");
	expect_line(p + PAGE_SZ, p + PAGE_SZ, p + 2 * PAGE_SZ, "r--p");
	expect_line(p + 2 * PAGE_SZ, p + 2 * PAGE_SZ, p + 3 * PAGE_SZ, "rw-p");
	EXPECT_EQ(maps_count(&maps), lines + 2);
	EXPECT_SIGNAL(utest_write_byte, p + PAGE_SZ, SIGSEGV);

	EXPECT_OK(mprotect(p + PAGE_SZ, PAGE_SZ, RW));
	expect_line(p + PAGE_SZ, p, p + 3 * PAGE_SZ, "rw-p");
	EXPECT_EQ(maps_count(&maps), lines);
	EXPECT_EQ(p[PAGE_SZ], 'm');
	p[PAGE_SZ] = 'w';
}

/*  r | rw  (two mappings)  --mprotect(both, R)-->  r r  one line */
static void mprotect_across_adjacent_mappings_merges(void)
{
	char *p = guarded_map(2, RW);

	REQUIRE_OK(mprotect(p, PAGE_SZ, PROT_READ));
	expect_line(p, p, p + PAGE_SZ, "r--p");
	EXPECT_OK(mprotect(p, 2 * PAGE_SZ, PROT_READ));
	expect_line(p, p, p + 2 * PAGE_SZ, "r--p");
}

static void mprotect_unaligned_is_einval(void)
{
	char *p = guarded_map(2, RW);

	EXPECT_ERRNO(mprotect(p + 1, PAGE_SZ, PROT_READ), EINVAL);
	EXPECT_ERRNO(mprotect(p + PAGE_SZ - 1, 0, PROT_READ), EINVAL);
	expect_line(p, p, p + 2 * PAGE_SZ, "rw-p");
}

static void mprotect_len_is_rounded_up(void)
{
	char *p = guarded_map(2, RW);

	EXPECT_OK(mprotect(p, 0, PROT_READ)); /* nothing to do */
	expect_line(p, p, p + 2 * PAGE_SZ, "rw-p");
	EXPECT_OK(mprotect(p, 1, PROT_READ));
	expect_line(p, p, p + PAGE_SZ, "r--p");
	expect_line(p + PAGE_SZ, p + PAGE_SZ, p + 2 * PAGE_SZ, "rw-p");
}

static void mprotect_bad_prot_is_einval(void)
{
	char *p = guarded_map(1, RW);

	EXPECT_ERRNO(mprotect(p, PAGE_SZ, 0x10), EINVAL);
	EXPECT_ERRNO(mprotect(p, PAGE_SZ, PROT_READ | 0x100), EINVAL);
	expect_line(p, p, p + PAGE_SZ, "rw-p");
}

/*
 *  G . A A G:  a range starting in the hole changes nothing (ENOMEM);
 *  G A . G:    a range running from A into the hole is ENOMEM too, but
 *              Linux has already changed A when it finds the hole.
 */
static void mprotect_unmapped_range_is_enomem(void)
{
	char *p = guarded_map(3, RW);

	REQUIRE_OK(munmap(p, PAGE_SZ));
	EXPECT_ERRNO(mprotect(p, PAGE_SZ, PROT_READ), ENOMEM);
	EXPECT_ERRNO(mprotect(p, 3 * PAGE_SZ, PROT_READ), ENOMEM);
	expect_line(p + PAGE_SZ, p + PAGE_SZ, p + 3 * PAGE_SZ, "rw-p");

	REQUIRE_OK(munmap(p + 2 * PAGE_SZ, PAGE_SZ));
	EXPECT_ERRNO(mprotect(p + PAGE_SZ, 2 * PAGE_SZ, PROT_READ), ENOMEM);
	expect_line(p + PAGE_SZ, p + PAGE_SZ, p + 2 * PAGE_SZ, "r--p");
}

static void mprotect_beyond_user_space_is_enomem(void)
{
	EXPECT_ERRNO(mprotect((void *)0x800000000000UL, PAGE_SZ, PROT_READ),
		     ENOMEM);
	EXPECT_ERRNO(mprotect((void *)0x7ffffffff000UL, PAGE_SZ, PROT_READ),
		     ENOMEM);
}

static void mprotect_preserves_data(void)
{
	char *p = guarded_map(4, RW);
	size_t bad = 0;

	for (size_t i = 0; i < 4 * PAGE_SZ; i++)
		p[i] = (char)(i * 7);
	REQUIRE_OK(mprotect(p, 4 * PAGE_SZ, PROT_READ));
	REQUIRE_OK(mprotect(p + PAGE_SZ, 2 * PAGE_SZ, PROT_NONE));
	REQUIRE_OK(mprotect(p, 4 * PAGE_SZ, RW));
	for (size_t i = 0; i < 4 * PAGE_SZ; i++)
		bad += p[i] != (char)(i * 7);
	EXPECT_EQ(bad, 0);
}

static void mprotect_exec_shows_x(void)
{
	char *p = guarded_map(2, RW);

	EXPECT_OK(mprotect(p, PAGE_SZ, PROT_READ | PROT_EXEC));
	EXPECT_OK(mprotect(p + PAGE_SZ, PAGE_SZ, RW | PROT_EXEC));
	expect_line(p, p, p + PAGE_SZ, "r-xp");
	expect_line(p + PAGE_SZ, p + PAGE_SZ, p + 2 * PAGE_SZ, "rwxp");
}

static void exec_in_rw_page_is_sigsegv(void)
{
	char *p = guarded_map(1, RW);

	memcpy(p, ret42, sizeof(ret42));
	EXPECT_SIGNAL(utest_call, p, SIGSEGV);
}

static void exec_in_rx_page_works(void)
{
	char *p = guarded_map(1, RW);
	char *q = guarded_map(1, RW | PROT_EXEC);

	memcpy(p, ret42, sizeof(ret42));
	REQUIRE_OK(mprotect(p, PAGE_SZ, PROT_READ | PROT_EXEC));
	EXPECT_EQ(run_code(p), 42);
	memcpy(q, ret42, sizeof(ret42));
	EXPECT_EQ(run_code(q), 42);
	/* Taking exec away again makes it fault. */
	REQUIRE_OK(mprotect(p, PAGE_SZ, PROT_READ));
	EXPECT_SIGNAL(utest_call, p, SIGSEGV);
}

/* x86 page tables cannot express write-only: such a page is readable. */
static void write_only_page_is_readable(void)
{
	char *p = guarded_map(1, RW);

	p[3] = 33;
	EXPECT_OK(mprotect(p, PAGE_SZ, PROT_WRITE));
	expect_line(p, p, p + PAGE_SZ, "-w-p");
	EXPECT_EQ(p[3], 33);
	p[4] = 44;
	EXPECT_EQ(p[4], 44);
}

static void mprotect_shared_mapping_keeps_s(void)
{
	char *s = mmap(NULL, PAGE_SZ, RW, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	struct maps_line ml;

	REQUIRE(s != MAP_FAILED);
	s[0] = 1;
	EXPECT_OK(mprotect(s, PAGE_SZ, PROT_READ));
	REQUIRE_OK(maps_load(&maps));
	REQUIRE(maps_find(&maps, (unsigned long)s, &ml));
	EXPECT_STREQ(ml.perms, "r--s");
	EXPECT_SIGNAL(utest_write_byte, s, SIGSEGV);
	EXPECT_EQ(s[0], 1);
}

static void prot_none_page_made_accessible_reads_zero(void)
{
	char *p = guarded_map(1, PROT_NONE);

	EXPECT_OK(mprotect(p, PAGE_SZ, RW));
	EXPECT_EQ(p[100], 0);
	p[100] = 1;
	EXPECT_EQ(p[100], 1);
}

static const struct utest_case cases[] = {
    UTEST(mprotect_read_only_write_is_sigsegv),
    UTEST(mprotect_none_access_is_sigsegv),
    UTEST(mprotect_middle_page_splits_and_merges),
    UTEST(mprotect_across_adjacent_mappings_merges),
    UTEST(mprotect_unaligned_is_einval),
    UTEST(mprotect_len_is_rounded_up),
    UTEST(mprotect_bad_prot_is_einval),
    UTEST(mprotect_unmapped_range_is_enomem),
    UTEST(mprotect_beyond_user_space_is_enomem),
    UTEST(mprotect_preserves_data),
    UTEST(mprotect_exec_shows_x),
    UTEST(exec_in_rw_page_is_sigsegv),
    UTEST(exec_in_rx_page_works),
    UTEST(write_only_page_is_readable),
    UTEST(mprotect_shared_mapping_keeps_s),
    UTEST(prot_none_page_made_accessible_reads_zero),
};

int main(void)
{
	return utest_main(cases, UTEST_COUNT(cases));
}
