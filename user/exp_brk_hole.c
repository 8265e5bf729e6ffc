/*
 * exp_brk_hole: brk can only give back the top of the heap.
 *
 * The seed post's point about brk: of heap pages 1..6, pages 2-4 may be
 * free while 5 and 6 are still in use, and lowering the break would take
 * 5 and 6 away too.  madvise(MADV_DONTNEED) returns the memory of 2-4 and
 * keeps the addresses; later, when 5 and 6 are done with, sbrk(-2 pages)
 * gives back their memory and their addresses.  After each step we print
 * the heap's pages, then VmRSS (this process's memory, which moves by
 * exactly those pages) and MemFree (the system's: on tide it moves with
 * them, plus any page-table page; on Linux with all the machine does).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "exp.h"

#define NPAGES 6

static long last_rss = -1, last_free = -1;

/* Prints VmRSS and MemFree and how they moved since the last call. */
static void show_memory(void)
{
	long rss = exp_rss_kb(), mfree = exp_memfree_kb();

	printf("VmRSS %6ld kB", rss);
	if (last_rss >= 0)
		printf(" (%+ld kB)", rss - last_rss);
	printf("    MemFree %8ld kB", mfree);
	if (last_free >= 0)
		printf(" (%+ld kB)", mfree - last_free);
	printf("\n");
	last_rss = rss;
	last_free = mfree;
}

int main(void)
{
	long page = sysconf(_SC_PAGESIZE);
	uintptr_t brk0;
	char *heap;

	exp_begin("exp_brk_hole: madvise frees pages in the middle of the "
		  "heap, brk only at its top");

	exp_step("align the break to a page, then sbrk(%d pages): heap pages "
		 "1..%d, not in memory yet",
		 NPAGES, NPAGES);
	brk0 = (uintptr_t)sbrk(0);
	if (sbrk((intptr_t)(-brk0 & (uintptr_t)(page - 1))) == (void *)-1)
		exp_die("sbrk (align)");
	heap = sbrk(NPAGES * page);
	if (heap == (void *)-1)
		exp_die("sbrk");
	printf("pages 1..%d at %p..%p\n", NPAGES, (void *)heap,
	       (void *)(heap + NPAGES * page));
	vmview_print_at("[heap] after sbrk", heap, NPAGES * page);
	show_memory();

	exp_step("touch all %d pages: each first write maps a page", NPAGES);
	memset(heap, 'x', NPAGES * page);
	vmview_print_at("[heap] after touching", heap, NPAGES * page);
	show_memory();
	printf("expected: VmRSS %+ld kB (%d pages)\n", NPAGES * page / 1024,
	       NPAGES);

	exp_step("pages 2-4 are no longer needed but 5-6 are: "
		 "madvise(page 2, 3 pages, MADV_DONTNEED)");
	if (madvise(heap + 1 * page, 3 * page, MADV_DONTNEED) != 0)
		exp_die("madvise");
	vmview_print_at("[heap] after MADV_DONTNEED of pages 2-4", heap,
			NPAGES * page);
	show_memory();
	printf("expected: VmRSS %+ld kB (3 pages); the break did not move: "
	       "%p\n",
	       -3 * page / 1024, sbrk(0));

	exp_step("pages 5-6 are done with too: sbrk(-2 pages) lowers the "
		 "break and unmaps them");
	if (sbrk(-2 * page) == (void *)-1)
		exp_die("sbrk (shrink)");
	vmview_print_at("[heap] after sbrk(-2 pages)", heap, NPAGES * page);
	show_memory();
	printf("expected: VmRSS %+ld kB (2 pages); the break is now %p\n",
	       -2 * page / 1024, sbrk(0));

	printf("\nok: DONTNEED gave back the memory of the hole and kept the "
	       "addresses; only the top could go back through brk\n");
	return 0;
}
