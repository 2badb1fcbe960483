// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * heapread: how big each gather is (the ramp).
 *
 * With gathers of one fixed size the load waits twice: nothing is read
 * while the first gather is allocated, and nothing is allocated while the
 * last one is read. So an async load's gathers start small, grow (the
 * gather at @pos is at most @pos / 4 long), stay at gather_limit in the
 * middle and halve again towards the end (a gather is at most half of what
 * is left). Every gather is at least gather_min long, except a last
 * remainder that is shorter, and never longer than gather_limit: the
 * user's limit stays the largest batch the engine hands to one read.
 *
 * Why a quarter: a gather is queued once it is wholly allocated, so when a
 * gather is more than B(alloc) / B(I/O) times the one before it, the device
 * goes idle between the two reads. Doubling left the guest's disk idle for
 * 23 ms of a 1 GiB load in the simulator (its allocation is 1.36 times as
 * fast as its reads); growing by a quarter keeps it busy while allocation
 * is at least 1.25 times as fast, for about 12 more gathers. Why not
 * smaller than gather_min (8 MiB by default): each gather costs a work item
 * and a worker wake-up, milliseconds on a loaded machine (docs/design.md).
 *
 * These are the windows as the allocation opens them. A lane that finds
 * several open takes them in one read, up to gather_limit (load.c): the
 * small windows make small reads only while the lanes wait for memory.
 *
 * Sync loads read after allocating everything; nothing overlaps, so they
 * keep fixed gathers. A gather_min of 0, or one at least gather_limit,
 * turns the ramp off.
 */
#include <linux/kernel.h>
#include <linux/minmax.h>
#include <linux/mm.h>

#include "heapread.h"

static bool heapread_ramps(const struct heapread_params *p)
{
	return !p->sync && p->gather_min && p->gather_min < p->gather_limit;
}

/**
 * heapread_gather_end() - where the gather that starts at @pos ends
 * @p: the load's parameters (gather_limit, gather_min, sync)
 * @pos: start of the gather, a multiple of PAGE_SIZE below @len
 * @len: bytes of the buffer, a multiple of PAGE_SIZE
 *
 * Without the ramp every gather is gather_limit long (the last one shorter).
 * With it the length is min(gather_limit, max(gather_min, @pos),
 * max(gather_min, half of what is left rounded up to a page)); only the
 * last gather can be shorter than gather_min.
 *
 * Return: the end of the gather, in (@pos, @len].
 */
size_t heapread_gather_end(const struct heapread_params *p, size_t pos,
			   size_t len)
{
	size_t left = len - pos, up, down, n;

	if (!heapread_ramps(p))
		return pos + min(p->gather_limit, left);
	up = max(p->gather_min, PAGE_ALIGN(pos / 4));
	down = max(p->gather_min, PAGE_ALIGN(left / 2));
	n = min(up, down);
	n = min(n, p->gather_limit);
	return n >= left ? len : pos + n;
}

/**
 * heapread_gather_count() - how many gathers a buffer of @len bytes takes
 * @p: the load's parameters
 * @len: bytes of the buffer, a multiple of PAGE_SIZE
 *
 * Return: the number of gathers heapread_gather_end() cuts @len into.
 */
size_t heapread_gather_count(const struct heapread_params *p, size_t len)
{
	size_t pos = 0, nr = 0;

	/* DIV_ROUND_UP() would wrap for a limit near SIZE_MAX. */
	if (!heapread_ramps(p))
		return len / p->gather_limit + !!(len % p->gather_limit);
	while (pos < len) {
		pos = heapread_gather_end(p, pos, len);
		nr++;
	}
	return nr;
}
