/*
 * The scanf family.  One engine (scan) reads through a tiny input
 * interface, so sscanf (a string) and fscanf (a stream) share it.
 * Conversions: d i u o x X p c s [ n % and f e g a (with E G A), with
 * '*' (no assignment), field widths and length modifiers hh h l ll L j z
 * t q.  Returns the number of assignments, or EOF if input ended before
 * the first conversion.
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "stdio_impl.h"

struct scan_in {
	FILE *f;		/* the stream, or NULL for a string */
	const unsigned char *s; /* the string */
	int count;		/* characters consumed, for %n */
};

static int in_next(struct scan_in *in)
{
	int c;

	if (in->f)
		c = fgetc(in->f);
	else
		c = *in->s ? *in->s++ : EOF;
	if (c != EOF)
		in->count++;
	return c;
}

static void in_unget(struct scan_in *in, int c)
{
	if (c == EOF)
		return;
	in->count--;
	if (in->f)
		ungetc(c, in->f);
	else
		in->s--;
}

static int skip_space(struct scan_in *in)
{
	int c;

	do {
		c = in_next(in);
	} while (c != EOF && isspace(c));
	in_unget(in, c);
	return c;
}

enum scan_len { L_NONE, L_HH, L_H, L_L, L_LL, L_J, L_Z, L_T, L_BIG };

static const char *parse_len(const char *p, enum scan_len *len)
{
	*len = L_NONE;
	switch (*p) {
	case 'h':
		*len = p[1] == 'h' ? L_HH : L_H;
		return p + (p[1] == 'h' ? 2 : 1);
	case 'l':
		*len = p[1] == 'l' ? L_LL : L_L;
		return p + (p[1] == 'l' ? 2 : 1);
	case 'q':
		*len = L_LL;
		return p + 1;
	case 'L':
		*len = L_BIG;
		return p + 1;
	case 'j':
		*len = L_J;
		return p + 1;
	case 'z':
		*len = L_Z;
		return p + 1;
	case 't':
		*len = L_T;
		return p + 1;
	}
	return p;
}

static bool is_digit_in(int c, int base)
{
	if (base == 8)
		return c >= '0' && c <= '7';
	if (base == 16)
		return isxdigit(c);
	return isdigit(c);
}

/* Reads an integer of at most width chars into buf as text; returns
 * false (a matching failure) if there were no digits. *base may change
 * from 0 to 8, 10 or 16. */
static bool scan_int_text(struct scan_in *in, int width, int *base, char *buf,
			  size_t size)
{
	size_t n = 0;
	bool digits = false;
	int c = in_next(in);

	if ((c == '+' || c == '-') && width > 0) {
		buf[n++] = (char)c;
		width--;
		c = in_next(in);
	}
	if ((*base == 0 || *base == 16) && c == '0' && width > 0) {
		buf[n++] = (char)c;
		width--;
		digits = true;
		c = in_next(in);
		if ((c == 'x' || c == 'X') && width > 0) {
			buf[n++] = (char)c;
			width--;
			*base = 16;
			c = in_next(in);
		} else if (*base == 0) {
			*base = 8;
		}
	}
	if (*base == 0)
		*base = 10;
	while (width > 0 && c != EOF && is_digit_in(c, *base) && n + 1 < size) {
		buf[n++] = (char)c;
		width--;
		digits = true;
		c = in_next(in);
	}
	in_unget(in, c);
	buf[n] = '\0';
	return digits;
}

static void store_int(void *dst, enum scan_len len, unsigned long long v)
{
	switch (len) {
	case L_HH:
		*(char *)dst = (char)v;
		break;
	case L_H:
		*(short *)dst = (short)v;
		break;
	case L_L:
	case L_J:
	case L_Z:
	case L_T:
		*(long *)dst = (long)v;
		break;
	case L_LL:
	case L_BIG:
		*(long long *)dst = (long long)v;
		break;
	default:
		*(int *)dst = (int)v;
	}
}

static bool scan_float_text(struct scan_in *in, int width, char *buf,
			    size_t size)
{
	size_t n = 0;
	bool digits = false, dot = false, exp = false;
	int c = in_next(in);

	if ((c == '+' || c == '-') && width > 0) {
		buf[n++] = (char)c;
		width--;
		c = in_next(in);
	}
	while (width > 0 && c != EOF && n + 1 < size) {
		if (isdigit(c)) {
			digits = true;
		} else if (c == '.' && !dot && !exp) {
			dot = true;
		} else if ((c == 'e' || c == 'E') && digits && !exp) {
			exp = true;
			buf[n++] = (char)c;
			width--;
			c = in_next(in);
			if ((c == '+' || c == '-') && width > 0) {
				buf[n++] = (char)c;
				width--;
				c = in_next(in);
			}
			continue;
		} else {
			break;
		}
		buf[n++] = (char)c;
		width--;
		c = in_next(in);
	}
	in_unget(in, c);
	buf[n] = '\0';
	return digits;
}

/* Parses a %[ set starting after '['; returns the char after ']'. */
static const char *parse_set(const char *p, bool set[256])
{
	bool invert = false;

	if (*p == '^') {
		invert = true;
		p++;
	}
	memset(set, 0, 256);
	if (*p == ']')
		set[(unsigned char)*p++] = true;
	for (; *p && *p != ']'; p++) {
		if (p[1] == '-' && p[2] && p[2] != ']') {
			for (int c = (unsigned char)p[0];
			     c <= (unsigned char)p[2]; c++)
				set[c] = true;
			p += 2;
		} else {
			set[(unsigned char)*p] = true;
		}
	}
	if (invert) {
		for (int i = 0; i < 256; i++)
			set[i] = !set[i];
	}
	return *p ? p + 1 : p;
}

/* %c, %s and %[: characters into a char array (or nowhere with '*'). */
static bool scan_chars(struct scan_in *in, char conv, int width,
		       const bool *set, char *dst)
{
	int n = 0, c = EOF;

	if (conv != 'c' && width == 0)
		width = INT32_MAX;
	while (n < width) {
		c = in_next(in);
		if (c == EOF)
			break;
		if ((conv == 's' && isspace(c)) ||
		    (conv == '[' && !set[(unsigned char)c])) {
			in_unget(in, c);
			break;
		}
		if (dst)
			dst[n] = (char)c;
		n++;
	}
	if (n == 0 || (conv == 'c' && n < width))
		return false;
	if (dst && conv != 'c')
		dst[n] = '\0';
	return true;
}

static int scan(struct scan_in *in, const char *fmt, va_list ap)
{
	int assigned = 0;
	bool converted = false;

	for (const char *p = fmt; *p; p++) {
		bool suppress = false, ok = true;
		int width = 0, base = 10;
		enum scan_len len;
		char text[128];
		bool set[256];
		char conv;

		if (isspace((unsigned char)*p)) {
			skip_space(in);
			continue;
		}
		if (*p != '%' || p[1] == '%') {
			int c;

			if (*p == '%') {
				p++;
				skip_space(in);
			}
			c = in_next(in);
			if (c != (unsigned char)*p) {
				in_unget(in, c);
				return c == EOF && !converted ? EOF : assigned;
			}
			continue;
		}
		p++;
		if (*p == '*') {
			suppress = true;
			p++;
		}
		while (isdigit((unsigned char)*p))
			width = width * 10 + (*p++ - '0');
		p = parse_len(p, &len);
		conv = *p;
		if (conv == '\0')
			break;
		if (conv == 'n') {
			if (!suppress)
				store_int(va_arg(ap, void *), len,
					  (unsigned long long)in->count);
			continue;
		}
		if (conv == '[')
			p = parse_set(p + 1, set) - 1;
		if (conv != 'c' && conv != '[' && skip_space(in) == EOF)
			return converted ? assigned : EOF;
		if (conv == 'c' && width == 0)
			width = 1;
		if (width == 0)
			width = INT32_MAX;

		switch (conv) {
		case 'd':
		case 'i':
		case 'u':
		case 'o':
		case 'x':
		case 'X':
		case 'p':
			base = conv == 'i'   ? 0
			       : conv == 'o' ? 8
			       : (conv == 'x' || conv == 'X' || conv == 'p')
				   ? 16
				   : 10;
			ok =
			    scan_int_text(in, width, &base, text, sizeof(text));
			if (ok && !suppress) {
				unsigned long long v =
				    (conv == 'd' || conv == 'i')
					? (unsigned long long)strtoll(
					      text, NULL, base)
					: strtoull(text, NULL, base);

				store_int(va_arg(ap, void *),
					  conv == 'p' ? L_L : len, v);
			}
			break;
		case 'f':
		case 'e':
		case 'g':
		case 'a':
		case 'E':
		case 'G':
		case 'A':
			ok = scan_float_text(in, width, text, sizeof(text));
			if (ok && !suppress) {
				double v = strtod(text, NULL);

				if (len == L_L)
					*va_arg(ap, double *) = v;
				else if (len == L_BIG)
					*va_arg(ap, long double *) = v;
				else
					*va_arg(ap, float *) = (float)v;
			}
			break;
		case 'c':
		case 's':
		case '[':
			ok = scan_chars(in, conv, width, set,
					suppress ? NULL : va_arg(ap, char *));
			break;
		default:
			return assigned;
		}
		if (!ok)
			return assigned;
		converted = true;
		if (!suppress)
			assigned++;
	}
	return assigned;
}

int vsscanf(const char *restrict s, const char *restrict fmt, va_list ap)
{
	struct scan_in in = {NULL, (const unsigned char *)s, 0};

	return scan(&in, fmt, ap);
}

int sscanf(const char *restrict s, const char *restrict fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsscanf(s, fmt, ap);
	va_end(ap);
	return n;
}

int vfscanf(FILE *restrict stream, const char *restrict fmt, va_list ap)
{
	struct scan_in in = {stream, NULL, 0};

	return scan(&in, fmt, ap);
}

int fscanf(FILE *restrict stream, const char *restrict fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vfscanf(stream, fmt, ap);
	va_end(ap);
	return n;
}

int vscanf(const char *restrict fmt, va_list ap)
{
	return vfscanf(stdin, fmt, ap);
}

int scanf(const char *restrict fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vfscanf(stdin, fmt, ap);
	va_end(ap);
	return n;
}
