// SPDX-License-Identifier: GPL-2.0
/*
 * The unmodified core/ engine on the simulator's models: a page backend that
 * charges the allocator model to the allocating task's virtual clock, a
 * struct file whose read_iter charges the device model to the reading task,
 * the virtual-time executor (virtual workers that take turns with the
 * caller in virtual time, so a reader sees the windows the allocation had
 * opened by its own clock) and the virtual clock. Each model charge ends
 * with kshim_vclock_sync(): the tasks behind the charged one run first.
 * Under a fault plan the inline executor runs the reads on the caller's
 * thread instead, as the fault hooks expect (sim/fault/fault_hooks.c).
 *
 * Dataless mode (the default for the table): every chunk is handed the same
 * scratch memory and reads move the iterator without copying, so a 3 GB
 * load costs no 3 GB. Timing does not depend on content, so this changes
 * nothing but memory; content mode uses real memory and real bytes of a
 * generated file, and the buffer is checked byte by byte after the load.
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/err.h>
#include <linux/errno.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/workqueue.h>
#include <linux/sched.h>
#include <linux/uio.h>
#include <kshim/backend.h>
#include <kshim/file.h>
#include <kshim/memcg.h>

#include "heapread.h"
#include "fault.h"
#include "pattern.h"
#include "sim_run.h"

#define SCRATCH_BYTES	(PAGE_SIZE << HEAPREAD_MAX_CHUNK_ORDER)

struct sim_load {
	struct sim_ctx *c;
	const struct sim_engine_cfg *cfg;
	struct kshim_file kf;
	uint64_t size, gather;
	uint64_t allocated;		/* bytes handed out so far, for trace labels */
	uint64_t vmapped;		/* bytes already vmapped (seed schemes) */
	double cpu_scale;
	struct task_struct *tasks[SIM_TRACE_TRACKS];
	unsigned int nr_tasks;
};

static void *scratch;

/* A CPU piece of the current task starts at @t: the tasks behind it go first. */
static void engine_step(void *ctx, uint64_t t)
{
	if (current->vclock < t)
		current->vclock = t;
	kshim_vclock_sync();
}

void sim_ctx_init(struct sim_ctx *c, const struct sim_profile *p, uint64_t seed,
		  bool content, struct sim_trace *trace)
{
	*c = (struct sim_ctx) { .p = p, .trace = trace, .content = content, .seed = seed };
	sim_cpu_init(&c->cpu, p);
	sim_device_init(&c->dev, p, &c->cpu);
	sim_alloc_init(&c->alloc, p, seed);
}

void sim_ctx_release(struct sim_ctx *c)
{
	sim_device_release(&c->dev);
	sim_cpu_release(&c->cpu);
}

unsigned int sim_engine_default_qd(void)
{
	return HEAPREAD_DEFAULT_QUEUE_DEPTH;
}

uint64_t sim_engine_default_gather(void)
{
	return HEAPREAD_DEFAULT_GATHER;
}

/* The trace track of the current task: the caller or one of the workers. */
static unsigned int task_track(struct sim_load *l)
{
	char name[24];
	unsigned int i;

	if (!current->is_worker)
		return sim_trace_track(l->c->trace, "caller");
	for (i = 0; i < l->nr_tasks; i++)
		if (l->tasks[i] == current)
			break;
	if (i == l->nr_tasks && i < SIM_TRACE_TRACKS)
		l->tasks[l->nr_tasks++] = current;
	snprintf(name, sizeof(name), "worker %u", i);
	return sim_trace_track(l->c->trace, name);
}

static void trace_span(struct sim_load *l, const char *what, uint64_t pos, uint64_t t0)
{
	char label[24];

	if (!l->c->trace || current->vclock == t0)
		return;
	snprintf(label, sizeof(label), "%s %llu", what, (unsigned long long)(pos / l->gather));
	sim_trace_span(l->c->trace, task_track(l), label, t0, current->vclock);
}

static void *sim_page_alloc(void *ctx, unsigned int order, bool zero, void **cookie)
{
	struct sim_load *l = ctx;
	uint64_t t0 = current->vclock, ns;
	void *mem;

	if (!sim_alloc_chunk(&l->c->alloc, order, zero || (l->cfg->dma_heap && l->c->p->heap_zeroes > 0), &ns)) {
		current->vclock = sim_cpu_work(&l->c->cpu, t0, ns, 1);
		kshim_vclock_sync();
		return NULL;
	}
	if (l->c->content) {
		mem = aligned_alloc(PAGE_SIZE, PAGE_SIZE << order);
		if (!mem)
			return NULL;
		if (zero)
			memset(mem, 0, PAGE_SIZE << order);
	} else {
		mem = scratch;
	}
	current->vclock = sim_cpu_work(&l->c->cpu, t0, ns, 1);
	trace_span(l, "alloc", l->allocated, t0);
	l->allocated += PAGE_SIZE << order;
	kshim_vclock_sync();
	return mem;
}

static void sim_page_free(void *ctx, void *addr, unsigned int order, void *cookie)
{
	struct sim_load *l = ctx;

	if (l->c->content)
		free(addr);
}

static void fill_pattern(struct sim_load *l, uint64_t pos, size_t bytes, struct iov_iter *to)
{
	uint8_t buf[4096];

	while (bytes) {
		size_t n = bytes < sizeof(buf) ? bytes : sizeof(buf);

		for (size_t i = 0; i < n; i++)
			buf[i] = hr_pattern_byte(l->c->seed, pos + i);
		/* The caller truncated @to to @bytes: it always takes @n. */
		if (copy_to_iter(buf, n, to) != n)
			break;
		pos += n;
		bytes -= n;
	}
}

static ssize_t sim_read_iter(struct kiocb *iocb, struct iov_iter *to)
{
	struct sim_load *l = container_of(iocb->ki_filp, struct sim_load, kf.file);
	const struct sim_profile *p = l->c->p;
	bool direct = iocb->ki_flags & IOCB_DIRECT;
	uint64_t pos = iocb->ki_pos, t0 = current->vclock, t;
	size_t bytes = iov_iter_count(to);

	if (pos >= l->size || !bytes)
		return 0;
	if (direct && pos % (uint64_t)p->dev_align)
		return -EINVAL;
	if (bytes > l->size - pos)
		bytes = l->size - pos;
	if (p->short_read >= 1 && bytes > p->short_read)
		bytes = (size_t)p->short_read;
	kshim_read_begin();
	t = t0;
	if (l->cfg->vmap && pos + bytes > l->vmapped) {
		uint64_t from = pos > l->vmapped ? pos : l->vmapped;

		t = sim_cpu_work(&l->c->cpu, t, sim_pages(pos + bytes - from) * p->vmap_page_ns,
				 l->cpu_scale);
		l->vmapped = pos + bytes;
	}
	if (direct) {
		t = sim_read_direct(&l->c->dev, t, bytes, p->dio_page_ns, l->cpu_scale);
	} else {
		struct sim_buffered how = { .copies = 1, .cpu_scale = l->cpu_scale };

		t = sim_read_buffered(&l->c->dev, t, bytes, &how);
	}
	current->vclock = t;
	if (l->c->content)
		fill_pattern(l, pos, bytes, to);
	else
		iov_iter_advance(to, bytes);
	iocb->ki_pos += bytes;
	kshim_read_end();
	trace_span(l, "read", pos, t0);
	kshim_vclock_sync();
	return bytes;
}

static const struct file_operations sim_fops = {
	.read_iter = sim_read_iter,
};

static bool buffer_matches(const struct heapread_buffer *buf, uint64_t seed)
{
	uint64_t off = 0;

	for (unsigned int i = 0; i < buf->nr_chunks; i++) {
		const uint8_t *b = page_address(buf->chunks[i].bv_page);

		for (size_t j = 0; j < buf->chunks[i].bv_len; j++, off++) {
			uint8_t want = off < buf->size ? hr_pattern_byte(seed, off) : 0;

			if (b[j] != want) {
				fprintf(stderr, "sim: content differs at offset %llu: %#x, want %#x\n",
					(unsigned long long)off, b[j], want);
				return false;
			}
		}
	}
	return off == buf->len;
}

static void engine_params(const struct sim_load *l, struct heapread_params *hp)
{
	const struct sim_engine_cfg *cfg = l->cfg;

	heapread_params_init(hp);
	/* The modelled machine's memory, not this one's, bounds a simulated load. */
	hp->max_size = LLONG_MAX;
	hp->sync = cfg->sync;
	if (cfg->queue_depth)
		hp->queue_depth = cfg->queue_depth;
	if (cfg->gather == UINT64_MAX)
		hp->gather_limit = PAGE_ALIGN(l->size);
	else if (cfg->gather)
		hp->gather_limit = cfg->gather;
	if (cfg->gather_min == UINT64_MAX)
		hp->gather_min = 0;
	else if (cfg->gather_min)
		hp->gather_min = cfg->gather_min;
	if (cfg->order_mask)
		hp->order_mask = cfg->order_mask;
}

int sim_run_engine(struct sim_ctx *c, const struct sim_engine_cfg *cfg, uint64_t size,
		   struct sim_result *r)
{
	struct sim_load l = { .c = c, .cfg = cfg, .size = size };
	struct kshim_page_backend backend = {
		.name = "sim", .alloc = sim_page_alloc, .free = sim_page_free, .ctx = &l,
	};
	const struct kshim_page_backend *saved = kshim_get_page_backend();
	struct heapread_stats st;
	struct heapread_params hp;
	struct heapread_buffer *buf;
	uint64_t start;
	unsigned int threads;

	if (!scratch && !(scratch = aligned_alloc(PAGE_SIZE, SCRATCH_BYTES)))
		return -ENOMEM;
	engine_params(&l, &hp);
	l.gather = hp.gather_limit;
	threads = hp.sync ? 1 : 1 + hp.queue_depth;
	/* Used only without the CPU timeline, which more threads than CPUs switch on. */
	l.cpu_scale = threads > c->p->ncpu ? threads / c->p->ncpu : 1.0;
	sim_cpu_tasks(&c->cpu, threads);
	kshim_file_init(&l.kf, &sim_fops, S_IFREG | 0644, size,
			O_RDONLY | (cfg->direct ? O_DIRECT : 0), FMODE_READ);
	kshim_set_page_backend(&backend);
	kshim_set_executor(c->fault ? &kshim_inline_executor : &kshim_vtime_executor);
	kshim_set_clock(KSHIM_CLOCK_VIRTUAL);
	kshim_set_totalram_pages(ULONG_MAX >> PAGE_SHIFT);

	current->vclock = 0;
	start = (uint64_t)(cfg->setup_syscalls * c->p->syscall_ns);
	current->vclock = start;
	/*
	 * The engine shares a workqueue between loads; here the workqueue is the
	 * modelled machine's queue_depth workers, from the load's start.
	 */
	if (!hp.sync) {
		hp.wq = alloc_workqueue("sim", WQ_UNBOUND, hp.queue_depth);
		if (!hp.wq) {
			kshim_set_clock(KSHIM_CLOCK_REAL);
	kshim_set_totalram_pages(0);
			kshim_set_executor(NULL);
			kshim_set_page_backend(saved);
			return -ENOMEM;
		}
	}
	if (c->fault)
		hr_fault_apply(c->fault, &l.kf.file);
	else
		c->cpu.step = engine_step;
	buf = heapread_load(&l.kf.file, &hp, &st);
	c->cpu.step = NULL;
	if (hp.wq)
		destroy_workqueue(hp.wq);
	if (c->fault)
		hr_fault_remove(c->fault);
	*r = (struct sim_result) {
		.first_gather_ns = start + st.first_gather_ns,
		.alloc_ns = start + st.alloc_done_ns,
		.io_ns = start + st.io_done_ns,
		/*
		 * Under the inline executor (fault plans) the caller's clock
		 * does not follow its workers' (see docs/sim.md): the load ends
		 * when both are done.
		 */
		.total_ns = start + (st.total_ns > st.io_done_ns ? st.total_ns : st.io_done_ns),
		.reads = st.nr_reads,
		.gathers = st.nr_gathers,
	};
	if (IS_ERR(buf)) {
		r->err = PTR_ERR(buf);
	} else {
		if (c->content && !buffer_matches(buf, c->seed))
			r->err = -EBADMSG;
		heapread_buffer_free(buf);
	}
	kshim_set_clock(KSHIM_CLOCK_REAL);
	kshim_set_totalram_pages(0);
	kshim_set_executor(NULL);
	kshim_set_page_backend(saved);
	current->vclock = 0;
	sim_ctx_release(c);
	return r->err;
}
