// SPDX-License-Identifier: GPL-2.0
/* The modelled page allocator (see model_alloc.h). */
#include "config.h"

#include "model_alloc.h"

void sim_alloc_init(struct sim_alloc *a, const struct sim_profile *p, uint64_t seed)
{
	*a = (struct sim_alloc) { .p = p, .rng = seed * 2654435761u + 0x9e3779b97f4a7c15ull };
}

/* xorshift64*: small, fast and the same on every host. */
static double next_uniform(struct sim_alloc *a)
{
	a->rng ^= a->rng >> 12;
	a->rng ^= a->rng << 25;
	a->rng ^= a->rng >> 27;
	return (double)((a->rng * 0x2545f4914f6cdd1dull) >> 11) / (double)(1ull << 53);
}

static double zero_ns(const struct sim_profile *p, uint64_t bytes)
{
	return (double)bytes / p->zero_gbps;
}

bool sim_alloc_chunk(struct sim_alloc *a, unsigned int order, bool zero, uint64_t *ns)
{
	const struct sim_profile *p = a->p;
	uint64_t pages = 1ull << order;

	if (order > 0) {
		bool out = p->exhaust_bytes > 0 && a->high_bytes + pages * 4096 > p->exhaust_bytes;

		if (out || (p->fail_rate > 0 && next_uniform(a) < p->fail_rate)) {
			*ns = (uint64_t)p->fail_ns;
			a->failures++;
			return false;
		}
		a->high_bytes += pages * 4096;
	}
	/* A page asked zeroed is cleared once, by the allocator, either way. */
	*ns = (uint64_t)(p->chunk_ns + pages * (p->page_ns + p->cold_page_ns) +
			 (zero || p->init_on_alloc > 0 ? zero_ns(p, pages * 4096) : 0));
	if (order < 11)
		a->chunks[order]++;
	return true;
}

uint64_t sim_alloc_heap(struct sim_alloc *a, uint64_t bytes, unsigned long order_mask, bool zero)
{
	uint64_t pages = (bytes + 4095) / 4096;
	uint64_t t = 0;
	int order = 10;

	order_mask |= 1;
	while (pages) {
		uint64_t ns;

		while (order > 0 && (!(order_mask & (1UL << order)) || (1ull << order) > pages))
			order--;
		if (sim_alloc_chunk(a, order, zero, &ns)) {
			pages -= 1ull << order;
		} else {
			order--;
		}
		t += ns;
	}
	return t;
}

/*
 * shmem clears each new page itself; with init_on_alloc the page allocator
 * has cleared it once already.
 */
uint64_t sim_alloc_shmem_ns(const struct sim_profile *p, uint64_t pages)
{
	return (uint64_t)(pages * (p->shmem_page_ns + p->cold_page_ns) +
			  zero_ns(p, pages * 4096) * (p->init_on_alloc > 0 ? 2 : 1));
}

/* One page-cache page: allocate and insert, cleared first with init_on_alloc. */
double sim_alloc_pc_page_ns(const struct sim_profile *p)
{
	return p->pc_page_ns + (p->init_on_alloc > 0 ? zero_ns(p, 4096) : 0);
}
