/*
 * exp_brk: move the program break by 128 bytes and watch it move.
 *
 * The first experiment of the seed post (seed_brk.c is the original): the
 * break is the end of the heap, sbrk(0) reads it and brk(addr) sets it.
 * The system call is brk; sbrk is the C library's arithmetic on top.  The
 * page-level consequences are exp_heap_maps's subject.
 */
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include "exp.h"

int main(void)
{
	char *before, *after;

	exp_begin("exp_brk: the program break moves by exactly what we ask");

	exp_step("sbrk(0) reports the current break without moving it");
	before = sbrk(0);
	printf("break before: %p\n", (void *)before);
	vmview_print("before brk");

	exp_step("brk(break + 128) asks the kernel to put the end of the "
		 "heap 128 bytes further");
	if (brk(before + 128) != 0)
		exp_die("brk");

	exp_step("sbrk(0) again: the break is where we put it");
	after = sbrk(0);
	printf("break after:  %p\n", (void *)after);
	printf("difference:   %ld bytes\n", (long)(after - before));

	vmview_print("after brk(+128)");

	if (after - before != 128) {
		printf("FAIL: the break moved by %ld bytes, not 128\n",
		       (long)(after - before));
		return 1;
	}
	printf("\nok: the break moved by exactly 128 bytes\n");
	return 0;
}
