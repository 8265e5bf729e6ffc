/*
 * t_filemap.c - mmap of regular files, as Linux does it.
 *
 * A file mapping shows the file's page cache.  MAP_SHARED maps those very
 * pages: stores are the file's bytes at once, and write()s to the file
 * show in the mapping.  MAP_PRIVATE maps them read-only and copies a page
 * on its first write; until then the page keeps following the file, and
 * MADV_DONTNEED throws the copy away so that the file shows again:
 *
 *	file    a a a          pwrite "n" over page 1, private write to 2
 *	map     a a x    -->   map   a n x     (page 1 still the file's)
 *	                 --DONTNEED page 2-->  a n n
 *
 * Also: offsets, the partial last page (zeros past EOF, never written
 * back), whole pages past EOF (SIGBUS), descriptor permissions, the maps
 * line of a file mapping, and the life of an unlinked file that is still
 * mapped.  Anonymous mappings are in t_mmap.c, madvise in t_madvise.c.
 *
 * Each case runs its body in a child (scratch_run) and then removes the
 * files /tmp/t_filemap.<pid>.<i> it may have made.
 */
#include "utest.h"
#include "uproc.h"
#include "filemap.h"

#include <sys/stat.h>

#define RW (PROT_READ | PROT_WRITE)

/* Defines case name(), which runs name_body() with scratch files. */
#define SCRATCH_CASE(name)                                                     \
	static void name(void)                                                 \
	{                                                                      \
		scratch_run(name##_body);                                      \
	}

static struct maps maps;

static char *map_fd(size_t len, int prot, int flags, int fd, off_t off)
{
	return mmap(NULL, len, prot, flags, fd, off);
}

/* Fills page pgoff of fd with c by pwrite; returns 1 on success. */
static int pwrite_page(int fd, size_t pgoff, char c)
{
	char page[PAGE_SZ];

	memset(page, c, sizeof(page));
	return pwrite(fd, page, sizeof(page), (off_t)(pgoff * PAGE_SZ)) ==
	       (ssize_t)sizeof(page);
}

/* Number of bytes of page pgoff of fd (read by pread) that differ from c. */
static size_t file_count_not(int fd, size_t pgoff, char c)
{
	char page[PAGE_SZ];

	if (pread(fd, page, sizeof(page), (off_t)(pgoff * PAGE_SZ)) !=
	    (ssize_t)sizeof(page))
		return (size_t)-1;
	return count_not(page, sizeof(page), c);
}

/*
 * Probes for EXPECT_SIGNAL that exit 0 if they survive the touch, even
 * when an earlier check of the case failed (utest_end() would exit 1).
 */
static void read_probe(void *addr)
{
	(void)*(volatile char *)addr;
	_exit(0);
}

static void write_probe(void *addr)
{
	*(volatile char *)addr = 1;
	_exit(0);
}

/* ---- MAP_PRIVATE ---------------------------------------------------- */

/* file: a b  ->  mapping: a b */
static void private_mapping_reads_the_file_body(void)
{
	int fd = scratch_file(0, 2 * PAGE_SZ, 'a');
	char *p;

	REQUIRE(fd >= 0);
	REQUIRE(pwrite_page(fd, 1, 'b'));
	p = map_fd(2 * PAGE_SZ, PROT_READ, MAP_PRIVATE, fd, 0);
	REQUIRE(p != MAP_FAILED);
	EXPECT_EQ(count_not(p, PAGE_SZ, 'a'), 0);
	EXPECT_EQ(count_not(p + PAGE_SZ, PAGE_SZ, 'b'), 0);
}
SCRATCH_CASE(private_mapping_reads_the_file)

/* mapping: x x   file (read, pread, a new mapping): a a */
static void private_write_does_not_reach_the_file_body(void)
{
	int fd = scratch_file(0, 2 * PAGE_SZ, 'a');
	char buf[PAGE_SZ], *p, *q;

	REQUIRE(fd >= 0);
	p = map_fd(2 * PAGE_SZ, RW, MAP_PRIVATE, fd, 0);
	REQUIRE(p != MAP_FAILED);
	memset(p, 'x', 2 * PAGE_SZ);
	EXPECT_EQ(count_not(p, 2 * PAGE_SZ, 'x'), 0);
	EXPECT_EQ(lseek(fd, 0, SEEK_SET), 0);
	EXPECT_EQ(read(fd, buf, sizeof(buf)), (ssize_t)sizeof(buf));
	EXPECT_EQ(count_not(buf, sizeof(buf), 'a'), 0);
	EXPECT_EQ(file_count_not(fd, 1, 'a'), 0);
	q = map_fd(2 * PAGE_SZ, PROT_READ, MAP_SHARED, fd, 0);
	REQUIRE(q != MAP_FAILED);
	EXPECT_EQ(count_not(q, 2 * PAGE_SZ, 'a'), 0);
}
SCRATCH_CASE(private_write_does_not_reach_the_file)

/*
 * read:  present, file page (bit 61)
 * write: present, anonymous (bit 61 clear), exclusive (bit 56), new frame
 */
static void private_first_write_makes_a_copy_body(void)
{
	int fd = scratch_file(0, PAGE_SZ, 'a');
	uint64_t e = 0;
	uint64_t pfn_file, pfn_copy;
	char *p;

	REQUIRE(fd >= 0);
	p = map_fd(PAGE_SZ, RW, MAP_PRIVATE, fd, 0);
	REQUIRE(p != MAP_FAILED);
	EXPECT_EQ(*(volatile char *)p, 'a');
	REQUIRE_OK(pagemap_entry(p, &e));
	EXPECT(e & PM_PRESENT);
	EXPECT(e & PM_FILE);
	pfn_file = e & PM_PFN_MASK;
	p[0] = 'x';
	REQUIRE_OK(pagemap_entry(p, &e));
	EXPECT(e & PM_PRESENT);
	EXPECT_EQ(e & PM_FILE, 0);
	EXPECT(e & PM_EXCLUSIVE);
	pfn_copy = e & PM_PFN_MASK;
	if (pfn_file != 0) /* Linux hides frame numbers from non-root */
		EXPECT_NE(pfn_copy, pfn_file);
	EXPECT_EQ(p[0], 'x');
	EXPECT_EQ(count_not(p + 1, PAGE_SZ - 1, 'a'), 0);
	EXPECT_EQ(file_count_not(fd, 0, 'a'), 0);
}
SCRATCH_CASE(private_first_write_makes_a_copy)

/*
 * mapping x (a private copy), file a --pwrite n--> mapping x, file n
 *                                   --DONTNEED-->  mapping n
 */
static void private_dontneed_shows_the_current_file_body(void)
{
	int fd = scratch_file(0, PAGE_SZ, 'a');
	char *p;

	REQUIRE(fd >= 0);
	p = map_fd(PAGE_SZ, RW, MAP_PRIVATE, fd, 0);
	REQUIRE(p != MAP_FAILED);
	memset(p, 'x', PAGE_SZ);
	REQUIRE(pwrite_page(fd, 0, 'n'));
	EXPECT_EQ(count_not(p, PAGE_SZ, 'x'), 0);
	EXPECT_OK(madvise(p, PAGE_SZ, MADV_DONTNEED));
	EXPECT_EQ(count_not(p, PAGE_SZ, 'n'), 0);
	/* A new write copies the new contents. */
	p[0] = 'y';
	EXPECT_EQ(count_not(p + 1, PAGE_SZ - 1, 'n'), 0);
	EXPECT_EQ(file_count_not(fd, 0, 'n'), 0);
}
SCRATCH_CASE(private_dontneed_shows_the_current_file)

/*
 * page 0 read, page 1 untouched, page 2 written privately; pwrite n over
 * all three:  n n x.  Only a private copy stops following the file.
 */
static void private_unwritten_pages_follow_the_file_body(void)
{
	int fd = scratch_file(0, 3 * PAGE_SZ, 'a');
	char *p;

	REQUIRE(fd >= 0);
	p = map_fd(3 * PAGE_SZ, RW, MAP_PRIVATE, fd, 0);
	REQUIRE(p != MAP_FAILED);
	EXPECT_EQ(*(volatile char *)p, 'a');
	memset(p + 2 * PAGE_SZ, 'x', PAGE_SZ);
	for (size_t i = 0; i < 3; i++)
		REQUIRE(pwrite_page(fd, i, 'n'));
	EXPECT_EQ(count_not(p, PAGE_SZ, 'n'), 0);
	EXPECT_EQ(count_not(p + PAGE_SZ, PAGE_SZ, 'n'), 0);
	EXPECT_EQ(count_not(p + 2 * PAGE_SZ, PAGE_SZ, 'x'), 0);
}
SCRATCH_CASE(private_unwritten_pages_follow_the_file)

static void child_writes_c(void *p)
{
	memset(p, 'c', PAGE_SZ);
	EXPECT_EQ(count_not(p, PAGE_SZ, 'c'), 0);
}

/* A child's private writes reach neither the parent nor the file. */
static void private_file_mapping_is_private_after_fork_body(void)
{
	int fd = scratch_file(0, PAGE_SZ, 'a');
	char *p;

	REQUIRE(fd >= 0);
	p = map_fd(PAGE_SZ, RW, MAP_PRIVATE, fd, 0);
	REQUIRE(p != MAP_FAILED);
	EXPECT_EQ(*(volatile char *)p, 'a');
	EXPECT_SURVIVES(child_writes_c, p);
	EXPECT_EQ(count_not(p, PAGE_SZ, 'a'), 0);
	EXPECT_EQ(file_count_not(fd, 0, 'a'), 0);
}
SCRATCH_CASE(private_file_mapping_is_private_after_fork)

/* ---- MAP_SHARED ----------------------------------------------------- */

static void shared_stores_reach_the_file_at_once_body(void)
{
	int fd = scratch_file(0, 2 * PAGE_SZ, 'a');
	char path[96], *p;
	int fd2;

	REQUIRE(fd >= 0);
	p = map_fd(2 * PAGE_SZ, RW, MAP_SHARED, fd, 0);
	REQUIRE(p != MAP_FAILED);
	memset(p + PAGE_SZ, 's', PAGE_SZ);
	EXPECT_EQ(file_count_not(fd, 0, 'a'), 0);
	EXPECT_EQ(file_count_not(fd, 1, 's'), 0);
	fd2 = open(scratch_path(path, sizeof(path), 0), O_RDONLY);
	REQUIRE(fd2 >= 0);
	EXPECT_EQ(file_count_not(fd2, 1, 's'), 0);
}
SCRATCH_CASE(shared_stores_reach_the_file_at_once)

static void shared_mapping_sees_pwrite_body(void)
{
	int fd = scratch_file(0, 2 * PAGE_SZ, 'a');
	char *p;

	REQUIRE(fd >= 0);
	p = map_fd(2 * PAGE_SZ, PROT_READ, MAP_SHARED, fd, 0);
	REQUIRE(p != MAP_FAILED);
	EXPECT_EQ(*(volatile char *)p, 'a');
	REQUIRE(pwrite_page(fd, 0, 'w'));
	REQUIRE(pwrite_page(fd, 1, 'v'));
	EXPECT_EQ(count_not(p, PAGE_SZ, 'w'), 0);
	EXPECT_EQ(count_not(p + PAGE_SZ, PAGE_SZ, 'v'), 0);
}
SCRATCH_CASE(shared_mapping_sees_pwrite)

static void shared_dontneed_keeps_the_data_body(void)
{
	int fd = scratch_file(0, 2 * PAGE_SZ, 'a');
	uint64_t e = 0;
	char *p;

	REQUIRE(fd >= 0);
	p = map_fd(2 * PAGE_SZ, RW, MAP_SHARED, fd, 0);
	REQUIRE(p != MAP_FAILED);
	memset(p, 'd', 2 * PAGE_SZ);
	REQUIRE_OK(pagemap_entry(p, &e));
	EXPECT(e & PM_PRESENT);
	EXPECT(e & PM_FILE);
	EXPECT_OK(madvise(p, 2 * PAGE_SZ, MADV_DONTNEED));
	EXPECT_EQ(count_not(p, 2 * PAGE_SZ, 'd'), 0);
	EXPECT_EQ(file_count_not(fd, 1, 'd'), 0);
}
SCRATCH_CASE(shared_dontneed_keeps_the_data)

/* Three views of one page: two mappings of fd, one of another open. */
static void two_shared_mappings_see_each_other_body(void)
{
	int fd = scratch_file(0, PAGE_SZ, 'a');
	char path[96], *p, *q, *r;
	int fd2;

	REQUIRE(fd >= 0);
	fd2 = open(scratch_path(path, sizeof(path), 0), O_RDWR);
	REQUIRE(fd2 >= 0);
	p = map_fd(PAGE_SZ, RW, MAP_SHARED, fd, 0);
	q = map_fd(PAGE_SZ, RW, MAP_SHARED, fd, 0);
	r = map_fd(PAGE_SZ, RW, MAP_SHARED, fd2, 0);
	REQUIRE(p != MAP_FAILED && q != MAP_FAILED && r != MAP_FAILED);
	REQUIRE(p != q);
	p[10] = 'p';
	EXPECT_EQ(q[10], 'p');
	EXPECT_EQ(r[10], 'p');
	r[20] = 'r';
	EXPECT_EQ(p[20], 'r');
	EXPECT_EQ(q[20], 'r');
	if (pagemap_pfn(p) != 0) {
		EXPECT_EQ(pagemap_pfn(q), pagemap_pfn(p));
		EXPECT_EQ(pagemap_pfn(r), pagemap_pfn(p));
	}
}
SCRATCH_CASE(two_shared_mappings_see_each_other)

static void child_writes_z_at_100(void *p)
{
	((char *)p)[100] = 'z';
}

static void shared_file_mapping_is_shared_with_a_child_body(void)
{
	int fd = scratch_file(0, PAGE_SZ, 'a');
	char *p, c = 0;

	REQUIRE(fd >= 0);
	p = map_fd(PAGE_SZ, RW, MAP_SHARED, fd, 0);
	REQUIRE(p != MAP_FAILED);
	EXPECT_EQ(*(volatile char *)p, 'a');
	EXPECT_SURVIVES(child_writes_z_at_100, p);
	EXPECT_EQ(p[100], 'z');
	EXPECT_EQ(pread(fd, &c, 1, 100), 1);
	EXPECT_EQ(c, 'z');
}
SCRATCH_CASE(shared_file_mapping_is_shared_with_a_child)

/* close + unlink: the mapping still holds the file; maps says (deleted). */
static void shared_mapping_survives_close_and_unlink_body(void)
{
	int fd = scratch_file(0, 2 * PAGE_SZ, 'a');
	char path[96], name[128];
	struct maps_line ml;
	struct stat st;
	char *p;

	REQUIRE(fd >= 0);
	scratch_path(path, sizeof(path), 0);
	p = map_fd(2 * PAGE_SZ, RW, MAP_SHARED, fd, 0);
	REQUIRE(p != MAP_FAILED);
	p[0] = 'b';
	REQUIRE_OK(close(fd));
	REQUIRE_OK(unlink(path));
	EXPECT_ERRNO(stat(path, &st), ENOENT);
	EXPECT_EQ(p[0], 'b');
	EXPECT_EQ(count_not(p + 1, 2 * PAGE_SZ - 1, 'a'), 0);
	p[PAGE_SZ] = 'c';
	EXPECT_EQ(p[PAGE_SZ], 'c');
	REQUIRE_OK(maps_load(&maps));
	REQUIRE(maps_find(&maps, (unsigned long)p, &ml));
	snprintf(name, sizeof(name), "%s (deleted)", path);
	EXPECT_STREQ(ml.name, name);
	EXPECT(ml.well_formed);
	EXPECT_STREQ(ml.perms, "rw-s");
}
SCRATCH_CASE(shared_mapping_survives_close_and_unlink)

/* ---- offsets and the end of the file ---------------------------------- */

/* file: a b c;  offset 4096 -> b c;  the maps line says 00001000 */
static void offset_maps_a_later_page_body(void)
{
	int fd = scratch_file(0, 3 * PAGE_SZ, 'a');
	struct maps_line ml;
	char *p;

	REQUIRE(fd >= 0);
	REQUIRE(pwrite_page(fd, 1, 'b'));
	REQUIRE(pwrite_page(fd, 2, 'c'));
	p = map_fd(2 * PAGE_SZ, PROT_READ, MAP_SHARED, fd, PAGE_SZ);
	REQUIRE(p != MAP_FAILED);
	EXPECT_EQ(count_not(p, PAGE_SZ, 'b'), 0);
	EXPECT_EQ(count_not(p + PAGE_SZ, PAGE_SZ, 'c'), 0);
	REQUIRE_OK(maps_load(&maps));
	REQUIRE(maps_find(&maps, (unsigned long)p, &ml));
	EXPECT_EQ(ml.offset, PAGE_SZ);
	EXPECT(strstr(ml.text, " 00001000 ") != NULL);
	REQUIRE_OK(munmap(p, 2 * PAGE_SZ));
	p = map_fd(PAGE_SZ, PROT_READ, MAP_PRIVATE, fd, 2 * PAGE_SZ);
	REQUIRE(p != MAP_FAILED);
	EXPECT_EQ(count_not(p, PAGE_SZ, 'c'), 0);
}
SCRATCH_CASE(offset_maps_a_later_page)

static void unaligned_offset_is_einval_body(void)
{
	int fd = scratch_file(0, 2 * PAGE_SZ, 'a');

	REQUIRE(fd >= 0);
	EXPECT_ERRNO(map_fd(PAGE_SZ, PROT_READ, MAP_SHARED, fd, 1), EINVAL);
	EXPECT_ERRNO(map_fd(PAGE_SZ, PROT_READ, MAP_PRIVATE, fd, 100), EINVAL);
	EXPECT_ERRNO(map_fd(PAGE_SZ, PROT_READ, MAP_PRIVATE, fd, PAGE_SZ - 1),
		     EINVAL);
	EXPECT_ERRNO(map_fd(PAGE_SZ, RW, MAP_SHARED, fd, PAGE_SZ + 512),
		     EINVAL);
}
SCRATCH_CASE(unaligned_offset_is_einval)

/* A 100-byte file in a page: 100 bytes of it, then zeros to the end. */
static void partial_last_page_reads_zeros_past_eof_body(void)
{
	int fd = scratch_file(0, 100, 'p');
	char *s, *q;

	REQUIRE(fd >= 0);
	s = map_fd(PAGE_SZ, PROT_READ, MAP_SHARED, fd, 0);
	q = map_fd(PAGE_SZ, RW, MAP_PRIVATE, fd, 0);
	REQUIRE(s != MAP_FAILED && q != MAP_FAILED);
	EXPECT_EQ(count_not(s, 100, 'p'), 0);
	EXPECT_EQ(count_not(s + 100, PAGE_SZ - 100, 0), 0);
	EXPECT_EQ(count_not(q, 100, 'p'), 0);
	EXPECT_EQ(count_not(q + 100, PAGE_SZ - 100, 0), 0);
	q[PAGE_SZ - 1] = 'q'; /* a private copy of the tail, too */
	EXPECT_EQ(count_not(q + 100, PAGE_SZ - 101, 0), 0);
	EXPECT_EQ(count_not(s + 100, PAGE_SZ - 100, 0), 0);
}
SCRATCH_CASE(partial_last_page_reads_zeros_past_eof)

/* Stores past EOF in the last page stay in memory: the size stays 100. */
static void writing_the_tail_does_not_grow_the_file_body(void)
{
	int fd = scratch_file(0, 100, 'p');
	char buf[PAGE_SZ];
	struct stat st;
	char *p;

	REQUIRE(fd >= 0);
	p = map_fd(PAGE_SZ, RW, MAP_SHARED, fd, 0);
	REQUIRE(p != MAP_FAILED);
	memset(p + 100, 't', PAGE_SZ - 100);
	EXPECT_EQ(p[PAGE_SZ - 1], 't');
	REQUIRE_OK(fstat(fd, &st));
	EXPECT_EQ(st.st_size, 100);
	EXPECT_EQ(pread(fd, buf, sizeof(buf), 0), 100);
	EXPECT_EQ(count_not(buf, 100, 'p'), 0);
	EXPECT_EQ(pread(fd, buf, sizeof(buf), 100), 0);
	EXPECT_OK(msync(p, PAGE_SZ, MS_SYNC));
	REQUIRE_OK(fstat(fd, &st));
	EXPECT_EQ(st.st_size, 100);
}
SCRATCH_CASE(writing_the_tail_does_not_grow_the_file)

/*
 *  file:    [a]            1 page
 *  mapping: [a][B][B]      B: beyond EOF, SIGBUS on any touch
 *  ftruncate(3 pages):  [a][0][0]
 */
static void pages_past_eof_are_sigbus_until_the_file_grows_body(void)
{
	int fd = scratch_file(0, PAGE_SZ, 'a');
	char *s, *q, c = 0;

	REQUIRE(fd >= 0);
	s = map_fd(3 * PAGE_SZ, RW, MAP_SHARED, fd, 0);
	q = map_fd(3 * PAGE_SZ, RW, MAP_PRIVATE, fd, 0);
	REQUIRE(s != MAP_FAILED && q != MAP_FAILED);
	EXPECT_EQ(s[0], 'a');
	EXPECT_EQ(q[0], 'a');
	EXPECT_SIGNAL(read_probe, s + PAGE_SZ, SIGBUS);
	EXPECT_SIGNAL(read_probe, s + 2 * PAGE_SZ, SIGBUS);
	EXPECT_SIGNAL(write_probe, s + 2 * PAGE_SZ, SIGBUS);
	EXPECT_SIGNAL(read_probe, q + 2 * PAGE_SZ, SIGBUS);
	EXPECT_SIGNAL(write_probe, q + 2 * PAGE_SZ, SIGBUS);
	REQUIRE_OK(ftruncate(fd, 3 * PAGE_SZ));
	EXPECT_SURVIVES(read_probe, s + 2 * PAGE_SZ);
	EXPECT_EQ(count_not(s + PAGE_SZ, 2 * PAGE_SZ, 0), 0);
	EXPECT_EQ(count_not(q + PAGE_SZ, 2 * PAGE_SZ, 0), 0);
	s[2 * PAGE_SZ + 5] = 'g';
	EXPECT_EQ(pread(fd, &c, 1, 2 * PAGE_SZ + 5), 1);
	EXPECT_EQ(c, 'g');
	EXPECT_EQ(q[2 * PAGE_SZ + 5], 'g'); /* untouched: follows the file */
	q[2 * PAGE_SZ] = 'h';
	EXPECT_EQ(s[2 * PAGE_SZ], 0);
}
SCRATCH_CASE(pages_past_eof_are_sigbus_until_the_file_grows)

/* An offset past EOF maps fine; only a touch fails. */
static void mapping_wholly_past_eof_maps_but_touch_is_sigbus_body(void)
{
	int fd = scratch_file(0, PAGE_SZ, 'a');
	char *p;

	REQUIRE(fd >= 0);
	p = map_fd(PAGE_SZ, PROT_READ, MAP_SHARED, fd, 4 * PAGE_SZ);
	REQUIRE(p != MAP_FAILED);
	EXPECT_SIGNAL(read_probe, p, SIGBUS);
}
SCRATCH_CASE(mapping_wholly_past_eof_maps_but_touch_is_sigbus)

/*
 * Shrinking a mapped file: the pages past the new EOF leave every mapping,
 * shared or privately copied, and a touch is SIGBUS.
 *   [a][a] --ftruncate(1 page)--> [a][B]
 */
static void truncate_makes_mapped_pages_past_eof_sigbus_body(void)
{
	int fd = scratch_file(0, 2 * PAGE_SZ, 'a');
	char *s, *q;

	REQUIRE(fd >= 0);
	s = map_fd(2 * PAGE_SZ, RW, MAP_SHARED, fd, 0);
	q = map_fd(2 * PAGE_SZ, RW, MAP_PRIVATE, fd, 0);
	REQUIRE(s != MAP_FAILED && q != MAP_FAILED);
	EXPECT_EQ(count_not(s, 2 * PAGE_SZ, 'a'), 0);
	q[PAGE_SZ] = 'x'; /* a private copy of page 1 */
	REQUIRE_OK(ftruncate(fd, PAGE_SZ));
	EXPECT_EQ(s[0], 'a');
	EXPECT_EQ(q[0], 'a');
	EXPECT_SIGNAL(read_probe, s + PAGE_SZ, SIGBUS);
	EXPECT_SIGNAL(read_probe, q + PAGE_SZ, SIGBUS);
}
SCRATCH_CASE(truncate_makes_mapped_pages_past_eof_sigbus)

/* Truncated to 0 and grown back: the mapping shows the new zeros. */
static void truncate_and_regrow_shows_zeros_in_the_mapping_body(void)
{
	int fd = scratch_file(0, 2 * PAGE_SZ, 'a');
	char *s, c = 0;

	REQUIRE(fd >= 0);
	s = map_fd(2 * PAGE_SZ, RW, MAP_SHARED, fd, 0);
	REQUIRE(s != MAP_FAILED);
	EXPECT_EQ(count_not(s, 2 * PAGE_SZ, 'a'), 0);
	REQUIRE_OK(ftruncate(fd, 0));
	REQUIRE_OK(ftruncate(fd, 2 * PAGE_SZ));
	EXPECT_EQ(count_not(s, 2 * PAGE_SZ, 0), 0);
	s[PAGE_SZ + 1] = 'm';
	EXPECT_EQ(pread(fd, &c, 1, PAGE_SZ + 1), 1);
	EXPECT_EQ(c, 'm');
}
SCRATCH_CASE(truncate_and_regrow_shows_zeros_in_the_mapping)

/* ---- descriptors and permissions --------------------------------------- */

static int reopen(int i, int flags)
{
	char path[96];

	return open(scratch_path(path, sizeof(path), i), flags);
}

static void rdonly_fd_shared_writable_is_eacces_body(void)
{
	int fd = scratch_file(0, PAGE_SZ, 'a');
	int ro = reopen(0, O_RDONLY);

	REQUIRE(fd >= 0 && ro >= 0);
	EXPECT_ERRNO(map_fd(PAGE_SZ, RW, MAP_SHARED, ro, 0), EACCES);
	EXPECT_ERRNO(map_fd(PAGE_SZ, PROT_WRITE, MAP_SHARED, ro, 0), EACCES);
}
SCRATCH_CASE(rdonly_fd_shared_writable_is_eacces)

/* A private mapping never writes the file: O_RDONLY is enough. */
static void rdonly_fd_private_writable_is_ok_body(void)
{
	int fd = scratch_file(0, PAGE_SZ, 'a');
	int ro = reopen(0, O_RDONLY);
	char *p;

	REQUIRE(fd >= 0 && ro >= 0);
	p = map_fd(PAGE_SZ, RW, MAP_PRIVATE, ro, 0);
	REQUIRE(p != MAP_FAILED);
	memset(p, 'w', PAGE_SZ);
	EXPECT_EQ(count_not(p, PAGE_SZ, 'w'), 0);
	EXPECT_EQ(file_count_not(fd, 0, 'a'), 0);
	/* mprotect can make a private read-only mapping writable, too. */
	p = map_fd(PAGE_SZ, PROT_READ, MAP_PRIVATE, ro, 0);
	REQUIRE(p != MAP_FAILED);
	EXPECT_OK(mprotect(p, PAGE_SZ, RW));
	p[0] = 'm';
	EXPECT_EQ(file_count_not(fd, 0, 'a'), 0);
}
SCRATCH_CASE(rdonly_fd_private_writable_is_ok)

/* VM_MAYWRITE is decided at mmap time, by the descriptor. */
static void rdonly_fd_shared_mprotect_write_is_eacces_body(void)
{
	int fd = scratch_file(0, PAGE_SZ, 'a');
	int ro = reopen(0, O_RDONLY);
	struct maps_line ml;
	char *p;

	REQUIRE(fd >= 0 && ro >= 0);
	p = map_fd(PAGE_SZ, PROT_READ, MAP_SHARED, ro, 0);
	REQUIRE(p != MAP_FAILED);
	EXPECT_ERRNO(mprotect(p, PAGE_SZ, RW), EACCES);
	EXPECT_ERRNO(mprotect(p, PAGE_SZ, PROT_WRITE), EACCES);
	EXPECT_OK(mprotect(p, PAGE_SZ, PROT_NONE));
	EXPECT_OK(mprotect(p, PAGE_SZ, PROT_READ));
	EXPECT_EQ(p[0], 'a');
	REQUIRE_OK(maps_load(&maps));
	REQUIRE(maps_find(&maps, (unsigned long)p, &ml));
	EXPECT_STREQ(ml.perms, "r--s");
	/* Closing the descriptor does not lift the ceiling. */
	REQUIRE_OK(close(ro));
	EXPECT_ERRNO(mprotect(p, PAGE_SZ, RW), EACCES);
}
SCRATCH_CASE(rdonly_fd_shared_mprotect_write_is_eacces)

/* Every mapping reads the file: a write-only descriptor maps nothing. */
static void wronly_fd_is_eacces_body(void)
{
	int fd = scratch_file(0, PAGE_SZ, 'a');
	int wo = reopen(0, O_WRONLY);

	REQUIRE(fd >= 0 && wo >= 0);
	EXPECT_ERRNO(map_fd(PAGE_SZ, PROT_READ, MAP_SHARED, wo, 0), EACCES);
	EXPECT_ERRNO(map_fd(PAGE_SZ, RW, MAP_SHARED, wo, 0), EACCES);
	EXPECT_ERRNO(map_fd(PAGE_SZ, PROT_WRITE, MAP_SHARED, wo, 0), EACCES);
	EXPECT_ERRNO(map_fd(PAGE_SZ, PROT_READ, MAP_PRIVATE, wo, 0), EACCES);
	EXPECT_ERRNO(map_fd(PAGE_SZ, PROT_NONE, MAP_PRIVATE, wo, 0), EACCES);
}
SCRATCH_CASE(wronly_fd_is_eacces)

/* A directory has no mmap: ENODEV. */
static void directory_fd_is_enodev(void)
{
	int fd = open("/tmp", O_RDONLY | O_DIRECTORY);

	REQUIRE(fd >= 0);
	EXPECT_ERRNO(map_fd(PAGE_SZ, PROT_READ, MAP_PRIVATE, fd, 0), ENODEV);
	EXPECT_ERRNO(map_fd(PAGE_SZ, PROT_READ, MAP_SHARED, fd, 0), ENODEV);
	close(fd);
}

/* Nor has a pipe. */
static void pipe_fd_is_enodev(void)
{
	int p[2];

	REQUIRE_OK(pipe(p));
	EXPECT_ERRNO(map_fd(PAGE_SZ, PROT_READ, MAP_PRIVATE, p[0], 0), ENODEV);
	EXPECT_ERRNO(map_fd(PAGE_SZ, PROT_READ, MAP_SHARED, p[0], 0), ENODEV);
	/* The write end cannot be read: the access check comes first. */
	EXPECT_ERRNO(map_fd(PAGE_SZ, PROT_READ, MAP_PRIVATE, p[1], 0), EACCES);
}

/* Without MAP_ANONYMOUS the descriptor must be open. */
static void bad_fd_is_ebadf(void)
{
	int fd = open("/dev/null", O_RDONLY);

	REQUIRE(fd >= 0);
	REQUIRE_OK(close(fd));
	EXPECT_ERRNO(map_fd(PAGE_SZ, PROT_READ, MAP_PRIVATE, -1, 0), EBADF);
	EXPECT_ERRNO(map_fd(PAGE_SZ, PROT_READ, MAP_SHARED, -1, 0), EBADF);
	EXPECT_ERRNO(map_fd(PAGE_SZ, PROT_READ, MAP_PRIVATE, fd, 0), EBADF);
	EXPECT_ERRNO(map_fd(PAGE_SZ, PROT_READ, MAP_SHARED, 1 << 20, 0), EBADF);
}

/* ---- /proc/self/maps --------------------------------------------------- */

/*
 * "7f..-7f.. r--s 00001000 MM:mm INODE          /tmp/t_filemap.P.0":
 * offset in 8 hex digits, st_dev as hex major:minor, st_ino in decimal,
 * the absolute path from column 73.
 */
static void expect_file_line(unsigned long addr, const char *perms,
			     unsigned long long offset, const struct stat *st,
			     const char *path)
{
	struct maps_line ml;

	REQUIRE_OK(maps_load(&maps));
	if (!maps_find(&maps, addr, &ml)) {
		UTEST_FAIL("no maps line holds 0x%lx", addr);
		return;
	}
	EXPECT(ml.well_formed);
	EXPECT_STREQ(ml.perms, perms);
	EXPECT_EQ(ml.offset, offset);
	EXPECT_EQ(ml.major, dev_major(st->st_dev));
	EXPECT_EQ(ml.minor, dev_minor(st->st_dev));
	EXPECT_EQ(ml.inode, st->st_ino);
	EXPECT_STREQ(ml.name, path);
	EXPECT_EQ(ml.name - ml.text, MAPS_NAME_COL);
	if (utest_failed)
		printf("#   line: \"%s\"\n", ml.text);
}

static void maps_line_names_the_file_body(void)
{
	int fd = scratch_file(0, 3 * PAGE_SZ, 'a');
	char path[96], *p, *q;
	struct stat st;

	REQUIRE(fd >= 0);
	REQUIRE_OK(fstat(fd, &st));
	scratch_path(path, sizeof(path), 0);
	p = map_fd(2 * PAGE_SZ, PROT_READ, MAP_SHARED, fd, PAGE_SZ);
	q = map_fd(PAGE_SZ, RW, MAP_PRIVATE, fd, 0);
	REQUIRE(p != MAP_FAILED && q != MAP_FAILED);
	expect_file_line((unsigned long)p, "r--s", PAGE_SZ, &st, path);
	expect_file_line((unsigned long)q, "rw-p", 0, &st, path);
	q[0] = 'x'; /* a private copy changes nothing in the line */
	expect_file_line((unsigned long)q, "rw-p", 0, &st, path);
}
SCRATCH_CASE(maps_line_names_the_file)

/* Opened by a relative name: maps still shows the absolute path. */
static void maps_path_is_absolute_after_relative_open_body(void)
{
	char path[96];
	struct stat st;
	char *p;
	int fd;

	scratch_path(path, sizeof(path), 0);
	REQUIRE_OK(chdir("/tmp"));
	fd = open(path + strlen("/tmp/"), O_RDWR | O_CREAT, 0600);
	REQUIRE(fd >= 0);
	REQUIRE_OK(ftruncate(fd, PAGE_SZ));
	REQUIRE_OK(fstat(fd, &st));
	p = map_fd(PAGE_SZ, PROT_READ, MAP_SHARED, fd, 0);
	REQUIRE(p != MAP_FAILED);
	REQUIRE_OK(chdir("/"));
	expect_file_line((unsigned long)p, "r--s", 0, &st, path);
}
SCRATCH_CASE(maps_path_is_absolute_after_relative_open)

/* ---- the life of an unlinked file ------------------------------------ */

#define UNLINKED_PAGES 64

/*
 * Makes a file of UNLINKED_PAGES pages, maps it shared and private (with
 * a private copy of every other page), unlinks it, and lets go of the
 * descriptor and the mappings in the given order.  Returns MemFree (kB)
 * while only the last holder remains, or -1.
 */
static long unlinked_file_round(int close_last)
{
	size_t len = UNLINKED_PAGES * PAGE_SZ;
	char path[96], *s, *q;
	long held;
	int fd;

	fd = scratch_file(0, len, 'u');
	if (fd < 0)
		return -1;
	s = map_fd(len, RW, MAP_SHARED, fd, 0);
	q = map_fd(len, RW, MAP_PRIVATE, fd, 0);
	if (s == MAP_FAILED || q == MAP_FAILED)
		return -1;
	for (size_t i = 0; i < UNLINKED_PAGES; i += 2)
		q[i * PAGE_SZ] = 'q';
	EXPECT_EQ(s[len - 1], 'u');
	EXPECT_OK(unlink(scratch_path(path, sizeof(path), 0)));
	EXPECT_OK(munmap(q, len));
	if (close_last) {
		EXPECT_OK(munmap(s, len));
		held = mem_free_kb();
		EXPECT_OK(close(fd));
	} else {
		EXPECT_OK(close(fd));
		EXPECT_EQ(count_not(s, len, 'u'), 0);
		held = mem_free_kb();
		EXPECT_OK(munmap(s, len));
	}
	return held;
}

/*
 * An unlinked file is memory until its last descriptor and mapping go;
 * then every page comes back.  MemFree is exact on tide only; a first
 * round warms up what a round allocates once (stack pages, buffers).
 */
static void unlinked_file_memory_is_freed_with_its_last_user_body(void)
{
	int tide = on_tide();

	for (int close_last = 0; close_last < 2; close_last++) {
		long before, held, after;

		REQUIRE(unlinked_file_round(close_last) != -1);
		before = mem_free_kb();
		held = unlinked_file_round(close_last);
		after = mem_free_kb();
		REQUIRE(held != -1);
		if (!tide)
			continue; /* Linux's MemFree moves with the machine */
		EXPECT_GE(before - held, UNLINKED_PAGES * 4);
		EXPECT_EQ(after, before);
	}
}
SCRATCH_CASE(unlinked_file_memory_is_freed_with_its_last_user)

static const struct utest_case cases[] = {
    UTEST(private_mapping_reads_the_file),
    UTEST(private_write_does_not_reach_the_file),
    UTEST(private_first_write_makes_a_copy),
    UTEST(private_dontneed_shows_the_current_file),
    UTEST(private_unwritten_pages_follow_the_file),
    UTEST(private_file_mapping_is_private_after_fork),
    UTEST(shared_stores_reach_the_file_at_once),
    UTEST(shared_mapping_sees_pwrite),
    UTEST(shared_dontneed_keeps_the_data),
    UTEST(two_shared_mappings_see_each_other),
    UTEST(shared_file_mapping_is_shared_with_a_child),
    UTEST(shared_mapping_survives_close_and_unlink),
    UTEST(offset_maps_a_later_page),
    UTEST(unaligned_offset_is_einval),
    UTEST(partial_last_page_reads_zeros_past_eof),
    UTEST(writing_the_tail_does_not_grow_the_file),
    UTEST(pages_past_eof_are_sigbus_until_the_file_grows),
    UTEST(mapping_wholly_past_eof_maps_but_touch_is_sigbus),
    UTEST(truncate_makes_mapped_pages_past_eof_sigbus),
    UTEST(truncate_and_regrow_shows_zeros_in_the_mapping),
    UTEST(rdonly_fd_shared_writable_is_eacces),
    UTEST(rdonly_fd_private_writable_is_ok),
    UTEST(rdonly_fd_shared_mprotect_write_is_eacces),
    UTEST(wronly_fd_is_eacces),
    UTEST(directory_fd_is_enodev),
    UTEST(pipe_fd_is_enodev),
    UTEST(bad_fd_is_ebadf),
    UTEST(maps_line_names_the_file),
    UTEST(maps_path_is_absolute_after_relative_open),
    UTEST(unlinked_file_memory_is_freed_with_its_last_user),
};

int main(void)
{
	scratch_prog = "t_filemap";
	return utest_main(cases, UTEST_COUNT(cases));
}
