// SPDX-License-Identifier: GPL-2.0
/*
 * kill.c - a load killed by SIGKILL mid-way frees everything; the buffer's
 * pages, the page cache of a buffered load and the workers' I/O are charged
 * to the caller's cgroups.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/fanotify.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ktest.h"

#define KT_CGROUP "/sys/fs/cgroup"

static void kt_sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* A cgroup under KT_CGROUP, or NULL when cgroup2 memory is not there. */
static const char *kt_cgroup(const char *name)
{
	static char path[4][256];
	static int n;
	char *p = path[n++ % 4];
	char ctl[300];

	snprintf(p, sizeof(path[0]), KT_CGROUP "/%s", name);
	if (mkdir(p, 0755) && errno != EEXIST)
		return NULL;
	snprintf(ctl, sizeof(ctl), "%s/memory.current", p);
	if (access(ctl, R_OK))
		return NULL;
	return p;
}

static long long kt_cgroup_read(const char *cg, const char *file,
				const char *key)
{
	char path[300], buf[4096], *s;
	long long v = -1;

	snprintf(path, sizeof(path), "%s/%s", cg, file);
	if (guest_read_text(path, buf, sizeof(buf)) < 0)
		return -1;
	if (!key)
		return strtoll(buf, NULL, 10);
	s = strstr(buf, key);
	if (s)
		v = strtoll(s + strlen(key), NULL, 10);
	return v;
}

static int kt_cgroup_enter(const char *cg)
{
	char path[300], pid[32];

	snprintf(path, sizeof(path), "%s/cgroup.procs", cg);
	snprintf(pid, sizeof(pid), "%d", getpid());
	return guest_write_text(path, pid);
}

/* kB taken since the last kt_meminfo_used_reset(). */
static long long kt_free_base;

static void kt_meminfo_used_reset(void)
{
	kt_free_base = kt_meminfo("MemFree");
}

static long long kt_meminfo_used(void)
{
	return kt_free_base - kt_meminfo("MemFree");
}

/*
 * Start a load of @file in a child (in cgroup @cg when not NULL); kill it
 * once the load is under way. Returns 0 when it was killed mid-load.
 */
static int kt_kill_load(const char *name, const char *file, int direct,
			const char *cg)
{
	int status, i, fd;
	pid_t pid;

	if (direct)
		guest_drop_caches();
	kt_meminfo_used_reset();
	pid = fork();
	if (pid < 0) {
		kt_fail(name, "fork: %s", strerror(errno));
		return -1;
	}
	if (!pid) {
		int heap, buf;

		if (cg && kt_cgroup_enter(cg))
			_exit(2);
		heap = kt_heap_open();
		fd = open(kt_path(file), O_RDONLY | O_CLOEXEC | (direct ? O_DIRECT : 0));
		if (heap < 0 || fd < 0)
			_exit(3);
		_exit(kt_load(heap, fd, &buf) ? 4 : 0);
	}
	for (i = 0; i < 5000 && guest_param_read("loads") < 1; i++)
		kt_sleep_ms(1);
	kt_sleep_ms(20);	/* into the allocation and the reads */
	kt_log("%s: killing the load with %lld kB allocated", name,
	       kt_meminfo_used());
	kill(pid, SIGKILL);
	if (waitpid(pid, &status, 0) != pid) {
		kt_fail(name, "waitpid: %s", strerror(errno));
		return -1;
	}
	if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGKILL) {
		kt_fail(name, "the load was not killed mid-way (status 0x%x)",
			status);
		return -1;
	}
	return 0;
}

static double kt_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Allow (and close) every permission event waiting on @fan; how many. */
static int kt_fan_allow(int fan, const int *fds, int nr)
{
	for (int i = 0; i < nr; i++) {
		struct fanotify_response r = { .fd = fds[i], .response = FAN_ALLOW };

		if (write(fan, &r, sizeof(r)) != sizeof(r))
			kt_log("fanotify response: %s", strerror(errno));
		close(fds[i]);
	}
	return nr;
}

/* Read the permission events pending on @fan within @ms; their fds go to @fds. */
static int kt_fan_events(int fan, int ms, int *fds, int max)
{
	char buf[4096] __attribute__((aligned(8)));
	struct pollfd pfd = { .fd = fan, .events = POLLIN };
	struct fanotify_event_metadata *m;
	int nr = 0;
	ssize_t len;

	if (poll(&pfd, 1, ms) <= 0)
		return 0;
	len = read(fan, buf, sizeof(buf));
	for (m = (void *)buf; len > 0 && FAN_EVENT_OK(m, len); m = FAN_EVENT_NEXT(m, len)) {
		if (m->fd < 0)
			continue;
		if (nr < max)
			fds[nr++] = m->fd;
		else
			kt_fan_allow(fan, &m->fd, 1);
	}
	return nr;
}

/*
 * A load whose reads stall, killed: a fanotify permission listener (this
 * program) holds every read of the file, as a listener that hangs or a FUSE
 * server that stalls would. The killed process must be gone while its reads
 * are still held; once they are allowed, the load frees everything.
 */
static void kt_stall_kill_check(void)
{
	const char *name = "sigkill-stalled-read-returns";
	int fan, fds[64], nr, status;
	long long loads_while = -1;
	double t_kill, dying = -1;
	pid_t pid, w = 0;

	fan = fanotify_init(FAN_CLASS_CONTENT | FAN_CLOEXEC, O_RDONLY | O_LARGEFILE);
	if (fan < 0) {
		kt_skip(name, "fanotify permission events: %s", strerror(errno));
		return;
	}
	if (fanotify_mark(fan, FAN_MARK_ADD, FAN_ACCESS_PERM, AT_FDCWD, kt_path("s8m.bin"))) {
		kt_skip(name, "fanotify_mark FAN_ACCESS_PERM: %s", strerror(errno));
		close(fan);
		return;
	}
	guest_param_write("gather_limit", "1048576");
	pid = fork();
	if (!pid) {
		int heap = kt_heap_open(), buf;
		int fd = open(kt_path("s8m.bin"), O_RDONLY | O_CLOEXEC | O_DIRECT);

		if (heap < 0 || fd < 0)
			_exit(3);
		_exit(kt_load(heap, fd, &buf) ? 4 : 0);
	}
	nr = pid > 0 ? kt_fan_events(fan, 10000, fds, 64) : 0;
	if (!nr) {
		kt_fail(name, "no read of the file reached the listener");
		if (pid > 0) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
		}
		goto out;
	}
	t_kill = kt_now();
	kill(pid, SIGKILL);
	/* The reads stay held for 10 s at most: an engine that waits for them hangs. */
	while (kt_now() - t_kill < 10 && !(w = waitpid(pid, &status, WNOHANG)))
		kt_sleep_ms(1);
	if (w == pid) {
		dying = kt_now() - t_kill;
		loads_while = guest_param_read("loads");
	}
	kt_log("%s: %d reads held; the killed loader %s after %.1f ms; loads=%lld while held",
	       name, nr, w == pid ? "was gone" : "was still there", (kt_now() - t_kill) * 1e3,
	       loads_while);
	kt_fan_allow(fan, fds, nr);
	/* Let the reads that were still coming through. */
	for (int i = 0; i < 500 && guest_param_read("loads"); i++)
		kt_fan_allow(fan, fds, kt_fan_events(fan, 10, fds, 64));
	if (w != pid)
		waitpid(pid, &status, 0);
	if (w != pid)
		kt_fail(name, "the killed loader lived on while its reads were held (%.0f ms)",
			(kt_now() - t_kill) * 1e3);
	else if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGKILL)
		kt_fail(name, "the loader was not killed (status 0x%x)", status);
	else if (loads_while != 1)
		kt_fail(name, "loads=%lld once the loader was gone, want 1 (its reads)",
			loads_while);
	else if (guest_param_read("loads") || guest_param_read("pages") ||
		 guest_param_read("buffers"))
		kt_fail(name, "after the reads ended: loads=%lld pages=%lld buffers=%lld",
			guest_param_read("loads"), guest_param_read("pages"),
			guest_param_read("buffers"));
	else
		kt_pass(name);
	if (dying >= 0)
		kt_log("%s: dying took %.1f ms", name, dying * 1e3);
out:
	fanotify_mark(fan, FAN_MARK_REMOVE, FAN_ACCESS_PERM, AT_FDCWD, kt_path("s8m.bin"));
	close(fan);
	guest_param_write("gather_limit", "134217728");
}

static long kt_file_resident(const char *file)
{
	int fd = open(kt_path(file), O_RDONLY | O_CLOEXEC);
	long n;

	if (fd < 0)
		return -errno;
	n = kt_resident(fd, kt_file(file)->size);
	close(fd);
	return n;
}

static void kt_kill_check(const char *name, int direct)
{
	long long before, after, pages, loads, buffers;

	guest_drop_caches();
	before = kt_meminfo("MemFree");
	if (kt_kill_load(name, "kill.bin", direct, NULL))
		return;
	/* The load's reads may end after the killed process: they own it. */
	for (int i = 0; i < 2000 && guest_param_read("loads"); i++)
		kt_sleep_ms(1);
	loads = guest_param_read("loads");
	pages = guest_param_read("pages");
	buffers = guest_param_read("buffers");
	/* Freed pages may take a moment to reach the free lists. */
	for (int i = 0; i < 10; i++) {
		guest_drop_caches();
		after = kt_meminfo("MemFree");
		if (after >= before - 16 * 1024)
			break;
		kt_sleep_ms(100);
	}
	kt_log("%s: MemFree %lld kB before, %lld kB after; Cached %lld kB, %ld pages of the file cached",
	       name, before, after, kt_meminfo("Cached"),
	       kt_file_resident("kill.bin"));
	if (loads || pages || buffers)
		kt_fail(name, "after the kill: loads=%lld pages=%lld buffers=%lld",
			loads, pages, buffers);
	else if (after < before - 16 * 1024)
		kt_fail(name, "MemFree %lld kB lower than before the load",
			before - after);
	else
		kt_pass(name);
}

void kt_kill_checks(void)
{
	kt_stall_kill_check();
	/* One-page gathers, one at a time: the load takes long. */
	guest_param_write("gather_limit", "4096");
	guest_param_write("queue_depth", "1");
	kt_kill_check("sigkill-direct-frees-all", 1);
	kt_kill_check("sigkill-buffered-frees-all", 0);
	guest_param_write("sync", "1");
	kt_kill_check("sigkill-sync-frees-all", 1);
	guest_param_write("sync", "0");
	guest_param_write("gather_limit", "134217728");
	guest_param_write("queue_depth", "0");
}

/* Charged to the child's memcg while it holds a loaded buffer, not after. */
static void kt_memcg_charge_check(const char *cg)
{
	const char *name = "memcg-buffer-charged";
	long long held, after;
	int go[2], ready[2], status;
	char c;
	pid_t pid;

	if (pipe2(go, O_CLOEXEC) || pipe2(ready, O_CLOEXEC)) {
		kt_fail(name, "pipe: %s", strerror(errno));
		return;
	}
	guest_drop_caches();
	pid = fork();
	if (!pid) {
		int heap, fd, buf = -1;

		close(go[1]);
		close(ready[0]);
		if (kt_cgroup_enter(cg))
			_exit(2);
		heap = kt_heap_open();
		fd = open(kt_path("s8m.bin"), O_RDONLY | O_DIRECT | O_CLOEXEC);
		c = kt_load(heap, fd, &buf) ? 'e' : 'k';
		if (write(ready[1], &c, 1) != 1 || read(go[0], &c, 1) != 1)
			_exit(5);
		_exit(0);
	}
	close(go[0]);
	close(ready[1]);
	if (pid < 0 || read(ready[0], &c, 1) != 1 || c != 'k') {
		kt_fail(name, "the child's load failed");
		close(go[1]);
		close(ready[0]);
		waitpid(pid, &status, 0);
		return;
	}
	held = kt_cgroup_read(cg, "memory.current", NULL);
	close(go[1]);
	close(ready[0]);
	waitpid(pid, &status, 0);
	after = kt_cgroup_read(cg, "memory.current", NULL);
	kt_log("%s: memory.current %lld while held, %lld after", name, held,
	       after);
	if (held < 8 << 20)
		kt_fail(name, "memory.current %lld while holding 8 MiB", held);
	else
		kt_pass(name);
	if (after > held - (8 << 20))
		kt_fail("memcg-buffer-uncharged", "memory.current %lld after release",
			after);
	else
		kt_pass("memcg-buffer-uncharged");
}

/*
 * A buffered load's page cache, filled by the read workers, is charged to
 * the caller (set_active_memcg in the worker ops); a direct load's bios are
 * counted in the caller's io cgroup (kthread_associate_blkcg).
 */
static void kt_worker_attribution_check(const char *cg, int direct)
{
	const char *name = direct ? "blkcg-direct-io-attributed" :
				    "memcg-page-cache-charged";
	long long before, after;
	char key[64];
	struct stat st;
	int status;
	pid_t pid;

	if (stat("/dev/vda", &st)) {
		kt_fail(name, "stat /dev/vda: %s", strerror(errno));
		return;
	}
	snprintf(key, sizeof(key), "%u:%u rbytes=", major(st.st_rdev),
		 minor(st.st_rdev));
	if (direct && access(KT_CGROUP "/hrio/io.stat", R_OK)) {
		kt_skip(name, "no io controller in cgroup2");
		return;
	}
	guest_drop_caches();
	before = direct ? kt_cgroup_read(cg, "io.stat", key) :
			  kt_cgroup_read(cg, "memory.stat", "\nfile ");
	if (before < 0)
		before = 0;
	pid = fork();
	if (!pid) {
		int heap, fd, buf;

		if (kt_cgroup_enter(cg))
			_exit(2);
		heap = kt_heap_open();
		fd = open(kt_path("gathers.bin"),
			  O_RDONLY | O_CLOEXEC | (direct ? O_DIRECT : 0));
		_exit(kt_load(heap, fd, &buf) ? 4 : 0);
	}
	waitpid(pid, &status, 0);
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		kt_fail(name, "the child's load failed (status 0x%x)", status);
		return;
	}
	after = direct ? kt_cgroup_read(cg, "io.stat", key) :
			 kt_cgroup_read(cg, "memory.stat", "\nfile ");
	kt_log("%s: %s %lld before, %lld after", name,
	       direct ? "io.stat rbytes" : "memory.stat file", before, after);
	if (after - before < 3 << 20)
		kt_fail(name, "only %lld bytes accounted to the caller's cgroup",
			after - before);
	else
		kt_pass(name);
}

/*
 * A sparse file larger than the RAM: -EFBIG under the default max_size
 * (half the RAM), -ENOMEM with max_size raised above the RAM; neither
 * allocates anything.
 */
void kt_ram_bound_checks(void)
{
	const char *name = "sparse-file-larger-than-ram-refused";
	long long ram = kt_meminfo("MemTotal"), before, after;
	char path[300];
	int heap, fd, buf = -1, efbig, enomem;

	snprintf(path, sizeof(path), "%s/sparse-huge.bin", KT_DATA);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || ftruncate(fd, (ram + (ram >> 1)) * 1024)) {
		kt_fail(name, "a sparse file of 1.5 x RAM: %s", strerror(errno));
		if (fd >= 0)
			close(fd);
		return;
	}
	heap = kt_heap_open();
	before = kt_meminfo("MemFree");
	efbig = kt_load(heap, fd, &buf);
	guest_param_write("max_size", "1125899906842624");	/* 1 PiB */
	enomem = kt_load(heap, fd, &buf);
	guest_param_write("max_size", "0");
	after = kt_meminfo("MemFree");
	kt_log("%s: %lld kB of RAM, file %lld kB: %s by default, %s with max_size 1 PiB; MemFree %lld -> %lld kB",
	       name, ram, ram + (ram >> 1), strerror(-efbig), strerror(-enomem), before, after);
	if (efbig != -EFBIG || enomem != -ENOMEM)
		kt_fail(name, "got %d and %d, want -EFBIG and -ENOMEM", efbig, enomem);
	else if (guest_param_read("pages") || guest_param_read("loads") ||
		 after < before - 4096)
		kt_fail(name, "something was allocated: pages=%lld loads=%lld MemFree %lld -> %lld kB",
			guest_param_read("pages"), guest_param_read("loads"), before, after);
	else
		kt_pass(name);
	close(heap);
	close(fd);
	unlink(path);
}

/*
 * A direct load in a memory cgroup whose limit is below the file's size
 * fails with -ENOMEM (no OOM kill of the caller), and once the process has
 * exited the cgroup's usage is back to what it was.
 */
static void kt_memcg_limit_check(const char *cg)
{
	const char *name = "memcg-limit-below-file-enomem";
	long long before, after = -1;
	int status;
	pid_t pid;

	if (!cg) {
		kt_fail(name, "cannot make a cgroup");
		return;
	}
	guest_drop_caches();
	before = kt_cgroup_read(cg, "memory.current", NULL);
	pid = fork();
	if (!pid) {
		char max[32];
		int heap, fd, buf, ret;

		if (kt_cgroup_enter(cg))
			_exit(2);
		snprintf(max, sizeof(max), "%d", 4 << 20);
		if (guest_write_text(KT_CGROUP "/hrlimit/memory.max", max))
			_exit(3);
		heap = kt_heap_open();
		fd = open(kt_path("s8m.bin"), O_RDONLY | O_DIRECT | O_CLOEXEC);
		ret = kt_load(heap, fd, &buf);
		_exit(ret == -ENOMEM ? 0 : ret ? 10 + (-ret & 0x7f) : 4);
	}
	waitpid(pid, &status, 0);
	/*
	 * The exited process's own kernel objects may stay charged a while
	 * (RCU, partly used slab pages): a margin of 256 KiB, far below the
	 * 4 MiB the load would leave if its pages stayed charged.
	 */
	for (int i = 0; i < 20; i++) {
		after = kt_cgroup_read(cg, "memory.current", NULL);
		if (after <= before + (256 << 10))
			break;
		kt_sleep_ms(50);
	}
	kt_log("%s: child status 0x%x; memory.current %lld before, %lld after", name, status,
	       before, after);
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		kt_fail(name, "the load in a 4 MiB cgroup did not fail with -ENOMEM (status 0x%x)",
			status);
	else if (after > before + (256 << 10))
		kt_fail(name, "memory.current %lld after the process exited, %lld before",
			after, before);
	else
		kt_pass(name);
	guest_write_text(KT_CGROUP "/hrlimit/memory.max", "max");
}

/* A killed load leaves nothing charged to the caller's memcg. */
static void kt_kill_memcg_check(const char *name, const char *cg, int direct)
{
	long long cur = -1, file = -1;

	if (!cg) {
		kt_fail(name, "cannot make a cgroup");
		return;
	}
	if (kt_kill_load(name, "kill.bin", direct, cg))
		return;
	for (int i = 0; i < 10; i++) {
		guest_drop_caches();
		cur = kt_cgroup_read(cg, "memory.current", NULL);
		file = kt_cgroup_read(cg, "memory.stat", "\nfile ");
		if (cur <= 1 << 20)
			break;
		kt_sleep_ms(100);
	}
	kt_log("%s: memory.current %lld, file %lld after the kill", name, cur,
	       file);
	if (cur > 1 << 20)
		kt_fail(name, "memory.current %lld (file %lld) after the kill",
			cur, file);
	else
		kt_pass(name);
}

void kt_memcg_checks(void)
{
	const char *cg, *cgk;

	if (guest_write_text(KT_CGROUP "/cgroup.subtree_control", "+memory +io") &&
	    guest_write_text(KT_CGROUP "/cgroup.subtree_control", "+memory")) {
		kt_skip("memcg", "cannot enable the cgroup2 memory controller");
		return;
	}
	cg = kt_cgroup("hrmem");
	cgk = kt_cgroup("hrkill");
	if (!cg || !cgk || !kt_cgroup("hrio")) {
		kt_skip("memcg", "no cgroup2 memory controller");
		return;
	}
	kt_memcg_charge_check(cg);
	kt_memcg_limit_check(kt_cgroup("hrlimit"));

	/* Several gathers, so that workers do the reads. */
	guest_param_write("gather_limit", "65536");
	kt_worker_attribution_check(kt_cgroup("hrpc"), 0);
	kt_worker_attribution_check(kt_cgroup("hrio"), 1);

	guest_param_write("gather_limit", "4096");
	guest_param_write("queue_depth", "1");
	kt_kill_memcg_check("sigkill-memcg-uncharged-direct", cgk, 1);
	kt_kill_memcg_check("sigkill-memcg-uncharged-buffered",
			    kt_cgroup("hrkillb"), 0);
	guest_param_write("gather_limit", "134217728");
	guest_param_write("queue_depth", "0");
}
