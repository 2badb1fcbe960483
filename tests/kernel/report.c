// SPDX-License-Identifier: GPL-2.0
/*
 * report.c - one PASS/FAIL/SKIP line per check, on the console and on the
 * results port (/dev/ttyS1, a serial port that carries nothing else, so
 * kernel messages cannot break a result line); the verdict through
 * isa-debug-exit (qemu exits with (v << 1) | 1).
 */
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/io.h>
#include <termios.h>
#include <unistd.h>

#include "ktest.h"

#define KT_DEBUG_EXIT_PORT 0xf4

static int npass, nfail, nskip;
static FILE *results;
static int in_scan;

static void kt_line(const char *kind, const char *name, const char *fmt,
		    va_list *ap)
{
	char msg[512] = "";

	if (fmt) {
		vsnprintf(msg, sizeof(msg), fmt, *ap);
		/* One line per check: no newline inside the reason. */
		for (char *c = msg; *c; c++)
			if (*c == '\n')
				*c = ' ';
	}
	if (!results) {
		results = fopen("/dev/ttyS1", "w");
		if (results)
			setvbuf(results, NULL, _IOLBF, 0);
	}
	printf("%s %s%s%s\n", kind, name, *msg ? ": " : "", msg);
	fflush(stdout);
	if (results)
		fprintf(results, "%s %s%s%s\n", kind, name, *msg ? ": " : "",
			msg);
	/* After every check: the kernel log must be clean. */
	if (!in_scan) {
		in_scan = 1;
		kt_klog_scan(name);
		in_scan = 0;
	}
}

void kt_pass(const char *name)
{
	npass++;
	kt_line("PASS", name, NULL, NULL);
}

void kt_fail(const char *name, const char *fmt, ...)
{
	va_list ap;

	nfail++;
	va_start(ap, fmt);
	kt_line("FAIL", name, fmt, &ap);
	va_end(ap);
}

void kt_skip(const char *name, const char *fmt, ...)
{
	va_list ap;

	nskip++;
	va_start(ap, fmt);
	kt_line("SKIP", name, fmt, &ap);
	va_end(ap);
}

void kt_log(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("# ", stdout);
	vprintf(fmt, ap);
	fputc('\n', stdout);
	fflush(stdout);
	va_end(ap);
}

int kt_failed(void)
{
	return nfail;
}

void kt_summary(void)
{
	char line[128];

	snprintf(line, sizeof(line), "RESULT pass=%d fail=%d skip=%d\n",
		 npass, nfail, nskip);
	fputs(line, stdout);
	fflush(stdout);
	if (results) {
		fputs(line, results);
		fflush(results);
	}
}

/* Tell qemu: 0 -> exit status 1 (pass), 1 -> exit status 3 (fail). */
void kt_verdict(int failed)
{
	sync();
	/*
	 * The serial ports drain at their own pace: wait until every line
	 * has left them, or qemu exits with the last ones still queued.
	 */
	fflush(stdout);
	tcdrain(STDOUT_FILENO);
	if (results) {
		fflush(results);
		tcdrain(fileno(results));
	}
	usleep(20000);
	if (ioperm(KT_DEBUG_EXIT_PORT, 4, 1)) {
		perror("ioperm");
		return;
	}
	outb(failed ? 1 : 0, KT_DEBUG_EXIT_PORT);
}
