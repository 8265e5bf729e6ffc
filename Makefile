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
include kernel/build.mk
include user/build.mk
include tests/build.mk

.PHONY: clean
clean:
	rm -rf $(BUILD)

# ---- running tide ---------------------------------------------------------
QEMU := qemu-system-x86_64
QEMU_MEM ?= 256M
QEMU_COMMON = -accel $$(tools/qemu-accel.sh $(KERNEL_ELF) $(BUILD)) \
	-m $(QEMU_MEM) -no-reboot -device isa-debug-exit,iobase=0xf4,iosize=4

.PHONY: all run debug help
all: $(KERNEL_ELF) $(KERNEL_ISO)

run: deps
	@$(MAKE) --no-print-directory all
	@echo "tide: booting $(KERNEL_ISO) (quit QEMU with Ctrl-A then X)"
	$(Q)$(QEMU) $(QEMU_COMMON) -cdrom $(KERNEL_ISO) -display none \
		-serial mon:stdio; true

debug: deps
	@$(MAKE) --no-print-directory all
	@echo "tide: QEMU waits for GDB on :1234; in another terminal: gdb -x tools/gdbinit"
	$(Q)$(QEMU) -accel tcg -m $(QEMU_MEM) -no-reboot -cdrom $(KERNEL_ISO) \
		-display none -serial mon:stdio -s -S; true

help:
	@echo "tide: a teaching kernel for x86-64.  Targets:"
	@echo "  make run     install what is missing, build, boot the ISO in QEMU"
	@echo "  make test    install, build and run every test; ends in 'N passed, N failed'"
	@echo "  make         build the kernel ($(KERNEL_ELF)) and the ISO ($(KERNEL_ISO))"
	@echo "  make debug   boot under QEMU waiting for GDB (gdb -x tools/gdbinit)"
	@echo "  make deps    install missing tools (Debian/Ubuntu, apt-get)"
	@echo "  make clean   remove $(BUILD)/"
	@echo "Variables: V=1 (show commands), CROSS=x86_64-elf- (tool prefix),"
	@echo "  QEMU_MEM=256M, TIDE_ACCEL=tcg|kvm (skip the KVM probe)"
