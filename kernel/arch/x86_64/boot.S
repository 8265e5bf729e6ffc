/*
 * The first instructions tide runs.  Both GRUB (Multiboot2) and QEMU's
 * -kernel loader (Multiboot1, which for an ELF64 needs the address fields)
 * enter here in 32-bit protected mode with paging off.  We check the CPU
 * for long mode, build early page tables that map the first 1 GiB three
 * times (identity, the direct map and the kernel's -2 GiB window), enable
 * PAE, NX, long mode and paging, and jump to kmain() in the higher half.
 * The real page tables are built later in C (arch/x86_64/paging.c).
 *
 * Intel SDM Vol. 3A, 9.8.5 "Initializing IA-32e Mode" gives the order.
 */
#include "arch/x86_64/memlayout.h"
#include "arch/x86_64/gdt.h"

#define MB1_MAGIC       0x1BADB002
#define MB1_FLAGS       0x00010003 /* page-align modules, memory map, addresses */
#define MB2_MAGIC       0xE85250D6
#define MB2_ARCH_I386   0

#define V2P(x) ((x) - KERNEL_BASE)

#define CR0_PE  (1 << 0)
#define CR0_WP  (1 << 16)
#define CR0_PG  (1 << 31)
#define CR4_PAE (1 << 5)
#define MSR_EFER 0xC0000080
#define EFER_LME (1 << 8)
#define EFER_NXE (1 << 11)

	.section .boot.header, "a"
	.align 4
mb1_header:
	.long MB1_MAGIC
	.long MB1_FLAGS
	.long -(MB1_MAGIC + MB1_FLAGS)
	.long mb1_header          /* header_addr (physical: .boot is linked low) */
	.long __boot_start        /* load_addr */
	.long __load_end_phys     /* load_end_addr */
	.long __bss_end_phys      /* bss_end_addr */
	.long start32             /* entry_addr */

	.align 8
mb2_header:
	.long MB2_MAGIC
	.long MB2_ARCH_I386
	.long mb2_header_end - mb2_header
	.long -(MB2_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))
	/* information request: command line, modules, memory map */
	.align 8
	.word 1, 0
	.long 20
	.long 1, 3, 6
	.align 8
	/* module alignment: page-align modules */
	.word 6, 0
	.long 8
	.align 8
	/* end tag */
	.word 0, 0
	.long 8
mb2_header_end:

	.section .boot.text, "ax"
	.code32
	.global start32
start32:
	cli
	cld
	mov %eax, %ebp                 /* bootloader magic: kmain's 1st argument */
	mov %ebx, %esi                 /* boot information: kmain's 2nd */
	mov $boot_stack_top32, %esp

	/* Long mode? CPUID 0x80000001 EDX bit 29 (LM) and bit 20 (NX). */
	mov $0x80000000, %eax
	cpuid
	cmp $0x80000001, %eax
	jb no_long_mode
	mov $0x80000001, %eax
	cpuid
	test $(1 << 29), %edx
	jz no_long_mode

	/* Early tables: PML4[0], PML4[256] -> pdpt_low; PML4[511] -> pdpt_high.
	 * pdpt_low[0] and pdpt_high[510] -> pd; pd maps 1 GiB with 2 MiB pages. */
	mov $early_pml4, %ebx
	xor %eax, %eax
	mov %ebx, %edi
	mov $(4 * 4096 / 4), %ecx
	rep stosl

	lea 0x1000 + 0x3(%ebx), %eax   /* pdpt_low | present | writable */
	mov %eax, 0(%ebx)
	mov %eax, 256 * 8(%ebx)
	lea 0x2000 + 0x3(%ebx), %eax   /* pdpt_high */
	mov %eax, 511 * 8(%ebx)
	lea 0x3000 + 0x3(%ebx), %eax   /* pd */
	mov %eax, 0x1000(%ebx)
	mov %eax, 0x2000 + 510 * 8(%ebx)
	xor %ecx, %ecx
1:	mov %ecx, %eax
	shl $21, %eax
	or $0x83, %eax                 /* present | writable | 2 MiB page */
	mov %eax, 0x3000(%ebx, %ecx, 8)
	inc %ecx
	cmp $512, %ecx
	jne 1b

	mov %cr4, %eax
	or $CR4_PAE, %eax
	mov %eax, %cr4
	mov %ebx, %cr3

	mov $0x80000001, %eax          /* NX supported?  Then turn it on. */
	cpuid
	mov $MSR_EFER, %ecx
	xor %ebx, %ebx
	test $(1 << 20), %edx
	jz 2f
	or $EFER_NXE, %ebx
2:	rdmsr
	or $EFER_LME, %eax
	or %ebx, %eax
	wrmsr

	mov %cr0, %eax
	or $(CR0_PE | CR0_PG | CR0_WP), %eax
	mov %eax, %cr0

	lgdt early_gdt_ptr
	ljmp $GDT_KERNEL_CODE, $start64_low

no_long_mode:
	/* Say so on COM1 (0x3f8) and stop. */
	mov $no_lm_msg, %esi
3:	lodsb
	test %al, %al
	jz 4f
	mov $0x3f8, %dx
	out %al, %dx
	jmp 3b
4:	hlt
	jmp 4b

	.code64
start64_low:
	mov %ebp, %edi
	movabs $start64_high, %rax
	jmp *%rax

	.section .boot.rodata, "a"
no_lm_msg:
	.asciz "tide: this CPU has no 64-bit long mode; cannot boot\r\n"

	.align 16
early_gdt:
	.quad 0
	.quad 0x00af9a000000ffff       /* GDT_KERNEL_CODE: 64-bit, present, ring 0 */
	.quad 0x00cf92000000ffff       /* GDT_KERNEL_DATA */
early_gdt_ptr:
	.word early_gdt_ptr - early_gdt - 1
	.long early_gdt

	.section .boot.bss, "aw", @nobits
	.align 4096
	.global early_pml4
early_pml4:
	.skip 4 * 4096                 /* pml4, pdpt_low, pdpt_high, pd */
	.skip 1024
boot_stack_top32:

	.text
	.code64
start64_high:
	mov $GDT_KERNEL_DATA, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	xor %ax, %ax
	mov %ax, %fs
	mov %ax, %gs
	movabs $boot_stack_top, %rsp
	xor %ebp, %ebp
	/* edi = loader magic, esi = boot info physical address (zero-extended) */
	mov %edi, %edi
	mov %esi, %esi
	call kmain
5:	cli
	hlt
	jmp 5b

	.bss
	.align 4096
	.global boot_stack_bottom
boot_stack_bottom:
	.skip 16384
	.global boot_stack_top
boot_stack_top:
	.section .note.GNU-stack,"",@progbits
