// SPDX-License-Identifier: GPL-2.0
/*
 * kbench_pairs.c - issue 15's target repetition by repetition, and how well
 * one boot resolves it.
 *
 * The guest runs every scheme once per repetition, interleaved, so the
 * samples of different schemes with the same rep= were taken next to each
 * other in time. Its disk and CPU drift by 10-25 % from one repetition to
 * the next; a ratio of medians taken over a handful of repetitions carries
 * that drift, a ratio within one repetition mostly does not. So, beside the
 * ratio of medians (kbench_target.c), each target gets:
 *
 *   per rep         load_r / max(alloc_r, fastest read_r) for every
 *                   repetition r that all its parts measured: min, median,
 *                   max and how many;
 *   beside per rep  load_r / beside_r, where the boot ran the read with the
 *                   allocation beside it;
 *   interval        a 90 % bootstrap interval of the ratio of medians:
 *                   repetitions drawn with replacement, the same draws for
 *                   every scheme (the pairing kept), from a fixed seed so
 *                   that a kept run's report regenerates byte for byte.
 */
#include "config.h"

#include <stdlib.h>

#include "kbench_report.h"

/* Each tail of the 90 % interval: 5 % of the resamples. */
#define TAIL		(KR_RESAMPLES / 20)
/* Any fixed value: every cell starts from it, so a cell's interval depends on its data only. */
#define SEED		0x15ull

/* The parts of one target, value by value, for the repetitions they all have. */
struct paired {
	unsigned int n;
	uint64_t load[KR_MAX_SAMPLES], alloc[KR_MAX_SAMPLES];
	uint64_t reads[KR_MAX_READS][KR_MAX_SAMPLES];
	unsigned int nr_reads;
};

/* The sample of repetition @rep in @s into @v; false when @s has none. */
static bool rep_value(const struct kr_samples *s, unsigned int rep, uint64_t *v)
{
	for (unsigned int i = 0; i < s->n; i++)
		if (s->rep[i] == rep) {
			*v = s->v[i];
			return true;
		}
	return false;
}

/*
 * Line @p's parts up by repetition, in the load's order: a repetition that
 * one part lacks (an error, a boot cut short) is left out rather than
 * paired with a neighbour that ran at another time.
 */
static void pair_parts(const struct kr_parts *p, struct paired *out)
{
	out->n = 0;
	out->nr_reads = p->nr_reads;
	for (unsigned int i = 0; i < p->load->n; i++) {
		unsigned int rep = p->load->rep[i], n = out->n;
		bool all = rep_value(p->alloc, rep, &out->alloc[n]);

		for (unsigned int k = 0; k < p->nr_reads && all; k++)
			all = rep_value(p->reads[k], rep, &out->reads[k][n]);
		if (!all)
			continue;
		out->load[n] = p->load->v[i];
		out->n++;
	}
}

/* @load / max(@alloc, the fastest of @reads): the target's ratio for one set of values. */
static double target_ratio(uint64_t load, uint64_t alloc, const uint64_t *reads, unsigned int nr)
{
	uint64_t io = UINT64_MAX;

	for (unsigned int k = 0; k < nr; k++)
		if (reads[k] < io)
			io = reads[k];
	return (double)load / (double)(alloc > io ? alloc : io);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Min, median (mean of the middle two for an even count, as kr_median) and max of @v; sorts it. */
static void spread_of(double *v, unsigned int n, struct kr_spread *out)
{
	out->n = n;
	if (!n)
		return;
	qsort(v, n, sizeof(v[0]), cmp_double);
	out->min = v[0];
	out->max = v[n - 1];
	out->median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* load_r / max(alloc_r, fastest read_r) for each paired repetition. */
static void per_rep(const struct paired *pp, struct kr_spread *out)
{
	double r[KR_MAX_SAMPLES];

	for (unsigned int i = 0; i < pp->n; i++) {
		uint64_t reads[KR_MAX_READS];

		for (unsigned int k = 0; k < pp->nr_reads; k++)
			reads[k] = pp->reads[k][i];
		r[i] = target_ratio(pp->load[i], pp->alloc[i], reads, pp->nr_reads);
	}
	spread_of(r, pp->n, out);
}

/* load_r / beside_r for each repetition both have. */
static void beside_per_rep(const struct kr_parts *p, struct kr_spread *out)
{
	double r[KR_MAX_SAMPLES];
	unsigned int n = 0;

	for (unsigned int i = 0; i < p->load->n; i++) {
		uint64_t beside;

		if (rep_value(p->beside, p->load->rep[i], &beside))
			r[n++] = (double)p->load->v[i] / (double)beside;
	}
	spread_of(r, n, out);
}

/* splitmix64: a small generator of our own, so the draws are the same on every host and libc. */
static uint64_t next_random(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* The median of @v at the repetitions @idx drew (kr_median, so that it matches the table's). */
static uint64_t drawn_median(const uint64_t *v, const unsigned int *idx, unsigned int n)
{
	struct kr_samples s = { .n = n };

	for (unsigned int i = 0; i < n; i++)
		s.v[i] = v[idx[i]];
	return kr_median(&s);
}

/* The ratio of medians of one resample: every part at the same drawn repetitions. */
static double drawn_ratio(const struct paired *pp, const unsigned int *idx)
{
	uint64_t reads[KR_MAX_READS];

	for (unsigned int k = 0; k < pp->nr_reads; k++)
		reads[k] = drawn_median(pp->reads[k], idx, pp->n);
	return target_ratio(drawn_median(pp->load, idx, pp->n), drawn_median(pp->alloc, idx, pp->n),
			    reads, pp->nr_reads);
}

/*
 * The 5th and 95th percentiles of the ratio of medians over KR_RESAMPLES
 * resamples of the paired repetitions. The modulo's bias (n <= 16 against
 * 2^64) is far below what 2000 resamples resolve.
 */
static void bootstrap(const struct paired *pp, double *lo, double *hi)
{
	static double r[KR_RESAMPLES];
	uint64_t state = SEED;
	unsigned int idx[KR_MAX_SAMPLES];

	for (unsigned int b = 0; b < KR_RESAMPLES; b++) {
		for (unsigned int i = 0; i < pp->n; i++)
			idx[i] = (unsigned int)(next_random(&state) % pp->n);
		r[b] = drawn_ratio(pp, idx);
	}
	qsort(r, KR_RESAMPLES, sizeof(r[0]), cmp_double);
	*lo = r[TAIL];
	*hi = r[KR_RESAMPLES - 1 - TAIL];
}

void kr_pair_target(const struct kr_parts *p, struct kr_target *t)
{
	struct paired pp;

	pair_parts(p, &pp);
	per_rep(&pp, &t->per_rep);
	t->per_rep_met = t->per_rep.n && t->per_rep.median <= KR_TARGET_RATIO;
	/* One repetition has nothing to resample: no interval (lo > hi). */
	t->lo = 1;
	t->hi = 0;
	if (pp.n >= 2)
		bootstrap(&pp, &t->lo, &t->hi);
	if (p->beside)
		beside_per_rep(p, &t->beside_per_rep);
}

const char *kr_interval_side(const struct kr_target *t)
{
	if (t->lo > t->hi)
		return NULL;
	if (t->hi <= KR_TARGET_RATIO)
		return "below";
	if (t->lo > KR_TARGET_RATIO)
		return "above";
	return "straddles";
}
