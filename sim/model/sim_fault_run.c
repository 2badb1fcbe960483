// SPDX-License-Identifier: GPL-2.0
/*
 * heapread sim --fault SPEC: what the engine does when the allocator, the
 * device or the caller misbehaves, on the virtual clock. Every load runs the
 * real engine with the plan applied; content is compared byte by byte for
 * sizes small enough to hold in real memory, and the shim's accounting must
 * be clean after each load whatever it returned.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include <kshim/accounting.h>

#include "cli_util.h"
#include "fault.h"
#include "sim_fault_run.h"
#include "sim_schemes.h"

/* Content mode holds the buffer in real memory: only up to this size. */
#define FAULT_CONTENT_LIMIT	(64ULL << 20)

static const char *result_name(int err, char *buf, size_t len)
{
	if (!err)
		return "ok";
	if (err == -EBADMSG)
		return "WRONG CONTENT";
	snprintf(buf, len, "-%s", strerrorname_np(-err) ? strerrorname_np(-err) : "?");
	return buf;
}

static long faults_fired(const struct hr_fault_plan *plan)
{
	long n = 0;

	for (int k = 0; k < HR_FAULT_NR_KINDS; k++)
		n += hr_fault_fired(plan, k);
	return n;
}

static int run_one(const struct sim_profile *p, const struct sim_scheme *s, uint64_t size,
		   const struct sim_request *rq, struct hr_fault_plan *plan, FILE *out)
{
	bool content = size <= FAULT_CONTENT_LIMIT;
	struct sim_result r = { 0 };
	struct sim_ctx c;
	char sz[32], errbuf[32];
	bool clean;

	sim_ctx_init(&c, p, rq->seed, content, NULL);
	c.fault = plan;
	s->run(&c, s, size, &r);
	clean = kshim_accounting_clean();
	hr_format_size_short(sz, sizeof(sz), size);
	fprintf(out, "| %s | %s | %s | %" PRIu64 " | %ld | %s |\n", s->name, sz,
		result_name(r.err, errbuf, sizeof(errbuf)), r.total_ns,
		faults_fired(plan), clean ? "yes" : "NO");
	if (!clean)
		kshim_accounting_report("after a simulated load under faults");
	kshim_accounting_reset();
	return clean && r.err != -EBADMSG ? 0 : -EUCLEAN;
}

int sim_fault_report(const struct sim_profile *p, const struct sim_request *rq,
		     const char *spec, FILE *out, char *err, size_t errlen)
{
	struct hr_fault_plan plan;
	int ret = 0;

	hr_fault_plan_init(&plan);
	if (hr_fault_parse(spec, &plan, err, errlen))
		return -EINVAL;
	fprintf(out, "heapread sim --fault '%s': profile %s, virtual time, seed %u\n\n", spec,
		p->name, rq->seed);
	fprintf(out, "| scheme | size | result | total (ns) | faults fired | all given back |\n");
	fprintf(out, "| --- | --- | --- | ---: | ---: | --- |\n");
	for (unsigned int i = 0; i < sim_nr_schemes; i++) {
		const struct sim_scheme *s = &sim_schemes[i];
		bool wanted = !rq->nr_schemes && !s->by_key;

		for (unsigned int k = 0; k < rq->nr_schemes; k++)
			wanted |= rq->schemes[k] == s;
		if (!wanted || !sim_scheme_is_engine(s))
			continue;
		for (unsigned int z = 0; z < rq->nr_sizes; z++)
			if (run_one(p, s, rq->sizes[z], rq, &plan, out))
				ret = -EUCLEAN;
	}
	return ret;
}
