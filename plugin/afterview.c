/* SPDX-License-Identifier: GPL-3.0-or-later */
/* afterview — the command line: main, usage and the commands; notes is in cmd-notes.c,
 * what the commands share in cli.c. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "afterview/conf.h"
#include "afterview/correspondence.h"
#include "afterview/detect.h"
#include "afterview/draft.h"
#include "afterview/engine.h"
#include "afterview/events.h"
#include "afterview/imap.h"
#include "afterview/invite.h"
#include "afterview/language.h"
#include "afterview/log.h"
#include "afterview/match.h"
#include "afterview/mime.h"
#include "afterview/report.h"
#include "afterview/store.h"
#include "afterview/sync.h"
#include "afterview/template.h"
#include "afterview/util.h"

#include "cli.h"

static void
usage(FILE *out)
{
	fprintf(out,
		"Usage: afterview [OPTIONS] COMMAND [ARGS]\n"
		"\n"
		"Finds job interviews in your calendar invites and puts a personal thank-you "
		"draft\n"
		"for each interviewer into your Drafts folder. Never sends mail, never changes "
		"it.\n"
		"\n"
		"Commands:\n"
		"  run [--dry-run] [--account NAME] [--now TIME]\n"
		"                      the cron job (the default): sync, find who is owed a\n"
		"                      thank-you, put drafts into Drafts; quiet unless a draft\n"
		"                      was made, a deadline is near, an event is maybe an\n"
		"                      interview (listed once) or something failed\n"
		"  status [--json] [--account NAME] [--now TIME]\n"
		"                      interviews, interviewers and their states (no network)\n"
		"  explain ID          why an event is, is not or is maybe an interview\n"
		"  mark ID interview|not-interview|auto\n"
		"                      override the decision for an event\n"
		"  mark ID thanked|unthanked NAME\n"
		"                      say you thanked an interviewer (a thank-you afterview\n"
		"                      cannot see in Sent), or take it back\n"
		"  mark ID language en|es|de|fr|auto\n"
		"                      the language of the interview (auto: from the invite)\n"
		"  notes ID [--print]  write your notes on an interview in $EDITOR (or show them)\n"
		"  notes --export [DIR|-] [--account NAME] [--db FILE]\n"
		"                      every notes sheet as a text file in DIR (or on stdout);\n"
		"                      only reads the database, even a damaged one\n"
		"  sync [--account NAME] [--now TIME]\n"
		"                      read new invites and sent mail from the account "
		"(read-only)\n"
		"                      into the state database; prints one summary line\n"
		"  scan [--json] FILE.eml...\n"
		"                      read invites from messages; print the interviews and\n"
		"                      interviewers understood, with the reasons\n"
		"  filter              mail-filter mode: copy one message from stdin to stdout\n"
		"                      unchanged, then read its invites\n"
		"  check-config        check the config file and print it, secrets masked\n"
		"\n"
		"Options:\n"
		"  -c, --config FILE   config file (default: $XDG_CONFIG_HOME/afterview/config)\n"
		"  -D, --debug CATS    debug output for categories: %s\n"
		"  -v, --verbose       say what is done, not only what needs you\n"
		"  -q, --quiet         errors only\n"
		"      --syslog        also log to syslog (facility mail)\n"
		"  -h, --help          this text\n"
		"  -V, --version       the version\n"
		"\n"
		"Exit status: 0 ok, %d config error, %d bad data, %d temporary failure (retry),\n"
		"%d permission/credential refused, %d state database unusable, %d internal "
		"error.\n",
		av_log_category_names(), EX_CONFIG, EX_DATAERR, EX_TEMPFAIL, EX_NOPERM,
		EX_CANTCREAT, EX_SOFTWARE);
}

static int
cmd_check_config(const struct av_cli_options *opt, int argc, char **argv)
{
	struct av_conf *conf = NULL;
	char *path = opt->config ? av_strdup(opt->config) : av_conf_default_path();
	char *error = NULL;
	enum av_err err;

	if (argc > 1) {
		fprintf(stderr, "afterview: check-config takes no arguments\n");
		free(path);
		return EX_USAGE;
	}
	err = av_conf_load(path, &conf, &error);
	if (err != AV_OK) {
		av_cli_report_conf_errors(path, error);
		free(error);
		free(path);
		return av_err_exit_code(err);
	}
	/* the files the config points at are part of it: templates and word lists */
	{
		struct av_templates *tpl = NULL;
		struct av_wordlists *words = NULL;
		char *e1 = NULL, *e2 = NULL;
		enum av_err t = av_templates_load(conf->templates, &tpl, &e1);
		enum av_err w = av_words_load(conf->words_interview, conf->words_negative,
					      conf->words_thanks, &words, &e2);

		av_templates_free(&tpl);
		av_words_free(&words);
		if (t != AV_OK || w != AV_OK) {
			if (e1 != NULL)
				fprintf(stderr, "%s\n", e1);
			if (e2 != NULL)
				fprintf(stderr, "%s\n", e2);
			fprintf(stderr, "afterview: %s: configuration has errors\n", path);
			free(e1);
			free(e2);
			av_conf_free(&conf);
			free(path);
			return av_err_exit_code(t != AV_OK ? t : w);
		}
	}
	av_conf_print(conf, stdout);
	if (!opt->quiet)
		fprintf(stderr, "afterview: %s: configuration OK\n", path);
	av_conf_free(&conf);
	free(path);
	return EX_OK;
}

/* What scan and filter need from the config: the person's addresses and zone. Without
 * a config file they still work, with the system's zone and no own addresses. */
struct scan_ctx {
	struct av_conf *conf;	    /* owned or NULL */
	const char *zone;	    /* foreign */
	char *const *me;	    /* foreign, NULL-terminated */
	struct av_wordlists *words; /* owned */
};

static char *const no_addresses[] = {NULL};

static int
scan_ctx_open(const struct av_cli_options *opt, struct scan_ctx *ctx)
{
	char *path = opt->config ? av_strdup(opt->config) : av_conf_default_path();
	char *error = NULL;
	enum av_err err;

	memset(ctx, 0, sizeof(*ctx));
	ctx->zone = "UTC";
	ctx->me = no_addresses;
	if (opt->config != NULL || access(path, F_OK) == 0) {
		err = av_conf_load(path, &ctx->conf, &error);
		if (err != AV_OK) {
			av_cli_report_conf_errors(path, error);
			free(error);
			free(path);
			return av_err_exit_code(err);
		}
		ctx->zone = ctx->conf->me.timezone;
		ctx->me = ctx->conf->me.addresses;
	} else {
		const char *tz = getenv("TZ");

		av_info("%s not found: reading times in %s, no own addresses known", path,
			tz && *tz ? tz : "UTC");
		if (tz != NULL && *tz != '\0')
			ctx->zone = tz[0] == ':' ? tz + 1 : tz;
	}
	free(path);
	err = av_words_load(ctx->conf ? ctx->conf->words_interview : NULL,
			    ctx->conf ? ctx->conf->words_negative : NULL,
			    ctx->conf ? ctx->conf->words_thanks : NULL, &ctx->words, &error);
	if (err != AV_OK) {
		fprintf(stderr, "%s\n", error);
		free(error);
		av_conf_free(&ctx->conf);
		return av_err_exit_code(err);
	}
	return EX_OK;
}

static void
scan_ctx_close(struct scan_ctx *ctx)
{
	av_words_free(&ctx->words);
	av_conf_free(&ctx->conf);
}

/* What the whole message says beside its calendars (borrowed from info). */
static struct av_invite_mail
mail_of(const struct av_msg_info *info)
{
	return (struct av_invite_mail){
		info->from_addr, info->from_name, info->subject,	  info->to,
		info->cc,	 info->list_id,	  info->list_unsubscribe, info->precedence};
}

/* Parse one message and add its invites to set.
 * Returns the number of invites read, or -1 when the message could not be read. */
static int
scan_message(const struct scan_ctx *ctx, const char *name, const char *msg, size_t len,
	     struct av_events *set, struct av_mime_result **res_r)
{
	struct av_mime_result *res = NULL;
	char *error = NULL;
	int count = 0;

	if (av_mime_parse(msg, len, &res, &error) != AV_OK) {
		av_warn("%s: skipped: %s", name, error);
		free(error);
		return -1;
	}
	for (size_t i = 0; i < res->n_parts; i++) {
		struct av_invite **invs = NULL;
		size_t n = 0;
		char *where = av_asprintf("%s part %s", name, res->parts[i].section);

		if (av_invite_parse(res->parts[i].data, res->parts[i].len, ctx->zone, &invs, &n,
				    &error) != AV_OK) {
			av_warn("%s: skipped: %s", where, error);
			free(error);
			error = NULL;
		}
		for (size_t j = 0; j < n; j++) {
			struct av_invite_mail mail = mail_of(&res->info);

			av_events_add_mail(set, invs[j], name, &mail);
			count++;
		}
		free(invs);
		free(where);
	}
	if (res_r != NULL)
		*res_r = res;
	else
		av_mime_result_free(&res);
	return count;
}

static bool
read_file(const char *path, char **data_r, size_t *len_r)
{
	int e = av_file_read(path, AV_MIME_MAX_MESSAGE, data_r, len_r);

	if (e == EFBIG)
		av_warn("%s: skipped: larger than %u bytes", path, AV_MIME_MAX_MESSAGE);
	else if (e != 0)
		av_error("%s: cannot open: %s", path, strerror(e));
	return e == 0;
}

static int
cmd_scan(const struct av_cli_options *opt, int argc, char **argv)
{
	struct scan_ctx ctx;
	struct av_events set;
	struct av_scan_item *items;
	struct av_interviewers_ctx ictx = {0};
	bool json = false;
	int rc, first = 1, bad = 0;

	if (argc > 1 && strcmp(argv[1], "--json") == 0) {
		json = true;
		first = 2;
	}
	if (first >= argc) {
		fprintf(stderr, "afterview: usage: afterview scan [--json] FILE.eml...\n");
		return EX_USAGE;
	}
	rc = scan_ctx_open(opt, &ctx);
	if (rc != EX_OK)
		return rc;
	ictx.my_addresses = ctx.me;
	ictx.my_name = ctx.conf != NULL ? ctx.conf->me.name : NULL;
	av_events_init(&set);
	for (int i = first; i < argc; i++) {
		char *msg;
		size_t len;

		if (!read_file(argv[i], &msg, &len)) {
			bad++;
			continue;
		}
		if (scan_message(&ctx, argv[i], msg, len, &set, NULL) < 0)
			bad++;
		free(msg);
	}
	av_events_sort(&set);
	items = av_calloc(set.n ? set.n : 1, sizeof(*items));
	for (size_t i = 0; i < set.n; i++) {
		struct av_invite_mail mail = av_events_mail(&set.v[i]);

		items[i].ev = &set.v[i];
		av_events_id(set.v[i].inv->uid, items[i].id);
		av_detect_score_msg(set.v[i].inv, &mail, ctx.words, ctx.conf, &items[i].det);
		ictx.sent_to = av_correspondence_sent_to(set.v[i].inv, &mail, ctx.me);
		av_interviewers_find_with(set.v[i].inv, &ictx, &items[i].ivs, &items[i].n_ivs);
	}
	av_report_scan(items, set.n, json, stdout);
	for (size_t i = 0; i < set.n; i++) {
		av_interviewers_free(&items[i].ivs, items[i].n_ivs);
		av_detection_clear(&items[i].det);
	}
	free(items);
	av_events_clear(&set);
	scan_ctx_close(&ctx);
	return bad > 0 ? EX_DATAERR : EX_OK;
}

/* Keep the calendar parts of a filtered message in the state database, as if read from
 * a folder "(filter)", so that the next run knows the invite even before (or without)
 * reading it over IMAP; the same invite read twice is one version. The message's UID
 * there is a hash of its Message-ID (else of its bytes). A busy database (a run in
 * progress) only costs this early sighting. */
static void
record_filtered(const struct av_conf *conf, const struct av_mime_result *res, const char *msg,
		size_t len)
{
	const struct av_account *acc = av_conf_account(conf, NULL);
	struct av_store *store = NULL;
	char *db = av_store_default_path();
	char *error = NULL, hash[AV_HASH_HEX_SIZE];
	struct av_msgref ref;

	if (acc == NULL || res == NULL || res->n_parts == 0)
		goto out;
	if (av_store_open(db, &store, &error) != AV_OK) {
		av_warn("filter: invite not recorded now (the next run reads it): %s", error);
		goto out;
	}
	if (res->info.message_id != NULL)
		av_hash_hex(res->info.message_id, strlen(res->info.message_id), hash);
	else
		av_hash_hex(msg, len, hash);
	ref.account = acc->name;
	ref.folder = "(filter)";
	ref.uidvalidity = 0;
	ref.uid = (uint32_t)strtoul(hash + 24, NULL, 16) | 1u;
	for (size_t i = 0; i < res->n_parts; i++) {
		struct av_invite_mail mail = mail_of(&res->info);

		if (av_store_calendar_add(store, &ref, res->parts[i].section, &mail,
					  res->parts[i].data, res->parts[i].len, &error) != AV_OK) {
			av_warn("filter: %s", error);
			break;
		}
	}
out:
	free(error);
	av_store_close(&store);
	free(db);
}

/* Mail-filter mode: the message goes back out byte for byte *before* anything reads
 * it, so nothing afterview does (an error, a crash, a bug) can change or lose it. A
 * message too large to keep in memory is streamed through and not read. */
static int
cmd_filter(const struct av_cli_options *opt, int argc, char **argv)
{
	struct av_buf b;
	char chunk[65536];
	bool oversize = false;
	struct scan_ctx ctx;
	struct av_events set;
	struct av_mime_result *mime = NULL;
	int rc;

	(void)argv;
	signal(SIGPIPE, SIG_IGN);
	av_buf_init(&b);
	for (;;) {
		ssize_t n = read(STDIN_FILENO, chunk, sizeof(chunk));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			av_error("filter: reading standard input: %s", strerror(errno));
			av_cli_write_all(STDOUT_FILENO, b.data ? b.data : "", b.len);
			av_buf_clear(&b);
			return EX_IOERR;
		}
		if (n == 0)
			break;
		if (oversize) {
			if (!av_cli_write_all(STDOUT_FILENO, chunk, (size_t)n))
				goto write_error;
			continue;
		}
		av_buf_append(&b, chunk, (size_t)n);
		if (b.len > AV_MIME_MAX_MESSAGE) {
			oversize = true;
			if (!av_cli_write_all(STDOUT_FILENO, b.data, b.len))
				goto write_error;
			av_buf_clear(&b);
		}
	}
	if (!oversize && !av_cli_write_all(STDOUT_FILENO, b.data ? b.data : "", b.len))
		goto write_error;
	close(STDOUT_FILENO);
	if (argc > 1)
		av_warn("filter takes no arguments; ignored");
	if (oversize) {
		av_info("filter: message larger than %u bytes passed through unread",
			AV_MIME_MAX_MESSAGE);
		return EX_OK;
	}
	rc = scan_ctx_open(opt, &ctx);
	if (rc != EX_OK) {
		av_buf_clear(&b);
		return EX_OK; /* the message went through; the config error was reported */
	}
	av_events_init(&set);
	scan_message(&ctx, "stdin", b.data ? b.data : "", b.len, &set, &mime);
	for (size_t i = 0; i < set.n; i++) {
		struct av_detection det;
		char id[AV_EVENT_ID_SIZE];
		/* the event keeps the message's bulk-mail headers */
		struct av_invite_mail m = av_events_mail(&set.v[i]);

		av_events_id(set.v[i].inv->uid, id);
		av_detect_score_msg(set.v[i].inv, &m, ctx.words, ctx.conf, &det);
		av_info("filter: invite %s%s \"%s\" score %d%s", id,
			det.is_interview ? " (interview)" : "",
			set.v[i].inv->summary ? set.v[i].inv->summary : "", det.score,
			set.v[i].cancelled ? " cancelled" : "");
		av_detection_clear(&det);
	}
	av_events_clear(&set);
	if (ctx.conf != NULL)
		record_filtered(ctx.conf, mime, b.data ? b.data : "", b.len);
	av_mime_result_free(&mime);
	scan_ctx_close(&ctx);
	av_buf_clear(&b);
	return EX_OK;

write_error:
	av_error("filter: writing standard output: %s", strerror(errno));
	av_buf_clear(&b);
	return EX_IOERR;
}

static int
cmd_sync(const struct av_cli_options *opt, int argc, char **argv)
{
	struct av_cli_run_opts ro;
	struct av_conf *conf = NULL;
	struct av_store *store = NULL;
	struct av_secret *secret = NULL;
	struct av_driver *drv = NULL;
	struct av_sync_stats stats;
	const struct av_account *acc;
	char *path = opt->config ? av_strdup(opt->config) : av_conf_default_path();
	char *db = av_store_default_path();
	char *error = NULL;
	unsigned long commands = 0;
	unsigned long long bytes = 0;
	enum av_err err;
	int rc;

	memset(&stats, 0, sizeof(stats));
	if ((rc = av_cli_parse_run_opts(argc, argv, false, &ro)) != EX_OK)
		goto out;
	av_cli_watchdog_start(NULL);
	err = av_conf_load(path, &conf, &error);
	if (err != AV_OK) {
		av_cli_report_conf_errors(path, error);
		rc = av_err_exit_code(err);
		goto out;
	}
	acc = av_conf_account(conf, ro.account);
	if (acc == NULL) {
		av_error("%s: no account '%s'", path, ro.account ? ro.account : "");
		rc = EX_CONFIG;
		goto out;
	}
	av_cli_watchdog_start(acc);
	if ((err = av_store_open(db, &store, &error)) != AV_OK)
		goto fail;
	if ((err = av_conf_secret_fetch(acc, &secret, &error)) != AV_OK)
		goto fail;
	err = av_imap_open(acc, secret, true, &drv, &error);
	av_secret_free(&secret);
	if (err != AV_OK)
		goto fail;
	err = av_sync_account(drv, store, conf, acc, ro.now, &stats, &error);
	drv->ops->stats(drv, &commands, &bytes);
	if (err != AV_OK)
		goto fail;
	printf("sync account=%s folders=%u unchanged=%u new=%u calendars=%u sent=%u skipped=%u "
	       "commands=%lu bytes_in=%llu\n",
	       acc->name, stats.folders, stats.folders_unchanged, stats.messages, stats.calendars,
	       stats.sent, stats.skipped, commands, bytes);
	av_log_summary("sync account=%s new=%u calendars=%u sent=%u skipped=%u", acc->name,
		       stats.messages, stats.calendars, stats.sent, stats.skipped);
	rc = EX_OK;
	goto out;
fail:
	av_error("%s", error);
	rc = av_err_exit_code(err);
out:
	av_cli_watchdog_stop();
	if (drv != NULL)
		drv->ops->close(&drv);
	av_sync_stats_clear(&stats);
	av_store_close(&store);
	av_conf_free(&conf);
	free(error);
	free(path);
	free(db);
	return rc;
}

static int
cmd_run(const struct av_cli_options *opt, int argc, char **argv)
{
	struct av_cli_run_opts ro;
	struct av_cli_session ss;
	struct av_templates *tpl = NULL;
	struct av_secret *secret = NULL;
	struct av_driver *drv = NULL;
	struct av_model m;
	struct av_run run;
	const struct av_run_stats *st = &run.stats;
	char *error = NULL;
	unsigned long commands = 0;
	unsigned long long bytes = 0;
	enum av_err err;
	int rc;

	memset(&m, 0, sizeof(m));
	memset(&run, 0, sizeof(run));
	if ((rc = av_cli_parse_run_opts(argc, argv, true, &ro)) != EX_OK)
		return rc;
	/* the whole run, config and state files included, is bounded; the account's timeout
	 * sets the bound once it is known */
	av_cli_watchdog_start(NULL);
	if ((rc = av_cli_session_open(opt, ro.account, &ss)) != EX_OK) {
		av_cli_watchdog_stop();
		return rc;
	}
	av_cli_watchdog_start(ss.acc);
	if ((err = av_templates_load(ss.conf->templates, &tpl, &error)) != AV_OK) {
		av_cli_report_file_errors("templates", error);
		rc = av_err_exit_code(err);
		goto out;
	}
	if ((err = av_conf_secret_fetch(ss.acc, &secret, &error)) != AV_OK)
		goto fail;
	err = av_imap_open(ss.acc, secret, ro.dry_run, &drv, &error);
	av_secret_free(&secret);
	if (err != AV_OK)
		goto fail;
	run.drv = drv;
	run.store = ss.store;
	run.conf = ss.conf;
	run.acc = ss.acc;
	run.words = ss.words;
	run.tpl = tpl;
	run.now = ro.now;
	run.dry_run = ro.dry_run;
	run.dry_out = stdout;
	err = av_engine_run(&run, &m, &error);
	drv->ops->stats(drv, &commands, &bytes);
	if (err != AV_OK)
		goto fail;
	av_report_run(&m, stdout);
	/* a maybe is told once per version, an unsure reply and a language fallback once:
	 * recorded only once the lines are out */
	fflush(stdout);
	if (!ro.dry_run && (av_model_maybes_told(&m, ss.store, ss.acc, &error) != AV_OK ||
			    av_model_unsure_told(&m, ss.store, ss.acc, &error) != AV_OK ||
			    av_model_languages_told(&m, ss.store, ss.acc, &error) != AV_OK)) {
		av_warn("%s (the next run may list it again)", error);
		free(error);
		error = NULL;
	}
	if (ro.dry_run || opt->verbose)
		printf("run account=%s new=%u calendars=%u sent=%u drafts=%u%s found=%u "
		       "failed=%u commands=%lu bytes_in=%llu\n",
		       ss.acc->name, st->sync.messages, st->sync.calendars, st->sync.sent,
		       ro.dry_run ? st->drafts_would : st->drafts_made,
		       ro.dry_run ? " (dry run: none appended)" : "", st->drafts_found,
		       st->failures, commands, bytes);
	av_log_summary("run account=%s new=%u drafts=%u found=%u failed=%u%s", ss.acc->name,
		       st->sync.messages, st->drafts_made, st->drafts_found, st->failures,
		       ro.dry_run ? " dry-run" : "");
	rc = st->failures > 0 ? EX_TEMPFAIL : EX_OK;
	goto out;
fail:
	av_error("%s", error);
	rc = av_err_exit_code(err);
out:
	av_cli_watchdog_stop();
	if (drv != NULL)
		drv->ops->close(&drv);
	av_model_clear(&m);
	av_run_stats_clear(&run.stats);
	av_templates_free(&tpl);
	av_cli_session_close(&ss);
	free(error);
	return rc;
}

static int
cmd_status(const struct av_cli_options *opt, int argc, char **argv)
{
	struct av_cli_run_opts ro;
	struct av_cli_session ss;
	struct av_model m;
	char *error = NULL;
	bool json = false;
	int rc, n = 1;
	enum av_err err;

	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--json") == 0)
			json = true;
		else
			argv[n++] = argv[i];
	if ((rc = av_cli_parse_run_opts(n, argv, false, &ro)) != EX_OK)
		return rc;
	if ((rc = av_cli_session_open(opt, ro.account, &ss)) != EX_OK)
		return rc;
	err = av_model_evaluate(ss.store, ss.conf, ss.acc, ss.words, ro.now, &m, &error);
	if (err == AV_OK) {
		if (json)
			av_report_status_json(&m, stdout);
		else
			av_report_status_text(&m, stdout);
	} else {
		av_error("%s", error);
		rc = av_err_exit_code(err);
	}
	av_model_clear(&m);
	av_cli_session_close(&ss);
	free(error);
	return rc;
}

/* The interviewers of it, one a line on stderr, for a NAME that designates none or more
 * than one. */
static void
list_interviewers(const struct av_interview_report *it)
{
	if (it->n_ivs == 0)
		fprintf(stderr, "  (no interviewers found: afterview explain %s)\n", it->id);
	for (size_t j = 0; j < it->n_ivs; j++)
		fprintf(stderr, "  %s <%s>\n", it->ivs[j].iv.name,
			it->ivs[j].iv.email ? it->ivs[j].iv.email : "address unknown");
}

/* mark ID thanked|unthanked NAME...: the words of NAME joined with spaces, so that a name
 * needs no quotes. */
static int
mark_thanked(struct av_cli_session *ss, struct av_model *m, const struct av_interview_report *cit,
	     bool thanked, int argc, char **argv)
{
	struct av_interview_report *it = &m->items[cit - m->items];
	const struct av_iv_report *cr;
	struct av_iv_report *r;
	struct av_buf name;
	char *error = NULL;
	bool ambiguous, changed, redraft;
	enum av_err err;
	int rc = EX_OK;

	av_buf_init(&name);
	for (int i = 3; i < argc; i++) {
		if (i > 3)
			av_buf_puts(&name, " ");
		av_buf_puts(&name, argv[i]);
	}
	if (!it->is_interview) {
		av_error("%s: not an interview (afterview mark %s interview makes it one)", it->id,
			 it->id);
		rc = EX_USAGE;
		goto out;
	}
	cr = av_model_find_interviewer(it, name.data ? name.data : "", &ambiguous);
	if (cr == NULL) {
		av_error("%s: %s '%s'; give the name as status shows it, the address, or the start "
			 "of either:",
			 it->id,
			 ambiguous ? "more than one interviewer matches" : "no interviewer matches",
			 name.data ? name.data : "");
		list_interviewers(it);
		rc = EX_USAGE;
		goto out;
	}
	r = &it->ivs[cr - it->ivs];
	err = av_model_mark_thanked(m, ss->store, ss->acc, ss->words, it, r, thanked, time(NULL),
				    &changed, &redraft, &error);
	if (err != AV_OK) {
		av_error("%s", error);
		rc = av_err_exit_code(err);
		goto out;
	}
	if (thanked)
		printf("%s \"%s\": marked %s as thanked%s\n", it->id,
		       it->ev->inv->summary ? it->ev->inv->summary : "", r->iv.name,
		       r->has_draft && r->draft.state == AV_DRAFT_APPENDED &&
				       ss->conf->update_drafts
			       ? "; the next run removes afterview's draft to them if you have not "
				 "edited it"
			       : "");
	else
		printf("%s \"%s\": %s %s (now %s)%s\n", it->id,
		       it->ev->inv->summary ? it->ev->inv->summary : "", r->iv.name,
		       changed ? "is no longer marked as thanked" : "was not marked as thanked",
		       av_state_name(r->verdict.state),
		       redraft ? "; a run makes their draft again while the thank-you window is "
				 "open"
			       : "");
out:
	av_buf_clear(&name);
	free(error);
	return rc;
}

/* explain ID and mark ID VERDICT: find the event in the stored picture. */
static int
cmd_explain_mark(const struct av_cli_options *opt, int argc, char **argv, bool mark)
{
	static const char mark_usage[] =
		"afterview: usage: afterview mark ID interview|not-interview|auto\n"
		"       afterview mark ID thanked|unthanked NAME\n"
		"       afterview mark ID language en|es|de|fr|auto\n";
	struct av_cli_session ss;
	struct av_model m;
	const struct av_interview_report *it;
	char *error = NULL;
	bool ambiguous, thanks = false, language = false, changed = false;
	const char *code = NULL;
	int rc, verdict = -1;
	enum av_err err;

	if (mark && argc >= 3 && strcmp(argv[2], "language") == 0) {
		language = true;
		if (argc != 4) {
			fputs(mark_usage, stderr);
			return EX_USAGE;
		}
		if (strcmp(argv[3], "auto") != 0 && (code = av_language_code(argv[3])) == NULL) {
			fprintf(stderr,
				"afterview: mark: '%s' is no language afterview writes: en, es, "
				"de, "
				"fr, or auto\n",
				argv[3]);
			return EX_USAGE;
		}
	} else if (mark && argc >= 3 &&
		   (strcmp(argv[2], "thanked") == 0 || strcmp(argv[2], "unthanked") == 0)) {
		thanks = true;
		if (argc < 4) {
			fprintf(stderr, "afterview: mark %s: whom? give the interviewer's name\n%s",
				argv[2], mark_usage);
			return EX_USAGE;
		}
	} else if (argc != (mark ? 3 : 2)) {
		fputs(mark ? mark_usage : "afterview: usage: afterview explain ID\n", stderr);
		return EX_USAGE;
	}
	if (mark && !thanks && !language) {
		if (strcmp(argv[2], "interview") == 0)
			verdict = 1;
		else if (strcmp(argv[2], "not-interview") == 0)
			verdict = 0;
		else if (strcmp(argv[2], "auto") != 0) {
			fprintf(stderr,
				"afterview: mark: '%s' is not interview, not-interview, auto, "
				"thanked or unthanked (nor language CODE)\n",
				argv[2]);
			return EX_USAGE;
		}
	}
	if ((rc = av_cli_session_open(opt, NULL, &ss)) != EX_OK)
		return rc;
	err = av_model_evaluate(ss.store, ss.conf, ss.acc, ss.words, time(NULL), &m, &error);
	if (err != AV_OK) {
		av_error("%s", error);
		rc = av_err_exit_code(err);
		goto out;
	}
	it = av_model_find(&m, argv[1], &ambiguous);
	if (it == NULL) {
		av_error("%s: %s (see afterview status)", argv[1],
			 ambiguous ? "more than one event has this id; give more of it"
				   : "no such event");
		rc = EX_DATAERR;
		goto out;
	}
	if (!mark) {
		av_report_explain(it, stdout);
		goto out;
	}
	if (thanks) {
		rc = mark_thanked(&ss, &m, it, strcmp(argv[2], "thanked") == 0, argc, argv);
		goto out;
	}
	if (language) {
		err = av_store_language_set(ss.store, ss.acc->name, it->ev->inv->uid, code,
					    &changed, &error);
		if (err != AV_OK) {
			av_error("%s", error);
			rc = av_err_exit_code(err);
			goto out;
		}
		if (code != NULL)
			printf("%s \"%s\": %s in %s%s\n", it->id,
			       it->ev->inv->summary ? it->ev->inv->summary : "",
			       changed ? "marked as" : "already marked as", av_language_name(code),
			       changed && it->is_interview && ss.conf->update_drafts
				       ? "; a run makes afterview's unedited drafts anew"
				       : "");
		else
			printf("%s \"%s\": %s\n", it->id,
			       it->ev->inv->summary ? it->ev->inv->summary : "",
			       changed ? "its language is read from the invite again"
				       : "had no language mark");
		goto out;
	}
	err = av_store_mark_set(ss.store, ss.acc->name, it->ev->inv->uid, verdict, &error);
	if (err != AV_OK) {
		av_error("%s", error);
		rc = av_err_exit_code(err);
		goto out;
	}
	printf("%s \"%s\": %s\n", it->id, it->ev->inv->summary ? it->ev->inv->summary : "",
	       verdict == 1   ? "marked as an interview"
	       : verdict == 0 ? "marked as not an interview"
			      : "decided by its score again");
out:
	av_model_clear(&m);
	av_cli_session_close(&ss);
	free(error);
	return rc;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"config", required_argument, NULL, 'c'}, {"debug", required_argument, NULL, 'D'},
		{"verbose", no_argument, NULL, 'v'},	  {"quiet", no_argument, NULL, 'q'},
		{"syslog", no_argument, NULL, 's'},	  {"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},	  {NULL, 0, NULL, 0},
	};
	struct av_cli_options opt = {NULL, false, false, false};
	const char *debug = NULL;
	const char *cmd;
	char *error = NULL;
	int c, rc;

	/* '+' stops at the command: its own options follow it */
	while ((c = getopt_long(argc, argv, "+c:D:vqhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'c':
			opt.config = optarg;
			break;
		case 'D':
			debug = optarg;
			break;
		case 'v':
			opt.verbose = true;
			break;
		case 'q':
			opt.quiet = true;
			break;
		case 's':
			opt.syslog = true;
			break;
		case 'h':
			usage(stdout);
			return EX_OK;
		case 'V':
			printf("afterview %s\n", PACKAGE_VERSION);
			return EX_OK;
		default:
			usage(stderr);
			return EX_USAGE;
		}
	}
	av_log_open("afterview", opt.syslog);
	if (opt.verbose)
		av_log_set_level(AV_LOG_INFO);
	if (opt.quiet)
		av_log_set_level(AV_LOG_ERROR);
	if (debug != NULL && !av_log_set_debug(debug, &error)) {
		fprintf(stderr, "afterview: -D: %s\n", error);
		free(error);
		av_log_close();
		return EX_USAGE;
	}
	cmd = optind < argc ? argv[optind] : NULL;
	if (cmd == NULL || strcmp(cmd, "run") == 0) {
		/* run is the default command: a crontab line needs no word but the program */
		char *run_argv[] = {(char *)"run", NULL};

		rc = cmd == NULL ? cmd_run(&opt, 1, run_argv)
				 : cmd_run(&opt, argc - optind, argv + optind);
	} else if (strcmp(cmd, "status") == 0) {
		rc = cmd_status(&opt, argc - optind, argv + optind);
	} else if (strcmp(cmd, "explain") == 0) {
		rc = cmd_explain_mark(&opt, argc - optind, argv + optind, false);
	} else if (strcmp(cmd, "mark") == 0) {
		rc = cmd_explain_mark(&opt, argc - optind, argv + optind, true);
	} else if (strcmp(cmd, "notes") == 0) {
		rc = av_cli_notes(&opt, argc - optind, argv + optind);
	} else if (strcmp(cmd, "sync") == 0) {
		rc = cmd_sync(&opt, argc - optind, argv + optind);
	} else if (strcmp(cmd, "scan") == 0) {
		rc = cmd_scan(&opt, argc - optind, argv + optind);
	} else if (strcmp(cmd, "filter") == 0) {
		rc = cmd_filter(&opt, argc - optind, argv + optind);
	} else if (strcmp(cmd, "check-config") == 0) {
		rc = cmd_check_config(&opt, argc - optind, argv + optind);
	} else if (strcmp(cmd, "help") == 0) {
		usage(stdout);
		rc = EX_OK;
	} else {
		fprintf(stderr, "afterview: unknown command '%s' (try afterview --help)\n", cmd);
		rc = EX_USAGE;
	}
	av_invite_cleanup();
	av_log_close();
	return rc;
}
