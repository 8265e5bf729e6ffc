/* Reading directories, over the getdents64 system call. */
#ifndef _DIRENT_H
#define _DIRENT_H

#include <bits/types.h>

#define DT_UNKNOWN 0
#define DT_FIFO	   1
#define DT_CHR	   2
#define DT_DIR	   4
#define DT_BLK	   6
#define DT_REG	   8
#define DT_LNK	   10
#define DT_SOCK	   12

/* The layout of Linux's struct linux_dirent64, as glibc has it. */
struct dirent {
	ino_t d_ino;
	off_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[256];
};

typedef struct tide_dir DIR;

DIR *opendir(const char *path);
DIR *fdopendir(int fd);
/* Returns the next entry (valid until the next call) or NULL at the end
 * (errno unchanged) or on error (errno set). */
struct dirent *readdir(DIR *dir);
int closedir(DIR *dir);
void rewinddir(DIR *dir);
int dirfd(DIR *dir);

#endif
