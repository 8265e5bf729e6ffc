/*
 * Host tests of the page-table code (kernel/mm/pt.c): real 4-level tables
 * built in fake RAM, checked entry by entry.
 */
#include "fake_phys.h"
#include "tap.h"
#include "mm/frame.h"
#include "mm/phys.h"
#include "mm/pt.h"

#define MiB (1UL << 20)
#define GiB (1UL << 30)

static paddr_t kroot;

/* 32 MiB of RAM, a kernel root with one kernel-half entry, a user root. */
static paddr_t setup(void)
{
	static const struct mem_range ram[] = {{0, 32 * MiB}};
	fake_phys_init(32 * MiB);
	CHECK_EQ(frame_init(ram, 1, NULL, 0), 0);
	kroot = frame_alloc(FRAME_ZERO);
	pte_t *k = phys_to_virt(kroot);
	k[511] = 0x1000 | PTE_P | PTE_W; /* stands for the kernel's PDPT */
	paddr_t root = pt_new_root(kroot);
	CHECK(root != 0);
	return root;
}

static pte_t entry_at(paddr_t root, vaddr_t va, int level)
{
	pte_t *t = phys_to_virt(root);
	for (int l = 4; l > level; l--)
		t = phys_to_virt(pte_addr(t[pt_index(va, l)]));
	return t[pt_index(va, level)];
}

static void new_root_shares_kernel_half(void)
{
	paddr_t root = setup();
	pte_t *u = phys_to_virt(root);
	CHECK_EQ(u[511], 0x1000 | PTE_P | PTE_W);
	for (int i = 0; i < 256; i++)
		CHECK_EQ(u[i], 0);
	CHECK_EQ(pt_count_tables(root), 0);
}

static void map_builds_three_tables_with_real_bits(void)
{
	paddr_t root = setup();
	uint64_t before = frame_free_count();
	paddr_t page = frame_alloc(FRAME_ZERO);
	vaddr_t va = 0x400000;
	CHECK_EQ(pt_map(root, va, page, PTE_W | PTE_U | PTE_NX), 0);
	CHECK_EQ(frame_free_count(), before - 1 - 3); /* page + PDPT, PD, PT */
	CHECK_EQ(pt_count_tables(root), 3);
	for (int level = 4; level > 1; level--)
		CHECK_EQ(entry_at(root, va, level) & ~PTE_ADDR_MASK,
			 PTE_P | PTE_W | PTE_U);
	CHECK_EQ(entry_at(root, va, 1), page | PTE_P | PTE_W | PTE_U | PTE_NX);
	pte_t *e = pt_lookup(root, va);
	CHECK(e && pte_addr(*e) == page);
	CHECK_EQ(pt_map(root, va, page, PTE_U), -17); /* -EEXIST */
	CHECK(pt_lookup(root, 0x80000000) == NULL);   /* no PD there */
}

/* Indices follow Intel SDM Vol. 3A, 4.5: bits 47-39, 38-30, 29-21, 20-12.
 * 0x7f8040201000 uses entry 255 of the PML4 and entry 1 below it. */
static void map_uses_the_hardware_indices(void)
{
	paddr_t root = setup();
	paddr_t page = frame_alloc(FRAME_ZERO);
	CHECK_EQ(pt_map(root, 0x7f8040201000, page, PTE_U), 0);
	const pte_t *t = phys_to_virt(root);
	CHECK(t[255] & PTE_P);
	t = phys_to_virt(pte_addr(t[255]));
	CHECK(t[1] & PTE_P);
	t = phys_to_virt(pte_addr(t[1]));
	CHECK(t[1] & PTE_P);
	t = phys_to_virt(pte_addr(t[1]));
	CHECK_EQ(t[1], page | PTE_P | PTE_U);
}

static void mapcount_counts_ptes_and_zero_page_is_uncounted(void)
{
	paddr_t root = setup();
	paddr_t page = frame_alloc(FRAME_ZERO);
	CHECK_EQ(pt_map(root, 0x400000, page, PTE_U), 0);
	CHECK_EQ(pt_map(root, 0x500000, page, PTE_U), 0);
	CHECK_EQ(pa_to_frame(page)->count, 2);
	/* Both entries go, but neither counts: page plays the zero page. */
	CHECK_EQ(pt_unmap(root, 0, 1UL << 47, PT_KEEP_FRAMES, page), 0);
	CHECK_EQ(pa_to_frame(page)->count, 0);
}

static void unmap_frees_empty_tables_and_frame(void)
{
	paddr_t root = setup();
	uint64_t before = frame_free_count();
	paddr_t a = frame_alloc(FRAME_ZERO), b = frame_alloc(FRAME_ZERO);
	CHECK_EQ(pt_map(root, 0x400000, a, PTE_U), 0);
	CHECK_EQ(pt_map(root, 0x401000, b, PTE_U), 0);
	CHECK_EQ(pt_count_tables(root), 3);
	long flushes = fake_flushes;
	CHECK_EQ(pt_unmap(root, 0x400000, 0x401000, PT_PUT_FRAMES, 0), 1);
	CHECK_EQ(fake_flushes, flushes + 1);
	CHECK_EQ(pt_count_tables(root), 3); /* b still needs them */
	CHECK_EQ(pt_unmap(root, 0x400000, 0x402000, PT_PUT_FRAMES, 0), 1);
	CHECK_EQ(pt_count_tables(root), 0);
	CHECK_EQ(frame_free_count(), before);
	frame_check();
}

static void keep_frames_mode_leaves_frame(void)
{
	paddr_t root = setup();
	paddr_t a = frame_alloc(FRAME_ZERO);
	CHECK_EQ(pt_map(root, 0x10000, a, PTE_U), 0);
	CHECK_EQ(pt_unmap(root, 0x10000, 0x11000, PT_KEEP_FRAMES, 0), 1);
	CHECK_EQ(pa_to_frame(a)->refcount, 1);
}

static void sparse_gigabyte_unmap(void)
{
	paddr_t root = setup();
	uint64_t before = frame_free_count();
	vaddr_t base = 0x7f0000000000;
	for (int i = 0; i < 16; i++)
		CHECK_EQ(pt_map(root, base + (vaddr_t)i * 64 * MiB,
				frame_alloc(FRAME_ZERO), PTE_U | PTE_W),
			 0);
	CHECK_EQ(pt_unmap(root, base, base + GiB, PT_PUT_FRAMES, 0), 16);
	CHECK_EQ(pt_count_tables(root), 0);
	CHECK_EQ(frame_free_count(), before);
}

struct walk_log {
	vaddr_t seen[8];
	int n, stop_after;
};

static int log_page(pte_t *pte, vaddr_t va, void *ctx)
{
	struct walk_log *w = ctx;
	(void)pte;
	w->seen[w->n++] = va;
	return w->n == w->stop_after ? 7 : 0;
}

static void walk_visits_present_pages_in_order(void)
{
	paddr_t root = setup();
	vaddr_t vas[] = {0x10000, 0x11000, 0x40000000, 0x7ffffffff000 - 4096};
	for (int i = 3; i >= 0; i--)
		CHECK_EQ(pt_map(root, vas[i], frame_alloc(FRAME_ZERO), PTE_U),
			 0);
	struct walk_log w = {.stop_after = -1};
	CHECK_EQ(pt_walk(root, 0, 0x7ffffffff000, log_page, &w), 0);
	CHECK_EQ(w.n, 4);
	for (int i = 0; i < 4 && i < w.n; i++)
		CHECK_EQ(w.seen[i], vas[i]);
	struct walk_log w2 = {.stop_after = 2};
	CHECK_EQ(pt_walk(root, 0, 0x7ffffffff000, log_page, &w2), 7);
	CHECK_EQ(w2.n, 2);
	struct walk_log w3 = {.stop_after = -1};
	pt_walk(root, 0x11000, 0x40000000, log_page, &w3);
	CHECK_EQ(w3.n, 1);
}

static void destroy_returns_every_frame(void)
{
	static const struct mem_range ram[] = {{0, 32 * MiB}};
	fake_phys_init(32 * MiB);
	CHECK_EQ(frame_init(ram, 1, NULL, 0), 0);
	uint64_t before = frame_free_count();
	paddr_t k = frame_alloc(FRAME_ZERO);
	paddr_t root = pt_new_root(k);
	for (vaddr_t va = 0x400000; va < 0x400000 + 600 * 4096; va += 4096)
		CHECK_EQ(pt_map(root, va, frame_alloc(FRAME_DIRTY), PTE_U), 0);
	pt_destroy(root);
	frame_put(k);
	CHECK_EQ(frame_free_count(), before);
	frame_check();
}

static void out_of_memory_is_enomem_without_leak(void)
{
	paddr_t root = setup();
	paddr_t page = frame_alloc(FRAME_ZERO);
	/* Take every frame but one: the PDPT fits, the PD does not. */
	uint64_t n = frame_free_count();
	static paddr_t hog[8192];
	for (uint64_t i = 0; i + 1 < n; i++)
		hog[i] = frame_alloc(FRAME_DIRTY);
	CHECK_EQ(pt_map(root, 0x400000, page, PTE_U), -12);
	for (uint64_t i = 0; i + 1 < n; i++)
		frame_put(hog[i]);
	CHECK_EQ(pt_map(root, 0x400000, page, PTE_U), 0);
	CHECK_EQ(pt_unmap(root, 0, 1UL << 47, PT_PUT_FRAMES, 0), 1);
	CHECK_EQ(pt_count_tables(root), 0);
	CHECK_EQ(frame_free_count(), n + 1);
}

/* The last PML4 slot, where an entry's span ends at 2^64, i.e. wraps to
 * 0 (the kernel's own tables, e.g. its stacks, live up there). */
static void unmap_at_the_top_of_the_address_space(void)
{
	setup();
	paddr_t top = frame_alloc(FRAME_ZERO); /* a root with no kernel half */
	vaddr_t a = 0xffffffffffffd000, b = 0xfffffffffffff000;
	CHECK_EQ(pt_map(top, a, frame_alloc(FRAME_ZERO), PTE_W), 0);
	CHECK_EQ(pt_map(top, b, frame_alloc(FRAME_ZERO), PTE_W), 0);
	CHECK_EQ(pt_unmap(top, a, a + 4096, PT_PUT_FRAMES, 0), 1);
	CHECK(pt_lookup(top, b) && (*pt_lookup(top, b) & PTE_P));
	CHECK_EQ(pt_unmap(top, a, b, PT_PUT_FRAMES, 0), 0);
	CHECK(pt_lookup(top, b) && (*pt_lookup(top, b) & PTE_P));
	CHECK(pt_lookup(top, a) && !(*pt_lookup(top, a) & PTE_P));
}

/* ---- the group summaries, against a model ---------------------------- */

/* Pages at the edges of 8-entry groups (frame.pt_groups) in three PDPT
 * groups, several PD groups and many PT groups, in ascending order. */
static const unsigned slot_pdpt[] = {0, 8, 40};
static const unsigned slot_pd[] = {0, 7, 8, 63, 64, 511};
static const unsigned slot_pt[] = {0, 1, 7, 8, 9, 95, 96, 504, 511};
#define NPD	 ARRAY_SIZE(slot_pd)
#define NPT	 ARRAY_SIZE(slot_pt)
#define NSLOTS	 (ARRAY_SIZE(slot_pdpt) * NPD * NPT)
#define SLOT_TOP 0x7f0000000000UL /* PML4 254, PDPT 0 */

static vaddr_t slot_va(unsigned s)
{
	return SLOT_TOP + ((vaddr_t)slot_pdpt[s / (NPD * NPT)] << 30) +
	       ((vaddr_t)slot_pd[s / NPT % NPD] << 21) +
	       ((vaddr_t)slot_pt[s % NPT] << 12);
}

struct model_walk {
	const bool *mapped;
	unsigned next; /* the slot the walk should meet next */
	int wrong;
};

static int expect_slot(pte_t *pte, vaddr_t va, void *ctx)
{
	struct model_walk *m = ctx;
	(void)pte;
	while (m->next < NSLOTS && !m->mapped[m->next])
		m->next++;
	if (m->next >= NSLOTS || slot_va(m->next) != va)
		m->wrong++;
	m->next++;
	return 0;
}

/* Tables the model needs: one PDPT, a PD per PDPT slot, a PT per PD. */
static uint64_t model_tables(const bool *mapped)
{
	uint64_t n = 0, pds = 0;
	for (unsigned i = 0; i < ARRAY_SIZE(slot_pdpt); i++) {
		uint64_t pts = 0;
		for (unsigned j = 0; j < NPD; j++) {
			bool any = false;
			for (unsigned k = 0; k < NPT; k++)
				any |= mapped[(i * NPD + j) * NPT + k];
			pts += any;
		}
		pds += pts > 0;
		n += pts;
	}
	return n + pds + (pds > 0);
}

static void check_against_model(paddr_t root, const bool *mapped)
{
	struct model_walk m = {.mapped = mapped};
	pt_walk(root, 0, 1UL << 47, expect_slot, &m);
	while (m.next < NSLOTS && !mapped[m.next])
		m.next++;
	CHECK_EQ(m.wrong, 0);
	CHECK_EQ(m.next, NSLOTS); /* none left unvisited */
	CHECK_EQ(pt_count_tables(root), model_tables(mapped));
}

static void unmap_and_walk_agree_with_a_model(void)
{
	paddr_t root = setup();
	uint64_t before = frame_free_count(), seed = 12345;
	bool mapped[NSLOTS] = {0};

	for (int op = 0; op < 4000; op++) {
		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		unsigned a = (unsigned)(seed >> 33) % NSLOTS,
			 b = (unsigned)(seed >> 17) % NSLOTS;
		if (seed >> 63) {
			int want = mapped[a] ? -17 : 0; /* -EEXIST */
			paddr_t page = frame_alloc(FRAME_DIRTY);
			CHECK_EQ(pt_map(root, slot_va(a), page, PTE_U), want);
			if (want)
				frame_put(page);
			mapped[a] = true;
			continue;
		}
		unsigned lo = a < b ? a : b, hi = a < b ? b : a, n = 0;
		for (unsigned s = lo; s <= hi; s++)
			n += mapped[s], mapped[s] = false;
		CHECK_EQ(pt_unmap(root, slot_va(lo), slot_va(hi) + 4096,
				  PT_PUT_FRAMES, 0),
			 n);
		if (op % 64 == 0)
			check_against_model(root, mapped);
	}
	check_against_model(root, mapped);
	pt_unmap(root, 0, 1UL << 47, PT_PUT_FRAMES, 0);
	CHECK_EQ(pt_count_tables(root), 0);
	CHECK_EQ(frame_free_count(), before);
	frame_check();
}

int main(void)
{
	static const struct tap_case cases[] = {
	    TAP_CASE(new_root_shares_kernel_half),
	    TAP_CASE(map_builds_three_tables_with_real_bits),
	    TAP_CASE(map_uses_the_hardware_indices),
	    TAP_CASE(mapcount_counts_ptes_and_zero_page_is_uncounted),
	    TAP_CASE(unmap_frees_empty_tables_and_frame),
	    TAP_CASE(keep_frames_mode_leaves_frame),
	    TAP_CASE(sparse_gigabyte_unmap),
	    TAP_CASE(walk_visits_present_pages_in_order),
	    TAP_CASE(destroy_returns_every_frame),
	    TAP_CASE(out_of_memory_is_enomem_without_leak),
	    TAP_CASE(unmap_at_the_top_of_the_address_space),
	    TAP_CASE(unmap_and_walk_agree_with_a_model),
	};
	return tap_run(cases, ARRAY_SIZE(cases));
}
