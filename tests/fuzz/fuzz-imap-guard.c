/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: bytes -> the IMAP reply guard's scanner (plugin/imap-guard.c), as a
 * server's replies. The first 8 bytes choose the limits and how the rest is cut into
 * reads; the verdict (refused or not) must not depend on how the reads split the bytes,
 * a stream let through is counted whole in bytes_in, and once refused every later read
 * is. (The reason may differ: a reply both too long and with too large a literal is
 * refused for whichever the reads show first.) Seeds: tests/fuzz/corpus-imap-guard. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../plugin/imap-guard.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Feed data[0..size) in reads of the sizes cut says (1..16 bytes, cycling), or all at
 * once when cut is NULL. Returns how many bytes were fed before the refusal (size when
 * none). */
static size_t
feed(struct av_imap_guard *g, const uint8_t *data, size_t size, const uint8_t *cut, size_t n_cut)
{
	size_t off = 0, k = 0;

	while (off < size) {
		size_t n = cut != NULL ? (size_t)(cut[k++ % n_cut] % 16) + 1 : size - off;

		if (n > size - off)
			n = size - off;
		if (!av_imap_guard_feed(g, data + off, n))
			return off;
		off += n;
	}
	return size;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct av_imap_guard whole, split;
	unsigned long long reply_max;
	uint64_t literal_max;
	size_t a, b;
	bool ok_whole, ok_split;

	if (size < 8)
		return 0;
	/* small limits, so that the fuzzer reaches them */
	reply_max = 1 + ((unsigned long long)data[0] | (unsigned long long)data[1] << 8) * 4;
	literal_max = (uint64_t)data[2] | (uint64_t)data[3] << 8;
	av_imap_guard_init(&whole, "fuzz.example", 30, reply_max, literal_max);
	av_imap_guard_init(&split, "fuzz.example", 30, reply_max, literal_max);
	a = feed(&whole, data + 8, size - 8, NULL, 0);
	b = feed(&split, data + 8, size - 8, data + 4, 4);
	ok_whole = whole.hostile == NULL;
	ok_split = split.hostile == NULL;
	if (ok_whole != ok_split)
		abort(); /* the verdict depends on how the reads split the bytes */
	if (ok_whole && (a != size - 8 || b != size - 8))
		abort();
	if (ok_whole && (whole.bytes_in != size - 8 || split.bytes_in != size - 8))
		abort();
	/* once refused, every later read fails */
	if (!ok_split && av_imap_guard_feed(&split, "x", 1))
		abort();
	av_imap_guard_clear(&whole);
	av_imap_guard_clear(&split);
	return 0;
}
