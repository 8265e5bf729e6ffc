/* POSIX system interface: file descriptors, processes, the program break.
 * Thin wrappers over Linux system calls; each returns -1 and sets errno
 * on failure unless its comment says otherwise. */
#ifndef _UNISTD_H
#define _UNISTD_H

#include <stddef.h>

#include <bits/types.h>

#define STDIN_FILENO  0
#define STDOUT_FILENO 1
#define STDERR_FILENO 2

#define F_OK 0
#define X_OK 1
#define W_OK 2
#define R_OK 4

#ifndef SEEK_SET
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2
#endif
#ifndef SEEK_DATA   /* glibc: with _GNU_SOURCE */
#define SEEK_DATA 3 /* the next byte in data (on tmpfs: a page written) */
#define SEEK_HOLE 4 /* the next byte in a hole, or the end */
#endif

/* sysconf() names (glibc's numbering). */
#define _SC_ARG_MAX	     0
#define _SC_CHILD_MAX	     1
#define _SC_CLK_TCK	     2
#define _SC_OPEN_MAX	     4
#define _SC_PAGESIZE	     30
#define _SC_PAGE_SIZE	     _SC_PAGESIZE
#define _SC_LINE_MAX	     43
#define _SC_NPROCESSORS_CONF 83
#define _SC_NPROCESSORS_ONLN 84
#define _SC_PHYS_PAGES	     85
#define _SC_HOST_NAME_MAX    180

extern char **environ;

ssize_t read(int fd, void *buf, size_t count);
ssize_t write(int fd, const void *buf, size_t count);
ssize_t pread(int fd, void *buf, size_t count, off_t offset);
ssize_t pwrite(int fd, const void *buf, size_t count, off_t offset);
ssize_t pread64(int fd, void *buf, size_t count, off_t offset);
ssize_t pwrite64(int fd, const void *buf, size_t count, off_t offset);
off_t lseek(int fd, off_t offset, int whence);
off_t lseek64(int fd, off_t offset, int whence);
int close(int fd);
int dup(int fd);
int dup2(int oldfd, int newfd);
int dup3(int oldfd, int newfd, int flags);
int pipe(int fds[2]);
int pipe2(int fds[2], int flags);
int fsync(int fd);
int fdatasync(int fd);
int ftruncate(int fd, off_t length);
int truncate(const char *path, off_t length);
int isatty(int fd);

int access(const char *path, int mode);
int faccessat(int dirfd, const char *path, int mode, int flags);
int unlink(const char *path);
int unlinkat(int dirfd, const char *path, int flags);
int rmdir(const char *path);
int link(const char *oldpath, const char *newpath);
int symlink(const char *target, const char *linkpath);
ssize_t readlink(const char *restrict path, char *restrict buf, size_t size);
int chdir(const char *path);
int fchdir(int fd);
/* Returns buf, or NULL (errno ERANGE if size is too small). */
char *getcwd(char *buf, size_t size);
int chown(const char *path, uid_t owner, gid_t group);
int lchown(const char *path, uid_t owner, gid_t group);
int fchown(int fd, uid_t owner, gid_t group);
int fchownat(int dirfd, const char *path, uid_t owner, gid_t group, int flags);

/*
 * brk sets the program break to addr: 0, or -1 with errno ENOMEM.  sbrk
 * moves it by incr bytes and returns the old break, or (void *)-1.
 */
int brk(void *addr);
void *sbrk(intptr_t incr);

pid_t fork(void);
pid_t vfork(void);
int execve(const char *path, char *const argv[], char *const envp[]);
int execv(const char *path, char *const argv[]);
/* Searches $PATH (default "/bin:/usr/bin") when file has no '/'. */
int execvp(const char *file, char *const argv[]);
int execvpe(const char *file, char *const argv[], char *const envp[]);
int execl(const char *path, const char *arg, ...);
int execlp(const char *file, const char *arg, ...);
int execle(const char *path, const char *arg, ...);
__attribute__((noreturn)) void _exit(int status);

pid_t getpid(void);
pid_t getppid(void);
pid_t gettid(void);
uid_t getuid(void);
uid_t geteuid(void);
gid_t getgid(void);
gid_t getegid(void);
int setuid(uid_t uid);
int setgid(gid_t gid);
int setpgid(pid_t pid, pid_t pgid);
pid_t getpgid(pid_t pid);
pid_t getpgrp(void);
pid_t setsid(void);
pid_t getsid(pid_t pid);
pid_t tcgetpgrp(int fd);
int tcsetpgrp(int fd, pid_t pgrp);

unsigned int sleep(unsigned int seconds);
int usleep(useconds_t usec);
unsigned int alarm(unsigned int seconds);
int pause(void);

long sysconf(int name);
int getpagesize(void);
int gethostname(char *name, size_t len);

/* syscall(SYS_x, args...): the raw call; -1 and errno on failure. */
long syscall(long nr, ...);

/* getopt(3), POSIX behaviour (no argument permutation). */
extern char *optarg;
extern int optind, opterr, optopt;
int getopt(int argc, char *const argv[], const char *optstring);

#endif
