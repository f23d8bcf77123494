/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: bytes -> av_notes_parse, as a saved notes sheet. A sheet that does not
 * parse is given back with its error on top (av_notes_with_error), as `afterview notes`
 * reopens it, and that text must give the same verdict again. A sheet that parses is
 * written again from what was read (av_notes_sheet, as the editor is reopened on it), and
 * that sheet must parse, to as many people and tools: the person never gets an error on a
 * sheet afterview wrote. Seeds: tests/fuzz/corpus-notes. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "afterview/log.h"
#include "afterview/notes.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static FILE *devnull;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	av_log_open("fuzz-notes", false);
	devnull = fopen("/dev/null", "w");
	av_log_set_stream(devnull);
	av_log_set_debug("all", NULL);
	return 0;
}

static size_t
n_tools(const struct av_notes *n)
{
	size_t k = 0;

	while (n->tools != NULL && n->tools[k] != NULL)
		k++;
	return k;
}

static bool
has_bang(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i + 1 < n; i++)
		if (p[i] == '#' && p[i + 1] == '!')
			return true;
	return false;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct av_notes notes, again;
	struct av_invite inv;
	char *err = NULL, *err2 = NULL, *text;

	memset(&notes, 0, sizeof(notes));
	memset(&again, 0, sizeof(again));
	if (av_notes_parse((const char *)data, size, &notes, &err) != AV_OK) {
		text = av_notes_with_error((const char *)data, size, err);
		/* the same sheet with the error on top fails again (aside from what
		 * av_notes_with_error changes on purpose: a NUL byte becomes U+FFFD, "#!"
		 * lines are afterview's and dropped) */
		if (memchr(data, '\0', size) == NULL && !has_bang(data, size) &&
		    av_notes_parse(text, strlen(text), &again, &err2) == AV_OK) {
			fprintf(stderr, "parses with its error on top: %s\n", err);
			abort();
		}
		av_notes_clear(&again);
		free(err2);
		free(text);
		free(err);
		return 0;
	}
	memset(&inv, 0, sizeof(inv));
	inv.uid = (char *)"fuzz@example.com";
	inv.summary = (char *)"Interview";
	inv.start = 1793000000;
	inv.end = inv.start + 3600;
	text = av_notes_sheet(&inv, "0123456789ab", NULL, 0, &notes, NULL);
	if (av_notes_parse(text, strlen(text), &again, &err2) != AV_OK) {
		fprintf(stderr, "the sheet written from parsed notes does not parse: %s\n", err2);
		abort();
	}
	if (again.n_people != notes.n_people || n_tools(&again) != n_tools(&notes)) {
		fprintf(stderr,
			"read %zu people and %zu tools, the sheet written from them %zu and "
			"%zu\n%s",
			notes.n_people, n_tools(&notes), again.n_people, n_tools(&again), text);
		abort();
	}
	free(text);
	av_notes_clear(&again);
	av_notes_clear(&notes);
	return 0;
}
