// SPDX-License-Identifier: GPL-2.0
/*
 * heapread_load_errors: bad input gets its errno and every failure path
 * returns with nothing allocated, queued or in flight: read errors, a file
 * that shrinks, short reads, fatal signals before, during and after the
 * allocation.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <CUnit/Basic.h>

#include <linux/err.h>
#include <linux/errno.h>
#include <linux/mm.h>
#include <kshim/accounting.h>
#include <kshim/backend.h>
#include <kshim/file.h>
#include <kshim/task.h>
#include "heapread.h"
#include "testutil.h"

static long load_fd(int fd, const struct heapread_params *p, struct heapread_stats *st)
{
	struct heapread_buffer *buf;
	struct kshim_file kf;
	long err;

	err = kshim_file_open_fd(&kf, fd);
	if (err)
		return err;
	buf = heapread_load(&kf.file, p, st);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	heapread_buffer_free(buf);
	return 0;
}

static long load_path(const char *path, int flags, const struct heapread_params *p)
{
	int fd = open(path, flags);
	long err;

	if (fd < 0)
		return -1000;
	err = load_fd(fd, p, NULL);
	close(fd);
	return err;
}

static void defaults(struct heapread_params *p)
{
	heapread_params_init(p);
	p->gather_limit = 4 * PAGE_SIZE;
}

static void load_rejects_empty_file(void)
{
	struct heapread_params p;
	char *path = test_make_file("empty", 0);

	defaults(&p);
	CU_ASSERT_EQUAL(load_path(path, O_RDONLY, &p), -EINVAL);
	test_remove_file(path);
	CU_ASSERT(kshim_accounting_report("empty file"));
}

static void load_rejects_directory(void)
{
	struct heapread_params p;

	defaults(&p);
	CU_ASSERT_EQUAL(load_path(test_dir(), O_RDONLY | O_DIRECTORY, &p), -EINVAL);
	CU_ASSERT(kshim_accounting_report("directory"));
}

static void load_rejects_fifo(void)
{
	struct heapread_params p;
	char path[256];

	defaults(&p);
	snprintf(path, sizeof(path), "%s/fifo.%d", test_dir(), (int)getpid());
	CU_ASSERT_FATAL(mkfifo(path, 0600) == 0);
	CU_ASSERT_EQUAL(load_path(path, O_RDONLY | O_NONBLOCK, &p), -EINVAL);
	unlink(path);
	CU_ASSERT(kshim_accounting_report("fifo"));
}

static void load_rejects_char_device(void)
{
	struct heapread_params p;

	defaults(&p);
	CU_ASSERT_EQUAL(load_path("/dev/zero", O_RDONLY, &p), -EINVAL);
}

static void load_rejects_write_only_file(void)
{
	struct heapread_params p;
	char *path = test_make_file("wronly", 5000);

	defaults(&p);
	CU_ASSERT_EQUAL(load_path(path, O_WRONLY, &p), -EINVAL);
	test_remove_file(path);
	CU_ASSERT(kshim_accounting_report("write-only"));
}

static void load_rejects_file_over_max_size(void)
{
	struct heapread_params p;
	char *path = test_make_file("big", 8193);

	defaults(&p);
	p.max_size = 8192;
	CU_ASSERT_EQUAL(load_path(path, O_RDONLY, &p), -EFBIG);
	p.max_size = 8193;
	CU_ASSERT_EQUAL(load_path(path, O_RDONLY, &p), 0);
	test_remove_file(path);
	CU_ASSERT(kshim_accounting_report("max_size"));
}

static void params_check_rejects_bad_values(void)
{
	struct heapread_params p;

	defaults(&p);
	CU_ASSERT_EQUAL(heapread_params_check(&p), 0);
	p.gather_limit = 0;
	CU_ASSERT_EQUAL(heapread_params_check(&p), -EINVAL);
	p.gather_limit = PAGE_SIZE + 1;
	CU_ASSERT_EQUAL(heapread_params_check(&p), -EINVAL);
	defaults(&p);
	p.queue_depth = 0;
	CU_ASSERT_EQUAL(heapread_params_check(&p), -EINVAL);
	p.queue_depth = HEAPREAD_MAX_QUEUE_DEPTH + 1;
	CU_ASSERT_EQUAL(heapread_params_check(&p), -EINVAL);
	defaults(&p);
	p.max_size = 0;
	CU_ASSERT_EQUAL(heapread_params_check(&p), -EINVAL);
	defaults(&p);
	p.order_mask = BIT(HEAPREAD_MAX_CHUNK_ORDER + 1);
	CU_ASSERT_EQUAL(heapread_params_check(&p), -EINVAL);
}

/*
 * A pread file with a misbehaviour: fail the nth read, end the file early,
 * cut every read short, or kill the loader at the nth read.
 */
struct odd_file {
	struct kshim_file kf;		/* first: private_data points here */
	long nth_read;			/* reads seen */
	long fail_at;			/* fail this read (-1: never) */
	int fail_err;
	loff_t eof_at;			/* pretend the file ends here (-1: no) */
	size_t max_read;		/* cut reads to this many bytes (0: no) */
	long kill_at;			/* SIGKILL the loader at this read (-1: never) */
	bool direct;			/* reads are direct (the fd itself is not) */
	int kill_delay_ms;		/* then sleep before reading */
	struct task_struct *loader;
};

static ssize_t odd_read_iter(struct kiocb *iocb, struct iov_iter *to)
{
	struct odd_file *of = iocb->ki_filp->private_data;
	long nth = __atomic_fetch_add(&of->nth_read, 1, __ATOMIC_SEQ_CST);
	struct iov_iter part;
	ssize_t ret;

	if (nth == of->kill_at) {
		struct timespec ts = { 0, of->kill_delay_ms * 1000000L };

		kshim_send_sigkill(of->loader);
		nanosleep(&ts, NULL);
	}
	if (nth == of->fail_at)
		return of->fail_err;
	if (of->eof_at >= 0 && iocb->ki_pos >= of->eof_at)
		return 0;
	part = *to;
	if (of->max_read)
		iov_iter_truncate(&part, of->max_read);
	if (of->eof_at >= 0)
		iov_iter_truncate(&part, of->eof_at - iocb->ki_pos);
	ret = kshim_pread_fops.read_iter(iocb, &part);
	if (ret > 0)
		iov_iter_advance(to, ret);
	return ret;
}

static const struct file_operations odd_fops = { .read_iter = odd_read_iter };

static long load_odd(uint64_t size, struct odd_file *of, const struct heapread_params *p,
		     struct heapread_stats *st, bool check_content)
{
	char *path = test_make_file("odd", size);
	struct heapread_buffer *buf;
	long err = 0;
	int fd;

	fd = open(path, O_RDONLY);
	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT_FATAL(kshim_file_open_fd(&of->kf, fd) == 0);
	of->kf.file.f_op = &odd_fops;
	if (of->direct)
		of->kf.file.f_flags |= O_DIRECT;
	of->loader = current;
	buf = heapread_load(&of->kf.file, p, st);
	/* A killed load returns before its reads: they use @of until then. */
	kshim_wait_work_idle();
	if (IS_ERR(buf)) {
		err = PTR_ERR(buf);
	} else {
		if (check_content)
			CU_ASSERT(test_buffer_matches(buf, size));
		heapread_buffer_free(buf);
	}
	close(fd);
	test_remove_file(path);
	kshim_clear_sigkill(current);
	return err;
}

static struct odd_file odd_default(void)
{
	return (struct odd_file) { .fail_at = -1, .eof_at = -1, .kill_at = -1 };
}

/* Every read of a 21-gather load fails in turn, sync and async. */
static void load_read_error_each_read(void)
{
	struct heapread_params p;

	defaults(&p);
	for (int sync = 0; sync <= 1; sync++) {
		for (long n = 0; n < 21; n++) {
			struct odd_file of = odd_default();

			of.fail_at = n;
			of.fail_err = n % 2 ? -EIO : -ENOSPC;
			p.sync = sync;
			CU_ASSERT_EQUAL(load_odd(20 * 4 * PAGE_SIZE + 7, &of, &p, NULL, false),
					of.fail_err);
			CU_ASSERT(kshim_accounting_report("read error"));
		}
	}
}

static void load_file_shrinks_gives_enodata(void)
{
	struct heapread_params p;

	defaults(&p);
	for (int sync = 0; sync <= 1; sync++) {
		struct odd_file of = odd_default();

		of.eof_at = 5 * 4 * PAGE_SIZE + 100;
		p.sync = sync;
		CU_ASSERT_EQUAL(load_odd(10 * 4 * PAGE_SIZE, &of, &p, NULL, false), -ENODATA);
		CU_ASSERT(kshim_accounting_report("shrink"));
	}
}

static void load_short_reads_are_continued(void)
{
	struct heapread_params p;
	struct heapread_stats st;

	defaults(&p);
	for (int sync = 0; sync <= 1; sync++) {
		struct odd_file of = odd_default();

		of.max_read = 1000;
		p.sync = sync;
		CU_ASSERT_EQUAL(load_odd(3 * 4 * PAGE_SIZE + 11, &of, &p, &st, true), 0);
		CU_ASSERT(st.nr_short_reads > 0);
		CU_ASSERT_EQUAL(st.nr_reads, of.nth_read);
		CU_ASSERT(kshim_accounting_report("short reads"));
	}
}

/*
 * Expect: a direct read cut short mid-file (by a device's limit, a partial
 * error) is continued from a block boundary, where direct I/O can start, not
 * from the unaligned byte it stopped at (-EINVAL); a file system that keeps
 * returning less than a block is an -EIO, not a loop.
 */
static void load_short_direct_read_resumes_aligned(void)
{
	struct heapread_params p;
	struct heapread_stats st;

	defaults(&p);
	for (int sync = 0; sync <= 1; sync++) {
		struct odd_file of = odd_default();

		of.max_read = 6000;
		of.direct = true;
		p.sync = sync;
		CU_ASSERT_EQUAL(load_odd(3 * 4 * PAGE_SIZE + 11, &of, &p, &st, true), 0);
		CU_ASSERT(st.nr_short_reads > 0);
		of = odd_default();
		of.max_read = 1000;
		of.direct = true;
		CU_ASSERT_EQUAL(load_odd(3 * 4 * PAGE_SIZE + 11, &of, &p, &st, false), -EIO);
	}
}

static void load_fatal_signal_before_start(void)
{
	struct heapread_params p;
	char *path = test_make_file("killed", 50000);
	int fd = open(path, O_RDONLY);

	defaults(&p);
	kshim_send_sigkill(current);
	CU_ASSERT_EQUAL(load_fd(fd, &p, NULL), -EINTR);
	kshim_clear_sigkill(current);
	close(fd);
	test_remove_file(path);
	CU_ASSERT(kshim_accounting_report("signal before"));
}

/*
 * SIGKILL arrives during the reads (not the last one: a signal during the
 * final read may find the load already complete, which is a success) of a
 * slow file: the pages outlive the reads.
 */
static void load_fatal_signal_mid_read(void)
{
	struct heapread_params p;

	defaults(&p);
	for (int sync = 0; sync <= 1; sync++) {
		for (long n = 0; n < 9; n += 2) {
			struct odd_file of = odd_default();

			of.kill_at = n;
			of.kill_delay_ms = 30;	/* the loader must see the read still running */
			p.sync = sync;
			p.queue_depth = 4;
			CU_ASSERT_EQUAL(load_odd(10 * 4 * PAGE_SIZE, &of, &p, NULL, false), -EINTR);
			CU_ASSERT(kshim_accounting_report("signal mid-read"));
		}
	}
}

int main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return TEST_EXIT_ERROR;
	s = test_add_suite("heapread_load_bad_input");
	test_add_case(s, load_rejects_empty_file, NULL);
	test_add_case(s, load_rejects_directory, NULL);
	test_add_case(s, load_rejects_fifo, NULL);
	test_add_case(s, load_rejects_char_device, NULL);
	test_add_case(s, load_rejects_write_only_file, NULL);
	test_add_case(s, load_rejects_file_over_max_size, NULL);
	test_add_case(s, params_check_rejects_bad_values, NULL);
	s = test_add_suite("heapread_load_failures");
	test_add_case(s, load_read_error_each_read, NULL);
	test_add_case(s, load_file_shrinks_gives_enodata, NULL);
	test_add_case(s, load_short_reads_are_continued, NULL);
	test_add_case(s, load_short_direct_read_resumes_aligned, NULL);
	test_add_case(s, load_fatal_signal_before_start, NULL);
	test_add_case(s, load_fatal_signal_mid_read, NULL);
	return test_run_cunit();
}
