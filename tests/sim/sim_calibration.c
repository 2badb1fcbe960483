// SPDX-License-Identifier: GPL-2.0
/*
 * sim_calibration: the built-in ufs4-phone profile is the one in
 * sim/profiles/ufs4-phone.conf, and it reproduces the seed's table as
 * docs/sim-calibration.md says: the 1 GB and 3 GB cells the model can reach
 * within 20 %, the cells it cannot reach within the error written there,
 * and the schemes in the seed's order at 3 GB except the pairs named there.
 */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include <CUnit/Basic.h>

#include "sim_calibrate.h"
#include "sim_schemes.h"
#include "testutil.h"

static void sim_profile_default_matches_file(void)
{
	const char *srcdir = getenv("srcdir");
	struct sim_profile def, file;
	unsigned int line;
	char path[4096];

	snprintf(path, sizeof(path), "%s/sim/profiles/ufs4-phone.conf", srcdir ? srcdir : ".");
	sim_profile_default(&def);
	sim_profile_default(&file);
	/* Start from values the file must overwrite, so every key has to be in it. */
	for (unsigned int i = 0; i < sim_nr_params; i++)
		*sim_param_ptr(&file, &sim_params[i]) = -1;
	CU_ASSERT_EQUAL_FATAL(sim_profile_load(&file, path, &line), 0);
	for (unsigned int i = 0; i < sim_nr_params; i++) {
		double a = sim_param_get(&def, &sim_params[i]);
		double b = sim_param_get(&file, &sim_params[i]);

		if (fabs(a - b) > 1e-6 * fabs(a))
			printf("\n  %s: built-in %g, file %g\n", sim_params[i].key, a, b);
		CU_ASSERT(fabs(a - b) <= 1e-6 * fabs(a));
	}
}

/*
 * The bounds docs/sim-calibration.md states ("The test"), written here from
 * the document, not from what the fitter printed. Rows of the seed's table
 * (sim_seed_rows), columns 1 GB and 3 GB.
 */
enum {
	ROW_NORMAL, ROW_UDMABUF_BUF, ROW_SENDFILE_BUF, ROW_PATCH14_BUF,
	ROW_SENDFILE_DIRECT, ROW_PATCH1_DIRECT, ROW_UDMABUF_DIRECT, ROW_PATCH14_DIRECT,
};
#define COL_1G		2
#define COL_3G		3

/* The criterion: every 1 GB and 3 GB cell within 20 % of the seed's figure. */
#define CRITERION	20.0
/*
 * Exemption "the rows bind each other": udmabuf buffered 3 GB, patches 1-4
 * buffered 1 GB, udmabuf direct 1 GB and patches 1-4 direct 3 GB share
 * parameters no single set puts all within 20 %; the document holds them to
 * 23 %.
 */
#define BOUND_BINDING	23.0

static bool binding_cell(unsigned int row, unsigned int col)
{
	return (row == ROW_UDMABUF_BUF && col == COL_3G) ||
	       (row == ROW_PATCH14_BUF && col == COL_1G) ||
	       (row == ROW_UDMABUF_DIRECT && col == COL_1G) ||
	       (row == ROW_PATCH14_DIRECT && col == COL_3G);
}

/*
 * Exemption "the seed's 3 GB / 1 GB ratio" (the sendfile rows): a model whose
 * cost is proportional to the size has ratio 3 where the seed has r, so the
 * best it can do on both cells is (3 - r) / (3 + r), from the seed's own
 * figures; the document holds these cells to that floor + 1 point.
 */
static double proportional_floor(unsigned int row)
{
	double r = (double)sim_seed_ns[row][COL_3G] / (double)sim_seed_ns[row][COL_1G];

	return 100 * fabs(3 - r) / (3 + r);
}

/* The largest error (in %) the document admits on a cell; < 0: not bounded. */
static double cell_bound(unsigned int row, unsigned int col)
{
	/* Exemption "patch 1 direct: not fitted": no bound (the sign is checked). */
	if (row == ROW_PATCH1_DIRECT)
		return -1;
	if (row == ROW_SENDFILE_BUF || row == ROW_SENDFILE_DIRECT)
		return fmax(CRITERION, proportional_floor(row) + 1);
	if (binding_cell(row, col))
		return BOUND_BINDING;
	return CRITERION;
}

static void sim_calibrate_ratio_within_bounds(void)
{
	struct sim_profile p;

	sim_profile_default(&p);
	for (unsigned int row = 0; row < SIM_SEED_ROWS; row++) {
		for (unsigned int col = COL_1G; col <= COL_3G; col++) {
			double ratio = sim_calibrate_ratio(&p, row, col);
			double err = 100 * fabs(ratio - 1);
			double bound = cell_bound(row, col);

			CU_ASSERT(ratio > 0);
			if (bound < 0) {
				/* The model misses its one slow read: below the seed, never above. */
				CU_ASSERT(ratio < 1);
				continue;
			}
			if (err > bound)
				printf("\n  %s %s: error %.1f %% > %.1f %%\n", sim_seed_rows[row],
				       col == COL_1G ? "1GB" : "3GB", err, bound);
			CU_ASSERT(err <= bound);
		}
	}
}

/*
 * Pairs whose order at 3 GB the document names as not kept: every pair with
 * patch 1 direct (not fitted); udmabuf buffered above patches 1-4 buffered
 * (no parameter set orders them); udmabuf buffered above udmabuf direct (the
 * one more pair of those three rows within 3.8 % the seed's order loses).
 */
static bool order_exempt(unsigned int a, unsigned int b)
{
	return a == ROW_PATCH1_DIRECT || b == ROW_PATCH1_DIRECT ||
	       (a == ROW_UDMABUF_BUF && b == ROW_PATCH14_BUF) ||
	       (a == ROW_UDMABUF_BUF && b == ROW_UDMABUF_DIRECT);
}

static void sim_calibrate_order_at_3g(void)
{
	struct sim_profile p;
	double model[SIM_SEED_ROWS];

	sim_profile_default(&p);
	for (unsigned int row = 0; row < SIM_SEED_ROWS; row++)
		model[row] = sim_calibrate_ratio(&p, row, COL_3G) * sim_seed_ns[row][COL_3G];
	for (unsigned int a = 0; a < SIM_SEED_ROWS; a++)
		for (unsigned int b = 0; b < SIM_SEED_ROWS; b++)
			if (sim_seed_ns[a][COL_3G] < sim_seed_ns[b][COL_3G] && !order_exempt(a, b)) {
				if (!(model[a] < model[b]))
					printf("\n  order: %s should be below %s\n", sim_seed_rows[a],
					       sim_seed_rows[b]);
				CU_ASSERT(model[a] < model[b]);
			}
}

int main(void)
{
	CU_pSuite s;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return TEST_EXIT_ERROR;
	s = test_add_suite("sim_calibration");
	test_add_case(s, sim_profile_default_matches_file, NULL);
	test_add_case(s, sim_calibrate_ratio_within_bounds, NULL);
	test_add_case(s, sim_calibrate_order_at_3g, NULL);
	return test_run_cunit();
}
