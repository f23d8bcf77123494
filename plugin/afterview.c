/* afterview — the command line. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "afterview/conf.h"
#include "afterview/detect.h"
#include "afterview/draft.h"
#include "afterview/engine.h"
#include "afterview/events.h"
#include "afterview/imap.h"
#include "afterview/invite.h"
#include "afterview/log.h"
#include "afterview/mime.h"
#include "afterview/report.h"
#include "afterview/store.h"
#include "afterview/sync.h"
#include "afterview/util.h"

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
		/* one "file:line: message" per line, every error at once */
		fprintf(stderr, "%s\n", error);
		fprintf(stderr, "afterview: %s: configuration has errors\n", path);
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
		enum av_err w =
			av_detect_wordlists_load(conf->words_interview, conf->words_negative,
						 conf->words_thanks, &words, &e2);

		av_draft_templates_free(&tpl);
		av_detect_wordlists_free(&words);
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
			fprintf(stderr, "%s\nafterview: %s: configuration has errors\n", error,
				path);
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
	err = av_detect_wordlists_load(ctx->conf ? ctx->conf->words_interview : NULL,
				       ctx->conf ? ctx->conf->words_negative : NULL,
				       ctx->conf ? ctx->conf->words_thanks : NULL, &ctx->words,
				       &error);
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
	av_detect_wordlists_free(&ctx->words);
	av_conf_free(&ctx->conf);
}

/* Parse one message and add its invites to set.
 * Returns the number of invites read, or -1 when the message could not be read. */
static int
scan_message(const struct scan_ctx *ctx, const char *name, const char *msg, size_t len,
	     struct av_events *set)
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

static json_t *
json_str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static void
print_event_text(const struct av_event *ev, const struct av_detection *det,
		 const struct av_interviewer *iv, size_t n_iv, const char *id)
{
	char s[21], e[21];
	const struct av_invite *inv = ev->inv;
	time_t local = inv->start + inv->utc_offset;
	struct tm tm;
	int off = inv->utc_offset / 60;

	gmtime_r(&local, &tm);
	printf("%s  %s  %s\n", id, det->is_interview ? "INTERVIEW" : "not an interview",
	       inv->summary ? inv->summary : "(no summary)");
	printf("  when:     %s – %s (%02d:%02d local, UTC%c%02d:%02d%s%s)%s%s\n",
	       av_time_utc(inv->start, s), av_time_utc(inv->end, e), tm.tm_hour, tm.tm_min,
	       off < 0 ? '-' : '+', abs(off) / 60, abs(off) % 60, inv->zone ? " " : "",
	       inv->zone ? inv->zone : "", inv->all_day ? ", all day" : "",
	       ev->cancelled ? ", CANCELLED" : "");
	if (det->company != NULL)
		printf("  company:  %s\n", det->company);
	printf("  score:    %d\n", det->score);
	for (char **r = det->reasons; r && *r; r++)
		printf("            %s\n", *r);
	if (det->is_interview) {
		printf("  interviewers:%s\n", n_iv == 0 ? " none found" : "");
		for (size_t i = 0; i < n_iv; i++)
			printf("    %s%s <%s> (%s)\n", iv[i].name,
			       iv[i].name_guessed ? " [name guessed]" : "",
			       iv[i].email ? iv[i].email : "address unknown",
			       av_source_name(iv[i].source));
	}
	printf("  source:   %s (%u version%s)\n\n", ev->source, ev->versions,
	       ev->versions == 1 ? "" : "s");
}

static json_t *
event_json(const struct av_event *ev, const struct av_detection *det,
	   const struct av_interviewer *iv, size_t n_iv, const char *id)
{
	char s[21], e[21];
	json_t *o = json_object(), *reasons = json_array(), *ivs = json_array();

	for (char **r = det->reasons; r && *r; r++)
		json_array_append_new(reasons, json_string(*r));
	for (size_t i = 0; i < n_iv && det->is_interview; i++)
		json_array_append_new(ivs, json_pack("{s:s, s:o, s:s, s:b}", "name", iv[i].name,
						     "email", json_str_or_null(iv[i].email),
						     "source", av_source_name(iv[i].source),
						     "name_guessed", iv[i].name_guessed));
	json_object_set_new(o, "id", json_string(id));
	json_object_set_new(o, "uid", json_string(ev->inv->uid));
	json_object_set_new(o, "summary", json_str_or_null(ev->inv->summary));
	json_object_set_new(o, "company", json_str_or_null(det->company));
	json_object_set_new(o, "start", json_string(av_time_utc(ev->inv->start, s)));
	json_object_set_new(o, "end", json_string(av_time_utc(ev->inv->end, e)));
	json_object_set_new(o, "all_day", json_boolean(ev->inv->all_day));
	json_object_set_new(o, "cancelled", json_boolean(ev->cancelled));
	json_object_set_new(o, "interview", json_boolean(det->is_interview));
	json_object_set_new(o, "score", json_integer(det->score));
	json_object_set_new(o, "reasons", reasons);
	json_object_set_new(o, "interviewers", ivs);
	json_object_set_new(o, "source", json_string(ev->source));
	json_object_set_new(o, "versions", json_integer(ev->versions));
	return o;
}

static int
cmd_scan(const struct options *opt, int argc, char **argv)
{
	struct scan_ctx ctx;
	struct av_events set;
	bool json = false;
	int rc, first = 1, bad = 0;
	json_t *arr = NULL;

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
		if (scan_message(&ctx, argv[i], msg, len, &set) < 0)
			bad++;
		free(msg);
	}
	av_events_sort(&set);
	if (json)
		arr = json_array();
	for (size_t i = 0; i < set.n; i++) {
		const struct av_event *ev = &set.v[i];
		struct av_detection det;
		struct av_interviewer *iv = NULL;
		size_t n_iv = 0;
		char id[13];

		av_events_id(ev->inv->uid, id);
		av_detect_score(ev->inv, ev->sender, ctx.words, &det);
		av_detect_interviewers(ev->inv, ctx.me, &iv, &n_iv);
		if (json)
			json_array_append_new(arr, event_json(ev, &det, iv, n_iv, id));
		else
			print_event_text(ev, &det, iv, n_iv, id);
		av_interviewers_free(&iv, n_iv);
		av_detection_clear(&det);
	}
	if (json) {
		json_t *root = json_pack("{s:o}", "interviews", arr);

		json_dumpf(root, stdout, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
		printf("\n");
		json_decref(root);
	} else if (set.n == 0) {
		printf("no invites found\n");
	}
	av_events_free(&set);
	scan_ctx_close(&ctx);
	return bad > 0 ? EX_DATAERR : EX_OK;
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
	scan_message(&ctx, "stdin", b.data ? b.data : "", b.len, &set);
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
		fprintf(stderr, "%s\nafterview: %s: configuration has errors\n", error, path);
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
	av_detect_wordlists_free(&ss->words);
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
		fprintf(stderr, "%s\nafterview: %s: configuration has errors\n", error, path);
		rc = av_err_exit_code(err);
		goto out;
	}
	ss->acc = av_conf_account(ss->conf, account);
	if (ss->acc == NULL) {
		av_error("%s: no account '%s'", path, account ? account : "");
		rc = EX_CONFIG;
		goto out;
	}
	err = av_detect_wordlists_load(ss->conf->words_interview, ss->conf->words_negative,
				       ss->conf->words_thanks, &ss->words, &error);
	if (err == AV_OK)
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
	if ((err = av_draft_templates_load(ss.conf->templates, &tpl, &error)) != AV_OK)
		goto fail;
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
