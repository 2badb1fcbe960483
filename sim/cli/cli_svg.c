// SPDX-License-Identifier: GPL-2.0
/* The SVG writer (see cli_svg.h). */
#include "config.h"

#include "cli_svg.h"

/* Character data: the three characters XML gives a meaning to. */
static void put_escaped(FILE *out, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '<')
			fputs("&lt;", out);
		else if (*s == '>')
			fputs("&gt;", out);
		else if (*s == '&')
			fputs("&amp;", out);
		else
			fputc(*s, out);
	}
}

void hr_svg_begin(FILE *out, double width, double height, int font_size)
{
	fprintf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
		"font-family=\"sans-serif\"", width, height);
	if (font_size)
		fprintf(out, " font-size=\"%d\"", font_size);
	fputs(">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n", out);
}

void hr_svg_text(FILE *out, double x, double y, const char *anchor, int size, const char *text)
{
	fprintf(out, "<text x=\"%.1f\" y=\"%.1f\"", x, y);
	if (anchor)
		fprintf(out, " text-anchor=\"%s\"", anchor);
	if (size)
		fprintf(out, " font-size=\"%d\"", size);
	fputc('>', out);
	put_escaped(out, text);
	fputs("</text>\n", out);
}

void hr_svg_rect(FILE *out, double x, double y, double w, double h, const char *fill,
		 const char *title)
{
	fprintf(out, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\"",
		x, y, w, h, fill);
	if (!title) {
		fputs("/>\n", out);
		return;
	}
	fputs("><title>", out);
	put_escaped(out, title);
	fputs("</title></rect>\n", out);
}

void hr_svg_line(FILE *out, double x1, double y1, double x2, double y2, const char *stroke)
{
	fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>\n",
		x1, y1, x2, y2, stroke);
}

void hr_svg_end(FILE *out)
{
	fputs("</svg>\n", out);
}
