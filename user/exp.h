/*
 * exp.h: what every exp_* experiment shares.
 *
 * An experiment announces each step in one line ("why, then what"), does
 * it, and shows the result, usually with vmview_print().  All output goes
 * to stdout, which gets a static buffer first: glibc would otherwise
 * malloc one on the first printf, and that malloc would move the very
 * program break the experiments watch.  Header-only: one program per .c.
 */
#ifndef USER_EXP_H
#define USER_EXP_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "procfs.h"
#include "vmview.h"

static char exp_stdout_buf[4096];

/* Sets up stdout and prints the experiment's one-line purpose. */
__attribute__((unused)) static void exp_begin(const char *purpose)
{
	setvbuf(stdout, exp_stdout_buf, _IOLBF, sizeof(exp_stdout_buf));
	printf("%s\n", purpose);
	vmview_legend();
}

/* Announces the next step: a blank line, then ">> " and the text. */
__attribute__((unused, format(printf, 1, 2))) static void
exp_step(const char *fmt, ...)
{
	va_list ap;

	printf("\n>> ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

/* Reports a failed call the way perror does, then exits with status 1. */
__attribute__((unused, noreturn)) static void exp_die(const char *what)
{
	int saved = errno;

	fflush(stdout);
	fprintf(stderr, "%s: %s\n", what, strerror(saved));
	exit(1);
}

/* This process's resident set size in kB (VmRSS), or -1. */
__attribute__((unused)) static long exp_rss_kb(void)
{
	return procfs_kb("/proc/self/status", "VmRSS");
}

/* The system's free memory in kB (MemFree), or -1. */
__attribute__((unused)) static long exp_memfree_kb(void)
{
	return procfs_kb("/proc/meminfo", "MemFree");
}

#endif
