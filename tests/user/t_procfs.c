/*
 * t_procfs.c - the /proc files tide's memory experiments read.
 *
 * /proc/<pid>/maps, status, statm, /proc/meminfo and /proc/<pid>/pagemap:
 * their exact text formats (LINUX-ABI.md), that they agree with each other
 * and with what the process did, and that they read the same however the
 * reader splits its read() calls.  Parsing is by hand (uproc.h); a line is
 * checked by printing the expected text with snprintf and comparing.
 */
#include "utest.h"
#include "uproc.h"

#include <stdint.h>
#include <sys/stat.h>

#define RW (PROT_READ | PROT_WRITE)

/*
 * statm's resident count may lag: Linux (6.2 and later) keeps RSS counters
 * per CPU and statm reads them without summing, unlike status' VmRSS.  The
 * error is below a per-CPU batch (32 pages or more) per counter and CPU.
 */
#define STATM_SLACK_PAGES 512

static const char *self_path; /* argv[0], or /proc/self/exe */
static struct maps maps, maps2;
static char text[16384], text2[16384];

/* The part of path after its last '/'. */
static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* Copies the line of text starting at key ("Key:") into line. */
static int find_line(const char *txt, const char *key, char *line, size_t cap)
{
	const char *v = proc_field(txt, key);
	const char *start, *nl;
	size_t len;

	if (!v)
		return -1;
	start = v - strlen(key) - 1;
	nl = strchr(start, '\n');
	len = nl ? (size_t)(nl - start) : strlen(start);
	if (len >= cap)
		return -1;
	memcpy(line, start, len);
	line[len] = '\0';
	return 0;
}

/* /proc/self/statm as its seven numbers; returns how many were read. */
static int read_statm(unsigned long v[7])
{
	if (proc_read("/proc/self/statm", text2, sizeof(text2)) < 0)
		return -1;
	return sscanf(text2, "%lu %lu %lu %lu %lu %lu %lu", &v[0], &v[1], &v[2],
		      &v[3], &v[4], &v[5], &v[6]);
}

static void maps_every_line_is_well_formed(void)
{
	unsigned long prev_end = 0;
	struct maps_line ml;
	int n = 0;

	REQUIRE_OK(maps_load(&maps));
	for (const char *p = maps_next(maps.text, &ml); p;
	     p = maps_next(p, &ml)) {
		n++;
		if (!ml.well_formed)
			UTEST_FAIL("malformed maps line \"%s\"", ml.text);
		EXPECT_LT(ml.start, ml.end);
		EXPECT_EQ(ml.start % PAGE_SZ, 0);
		EXPECT_EQ(ml.end % PAGE_SZ, 0);
		if (ml.start < prev_end) /* sorted, no overlap */
			UTEST_FAIL("line \"%s\" overlaps or is out of order",
				   ml.text);
		EXPECT(strchr("r-", ml.perms[0]) && strchr("w-", ml.perms[1]) &&
		       strchr("x-", ml.perms[2]) && strchr("ps", ml.perms[3]));
		prev_end = ml.end;
	}
	EXPECT_GE(n, 3);
	EXPECT_EQ(maps.text[maps.len - 1], '\n');
}

/* Reads path with read() calls of chunk bytes into buf; returns length. */
static long read_in_chunks(const char *path, char *buf, size_t cap,
			   size_t chunk)
{
	int fd = open(path, O_RDONLY);
	long len = 0, n;

	if (fd < 0)
		return -1;
	while ((size_t)len + chunk < cap &&
	       (n = read(fd, buf + len, chunk)) > 0)
		len += n;
	close(fd);
	return len;
}

static void maps_small_reads_match_one_big_read(void)
{
	static const size_t chunks[] = {1, 7, 100, 4096};
	long len;

	REQUIRE_OK(maps_load(&maps));
	for (int i = 0; i < 4; i++) {
		len = read_in_chunks("/proc/self/maps", text, sizeof(text),
				     chunks[i]);
		EXPECT_EQ(len, maps.len);
		EXPECT(len == maps.len && memcmp(text, maps.text, len) == 0);
	}
}

static void maps_reread_after_lseek_is_the_same(void)
{
	int fd = open("/proc/self/maps", O_RDONLY);
	long n1, n2;

	REQUIRE(fd >= 0);
	n1 = read(fd, text, sizeof(text));
	EXPECT_GT(n1, 0);
	EXPECT_EQ(read(fd, text2, sizeof(text2)), 0); /* then EOF */
	EXPECT_EQ(lseek(fd, 0, SEEK_SET), 0);
	n2 = read(fd, text2, sizeof(text2));
	EXPECT_EQ(n2, n1);
	EXPECT(n1 == n2 && n1 > 0 && memcmp(text, text2, n1) == 0);
	close(fd);
}

static void maps_has_the_stack(void)
{
	struct maps_line ml;
	int local = 0;

	REQUIRE_OK(maps_load(&maps));
	REQUIRE(maps_find(&maps, (unsigned long)&local, &ml));
	EXPECT_STREQ(ml.name, "[stack]");
	EXPECT_STREQ(ml.perms, "rw-p");
	EXPECT_EQ(ml.inode, 0);
	EXPECT(ml.well_formed);
	EXPECT(maps_find_name(&maps, "[stack]", &ml));
}

/* The executable's segments carry its path, device and inode. */
static void maps_names_the_executable(void)
{
	const char *base = base_name(self_path);
	int lines = 0, exec = 0;
	struct maps_line ml;
	struct stat st;

	REQUIRE_OK(stat(self_path, &st));
	REQUIRE_OK(maps_load(&maps));
	for (const char *p = maps_next(maps.text, &ml); p;
	     p = maps_next(p, &ml)) {
		const char *b = base_name(ml.name);

		if (ml.name[0] != '/' || strcmp(b, base) != 0)
			continue;
		lines++;
		exec += ml.perms[2] == 'x';
		EXPECT_EQ(ml.inode, st.st_ino);
		EXPECT_EQ(ml.major, dev_major(st.st_dev));
		EXPECT_EQ(ml.minor, dev_minor(st.st_dev));
		EXPECT_EQ(ml.name - ml.text, MAPS_NAME_COL);
	}
	EXPECT_GT(lines, 0);
	EXPECT_EQ(exec, 1);
}

static void status_has_name_and_pids(void)
{
	char line[128], want[128];

	REQUIRE(proc_read("/proc/self/status", text, sizeof(text)) > 0);
	EXPECT_EQ(strncmp(text, "Name:\t", 6), 0); /* the first line */
	REQUIRE_OK(find_line(text, "Name", line, sizeof(line)));
	/* The command name: the executable's base name, at most 15 chars. */
	snprintf(want, sizeof(want), "Name:\t%.15s", base_name(self_path));
	EXPECT_STREQ(line, want);
	REQUIRE_OK(find_line(text, "Pid", line, sizeof(line)));
	snprintf(want, sizeof(want), "Pid:\t%d", (int)getpid());
	EXPECT_STREQ(line, want);
	REQUIRE_OK(find_line(text, "PPid", line, sizeof(line)));
	snprintf(want, sizeof(want), "PPid:\t%d", (int)getppid());
	EXPECT_STREQ(line, want);
}

/* "VmRSS:\t    2016 kB": a tab, the value right-aligned in 8, " kB". */
static void status_memory_lines_format(void)
{
	static const char *keys[] = {"VmSize", "VmLck", "VmRSS", "VmData",
				     "VmStk"};
	char line[128], want[128];

	REQUIRE(proc_read("/proc/self/status", text, sizeof(text)) > 0);
	for (int i = 0; i < 5; i++) {
		if (find_line(text, keys[i], line, sizeof(line)) < 0) {
			UTEST_FAIL("no %s line", keys[i]);
			continue;
		}
		snprintf(want, sizeof(want), "%s:\t%8lu kB", keys[i],
			 strtoul(line + strlen(keys[i]) + 1, NULL, 10));
		EXPECT_STREQ(line, want);
	}
	EXPECT_GT(status_kb("VmRSS"), 0);
	EXPECT_GE(status_kb("VmSize"), status_kb("VmRSS"));
	EXPECT_EQ(status_kb("VmLck"), 0);
}

/* VmSize is the sum of all mappings; VmStk the size of [stack]. */
static void status_sizes_match_maps(void)
{
	unsigned long total = 0, stack = 0;
	struct maps_line ml;
	long vmsize, vmstk;

	REQUIRE_OK(maps_load(&maps));
	vmsize = status_kb("VmSize");
	vmstk = status_kb("VmStk");
	for (const char *p = maps_next(maps.text, &ml); p;
	     p = maps_next(p, &ml)) {
		if (ml.start >= 0x800000000000UL)
			continue; /* [vsyscall]: not a mapping of the mm */
		total += ml.end - ml.start;
		if (strcmp(ml.name, "[stack]") == 0)
			stack += ml.end - ml.start;
	}
	EXPECT_EQ(vmsize, (long)(total / 1024));
	EXPECT_EQ(vmstk, (long)(stack / 1024));
}

/*
 * VmSize counts every mapping; VmData only private writable ones.
 */
static void status_counts_new_mappings(void)
{
	static const struct {
		int prot, flags;
		long data_kb;
	} kinds[] = {
	    {RW, MAP_PRIVATE, 64},
	    {PROT_READ, MAP_PRIVATE, 0},
	    {RW, MAP_SHARED, 0},
	};

	for (int i = 0; i < 3; i++) {
		long size0 = status_kb("VmSize"), data0 = status_kb("VmData");
		char *p = mmap(NULL, 16 * PAGE_SZ, kinds[i].prot,
			       kinds[i].flags | MAP_ANONYMOUS, -1, 0);

		REQUIRE(p != MAP_FAILED);
		EXPECT_EQ(status_kb("VmSize") - size0, 64);
		EXPECT_EQ(status_kb("VmData") - data0, kinds[i].data_kb);
		REQUIRE_OK(munmap(p, 16 * PAGE_SZ));
		EXPECT_EQ(status_kb("VmSize"), size0);
		EXPECT_EQ(status_kb("VmData"), data0);
	}
}

static void statm_has_7_numbers_matching_status(void)
{
	unsigned long v[7];
	char want[256];
	long rss_pages;

	REQUIRE_EQ(read_statm(v), 7);
	snprintf(want, sizeof(want), "%lu %lu %lu %lu %lu %lu %lu\n", v[0],
		 v[1], v[2], v[3], v[4], v[5], v[6]);
	EXPECT_STREQ(text2, want);
	EXPECT_EQ(v[0] * 4, (unsigned long)status_kb("VmSize"));
	rss_pages = rss_kb() / 4;
	EXPECT_LE(labs((long)v[1] - rss_pages), STATM_SLACK_PAGES);
	EXPECT_EQ(v[5] * 4,
		  (unsigned long)(status_kb("VmData") + status_kb("VmStk")));
	EXPECT_EQ(v[4], 0); /* lib: always 0 */
	EXPECT_EQ(v[6], 0); /* dt: always 0 */
	EXPECT_LE(v[1], v[0]);
}

/* Touching 4096 pages moves VmRSS by 16 MiB and statm's resident alike. */
static void statm_resident_moves_like_vmrss(void)
{
	long npages = 4096;
	char *p = mmap(NULL, npages * PAGE_SZ, RW, MAP_PRIVATE | MAP_ANONYMOUS,
		       -1, 0);
	unsigned long v0[7], v1[7];
	long rss0, rss1;

	REQUIRE(p != MAP_FAILED);
	REQUIRE_EQ(read_statm(v0), 7);
	REQUIRE_EQ(read_statm(v0), 7);
	rss0 = rss_kb();
	memset(p, 1, npages * PAGE_SZ);
	REQUIRE_EQ(read_statm(v1), 7);
	rss1 = rss_kb();
	EXPECT_EQ(rss1 - rss0, npages * 4);
	EXPECT_LE(labs((long)(v1[1] - v0[1]) - npages), STATM_SLACK_PAGES);
	EXPECT_EQ(v1[0], v0[0]);
}

/* "MemTotal:       24683656 kB": "Key:" padded to 16, value in 8. */
static void meminfo_format(void)
{
	static const char *keys[] = {"MemTotal", "MemFree", "MemAvailable"};
	unsigned long v[3] = {0, 0, 0};
	char line[128], want[128], key[32];

	REQUIRE(proc_read("/proc/meminfo", text, sizeof(text)) > 0);
	EXPECT_EQ(strncmp(text, "MemTotal:", 9), 0); /* the first line */
	for (int i = 0; i < 3; i++) {
		if (find_line(text, keys[i], line, sizeof(line)) < 0) {
			UTEST_FAIL("no %s line", keys[i]);
			continue;
		}
		v[i] = strtoul(line + strlen(keys[i]) + 1, NULL, 10);
		snprintf(key, sizeof(key), "%s:", keys[i]);
		snprintf(want, sizeof(want), "%-16s%8lu kB", key, v[i]);
		EXPECT_STREQ(line, want);
	}
	EXPECT_GT(v[0], 0);
	EXPECT_LE(v[1], v[0]);
	EXPECT_LE(v[2], v[0]);
}

/* Bit 63: present.  Written private anon: exclusive, not a file page. */
static void pagemap_present_bit_follows_touch(void)
{
	char *p =
	    mmap(NULL, 2 * PAGE_SZ, RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *s = mmap(NULL, PAGE_SZ, RW, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	uint64_t e = 0;

	REQUIRE(p != MAP_FAILED && s != MAP_FAILED);
	REQUIRE_OK(pagemap_entry(p, &e));
	EXPECT_EQ(e & PM_PRESENT, 0);
	p[0] = 1;
	REQUIRE_OK(pagemap_entry(p, &e));
	EXPECT_NE(e & PM_PRESENT, 0);
	EXPECT_NE(e & PM_EXCLUSIVE, 0);
	EXPECT_EQ(e & (PM_FILE | PM_SWAPPED), 0);
	REQUIRE_OK(pagemap_entry(p + PAGE_SZ, &e));
	EXPECT_EQ(e & PM_PRESENT, 0);
	REQUIRE_OK(madvise(p, PAGE_SZ, MADV_DONTNEED));
	REQUIRE_OK(pagemap_entry(p, &e));
	EXPECT_EQ(e & PM_PRESENT, 0);
	/* Shared anonymous memory counts as a file (shmem) page. */
	s[0] = 1;
	REQUIRE_OK(pagemap_entry(s, &e));
	EXPECT_NE(e & PM_PRESENT, 0);
	EXPECT_NE(e & PM_FILE, 0);
	/* Nothing mapped: an all-zero entry. */
	REQUIRE_OK(munmap(p, 2 * PAGE_SZ));
	REQUIRE_OK(pagemap_entry(p, &e));
	EXPECT_EQ(e, 0);
}

/* Linux shows frame numbers only with CAP_SYS_ADMIN (root); tide always. */
static void pagemap_shows_frame_numbers(void)
{
	char *p =
	    mmap(NULL, 2 * PAGE_SZ, RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uint64_t e0 = 0, e1 = 0;

	REQUIRE(p != MAP_FAILED);
	p[0] = 1;
	p[PAGE_SZ] = 1;
	REQUIRE_OK(pagemap_entry(p, &e0));
	REQUIRE_OK(pagemap_entry(p + PAGE_SZ, &e1));
	EXPECT_NE(e0 & PM_PFN_MASK, 0);
	EXPECT_NE(e1 & PM_PFN_MASK, 0);
	EXPECT_NE(e0 & PM_PFN_MASK, e1 & PM_PFN_MASK);
}

static void hold_marker(void *fds)
{
	int *fd = fds;
	char *m =
	    mmap((void *)0x310000000000UL, PAGE_SZ, PROT_READ,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	char c = m == MAP_FAILED ? 'f' : 'm';

	close(fd[0]);
	close(fd[3]);
	EXPECT_EQ(write(fd[1], &c, 1), 1); /* tell the parent we are ready */
	EXPECT_EQ(read(fd[2], &c, 1), 1);  /* wait until it has looked */
}

/* The parent reads its child's maps and status while the child waits. */
static void child_proc_files_readable_by_parent(void)
{
	int fd[4], status;
	char path[64], want[128], line[128], c = 0;
	struct maps_line ml;
	pid_t pid;

	REQUIRE_OK(pipe(fd));
	REQUIRE_OK(pipe(fd + 2));
	pid = utest_spawn(hold_marker, fd);
	REQUIRE(pid > 0);
	close(fd[1]); /* so that a dead child means EOF, not a hang */
	close(fd[2]);
	EXPECT_EQ(read(fd[0], &c, 1), 1);
	EXPECT_EQ(c, 'm');

	EXPECT_OK(maps_load_pid(&maps, pid));
	EXPECT(maps_find(&maps, 0x310000000000UL, &ml));
	maps_anon_text(want, sizeof(want), 0x310000000000UL,
		       0x310000000000UL + PAGE_SZ, "r--p");
	EXPECT_STREQ(ml.text, want);
	REQUIRE_OK(maps_load(&maps2));
	EXPECT(!maps_find(&maps2, 0x310000000000UL, &ml));

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	EXPECT_GT(proc_read(path, text, sizeof(text)), 0);
	EXPECT_OK(find_line(text, "Pid", line, sizeof(line)));
	snprintf(want, sizeof(want), "Pid:\t%d", (int)pid);
	EXPECT_STREQ(line, want);
	EXPECT_OK(find_line(text, "PPid", line, sizeof(line)));
	snprintf(want, sizeof(want), "PPid:\t%d", (int)getpid());
	EXPECT_STREQ(line, want);

	EXPECT_EQ(write(fd[3], "g", 1), 1);
	EXPECT_EQ(waitpid(pid, &status, 0), pid);
	EXPECT_EQ(status, 0);
}

static void proc_self_is_proc_pid(void)
{
	REQUIRE_OK(maps_load(&maps));
	REQUIRE_OK(maps_load_pid(&maps2, getpid()));
	EXPECT_STREQ(maps.text, maps2.text);
}

static void proc_missing_pid_is_enoent(void)
{
	EXPECT_ERRNO(open("/proc/999999999/maps", O_RDONLY), ENOENT);
	EXPECT_ERRNO(open("/proc/self/no-such-file", O_RDONLY), ENOENT);
}

static const struct utest_case cases[] = {
    UTEST(maps_every_line_is_well_formed),
    UTEST(maps_small_reads_match_one_big_read),
    UTEST(maps_reread_after_lseek_is_the_same),
    UTEST(maps_has_the_stack),
    UTEST(maps_names_the_executable),
    UTEST(status_has_name_and_pids),
    UTEST(status_memory_lines_format),
    UTEST(status_sizes_match_maps),
    UTEST(status_counts_new_mappings),
    UTEST(statm_has_7_numbers_matching_status),
    UTEST(statm_resident_moves_like_vmrss),
    UTEST(meminfo_format),
    UTEST(pagemap_present_bit_follows_touch),
    UTEST(pagemap_shows_frame_numbers),
    UTEST(child_proc_files_readable_by_parent),
    UTEST(proc_self_is_proc_pid),
    UTEST(proc_missing_pid_is_enoent),
};

int main(int argc, char **argv)
{
	(void)argc;
	self_path = strchr(argv[0], '/') ? argv[0] : "/proc/self/exe";
	return utest_main(cases, UTEST_COUNT(cases));
}
