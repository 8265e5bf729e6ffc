/*
 * The seam between mm/ and the machine.  mm/ reaches physical memory only
 * through phys_to_virt()/virt_to_phys() and the TLB only through
 * arch_flush_*().  In the kernel these come from arch/x86_64 (the direct
 * map, invlpg); host unit tests (HOST_TEST) implement them over a malloc'd
 * block that plays physical RAM, so the same mm/ code walks real tables.
 */
#ifndef TIDE_MM_PHYS_H
#define TIDE_MM_PHYS_H

#include "lib/types.h"

#ifdef HOST_TEST
void *phys_to_virt(paddr_t pa);
paddr_t virt_to_phys(const void *va);
#else
#include "arch/x86_64/memlayout.h"

static inline void *phys_to_virt(paddr_t pa)
{
	return (void *)(pa + DIRECT_MAP_BASE);
}

static inline paddr_t virt_to_phys(const void *va)
{
	return (paddr_t)va - DIRECT_MAP_BASE;
}
#endif

/* The kernel's PML4: every address space shares its top half. */
extern paddr_t kernel_root;

/* Forget any TLB entry for va in the address space rooted at root. */
void arch_flush_page(paddr_t root, vaddr_t va);
/* Forget every non-global TLB entry of the address space rooted at root. */
void arch_flush_all(paddr_t root);

#endif
