/*
 * exp_heap_maps: how a 128-byte brk shows in /proc/self/maps.
 *
 * The seed post's second experiment (seed_brk_maps.c is the original).  The
 * kernel hands out whole pages, so the [heap] mapping always ends at the
 * break rounded up to a page.  The post read maps with fopen(), which may
 * itself call malloc and move the break between the two dumps; here maps
 * is read with open/read into a static buffer (vmview.h), so what changes
 * between the dumps is only what brk did.
 *
 * That is also why the post saw its heap shrink (01275000 -> 01255000): it
 * read the break, then fopen's malloc grew the heap by 132 KiB, and
 * brk(old break + 128) cut that growth back.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "exp.h"

static char maps[65536];

/*
 * Finds the [heap] line of /proc/self/maps and stores its end address.
 * Returns 0, or -1 if there is no [heap] line (a break that never grew).
 */
static int heap_end(uintptr_t *end)
{
	char *line;

	if (procfs_read("/proc/self/maps", maps, sizeof(maps)) < 0)
		exp_die("/proc/self/maps");
	line = strstr(maps, "[heap]");
	if (!line)
		return -1;
	while (line > maps && line[-1] != '\n')
		line--;
	*end = strtoul(strchr(line, '-') + 1, NULL, 16);
	return 0;
}

int main(void)
{
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
	uintptr_t rounded, end;
	char *before, *after;

	exp_begin("exp_heap_maps: the [heap] mapping ends at the break "
		  "rounded up to a page");

	exp_step("sbrk(0) reads the break; then the maps before moving it");
	before = sbrk(0);
	printf("break before: %p\n", (void *)before);
	vmview_print("before brk");

	exp_step("brk(break + 128): the kernel can only map whole pages");
	if (brk(before + 128) != 0)
		exp_die("brk");
	after = sbrk(0);
	printf("break after:  %p (moved by %ld bytes)\n", (void *)after,
	       (long)(after - before));
	vmview_print("after brk(+128)");

	exp_step("compare the end of [heap] with the break rounded up to a "
		 "page (%lu bytes)",
		 (unsigned long)page);
	rounded = ((uintptr_t)after + page - 1) & ~(page - 1);
	if (heap_end(&end) < 0) {
		printf("FAIL: no [heap] line in /proc/self/maps\n");
		return 1;
	}
	printf("end of [heap]:          %#lx\n", (unsigned long)end);
	printf("break rounded up:       %#lx\n", (unsigned long)rounded);
	if (end != rounded) {
		printf("FAIL: they differ\n");
		return 1;
	}
	printf("\nok: [heap] ends at the break rounded up to a page: the "
	       "kernel maps whole pages, the break itself can be anywhere\n");
	printf("(the seed post saw [heap] shrink because fopen's malloc grew "
	       "the heap after it read the break, and brk(old + 128) undid "
	       "that)\n");
	return 0;
}
