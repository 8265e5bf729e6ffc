/*
 * t_madvise.c - madvise, as Linux does it, and the "seed" experiment.
 *
 * MADV_DONTNEED throws away the pages of a range at once: private
 * anonymous memory reads as zero afterwards and its RSS is gone; shared
 * memory and files keep their data (the pages live on in the shared object
 * and come back on the next fault).  Advice that only tunes readahead is
 * accepted and changes nothing visible.
 *
 * The seed experiment: a file of 4096 'a', mapped MAP_PRIVATE, every byte
 * incremented to 'b'; MADV_DONTNEED drops the private copies and the file's
 * 'a' shows through again.  With MAP_SHARED the increments reach the file.
 */
#include "utest.h"
#include "uproc.h"

#include <stdint.h>

#define RW (PROT_READ | PROT_WRITE)

static char *map_anon(size_t npages, int flags)
{
	return mmap(NULL, npages * PAGE_SZ, RW, flags | MAP_ANONYMOUS, -1, 0);
}

/* Maps npages framed by PROT_NONE guards, so the range is one mapping. */
static char *guarded_map(size_t npages)
{
	char *g = mmap(NULL, (npages + 2) * PAGE_SZ, PROT_NONE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *p;

	REQUIRE(g != MAP_FAILED);
	p = mmap(g + PAGE_SZ, npages * PAGE_SZ, RW,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	REQUIRE(p == g + PAGE_SZ);
	return p;
}

/* Number of bytes in [p, p + len) that differ from c. */
static size_t count_not(const char *p, size_t len, char c)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++)
		n += p[i] != c;
	return n;
}

/* A /tmp file of PAGE_SZ bytes of c; returns an O_RDWR fd or -1. */
static int make_file(char *path, size_t cap, char c)
{
	char page[PAGE_SZ];
	int fd;

	snprintf(path, cap, "/tmp/t_madvise.%d", (int)getpid());
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		return -1;
	memset(page, c, sizeof(page));
	if (write(fd, page, sizeof(page)) != (ssize_t)sizeof(page)) {
		close(fd);
		return -1;
	}
	return fd;
}

static void dontneed_private_reads_zero_and_drops_rss(void)
{
	size_t npages = 8;
	char *p = map_anon(npages, MAP_PRIVATE);
	uint64_t entry = 0;
	long rss0, rss1;

	REQUIRE(p != MAP_FAILED);
	memset(p, 'x', npages * PAGE_SZ);
	EXPECT_EQ(resident_pages(p, npages), npages);
	rss0 = rss_kb();
	EXPECT_OK(madvise(p, npages * PAGE_SZ, MADV_DONTNEED));
	rss1 = rss_kb();
	EXPECT_EQ(rss0 - rss1, (long)(npages * PAGE_SZ / 1024));
	EXPECT_EQ(resident_pages(p, npages), 0);
	EXPECT_OK(pagemap_entry(p, &entry));
	EXPECT_EQ(entry & PM_PRESENT, 0);
	EXPECT_EQ(count_not(p, npages * PAGE_SZ, 0), 0);
}

static void dontneed_then_write_gives_a_fresh_page(void)
{
	char *p = map_anon(1, MAP_PRIVATE);
	long rss0, rss1;

	REQUIRE(p != MAP_FAILED);
	memset(p, 'x', PAGE_SZ);
	REQUIRE_OK(madvise(p, PAGE_SZ, MADV_DONTNEED));
	rss0 = rss_kb();
	p[7] = 'y';
	rss1 = rss_kb();
	EXPECT_EQ(rss1 - rss0, (long)(PAGE_SZ / 1024));
	EXPECT_EQ(p[7], 'y');
	EXPECT_EQ(count_not(p, 7, 0), 0);
}

/*  x x x  --DONTNEED(middle)-->  x 0 x */
static void dontneed_drops_only_its_range(void)
{
	char *p = guarded_map(3);

	memset(p, 'x', 3 * PAGE_SZ);
	EXPECT_OK(madvise(p + PAGE_SZ, PAGE_SZ, MADV_DONTNEED));
	EXPECT_EQ(count_not(p, PAGE_SZ, 'x'), 0);
	EXPECT_EQ(count_not(p + PAGE_SZ, PAGE_SZ, 0), 0);
	EXPECT_EQ(count_not(p + 2 * PAGE_SZ, PAGE_SZ, 'x'), 0);
}

static void dontneed_shared_keeps_data(void)
{
	size_t npages = 4;
	char *s = map_anon(npages, MAP_SHARED);

	REQUIRE(s != MAP_FAILED);
	memset(s, 's', npages * PAGE_SZ);
	EXPECT_OK(madvise(s, npages * PAGE_SZ, MADV_DONTNEED));
	EXPECT_EQ(count_not(s, npages * PAGE_SZ, 's'), 0);
}

static void madv_free_is_accepted(void)
{
	char *p = map_anon(2, MAP_PRIVATE);

	REQUIRE(p != MAP_FAILED);
	memset(p, 'f', 2 * PAGE_SZ);
	EXPECT_OK(madvise(p, 2 * PAGE_SZ, MADV_FREE));
	/* Freed lazily: the data may or may not be there; a write wins. */
	p[0] = 'w';
	EXPECT_EQ(p[0], 'w');
}

/* MADV_FREE is for private anonymous memory only. */
static void madv_free_on_shared_is_einval(void)
{
	char *s = map_anon(1, MAP_SHARED);

	REQUIRE(s != MAP_FAILED);
	s[0] = 1;
	EXPECT_ERRNO(madvise(s, PAGE_SZ, MADV_FREE), EINVAL);
	EXPECT_EQ(s[0], 1);
}

static void access_pattern_hints_are_accepted(void)
{
	char *p = map_anon(4, MAP_PRIVATE);

	REQUIRE(p != MAP_FAILED);
	memset(p, 'h', 4 * PAGE_SZ);
	EXPECT_OK(madvise(p, 4 * PAGE_SZ, MADV_NORMAL));
	EXPECT_OK(madvise(p, 4 * PAGE_SZ, MADV_RANDOM));
	EXPECT_OK(madvise(p, 4 * PAGE_SZ, MADV_SEQUENTIAL));
	EXPECT_OK(madvise(p, 4 * PAGE_SZ, MADV_WILLNEED));
	EXPECT_OK(madvise(p, 4 * PAGE_SZ, MADV_NORMAL));
	EXPECT_EQ(count_not(p, 4 * PAGE_SZ, 'h'), 0);
}

static void madvise_unaligned_is_einval(void)
{
	char *p = map_anon(2, MAP_PRIVATE);

	REQUIRE(p != MAP_FAILED);
	p[1] = 'u';
	EXPECT_ERRNO(madvise(p + 1, PAGE_SZ, MADV_DONTNEED), EINVAL);
	EXPECT_ERRNO(madvise(p + 1, 0, MADV_DONTNEED), EINVAL);
	EXPECT_EQ(p[1], 'u');
}

static void madvise_unknown_advice_is_einval(void)
{
	char *p = map_anon(1, MAP_PRIVATE);

	REQUIRE(p != MAP_FAILED);
	p[0] = 'k';
	EXPECT_ERRNO(madvise(p, PAGE_SZ, 12345), EINVAL);
	EXPECT_ERRNO(madvise(p, PAGE_SZ, 100), EINVAL);
	EXPECT_ERRNO(madvise(p, PAGE_SZ, -1), EINVAL);
	EXPECT_EQ(p[0], 'k');
}

/*
 *  G x . x G  --DONTNEED(all three)-->  ENOMEM, and still  G 0 . 0 G
 */
static void madvise_hole_is_enomem_but_mapped_parts_dropped(void)
{
	char *p = guarded_map(3);

	memset(p, 'x', 3 * PAGE_SZ);
	REQUIRE_OK(munmap(p + PAGE_SZ, PAGE_SZ));
	EXPECT_ERRNO(madvise(p, 3 * PAGE_SZ, MADV_DONTNEED), ENOMEM);
	EXPECT_EQ(count_not(p, PAGE_SZ, 0), 0);
	EXPECT_EQ(count_not(p + 2 * PAGE_SZ, PAGE_SZ, 0), 0);
	EXPECT_ERRNO(madvise(p + PAGE_SZ, PAGE_SZ, MADV_DONTNEED), ENOMEM);
	EXPECT_ERRNO(madvise(p, 3 * PAGE_SZ, MADV_NORMAL), ENOMEM);
}

static void madvise_len0_is_ok(void)
{
	char *p = map_anon(1, MAP_PRIVATE);

	REQUIRE(p != MAP_FAILED);
	p[0] = 'z';
	EXPECT_OK(madvise(p, 0, MADV_DONTNEED));
	EXPECT_EQ(p[0], 'z');
	REQUIRE_OK(munmap(p, PAGE_SZ));
	EXPECT_OK(madvise(p, 0, MADV_DONTNEED)); /* even where unmapped */
}

/* A length that rounds up past the end of the address space. */
static void madvise_wrapping_len_is_einval(void)
{
	char *p = map_anon(1, MAP_PRIVATE);

	REQUIRE(p != MAP_FAILED);
	EXPECT_ERRNO(madvise(p, SIZE_MAX, MADV_DONTNEED), EINVAL);
}

/*
 * file: aaaa  --MAP_PRIVATE, ++ every byte-->  mapping bbbb, file aaaa
 *             --MADV_DONTNEED-->               mapping aaaa
 */
static void seed_private_file_mapping(void)
{
	char path[64], buf[PAGE_SZ];
	int fd = make_file(path, sizeof(path), 'a');
	char *p;

	REQUIRE(fd >= 0);
	p = mmap(NULL, PAGE_SZ, RW, MAP_PRIVATE, fd, 0);
	unlink(path);
	REQUIRE(p != MAP_FAILED);
	EXPECT_EQ(count_not(p, PAGE_SZ, 'a'), 0);
	for (size_t i = 0; i < PAGE_SZ; i++)
		p[i]++;
	EXPECT_EQ(count_not(p, PAGE_SZ, 'b'), 0);
	EXPECT_EQ(lseek(fd, 0, SEEK_SET), 0);
	EXPECT_EQ(read(fd, buf, sizeof(buf)), (ssize_t)sizeof(buf));
	EXPECT_EQ(count_not(buf, sizeof(buf), 'a'), 0);
	EXPECT_OK(madvise(p, PAGE_SZ, MADV_DONTNEED));
	EXPECT_EQ(count_not(p, PAGE_SZ, 'a'), 0);
	close(fd);
}

/*
 * file: aaaa  --MAP_SHARED, ++ every byte-->  mapping bbbb, file bbbb
 *             --MADV_DONTNEED-->              mapping bbbb
 */
static void seed_shared_file_mapping(void)
{
	char path[64], buf[PAGE_SZ];
	int fd = make_file(path, sizeof(path), 'a');
	char *p;

	REQUIRE(fd >= 0);
	p = mmap(NULL, PAGE_SZ, RW, MAP_SHARED, fd, 0);
	unlink(path);
	REQUIRE(p != MAP_FAILED);
	for (size_t i = 0; i < PAGE_SZ; i++)
		p[i]++;
	EXPECT_EQ(count_not(p, PAGE_SZ, 'b'), 0);
	EXPECT_EQ(lseek(fd, 0, SEEK_SET), 0);
	EXPECT_EQ(read(fd, buf, sizeof(buf)), (ssize_t)sizeof(buf));
	EXPECT_EQ(count_not(buf, sizeof(buf), 'b'), 0);
	EXPECT_OK(madvise(p, PAGE_SZ, MADV_DONTNEED));
	EXPECT_EQ(count_not(p, PAGE_SZ, 'b'), 0);
	close(fd);
}

static const struct utest_case cases[] = {
    UTEST(dontneed_private_reads_zero_and_drops_rss),
    UTEST(dontneed_then_write_gives_a_fresh_page),
    UTEST(dontneed_drops_only_its_range),
    UTEST(dontneed_shared_keeps_data),
    UTEST(madv_free_is_accepted),
    UTEST(madv_free_on_shared_is_einval),
    UTEST(access_pattern_hints_are_accepted),
    UTEST(madvise_unaligned_is_einval),
    UTEST(madvise_unknown_advice_is_einval),
    UTEST(madvise_hole_is_enomem_but_mapped_parts_dropped),
    UTEST(madvise_len0_is_ok),
    UTEST(madvise_wrapping_len_is_einval),
    UTEST(seed_private_file_mapping),
    UTEST(seed_shared_file_mapping),
};

int main(void)
{
	return utest_main(cases, UTEST_COUNT(cases));
}
