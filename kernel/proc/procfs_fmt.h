/* The text of /proc files, written through a window (see procfs.c). */
#ifndef TIDE_PROC_PROCFS_FMT_H
#define TIDE_PROC_PROCFS_FMT_H

#include "lib/types.h"

struct proc;

/* Collects the bytes [pos, pos + len) of everything printed into buf. */
struct gen_out {
	char *buf;
	uint64_t pos, len, at, got;
};

void gen_printf(struct gen_out *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

void gen_maps(struct proc *p, struct gen_out *o);
void gen_status(struct proc *p, struct gen_out *o);
void gen_statm(struct proc *p, struct gen_out *o);
void gen_cmdline(struct proc *p, struct gen_out *o);
void gen_meminfo(struct gen_out *o);
/* Fills up to n pagemap entries from virtual page vpn on; returns n. */
size_t gen_pagemap(struct proc *p, uint64_t vpn, uint64_t *out, size_t n);

#endif
