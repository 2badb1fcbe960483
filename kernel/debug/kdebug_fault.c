// SPDX-License-Identifier: GPL-2.0
/*
 * kdebug_fault.c - failslab and fail_page_alloc aimed at the loads of the
 * in-tree system heap (kd-sweep.bin: 2 MiB + 777 bytes, gathers of 512 KiB,
 * so 5 gathers; buffered and O_DIRECT).
 *
 * Both attributes get ignore-gfp-wait=N (the engine's GFP_KERNEL and
 * GFP_HIGHUSER allocations may sleep), ignore-gfp-highmem=N (the buffer's
 * pages and the page cache are __GFP_HIGHMEM), min-order=0 and verbose=0.
 *
 * - Sweep A, the loading task: /proc/thread-self/fail-nth = N fails the
 *   Nth allocation the ioctl makes (every one that reaches should_fail, in
 *   the dma-heap core, the engine's loader, the dma-buf export), for N = 1,
 *   2, ... until a load makes fewer than N.
 * - Sweep B, the read workers too: the engine's reads run in kworkers, which
 *   fail-nth and task-filter cannot name. The stack filter can: require-start
 *   and require-end span the engine's code (its heapread_* functions in
 *   /proc/kallsyms), task-filter=N, so only allocations made under an engine
 *   frame are eligible, whichever task makes them (the loader's chunks, the
 *   workers' page cache, bios and iomap state). A first load with space at
 *   INT_MAX counts the eligible size (space counts bytes for failslab,
 *   pages for fail_page_alloc); then space = k * total / K fails the
 *   allocation that covers that point, for
 *   K = 16 points per attribute and mode.
 * - Random schedules: seeded draws of attribute, mode, fail-nth or
 *   (space, interval, times); the seed is printed and can be given back.
 *
 * Every load must return the file byte for byte or fail with ENOMEM; the
 * memory cgroup's usage must come back; the caller checks the kernel log
 * and kmemleak afterwards. Each injected failure is counted (fail-nth read
 * back as 0, or the attribute's times decremented).
 */
#define _GNU_SOURCE	/* O_DIRECT, O_PATH */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "guest.h"
#include "kdebug.h"

#define KD_SWEEP_FILE	"kd-sweep.bin"
#define KD_B_POINTS	16		/* per attribute and mode */
#define KD_RANDOM	32
#define KD_MAX_NTH	4000
#define KD_MEMCG_SLACK	(2LL * 64 * 4096)

unsigned long kd_failed_on_purpose;

static const char *const kd_attrs[] = { "failslab", "fail_page_alloc" };

struct kd_range {
	unsigned long long start, end;
	unsigned int symbols, foreign;
};

static struct kd_range kd_engine;
static unsigned int kd_points, kd_bad;
static long long kd_base;

static int kd_attr_write(int attr, const char *file, const char *fmt, long long v)
{
	char path[160];

	snprintf(path, sizeof(path), KD_DEBUGFS "/%s/%s", kd_attrs[attr], file);
	return kd_writef(path, fmt, v);
}

static long long kd_attr_read(int attr, const char *file)
{
	char path[160];

	snprintf(path, sizeof(path), KD_DEBUGFS "/%s/%s", kd_attrs[attr], file);
	return kd_read_ll(path);
}

/* Off: probability 0, no stack filter, no counters left over. */
static void kd_attr_off(int attr)
{
	kd_attr_write(attr, "probability", "%lld", 0);
	kd_attr_write(attr, "times", "%lld", 1);
	kd_attr_write(attr, "space", "%lld", 0);
	kd_attr_write(attr, "interval", "%lld", 1);
	kd_attr_write(attr, "require-start", "%#llx", 0);
	kd_attr_write(attr, "require-end", "%#llx", -1LL);
}

static int kd_attrs_setup(void)
{
	for (int a = 0; a < 2; a++) {
		if (kd_attr_write(a, "verbose", "%lld", 0) ||
		    kd_attr_write(a, "task-filter", "%lld", 0) ||
		    kd_attr_write(a, "ignore-gfp-wait", "%lld", 0) ||
		    kd_attr_write(a, "stacktrace-depth", "%lld", 32))
			return -1;
		kd_attr_off(a);
	}
	if (kd_attr_write(0, "cache-filter", "%lld", 0) ||
	    kd_attr_write(1, "ignore-gfp-highmem", "%lld", 0) ||
	    kd_attr_write(1, "min-order", "%lld", 0))
		return -1;
	return 0;
}

/*
 * The engine's code in vmlinux: from its lowest heapread_* text symbol to
 * the first symbol after its highest; foreign counts other symbols inside.
 */
static int kd_engine_range(struct kd_range *r)
{
	unsigned long long lo = ULLONG_MAX, hi = 0, end = ULLONG_MAX, addr;
	char type, name[256], line[512];
	FILE *f;

	for (int pass = 0; pass < 2; pass++) {
		f = fopen("/proc/kallsyms", "r");
		if (!f)
			return -1;
		while (fgets(line, sizeof(line), f)) {
			if (sscanf(line, "%llx %c %255s", &addr, &type, name) != 3 ||
			    strchr(line, '[') || (type != 't' && type != 'T'))
				continue;
			if (!pass) {
				if (!strncmp(name, "heapread_", 9)) {
					lo = addr < lo ? addr : lo;
					hi = addr > hi ? addr : hi;
					r->symbols++;
				}
			} else if (addr > hi && addr < end) {
				end = addr;
			} else if (addr > lo && addr < hi && strncmp(name, "heapread_", 9)) {
				r->foreign++;
			}
		}
		fclose(f);
	}
	if (!r->symbols || !lo || end == ULLONG_MAX)
		return -1;
	r->start = lo;
	r->end = end;
	return 0;
}

static int kd_open_sweep(int direct)
{
	return open(kd_path(KD_SWEEP_FILE), O_RDONLY | O_CLOEXEC | (direct ? O_DIRECT : 0));
}

/*
 * Disarm /proc/thread-self/fail-nth (@nth); return 1 if its fault was
 * injected (it reads 0), 0 if the ioctl made fewer allocations than asked.
 */
static int kd_nth_disarm(int nth)
{
	char buf[32];
	ssize_t len;

	if (nth < 0)
		return 0;
	len = pread(nth, buf, sizeof(buf) - 1, 0);
	buf[len > 0 ? len : 0] = 0;
	if (!atoi(buf))
		return 1;
	pwrite(nth, "0", 1, 0);
	return 0;
}

/*
 * One load under whatever is armed: exact content or ENOMEM. With @nth,
 * fail-nth is disarmed right after the ioctl (before the check maps the
 * buffer) and *@injected says whether its fault was used.
 */
static int kd_sweep_load(int heap, int fd, const char *what, int nth, int *injected)
{
	const struct kd_file *f = kd_file(KD_SWEEP_FILE);
	int buf = -1, ret, bad;

	ret = kd_load(heap, fd, &buf);
	if (nth >= 0)
		*injected = kd_nth_disarm(nth);
	if (!ret) {
		bad = kd_verify(buf, f->size);
		close(buf);
		if (bad != -1) {
			kd_bad++;
			kd_fail("fault-content", "%s: wrong byte at %d (-2: size or mmap)", what, bad);
			return -EIO;
		}
	} else if (ret != -ENOMEM) {
		kd_bad++;
		kd_fail("fault-errno", "%s: %s, want success or ENOMEM", what, strerror(-ret));
	}
	return ret;
}

/* Usage back within the per-cpu charge caches, with the page cache dropped. */
static void kd_sweep_memcg(const char *check)
{
	long long now;

	for (int i = 0; i < 50; i++) {
		guest_drop_caches();
		now = kd_memcg_usage();
		if (now <= kd_base + KD_MEMCG_SLACK)
			break;
		usleep(100000);
	}
	if (now > kd_base + KD_MEMCG_SLACK)
		kd_fail(check, "memory.current %lld, was %lld", now, kd_base);
	else
		kd_pass(check, "memory.current %lld, was %lld", now, kd_base);
}

/* Sweep A: fail the Nth allocation of the loading task, N = 1, 2, ... */
static void kd_sweep_nth(int heap, int direct, unsigned int *max_n)
{
	char what[96], buf[32];
	unsigned int n, hit = 0;
	int nth = open("/proc/thread-self/fail-nth", O_RDWR | O_CLOEXEC);

	if (nth < 0) {
		kd_fail("fault-nth", "/proc/thread-self/fail-nth: %s", strerror(errno));
		return;
	}
	for (n = 1; n <= KD_MAX_NTH; n++) {
		int fd = kd_open_sweep(direct), ret, injected = 0;

		if (!direct)
			guest_drop_caches();
		snprintf(what, sizeof(what), "task nth %u %s", n, direct ? "direct" : "buffered");
		snprintf(buf, sizeof(buf), "%u", n);
		if (pwrite(nth, buf, strlen(buf), 0) < 0) {
			kd_fail("fault-nth", "write fail-nth: %s", strerror(errno));
			close(fd);
			break;
		}
		ret = kd_sweep_load(heap, fd, what, nth, &injected);
		close(fd);
		if (!injected) {	/* fewer than n allocations in this load */
			if (!ret)
				break;
			continue;
		}
		hit++;
		kd_points++;
		kd_failed_on_purpose++;
	}
	close(nth);
	*max_n = n - 1;
	if (n > KD_MAX_NTH)
		kd_fail("fault-nth", "more than %d allocations in one load?", KD_MAX_NTH);
	else
		kd_pass(direct ? "fault-sweep-task-nth-direct" : "fault-sweep-task-nth-buffered",
			"%u allocations of the loading task failed one by one (N = 1..%u)", hit,
			n - 1);
}

/* Arm @attr for the stack-filtered sweep: the engine's frames, any task. */
static void kd_arm_stack(int attr, long long space, long long interval, long long times)
{
	kd_attr_write(attr, "require-start", "%#llx", (long long)kd_engine.start);
	kd_attr_write(attr, "require-end", "%#llx", (long long)kd_engine.end);
	kd_attr_write(attr, "task-filter", "%lld", 0);
	kd_attr_write(attr, "space", "%lld", space);
	kd_attr_write(attr, "interval", "%lld", interval);
	kd_attr_write(attr, "times", "%lld", times);
	kd_attr_write(attr, "probability", "%lld", 100);
}

/* Disarm @attr; return how many failures it injected since armed with @times. */
static long long kd_disarm(int attr, long long times)
{
	long long left = kd_attr_read(attr, "times");

	kd_attr_off(attr);
	return left >= 0 && left <= times ? times - left : 0;
}

/* Sweep B: bytes of eligible allocations under the engine, k / K of the way. */
static void kd_sweep_space(int heap, int attr, int direct)
{
	char what[96], check[96];
	long long total, space, injected = 0;
	int fd;

	if (!direct)
		guest_drop_caches();
	fd = kd_open_sweep(direct);
	kd_arm_stack(attr, INT_MAX, 1, 1);
	kd_sweep_load(heap, fd, "count run", -1, NULL);
	space = kd_attr_read(attr, "space");
	kd_disarm(attr, 1);
	close(fd);
	total = INT_MAX - space;
	snprintf(check, sizeof(check), "fault-sweep-engine-%s-%s", kd_attrs[attr],
		 direct ? "direct" : "buffered");
	if (space < 0 || total <= 0) {
		kd_fail(check, "no eligible allocation under the engine (space %lld)", space);
		return;
	}
	for (int k = 0; k < KD_B_POINTS; k++) {
		long long at = total * k / KD_B_POINTS, n;

		if (!direct)
			guest_drop_caches();
		fd = kd_open_sweep(direct);
		snprintf(what, sizeof(what), "%s space %lld of %lld %s", kd_attrs[attr], at, total,
			 direct ? "direct" : "buffered");
		kd_arm_stack(attr, at, 1, 1);
		kd_sweep_load(heap, fd, what, -1, NULL);
		n = kd_disarm(attr, 1);
		close(fd);
		injected += n;
		kd_points++;
		kd_failed_on_purpose += n;
	}
	kd_pass(check, "%d points over %lld %s of allocations under engine frames, %lld failed",
		KD_B_POINTS, total, attr ? "pages" : "bytes", injected);
}

/* splitmix64 from lib/sys/pattern.h: the schedule's draws. */
static unsigned long long kd_draw(uint64_t *state, unsigned long long below)
{
	return below ? hr_splitmix64(state) % below : 0;
}

static void kd_random(int heap, unsigned long long seed, const unsigned int max_n[2])
{
	uint64_t st = seed;
	long long injected = 0;
	int nth = open("/proc/thread-self/fail-nth", O_RDWR | O_CLOEXEC);

	for (int r = 0; r < KD_RANDOM; r++) {
		int direct = (int)kd_draw(&st, 2), fd, attr_mask = 1 + (int)kd_draw(&st, 3);
		char what[160], buf[32];

		if (!direct)
			guest_drop_caches();
		fd = kd_open_sweep(direct);
		if (kd_draw(&st, 2) && nth >= 0 && max_n[direct]) {
			unsigned int n = 1 + (unsigned int)kd_draw(&st, max_n[direct]);
			int hit = 0;

			snprintf(what, sizeof(what), "random %d: task nth %u %s", r, n,
				 direct ? "direct" : "buffered");
			snprintf(buf, sizeof(buf), "%u", n);
			pwrite(nth, buf, strlen(buf), 0);
			kd_sweep_load(heap, fd, what, nth, &hit);
			injected += hit;
		} else {
			long long space = (long long)kd_draw(&st, 4 << 20);
			long long interval = 1 + (long long)kd_draw(&st, 4);
			long long times = 1 + (long long)kd_draw(&st, 3);

			snprintf(what, sizeof(what),
				 "random %d: engine frames, attrs %d, space %lld, interval %lld, times %lld %s",
				 r, attr_mask, space, interval, times, direct ? "direct" : "buffered");
			for (int a = 0; a < 2; a++)
				if (attr_mask & (1 << a))
					kd_arm_stack(a, space, interval, times);
			kd_sweep_load(heap, fd, what, -1, NULL);
			for (int a = 0; a < 2; a++)
				if (attr_mask & (1 << a))
					injected += kd_disarm(a, times);
		}
		close(fd);
		kd_points++;
	}
	if (nth >= 0)
		close(nth);
	kd_failed_on_purpose += injected;
	kd_pass("fault-random", "%d seeded schedules (seed %llu), %lld allocations failed",
		KD_RANDOM, seed, injected);
}

void kd_fault_checks(unsigned long long seed)
{
	unsigned int max_n[2] = { 0, 0 };
	unsigned long before;
	double t0 = kd_now();
	int heap = kd_heap_open();

	if (heap < 0) {
		kd_fail("fault-setup", KD_HEAP ": %s", strerror(errno));
		return;
	}
	if (kd_attrs_setup()) {
		kd_fail("fault-setup", "cannot set the fault attributes in " KD_DEBUGFS);
		close(heap);
		return;
	}
	if (kd_engine_range(&kd_engine)) {
		kd_fail("fault-setup", "no heapread_* text symbols in /proc/kallsyms");
		close(heap);
		return;
	}
	kd_pass("fault-setup", "engine code %#llx-%#llx (%u heapread_* symbols, %u others inside)",
		kd_engine.start, kd_engine.end, kd_engine.symbols, kd_engine.foreign);
	kd_writef(KD_GATHER_PARAM, "%d", 512 << 10);
	guest_drop_caches();
	kd_base = kd_memcg_usage();

	before = kd_failed_on_purpose;
	kd_sweep_nth(heap, 1, &max_n[1]);
	kd_sweep_nth(heap, 0, &max_n[0]);
	kd_sweep_memcg("fault-sweep-task-nth-memcg-back");
	for (int a = 0; a < 2; a++) {
		kd_sweep_space(heap, a, 1);
		kd_sweep_space(heap, a, 0);
	}
	kd_sweep_memcg("fault-sweep-engine-memcg-back");
	kd_random(heap, seed, max_n);
	kd_sweep_memcg("fault-random-memcg-back");
	for (int a = 0; a < 2; a++)
		kd_attr_off(a);
	close(heap);
	if (kd_bad)
		kd_fail("fault-sweeps", "%u loads returned wrong content or errno", kd_bad);
	else
		kd_pass("fault-sweeps", "%u fault points, %lu allocations failed on purpose, every load exact or ENOMEM (%.0f s)",
			kd_points, kd_failed_on_purpose - before, kd_now() - t0);
}
