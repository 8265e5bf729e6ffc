/*
 * The printf engine behind kernel/lib/format.h.  It parses one conversion
 * at a time into a struct fmt_spec, turns integers into digits in a small
 * local buffer, and hands every piece of output to the caller's emit
 * function, so it never needs to allocate or know where output goes.
 * Freestanding: the kernel, libc.a and the host tests compile this file.
 */
#include <stdbool.h>
#include <stdint.h>

#include "lib/format.h"

fmt_float_fn fmt_float_hook;

static void emit_pad(fmt_emit_fn emit, void *ctx, char c, size_t n)
{
	char buf[32];

	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = c;
	while (n > 0) {
		size_t chunk = n < sizeof(buf) ? n : sizeof(buf);

		emit(ctx, buf, chunk);
		n -= chunk;
	}
}

static size_t cstr_len(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

int fmt_emit_field(fmt_emit_fn emit, void *ctx, const struct fmt_spec *spec,
		   const char *prefix, size_t nzeros, const char *body,
		   size_t len)
{
	size_t plen = cstr_len(prefix);
	size_t total = plen + nzeros + len;
	size_t pad = (size_t)spec->width > total ? spec->width - total : 0;
	bool left = spec->flags & FMT_LEFT;
	bool zero = !left && (spec->flags & FMT_ZERO);

	if (!left && !zero)
		emit_pad(emit, ctx, ' ', pad);
	if (plen)
		emit(ctx, prefix, plen);
	emit_pad(emit, ctx, '0', nzeros + (zero ? pad : 0));
	if (len)
		emit(ctx, body, len);
	if (left)
		emit_pad(emit, ctx, ' ', pad);
	return (int)(total + pad);
}

/* Fetches a signed argument of the size the length modifier names. */
static intmax_t arg_signed(enum fmt_length len, va_list *ap)
{
	switch (len) {
	case FMT_LEN_HH:
		return (signed char)va_arg(*ap, int);
	case FMT_LEN_H:
		return (short)va_arg(*ap, int);
	case FMT_LEN_L:
		return va_arg(*ap, long);
	case FMT_LEN_LL:
		return va_arg(*ap, long long);
	case FMT_LEN_Z:
		return va_arg(*ap, long); /* ssize_t */
	case FMT_LEN_T:
		return va_arg(*ap, ptrdiff_t);
	case FMT_LEN_J:
		return va_arg(*ap, intmax_t);
	default:
		return va_arg(*ap, int);
	}
}

static uintmax_t arg_unsigned(enum fmt_length len, va_list *ap)
{
	switch (len) {
	case FMT_LEN_HH:
		return (unsigned char)va_arg(*ap, unsigned int);
	case FMT_LEN_H:
		return (unsigned short)va_arg(*ap, unsigned int);
	case FMT_LEN_L:
		return va_arg(*ap, unsigned long);
	case FMT_LEN_LL:
		return va_arg(*ap, unsigned long long);
	case FMT_LEN_Z:
		return va_arg(*ap, size_t);
	case FMT_LEN_T:
		return (uintmax_t)va_arg(*ap, ptrdiff_t);
	case FMT_LEN_J:
		return va_arg(*ap, uintmax_t);
	default:
		return va_arg(*ap, unsigned int);
	}
}

/*
 * Formats one integer.  sign is the prefix text for a signed value ("-",
 * "+", " " or ""); for unsigned ones it is "".  Layout of the field:
 *
 *   [spaces][sign or 0x][zeros][digits][spaces]
 *
 * where the zeros come from the precision (minimum digit count) or, with
 * no precision, from the '0' flag.
 */
static int format_int(fmt_emit_fn emit, void *ctx, struct fmt_spec spec,
		      uintmax_t value, const char *sign)
{
	char digits[24]; /* 22 octal digits hold 64 bits */
	const char *hex =
	    spec.conv == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
	unsigned base = 10;
	size_t n = 0, nzeros = 0;
	char prefix[4] = "";

	if (spec.conv == 'o')
		base = 8;
	else if (spec.conv == 'x' || spec.conv == 'X' || spec.conv == 'p')
		base = 16;

	for (uintmax_t v = value; v != 0; v /= base)
		digits[sizeof(digits) - ++n] = hex[v % base];
	if (value == 0 && spec.prec != 0)
		digits[sizeof(digits) - ++n] = '0';

	if (spec.prec >= 0) {
		spec.flags &= ~FMT_ZERO; /* a precision overrides '0' */
		if ((size_t)spec.prec > n)
			nzeros = spec.prec - n;
	}
	if (spec.flags & FMT_ALT) {
		/* '#' with o: the first digit must be 0; with x/X: "0x" on
		 * non-zero values; %p always has "0x". */
		if (base == 8 && nzeros == 0 &&
		    (n == 0 || digits[sizeof(digits) - n] != '0'))
			nzeros = 1;
		if (base == 16 && (value != 0 || spec.conv == 'p')) {
			prefix[0] = '0';
			prefix[1] = spec.conv == 'X' ? 'X' : 'x';
		}
	}
	if (sign[0]) {
		prefix[0] = sign[0];
		prefix[1] = '\0';
		if (spec.conv == 'p') { /* glibc: "+0x..." */
			prefix[1] = '0';
			prefix[2] = 'x';
			prefix[3] = '\0';
		}
	}
	return fmt_emit_field(emit, ctx, &spec, prefix, nzeros,
			      digits + sizeof(digits) - n, n);
}

static const char *sign_for(const struct fmt_spec *spec, bool negative)
{
	if (negative)
		return "-";
	if (spec->flags & FMT_PLUS)
		return "+";
	if (spec->flags & FMT_SPACE)
		return " ";
	return "";
}

static int format_string(fmt_emit_fn emit, void *ctx, struct fmt_spec spec,
			 const char *s)
{
	size_t len = 0;

	if (s == NULL)
		s = spec.prec < 0 || spec.prec >= 6 ? "(null)" : "";
	/* With a precision, s need not be terminated: stop at prec bytes. */
	while ((spec.prec < 0 || len < (size_t)spec.prec) && s[len])
		len++;
	spec.flags &= ~FMT_ZERO;
	return fmt_emit_field(emit, ctx, &spec, "", 0, s, len);
}

/* Parses flags, width, precision and length after a '%'; returns a pointer
 * to the conversion letter. */
static const char *parse_spec(const char *p, struct fmt_spec *spec, va_list *ap)
{
	spec->flags = 0;
	spec->width = 0;
	spec->prec = -1;
	spec->length = FMT_LEN_NONE;

	for (;; p++) {
		if (*p == '-')
			spec->flags |= FMT_LEFT;
		else if (*p == '+')
			spec->flags |= FMT_PLUS;
		else if (*p == ' ')
			spec->flags |= FMT_SPACE;
		else if (*p == '0')
			spec->flags |= FMT_ZERO;
		else if (*p == '#')
			spec->flags |= FMT_ALT;
		else
			break;
	}
	if (*p == '*') {
		int w = va_arg(*ap, int);

		if (w < 0) { /* a negative * width means '-' */
			spec->flags |= FMT_LEFT;
			w = -w;
		}
		spec->width = w;
		p++;
	} else {
		while (*p >= '0' && *p <= '9')
			spec->width = spec->width * 10 + (*p++ - '0');
	}
	if (*p == '.') {
		p++;
		spec->prec = 0;
		if (*p == '*') {
			spec->prec = va_arg(*ap, int);
			if (spec->prec < 0)
				spec->prec = -1; /* as if omitted */
			p++;
		} else {
			while (*p >= '0' && *p <= '9')
				spec->prec = spec->prec * 10 + (*p++ - '0');
		}
	}
	switch (*p) {
	case 'h':
		spec->length = p[1] == 'h' ? FMT_LEN_HH : FMT_LEN_H;
		p += p[1] == 'h' ? 2 : 1;
		break;
	case 'l':
		spec->length = p[1] == 'l' ? FMT_LEN_LL : FMT_LEN_L;
		p += p[1] == 'l' ? 2 : 1;
		break;
	case 'q':
		spec->length = FMT_LEN_LL;
		p++;
		break;
	case 'z':
		spec->length = FMT_LEN_Z;
		p++;
		break;
	case 't':
		spec->length = FMT_LEN_T;
		p++;
		break;
	case 'j':
		spec->length = FMT_LEN_J;
		p++;
		break;
	case 'L':
		spec->length = FMT_LEN_BIG_L;
		p++;
		break;
	}
	spec->conv = *p;
	return p;
}

/* Formats the conversion in spec; start..end is its text, printed as is
 * if the conversion is unknown. */
static int format_one(fmt_emit_fn emit, void *ctx, struct fmt_spec *spec,
		      const char *start, const char *end, va_list *ap)
{
	switch (spec->conv) {
	case 'd':
	case 'i': {
		intmax_t v = arg_signed(spec->length, ap);
		uintmax_t mag = v < 0 ? -(uintmax_t)v : (uintmax_t)v;

		return format_int(emit, ctx, *spec, mag, sign_for(spec, v < 0));
	}
	case 'u':
	case 'o':
	case 'x':
	case 'X':
		return format_int(emit, ctx, *spec,
				  arg_unsigned(spec->length, ap), "");
	case 'p': {
		void *ptr = va_arg(*ap, void *);

		if (ptr == NULL) {
			spec->prec = -1;
			return format_string(emit, ctx, *spec, "(nil)");
		}
		spec->flags |= FMT_ALT;
		return format_int(emit, ctx, *spec, (uintptr_t)ptr,
				  sign_for(spec, false));
	}
	case 'c': {
		char c = (char)va_arg(*ap, int);

		spec->flags &= ~FMT_ZERO;
		return fmt_emit_field(emit, ctx, spec, "", 0, &c, 1);
	}
	case 's':
		return format_string(emit, ctx, *spec, va_arg(*ap, char *));
	case '%':
		emit(ctx, "%", 1);
		return 1;
	case 'f':
	case 'F':
	case 'e':
	case 'E':
	case 'g':
	case 'G':
	case 'a':
	case 'A':
		if (fmt_float_hook)
			return fmt_float_hook(emit, ctx, spec, ap);
		break;
	}
	if (end > start)
		emit(ctx, start, end - start);
	return (int)(end - start);
}

int fmt_vformat(fmt_emit_fn emit, void *ctx, const char *fmt, va_list ap)
{
	va_list args;
	int count = 0;

	/* A va_list parameter may be an array that decayed to a pointer;
	 * a local copy is what can be passed on by address. */
	va_copy(args, ap);
	while (*fmt) {
		const char *lit = fmt;
		struct fmt_spec spec;
		const char *conv;

		while (*fmt && *fmt != '%')
			fmt++;
		if (fmt > lit) {
			emit(ctx, lit, fmt - lit);
			count += fmt - lit;
		}
		if (*fmt == '\0')
			break;
		conv = parse_spec(fmt + 1, &spec, &args);
		if (*conv == '\0') { /* a lone '%' at the end */
			emit(ctx, fmt, conv - fmt);
			count += conv - fmt;
			break;
		}
		count += format_one(emit, ctx, &spec, fmt, conv + 1, &args);
		fmt = conv + 1;
	}
	va_end(args);
	return count;
}

struct sn_buf {
	char *buf;
	size_t size; /* room including the NUL */
	size_t pos;  /* chars produced so far, stored or not */
};

static void sn_emit(void *ctx, const char *s, size_t n)
{
	struct sn_buf *b = ctx;

	for (size_t i = 0; i < n; i++, b->pos++) {
		if (b->pos + 1 < b->size)
			b->buf[b->pos] = s[i];
	}
}

int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct sn_buf b = {buf, size, 0};
	int n = fmt_vformat(sn_emit, &b, fmt, ap);

	if (size > 0)
		buf[b.pos < size ? b.pos : size - 1] = '\0';
	return n;
}

int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fmt_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
