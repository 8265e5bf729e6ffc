/* BSD error messages: "prog: message: strerror(errno)\n" on stderr. */
#ifndef _ERR_H
#define _ERR_H

#include <stdarg.h>

void warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void vwarn(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
void vwarnx(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
__attribute__((noreturn)) void err(int status, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
__attribute__((noreturn)) void errx(int status, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
__attribute__((noreturn)) void verr(int status, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
__attribute__((noreturn)) void verrx(int status, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

#endif
