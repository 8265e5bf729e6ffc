/* Device numbers: Linux's split of dev_t into major and minor. */
#ifndef _SYS_SYSMACROS_H
#define _SYS_SYSMACROS_H

#define major(dev)                                                             \
	((unsigned int)((((dev) >> 32) & 0xfffff000) | (((dev) >> 8) & 0xfff)))
#define minor(dev) ((unsigned int)((((dev) >> 12) & 0xffffff00) | ((dev)&0xff)))
#define makedev(ma, mi)                                                        \
	((((unsigned long)(ma)&0xfffff000UL) << 32) |                          \
	 (((unsigned long)(ma)&0xfffUL) << 8) |                                \
	 (((unsigned long)(mi)&0xffffff00UL) << 12) |                          \
	 ((unsigned long)(mi)&0xffUL))

#endif
