/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: bytes -> av_invite_parse, as a calendar part's text would come out of
 * MIME decoding (without the MIME walk in front, so that the fuzzer spends its time in the
 * iCalendar reading: folding, VTIMEZONE expansion, Windows zone names, the limits). Each
 * invite read is checked against invite.h's promises. Seeds: tests/fuzz/corpus-ical and the
 * calendar parts of tests/data/invites (the .eml files work too: they are no calendar,
 * but the fuzzer cuts them into one). */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "afterview/invite.h"
#include "afterview/log.h"
#include "afterview/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static FILE *devnull;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	av_log_open("fuzz-ical", false);
	devnull = fopen("/dev/null", "w");
	av_log_set_stream(devnull);
	av_log_set_debug("all", NULL);
	return 0;
}

/* invite.h: from UTF-8 text (what MIME decoding gives), texts are UTF-8. */
static void
check_text(const char *s, bool input_utf8)
{
	if (input_utf8 && s != NULL && !av_utf8_valid(s, strlen(s))) {
		fprintf(stderr, "not UTF-8: %s\n", s);
		abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct av_invite **inv = NULL;
	char *err = NULL;
	size_t n = 0;
	bool utf8 = av_utf8_valid((const char *)data, size);

	if (av_invite_parse((const char *)data, size, "Europe/Berlin", &inv, &n, &err) != AV_OK) {
		free(err);
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		if (inv[i]->uid == NULL)
			abort(); /* events without UID are skipped */
		check_text(inv[i]->summary, utf8);
		check_text(inv[i]->description, utf8);
		check_text(inv[i]->location, utf8);
		for (size_t k = 0; k < inv[i]->n_attendees; k++)
			check_text(inv[i]->attendees[k].cn, utf8);
		if (inv[i]->has_organizer)
			check_text(inv[i]->organizer.cn, utf8);
	}
	av_invite_free_all(&inv, n);
	return 0;
}
