# Programs for tide's /bin and /tests, and the boot archive.  Included by
# ../Makefile.
#
#   user/NAME.c        -> /bin/NAME     (every .c file here is a program)
#   tests/user/t_X.c   -> /tests/t_X    (run by init when booted with "test";
#                                        the same sources run on Linux, see
#                                        tests/build.mk)
#
# The boot archive $(INITRD) is a standard newc cpio of $(ROOTFS) that
# GRUB or QEMU loads as a module and the kernel unpacks as its root.
# EXTRA_BIN='path/to/elf ...' adds more executables to /bin (make exec).

INITRD := $(BUILD)/initrd.cpio
ROOTFS := $(BUILD)/rootfs

USER_NAMES := $(patsubst user/%.c,%,$(wildcard user/*.c))
USER_BINS := $(patsubst %,$(ROOTFS)/bin/%,$(USER_NAMES))
USER_TEST_NAMES := $(patsubst tests/user/%.c,%,$(wildcard tests/user/t_*.c))
USER_TEST_BINS := $(patsubst %,$(ROOTFS)/tests/%,$(USER_TEST_NAMES))

# The post's programs are kept verbatim, warnings and all.
$(BUILD)/user/seed_%.o: user/seed_%.c $(wildcard user/*.h) | $(LIBC_A)
	$(call say,CC,$<)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(USER_BASE_CFLAGS) -std=gnu11 -O2 -g -Iuser -c $< -o $@

$(BUILD)/user/%.o: user/%.c $(wildcard user/*.h) | $(LIBC_A)
	$(call say,CC,$<)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(USER_CFLAGS) -Iuser -c $< -o $@

$(BUILD)/user-tests/%.o: tests/user/%.c $(wildcard tests/user/*.h) | $(LIBC_A)
	$(call say,CC,$<)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(USER_CFLAGS) -Itests/user -c $< -o $@

$(ROOTFS)/bin/%: $(BUILD)/user/%.o $(LIBC_A) $(LIBC_CRT0)
	$(call say,LD,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(USER_LDFLAGS) -o $@ $(LIBC_CRT0) $< $(USER_LIBS)

$(ROOTFS)/tests/%: $(BUILD)/user-tests/%.o $(LIBC_A) $(LIBC_CRT0)
	$(call say,LD,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(USER_LDFLAGS) -o $@ $(LIBC_CRT0) $< $(USER_LIBS)

.PRECIOUS: $(BUILD)/user/%.o $(BUILD)/user-tests/%.o

# Rebuilt whenever a program changes; stale files in rootfs are dropped.
$(INITRD): $(USER_BINS) $(USER_TEST_BINS) user/build.mk
	$(call say,CPIO,$@)
	@mkdir -p $(ROOTFS)/tmp
	$(Q)for f in $(ROOTFS)/bin/* $(ROOTFS)/tests/*; do \
		case " $^ " in *" $$f "*) ;; \
		*) rm -f "$$f";; esac; done
	$(Q)for f in $(EXTRA_BIN); do cp "$$f" $(ROOTFS)/bin/; done
	$(Q)cd $(ROOTFS) && find . -mindepth 1 | LC_ALL=C sort | \
		cpio --quiet -o -H newc -R 0:0 >$(abspath $@)

.PHONY: user initrd
user: $(USER_BINS) $(USER_TEST_BINS)
initrd: $(INITRD)
