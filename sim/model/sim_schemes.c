// SPDX-License-Identifier: GPL-2.0
/*
 * The schemes (see sim_schemes.h). The ones that are not the engine are
 * played here step by step, in the order the seed describes them, on the
 * same device, allocator and CPU models as the engine runs.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "sim_schemes.h"

const char *const sim_seed_rows[SIM_SEED_ROWS] = {
	"normal", "udmabuf buffer I/O", "sendfile buffer I/O", "patch1-4 buffer I/O",
	"sendfile direct I/O", "patch1 direct I/O", "udmabuf direct I/O", "patch1-4 direct I/O",
};

const uint64_t sim_seed_sizes[SIM_SEED_COLS] = {
	512ull << 10, 8ull << 20, 1ull << 30, 3ull << 30,
};

/* "The average of 5 test results", PATCH v2 0/5, 2024-07-30. */
const uint64_t sim_seed_ns[SIM_SEED_ROWS][SIM_SEED_COLS] = {
	{ 2790861, 14535784, 1520790492, 3332438754 },
	{ 1704046, 11313476, 821348000, 2108419923 },
	{ 3261261, 12112292, 1565939938, 3062052984 },
	{ 2064538, 10771474, 986338800, 2187570861 },
	{ 12844231, 37883938, 5110299184, 9777661077 },
	{ 813215, 6962092, 2364211877, 5648897554 },
	{ 1289554, 8968138, 921480784, 2158305738 },
	{ 1957661, 6581999, 520003538, 1400006107 },
};

static void span(struct sim_ctx *c, const char *track, const char *label,
		 uint64_t start, uint64_t end)
{
	if (c->trace && end > start)
		sim_trace_span(c->trace, sim_trace_track(c->trace, track), label, start, end);
}

/* @ns of CPU on the caller's clock @t (model_cpu.h: cpu_rate, contention). */
static uint64_t cpu(struct sim_ctx *c, uint64_t t, double ns)
{
	return sim_cpu_work(&c->cpu, t, ns, 1);
}

static uint64_t syscalls(const struct sim_profile *p, unsigned int n)
{
	return (uint64_t)(n * p->syscall_ns);
}

/* dma-heap allocation of the whole buffer in the caller. */
static uint64_t heap_alloc(struct sim_ctx *c, uint64_t t, uint64_t size)
{
	uint64_t end = cpu(c, t, sim_alloc_heap(&c->alloc, size, SIM_SEED_ORDERS, c->p->heap_zeroes > 0));

	span(c, "caller", "alloc", t, end);
	return end;
}

static void finish(struct sim_result *r, uint64_t alloc, uint64_t io, uint64_t total)
{
	*r = (struct sim_result) {
		.first_gather_ns = alloc, .alloc_ns = alloc, .io_ns = io, .total_ns = total,
	};
}

/* normal: dma-heap alloc, mmap the dma-buf (remapped page by page), buffered read. */
static int run_normal(struct sim_ctx *c, const struct sim_scheme *s, uint64_t size,
		      struct sim_result *r)
{
	const struct sim_profile *p = c->p;
	struct sim_buffered how = { .copies = 1, .dest_page_ns = p->user_copy_page_ns, .cpu_scale = 1 };
	uint64_t alloc, t;

	alloc = heap_alloc(c, syscalls(p, 2), size);
	t = cpu(c, alloc + syscalls(p, 1), sim_pages(size) * p->remap_page_ns);
	span(c, "caller", "mmap", alloc, t);
	t = sim_read_buffered(&c->dev, t, size, &how);
	span(c, "caller", "read", alloc, t);
	finish(r, alloc, t, t);
	return 0;
}

/* udmabuf: memfd, udmabuf create (shmem pages allocated and pinned), mmap, read. */
static int run_udmabuf(struct sim_ctx *c, const struct sim_scheme *s, uint64_t size,
		       struct sim_result *r)
{
	const struct sim_profile *p = c->p;
	uint64_t pages = sim_pages(size);
	uint64_t t0 = syscalls(p, 2), alloc, t;

	alloc = cpu(c, t0 + syscalls(p, 1), sim_alloc_shmem_ns(p, pages) + pages * p->pin_page_ns);
	span(c, "caller", "alloc", t0, alloc);
	t = alloc + syscalls(p, 1);
	if (s->engine.direct) {
		/* read(O_DIRECT) into the mapping: GUP write-faults and pins each page. */
		t = sim_read_direct(&c->dev, t, size, p->dio_page_ns + p->pin_page_ns + p->fault_ns, 1);
	} else {
		struct sim_buffered how = {
			.copies = 1, .dest_page_ns = p->fault_ns + p->user_copy_page_ns, .cpu_scale = 1,
		};

		t = sim_read_buffered(&c->dev, t, size, &how);
	}
	span(c, "caller", "read", alloc, t);
	finish(r, alloc, t, t);
	return 0;
}

/* sendfile: dma-heap alloc, then pipe-sized rounds: file -> pipe -> dma-buf. */
static int run_sendfile(struct sim_ctx *c, const struct sim_scheme *s, uint64_t size,
			struct sim_result *r)
{
	const struct sim_profile *p = c->p;
	uint64_t pipe = (uint64_t)p->pipe_bytes;
	uint64_t alloc, t;

	alloc = heap_alloc(c, syscalls(p, 2), size);
	t = alloc + syscalls(p, 1);
	if (s->engine.direct) {
		for (uint64_t pos = 0; pos < size; pos += pipe) {
			uint64_t len = size - pos < pipe ? size - pos : pipe;

			t = sim_read_direct(&c->dev, t, len, p->dio_page_ns, 1);
			t = cpu(c, t, sim_copy_ns(p, len, 1) + p->splice_ns);
		}
	} else {
		struct sim_buffered how = {
			.unit = pipe, .copies = 2, .unit_ns = p->splice_ns, .cpu_scale = 1,
		};

		t = sim_read_buffered(&c->dev, t, size, &how);
	}
	span(c, "caller", "sendfile", alloc, t);
	finish(r, alloc, t, t);
	return 0;
}

/*
 * The reviewers' alternative: one thread fills a memfd gather by gather,
 * another reads each gather with O_DIRECT as soon as it exists, then the
 * memfd is wrapped by udmabuf (which pins every page).
 */
static int run_memfd_overlap(struct sim_ctx *c, const struct sim_scheme *s, uint64_t size,
			     struct sim_result *r)
{
	const struct sim_profile *p = c->p;
	uint64_t gather = s->engine.gather;
	double scale = p->ncpu < 2 ? 2 / p->ncpu : 1;
	uint64_t a = syscalls(p, 3), b = a, first = 0, t;
	char label[24];

	sim_cpu_tasks(&c->cpu, 2);
	for (uint64_t pos = 0, g = 0; pos < size; pos += gather, g++) {
		uint64_t len = size - pos < gather ? size - pos : gather;
		uint64_t a0 = a, b0;

		a = sim_cpu_work(&c->cpu, a, sim_alloc_shmem_ns(p, sim_pages(len)), scale);
		snprintf(label, sizeof(label), "alloc %llu", (unsigned long long)g);
		span(c, "alloc thread", label, a0, a);
		if (!first)
			first = a;
		b0 = b > a ? b : a;
		b = sim_read_direct(&c->dev, b0, len, p->dio_page_ns + p->pin_page_ns + p->fault_ns, scale);
		snprintf(label, sizeof(label), "read %llu", (unsigned long long)g);
		span(c, "reader thread", label, b0, b);
	}
	t = (a > b ? a : b);
	r->first_gather_ns = first;
	r->alloc_ns = a;
	r->io_ns = b;
	r->total_ns = cpu(c, t + syscalls(p, 1), sim_pages(size) * p->pin_page_ns);
	r->err = 0;
	span(c, "caller", "udmabuf create", t, r->total_ns);
	return 0;
}

static int run_engine(struct sim_ctx *c, const struct sim_scheme *s, uint64_t size,
		      struct sim_result *r)
{
	return sim_run_engine(c, &s->engine, size, r);
}

#define SEED_GATHER	(128ull << 20)
#define ORDERS_9	(SIM_SEED_ORDERS | (1UL << 9))

/* "alloc only": a zeroed len allocation from heapread's heap (the engine's orders). */
static int run_alloc_only(struct sim_ctx *c, const struct sim_scheme *s, uint64_t size,
			  struct sim_result *r)
{
	uint64_t t0 = syscalls(c->p, 1);
	uint64_t t = cpu(c, t0, sim_alloc_heap(&c->alloc, size, s->engine.order_mask, true));

	span(c, "caller", "alloc", t0, t);
	finish(r, t, t, t);
	return 0;
}

/*
 * O_DIRECT reads of 128 MiB into user memory populated before the clock
 * starts, by queue_depth threads each reading its share (bench-kernel's
 * "I/O alone"): the device link is shared, the pins are per page.
 */
static int run_dio_read(struct sim_ctx *c, const struct sim_scheme *s, uint64_t size,
			struct sim_result *r)
{
	const struct sim_profile *p = c->p;
	unsigned int n = s->engine.queue_depth ? s->engine.queue_depth : 1, k;
	uint64_t t[8], pos[8], end[8], share = (size + n - 1) / n, done = 0;
	double scale = n > p->ncpu && p->ncpu > 0 ? n / p->ncpu : 1;

	sim_cpu_tasks(&c->cpu, n);
	for (k = 0; k < n && k < 8; k++) {
		t[k] = syscalls(p, 1);
		pos[k] = k * share;
		end[k] = pos[k] + share < size ? pos[k] + share : size;
	}
	n = k;
	for (;;) {
		unsigned int next = n;

		for (k = 0; k < n; k++)
			if (pos[k] < end[k] && (next == n || t[k] < t[next]))
				next = k;
		if (next == n)
			break;
		k = next;
		{
			uint64_t len = end[k] - pos[k] < SEED_GATHER ? end[k] - pos[k] : SEED_GATHER;

			t[k] = sim_read_direct(&c->dev, t[k], len, p->dio_page_ns + p->pin_page_ns, scale);
			pos[k] += len;
		}
	}
	for (k = 0; k < n; k++)
		done = t[k] > done ? t[k] : done;
	finish(r, 0, done, done);
	return 0;
}

/*
 * Every scheme, in one table. The default table (`heapread sim` without
 * --schemes) is the rows without by_key; the rows with it are the loads
 * `make bench-kernel` measures, by its keys (bench/kernel/guest/): heapread's
 * module (no vmap, no heap zeroing: only init_on_alloc clears), its
 * variants, allocation alone and the O_DIRECT read alone.
 */
const struct sim_scheme sim_schemes[] = {
	/* the seed's rows, the reviewers' and heapread's own */
	{ "normal", "normal", run_normal, { .direct = false }, 0 },
	{ "udmabuf buffer I/O", "udmabuf-buffered", run_udmabuf, { .direct = false }, 1 },
	{ "udmabuf direct I/O", "udmabuf-direct", run_udmabuf, { .direct = true }, 6 },
	{ "sendfile buffer I/O", "sendfile-buffered", run_sendfile, { .direct = false }, 2 },
	{ "sendfile direct I/O", "sendfile-direct", run_sendfile, { .direct = true }, 4 },
	{ "patch1 buffer I/O", "patch1-buffered", run_engine,
	  { .sync = true, .gather = UINT64_MAX, .order_mask = SIM_SEED_ORDERS,
	    .dma_heap = true, .vmap = true, .setup_syscalls = 2 }, -1 },
	{ "patch1 direct I/O", "patch1-direct", run_engine,
	  { .direct = true, .sync = true, .gather = UINT64_MAX, .order_mask = SIM_SEED_ORDERS,
	    .dma_heap = true, .vmap = true, .setup_syscalls = 2 }, 5 },
	{ "patch1-4 buffer I/O", "patch1-4-buffered", run_engine,
	  { .queue_depth = 1, .gather = SEED_GATHER, .gather_min = UINT64_MAX,
	    .order_mask = SIM_SEED_ORDERS,
	    .dma_heap = true, .vmap = true, .setup_syscalls = 2 }, 3 },
	{ "patch1-4 direct I/O", "patch1-4-direct", run_engine,
	  { .direct = true, .queue_depth = 1, .gather = SEED_GATHER, .gather_min = UINT64_MAX,
	    .order_mask = SIM_SEED_ORDERS,
	    .dma_heap = true, .vmap = true, .setup_syscalls = 2 }, 7 },
	{ "memfd+udmabuf overlap direct I/O", "memfd-overlap", run_memfd_overlap,
	  { .direct = true, .gather = SEED_GATHER }, -1 },
	{ "heapread qd4 direct I/O", "heapread-qd", run_engine,
	  { .direct = true, .order_mask = SIM_SEED_ORDERS, .dma_heap = true, .setup_syscalls = 2 }, -1 },
	{ "heapread qd4 order9 direct I/O", "heapread-order9", run_engine,
	  { .direct = true, .order_mask = ORDERS_9, .dma_heap = true, .setup_syscalls = 2 }, -1 },
	{ "heapread qd4 order9 nozero direct I/O", "heapread-direct", run_engine,
	  { .direct = true, .order_mask = ORDERS_9, .setup_syscalls = 2 }, -1 },
	{ "heapread qd4 order9 nozero buffer I/O", "heapread-buffered", run_engine,
	  { .order_mask = ORDERS_9, .setup_syscalls = 2 }, -1 },
	/* bench-kernel's loads, by key */
	{ "heapread sync buffer I/O", "hr-sync-buf", run_engine,
	  { .sync = true, .setup_syscalls = 2 }, -1, true },
	{ "heapread sync direct I/O", "hr-sync-dio", run_engine,
	  { .direct = true, .sync = true, .setup_syscalls = 2 }, -1, true },
	{ "heapread async buffer I/O", "hr-async-buf", run_engine, { .setup_syscalls = 2 }, -1, true },
	{ "heapread async direct I/O", "hr-async-dio", run_engine,
	  { .direct = true, .setup_syscalls = 2 }, -1, true },
	{ "heapread async direct I/O, gather 32 MiB", "hr-async-dio-g32m", run_engine,
	  { .direct = true, .gather = 32ull << 20, .setup_syscalls = 2 }, -1, true },
	{ "heapread async direct I/O, queue depth 2", "hr-async-dio-qd2", run_engine,
	  { .direct = true, .queue_depth = 2, .setup_syscalls = 2 }, -1, true },
	{ "heapread async direct I/O, no ramp", "hr-async-dio-noramp", run_engine,
	  { .direct = true, .gather_min = UINT64_MAX, .setup_syscalls = 2 }, -1, true },
	/* the full run's modules (docs/bench-kernel.md): fixed 128 MiB gathers, queue depth 2 */
	{ "heapread async buffer I/O, qd 2, no ramp", "hr-async-buf-qd2-noramp", run_engine,
	  { .queue_depth = 2, .gather_min = UINT64_MAX, .setup_syscalls = 2 }, -1, true },
	{ "heapread async direct I/O, qd 2, no ramp", "hr-async-dio-qd2-noramp", run_engine,
	  { .direct = true, .queue_depth = 2, .gather_min = UINT64_MAX, .setup_syscalls = 2 }, -1, true },
	{ "heapread async direct I/O, qd 2, gather 32 MiB, no ramp", "hr-async-dio-qd2-g32m-noramp",
	  run_engine, { .direct = true, .queue_depth = 2, .gather = 32ull << 20,
			.gather_min = UINT64_MAX, .setup_syscalls = 2 }, -1, true },
	{ "heapread async direct I/O, orders 9/8/4/0", "hr-async-dio-o9", run_engine,
	  { .direct = true, .order_mask = ORDERS_9, .setup_syscalls = 2 }, -1, true },
	{ "heapread sync direct I/O, orders 9/8/4/0", "hr-sync-dio-o9", run_engine,
	  { .direct = true, .sync = true, .order_mask = ORDERS_9, .setup_syscalls = 2 }, -1, true },
	{ "alloc only (heapread len alloc, zeroed)", "alloc-only", run_alloc_only,
	  { .order_mask = SIM_SEED_ORDERS }, -1, true },
	{ "O_DIRECT read into allocated buffer, 1 thread", "dio-read", run_dio_read,
	  { .direct = true, .queue_depth = 1 }, -1, true },
	{ "O_DIRECT read into allocated buffer, 4 threads", "dio-read-qd4", run_dio_read,
	  { .direct = true, .queue_depth = 4 }, -1, true },
};

const unsigned int sim_nr_schemes = sizeof(sim_schemes) / sizeof(sim_schemes[0]);

const struct sim_scheme *sim_scheme_find(const char *key)
{
	for (unsigned int i = 0; i < sim_nr_schemes; i++)
		if (!strcmp(sim_schemes[i].key, key) ||
		    (!sim_schemes[i].by_key && !strcmp(sim_schemes[i].name, key)))
			return &sim_schemes[i];
	return NULL;
}

unsigned int sim_nr_table_schemes(void)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < sim_nr_schemes; i++)
		n += !sim_schemes[i].by_key;
	return n;
}

bool sim_scheme_is_engine(const struct sim_scheme *s)
{
	return s->run == run_engine;
}

int sim_scheme_run(const struct sim_scheme *s, const struct sim_profile *p, uint64_t size,
		   uint64_t seed, bool content, struct sim_trace *trace, struct sim_result *r)
{
	struct sim_ctx c;
	int ret;

	if (!size)
		return -EINVAL;
	sim_ctx_init(&c, p, seed, content, trace);
	*r = (struct sim_result) { 0 };
	ret = s->run(&c, s, size, r);
	sim_ctx_release(&c);
	return ret;
}
