// SPDX-License-Identifier: GPL-2.0
/*
 * sim_mechanisms: the model's mechanisms for a guest on a shared host
 * (sim/model/model_cpu.h, model_device.h; docs/sim-calibration.md), each
 * by the behaviour it adds:
 * - cpu_rate: a slower share of the host stretches CPU work, not the device;
 * - contention only while tasks overlap: readers that compute share the
 *   CPUs, and with two CPUs four of them finish in half the time of one;
 * - the device serves requests in the order of their virtual time, not of
 *   the calls that place them;
 * - file_readers: buffered reads of one file served one at a time, so two
 *   readers of one file take the time of one doing all the reads;
 * - the disk's transfers take host CPU from the vCPUs (host_cores,
 *   io_host_cores): an overlapped load then costs the sum of its allocation
 *   and its reads, and a load that does not overlap costs what it did;
 * - the engine's lanes see the windows the allocation has opened by their
 *   own virtual time (the virtual-time executor): an allocation far ahead
 *   of the device gives the reads the engine makes when every window is
 *   ready at once (its 8 MiB steps merge into reads of gather_limit), one
 *   slower than the device one read per window;
 * - every profile key is held to the bounds of its table row.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <CUnit/Basic.h>
#include <kshim/accounting.h>

#include "heapread.h"
#include "sim_run.h"
#include "sim_schemes.h"
#include "testutil.h"

#define MiB	(1ull << 20)
#define GiB	(1ull << 30)

static void set(struct sim_profile *p, const char *kv)
{
	CU_ASSERT_EQUAL_FATAL(sim_profile_set(p, kv), 0);
}

static uint64_t run_key(const struct sim_profile *p, const char *key, uint64_t size)
{
	const struct sim_scheme *s = sim_scheme_find(key);
	struct sim_result r;

	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_EQUAL_FATAL(sim_scheme_run(s, p, size, 1, false, NULL, &r), 0);
	return r.total_ns;
}

static double ratio(uint64_t a, uint64_t b)
{
	return (double)a / (double)b;
}

static void cpu_rate_stretches_cpu_not_device(void)
{
	struct sim_profile p, half;
	double alloc, read;

	sim_profile_default(&p);
	set(&p, "dio_page_ns=0");
	set(&p, "pin_page_ns=0");
	half = p;
	set(&half, "cpu_rate=0.5");
	/* allocating and clearing is CPU only */
	alloc = ratio(run_key(&half, "alloc-only", 256 * MiB), run_key(&p, "alloc-only", 256 * MiB));
	/* an O_DIRECT read with no CPU per page is the device only */
	read = ratio(run_key(&half, "dio-read", 256 * MiB), run_key(&p, "dio-read", 256 * MiB));
	printf("\n  cpu_rate 0.5: allocation x%.3f, O_DIRECT read x%.3f\n", alloc, read);
	CU_ASSERT(fabs(alloc - 2) < 0.02);
	CU_ASSERT(fabs(read - 1) < 0.01);
	CU_ASSERT(kshim_accounting_clean());
}

/*
 * Two CPUs, five tasks (the caller and four readers), reads bound by the
 * copy: the readers compute together, so the load takes half the CPU work of
 * its reads (not the whole-load stretch of 5/2 that ignored when tasks run).
 */
static void contention_only_while_tasks_compute(void)
{
	struct sim_engine_cfg async = { .queue_depth = 4, .gather = 64 * MiB, .gather_min = UINT64_MAX };
	struct sim_engine_cfg sync = { .sync = true, .gather = 64 * MiB };
	struct sim_result a, s;
	struct sim_profile p;
	struct sim_ctx c;
	double read, want;

	sim_profile_default(&p);
	set(&p, "ncpu=2");
	set(&p, "copy_gbps=0.5");
	set(&p, "pc_page_ns=0");
	set(&p, "dev_gbps=20");
	set(&p, "dev_lat_ns=1000");
	set(&p, "heap_zeroes=0");
	sim_ctx_init(&c, &p, 1, false, NULL);
	CU_ASSERT_EQUAL_FATAL(sim_run_engine(&c, &sync, GiB, &s), 0);
	sim_ctx_init(&c, &p, 1, false, NULL);
	CU_ASSERT_EQUAL_FATAL(sim_run_engine(&c, &async, GiB, &a), 0);
	read = (double)(s.total_ns - s.alloc_ns);
	want = s.alloc_ns / 2.0 + read / 2;
	printf("\n  sync read %.1f ms, async total %.1f ms, two CPUs shared: %.1f ms\n",
	       read / 1e6, a.total_ns / 1e6, want / 1e6);
	CU_ASSERT(fabs(a.total_ns / want - 1) < 0.08);
	/* and one CPU: the readers take turns, the load is the sum again */
	set(&p, "ncpu=1");
	sim_ctx_init(&c, &p, 1, false, NULL);
	CU_ASSERT_EQUAL_FATAL(sim_run_engine(&c, &async, GiB, &a), 0);
	CU_ASSERT(fabs(a.total_ns / (double)s.total_ns - 1) < 0.05);
	CU_ASSERT(kshim_accounting_clean());
}

/*
 * Two readers of one file, buffered, on two CPUs, reads bound by the copy.
 * file_readers = 1: one read() at a time, the async load's reads take what
 * the sync load's do; 0: the two copy in parallel, half of it.
 */
static uint64_t two_buffered_readers(const struct sim_profile *p)
{
	struct sim_engine_cfg async = { .queue_depth = 2, .gather = 64 * MiB, .gather_min = UINT64_MAX };
	struct sim_result a;
	struct sim_ctx c;

	sim_ctx_init(&c, p, 1, false, NULL);
	CU_ASSERT_EQUAL_FATAL(sim_run_engine(&c, &async, GiB, &a), 0);
	return a.total_ns;
}

static void buffered_readers_of_one_file_take_turns(void)
{
	struct sim_engine_cfg sync = { .sync = true, .gather = 64 * MiB };
	struct sim_profile p, one;
	struct sim_result s;
	struct sim_ctx c;
	double read, turns, free;

	sim_profile_default(&p);
	set(&p, "ncpu=2");
	set(&p, "copy_gbps=0.5");
	set(&p, "pc_page_ns=0");
	set(&p, "dev_gbps=20");
	set(&p, "dev_lat_ns=1000");
	set(&p, "heap_zeroes=0");
	set(&p, "init_on_alloc=0");
	set(&p, "file_readers=0");
	one = p;
	set(&one, "file_readers=1");
	sim_ctx_init(&c, &one, 1, false, NULL);
	CU_ASSERT_EQUAL_FATAL(sim_run_engine(&c, &sync, GiB, &s), 0);
	read = (double)(s.total_ns - s.alloc_ns);
	turns = (double)two_buffered_readers(&one);
	free = (double)two_buffered_readers(&p);
	printf("\n  one reader's reads %.1f ms; two readers of one file: %.1f ms one at a time, %.1f ms at once\n",
	       read / 1e6, turns / 1e6, free / 1e6);
	/* the allocation (a few ms) overlaps the reads in the async load */
	CU_ASSERT(fabs(turns / read - 1) < 0.05);
	CU_ASSERT(fabs(free / (read / 2) - 1) < 0.08);
	CU_ASSERT(kshim_accounting_clean());
}

/*
 * A reader placed after another but earlier in virtual time is served first
 * when the link is free then; one that does not fit before waits.
 */
static void device_serves_in_time_order(void)
{
	struct sim_profile p;
	struct sim_ctx c;
	uint64_t late, early, clash;

	sim_profile_default(&p);
	set(&p, "dev_gbps=1");
	set(&p, "dev_lat_ns=0");
	set(&p, "dio_page_ns=0");
	sim_ctx_init(&c, &p, 1, false, NULL);
	late = sim_read_direct(&c.dev, 1000000000, 64 * MiB, 0, 1);
	early = sim_read_direct(&c.dev, 0, 8 * MiB, 0, 1);
	clash = sim_read_direct(&c.dev, 995000000, 8 * MiB, 0, 1);
	printf("\n  read at 1 s done %.1f ms; placed after it, a read at 0 done %.1f ms; at 0.995 s done %.1f ms\n",
	       late / 1e6, early / 1e6, clash / 1e6);
	CU_ASSERT_EQUAL(early, 8 * MiB);			/* 8 MiB at 1 GB/s from 0 */
	CU_ASSERT_EQUAL(late, 1000000000 + 64 * MiB);		/* not moved */
	/* 5 ms free before the first: its first requests there, the rest after */
	CU_ASSERT(clash > late && clash < late + 8 * MiB);
	sim_ctx_release(&c);
}

/* An allocation-bound async direct load on a host of one core. */
static void load(const struct sim_profile *p, bool sync, struct sim_result *r)
{
	struct sim_engine_cfg cfg = {
		.direct = true, .sync = sync, .queue_depth = 2, .gather = 64 * MiB,
		.gather_min = UINT64_MAX, .dma_heap = true,
	};
	struct sim_ctx c;

	sim_ctx_init(&c, p, 1, false, NULL);
	CU_ASSERT_EQUAL_FATAL(sim_run_engine(&c, &cfg, GiB, r), 0);
}

static void disk_transfers_take_host_cpu(void)
{
	struct sim_profile p, busy;
	struct sim_result free_a, free_s, busy_a, busy_s;

	sim_profile_default(&p);
	set(&p, "ncpu=2");
	set(&p, "heap_zeroes=1");
	set(&p, "zero_gbps=2");
	set(&p, "dev_gbps=2");
	set(&p, "dio_page_ns=0");
	set(&p, "host_cores=1");
	busy = p;
	set(&busy, "io_host_cores=1");
	load(&p, false, &free_a);
	load(&p, true, &free_s);
	load(&busy, false, &busy_a);
	load(&busy, true, &busy_s);
	printf("\n  transfers free: async %.1f ms, sync %.1f ms; a host core each: async %.1f ms, sync %.1f ms\n",
	       free_a.total_ns / 1e6, free_s.total_ns / 1e6, busy_a.total_ns / 1e6, busy_s.total_ns / 1e6);
	/* overlapped when the transfers cost the host nothing ... */
	CU_ASSERT(free_a.total_ns < 0.7 * free_s.total_ns);
	/* ... the sum when they take the one core the allocation needs */
	CU_ASSERT(busy_a.total_ns > 0.95 * busy_s.total_ns);
	/* a load that does not overlap them is not slowed */
	CU_ASSERT(fabs(ratio(busy_s.total_ns, free_s.total_ns) - 1) < 0.01);
	CU_ASSERT(kshim_accounting_clean());
}

/* Reads of a load whose every window is ready when its first lane looks (core/load.c). */
static unsigned int reads_all_ready(const struct heapread_params *hp, size_t len)
{
	unsigned int reads = 0;
	size_t pos = 0;

	while (pos < len) {
		size_t end = heapread_gather_end(hp, pos, len);

		while (end < len && heapread_gather_end(hp, end, len) - pos <= hp->gather_limit)
			end = heapread_gather_end(hp, end, len);
		pos = end;
		reads++;
	}
	return reads;
}

/* The bench's default async direct load (hr-async-dio) of 1 GiB. */
static void default_async_load(const struct sim_profile *p, struct sim_result *r)
{
	struct sim_engine_cfg cfg = { .direct = true, .setup_syscalls = 2 };
	struct sim_ctx c;

	sim_ctx_init(&c, p, 1, false, NULL);
	CU_ASSERT_EQUAL_FATAL(sim_run_engine(&c, &cfg, GiB, r), 0);
}

/*
 * Allocation free (no clearing, no cost per chunk), the device as the
 * phone's: every window is open before the first lane starts, and each lane
 * takes what is open up to gather_limit in one read, as the guest's lanes
 * do with init_on_alloc=0 (9-11 reads of 1 GiB). Run inline, each lane saw
 * only the window that woke it: one read per window (128).
 */
static void reads_merge_when_allocation_runs_ahead(void)
{
	struct heapread_params hp;
	struct sim_profile p;
	struct sim_result r;
	unsigned int want, windows;

	heapread_params_init(&hp);
	want = reads_all_ready(&hp, GiB);
	windows = heapread_gather_count(&hp, GiB);
	sim_profile_default(&p);
	set(&p, "init_on_alloc=0");
	set(&p, "heap_zeroes=0");
	set(&p, "chunk_ns=0");
	set(&p, "page_ns=0");
	default_async_load(&p, &r);
	printf("\n  allocation free: %u reads, %u batches (%u windows; all ready at once: %u reads)\n",
	       r.reads, r.gathers, windows, want);
	CU_ASSERT(want < windows);
	CU_ASSERT_EQUAL(r.reads, want);
	CU_ASSERT_EQUAL(r.gathers, want);
	CU_ASSERT(kshim_accounting_clean());
}

/*
 * Allocation at a third of the device's rate: each window's read ends
 * before the next window is allocated, so every read is one window.
 */
static void one_read_per_window_when_allocation_is_slower(void)
{
	struct heapread_params hp;
	struct sim_profile p;
	struct sim_result r;
	unsigned int windows;

	heapread_params_init(&hp);
	windows = heapread_gather_count(&hp, GiB);
	sim_profile_default(&p);
	set(&p, "init_on_alloc=1");
	set(&p, "zero_gbps=1");
	set(&p, "dev_gbps=3");
	set(&p, "dio_page_ns=0");
	default_async_load(&p, &r);
	printf("\n  allocation at 1 GB/s, device at 3 GB/s: %u reads, %u batches (%u windows)\n",
	       r.reads, r.gathers, windows);
	CU_ASSERT_EQUAL(r.reads, windows);
	CU_ASSERT_EQUAL(r.gathers, windows);
	CU_ASSERT(kshim_accounting_clean());
}

static void profile_keys_held_to_their_bounds(void)
{
	unsigned int bounded = 0;

	for (unsigned int i = 0; i < sim_nr_params; i++) {
		const struct sim_param_desc *d = &sim_params[i];
		struct sim_profile p;
		const char *why;

		sim_profile_default(&p);
		CU_ASSERT_EQUAL(sim_profile_check(&p, &why), 0);
		if (d->lo > 0) {
			*sim_param_ptr(&p, d) = d->lo / 2;
			CU_ASSERT_EQUAL(sim_profile_check(&p, &why), -EINVAL);
			CU_ASSERT(why && !strncmp(why, d->key, strlen(d->key)));
			bounded++;
		}
		if (isfinite(d->hi)) {
			sim_profile_default(&p);
			*sim_param_ptr(&p, d) = d->hi * 2;
			CU_ASSERT_EQUAL(sim_profile_check(&p, &why), -EINVAL);
			CU_ASSERT(why && !strncmp(why, d->key, strlen(d->key)));
			bounded++;
		}
	}
	CU_ASSERT(bounded >= 10);
}

int main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return TEST_EXIT_ERROR;
	s = test_add_suite("sim_mechanisms");
	test_add_case(s, cpu_rate_stretches_cpu_not_device, NULL);
	test_add_case(s, contention_only_while_tasks_compute, NULL);
	test_add_case(s, device_serves_in_time_order, NULL);
	test_add_case(s, buffered_readers_of_one_file_take_turns, NULL);
	test_add_case(s, disk_transfers_take_host_cpu, NULL);
	test_add_case(s, reads_merge_when_allocation_runs_ahead, NULL);
	test_add_case(s, one_read_per_window_when_allocation_is_slower, NULL);
	test_add_case(s, profile_keys_held_to_their_bounds, NULL);
	return test_run_cunit();
}
