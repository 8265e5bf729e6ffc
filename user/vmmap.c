/*
 * vmmap [pid]: the mappings of a process with one character per page
 * telling whether it is in memory (see vmview.h for the characters);
 * without a pid, those of vmmap itself.
 */
#include <stdio.h>

#include "vmview.h"

int main(int argc, char *argv[])
{
	const char *pid = argc > 1 ? argv[1] : "self";
	char title[64];

	if (argc > 2) {
		fprintf(stderr, "usage: vmmap [pid]\n");
		return 2;
	}
	snprintf(title, sizeof(title), "process %s", pid);
	vmview_legend();
	return vmview_print_pid(pid, title) < 0;
}
