// SPDX-License-Identifier: GPL-2.0
/*
 * heapread sim: the loading schemes on a modelled device and allocator, in
 * virtual time. Prints the seed's table (or JSON/CSV, per-phase columns, the
 * seed's figures beside the model's), a timeline of one load (Chrome trace
 * JSON, SVG), a gather x queue-depth sweep, or runs the calibration.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_table.h"
#include "cli_util.h"
#include "commands.h"
#include "sim_calibrate.h"
#include "sim_fault_run.h"
#include "sim_report.h"
#include "sim_schemes.h"

static void sim_usage(FILE *out)
{
	fprintf(out,
		"usage: heapread sim [OPTIONS]\n"
		"  --profile FILE        machine description (default: built-in ufs4-phone)\n"
		"  --set KEY=VALUE       override one parameter (repeatable; --list-params)\n"
		"  --sizes LIST          file sizes, e.g. 512K,8M,1G,3G (the default)\n"
		"  --schemes LIST        scheme keys (default: all; --list-schemes)\n"
		"  --reps N              runs per cell with seeds SEED..SEED+N-1 (default 1)\n"
		"  --seed N              seed of the allocator's failure generator (default 1)\n"
		"  --phases              per-phase columns: first gather, alloc, I/O, total\n"
		"  --vs-seed             the seed's figure and the error beside each cell\n"
		"  --json | --csv        machine-readable output\n"
		"  --trace FILE          Chrome trace-event JSON of one load (--trace-of)\n"
		"  --svg FILE            SVG timeline of the same load\n"
		"  --trace-of KEY@SIZE   which load to trace (default heapread-direct@largest size)\n"
		"  --sweep SPEC          gather=16M,32M,...;qd=1,2,4;gmin=0,2M for --schemes' first\n"
		"                        engine scheme (gmin: the step handed to the readers, 0: gather)\n"
		"  --calibrate           fit the profile to the seed's table; print profile and residuals\n"
		"  --content             use real memory and real bytes, check them (small sizes)\n"
		"  --fault SPEC          run the engine schemes under a fault plan and report what\n"
		"                        each load returned and that it gave everything back\n"
		"                        (e.g. read@3:EIO, alloc:order>=4, signal@t=40ms; docs/faults.md)\n"
		"  --print-profile       print the profile in use\n");
}

enum {
	OPT_PROFILE = 256, OPT_SET, OPT_SIZES, OPT_SCHEMES, OPT_REPS, OPT_SEED, OPT_PHASES,
	OPT_VS_SEED, OPT_JSON, OPT_CSV, OPT_TRACE, OPT_SVG, OPT_TRACE_OF, OPT_SWEEP,
	OPT_CALIBRATE, OPT_CONTENT, OPT_FAULT, OPT_PRINT_PROFILE, OPT_LIST_SCHEMES, OPT_LIST_PARAMS,
};

static const struct option sim_options[] = {
	{ "profile", required_argument, NULL, OPT_PROFILE },
	{ "set", required_argument, NULL, OPT_SET },
	{ "sizes", required_argument, NULL, OPT_SIZES },
	{ "schemes", required_argument, NULL, OPT_SCHEMES },
	{ "reps", required_argument, NULL, OPT_REPS },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "phases", no_argument, NULL, OPT_PHASES },
	{ "vs-seed", no_argument, NULL, OPT_VS_SEED },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "csv", no_argument, NULL, OPT_CSV },
	{ "trace", required_argument, NULL, OPT_TRACE },
	{ "svg", required_argument, NULL, OPT_SVG },
	{ "trace-of", required_argument, NULL, OPT_TRACE_OF },
	{ "sweep", required_argument, NULL, OPT_SWEEP },
	{ "calibrate", no_argument, NULL, OPT_CALIBRATE },
	{ "content", no_argument, NULL, OPT_CONTENT },
	{ "fault", required_argument, NULL, OPT_FAULT },
	{ "print-profile", no_argument, NULL, OPT_PRINT_PROFILE },
	{ "list-schemes", no_argument, NULL, OPT_LIST_SCHEMES },
	{ "list-params", no_argument, NULL, OPT_LIST_PARAMS },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int parse_sizes(const char *arg, struct sim_request *rq)
{
	char buf[256], *save = NULL;

	if (snprintf(buf, sizeof(buf), "%s", arg) >= (int)sizeof(buf))
		return -EINVAL;
	rq->nr_sizes = 0;
	for (char *s = strtok_r(buf, ",", &save); s; s = strtok_r(NULL, ",", &save)) {
		uint64_t v;
		int err;

		if (rq->nr_sizes == SIM_MAX_SIZES)
			return -E2BIG;
		err = hr_parse_size(s, &v);
		if (err)
			return err;
		if (!v)
			return -EINVAL;
		rq->sizes[rq->nr_sizes++] = v;
	}
	return rq->nr_sizes ? 0 : -EINVAL;
}

static int parse_schemes(const char *arg, struct sim_request *rq)
{
	char buf[512], *save = NULL;

	if (snprintf(buf, sizeof(buf), "%s", arg) >= (int)sizeof(buf))
		return -EINVAL;
	rq->nr_schemes = 0;
	for (char *s = strtok_r(buf, ",", &save); s; s = strtok_r(NULL, ",", &save)) {
		const struct sim_scheme *sc = sim_scheme_find(s);

		if (!sc || rq->nr_schemes == SIM_MAX_SCHEMES)
			return -EINVAL;
		rq->schemes[rq->nr_schemes++] = sc;
	}
	return rq->nr_schemes ? 0 : -EINVAL;
}

static int parse_trace_of(const char *arg, struct sim_request *rq)
{
	char buf[128];
	char *at;

	if (snprintf(buf, sizeof(buf), "%s", arg) >= (int)sizeof(buf))
		return -EINVAL;
	at = strchr(buf, '@');
	if (at) {
		*at = '\0';
		if (hr_parse_size(at + 1, &rq->trace_size) || !rq->trace_size)
			return -EINVAL;
	}
	rq->trace_scheme = sim_scheme_find(buf);
	return rq->trace_scheme ? 0 : -EINVAL;
}

static void list_schemes(void)
{
	for (unsigned int i = 0; i < sim_nr_schemes; i++)
		printf("%-20s %s%s\n", sim_schemes[i].key, sim_schemes[i].name,
		       sim_schemes[i].by_key ? " (by key only)" : "");
}

static void list_params(void)
{
	for (unsigned int i = 0; i < sim_nr_params; i++)
		printf("%-14s %-9s %s\n", sim_params[i].key, sim_params[i].unit, sim_params[i].what);
}

static int profile_option(struct sim_profile *p, int opt, const char *arg)
{
	unsigned int line;
	int err;

	if (opt == OPT_PROFILE) {
		err = sim_profile_load(p, arg, &line);
		if (err == -ENOENT && !line)
			hr_err(arg, ENOENT);
		else if (err)
			hr_errmsg("%s:%u: not a 'key = value' line with a known key", arg, line);
		return err ? HR_EXIT_USAGE : 0;
	}
	err = sim_profile_set(p, arg);
	if (err == -ENOENT)
		hr_errmsg("--set %s: unknown parameter (see --list-params)", arg);
	else if (err)
		return hr_bad_value("--set", arg, EINVAL);
	return err ? HR_EXIT_USAGE : 0;
}

static int run_faults(const struct sim_profile *p, const struct sim_request *rq, const char *spec)
{
	char why[160];
	int err = sim_fault_report(p, rq, spec, stdout, why, sizeof(why));

	if (err == -EINVAL) {
		hr_errmsg("--fault: %s", why);
		return HR_EXIT_USAGE;
	}
	if (err) {
		hr_errmsg("--fault: a load left pages, work items or reads behind (see above)");
		return HR_EXIT_FAIL;
	}
	return HR_EXIT_OK;
}

static int cmd_sim(int argc, char **argv)
{
	struct sim_profile profile;
	struct sim_request rq;
	bool calibrate = false, print_profile = false;
	const char *fault_spec = NULL;
	const char *why;
	int opt, err;

	sim_profile_default(&profile);
	sim_request_init(&rq);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", sim_options, NULL)) != -1) {
		switch (opt) {
		case OPT_PROFILE:
		case OPT_SET:
			err = profile_option(&profile, opt, optarg);
			if (err)
				return err;
			break;
		case OPT_SIZES:
			if (parse_sizes(optarg, &rq))
				return hr_bad_value("--sizes", optarg, EINVAL);
			break;
		case OPT_SCHEMES:
			if (parse_schemes(optarg, &rq))
				return hr_bad_value("--schemes", optarg, EINVAL);
			break;
		case OPT_REPS:
			if (hr_parse_uint(optarg, 1, 1000, &rq.reps))
				return hr_bad_value("--reps", optarg, EINVAL);
			break;
		case OPT_SEED:
			if (hr_parse_uint(optarg, 0, 4000000000u, &rq.seed))
				return hr_bad_value("--seed", optarg, EINVAL);
			break;
		case OPT_PHASES: rq.phases = true; break;
		case OPT_VS_SEED: rq.vs_seed = true; break;
		case OPT_JSON: rq.format = SIM_OUT_JSON; break;
		case OPT_CSV: rq.format = SIM_OUT_CSV; break;
		case OPT_TRACE: rq.trace_json = optarg; break;
		case OPT_SVG: rq.trace_svg = optarg; break;
		case OPT_TRACE_OF:
			if (parse_trace_of(optarg, &rq))
				return hr_bad_value("--trace-of", optarg, EINVAL);
			break;
		case OPT_SWEEP:
			if (sim_sweep_parse(optarg, &rq))
				return hr_bad_value("--sweep", optarg, EINVAL);
			break;
		case OPT_CALIBRATE: calibrate = true; break;
		case OPT_CONTENT: rq.content = true; break;
		case OPT_FAULT: fault_spec = optarg; break;
		case OPT_PRINT_PROFILE: print_profile = true; break;
		case OPT_LIST_SCHEMES: list_schemes(); return HR_EXIT_OK;
		case OPT_LIST_PARAMS: list_params(); return HR_EXIT_OK;
		case 'h': sim_usage(stdout); return HR_EXIT_OK;
		default: sim_usage(stderr); return HR_EXIT_USAGE;
		}
	}
	if (optind < argc) {
		hr_errmsg("sim: unexpected argument '%s'", argv[optind]);
		return HR_EXIT_USAGE;
	}
	if (sim_profile_check(&profile, &why)) {
		hr_errmsg("profile %s: %s", profile.name, why);
		return HR_EXIT_USAGE;
	}
	if (print_profile) {
		sim_profile_write(&profile, stdout);
		return HR_EXIT_OK;
	}
	if (calibrate)
		return sim_calibrate_main(&profile, stdout) ? HR_EXIT_FAIL : HR_EXIT_OK;
	if (fault_spec)
		return run_faults(&profile, &rq, fault_spec);
	return sim_report(&profile, &rq, stdout) ? HR_EXIT_FAIL : HR_EXIT_OK;
}

HEAPREAD_COMMAND(sim, cmd_sim, "simulate the loading schemes on a modelled device");
