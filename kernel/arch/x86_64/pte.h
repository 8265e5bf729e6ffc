/*
 * x86-64 page-table entry bits and geometry (Intel SDM Vol. 3A, 4.5,
 * tables 4-14 to 4-20).  Plain definitions, no instructions: mm/pt.c uses
 * them and is compiled into host unit tests too.
 */
#ifndef TIDE_ARCH_PTE_H
#define TIDE_ARCH_PTE_H

#include "lib/types.h"

typedef uint64_t pte_t;

#define PTE_P	(1UL << 0) /* present */
#define PTE_W	(1UL << 1) /* writable */
#define PTE_U	(1UL << 2) /* user accessible */
#define PTE_PWT (1UL << 3)
#define PTE_PCD (1UL << 4)
#define PTE_A	(1UL << 5)  /* accessed */
#define PTE_D	(1UL << 6)  /* dirty */
#define PTE_PS	(1UL << 7)  /* large page (in a PDPTE or PDE) */
#define PTE_G	(1UL << 8)  /* global */
#define PTE_COW (1UL << 9)  /* software: read-only until copied on write */
#define PTE_NX	(1UL << 63) /* no execute (needs EFER.NXE) */

#define PTE_ADDR_MASK 0x000ffffffffff000UL

#define PT_LEVELS  4
#define PT_ENTRIES 512

/* Index of va in the table at level (4 = PML4 ... 1 = page table). */
static inline unsigned pt_index(vaddr_t va, int level)
{
	return (va >> (PAGE_SHIFT + 9 * (level - 1))) & 511;
}

static inline paddr_t pte_addr(pte_t e)
{
	return e & PTE_ADDR_MASK;
}

/* The x86 page-fault error code (Intel SDM Vol. 3A, 4.7). */
#define PF_PRESENT (1UL << 0) /* 0: page not present; 1: protection */
#define PF_WRITE   (1UL << 1)
#define PF_USER	   (1UL << 2)
#define PF_RSVD	   (1UL << 3)
#define PF_INSTR   (1UL << 4) /* instruction fetch */

#endif
