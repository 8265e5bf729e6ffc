/* The kernel's page tables.  See paging.c. */
#ifndef TIDE_ARCH_PAGING_H
#define TIDE_ARCH_PAGING_H

#include "lib/types.h"

extern paddr_t
    kernel_root; /* PML4 of the kernel; every root shares its top half */

/* True once SMAP is on: user memory is reachable only between stac/clac. */
extern bool cpu_has_smap;

/* Builds and loads the kernel page tables; needs frame_init() first. */
void paging_init(void);

#endif
