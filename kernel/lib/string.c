/*
 * mem* and str* functions with the C standard's contracts.  Freestanding:
 * the kernel, libc.a and the host tests all compile this same file, so it
 * calls nothing and includes only compiler headers and lib/string.h.
 *
 * memcpy and memset move 8 bytes at a time once the destination is
 * aligned; everything else is a plain byte loop, which is easy to check.
 * GCC recognises such loops and may replace them with calls to memcpy or
 * memset, which here would call themselves: NO_LOOP_CALLS turns that off.
 */
#include <stdint.h>

#include "lib/string.h"

#if defined(__GNUC__) && !defined(__clang__)
#define NO_LOOP_CALLS                                                          \
	__attribute__((optimize("no-tree-loop-distribute-patterns")))
#else
#define NO_LOOP_CALLS
#endif

/* A word that may alias any other type, for the 8-byte loops. */
typedef uint64_t __attribute__((may_alias)) word_t;

NO_LOOP_CALLS void *memcpy(void *restrict dst, const void *restrict src,
			   size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	while (n > 0 && ((uintptr_t)d & 7) != 0) {
		*d++ = *s++;
		n--;
	}
	if (((uintptr_t)s & 7) == 0) {
		for (; n >= 8; n -= 8, d += 8, s += 8)
			*(word_t *)d = *(const word_t *)s;
	}
	while (n-- > 0)
		*d++ = *s++;
	return dst;
}

NO_LOOP_CALLS void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d == s || n == 0)
		return dst;
	if (d < s || d >= s + n)
		return memcpy(dst, src, n); /* no harmful overlap forwards */
	/* dst overlaps the tail of src: copy backwards. */
	while (n-- > 0)
		d[n] = s[n];
	return dst;
}

NO_LOOP_CALLS void *memset(void *s, int c, size_t n)
{
	unsigned char *p = s;
	word_t w = (unsigned char)c * 0x0101010101010101ULL;

	while (n > 0 && ((uintptr_t)p & 7) != 0) {
		*p++ = (unsigned char)c;
		n--;
	}
	for (; n >= 8; n -= 8, p += 8)
		*(word_t *)p = w;
	while (n-- > 0)
		*p++ = (unsigned char)c;
	return s;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (size_t i = 0; i < n; i++) {
		if (x[i] != y[i])
			return x[i] - y[i];
	}
	return 0;
}

void *memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (size_t i = 0; i < n; i++) {
		if (p[i] == (unsigned char)c)
			return (void *)(p + i);
	}
	return NULL;
}

size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return (size_t)(p - s);
}

size_t strnlen(const char *s, size_t maxlen)
{
	size_t n = 0;

	while (n < maxlen && s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n > 0; n--, a++, b++) {
		if (*a != *b || *a == '\0')
			return (unsigned char)*a - (unsigned char)*b;
	}
	return 0;
}

NO_LOOP_CALLS char *strcpy(char *restrict dst, const char *restrict src)
{
	char *d = dst;

	while ((*d++ = *src++) != '\0')
		;
	return dst;
}

/* Copies up to n bytes and pads with NULs to exactly n (the C contract:
 * the result is not terminated if src is n bytes or longer). */
NO_LOOP_CALLS char *strncpy(char *restrict dst, const char *restrict src,
			    size_t n)
{
	size_t i = 0;

	for (; i < n && src[i]; i++)
		dst[i] = src[i];
	for (; i < n; i++)
		dst[i] = '\0';
	return dst;
}

NO_LOOP_CALLS size_t strlcpy(char *restrict dst, const char *restrict src,
			     size_t size)
{
	size_t len = strlen(src);

	if (size > 0) {
		size_t n = len < size - 1 ? len : size - 1;

		for (size_t i = 0; i < n; i++)
			dst[i] = src[i];
		dst[n] = '\0';
	}
	return len;
}

/* The terminating NUL counts as part of the string: strchr(s, 0) finds it. */
char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (*s == '\0')
			return NULL;
	}
}

char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (*s == '\0')
			return (char *)last;
	}
}

char *strstr(const char *haystack, const char *needle)
{
	size_t n = strlen(needle);

	if (n == 0)
		return (char *)haystack;
	for (; *haystack; haystack++) {
		if (*haystack == *needle && strncmp(haystack, needle, n) == 0)
			return (char *)haystack;
	}
	return NULL;
}
