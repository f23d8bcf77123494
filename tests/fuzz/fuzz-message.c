/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: bytes -> av_mime_parse -> av_invite_parse for each calendar part, as
 * a message from the mailbox would go; and its header block -> av_mime_envelope, as the
 * driver reads a header block fetched on its own. Run it seeded from tests/data/invites
 * and tests/fuzz/corpus (`make fuzz` does):
 *   ./tests/fuzz/fuzz-message -max_len=65536 corpus-dir $srcdir/tests/fuzz/corpus \
 *       $srcdir/tests/data/invites
 * The Windows zone names come from the compiled-in table unless $AFTERVIEW_DATADIR names
 * a directory with one. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "afterview/driver.h"
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

/* The header block: up to and with the line end before the first empty line. */
static size_t
header_len(const char *s, size_t n)
{
	for (size_t i = 0; i + 1 < n; i++)
		if (s[i] == '\n' &&
		    (s[i + 1] == '\n' || (s[i + 1] == '\r' && i + 2 < n && s[i + 2] == '\n')))
			return i + 1;
	return n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct av_mime_result *r = NULL;
	struct av_envelope *env = calloc(1, sizeof(*env));
	size_t hdr_len = header_len((const char *)data, size);
	char *err = NULL;

	if (env == NULL)
		abort();
	av_mime_envelope((const char *)data, hdr_len, true, env);
	av_envelopes_free(&env, 1);
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
