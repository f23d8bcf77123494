/* SPDX-License-Identifier: GPL-3.0-or-later */
/* afterview — the configuration file (INI, read with inih).
 *
 * Sections: [me], [afterview], [account NAME] (one or more), [company DOMAIN].
 * Every error is reported as "file:line: message", and parsing goes on so the person
 * sees every mistake in one pass; unknown keys and sections are warnings. A value may
 * continue on following lines that start with white space (signature lines are kept as
 * separate lines, other values are joined with a space).
 *
 * Secrets: the keys password, password_cmd and oauth2_token_cmd make a file hold (or
 * name) a secret; such a file must not be accessible by group or others. The secret is
 * read only through av_conf_secret_fetch(), is registered with the logger so that it is
 * masked everywhere, and is printed by nothing here (av_conf_print masks it).
 *
 * Errors: AV_ERR_CONFIG, the person's file or account settings are wrong (fix them, run
 * again); AV_ERR_TEMP, from av_conf_secret_fetch only: the password or token command
 * failed (try again next run). av_conf_free and av_secret_free follow util.h's
 * destructor rule.
 */
#ifndef AFTERVIEW_CONF_H
#define AFTERVIEW_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "afterview/util.h"

enum av_security {
	AV_SECURITY_TLS,      /* implicit TLS (IMAPS, port 993) */
	AV_SECURITY_STARTTLS, /* STARTTLS on port 143; never falls back to plain text */
	AV_SECURITY_PLAIN,    /* no TLS at all: allowed only to a loopback host */
};

enum av_tone {
	AV_TONE_FORMAL,
	AV_TONE_CASUAL,
};

struct av_account {
	char *name;    /* owned; the NAME of [account NAME] */
	unsigned line; /* where the section starts */
	char *host;    /* owned */
	unsigned port; /* 993 for tls, 143 otherwise, unless set */
	enum av_security security;
	char *user;		/* owned */
	char *password;		/* owned, secret; discouraged in favour of password_cmd */
	char *password_cmd;	/* owned; run by /bin/sh, first line of output used */
	char *oauth2_token_cmd; /* owned; as password_cmd, for XOAUTH2 */
	char *ca_file;		/* owned, or NULL for the system trust store */
	char *tls_fingerprint;	/* owned, or NULL: pinned SHA-256 of the server cert */
	char *inbox;		/* owned; "INBOX" unless set */
	char **folders;		/* owned, NULL-terminated: extra folders to read invites from */
	char *sent;		/* owned or NULL: name used when special-use finds none */
	char *drafts;		/* owned or NULL: likewise */
	unsigned timeout_s;	/* per network operation; 30 unless set */
};

struct av_company {
	char *domain; /* owned, lower case */
	unsigned line;
	char *name; /* owned or NULL */
	bool tone_set;
	enum av_tone tone;
	const char *language; /* static (language.h) or NULL: language = es, the language of
				 this employer's interviews whatever the invite says */
};

struct av_me {
	char *name;	  /* owned or NULL */
	char **addresses; /* owned, NULL-terminated, lower case */
	char *skills;	  /* owned or NULL */
	char *pitch;	  /* owned or NULL */
	char *phone;	  /* owned or NULL */
	char *signature;  /* owned or NULL; may hold newlines */
	char *timezone;	  /* owned; IANA name; the system's zone or "UTC" unless set */
	/* owned array of static codes (language.h), NULL-terminated, or NULL: languages =
	 * en, es, the languages the person writes thank-yous in. The default language
	 * (AV_LANGUAGE_DEFAULT, the templates' own) is always written, listed or not; NULL
	 * (unset) means it alone. A code afterview does not know is an error. */
	const char **languages;
};

struct av_conf {
	char *path; /* owned */
	struct av_me me;
	unsigned window_hours; /* 24 */
	unsigned horizon_days; /* 60 */
	enum av_tone tone;     /* formal */
	bool update_drafts;    /* yes: replace or withdraw afterview's own unedited drafts
				  when notes change, a thank-you went out or the interview
				  was cancelled */
	char *templates;       /* owned or NULL: directory overriding the shipped templates */
	char *words_interview; /* owned or NULL: word list files replacing the defaults */
	char *words_negative;
	char *words_thanks;
	struct av_account *accounts; /* owned */
	size_t n_accounts;
	struct av_company *companies; /* owned */
	size_t n_companies;
};

/* The default config path: $XDG_CONFIG_HOME/afterview/config, else
 * ~/.config/afterview/config. Malloc'd. */
char *av_conf_default_path(void);

/* Read and check path. On success *conf_r is a new config (free with av_conf_free).
 * On failure returns AV_ERR_CONFIG with *error_r holding every error, one
 * "file:line: message" per line, or "file: message" when the file as a whole is wrong
 * (cannot be opened, is no regular file); no trailing newline. Warnings go to the log. */
enum av_err av_conf_load(const char *path, struct av_conf **conf_r, char **error_r);

/* For a mail-client plugin (the Claws plugin), which takes the account and the identity
 * from the client: as av_conf_load, but a file without [account] sections or without
 * [me] addresses is valid (n_accounts may be 0, me.addresses NULL); path NULL gives the
 * defaults alone (path "", no accounts) and cannot fail. The cron job's av_conf_load
 * (and `afterview check-config`) still requires both. */
enum av_err av_conf_load_client(const char *path, struct av_conf **conf_r, char **error_r);

void av_conf_free(struct av_conf **conf);

/* The account called name, or the first account when name is NULL; NULL if none. */
const struct av_account *av_conf_account(const struct av_conf *conf, const char *name);

/* The [company] section for an e-mail address or domain (matching the domain or any
 * parent domain: "jobs.example.com" matches [company example.com]); NULL if none. */
const struct av_company *av_conf_company(const struct av_conf *conf, const char *addr_or_domain);

/* Does the person write code (av_conf's [me] languages)? Always for the default language
 * and for NULL. */
bool av_conf_writes_language(const struct av_conf *conf, const char *code);

/* Print the effective config (defaults filled in) as INI to out, secrets masked. */
void av_conf_print(const struct av_conf *conf, FILE *out);

/* A secret obtained for an account. */
struct av_secret {
	bool oauth2; /* true: value is an OAuth2 access token, else a password */
	char *value; /* owned, wiped by av_secret_free */
};

/* Get the account's password (password, or the first line printed by password_cmd) or
 * OAuth2 token (oauth2_token_cmd). The command's output is never logged or shown;
 * the value is registered with av_log_add_secret. Errors: AV_ERR_CONFIG (no credential
 * configured, command printed nothing or too much), AV_ERR_TEMP (command failed or timed
 * out, or could not be started: a locked keyring may open by the next run). */
enum av_err av_conf_secret_fetch(const struct av_account *acc, struct av_secret **secret_r,
				 char **error_r);
void av_secret_free(struct av_secret **secret);

/* Parse "yes/no/true/false/on/off/1/0". Returns false if s is none of them. */
bool av_conf_parse_bool(const char *s, bool *value_r);

#endif
