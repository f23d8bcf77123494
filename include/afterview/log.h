/* SPDX-License-Identifier: GPL-3.0-or-later */
/* afterview — logging: levels, debug categories, stderr and/or syslog.
 *
 * One API for every module. Messages go to a stream (stderr by default) when at or
 * above the threshold level, and to syslog (facility mail) when enabled. Debug output
 * is per category (`-D imap,db` or `-D all`), in the manner of mbsync's -D letters.
 *
 * Secrets: a module that holds a secret (password, token) registers it with
 * av_log_add_secret(); every later line that contains it is written with the secret
 * replaced by "********", whatever the level or sink. That is a second line of defence:
 * modules still never format a secret on purpose.
 *
 * No function here returns an enum av_err: only av_log_set_debug fails (false, with the
 * message in *error_r as util.h describes). av_log_close releases everything logging
 * holds.
 */
#ifndef AFTERVIEW_LOG_H
#define AFTERVIEW_LOG_H

#include <stdbool.h>
#include <stdio.h>

enum av_log_level {
	AV_LOG_ERROR,
	AV_LOG_WARN,
	AV_LOG_INFO,
	AV_LOG_DEBUG,
};

/* Debug categories, one bit each. */
enum av_log_cat {
	AV_CAT_CONF = 1u << 0,
	AV_CAT_IMAP = 1u << 1,
	AV_CAT_TLS = 1u << 2,
	AV_CAT_DB = 1u << 3,
	AV_CAT_MIME = 1u << 4,
	AV_CAT_ICAL = 1u << 5,
	AV_CAT_DETECT = 1u << 6,
	AV_CAT_MATCH = 1u << 7,
	AV_CAT_DRAFT = 1u << 8,
	AV_CAT_ENGINE = 1u << 9,
	AV_CAT_ALL = (1u << 10) - 1,
};

/* Start logging as ident (e.g. "afterview"). to_syslog adds syslog (LOG_MAIL). The
 * stream is stderr and the threshold AV_LOG_WARN until changed. Calling it again resets
 * everything, including registered secrets. */
void av_log_open(const char *ident, bool to_syslog);
/* Release everything av_log_open() and av_log_add_secret() hold; closes syslog. */
void av_log_close(void);

/* Where stream output goes (borrowed; NULL restores stderr). For tests and filter mode. */
void av_log_set_stream(FILE *stream);
/* Lines below level are not written to the stream (syslog gets INFO and above). */
void av_log_set_level(enum av_log_level level);

/* Parse a category list like "imap,db" or "all" and enable debug output for those
 * categories (which also lowers the stream threshold to AV_LOG_DEBUG).
 * Returns false with *error_r naming the unknown category. */
bool av_log_set_debug(const char *spec, char **error_r);
bool av_log_debug_enabled(enum av_log_cat cat);
/* The names of all categories, comma separated (static string), for --help. */
const char *av_log_category_names(void);

/* Mask s (copied, at least 4 bytes long to be registered) in every later line. */
void av_log_add_secret(const char *s);

void av_log(enum av_log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void av_debug(enum av_log_cat cat, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#define av_error(...) av_log(AV_LOG_ERROR, __VA_ARGS__)
#define av_warn(...)  av_log(AV_LOG_WARN, __VA_ARGS__)
#define av_info(...)  av_log(AV_LOG_INFO, __VA_ARGS__)

/* The run's one summary line ("key=value key=value"): always to syslog when enabled,
 * and to the stream at AV_LOG_INFO. */
void av_log_summary(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
