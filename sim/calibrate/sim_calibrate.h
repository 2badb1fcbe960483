/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Calibration: fit the physical parameters of a profile to the seed's table
 * (one parameter set for every scheme), then print the fitted profile and
 * the residual of every cell. Plain libc.
 */
#ifndef HEAPREAD_SIM_CALIBRATE_H
#define HEAPREAD_SIM_CALIBRATE_H

#include <stdbool.h>
#include <stdio.h>

#include "model_profile.h"

/* Model / seed for one cell of the seed's table (row, column); 0 if it failed. */
double sim_calibrate_ratio(const struct sim_profile *p, unsigned int row, unsigned int col);

/* Whether a cell of the seed's table is in the fit (the others are reported). */
bool sim_calibrate_cell_fitted(unsigned int row, unsigned int col);

/* The error (0.2 = 20 %) the fit aims a cell at; 0 if the cell is not fitted. */
double sim_calibrate_cell_target(unsigned int row, unsigned int col);

/* Whether any parameter set can put rows @a and @b in the seed's order at 3 GB. */
bool sim_calibrate_order_reachable(unsigned int a, unsigned int b);

/* The best error a model with cost proportional to size has on both cells of @row. */
double sim_calibrate_row_floor(unsigned int row);

/* The fit's objective for @p (lower is better). */
double sim_calibrate_cost(const struct sim_profile *p);

/*
 * Fit @p in place: Nelder-Mead from its values and from seeded starting
 * points; the best result wins. One markdown table row per start goes to
 * @log_out (may be NULL). Returns the number of evaluations.
 */
unsigned int sim_calibrate_fit(struct sim_profile *p, unsigned int max_evals, FILE *log_out);

/* Fit, then print the profile (conf) and the residuals as markdown. */
int sim_calibrate_main(struct sim_profile *p, FILE *out);

#endif /* HEAPREAD_SIM_CALIBRATE_H */
