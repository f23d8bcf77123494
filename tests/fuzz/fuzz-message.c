/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: bytes -> av_mime_parse -> av_invite_parse for each calendar part, as
 * a message from the mailbox would go. Run it seeded from tests/data/invites and
 * tests/fuzz/corpus:
 *   ./tests/fuzz/fuzz-message -max_len=65536 corpus-dir $srcdir/tests/fuzz/corpus \
 *       $srcdir/tests/data/invites
 * AFTERVIEW_DATADIR should point at the source tree's data/ (Windows zone names). */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "afterview/invite.h"
#include "afterview/log.h"
#include "afterview/mime.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static FILE *devnull;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	av_log_open("fuzz-message", false);
	devnull = fopen("/dev/null", "w");
	av_log_set_stream(devnull);
	/* Every line formatted (to /dev/null) so the logging paths are exercised too. */
	av_log_set_debug("all", NULL);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct av_mime_result *r = NULL;
	char *err = NULL;

	if (av_mime_parse((const char *)data, size, &r, &err) != AV_OK) {
		free(err);
		return 0;
	}
	for (size_t i = 0; i < r->n_parts; i++) {
		struct av_invite **inv = NULL;
		size_t n = 0;

		if (av_invite_parse(r->parts[i].data, r->parts[i].len, "America/New_York", &inv, &n,
				    &err) != AV_OK) {
			free(err);
			err = NULL;
			continue;
		}
		av_invite_free_all(&inv, n);
	}
	av_mime_result_free(&r);
	return 0;
}
