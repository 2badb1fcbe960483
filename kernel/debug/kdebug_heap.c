// SPDX-License-Identifier: GPL-2.0
/*
 * kdebug_heap.c - the in-tree system heap's DMA_HEAP_ALLOC_AND_READ_FILE:
 * content byte for byte (buffered and O_DIRECT, one and several gathers),
 * the zeroed tail, the file position, the errors, and SIGKILL during loads;
 * the memory cgroup's usage back where it was after each group.
 */
#define _GNU_SOURCE	/* O_DIRECT, O_PATH */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "guest.h"
#include "kdebug.h"

/* Per-cpu charge caches: up to 64 pages a CPU may stay charged (2 CPUs). */
#define KD_MEMCG_SLACK	(2LL * 64 * 4096)

int kd_heap_open(void)
{
	return open(KD_HEAP, O_RDONLY | O_CLOEXEC);
}

/* ALLOC_AND_READ_FILE; 0 or -errno. */
int kd_load(int heap, int file_fd, int *dmabuf)
{
	struct dma_heap_allocation_data data = {
		.file_fd = (__u32)file_fd,
		.fd_flags = O_RDWR | O_CLOEXEC,
		.heap_flags = DMA_HEAP_ALLOC_AND_READ_FILE,
	};

	if (ioctl(heap, DMA_HEAP_IOCTL_ALLOC, &data))
		return -errno;
	*dmabuf = (int)data.fd;
	return 0;
}

/*
 * The dma-buf holds the file of @size (pattern of seed @size) and zeroes up
 * to the end of its last page. Returns -1 when it does, else the offset of
 * the first wrong byte (or -2 when it cannot be mapped).
 */
int kd_verify(int dmabuf, size_t size)
{
	size_t len = (size + KD_PAGE - 1) & ~(KD_PAGE - 1);
	off_t end = lseek(dmabuf, 0, SEEK_END);
	const uint8_t *p;
	int bad = -1;

	if (end != (off_t)len)
		return -2;
	p = mmap(NULL, len, PROT_READ, MAP_SHARED, dmabuf, 0);
	if (p == MAP_FAILED)
		return -2;
	for (size_t i = 0; i < size && bad < 0; i += 8) {
		uint64_t w = hr_pattern_word(size, i / 8);
		size_t n = size - i < 8 ? size - i : 8;

		if (memcmp(p + i, &w, n))
			for (size_t j = 0; j < n; j++)
				if (p[i + j] != hr_pattern_byte(size, i + j)) {
					bad = (int)(i + j);
					break;
				}
	}
	for (size_t i = size; i < len && bad < 0; i++)
		if (p[i])
			bad = (int)i;
	munmap((void *)p, len);
	return bad;
}

static int kd_set_gather(unsigned long bytes)
{
	return kd_writef(KD_GATHER_PARAM, "%lu", bytes);
}

/* Load @name (O_DIRECT when @direct) and check everything about the result. */
static void kd_content_one(int heap, const char *name, int direct)
{
	const struct kd_file *f = kd_file(name);
	char check[128];
	int fd, buf = -1, ret, bad;
	off_t pos;

	snprintf(check, sizeof(check), "heap-content-%s-%s", name,
		 direct ? "direct" : "buffered");
	fd = open(kd_path(name), O_RDONLY | O_CLOEXEC | (direct ? O_DIRECT : 0));
	if (fd < 0) {
		kd_fail(check, "open: %s", strerror(errno));
		return;
	}
	lseek(fd, 123, SEEK_SET);
	ret = kd_load(heap, fd, &buf);
	pos = lseek(fd, 0, SEEK_CUR);
	close(fd);
	if (ret) {
		kd_fail(check, "ALLOC_AND_READ_FILE: %s", strerror(-ret));
		return;
	}
	bad = kd_verify(buf, f->size);
	close(buf);
	if (bad != -1)
		kd_fail(check, "wrong content at byte %d (-2: size or mmap)", bad);
	else if (pos != 123)
		kd_fail(check, "the file position moved to %lld", (long long)pos);
	else
		kd_pass(check, "%zu bytes, tail zero, position kept", f->size);
}

/* An allocation that must fail with @want; @data is the request. */
static void kd_expect(int heap, const char *check, struct dma_heap_allocation_data *data,
		      int want)
{
	int ret = ioctl(heap, DMA_HEAP_IOCTL_ALLOC, data) ? errno : 0;

	if (!ret) {
		close((int)data->fd);
		kd_fail(check, "succeeded, want %s", strerror(want));
	} else if (ret != want) {
		kd_fail(check, "%s, want %s", strerror(ret), strerror(want));
	} else {
		kd_pass(check, "%s", strerror(want));
	}
}

static void kd_error_checks(int heap)
{
	struct dma_heap_allocation_data d;
	int good = open(kd_path("kd-12345.bin"), O_RDONLY | O_CLOEXEC);
	int empty = open(kd_path("kd-empty.bin"), O_RDONLY | O_CLOEXEC);
	int dir = open(KD_DATA, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int path = open(kd_path("kd-12345.bin"), O_PATH | O_CLOEXEC);
	int wr = open("/tmp/kd-wronly", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	int big = open("/tmp/kd-big", O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	int pipes[2] = { -1, -1 };
	int fd;

	if (pipe(pipes) || good < 0 || empty < 0 || dir < 0 || path < 0 || wr < 0 ||
	    big < 0 || write(wr, "x", 1) != 1 || ftruncate(big, 33LL << 30)) {
		kd_fail("heap-errors", "cannot set up: %s", strerror(errno));
		goto out;
	}
#define KD_REQ(fd_, flags_) (struct dma_heap_allocation_data) { \
		.file_fd = (__u32)(fd_), .fd_flags = O_RDWR | O_CLOEXEC, .heap_flags = (flags_) }
	d = KD_REQ(good, DMA_HEAP_ALLOC_AND_READ_FILE | (1ULL << 1));
	kd_expect(heap, "heap-error-unknown-flag", &d, EINVAL);
	d = KD_REQ(good, DMA_HEAP_ALLOC_AND_READ_FILE);
	d.fd = 5;
	kd_expect(heap, "heap-error-fd-not-zero", &d, EINVAL);
	d = KD_REQ(good, DMA_HEAP_ALLOC_AND_READ_FILE);
	d.fd_flags = O_RDWR | O_APPEND;
	kd_expect(heap, "heap-error-fd-flags", &d, EINVAL);
	d = KD_REQ(good, DMA_HEAP_ALLOC_AND_READ_FILE);
	d.len |= 1ULL << 40;	/* the union's other half */
	kd_expect(heap, "heap-error-len-with-file-fd", &d, EINVAL);
	d = KD_REQ(9999, DMA_HEAP_ALLOC_AND_READ_FILE);
	kd_expect(heap, "heap-error-bad-fd", &d, EBADF);
	d = KD_REQ(path, DMA_HEAP_ALLOC_AND_READ_FILE);
	kd_expect(heap, "heap-error-o-path-fd", &d, EBADF);
	d = KD_REQ(empty, DMA_HEAP_ALLOC_AND_READ_FILE);
	kd_expect(heap, "heap-error-empty-file", &d, EINVAL);
	d = KD_REQ(dir, DMA_HEAP_ALLOC_AND_READ_FILE);
	kd_expect(heap, "heap-error-directory", &d, EINVAL);
	d = KD_REQ(wr, DMA_HEAP_ALLOC_AND_READ_FILE);
	kd_expect(heap, "heap-error-write-only", &d, EINVAL);
	d = KD_REQ(pipes[0], DMA_HEAP_ALLOC_AND_READ_FILE);
	kd_expect(heap, "heap-error-pipe", &d, EINVAL);
	d = KD_REQ(big, DMA_HEAP_ALLOC_AND_READ_FILE);
	kd_expect(heap, "heap-error-above-max-size", &d, EFBIG);
	/* Without the flag the union is a length, as before the series. */
	d = KD_REQ(0, 0);
	kd_expect(heap, "heap-error-len-zero", &d, EINVAL);
	d = KD_REQ(0, 0);
	d.len = 1 << 20;
	if (ioctl(heap, DMA_HEAP_IOCTL_ALLOC, &d)) {
		kd_fail("heap-len-alloc", "%s", strerror(errno));
	} else {
		fd = (int)d.fd;
		if (lseek(fd, 0, SEEK_END) == 1 << 20)
			kd_pass("heap-len-alloc", "1 MiB without the flag");
		else
			kd_fail("heap-len-alloc", "wrong size");
		close(fd);
	}
out:
	close(good);
	close(empty);
	close(dir);
	close(path);
	close(wr);
	close(big);
	close(pipes[0]);
	close(pipes[1]);
	unlink("/tmp/kd-wronly");
	unlink("/tmp/kd-big");
}

/* The cgroup's usage is back to @base, within the per-cpu charge caches. */
static void kd_memcg_back(const char *check, long long base)
{
	long long now;

	/* After a kill the last reads may still be finishing: wait up to 5 s. */
	for (int i = 0; i < 50; i++) {
		guest_drop_caches();
		now = kd_memcg_usage();
		if (now >= 0 && now <= base + KD_MEMCG_SLACK)
			break;
		usleep(100000);
	}
	if (now < 0)
		kd_skip(check, "no memory.current");
	else if (now > base + KD_MEMCG_SLACK)
		kd_fail(check, "memory.current %lld, was %lld (+%lld bytes)", now, base, now - base);
	else
		kd_pass(check, "memory.current %lld, was %lld", now, base);
}

void kd_heap_checks(void)
{
	static const char *const names[] = {
		"kd-1.bin", "kd-4095.bin", "kd-4096.bin", "kd-12345.bin",
		"kd-1m1.bin", "kd-gathers.bin", NULL,
	};
	long long base;
	int heap = kd_heap_open();

	if (heap < 0) {
		kd_fail("heap-open", KD_HEAP ": %s", strerror(errno));
		return;
	}
	if (access(KD_GATHER_PARAM, W_OK) || kd_set_gather(1 << 20)) {
		kd_fail("heap-gather-param", KD_GATHER_PARAM ": %s", strerror(errno));
	} else {
		kd_pass("heap-gather-param", "read_gather_limit = 1 MiB");
		if (kd_set_gather(1000) == -EINVAL)
			kd_pass("heap-gather-param-checked", "1000 refused with EINVAL");
		else
			kd_fail("heap-gather-param-checked", "1000 not refused");
	}
	guest_drop_caches();
	base = kd_memcg_usage();
	for (int i = 0; names[i]; i++) {
		kd_content_one(heap, names[i], 0);
		kd_content_one(heap, names[i], 1);
	}
	kd_memcg_back("heap-content-memcg-back", base);
	kd_error_checks(heap);
	kd_memcg_back("heap-errors-memcg-back", base);
	close(heap);
}

/*
 * SIGKILL while a child loads kd-kill.bin (96 MiB, O_DIRECT, gathers of
 * 1 MiB): the child must die of the signal or finish with the right
 * content, and nothing may stay charged or be reported.
 */
void kd_kill_checks(void)
{
	static const unsigned int delays_ms[] = { 0, 20, 50, 100, 200, 400, 800, 1600 };
	const struct kd_file *f = kd_file("kd-kill.bin");
	unsigned int killed = 0, finished = 0;
	long long base;
	double t0;

	guest_drop_caches();
	base = kd_memcg_usage();
	for (unsigned int i = 0; i < sizeof(delays_ms) / sizeof(delays_ms[0]); i++) {
		int sync[2], status;
		char c;
		pid_t pid;

		if (pipe(sync)) {
			kd_fail("heap-kill", "pipe: %s", strerror(errno));
			return;
		}
		pid = fork();
		if (!pid) {
			int heap = kd_heap_open(), buf = -1, ret;
			int fd = open(kd_path(f->name), O_RDONLY | O_DIRECT | O_CLOEXEC);

			close(sync[0]);
			if (write(sync[1], "s", 1) != 1)
				_exit(3);
			ret = kd_load(heap, fd, &buf);
			if (ret)
				_exit(2);
			_exit(kd_verify(buf, f->size) == -1 ? 0 : 1);
		}
		close(sync[1]);
		if (read(sync[0], &c, 1) != 1)
			kd_log("kill: the child did not start");
		close(sync[0]);
		t0 = kd_now();
		usleep(delays_ms[i] * 1000);
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) {
			killed++;
		} else if (WIFEXITED(status) && !WEXITSTATUS(status)) {
			finished++;
		} else {
			kd_fail("heap-kill", "after %u ms: child status %#x", delays_ms[i], status);
			return;
		}
		kd_log("kill after %u ms: %s (%.2f s)", delays_ms[i],
		       WIFSIGNALED(status) ? "killed" : "load had finished", kd_now() - t0);
	}
	if (!killed)
		kd_fail("heap-kill", "no kill landed during a load (%u finished first)", finished);
	else
		kd_pass("heap-kill", "%u loads killed, %u finished first", killed, finished);
	kd_memcg_back("heap-kill-memcg-back", base);
}
