/*
 * Fake physical memory for host unit tests of mm/: a malloc'd, page-aligned
 * block plays RAM from physical address 0, so frame.c and pt.c run
 * unchanged and walk real page tables in it.  TLB flushes are counted.
 */
#include <stdlib.h>
#include <string.h>

#include "fake_phys.h"
#include "mm/phys.h"

static unsigned char *ram;
static size_t ram_size;
long fake_flushes;

void fake_phys_init(size_t size)
{
	free(ram);
	ram = aligned_alloc(4096, size);
	memset(ram, 0xa5, size); /* garbage, as real RAM holds */
	ram_size = size;
	fake_flushes = 0;
}

void *phys_to_virt(paddr_t pa)
{
	if (pa > ram_size)
		abort();
	return ram + pa;
}

paddr_t virt_to_phys(const void *va)
{
	const unsigned char *p = va;
	if (p < ram || p > ram + ram_size)
		abort();
	return (paddr_t)(p - ram);
}

void arch_flush_page(paddr_t root, vaddr_t va)
{
	(void)root, (void)va;
	fake_flushes++;
}

void arch_flush_all(paddr_t root)
{
	(void)root;
	fake_flushes++;
}
