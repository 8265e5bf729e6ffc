/*
 * exp_dontneed [FILE]: what MADV_DONTNEED throws away, and what it cannot.
 *
 * The seed post's fourth experiment (seed_madvise_dontneed.c is TLPI's
 * original).  MADV_DONTNEED tells the kernel "I no longer need these
 * pages": it drops them from the page tables, and the next access maps
 * them again from where they came from.  For a MAP_PRIVATE file mapping
 * our modified copy is thrown away and the file's bytes come back; for a
 * MAP_SHARED mapping the modification already is the file, so nothing is
 * lost.  FILE defaults to /tmp/exp_dontneed.dat and is overwritten.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "exp.h"

#define MAP_SIZE   4096
#define SHOW_BYTES 10

/* Prints the first SHOW_BYTES bytes at addr after a label. */
static void show(const char *label, const char *addr)
{
	printf("%-22s %.*s\n", label, SHOW_BYTES, addr);
}

/* Creates path holding MAP_SIZE bytes of 'a'. */
static void make_file(const char *path)
{
	static char buf[MAP_SIZE];
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);

	if (fd < 0)
		exp_die(path);
	memset(buf, 'a', sizeof(buf));
	if (write(fd, buf, sizeof(buf)) != (ssize_t)sizeof(buf))
		exp_die("write");
	if (fsync(fd) != 0)
		exp_die("fsync");
	close(fd);
}

/* Maps path with the given MAP_PRIVATE or MAP_SHARED flag. */
static char *map_file(const char *path, int flags)
{
	int fd = open(path, O_RDWR);
	char *addr;

	if (fd < 0)
		exp_die(path);
	addr = mmap(NULL, MAP_SIZE, PROT_READ | PROT_WRITE, flags, fd, 0);
	if (addr == MAP_FAILED)
		exp_die("mmap");
	close(fd); /* the mapping keeps its own reference to the file */
	return addr;
}

/* Adds one to every byte of the mapping: 'a' becomes 'b'. */
static void increment(char *addr)
{
	for (int i = 0; i < MAP_SIZE; i++)
		addr[i]++;
}

/* MAP_PRIVATE: DONTNEED drops our copy; the file's bytes come back. */
static int private_mapping(const char *path)
{
	char *addr;

	exp_step("MAP_PRIVATE: mmap the file; reading maps its page from the "
		 "file");
	addr = map_file(path, MAP_PRIVATE);
	show("after mmap:", addr);
	vmview_print_at("private mapping, read", addr, MAP_SIZE);

	exp_step("write every byte: copy-on-write gives us a private copy of "
		 "the page");
	increment(addr);
	show("after modification:", addr);
	vmview_print_at("private mapping, written", addr, MAP_SIZE);

	exp_step("madvise(MADV_DONTNEED): the kernel drops our private copy");
	if (madvise(addr, MAP_SIZE, MADV_DONTNEED) != 0)
		exp_die("madvise");
	vmview_print_at("private mapping, after DONTNEED", addr, MAP_SIZE);

	exp_step("read again: the page comes back from the file, unmodified");
	show("after MADV_DONTNEED:", addr);
	vmview_print_at("private mapping, read again", addr, MAP_SIZE);
	if (addr[0] != 'a') {
		printf("FAIL: expected 'a' after MADV_DONTNEED\n");
		return 1;
	}
	munmap(addr, MAP_SIZE);
	return 0;
}

/* MAP_SHARED: our writes are the file's page; DONTNEED loses nothing. */
static int shared_mapping(const char *path)
{
	char *addr, buf[SHOW_BYTES];
	int fd;

	exp_step("MAP_SHARED: mmap the file again, now shared with it");
	addr = map_file(path, MAP_SHARED);
	show("after mmap:", addr);

	exp_step("write every byte: the writes go to the file's own page");
	increment(addr);
	show("after modification:", addr);
	vmview_print_at("shared mapping, written", addr, MAP_SIZE);

	exp_step("madvise(MADV_DONTNEED): only our page-table entry goes");
	if (madvise(addr, MAP_SIZE, MADV_DONTNEED) != 0)
		exp_die("madvise");
	vmview_print_at("shared mapping, after DONTNEED", addr, MAP_SIZE);
	show("after MADV_DONTNEED:", addr);

	exp_step("read() the file: it holds the 'b's too");
	fd = open(path, O_RDONLY);
	if (fd < 0)
		exp_die(path);
	if (read(fd, buf, sizeof(buf)) != (ssize_t)sizeof(buf))
		exp_die("read");
	close(fd);
	show("read() of the file:", buf);
	if (addr[0] != 'b' || buf[0] != 'b') {
		printf("FAIL: expected 'b' in the mapping and in the file\n");
		return 1;
	}
	munmap(addr, MAP_SIZE);
	return 0;
}

int main(int argc, char *argv[])
{
	const char *path = argc > 1 ? argv[1] : "/tmp/exp_dontneed.dat";

	exp_begin("exp_dontneed: MADV_DONTNEED discards private changes, "
		  "not shared ones");

	exp_step("create %s: %d bytes of 'a'", path, MAP_SIZE);
	make_file(path);

	if (private_mapping(path) || shared_mapping(path))
		return 1;
	printf("\nok: DONTNEED gave back the private copy ('b' -> 'a'); "
	       "the shared page kept 'b', in the file too\n");
	return 0;
}
