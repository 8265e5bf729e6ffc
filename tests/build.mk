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
HOST_SRCS_test_vma := kernel/mm/vma.c
HOST_SRCS_test_vma_random := kernel/mm/vma.c

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
$(BUILD)/host/%: tests/host/%.c $(HOST_COMMON) $$(HOST_SRCS_$$*) \
		tests/host/*.h
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

.PHONY: test test-build deps
deps:
	@tools/deps.sh

test-build: $(HOST_TESTS) $(LINUX_TESTS) $(KERNEL_ELF) $(INITRD) \
	$(KERNEL_ISO)

test: deps
	@$(MAKE) --no-print-directory test-build
	@BUILD=$(BUILD) ACCEL=$$(tools/qemu-accel.sh $(KERNEL_ELF) $(BUILD)) \
		python3 tests/runner.py
