/*
 * A newc cpio unpacker.  An archive is a list of entries, each:
 *
 *   +--------------------------------------+------------+---------------+
 *   | header: 110 ASCII bytes              | name, NUL, | data, padded  |
 *   | "070701" and 13 fields of 8 hex      | padded so  | to a multiple |
 *   | digits: ino mode uid gid nlink mtime | header +   | of 4 (a       |
 *   | filesize devmajor devminor rdevmajor | name is a  | symlink's     |
 *   | rdevminor namesize check             | multiple 4 | target)       |
 *   +--------------------------------------+------------+---------------+
 *
 * ending with an entry named "TRAILER!!!".  The archive comes from
 * outside the kernel, so every length is checked against what is left
 * before it is used.
 */
#include "fs/cpio.h"
#include "fs/vfs.h"
#include "mm/object.h"
#include "lib/errno.h"
#include "lib/string.h"

#define HEADER_SIZE 110

enum cpio_field {
	F_INO,
	F_MODE,
	F_UID,
	F_GID,
	F_NLINK,
	F_MTIME,
	F_FILESIZE,
	F_DEVMAJOR,
	F_DEVMINOR,
	F_RDEVMAJOR,
	F_RDEVMINOR,
	F_NAMESIZE,
	F_CHECK,
	NFIELDS,
};

struct entry {
	uint32_t field[NFIELDS];
	const char *name; /* NUL-terminated inside the archive */
	const char *data;
};

static size_t align4(size_t n)
{
	return (n + 3) & ~(size_t)3;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static bool parse_hex8(const char *s, uint32_t *out)
{
	uint32_t v = 0;

	for (int i = 0; i < 8; i++) {
		int d = hex_digit(s[i]);

		if (d < 0)
			return false;
		v = v << 4 | (uint32_t)d;
	}
	*out = v;
	return true;
}

/* Parses the entry at p (with left bytes left); sets *size to its whole
 * length including padding.  -EINVAL if anything does not fit. */
static int parse_entry(const char *p, size_t left, struct entry *e,
		       size_t *size)
{
	size_t namesize, name_end, data_end;

	if (left < HEADER_SIZE)
		return -EINVAL; /* truncated header */
	if (memcmp(p, "070701", 6) != 0 && memcmp(p, "070702", 6) != 0)
		return -EINVAL; /* not newc */
	for (int i = 0; i < NFIELDS; i++)
		if (!parse_hex8(p + 6 + 8 * i, &e->field[i]))
			return -EINVAL;
	namesize = e->field[F_NAMESIZE];
	if (namesize == 0 || namesize > PATH_MAX ||
	    namesize > left - HEADER_SIZE)
		return -EINVAL; /* name missing or past the end */
	e->name = p + HEADER_SIZE;
	if (strnlen(e->name, namesize) != namesize - 1)
		return -EINVAL; /* the NUL is not where namesize says */
	name_end = align4(HEADER_SIZE + namesize);
	if (e->field[F_FILESIZE] > left || name_end > left ||
	    e->field[F_FILESIZE] > left - name_end)
		return -EINVAL; /* data past the end */
	e->data = p + name_end;
	data_end = name_end + e->field[F_FILESIZE];
	*size = MIN(align4(data_end), left);
	return 0;
}

static int unpack_file(struct inode *dir, const char *name,
		       const struct entry *e)
{
	uint32_t mode = e->field[F_MODE];
	struct inode *file;
	ssize_t n;
	int err = vfs_create(dir, name, mode, &file);

	if (err < 0)
		return err;
	n = vm_object_write(file->obj, 0, e->data, e->field[F_FILESIZE]);
	inode_put(file);
	if (n < 0 || (size_t)n != e->field[F_FILESIZE])
		return -ENOMEM;
	return 0;
}

static int unpack_dir(struct inode *dir, const char *name,
		      const struct entry *e)
{
	struct inode *d;
	int err = vfs_dir_lookup(dir, name, &d);

	if (err == 0) { /* already there (e.g. made by the kernel) */
		if (S_ISDIR(d->mode))
			d->mode = S_IFDIR | (e->field[F_MODE] & 07777);
		else
			err = -EEXIST;
		inode_put(d);
		return err;
	}
	return vfs_mkdir(dir, name, e->field[F_MODE], NULL);
}

static int unpack_symlink(struct inode *dir, const char *name,
			  const struct entry *e)
{
	return vfs_symlink(dir, name, e->data, e->field[F_FILESIZE], NULL);
}

static int unpack_entry(const struct entry *e)
{
	const char *name = e->name;
	uint32_t mode = e->field[F_MODE];
	struct path_parent pp;
	int err;

	while (name[0] == '.' && name[1] == '/')
		name += 2;
	while (name[0] == '/')
		name++;
	if (name[0] == '\0' || strcmp(name, ".") == 0)
		return 0; /* the root itself */
	if (!S_ISDIR(mode) && !S_ISREG(mode) && !S_ISLNK(mode))
		return 0; /* device nodes, fifos: /dev is the kernel's */
	err = vfs_lookup_parent(vfs_root(), name, &pp);
	if (err < 0)
		return err;
	if (pp.type != LAST_NORM)
		err = -EINVAL; /* "a/..": not a name to create */
	else if (S_ISDIR(mode))
		err = unpack_dir(pp.dir, pp.name, e);
	else if (S_ISREG(mode))
		err = unpack_file(pp.dir, pp.name, e);
	else
		err = unpack_symlink(pp.dir, pp.name, e);
	inode_put(pp.dir);
	return err;
}

int cpio_unpack(const void *archive, size_t len)
{
	const char *p = archive;
	size_t left = len, size;
	struct entry e;
	int err;

	for (;;) {
		err = parse_entry(p, left, &e, &size);
		if (err < 0)
			return err;
		if (strcmp(e.name, "TRAILER!!!") == 0)
			return 0;
		err = unpack_entry(&e);
		if (err < 0)
			return err;
		p += size;
		left -= size;
	}
}
