// SPDX-License-Identifier: GPL-2.0
/* Nelder-Mead in a box (see nelder_mead.h). */
#include "config.h"

#include <string.h>

#include "nelder_mead.h"

static double clamp(const struct hr_nm_problem *pb, unsigned int i, double x)
{
	return x < pb->lo[i] ? pb->lo[i] : x > pb->hi[i] ? pb->hi[i] : x;
}

double hr_nelder_mead(const struct hr_nm_problem *pb, double *x0, double step,
		      unsigned int max_evals, unsigned int *evals)
{
	const unsigned int n = pb->n;
	const size_t point = n * sizeof(double);
	double x[HR_NM_MAX_DIM + 1][HR_NM_MAX_DIM], f[HR_NM_MAX_DIM + 1];
	double c[HR_NM_MAX_DIM], xr[HR_NM_MAX_DIM], xe[HR_NM_MAX_DIM];
	unsigned int used = 0, lo = 0;

	for (unsigned int v = 0; v <= n; v++) {
		memcpy(x[v], x0, point);
		if (v)	/* step towards the inside of the box */
			x[v][v - 1] += x0[v - 1] + step > pb->hi[v - 1] ? -step : step;
		f[v] = pb->f(x[v], pb->ctx);
		used++;
	}
	while (used < max_evals) {
		unsigned int hi = 0, nh;
		double fr;

		lo = 0;
		for (unsigned int v = 1; v <= n; v++) {
			if (f[v] > f[hi])
				hi = v;
			if (f[v] < f[lo])
				lo = v;
		}
		nh = lo;
		for (unsigned int v = 0; v <= n; v++)
			if (v != hi && f[v] > f[nh])
				nh = v;
		if (f[hi] - f[lo] < 1e-7)
			break;
		/* Reflect the worst point through the centroid of the others. */
		for (unsigned int i = 0; i < n; i++) {
			c[i] = 0;
			for (unsigned int v = 0; v <= n; v++)
				if (v != hi)
					c[i] += x[v][i] / n;
			xr[i] = clamp(pb, i, c[i] + (c[i] - x[hi][i]));
		}
		fr = pb->f(xr, pb->ctx);
		used++;
		if (fr < f[lo]) {
			double fe;

			/* Better than the best: try twice as far. */
			for (unsigned int i = 0; i < n; i++)
				xe[i] = clamp(pb, i, c[i] + 2 * (xr[i] - c[i]));
			fe = pb->f(xe, pb->ctx);
			used++;
			memcpy(x[hi], fe < fr ? xe : xr, point);
			f[hi] = fe < fr ? fe : fr;
		} else if (fr < f[nh]) {
			memcpy(x[hi], xr, point);
			f[hi] = fr;
		} else {
			double fc;

			/* Contract towards the centroid, else shrink towards the best. */
			for (unsigned int i = 0; i < n; i++)
				xe[i] = c[i] + 0.5 * (x[hi][i] - c[i]);
			fc = pb->f(xe, pb->ctx);
			used++;
			if (fc < f[hi]) {
				memcpy(x[hi], xe, point);
				f[hi] = fc;
			} else {
				for (unsigned int v = 0; v <= n; v++) {
					if (v == lo)
						continue;
					for (unsigned int i = 0; i < n; i++)
						x[v][i] = x[lo][i] + 0.5 * (x[v][i] - x[lo][i]);
					f[v] = pb->f(x[v], pb->ctx);
					used++;
				}
			}
		}
	}
	lo = 0;
	for (unsigned int v = 1; v <= n; v++)
		if (f[v] < f[lo])
			lo = v;
	memcpy(x0, x[lo], point);
	*evals += used;
	return f[lo];
}
