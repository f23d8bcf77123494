/* SPDX-License-Identifier: GPL-3.0-or-later */
/* folders.c: which listed folder is Sent and which is Drafts. Each row is a mailbox's
 * listing (names with their marks), the role and the configured name, and what must be
 * chosen and why, or the error. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "afterview/folders.h"
#include "afterview/log.h"
#include "afterview/util.h"
#include "harness.h"

#define MAX_LISTED 8

/* A listing in a row: "Name" plain, "+Name" unselectable, "Name\\Sent", "Name\\Drafts". */
struct row {
	const char *what;
	const char *list[MAX_LISTED];
	const char *more[MAX_LISTED]; /* a second listing (LIST RETURN), NULL-first if none */
	enum av_folder_role role;
	const char *configured;
	const char *want; /* the chosen name, or NULL for AV_ERR_CONFIG */
	const char *how;  /* why, or a part of the error message */
};

static const struct row rows[] = {
	{"special-use wins over the configured and the common name",
	 {"INBOX", "Sent", "Archive\\Sent"},
	 {NULL},
	 AV_FOLDER_SENT,
	 "Sent",
	 "Archive",
	 "special-use"},
	{"the second listing's mark counts before the configured name",
	 {"INBOX", "Sent", "Outbox"},
	 {"Outbox\\Sent"},
	 AV_FOLDER_SENT,
	 "Sent",
	 "Outbox",
	 "special-use, LIST RETURN"},
	{"the first listing's mark wins over the second's",
	 {"INBOX", "Mine\\Drafts"},
	 {"Other\\Drafts"},
	 AV_FOLDER_DRAFTS,
	 NULL,
	 "Mine",
	 "special-use"},
	{"configured, exact",
	 {"INBOX", "Sent", "My Sent"},
	 {NULL},
	 AV_FOLDER_SENT,
	 "My Sent",
	 "My Sent",
	 "configured"},
	{"configured, another case",
	 {"INBOX", "sent mail"},
	 {NULL},
	 AV_FOLDER_SENT,
	 "Sent Mail",
	 "sent mail",
	 "configured"},
	{"configured but unselectable: a common name instead",
	 {"INBOX", "+Mine", "Drafts"},
	 {NULL},
	 AV_FOLDER_DRAFTS,
	 "Mine",
	 "Drafts",
	 "common name"},
	{"a localized common name",
	 {"INBOX", "Gesendete Elemente"},
	 {NULL},
	 AV_FOLDER_SENT,
	 NULL,
	 "Gesendete Elemente",
	 "common name"},
	{"a localized name with accents",
	 {"INBOX", "Brouillons"},
	 {NULL},
	 AV_FOLDER_DRAFTS,
	 NULL,
	 "Brouillons",
	 "common name"},
	{"a namespace prefix",
	 {"INBOX", "INBOX.Drafts"},
	 {NULL},
	 AV_FOLDER_DRAFTS,
	 NULL,
	 "INBOX.Drafts",
	 "common name"},
	{"drafts never go to INBOX, even configured",
	 {"INBOX", "Notes"},
	 {NULL},
	 AV_FOLDER_DRAFTS,
	 "INBOX",
	 NULL,
	 "none of"},
	{"drafts never go to INBOX, even marked",
	 {"INBOX\\Drafts", "Notes"},
	 {NULL},
	 AV_FOLDER_DRAFTS,
	 NULL,
	 NULL,
	 "none is marked \\Drafts"},
	{"an unselectable special-use folder does not count",
	 {"INBOX", "+Sent\\Sent"},
	 {NULL},
	 AV_FOLDER_SENT,
	 NULL,
	 NULL,
	 "none is marked \\Sent"},
	{"nothing fits: every name tried is named",
	 {"INBOX", "Archive"},
	 {NULL},
	 AV_FOLDER_SENT,
	 "Outbox",
	 NULL,
	 "the configured \"Outbox\" does not exist"},
	{"an empty listing", {NULL}, {NULL}, AV_FOLDER_DRAFTS, NULL, NULL, "no Drafts folder"},
};

static struct av_folder *
listing(const char *const *names, size_t *n_r)
{
	struct av_folder *f = av_calloc(MAX_LISTED, sizeof(*f));
	size_t n = 0;

	for (; n < MAX_LISTED && names[n] != NULL; n++) {
		const char *s = names[n], *mark;

		f[n].selectable = s[0] != '+';
		if (s[0] == '+')
			s++;
		mark = strchr(s, '\\');
		f[n].name = mark != NULL ? av_strndup(s, (size_t)(mark - s)) : av_strdup(s);
		f[n].sent = mark != NULL && strcmp(mark, "\\Sent") == 0;
		f[n].drafts = mark != NULL && strcmp(mark, "\\Drafts") == 0;
	}
	*n_r = n;
	return f;
}

static void
test_choose(void)
{
	test_begin("av_folders_choose: special-use, the second listing, configured, common names");
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct row *r = &rows[i];
		size_t n = 0, n_more = 0;
		struct av_folder *f = listing(r->list, &n);
		struct av_folder *more = r->more[0] != NULL ? listing(r->more, &n_more) : NULL;
		const char *name = NULL, *how = NULL;
		char *error = NULL;
		enum av_err err = av_folders_choose(f, n, more, n_more, r->role, r->configured,
						    "imap.example", &name, &how, &error);
		bool ok = r->want != NULL ? err == AV_OK && strcmp(name, r->want) == 0 &&
						    strcmp(how, r->how) == 0
					  : err == AV_ERR_CONFIG && error != NULL &&
						    strstr(error, r->how) != NULL &&
						    strstr(error, "imap.example") != NULL;

		if (!test_assert(ok))
			printf("  %s: err %d, got %s (%s), error %s\n", r->what, err,
			       name ? name : "-", how ? how : "-", error ? error : "-");
		free(error);
		av_folders_free(&f, n);
		av_folders_free(&more, n_more);
	}
	test_end();
}

static void
test_helpers(void)
{
	struct av_folder *none = NULL;

	test_begin("INBOX in any case; the special-use index; freeing clears the pointer");
	test_assert(av_folders_is_inbox("INBOX") && av_folders_is_inbox("inbox"));
	test_assert(!av_folders_is_inbox("INBOX.Sent") && !av_folders_is_inbox(NULL));
	test_assert_int((int)av_folders_special_use(NULL, 0, AV_FOLDER_SENT), -1);
	av_folders_free(&none, 0);
	av_folders_free(NULL, 0);
	test_assert(none == NULL);
	test_end();
}

int
main(void)
{
	test_choose();
	test_helpers();
	return test_exit();
}
