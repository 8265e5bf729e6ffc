/*
 * Basic kernel types shared by the kernel and the host unit tests.
 * Virtual and physical addresses get distinct names so a reader can tell
 * which one a variable holds; the compiler does not enforce it.
 */
#ifndef TIDE_LIB_TYPES_H
#define TIDE_LIB_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint64_t vaddr_t; /* a virtual address */
typedef uint64_t paddr_t; /* a physical address */
typedef uint64_t pfn_t;   /* a physical frame number: pa >> PAGE_SHIFT */
typedef int64_t ssize_t;
typedef int64_t off_t;

#define PAGE_SHIFT 12
#define PAGE_SIZE  (1UL << PAGE_SHIFT)
#define PAGE_MASK  (~(PAGE_SIZE - 1))

#define PAGE_ALIGN_DOWN(x) ((x) & PAGE_MASK)
#define PAGE_ALIGN_UP(x)   (((x) + PAGE_SIZE - 1) & PAGE_MASK)
#define IS_PAGE_ALIGNED(x) (((x) & (PAGE_SIZE - 1)) == 0)

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define MIN(a, b)     ((a) < (b) ? (a) : (b))
#define MAX(a, b)     ((a) > (b) ? (a) : (b))

#define __unused   __attribute__((unused))
#define __noreturn __attribute__((noreturn))
#define __packed   __attribute__((packed))

#endif
