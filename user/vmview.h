/*
 * vmview.h: draw which pages of an address space are in memory.
 *
 * For every line of /proc/<pid>/maps it prints the line itself and, under
 * it, one character per page taken from /proc/<pid>/pagemap (8 bytes per
 * page, see proc(5) or docs/LINUX-ABI.md):
 *
 *   00601000-00607000 rw-p 00000000 00:00 0          [heap]
 *       #...##                                   6 pages, 3 in memory
 *
 *   .  not in memory (never touched, or given back)
 *   #  in memory, mapped only here (bit 56, "exclusively mapped")
 *   c  in memory, shared with another mapping (copy-on-write after fork)
 *   f  a page of a file, or of shared memory (bit 61)
 *   s  swapped out (bit 62; tide has no swap)
 *
 * An anonymous page that was read but never written is, on Linux, its
 * shared zero page: it shows as 'c' (pagemap has no bit for it, and its
 * frame number is hidden from non-root readers).  A region of more than 64
 * pages shows its first 32 and last 32 pages.
 *
 * Everything is read with open/read into static buffers: drawing a view
 * allocates nothing, so it does not move the program break it is showing.
 * (The caller should give stdout a static buffer too; see exp.h.)
 * Header-only because each user/NAME.c is one program; used by the exp_*
 * experiments (vmview_print) and by vmmap (vmview_print_pid).
 */
#ifndef USER_VMVIEW_H
#define USER_VMVIEW_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "procfs.h"

#define PM_PRESENT   (1ULL << 63)
#define PM_SWAPPED   (1ULL << 62)
#define PM_FILE	     (1ULL << 61) /* file page or shared anonymous */
#define PM_EXCLUSIVE (1ULL << 56)

#define VMVIEW_EDGE	 32 /* pages shown at each end of a long region */
#define VMVIEW_COUNT_MAX (1UL << 20)	  /* count no further than 4 GiB */
#define VMVIEW_USER_TOP	 0x800000000000UL /* end of x86-64 user space */

static char vmview_maps[65536];

static char vmview_page_char(uint64_t entry)
{
	if (!(entry & PM_PRESENT))
		return (entry & PM_SWAPPED) ? 's' : '.';
	if (entry & PM_FILE)
		return 'f';
	if (entry & PM_EXCLUSIVE)
		return '#';
	return 'c';
}

/*
 * Prints the residency of the npages pages from va on: all of them, or the
 * first and last VMVIEW_EDGE of a long region.  Returns -1 if pagemap could
 * not be read, 0 otherwise.
 */
static int vmview_region(int pagemap, uintptr_t va, unsigned long npages,
			 unsigned long page)
{
	char head[VMVIEW_EDGE * 2 + 1], tail[VMVIEW_EDGE + 1];
	uint64_t entries[512];
	unsigned long present = 0, done = 0, ntail = 0;
	unsigned long counted = npages;
	int long_region = npages > 2 * VMVIEW_EDGE;

	if (counted > VMVIEW_COUNT_MAX)
		counted = VMVIEW_COUNT_MAX;
	while (done < npages) {
		unsigned long want;
		off_t off;
		ssize_t got;

		/* In a huge region, jump from the counted part to the tail. */
		if (done == counted)
			done = npages - VMVIEW_EDGE;
		want = npages - done;
		if (want > 512)
			want = 512;
		off = (off_t)((va / page + done) * sizeof(uint64_t));
		got = pread(pagemap, entries, want * sizeof(uint64_t), off);
		if (got <= 0)
			return -1;
		want = (unsigned long)got / sizeof(uint64_t);
		for (unsigned long i = 0; i < want; i++, done++) {
			char c = vmview_page_char(entries[i]);

			if (done < counted && c != '.' && c != 's')
				present++;
			if (!long_region || done < VMVIEW_EDGE)
				head[done] = c;
			else if (done >= npages - VMVIEW_EDGE)
				tail[ntail++] = c;
		}
	}
	head[long_region ? VMVIEW_EDGE : npages] = '\0';
	tail[ntail] = '\0';
	printf("    %s%s%s", head, long_region ? " ... " : "", tail);
	if (counted < npages)
		printf("  %lu pages, first %lu counted: %lu in memory\n",
		       npages, counted, present);
	else
		printf("  %lu page%s, %lu in memory\n", npages,
		       npages == 1 ? "" : "s", present);
	return 0;
}

/* Prints one maps line and, if pagemap is open, its pages under it. */
static void vmview_mapping(int pagemap, const char *line, uintptr_t start,
			   uintptr_t end, unsigned long page)
{
	printf("%s\n", line);
	if (pagemap < 0)
		return;
	if (start >= VMVIEW_USER_TOP)
		printf("    (kernel address: no pagemap entries)\n");
	else if (vmview_region(pagemap, start, (end - start) / page, page) < 0)
		printf("    (pagemap unreadable here)\n");
}

/*
 * Prints "== title ==", then the mappings of process pid ("self" or a
 * number) that overlap [lo, hi), each with its pages drawn under it.
 * Returns 0, or -1 (after a message on stderr) if /proc/<pid>/maps cannot
 * be read; without /proc/<pid>/pagemap it prints the maps lines only.
 */
static int vmview_print_range(const char *pid, const char *title, uintptr_t lo,
			      uintptr_t hi)
{
	char path[64];
	long page = sysconf(_SC_PAGESIZE);
	int pagemap;

	if (page <= 0)
		page = 4096;
	snprintf(path, sizeof(path), "/proc/%s/maps", pid);
	if (procfs_read(path, vmview_maps, sizeof(vmview_maps)) < 0) {
		fprintf(stderr, "vmview: %s: %s\n", path, strerror(errno));
		return -1;
	}
	snprintf(path, sizeof(path), "/proc/%s/pagemap", pid);
	pagemap = open(path, O_RDONLY);

	printf("== %s ==\n", title);
	if (pagemap < 0)
		printf("(%s: %s; pages not shown)\n", path, strerror(errno));
	for (char *line = vmview_maps; *line;) {
		char *nl = strchr(line, '\n');
		char *rest;
		uintptr_t start, end;

		if (nl)
			*nl = '\0';
		start = strtoul(line, &rest, 16);
		end = (*rest == '-') ? strtoul(rest + 1, NULL, 16) : start;
		if (end > lo && start < hi)
			vmview_mapping(pagemap, line, start, end,
				       (unsigned long)page);
		if (!nl)
			break;
		*nl = '\n';
		line = nl + 1;
	}
	if (pagemap >= 0)
		close(pagemap);
	fflush(stdout);
	return 0;
}

/* Prints every mapping of process pid; see vmview_print_range(). */
__attribute__((unused)) static int vmview_print_pid(const char *pid,
						    const char *title)
{
	return vmview_print_range(pid, title, 0, UINTPTR_MAX);
}

/* Prints every mapping of this process; see vmview_print_range(). */
__attribute__((unused)) static int vmview_print(const char *title)
{
	return vmview_print_range("self", title, 0, UINTPTR_MAX);
}

/* Prints only this process's mapping(s) overlapping [va, va + len). */
__attribute__((unused)) static int vmview_print_at(const char *title,
						   const void *va, size_t len)
{
	uintptr_t lo = (uintptr_t)va;

	return vmview_print_range("self", title, lo, lo + (len ? len : 1));
}

/* One line explaining the page characters, for the top of a program. */
__attribute__((unused)) static void vmview_legend(void)
{
	printf("pages: '.' not in memory, '#' in memory (only here), "
	       "'c' shared copy-on-write (after fork, or Linux's zero page), "
	       "'f' file page or shared memory\n");
}

#endif
