// SPDX-License-Identifier: GPL-2.0
/*
 * kbench_svg.c - the bar chart (make bench-kernel's .svg): a panel per boot
 * and size, a bar per scheme (median, min-max whisker), in table order.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cli_svg.h"
#include "cli_util.h"
#include "kbench_report.h"

/* The chart's geometry, in pixels. */
#define LABEL_W	300.0
#define BAR_W	330.0
#define BAR_H	13.0
#define GAP	4.0
#define HEAD	34.0
#define PAD	16.0
#define PANEL_W	(LABEL_W + BAR_W + 90)

/* heapread's async direct loads stand out; then its other loads, udmabuf, the seed's normal. */
static const char *bar_colour(const char *key)
{
	if (!strncmp(key, "hr-async-dio", 12))
		return "#1a9850";
	if (!strncmp(key, "hr-", 3))
		return "#91cf60";
	if (!strncmp(key, "udmabuf", 7))
		return "#4575b4";
	if (!strcmp(key, "normal"))
		return "#737373";
	return "#d9d9d9";
}

/* One scheme's bar at height @y of the panel at @x0: its label, median, whisker, value. */
static void draw_bar(const struct kr_row *row, unsigned int c, double x0, double y, double scale,
		     FILE *out)
{
	const struct kr_samples *s = &row->at[c];
	double med = kr_median(s) * scale;
	char buf[64];

	hr_svg_text(out, x0 + LABEL_W - 6, y + BAR_H - 3, "end", 11, kr_display(row->key));
	if (!s->n)
		return;
	hr_svg_rect(out, x0 + LABEL_W, y, med, BAR_H, bar_colour(row->key), NULL);
	hr_svg_line(out, x0 + LABEL_W + kr_extreme(s, false) * scale, y + BAR_H / 2,
		    x0 + LABEL_W + kr_extreme(s, true) * scale, y + BAR_H / 2, "black");
	snprintf(buf, sizeof(buf), "%.1f ms", kr_median(s) / 1e6);
	hr_svg_text(out, x0 + LABEL_W + kr_extreme(s, true) * scale + 4, y + BAR_H - 3, "start", 10, buf);
}

/* The panel of boot @bt's @rows (sorted) for size column @c, top left at (@x0, @y0). */
static void draw_panel(const struct kr_report *r, const struct kr_boot *bt, const struct kr_row *rows,
		       unsigned int c, double x0, double y0, FILE *out)
{
	char buf[256], lab[32];
	uint64_t top = 1;
	double scale;

	for (unsigned int i = 0; i < bt->nr_totals; i++)
		if (kr_extreme(&rows[i].at[c], true) > top)
			top = kr_extreme(&rows[i].at[c], true);
	scale = BAR_W / (double)top;
	hr_format_size_short(lab, sizeof(lab), r->sizes[c]);
	snprintf(buf, sizeof(buf), "%s, %s", lab, bt->label);
	hr_svg_text(out, x0, y0 + 18, "start", 13, buf);
	for (unsigned int i = 0; i < bt->nr_totals; i++)
		draw_bar(&rows[i], c, x0, y0 + HEAD + i * (BAR_H + GAP), scale, out);
}

void kr_write_svg(const struct kr_report *r, FILE *out)
{
	static struct kr_row rows[KR_MAX_ROWS];
	unsigned int nrows = 0;
	double panel_h;

	for (unsigned int b = 0; b < r->nr_boots; b++)
		if (r->boots[b].nr_totals > nrows)
			nrows = r->boots[b].nr_totals;
	panel_h = HEAD + nrows * (BAR_H + GAP) + PAD;
	hr_svg_begin(out, r->nr_boots * PANEL_W + PAD, r->nr_sizes * panel_h + 50, 0);
	hr_svg_text(out, PAD, 22, "start", 15,
		    "File into a dma-buf in a booted Debian 6.1 guest (qemu TCG): median time, whisker min-max; shorter is better");
	for (unsigned int b = 0; b < r->nr_boots; b++) {
		const struct kr_boot *bt = &r->boots[b];

		memcpy(rows, bt->totals, bt->nr_totals * sizeof(rows[0]));
		qsort(rows, bt->nr_totals, sizeof(rows[0]), kr_row_order);
		for (unsigned int c = 0; c < r->nr_sizes; c++)
			draw_panel(r, bt, rows, c, PAD + b * PANEL_W, 40 + c * panel_h, out);
	}
	hr_svg_end(out);
}
