/*
 * Kernel stacks: each process slot i owns a 64 KiB window at
 * KSTACK_BASE + i * 64 KiB; its stack is the top KSTACK_PAGES pages of
 * the window and the page below them stays unmapped, so a kernel stack
 * overflow is a page fault (reported) instead of silent corruption.
 *
 *   window i:  [ unmapped ... | guard | stack pages (KSTACK_PAGES) ]
 *                                                   ^ top = kstack_top
 */
#include "arch/x86_64/kstack.h"
#include "arch/x86_64/memlayout.h"
#include "arch/x86_64/paging.h"
#include "mm/frame.h"
#include "mm/pt.h"

#define KSTACK_WINDOW (64UL << 10)

vaddr_t kstack_alloc(int slot)
{
	vaddr_t top = KSTACK_BASE + (vaddr_t)(slot + 1) * KSTACK_WINDOW;
	vaddr_t bottom = top - KSTACK_PAGES * PAGE_SIZE;
	for (vaddr_t va = bottom; va < top; va += PAGE_SIZE) {
		paddr_t pa = frame_alloc(FRAME_DIRTY);
		if (!pa ||
		    pt_map(kernel_root, va, pa, PTE_W | PTE_NX | PTE_G)) {
			if (pa)
				frame_put(pa);
			pt_unmap(kernel_root, bottom, va, PT_PUT_FRAMES, 0);
			return 0;
		}
	}
	return top;
}

void kstack_free(vaddr_t top)
{
	pt_unmap(kernel_root, top - KSTACK_PAGES * PAGE_SIZE, top,
		 PT_PUT_FRAMES, 0);
}
