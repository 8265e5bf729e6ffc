# Benchmarks against Linux in the same QEMU.  Included by ../Makefile.
#
#   bench/membench.c measure.c -> $(BUILD)/bench/membench.tide  (tide-cc)
#                              -> $(BUILD)/bench/membench.musl  (musl-gcc)
#   $(BUILD)/bench/tide.cpio    tide's boot archive plus /bin/membench
#   $(BUILD)/bench/linux.cpio   /init = membench.musl, /dev/console
#   $(BUILD)/bench/linux/       Debian's kernel package, unpacked
#
# `make bench` builds these and runs bench/run.py, which boots each kernel
# BENCH_BOOTS times, interleaved, and writes bench/results/ (see
# bench/README.md).  `make bench-smoke` runs membench on this host only.

BENCH_DIR := $(BUILD)/bench
BENCH_TIDE := $(BENCH_DIR)/membench.tide
BENCH_MUSL := $(BENCH_DIR)/membench.musl
BENCH_TIDE_CPIO := $(BENCH_DIR)/tide.cpio
BENCH_LINUX_CPIO := $(BENCH_DIR)/linux.cpio
BENCH_LINUX := $(BENCH_DIR)/linux/vmlinuz
BENCH_BOOTS ?= 5
BENCH_CFLAGS := -O2 -Wall -Wextra -Werror
BENCH_SRCS := bench/membench.c bench/measure.c

$(BENCH_TIDE): $(BENCH_SRCS) bench/measure.h $(LIBC_A) $(LIBC_CRT0)
	$(call say,TIDECC,$@)
	@mkdir -p $(dir $@)
	$(Q)BUILD=$(BUILD) CC=$(CC) tools/tide-cc $(BENCH_CFLAGS) -o $@ $(BENCH_SRCS)

$(BENCH_MUSL): $(BENCH_SRCS) bench/measure.h
	$(call say,MUSLCC,$@)
	@mkdir -p $(dir $@)
	$(Q)musl-gcc -static $(BENCH_CFLAGS) -o $@ $(BENCH_SRCS)

# As `make exec` does: a copy of the root file system with one more
# program in /bin, archived as newc.
$(BENCH_TIDE_CPIO): $(INITRD) $(BENCH_TIDE)
	$(call say,CPIO,$@)
	@rm -rf $(BENCH_DIR)/tide-root && cp -a $(ROOTFS) $(BENCH_DIR)/tide-root
	$(Q)cp $(BENCH_TIDE) $(BENCH_DIR)/tide-root/bin/membench
	$(Q)cd $(BENCH_DIR)/tide-root && find . -mindepth 1 | LC_ALL=C sort | \
		cpio --quiet -o -H newc -R 0:0 >$(abspath $@)

$(BENCH_LINUX_CPIO): $(BENCH_MUSL) bench/initramfs.py
	$(call say,CPIO,$@)
	$(Q)python3 bench/initramfs.py $@ $(BENCH_MUSL)

$(BENCH_LINUX): bench/get-linux.sh
	$(Q)bench/get-linux.sh $(BENCH_DIR)/linux

.PHONY: bench bench-build bench-smoke bench-profile
bench-build: $(KERNEL_ELF) $(BENCH_TIDE_CPIO) $(BENCH_LINUX_CPIO) $(BENCH_LINUX)

bench: deps
	@bench/deps.sh
	@$(MAKE) --no-print-directory bench-build
	@BUILD=$(BUILD) BENCH_BOOTS=$(BENCH_BOOTS) \
		ACCEL=$$(tools/qemu-accel.sh $(KERNEL_ELF) $(BUILD)) \
		python3 bench/run.py

bench-smoke: $(BENCH_MUSL)
	@BUILD=$(BUILD) bench/smoke.sh

# make bench-profile FIGURE=fault_maps [KERNEL=tide|linux]: where the
# cycles of one membench group go, by sampling the guest's instruction
# pointer through QEMU's GDB stub (bench/profile.py).
bench-profile: deps
	@bench/deps.sh
	@$(MAKE) --no-print-directory bench-build
	@BUILD=$(BUILD) ACCEL=$$(tools/qemu-accel.sh $(KERNEL_ELF) $(BUILD)) \
		python3 bench/profile.py $(or $(KERNEL),tide) $(or $(FIGURE),anon_fault)
