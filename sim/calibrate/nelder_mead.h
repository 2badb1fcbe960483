/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Nelder-Mead in a box: the derivative-free minimiser the calibration uses,
 * kept apart from what it minimises. Plain C; deterministic (no randomness,
 * the same operations in the same order on every host).
 */
#ifndef HEAPREAD_NELDER_MEAD_H
#define HEAPREAD_NELDER_MEAD_H

#define HR_NM_MAX_DIM	32

struct hr_nm_problem {
	unsigned int n;			/* dimensions, 1..HR_NM_MAX_DIM */
	const double *lo, *hi;		/* the box; reflections and expansions are clamped to it */
	double (*f)(const double *x, void *ctx);	/* what is minimised */
	void *ctx;
};

/*
 * One run with the usual coefficients (reflection 1, expansion 2,
 * contraction 0.5, shrink 0.5) from @x0, the first simplex @step away along
 * each axis (towards the inside of the box). Stops after @max_evals calls of
 * f or when the simplex's values are within 1e-7. The best point is left in
 * @x0; returns f there and adds the calls made to *@evals.
 */
double hr_nelder_mead(const struct hr_nm_problem *pb, double *x0, double step,
		      unsigned int max_evals, unsigned int *evals);

#endif /* HEAPREAD_NELDER_MEAD_H */
