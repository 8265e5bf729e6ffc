/*
 * exp_malloc: how a malloc gets memory from the OS and gives it back.
 *
 * tide's malloc (libc/src/malloc.c) takes small blocks from the heap,
 * which it grows with brk; gives each block of 128 KiB or more its own
 * anonymous mmap, returned with munmap by free; trims the top of the heap
 * with brk once 128 KiB or more is free there; and returns large free
 * spans inside the heap with madvise(MADV_DONTNEED).  Each step below
 * shows [heap], the new mappings and VmRSS.  (glibc's malloc follows the
 * same ideas with other thresholds, so on Linux the numbers differ.)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exp.h"

#define SMALL  1000	 /* blocks of 1000 bytes... */
#define NSMALL 300	 /* ...300 of them: about 300 KiB of heap */
#define BIG    (1 << 20) /* one 1 MiB block: an mmap of its own */

static long last_rss = -1;

static void show(const char *title)
{
	long rss = exp_rss_kb();
	vmview_print(title);
	printf("break %p   VmRSS %ld kB", sbrk(0), rss);
	if (last_rss >= 0)
		printf(" (%+ld kB)", rss - last_rss);
	printf("\n");
	last_rss = rss;
}

int main(void)
{
	static char *small[NSMALL];

	exp_begin("exp_malloc: malloc takes memory with brk and mmap and "
		  "gives it back with brk, munmap and madvise");
	show("at the start");

	exp_step("malloc %d blocks of %d bytes: small blocks come from the "
		 "heap, so the break moves up",
		 NSMALL, SMALL);
	void *brk_before = sbrk(0);
	for (int i = 0; i < NSMALL; i++) {
		small[i] = malloc(SMALL);
		if (!small[i])
			exp_die("malloc");
		memset(small[i], 'x', SMALL);
	}
	show("after the small mallocs");
	int grew = sbrk(0) > brk_before;
	printf("%s: the break moved from %p to %p\n", grew ? "ok" : "FAIL",
	       brk_before, sbrk(0));

	exp_step("malloc(1 MiB): a block this big gets its own mmap");
	char *big = malloc(BIG);
	if (!big)
		exp_die("malloc");
	memset(big, 'y', BIG);
	show("after malloc(1 MiB)");
	int outside = (uintptr_t)big > (uintptr_t)sbrk(0);
	printf("%s: the block is at %p, outside the heap\n",
	       outside ? "ok" : "FAIL", (void *)big);

	exp_step("free(1 MiB block): free hands it back with munmap at once");
	free(big);
	show("after free(1 MiB block)");

	exp_step("free the first %d small blocks: a big free span inside the "
		 "heap goes back with MADV_DONTNEED, the break stays",
		 NSMALL - 10);
	void *brk_mid = sbrk(0);
	for (int i = 0; i < NSMALL - 10; i++)
		free(small[i]);
	show("after freeing the lower blocks");
	printf("%s: the break is still %p\n",
	       sbrk(0) == brk_mid ? "ok" : "FAIL", sbrk(0));

	exp_step("free the last 10 blocks: now the top of the heap is free "
		 "and brk gives it back");
	for (int i = NSMALL - 10; i < NSMALL; i++)
		free(small[i]);
	show("after freeing everything");
	int shrank = sbrk(0) < brk_mid;
	printf("%s: the break went down from %p to %p\n",
	       shrank ? "ok" : "FAIL", brk_mid, sbrk(0));
	return grew && outside && shrank ? 0 : 1;
}
