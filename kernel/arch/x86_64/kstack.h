/* Guarded kernel stacks, one per process slot.  See kstack.c. */
#ifndef TIDE_ARCH_KSTACK_H
#define TIDE_ARCH_KSTACK_H

#include "lib/types.h"

#define KSTACK_PAGES 4 /* 16 KiB */

/* Maps slot's stack; returns its top, or 0 if out of memory. */
vaddr_t kstack_alloc(int slot);
void kstack_free(vaddr_t top);

#endif
