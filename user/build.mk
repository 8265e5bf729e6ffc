# Programs for tide's /bin and the boot archive (initrd.cpio, a standard
# newc cpio that GRUB or QEMU loads as a module and the kernel unpacks as
# its root file system).  Included by ../Makefile.

INITRD := $(BUILD)/initrd.cpio
ROOTFS := $(BUILD)/rootfs

$(INITRD): $(USER_BINS) $(USER_TEST_BINS)
	$(call say,CPIO,$@)
	@mkdir -p $(ROOTFS)/bin $(ROOTFS)/tests $(ROOTFS)/tmp
	$(Q)cd $(ROOTFS) && find . -mindepth 1 | LC_ALL=C sort | \
		cpio --quiet -o -H newc -R 0:0 >$(abspath $@)
