// SPDX-License-Identifier: GPL-2.0
/* The fault suites' shared harness (fault_test.h). */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#endif

#include <linux/err.h>
#include <linux/mm.h>
#include <kshim/accounting.h>
#include <linux/workqueue.h>
#include <kshim/backend.h>
#include <kshim/fault.h>
#include <kshim/file.h>

#include "fault_test.h"
#include "testutil.h"

#define FD_POS_MARK	4321	/* where each load finds (and must leave) the fd's offset */
#define F_POS_MARK	1234	/* and the struct file's f_pos */

bool ft_file_create(struct ft_file *f, const char *name, uint64_t size)
{
	f->size = size;
	f->path = test_make_file(name, size);
	if (!f->path)
		return false;
	f->fd = open(f->path, O_RDONLY);
	if (f->fd < 0) {
		test_remove_file(f->path);
		f->path = NULL;
		return false;
	}
	return true;
}

void ft_file_destroy(struct ft_file *f)
{
	if (!f->path)
		return;
	close(f->fd);
	test_remove_file(f->path);
	f->path = NULL;
}

const char *ft_mode_name(enum ft_mode mode)
{
	switch (mode) {
	case FT_SYNC:
		return "sync";
	case FT_INLINE:
		return "inline";
	default:
		return "threads";
	}
}

void ft_config_describe(const struct ft_config *c, char *buf, size_t len)
{
	snprintf(buf, len, "%s qd %u orders %#lx gather %zuK", ft_mode_name(c->mode), c->qd,
		 c->orders, c->gather >> 10);
}

bool ft_accounting_clean(long *warnings)
{
	struct kshim_counts k;

	kshim_counts_get(&k);
	*warnings = k.warnings;
	return kshim_pages_live() == 0 && k.kmalloc_live == 0 && k.work_pending == 0 &&
	       k.reads_in_flight == 0 && k.workqueues_live == 0;
}

bool ft_run(struct ft_file *f, const struct ft_config *c, struct hr_fault_plan *plan,
	    struct ft_result *r)
{
	struct kshim_file kf;

	if (kshim_file_open_fd(&kf, f->fd)) {
		perror("ft_run: file");
		return false;
	}
	return ft_run_file(f, &kf.file, c, plan, r);
}

bool ft_run_file(struct ft_file *f, struct file *file, const struct ft_config *c,
		 struct hr_fault_plan *plan, struct ft_result *r)
{
	struct heapread_params p;
	struct heapread_buffer *buf;
	char spec[512], cfg[96];
	bool ok = true;

	*r = (struct ft_result) { 0 };
	heapread_params_init(&p);
	p.sync = c->mode == FT_SYNC;
	p.queue_depth = c->qd;
	p.order_mask = c->orders;
	p.gather_limit = c->gather;
	if (lseek(f->fd, FD_POS_MARK, SEEK_SET) != FD_POS_MARK) {
		perror("ft_run: lseek");
		return false;
	}
	file->f_pos = F_POS_MARK;
	kshim_set_executor(c->mode == FT_INLINE ? &kshim_inline_executor : NULL);
	/* Inline, the queue depth is the number of virtual workers: a queue of our own. */
	if (c->mode == FT_INLINE && !(p.wq = alloc_workqueue("ft", WQ_UNBOUND, c->qd))) {
		kshim_set_executor(NULL);
		return false;
	}
	hr_fault_apply(plan, file);
	buf = heapread_load(file, &p, &r->st);
	/* A killed load returns before its reads; they use the plan until then. */
	/* A read:stall that fired holds its read until the release below. */
	if (hr_fault_fired(plan, HR_FAULT_READ_STALL))
		kshim_stall_wait_sleepers(hr_fault_fired(plan, HR_FAULT_READ_STALL), 2000);
	r->stalled = kshim_stall_sleepers();
	kshim_stall_release();
	kshim_wait_work_idle();
	if (p.wq)
		destroy_workqueue(p.wq);
	hr_fault_remove(plan);
	kshim_set_executor(NULL);
	if (IS_ERR(buf)) {
		r->err = PTR_ERR(buf);
	} else {
		r->content_ok = test_buffer_matches(buf, f->size);
		heapread_buffer_free(buf);
	}
	r->pos_ok = file->f_pos == F_POS_MARK && lseek(f->fd, 0, SEEK_CUR) == FD_POS_MARK;
	r->clean = ft_accounting_clean(&r->warnings);
	if (!r->clean)
		kshim_accounting_report("after a fault run");
	/* Forget the warnings an overlong read provoked; the caller judges them. */
	kshim_accounting_reset();
	if (!r->clean || !r->pos_ok || (!r->err && !r->content_ok))
		ok = false;
	if (!ok) {
		hr_fault_format(plan, spec, sizeof(spec));
		ft_config_describe(c, cfg, sizeof(cfg));
		fprintf(stderr, "fault run failed: %s, %s, size %llu: err %ld%s%s%s\n", spec, cfg,
			(unsigned long long)f->size, r->err, r->clean ? "" : ", not clean",
			r->pos_ok ? "" : ", file position moved",
			!r->err && !r->content_ok ? ", wrong content" : "");
	}
	return ok;
}

void ft_plan(struct hr_fault_plan *plan, const char *spec)
{
	char err[256];

	if (hr_fault_parse(spec, plan, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		exit(TEST_EXIT_ERROR);
	}
}

bool ft_under_valgrind(void)
{
#ifdef RUNNING_ON_VALGRIND
	if (RUNNING_ON_VALGRIND)
		return true;
#endif
	return getenv("VALGRIND") != NULL;
}

double ft_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}
