/*
 * mem* and str* functions shared by the kernel, libc and the host tests.
 * The names and prototypes are the C standard's, so libc's <string.h>
 * declares exactly these plus the ones that need malloc or locale state
 * (strdup, strtok, strerror...), which live in libc/src/.
 */
#ifndef TIDE_LIB_STRING_H
#define TIDE_LIB_STRING_H

#include <stddef.h>

void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *s, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);

size_t strlen(const char *s);
size_t strnlen(const char *s, size_t maxlen);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strcpy(char *restrict dst, const char *restrict src);
char *strncpy(char *restrict dst, const char *restrict src, size_t n);
/* Copies at most size-1 bytes and always terminates (if size > 0);
 * returns strlen(src), so a result >= size means truncation. */
size_t strlcpy(char *restrict dst, const char *restrict src, size_t size);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
char *strstr(const char *haystack, const char *needle);

#endif
