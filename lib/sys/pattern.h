/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The project's one hash and one byte pattern. Header only and plain C, so
 * every side shares it: the test files of the CUnit suites, the simulator's
 * content mode, the fault plans' seeded draws and the static guest programs
 * (the module test and the kernel benchmark), whose files are written on the
 * host and checked in the guest by this same code.
 */
#ifndef HEAPREAD_PATTERN_H
#define HEAPREAD_PATTERN_H

#include <stdint.h>

/* 2^64 / golden ratio: splitmix64's increment. */
#define HR_GOLDEN	0x9e3779b97f4a7c15ULL

/* splitmix64's finaliser: a fixed bijection that mixes every bit of @z. */
static inline uint64_t hr_mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* splitmix64: the next number of the sequence whose state is *@state. */
static inline uint64_t hr_splitmix64(uint64_t *state)
{
	return hr_mix64(*state += HR_GOLDEN);
}

/*
 * Word @index (bytes 8 * @index to 8 * @index + 7, little-endian) of the
 * pattern of @seed: no two words, pages or seeds alike. Word 0 of seed 0 is
 * 0: give a file a nonzero seed (its size, a fixed constant).
 */
static inline uint64_t hr_pattern_word(uint64_t seed, uint64_t index)
{
	return hr_mix64(index * HR_GOLDEN + seed);
}

/* Byte @off of the pattern of @seed. */
static inline uint8_t hr_pattern_byte(uint64_t seed, uint64_t off)
{
	return (uint8_t)(hr_pattern_word(seed, off / 8) >> (8 * (off % 8)));
}

#endif /* HEAPREAD_PATTERN_H */
