// SPDX-License-Identifier: GPL-2.0 OR MIT
/* Shared CLI helpers: parsing, messages, clock, progress bar. */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "cli_util.h"

const char *hr_progname = "heapread";

/* A binary unit at @s: K, M, G, T or P (any case) -> 10, 20, ...; 0 if none. */
static unsigned int unit_shift(char c)
{
	static const char units[] = "KMGTP";
	const char *u = c ? strchr(units, c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c) : NULL;

	return u ? 10 * (unsigned int)(u - units + 1) : 0;
}

int hr_parse_size_prefix(const char *s, uint64_t *out, const char **endp)
{
	unsigned long long v;
	unsigned int shift;
	char *end;

	if (!s || *s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno == ERANGE)
		return -ERANGE;
	shift = unit_shift(*end);
	if (shift)
		end++;
	/* K, KB, KiB: all binary (sizes here are about pages); a bare B too. */
	if (shift && (end[0] == 'i' || end[0] == 'I') && (end[1] == 'b' || end[1] == 'B'))
		end += 2;
	else if (*end == 'b' || *end == 'B')
		end++;
	if (shift && v > (UINT64_MAX >> shift))
		return -ERANGE;
	*out = (uint64_t)v << shift;
	*endp = end;
	return 0;
}

int hr_parse_size(const char *s, uint64_t *out)
{
	const char *end;
	uint64_t v;
	int err = hr_parse_size_prefix(s, &v, &end);

	if (err)
		return err;
	if (*end)
		return -EINVAL;
	*out = v;
	return 0;
}

int hr_parse_uint(const char *s, unsigned int min, unsigned int max, unsigned int *out)
{
	unsigned long v;
	char *end;

	if (!s || *s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (*end)
		return -EINVAL;
	if (errno == ERANGE || v < min || v > max)
		return -ERANGE;
	*out = (unsigned int)v;
	return 0;
}

/* @bytes in the largest binary unit it fills: whole when exact, else with @decimals. */
static void format_size(char *buf, size_t len, uint64_t bytes, const char *const units[5],
			const char *sep, int decimals)
{
	unsigned int u = 0;
	uint64_t div = 1;

	while (u < 4 && bytes >= div * 1024) {
		div *= 1024;
		u++;
	}
	if (bytes % div == 0)
		snprintf(buf, len, "%" PRIu64 "%s%s", bytes / div, sep, units[u]);
	else
		snprintf(buf, len, "%.*f%s%s", decimals, (double)bytes / (double)div, sep, units[u]);
}

void hr_format_size(char *buf, size_t len, uint64_t bytes)
{
	static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB" };

	format_size(buf, len, bytes, units, " ", 2);
}

void hr_format_size_short(char *buf, size_t len, uint64_t bytes)
{
	static const char *const units[] = { "B", "KB", "MB", "GB", "TB" };

	format_size(buf, len, bytes, units, "", 1);
}

void hr_err(const char *what, int errnum)
{
	fprintf(stderr, "%s: %s: %s\n", hr_progname, what, strerror(errnum));
}

void hr_errmsg(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", hr_progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int hr_bad_value(const char *option, const char *value, int err)
{
	hr_errmsg("%s: %s '%s'", option,
		  err == -ERANGE ? "value out of range" : "invalid value", value ? value : "");
	return HR_EXIT_USAGE;
}

uint64_t hr_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static void progress_draw(struct hr_progress *p, bool last)
{
	uint64_t done = p->done(p->ctx);
	double frac = p->total ? (double)done / (double)p->total : 1.0;
	double secs = (double)(hr_now_ns() - p->start_ns) / 1e9;
	char bar[41];
	int fill;

	if (frac > 1.0)
		frac = 1.0;
	fill = (int)(frac * 40);
	memset(bar, '#', fill);
	memset(bar + fill, '.', 40 - fill);
	bar[40] = '\0';
	fprintf(stderr, "\r%s [%s] %3d%% %6.2f GB/s%s", p->label, bar, (int)(frac * 100),
		secs > 0 ? (double)done / secs / 1e9 : 0.0, last ? "\n" : "");
	fflush(stderr);
}

static void *progress_thread(void *arg)
{
	struct hr_progress *p = arg;
	const struct timespec tick = { 0, 100 * 1000 * 1000 };

	while (!p->stop) {
		nanosleep(&tick, NULL);
		if (!p->stop)
			progress_draw(p, false);
	}
	return NULL;
}

void hr_progress_start(struct hr_progress *p, const char *label, uint64_t total,
		       uint64_t (*done)(void *ctx), void *ctx)
{
	*p = (struct hr_progress) {
		.total = total, .done = done, .ctx = ctx, .label = label,
		.start_ns = hr_now_ns(),
	};
	if (!isatty(STDERR_FILENO))
		return;
	p->on = !pthread_create(&p->thread, NULL, progress_thread, p);
}

void hr_progress_stop(struct hr_progress *p)
{
	if (!p->on)
		return;
	p->stop = true;
	pthread_join(p->thread, NULL);
	progress_draw(p, true);
	p->on = false;
}
