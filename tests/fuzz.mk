# The syscall fuzzer on tide.  Included by ../Makefile.
#
#   make fuzz [SEED=123] [N=1000000]
#
# builds the kernel and the boot archive, boots tide headless (as `make
# exec` does) with "run=/bin/fuzz,-s,SEED,-n,N", shows the fuzzer's output
# and exits with its status.  SEED defaults to the time; it is printed
# first, and again with the command that reproduces a failed run.  See
# docs/robustness.md; `fuzz -v` (or the same seed on Linux:
# $(BUILD)/rootfs/bin/fuzz -s SEED -n N) prints or checks the trace.

ifeq ($(origin SEED),undefined)
SEED := $(shell date +%s)
endif
N ?= 100000

# The fuzzer's engine is a header in tests/user (user/build.mk only
# tracks user/*.h).
$(BUILD)/user/fuzz.o: tests/user/fuzz_engine.h

.PHONY: fuzz
fuzz: $(KERNEL_ELF) $(INITRD)
	@tools/deps.sh
	@echo "tide: fuzz SEED=$(SEED) N=$(N)"
	@$(QEMU) $(QEMU_COMMON) -kernel $(KERNEL_ELF) -initrd $(INITRD) \
		-append "run=/bin/fuzz,-s,$(SEED),-n,$(N)" -display none \
		-serial stdio </dev/null; st=$$((($$? >> 1) & 255)); \
	if [ $$st -ne 0 ]; then \
		echo "tide: fuzz failed (status $$st); reproduce with:" \
			"make fuzz SEED=$(SEED) N=$(N)"; exit 1; \
	fi; echo "tide: fuzz SEED=$(SEED) N=$(N) passed"
