/* SPDX-License-Identifier: GPL-3.0-or-later */
/* afterview — what the command line's files share (plugin/afterview.c, plugin/cmd-notes.c):
 * the global options, the session a command opens on an account, the error reports, the
 * options of the commands that work on an account, the run's watchdog, full writes.
 *
 * A private header of the afterview program, not part of libafterview: nothing outside
 * the command line includes it, and its functions are linked into the program only.
 * They talk to the person themselves (on stderr, through the logger) and return the
 * command's exit status (sysexits.h) rather than an enum av_err.
 */
#ifndef AFTERVIEW_CLI_H
#define AFTERVIEW_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "afterview/conf.h"
#include "afterview/words.h"
#include "afterview/store.h"

/* The options given before the command. */
struct av_cli_options {
	const char *config; /* foreign (argv) or NULL: the default path */
	bool verbose;
	bool quiet;
	bool syslog;
};

/* The config's errors (error: one "file:line: message" per line) on stderr, then what to
 * do: start from the sample when path does not exist, else that it has errors. */
void av_cli_report_conf_errors(const char *path, const char *error);

/* Errors in the person's own files (templates, word lists; what names them), as written,
 * then a line saying which files have errors. */
void av_cli_report_file_errors(const char *what, const char *error);

/* Options shared by the commands that work on an account. */
struct av_cli_run_opts {
	const char *account; /* foreign (argv) or NULL: the first account */
	time_t now;	     /* --now, else the current time */
	bool dry_run;
};

/* Read [--account NAME] [--now TIME] and, when allow_dry_run, [--dry-run] from argv[1..]
 * (argv[0] is the command's name). EX_OK, or EX_USAGE with the reason on stderr. */
int av_cli_parse_run_opts(int argc, char **argv, bool allow_dry_run, struct av_cli_run_opts *ro);

/* Bound the whole run: 20 times the account's network timeout, at least 10 minutes (acc
 * NULL: 10 minutes, for the start of a run, before the config is read: a file that blocks
 * cannot keep cron's job alive either); past that the process says so on stderr and exits
 * EX_TEMPFAIL (SIGALRM). Starting it again re-arms it from now. */
void av_cli_watchdog_start(const struct av_account *acc);
/* Disarm it; harmless when it was not started. */
void av_cli_watchdog_stop(void);

/* What run, status, explain, mark and notes share: the config, the account, the word
 * lists, the state database (locked while open). */
struct av_cli_session {
	struct av_conf *conf;	      /* owned */
	const struct av_account *acc; /* foreign: conf's */
	struct av_wordlists *words;   /* owned */
	struct av_store *store;	      /* owned; NULL once closed */
};

/* Load the config (opt->config, else the default path), choose the account (NULL: the
 * first), load the word lists, open the state database. EX_OK; or, with the error
 * reported and *ss left closed, the exit status to end with. */
int av_cli_session_open(const struct av_cli_options *opt, const char *account,
			struct av_cli_session *ss);
/* Free what ss holds and unlock the database; safe on a closed session. */
void av_cli_session_close(struct av_cli_session *ss);

/* Write all of data to fd, retrying short and interrupted writes. false with errno set
 * when a write fails (errno may be 0 when write wrote nothing). */
bool av_cli_write_all(int fd, const char *data, size_t len);

/* `afterview notes ID [--print]` (cmd-notes.c): argv[0] is "notes". Its exit status. */
int av_cli_notes(const struct av_cli_options *opt, int argc, char **argv);

#endif
