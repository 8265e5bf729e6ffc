#!/usr/bin/env python3
"""Writes the initramfs that Linux boots for the benchmark: a newc cpio
(the format of the kernel's Documentation/driver-api/early-userspace/
buffer-format.rst) holding

    /dev            a directory
    /dev/console    character device 5:1, so that /init starts with the
                    serial console as fds 0-2 (nothing is mounted)
    /init           the program given, mode 0755

Python writes the archive itself, so no device node (which needs root)
is ever created on the host.

Usage: bench/initramfs.py OUT.cpio PROGRAM
"""
import sys

NEWC_MAGIC = b"070701"
S_IFDIR, S_IFREG, S_IFCHR = 0o040000, 0o100000, 0o020000


def entry(ino, name, mode, data=b"", rdev=(0, 0), nlink=1):
    """One newc record: header, name, data, each padded to 4 bytes."""
    name_bytes = name.encode() + b"\0"
    fields = [ino, mode, 0, 0, nlink, 0, len(data), 0, 0,
              rdev[0], rdev[1], len(name_bytes), 0]
    header = NEWC_MAGIC + b"".join(b"%08x" % f for f in fields)
    out = header + name_bytes
    out += b"\0" * (-len(out) % 4)
    out += data + b"\0" * (-len(data) % 4)
    return out


def archive(program):
    parts = [
        entry(1, "dev", S_IFDIR | 0o755, nlink=2),
        entry(2, "dev/console", S_IFCHR | 0o600, rdev=(5, 1)),
        entry(3, "init", S_IFREG | 0o755, program),
        entry(0, "TRAILER!!!", 0),
    ]
    blob = b"".join(parts)
    return blob + b"\0" * (-len(blob) % 512)


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: initramfs.py OUT.cpio PROGRAM")
    with open(sys.argv[2], "rb") as f:
        program = f.read()
    with open(sys.argv[1], "wb") as f:
        f.write(archive(program))


if __name__ == "__main__":
    main()
