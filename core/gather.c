// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * heapread: where the allocation is handed to the readers (the steps).
 *
 * With gathers of one fixed size the load waits twice: nothing is read
 * while the first gather is allocated, and nothing is allocated while the
 * last one is read. Worse, when allocating and reading go at about the same
 * speed, the reads trail the allocation by a whole gather all along, and
 * that gather is still to be read when the allocation ends (a quiet guest
 * with init_on_alloc=1: about 75 ms of a 700 ms load with 128 MiB gathers).
 *
 * So an async load opens its buffer to the readers in small steps of
 * gather_min (8 MiB by default; the last step is what is left), and a lane
 * that finds several steps open reads them in one go, up to gather_limit
 * (load.c): the reads are gather_limit long whenever the allocation runs
 * ahead (init_on_alloc=0, huge pages), and small only while the readers
 * would otherwise wait for memory. The user's limit stays the largest batch
 * the engine hands to one read. Why not smaller than 8 MiB: each read costs
 * a work item and a wake-up, milliseconds on a loaded machine (docs/design.md).
 *
 * Sync loads read after allocating everything; nothing overlaps, so they
 * read gather_limit at a time. A gather_min of 0, or one at least
 * gather_limit, makes async loads do the same (no steps).
 */
#include <linux/kernel.h>
#include <linux/mm.h>

#include "heapread.h"

static bool heapread_steps(const struct heapread_params *p)
{
	return !p->sync && p->gather_min && p->gather_min < p->gather_limit;
}

static size_t heapread_step(const struct heapread_params *p)
{
	return heapread_steps(p) ? p->gather_min : p->gather_limit;
}

/**
 * heapread_gather_end() - where the gather that starts at @pos ends
 * @p: the load's parameters (gather_limit, gather_min, sync)
 * @pos: start of the gather, a multiple of PAGE_SIZE below @len
 * @len: bytes of the buffer, a multiple of PAGE_SIZE
 *
 * With steps every gather is gather_min long, without them gather_limit;
 * the last one is what is left.
 *
 * Return: the end of the gather, in (@pos, @len].
 */
size_t heapread_gather_end(const struct heapread_params *p, size_t pos,
			   size_t len)
{
	size_t left = len - pos;

	return heapread_step(p) >= left ? len : pos + heapread_step(p);
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
	size_t step = heapread_step(p);

	/* DIV_ROUND_UP() would wrap for a step near SIZE_MAX. */
	return len / step + !!(len % step);
}
