/* Fake physical RAM for host tests of mm/.  See fake_phys.c. */
#ifndef TIDE_TESTS_FAKE_PHYS_H
#define TIDE_TESTS_FAKE_PHYS_H

#include <stddef.h>

extern long fake_flushes;
/* (Re)creates size bytes of RAM at physical address 0. */
void fake_phys_init(size_t size);

#endif
