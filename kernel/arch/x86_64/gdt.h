/*
 * Segment selectors.  The order is fixed by syscall/sysret (Intel SDM
 * Vol. 2B, SYSRET): user data must sit 8 bytes above, and 64-bit user code
 * 16 bytes above, the STAR base (GDT_USER_BASE).  Used from assembly too.
 */
#ifndef TIDE_ARCH_GDT_H
#define TIDE_ARCH_GDT_H

#define GDT_KERNEL_CODE 0x08
#define GDT_KERNEL_DATA 0x10
#define GDT_USER_BASE	0x18 /* 32-bit user code: unused, the STAR anchor */
#define GDT_USER_DATA	0x20
#define GDT_USER_CODE	0x28
#define GDT_TSS		0x30 /* 16 bytes: two slots */

#define USER_CS (GDT_USER_CODE | 3)
#define USER_DS (GDT_USER_DATA | 3)

#ifndef __ASSEMBLER__
void gdt_init(void);
void tss_set_rsp0(unsigned long rsp0);
#endif

#endif
