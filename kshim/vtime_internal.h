/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * kshim internal: the sleeping primitives' side of the virtual-time executor
 * (exec_vtime.c). A task about to sleep until @ready(@arg) holds calls
 * kshim_vtime_wait() first: under that executor the other tasks take their
 * turns until @ready holds, and the sleeper gets its turn back at the
 * virtual time *when (at least its own clock); the sleep that follows then
 * finds its condition met. Elsewhere it returns at once. @ready is called
 * under the executor's lock, from any of its threads.
 */
#ifndef _KSHIM_VTIME_INTERNAL_H
#define _KSHIM_VTIME_INTERNAL_H

#include <linux/types.h>

void kshim_vtime_wait(bool (*ready)(void *arg, u64 *when), void *arg);

#endif /* _KSHIM_VTIME_INTERNAL_H */
