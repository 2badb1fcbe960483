// SPDX-License-Identifier: GPL-2.0 OR MIT
/* kshim page allocator over a memfd (see backend_memfd.h). */
#include "config.h"

#include <linux/bits.h>
#include <linux/mm.h>

#include "backend_memfd.h"
#include "cli_util.h"
#include "trace.h"

static void *memfd_alloc(void *ctx, unsigned int order, bool zero, void **cookie)
{
	struct hr_memfd_backend *b = ctx;
	size_t len = PAGE_SIZE << order;
	uint64_t start = b->trace ? hr_now_ns() : 0;
	void *addr;
	int err;

	if (b->next + len > b->mem->map_len)
		return NULL;
	/* Fresh memfd pages are zero: @zero needs nothing more. */
	err = hr_memfd_populate(b->mem, b->next, len);
	if (err) {
		if (!b->err)
			b->err = err;
		return NULL;
	}
	addr = b->mem->base + b->next;
	if (b->trace)
		hr_trace_span(b->trace, "alloc", start, hr_now_ns(), b->next, len);
	b->next += len;
	b->live += 1L << order;
	*cookie = NULL;
	return addr;
}

/*
 * Chunks go back one by one when the buffer is freed; the memory itself is
 * released all at once when the owner destroys the memfd (munmap + close),
 * which costs no more than punching a hole per chunk.
 */
static void memfd_free(void *ctx, void *addr, unsigned int order, void *cookie)
{
	struct hr_memfd_backend *b = ctx;

	b->live -= 1L << order;
}

void hr_memfd_backend_init(struct hr_memfd_backend *b, struct hr_memfd *mem,
			   struct hr_trace *trace)
{
	*b = (struct hr_memfd_backend) {
		.ops = { .name = "memfd", .alloc = memfd_alloc, .free = memfd_free, .ctx = b },
		.mem = mem,
		.trace = trace,
	};
}

unsigned long hr_memfd_order_mask(enum hr_page_kind kind)
{
	return kind == HR_PAGES_4K ? BIT(8) | BIT(0) : BIT(9) | BIT(0);
}
