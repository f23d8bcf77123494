/* SPDX-License-Identifier: GPL-3.0-or-later */
/* afterview — the command line's shared pieces (cli.h). */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "afterview/conf.h"
#include "afterview/words.h"
#include "afterview/log.h"
#include "afterview/store.h"
#include "afterview/util.h"

#include "cli.h"

void
av_cli_report_conf_errors(const char *path, const char *error)
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

void
av_cli_report_file_errors(const char *what, const char *error)
{
	fprintf(stderr, "%s\nafterview: the %s have errors\n", error, what);
}

/* av_parse_iso8601 checks each field's range only (day 31 of any month, second 60):
 * a time typed for --now must be one the calendar has, and no earlier than 1970, or a
 * mistyped date would quietly judge every interview as of another day. NULL when s
 * (which av_parse_iso8601 read as t) is such a time, else what is wrong with it. */
static const char *
now_problem(const char *s, time_t t)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int y = 0, mo = 1, d = 1, last;

	if (sscanf(s, "%4d-%2d-%2d", &y, &mo, &d) != 3 || mo < 1 || mo > 12)
		return "not a time like 2026-11-20T18:00:00Z";
	last = days[mo - 1] + (mo == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0));
	if (d > last)
		return "no such day";
	/* "YYYY-MM-DDTHH:MM:SS": seconds run 00 to 59 (leap seconds are not POSIX time) */
	if (s[16] == ':' && strncmp(s + 17, "60", 2) == 0)
		return "no such second (seconds run from 00 to 59)";
	if (y < 1970 || t < 0)
		return "before 1970";
	return NULL;
}

int
av_cli_parse_run_opts(int argc, char **argv, bool allow_dry_run, struct av_cli_run_opts *ro)
{
	ro->account = NULL;
	ro->now = time(NULL);
	ro->dry_run = false;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--account") == 0 && i + 1 < argc) {
			ro->account = argv[++i];
		} else if (strcmp(argv[i], "--now") == 0 && i + 1 < argc) {
			const char *why;

			if (!av_parse_iso8601(argv[++i], &ro->now)) {
				fprintf(stderr,
					"afterview: --now %s: not a time like "
					"2026-11-20T18:00:00Z\n",
					argv[i]);
				return EX_USAGE;
			}
			if ((why = now_problem(argv[i], ro->now)) != NULL) {
				fprintf(stderr, "afterview: --now %s: %s\n", argv[i], why);
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

void
av_cli_watchdog_start(const struct av_account *acc)
{
	unsigned s = acc != NULL && acc->timeout_s * 20 > 600 ? acc->timeout_s * 20 : 600;

	signal(SIGALRM, watchdog);
	alarm(s);
}

void
av_cli_watchdog_stop(void)
{
	alarm(0);
}

void
av_cli_session_close(struct av_cli_session *ss)
{
	av_store_close(&ss->store);
	av_words_free(&ss->words);
	av_conf_free(&ss->conf);
}

int
av_cli_session_open(const struct av_cli_options *opt, const char *account,
		    struct av_cli_session *ss)
{
	char *path = opt->config ? av_strdup(opt->config) : av_conf_default_path();
	char *db = av_store_default_path();
	char *error = NULL;
	enum av_err err;
	int rc = EX_OK;

	memset(ss, 0, sizeof(*ss));
	err = av_conf_load(path, &ss->conf, &error);
	if (err != AV_OK) {
		av_cli_report_conf_errors(path, error);
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
		av_cli_report_file_errors("word lists", error);
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
		av_cli_session_close(ss);
	free(error);
	free(path);
	free(db);
	return rc;
}

bool
av_cli_write_all(int fd, const char *data, size_t len)
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
