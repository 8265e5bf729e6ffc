/*
 * exp_mmap: an anonymous mmap of 20 bytes gets a whole page.
 *
 * The seed post's third experiment (seed_mmap.c is the original): mmap
 * five ints, write them, munmap.  Between the steps we print only the
 * lines of /proc/self/maps that changed ("+ " new, "- " gone), then the
 * page view.  Watch three things: the new mapping is one page long; its
 * page is not in memory until the first write; and munmap of 40 bytes
 * removes the whole page, because lengths are rounded up to pages.
 * On Linux the new page may merge with a neighbouring anonymous mapping;
 * then the diff shows the old line going and a longer one coming.
 */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "exp.h"

#define N 5

static char old_maps[65536], new_maps[65536];

/* Whether text contains the line [line, line + len) as a whole line. */
static int has_line(const char *text, const char *line, size_t len)
{
	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');
		size_t plen = nl ? (size_t)(nl - p) : strlen(p);

		if (plen == len && memcmp(p, line, len) == 0)
			return 1;
		if (!nl)
			break;
		p = nl + 1;
	}
	return 0;
}

/* Prints the lines of text that are not in other, each after prefix. */
static void print_missing(const char *text, const char *other,
			  const char *prefix)
{
	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);

		if (len && !has_line(other, p, len))
			printf("%s%.*s\n", prefix, (int)len, p);
		if (!nl)
			break;
		p = nl + 1;
	}
}

/* Reads the maps again and prints how they differ from the last read. */
static void maps_diff(const char *title)
{
	if (procfs_read("/proc/self/maps", new_maps, sizeof(new_maps)) < 0)
		exp_die("/proc/self/maps");
	printf("-- /proc/self/maps changes %s --\n", title);
	print_missing(old_maps, new_maps, "- ");
	print_missing(new_maps, old_maps, "+ ");
	memcpy(old_maps, new_maps, strlen(new_maps) + 1);
}

int main(void)
{
	int *ptr;

	exp_begin("exp_mmap: mmap and munmap work in whole pages");

	exp_step("the address space before mmap");
	if (procfs_read("/proc/self/maps", old_maps, sizeof(old_maps)) < 0)
		exp_die("/proc/self/maps");
	vmview_print("before mmap");

	exp_step("mmap(NULL, %d * sizeof(int), PROT_READ | PROT_WRITE, "
		 "MAP_PRIVATE | MAP_ANONYMOUS, -1, 0): 20 bytes asked",
		 N);
	ptr = mmap(NULL, N * sizeof(int), PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (ptr == MAP_FAILED)
		exp_die("mmap");
	printf("mapping address: %p\n", (void *)ptr);
	maps_diff("after mmap (one page, nothing in memory yet)");
	vmview_print("after mmap");

	exp_step("write the %d ints: the first write faults one page in", N);
	for (int i = 0; i < N; i++)
		ptr[i] = i * 10;
	printf("ptr[0..%d] = %d %d %d %d %d\n", N - 1, ptr[0], ptr[1], ptr[2],
	       ptr[3], ptr[4]);
	maps_diff("after the writes (none: the mapping was already there)");
	vmview_print("after writing");

	exp_step("munmap(ptr, 10 * sizeof(int)): 40 bytes, rounded up to the "
		 "whole page");
	if (munmap(ptr, 10 * sizeof(int)) != 0)
		exp_die("munmap");
	maps_diff("after munmap");
	vmview_print("after munmap");

	printf("\nok: 20 bytes of mmap took one page, and munmap of 40 bytes "
	       "gave the whole page back\n");
	return 0;
}
