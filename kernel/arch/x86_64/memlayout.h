/*
 * tide's virtual and physical memory layout (x86-64, 4-level paging).
 *
 *   virtual                                     what
 *   ffffffff_ffffffff +--------------------+
 *                     | kernel image       |  text r-x, rodata r--, data rw-
 *   ffffffff_80000000 +--------------------+  KERNEL_BASE (-2 GiB): phys 0 here,
 *                     |                    |  the image itself from phys 1 MiB
 *   ffffc900_00000000 +--------------------+  KSTACK_BASE: kernel stacks, each
 *                     |                    |  under an unmapped guard page
 *   ffff8000_00000000 +--------------------+  DIRECT_MAP_BASE: all RAM, rw- NX,
 *                     |   (non-canonical)  |  2 MiB pages, pa + DIRECT_MAP_BASE
 *   00007fff_ffffffff +--------------------+
 *                     | [stack]            |  USER_STACK_TOP = 7ffffffff000
 *                     | mmap (top-down)    |
 *                     | [heap] (brk)       |
 *                     | program (0x400000) |
 *   00000000_00010000 +--------------------+  USER_MIN_ADDR (vm.mmap_min_addr)
 *
 *   physical: [0, 1 MiB) BIOS and friends, never allocated; the kernel image
 *   from 1 MiB; then the boot modules, the frame table and free frames.
 */
#ifndef TIDE_ARCH_MEMLAYOUT_H
#define TIDE_ARCH_MEMLAYOUT_H

#define KERNEL_BASE	0xffffffff80000000
#define KERNEL_PHYS	0x100000
#define DIRECT_MAP_BASE 0xffff800000000000
#define DIRECT_MAP_SIZE 0x0000400000000000 /* 64 TiB of RAM at most */
#define KSTACK_BASE	0xffffc90000000000
#define KSTACK_SIZE	0x0000010000000000

#define USER_MIN_ADDR  0x10000
#define USER_STACK_TOP 0x7ffffffff000
#define USER_END       0x7ffffffff000 /* first address user space can't map */

#endif
