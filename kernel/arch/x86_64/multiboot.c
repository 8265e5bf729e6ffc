/*
 * Reads Multiboot1 and Multiboot2 boot information into struct boot_info.
 * Facts from the Multiboot Specification 0.6.96 (version 1) and 2.0.
 * Runs under the early page tables, which map the first 1 GiB of physical
 * memory at DIRECT_MAP_BASE, where both loaders put their information.
 */
#include "boot.h"
#include "mm/phys.h"
#include "lib/errno.h"
#include "lib/string.h"

#define MB1_LOADER_MAGIC 0x2BADB002
#define MB2_LOADER_MAGIC 0x36d76289

#define MB1_INFO_CMDLINE (1 << 2)
#define MB1_INFO_MODS	 (1 << 3)
#define MB1_INFO_MMAP	 (1 << 6)

#define MB_MEMORY_AVAILABLE 1

#define MB2_TAG_END	0
#define MB2_TAG_CMDLINE 1
#define MB2_TAG_MODULE	3
#define MB2_TAG_MMAP	6

struct boot_info boot_info;

extern char __boot_start[], __bss_end_phys[];

static void add_range(struct mem_range *r, int *n, paddr_t s, paddr_t e)
{
	if (*n < BOOT_MAX_RANGES && s < e)
		r[(*n)++] = (struct mem_range){s, e};
}

static void add_ram(uint64_t base, uint64_t len, uint32_t type)
{
	if (type == MB_MEMORY_AVAILABLE)
		add_range(boot_info.ram, &boot_info.nram, base, base + len);
}

static void add_module(paddr_t start, paddr_t end, const char *name)
{
	if (boot_info.nmodules == BOOT_MAX_MODULES)
		return;
	struct boot_module *m = &boot_info.modules[boot_info.nmodules++];
	m->start = start;
	m->end = end;
	strlcpy(m->name, name ? name : "", sizeof(m->name));
	add_range(boot_info.reserved, &boot_info.nreserved,
		  PAGE_ALIGN_DOWN(start), PAGE_ALIGN_UP(end));
}

struct mb1_info {
	uint32_t flags, mem_lower, mem_upper, boot_device, cmdline;
	uint32_t mods_count, mods_addr, syms[4], mmap_length, mmap_addr;
} __attribute__((packed));

struct mb1_module {
	uint32_t start, end, string, reserved;
};

struct mb1_mmap_entry {
	uint32_t size;
	uint64_t base, len;
	uint32_t type;
} __attribute__((packed));

static void parse_mb1(paddr_t pa)
{
	const struct mb1_info *mbi = phys_to_virt(pa);
	boot_info.loader = "multiboot1";
	add_range(boot_info.reserved, &boot_info.nreserved, PAGE_ALIGN_DOWN(pa),
		  PAGE_ALIGN_UP(pa + sizeof(*mbi)));
	if (mbi->flags & MB1_INFO_CMDLINE)
		strlcpy(boot_info.cmdline, phys_to_virt(mbi->cmdline),
			sizeof(boot_info.cmdline));
	if (mbi->flags & MB1_INFO_MMAP) {
		paddr_t p = mbi->mmap_addr, end = p + mbi->mmap_length;
		while (p < end) {
			const struct mb1_mmap_entry *e = phys_to_virt(p);
			add_ram(e->base, e->len, e->type);
			p += e->size + 4;
		}
	}
	if (mbi->flags & MB1_INFO_MODS) {
		const struct mb1_module *m = phys_to_virt(mbi->mods_addr);
		for (uint32_t i = 0; i < mbi->mods_count; i++)
			add_module(m[i].start, m[i].end,
				   m[i].string ? phys_to_virt(m[i].string)
					       : NULL);
	}
}

struct mb2_tag {
	uint32_t type, size;
};

static void parse_mb2_tag(const struct mb2_tag *t)
{
	const uint8_t *body = (const uint8_t *)(t + 1);
	if (t->type == MB2_TAG_CMDLINE) {
		strlcpy(boot_info.cmdline, (const char *)body,
			sizeof(boot_info.cmdline));
	} else if (t->type == MB2_TAG_MODULE) {
		const uint32_t *m = (const uint32_t *)body;
		add_module(m[0], m[1], (const char *)(m + 2));
	} else if (t->type == MB2_TAG_MMAP) {
		uint32_t entry_size = ((const uint32_t *)body)[0];
		const uint8_t *e = body + 8,
			      *end = (const uint8_t *)t + t->size;
		for (; e + entry_size <= end; e += entry_size) {
			const uint64_t *q = (const uint64_t *)e;
			add_ram(q[0], q[1], *(const uint32_t *)(e + 16));
		}
	}
}

static void parse_mb2(paddr_t pa)
{
	uint32_t total = *(const uint32_t *)phys_to_virt(pa);
	boot_info.loader = "multiboot2";
	add_range(boot_info.reserved, &boot_info.nreserved, PAGE_ALIGN_DOWN(pa),
		  PAGE_ALIGN_UP(pa + total));
	for (paddr_t p = pa + 8; p < pa + total;) {
		const struct mb2_tag *t = phys_to_virt(p);
		if (t->type == MB2_TAG_END)
			break;
		parse_mb2_tag(t);
		p += (t->size + 7) & ~7U;
	}
}

int boot_info_parse(uint32_t magic, paddr_t info)
{
	add_range(boot_info.reserved, &boot_info.nreserved,
		  (paddr_t)__boot_start, (paddr_t)__bss_end_phys);
	if (magic == MB1_LOADER_MAGIC)
		parse_mb1(info);
	else if (magic == MB2_LOADER_MAGIC)
		parse_mb2(info);
	else
		return -EINVAL; /* not loaded by a Multiboot loader */
	return 0;
}
