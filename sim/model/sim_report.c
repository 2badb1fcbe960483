// SPDX-License-Identifier: GPL-2.0
/* heapread sim's outputs: table, phases, seed comparison, JSON, CSV, timeline, sweep. */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli_table.h"
#include "cli_util.h"
#include "sim_report.h"

void sim_request_init(struct sim_request *rq)
{
	memset(rq, 0, sizeof(*rq));
	for (unsigned int i = 0; i < SIM_SEED_COLS; i++)
		rq->sizes[i] = sim_seed_sizes[i];
	rq->nr_sizes = SIM_SEED_COLS;
	for (unsigned int i = 0; i < sim_nr_schemes && rq->nr_schemes < SIM_MAX_SCHEMES; i++)
		if (!sim_schemes[i].by_key)
			rq->schemes[rq->nr_schemes++] = &sim_schemes[i];
	rq->reps = 1;
	rq->seed = 1;
}

static int parse_list(char *s, uint64_t *out, unsigned int *nr, bool sizes)
{
	char *save = NULL;

	*nr = 0;
	for (char *v = strtok_r(s, ",", &save); v; v = strtok_r(NULL, ",", &save)) {
		uint64_t x;
		unsigned int u;

		if (*nr == SIM_MAX_SWEEP)
			return -E2BIG;
		if (sizes ? hr_parse_size(v, &x) : hr_parse_uint(v, 1, 64, &u))
			return -EINVAL;
		out[(*nr)++] = sizes ? x : u;
	}
	return *nr ? 0 : -EINVAL;
}

int sim_sweep_parse(const char *spec, struct sim_request *rq)
{
	char buf[512], *save = NULL;

	if (snprintf(buf, sizeof(buf), "%s", spec) >= (int)sizeof(buf))
		return -EINVAL;
	for (char *part = strtok_r(buf, ";", &save); part; part = strtok_r(NULL, ";", &save)) {
		uint64_t qd[SIM_MAX_SWEEP];
		int err;

		if (!strncmp(part, "gather=", 7)) {
			err = parse_list(part + 7, rq->sweep_gather, &rq->nr_sweep_gather, true);
			for (unsigned int i = 0; !err && i < rq->nr_sweep_gather; i++)
				if (!rq->sweep_gather[i] || rq->sweep_gather[i] % 4096)
					err = -EINVAL;
		} else if (!strncmp(part, "gmin=", 5)) {
			err = parse_list(part + 5, rq->sweep_gmin, &rq->nr_sweep_gmin, true);
			for (unsigned int i = 0; !err && i < rq->nr_sweep_gmin; i++)
				if (rq->sweep_gmin[i] % 4096)
					err = -EINVAL;
		} else if (!strncmp(part, "qd=", 3)) {
			err = parse_list(part + 3, qd, &rq->nr_sweep_qd, false);
			for (unsigned int i = 0; !err && i < rq->nr_sweep_qd; i++)
				rq->sweep_qd[i] = (unsigned int)qd[i];
		} else {
			err = -EINVAL;
		}
		if (err)
			return err;
	}
	return 0;
}

static int u64_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Run @reps seeds of one cell; *r gets the run with the median total. */
static int run_cell(const struct sim_profile *p, const struct sim_scheme *s, uint64_t size,
		    const struct sim_request *rq, struct sim_result *r, uint64_t *totals)
{
	struct sim_result best = { 0 };
	uint64_t sorted[64];
	unsigned int reps = rq->reps < 64 ? rq->reps : 64;
	int err = 0;

	for (unsigned int i = 0; i < reps; i++) {
		struct sim_result one;

		err = sim_scheme_run(s, p, size, rq->seed + i, rq->content, NULL, &one);
		if (err)
			break;
		totals[i] = sorted[i] = one.total_ns;
	}
	if (err) {
		*r = (struct sim_result) { .err = err };
		return err;
	}
	qsort(sorted, reps, sizeof(sorted[0]), u64_cmp);
	for (unsigned int i = 0; i < reps; i++) {
		if (totals[i] == sorted[reps / 2]) {
			err = sim_scheme_run(s, p, size, rq->seed + i, rq->content, NULL, &best);
			break;
		}
	}
	*r = best;
	return err;
}

struct sim_grid {
	struct sim_result *r;
	uint64_t *totals;	/* reps per cell */
};

static int run_grid(const struct sim_profile *p, const struct sim_request *rq, struct sim_grid *g)
{
	size_t cells = (size_t)rq->nr_schemes * rq->nr_sizes;
	int first_err = 0;

	g->r = calloc(cells, sizeof(*g->r));
	g->totals = calloc(cells * (rq->reps < 64 ? rq->reps : 64), sizeof(*g->totals));
	if (!g->r || !g->totals)
		return -ENOMEM;
	for (unsigned int s = 0; s < rq->nr_schemes; s++) {
		for (unsigned int z = 0; z < rq->nr_sizes; z++) {
			size_t i = (size_t)s * rq->nr_sizes + z;
			int err = run_cell(p, rq->schemes[s], rq->sizes[z], rq,
					   &g->r[i], &g->totals[i * (rq->reps < 64 ? rq->reps : 64)]);

			if (err && !first_err)
				first_err = err;
		}
	}
	return first_err;
}

/* The seed's figure for @s at @size, or 0. */
static uint64_t seed_figure(const struct sim_scheme *s, uint64_t size)
{
	if (s->seed_row < 0)
		return 0;
	for (unsigned int z = 0; z < SIM_SEED_COLS; z++)
		if (sim_seed_sizes[z] == size)
			return sim_seed_ns[s->seed_row][z];
	return 0;
}

static double error_pct(uint64_t model, uint64_t seed)
{
	return 100.0 * ((double)model - (double)seed) / (double)seed;
}

static void print_phases(const struct sim_request *rq, const struct sim_grid *g, FILE *out)
{
	char size[32], fg[32], al[32], io[32], tot[32], nr[16];

	fprintf(out, "\n| scheme | size | first gather (ns) | alloc (ns) | I/O (ns) | total (ns) | reads |\n");
	fprintf(out, "| --- | --- | ---: | ---: | ---: | ---: | ---: |\n");
	for (unsigned int s = 0; s < rq->nr_schemes; s++) {
		for (unsigned int z = 0; z < rq->nr_sizes; z++) {
			const struct sim_result *r = &g->r[(size_t)s * rq->nr_sizes + z];

			hr_format_size_short(size, sizeof(size), rq->sizes[z]);
			if (r->err) {
				fprintf(out, "| %s | %s | error %d | | | | |\n", rq->schemes[s]->name, size, r->err);
				continue;
			}
			hr_format_ns(fg, sizeof(fg), r->first_gather_ns);
			hr_format_ns(al, sizeof(al), r->alloc_ns);
			hr_format_ns(io, sizeof(io), r->io_ns);
			hr_format_ns(tot, sizeof(tot), r->total_ns);
			if (sim_scheme_is_engine(rq->schemes[s]))
				snprintf(nr, sizeof(nr), "%u", r->reads);
			else
				snprintf(nr, sizeof(nr), "-");
			fprintf(out, "| %s | %s | %s | %s | %s | %s | %s |\n",
				rq->schemes[s]->name, size, fg, al, io, tot, nr);
		}
	}
}

static void print_vs_seed(const struct sim_request *rq, const struct sim_grid *g, FILE *out)
{
	char size[32], m[32], sd[32];

	fprintf(out, "\n| scheme | size | model (ns) | seed (ns) | error |\n");
	fprintf(out, "| --- | --- | ---: | ---: | ---: |\n");
	for (unsigned int s = 0; s < rq->nr_schemes; s++) {
		for (unsigned int z = 0; z < rq->nr_sizes; z++) {
			const struct sim_result *r = &g->r[(size_t)s * rq->nr_sizes + z];
			uint64_t seed = seed_figure(rq->schemes[s], rq->sizes[z]);

			if (!seed || r->err)
				continue;
			hr_format_size_short(size, sizeof(size), rq->sizes[z]);
			hr_format_ns(m, sizeof(m), r->total_ns);
			hr_format_ns(sd, sizeof(sd), seed);
			fprintf(out, "| %s | %s | %s | %s | %+.1f %% |\n", rq->schemes[s]->name,
				size, m, sd, error_pct(r->total_ns, seed));
		}
	}
}

static void print_table(const struct sim_profile *p, const struct sim_request *rq,
			const struct sim_grid *g, FILE *out)
{
	unsigned int reps = rq->reps < 64 ? rq->reps : 64;
	char title[128];
	struct hr_table *t;

	snprintf(title, sizeof(title), "heapread sim: profile %s, virtual time, seed %u, %u rep%s",
		 p->name, rq->seed, reps, reps > 1 ? "s" : "");
	t = hr_table_new(title, rq->nr_schemes, rq->nr_sizes);
	if (!t)
		return;
	for (unsigned int z = 0; z < rq->nr_sizes; z++)
		hr_table_set_col(t, z, rq->sizes[z]);
	for (unsigned int s = 0; s < rq->nr_schemes; s++) {
		hr_table_set_row(t, s, rq->schemes[s]->name);
		for (unsigned int z = 0; z < rq->nr_sizes; z++) {
			size_t i = (size_t)s * rq->nr_sizes + z;

			if (g->r[i].err)
				continue;
			for (unsigned int k = 0; k < reps; k++)
				hr_table_add(t, s, z, g->totals[i * reps + k]);
		}
	}
	hr_table_print(t, out, reps > 1 ? HR_TABLE_STATS : HR_TABLE_MEDIAN);
	hr_table_free(t);
}

static void print_json(const struct sim_profile *p, const struct sim_request *rq,
		       const struct sim_grid *g, FILE *out)
{
	bool first = true;

	fprintf(out, "{\"profile\":\"%s\",\"unit\":\"ns\",\"clock\":\"virtual\",\"seed\":%u,\"reps\":%u,\"params\":{",
		p->name, rq->seed, rq->reps);
	for (unsigned int i = 0; i < sim_nr_params; i++)
		fprintf(out, "%s\"%s\":%.17g", i ? "," : "", sim_params[i].key,
			sim_param_get(p, &sim_params[i]));
	fprintf(out, "},\"rows\":[");
	for (unsigned int s = 0; s < rq->nr_schemes; s++) {
		for (unsigned int z = 0; z < rq->nr_sizes; z++) {
			const struct sim_result *r = &g->r[(size_t)s * rq->nr_sizes + z];
			uint64_t seed = seed_figure(rq->schemes[s], rq->sizes[z]);

			fprintf(out, "%s\n{\"scheme\":\"%s\",\"key\":\"%s\",\"size_bytes\":%" PRIu64
				",\"error\":%d,\"first_gather_ns\":%" PRIu64 ",\"alloc_ns\":%" PRIu64
				",\"io_ns\":%" PRIu64 ",\"total_ns\":%" PRIu64,
				first ? "" : ",", rq->schemes[s]->name, rq->schemes[s]->key,
				rq->sizes[z], r->err, r->first_gather_ns, r->alloc_ns, r->io_ns,
				r->total_ns);
			if (seed)
				fprintf(out, ",\"seed_ns\":%" PRIu64 ",\"error_pct\":%.2f", seed,
					error_pct(r->total_ns, seed));
			if (sim_scheme_is_engine(rq->schemes[s]))
				fprintf(out, ",\"reads\":%u,\"gathers\":%u", r->reads, r->gathers);
			fputc('}', out);
			first = false;
		}
	}
	fprintf(out, "\n]}\n");
}

static void print_csv(const struct sim_request *rq, const struct sim_grid *g, FILE *out)
{
	fprintf(out, "scheme,size_bytes,error,first_gather_ns,alloc_ns,io_ns,total_ns,seed_ns,error_pct\n");
	for (unsigned int s = 0; s < rq->nr_schemes; s++) {
		for (unsigned int z = 0; z < rq->nr_sizes; z++) {
			const struct sim_result *r = &g->r[(size_t)s * rq->nr_sizes + z];
			uint64_t seed = seed_figure(rq->schemes[s], rq->sizes[z]);

			fprintf(out, "%s,%" PRIu64 ",%d,%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",",
				rq->schemes[s]->name, rq->sizes[z], r->err, r->first_gather_ns,
				r->alloc_ns, r->io_ns, r->total_ns);
			if (seed)
				fprintf(out, "%" PRIu64 ",%.2f\n", seed, error_pct(r->total_ns, seed));
			else
				fprintf(out, ",\n");
		}
	}
}

static int write_timeline(const struct sim_profile *p, const struct sim_request *rq)
{
	const struct sim_scheme *s = rq->trace_scheme ? rq->trace_scheme :
				     sim_scheme_find("heapread-direct");
	uint64_t size = rq->trace_size ? rq->trace_size : rq->sizes[rq->nr_sizes - 1];
	struct sim_trace tr;
	struct sim_result r;
	char title[192], sz[32];
	int err;

	hr_format_size_short(sz, sizeof(sz), size);
	snprintf(title, sizeof(title), "%s, %s, profile %s", s->name, sz, p->name);
	sim_trace_init(&tr, title);
	err = sim_scheme_run(s, p, size, rq->seed, rq->content, &tr, &r);
	for (int k = 0; !err && k < 2; k++) {
		const char *path = k ? rq->trace_svg : rq->trace_json;
		FILE *f;

		if (!path)
			continue;
		f = fopen(path, "w");
		if (!f) {
			hr_err(path, errno);
			err = -errno;
			break;
		}
		if (k)
			sim_trace_write_svg(&tr, f);
		else
			sim_trace_write_json(&tr, f);
		if (fclose(f)) {
			hr_err(path, errno);
			err = -errno;
		}
	}
	sim_trace_release(&tr);
	return err;
}

static int run_sweep(const struct sim_profile *p, const struct sim_request *rq, FILE *out)
{
	const struct sim_scheme *base = sim_scheme_find("heapread-direct");
	uint64_t size = rq->sizes[rq->nr_sizes - 1];
	uint64_t gathers[SIM_MAX_SWEEP], gmins[SIM_MAX_SWEEP];
	unsigned int qds[SIM_MAX_SWEEP];
	unsigned int ng = rq->nr_sweep_gather, nq = rq->nr_sweep_qd, nm = rq->nr_sweep_gmin;
	uint64_t best = UINT64_MAX;
	char sz[32], g[32], m[32], fg[32], tot[32];

	for (unsigned int s = 0; rq->nr_schemes < sim_nr_table_schemes() && s < rq->nr_schemes; s++)
		if (sim_scheme_is_engine(rq->schemes[s]) && !rq->schemes[s]->engine.sync) {
			base = rq->schemes[s];
			break;
		}
	memcpy(gathers, rq->sweep_gather, sizeof(gathers));
	memcpy(qds, rq->sweep_qd, sizeof(qds));
	memcpy(gmins, rq->sweep_gmin, sizeof(gmins));
	if (!nm) {
		gmins[0] = base->engine.gather_min;	/* as the scheme has it */
		nm = 1;
	}
	if (!ng) {
		gathers[0] = base->engine.gather ? base->engine.gather : sim_engine_default_gather();
		ng = 1;
	}
	if (!nq) {
		qds[0] = base->engine.queue_depth ? base->engine.queue_depth : sim_engine_default_qd();
		nq = 1;
	}
	hr_format_size_short(sz, sizeof(sz), size);
	fprintf(out, "sweep: %s, %s, profile %s\n\n| gather | gather_min | qd | first gather (ns) | total (ns) | reads |\n"
		"| --- | --- | ---: | ---: | ---: | ---: |\n", base->name, sz, p->name);
	for (unsigned int i = 0; i < ng; i++) {
		for (unsigned int k = 0; k < nm; k++) {
			for (unsigned int j = 0; j < nq; j++) {
				struct sim_scheme s = *base;
				struct sim_result r;
				int err;

				s.engine.gather = gathers[i];
				s.engine.queue_depth = qds[j];
				/* 0 asked: no ramp (the cfg's UINT64_MAX); a cfg 0: the engine's. */
				s.engine.gather_min = rq->nr_sweep_gmin && !gmins[k] ? UINT64_MAX : gmins[k];
				err = sim_scheme_run(&s, p, size, rq->seed, false, NULL, &r);
				hr_format_size_short(g, sizeof(g), gathers[i]);
				if (s.engine.gather_min == UINT64_MAX)
					snprintf(m, sizeof(m), "no ramp");
				else if (!s.engine.gather_min)
					snprintf(m, sizeof(m), "default");
				else
					hr_format_size_short(m, sizeof(m), s.engine.gather_min);
				if (err) {
					fprintf(out, "| %s | %s | %u | error %d | | |\n", g, m, qds[j], err);
					continue;
				}
				hr_format_ns(fg, sizeof(fg), r.first_gather_ns);
				hr_format_ns(tot, sizeof(tot), r.total_ns);
				fprintf(out, "| %s | %s | %u | %s | %s | %u |\n", g, m, qds[j], fg, tot,
					r.reads);
				if (r.total_ns < best)
					best = r.total_ns;
			}
		}
	}
	hr_format_ns(tot, sizeof(tot), best);
	fprintf(out, "\nbest total: %s ns\n", tot);
	return 0;
}

int sim_report_json(const struct sim_profile *p, const struct sim_request *rq, FILE *out)
{
	struct sim_grid g = { 0 };
	int err = run_grid(p, rq, &g);

	if (g.r && g.totals)
		print_json(p, rq, &g, out);
	free(g.r);
	free(g.totals);
	return err;
}

int sim_report(const struct sim_profile *p, const struct sim_request *rq, FILE *out)
{
	struct sim_grid g = { 0 };
	int err;

	if (rq->nr_sweep_gather || rq->nr_sweep_qd || rq->nr_sweep_gmin)
		return run_sweep(p, rq, out);
	if (rq->trace_json || rq->trace_svg) {
		err = write_timeline(p, rq);
		if (err)
			return err;
	}
	err = run_grid(p, rq, &g);
	if (g.r && g.totals) {
		if (rq->format == SIM_OUT_JSON)
			print_json(p, rq, &g, out);
		else if (rq->format == SIM_OUT_CSV)
			print_csv(rq, &g, out);
		else {
			print_table(p, rq, &g, out);
			if (rq->phases)
				print_phases(rq, &g, out);
			if (rq->vs_seed)
				print_vs_seed(rq, &g, out);
		}
	}
	free(g.r);
	free(g.totals);
	if (err)
		hr_errmsg("sim: a load failed: %s", strerror(-err));
	return err;
}
