/*
 * The string functions that kernel/lib/string.c leaves out: the ones that
 * allocate (strdup), keep state (strtok), or that only user programs use.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

char *strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = malloc(n);

	return d ? memcpy(d, s, n) : NULL;
}

char *strndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *d = malloc(len + 1);

	if (d == NULL)
		return NULL;
	memcpy(d, s, len);
	d[len] = '\0';
	return d;
}

char *strcat(char *restrict dst, const char *restrict src)
{
	strcpy(dst + strlen(dst), src);
	return dst;
}

/* Appends at most n bytes of src and always terminates. */
char *strncat(char *restrict dst, const char *restrict src, size_t n)
{
	char *d = dst + strlen(dst);
	size_t len = strnlen(src, n);

	memcpy(d, src, len);
	d[len] = '\0';
	return dst;
}

size_t strlcat(char *restrict dst, const char *restrict src, size_t size)
{
	size_t dlen = strnlen(dst, size);

	if (dlen == size)
		return size + strlen(src);
	return dlen + strlcpy(dst + dlen, src, size - dlen);
}

char *stpcpy(char *restrict dst, const char *restrict src)
{
	size_t n = strlen(src);

	memcpy(dst, src, n + 1);
	return dst + n;
}

void *mempcpy(void *restrict dst, const void *restrict src, size_t n)
{
	return (char *)memcpy(dst, src, n) + n;
}

char *strchrnul(const char *s, int c)
{
	while (*s && *s != (char)c)
		s++;
	return (char *)s;
}

void *memrchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	while (n-- > 0) {
		if (p[n] == (unsigned char)c)
			return (void *)(p + n);
	}
	return NULL;
}

void *memmem(const void *haystack, size_t hlen, const void *needle, size_t nlen)
{
	const char *h = haystack;

	if (nlen == 0)
		return (void *)h;
	for (size_t i = 0; i + nlen <= hlen; i++) {
		if (memcmp(h + i, needle, nlen) == 0)
			return (void *)(h + i);
	}
	return NULL;
}

size_t strspn(const char *s, const char *accept)
{
	size_t n = 0;

	while (s[n] && strchr(accept, s[n]))
		n++;
	return n;
}

size_t strcspn(const char *s, const char *reject)
{
	size_t n = 0;

	while (s[n] && !strchr(reject, s[n]))
		n++;
	return n;
}

char *strpbrk(const char *s, const char *accept)
{
	s += strcspn(s, accept);
	return *s ? (char *)s : NULL;
}

char *strtok_r(char *restrict s, const char *restrict delim,
	       char **restrict save)
{
	char *end;

	if (s == NULL)
		s = *save;
	s += strspn(s, delim);
	if (*s == '\0') {
		*save = s;
		return NULL;
	}
	end = s + strcspn(s, delim);
	if (*end) {
		*end = '\0';
		*save = end + 1;
	} else {
		*save = end;
	}
	return s;
}

char *strtok(char *restrict s, const char *restrict delim)
{
	static char *save;

	return strtok_r(s, delim, &save);
}

char *strsep(char **restrict sp, const char *restrict delim)
{
	char *s = *sp, *end;

	if (s == NULL)
		return NULL;
	end = s + strcspn(s, delim);
	if (*end) {
		*end = '\0';
		*sp = end + 1;
	} else {
		*sp = NULL;
	}
	return s;
}

int strcoll(const char *a, const char *b)
{
	return strcmp(a, b); /* the C locale */
}

int strcasecmp(const char *a, const char *b)
{
	int d;

	for (;; a++, b++) {
		d = tolower((unsigned char)*a) - tolower((unsigned char)*b);
		if (d != 0 || *a == '\0')
			return d;
	}
}

int strncasecmp(const char *a, const char *b, size_t n)
{
	int d;

	for (; n > 0; n--, a++, b++) {
		d = tolower((unsigned char)*a) - tolower((unsigned char)*b);
		if (d != 0 || *a == '\0')
			return d;
	}
	return 0;
}

void bzero(void *s, size_t n)
{
	memset(s, 0, n);
}

void bcopy(const void *src, void *dst, size_t n)
{
	memmove(dst, src, n);
}

int bcmp(const void *a, const void *b, size_t n)
{
	return memcmp(a, b, n);
}

char *index(const char *s, int c)
{
	return strchr(s, c);
}

char *rindex(const char *s, int c)
{
	return strrchr(s, c);
}

int ffs(int i)
{
	return i ? __builtin_ctz((unsigned)i) + 1 : 0;
}
