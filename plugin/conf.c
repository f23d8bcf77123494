/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <ini.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "afterview/conf.h"
#include "afterview/language.h"
#include "afterview/log.h"
#include "afterview/text.h"

#define MAX_SECRET_LEN	     8192
#define SECRET_CMD_TIMEOUT_S 60
#define MAX_CONF_LINE	     (INI_MAX_LINE - 2)

enum section_kind {
	SEC_NONE,
	SEC_ME,
	SEC_AFTERVIEW,
	SEC_ACCOUNT,
	SEC_COMPANY,
	SEC_UNKNOWN,
};

/* Parser state shared by the line reader and the inih handler. */
struct parse {
	struct av_conf *conf;
	FILE *file;
	unsigned line;	      /* physical line the reader handed out last */
	bool continuation;    /* that line starts with white space */
	struct av_buf errors; /* "file:line: msg\n"... */
	unsigned n_errors;
	char *section; /* owned: name of the current section as written */
	enum section_kind kind;
	bool warned_section;
	char *last_key;	      /* owned: key of the previous key line */
	unsigned *seen_lines; /* line where each key of the current section was set */
	char **seen_keys;
	size_t n_seen;
	bool has_secret;
	const char *secret_key;
	unsigned secret_line;
	bool client; /* for a mail-client plugin: the client gives account and identity */
};

static void conf_error(struct parse *p, unsigned line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
conf_error(struct parse *p, unsigned line, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = av_vasprintf(fmt, ap);
	va_end(ap);
	if (line > 0)
		av_buf_printf(&p->errors, "%s:%u: %s\n", p->conf->path, line, msg);
	else
		av_buf_printf(&p->errors, "%s: %s\n", p->conf->path, msg);
	p->n_errors++;
	free(msg);
}

char *
av_conf_default_path(void)
{
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");

	if (xdg != NULL && xdg[0] == '/')
		return av_asprintf("%s/afterview/config", xdg);
	return av_asprintf("%s/.config/afterview/config", home ? home : ".");
}

bool
av_conf_parse_bool(const char *s, bool *value_r)
{
	static const char *const yes[] = {"yes", "true", "on", "1"};
	static const char *const no[] = {"no", "false", "off", "0"};

	for (size_t i = 0; i < 4; i++) {
		if (strcasecmp(s, yes[i]) == 0) {
			*value_r = true;
			return true;
		}
		if (strcasecmp(s, no[i]) == 0) {
			*value_r = false;
			return true;
		}
	}
	return false;
}

static bool
parse_uint(const char *s, unsigned min, unsigned max, unsigned *value_r)
{
	char *end;
	unsigned long v;

	if (!isdigit((unsigned char)s[0]))
		return false;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return false;
	*value_r = (unsigned)v;
	return true;
}

/* Split a list separated by commas and/or white space into a NULL-terminated array. */
static char **
split_list(const char *s, bool lower)
{
	char **v = av_calloc(1, sizeof(*v));
	size_t n = 0;

	while (*s != '\0') {
		size_t len;

		s += strspn(s, ", \t\n");
		len = strcspn(s, ", \t\n");
		if (len == 0)
			break;
		v = av_realloc(v, (n + 2) * sizeof(*v));
		v[n] = av_strndup(s, len);
		if (lower)
			av_text_lower(v[n]);
		v[++n] = NULL;
		s += len;
	}
	return v;
}

static void
free_list(char ***v)
{
	if (*v == NULL)
		return;
	for (char **q = *v; *q; q++)
		free(*q);
	free(*v);
	*v = NULL;
}

static void
set_str(char **dst, const char *value)
{
	free(*dst);
	*dst = av_strdup(value);
}

static bool
valid_timezone(const char *tz)
{
	char *path;
	struct stat st;
	bool ok;

	if (strcmp(tz, "UTC") == 0)
		return true;
	if (tz[0] == '/' || strstr(tz, "..") != NULL || !isalpha((unsigned char)tz[0]))
		return false;
	path = av_asprintf("/usr/share/zoneinfo/%s", tz);
	ok = stat(path, &st) == 0 && S_ISREG(st.st_mode);
	free(path);
	return ok;
}

static bool
valid_email(const char *a)
{
	const char *at = strchr(a, '@');

	return at != NULL && at != a && at[1] != '\0' && strchr(at + 1, '@') == NULL &&
	       strchr(at + 1, '.') != NULL && strpbrk(a, " <>\"()[]\\,;:") == NULL;
}

/* Continuation lines append to the value already stored under that key. */
static void
append_str(char **dst, const char *value, const char *sep)
{
	char *joined;

	if (*dst == NULL || (*dst)[0] == '\0') {
		set_str(dst, value);
		return;
	}
	joined = av_asprintf("%s%s%s", *dst, sep, value);
	free(*dst);
	*dst = joined;
}

static void
note_secret(struct parse *p, const char *key)
{
	if (!p->has_secret) {
		p->has_secret = true;
		p->secret_key = strcmp(key, "password") == 0	   ? "password"
				: strcmp(key, "password_cmd") == 0 ? "password_cmd"
								   : "oauth2_token_cmd";
		p->secret_line = p->line;
	}
}

/* The known codes for messages: "en, es, de, fr". */
static char *
known_languages(void)
{
	struct av_buf b;

	av_buf_init(&b);
	for (const char *const *c = av_language_codes; *c != NULL; c++)
		av_buf_printf(&b, "%s%s", c == av_language_codes ? "" : ", ", *c);
	return av_buf_steal(&b);
}

static const char *
parse_language(struct parse *p, const char *key, const char *value)
{
	const char *code = av_language_code(value);
	char *known;

	if (code == NULL) {
		known = known_languages();
		conf_error(p, p->line, "%s: '%s' is not a language afterview writes (%s)", key,
			   value, known);
		free(known);
	}
	return code;
}

/* languages = en, es: the codes, each once; continuation lines add to them. */
static void
set_languages(struct parse *p, const char *value, bool cont)
{
	struct av_me *me = &p->conf->me;
	char **list = split_list(value, true);
	size_t n = 0;

	if (!cont || me->languages == NULL) {
		free(me->languages);
		me->languages = av_calloc(1, sizeof(*me->languages));
	}
	while (me->languages[n] != NULL)
		n++;
	for (char **w = list; *w != NULL; w++) {
		const char *code = parse_language(p, "languages", *w);
		bool dup = false;

		for (size_t i = 0; code != NULL && i < n; i++)
			dup = dup || me->languages[i] == code;
		if (code == NULL || dup)
			continue;
		me->languages = av_realloc(me->languages, (n + 2) * sizeof(*me->languages));
		me->languages[n++] = code;
		me->languages[n] = NULL;
	}
	free_list(&list);
}

static bool
set_me(struct parse *p, const char *key, const char *value, bool cont)
{
	struct av_me *me = &p->conf->me;

	if (strcmp(key, "name") == 0) {
		cont ? append_str(&me->name, value, " ") : set_str(&me->name, value);
	} else if (strcmp(key, "addresses") == 0 || strcmp(key, "address") == 0) {
		char **list = split_list(value, true);

		for (char **a = list; *a; a++)
			if (!valid_email(*a))
				conf_error(p, p->line, "'%s' is not an e-mail address", *a);
		if (cont && me->addresses != NULL) {
			size_t n = 0, m = 0;

			while (me->addresses[n])
				n++;
			while (list[m])
				m++;
			me->addresses = av_realloc(me->addresses, (n + m + 1) * sizeof(char *));
			memcpy(me->addresses + n, list, (m + 1) * sizeof(char *));
			free(list);
		} else {
			free_list(&me->addresses);
			me->addresses = list;
		}
	} else if (strcmp(key, "skills") == 0) {
		cont ? append_str(&me->skills, value, " ") : set_str(&me->skills, value);
	} else if (strcmp(key, "pitch") == 0) {
		cont ? append_str(&me->pitch, value, " ") : set_str(&me->pitch, value);
	} else if (strcmp(key, "phone") == 0) {
		set_str(&me->phone, value);
	} else if (strcmp(key, "signature") == 0) {
		cont ? append_str(&me->signature, value, "\n") : set_str(&me->signature, value);
	} else if (strcmp(key, "languages") == 0) {
		set_languages(p, value, cont);
	} else if (strcmp(key, "timezone") == 0) {
		if (!valid_timezone(value))
			conf_error(p, p->line, "timezone '%s' is not a known IANA zone", value);
		else
			set_str(&me->timezone, value);
	} else {
		return false;
	}
	return true;
}

static bool
parse_tone(struct parse *p, const char *value, enum av_tone *tone_r)
{
	if (strcasecmp(value, "formal") == 0)
		*tone_r = AV_TONE_FORMAL;
	else if (strcasecmp(value, "casual") == 0)
		*tone_r = AV_TONE_CASUAL;
	else {
		conf_error(p, p->line, "tone must be formal or casual, not '%s'", value);
		return false;
	}
	return true;
}

static void
set_path(struct parse *p, char **dst, const char *key, const char *value, bool want_dir)
{
	struct stat st;

	if (stat(value, &st) != 0)
		conf_error(p, p->line, "%s: cannot use '%s': %s", key, value, strerror(errno));
	else if (want_dir && !S_ISDIR(st.st_mode))
		conf_error(p, p->line, "%s: '%s' is not a directory", key, value);
	else if (!want_dir && !S_ISREG(st.st_mode))
		conf_error(p, p->line, "%s: '%s' is not a file", key, value);
	else
		set_str(dst, value);
}

static bool
set_afterview(struct parse *p, const char *key, const char *value)
{
	struct av_conf *c = p->conf;

	if (strcmp(key, "window_hours") == 0) {
		if (!parse_uint(value, 1, 168, &c->window_hours))
			conf_error(p, p->line,
				   "window_hours must be a whole number from 1 to 168, not '%s'",
				   value);
	} else if (strcmp(key, "horizon_days") == 0) {
		if (!parse_uint(value, 1, 3650, &c->horizon_days))
			conf_error(p, p->line,
				   "horizon_days must be a whole number from 1 to 3650, not '%s'",
				   value);
	} else if (strcmp(key, "tone") == 0) {
		parse_tone(p, value, &c->tone);
	} else if (strcmp(key, "update_drafts") == 0) {
		if (!av_conf_parse_bool(value, &c->update_drafts))
			conf_error(p, p->line, "update_drafts must be yes or no, not '%s'", value);
	} else if (strcmp(key, "templates") == 0) {
		set_path(p, &c->templates, key, value, true);
	} else if (strcmp(key, "words_interview") == 0) {
		set_path(p, &c->words_interview, key, value, false);
	} else if (strcmp(key, "words_negative") == 0) {
		set_path(p, &c->words_negative, key, value, false);
	} else if (strcmp(key, "words_thanks") == 0) {
		set_path(p, &c->words_thanks, key, value, false);
	} else {
		return false;
	}
	return true;
}

static bool
set_account(struct parse *p, struct av_account *a, const char *key, const char *value)
{
	if (strcmp(key, "host") == 0) {
		if (strpbrk(value, " \t/") != NULL)
			conf_error(p, p->line, "host '%s' is not a host name or address", value);
		else
			set_str(&a->host, value);
	} else if (strcmp(key, "port") == 0) {
		if (!parse_uint(value, 1, 65535, &a->port))
			conf_error(p, p->line, "port must be a number from 1 to 65535, not '%s'",
				   value);
	} else if (strcmp(key, "security") == 0) {
		if (strcasecmp(value, "tls") == 0)
			a->security = AV_SECURITY_TLS;
		else if (strcasecmp(value, "starttls") == 0)
			a->security = AV_SECURITY_STARTTLS;
		else if (strcasecmp(value, "plain") == 0)
			a->security = AV_SECURITY_PLAIN;
		else
			conf_error(p, p->line, "security must be tls, starttls or plain, not '%s'",
				   value);
	} else if (strcmp(key, "user") == 0) {
		set_str(&a->user, value);
	} else if (strcmp(key, "password") == 0) {
		note_secret(p, key);
		set_str(&a->password, value);
	} else if (strcmp(key, "password_cmd") == 0) {
		note_secret(p, key);
		set_str(&a->password_cmd, value);
	} else if (strcmp(key, "oauth2_token_cmd") == 0) {
		note_secret(p, key);
		set_str(&a->oauth2_token_cmd, value);
	} else if (strcmp(key, "ca_file") == 0) {
		set_path(p, &a->ca_file, key, value, false);
	} else if (strcmp(key, "tls_fingerprint") == 0) {
		char *fp = av_text_lower_dup(value);
		size_t hex = 0;
		bool ok = true;

		for (char *q = fp; *q; q++) {
			if (isxdigit((unsigned char)*q))
				hex++;
			else if (*q != ':')
				ok = false;
		}
		if (!ok || hex != 64)
			conf_error(p, p->line,
				   "tls_fingerprint must be a SHA-256 digest (64 hex digits, "
				   "colons allowed)");
		else
			set_str(&a->tls_fingerprint, fp);
		free(fp);
	} else if (strcmp(key, "inbox") == 0) {
		set_str(&a->inbox, value);
	} else if (strcmp(key, "folders") == 0) {
		free_list(&a->folders);
		a->folders = split_list(value, false);
	} else if (strcmp(key, "sent") == 0) {
		set_str(&a->sent, value);
	} else if (strcmp(key, "drafts") == 0) {
		set_str(&a->drafts, value);
	} else if (strcmp(key, "timeout") == 0) {
		if (!parse_uint(value, 1, 600, &a->timeout_s))
			conf_error(p, p->line, "timeout must be seconds from 1 to 600, not '%s'",
				   value);
	} else {
		return false;
	}
	return true;
}

static bool
set_company(struct parse *p, struct av_company *co, const char *key, const char *value)
{
	if (strcmp(key, "name") == 0 || strcmp(key, "company") == 0) {
		set_str(&co->name, value);
	} else if (strcmp(key, "tone") == 0) {
		if (parse_tone(p, value, &co->tone))
			co->tone_set = true;
	} else if (strcmp(key, "language") == 0) {
		co->language = parse_language(p, "language", value);
	} else {
		return false;
	}
	return true;
}

static void
reset_seen(struct parse *p)
{
	for (size_t i = 0; i < p->n_seen; i++)
		free(p->seen_keys[i]);
	free(p->seen_keys);
	free(p->seen_lines);
	p->seen_keys = NULL;
	p->seen_lines = NULL;
	p->n_seen = 0;
}

static void
begin_section(struct parse *p, const char *section)
{
	struct av_conf *c = p->conf;
	const char *sp = strpbrk(section, " \t");
	size_t wlen = sp ? (size_t)(sp - section) : strlen(section);
	const char *arg = sp ? sp + strspn(sp, " \t") : "";

	free(p->section);
	p->section = av_strdup(section);
	p->warned_section = false;
	reset_seen(p);
	free(p->last_key);
	p->last_key = NULL;

	if (wlen == 2 && strncmp(section, "me", 2) == 0 && *arg == '\0') {
		p->kind = SEC_ME;
	} else if (wlen == 9 && strncmp(section, "afterview", 9) == 0 && *arg == '\0') {
		p->kind = SEC_AFTERVIEW;
	} else if (wlen == 7 && strncmp(section, "account", 7) == 0) {
		struct av_account *a;

		p->kind = SEC_ACCOUNT;
		if (*arg == '\0')
			conf_error(p, p->line, "[account] needs a name: [account NAME]");
		for (size_t i = 0; i < c->n_accounts; i++)
			if (strcmp(c->accounts[i].name, arg) == 0)
				conf_error(p, p->line, "account '%s' is already defined at line %u",
					   arg, c->accounts[i].line);
		c->accounts = av_realloc(c->accounts, (c->n_accounts + 1) * sizeof(*a));
		a = &c->accounts[c->n_accounts++];
		memset(a, 0, sizeof(*a));
		a->name = av_strdup(*arg ? arg : "(unnamed)");
		a->line = p->line;
		a->security = AV_SECURITY_TLS;
	} else if (wlen == 7 && strncmp(section, "company", 7) == 0) {
		struct av_company *co;

		p->kind = SEC_COMPANY;
		if (*arg == '\0' || strchr(arg, '.') == NULL || strpbrk(arg, " @") != NULL)
			conf_error(p, p->line, "[company] needs a domain: [company example.com]");
		c->companies = av_realloc(c->companies, (c->n_companies + 1) * sizeof(*co));
		co = &c->companies[c->n_companies++];
		memset(co, 0, sizeof(*co));
		co->domain = av_text_lower_dup(arg);
		co->line = p->line;
	} else {
		p->kind = SEC_UNKNOWN;
	}
}

static int
handler(void *user, const char *section, const char *key, const char *value)
{
	struct parse *p = user;
	bool known = false;
	bool cont = p->continuation;

	if (p->section == NULL || strcmp(p->section, section) != 0)
		begin_section(p, section);
	if (cont && p->last_key != NULL && strcmp(p->last_key, key) != 0)
		cont = false;

	if (p->kind == SEC_NONE || section[0] == '\0') {
		conf_error(p, p->line,
			   "'%s' is outside any section (put it under [me], "
			   "[afterview], [account NAME] or [company DOMAIN])",
			   key);
		return 1;
	}
	if (p->kind == SEC_UNKNOWN) {
		if (!p->warned_section)
			av_warn("%s:%u: unknown section [%s] ignored", p->conf->path, p->line,
				section);
		p->warned_section = true;
		return 1;
	}
	if (!cont) {
		for (size_t i = 0; i < p->n_seen; i++) {
			if (strcmp(p->seen_keys[i], key) == 0) {
				conf_error(p, p->line,
					   "'%s' is set twice in [%s] (first at line %u)", key,
					   section, p->seen_lines[i]);
				return 1;
			}
		}
		p->seen_keys = av_realloc(p->seen_keys, (p->n_seen + 1) * sizeof(char *));
		p->seen_lines = av_realloc(p->seen_lines, (p->n_seen + 1) * sizeof(unsigned));
		p->seen_keys[p->n_seen] = av_strdup(key);
		p->seen_lines[p->n_seen++] = p->line;
		free(p->last_key);
		p->last_key = av_strdup(key);
	}
	if (value[0] == '\0' && !cont) {
		conf_error(p, p->line, "'%s' has no value", key);
		return 1;
	}

	switch (p->kind) {
	case SEC_ME:
		known = set_me(p, key, value, cont);
		break;
	case SEC_AFTERVIEW:
		known = set_afterview(p, key, value);
		break;
	case SEC_ACCOUNT:
		known = set_account(p, &p->conf->accounts[p->conf->n_accounts - 1], key, value);
		break;
	case SEC_COMPANY:
		known = set_company(p, &p->conf->companies[p->conf->n_companies - 1], key, value);
		break;
	case SEC_NONE:
	case SEC_UNKNOWN:
		break;
	}
	if (!known)
		av_warn("%s:%u: unknown key '%s' in [%s] ignored", p->conf->path, p->line, key,
			section);
	return 1;
}

/* inih's reader: hands out one physical line at a time so that p->line is the line
 * inih is parsing, reports lines inih would cut (INI_MAX_LINE), and finds syntax
 * errors itself so that all of them are reported, not only the first. */
static char *
reader(char *str, int num, void *stream)
{
	struct parse *p = stream;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len = getline(&line, &cap, p->file);
	const char *s;

	if (len < 0) {
		free(line);
		return NULL;
	}
	p->line++;
	if (p->line == 1 && len >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0) {
		memmove(line, line + 3, (size_t)len - 2);
		len -= 3;
	}
	while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		line[--len] = '\0';
	if (memchr(line, '\0', (size_t)len) != NULL) {
		conf_error(p, p->line, "line holds a NUL byte");
		line[0] = '\0';
		len = 0;
	}
	p->continuation = len > 0 && (line[0] == ' ' || line[0] == '\t');
	s = line + strspn(line, " \t");
	if (len > MAX_CONF_LINE || len >= num - 1) {
		conf_error(p, p->line,
			   "line is longer than %d characters (continue a long value "
			   "on indented lines)",
			   MAX_CONF_LINE);
		s = "";
	} else if (*s == '\0' || *s == ';' || *s == '#') {
		/* blank or comment */
	} else if (*s == '[') {
		const char *close = strchr(s, ']');

		if (close == NULL) {
			conf_error(p, p->line, "section header without ']'");
			s = "";
		} else {
			/* start the section here, not at its first key, so that an empty
			 * section exists and errors about it point at its header */
			const char *b = s + 1 + strspn(s + 1, " \t");
			const char *e = close;
			char *name;

			while (e > b && (e[-1] == ' ' || e[-1] == '\t'))
				e--;
			name = av_strndup(b, (size_t)(e - b));
			begin_section(p, name);
			free(name);
		}
	} else if (strpbrk(s, "=:") == NULL && !p->continuation) {
		conf_error(p, p->line, "expected 'key = value', a [section] or a comment");
		s = "";
	}
	snprintf(str, (size_t)num, "%s\n", p->continuation ? line : s);
	if (s[0] == '\0')
		str[0] = '\n', str[1] = '\0';
	av_wipe(line, cap);
	free(line);
	return str;
}

static bool
is_loopback(const char *host)
{
	struct in_addr a4;
	struct in6_addr a6;

	if (strcasecmp(host, "localhost") == 0)
		return true;
	if (inet_pton(AF_INET, host, &a4) == 1)
		return (ntohl(a4.s_addr) >> 24) == 127;
	if (inet_pton(AF_INET6, host, &a6) == 1)
		return IN6_IS_ADDR_LOOPBACK(&a6);
	return false;
}

static char *
system_timezone(void)
{
	const char *tz = getenv("TZ");
	char buf[256];
	ssize_t n;
	FILE *f;

	if (tz != NULL && *tz == ':')
		tz++;
	if (tz != NULL && *tz != '\0' && valid_timezone(tz))
		return av_strdup(tz);
	n = readlink("/etc/localtime", buf, sizeof(buf) - 1);
	if (n > 0) {
		const char *z;

		buf[n] = '\0';
		z = strstr(buf, "zoneinfo/");
		if (z != NULL && valid_timezone(z + 9))
			return av_strdup(z + 9);
	}
	f = fopen("/etc/timezone", "r");
	if (f != NULL) {
		if (fgets(buf, sizeof(buf), f) != NULL) {
			buf[strcspn(buf, "\n")] = '\0';
			if (valid_timezone(buf)) {
				fclose(f);
				return av_strdup(buf);
			}
		}
		fclose(f);
	}
	return av_strdup("UTC");
}

/* Checks that need the whole file: required keys, combinations, defaults. */
static void
finish(struct parse *p)
{
	struct av_conf *c = p->conf;

	if (!p->client && (c->me.addresses == NULL || c->me.addresses[0] == NULL))
		conf_error(p, 0,
			   "[me] needs addresses = (all your e-mail addresses): afterview must "
			   "tell you apart from your interviewers");
	if (c->me.timezone == NULL)
		c->me.timezone = system_timezone();
	if (c->n_accounts == 0 && !p->client)
		conf_error(p, 0, "no [account NAME] section: afterview needs an IMAP account");
	for (size_t i = 0; i < c->n_accounts; i++) {
		struct av_account *a = &c->accounts[i];
		int creds = (a->password != NULL) + (a->password_cmd != NULL) +
			    (a->oauth2_token_cmd != NULL);

		if (a->host == NULL)
			conf_error(p, a->line, "account '%s' has no host", a->name);
		if (a->user == NULL)
			conf_error(p, a->line, "account '%s' has no user", a->name);
		if (creds == 0)
			conf_error(p, a->line,
				   "account '%s' needs password_cmd (or oauth2_token_cmd)",
				   a->name);
		else if (creds > 1)
			conf_error(p, a->line,
				   "account '%s' sets more than one of password, password_cmd and "
				   "oauth2_token_cmd",
				   a->name);
		if (a->security == AV_SECURITY_PLAIN && a->host != NULL && !is_loopback(a->host))
			conf_error(
				p, a->line,
				"account '%s': security = plain is allowed only to a loopback host "
				"(127.0.0.1, ::1, localhost), not '%s'",
				a->name, a->host);
		if (a->port == 0)
			a->port = a->security == AV_SECURITY_TLS ? 993 : 143;
		if (a->inbox == NULL)
			a->inbox = av_strdup("INBOX");
		if (a->folders == NULL)
			a->folders = av_calloc(1, sizeof(char *));
		if (a->timeout_s == 0)
			a->timeout_s = 30;
	}
}

static struct av_conf *
defaults(const char *path)
{
	struct av_conf *c = av_calloc(1, sizeof(*c));

	c->path = av_strdup(path);
	c->window_hours = 24;
	c->horizon_days = 60;
	c->tone = AV_TONE_FORMAL;
	c->update_drafts = true;
	return c;
}

static enum av_err
load(const char *path, bool client, struct av_conf **conf_r, char **error_r)
{
	struct parse p;
	struct av_conf *c = defaults(path);
	struct stat st;
	int rc, e, fd;

	memset(&p, 0, sizeof(p));
	p.conf = c;
	p.client = client;
	av_buf_init(&p.errors);

	/* the file type is checked before anything reads: a FIFO must not hang check-config */
	if ((e = av_open_regular(path, false, &fd)) != 0) {
		av_error_set(error_r, "%s: cannot open: %s", path, av_open_strerror(e));
		av_conf_free(&c);
		return AV_ERR_CONFIG;
	}
	if (fstat(fd, &st) != 0 || (p.file = fdopen(fd, "r")) == NULL) {
		av_error_set(error_r, "%s: cannot read: %s", path, strerror(errno));
		close(fd);
		av_conf_free(&c);
		return AV_ERR_CONFIG;
	}
	rc = ini_parse_stream(reader, &p, handler, &p);
	fclose(p.file);
	if (rc < 0)
		conf_error(&p, 0, "out of memory while parsing");
	else if (rc > 0 && p.n_errors == 0)
		conf_error(&p, (unsigned)rc, "syntax error");
	if (p.has_secret && (st.st_mode & 077) != 0)
		conf_error(&p, p.secret_line,
			   "%s is set, but the file is accessible by group or others (mode %04o): "
			   "run chmod 600 %s",
			   p.secret_key, (unsigned)(st.st_mode & 07777), path);
	finish(&p);
	free(p.section);
	free(p.last_key);
	reset_seen(&p);

	if (p.n_errors > 0) {
		if (p.errors.len > 0 && p.errors.data[p.errors.len - 1] == '\n')
			p.errors.data[--p.errors.len] = '\0';
		if (error_r != NULL)
			*error_r = av_buf_steal(&p.errors);
		av_buf_clear(&p.errors);
		av_conf_free(&c);
		return AV_ERR_CONFIG;
	}
	av_buf_clear(&p.errors);
	for (size_t i = 0; i < c->n_accounts; i++)
		av_log_add_secret(c->accounts[i].password);
	av_debug(AV_CAT_CONF, "%s: %zu account(s), %zu company section(s)", path, c->n_accounts,
		 c->n_companies);
	*conf_r = c;
	return AV_OK;
}

enum av_err
av_conf_load(const char *path, struct av_conf **conf_r, char **error_r)
{
	return load(path, false, conf_r, error_r);
}

enum av_err
av_conf_load_client(const char *path, struct av_conf **conf_r, char **error_r)
{
	struct av_conf *c;

	if (path != NULL)
		return load(path, true, conf_r, error_r);
	c = defaults("");
	c->me.timezone = system_timezone();
	*conf_r = c;
	return AV_OK;
}

static void
free_secret_str(char **s)
{
	if (*s != NULL) {
		av_wipe(*s, strlen(*s));
		free(*s);
		*s = NULL;
	}
}

void
av_conf_free(struct av_conf **conf)
{
	struct av_conf *c = *conf;

	if (c == NULL)
		return;
	free(c->path);
	free(c->me.name);
	free_list(&c->me.addresses);
	free(c->me.skills);
	free(c->me.pitch);
	free(c->me.phone);
	free(c->me.signature);
	free(c->me.timezone);
	free(c->me.languages);
	free(c->templates);
	free(c->words_interview);
	free(c->words_negative);
	free(c->words_thanks);
	for (size_t i = 0; i < c->n_accounts; i++) {
		struct av_account *a = &c->accounts[i];

		free(a->name);
		free(a->host);
		free(a->user);
		free_secret_str(&a->password);
		free_secret_str(&a->password_cmd);
		free_secret_str(&a->oauth2_token_cmd);
		free(a->ca_file);
		free(a->tls_fingerprint);
		free(a->inbox);
		free_list(&a->folders);
		free(a->sent);
		free(a->drafts);
	}
	free(c->accounts);
	for (size_t i = 0; i < c->n_companies; i++) {
		free(c->companies[i].domain);
		free(c->companies[i].name);
	}
	free(c->companies);
	free(c);
	*conf = NULL;
}

const struct av_account *
av_conf_account(const struct av_conf *conf, const char *name)
{
	if (conf->n_accounts == 0)
		return NULL;
	if (name == NULL)
		return &conf->accounts[0];
	for (size_t i = 0; i < conf->n_accounts; i++)
		if (strcmp(conf->accounts[i].name, name) == 0)
			return &conf->accounts[i];
	return NULL;
}

bool
av_conf_writes_language(const struct av_conf *conf, const char *code)
{
	if (code == NULL || strcmp(code, AV_LANGUAGE_DEFAULT) == 0)
		return true;
	for (const char **l = conf->me.languages; l != NULL && *l != NULL; l++)
		if (strcmp(*l, code) == 0)
			return true;
	return false;
}

const struct av_company *
av_conf_company(const struct av_conf *conf, const char *addr_or_domain)
{
	const char *at = strrchr(addr_or_domain, '@');
	const char *d = at ? at + 1 : addr_or_domain;

	while (d != NULL && *d != '\0') {
		for (size_t i = 0; i < conf->n_companies; i++)
			if (strcasecmp(conf->companies[i].domain, d) == 0)
				return &conf->companies[i];
		d = strchr(d, '.');
		if (d != NULL)
			d++;
	}
	return NULL;
}

static void
print_kv(FILE *out, const char *key, const char *value)
{
	const char *nl;

	if (value == NULL)
		return;
	fprintf(out, "%s = ", key);
	/* multi-line values are written back as continuation lines */
	while ((nl = strchr(value, '\n')) != NULL) {
		fprintf(out, "%.*s\n    ", (int)(nl - value), value);
		value = nl + 1;
	}
	fprintf(out, "%s\n", value);
}

static const char *
tone_name(enum av_tone t)
{
	return t == AV_TONE_CASUAL ? "casual" : "formal";
}

void
av_conf_print(const struct av_conf *conf, FILE *out)
{
	static const char *const security[] = {"tls", "starttls", "plain"};

	fprintf(out, "# effective configuration from %s (secrets masked)\n[me]\n", conf->path);
	print_kv(out, "name", conf->me.name);
	if (conf->me.addresses != NULL) {
		fprintf(out, "addresses =");
		for (char **a = conf->me.addresses; *a; a++)
			fprintf(out, "%s%s", a == conf->me.addresses ? " " : ", ", *a);
		fprintf(out, "\n");
	}
	print_kv(out, "skills", conf->me.skills);
	print_kv(out, "pitch", conf->me.pitch);
	print_kv(out, "phone", conf->me.phone);
	print_kv(out, "signature", conf->me.signature);
	print_kv(out, "timezone", conf->me.timezone);
	fprintf(out, "languages = %s", AV_LANGUAGE_DEFAULT);
	for (const char **l = conf->me.languages; l != NULL && *l != NULL; l++)
		if (strcmp(*l, AV_LANGUAGE_DEFAULT) != 0)
			fprintf(out, ", %s", *l);
	fprintf(out, "\n");
	fprintf(out,
		"\n[afterview]\nwindow_hours = %u\nhorizon_days = %u\ntone = %s\nupdate_drafts = "
		"%s\n",
		conf->window_hours, conf->horizon_days, tone_name(conf->tone),
		conf->update_drafts ? "yes" : "no");
	print_kv(out, "templates", conf->templates);
	print_kv(out, "words_interview", conf->words_interview);
	print_kv(out, "words_negative", conf->words_negative);
	print_kv(out, "words_thanks", conf->words_thanks);
	for (size_t i = 0; i < conf->n_accounts; i++) {
		const struct av_account *a = &conf->accounts[i];

		fprintf(out, "\n[account %s]\n", a->name);
		print_kv(out, "host", a->host);
		fprintf(out, "port = %u\nsecurity = %s\n", a->port, security[a->security]);
		print_kv(out, "user", a->user);
		if (a->password != NULL)
			fprintf(out, "password = ********\n");
		if (a->password_cmd != NULL)
			fprintf(out, "password_cmd = ******** (set; not shown)\n");
		if (a->oauth2_token_cmd != NULL)
			fprintf(out, "oauth2_token_cmd = ******** (set; not shown)\n");
		print_kv(out, "ca_file", a->ca_file ? a->ca_file : "(system trust store)");
		print_kv(out, "tls_fingerprint", a->tls_fingerprint);
		print_kv(out, "inbox", a->inbox);
		if (a->folders != NULL && a->folders[0] != NULL) {
			fprintf(out, "folders =");
			for (char **f = a->folders; *f; f++)
				fprintf(out, "%s%s", f == a->folders ? " " : ", ", *f);
			fprintf(out, "\n");
		}
		print_kv(out, "sent", a->sent ? a->sent : "(special-use \\Sent)");
		print_kv(out, "drafts", a->drafts ? a->drafts : "(special-use \\Drafts)");
		fprintf(out, "timeout = %u\n", a->timeout_s);
	}
	for (size_t i = 0; i < conf->n_companies; i++) {
		const struct av_company *co = &conf->companies[i];

		fprintf(out, "\n[company %s]\n", co->domain);
		print_kv(out, "name", co->name);
		fprintf(out, "tone = %s\n", tone_name(co->tone_set ? co->tone : conf->tone));
		print_kv(out, "language", co->language ? co->language : "(from the invite)");
	}
}

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Run cmd with /bin/sh, collect at most MAX_SECRET_LEN bytes of its standard output
 * within timeout_s. The output is never logged.
 * - The command runs in a process group of its own, and a timeout kills the group: a
 *   hung gpg under sh must not stay behind, one more on every cron run.
 * - Once sh has exited, everything it printed is in the pipe: what is there is read up
 *   to the first line, and a child it left in the background holding stdout is not
 *   waited for (nor killed: it may be the person's agent). */
static enum av_err
run_secret_cmd(const char *what, const char *cmd, unsigned timeout_s, char **out_r, char **error_r)
{
	int fds[2];
	pid_t pid;
	char *buf = av_malloc(MAX_SECRET_LEN + 1);
	size_t len = 0;
	bool overflow = false, timed_out = false, exited = false;
	int status = 0;
	long long deadline = now_ms() + (long long)timeout_s * 1000;

	if (pipe(fds) != 0) {
		av_error_set(error_r, "%s: cannot create a pipe: %s", what, strerror(errno));
		free(buf);
		return AV_ERR_TEMP;
	}
	pid = fork();
	if (pid < 0) {
		av_error_set(error_r, "%s: cannot fork: %s", what, strerror(errno));
		close(fds[0]);
		close(fds[1]);
		free(buf);
		return AV_ERR_TEMP;
	}
	if (pid == 0) {
		int devnull = open("/dev/null", O_RDONLY);

		setpgid(0, 0);
		if (devnull >= 0)
			dup2(devnull, STDIN_FILENO);
		dup2(fds[1], STDOUT_FILENO);
		close(fds[0]);
		close(fds[1]);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	setpgid(pid, pid); /* as the child does itself: whichever runs first */
	close(fds[1]);
	for (;;) {
		struct pollfd pfd = {fds[0], POLLIN, 0};
		long long left = deadline - now_ms();
		char tmp[512];
		ssize_t n;
		int r;

		if (!exited && waitpid(pid, &status, WNOHANG) == pid)
			exited = true;
		if (exited && memchr(buf, '\n', len) != NULL)
			break;
		if (left <= 0) {
			timed_out = true;
			break;
		}
		/* sh's exit does not wake poll while a child keeps the pipe open: look again
		 * every 50 ms */
		r = poll(&pfd, 1, exited ? 0 : (int)(left < 50 ? left : 50));
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 || (r == 0 && exited))
			break;
		if (r == 0)
			continue;
		n = read(fds[0], tmp, sizeof(tmp));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (len + (size_t)n > MAX_SECRET_LEN) {
			overflow = true;
			av_wipe(tmp, sizeof(tmp));
			if (exited)
				break;
			continue;
		}
		memcpy(buf + len, tmp, (size_t)n);
		len += (size_t)n;
		av_wipe(tmp, sizeof(tmp));
	}
	close(fds[0]);
	if (timed_out && kill(-pid, SIGKILL) != 0)
		kill(pid, SIGKILL);
	while (!exited && waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	buf[len] = '\0';
	if (timed_out || overflow || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		if (timed_out)
			av_error_set(error_r, "%s did not finish within %u s", what, timeout_s);
		else if (overflow)
			av_error_set(error_r, "%s printed more than %d bytes", what,
				     MAX_SECRET_LEN);
		else if (WIFEXITED(status))
			av_error_set(error_r, "%s failed with exit status %d", what,
				     WEXITSTATUS(status));
		else
			av_error_set(error_r, "%s was killed by signal %d", what, WTERMSIG(status));
		av_wipe(buf, MAX_SECRET_LEN + 1);
		free(buf);
		return overflow ? AV_ERR_CONFIG : AV_ERR_TEMP;
	}
	buf[strcspn(buf, "\r\n")] = '\0';
	if (buf[0] == '\0') {
		av_error_set(error_r, "%s printed nothing", what);
		free(buf);
		return AV_ERR_CONFIG;
	}
	*out_r = buf;
	return AV_OK;
}

enum av_err
av_conf_secret_fetch(const struct av_account *acc, struct av_secret **secret_r, char **error_r)
{
	struct av_secret *s = av_calloc(1, sizeof(*s));
	enum av_err err = AV_OK;
	char *what;

	if (acc->password != NULL) {
		s->value = av_strdup(acc->password);
	} else if (acc->password_cmd != NULL || acc->oauth2_token_cmd != NULL) {
		s->oauth2 = acc->oauth2_token_cmd != NULL;
		what = av_asprintf("account '%s': %s", acc->name,
				   s->oauth2 ? "oauth2_token_cmd" : "password_cmd");
		/* twice the network timeout (60 s by default): time to type a passphrase */
		err = run_secret_cmd(what, s->oauth2 ? acc->oauth2_token_cmd : acc->password_cmd,
				     acc->timeout_s != 0 ? 2 * acc->timeout_s
							 : SECRET_CMD_TIMEOUT_S,
				     &s->value, error_r);
		free(what);
	} else {
		av_error_set(error_r, "account '%s' has no password_cmd or oauth2_token_cmd",
			     acc->name);
		err = AV_ERR_CONFIG;
	}
	if (err != AV_OK) {
		av_secret_free(&s);
		return err;
	}
	av_log_add_secret(s->value);
	*secret_r = s;
	return AV_OK;
}

void
av_secret_free(struct av_secret **secret)
{
	if (*secret == NULL)
		return;
	free_secret_str(&(*secret)->value);
	free(*secret);
	*secret = NULL;
}
