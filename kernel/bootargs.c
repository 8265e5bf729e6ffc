/*
 * The kernel command line as words: "test", "init=/bin/sh", "crash=pf".
 * Only lookups; the meaning of each word lives where it is used.
 */
#include "boot.h"
#include "lib/string.h"

const char *boot_arg(const char *key, char *buf, size_t len)
{
	const char *p = boot_info.cmdline;
	size_t klen = strlen(key);

	while (*p) {
		while (*p == ' ')
			p++;
		const char *word = p;
		while (*p && *p != ' ')
			p++;
		size_t wlen = (size_t)(p - word);
		if (wlen < klen || strncmp(word, key, klen) != 0)
			continue;
		if (wlen == klen) {
			if (len)
				buf[0] = '\0';
			return buf;
		}
		if (word[klen] != '=')
			continue;
		size_t vlen = MIN(wlen - klen - 1, len - 1);
		memcpy(buf, word + klen + 1, vlen);
		buf[vlen] = '\0';
		return buf;
	}
	return NULL;
}
