/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "afterview/log.h"
#include "afterview/util.h"

#define MIN_SECRET_LEN 4

static const struct {
	const char *name;
	enum av_log_cat cat;
} categories[] = {
	{"conf", AV_CAT_CONF},	   {"imap", AV_CAT_IMAP},   {"tls", AV_CAT_TLS},
	{"db", AV_CAT_DB},	   {"mime", AV_CAT_MIME},   {"ical", AV_CAT_ICAL},
	{"detect", AV_CAT_DETECT}, {"match", AV_CAT_MATCH}, {"draft", AV_CAT_DRAFT},
	{"engine", AV_CAT_ENGINE},
};

static struct {
	char ident[32];
	bool syslog_open;
	FILE *stream; /* foreign; NULL means stderr */
	enum av_log_level level;
	unsigned debug_cats;
	char **secrets; /* owned, wiped on close */
	size_t n_secrets;
} lg = {"afterview", false, NULL, AV_LOG_WARN, 0, NULL, 0};

static void
forget_secrets(void)
{
	for (size_t i = 0; i < lg.n_secrets; i++) {
		av_wipe(lg.secrets[i], strlen(lg.secrets[i]));
		free(lg.secrets[i]);
	}
	free(lg.secrets);
	lg.secrets = NULL;
	lg.n_secrets = 0;
}

void
av_log_open(const char *ident, bool to_syslog)
{
	av_log_close();
	snprintf(lg.ident, sizeof(lg.ident), "%s", ident);
	if (to_syslog) {
		openlog(lg.ident, LOG_PID, LOG_MAIL);
		lg.syslog_open = true;
	}
}

void
av_log_close(void)
{
	if (lg.syslog_open)
		closelog();
	lg.syslog_open = false;
	lg.stream = NULL;
	lg.level = AV_LOG_WARN;
	lg.debug_cats = 0;
	forget_secrets();
}

void
av_log_set_stream(FILE *stream)
{
	lg.stream = stream;
}

void
av_log_set_level(enum av_log_level level)
{
	lg.level = level;
}

const char *
av_log_category_names(void)
{
	return "conf,imap,tls,db,mime,ical,detect,match,draft,engine,all";
}

bool
av_log_set_debug(const char *spec, char **error_r)
{
	unsigned cats = 0;
	const char *p = spec;

	while (*p != '\0') {
		size_t len = strcspn(p, ",");
		bool found = false;

		if (len == 3 && strncmp(p, "all", 3) == 0) {
			cats |= AV_CAT_ALL;
			found = true;
		}
		for (size_t i = 0; !found && i < sizeof(categories) / sizeof(categories[0]); i++) {
			if (strlen(categories[i].name) == len &&
			    strncmp(categories[i].name, p, len) == 0) {
				cats |= categories[i].cat;
				found = true;
			}
		}
		if (!found && len > 0) {
			av_error_set(error_r, "unknown debug category '%.*s' (known: %s)", (int)len,
				     p, av_log_category_names());
			return false;
		}
		p += len;
		if (*p == ',')
			p++;
	}
	lg.debug_cats |= cats;
	if (cats != 0)
		lg.level = AV_LOG_DEBUG;
	return true;
}

bool
av_log_debug_enabled(enum av_log_cat cat)
{
	return (lg.debug_cats & cat) != 0;
}

void
av_log_add_secret(const char *s)
{
	if (s == NULL || strlen(s) < MIN_SECRET_LEN)
		return;
	for (size_t i = 0; i < lg.n_secrets; i++)
		if (strcmp(lg.secrets[i], s) == 0)
			return;
	lg.secrets = av_realloc(lg.secrets, (lg.n_secrets + 1) * sizeof(*lg.secrets));
	lg.secrets[lg.n_secrets++] = av_strdup(s);
}

/* Replace every registered secret in line, and every control character but tab, so
 * that neither a secret nor a hostile string (ANSI escapes, CR/LF forging a line)
 * reaches a terminal or syslog. */
static char *
sanitize(const char *line)
{
	struct av_buf b;
	const char *p = line;

	av_buf_init(&b);
	while (*p != '\0') {
		size_t hit = 0;

		for (size_t i = 0; i < lg.n_secrets && hit == 0; i++) {
			size_t n = strlen(lg.secrets[i]);

			if (strncmp(p, lg.secrets[i], n) == 0)
				hit = n;
		}
		if (hit > 0) {
			av_buf_puts(&b, "********");
			p += hit;
		} else if ((unsigned char)*p < 0x20 && *p != '\t') {
			av_buf_printf(&b, "\\x%02x", (unsigned char)*p);
			p++;
		} else if (*p == 0x7f) {
			av_buf_puts(&b, "\\x7f");
			p++;
		} else {
			av_buf_append(&b, p, 1);
			p++;
		}
	}
	return av_buf_steal(&b);
}

static void emit(enum av_log_level level, const char *prefix, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

static void
emit(enum av_log_level level, const char *prefix, const char *fmt, va_list ap)
{
	static const char *const names[] = {"error", "warning", "info", "debug"};
	static const int prio[] = {LOG_ERR, LOG_WARNING, LOG_INFO, LOG_DEBUG};
	char *raw = av_vasprintf(fmt, ap);
	char *line = sanitize(raw);

	av_wipe(raw, strlen(raw));
	free(raw);
	if (level <= lg.level) {
		FILE *out = lg.stream ? lg.stream : stderr;

		if (level == AV_LOG_INFO)
			fprintf(out, "%s%s\n", prefix, line);
		else
			fprintf(out, "%s: %s: %s%s\n", lg.ident, names[level], prefix, line);
		fflush(out);
	}
	if (lg.syslog_open && level <= AV_LOG_INFO)
		syslog(prio[level], "%s%s", prefix, line);
	free(line);
}

void
av_log(enum av_log_level level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit(level, "", fmt, ap);
	va_end(ap);
}

void
av_debug(enum av_log_cat cat, const char *fmt, ...)
{
	va_list ap;
	const char *name = "?";
	char prefix[24];

	if (!av_log_debug_enabled(cat))
		return;
	for (size_t i = 0; i < sizeof(categories) / sizeof(categories[0]); i++)
		if (categories[i].cat == cat)
			name = categories[i].name;
	snprintf(prefix, sizeof(prefix), "[%s] ", name);
	va_start(ap, fmt);
	emit(AV_LOG_DEBUG, prefix, fmt, ap);
	va_end(ap);
}

void
av_log_summary(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit(AV_LOG_INFO, "", fmt, ap);
	va_end(ap);
}
