/*
 * In-kernel self-tests, run when the command line says "test".  They
 * print TAP lines ("ok 3 - kernel: text is not writable") on the console
 * for tests/run-qemu.py to count.
 */
#ifndef TIDE_KTEST_H
#define TIDE_KTEST_H

/* Runs every self-test; returns the number that failed. */
int ktest_run(void);

#endif
