/* SPDX-License-Identifier: GPL-3.0-or-later */
/* av-dump - print a stable, read-only summary of an IMAP account.
 *
 * A test tool: it talks to the server with libetpan directly, independent of the code
 * under test, and logs in with plain-text LOGIN (meant for a throwaway server on
 * loopback only).
 *
 *	av-dump --port N [--host H] --user U --password-file F [--folder NAME]
 *
 * For every selectable mailbox (LIST "" "*"), sorted by name, or only --folder NAME:
 *
 *	folder NAME uidvalidity N
 *	UID (FLAG FLAG...) INTERNALDATE-as-UTC-epoch SHA256-of-the-whole-message
 *
 * one message line per message, sorted by UID; flags sorted bytewise, \Recent left out
 * (it depends on the session, not on the message). Mailboxes are opened with EXAMINE
 * and bodies fetched with BODY.PEEK[], so a dump changes nothing on the server: two
 * dumps of an untouched account compare equal with cmp.
 * Exit status: 0 on success, 1 on any failure, 2 on a usage error.
 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <libetpan/libetpan.h>

#define TIMEOUT_S  30
#define SHA256_LEN 32

struct opts {
	const char *host;
	uint16_t port;
	const char *user;
	const char *password_file;
	const char *folder;
};

struct msg {
	uint32_t uid;
	long long epoch;
	char *flags; /* owned: "(\Seen kw)" */
	char hash[2 * SHA256_LEN + 1];
};

static void
usage(FILE *out)
{
	fprintf(out,
		"usage: av-dump --port N [--host H] --user U --password-file F [--folder NAME]\n");
}

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

static char *
read_password(const char *path)
{
	FILE *f;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	f = fopen(path, "r");
	if (f == NULL) {
		fprintf(stderr, "av-dump: %s: %s\n", path, strerror(errno));
		return NULL;
	}
	n = getline(&line, &cap, f);
	fclose(f);
	if (n <= 0) {
		fprintf(stderr, "av-dump: %s: empty password file\n", path);
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

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
cmp_msg(const void *a, const void *b)
{
	const struct msg *x = a, *y = b;

	return x->uid < y->uid ? -1 : x->uid > y->uid;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
static long long
days_from_civil(long long y, unsigned m, unsigned d)
{
	long long era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long long)doe - 719468;
}

static long long
date_time_epoch(const struct mailimap_date_time *dt)
{
	long long t;
	int zone = dt->dt_zone < 0 ? -dt->dt_zone : dt->dt_zone;
	long long off = (long long)(zone / 100) * 3600 + (zone % 100) * 60;

	t = days_from_civil(dt->dt_year, (unsigned)dt->dt_month, (unsigned)dt->dt_day) * 86400 +
	    dt->dt_hour * 3600 + dt->dt_min * 60 + dt->dt_sec;
	return dt->dt_zone < 0 ? t + off : t - off;
}

/* Text of a flag, or NULL for one that is not printed. Returns a new string. */
static char *
flag_text(const struct mailimap_flag *fl)
{
	const char *fixed = NULL;
	char *out;

	switch (fl->fl_type) {
	case MAILIMAP_FLAG_ANSWERED:
		fixed = "\\Answered";
		break;
	case MAILIMAP_FLAG_FLAGGED:
		fixed = "\\Flagged";
		break;
	case MAILIMAP_FLAG_DELETED:
		fixed = "\\Deleted";
		break;
	case MAILIMAP_FLAG_SEEN:
		fixed = "\\Seen";
		break;
	case MAILIMAP_FLAG_DRAFT:
		fixed = "\\Draft";
		break;
	case MAILIMAP_FLAG_KEYWORD:
		fixed = fl->fl_data.fl_keyword != NULL ? fl->fl_data.fl_keyword : "";
		break;
	case MAILIMAP_FLAG_EXTENSION:
		if (fl->fl_data.fl_extension == NULL)
			return strdup("\\");
		out = malloc(strlen(fl->fl_data.fl_extension) + 2);
		if (out != NULL) {
			out[0] = '\\';
			strcpy(out + 1, fl->fl_data.fl_extension);
		}
		return out;
	default:
		return strdup("\\?");
	}
	return strdup(fixed);
}

/* Build "(a b c)" from a FETCH FLAGS list, sorted; \Recent is left out. */
static char *
flags_string(const clist *list)
{
	char **names = NULL, *out = NULL;
	size_t n = 0, cap, len = 3, i;
	clistiter *it;

	cap = list != NULL ? (size_t)clist_count(list) : 0;
	names = calloc(cap + 1, sizeof(*names));
	if (names == NULL)
		return NULL;
	for (it = list != NULL ? clist_begin(list) : NULL; it != NULL; it = clist_next(it)) {
		struct mailimap_flag_fetch *ff = clist_content(it);

		if (ff->fl_type != MAILIMAP_FLAG_FETCH_OTHER || ff->fl_flag == NULL)
			continue;
		names[n] = flag_text(ff->fl_flag);
		if (names[n] == NULL)
			goto cleanup;
		len += strlen(names[n]) + 1;
		n++;
	}
	qsort(names, n, sizeof(*names), cmp_str);
	out = malloc(len);
	if (out == NULL)
		goto cleanup;
	strcpy(out, "(");
	for (i = 0; i < n; i++) {
		if (i > 0)
			strcat(out, " ");
		strcat(out, names[i]);
	}
	strcat(out, ")");

cleanup:
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return out;
}

static void
hex(const unsigned char *in, size_t len, char *out)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < len; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 15];
	}
	out[2 * len] = '\0';
}

/* Fill m from one FETCH response. */
static int
parse_msg_att(const struct mailimap_msg_att *att, struct msg *m)
{
	unsigned char digest[SHA256_LEN];
	bool have_uid = false, have_date = false, have_flags = false, have_body = false;
	clistiter *it;

	memset(m, 0, sizeof(*m));
	for (it = clist_begin(att->att_list); it != NULL; it = clist_next(it)) {
		struct mailimap_msg_att_item *item = clist_content(it);

		if (item->att_type == MAILIMAP_MSG_ATT_ITEM_DYNAMIC) {
			free(m->flags);
			m->flags = flags_string(item->att_data.att_dyn->att_list);
			if (m->flags == NULL) {
				fprintf(stderr, "av-dump: out of memory\n");
				return -1;
			}
			have_flags = true;
			continue;
		}
		if (item->att_type != MAILIMAP_MSG_ATT_ITEM_STATIC)
			continue;
		switch (item->att_data.att_static->att_type) {
		case MAILIMAP_MSG_ATT_UID:
			m->uid = item->att_data.att_static->att_data.att_uid;
			have_uid = true;
			break;
		case MAILIMAP_MSG_ATT_INTERNALDATE:
			m->epoch = date_time_epoch(
				item->att_data.att_static->att_data.att_internal_date);
			have_date = true;
			break;
		case MAILIMAP_MSG_ATT_BODY_SECTION: {
			const struct mailimap_msg_att_body_section *sec =
				item->att_data.att_static->att_data.att_body_section;
			const char *body = sec->sec_body_part != NULL ? sec->sec_body_part : "";
			size_t blen = sec->sec_body_part != NULL ? sec->sec_length : 0;

			if (gnutls_hash_fast(GNUTLS_DIG_SHA256, body, blen, digest) < 0) {
				fprintf(stderr, "av-dump: SHA-256 failed\n");
				return -1;
			}
			hex(digest, sizeof(digest), m->hash);
			have_body = true;
			break;
		}
		default:
			break;
		}
	}
	if (!have_uid || !have_date || !have_flags || !have_body) {
		fprintf(stderr, "av-dump: incomplete FETCH response (uid %u)\n", (unsigned)m->uid);
		return -1;
	}
	return 0;
}

/* Add att to ft; ft owns it afterwards, or it is freed. NULL att is an error. */
static int
add_att(struct mailimap_fetch_type *ft, struct mailimap_fetch_att *att)
{
	if (att == NULL)
		return -1;
	if (mailimap_fetch_type_new_fetch_att_list_add(ft, att) != MAILIMAP_NO_ERROR) {
		mailimap_fetch_att_free(att);
		return -1;
	}
	return 0;
}

static int
dump_folder(mailimap *s, const char *name)
{
	struct mailimap_set *set = NULL;
	struct mailimap_fetch_type *ft = NULL;
	struct mailimap_fetch_att *fa;
	struct mailimap_section *section = NULL;
	struct msg *msgs = NULL;
	clist *result = NULL;
	clistiter *it;
	size_t n = 0, i;
	uint32_t exists;
	int r, ret = -1;

	r = mailimap_examine(s, name);
	if (r != MAILIMAP_NO_ERROR || s->imap_selection_info == NULL) {
		fprintf(stderr, "av-dump: EXAMINE %s failed (libetpan error %d): %s\n", name, r,
			server_text(s));
		return -1;
	}
	printf("folder %s uidvalidity %u\n", name,
	       (unsigned)s->imap_selection_info->sel_uidvalidity);
	exists = s->imap_selection_info->sel_exists;
	if (exists == 0)
		return 0; /* never FETCH with an empty set */

	set = mailimap_set_new_interval(1, 0);
	ft = mailimap_fetch_type_new_fetch_att_list_empty();
	if (set == NULL || ft == NULL)
		goto nomem;
	if (add_att(ft, mailimap_fetch_att_new_uid()) < 0 ||
	    add_att(ft, mailimap_fetch_att_new_flags()) < 0 ||
	    add_att(ft, mailimap_fetch_att_new_internaldate()) < 0)
		goto nomem;
	section = mailimap_section_new(NULL);
	if (section == NULL)
		goto nomem;
	fa = mailimap_fetch_att_new_body_peek_section(section);
	if (fa == NULL)
		goto nomem;
	section = NULL; /* now owned by fa */
	if (add_att(ft, fa) < 0)
		goto nomem;

	r = mailimap_uid_fetch(s, set, ft, &result);
	if (r != MAILIMAP_NO_ERROR) {
		fprintf(stderr, "av-dump: UID FETCH in %s failed (libetpan error %d): %s\n", name,
			r, server_text(s));
		goto cleanup;
	}
	msgs = calloc((size_t)clist_count(result) + 1, sizeof(*msgs));
	if (msgs == NULL)
		goto nomem;
	for (it = clist_begin(result); it != NULL; it = clist_next(it)) {
		if (parse_msg_att(clist_content(it), &msgs[n]) < 0) {
			free(msgs[n].flags);
			fprintf(stderr, "av-dump: in folder %s\n", name);
			goto cleanup;
		}
		n++;
	}
	if (n != exists) {
		fprintf(stderr, "av-dump: %s: EXISTS %u but %zu messages fetched\n", name,
			(unsigned)exists, n);
		goto cleanup;
	}
	qsort(msgs, n, sizeof(*msgs), cmp_msg);
	for (i = 0; i < n; i++)
		printf("%u %s %lld %s\n", (unsigned)msgs[i].uid, msgs[i].flags, msgs[i].epoch,
		       msgs[i].hash);
	ret = 0;
	goto cleanup;

nomem:
	fprintf(stderr, "av-dump: out of memory\n");
cleanup:
	for (i = 0; i < n; i++)
		free(msgs[i].flags);
	free(msgs);
	if (result != NULL)
		mailimap_fetch_list_free(result);
	if (section != NULL)
		mailimap_section_free(section);
	if (ft != NULL)
		mailimap_fetch_type_free(ft);
	if (set != NULL)
		mailimap_set_free(set);
	return ret;
}

static bool
is_selectable(const struct mailimap_mailbox_list *mb)
{
	clistiter *it;

	if (mb->mb_flag == NULL)
		return true;
	if (mb->mb_flag->mbf_type == MAILIMAP_MBX_LIST_FLAGS_SFLAG &&
	    mb->mb_flag->mbf_sflag == MAILIMAP_MBX_LIST_SFLAG_NOSELECT)
		return false;
	for (it = clist_begin(mb->mb_flag->mbf_oflags); it != NULL; it = clist_next(it)) {
		struct mailimap_mbx_list_oflag *of = clist_content(it);

		if (of->of_type == MAILIMAP_MBX_LIST_OFLAG_FLAG_EXT && of->of_flag_ext != NULL &&
		    (strcasecmp(of->of_flag_ext, "NonExistent") == 0 ||
		     strcasecmp(of->of_flag_ext, "Noselect") == 0))
			return false;
	}
	return true;
}

static int
dump_all(mailimap *s)
{
	clist *list = NULL;
	clistiter *it;
	char **names = NULL;
	size_t n = 0, i;
	int r, ret = -1;

	r = mailimap_list(s, "", "*", &list);
	if (r != MAILIMAP_NO_ERROR) {
		fprintf(stderr, "av-dump: LIST failed (libetpan error %d): %s\n", r,
			server_text(s));
		return -1;
	}
	names = calloc((size_t)clist_count(list) + 1, sizeof(*names));
	if (names == NULL) {
		fprintf(stderr, "av-dump: out of memory\n");
		goto cleanup;
	}
	for (it = clist_begin(list); it != NULL; it = clist_next(it)) {
		struct mailimap_mailbox_list *mb = clist_content(it);

		if (is_selectable(mb))
			names[n++] = mb->mb_name; /* borrowed from list */
	}
	qsort(names, n, sizeof(*names), cmp_str);
	for (i = 0; i < n; i++)
		if (dump_folder(s, names[i]) < 0)
			goto cleanup;
	ret = 0;

cleanup:
	free(names);
	mailimap_list_result_free(list);
	return ret;
}

static int
parse_args(int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {
		{"host", required_argument, NULL, 'H'},
		{"port", required_argument, NULL, 'p'},
		{"user", required_argument, NULL, 'u'},
		{"password-file", required_argument, NULL, 'P'},
		{"folder", required_argument, NULL, 'f'},
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
				fprintf(stderr, "av-dump: invalid port %s\n", optarg);
				return -1;
			}
			break;
		case 'u':
			o->user = optarg;
			break;
		case 'P':
			o->password_file = optarg;
			break;
		case 'f':
			o->folder = optarg;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			return -1;
		}
	}
	if (o->port == 0 || o->user == NULL || o->password_file == NULL) {
		fprintf(stderr, "av-dump: --port, --user and --password-file are required\n");
		return -1;
	}
	if (optind != argc) {
		fprintf(stderr, "av-dump: unexpected argument %s\n", argv[optind]);
		return -1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	struct opts o;
	mailimap *s = NULL;
	char *password = NULL;
	int r, ret = 1;
	bool logged_in = false;

	if (parse_args(argc, argv, &o) < 0) {
		usage(stderr);
		return 2;
	}
	password = read_password(o.password_file);
	if (password == NULL)
		return 1;

	s = mailimap_new(0, NULL);
	if (s == NULL) {
		fprintf(stderr, "av-dump: out of memory\n");
		goto cleanup;
	}
	mailimap_set_timeout(s, TIMEOUT_S);
	r = mailimap_socket_connect(s, o.host, o.port);
	if (r != MAILIMAP_NO_ERROR && r != MAILIMAP_NO_ERROR_NON_AUTHENTICATED &&
	    r != MAILIMAP_NO_ERROR_AUTHENTICATED) {
		fprintf(stderr, "av-dump: cannot connect to %s:%u (libetpan error %d)\n", o.host,
			(unsigned)o.port, r);
		goto cleanup;
	}
	r = mailimap_login(s, o.user, password);
	if (r != MAILIMAP_NO_ERROR) {
		fprintf(stderr, "av-dump: LOGIN as %s failed (libetpan error %d): %s\n", o.user, r,
			server_text(s));
		goto cleanup;
	}
	logged_in = true;

	if (o.folder != NULL)
		r = dump_folder(s, o.folder);
	else
		r = dump_all(s);
	if (r < 0)
		goto cleanup;
	if (fflush(stdout) != 0) {
		fprintf(stderr, "av-dump: write error: %s\n", strerror(errno));
		goto cleanup;
	}
	ret = 0;

cleanup:
	if (s != NULL) {
		if (logged_in)
			mailimap_logout(s);
		mailimap_free(s);
	}
	free_secret(password);
	return ret;
}
