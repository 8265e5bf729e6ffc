/*
 * What the boot loader told us, in a loader-neutral form: the kernel
 * command line, usable RAM, the boot modules (the cpio archive of /bin)
 * and the physical ranges that must not be reused.  Filled once by
 * arch/x86_64/multiboot.c from Multiboot1 (QEMU -kernel) or Multiboot2
 * (GRUB) information, before anything else needs it.
 */
#ifndef TIDE_BOOT_H
#define TIDE_BOOT_H

#include "mm/frame.h"

#define BOOT_MAX_RANGES  64
#define BOOT_MAX_MODULES 8

struct boot_module {
	paddr_t start, end;
	char name[64];
};

struct boot_info {
	const char *loader; /* "multiboot1" or "multiboot2" */
	char cmdline[512];
	struct mem_range ram[BOOT_MAX_RANGES];
	int nram;
	struct mem_range reserved[BOOT_MAX_RANGES];
	int nreserved;
	struct boot_module modules[BOOT_MAX_MODULES];
	int nmodules;
};

extern struct boot_info boot_info;

/* Parses the loader's information; returns 0, or -EINVAL for an unknown
 * loader magic. */
int boot_info_parse(uint32_t magic, paddr_t info);

/* The value of "key=value" on the command line, or NULL; a bare word
 * "key" yields "". */
const char *boot_arg(const char *key, char *buf, size_t len);

#endif
