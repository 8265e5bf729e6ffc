/*
 * tlpi_hdr.h: a small stand-in for the header of the book "The Linux
 * Programming Interface", so that its example programs (here
 * seed_madvise_dontneed.c) compile unchanged.  Written for tide; it offers
 * the same names as the book's header and error functions, not its code:
 * the usual includes, Boolean/TRUE/FALSE, min/max, and
 *
 *   errExit(fmt, ...)    "ERROR [ENAME] message: strerror(errno)", exit(1)
 *   errMsg(fmt, ...)     the same line, without exiting
 *   fatal(fmt, ...)      "ERROR: message", exit(1)
 *   usageErr(fmt, ...)   "Usage: message", exit(1)
 *   cmdLineErr(fmt, ...) "Command-line usage error: message", exit(1)
 *
 * Everything is static in this header because a tide program is one .c
 * file.  Messages go to stderr after stdout is flushed.
 */
#ifndef TLPI_HDR_H
#define TLPI_HDR_H

#include <sys/types.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef enum { FALSE, TRUE } Boolean;

#define min(m, n) ((m) < (n) ? (m) : (n))
#define max(m, n) ((m) > (n) ? (m) : (n))

#define TLPI_UNUSED   __attribute__((unused))
#define TLPI_NORETURN __attribute__((unused, noreturn))
#define TLPI_FORMAT   __attribute__((format(printf, 1, 2)))

/* The symbolic name of an errno value, e.g. "ENOENT", or "?" if unknown. */
TLPI_UNUSED static const char *tlpi_errno_name(int err)
{
	static const struct {
		int num;
		const char *name;
	} names[] = {
	    {EPERM, "EPERM"},
	    {ENOENT, "ENOENT"},
	    {ESRCH, "ESRCH"},
	    {EINTR, "EINTR"},
	    {EIO, "EIO"},
	    {ENXIO, "ENXIO"},
	    {E2BIG, "E2BIG"},
	    {ENOEXEC, "ENOEXEC"},
	    {EBADF, "EBADF"},
	    {ECHILD, "ECHILD"},
	    {EAGAIN, "EAGAIN"},
	    {ENOMEM, "ENOMEM"},
	    {EACCES, "EACCES"},
	    {EFAULT, "EFAULT"},
	    {EBUSY, "EBUSY"},
	    {EEXIST, "EEXIST"},
	    {EXDEV, "EXDEV"},
	    {ENODEV, "ENODEV"},
	    {ENOTDIR, "ENOTDIR"},
	    {EISDIR, "EISDIR"},
	    {EINVAL, "EINVAL"},
	    {ENFILE, "ENFILE"},
	    {EMFILE, "EMFILE"},
	    {ENOTTY, "ENOTTY"},
	    {EFBIG, "EFBIG"},
	    {ENOSPC, "ENOSPC"},
	    {ESPIPE, "ESPIPE"},
	    {EROFS, "EROFS"},
	    {EMLINK, "EMLINK"},
	    {EPIPE, "EPIPE"},
	    {EDOM, "EDOM"},
	    {ERANGE, "ERANGE"},
	    {ENOSYS, "ENOSYS"},
	    {ENAMETOOLONG, "ENAMETOOLONG"},
	    {ENOTEMPTY, "ENOTEMPTY"},
	    {EOVERFLOW, "EOVERFLOW"},
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].num == err)
			return names[i].name;
	return "?";
}

/* Writes "prefix", the formatted message and suffix to stderr. */
TLPI_UNUSED static void tlpi_report(const char *prefix, const char *suffix,
				    const char *fmt, va_list ap)
{
	fflush(stdout);
	fputs(prefix, stderr);
	vfprintf(stderr, fmt, ap);
	fputs(suffix, stderr);
	fflush(stderr);
}

/* Prints "ERROR [ENAME] message: strerror(errno)" with errno as it was. */
TLPI_UNUSED static void tlpi_err(const char *fmt, va_list ap)
{
	int err = errno;
	char prefix[48], suffix[160];

	snprintf(prefix, sizeof(prefix), "ERROR [%s] ", tlpi_errno_name(err));
	snprintf(suffix, sizeof(suffix), ": %s\n", strerror(err));
	tlpi_report(prefix, suffix, fmt, ap);
	errno = err;
}

TLPI_UNUSED TLPI_FORMAT static void errMsg(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tlpi_err(fmt, ap);
	va_end(ap);
}

TLPI_NORETURN TLPI_FORMAT static void errExit(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tlpi_err(fmt, ap);
	va_end(ap);
	exit(EXIT_FAILURE);
}

TLPI_NORETURN TLPI_FORMAT static void fatal(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tlpi_report("ERROR: ", "\n", fmt, ap);
	va_end(ap);
	exit(EXIT_FAILURE);
}

/* The message usually ends in "\n" itself, as in the book's programs. */
TLPI_NORETURN TLPI_FORMAT static void usageErr(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tlpi_report("Usage: ", "", fmt, ap);
	va_end(ap);
	exit(EXIT_FAILURE);
}

TLPI_NORETURN TLPI_FORMAT static void cmdLineErr(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tlpi_report("Command-line usage error: ", "", fmt, ap);
	va_end(ap);
	exit(EXIT_FAILURE);
}

#endif
