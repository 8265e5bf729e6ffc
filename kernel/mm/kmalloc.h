/*
 * kmalloc: small kernel objects (vmas, processes, inodes).  Returns NULL
 * when memory is short; callers turn that into -ENOMEM.  The host unit
 * tests implement these two over malloc/free.
 */
#ifndef TIDE_MM_KMALLOC_H
#define TIDE_MM_KMALLOC_H

#include "lib/types.h"

void *kmalloc(size_t size);
void *kzalloc(size_t size);
void kfree(void *p);

#endif
