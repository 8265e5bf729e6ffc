/*
 * uproc.h - /proc and residency helpers for tide's user test programs.
 *
 * Memory tests look at an address space from the outside: the lines of
 * /proc/self/maps, the VmRSS of /proc/self/status, mincore() and
 * /proc/self/pagemap.  These helpers read /proc with open/read/close into
 * static buffers, never malloc or stdio, so that reading the state does not
 * change it (no new heap, no new mapping).  Only the very first read of a
 * buffer faults its pages in; rss_kb() absorbs that.
 *
 * The maps line format (LINUX-ABI.md) is rebuilt with snprintf and compared
 * byte for byte, so a line that parses but is formatted differently (no zero
 * padding, wrong name column, missing trailing space) is caught.
 *
 * Header-only; include after utest.h.
 */
#ifndef TIDE_TESTS_USER_UPROC_H
#define TIDE_TESTS_USER_UPROC_H

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* Column where a maps line's name starts (Linux pads to it). */
#define MAPS_NAME_COL 73

/*
 * Reads the whole file at path into buf (NUL-terminated).  Returns its
 * length, or -1 if it cannot be opened or is larger than cap - 1.
 */
static inline long proc_read(const char *path, char *buf, size_t cap)
{
	long len = 0, n;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -1;
	while ((n = read(fd, buf + len, cap - 1 - len)) > 0)
		len += n;
	close(fd);
	if (n < 0 || (size_t)len >= cap - 1)
		return -1;
	buf[len] = '\0';
	return len;
}

/*
 * Finds "key:" at the start of a line of text and returns a pointer just
 * after the colon, or NULL.
 */
static inline const char *proc_field(const char *text, const char *key)
{
	size_t klen = strlen(key);

	const char *p = text;

	while (p && *p) {
		if (strncmp(p, key, klen) == 0 && p[klen] == ':')
			return p + klen + 1;
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return NULL;
}

/* The value of a "Key:\t   N kB" line of /proc/self/status, or -1. */
static inline long status_kb(const char *key)
{
	static char buf[16384];
	const char *v;

	if (proc_read("/proc/self/status", buf, sizeof(buf)) < 0)
		return -1;
	v = proc_field(buf, key);
	if (!v)
		return -1;
	return strtol(v, NULL, 10);
}

/*
 * VmRSS in kB.  Reads twice so that the first-touch faults of the read
 * buffer are already counted; two calls with nothing in between agree.
 */
static inline long rss_kb(void)
{
	status_kb("VmRSS");
	return status_kb("VmRSS");
}

/* Number of resident pages in [addr, addr + npages * PAGE_SZ) by mincore,
 * or -1 with errno from mincore (ENOMEM: part of the range is unmapped). */
static inline long resident_pages(const void *addr, size_t npages)
{
	static unsigned char vec[PAGE_SZ];
	long count = 0;

	for (size_t done = 0; done < npages;) {
		size_t n =
		    npages - done < sizeof(vec) ? npages - done : sizeof(vec);

		if (mincore((char *)addr + done * PAGE_SZ, n * PAGE_SZ, vec))
			return -1;
		for (size_t i = 0; i < n; i++)
			count += vec[i] & 1;
		done += n;
	}
	return count;
}

/* Bits of a /proc/self/pagemap entry (LINUX-ABI.md). */
#define PM_PRESENT   (1ULL << 63)
#define PM_SWAPPED   (1ULL << 62)
#define PM_FILE	     (1ULL << 61)
#define PM_EXCLUSIVE (1ULL << 56)
#define PM_PFN_MASK  ((1ULL << 55) - 1)

/* Stores the pagemap entry of the page holding va; returns 0 or -1. */
static inline int pagemap_entry(const void *va, uint64_t *entry)
{
	int fd = open("/proc/self/pagemap", O_RDONLY);
	off_t off = (off_t)((uintptr_t)va / PAGE_SZ * sizeof(*entry));
	int ok;

	if (fd < 0)
		return -1;
	ok = lseek(fd, off, SEEK_SET) == off &&
	     read(fd, entry, sizeof(*entry)) == (ssize_t)sizeof(*entry);
	close(fd);
	return ok ? 0 : -1;
}

/* A snapshot of /proc/self/maps. */
struct maps {
	char text[32768];
	long len;
};

/* One line of maps, split into fields. */
struct maps_line {
	unsigned long start, end;
	char perms[5];
	unsigned long long offset;
	unsigned int major, minor;
	unsigned long inode;
	const char *name; /* into text; "" for an anonymous line */
	int well_formed;  /* the line is exactly in Linux's format */
	char text[512];	  /* the line without its newline */
};

/* Loads /proc/self/maps (or /proc/<pid>/maps); returns 0 or -1. */
static inline int maps_load_pid(struct maps *m, int pid)
{
	char path[64];

	if (pid)
		snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	else
		snprintf(path, sizeof(path), "/proc/self/maps");
	m->len = proc_read(path, m->text, sizeof(m->text));
	return m->len < 0 ? -1 : 0;
}

static inline int maps_load(struct maps *m)
{
	return maps_load_pid(m, 0);
}

/*
 * Formats the header of a maps line, up to and including the space after
 * the inode: "%08lx-%08lx %s %08llx %02x:%02x %lu ".  Returns its length.
 */
static inline int maps_format_header(char *buf, size_t cap,
				     const struct maps_line *ml)
{
	return snprintf(buf, cap, "%08lx-%08lx %s %08llx %02x:%02x %lu ",
			ml->start, ml->end, ml->perms, ml->offset, ml->major,
			ml->minor, ml->inode);
}

/*
 * Formats a whole line as Linux does: the header, then, for a named
 * region, spaces up to column MAPS_NAME_COL (at least one) and the name.
 */
static inline void maps_format_line(char *buf, size_t cap,
				    const struct maps_line *ml)
{
	int n = maps_format_header(buf, cap, ml);

	if (ml->name[0] == '\0')
		return;
	while (n < MAPS_NAME_COL - 1 && (size_t)n + 1 < cap)
		buf[n++] = ' ';
	snprintf(buf + n, cap - n, " %s", ml->name);
}

/*
 * Parses the line at text (up to '\n' or NUL) into ml.  Returns 0, or -1 if
 * the fields cannot even be read.  ml->well_formed tells whether the line is
 * byte for byte what maps_format_line() produces from its fields.
 */
static inline int maps_parse_line(const char *text, struct maps_line *ml)
{
	const char *nl = strchr(text, '\n');
	size_t len = nl ? (size_t)(nl - text) : strlen(text);
	char again[sizeof(ml->text) + 80];
	int hlen, pos;

	memset(ml, 0, sizeof(*ml));
	ml->name = "";
	if (len >= sizeof(ml->text))
		return -1;
	memcpy(ml->text, text, len);
	ml->text[len] = '\0';
	if (sscanf(ml->text, "%lx-%lx %4c %llx %x:%x %lu %n", &ml->start,
		   &ml->end, ml->perms, &ml->offset, &ml->major, &ml->minor,
		   &ml->inode, &pos) != 7)
		return -1;
	ml->perms[4] = '\0';
	hlen = maps_format_header(again, sizeof(again), ml);
	if (pos > hlen)
		ml->name = ml->text + pos;
	else if ((size_t)hlen > len)
		return 0; /* no space after the inode: malformed */
	maps_format_line(again, sizeof(again), ml);
	ml->well_formed = strcmp(again, ml->text) == 0;
	return 0;
}

/* Iterates over the lines: returns the next position or NULL at the end. */
static inline const char *maps_next(const char *pos, struct maps_line *ml)
{
	const char *nl;

	if (!pos || *pos == '\0')
		return NULL;
	if (maps_parse_line(pos, ml) < 0)
		ml->well_formed = 0;
	nl = strchr(pos, '\n');
	return nl ? nl + 1 : pos + strlen(pos);
}

/* Finds the line whose range holds addr; returns 1 if found. */
static inline int maps_find(const struct maps *m, unsigned long addr,
			    struct maps_line *ml)
{
	for (const char *p = maps_next(m->text, ml); p; p = maps_next(p, ml)) {
		if (ml->start <= addr && addr < ml->end)
			return 1;
	}
	return 0;
}

/* Finds the first line with the given name; returns 1 if found. */
static inline int maps_find_name(const struct maps *m, const char *name,
				 struct maps_line *ml)
{
	for (const char *p = maps_next(m->text, ml); p; p = maps_next(p, ml)) {
		if (strcmp(ml->name, name) == 0)
			return 1;
	}
	return 0;
}

/* Number of lines. */
static inline int maps_count(const struct maps *m)
{
	struct maps_line ml;
	int n = 0;

	for (const char *p = maps_next(m->text, &ml); p; p = maps_next(p, &ml))
		n++;
	return n;
}

/* 1 if m has a line exactly equal to line (without newline). */
static inline int maps_has_line(const struct maps *m, const char *line)
{
	size_t len = strlen(line);

	for (const char *p = m->text; *p;) {
		const char *nl = strchr(p, '\n');
		size_t l = nl ? (size_t)(nl - p) : strlen(p);

		if (l == len && memcmp(p, line, len) == 0)
			return 1;
		p += l + (nl ? 1 : 0);
	}
	return 0;
}

/*
 * Counts the lines of b that are not in a; the last one found is stored in
 * *ml.  maps_new_lines(before, after) lists what a call added or changed,
 * maps_new_lines(after, before) what it removed or changed.
 */
static inline int maps_new_lines(const struct maps *a, const struct maps *b,
				 struct maps_line *ml)
{
	struct maps_line cur;
	int n = 0;

	for (const char *p = maps_next(b->text, &cur); p;
	     p = maps_next(p, &cur)) {
		if (!maps_has_line(a, cur.text)) {
			*ml = cur;
			ml->name = ml->text + (cur.name - cur.text);
			n++;
		}
	}
	return n;
}

/* The exact text of an anonymous private/shared line for [start, end). */
static inline const char *maps_anon_text(char *buf, size_t cap,
					 unsigned long start, unsigned long end,
					 const char *perms)
{
	snprintf(buf, cap, "%08lx-%08lx %s 00000000 00:00 0 ", start, end,
		 perms);
	return buf;
}

/* Major and minor numbers of a dev_t as Linux encodes them. */
static inline unsigned int dev_major(unsigned long long dev)
{
	return (unsigned int)(((dev >> 8) & 0xfff) | ((dev >> 32) & ~0xfffULL));
}

static inline unsigned int dev_minor(unsigned long long dev)
{
	return (unsigned int)((dev & 0xff) | ((dev >> 12) & ~0xffULL));
}

#endif
