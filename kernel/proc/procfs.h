/*
 * /proc: cmdline and meminfo, and for each process (and "self") a
 * directory with maps, status, statm and pagemap in Linux's formats.
 */
#ifndef TIDE_PROC_PROCFS_H
#define TIDE_PROC_PROCFS_H

/* Creates /proc and its files.  0 or -errno. */
int procfs_init(void);

#endif
