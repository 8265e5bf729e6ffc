/*
 * The kernel's own page tables, built once at boot to replace the early
 * ones from boot.S:
 *   - all RAM at DIRECT_MAP_BASE, 2 MiB pages, read-write, no-execute
 *     (but the kernel's own text and rodata read-only there too: W^X);
 *   - the kernel image at KERNEL_BASE with 4 KiB pages: text r-x,
 *     rodata r--, data and bss rw- NX;
 *   - PDPTs for every kernel-half PML4 slot in use, so that user roots
 *     copying the kernel half (pt_new_root) share all later changes.
 * Nothing is identity-mapped afterwards: a NULL dereference faults.
 */
#include "arch/x86_64/paging.h"
#include "arch/x86_64/memlayout.h"
#include "arch/x86_64/pte.h"
#include "arch/x86_64/x86.h"
#include "boot.h"
#include "mm/frame.h"
#include "mm/phys.h"
#include "mm/pt.h"
#include "lib/panic.h"
#include "lib/printk.h"

#define LARGE_PAGE (2UL << 20)

paddr_t kernel_root;

extern char __text_start[], __text_end[], __rodata_start[], __rodata_end[];
extern char __data_start[], __bss_end[];

void arch_flush_page(paddr_t root, vaddr_t va)
{
	if ((read_cr3() & PTE_ADDR_MASK) == root || va >= KERNEL_BASE)
		invlpg(va);
}

void arch_flush_all(paddr_t root)
{
	if ((read_cr3() & PTE_ADDR_MASK) == root)
		write_cr3(read_cr3());
}

/* The table under entry e, allocating a zeroed one if absent. */
static pte_t *next_table(pte_t *e)
{
	if (!(*e & PTE_P)) {
		paddr_t t = frame_alloc(FRAME_ZERO);
		if (!t)
			panic("paging: out of memory for kernel page tables");
		*e = t | PTE_P | PTE_W;
	}
	return phys_to_virt(pte_addr(*e));
}

/* The kernel's text and rodata, physically: read-only in the direct map
 * too, so that no mapping of kernel code is ever writable (W^X). */
static bool in_kernel_ro(paddr_t pa)
{
	return pa >= (paddr_t)__text_start - KERNEL_BASE &&
	       pa < (paddr_t)__rodata_end - KERNEL_BASE;
}

static void direct_map_2m(paddr_t pa)
{
	vaddr_t va = DIRECT_MAP_BASE + pa;
	pte_t *pml4 = phys_to_virt(kernel_root);
	pte_t *pdpt = next_table(&pml4[pt_index(va, 4)]);
	pte_t *pd = next_table(&pdpt[pt_index(va, 3)]);
	paddr_t ro_start = (paddr_t)__text_start - KERNEL_BASE;
	paddr_t ro_end = (paddr_t)__rodata_end - KERNEL_BASE;
	if (pa + LARGE_PAGE <= ro_start || pa >= ro_end) {
		pd[pt_index(va, 2)] =
		    pa | PTE_P | PTE_W | PTE_PS | PTE_G | PTE_NX;
		return;
	}
	/* This 2 MiB holds kernel code: map it in 4 KiB pages instead. */
	pte_t *pt = next_table(&pd[pt_index(va, 2)]);
	for (int i = 0; i < PT_ENTRIES; i++) {
		paddr_t p = pa + (paddr_t)i * PAGE_SIZE;
		pt[i] =
		    p | PTE_P | PTE_G | PTE_NX | (in_kernel_ro(p) ? 0 : PTE_W);
	}
}

static void map_kernel_range(char *start, char *end, pte_t flags)
{
	for (vaddr_t va = (vaddr_t)start; va < (vaddr_t)end; va += PAGE_SIZE)
		if (pt_map(kernel_root, va, va - KERNEL_BASE, flags | PTE_G))
			panic("paging: cannot map kernel page %p", (void *)va);
}

bool cpu_has_smap;

/*
 * SMEP: the kernel never executes user pages; SMAP: it touches them only
 * inside copy_to_user and friends (stac/clac).  Both are turned on when
 * the CPU has them (CPUID 7.0:EBX bits 7 and 20; Intel SDM Vol. 3A, 4.6).
 */
static void protect_user_pages(void)
{
	uint32_t r[4];
	cpuid(0, 0, r);
	if (r[0] < 7)
		return;
	cpuid(7, 0, r);
	if (r[1] & (1U << 7))
		write_cr4(read_cr4() | CR4_SMEP);
	if (r[1] & (1U << 20)) {
		write_cr4(read_cr4() | CR4_SMAP);
		cpu_has_smap = true;
	}
}

void paging_init(void)
{
	kernel_root = frame_alloc(FRAME_ZERO);
	if (!kernel_root)
		panic("paging: no frame for the kernel PML4");

	for (int i = 0; i < boot_info.nram; i++) {
		const struct mem_range *r = &boot_info.ram[i];
		for (paddr_t pa = r->start & ~(LARGE_PAGE - 1); pa < r->end;
		     pa += LARGE_PAGE)
			direct_map_2m(pa);
	}

	map_kernel_range(__text_start, __text_end, 0);
	map_kernel_range(__rodata_start, __rodata_end, PTE_NX);
	map_kernel_range(__data_start, __bss_end, PTE_W | PTE_NX);

	pte_t *pml4 = phys_to_virt(kernel_root);
	next_table(&pml4[pt_index(KSTACK_BASE, 4)]);

	write_cr4(read_cr4() | CR4_PGE);
	protect_user_pages();
	write_cr0(read_cr0() | CR0_WP);
	write_cr3(kernel_root);
}
