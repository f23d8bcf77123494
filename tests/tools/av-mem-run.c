/* SPDX-License-Identifier: GPL-3.0-or-later */
/* av-mem-run: `afterview run` over a mailbox held in memory (tests/mem-driver.c), for the
 * driver contract test (tests/driver-contract.sh), which runs the same scenarios through
 * the IMAP driver against Dovecot and compares the drafts each one leaves in Drafts.
 *
 *   av-mem-run -c CONF --state DIR --now TIME [--account NAME] [--runs N]
 *              [--folder NAME] [--date "15-Oct-2026 09:00:00 +0000"] FILE... ...
 *
 * The mailbox has INBOX, Sent (\Sent) and Drafts (\Drafts), and UIDPLUS, as the test's
 * Dovecot has; --folder names the folder the files after it go into (made when new, with
 * no special use), --date their INTERNALDATE (IMAP's date-time, as APPEND takes it; the
 * default is --now). Each of the N runs (default 1) is what `afterview run --now TIME`
 * does: the config, the account, the word lists and templates it names, the state
 * database (DIR/state.db) opened and closed again, a new driver session, av_engine_run,
 * the run's report (on stderr here) and what it records as told.
 *
 * Output: each message in Drafts after the last run as one line "To | Subject", sorted
 * (byte order): To is the To addresses, lower case, ", " between them, or for a group
 * without members its name and ":;"; Subject decoded, blanks collapsed. On stderr, per
 * run: "av-mem-run: run K: made M, found F, failed X, Drafts D".
 * Exit status: 0; 64 usage; 66 a file unreadable; else the run's (afterview's codes).
 */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "afterview/conf.h"
#include "afterview/driver.h"
#include "afterview/engine.h"
#include "afterview/invite.h"
#include "afterview/mime.h"
#include "afterview/model.h"
#include "afterview/report.h"
#include "afterview/store.h"
#include "afterview/template.h"
#include "afterview/util.h"
#include "afterview/words.h"

#include "../mem-driver.h"

static void
usage(void)
{
	fputs("usage: av-mem-run -c CONF --state DIR --now TIME [--account NAME] [--runs N]\n"
	      "                  [--folder NAME] [--date DATE-TIME] FILE... ...\n",
	      stderr);
}

static bool
read_all(const char *path, char **data_r, size_t *len_r)
{
	int e = av_file_read(path, SIZE_MAX, data_r, len_r);

	if (e != 0)
		fprintf(stderr, "av-mem-run: %s: %s\n", path, strerror(e));
	return e == 0;
}

/* IMAP's date-time ("15-Oct-2026 09:00:00 +0000") is RFC 5322's with dashes in the date. */
static bool
parse_imap_date(const char *s, time_t *t_r)
{
	char *copy = av_strdup(s);
	bool ok;

	for (char *p = copy; *p != '\0' && *p != ' '; p++)
		if (*p == '-')
			*p = ' ';
	ok = av_parse_rfc5322_date(copy, t_r);
	free(copy);
	return ok;
}

/* name without the quotes and backslashes of a quoted string, malloc'd */
static char *
unquote(const char *s, size_t len)
{
	struct av_buf b;

	av_buf_init(&b);
	if (len >= 2 && s[0] == '"' && s[len - 1] == '"') {
		for (size_t i = 1; i + 1 < len; i++) {
			if (s[i] == '\\' && i + 2 < len)
				i++;
			av_buf_append(&b, s + i, 1);
		}
	} else {
		av_buf_append(&b, s, len);
	}
	return av_buf_steal(&b);
}

/* The "To | Subject" line of one message (see the top). */
static char *
draft_line(const struct mem_msg *msg)
{
	const char *end = strstr(msg->data, "\r\n\r\n");
	size_t hlen = end != NULL ? (size_t)(end - msg->data) + 2 : msg->len;
	struct av_envelope *e = av_calloc(1, sizeof(*e));
	struct av_buf to;
	char *line;

	av_mime_envelope(msg->data, hlen, false, e);
	av_buf_init(&to);
	for (size_t i = 0; i < e->n_to; i++)
		av_buf_printf(&to, "%s%s", i > 0 ? ", " : "", e->recipients[i]);
	if (e->n_to == 0) {
		char *raw = av_mime_header_field(msg->data, hlen, "To", AV_ENV_MAX_ADDRESSES);
		char *dec = raw != NULL ? av_mime_decode_header(raw) : NULL;

		if (dec == NULL) {
			av_buf_puts(&to, "(no To)");
		} else {
			/* an empty group: its name */
			size_t n = strlen(dec);
			char *name;

			if (n >= 2 && strcmp(dec + n - 2, ":;") == 0)
				n -= 2;
			while (n > 0 && (dec[n - 1] == ' ' || dec[n - 1] == '\t'))
				n--;
			name = unquote(dec, n);
			av_buf_printf(&to, "%s:;", name);
			free(name);
		}
		free(dec);
		free(raw);
	}
	line = av_asprintf("%s | %s", to.data != NULL ? to.data : "",
			   e->subject != NULL ? e->subject : "(no Subject)");
	av_buf_clear(&to);
	av_envelopes_free(&e, 1);
	return line;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
print_drafts(const struct mem_folder *drafts)
{
	char **lines = av_calloc(drafts->n ? drafts->n : 1, sizeof(*lines));

	for (size_t i = 0; i < drafts->n; i++)
		lines[i] = draft_line(&drafts->msgs[i]);
	qsort(lines, drafts->n, sizeof(*lines), cmp_str);
	for (size_t i = 0; i < drafts->n; i++) {
		printf("%s\n", lines[i]);
		free(lines[i]);
	}
	free(lines);
}

struct setup {
	struct av_conf *conf;
	const struct av_account *acc;
	struct av_wordlists *words;
	struct av_templates *tpl;
	char *db;
	time_t now;
};

/* One run as cmd_run in plugin/afterview.c makes it, with the driver in memory. */
static int
run_once(const struct setup *s, struct mem_mailbox *mb, unsigned k)
{
	struct av_run run;
	struct av_model m;
	char *error = NULL;
	enum av_err err;
	int rc;

	memset(&run, 0, sizeof(run));
	memset(&m, 0, sizeof(m));
	if ((err = av_store_open(s->db, &run.store, &error)) != AV_OK) {
		fprintf(stderr, "av-mem-run: %s\n", error);
		rc = av_err_exit_code(err);
		goto out;
	}
	mem_driver_open(mb, false, &run.drv);
	run.conf = s->conf;
	run.acc = s->acc;
	run.words = s->words;
	run.tpl = s->tpl;
	run.now = s->now;
	run.dry_run = false;
	run.dry_out = stdout;
	err = av_engine_run(&run, &m, &error);
	if (err != AV_OK) {
		fprintf(stderr, "av-mem-run: run %u: %s\n", k, error);
		rc = av_err_exit_code(err);
		goto out;
	}
	av_report_run(&m, stderr);
	if (av_model_maybes_told(&m, run.store, s->acc, &error) != AV_OK ||
	    av_model_unsure_told(&m, run.store, s->acc, &error) != AV_OK ||
	    av_model_languages_told(&m, run.store, s->acc, &error) != AV_OK) {
		fprintf(stderr, "av-mem-run: %s (the next run may list it again)\n", error);
		free(error);
		error = NULL;
	}
	fprintf(stderr, "av-mem-run: run %u: made %u, found %u, failed %u, Drafts %zu\n", k,
		run.stats.drafts_made, run.stats.drafts_found, run.stats.failures,
		mem_folder_get(mb, "Drafts")->n);
	rc = run.stats.failures > 0 ? EX_TEMPFAIL : EX_OK;
out:
	if (run.drv != NULL)
		run.drv->ops->close(&run.drv);
	av_model_clear(&m);
	av_run_stats_clear(&run.stats);
	av_store_close(&run.store);
	free(error);
	return rc;
}

int
main(int argc, char **argv)
{
	struct setup s;
	struct mem_mailbox mb;
	struct mem_folder *folder;
	const char *config = NULL, *state = NULL, *now = NULL, *account = NULL;
	char *error = NULL;
	unsigned runs = 1;
	time_t date;
	bool dated = false;
	enum av_err err;
	int rc = EX_OK;

	memset(&s, 0, sizeof(s));
	mem_mailbox_init(&mb);
	mb.uidplus = true;
	mem_folder_add(&mb, "INBOX", -1, 1);
	mem_folder_add(&mb, "Sent", AV_FOLDER_SENT, 2);
	mem_folder_add(&mb, "Drafts", AV_FOLDER_DRAFTS, 3);
	folder = mem_folder_get(&mb, "INBOX");
	/* the options first: --now is the default date of the files */
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-c") == 0 && i + 1 < argc)
			config = argv[++i];
		else if (strcmp(argv[i], "--state") == 0 && i + 1 < argc)
			state = argv[++i];
		else if (strcmp(argv[i], "--now") == 0 && i + 1 < argc)
			now = argv[++i];
		else if (strcmp(argv[i], "--account") == 0 && i + 1 < argc)
			account = argv[++i];
		else if (strcmp(argv[i], "--runs") == 0 && i + 1 < argc)
			runs = (unsigned)strtoul(argv[++i], NULL, 10);
		else if ((strcmp(argv[i], "--folder") == 0 || strcmp(argv[i], "--date") == 0) &&
			 i + 1 < argc)
			i++;
		else if (argv[i][0] == '-') {
			usage();
			rc = EX_USAGE;
			goto out;
		}
	}
	if (config == NULL || state == NULL || now == NULL || runs == 0 ||
	    !av_parse_iso8601(now, &s.now)) {
		usage();
		rc = EX_USAGE;
		goto out;
	}
	mb.clock = s.now;
	date = s.now;
	for (int i = 1; i < argc; i++) {
		char *data;
		size_t len;

		if (strcmp(argv[i], "--folder") == 0) {
			folder = mem_folder_get(&mb, argv[++i]);
			if (folder == NULL)
				folder = mem_folder_add(&mb, argv[i], -1, (uint32_t)mb.n + 1);
		} else if (strcmp(argv[i], "--date") == 0) {
			if (!parse_imap_date(argv[++i], &date)) {
				fprintf(stderr, "av-mem-run: --date %s: no date-time\n", argv[i]);
				rc = EX_USAGE;
				goto out;
			}
			dated = true;
		} else if (argv[i][0] == '-') {
			i++; /* an option read above */
		} else if (!read_all(argv[i], &data, &len)) {
			rc = EX_NOINPUT;
			goto out;
		} else {
			mem_msg_add(folder, data, len, dated ? date : s.now, 0);
			free(data);
		}
	}
	if ((err = av_conf_load(config, &s.conf, &error)) != AV_OK) {
		fprintf(stderr, "av-mem-run: %s\n", error);
		rc = av_err_exit_code(err);
		goto out;
	}
	if ((s.acc = av_conf_account(s.conf, account)) == NULL) {
		fprintf(stderr, "av-mem-run: %s: no account '%s'\n", config,
			account ? account : "");
		rc = EX_CONFIG;
		goto out;
	}
	if ((err = av_words_load(s.conf->words_interview, s.conf->words_negative,
				 s.conf->words_thanks, &s.words, &error)) != AV_OK ||
	    (err = av_templates_load(s.conf->templates, &s.tpl, &error)) != AV_OK) {
		fprintf(stderr, "av-mem-run: %s\n", error);
		rc = av_err_exit_code(err);
		goto out;
	}
	s.db = av_asprintf("%s/state.db", state);
	for (unsigned k = 1; k <= runs && rc == EX_OK; k++)
		rc = run_once(&s, &mb, k);
	if (rc == EX_OK)
		print_drafts(mem_folder_get(&mb, "Drafts"));
out:
	free(error);
	free(s.db);
	av_templates_free(&s.tpl);
	av_words_free(&s.words);
	av_conf_free(&s.conf);
	mem_mailbox_clear(&mb);
	av_invite_cleanup();
	return rc;
}
