// SPDX-License-Identifier: GPL-2.0
/*
 * sim_calibration: the built-in ufs4-phone profile is the one in
 * sim/profiles/ufs4-phone.conf, and it reproduces the seed's table as
 * docs/sim-calibration.md says: the 1 GB and 3 GB cells the model can reach
 * within 20 %, the cells it cannot reach within the error written there,
 * and the schemes in the seed's order at 3 GB except the pairs named there.
 */
#include <math.h>
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
 * Cells of the seed's table with the largest error the documentation
 * admits (in %). Rows: normal, udmabuf buf, sendfile buf, patch1-4 buf,
 * sendfile direct, patch1 direct, udmabuf direct, patch1-4 direct.
 * Columns 1 GB, 3 GB.
 */
#include "sim_calibration_bounds.h"

static void sim_calibrate_ratio_within_bounds(void)
{
	struct sim_profile p;

	sim_profile_default(&p);
	for (unsigned int row = 0; row < SIM_SEED_ROWS; row++) {
		for (unsigned int col = 2; col < SIM_SEED_COLS; col++) {
			double err = 100 * fabs(sim_calibrate_ratio(&p, row, col) - 1);
			double bound = cell_bound[row][col - 2];

			if (err > bound)
				printf("\n  %s %s: error %.1f %% > %.0f %%\n", sim_seed_rows[row],
				       col == 2 ? "1GB" : "3GB", err, bound);
			CU_ASSERT(err <= bound);
		}
	}
}

static void sim_calibrate_order_at_3g(void)
{
	struct sim_profile p;
	double model[SIM_SEED_ROWS];

	sim_profile_default(&p);
	for (unsigned int row = 0; row < SIM_SEED_ROWS; row++)
		model[row] = sim_calibrate_ratio(&p, row, 3) * sim_seed_ns[row][3];
	for (unsigned int a = 0; a < SIM_SEED_ROWS; a++)
		for (unsigned int b = 0; b < SIM_SEED_ROWS; b++)
			if (sim_seed_ns[a][3] < sim_seed_ns[b][3] && !ORDER_EXEMPT(a, b)) {
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
