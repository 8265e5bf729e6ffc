# libc/build.mk: tide's C library, included by the top-level Makefile.
#
# Builds $(BUILD)/libc/libc.a from libc/src/*.{c,S} plus the two files it
# shares with the kernel (kernel/lib/string.c and format.c), and
# $(BUILD)/libc/crt0.o, the program entry point.  Defines the flags a user
# program needs to compile and link against it:
#
#   $(CC) $(USER_CFLAGS) -c -o prog.o prog.c
#   $(CC) $(USER_LDFLAGS) -o prog $(LIBC_CRT0) prog.o $(USER_LIBS)
#
# The result is a static non-PIE x86-64 ELF at 0x400000 that runs on tide
# and, since tide speaks Linux's system-call ABI, on Linux too.

LIBC_DIR := $(BUILD)/libc
LIBC_A := $(LIBC_DIR)/libc.a
LIBC_CRT0 := $(LIBC_DIR)/crt0.o

# gcc's own headers (stddef.h, stdarg.h, stdbool.h, float.h...) come after
# ours, so our stdint.h and limits.h win.
GCC_INCLUDE := $(shell $(CC) -print-file-name=include)

# USER_BASE_CFLAGS is what compiling against tide's libc needs
# (tools/tide-cc passes the same); USER_CFLAGS adds the house optimisation
# and warning flags, which our headers pass cleanly.
USER_BASE_CFLAGS := -nostdinc -isystem libc/include -isystem $(GCC_INCLUDE) \
	-fno-pie -fno-stack-protector -fno-omit-frame-pointer \
	-fno-asynchronous-unwind-tables -fcf-protection=none
USER_CFLAGS := $(USER_BASE_CFLAGS) -std=gnu11 -O2 -g -Wall -Wextra -Werror
USER_LDFLAGS := -static -nostdlib -no-pie -Wl,--build-id=none
USER_LIBS := $(LIBC_A) -lgcc

# libc itself: freestanding, so gcc does not turn our malloc+memset into
# a call to calloc or a copy loop into a call to memcpy.
LIBC_CFLAGS := $(USER_CFLAGS) -ffreestanding -fno-tree-loop-distribute-patterns \
	-Ikernel -MMD -MP

LIBC_C_SRCS := $(sort $(wildcard libc/src/*.c))
LIBC_S_SRCS := $(filter-out libc/src/crt0.S,$(sort $(wildcard libc/src/*.S)))
LIBC_SHARED_SRCS := kernel/lib/string.c kernel/lib/format.c

LIBC_OBJS := $(patsubst libc/src/%.c,$(LIBC_DIR)/%.o,$(LIBC_C_SRCS)) \
	$(patsubst libc/src/%.S,$(LIBC_DIR)/%.o,$(LIBC_S_SRCS)) \
	$(patsubst kernel/lib/%.c,$(LIBC_DIR)/shared/%.o,$(LIBC_SHARED_SRCS))

.PHONY: libc
libc: $(LIBC_A) $(LIBC_CRT0)

$(LIBC_A): $(LIBC_OBJS)
	$(call say,AR,$@)
	$(Q)rm -f $@
	$(Q)$(AR) rcs $@ $^

$(LIBC_DIR)/%.o: libc/src/%.c
	$(call say,CC,$<)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(LIBC_CFLAGS) -c -o $@ $<

$(LIBC_DIR)/%.o: libc/src/%.S
	$(call say,AS,$<)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(LIBC_CFLAGS) -c -o $@ $<

$(LIBC_DIR)/shared/%.o: kernel/lib/%.c
	$(call say,CC,$<)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(LIBC_CFLAGS) -c -o $@ $<

-include $(LIBC_OBJS:.o=.d) $(LIBC_CRT0:.o=.d)
