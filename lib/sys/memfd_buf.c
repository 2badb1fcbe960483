// SPDX-License-Identifier: GPL-2.0 OR MIT
/* A populate-as-you-go memfd buffer (see memfd_buf.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/udmabuf.h>

#include "memfd_buf.h"

#define SMALL_PAGE	4096UL
#define HUGE_PAGE	(2UL << 20)

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif
#ifndef FALLOC_FL_KEEP_SIZE
#define FALLOC_FL_KEEP_SIZE 0x01
#endif

static const char *const kind_names[] = {
	[HR_PAGES_4K] = "4k",
	[HR_PAGES_THP] = "thp",
	[HR_PAGES_HUGETLB] = "hugetlb",
};

int hr_page_kind_parse(const char *s, enum hr_page_kind *kind)
{
	for (unsigned int i = 0; i < sizeof(kind_names) / sizeof(kind_names[0]); i++) {
		if (!strcmp(s, kind_names[i])) {
			*kind = i;
			return 0;
		}
	}
	return -EINVAL;
}

const char *hr_page_kind_name(enum hr_page_kind kind)
{
	return kind_names[kind];
}

size_t hr_page_kind_size(enum hr_page_kind kind)
{
	return kind == HR_PAGES_4K ? SMALL_PAGE : HUGE_PAGE;
}

static size_t align_up(size_t x, size_t a)
{
	return (x + a - 1) & ~(a - 1);
}

/* The word between [ ] in a sysfs choice file, or "" if unreadable. */
static void sysfs_choice(const char *path, char *out, size_t len)
{
	char line[256], *l, *r;
	FILE *f = fopen(path, "r");

	out[0] = '\0';
	if (!f)
		return;
	if (fgets(line, sizeof(line), f) && (l = strchr(line, '[')) && (r = strchr(l, ']'))) {
		*r = '\0';
		snprintf(out, len, "%s", l + 1);
	}
	fclose(f);
}

static long meminfo_kb(const char *key)
{
	char line[256];
	size_t klen = strlen(key);
	long v = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, klen) && line[klen] == ':') {
			v = strtol(line + klen + 1, NULL, 10);
			break;
		}
	fclose(f);
	return v;
}

static int check_thp(char *why, size_t why_len)
{
	const char *top = "/sys/kernel/mm/transparent_hugepage/shmem_enabled";
	char mode[32];

	sysfs_choice("/sys/kernel/mm/transparent_hugepage/hugepages-2048kB/shmem_enabled",
		     mode, sizeof(mode));
	if (!mode[0] || !strcmp(mode, "inherit"))
		sysfs_choice(top, mode, sizeof(mode));
	if (!strcmp(mode, "always") || !strcmp(mode, "within_size") ||
	    !strcmp(mode, "advise") || !strcmp(mode, "force"))
		return 0;
	snprintf(why, why_len, "shmem THP is %s (%s); 'echo advise > %s' enables it",
		 mode[0] ? mode : "unavailable", top, top);
	return -EOPNOTSUPP;
}

static int check_hugetlb(size_t size, char *why, size_t why_len)
{
	long free_pages = meminfo_kb("HugePages_Free");
	long page_kb = meminfo_kb("Hugepagesize");
	size_t need;

	if (free_pages < 0 || page_kb <= 0) {
		snprintf(why, why_len, "no hugetlb support in this kernel");
		return -EOPNOTSUPP;
	}
	if ((size_t)page_kb * 1024 != HUGE_PAGE) {
		snprintf(why, why_len, "default huge page size is %ld KiB, only 2048 KiB is supported",
			 page_kb);
		return -EOPNOTSUPP;
	}
	need = align_up(size, HUGE_PAGE) / HUGE_PAGE;
	if ((size_t)free_pages >= need)
		return 0;
	snprintf(why, why_len,
		 "needs %zu free 2 MiB huge pages, the pool has %ld ('echo %zu > /proc/sys/vm/nr_hugepages')",
		 need, free_pages, need);
	return -ENOMEM;
}

int hr_page_kind_check(enum hr_page_kind kind, size_t size, char *why, size_t why_len)
{
	switch (kind) {
	case HR_PAGES_THP:
		return check_thp(why, why_len);
	case HR_PAGES_HUGETLB:
		return check_hugetlb(size, why, why_len);
	default:
		return 0;
	}
}

/*
 * Map the memfd at a huge-page-aligned address: reserve a bit more address
 * space, then put the memfd over the aligned part, so that shmem THP can use
 * PMD mappings and chunk k lands at base + its file offset.
 */
static int map_aligned(struct hr_memfd *m)
{
	m->reserve_len = m->map_len + HUGE_PAGE;
	m->reserve = mmap(NULL, m->reserve_len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
			  -1, 0);
	if (m->reserve == MAP_FAILED) {
		m->reserve = NULL;
		return -errno;
	}
	m->base = (char *)align_up((uintptr_t)m->reserve, HUGE_PAGE);
	if (mmap(m->base, m->map_len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, m->fd, 0) ==
	    MAP_FAILED) {
		m->base = NULL;
		return -errno;
	}
	return 0;
}

int hr_memfd_create(struct hr_memfd *m, size_t size, enum hr_page_kind kind)
{
	unsigned int flags = MFD_CLOEXEC | MFD_ALLOW_SEALING;
	int err;

	*m = (struct hr_memfd) { .fd = -1, .kind = kind, .size = size };
	if (!size)
		return -EINVAL;
	m->page = hr_page_kind_size(kind);
	m->map_len = align_up(size, m->page);
	if (kind == HR_PAGES_HUGETLB)
		flags |= MFD_HUGETLB;
	m->fd = memfd_create("heapread", flags);
	if (m->fd < 0)
		return -errno;
	if (ftruncate(m->fd, (off_t)m->map_len) < 0)
		goto fail;
	err = map_aligned(m);
	if (err) {
		errno = -err;
		goto fail;
	}
	if (kind == HR_PAGES_THP && madvise(m->base, m->map_len, MADV_HUGEPAGE) < 0)
		goto fail;
	return 0;
fail:
	err = -errno;
	hr_memfd_destroy(m);
	return err;
}

static int touch_pages(char *p, size_t len, size_t step)
{
	for (size_t i = 0; i < len; i += step)
		((volatile char *)p)[i] = 0;
	return 0;
}

int hr_memfd_populate(struct hr_memfd *m, size_t off, size_t len)
{
	size_t start = off & ~(m->page - 1);
	size_t end = align_up(off + len, m->page);

	if (end > m->map_len)
		return -EINVAL;
	if (start < m->populated)
		start = m->populated;
	if (start >= end)
		return 0;
	/*
	 * fallocate allocates shmem pages without a VMA, so in shmem THP's
	 * "advise" mode it would take small pages: THP populates through the
	 * MADV_HUGEPAGE mapping alone.
	 */
	if (m->kind != HR_PAGES_THP &&
	    fallocate(m->fd, FALLOC_FL_KEEP_SIZE, (off_t)start, (off_t)(end - start)) < 0 &&
	    errno != EOPNOTSUPP)
		return -errno;
	if (!m->touch && madvise(m->base + start, end - start, MADV_POPULATE_WRITE) < 0) {
		if (errno != EINVAL)
			return -errno;
		m->touch = true;	/* kernel before 5.14 */
	}
	if (m->touch)
		touch_pages(m->base + start, end - start, m->page);
	m->populated = end;
	return 0;
}

long long hr_memfd_huge_bytes(const struct hr_memfd *m)
{
	char line[256];
	long long kb = -1;
	FILE *f;

	if (m->kind == HR_PAGES_4K)
		return 0;
	if (m->kind == HR_PAGES_HUGETLB)
		return (long long)m->populated;
	f = fopen("/proc/self/smaps_rollup", "r");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "ShmemPmdMapped: %lld kB", &kb) == 1)
			break;
	fclose(f);
	return kb < 0 ? -ENOENT : kb * 1024;
}

void hr_memfd_destroy(struct hr_memfd *m)
{
	if (m->reserve)
		munmap(m->reserve, m->reserve_len);
	if (m->fd >= 0)
		close(m->fd);
	m->reserve = NULL;
	m->base = NULL;
	m->fd = -1;
}

int hr_memfd_to_udmabuf(struct hr_memfd *m)
{
	struct udmabuf_create create = {
		.memfd = (uint32_t)m->fd,
		.flags = UDMABUF_FLAGS_CLOEXEC,
		.offset = 0,
		.size = m->map_len,
	};
	int dev, fd, err;

	dev = open("/dev/udmabuf", O_RDWR | O_CLOEXEC);
	if (dev < 0)
		return -errno;
	if (fcntl(m->fd, F_ADD_SEALS, F_SEAL_SHRINK) < 0) {
		err = -errno;
		close(dev);
		return err;
	}
	fd = ioctl(dev, UDMABUF_CREATE, &create);
	err = fd < 0 ? -errno : fd;
	close(dev);
	return err;
}
