// SPDX-License-Identifier: GPL-2.0
/*
 * report.c - result lines on the results port (/dev/ttyS1: a serial port
 * that carries nothing else, so kernel messages cannot break a line), or on
 * stdout when there is none
 */
#include <stdarg.h>
#include <stdio.h>

#include "kbench.h"

static FILE *kb_results(void)
{
	static FILE *out;

	if (!out) {
		out = fopen("/dev/ttyS1", "w");
		if (!out)
			out = stdout;
		setvbuf(out, NULL, _IOLBF, 0);
	}
	return out;
}

void kb_out(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(kb_results(), fmt, ap);
	va_end(ap);
	fputc('\n', kb_results());
}

void kb_report(const struct kb_scheme *s, const struct kb_file *f, unsigned int rep,
	       const struct kb_result *r)
{
	char line[512];
	int n;

	if (r->err[0]) {
		kb_out("E scheme=%s size=%zu rep=%u err=\"%s\"", s->key, f->size, rep, r->err);
		printf("kbench: %s %zu rep %u: %s\n", s->key, f->size, rep, r->err);
		return;
	}
	n = snprintf(line, sizeof(line), "R scheme=%s size=%zu rep=%u total=%llu",
		     s->key, f->size, rep, (unsigned long long)r->total_ns);
	for (unsigned int i = 0; i < r->nr_phases && n < (int)sizeof(line); i++)
		n += snprintf(line + n, sizeof(line) - n, " %s=%llu", r->phase[i].name,
			      (unsigned long long)r->phase[i].ns);
	if (r->have_cost && n < (int)sizeof(line))
		n += snprintf(line + n, sizeof(line) - n, " cpu=%llu mem=%llu",
			      (unsigned long long)r->cpu_ns, (unsigned long long)r->mem_bytes);
	if (r->reads && n < (int)sizeof(line))
		snprintf(line + n, sizeof(line) - n, " gathers=%u reads=%u short=%u",
			 r->gathers, r->reads, r->short_reads);
	kb_out("%s", line);
}
