// SPDX-License-Identifier: GPL-2.0
/* Helpers shared by the CUnit suites (testutil.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/vfs.h>

#include <CUnit/Basic.h>

#include <linux/mm.h>
#include <kshim/reset.h>
#include "heapread.h"
#include "heapread_segment.h"
#include "testutil.h"

const char *test_dir(void)
{
	const char *dir = getenv("HEAPREAD_TEST_DIR");

	return dir && *dir ? dir : ".";
}

char *test_make_file(const char *name, uint64_t size)
{
	static char block[1 << 16];
	char *path;
	uint64_t off = 0;
	int fd;

	if (asprintf(&path, "%s/%s.%d", test_dir(), name, (int)getpid()) < 0)
		return NULL;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0) {
		free(path);
		return NULL;
	}
	while (off < size) {
		size_t n = size - off < sizeof(block) ? size - off : sizeof(block);

		for (size_t i = 0; i < n; i++)
			block[i] = test_pattern_byte(off + i);
		if (write(fd, block, n) != (ssize_t)n) {
			close(fd);
			unlink(path);
			free(path);
			return NULL;
		}
		off += n;
	}
	close(fd);
	return path;
}

void test_remove_file(char *path)
{
	if (path)
		unlink(path);
	free(path);
}

bool test_dir_supports_direct(const char **why)
{
	char *path = test_make_file("direct-probe", 4096);
	void *mem = NULL;
	bool ok = false;
	int fd;

	*why = "cannot create a file in the test directory";
	if (!path)
		return false;
	fd = open(path, O_RDONLY | O_DIRECT);
	if (fd < 0) {
		*why = "the test directory's file system refuses O_DIRECT (set HEAPREAD_TEST_DIR to an ext4 or xfs directory)";
	} else if (posix_memalign(&mem, 4096, 4096) == 0 && pread(fd, mem, 4096, 0) == 4096) {
		ok = true;
	} else {
		*why = "O_DIRECT reads fail in the test directory";
	}
	if (fd >= 0)
		close(fd);
	free(mem);
	test_remove_file(path);
	return ok;
}

bool test_gathers_fit(const struct heapread_params *p, unsigned int nr_gathers, size_t len)
{
	size_t least = len / p->gather_limit + !!(len % p->gather_limit);
	size_t most = heapread_gather_count(p, len);

	if (nr_gathers >= least && nr_gathers <= most)
		return true;
	fprintf(stderr, "%u reads for %zu bytes, want %zu to %zu\n", nr_gathers, len, least, most);
	return false;
}

int test_count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	/* Not the one opendir() held while it counted. */
	return n - 1;
}

/* statfs(2)'s f_type of the two file systems whose files live in memory. */
#define TEST_TMPFS_MAGIC 0x01021994
#define TEST_RAMFS_MAGIC 0x858458f6

const char *test_cache_drop_missing(void)
{
	struct statfs sfs;

	if (statfs(test_dir(), &sfs) != 0)
		return "cannot statfs the test directory";
	/* There the file's data is its page cache: nothing can leave it. */
	if (sfs.f_type == TEST_TMPFS_MAGIC || sfs.f_type == TEST_RAMFS_MAGIC)
		return "the test directory is on tmpfs or ramfs, where a file's data is its page cache "
		       "(set HEAPREAD_TEST_DIR to an ext4 or xfs directory)";
	return NULL;
}

const char *test_direct_missing(void)
{
	const char *why;

	return test_dir_supports_direct(&why) ? NULL : why;
}

bool test_buffer_matches(const struct heapread_buffer *buf, uint64_t size)
{
	uint64_t off = 0;

	if (buf->size != size || buf->len != PAGE_ALIGN(size)) {
		fprintf(stderr, "buffer size %zu len %zu, want %llu\n", buf->size, buf->len,
			(unsigned long long)size);
		return false;
	}
	for (unsigned int c = 0; c < buf->nr_chunks; c++) {
		const uint8_t *p = page_address(buf->chunks[c].bv_page);

		for (unsigned int i = 0; i < buf->chunks[c].bv_len; i++, off++) {
			uint8_t want = off < size ? test_pattern_byte(off) : 0;

			if (p[i] != want) {
				fprintf(stderr, "first difference at offset %llu (chunk %u): got 0x%02x, want 0x%02x\n",
					(unsigned long long)off, c, p[i], want);
				return false;
			}
		}
	}
	if (off != buf->len) {
		fprintf(stderr, "chunks cover %llu bytes, want %zu\n", (unsigned long long)off, buf->len);
		return false;
	}
	return true;
}

bool test_segments_match(const struct heapread_buffer *buf, const struct heapread_segment *segs,
			 unsigned int nr)
{
	size_t pos = 0;
	unsigned int k = 0;

	for (unsigned int c = 0; c < buf->nr_chunks; c++) {
		const uint8_t *b = page_address(buf->chunks[c].bv_page);

		for (size_t i = 0; i < buf->chunks[c].bv_len; i++, pos++) {
			uint8_t want = 0;

			while (k + 1 < nr && pos >= segs[k + 1].buf_offset)
				k++;
			if (pos >= segs[k].buf_offset && pos - segs[k].buf_offset < segs[k].length)
				want = test_pattern_byte(segs[k].offset + (pos - segs[k].buf_offset));
			if (b[i] != want) {
				fprintf(stderr, "buffer byte %zu (segment %u): 0x%02x, want 0x%02x\n",
					pos, k, b[i], want);
				return false;
			}
		}
	}
	return pos == buf->len;
}

static void test_teardown(void)
{
	CU_pTest t = CU_get_current_test();

	CU_ASSERT(kshim_reset_all(t ? t->pName : "teardown"));
}

CU_pSuite test_add_suite_setup(const char *name, void (*setup)(void))
{
	return CU_add_suite_with_setup_and_teardown(name, NULL, NULL, setup, test_teardown);
}

CU_pSuite test_add_suite(const char *name)
{
	return test_add_suite_setup(name, NULL);
}

bool test_add_case_named(struct CU_Suite *s, const char *name, void (*fn)(void),
			 const char *missing)
{
	if (!s)
		return false;
	if (missing) {
		printf("SKIP %s.%s: %s\n", s->pName, name, missing);
		return true;
	}
	return CU_add_test(s, name, fn) != NULL;
}

const char *test_uring_missing(int probe_err)
{
	switch (probe_err) {
	case -EPERM:
		return "io_uring is refused here (EPERM: a seccomp policy or io_uring_disabled)";
	case -ENOSYS:
		return "io_uring is not in this kernel (ENOSYS)";
	case -EINVAL:
		return "io_uring refused the ring's setup (EINVAL: a kernel too old for it)";
	default:
		return NULL;
	}
}

int test_run_cunit(void)
{
	unsigned int failures;

	if (!CU_get_registry() || !CU_get_registry()->uiNumberOfTests) {
		printf("SKIP: no case of this program can run here (the lines above say why)\n");
		CU_cleanup_registry();
		return TEST_EXIT_SKIP;
	}
	CU_basic_set_mode(CU_BRM_VERBOSE);
	if (CU_basic_run_tests() != CUE_SUCCESS) {
		CU_cleanup_registry();
		return TEST_EXIT_ERROR;
	}
	failures = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
	CU_cleanup_registry();
	return failures ? TEST_EXIT_FAIL : TEST_EXIT_PASS;
}
