// SPDX-License-Identifier: GPL-2.0
/*
 * hr_fault_hooks: each fault does what docs/faults.md says, and nothing is
 * hooked without a plan. Also the engine paths only faults reach:
 * heapread_alloc() failing at every allocation, worker hooks around every
 * read of a load that fails.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <CUnit/Basic.h>

#include <linux/bits.h>
#include <linux/err.h>
#include <linux/mm.h>
#include <linux/kernel.h>
#include <linux/sched/signal.h>
#include <kshim/accounting.h>
#include <kshim/backend.h>
#include <kshim/fault.h>
#include <kshim/file.h>
#include <kshim/task.h>

#include "fault_test.h"
#include "testutil.h"

static struct ft_file file20;	/* 20 pages minus a little */
static struct ft_file file_big;	/* 1 MiB + 5 pages + 3 bytes */

static const struct ft_config inline_cfg = { FT_INLINE, 2, HEAPREAD_DEFAULT_ORDERS, 2 * PAGE_SIZE };
static const struct ft_config sync_cfg = { FT_SYNC, 1, HEAPREAD_DEFAULT_ORDERS, 2 * PAGE_SIZE };
static const struct ft_config threads_cfg = { FT_THREADS, 4, HEAPREAD_DEFAULT_ORDERS, PAGE_SIZE };

static long run_spec(struct ft_file *f, const struct ft_config *c, const char *spec,
		     struct hr_fault_plan *plan, struct ft_result *r)
{
	ft_plan(plan, spec);
	CU_ASSERT(ft_run(f, c, plan, r));
	return r->err;
}

/* Load @f under @spec and keep the buffer (the caller frees it). */
static struct heapread_buffer *load_keep(struct ft_file *f, const char *spec,
					 struct hr_fault_plan *plan)
{
	struct heapread_params p;
	struct heapread_buffer *buf;
	struct kshim_file kf;

	heapread_params_init(&p);
	p.gather_limit = 4 * PAGE_SIZE;
	ft_plan(plan, spec);
	CU_ASSERT_FATAL(kshim_file_open_fd(&kf, f->fd) == 0);
	hr_fault_apply(plan, &kf.file);
	buf = heapread_load(&kf.file, &p, NULL);
	kshim_wait_work_idle();
	hr_fault_remove(plan);
	CU_ASSERT(kf.file.f_op == &kshim_pread_fops);
	return buf;
}

static void nothing_is_hooked_without_a_plan(void)
{
	struct hr_fault_plan plan;
	struct kshim_file kf;

	CU_ASSERT_FALSE(kshim_fault_enabled);
	CU_ASSERT_FATAL(kshim_file_open_fd(&kf, file20.fd) == 0);
	ft_plan(&plan, "read@1");
	hr_fault_apply(&plan, &kf.file);
	CU_ASSERT(kshim_fault_enabled);
	CU_ASSERT(kf.file.f_op != &kshim_pread_fops);
	hr_fault_remove(&plan);
	CU_ASSERT_FALSE(kshim_fault_enabled);
	CU_ASSERT(kf.file.f_op == &kshim_pread_fops);
}

/* Chunks of order >= 4 fail: the load falls back to order 0 and succeeds. */
static void alloc_order_fails_high_orders_only(void)
{
	struct hr_fault_plan plan;
	struct heapread_buffer *buf = load_keep(&file_big, "alloc:order>=4", &plan);

	CU_ASSERT_FATAL(!IS_ERR(buf));
	CU_ASSERT(test_buffer_matches(buf, file_big.size));
	for (unsigned int i = 0; i < buf->nr_chunks; i++)
		CU_ASSERT(buf->chunks[i].bv_len < (PAGE_SIZE << 4));
	/* Order 8 once, then order 4 once: max_order drops, so no retries. */
	CU_ASSERT_EQUAL(hr_fault_fired(&plan, HR_FAULT_ALLOC_ORDER), 2);
	CU_ASSERT_EQUAL(hr_fault_fired_fatal(&plan), 0);
	heapread_buffer_free(buf);
	CU_ASSERT(kshim_accounting_report("order>=4"));
}

static void alloc_after_runs_out_at_its_page_count(void)
{
	struct hr_fault_plan plan;
	struct ft_result r;
	char spec[64];
	long pages = PAGE_ALIGN(file20.size) >> PAGE_SHIFT;

	snprintf(spec, sizeof(spec), "alloc:after=%ld", pages - 1);
	CU_ASSERT_EQUAL(run_spec(&file20, &inline_cfg, spec, &plan, &r), -ENOMEM);
	snprintf(spec, sizeof(spec), "alloc:after=%ld", pages);
	CU_ASSERT_EQUAL(run_spec(&file20, &inline_cfg, spec, &plan, &r), 0);
	CU_ASSERT(r.content_ok);
}

static void alloc_probability_is_seeded(void)
{
	struct hr_fault_plan plan;
	struct ft_result r;
	long first, allocs;

	CU_ASSERT_EQUAL(run_spec(&file20, &sync_cfg, "alloc:p=1", &plan, &r), -ENOMEM);
	CU_ASSERT_EQUAL(run_spec(&file20, &sync_cfg, "alloc:p=0", &plan, &r), 0);
	CU_ASSERT_EQUAL(run_spec(&file20, &sync_cfg, "kmalloc:p=1", &plan, &r), -ENOMEM);
	for (int seed = 1; seed < 20; seed++) {
		char spec[64];

		snprintf(spec, sizeof(spec), "seed=%d,alloc:p=0.1", seed);
		first = run_spec(&file20, &sync_cfg, spec, &plan, &r);
		allocs = plan.nr_allocs;
		CU_ASSERT_EQUAL(run_spec(&file20, &sync_cfg, spec, &plan, &r), first);
		CU_ASSERT_EQUAL(plan.nr_allocs, allocs);
	}
}

static void read_short_is_continued(void)
{
	static const char *const specs[] = { "read:short=random", "read:short=1000" };
	const struct ft_config *cfgs[] = { &inline_cfg, &sync_cfg, &threads_cfg };
	struct hr_fault_plan plan;
	struct ft_result r;

	for (size_t i = 0; i < ARRAY_SIZE(specs); i++) {
		for (size_t c = 0; c < ARRAY_SIZE(cfgs); c++) {
			CU_ASSERT_EQUAL(run_spec(&file20, cfgs[c], specs[i], &plan, &r), 0);
			CU_ASSERT(r.content_ok);
			CU_ASSERT(r.st.nr_short_reads > 0);
			CU_ASSERT_EQUAL(r.st.nr_reads, plan.nr_reads);
		}
	}
}

/* Late completions on real workers: out of order, the content still right. */
static void read_late_keeps_content(void)
{
	const struct ft_config cfg = { FT_THREADS, 8, BIT(0), PAGE_SIZE };
	struct hr_fault_plan plan;
	struct ft_result r;

	CU_ASSERT_EQUAL(run_spec(&file20, &cfg, "read:late=300us,read:short=random", &plan, &r),
			0);
	CU_ASSERT(r.content_ok);
	CU_ASSERT(hr_fault_fired(&plan, HR_FAULT_READ_LATE) == plan.nr_reads);
}

/* signal@t: late reads move the virtual clock until the signal's time. */
static void signal_at_time_follows_the_virtual_clock(void)
{
	const struct ft_config single = { FT_INLINE, 1, BIT(0), PAGE_SIZE };
	struct hr_fault_plan plan;
	struct ft_result r;

	CU_ASSERT_EQUAL(run_spec(&file20, &single, "read:late=1ms,signal@t=3ms", &plan, &r),
			-EINTR);
	CU_ASSERT(plan.signalled);
	CU_ASSERT(plan.nr_reads < 19);
	CU_ASSERT_EQUAL(run_spec(&file20, &sync_cfg, "read:late=1ms,signal@t=3ms", &plan, &r),
			-EINTR);
	CU_ASSERT_EQUAL(run_spec(&file20, &single, "read:late=1ms,signal@t=1s", &plan, &r), 0);
	CU_ASSERT_FALSE(plan.signalled);
	CU_ASSERT(r.content_ok);
	/* The real clock's tasks stay at virtual time 0: t=0 fires at once. */
	CU_ASSERT_EQUAL(run_spec(&file20, &threads_cfg, "signal@t=0", &plan, &r), -EINTR);
	CU_ASSERT_EQUAL(plan.nr_allocs, 0);
}

/* The loader reads itself in sync mode: it never waits, the clause never fires. */
static void signal_at_wait_needs_real_workers(void)
{
	struct hr_fault_plan plan;
	struct ft_result r;

	CU_ASSERT_EQUAL(run_spec(&file20, &sync_cfg, "signal@wait", &plan, &r), 0);
	CU_ASSERT_EQUAL(hr_fault_fired(&plan, HR_FAULT_SIGNAL_WAIT), 0);
	CU_ASSERT_EQUAL(run_spec(&file20, &threads_cfg, "signal@wait", &plan, &r), -EINTR);
	CU_ASSERT_EQUAL(hr_fault_fired(&plan, HR_FAULT_SIGNAL_WAIT), 1);
	CU_ASSERT_FALSE(fatal_signal_pending(current));
}

/*
 * read:stall: killed as its second read blocks (the signal clause first, or
 * the read would wait for a kill that never comes), the load returns
 * -EINTR while that read is blocked (it is released only after the load
 * returned); released, it leaves nothing (ft_run checks the accounting once
 * the stall ends). On the loader's own thread a read cannot stall.
 */
static void read_stall_killed_load_returns_while_stalled(void)
{
	struct hr_fault_plan plan;
	struct ft_result r;

	CU_ASSERT_EQUAL(run_spec(&file20, &threads_cfg, "signal@read=2,read:stall@2", &plan, &r),
			-EINTR);
	CU_ASSERT_EQUAL(hr_fault_fired(&plan, HR_FAULT_READ_STALL), 1);
	CU_ASSERT(r.clean);
	CU_ASSERT_EQUAL(run_spec(&file20, &sync_cfg, "read:stall@2", &plan, &r), 0);
	CU_ASSERT_EQUAL(hr_fault_fired(&plan, HR_FAULT_READ_STALL), 0);
	CU_ASSERT(r.content_ok);
}

/* Emulated size changes: a shrink ends the reads early, a growth is ignored. */
static void emulated_truncate_and_grow(void)
{
	struct hr_fault_plan plan;
	struct ft_result r;

	CU_ASSERT_EQUAL(run_spec(&file20, &sync_cfg, "truncate@read=2:20000", &plan, &r),
			-ENODATA);
	CU_ASSERT_EQUAL(run_spec(&file20, &inline_cfg, "truncate@read=1:0", &plan, &r),
			-ENODATA);
	CU_ASSERT_EQUAL(run_spec(&file20, &threads_cfg, "grow@read=1:5000", &plan, &r), 0);
	CU_ASSERT(r.content_ok);
	/* Shrinking to the full size changes nothing. */
	CU_ASSERT_EQUAL(run_spec(&file20, &inline_cfg, "truncate@read=1:81915", &plan, &r), 0);
}

/* heapread_alloc(): every kmalloc and page allocation fails in turn, then a kill. */
static void heapread_alloc_fails_cleanly_everywhere(void)
{
	struct heapread_params p;
	const size_t len = 300 * PAGE_SIZE + 5;
	struct hr_fault_plan plan;
	struct heapread_buffer *buf;
	long kmallocs, allocs;

	heapread_params_init(&p);
	p.order_mask = BIT(4) | BIT(0);
	ft_plan(&plan, "none");
	hr_fault_apply(&plan, NULL);
	buf = heapread_alloc(len, &p);
	hr_fault_remove(&plan);
	CU_ASSERT_FATAL(!IS_ERR(buf));
	heapread_buffer_free(buf);
	kmallocs = plan.nr_kmallocs;
	allocs = plan.nr_allocs;
	CU_ASSERT(kmallocs == 2 && allocs == 18 + 13);
	for (long i = 1; i <= kmallocs + allocs; i++) {
		char spec[64];

		if (i <= kmallocs)
			snprintf(spec, sizeof(spec), "kmalloc@%ld", i);
		else
			snprintf(spec, sizeof(spec), "alloc@%ld", i - kmallocs);
		ft_plan(&plan, spec);
		hr_fault_apply(&plan, NULL);
		buf = heapread_alloc(len, &p);
		hr_fault_remove(&plan);
		if (hr_fault_fired_fatal(&plan)) {
			CU_ASSERT_EQUAL(PTR_ERR(buf), -ENOMEM);
		} else {
			CU_ASSERT_FATAL(!IS_ERR(buf));
			heapread_buffer_free(buf);
		}
		CU_ASSERT(kshim_accounting_report(spec));
	}
	ft_plan(&plan, "signal@alloc=5");
	hr_fault_apply(&plan, NULL);
	buf = heapread_alloc(len, &p);
	hr_fault_remove(&plan);
	CU_ASSERT_EQUAL(PTR_ERR(buf), -EINTR);
	CU_ASSERT(kshim_accounting_report("heapread_alloc killed"));
}

/* heapread_load() checks its parameters before it touches the file. */
static void load_rejects_bad_params(void)
{
	struct heapread_params p;
	struct heapread_buffer *buf;
	struct kshim_file kf;

	heapread_params_init(&p);
	p.gather_limit = PAGE_SIZE + 1;
	CU_ASSERT_FATAL(kshim_file_open_fd(&kf, file20.fd) == 0);
	buf = heapread_load(&kf.file, &p, NULL);
	CU_ASSERT_EQUAL(PTR_ERR(buf), -EINVAL);
	heapread_params_init(&p);
	p.queue_depth = 0;
	buf = heapread_load(&kf.file, &p, NULL);
	CU_ASSERT_EQUAL(PTR_ERR(buf), -EINVAL);
	CU_ASSERT(kshim_accounting_report("bad params"));
}

struct worker_count {
	long attach, detach;
};

static void count_attach(void *ctx)
{
	__atomic_add_fetch(&((struct worker_count *)ctx)->attach, 1, __ATOMIC_SEQ_CST);
}

static void count_detach(void *ctx)
{
	__atomic_add_fetch(&((struct worker_count *)ctx)->detach, 1, __ATOMIC_SEQ_CST);
}

/* Every queued gather's worker attaches and detaches, failed reads too. */
static void worker_ops_bracket_every_read(void)
{
	static const struct heapread_worker_ops ops = { count_attach, count_detach };
	static const char *const specs[] = { "none", "read@3:EIO", "read:zero@5" };

	for (int threads = 0; threads <= 1; threads++) {
		for (size_t i = 0; i < ARRAY_SIZE(specs); i++) {
			struct worker_count n = { 0 };
			struct heapread_params p;
			struct heapread_stats st;
			struct hr_fault_plan plan;
			struct heapread_buffer *buf;
			struct kshim_file kf;

			heapread_params_init(&p);
			p.gather_limit = 2 * PAGE_SIZE;
			p.worker_ops = &ops;
			p.worker_ctx = &n;
			ft_plan(&plan, specs[i]);
			CU_ASSERT_FATAL(kshim_file_open_fd(&kf, file20.fd) == 0);
			kshim_set_executor(threads ? NULL : &kshim_inline_executor);
			hr_fault_apply(&plan, &kf.file);
			buf = heapread_load(&kf.file, &p, &st);
			kshim_wait_work_idle();
			hr_fault_remove(&plan);
			kshim_set_executor(NULL);
			if (!IS_ERR(buf))
				heapread_buffer_free(buf);
			CU_ASSERT_EQUAL(IS_ERR(buf), i != 0);
			CU_ASSERT(n.attach > 0);
			CU_ASSERT_EQUAL(n.attach, st.nr_gathers);
			CU_ASSERT_EQUAL(n.detach, n.attach);
			CU_ASSERT(kshim_accounting_report(specs[i]));
		}
	}
}

int main(void)
{
	CU_pSuite s;
	int ret;

	if (!ft_file_create(&file20, "hooks20", 20 * PAGE_SIZE - 5) ||
	    !ft_file_create(&file_big, "hooksbig", (1 << 20) + 5 * PAGE_SIZE + 3)) {
		fprintf(stderr, "cannot create test files in %s\n", test_dir());
		return TEST_EXIT_ERROR;
	}
	if (CU_initialize_registry() != CUE_SUCCESS)
		return TEST_EXIT_ERROR;
	s = test_add_suite("fault_hooks");
	test_add_case(s, nothing_is_hooked_without_a_plan, NULL);
	test_add_case(s, alloc_order_fails_high_orders_only, NULL);
	test_add_case(s, alloc_after_runs_out_at_its_page_count, NULL);
	test_add_case(s, alloc_probability_is_seeded, NULL);
	test_add_case(s, read_short_is_continued, NULL);
	test_add_case(s, read_late_keeps_content, NULL);
	test_add_case(s, signal_at_time_follows_the_virtual_clock, NULL);
	test_add_case(s, signal_at_wait_needs_real_workers, NULL);
	test_add_case(s, read_stall_killed_load_returns_while_stalled, NULL);
	test_add_case(s, emulated_truncate_and_grow, NULL);
	test_add_case(s, heapread_alloc_fails_cleanly_everywhere, NULL);
	test_add_case(s, worker_ops_bracket_every_read, NULL);
	test_add_case(s, load_rejects_bad_params, NULL);
	ret = test_run_cunit();
	ft_file_destroy(&file20);
	ft_file_destroy(&file_big);
	return ret;
}
