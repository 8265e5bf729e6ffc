/*
 * Host tests of the frame allocator (kernel/mm/frame.c) over fake RAM.
 */
#include <string.h>

#include "fake_phys.h"
#include "tap.h"
#include "mm/frame.h"
#include "mm/phys.h"

#define MiB (1UL << 20)

static uint64_t init_16m_with_hole(void)
{
	/* RAM [0, 16M); [2M, 3M) reserved (a "kernel image"). */
	static const struct mem_range ram[] = {{0, 16 * MiB}};
	static const struct mem_range res[] = {{2 * MiB, 3 * MiB}};
	fake_phys_init(16 * MiB);
	CHECK_EQ(frame_init(ram, 1, res, 1), 0);
	return frame_total_count();
}

/* Frames the table of n struct frames takes. */
static uint64_t table_frames(uint64_t n)
{
	return (n * sizeof(struct frame) + 4095) / 4096;
}

static void counts_exclude_low_reserved_and_table(void)
{
	uint64_t total = init_16m_with_hole();
	/* 4096 frames - 256 below 1 MiB - 256 reserved - the table (4096
	 * entries: 24 frames of 24-byte entries). */
	CHECK_EQ(sizeof(struct frame), 24);
	CHECK_EQ(total, 4096 - 256 - 256 - table_frames(4096));
	CHECK_EQ(frame_free_count(), total);
	CHECK_EQ(frame_max_pfn(), 4096);
	frame_check();
}

static void alloc_all_then_free_all(void)
{
	uint64_t total = init_16m_with_hole();
	static paddr_t got[4096];
	static unsigned char seen[4096];
	memset(seen, 0, sizeof(seen));
	for (uint64_t i = 0; i < total; i++) {
		got[i] = frame_alloc(FRAME_DIRTY);
		CHECK(got[i] != 0);
		CHECK(got[i] % 4096 == 0);
		CHECK(got[i] >= 1 * MiB);
		CHECK(!(got[i] >= 2 * MiB && got[i] < 3 * MiB));
		CHECK(!seen[got[i] >> 12]);
		seen[got[i] >> 12] = 1;
		/* The frame table must not be handed out: writing the frame
		 * would corrupt it, and frame_check() would notice below. */
		memset(phys_to_virt(got[i]), 0xff, 4096);
	}
	CHECK_EQ(frame_free_count(), 0);
	CHECK_EQ(frame_alloc(FRAME_ZERO), 0); /* exhausted */
	for (uint64_t i = 0; i < total; i++)
		frame_put(got[i]);
	CHECK_EQ(frame_free_count(), total);
	frame_check();
}

static void zeroed_frame_is_zero(void)
{
	init_16m_with_hole();
	paddr_t pa = frame_alloc(FRAME_ZERO);
	const unsigned char *p = phys_to_virt(pa);
	for (int i = 0; i < 4096; i++)
		CHECK_EQ(p[i], 0);
	frame_put(pa);
}

static void refcount_holds_frame(void)
{
	uint64_t total = init_16m_with_hole();
	paddr_t pa = frame_alloc(FRAME_DIRTY);
	CHECK_EQ(pa_to_frame(pa)->refcount, 1);
	frame_get(pa);
	frame_get(pa);
	frame_put(pa);
	frame_put(pa);
	CHECK_EQ(frame_free_count(), total - 1);
	frame_put(pa);
	CHECK_EQ(frame_free_count(), total);
	/* LIFO: the frame just freed is the next one handed out. */
	CHECK_EQ(frame_alloc(FRAME_DIRTY), pa);
}

static void holes_between_ranges_are_never_used(void)
{
	static const struct mem_range ram[] = {{0, 4 * MiB},
					       {8 * MiB, 12 * MiB}};
	fake_phys_init(12 * MiB);
	CHECK_EQ(frame_init(ram, 2, NULL, 0), 0);
	/* 1024 + 1024 RAM frames - 256 low - the table (3072 entries). */
	CHECK_EQ(frame_total_count(), 2048 - 256 - table_frames(3072));
	paddr_t pa;
	while ((pa = frame_alloc(FRAME_DIRTY)) != 0)
		CHECK(pa < 4 * MiB || pa >= 8 * MiB);
	frame_check();
}

static void table_goes_around_reserved(void)
{
	/* The first free spot above 1 MiB is reserved: the table must land
	 * after it, and no frame of the reserved range is ever handed out. */
	static const struct mem_range ram[] = {{0, 8 * MiB}};
	static const struct mem_range res[] = {{1 * MiB, 5 * MiB}};
	fake_phys_init(8 * MiB);
	CHECK_EQ(frame_init(ram, 1, res, 1), 0);
	CHECK_EQ(frame_total_count(), 2048 - 256 - 1024 - table_frames(2048));
	paddr_t pa;
	while ((pa = frame_alloc(FRAME_DIRTY)) != 0)
		CHECK(pa >= 5 * MiB);
}

static void no_room_for_table_is_enomem(void)
{
	static const struct mem_range ram[] = {{0, 1 * MiB}};
	fake_phys_init(1 * MiB);
	CHECK_EQ(frame_init(ram, 1, NULL, 0), -12);
}

int main(void)
{
	static const struct tap_case cases[] = {
	    TAP_CASE(counts_exclude_low_reserved_and_table),
	    TAP_CASE(alloc_all_then_free_all),
	    TAP_CASE(zeroed_frame_is_zero),
	    TAP_CASE(refcount_holds_frame),
	    TAP_CASE(holes_between_ranges_are_never_used),
	    TAP_CASE(table_goes_around_reserved),
	    TAP_CASE(no_room_for_table_is_enomem),
	};
	return tap_run(cases, ARRAY_SIZE(cases));
}
