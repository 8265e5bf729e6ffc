# tide's build.  `make help` lists the targets.
#
# Everything is built into $(BUILD)/ from sources in boot/ kernel/ libc/
# user/ tests/.  Pieces live in their own makefiles, included below:
#   kernel/build.mk  the kernel ELF and the GRUB ISO
#   libc/build.mk    the user C library (libc.a, crt0.o) and USER_CFLAGS
#   user/build.mk    programs for /bin and the boot cpio archive
#   tests/build.mk   host unit tests, user test programs, the QEMU runs

BUILD ?= build
CROSS ?=
CC := $(CROSS)gcc
LD := $(CROSS)ld
AR := $(CROSS)ar
OBJCOPY := $(CROSS)objcopy
HOSTCC ?= gcc

ifeq ($(V),1)
Q :=
else
Q := @
endif
# $(call say,TAG,what): the short build line, e.g. "  CC      kernel/main.c"
say = @printf '  %-7s %s\n' '$(1)' '$(2)'

.DEFAULT_GOAL := all

-include libc/build.mk
-include kernel/build.mk
-include user/build.mk
-include tests/build.mk

.PHONY: clean
clean:
	rm -rf $(BUILD)
