/*
 * malloc, free and friends: how a process gets memory from the kernel
 * and gives it back.
 *
 * Small blocks live in the heap, the region above the program's data that
 * grows and shrinks with the program break (sbrk/brk).  Blocks of
 * MMAP_THRESHOLD (128 KiB) or more get their own anonymous mmap, which
 * free() returns at once with munmap.
 *
 *   the heap, one segment (a stretch of memory sbrk handed us):
 *
 *   seg start                                             heap_end = break
 *   | chunk | chunk |  free chunk  | chunk |   top (free)     |fence|
 *   +-------+-------+--------------+-------+------------------+-----+
 *             in use  in a bin,      in use  the "wilderness":  size 0,
 *                     links inside           grows via sbrk,    always
 *                                            shrinks via brk    in use
 *
 *   one chunk:
 *
 *   +-----------+-----------+-------------------------------------+
 *   | prev_size |   head    | payload (16-byte aligned) ...       |
 *   +-----------+-----------+-------------------------------------+
 *   0           8           16 = what malloc returns
 *
 * head is the chunk's size (a multiple of 16, header included) with the
 * C_INUSE and C_MMAPPED flags in its low bits.  prev_size is always the
 * size of the chunk just below (0 for a segment's first chunk), so free()
 * can find both neighbours and merge with the free ones (the "boundary
 * tags" of Knuth).  A free chunk keeps next/prev links in its payload and
 * sits in one of NBINS lists by size (bin i: sizes in [32 << i, 64 << i)).
 *
 * Giving memory back:
 *   - an mmap'd block: munmap on free;
 *   - the top chunk: when TRIM_THRESHOLD (128 KiB) or more of it is free,
 *     the break is lowered with sbrk(-n) and the pages go back;
 *   - a free chunk of RELEASE_THRESHOLD (64 KiB) or more inside the heap:
 *     madvise(MADV_DONTNEED) on the whole pages inside it, so the kernel
 *     drops the frames but the addresses stay ours (reading them gives
 *     zeros).
 *
 * Not thread-safe (tide processes have one thread).  A program that
 * lowers the break itself loses the heap above its new break, as with
 * glibc; blocks that still fit below it keep working (see set_chunk).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define ALIGN		  16
#define HEADER		  16 /* prev_size + head */
#define MIN_CHUNK	  32 /* header + two free-list links */
#define PAGE		  4096UL
#define MMAP_THRESHOLD	  (128 * 1024UL)
#define TRIM_THRESHOLD	  (128 * 1024UL)
#define RELEASE_THRESHOLD (64 * 1024UL)
#define GROW_MIN	  (64 * 1024UL) /* smallest sbrk step */
#define NBINS		  32

#define MIN(a, b) ((a) < (b) ? (a) : (b))

#define C_INUSE	  1UL
#define C_MMAPPED 2UL
#define C_FLAGS	  (C_INUSE | C_MMAPPED)

struct chunk {
	size_t prev_size; /* heap: size of the chunk below; mmap: offset
			     of this header from the mapping's start */
	size_t head;	  /* size | flags */
	struct chunk *next, *prev; /* free chunks only: bin links */
};

static struct chunk *bins[NBINS];
static struct chunk *top; /* the free chunk just below the fence */
static char *heap_end;	  /* end of the newest segment (fence included) */

static size_t csize(const struct chunk *c)
{
	return c->head & ~C_FLAGS;
}

static bool in_use(const struct chunk *c)
{
	return c->head & C_INUSE;
}

static struct chunk *chunk_at(void *p, size_t off)
{
	return (struct chunk *)((char *)p + off);
}

static struct chunk *next_chunk(struct chunk *c)
{
	return chunk_at(c, csize(c));
}

static struct chunk *prev_chunk(struct chunk *c)
{
	return c->prev_size ? (struct chunk *)((char *)c - c->prev_size) : NULL;
}

static struct chunk *mem_to_chunk(void *p)
{
	return (struct chunk *)((char *)p - HEADER);
}

static void *chunk_to_mem(struct chunk *c)
{
	return (char *)c + HEADER;
}

/*
 * Sets c's size and flags and tells the chunk above about the new size.
 * The newest fence is not told: nothing ever looks below it, and not
 * touching the last page of the heap lets a program that lowered the
 * break itself (the seed post's brk experiment) keep using malloc for
 * whatever still fits below its break.
 */
static void set_chunk(struct chunk *c, size_t size, unsigned long flags)
{
	c->head = size | flags;
	if ((char *)c + size != heap_end - HEADER)
		chunk_at(c, size)->prev_size = size;
}

/* The chunk size for a request of n bytes, or 0 if n is absurd. */
static size_t request_size(size_t n)
{
	size_t size;

	if (n > SIZE_MAX / 2)
		return 0;
	size = (n + HEADER + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	return size < MIN_CHUNK ? MIN_CHUNK : size;
}

/* ---- the bins ---------------------------------------------------- */

static int bin_index(size_t size)
{
	int i = 63 - __builtin_clzl(size / MIN_CHUNK);

	return i < NBINS ? i : NBINS - 1;
}

static void bin_insert(struct chunk *c)
{
	struct chunk **bin = &bins[bin_index(csize(c))];

	c->prev = NULL;
	c->next = *bin;
	if (*bin)
		(*bin)->prev = c;
	*bin = c;
}

static void bin_remove(struct chunk *c)
{
	if (c->prev)
		c->prev->next = c->next;
	else
		bins[bin_index(csize(c))] = c->next;
	if (c->next)
		c->next->prev = c->prev;
}

/* First fit in the bin for size, then anything from a larger bin. */
static struct chunk *bin_find(size_t size)
{
	for (int i = bin_index(size); i < NBINS; i++) {
		for (struct chunk *c = bins[i]; c; c = c->next) {
			if (csize(c) >= size) {
				bin_remove(c);
				return c;
			}
		}
	}
	return NULL;
}

/* The fence: a header of size 0, always in use, at the end of the newest
 * segment, so that merging never runs past it. */
static void set_fence(void)
{
	struct chunk *fence = (struct chunk *)(heap_end - HEADER);

	fence->head = C_INUSE;
}

/* ---- returning memory to the kernel ------------------------------ */

/* MADV_DONTNEED on the whole pages inside free chunk c, past its header
 * and links: the frames go back to the kernel, the addresses stay ours. */
static void release_interior(struct chunk *c)
{
	uintptr_t start = ((uintptr_t)c + MIN_CHUNK + PAGE - 1) & ~(PAGE - 1);
	uintptr_t end = ((uintptr_t)c + csize(c)) & ~(PAGE - 1);

	if (end > start)
		madvise((void *)start, end - start, MADV_DONTNEED);
}

/* Lowers the break when the top chunk has TRIM_THRESHOLD bytes free,
 * keeping a minimal top chunk and the fence. */
static void trim_top(void)
{
	uintptr_t keep, release;

	if (top == NULL || csize(top) < TRIM_THRESHOLD ||
	    (char *)sbrk(0) != heap_end)
		return; /* small, or someone else moved the break */
	keep = ((uintptr_t)top + MIN_CHUNK + HEADER + PAGE - 1) & ~(PAGE - 1);
	release = (uintptr_t)heap_end - keep;
	if (release < PAGE || sbrk(-(intptr_t)release) == (void *)-1)
		return;
	heap_end = (char *)keep;
	set_fence();
	set_chunk(top, keep - HEADER - (uintptr_t)top, 0);
}

/* ---- getting memory from the kernel ------------------------------ */

/*
 * Makes the top chunk at least size bytes by raising the break.  If the
 * new memory continues our newest segment, the fence moves up and top
 * grows; otherwise (the first call, or the program moved the break
 * itself) a new segment starts there and the old top goes to a bin.
 * Returns false (errno ENOMEM) if the kernel refuses.
 */
static bool grow_heap(size_t size)
{
	char *old = sbrk(0);
	bool contiguous = heap_end != NULL && old == heap_end;
	size_t have = contiguous && top ? csize(top) : 0;
	size_t pad = contiguous ? 0 : (-(uintptr_t)old & (ALIGN - 1));
	size_t want = size - have + (contiguous ? 0 : HEADER) + pad;

	if (want < GROW_MIN)
		want = GROW_MIN;
	want = (want + PAGE - 1) & ~(PAGE - 1);
	if (sbrk((intptr_t)want) == (void *)-1)
		return false;

	if (contiguous) {
		/* The old fence header becomes the start of the new space. */
		struct chunk *fence = (struct chunk *)(heap_end - HEADER);

		heap_end += want;
		set_fence();
		if (top)
			set_chunk(top, csize(top) + want, 0);
		else {
			top = fence;
			set_chunk(top, want, 0);
		}
	} else {
		if (top) {
			bin_insert(top);
			if (csize(top) >= RELEASE_THRESHOLD)
				release_interior(top);
		}
		top = (struct chunk *)(old + pad);
		heap_end = old + want;
		set_fence();
		top->prev_size = 0; /* the segment's first chunk */
		set_chunk(top, want - pad - HEADER, 0);
	}
	return true;
}

/* Cuts chunk c (in use, not mmap'd) down to size, freeing the rest if it
 * can form a chunk of its own. */
static void free_chunk(struct chunk *c);

static void split(struct chunk *c, size_t size)
{
	size_t total = csize(c);
	struct chunk *rest;

	if (total - size < MIN_CHUNK)
		return;
	set_chunk(c, size, C_INUSE);
	rest = chunk_at(c, size);
	set_chunk(rest, total - size, C_INUSE);
	free_chunk(rest);
}

/* A chunk of at least size bytes from the bins or the top. */
static struct chunk *heap_alloc(size_t size)
{
	struct chunk *c = bin_find(size);

	if (c == NULL) {
		if ((top == NULL || csize(top) < size + MIN_CHUNK) &&
		    !grow_heap(size + MIN_CHUNK))
			return NULL;
		/* Carve the chunk from the bottom of top. */
		c = top;
		top = chunk_at(c, size);
		set_chunk(top, csize(c) - size, 0);
		set_chunk(c, size, C_INUSE);
		return c;
	}
	set_chunk(c, csize(c), C_INUSE);
	split(c, size);
	return c;
}

/* ---- big blocks: one mmap each ----------------------------------- */

static struct chunk *mmap_alloc(size_t size)
{
	size_t len = (size + PAGE - 1) & ~(PAGE - 1);
	struct chunk *c = mmap(NULL, len, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (c == MAP_FAILED)
		return NULL;
	c->prev_size = 0;
	c->head = len | C_INUSE | C_MMAPPED;
	return c;
}

static void mmap_free(struct chunk *c)
{
	munmap((char *)c - c->prev_size, c->prev_size + csize(c));
}

/* ---- the public interface ---------------------------------------- */

/* Marks c free, merges it with free neighbours, and files the result:
 * it becomes the new top, or goes to a bin. */
static void free_chunk(struct chunk *c)
{
	struct chunk *prev = prev_chunk(c), *next = next_chunk(c);
	size_t size = csize(c);

	if (prev && !in_use(prev)) {
		bin_remove(prev);
		size += csize(prev);
		c = prev;
	}
	if (next == top) {
		size += csize(top);
		top = c;
	} else if (!in_use(next)) {
		bin_remove(next);
		size += csize(next);
	}
	set_chunk(c, size, 0);
	if (c == top) {
		trim_top();
		return;
	}
	bin_insert(c);
	if (size >= RELEASE_THRESHOLD)
		release_interior(c);
}

void *malloc(size_t n)
{
	size_t size = request_size(n);
	struct chunk *c;

	if (size == 0) {
		errno = ENOMEM;
		return NULL;
	}
	c = size >= MMAP_THRESHOLD ? mmap_alloc(size) : heap_alloc(size);
	if (c == NULL) {
		errno = ENOMEM;
		return NULL;
	}
	return chunk_to_mem(c);
}

void free(void *p)
{
	struct chunk *c;

	if (p == NULL)
		return;
	c = mem_to_chunk(p);
	if (c->head & C_MMAPPED)
		mmap_free(c);
	else
		free_chunk(c);
}

/* Fresh anonymous mappings are already zero: only heap memory is
 * cleared. */
void *calloc(size_t nmemb, size_t size)
{
	size_t n;
	void *p;

	if (__builtin_mul_overflow(nmemb, size, &n)) {
		errno = ENOMEM;
		return NULL;
	}
	p = malloc(n);
	if (p && !(mem_to_chunk(p)->head & C_MMAPPED))
		memset(p, 0, n);
	return p;
}

/* Tries to make heap chunk c hold size bytes without moving it. */
static bool resize_in_place(struct chunk *c, size_t size)
{
	struct chunk *next = next_chunk(c);
	size_t have = csize(c);

	if (have >= size) {
		split(c, size);
		return true;
	}
	if (next == top && have + csize(top) >= size + MIN_CHUNK) {
		size_t rest = have + csize(top) - size;

		top = chunk_at(c, size);
		set_chunk(top, rest, 0);
		set_chunk(c, size, C_INUSE);
		return true;
	}
	if (next != top && !in_use(next) && have + csize(next) >= size) {
		bin_remove(next);
		set_chunk(c, have + csize(next), C_INUSE);
		split(c, size);
		return true;
	}
	return false;
}

/* realloc(p, 0) frees p and returns NULL, as glibc does.  A big block
 * grows or shrinks with mremap, which can move it without copying. */
void *realloc(void *p, size_t n)
{
	size_t size = request_size(n);
	struct chunk *c;
	void *q;

	if (p == NULL)
		return malloc(n);
	if (n == 0) {
		free(p);
		return NULL;
	}
	if (size == 0) {
		errno = ENOMEM;
		return NULL;
	}
	c = mem_to_chunk(p);
	if (!(c->head & C_MMAPPED)) {
		if (size < MMAP_THRESHOLD && resize_in_place(c, size))
			return p;
	} else if (size >= MMAP_THRESHOLD && c->prev_size == 0) {
		size_t len = (size + PAGE - 1) & ~(PAGE - 1);
		struct chunk *m = mremap(c, csize(c), len, MREMAP_MAYMOVE);

		if (m != MAP_FAILED) {
			m->head = len | C_INUSE | C_MMAPPED;
			return chunk_to_mem(m);
		}
	}
	q = malloc(n);
	if (q == NULL)
		return NULL;
	memcpy(q, p, MIN(n, csize(c) - HEADER));
	free(p);
	return q;
}

void *reallocarray(void *p, size_t nmemb, size_t size)
{
	size_t n;

	if (__builtin_mul_overflow(nmemb, size, &n)) {
		errno = ENOMEM;
		return NULL;
	}
	return realloc(p, n);
}

/*
 * Allocates with room to spare, then gives back the part below the first
 * suitably aligned address (at least MIN_CHUNK bytes, so it can be a
 * chunk of its own) and the part above the block.
 */
void *memalign(size_t align, size_t n)
{
	size_t size = request_size(n);
	struct chunk *c, *ac;
	char *p, *q;
	size_t lead;

	if (align <= ALIGN)
		return malloc(n);
	if (align & (align - 1)) {
		errno = EINVAL;
		return NULL;
	}
	if (size == 0 || size > SIZE_MAX / 2 - align) {
		errno = ENOMEM;
		return NULL;
	}
	p = malloc(size + align + MIN_CHUNK);
	if (p == NULL)
		return NULL;
	c = mem_to_chunk(p);
	if (((uintptr_t)p & (align - 1)) == 0) {
		if (!(c->head & C_MMAPPED))
			split(c, size);
		return p;
	}
	q = (char *)(((uintptr_t)p + MIN_CHUNK + align - 1) & ~(align - 1));
	lead = (size_t)(q - p);
	ac = mem_to_chunk(q);
	if (c->head & C_MMAPPED) {
		/* Remember how far the header moved from the mapping start. */
		ac->prev_size = c->prev_size + lead;
		ac->head = (csize(c) - lead) | C_INUSE | C_MMAPPED;
		return q;
	}
	set_chunk(ac, csize(c) - lead, C_INUSE);
	set_chunk(c, lead, C_INUSE);
	free_chunk(c);
	split(ac, size);
	return q;
}

void *aligned_alloc(size_t align, size_t n)
{
	return memalign(align, n);
}

/* Returns 0 or an error number (EINVAL, ENOMEM); errno is untouched. */
int posix_memalign(void **memptr, size_t align, size_t n)
{
	int saved = errno;
	void *p;

	if (align < sizeof(void *) || (align & (align - 1)))
		return EINVAL;
	p = memalign(align, n);
	if (p == NULL) {
		int e = errno;

		errno = saved;
		return e;
	}
	*memptr = p;
	return 0;
}

void *valloc(size_t n)
{
	return memalign(PAGE, n);
}

size_t malloc_usable_size(void *p)
{
	return p ? csize(mem_to_chunk(p)) - HEADER : 0;
}
