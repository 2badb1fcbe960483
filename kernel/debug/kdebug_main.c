// SPDX-License-Identifier: GPL-2.0
/*
 * kdebug_main.c - heapread_kdebug: the steps of make check-kernel-debug
 *
 *   heapread_kdebug gen DIR   write this program's test files into DIR (host)
 *   heapread_kdebug run       run every step in the guest, report the verdict
 *                             through isa-debug-exit
 *
 * The kernel command line may carry kdebug.seed=N (the random fault
 * schedules; printed either way) and kdebug.steps=LIST (a subset of
 * module,heap,fault, for a quicker run by hand).
 */
#define _GNU_SOURCE	/* O_DIRECT, O_PATH */
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/io.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "guest.h"
#include "kdebug.h"

#define KD_DEBUG_EXIT_PORT 0xf4

const struct kd_file kd_files[] = {
	{ "kd-1.bin", 1 },
	{ "kd-4095.bin", 4095 },
	{ "kd-4096.bin", 4096 },
	{ "kd-12345.bin", 12345 },
	{ "kd-1m1.bin", (1 << 20) + 1 },
	{ "kd-gathers.bin", (6 << 20) + 777 },	/* 7 gathers of 1 MiB */
	{ "kd-sweep.bin", (2 << 20) + 777 },	/* 5 gathers of 512 KiB: the sweeps */
	{ "kd-kill.bin", 96 << 20 },		/* long enough to be killed */
	{ "kd-empty.bin", 0 },
	{ NULL, 0 },
};

static int npass, nfail, nskip;
static FILE *results;
static int kmsg = -1;

const struct kd_file *kd_file(const char *name)
{
	const struct kd_file *f;

	for (f = kd_files; f->name; f++)
		if (!strcmp(f->name, name))
			return f;
	abort();
}

char *kd_path(const char *name)
{
	static char path[4][256];
	static int n;
	char *p = path[n++ % 4];

	snprintf(p, sizeof(path[0]), "%s/%s", KD_DATA, name);
	return p;
}

double kd_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* One result line on the console and on the results port (/dev/ttyS1). */
static void kd_line(const char *kind, const char *name, const char *fmt,
		    va_list ap)
{
	char msg[640] = "";

	if (fmt)
		vsnprintf(msg, sizeof(msg), fmt, ap);
	for (char *c = msg; *c; c++)
		if (*c == '\n')
			*c = ' ';
	if (!results) {
		results = fopen("/dev/ttyS1", "w");
		if (results)
			setvbuf(results, NULL, _IOLBF, 0);
	}
	printf("%s %s%s%s\n", kind, name, *msg ? ": " : "", msg);
	fflush(stdout);
	if (results)
		fprintf(results, "%s %s%s%s\n", kind, name, *msg ? ": " : "", msg);
}

void kd_pass(const char *name, const char *fmt, ...)
{
	va_list ap;

	npass++;
	va_start(ap, fmt);
	kd_line("PASS", name, fmt, ap);
	va_end(ap);
}

void kd_fail(const char *name, const char *fmt, ...)
{
	va_list ap;

	nfail++;
	va_start(ap, fmt);
	kd_line("FAIL", name, fmt, ap);
	va_end(ap);
}

void kd_skip(const char *name, const char *fmt, ...)
{
	va_list ap;

	nskip++;
	va_start(ap, fmt);
	kd_line("SKIP", name, fmt, ap);
	va_end(ap);
}

void kd_log(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("# ", stdout);
	vprintf(fmt, ap);
	fputc('\n', stdout);
	fflush(stdout);
	va_end(ap);
}

/*
 * The first line of every kernel report: KASAN and KFENCE ("BUG: KASAN:"),
 * lockdep ("WARNING: possible ...", "BUG: sleeping function ..."), the hung
 * task detector ("INFO: task ... blocked for more than"), WARN/BUG ("cut
 * here"), oopses, RCU stalls, list and page corruption. A report's "Call
 * Trace" follows its header, so the header is what is counted: the stack
 * dumps of allocation failures that the fault sweeps cause on purpose
 * ("vmalloc error", "page allocation failure") are not reports of a bug.
 */
static const char *const kd_headers[] = {
	"BUG:", "WARNING:", "cut here", "Oops", "general protection fault",
	"Kernel panic", "KASAN", "KFENCE", "UBSAN:", "INFO:",
	"blocked for more than", "hung task", "soft lockup", "rcu_preempt detected stall",
	"self-detected stall", "list_add corruption", "list_del corruption",
	"Bad page", "kmemleak:", NULL,
};

static const char *const kd_expected[] = {
	"page allocation failure", "vmalloc error", "FAULT_INJECTION", NULL,
};

/* "kmemleak:" lines that are not leak reports. */
static int kd_benign(const char *msg)
{
	return strstr(msg, "kmemleak: Kernel memory leak detector initialized") ||
	       strstr(msg, "kmemleak: Automatic memory scanning thread") ||
	       strstr(msg, "lockdep: ") == msg;
}

/*
 * Read the kernel log records since the last call; every report header is
 * printed. Returns the number of reports (0: clean) and records a check
 * "klog-after-@step".
 */
int kd_klog_check(const char *step)
{
	char rec[8192], name[128];
	int hits = 0, expected = 0;

	if (kmsg < 0) {
		kmsg = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
		if (kmsg < 0) {
			kd_fail("klog", "/dev/kmsg: %s", strerror(errno));
			return 1;
		}
	}
	for (;;) {
		ssize_t n = read(kmsg, rec, sizeof(rec) - 1);
		const char *msg;

		if (n < 0) {
			if (errno == EPIPE)	/* records overwritten: go on */
				continue;
			break;
		}
		rec[n] = 0;
		msg = strchr(rec, ';');
		msg = msg ? msg + 1 : rec;
		for (int i = 0; kd_expected[i]; i++)
			if (strstr(msg, kd_expected[i])) {
				expected++;
				goto next;
			}
		if (kd_benign(msg))
			continue;
		for (int i = 0; kd_headers[i]; i++)
			if (strstr(msg, kd_headers[i])) {
				hits++;
				kd_log("kernel log: %.*s", (int)strcspn(msg, "\n"), msg);
				break;
			}
next:;
	}
	snprintf(name, sizeof(name), "klog-after-%s", step);
	if (hits)
		kd_fail(name, "%d kernel reports (KASAN/lockdep/WARNING/BUG/hung task/...)", hits);
	else
		kd_pass(name, "no report%s", expected ?
			" (allocation-failure messages from the injected faults only)" : "");
	return hits;
}

int kd_write(const char *path, const char *value)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), err = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, value, strlen(value)) < 0)
		err = -errno;
	close(fd);
	return err;
}

int kd_writef(const char *path, const char *fmt, ...)
{
	char buf[128];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return kd_write(path, buf);
}

/* A number at the start of a file (debugfs, sysfs, cgroup), or -1. */
long long kd_read_ll(const char *path)
{
	char buf[64];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	return strtoll(buf, NULL, 0);
}

/* The test's memory cgroup usage in bytes (memory.current), or -1. */
long long kd_memcg_usage(void)
{
	return kd_read_ll(KD_CGROUP "/memory.current");
}

/* Put this program (and what it forks) into its own memory cgroup. */
static void kd_memcg_setup(void)
{
	char pid[32];

	kd_write("/sys/fs/cgroup/cgroup.subtree_control", "+memory");
	mkdir(KD_CGROUP, 0755);
	snprintf(pid, sizeof(pid), "%d", getpid());
	if (kd_write(KD_CGROUP "/cgroup.procs", pid) || kd_memcg_usage() < 0)
		kd_fail("memcg-setup", "cannot use " KD_CGROUP);
	else
		kd_pass("memcg-setup", KD_CGROUP " holds the test");
}

/*
 * kmemleak reports objects unreferenced for at least 5 s: wait, scan twice
 * (as its documentation advises) and read the report.
 */
int kd_kmemleak_check(const char *step)
{
	char buf[4096], name[128];
	ssize_t n;
	int fd, leaks = 0;

	snprintf(name, sizeof(name), "kmemleak-after-%s", step);
	sleep(6);
	if (kd_write(KD_DEBUGFS "/kmemleak", "scan") ||
	    kd_write(KD_DEBUGFS "/kmemleak", "scan")) {
		kd_fail(name, "cannot scan: %s", strerror(errno));
		return 1;
	}
	fd = open(KD_DEBUGFS "/kmemleak", O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		kd_fail(name, "cannot read the report: %s", strerror(errno));
		return 1;
	}
	while ((n = read(fd, buf, sizeof(buf) - 1)) > 0) {
		buf[n] = 0;
		fputs(buf, stdout);
		for (char *p = buf; (p = strstr(p, "unreferenced object")); p++)
			leaks++;
	}
	close(fd);
	if (leaks)
		kd_fail(name, "%d unreferenced objects (report above)", leaks);
	else
		kd_pass(name, "scan clean");
	return leaks;
}

/* Does the file at @path contain @what? */
static int kd_file_has(const char *path, const char *what)
{
	char line[512];
	int found = 0;
	FILE *f = fopen(path, "r");

	while (f && !found && fgets(line, sizeof(line), f))
		found = strstr(line, what) != NULL;
	if (f)
		fclose(f);
	return found;
}

/* Which debugging tools the boot log says are on; the boot log's reports. */
static void kd_tools_check(void)
{
	static const struct {
		const char *what, *line;
	} tools[] = {
		{ "KASAN", "KernelAddressSanitizer initialized" },
		{ "lockdep", "Lock dependency validator" },
		{ "KFENCE", "kfence: initialized" },
	};
	char rec[8192], found[160] = "";
	unsigned int seen = 0;
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	while (fd >= 0) {
		ssize_t n = read(fd, rec, sizeof(rec) - 1);
		const char *msg;

		if (n < 0 && errno == EPIPE)
			continue;
		if (n <= 0)
			break;
		rec[n] = 0;
		msg = strchr(rec, ';');
		msg = msg ? msg + 1 : rec;
		for (unsigned int i = 0; i < 3; i++)
			if (!(seen & (1u << i)) && strstr(msg, tools[i].line)) {
				seen |= 1u << i;
				kd_log("boot log: %.*s", (int)strcspn(msg, "\n"), msg);
			}
	}
	if (fd >= 0)
		close(fd);
	/* The boot log may have wrapped: the tools' own files say it too. */
	if (!(seen & 1) && kd_file_has("/proc/kallsyms", " kasan_report"))
		seen |= 1;
	if (!(seen & 2) && kd_file_has("/proc/lockdep_stats", "debug_locks:"))
		seen |= 2;
	if (!(seen & 4) && kd_file_has(KD_DEBUGFS "/kfence/stats", "enabled: 1"))
		seen |= 4;
	for (unsigned int i = 0; i < 3; i++)
		if (seen & (1u << i))
			snprintf(found + strlen(found), sizeof(found) - strlen(found),
				 "%s%s", *found ? ", " : "", tools[i].what);
	if (!access(KD_DEBUGFS "/kmemleak", W_OK))
		snprintf(found + strlen(found), sizeof(found) - strlen(found),
			 ", kmemleak");
	if (!access(KD_DEBUGFS "/fail_page_alloc/probability", W_OK) &&
	    !access(KD_DEBUGFS "/failslab/probability", W_OK))
		snprintf(found + strlen(found), sizeof(found) - strlen(found),
			 ", failslab, fail_page_alloc");
	if (seen == 7 && strstr(found, "kmemleak") && strstr(found, "failslab"))
		kd_pass("debug-tools-active", "%s", found);
	else
		kd_fail("debug-tools-active", "only: %s", found);
	/* Boot-time leak suspects are not the test's: forget them. */
	kd_write(KD_DEBUGFS "/kmemleak", "clear");
	kd_klog_check("boot");
}

/* lockdep turns itself off after its first report: it must still be on. */
static void kd_lockdep_still_on(void)
{
	FILE *f = fopen("/proc/lockdep_stats", "r");
	char line[256];
	int on = -1;

	while (f && fgets(line, sizeof(line), f))
		if (strstr(line, "debug_locks:"))
			on = atoi(strchr(line, ':') + 1);
	if (f)
		fclose(f);
	if (on == 1)
		kd_pass("lockdep-still-on", "debug_locks: 1 at the end");
	else
		kd_fail("lockdep-still-on", "debug_locks: %d", on);
}

/*
 * Run @argv, waiting for it. With @no_rawio the child loses CAP_SYS_RAWIO
 * (bounding set), so that a program which reports its own verdict through
 * isa-debug-exit cannot end the guest before the later steps.
 */
static int kd_run(char *const argv[], int no_rawio)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (!pid) {
		if (no_rawio)
			prctl(PR_CAPBSET_DROP, CAP_SYS_RAWIO, 0, 0, 0);
		execv(argv[0], argv);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/*
 * Checks of the module's suite that skip in a kernel without what they need
 * (sockets, fanotify permission events); debug.config gives both, so a SKIP
 * of one of them here means that the config lost it: a failure.
 */
static const char *const kd_must_run[] = {
	"err-socket",
	"sigkill-stalled-read-returns",
	NULL,
};

/* Is @line ("SKIP name: why") the skip of a check that must run here? */
static int kd_must_run_skipped(const char *line)
{
	const char *const *n;
	size_t len;

	if (strncmp(line, "SKIP ", 5))
		return 0;
	for (n = kd_must_run; *n; n++) {
		len = strlen(*n);
		if (!strncmp(line + 5, *n, len) && line[5 + len] == ':')
			return 1;
	}
	return 0;
}

/* Run @argv with its stdout through us; count its FAIL lines and wrong skips. */
static int kd_run_suite(char *const argv[], int *fails, int *skips)
{
	char line[1024];
	int pipes[2], status;
	FILE *out;
	pid_t pid;

	if (pipe(pipes))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (!pid) {
		prctl(PR_CAPBSET_DROP, CAP_SYS_RAWIO, 0, 0, 0);
		dup2(pipes[1], STDOUT_FILENO);
		close(pipes[0]);
		close(pipes[1]);
		execv(argv[0], argv);
		_exit(127);
	}
	close(pipes[1]);
	out = fdopen(pipes[0], "r");
	while (out && fgets(line, sizeof(line), out)) {
		fputs(line, stdout);
		fflush(stdout);
		if (!strncmp(line, "FAIL ", 5))
			(*fails)++;
		else if (kd_must_run_skipped(line))
			(*skips)++;
	}
	if (out)
		fclose(out);
	if (waitpid(pid, &status, 0) < 0)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* Step 1: the module's own guest suite (tests/kernel), against this kernel. */
static void kd_module_step(void)
{
	char *const argv[] = { "/heapread_ktest", "run", NULL };
	char reason[256] = "";
	int fd, rc, fails = 0, skips = 0;

	if (access("/heapread_ktest", X_OK) || access("/heapread.ko", R_OK)) {
		fd = open("/module-skip.txt", O_RDONLY | O_CLOEXEC);
		if (fd >= 0) {
			ssize_t n = read(fd, reason, sizeof(reason) - 1);

			reason[n > 0 ? n : 0] = 0;
			close(fd);
		}
		kd_skip("module-suite", "heapread.ko not built for this kernel: %s",
			*reason ? reason : "(no reason given)");
		return;
	}
	kd_log("step 1: the module's guest suite (heapread_ktest run) against the debug kernel");
	rc = kd_run_suite(argv, &fails, &skips);
	if (rc || fails)
		kd_fail("module-suite", "heapread_ktest exited with %d, %d FAIL lines (above)", rc, fails);
	else if (skips)
		kd_fail("module-suite",
			"%d of err-socket, sigkill-stalled-read-returns skipped (above): debug.config should give what they need",
			skips);
	else
		kd_pass("module-suite", "heapread_ktest: every check passed");
	kd_klog_check("module-suite");
}

/* Step 2b: tools/testing/selftests/dmabuf-heaps against every heap. */
static void kd_selftest_step(void)
{
	char *const argv[] = { "/dmabuf-heap", NULL };
	int rc;

	if (access(argv[0], X_OK)) {
		kd_skip("dmabuf-heap-selftest", "not built");
		return;
	}
	rc = kd_run(argv, 0);
	if (rc)
		kd_fail("dmabuf-heap-selftest", "exit status %d (its output above)", rc);
	else
		kd_pass("dmabuf-heap-selftest", "every heap in /dev/dma_heap");
	kd_klog_check("dmabuf-heap-selftest");
}

static void kd_verdict(void)
{
	char line[128];

	snprintf(line, sizeof(line), "RESULT pass=%d fail=%d skip=%d failed-on-purpose=%lu\n",
		 npass, nfail, nskip, kd_failed_on_purpose);
	fputs(line, stdout);
	fflush(stdout);
	if (results) {
		fputs(line, results);
		fflush(results);
		tcdrain(fileno(results));
	}
	sync();
	tcdrain(STDOUT_FILENO);
	usleep(20000);
	if (ioperm(KD_DEBUG_EXIT_PORT, 4, 1)) {
		perror("ioperm");
		return;
	}
	outb(nfail ? 1 : 0, KD_DEBUG_EXIT_PORT);
}

/* kdebug.NAME=VALUE from the kernel command line, or NULL. */
static const char *kd_cmdline(const char *name)
{
	static char buf[4096];
	char key[64];
	char *p;
	int fd = open("/proc/cmdline", O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return NULL;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[n > 0 ? n : 0] = 0;
	snprintf(key, sizeof(key), "kdebug.%s=", name);
	p = strstr(buf, key);
	if (!p)
		return NULL;
	p += strlen(key);
	p[strcspn(p, " \n")] = 0;
	return p;
}

static int kd_step_on(const char *steps, const char *step)
{
	return !steps || strstr(steps, step);
}

static int kd_run_all(void)
{
	const char *steps = kd_cmdline("steps"), *s = kd_cmdline("seed");
	unsigned long long seed = s ? strtoull(s, NULL, 0) :
				  (unsigned long long)time(NULL) ^ ((unsigned long long)getpid() << 20);
	double t0 = kd_now();

	kd_log("heapread_kdebug: seed %llu (kdebug.seed=%llu on the kernel command line repeats it)",
	       seed, seed);
	kd_write("/proc/sys/kernel/hung_task_timeout_secs", "60");
	kd_tools_check();
	kd_memcg_setup();
	if (kd_step_on(steps, "module"))
		kd_module_step();
	if (kd_step_on(steps, "heap")) {
		kd_log("step 2: the in-tree system heap with DMA_HEAP_ALLOC_AND_READ_FILE");
		kd_heap_checks();
		kd_klog_check("heap-checks");
		kd_kill_checks();
		kd_klog_check("kill-checks");
		kd_selftest_step();
		kd_kmemleak_check("heap");
	}
	if (kd_step_on(steps, "fault")) {
		kd_log("step 3: fault sweeps (failslab, fail_page_alloc) on the in-tree heap");
		kd_fault_checks(seed);
		kd_klog_check("fault-sweeps");
		kd_kmemleak_check("fault-sweeps");
	}
	kd_lockdep_still_on();
	kd_klog_check("end");
	kd_log("heapread_kdebug: %d passed, %d failed, %d skipped; %lu allocations failed on purpose; %.1f s",
	       npass, nfail, nskip, kd_failed_on_purpose, kd_now() - t0);
	kd_verdict();
	return nfail ? 1 : 0;
}

static int kd_generate(const char *dir)
{
	const struct kd_file *f;

	for (f = kd_files; f->name; f++) {
		char path[512];

		snprintf(path, sizeof(path), "%s/%s", dir, f->name);
		if (guest_write_file(path, f->size))
			return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "gen"))
		return kd_generate(argv[2]);
	if (argc == 2 && !strcmp(argv[1], "run"))
		return kd_run_all();
	if (argc == 2 && !strcmp(argv[1], "verdict-fail")) {
		nfail = 1;
		kd_verdict();
		return 1;
	}
	fprintf(stderr, "usage: %s gen DIR | run | verdict-fail\n", argv[0]);
	return 2;
}
