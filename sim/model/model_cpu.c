// SPDX-License-Identifier: GPL-2.0
/* The CPUs on the virtual clock (see model_cpu.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "model_cpu.h"

void sim_cpu_init(struct sim_cpu *c, const struct sim_profile *p)
{
	*c = (struct sim_cpu) { .p = p, .timeline = p->host_cores > 0 || p->file_readers > 0 };
}

void sim_cpu_release(struct sim_cpu *c)
{
	free(c->seg);
	c->seg = NULL;
	c->nr = c->cap = 0;
}

void sim_cpu_tasks(struct sim_cpu *c, unsigned int tasks)
{
	if (tasks > c->p->ncpu)
		c->timeline = true;
}

static double rate(const struct sim_profile *p)
{
	return p->cpu_rate > 0 ? p->cpu_rate : 1;
}

/* Room for two more segments (one piece of work splits at most one). */
static bool ensure(struct sim_cpu *c)
{
	if (!c->seg) {
		c->seg = calloc(64, sizeof(*c->seg));
		if (!c->seg)
			return false;
		c->cap = 64;
		c->nr = 1;	/* [0, inf): idle */
	}
	if (c->nr + 2 > c->cap) {
		struct sim_cpu_seg *s = realloc(c->seg, 2 * c->cap * sizeof(*s));

		if (!s)
			return false;
		c->seg = s;
		c->cap *= 2;
	}
	return true;
}

/* The index of the segment holding @t, split so that one starts at @t. */
static unsigned int split_at(struct sim_cpu *c, uint64_t t)
{
	unsigned int lo = 0, hi = c->nr;

	while (hi - lo > 1) {
		unsigned int mid = (lo + hi) / 2;

		if (c->seg[mid].t <= t)
			lo = mid;
		else
			hi = mid;
	}
	if (c->seg[lo].t == t)
		return lo;
	memmove(&c->seg[lo + 2], &c->seg[lo + 1], (c->nr - lo - 1) * sizeof(c->seg[0]));
	c->seg[lo + 1] = c->seg[lo];
	c->seg[lo + 1].t = t;
	c->nr++;
	return lo + 1;
}

/*
 * What one more task can compute in segment @s: at most one CPU, and for
 * the file's buffered reads (@file) what the file's other readers leave.
 */
static double free_rate(const struct sim_cpu *c, const struct sim_cpu_seg *s, bool file)
{
	const struct sim_profile *p = c->p;
	double r = p->ncpu - s->used;

	if (p->host_cores > 0 && p->host_cores - s->used - s->io < r)
		r = p->host_cores - s->used - s->io;
	if (file && p->file_readers > 0 && p->file_readers - s->file < r)
		r = p->file_readers - s->file;
	return r > 1 ? 1 : r;
}

/* Take @r of a CPU in segment @i (and of the file's capacity for @file). */
static void take(struct sim_cpu *c, unsigned int i, double r, bool file)
{
	c->seg[i].used += r;
	if (file)
		c->seg[i].file += r;
}

static uint64_t work(struct sim_cpu *c, uint64_t t, double ns, double scale, bool file)
{
	double left;
	unsigned int i;

	if (!c->timeline || c->oom)
		return t + (uint64_t)(ns * scale / rate(c->p));
	if (c->step)
		c->step(c->step_ctx, t);
	left = ns / rate(c->p);
	if (left < 1)
		return t + (uint64_t)left;
	if (!ensure(c)) {
		c->oom = true;
		return t + (uint64_t)(left * scale);
	}
	i = split_at(c, t);
	for (;;) {
		struct sim_cpu_seg *s;
		double r;
		uint64_t end, len, need;

		if (!ensure(c)) {	/* no room to remember: finish at full speed */
			c->oom = true;
			return c->seg[i].t + (uint64_t)left;
		}
		s = &c->seg[i];
		r = free_rate(c, s, file);
		end = i + 1 < c->nr ? c->seg[i + 1].t : UINT64_MAX;
		if (r <= 1e-9) {
			if (end == UINT64_MAX)	/* never free: the host has no room at all */
				return UINT64_MAX / 2;
			i++;
			continue;
		}
		len = end - s->t;
		need = (uint64_t)(left / r + 0.5);
		if (need == 0)
			need = 1;
		if (need < len) {
			split_at(c, s->t + need);
			take(c, i, r, file);
			return c->seg[i].t + need;
		}
		take(c, i, r, file);
		left -= r * (double)len;
		i++;
	}
}

uint64_t sim_cpu_work(struct sim_cpu *c, uint64_t t, double ns, double scale)
{
	return work(c, t, ns, scale, false);
}

uint64_t sim_cpu_work_file(struct sim_cpu *c, uint64_t t, double ns, double scale)
{
	return work(c, t, ns, scale, true);
}

void sim_cpu_reserve_io(struct sim_cpu *c, uint64_t start, uint64_t end)
{
	unsigned int i;

	if (c->p->host_cores <= 0 || c->p->io_host_cores <= 0 || end <= start || c->oom)
		return;
	if (!ensure(c)) {
		c->oom = true;
		return;
	}
	split_at(c, end);
	i = split_at(c, start);
	for (; i < c->nr && c->seg[i].t < end; i++)
		c->seg[i].io += c->p->io_host_cores;
}
