/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The page allocator's cost on the virtual clock: a successful chunk of
 * order n costs chunk_ns + 2^n * page_ns (+ clearing at zero_gbps when the
 * pages are zeroed, + cold_page_ns per page when the host must back them);
 * a high-order attempt fails with probability fail_rate (a seeded generator,
 * so runs repeat) or always once exhaust_bytes of high-order memory are out,
 * and a failed attempt costs fail_ns. Plain libc.
 */
#ifndef HEAPREAD_MODEL_ALLOC_H
#define HEAPREAD_MODEL_ALLOC_H

#include <stdbool.h>
#include <stdint.h>

#include "model_profile.h"

struct sim_alloc {
	const struct sim_profile *p;
	uint64_t rng;
	uint64_t high_bytes;		/* high-order bytes handed out */
	uint64_t chunks[11], failures;
};

void sim_alloc_init(struct sim_alloc *a, const struct sim_profile *p, uint64_t seed);

/* One attempt at an order-@order chunk: *ns gets its cost; false if it fails. */
bool sim_alloc_chunk(struct sim_alloc *a, unsigned int order, bool zero, uint64_t *ns);

/*
 * Allocate @bytes as the system heap does: the highest order of @order_mask
 * that the remaining size holds, falling back on failure. Returns the time.
 */
uint64_t sim_alloc_heap(struct sim_alloc *a, uint64_t bytes, unsigned long order_mask, bool zero);

/* memfd pages: shmem allocation, clearing (shmem always zeroes), cold touch. */
uint64_t sim_alloc_shmem_ns(const struct sim_profile *p, uint64_t pages);
/* One page-cache page (allocate, insert; cleared with init_on_alloc), ns. */
double sim_alloc_pc_page_ns(const struct sim_profile *p);

/* The seed's system heap orders: 8, 4, 0. */
#define SIM_SEED_ORDERS	((1UL << 8) | (1UL << 4) | 1UL)

#endif /* HEAPREAD_MODEL_ALLOC_H */
