/* Feature-test macros have no effect in tide's libc: every declaration
 * is always visible.  This header exists for programs that include it. */
#ifndef _FEATURES_H
#define _FEATURES_H
#endif
