/*
 * Character devices: the console, /dev/null, /dev/zero, /dev/urandom.
 * dev_init() creates their nodes under /dev.
 */
#ifndef TIDE_DEV_DEV_H
#define TIDE_DEV_DEV_H

struct file_ops;

extern const struct file_ops console_ops;
void console_init(void);
/* Creates /dev/console, /dev/null, /dev/zero, /dev/urandom.  0 or -errno. */
int dev_init(void);

#endif
