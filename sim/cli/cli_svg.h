/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one SVG writer of the project: the simulator's timelines (heapread sim
 * --svg) and the kernel benchmark's bar charts (kbench-report --svg) draw with
 * these few elements. Text is escaped; coordinates are user units. Plain libc.
 */
#ifndef HEAPREAD_CLI_SVG_H
#define HEAPREAD_CLI_SVG_H

#include <stdio.h>

/* <svg> of @width x @height on a white background; @font_size 0: the viewer's. */
void hr_svg_begin(FILE *out, double width, double height, int font_size);
/* Text at (@x, @y): @anchor "start", "middle" or "end"; @size 0: the document's. */
void hr_svg_text(FILE *out, double x, double y, const char *anchor, int size, const char *text);
/* A filled rectangle; @title (may be NULL) is its tooltip. */
void hr_svg_rect(FILE *out, double x, double y, double w, double h, const char *fill,
		 const char *title);
void hr_svg_line(FILE *out, double x1, double y1, double x2, double y2, const char *stroke);
void hr_svg_end(FILE *out);

#endif /* HEAPREAD_CLI_SVG_H */
