/* afterview — the command line. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sysexits.h>
#include <unistd.h>

#include "afterview/conf.h"
#include "afterview/detect.h"
#include "afterview/draft.h"
#include "afterview/engine.h"
#include "afterview/events.h"
#include "afterview/imap.h"
#include "afterview/interviewers.h"
#include "afterview/invite.h"
#include "afterview/log.h"
#include "afterview/mime.h"
#include "afterview/notes.h"
#include "afterview/report.h"
#include "afterview/store.h"
#include "afterview/sync.h"
#include "afterview/util.h"
#include "afterview/words.h"

struct options {
	const char *config; /* foreign (argv) */
	bool verbose;
	bool quiet;
	bool syslog;
};

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
		"                      was made, a deadline is near or something failed\n"
		"  status [--json] [--account NAME] [--now TIME]\n"
		"                      interviews, interviewers and their states (no network)\n"
		"  explain ID          why an event is or is not an interview\n"
		"  mark ID interview|not-interview|auto\n"
		"                      override the decision for an event\n"
		"  notes ID [--print]  write your notes on an interview in $EDITOR (or show them)\n"
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

/* The config's errors, one "file:line: message" per line, then what to do. */
static void
report_conf_errors(const char *path, const char *error)
{
	fprintf(stderr, "%s\n", error);
	if (access(path, F_OK) != 0)
		fprintf(stderr,
			"afterview: no configuration yet: start from afterview.conf.sample "
			"(in contrib/, or installed in %s/examples), save it as "
			"%s, chmod 600 it; see afterview.conf(5)\n",
			AV_DOCDIR, path);
	else
		fprintf(stderr, "afterview: %s: configuration has errors\n", path);
}

/* Errors in the person's own files (templates, word lists): one "file:line: message" per
 * line, as written, then what they were. */
static void
report_file_errors(const char *what, const char *error)
{
	fprintf(stderr, "%s\nafterview: the %s have errors\n", error, what);
}

static int
cmd_check_config(const struct options *opt, int argc, char **argv)
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
		report_conf_errors(path, error);
		free(error);
		free(path);
		return av_err_exit_code(err);
	}
	/* the files the config points at are part of it: templates and word lists */
	{
		struct av_templates *tpl = NULL;
		struct av_wordlists *words = NULL;
		char *e1 = NULL, *e2 = NULL;
		enum av_err t = av_draft_templates_load(conf->templates, &tpl, &e1);
		enum av_err w = av_words_load(conf->words_interview, conf->words_negative,
					      conf->words_thanks, &words, &e2);

		av_draft_templates_free(&tpl);
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
scan_ctx_open(const struct options *opt, struct scan_ctx *ctx)
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
			report_conf_errors(path, error);
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
			av_events_add(set, invs[j], name, res->info.from_addr);
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
	FILE *f = fopen(path, "rb");
	struct av_buf b;
	char chunk[65536];
	size_t n;

	if (f == NULL) {
		av_error("%s: cannot open: %s", path, strerror(errno));
		return false;
	}
	av_buf_init(&b);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (b.len + n > AV_MIME_MAX_MESSAGE) {
			av_warn("%s: skipped: larger than %u bytes", path, AV_MIME_MAX_MESSAGE);
			av_buf_free(&b);
			fclose(f);
			return false;
		}
		av_buf_append(&b, chunk, n);
	}
	fclose(f);
	*len_r = b.len;
	*data_r = av_buf_steal(&b);
	return true;
}

static int
cmd_scan(const struct options *opt, int argc, char **argv)
{
	struct scan_ctx ctx;
	struct av_events set;
	struct av_scan_item *items;
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
		items[i].ev = &set.v[i];
		av_events_id(set.v[i].inv->uid, items[i].id);
		av_detect_score(set.v[i].inv, set.v[i].sender, ctx.words, &items[i].det);
		av_interviewers_find(set.v[i].inv, ctx.me, &items[i].ivs, &items[i].n_ivs);
	}
	av_report_scan(items, set.n, json, stdout);
	for (size_t i = 0; i < set.n; i++) {
		av_interviewers_free(&items[i].ivs, items[i].n_ivs);
		av_detection_clear(&items[i].det);
	}
	free(items);
	av_events_free(&set);
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
	char *error = NULL, hash[33];
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
		if (av_store_calendar_add(store, &ref, res->parts[i].section, res->info.from_addr,
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

/* Write all of data to fd, retrying short writes. */
static bool
write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		data += n;
		len -= (size_t)n;
	}
	return true;
}

/* Mail-filter mode: the message goes back out byte for byte *before* anything reads
 * it, so nothing afterview does (an error, a crash, a bug) can change or lose it. A
 * message too large to keep in memory is streamed through and not read. */
static int
cmd_filter(const struct options *opt, int argc, char **argv)
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
			write_all(STDOUT_FILENO, b.data ? b.data : "", b.len);
			av_buf_free(&b);
			return EX_IOERR;
		}
		if (n == 0)
			break;
		if (oversize) {
			if (!write_all(STDOUT_FILENO, chunk, (size_t)n))
				goto write_error;
			continue;
		}
		av_buf_append(&b, chunk, (size_t)n);
		if (b.len > AV_MIME_MAX_MESSAGE) {
			oversize = true;
			if (!write_all(STDOUT_FILENO, b.data, b.len))
				goto write_error;
			av_buf_free(&b);
		}
	}
	if (!oversize && !write_all(STDOUT_FILENO, b.data ? b.data : "", b.len))
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
		av_buf_free(&b);
		return EX_OK; /* the message went through; the config error was reported */
	}
	av_events_init(&set);
	scan_message(&ctx, "stdin", b.data ? b.data : "", b.len, &set, &mime);
	for (size_t i = 0; i < set.n; i++) {
		struct av_detection det;
		char id[13];

		av_events_id(set.v[i].inv->uid, id);
		av_detect_score(set.v[i].inv, set.v[i].sender, ctx.words, &det);
		av_info("filter: invite %s%s \"%s\" score %d%s", id,
			det.is_interview ? " (interview)" : "",
			set.v[i].inv->summary ? set.v[i].inv->summary : "", det.score,
			set.v[i].cancelled ? " cancelled" : "");
		av_detection_clear(&det);
	}
	av_events_free(&set);
	if (ctx.conf != NULL)
		record_filtered(ctx.conf, mime, b.data ? b.data : "", b.len);
	av_mime_result_free(&mime);
	scan_ctx_close(&ctx);
	av_buf_free(&b);
	return EX_OK;

write_error:
	av_error("filter: writing standard output: %s", strerror(errno));
	av_buf_free(&b);
	return EX_IOERR;
}

/* The whole run is bounded: a server that trickles bytes just under every per-read
 * timeout still cannot keep cron's job alive. Nothing is lost by stopping here: the
 * store commits per folder, and sqlite rolls an interrupted transaction back. */
static void
watchdog(int sig)
{
	static const char msg[] = "afterview: the run took too long and was stopped; it will "
				  "be retried next time\n";

	(void)sig;
	if (write(STDERR_FILENO, msg, sizeof(msg) - 1) < 0) {
		/* nothing more can be done */
	}
	_exit(EX_TEMPFAIL);
}

/* Options shared by the commands that work on an account. */
struct run_opts {
	const char *account; /* foreign */
	time_t now;
	bool dry_run;
};

static int
parse_run_opts(int argc, char **argv, bool allow_dry_run, struct run_opts *ro)
{
	ro->account = NULL;
	ro->now = time(NULL);
	ro->dry_run = false;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--account") == 0 && i + 1 < argc) {
			ro->account = argv[++i];
		} else if (strcmp(argv[i], "--now") == 0 && i + 1 < argc) {
			if (!av_parse_iso8601(argv[++i], &ro->now)) {
				fprintf(stderr,
					"afterview: --now %s: not a time like "
					"2026-11-20T18:00:00Z\n",
					argv[i]);
				return EX_USAGE;
			}
		} else if (allow_dry_run && strcmp(argv[i], "--dry-run") == 0) {
			ro->dry_run = true;
		} else {
			fprintf(stderr, "afterview: %s: unknown option '%s'\n", argv[0], argv[i]);
			return EX_USAGE;
		}
	}
	return EX_OK;
}

static int
cmd_sync(const struct options *opt, int argc, char **argv)
{
	struct run_opts ro;
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
	if ((rc = parse_run_opts(argc, argv, false, &ro)) != EX_OK)
		goto out;
	err = av_conf_load(path, &conf, &error);
	if (err != AV_OK) {
		report_conf_errors(path, error);
		rc = av_err_exit_code(err);
		goto out;
	}
	acc = av_conf_account(conf, ro.account);
	if (acc == NULL) {
		av_error("%s: no account '%s'", path, ro.account ? ro.account : "");
		rc = EX_CONFIG;
		goto out;
	}
	signal(SIGALRM, watchdog);
	alarm(acc->timeout_s * 20 < 600 ? 600 : acc->timeout_s * 20);
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
	alarm(0);
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

/* What run, status, explain and mark share: the config, the account, the word lists,
 * the state database. */
struct session {
	struct av_conf *conf;	      /* owned */
	const struct av_account *acc; /* foreign: conf's */
	struct av_wordlists *words;   /* owned */
	struct av_store *store;	      /* owned */
};

static void
session_close(struct session *ss)
{
	av_store_close(&ss->store);
	av_words_free(&ss->words);
	av_conf_free(&ss->conf);
}

static int
session_open(const struct options *opt, const char *account, struct session *ss)
{
	char *path = opt->config ? av_strdup(opt->config) : av_conf_default_path();
	char *db = av_store_default_path();
	char *error = NULL;
	enum av_err err;
	int rc = EX_OK;

	memset(ss, 0, sizeof(*ss));
	err = av_conf_load(path, &ss->conf, &error);
	if (err != AV_OK) {
		report_conf_errors(path, error);
		rc = av_err_exit_code(err);
		goto out;
	}
	ss->acc = av_conf_account(ss->conf, account);
	if (ss->acc == NULL) {
		av_error("%s: no account '%s'", path, account ? account : "");
		rc = EX_CONFIG;
		goto out;
	}
	err = av_words_load(ss->conf->words_interview, ss->conf->words_negative,
			    ss->conf->words_thanks, &ss->words, &error);
	if (err != AV_OK) {
		report_file_errors("word lists", error);
		rc = av_err_exit_code(err);
		goto out;
	}
	err = av_store_open(db, &ss->store, &error);
	if (err != AV_OK) {
		av_error("%s", error);
		rc = av_err_exit_code(err);
	}
out:
	if (rc != EX_OK)
		session_close(ss);
	free(error);
	free(path);
	free(db);
	return rc;
}

static int
cmd_run(const struct options *opt, int argc, char **argv)
{
	struct run_opts ro;
	struct session ss;
	struct av_templates *tpl = NULL;
	struct av_secret *secret = NULL;
	struct av_driver *drv = NULL;
	struct av_model m;
	struct av_run_stats st;
	char *error = NULL;
	unsigned long commands = 0;
	unsigned long long bytes = 0;
	enum av_err err;
	int rc;

	memset(&m, 0, sizeof(m));
	memset(&st, 0, sizeof(st));
	if ((rc = parse_run_opts(argc, argv, true, &ro)) != EX_OK)
		return rc;
	if ((rc = session_open(opt, ro.account, &ss)) != EX_OK)
		return rc;
	signal(SIGALRM, watchdog);
	alarm(ss.acc->timeout_s * 20 < 600 ? 600 : ss.acc->timeout_s * 20);
	if ((err = av_draft_templates_load(ss.conf->templates, &tpl, &error)) != AV_OK) {
		report_file_errors("templates", error);
		rc = av_err_exit_code(err);
		goto out;
	}
	if ((err = av_conf_secret_fetch(ss.acc, &secret, &error)) != AV_OK)
		goto fail;
	err = av_imap_open(ss.acc, secret, ro.dry_run, &drv, &error);
	av_secret_free(&secret);
	if (err != AV_OK)
		goto fail;
	err = av_engine_run(drv, ss.store, ss.conf, ss.acc, ss.words, tpl, ro.now, ro.dry_run,
			    stdout, &m, &st, &error);
	drv->ops->stats(drv, &commands, &bytes);
	if (err != AV_OK)
		goto fail;
	av_report_run(&m, stdout);
	if (ro.dry_run || opt->verbose)
		printf("run account=%s new=%u calendars=%u sent=%u drafts=%u%s found=%u "
		       "failed=%u commands=%lu bytes_in=%llu\n",
		       ss.acc->name, st.sync.messages, st.sync.calendars, st.sync.sent,
		       ro.dry_run ? st.drafts_would : st.drafts_made,
		       ro.dry_run ? " (dry run: none appended)" : "", st.drafts_found, st.failures,
		       commands, bytes);
	av_log_summary("run account=%s new=%u drafts=%u found=%u failed=%u%s", ss.acc->name,
		       st.sync.messages, st.drafts_made, st.drafts_found, st.failures,
		       ro.dry_run ? " dry-run" : "");
	rc = st.failures > 0 ? EX_TEMPFAIL : EX_OK;
	goto out;
fail:
	av_error("%s", error);
	rc = av_err_exit_code(err);
out:
	alarm(0);
	if (drv != NULL)
		drv->ops->close(&drv);
	av_model_clear(&m);
	av_run_stats_clear(&st);
	av_draft_templates_free(&tpl);
	session_close(&ss);
	free(error);
	return rc;
}

static int
cmd_status(const struct options *opt, int argc, char **argv)
{
	struct run_opts ro;
	struct session ss;
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
	if ((rc = parse_run_opts(n, argv, false, &ro)) != EX_OK)
		return rc;
	if ((rc = session_open(opt, ro.account, &ss)) != EX_OK)
		return rc;
	err = av_engine_evaluate(ss.store, ss.conf, ss.acc, ss.words, ro.now, &m, &error);
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
	session_close(&ss);
	free(error);
	return rc;
}

/* explain ID and mark ID VERDICT: find the event in the stored picture. */
static int
cmd_explain_mark(const struct options *opt, int argc, char **argv, bool mark)
{
	struct session ss;
	struct av_model m;
	const struct av_interview_report *it;
	char *error = NULL;
	bool ambiguous;
	int rc, verdict = -1;
	enum av_err err;

	if (argc != (mark ? 3 : 2)) {
		fprintf(stderr, "afterview: usage: afterview %s\n",
			mark ? "mark ID interview|not-interview|auto" : "explain ID");
		return EX_USAGE;
	}
	if (mark) {
		if (strcmp(argv[2], "interview") == 0)
			verdict = 1;
		else if (strcmp(argv[2], "not-interview") == 0)
			verdict = 0;
		else if (strcmp(argv[2], "auto") != 0) {
			fprintf(stderr,
				"afterview: mark: '%s' is not interview, not-interview or "
				"auto\n",
				argv[2]);
			return EX_USAGE;
		}
	}
	if ((rc = session_open(opt, NULL, &ss)) != EX_OK)
		return rc;
	err = av_engine_evaluate(ss.store, ss.conf, ss.acc, ss.words, time(NULL), &m, &error);
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
	session_close(&ss);
	free(error);
	return rc;
}

/* ---- notes ID [--print] ----------------------------------------------------------------
 *
 * What a person types is never lost (design.md "Notes, feedback, job hunt"):
 * - the sheet is edited in a private temp file (mkstemps in $TMPDIR or /tmp, mode 0600)
 *   with $VISUAL, else $EDITOR, else vi, run as /bin/sh -c '<editor> "$1"' sh FILE: the
 *   setting may carry options (shell words, as git reads it) while the file name is a
 *   parameter the shell never re-parses (spaces, quotes, '$' in $TMPDIR are harmless);
 * - the database lock is not held while the editor is open: notes written for half an
 *   hour must not make every cron run in between fail; it is taken again to save;
 * - a sheet that parses is stored (without the "#!" error block) and the temp file
 *   removed; saved unchanged, nothing is stored;
 * - a sheet that does not parse is reopened at once with its errors on top, up to
 *   NOTES_ROUNDS times. Saved unchanged after such a reopen (the person gives up for
 *   now), it is kept at $XDG_STATE_HOME/afterview/notes/<id>.txt (directory 0700, file
 *   0600) and the command exits EX_DATAERR; the next `notes ID` reopens that text with
 *   its errors instead of the stored notes, until it is saved;
 * - the same file keeps a changed sheet whose editor failed (the text may be half
 *   written, so it is not stored: EX_TEMPFAIL) and a good sheet that could not be
 *   stored (the database stayed locked or failed);
 * - a file too large to read back is left where it is, and its path shown.
 * These helpers are the notes command's; they sit together before main on purpose. */

#define NOTES_ROUNDS	  5			  /* reopenings of a broken sheet in one go */
#define NOTES_READ_MAX	  (4 * AV_NOTES_MAX_SIZE) /* larger files are left where they are */
#define NOTES_LOCK_WAIT_S 60			  /* for a run that holds the database */

/* Read a whole file of at most NOTES_READ_MAX bytes: 0, or an errno value (EFBIG when
 * it is larger). */
static int
notes_read(const char *path, char **text_r, size_t *len_r)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	struct av_buf b;
	char chunk[65536];
	int rc = 0;

	if (fd < 0)
		return errno;
	av_buf_init(&b);
	for (;;) {
		ssize_t n = read(fd, chunk, sizeof(chunk));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = errno;
			break;
		}
		if (n == 0)
			break;
		if (b.len + (size_t)n > NOTES_READ_MAX) {
			rc = EFBIG;
			break;
		}
		av_buf_append(&b, chunk, (size_t)n);
	}
	close(fd);
	if (rc != 0) {
		av_buf_free(&b);
		return rc;
	}
	*len_r = b.len;
	*text_r = av_buf_steal(&b);
	return 0;
}

/* Write text to fd and close it: 0 or an errno value. */
static int
notes_write_fd(int fd, const char *text, bool sync)
{
	int rc = 0;

	errno = 0;
	if (!write_all(fd, text, strlen(text)) || (sync && fsync(fd) != 0))
		rc = errno != 0 ? errno : EIO;
	if (close(fd) != 0 && rc == 0)
		rc = errno;
	return rc;
}

/* Where an unsaved sheet is kept: beside the database, so $XDG_STATE_HOME rules. */
static char *
notes_kept_path(const char *id)
{
	char *db = av_store_default_path();
	char *slash = strrchr(db, '/');
	char *path;

	if (slash != NULL)
		*slash = '\0';
	path = av_asprintf("%s/notes/%s.txt", slash != NULL ? db : ".", id);
	free(db);
	return path;
}

/* Put text into the private file path (mode 0600, its directory made 0700 when missing)
 * durably: written beside it, synced, renamed over it. 0 or an errno value. */
static int
notes_put(const char *path, const char *text)
{
	char *dir = av_strdup(path);
	char *slash = strrchr(dir, '/');
	char *tmp = av_asprintf("%s.new", path);
	int fd, rc = 0;

	if (slash != NULL) {
		*slash = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
			rc = errno;
			goto out;
		}
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		rc = errno;
		goto out;
	}
	if (fchmod(fd, 0600) != 0)
		rc = errno;
	if (rc == 0)
		rc = notes_write_fd(fd, text, true);
	else
		close(fd);
	if (rc == 0 && rename(tmp, path) != 0)
		rc = errno;
	if (rc != 0)
		unlink(tmp);
out:
	free(tmp);
	free(dir);
	return rc;
}

/* Run the person's editor on path and wait: its exit status, 128+N when signal N ended
 * it, -1 when it could not be started. */
static int
notes_edit(const char *path)
{
	const char *ed = getenv("VISUAL");
	char *script;
	struct sigaction ign, old_int, old_quit;
	pid_t pid;
	int status = 0, rc = -1;

	if (ed == NULL || *ed == '\0')
		ed = getenv("EDITOR");
	if (ed == NULL || *ed == '\0')
		ed = "vi";
	script = av_asprintf("%s \"$1\"", ed);
	/* as system(3) does: a ^C typed in the editor is the editor's, it must not end
	 * afterview and leave the sheet behind unread */
	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGINT, &ign, &old_int);
	sigaction(SIGQUIT, &ign, &old_quit);
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		sigaction(SIGINT, &old_int, NULL);
		sigaction(SIGQUIT, &old_quit, NULL);
		execl("/bin/sh", "sh", "-c", script, "sh", path, (char *)NULL);
		_exit(127);
	}
	if (pid > 0) {
		pid_t w;

		while ((w = waitpid(pid, &status, 0)) < 0 && errno == EINTR)
			;
		if (w == pid)
			rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	}
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	free(script);
	return rc;
}

/* Store text as the notes of uid, waiting a while for a run that holds the database. */
static enum av_err
notes_save(const char *account, const char *uid, const char *text, char **error_r)
{
	char *db = av_store_default_path();
	struct av_store *store = NULL;
	char *error = NULL;
	enum av_err err;

	for (int waited = 0;; waited++) {
		err = av_store_open(db, &store, &error);
		if (err != AV_ERR_TEMP || waited >= NOTES_LOCK_WAIT_S)
			break;
		if (waited == 0)
			fprintf(stderr,
				"afterview: waiting for the running afterview to finish...\n");
		free(error);
		error = NULL;
		sleep(1);
	}
	if (err == AV_OK)
		err = av_store_notes_set(store, account, uid, text, time(NULL), &error);
	if (err != AV_OK)
		*error_r = error;
	av_store_close(&store);
	free(db);
	return err;
}

/* text indented under a label, line by line */
static void
notes_print_text(const char *label, const char *text)
{
	printf("\n%s\n", label);
	for (const char *p = text; *p != '\0';) {
		size_t n = strcspn(p, "\n");

		printf("  %.*s\n", (int)n, p);
		p += n + (p[n] == '\n');
	}
}

static void
notes_print(const struct av_interview_report *it, const struct av_notes *n, time_t updated)
{
	const char *summary = it->ev->inv->summary ? it->ev->inv->summary : "(no summary)";
	char t[21];

	printf("Notes on \"%s\" (%s), saved %s\n", summary, it->id, av_time_utc(updated, t));
	for (size_t i = 0; i < n->n_people; i++) {
		char *label = av_asprintf("%s <%s>:", n->people[i].name,
					  n->people[i].email ? n->people[i].email : "no address");

		notes_print_text(label, n->people[i].discussed ? n->people[i].discussed
							       : "(nothing noted)");
		free(label);
	}
	if (n->questions != NULL)
		notes_print_text("Questions and answers:", n->questions);
	if (n->strengths != NULL)
		notes_print_text("Strengths:", n->strengths);
	if (n->weaknesses != NULL)
		notes_print_text("Weaknesses:", n->weaknesses);
	if (n->feedback != NULL)
		notes_print_text("Feedback:", n->feedback);
	if (n->tools != NULL && n->tools[0] != NULL) {
		printf("\nTools to learn:\n");
		for (char **tool = n->tools; *tool != NULL; tool++)
			printf("  - %s\n", *tool);
	}
}

/* Print each line of a parse error (one "line N: ..." per line). */
static void
notes_print_error(const char *error)
{
	for (const char *p = error; *p != '\0';) {
		size_t n = strcspn(p, "\n");

		fprintf(stderr, "  %.*s\n", (int)n, p);
		p += n + (p[n] == '\n');
	}
}

/* --print: the stored notes, readably. */
static int
notes_show(const struct av_interview_report *it, const char *stored, time_t updated,
	   const char *kept_path, bool kept)
{
	const char *summary = it->ev->inv->summary ? it->ev->inv->summary : "(no summary)";
	struct av_notes n;
	char *error = NULL;

	if (stored == NULL)
		printf("no notes yet for \"%s\" (%s)%s\n", summary, it->id,
		       kept ? "" : "; afterview notes ID writes them");
	else if (av_notes_parse(stored, strlen(stored), &n, &error) == AV_OK) {
		notes_print(it, &n, updated);
		av_notes_clear(&n);
	} else {
		/* a sheet stored by a later version, say: show it as it is */
		fprintf(stderr, "afterview: the stored notes do not read as a sheet:\n");
		notes_print_error(error);
		fputs(stored, stdout);
		free(error);
	}
	fflush(stdout); /* the notice after the notes, also when both go to one file */
	if (kept)
		fprintf(stderr,
			"afterview: a sheet not saved yet is kept at %s; afterview notes %s "
			"reopens it\n",
			kept_path, it->id);
	return EX_OK;
}

static int
cmd_notes(const struct options *opt, int argc, char **argv)
{
	struct session ss;
	struct av_model m;
	const struct av_interview_report *it;
	struct av_interviewer *ivs = NULL;
	struct av_notes n;
	const char *id = NULL, *tmpdir;
	char *error = NULL, *stored = NULL, *kept_text = NULL, *kept_path = NULL;
	char *content = NULL, *got = NULL, *tmp = NULL, *uid = NULL;
	size_t kept_len = 0, got_len = 0;
	time_t updated = 0;
	bool print = false, kept = false, shown_error = false, keep_tmp = false;
	bool ambiguous;
	int rc, e, fd;
	enum av_err err;

	memset(&m, 0, sizeof(m));
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--print") == 0) {
			print = true;
		} else if (id == NULL && argv[i][0] != '-') {
			id = argv[i];
		} else {
			id = NULL;
			break;
		}
	}
	if (id == NULL) {
		fprintf(stderr, "afterview: usage: afterview notes ID [--print]\n");
		return EX_USAGE;
	}
	if ((rc = session_open(opt, NULL, &ss)) != EX_OK)
		return rc;
	err = av_engine_evaluate(ss.store, ss.conf, ss.acc, ss.words, time(NULL), &m, &error);
	if (err != AV_OK)
		goto fail;
	it = av_model_find(&m, id, &ambiguous);
	if (it == NULL || !it->is_interview) {
		if (ambiguous)
			av_error("%s: more than one event has this id; give more of it", id);
		else if (it == NULL)
			av_error("%s: no such interview (see afterview status)", id);
		else
			av_error(
				"%s: no such interview: this event is not taken for one (afterview "
				"mark %s interview changes that)",
				id, it->id);
		rc = EX_DATAERR;
		goto out;
	}
	uid = av_strdup(it->ev->inv->uid);
	err = av_store_notes_get(ss.store, ss.acc->name, uid, &stored, &updated, &error);
	if (err != AV_OK)
		goto fail;
	kept_path = notes_kept_path(it->id);
	e = notes_read(kept_path, &kept_text, &kept_len);
	if (e != 0 && e != ENOENT) {
		av_error("%s: %s; it is left as it is", kept_path,
			 e == EFBIG ? "too large to read back" : strerror(e));
		rc = EX_DATAERR;
		goto out;
	}
	kept = e == 0;
	if (print) {
		rc = notes_show(it, stored, updated, kept_path, kept);
		goto out;
	}

	/* what to open: a sheet kept unsaved wins, it is the newest thing the person wrote */
	if (kept) {
		if (av_notes_parse(kept_text, kept_len, &n, &error) == AV_OK)
			av_notes_clear(&n);
		content = av_notes_with_error(kept_text, kept_len, error);
		shown_error = error != NULL;
		fprintf(stderr, "afterview: reopening the sheet kept at %s\n", kept_path);
	} else if (stored != NULL && av_notes_parse(stored, strlen(stored), &n, &error) != AV_OK) {
		content = av_notes_with_error(stored, strlen(stored), error);
		shown_error = true;
	} else {
		/* n holds the stored notes here when there are any: they parsed above */
		ivs = av_calloc(it->n_ivs ? it->n_ivs : 1, sizeof(*ivs));
		for (size_t i = 0; i < it->n_ivs; i++)
			ivs[i] = it->ivs[i].iv; /* borrowed */
		content = av_notes_sheet(it->ev->inv, it->id, ivs, it->n_ivs,
					 stored != NULL ? &n : NULL, NULL);
		if (stored != NULL)
			av_notes_clear(&n);
	}
	free(error);
	error = NULL;
	av_store_close(&ss.store);

	tmpdir = getenv("TMPDIR");
	tmp = av_asprintf("%s/afterview-notes-%s-XXXXXX.txt",
			  tmpdir != NULL && *tmpdir != '\0' ? tmpdir : "/tmp", it->id);
	fd = mkstemps(tmp, 4);
	e = fd < 0 ? errno : fchmod(fd, 0600) != 0 ? errno : 0;
	if (e == 0)
		e = notes_write_fd(fd, content, false);
	else if (fd >= 0)
		close(fd);
	if (e != 0) {
		av_error("%s: cannot write the sheet: %s", tmp, strerror(e));
		if (fd >= 0)
			unlink(tmp);
		rc = EX_CANTCREAT;
		goto out;
	}
	for (int round = 1;; round++) {
		int status = notes_edit(tmp);
		const char *why = NULL;

		free(got);
		got = NULL;
		e = notes_read(tmp, &got, &got_len);
		if (e != 0) {
			av_error("%s: %s", tmp,
				 e == EFBIG ? "too large to read back; it is left there"
					    : strerror(e));
			keep_tmp = true;
			rc = e == EFBIG ? EX_DATAERR : EX_IOERR;
			break;
		}
		if (status != 0) {
			if (status < 0 || status == 126 || status == 127)
				av_error("the editor could not be run (see $VISUAL and $EDITOR)");
			else
				av_error("the editor failed (status %d)", status);
			if (strcmp(got, content) == 0) {
				fprintf(stderr, "afterview: nothing changed, nothing saved\n");
				rc = EX_TEMPFAIL;
				break;
			}
			why = "the editor failed, so the sheet may be half written";
			rc = EX_TEMPFAIL;
		} else if (av_notes_parse(got, got_len, &n, &error) == AV_OK) {
			size_t with = 0, tools = 0;
			char *clean;

			if (!kept && strcmp(got, content) == 0) {
				printf("no changes; the notes for \"%s\" are as they were\n",
				       it->ev->inv->summary ? it->ev->inv->summary : it->id);
				av_notes_clear(&n);
				rc = EX_OK;
				break;
			}
			for (size_t i = 0; i < n.n_people; i++)
				with += n.people[i].discussed != NULL;
			while (n.tools[tools] != NULL)
				tools++;
			av_notes_clear(&n);
			clean = av_notes_with_error(got, got_len, NULL);
			err = notes_save(ss.acc->name, uid, clean, &error);
			free(clean);
			if (err == AV_OK) {
				if (kept)
					unlink(kept_path);
				printf("notes saved for \"%s\" (%s): %zu interviewer%s with notes, "
				       "%zu tool%s to learn\n",
				       it->ev->inv->summary ? it->ev->inv->summary : "(no summary)",
				       it->id, with, with == 1 ? "" : "s", tools,
				       tools == 1 ? "" : "s");
				rc = EX_OK;
				break;
			}
			av_error("%s", error);
			why = "it could not be stored";
			rc = av_err_exit_code(err);
		} else if ((shown_error && strcmp(got, content) == 0) || round >= NOTES_ROUNDS) {
			av_error("the sheet still has errors:");
			notes_print_error(error);
			free(content);
			content = av_notes_with_error(got, got_len, error);
			free(got);
			got = content;
			content = NULL;
			why = "it does not read yet";
			rc = EX_DATAERR;
		} else {
			/* reopen at once: the person is still at the keyboard */
			free(content);
			content = av_notes_with_error(got, got_len, error);
			shown_error = true;
			free(error);
			error = NULL;
			if ((e = notes_put(tmp, content)) == 0)
				continue;
			av_error("%s: %s", tmp, strerror(e));
			why = "it could not be reopened";
			rc = EX_IOERR;
		}
		/* not stored: keep it where the next `afterview notes ID` finds it */
		if ((e = notes_put(kept_path, got)) != 0) {
			av_error("%s: %s; the sheet is left at %s", kept_path, strerror(e), tmp);
			keep_tmp = true;
		} else {
			fprintf(stderr,
				"afterview: %s; it is kept at %s and afterview notes %s reopens "
				"it\n",
				why, kept_path, it->id);
		}
		break;
	}
	if (!keep_tmp)
		unlink(tmp);
	goto out;
fail:
	av_error("%s", error);
	rc = av_err_exit_code(err);
out:
	free(ivs);
	free(got);
	free(content);
	free(tmp);
	free(kept_text);
	free(kept_path);
	free(stored);
	free(uid);
	av_model_clear(&m);
	session_close(&ss);
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
	struct options opt = {NULL, false, false, false};
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
		rc = cmd_notes(&opt, argc - optind, argv + optind);
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
