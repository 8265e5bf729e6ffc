# Tests: host unit tests of kernel/ code (with ASan and UBSan), the user
# test programs built for this host's Linux, and `make test` itself.
# tests/runner.py runs them all plus the QEMU boots; see docs/testing.md.

HOST_CFLAGS := -std=gnu11 -g -O1 -fsanitize=address,undefined \
	-fno-omit-frame-pointer -DHOST_TEST -Wall -Wextra -Werror \
	-Ikernel -Itests/host
HOST_COMMON := tests/host/tap.c tests/host/shim_mm.c tests/host/fake_phys.c

# The kernel sources each host test compiles unchanged.
HOST_SRCS_test_format := kernel/lib/format.c
HOST_SRCS_test_string := kernel/lib/string.c
HOST_SRCS_test_frame := kernel/mm/frame.c
HOST_SRCS_test_pt := kernel/mm/frame.c kernel/mm/pt.c
HOST_SRCS_test_vma := kernel/mm/vma.c kernel/mm/vma_index.c
HOST_SRCS_test_vma_random := kernel/mm/vma.c kernel/mm/vma_index.c
HOST_SRCS_test_vma_index := kernel/mm/vma_index.c
# A random set holds up to a few hundred vmas: build its index from 16.
$(BUILD)/host/test_vma_random: HOST_CFLAGS += -DINDEX_BUILD=16 -DINDEX_DROP=8

# The page cache and file system tests link the real mm/object.c, so they
# use shim_fs.c (shim_mm.c minus its counting vm_object_get/put).
HOST_SRCS_test_object := kernel/mm/frame.c kernel/mm/object.c
$(BUILD)/host/test_object: HOST_COMMON := tests/host/tap.c \
	tests/host/fake_phys.c tests/host/shim_fs.c
$(BUILD)/host/test_object: tests/host/shim_fs.c
FS_HOST_SRCS := kernel/mm/frame.c kernel/mm/object.c \
	$(wildcard kernel/fs/*.c)
HOST_SRCS_test_fs := $(FS_HOST_SRCS)
HOST_SRCS_test_fs_sys := $(FS_HOST_SRCS)
HOST_SRCS_test_fs_cpio := $(FS_HOST_SRCS)
$(BUILD)/host/test_fs $(BUILD)/host/test_fs_sys $(BUILD)/host/test_fs_cpio: \
	HOST_COMMON := tests/host/tap.c tests/host/fake_phys.c \
	tests/host/shim_fs.c
$(BUILD)/host/test_fs $(BUILD)/host/test_fs_sys $(BUILD)/host/test_fs_cpio: \
	tests/host/shim_fs.c kernel/fs/*.h kernel/mm/object.h

HOST_TESTS := $(patsubst tests/host/%.c,$(BUILD)/host/%,\
	$(wildcard tests/host/test_*.c))

.SECONDEXPANSION:
# Every kernel header counts: they are few, and a stale test is worse.
HOST_HEADERS := $(wildcard tests/host/*.h kernel/*.h kernel/*/*.h \
	kernel/arch/x86_64/*.h)

$(BUILD)/host/%: tests/host/%.c $(HOST_COMMON) $$(HOST_SRCS_$$*) \
		$(HOST_HEADERS)
	$(call say,HOSTCC,$@)
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -o $@ $< $(HOST_COMMON) $(HOST_SRCS_$*)

# User test programs (tests/user/t_*.c) for this host's Linux, static
# glibc: the same sources run on tide from /tests.
LINUX_TESTS := $(patsubst tests/user/%.c,$(BUILD)/linux-tests/%,\
	$(wildcard tests/user/t_*.c))

$(BUILD)/linux-tests/%: tests/user/%.c $(wildcard tests/user/*.h)
	$(call say,HOSTCC,$@)
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) -static -O2 -Wall -Wextra -Werror -o $@ $<

# The same harnessed programs built other ways:
#   tests/musl/t_*.c   with the host's musl-gcc -static: run on Linux and, the
#                      very same binary, on tide (/tests/musl_t_*)
#   tests/libc/test_*.c  libc's own tests, with tide's libc (on Linux and
#                      on tide); test_libc also with glibc, to show that
#                      it tests glibc's behaviour (test_malloc checks our
#                      allocator's own design, so it is not run on glibc)
MUSL_NAMES := $(patsubst tests/musl/%.c,musl_%,$(wildcard tests/musl/t_*.c)) \
	$(patsubst tests/compat/%.c,musl_compat_%,$(wildcard tests/compat/t_*.c))
LIBC_TEST_NAMES := $(patsubst tests/libc/%.c,libc_%,$(wildcard tests/libc/test_*.c))
MUSL_TEST_BINS := $(patsubst %,$(ROOTFS)/tests/%,$(MUSL_NAMES))
LIBC_TEST_BINS := $(patsubst %,$(ROOTFS)/tests/%,$(LIBC_TEST_NAMES))
LINUX_TESTS += $(patsubst %,$(BUILD)/linux-tests/%,$(MUSL_NAMES)) \
	$(BUILD)/linux-tests/libc_test_libc.glibc \
	$(patsubst %,$(BUILD)/linux-tests/%.tide-libc,$(LIBC_TEST_NAMES))

# tests/compat: a suite harness like outside test suites use, built with
# musl here (and with tide's libc as /tests/compat_*, below).
$(BUILD)/musl/musl_compat_%: tests/compat/%.c tests/user/utest.h
	$(call say,MUSLCC,$@)
	@mkdir -p $(dir $@)
	$(Q)musl-gcc -static -O2 -Wall -Wextra -Werror -o $@ $<

$(BUILD)/musl/musl_%: tests/musl/%.c tests/user/utest.h
	$(call say,MUSLCC,$@)
	@mkdir -p $(dir $@)
	$(Q)musl-gcc -static -O2 -Wall -Wextra -Werror -o $@ $<

# (Pattern rules with two targets would mean one recipe makes both.)
$(BUILD)/linux-tests/musl_%: $(BUILD)/musl/musl_%
	@mkdir -p $(dir $@)
	$(Q)cp $< $@

$(ROOTFS)/tests/musl_%: $(BUILD)/musl/musl_%
	@mkdir -p $(dir $@)
	$(Q)cp $< $@

$(BUILD)/libc-tests/libc_%: tests/libc/%.c tests/host/tap.c tests/host/tap.h \
		$(LIBC_A) $(LIBC_CRT0)
	$(call say,CC,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(USER_CFLAGS) -Itests/host -o $@.o -c $<
	$(Q)$(CC) $(USER_CFLAGS) -Itests/host -o $@.tap.o -c tests/host/tap.c
	$(Q)$(CC) $(USER_LDFLAGS) -o $@ $(LIBC_CRT0) $@.o $@.tap.o $(USER_LIBS)

$(BUILD)/linux-tests/libc_%.tide-libc: $(BUILD)/libc-tests/libc_%
	@mkdir -p $(dir $@)
	$(Q)cp $< $@

$(ROOTFS)/tests/libc_%: $(BUILD)/libc-tests/libc_%
	@mkdir -p $(dir $@)
	$(Q)cp $< $@

$(BUILD)/linux-tests/libc_%.glibc: tests/libc/%.c tests/host/tap.c
	$(call say,HOSTCC,$@)
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) -O2 -Itests/host -o $@ $^

COMPAT_TIDE_BINS := $(patsubst tests/compat/%.c,$(ROOTFS)/tests/compat_%,\
	$(wildcard tests/compat/t_*.c))
$(ROOTFS)/tests/compat_%: tests/compat/%.c tests/user/utest.h $(LIBC_A) \
		$(LIBC_CRT0)
	$(call say,CC,$@)
	@mkdir -p $(dir $@) $(BUILD)/compat
	$(Q)$(CC) $(USER_CFLAGS) -c -o $(BUILD)/compat/$*.o $<
	$(Q)$(CC) $(USER_LDFLAGS) -o $@ $(LIBC_CRT0) $(BUILD)/compat/$*.o \
		$(USER_LIBS)

$(INITRD): $(MUSL_TEST_BINS) $(LIBC_TEST_BINS) $(COMPAT_TIDE_BINS)

.PHONY: test test-build deps
deps:
	@tools/deps.sh

test-build: $(HOST_TESTS) $(LINUX_TESTS) $(KERNEL_ELF) $(INITRD) \
	$(KERNEL_ISO)

test: deps
	@$(MAKE) --no-print-directory test-build
	@BUILD=$(BUILD) ACCEL=$$(tools/qemu-accel.sh $(KERNEL_ELF) $(BUILD)) \
		python3 tests/runner.py
