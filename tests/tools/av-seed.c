/* SPDX-License-Identifier: GPL-3.0-or-later */
/* av-seed - append messages to an IMAP folder with a chosen INTERNALDATE and flags.
 *
 * A test tool: it talks to the server with libetpan directly, independent of the code
 * under test, and logs in with plain-text LOGIN (meant for a throwaway server on
 * loopback only).
 *
 *	av-seed --port N [--host H] --user U --password-file F [--create]
 *		[--date "DD-Mon-YYYY HH:MM:SS +ZZZZ"] [--flags "\\Seen \\Flagged kw"]
 *		FOLDER FILE.eml...
 *
 * Each file is sent with bare LF turned into CRLF. Prints "FOLDER UID" per message.
 * Exit status: 0 on success, 1 on any failure, 2 on a usage error.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libetpan/libetpan.h>

#define TIMEOUT_S 30

struct opts {
	const char *host;
	uint16_t port;
	const char *user;
	const char *password_file;
	bool create;
	const char *date;
	const char *flags;
	const char *folder;
	char **files;
	int nfiles;
};

static void
usage(FILE *out)
{
	fprintf(out,
		"usage: av-seed --port N [--host H] --user U --password-file F [--create]\n"
		"               [--date \"DD-Mon-YYYY HH:MM:SS +ZZZZ\"] [--flags \"\\\\Seen kw\"]\n"
		"               FOLDER FILE.eml...\n");
}

/* The server's text for the last command, or "". */
static const char *
server_text(mailimap *s)
{
	return s != NULL && s->imap_response != NULL ? s->imap_response : "";
}

static int
parse_port(const char *str, uint16_t *port_r)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(str, &end, 10);
	if (errno != 0 || end == str || *end != '\0' || v < 1 || v > 65535)
		return -1;
	*port_r = (uint16_t)v;
	return 0;
}

/* Read the first line of path (without CR/LF) into a new string. */
static char *
read_password(const char *path)
{
	FILE *f;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	f = fopen(path, "r");
	if (f == NULL) {
		fprintf(stderr, "av-seed: %s: %s\n", path, strerror(errno));
		return NULL;
	}
	n = getline(&line, &cap, f);
	fclose(f);
	if (n <= 0) {
		fprintf(stderr, "av-seed: %s: empty password file\n", path);
		free(line);
		return NULL;
	}
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	return line;
}

static void
free_secret(char *p)
{
	if (p == NULL)
		return;
	explicit_bzero(p, strlen(p));
	free(p);
}

/* Parse "DD-Mon-YYYY HH:MM:SS +ZZZZ" (day may be one digit) into a new date-time. */
static struct mailimap_date_time *
parse_date(const char *str)
{
	static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	int day, month = 0, year, hour, min, sec, zone, sign, i;
	char mon[4];
	const char *p = str;

	if (!isdigit((unsigned char)p[0]))
		return NULL;
	day = p[0] - '0';
	p++;
	if (isdigit((unsigned char)p[0])) {
		day = day * 10 + (p[0] - '0');
		p++;
	}
	if (*p++ != '-')
		return NULL;
	for (i = 0; i < 3; i++) {
		if (!isalpha((unsigned char)p[i]))
			return NULL;
		mon[i] = p[i];
	}
	mon[3] = '\0';
	p += 3;
	for (i = 0; i < 12; i++)
		if (strcasecmp(mon, months[i]) == 0)
			month = i + 1;
	if (month == 0 || *p++ != '-')
		return NULL;
	for (i = 0; i < 4; i++)
		if (!isdigit((unsigned char)p[i]))
			return NULL;
	year = atoi(p);
	p += 4;
	if (strlen(p) != 15 || p[0] != ' ' || p[3] != ':' || p[6] != ':' || p[9] != ' ' ||
	    (p[10] != '+' && p[10] != '-'))
		return NULL;
	for (i = 1; i < 15; i++)
		if (i != 3 && i != 6 && i != 9 && i != 10 && !isdigit((unsigned char)p[i]))
			return NULL;
	hour = (p[1] - '0') * 10 + (p[2] - '0');
	min = (p[4] - '0') * 10 + (p[5] - '0');
	sec = (p[7] - '0') * 10 + (p[8] - '0');
	sign = p[10] == '-' ? -1 : 1;
	zone = atoi(p + 11);
	if (day < 1 || day > 31 || hour > 23 || min > 59 || sec > 60 || zone % 100 > 59 ||
	    zone > 1400)
		return NULL;
	return mailimap_date_time_new(day, month, year, hour, min, sec, sign * zone);
}

/* Build a flag list from a space-separated string; NULL with a message on error. */
static struct mailimap_flag_list *
parse_flags(const char *str)
{
	struct mailimap_flag_list *list;
	struct mailimap_flag *flag = NULL;
	char *copy, *tok, *save = NULL;

	list = mailimap_flag_list_new_empty();
	copy = strdup(str);
	if (list == NULL || copy == NULL)
		goto nomem;
	for (tok = strtok_r(copy, " \t", &save); tok != NULL; tok = strtok_r(NULL, " \t", &save)) {
		if (strcasecmp(tok, "\\Seen") == 0) {
			flag = mailimap_flag_new_seen();
		} else if (strcasecmp(tok, "\\Answered") == 0) {
			flag = mailimap_flag_new_answered();
		} else if (strcasecmp(tok, "\\Flagged") == 0) {
			flag = mailimap_flag_new_flagged();
		} else if (strcasecmp(tok, "\\Deleted") == 0) {
			flag = mailimap_flag_new_deleted();
		} else if (strcasecmp(tok, "\\Draft") == 0) {
			flag = mailimap_flag_new_draft();
		} else if (tok[0] == '\\') {
			fprintf(stderr, "av-seed: unknown system flag %s\n", tok);
			goto fail;
		} else if (strpbrk(tok, "(){%*\"]") != NULL) {
			fprintf(stderr, "av-seed: invalid keyword %s\n", tok);
			goto fail;
		} else {
			char *kw = strdup(tok);

			if (kw == NULL)
				goto nomem;
			flag = mailimap_flag_new_flag_keyword(kw);
			if (flag == NULL) {
				free(kw);
				goto nomem;
			}
		}
		if (flag == NULL)
			goto nomem;
		if (mailimap_flag_list_add(list, flag) != MAILIMAP_NO_ERROR) {
			mailimap_flag_free(flag);
			goto nomem;
		}
		flag = NULL;
	}
	free(copy);
	return list;

nomem:
	fprintf(stderr, "av-seed: out of memory\n");
fail:
	free(copy);
	if (list != NULL)
		mailimap_flag_list_free(list);
	return NULL;
}

/* Read path and convert bare LF to CRLF. Returns a malloc'd buffer or NULL. */
static char *
read_message(const char *path, size_t *len_r)
{
	FILE *f;
	char *raw = NULL, *out = NULL;
	size_t len = 0, cap = 0, n, i, o;
	int saved;

	f = fopen(path, "rb");
	if (f == NULL) {
		fprintf(stderr, "av-seed: %s: %s\n", path, strerror(errno));
		return NULL;
	}
	for (;;) {
		if (len == cap) {
			char *grown;

			cap = cap == 0 ? 65536 : cap * 2;
			grown = realloc(raw, cap);
			if (grown == NULL) {
				fprintf(stderr, "av-seed: %s: out of memory\n", path);
				goto cleanup;
			}
			raw = grown;
		}
		n = fread(raw + len, 1, cap - len, f);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		saved = errno;
		fprintf(stderr, "av-seed: %s: read error: %s\n", path, strerror(saved));
		goto cleanup;
	}
	if (len == 0) {
		fprintf(stderr, "av-seed: %s: empty file\n", path);
		goto cleanup;
	}
	n = 0;
	for (i = 0; i < len; i++)
		if (raw[i] == '\n' && (i == 0 || raw[i - 1] != '\r'))
			n++;
	out = malloc(len + n);
	if (out == NULL) {
		fprintf(stderr, "av-seed: %s: out of memory\n", path);
		goto cleanup;
	}
	for (i = 0, o = 0; i < len; i++) {
		if (raw[i] == '\n' && (i == 0 || raw[i - 1] != '\r'))
			out[o++] = '\r';
		out[o++] = raw[i];
	}
	*len_r = o;

cleanup:
	free(raw);
	fclose(f);
	return out;
}

/* True when LIST shows a mailbox named exactly folder. */
static int
folder_exists(mailimap *s, const char *folder, bool *exists_r)
{
	clist *list = NULL;
	clistiter *it;
	int r;

	*exists_r = false;
	r = mailimap_list(s, "", folder, &list);
	if (r != MAILIMAP_NO_ERROR) {
		fprintf(stderr, "av-seed: LIST %s failed (libetpan error %d): %s\n", folder, r,
			server_text(s));
		return -1;
	}
	for (it = clist_begin(list); it != NULL; it = clist_next(it)) {
		struct mailimap_mailbox_list *mb = clist_content(it);

		if (strcmp(mb->mb_name, folder) == 0 ||
		    (strcasecmp(folder, "INBOX") == 0 && strcasecmp(mb->mb_name, "INBOX") == 0))
			*exists_r = true;
	}
	mailimap_list_result_free(list);
	return 0;
}

static int
create_folder(mailimap *s, const char *folder)
{
	bool exists;
	int r;

	if (folder_exists(s, folder, &exists) < 0)
		return -1;
	if (exists)
		return 0;
	r = mailimap_create(s, folder);
	if (r == MAILIMAP_NO_ERROR)
		return 0;
	/* Someone may have made it meanwhile (ALREADYEXISTS): that is fine. */
	if (folder_exists(s, folder, &exists) == 0 && exists)
		return 0;
	fprintf(stderr, "av-seed: CREATE %s failed (libetpan error %d): %s\n", folder, r,
		server_text(s));
	return -1;
}

static int
parse_args(int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {
		{"host", required_argument, NULL, 'H'},
		{"port", required_argument, NULL, 'p'},
		{"user", required_argument, NULL, 'u'},
		{"password-file", required_argument, NULL, 'P'},
		{"create", no_argument, NULL, 'c'},
		{"date", required_argument, NULL, 'd'},
		{"flags", required_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;

	memset(o, 0, sizeof(*o));
	o->host = "127.0.0.1";
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'H':
			o->host = optarg;
			break;
		case 'p':
			if (parse_port(optarg, &o->port) < 0) {
				fprintf(stderr, "av-seed: invalid port %s\n", optarg);
				return -1;
			}
			break;
		case 'u':
			o->user = optarg;
			break;
		case 'P':
			o->password_file = optarg;
			break;
		case 'c':
			o->create = true;
			break;
		case 'd':
			o->date = optarg;
			break;
		case 'f':
			o->flags = optarg;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			return -1;
		}
	}
	if (o->port == 0 || o->user == NULL || o->password_file == NULL) {
		fprintf(stderr, "av-seed: --port, --user and --password-file are required\n");
		return -1;
	}
	if (argc - optind < 2) {
		fprintf(stderr, "av-seed: need a FOLDER and at least one FILE\n");
		return -1;
	}
	o->folder = argv[optind];
	o->files = argv + optind + 1;
	o->nfiles = argc - optind - 1;
	return 0;
}

int
main(int argc, char **argv)
{
	struct opts o;
	struct mailimap_date_time *date = NULL;
	struct mailimap_flag_list *flags = NULL;
	mailimap *s = NULL;
	char *password = NULL, *msg = NULL;
	size_t len;
	uint32_t uidvalidity, uid;
	int r, i, ret = 1;
	bool logged_in = false;

	if (parse_args(argc, argv, &o) < 0) {
		usage(stderr);
		return 2;
	}
	if (o.date != NULL) {
		date = parse_date(o.date);
		if (date == NULL) {
			fprintf(stderr, "av-seed: invalid --date \"%s\" (want %s)\n", o.date,
				"\"DD-Mon-YYYY HH:MM:SS +ZZZZ\"");
			return 2;
		}
	}
	if (o.flags != NULL) {
		flags = parse_flags(o.flags);
		if (flags == NULL) {
			ret = 2;
			goto cleanup;
		}
	}
	password = read_password(o.password_file);
	if (password == NULL)
		goto cleanup;

	s = mailimap_new(0, NULL);
	if (s == NULL) {
		fprintf(stderr, "av-seed: out of memory\n");
		goto cleanup;
	}
	mailimap_set_timeout(s, TIMEOUT_S);
	r = mailimap_socket_connect(s, o.host, o.port);
	if (r != MAILIMAP_NO_ERROR && r != MAILIMAP_NO_ERROR_NON_AUTHENTICATED &&
	    r != MAILIMAP_NO_ERROR_AUTHENTICATED) {
		fprintf(stderr, "av-seed: cannot connect to %s:%u (libetpan error %d)\n", o.host,
			(unsigned)o.port, r);
		goto cleanup;
	}
	r = mailimap_login(s, o.user, password);
	if (r != MAILIMAP_NO_ERROR) {
		fprintf(stderr, "av-seed: LOGIN as %s failed (libetpan error %d): %s\n", o.user, r,
			server_text(s));
		goto cleanup;
	}
	logged_in = true;
	if (o.create && create_folder(s, o.folder) < 0)
		goto cleanup;

	for (i = 0; i < o.nfiles; i++) {
		msg = read_message(o.files[i], &len);
		if (msg == NULL)
			goto cleanup;
		uidvalidity = 0;
		uid = 0;
		r = mailimap_uidplus_append(s, o.folder, flags, date, msg, len, &uidvalidity, &uid);
		if (r != MAILIMAP_NO_ERROR) {
			fprintf(stderr,
				"av-seed: %s: APPEND to %s failed (libetpan error %d): %s\n",
				o.files[i], o.folder, r, server_text(s));
			goto cleanup;
		}
		if (uid == 0) {
			fprintf(stderr, "av-seed: %s: server gave no APPENDUID (no UIDPLUS?)\n",
				o.files[i]);
			goto cleanup;
		}
		printf("%s %u\n", o.folder, (unsigned)uid);
		free(msg);
		msg = NULL;
	}
	if (fflush(stdout) != 0) {
		fprintf(stderr, "av-seed: write error: %s\n", strerror(errno));
		goto cleanup;
	}
	ret = 0;

cleanup:
	if (s != NULL) {
		if (logged_in)
			mailimap_logout(s);
		mailimap_free(s);
	}
	free(msg);
	free_secret(password);
	if (flags != NULL)
		mailimap_flag_list_free(flags);
	if (date != NULL)
		mailimap_date_time_free(date);
	return ret;
}
