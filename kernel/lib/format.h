/*
 * printf-style formatting shared by the kernel (console, /proc files) and
 * libc (the printf family).  The core knows integers, characters, strings
 * and pointers; it has no floating point, so the kernel can use it.  libc
 * adds %f %e %g %a by setting fmt_float_hook.
 *
 * Conversions: d i u o x X c s p %; flags - + space 0 #; width and
 * precision, either may be *; length modifiers hh h l ll z t j (L is
 * accepted for the float hook).  Output matches glibc's, including "(nil)"
 * for a NULL %p and "(null)" for a NULL %s.
 */
#ifndef TIDE_LIB_FORMAT_H
#define TIDE_LIB_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

typedef void (*fmt_emit_fn)(void *ctx, const char *s, size_t n);

/* Formats like printf, sending output in pieces to emit; returns the
 * number of chars produced. */
int fmt_vformat(fmt_emit_fn emit, void *ctx, const char *fmt, va_list ap);

/* C99 vsnprintf: writes at most size bytes including the NUL (nothing if
 * size is 0) and returns the length the whole output would have had. */
int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* One parsed conversion, as handed to fmt_float_hook. */
enum fmt_flag {
	FMT_LEFT = 1,  /* '-' */
	FMT_PLUS = 2,  /* '+' */
	FMT_SPACE = 4, /* ' ' */
	FMT_ZERO = 8,  /* '0' */
	FMT_ALT = 16,  /* '#' */
};

enum fmt_length {
	FMT_LEN_NONE,
	FMT_LEN_HH,
	FMT_LEN_H,
	FMT_LEN_L,
	FMT_LEN_LL,
	FMT_LEN_Z,
	FMT_LEN_T,
	FMT_LEN_J,
	FMT_LEN_BIG_L, /* long double */
};

struct fmt_spec {
	unsigned flags; /* enum fmt_flag bits */
	int width;	/* minimum field width, 0 if none */
	int prec;	/* precision, -1 if none */
	enum fmt_length length;
	char conv; /* the conversion letter */
};

/*
 * Emits one field: prefix (sign, "0x"), then nzeros '0's, then body,
 * padded to spec->width with spaces (left or right per FMT_LEFT) or, if
 * FMT_ZERO is set, with zeros after the prefix.  Returns chars emitted.
 */
int fmt_emit_field(fmt_emit_fn emit, void *ctx, const struct fmt_spec *spec,
		   const char *prefix, size_t nzeros, const char *body,
		   size_t len);

/*
 * The float conversions (f F e E g G a A) call this if it is set: it takes
 * its argument with va_arg(*ap, double) (or long double for
 * FMT_LEN_BIG_L) and returns the chars emitted.  NULL (the kernel's case)
 * prints the conversion text unchanged and consumes nothing.
 */
typedef int (*fmt_float_fn)(fmt_emit_fn emit, void *ctx,
			    const struct fmt_spec *spec, va_list *ap);
extern fmt_float_fn fmt_float_hook;

#endif
