#!/bin/sh
# Checks that tide.elf can be loaded by QEMU's Multiboot1 loader, which
# copies the file from the header's load_addr as one flat block: every
# PT_LOAD segment with file contents must sit at the same distance from
# its physical address (p_offset - p_paddr constant).
set -eu
elf=$1
delta=
readelf -lW "$elf" | grep '^  LOAD' | while read -r _ off _ pa filesz _; do
	[ $((filesz)) -eq 0 ] && continue
	d=$((pa - off))
	if [ -n "$delta" ] && [ "$d" -ne "$delta" ]; then
		echo "check-image: $elf: segment at physical $pa breaks the flat layout" >&2
		exit 1
	fi
	delta=$d
done
