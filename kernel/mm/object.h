/*
 * vm_object: a page cache.  One object holds the pages of one tmpfs file
 * (or symlink), or of one shared anonymous mapping, indexed by page offset
 * (pgoff = byte offset / PAGE_SIZE).  read()/write() copy through it and
 * mmap maps its frames directly, so both always see the same bytes.
 *
 * The index is a radix tree of page-sized nodes, 512 entries each; a file
 * with no pages has no tree at all and a sparse file only builds the
 * branches it uses.  docs/fs.md draws it.
 *
 * Not here: which process maps which page (mm/vma, the fault handler), and
 * who may read or write the file (fs/).  The object does not check sizes
 * against limits; its callers do.
 */
#ifndef TIDE_MM_OBJECT_H
#define TIDE_MM_OBJECT_H

#include "lib/types.h"

struct inode;

struct vm_object {
	uint32_t refcount;   /* open files + mappings + the inode's own */
	uint64_t size;	     /* bytes; pages past it give SIGBUS when mapped */
	struct inode *inode; /* owner; NULL for anonymous shared memory */

	/* Private to object.c. */
	paddr_t root;	 /* top node of the radix tree, 0 if none */
	unsigned height; /* levels below root; 0: no tree */
	uint64_t npages; /* pages in the cache */
};

/* Bytes an object can hold: Linux's MAX_LFS_FILESIZE, 2^63 - 1. */
#define VM_OBJECT_MAX_SIZE 0x7fffffffffffffffULL

/* An empty object (size 0) with refcount 1, or NULL when out of memory. */
struct vm_object *vm_object_new(struct inode *owner);

void vm_object_get(struct vm_object *o);
/*
 * Drops one reference.  The last one frees every cached page (frame_put:
 * a page still mapped somewhere lives on through that mapping's frame
 * reference), the index and the object, then hands an owning inode to
 * inode_evict() so the file system frees it too.
 */
void vm_object_put(struct vm_object *o);

/* Implemented by fs/inode.c: frees an inode whose object has just died. */
void inode_evict(struct inode *inode);

/* The frame caching page pgoff, or 0 if none.  Adds no reference. */
paddr_t vm_object_find_page(struct vm_object *o, uint64_t pgoff);

/*
 * The frame caching page pgoff, allocating a zeroed one if absent.  The
 * cache keeps its own reference; a mapping that keeps the frame must take
 * another (frame_get).  Returns 0 when out of memory.  Does not look at
 * size: the caller decides whether pgoff is inside the object.
 */
paddr_t vm_object_get_page(struct vm_object *o, uint64_t pgoff);

/*
 * Sets the size.  Shrinking drops the pages wholly past new_size; either
 * way the bytes of the last page past new_size are zeroed, so that the
 * cache never holds stale data beyond the end (growing the file reads
 * zeros there, as POSIX requires).
 */
void vm_object_truncate(struct vm_object *o, uint64_t new_size);

/*
 * Copies up to n bytes at off into kbuf, stopping at size; holes read as
 * zeros and allocate nothing.  Returns the bytes copied (0 at or past the
 * end).
 */
ssize_t vm_object_read(struct vm_object *o, uint64_t off, void *kbuf, size_t n);

/*
 * Copies n bytes from kbuf to off, allocating pages and growing size as
 * needed.  Returns n, or fewer if memory ran out part way, or -ENOMEM if
 * not even the first page could be had.  -EFBIG if off + n would pass
 * VM_OBJECT_MAX_SIZE (checked before anything is written).
 */
ssize_t vm_object_write(struct vm_object *o, uint64_t off, const void *kbuf,
			size_t n);

/*
 * Implemented by the process layer (proc/rmap.c): removes every page at
 * pgoff and beyond from every mapping of o, private copies included, as
 * Linux's truncate does; a later touch there raises SIGBUS.
 */
void vm_object_unmap_from(struct vm_object *o, uint64_t pgoff);

/* The first cached page at or after pgoff, or UINT64_MAX if none: what
 * lseek's SEEK_DATA looks for.  Skips empty branches whole. */
uint64_t vm_object_next_page(struct vm_object *o, uint64_t pgoff);

/* Takes page pgoff out of the cache and returns its frame, whose cache
 * reference passes to the caller; 0 if it was not cached. */
paddr_t vm_object_remove_page(struct vm_object *o, uint64_t pgoff);

/*
 * Punches a hole: pages [first, end) leave the cache and every mapping
 * that maps them (private copies stay), so they read as zeros again, as
 * fallocate(PUNCH_HOLE) and madvise(MADV_REMOVE) do on tmpfs.
 */
void vm_object_punch(struct vm_object *o, uint64_t first, uint64_t end);

/* Implemented by proc/rmap.c: removes frame pa, page pgoff of o, from
 * every mapping that maps that very frame. */
void vm_object_unmap_page(struct vm_object *o, uint64_t pgoff, paddr_t pa);

/* Pages in the cache (not counting the index's own nodes). */
uint64_t vm_object_nr_pages(struct vm_object *o);

#endif
