/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Drafts: template loading and its errors, the token, and the rendered message checked
 * with a strict little RFC 5322 reader written here (CRLF everywhere, "Name: value" or a
 * fold, encoded-words decoded), on hand-made panels and on the invite fixtures
 * (tests/data/invites) read through mime.c, invite.c and detect.c. AV_TEST_VERBOSE=1
 * prints every rendered draft. */
#include "config.h"

#include <dirent.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "afterview/conf.h"
#include "afterview/detect.h"
#include "afterview/draft.h"
#include "afterview/message.h"
#include "afterview/interviewers.h"
#include "afterview/invite.h"
#include "afterview/log.h"
#include "afterview/mime.h"
#include "afterview/template.h"
#include "afterview/util.h"
#include "afterview/words.h"
#include "harness.h"

#ifndef AV_TEST_SRCDIR
#define AV_TEST_SRCDIR "."
#endif

static char tmpdir[] = "/tmp/av-test-draft.XXXXXX";
static bool verbose;

/* ---- helpers ------------------------------------------------------------------------- */

static char *
write_file(const char *name, const char *text)
{
	return test_write_file(tmpdir, name, text, strlen(text));
}

static char *
read_all(const char *path, size_t *len_r)
{
	FILE *f = fopen(path, "rb");
	struct av_buf b;
	char chunk[65536];
	size_t n;

	if (f == NULL)
		return NULL;
	av_buf_init(&b);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		av_buf_append(&b, chunk, n);
	fclose(f);
	*len_r = b.len;
	return av_buf_steal(&b);
}

static const char conf_text[] = "[me]\n"
				"name = Sam Rivera\n"
				"addresses = sam.rivera@example.net, samr@example.net\n"
				"skills = C, IMAP, distributed systems\n"
				"pitch = I build mail tools that never lose mail\n"
				"phone = +1 555 0100\n"
				"signature = Sam Rivera\n"
				"  +1 555 0100\n"
				"timezone = America/New_York\n"
				"[afterview]\n"
				"tone = formal\n"
				"[account work]\n"
				"host = imap.example.net\n"
				"user = sam\n"
				"password_cmd = echo x\n"
				"[company acme.example]\n"
				"name = Acme Corp\n"
				"tone = casual\n";

static struct av_conf *
conf_from(const char *name, const char *text)
{
	char *path = write_file(name, text), *err = NULL;
	struct av_conf *c = NULL;

	chmod(path, 0600);
	if (av_conf_load(path, &c, &err) != AV_OK) {
		printf("config: %s\n", err);
		exit(2);
	}
	free(path);
	return c;
}

static struct av_templates *
shipped(void)
{
	struct av_templates *t = NULL;
	char *err = NULL;

	if (av_templates_load(NULL, &t, &err) != AV_OK) {
		printf("shipped templates: %s\n", err);
		exit(2);
	}
	return t;
}

/* 2026-10-22 10:00-10:45 America/New_York (EDT), like the Greenhouse fixture. */
static void
invite_init(struct av_invite *inv, char *uid, char *summary)
{
	memset(inv, 0, sizeof(*inv));
	inv->method = AV_METHOD_REQUEST;
	inv->uid = uid;
	inv->summary = summary;
	inv->start = 1792677600; /* 2026-10-22T14:00:00Z */
	inv->end = inv->start + 45 * 60;
	inv->utc_offset = -4 * 3600;
}

static void
iv_set(struct av_interviewer *iv, char *name, char *email, bool guessed)
{
	memset(iv, 0, sizeof(*iv));
	iv->name = name;
	iv->email = email;
	iv->source = email != NULL ? AV_SOURCE_ATTENDEE : AV_SOURCE_DESCRIPTION;
	iv->name_guessed = guessed;
}

static void
input_init(struct av_draft_input *in, const struct av_conf *conf, const struct av_invite *inv,
	   const struct av_interviewer *panel, size_t n, size_t who, const char *token)
{
	memset(in, 0, sizeof(*in));
	in->conf = conf;
	in->inv = inv;
	in->panel = panel;
	in->n_panel = n;
	in->iv = &panel[who];
	in->token = token;
	in->now = 1792706400; /* 2026-10-22T22:00:00Z */
}

/* ---- a strict message reader --------------------------------------------------------- */

struct hdr {
	char *name;  /* owned */
	char *value; /* owned, unfolded (CRLF removed), leading blank removed */
};

struct msg {
	struct hdr *h;
	size_t n;
	const char *body;		       /* into the message */
	size_t max_header_line, max_body_line; /* octets */
	size_t max_body_chars;		       /* characters (UTF-8 sequences) */
};

static void
msg_clear(struct msg *m)
{
	for (size_t i = 0; i < m->n; i++) {
		free(m->h[i].name);
		free(m->h[i].value);
	}
	free(m->h);
	memset(m, 0, sizeof(*m));
}

/* Every line ends in CRLF (no bare CR or LF), no line is longer than 998 octets, headers
 * are ASCII and each is "Name: value" (name of printable ASCII but ':') or a fold that
 * starts with a blank and is not blank only; an empty line ends them. *why says what is
 * wrong. */
static bool
msg_parse(const char *text, size_t len, struct msg *m, const char **why)
{
	size_t pos = 0;
	bool in_body = false;

	memset(m, 0, sizeof(*m));
	while (pos < len) {
		size_t e = pos, ll;
		const char *line = text + pos;

		while (e < len && text[e] != '\r' && text[e] != '\n')
			e++;
		if (e + 1 >= len || text[e] != '\r' || text[e + 1] != '\n') {
			*why = "a line does not end in CRLF";
			return false;
		}
		ll = e - pos;
		pos = e + 2;
		if (ll > 998) {
			*why = "a line is longer than 998 octets";
			return false;
		}
		if (in_body) {
			size_t chars = 0;

			for (size_t i = 0; i < ll; i++)
				chars += ((unsigned char)line[i] & 0xc0) != 0x80;
			if (ll > m->max_body_line)
				m->max_body_line = ll;
			if (chars > m->max_body_chars)
				m->max_body_chars = chars;
			continue;
		}
		if (ll == 0) {
			in_body = true;
			m->body = text + pos;
			continue;
		}
		if (ll > m->max_header_line)
			m->max_header_line = ll;
		for (size_t i = 0; i < ll; i++)
			if ((unsigned char)line[i] >= 0x80 ||
			    ((unsigned char)line[i] < 0x20 && line[i] != '\t')) {
				*why = "a header holds a non-ASCII or control octet";
				return false;
			}
		if (line[0] == ' ' || line[0] == '\t') {
			bool blank = true;

			for (size_t i = 0; i < ll; i++)
				blank = blank && (line[i] == ' ' || line[i] == '\t');
			if (m->n == 0 || blank) {
				*why = "a fold without a header, or a blank fold";
				return false;
			}
			{
				struct hdr *h = &m->h[m->n - 1];
				char *v = av_asprintf("%s%.*s", h->value, (int)ll, line);

				free(h->value);
				h->value = v;
			}
			continue;
		}
		{
			size_t c = 0;

			while (c < ll && line[c] != ':' && line[c] > 32 && line[c] < 127)
				c++;
			if (c == 0 || c == ll || line[c] != ':') {
				*why = "a header line is not \"Name: value\"";
				return false;
			}
			m->h = av_realloc(m->h, (m->n + 1) * sizeof(*m->h));
			m->h[m->n].name = av_strndup(line, c);
			c++;
			if (c < ll && line[c] == ' ')
				c++;
			m->h[m->n].value = av_strndup(line + c, ll - c);
			m->n++;
		}
	}
	if (!in_body) {
		*why = "no empty line after the headers";
		return false;
	}
	return true;
}

static const char *
msg_get(const struct msg *m, const char *name)
{
	for (size_t i = 0; i < m->n; i++)
		if (strcasecmp(m->h[i].name, name) == 0)
			return m->h[i].value;
	return NULL;
}

static size_t
msg_count(const struct msg *m, const char *name)
{
	size_t n = 0;

	for (size_t i = 0; i < m->n; i++)
		n += strcasecmp(m->h[i].name, name) == 0;
	return n;
}

static int
b64val(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* Decode "=?UTF-8?B?...?=" words (white space between two of them dropped, RFC 2047 6.2);
 * other text is copied. *bad set when an encoded-word is longer than 75 or broken. */
static char *
decode_words(const char *s, bool *bad)
{
	struct av_buf b;
	const char *p = s;
	bool last_ew = false;
	size_t ew_end = 0; /* b.len after the last encoded-word */

	av_buf_init(&b);
	while (*p != '\0') {
		if (strncasecmp(p, "=?UTF-8?B?", 10) == 0) {
			const char *e = strstr(p + 10, "?=");
			unsigned acc = 0;
			int bits = 0;

			if (e == NULL || (size_t)(e + 2 - p) > 75) {
				*bad = true;
				break;
			}
			/* only the white space between the words, not a blank decoded from
			 * the word before */
			if (last_ew && b.data != NULL) {
				b.len = ew_end;
				b.data[b.len] = '\0';
			}
			for (const char *q = p + 10; q < e; q++) {
				int v = b64val(*q);

				if (*q == '=')
					break;
				if (v < 0) {
					*bad = true;
					break;
				}
				acc = acc << 6 | (unsigned)v;
				bits += 6;
				if (bits >= 8) {
					char ch = (char)(acc >> (bits - 8));

					bits -= 8;
					av_buf_append(&b, &ch, 1);
				}
			}
			p = e + 2;
			last_ew = true;
			ew_end = b.len;
			continue;
		}
		if (*p != ' ' && *p != '\t')
			last_ew = false;
		av_buf_append(&b, p, 1);
		p++;
	}
	return av_buf_steal(&b);
}

/* The display name of "phrase <addr>" (quoted-string or encoded-words) and the address. */
static void
mailbox_parse(const char *v, char **name_r, char **addr_r, bool *bad)
{
	const char *lt = strrchr(v, '<');

	*name_r = *addr_r = NULL;
	if (lt == NULL) {
		*addr_r = av_strdup(v);
		return;
	}
	*addr_r = av_strndup(lt + 1, strcspn(lt + 1, ">"));
	if (v[0] == '"') {
		struct av_buf b;
		const char *p = v + 1;

		av_buf_init(&b);
		while (*p != '\0' && *p != '"') {
			if (*p == '\\' && p[1] != '\0')
				p++;
			av_buf_append(&b, p, 1);
			p++;
		}
		if (*p != '"')
			*bad = true;
		*name_r = av_buf_steal(&b);
	} else {
		char *phrase = av_strndup(v, (size_t)(lt - v));
		size_t l = strlen(phrase);

		while (l > 0 && phrase[l - 1] == ' ')
			phrase[--l] = '\0';
		*name_r = decode_words(phrase, bad);
		free(phrase);
	}
}

/* Render and check the message; returns the parsed form (caller frees) and the draft. */
static char *unflow(const char *body);

static bool
render_ok(const struct av_templates *t, const struct av_draft_input *in, struct av_draft *d,
	  struct msg *m)
{
	char *err = NULL;
	const char *why = NULL;

	if (!test_assert_int(av_draft_render(t, in, d, &err), AV_OK)) {
		printf("  %s\n", err);
		free(err);
		memset(m, 0, sizeof(*m));
		return false;
	}
	if (verbose)
		printf("----\n%s----\n", d->message);
	test_assert_int(strlen(d->message), d->len);
	if (!msg_parse(d->message, d->len, m, &why)) {
		printf("  message does not parse: %s\n%s\n", why, d->message);
		test_assert(!"message parses");
		return false;
	}
	test_assert(msg_get(m, "Date") != NULL && msg_get(m, "From") != NULL);
	test_assert_int(msg_count(m, "Date"), 1);
	test_assert_int(msg_count(m, "From"), 1);
	test_assert_int(msg_count(m, "Subject"), 1);
	test_assert_int(msg_count(m, "Message-ID"), 1);
	test_assert_int(msg_count(m, "To") <= 1, 1);
	/* nothing tells the recipient a tool was involved; the token is in the Message-ID */
	test_assert(msg_get(m, "X-Afterview-Id") == NULL);
	test_assert(msg_get(m, "X-Afterview-Variant") == NULL);
	test_assert(strstr(d->message, "fterview") == NULL ||
		    strstr(d->message, "[[ afterview:") != NULL);
	{
		char *key = av_message_id_key(in->token);

		test_assert(strstr(msg_get(m, "Message-ID"), key) != NULL);
		free(key);
	}
	/* every marker line for the person keeps to 72 columns, unwrapped (issue 11) */
	{
		char *body = unflow(m->body);

		for (char *l = body; l != NULL && *l != '\0';) {
			size_t n = strcspn(l, "\n"), chars = 0;

			for (size_t i = 0; i < n; i++)
				chars += ((unsigned char)l[i] & 0xc0) != 0x80;
			if (strncmp(l, "[[ afterview:", 13) == 0 &&
			    !test_assert(chars <= 72 && n >= 3 &&
					 strncmp(l + n - 3, " ]]", 3) == 0))
				printf("  marker of %zu characters: %.*s\n", chars, (int)n, l);
			l += n + (l[n] == '\n');
		}
		free(body);
	}
	test_assert_str(msg_get(m, "MIME-Version"), "1.0");
	test_assert_str(msg_get(m, "Content-Transfer-Encoding"), "8bit");
	test_assert(strncmp(msg_get(m, "Content-Type"), "text/plain; charset=UTF-8", 25) == 0);
	return true;
}

static char *
decoded_header(const struct msg *m, const char *name)
{
	bool bad = false;
	const char *v = msg_get(m, name);
	char *r = v != NULL ? decode_words(v, &bad) : NULL;

	test_assert(!bad);
	return r;
}

/* The body with format=flowed undone (RFC 3676 4.2): soft breaks joined, stuffing removed,
 * LF line ends. */
static char *
unflow(const char *body)
{
	struct av_buf b;
	const char *p = body;

	av_buf_init(&b);
	while (*p != '\0') {
		const char *e = strstr(p, "\r\n");
		size_t n = e != NULL ? (size_t)(e - p) : strlen(p);
		const char *s = p;

		if (n > 0 && s[0] == ' ') {
			s++;
			n--;
		}
		av_buf_append(&b, s, n);
		if (!(n > 0 && s[n - 1] == ' ' && !(n == 3 && strncmp(s, "-- ", 3) == 0)))
			av_buf_append(&b, "\n", 1);
		p = e != NULL ? e + 2 : p + strlen(p);
	}
	return av_buf_steal(&b);
}

/* ---- tests --------------------------------------------------------------------------- */

static bool
is_hex32(const char *s)
{
	if (strlen(s) != 32)
		return false;
	for (; *s != '\0'; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
			return false;
	return true;
}

static void
test_token(void)
{
	char *a = av_draft_token("work", "uid-1@example", "jane@acme.example");
	char *b = av_draft_token("work", "uid-1@example", "jane@acme.example");
	char *c = av_draft_token("work", "uid-1@example", "JANE@Acme.Example");
	char *d = av_draft_token("work", "uid-2@example", "jane@acme.example");
	char *e = av_draft_token("home", "uid-1@example", "jane@acme.example");
	char *f = av_draft_token("work", "uid-1@example", "tomas@acme.example");
	char *g1 = av_draft_token("a", "bc", "x");
	char *g2 = av_draft_token("ab", "c", "x");
	char *h1 = av_draft_token(NULL, "", "x");
	char *h2 = av_draft_token("", "", "x");
	char *n1 = av_draft_token("work", "uid-1@example", "Tomás Lindqvist");
	char *n2 = av_draft_token("work", "uid-1@example", "tomás lindqvist");

	test_begin("token: 32 hex digits, stable, fields kept apart");
	test_assert(is_hex32(a));
	test_assert_str(a, b);
	test_assert_str(a, c); /* addresses compare without case */
	test_assert(strcmp(a, d) != 0);
	test_assert(strcmp(a, e) != 0);
	test_assert(strcmp(a, f) != 0);
	test_assert(strcmp(g1, g2) != 0);
	test_assert(strcmp(h1, h2) != 0);
	test_assert(strcmp(n1, n2) != 0); /* a name is kept as written */
	/* the same value on every machine and run (drafts already in Drafts carry it): a
	 * fixed vector catches any change to the hash */
	test_assert_str(a, "736589cf18a376e9c8c3e2bc5472e890");
	test_assert_str(g1, "338b439d0ca9d1838ec27a233a3e5c27");
	test_assert(is_hex32(g1) && is_hex32(n1));
	test_end();
	free(a);
	free(b);
	free(c);
	free(d);
	free(e);
	free(f);
	free(g1);
	free(g2);
	free(h1);
	free(h2);
	free(n1);
	free(n2);
}

/* A custom template: fallback groups, lines left out, space-stuffing, CRLF input. */
static void
test_template_rules(void)
{
	char *dir = av_asprintf("%s/rules", tmpdir);
	struct av_templates *t = NULL;
	struct av_conf *conf = conf_from("rules.conf", conf_text);
	struct av_invite inv;
	struct av_interviewer panel[1];
	struct av_draft_input in;
	struct av_draft d;
	struct msg m;
	char *err = NULL, *body;

	mkdir(dir, 0700);
	free(write_file("rules/formal.txt", "Subject: About {{topic}}\r\n"
					    "Subject: Plain {{company}}\r\n"
					    "\r\n"
					    "# a comment line\r\n"
					    "{{hello}}\r\n"
					    "Phone: {{phone}}\r\n"
					    "Pitch: {{pitch}}\r\n"
					    "\r\n"
					    "\r\n"
					    "{{s}}\r\n"
					    "From here on, {{date}}.\r\n"
					    ">quoted\r\n"
					    "\r\n"
					    "[hello]\r\n"
					    "Dear {{first_name}},\r\n"
					    "--\r\n"
					    "Hello,\r\n"
					    "[s]\r\n"
					    "A {{topic}}\r\n"
					    "--\r\n"
					    "B {{role}}\r\n"
					    "--\r\n"
					    "--\r\n"
					    "C\r\n"));
	free(write_file("rules/casual.txt", "Subject: x\n\ny\n"));
	test_begin("templates: fallback groups, lines without values left out");
	test_assert_int(av_templates_load(dir, &t, &err), AV_OK);
	if (t == NULL) {
		printf("  %s\n", err);
		free(err);
		test_end();
		goto cleanup;
	}
	invite_init(&inv, (char *)"rules-1", (char *)"Phone screen");
	iv_set(&panel[0], (char *)"Jane Okafor", (char *)"jane@northwind.example", false);
	input_init(&in, conf, &inv, panel, 1, 0, "0123456789abcdef0123456789abcdef");
	free(conf->me.pitch);
	conf->me.pitch = NULL;
	if (render_ok(t, &in, &d, &m)) {
		body = unflow(m.body);
		test_assert_str(d.subject, "Plain Northwind");
		test_assert_str(msg_get(&m, "Subject"), "Plain Northwind");
		test_assert_str(body, "Dear Jane,\n"
				      "Phone: +1 555 0100\n"
				      "\n"
				      "C\n"
				      "From here on, Thursday, October 22.\n"
				      ">quoted\n");
		/* stuffed on the wire (RFC 3676 4.4) */
		test_assert(strstr(m.body, "\r\n From here on") != NULL);
		test_assert(strstr(m.body, "\r\n >quoted\r\n") != NULL);
		free(body);
	}
	msg_clear(&m);
	av_draft_clear(&d);
	in.topic = "the pager rotation";
	if (render_ok(t, &in, &d, &m)) {
		body = unflow(m.body);
		test_assert_str(d.subject, "About the pager rotation");
		test_assert(strstr(body, "\nA the pager rotation\n") != NULL);
		free(body);
	}
	msg_clear(&m);
	av_draft_clear(&d);
	av_draft_clear(&d); /* twice is harmless */
	test_end();
cleanup:
	av_templates_free(&t);
	av_conf_free(&conf);
	{
		char *p = av_asprintf("%s/formal.txt", dir);

		unlink(p);
		free(p);
		p = av_asprintf("%s/casual.txt", dir);
		unlink(p);
		free(p);
	}
	rmdir(dir);
	free(dir);
}

static void
test_panel(const struct av_templates *t, const struct av_conf *conf)
{
	struct av_invite inv;
	struct av_interviewer panel[3];
	const char *first[3] = {"Dear Jane,", "Dear Tomás,", "Dear Mei-Ling,"};
	const char *names[3] = {"Jane Okafor", "Tomás Lindqvist", "Mei-Ling Park"};
	const char *tokens[3] = {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
				 "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
				 "cccccccccccccccccccccccccccccccc"};
	char *bodies[3] = {NULL, NULL, NULL};
	unsigned variants[3] = {0, 0, 0};

	invite_init(
		&inv, (char *)"greenhouse-interview-7741029-20261022@greenhouse.io",
		(char *)"Interview: Sam Rivera for Senior Platform Engineer at Halcyon Robotics");
	iv_set(&panel[0], (char *)"Jane Okafor", (char *)"jane.okafor@halcyonrobotics.example",
	       false);
	iv_set(&panel[1], (char *)"Tomás Lindqvist", (char *)"tomas@halcyonrobotics.example",
	       false);
	iv_set(&panel[2], (char *)"Mei-Ling Park", (char *)"meiling.park@halcyonrobotics.example",
	       false);
	test_begin("panel of three: three different bodies, each greets its own first name");
	for (int i = 0; i < 3; i++) {
		struct av_draft_input in;
		struct av_draft d;
		struct msg m;

		input_init(&in, conf, &inv, panel, 3, (size_t)i, tokens[i]);
		in.company = "halcyonrobotics.example";
		if (render_ok(t, &in, &d, &m)) {
			char *name = NULL, *addr = NULL, *subject = decoded_header(&m, "Subject");
			bool bad = false;

			bodies[i] = unflow(m.body);
			variants[i] = d.variant;
			test_assert(strncmp(bodies[i], first[i], strlen(first[i])) == 0);
			for (int k = 0; k < 3; k++)
				if (k != i)
					test_assert(strstr(bodies[i], first[k]) == NULL);
			mailbox_parse(msg_get(&m, "To"), &name, &addr, &bad);
			test_assert(!bad);
			test_assert_str(name, names[i]);
			test_assert_str(addr, panel[i].email);
			test_assert_str(subject, "Thank you for the interview: Senior Platform "
						 "Engineer at Halcyon Robotics");
			test_assert_str(d.subject, subject);
			test_assert(strstr(bodies[i], "Thursday, October 22") != NULL);
			test_assert(strstr(bodies[i], "Senior Platform Engineer") != NULL);
			test_assert(strstr(bodies[i], "C, IMAP, distributed systems") != NULL);
			test_assert(strstr(bodies[i], "I build mail tools that never lose mail.") !=
				    NULL);
			test_assert(strstr(bodies[i], "\nSam Rivera\n+1 555 0100\n") != NULL);
			test_assert(m.max_header_line <= 78);
			test_assert(m.max_body_chars <= 78);
			free(name);
			free(addr);
			free(subject);
		}
		msg_clear(&m);
		av_draft_clear(&d);
	}
	test_assert(bodies[0] && bodies[1] && bodies[2]);
	if (bodies[0] && bodies[1] && bodies[2]) {
		/* different beyond the greeting: compare from the second line */
		test_assert(strcmp(strchr(bodies[0], '\n'), strchr(bodies[1], '\n')) != 0);
		test_assert(strcmp(strchr(bodies[1], '\n'), strchr(bodies[2], '\n')) != 0);
		test_assert(strcmp(strchr(bodies[0], '\n'), strchr(bodies[2], '\n')) != 0);
	}
	test_assert(variants[0] != variants[1] && variants[1] != variants[2] &&
		    variants[0] != variants[2]);
	test_end();
	for (int i = 0; i < 3; i++)
		free(bodies[i]);
}

/* Many interviewers nothing is known of (no name, no topic): only the wording can differ,
 * and it must. */
static void
test_panel_large(const struct av_templates *t, const struct av_conf *conf)
{
	enum { N = 40 };
	struct av_invite inv;
	struct av_interviewer panel[N];
	char *emails[N], *bodies[N];
	bool all = true;

	invite_init(&inv, (char *)"big-panel@example", (char *)"Onsite interview");
	for (int i = 0; i < N; i++) {
		emails[i] = av_asprintf("panelist%d@kestrel.example", i);
		iv_set(&panel[i], (char *)"Panelist", emails[i], true);
	}
	test_begin("panel of 40 unknown people: 40 different bodies");
	for (int i = 0; i < N; i++) {
		struct av_draft_input in;
		struct av_draft d;
		struct msg m;

		bodies[i] = NULL;
		input_init(&in, conf, &inv, panel, N, (size_t)i,
			   "dddddddddddddddddddddddddddddddd");
		if (render_ok(t, &in, &d, &m)) {
			bodies[i] = av_strdup(m.body);
			test_assert(strncmp(bodies[i], "Hello,\r\n", 8) == 0);
			test_assert(strstr(bodies[i], "panelist") == NULL);
		}
		all = all && bodies[i] != NULL;
		msg_clear(&m);
		av_draft_clear(&d);
	}
	for (int i = 0; all && i < N; i++)
		for (int k = i + 1; k < N; k++)
			if (!test_assert(strcmp(bodies[i], bodies[k]) != 0))
				printf("  bodies %d and %d are the same\n", i, k);
	test_end();
	for (int i = 0; i < N; i++) {
		free(bodies[i]);
		free(emails[i]);
	}
}

static void
test_non_ascii(const struct av_templates *t)
{
	static const char *const names[] = {
		"Tomás Lindqvist",
		"Jürgen Weiß",
		"Mei-Ling Park",
		"王芳",
		"Zoë \"Zee\" Ångström-Øre von Müller-Lüdenscheidt de la Peña y Castillo",
		"Plain \"Quoted\" Back\\slash",
		"Looks =?UTF-8?B?SGk=?= encoded",
	};
	struct av_conf *conf = conf_from(
		"nonascii.conf", "[me]\nname = Søren Ærø\naddresses = soren@example.dk\n"
				 "[account a]\nhost = h\nuser = u\npassword_cmd = echo x\n");
	struct av_invite inv;

	invite_init(&inv, (char *)"u-1",
		    (char *)"Vorstellungsgespräch: Sam Rivera – "
			    "Softwareentwickler (m/w/d)");
	test_begin("non-ASCII and odd names: encoded-words in To and From, decodable");
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		struct av_interviewer panel[1];
		struct av_draft_input in;
		struct av_draft d;
		struct msg m;

		iv_set(&panel[0], (char *)names[i], (char *)"person@kranichfeld.example", false);
		input_init(&in, conf, &inv, panel, 1, 0, "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee");
		if (render_ok(t, &in, &d, &m)) {
			char *name = NULL, *addr = NULL, *subject = decoded_header(&m, "Subject");
			bool bad = false;

			char *libetpan = av_mime_decode_header(msg_get(&m, "To"));

			mailbox_parse(msg_get(&m, "To"), &name, &addr, &bad);
			test_assert(!bad);
			test_assert_str(name, names[i]);
			test_assert_str(addr, "person@kranichfeld.example");
			/* a second, independent reader (libetpan's) agrees */
			if (strchr(names[i], '"') == NULL && strstr(names[i], "=?") == NULL)
				test_assert(strstr(libetpan, names[i]) != NULL);
			free(libetpan);
			free(name);
			free(addr);
			mailbox_parse(msg_get(&m, "From"), &name, &addr, &bad);
			test_assert_str(name, "Søren Ærø");
			test_assert_str(addr, "soren@example.dk");
			test_assert_str(
				subject,
				"Thank you for the interview: Softwareentwickler at Kranichfeld");
			test_assert(m.max_header_line <= 78);
			free(name);
			free(addr);
			free(subject);
		}
		msg_clear(&m);
		av_draft_clear(&d);
	}
	test_end();
	av_conf_free(&conf);
}

static void
test_hostile(const struct av_templates *t, const struct av_conf *conf)
{
	struct av_invite inv;
	struct av_interviewer panel[2];
	struct av_draft_input in;
	struct av_draft d;
	struct msg m;

	invite_init(&inv, (char *)"evil-1",
		    (char *)"Interview\r\nBcc: evil@example.com\r\n\r\nbody injection");
	iv_set(&panel[0], (char *)"Jane\r\nBcc: evil@example.com", (char *)"jane@acme.example",
	       false);
	iv_set(&panel[1], (char *)"Eve\nCc: x@y\x01\x7f\xc2\x85", (char *)"x@y.example\r\nBcc: z@z",
	       false);
	test_begin("hostile CN and summary: no header is created");
	input_init(&in, conf, &inv, panel, 2, 0, "ffffffffffffffffffffffffffffffff");
	in.topic = "routing\r\nBcc: evil@example.com";
	in.company = "acme.example\r\nBcc: evil@example.com";
	if (render_ok(t, &in, &d, &m)) {
		test_assert_int(msg_count(&m, "Bcc"), 0);
		test_assert_int(msg_count(&m, "Cc"), 0);
		test_assert_int(msg_count(&m, "To"), 1);
		test_assert(strchr(d.subject, '\r') == NULL && strchr(d.subject, '\n') == NULL);
		test_assert(strstr(m.body, "\r\nBcc:") == NULL);
	}
	msg_clear(&m);
	av_draft_clear(&d);
	input_init(&in, conf, &inv, panel, 2, 1, "ffffffffffffffffffffffffffffffff");
	if (render_ok(t, &in, &d, &m)) {
		test_assert_int(msg_count(&m, "Bcc"), 0);
		test_assert_int(msg_count(&m, "Cc"), 0);
		/* an address that is no address, and no name to show either ("Eve Cc: x@y"
		 * holds an '@'): no To at all, and the body says so */
		test_assert_int(msg_count(&m, "To"), 0);
		test_assert(strncmp(m.body,
				    "[[ afterview: the address for this interviewer is not usable "
				    "]]\r\n",
				    65) == 0);
	}
	msg_clear(&m);
	av_draft_clear(&d);
	test_end();
}

static void
test_long_lines(const struct av_templates *t)
{
	struct av_buf topic, skills, name, summary;
	struct av_conf *conf;
	struct av_invite inv;
	struct av_interviewer panel[1];
	struct av_draft_input in;
	struct av_draft d;
	struct msg m;
	av_buf_init(&topic);
	av_buf_init(&skills);
	av_buf_init(&name);
	av_buf_init(&summary);
	for (int i = 0; i < 500; i++)
		av_buf_puts(&topic, "word ü ");
	av_buf_puts(&topic, "x");
	for (int i = 0; i < 5000; i++)
		av_buf_puts(&skills, i % 2 ? "é" : "s"); /* one 7500-octet word */
	for (int i = 0; i < 5000; i++)
		av_buf_puts(&name, i % 7 == 6 ? " " : "ö");
	for (int i = 0; i < 5000; i++)
		av_buf_puts(&summary, "Q");
	conf = conf_from("long.conf", "[me]\nname = Sam Rivera\naddresses = sam@example.net\n"
				      "[account a]\nhost = h\nuser = u\npassword_cmd = echo x\n");
	/* longer than a config line may be: set it directly */
	conf->me.skills = av_buf_steal(&skills);
	invite_init(&inv, (char *)"long-1", summary.data);
	iv_set(&panel[0], name.data, (char *)"jane@acme.example", false);
	input_init(&in, conf, &inv, panel, 1, 0, "11111111111111111111111111111111");
	in.topic = topic.data;
	test_begin("5000-character topic, skills, name and summary: lines <= 998 octets");
	if (render_ok(t, &in, &d, &m)) {
		char *body = unflow(m.body);

		test_assert(m.max_header_line <= 998);
		test_assert(m.max_body_line <= 998);
		/* the topic is wrapped, not cut: it comes back whole after unflowing */
		test_assert(strstr(body, topic.data) != NULL);
		free(body);
	}
	msg_clear(&m);
	av_draft_clear(&d);
	test_end();
	av_conf_free(&conf);
	av_buf_clear(&topic);
	av_buf_clear(&skills);
	av_buf_clear(&name);
	av_buf_clear(&summary);
}

static void
test_no_address(const struct av_templates *t, const struct av_conf *conf)
{
	struct av_invite inv;
	struct av_interviewer panel[2];
	struct av_draft_input in;
	struct av_draft d;
	struct msg m;

	invite_init(
		&inv, (char *)"greenhouse-1",
		(char *)"Interview: Sam Rivera for Senior Platform Engineer at Halcyon Robotics");
	iv_set(&panel[0], (char *)"Jane Okafor", (char *)"jane@halcyonrobotics.example", false);
	iv_set(&panel[1], (char *)"Tomás Lindqvist", NULL, false);
	test_begin("no address: To is an empty group with the name, marked first lines, greeting");
	input_init(&in, conf, &inv, panel, 2, 1, "22222222222222222222222222222222");
	if (render_ok(t, &in, &d, &m)) {
		const char *want = "[[ afterview: no address found for Tomás Lindqvist ]]\n"
				   "[[ afterview: put it in To before sending ]]";
		char *body = unflow(m.body);

		test_assert_str(msg_get(&m, "To"), "=?UTF-8?B?VG9tw6FzIExpbmRxdmlzdCBbYWRkcmVzcyBt"
						   "aXNzaW5nXQ==?=:;");
		test_assert(strncmp(body, want, strlen(want)) == 0);
		test_assert(strstr(body, "\n\nDear Tomás,\n") != NULL);
		test_assert(strstr(body, "Halcyon Robotics") != NULL);
		free(body);
	}
	msg_clear(&m);
	av_draft_clear(&d);
	test_end();

	/* render_ok checks every marker line keeps to 72 columns; these names would not */
	test_begin("long names: marker lines cut the name, never past 72 columns");
	iv_set(&panel[1],
	       (char *)"Maximiliana-Bartholomäa Konstantinopolous-Friedrichsen von Wittelsbach",
	       NULL, false);
	input_init(&in, conf, &inv, panel, 2, 1, "23232323232323232323232323232323");
	if (render_ok(t, &in, &d, &m)) {
		char *body = unflow(m.body);

		test_assert(strncmp(body, "[[ afterview: no address found for Maximiliana-", 47) ==
			    0);
		test_assert(strstr(body, "... ]]\n[[ afterview: put it in To before sending ]]") !=
			    NULL);
		/* the To still names them in full (the header folds) */
		test_assert(strstr(msg_get(&m, "To"), ":;") != NULL);
		free(body);
	}
	msg_clear(&m);
	av_draft_clear(&d);
	test_end();
}

static void
test_unknown_names(const struct av_templates *t, const struct av_conf *conf)
{
	static const struct {
		const char *name, *email;
		bool guessed;
		const char *greeting;
		const char *to_name; /* NULL: a bare address */
	} cases[] = {
		{"Jdoe", "jdoe@northwind.example", true, "Hello,", NULL},
		{"Hr Team", "hr.team@northwind.example", true, "Hello,", NULL},
		{"Priya Chen", "priya.chen@northwind.example", true, "Dear Priya,", "Priya Chen"},
		{"priya.chen@northwind.example", "priya.chen@northwind.example", false, "Hello,",
		 NULL},
		{"Dr. Ruth Abernathy", "ruth@northwind.example", false, "Dear Ruth,",
		 "Dr. Ruth Abernathy"},
		{"Okafor, Jane", "jane@northwind.example", false, "Dear Jane,", "Okafor, Jane"},
		{"\"\" ", "x.y@northwind.example", false, "Hello,", "\"\""},
	};
	struct av_invite inv;

	invite_init(&inv, (char *)"ns-1", (char *)"Phone screen: Sam Rivera / Northwind Analytics");
	test_begin("unknown or guessed names: neutral greeting, never the address");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct av_interviewer panel[1];
		struct av_draft_input in;
		struct av_draft d;
		struct msg m;

		iv_set(&panel[0], (char *)cases[i].name, (char *)cases[i].email, cases[i].guessed);
		input_init(&in, conf, &inv, panel, 1, 0, "33333333333333333333333333333333");
		if (render_ok(t, &in, &d, &m)) {
			char *body = unflow(m.body), *name = NULL, *addr = NULL, *local;
			bool bad = false;

			if (!test_assert(strncmp(body, cases[i].greeting,
						 strlen(cases[i].greeting)) == 0))
				printf("  case %zu: %.40s\n", i, body);
			local = av_strndup(cases[i].email, strcspn(cases[i].email, "@"));
			test_assert(strstr(body, local) == NULL);
			test_assert(strstr(body, "@") == NULL);
			mailbox_parse(msg_get(&m, "To"), &name, &addr, &bad);
			test_assert_str(name, cases[i].to_name);
			test_assert_str(addr, cases[i].email);
			test_assert_str(d.subject,
					"Thank you for the interview at Northwind Analytics");
			free(local);
			free(name);
			free(addr);
			free(body);
		}
		msg_clear(&m);
		av_draft_clear(&d);
	}
	test_end();
}

static void
test_tone(const struct av_templates *t, const struct av_conf *conf)
{
	struct av_invite inv;
	struct av_interviewer panel[2];

	invite_init(&inv, (char *)"acme-1",
		    (char *)"Acme Interview: Sam Rivera - Product Engineer");
	iv_set(&panel[0], (char *)"Ruth Abernathy", (char *)"ruth.abernathy@acme.example", false);
	iv_set(&panel[1], (char *)"Diego Salazar", (char *)"diego@jobs.acme.example", false);
	test_begin("tone: [company] casual over formal, the company's name from the config");
	for (int i = 0; i < 2; i++) {
		struct av_draft_input in;
		struct av_draft d;
		struct msg m;

		input_init(&in, conf, &inv, panel, 2, (size_t)i,
			   "44444444444444444444444444444444");
		if (render_ok(t, &in, &d, &m)) {
			char *body = unflow(m.body);

			test_assert(strncmp(body, i == 0 ? "Hi Ruth," : "Hi Diego,", 8) == 0);
			test_assert_str(d.subject, "Thanks for the interview: Product Engineer at "
						   "Acme Corp");
			free(body);
		}
		msg_clear(&m);
		av_draft_clear(&d);
	}
	/* the same invite at a company without a section: the config's tone (formal) */
	iv_set(&panel[0], (char *)"Ruth Abernathy", (char *)"ruth@elsewhere.example", false);
	{
		struct av_draft_input in;
		struct av_draft d;
		struct msg m;

		input_init(&in, conf, &inv, panel, 2, 0, "44444444444444444444444444444444");
		if (render_ok(t, &in, &d, &m)) {
			test_assert(strncmp(m.body, "Dear Ruth,", 10) == 0);
			test_assert(strncmp(d.subject, "Thank you for the interview", 27) == 0);
		}
		msg_clear(&m);
		av_draft_clear(&d);
	}
	test_end();
}

/* Issue 10: the company and role a person would write, rendered: the detection's name
 * ("Northbank" from a relay) is used as it is; without one the draft reads the same way
 * (summary, then the employer's domain as hint); the config's name comes first. */
static void
test_company_and_role(const struct av_templates *t, const struct av_conf *conf)
{
	struct av_invite inv;
	struct av_interviewer panel[1];
	struct av_draft_input in;
	struct av_draft d;
	struct msg m;
	static const struct {
		const char *summary, *company, *domain, *email, *subject, *mention;
	} rows[] = {
		/* the detection's name from no-reply@northbank.greenhouse-mail.io */
		{"Interview with Northbank", "Northbank", NULL, NULL,
		 "Thank you for the interview at Northbank", NULL},
		/* no name given: the summary with the interviewer's domain as hint */
		{"Acme AI - ML Engineer Technical Interview", NULL, NULL, "jun@acme-ai.example",
		 "Thank you for the interview: ML Engineer at Acme AI", "technical interview"},
		/* a domain as input company is a hint, not a name */
		{"Platform Engineer Interview (Birchwood Health)", "birchwoodhealth.example", NULL,
		 "k.lund@birchwoodhealth.example",
		 "Thank you for the interview: Platform Engineer at Birchwood Health", NULL},
		/* the config's [company acme.example] name first, by the employer's domain */
		{"Phone screen - Acme Ai", "Acme Ai", "jobs.acme.example", NULL,
		 "Thanks for the interview at Acme Corp", "phone screen"},
	};

	test_begin("company and role as a person would write them, in the rendered draft");
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		invite_init(&inv, (char *)"company-1", (char *)rows[i].summary);
		iv_set(&panel[0], (char *)"Priya Raman", (char *)rows[i].email, false);
		input_init(&in, conf, &inv, panel, 1, 0, "88888888888888888888888888888888");
		in.company = rows[i].company;
		in.domain = rows[i].domain;
		if (render_ok(t, &in, &d, &m)) {
			char *body = unflow(m.body);

			if (!test_assert_str(d.subject, rows[i].subject))
				printf("  row %zu\n", i);
			if (rows[i].mention != NULL &&
			    !test_assert(strstr(body, rows[i].mention) != NULL))
				printf("  row %zu: no \"%s\" in\n%s\n", i, rows[i].mention, body);
			test_assert(strstr(body, "Technical at") == NULL);
			free(body);
		}
		msg_clear(&m);
		av_draft_clear(&d);
	}
	test_end();
}

static void
test_marks(const struct av_templates *t)
{
	struct av_conf *bare =
		conf_from("bare.conf", "[me]\naddresses = sam@example.net\n[account a]\nhost = "
				       "h\nuser = u\npassword_cmd = echo x\n");
	struct av_conf *full = conf_from("full.conf", conf_text);
	struct av_invite inv;
	struct av_interviewer panel[1];
	struct av_draft_input in;
	struct av_draft d;
	struct msg m;

	invite_init(&inv, (char *)"marks-1", (char *)"Technical screen - Sam Rivera");
	iv_set(&panel[0], (char *)"Jane Okafor", (char *)"jane@granitepeak.example", false);
	test_begin("nothing personal known: marked lines; known: none");
	input_init(&in, bare, &inv, panel, 1, 0, "55555555555555555555555555555555");
	if (render_ok(t, &in, &d, &m)) {
		char *body = unflow(m.body), *from = NULL, *addr = NULL;
		bool bad = false;

		test_assert(strstr(body,
				   "[[ afterview: add one thing you talked about with Jane ]]\n"
				   "[[ afterview: a question they asked, an idea you "
				   "discussed ]]") != NULL);
		test_assert(strstr(body, "[[ afterview: add why you fit this role ]]") != NULL);
		/* the fallback from the invite: the kind of interview */
		test_assert(strstr(body, "technical screen") != NULL);
		mailbox_parse(msg_get(&m, "From"), &from, &addr, &bad);
		test_assert(from == NULL);
		test_assert_str(addr, "sam@example.net");
		free(from);
		free(addr);
		free(body);
	}
	msg_clear(&m);
	av_draft_clear(&d);
	input_init(&in, full, &inv, panel, 1, 0, "55555555555555555555555555555555");
	in.topic = "how the on-call rotation works.";
	if (render_ok(t, &in, &d, &m)) {
		char *body = unflow(m.body);

		test_assert(strstr(body, "[[") == NULL);
		test_assert(strstr(body, "how the on-call rotation works") != NULL);
		test_assert(strstr(body, "works..") == NULL);
		free(body);
	}
	msg_clear(&m);
	av_draft_clear(&d);
	test_end();
	av_conf_free(&bare);
	av_conf_free(&full);
}

/* ---- languages (issue 15) ------------------------------------------------------------ */

/* What a draft in each language and tone must say: the greeting of Jane Okafor, the
 * possible closings (one of them), the date of invite_init's day, the subject of the panel
 * invite; and an English word none of them may hold. */
static const struct {
	const char *lang;
	enum av_tone tone;
	const char *greeting[3]; /* for the three people of the panel */
	const char *signoff[3];
	const char *date;
	const char *subject;
} lang_expect[] = {
	{"es",
	 AV_TONE_FORMAL,
	 {"Buenos días, Jane:", "Buenos días, Tomás:", "Buenos días, Mei-Ling:"},
	 {"Atentamente,", "Un cordial saludo,", "Saludos cordiales,"},
	 "jueves 22 de octubre",
	 "Gracias por la entrevista: Senior Platform Engineer en Halcyon Robotics"},
	{"es",
	 AV_TONE_CASUAL,
	 {"Hola, Jane:", "Hola, Tomás:", "Hola, Mei-Ling:"},
	 {"Un saludo,", "Gracias de nuevo,", "Saludos,"},
	 "jueves 22 de octubre",
	 "¡Gracias por la entrevista! Senior Platform Engineer en Halcyon Robotics"},
	{"de",
	 AV_TONE_FORMAL,
	 {"Guten Tag Jane Okafor,", "Guten Tag Tomás Lindqvist,", "Guten Tag Mei-Ling Park,"},
	 {"Mit freundlichen Grüßen", "Freundliche Grüße", "Mit besten Grüßen"},
	 "Donnerstag, 22. Oktober",
	 "Vielen Dank für das Gespräch: Senior Platform Engineer bei Halcyon Robotics"},
	{"de",
	 AV_TONE_CASUAL,
	 {"Hallo Jane,", "Hallo Tomás,", "Hallo Mei-Ling,"},
	 {"Viele Grüße", "Beste Grüße", "Herzliche Grüße"},
	 "Donnerstag, 22. Oktober",
	 "Danke für das Gespräch: Senior Platform Engineer bei Halcyon Robotics"},
	{"fr",
	 AV_TONE_FORMAL,
	 {"Bonjour Jane Okafor,", "Bonjour Tomás Lindqvist,", "Bonjour Mei-Ling Park,"},
	 {"Bien cordialement,", "Cordialement,", "Avec mes salutations distinguées,"},
	 "jeudi 22 octobre",
	 "Merci pour l'entretien : Senior Platform Engineer chez Halcyon Robotics"},
	{"fr",
	 AV_TONE_CASUAL,
	 {"Bonjour Jane,", "Bonjour Tomás,", "Bonjour Mei-Ling,"},
	 {"Bien à vous,", "À bientôt,", "Belle journée,"},
	 "jeudi 22 octobre",
	 "Merci pour l'échange : Senior Platform Engineer chez Halcyon Robotics"},
	{"en",
	 AV_TONE_CASUAL,
	 {"Hi Jane,", "Hi Tomás,", "Hi Mei-Ling,"},
	 {"Best,", "Thanks again,", "All the best,"},
	 "Thursday, October 22",
	 "Thanks for the interview: Senior Platform Engineer at Halcyon Robotics"},
};

/* Is one of the lines of body exactly line? */
static bool
has_line(const char *body, const char *line)
{
	size_t n = strlen(line);

	for (const char *p = body; p != NULL && *p != '\0';) {
		if (strncmp(p, line, n) == 0 && (p[n] == '\n' || p[n] == '\0'))
			return true;
		p = strchr(p, '\n');
		if (p != NULL)
			p++;
	}
	return false;
}

static void
test_languages_panel(const struct av_templates *t, const struct av_conf *formal,
		     const struct av_conf *casual)
{
	struct av_invite inv;
	struct av_interviewer panel[3];
	const char *tokens[3] = {"a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1",
				 "b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2",
				 "c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3"};

	invite_init(
		&inv, (char *)"greenhouse-interview-7741029-20261022@greenhouse.io",
		(char *)"Interview: Sam Rivera for Senior Platform Engineer at Halcyon Robotics");
	iv_set(&panel[0], (char *)"Jane Okafor", (char *)"jane.okafor@halcyonrobotics.example",
	       false);
	iv_set(&panel[1], (char *)"Tomás Lindqvist", (char *)"tomas@halcyonrobotics.example",
	       false);
	iv_set(&panel[2], (char *)"Mei-Ling Park", (char *)"meiling.park@halcyonrobotics.example",
	       false);
	for (size_t e = 0; e < sizeof(lang_expect) / sizeof(lang_expect[0]); e++) {
		char *bodies[3] = {NULL, NULL, NULL}, *title;

		title = av_asprintf("language %s, %s: a panel of three gets three different "
				    "bodies in the language",
				    lang_expect[e].lang,
				    lang_expect[e].tone == AV_TONE_CASUAL ? "casual" : "formal");
		test_begin(title);
		for (int i = 0; i < 3; i++) {
			struct av_draft_input in;
			struct av_draft d;
			struct msg m;

			input_init(&in, lang_expect[e].tone == AV_TONE_CASUAL ? casual : formal,
				   &inv, panel, 3, (size_t)i, tokens[i]);
			in.company = "halcyonrobotics.example";
			in.language = lang_expect[e].lang;
			if (render_ok(t, &in, &d, &m)) {
				char *subject = decoded_header(&m, "Subject");
				size_t closings = 0;

				bodies[i] = unflow(m.body);
				if (!test_assert(strncmp(bodies[i], lang_expect[e].greeting[i],
							 strlen(lang_expect[e].greeting[i])) ==
						 0) ||
				    verbose)
					printf("%s\n", bodies[i]);
				test_assert(bodies[i][strlen(lang_expect[e].greeting[i])] == '\n');
				for (int k = 0; k < 3; k++)
					closings += has_line(bodies[i], lang_expect[e].signoff[k]);
				test_assert_int(closings, 1);
				test_assert(strstr(bodies[i], lang_expect[e].date) != NULL);
				test_assert(strstr(bodies[i], "Senior Platform Engineer") != NULL);
				test_assert(strstr(bodies[i], "C, IMAP, distributed systems") !=
					    NULL);
				test_assert(strstr(bodies[i], "\nSam Rivera\n+1 555 0100\n") !=
					    NULL);
				test_assert_str(subject, lang_expect[e].subject);
				test_assert_str(d.subject, lang_expect[e].subject);
				/* nothing of the English letter in another language */
				if (strcmp(lang_expect[e].lang, "en") != 0) {
					test_assert(strstr(bodies[i], "Thank") == NULL);
					test_assert(strstr(bodies[i], " the ") == NULL);
					test_assert(strstr(bodies[i], "October") == NULL);
					test_assert(strstr(bodies[i], "Thursday") == NULL);
				}
				/* German goes on in lower case after the greeting's comma */
				if (strcmp(lang_expect[e].lang, "de") == 0) {
					const char *after = strstr(bodies[i], "\n\n");

					test_assert(after != NULL && after[2] >= 'a' &&
						    after[2] <= 'z');
				}
				test_assert(m.max_body_chars <= 78);
				free(subject);
			}
			msg_clear(&m);
			av_draft_clear(&d);
		}
		test_assert(bodies[0] && bodies[1] && bodies[2]);
		if (bodies[0] && bodies[1] && bodies[2]) {
			/* different beyond the greeting */
			test_assert(strcmp(strchr(bodies[0], '\n'), strchr(bodies[1], '\n')) != 0);
			test_assert(strcmp(strchr(bodies[1], '\n'), strchr(bodies[2], '\n')) != 0);
			test_assert(strcmp(strchr(bodies[0], '\n'), strchr(bodies[2], '\n')) != 0);
		}
		test_end();
		free(title);
		for (int i = 0; i < 3; i++)
			free(bodies[i]);
	}
}

/* Render iv alone for inv in lang with conf; the unflowed body (NULL on failure). */
static char *
lang_body(const struct av_templates *t, const struct av_conf *conf, const struct av_invite *inv,
	  const struct av_interviewer *iv, const char *lang, char **subject_r)
{
	struct av_draft_input in;
	struct av_draft d;
	struct msg m;
	char *body = NULL;

	input_init(&in, conf, inv, iv, 1, 0, "d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4");
	in.language = lang;
	if (render_ok(t, &in, &d, &m)) {
		body = unflow(m.body);
		if (subject_r != NULL)
			*subject_r = decoded_header(&m, "Subject");
		if (verbose)
			printf("%s\n", body);
	}
	msg_clear(&m);
	av_draft_clear(&d);
	return body;
}

static void
test_languages_words(const struct av_templates *t)
{
	static const struct {
		const char *lang, *date, *topic, *topic_more, *fit, *no_addr, *no_addr_more,
			*subject;
	} w[] = {
		{"en", "Tuesday, December 1", "add one thing you talked about with Jane",
		 "a question they asked, an idea you discussed", "add why you fit this role",
		 "no address found for Tomás Lindqvist", "put it in To before sending",
		 "Thank you for the interview"},
		{"es", "martes 1 de diciembre", "añade algo de lo que hablaste con Jane",
		 "una pregunta que te hicieron o una idea que surgió",
		 "añade por qué encajas en este puesto",
		 "no se encontró la dirección de Tomás Lindqvist",
		 "añádela en Para antes de enviar", "Gracias por la entrevista"},
		{"de", "Dienstag, 1. Dezember",
		 "ergänze etwas, worüber du mit Jane gesprochen hast",
		 "eine Frage an dich, eine Idee, über die ihr spracht",
		 "ergänze, warum du zu dieser Stelle passt",
		 "keine Adresse gefunden für Tomás Lindqvist",
		 "trage sie vor dem Senden unter An ein", "Vielen Dank für das Gespräch"},
		{"fr", "mardi 1er décembre", "ajoutez un sujet abordé avec Jane",
		 "une question posée, une idée dont vous avez parlé",
		 "ajoutez pourquoi vous convenez à ce poste",
		 "aucune adresse trouvée pour Tomás Lindqvist", "ajoutez-la dans À avant l'envoi",
		 "Merci pour l'entretien"},
	};
	struct av_conf *bare = conf_from("bare-lang.conf",
					 "[me]\naddresses = sam@example.net\n[account a]\nhost = "
					 "h\nuser = u\npassword_cmd = echo x\n");
	struct av_invite inv;
	struct av_interviewer iv[2];

	/* a summary with no role or company, on the first of a month (French "1er") */
	invite_init(&inv, (char *)"lang-words-1", (char *)"Interview");
	inv.start = 1796137200; /* 2026-12-01T15:00:00Z, 10:00 in New York (EST) */
	inv.utc_offset = -5 * 3600;
	iv_set(&iv[0], (char *)"Jane Okafor", (char *)"jane@granitepeak.example", false);
	iv_set(&iv[1], (char *)"Tomás Lindqvist", NULL, false);
	for (size_t i = 0; i < sizeof(w) / sizeof(w[0]); i++) {
		char *title = av_asprintf("language %s: the date, the marker lines and the subject",
					  w[i].lang);
		char *subject = NULL, *body, *want;

		test_begin(title);
		body = lang_body(t, bare, &inv, &iv[0], w[i].lang, &subject);
		test_assert(body != NULL);
		if (body != NULL) {
			test_assert(strstr(body, w[i].date) != NULL);
			want = av_asprintf("[[ afterview: %s ]]\n[[ afterview: %s ]]\n", w[i].topic,
					   w[i].topic_more);
			if (!test_assert(strstr(body, want) != NULL))
				printf("%s\n", body);
			free(want);
			want = av_asprintf("[[ afterview: %s ]]\n", w[i].fit);
			test_assert(strstr(body, want) != NULL);
			free(want);
			/* the last Subject: line of the template, with the company
			 * the domain names */
			test_assert(subject != NULL &&
				    strncmp(subject, w[i].subject, strlen(w[i].subject)) == 0);
		}
		free(body);
		free(subject);
		body = lang_body(t, bare, &inv, &iv[1], w[i].lang, NULL);
		test_assert(body != NULL);
		if (body != NULL) {
			want = av_asprintf("[[ afterview: %s ]]\n[[ afterview: %s ]]\n\n",
					   w[i].no_addr, w[i].no_addr_more);
			test_assert(strncmp(body, want, strlen(want)) == 0);
			free(want);
		}
		free(body);
		/* a long name is cut so that the line keeps to 72 columns (render_ok checks) */
		iv_set(&iv[1],
		       (char *)"Maximiliana-Bartholomäa Konstantinopolous-Friedrichsen von "
			       "Wittelsbach",
		       NULL, false);
		body = lang_body(t, bare, &inv, &iv[1], w[i].lang, NULL);
		test_assert(body != NULL && strstr(body, "... ]]\n") != NULL);
		free(body);
		iv_set(&iv[1], (char *)"Tomás Lindqvist", NULL, false);
		test_end();
		free(title);
	}
	av_conf_free(&bare);
}

static void
test_languages_kind(const struct av_templates *t)
{
	static const struct {
		const char *lang, *kind;
	} known[] = {
		{"en", "I enjoyed the phone screen"},
		{"es", "a entrevista telefónica"}, /* La or la */
		{"de", "as Telefoninterview"},	   /* Das or das */
		{"fr", "'entretien téléphonique"},
	};
	struct av_conf *bare = conf_from("bare-kind.conf",
					 "[me]\naddresses = sam@example.net\n[account a]\nhost = "
					 "h\nuser = u\npassword_cmd = echo x\n");
	struct av_invite inv;
	struct av_interviewer iv;

	iv_set(&iv, (char *)"Jane Okafor", (char *)"jane@northwind.example", false);
	test_begin("languages: the kind of interview translated when known, else left out");
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		char *body;

		/* no topic: the recall line speaks of the kind of interview; the UID picks
		 * the first variant of each section */
		invite_init(&inv, (char *)"kind-1",
			    (char *)"Phone screen: Sam Rivera / Northwind Analytics");
		body = lang_body(t, bare, &inv, &iv, known[i].lang, NULL);
		if (!test_assert(body != NULL && strstr(body, known[i].kind) != NULL))
			printf("  %s: %s\n", known[i].lang, body);
		free(body);
		/* a kind no table knows: English says it, the others do not */
		invite_init(&inv, (char *)"kind-2",
			    (char *)"Deep dive: Sam Rivera / Northwind Analytics");
		body = lang_body(t, bare, &inv, &iv, known[i].lang, NULL);
		test_assert(body != NULL);
		if (body != NULL)
			test_assert((strstr(body, "deep dive") != NULL) ==
				    (strcmp(known[i].lang, "en") == 0));
		free(body);
	}
	test_end();

	test_begin("languages: unknown or empty language is the default, case ignored; full names");
	invite_init(&inv, (char *)"kind-3", (char *)"Interview");
	{
		const char *as_en[] = {NULL, "", "it", "english", "e"};
		char *body;

		for (size_t i = 0; i < sizeof(as_en) / sizeof(as_en[0]); i++) {
			body = lang_body(t, bare, &inv, &iv, as_en[i], NULL);
			test_assert(body != NULL && strncmp(body, "Dear Jane,\n", 11) == 0);
			free(body);
		}
		body = lang_body(t, bare, &inv, &iv, "ES", NULL);
		test_assert(body != NULL && strncmp(body, "Buenos días, Jane:\n", 20) == 0);
		free(body);
		/* a directory's "Okafor, Jane" is greeted the way a letter writes the name */
		iv_set(&iv, (char *)"Okafor, Jane", (char *)"jane@northwind.example", false);
		body = lang_body(t, bare, &inv, &iv, "de", NULL);
		test_assert(body != NULL && strncmp(body, "Guten Tag Jane Okafor,\n", 23) == 0);
		free(body);
		body = lang_body(t, bare, &inv, &iv, "fr", NULL);
		test_assert(body != NULL && strncmp(body, "Bonjour Jane Okafor,\n", 21) == 0);
		free(body);
		/* no real name: the neutral greeting of each language */
		iv_set(&iv, NULL, (char *)"hr.team@northwind.example", false);
		{
			const char *neutral[][2] = {{"en", "Hello,\n"},
						    {"es", "Buenos días:\n"},
						    {"de", "Guten Tag,\n"},
						    {"fr", "Madame, Monsieur,\n"}};

			for (size_t i = 0; i < 4; i++) {
				body = lang_body(t, bare, &inv, &iv, neutral[i][0], NULL);
				test_assert(body != NULL && strncmp(body, neutral[i][1],
								    strlen(neutral[i][1])) == 0);
				free(body);
			}
		}
		/* "Jane Okafor, PhD" is no "Last, First" */
		iv_set(&iv, (char *)"Jane Okafor, PhD", (char *)"jane@northwind.example", false);
		body = lang_body(t, bare, &inv, &iv, "de", NULL);
		test_assert(body != NULL &&
			    strncmp(body, "Guten Tag Jane Okafor, PhD,\n", 28) == 0);
		free(body);
	}
	test_end();
	av_conf_free(&bare);
}

static void
test_languages(const struct av_templates *t, const struct av_conf *conf)
{
	char *text = av_strdup(conf_text);
	char *p = strstr(text, "tone = formal");
	struct av_conf *casual;

	memcpy(p, "tone = casual", 13);
	casual = conf_from("casual.conf", text);
	free(text);
	test_languages_panel(t, conf, casual);
	test_languages_words(t);
	test_languages_kind(t);
	av_conf_free(&casual);
}

static void
test_message_id_and_date(const struct av_templates *t, const struct av_conf *conf)
{
	struct av_invite inv;
	struct av_interviewer panel[1];
	struct av_draft_input in;
	struct av_draft d1, d2, d3;
	struct msg m1, m2, m3;

	invite_init(&inv, (char *)"mid-1", (char *)"Panel interview - Sam Rivera");
	/* 23:30 UTC is still the 22nd in New York, already the 23rd in Berlin */
	inv.start = 1792711800; /* 2026-10-22T23:30:00Z */
	iv_set(&panel[0], (char *)"Jane Okafor", (char *)"jane@kestrel.example", false);
	input_init(&in, conf, &inv, panel, 1, 0, "66666666666666666666666666666666");
	test_begin("Message-ID unique per render; Date in UTC; the day in local time");
	render_ok(t, &in, &d1, &m1);
	render_ok(t, &in, &d2, &m2);
	in.now += 3600;
	inv.utc_offset = 2 * 3600;
	render_ok(t, &in, &d3, &m3);
	if (m1.n > 0 && m2.n > 0 && m3.n > 0) {
		char *want = av_asprintf("<%s>", d1.message_id);

		test_assert_str(msg_get(&m1, "Message-ID"), want);
		free(want);
		test_assert(strchr(d1.message_id, '<') == NULL);
		test_assert(strchr(d1.message_id, '@') != NULL);
		test_assert(strstr(d1.message_id, "@example.net") != NULL);
		test_assert(strstr(d1.message_id, "20261022220000") != NULL);
		test_assert(strstr(d1.message_id, "6666666666666666") != NULL);
		test_assert(strcmp(d1.message_id, d2.message_id) != 0);
		test_assert(strcmp(d1.message_id, d3.message_id) != 0);
		test_assert_str(msg_get(&m1, "Date"), "Thu, 22 Oct 2026 22:00:00 +0000");
		test_assert_str(msg_get(&m3, "Date"), "Thu, 22 Oct 2026 23:00:00 +0000");
		test_assert(strstr(m1.body, "Thursday, October 22") != NULL);
		test_assert(strstr(m3.body, "Friday, October 23") != NULL);
		/* no role in "Panel interview": the company from the domain, the kind from the
		 * summary */
		test_assert_str(d1.subject, "Thank you for the interview at Kestrel");
		test_assert(strstr(m1.body, "panel interview") != NULL);
		test_assert(d1.variant == d2.variant);
	}
	msg_clear(&m1);
	msg_clear(&m2);
	msg_clear(&m3);
	av_draft_clear(&d1);
	av_draft_clear(&d2);
	av_draft_clear(&d3);
	test_end();
}

static void
test_bad_input(const struct av_templates *t, const struct av_conf *conf)
{
	struct av_conf *noaddr = conf_from("noaddr.conf", conf_text);
	struct av_invite inv;
	struct av_interviewer panel[1];
	struct av_draft_input in;
	struct av_draft d;
	char *err = NULL;

	/* config.c insists on addresses; a broken one stands for an impossible input */
	free(noaddr->me.addresses[0]);
	noaddr->me.addresses[0] = av_strdup("not an address");
	invite_init(&inv, (char *)"bad-1", NULL);
	iv_set(&panel[0], (char *)"Jane", (char *)"jane@x.example", false);
	test_begin("impossible input: AV_ERR_DATA");
	input_init(&in, noaddr, &inv, panel, 1, 0, "77777777777777777777777777777777");
	test_assert_int(av_draft_render(t, &in, &d, &err), AV_ERR_DATA);
	test_assert(err != NULL && d.message == NULL);
	free(err);
	err = NULL;
	input_init(&in, conf, &inv, panel, 1, 0, "bad token\r\nBcc: x");
	test_assert_int(av_draft_render(t, &in, &d, &err), AV_ERR_DATA);
	free(err);
	err = NULL;
	input_init(&in, conf, &inv, panel, 1, 0, "77777777777777777777777777777777");
	in.iv = NULL;
	test_assert_int(av_draft_render(t, &in, &d, &err), AV_ERR_DATA);
	free(err);
	err = NULL;
	/* no summary, no start time: still a letter */
	input_init(&in, conf, &inv, panel, 1, 0, "77777777777777777777777777777777");
	inv.start = 0;
	test_assert_int(av_draft_render(t, &in, &d, &err), AV_OK);
	test_assert(d.message != NULL && strstr(d.message, "Dear Jane,") != NULL);
	av_draft_clear(&d);
	test_end();
	av_conf_free(&noaddr);
}

/* ---- the fixtures -------------------------------------------------------------------- */

/* What the drafts for each interview fixture say: the subject (the role and the company
 * read from the summary; else the company's name found in the invite's text by its domain;
 * else made from the domain) and, where the summary names it, the kind of interview
 * (used while nothing from the notes is known). Every interview fixture is listed. */
static const struct {
	const char *file;
	const char *subject;
	const char *mention; /* in the body, or NULL */
} fixture_expect[] = {
	{"allday-onsite-two-days", "Thank you for the interview at Meridian Aerospace",
	 "onsite interview"},
	{"ashby-final-round", "Thank you for the interview at Lumen Freight", "final round"},
	{"attendee-cn-forms", "Thank you for the interview at Kestrel", "panel interview"},
	{"calendly-recruiter-call", "Thank you for the interview at Harborview", "recruiter call"},
	{"cancel-1-original-request",
	 "Thank you for the interview: Senior Video Platform Engineer at Pinecrest", NULL},
	{"duration-instead-of-dtend",
	 "Thank you for the interview: Learning Experience Engineer at Brightpath", NULL},
	{"encoded-word-cn", "Thanks for the interview at Acme Corp", NULL},
	/* issue 10: the sender "Brightwell Health Careers" without "Careers" outranks the
	 * domain's letters in the text ("Brightwell") */
	/* issue 14: folds inside multi-byte characters; the greeting's names whole */
	{"fold-inside-character", "Thank you for the interview at Quill Labs",
	 "technical interview"},
	{"floating-time", "Thank you for the interview at Brightwell Health",
	 "second-round interview"},
	{"foreign-address-description", "Thank you for the interview at Northbank", NULL},
	{"french-entretien", "Thank you for the interview: Ingénieur logiciel at Helios Conseil",
	 NULL},
	{"german-vorstellungsgespraech",
	 "Thank you for the interview: Softwareentwickler at Kranichfeld", NULL},
	{"goodtime-you-will-meet", "Thank you for the interview at Cobalt Payments",
	 "virtual onsite"},
	{"google-phone-screen", "Thank you for the interview at Northwind Analytics",
	 "phone screen"},
	{"greenhouse-panel-itinerary",
	 "Thank you for the interview: Senior Platform Engineer at Halcyon Robotics", NULL},
	{"ics-attachment-octet-stream", "Thank you for the interview: design engineer at Saltmarsh",
	 NULL},
	{"lever-interviewers-list",
	 "Thank you for the interview: Analytics Engineer at Orchard Labs", NULL},
	{"list-address-attendee", "Thanks for the interview at Acme Corp", NULL},
	{"malformed-100kb-line", "Thank you for the interview at Juniper Row", "portfolio review"},
	/* issue 10: "Phone screen with Orbital Kitchens" in the subject, not the domain's
	 * "Orbitalkitchens" */
	{"malformed-control-chars-summary", "Thank you for the interview at Orbital Kitchens",
	 "phone screen"},
	{"nested-mixed-related-alternative",
	 "Thank you for the interview: Senior Software Engineer, Payments at Ironwood Bank", NULL},
	{"onsite-multi-vevent-itinerary", "Thank you for the interview at Redwood Analytics", NULL},
	/* issue 10: the signature "Recruiting Coordinator | Blue Heron Logistics" outranks
	 * the domain's letters found in the text ("Blue Heron") */
	{"outlook-desktop-hiring-manager",
	 "Thank you for the interview: Senior Backend Engineer at Blue Heron Logistics", NULL},
	{"outlook-dst-fallback-pacific", "Thank you for the interview at Summit Ridge",
	 "final round interview"},
	{"outlook-dst-fallback-weurope", "Thank you for the interview at Grachtwerk",
	 "case presentation"},
	{"person-as-interviewer", "Thank you for the interview at Example", NULL},
	{"person-other-address", "Thank you for the interview at Northwind", NULL},
	{"reschedule-1-original-seq0", "Thank you for the interview at Vantagebio",
	 "hiring manager interview"},
	{"reschedule-2-moved-seq1", "Thank you for the interview at Vantagebio",
	 "hiring manager interview"},
	{"room-resource-group-nonparticipant",
	 "Thank you for the interview: Data Platform Engineer at Cedar & Pine", NULL},
	{"shared-candidate-calendar-organizer",
	 "Thanks for the interview: Product Engineer at Acme Corp", NULL},
	{"spanish-entrevista",
	 "Thank you for the interview: Desarrollador Backend at Alcazardigital", NULL},
	{"teams-technical-interview",
	 "Thank you for the interview: Platform Engineer at Lakesidehealth", "Platform Engineer"},
	{"valarm-with-attendee", "Thank you for the interview: ML Engineer at Stonebridge", NULL},
	/* issue 10: the sender "Fernhill Labs Hiring" without "Hiring", not the domain's
	 * "Fernhill" */
	{"windows-tz-display-name-no-vtimezone", "Thank you for the interview at Fernhill Labs",
	 "technical interview"},
	{"windows-tz-eastern-no-vtimezone", "Thank you for the interview at Harbor & Finch", NULL},
	{"zoom-no-cn-inviting", "Thank you for the interview at Birchwood Health", NULL},
	{"zoom-technical-interview", "Thank you for the interview at Quillpoint",
	 "technical interview"},
	/* issue 10: the employer named as a person would write it, the role a whole title */
	{"ats-relay-northbank", "Thank you for the interview at Northbank", NULL},
	{"ats-relay-workday-local-part",
	 "Thank you for the interview: Operations Analyst at Halvorsen Marine", NULL},
	{"description-signature", "Thank you for the interview at Kittiwake Labs",
	 "technical interview"},
	{"sender-display-name-talent", "Thank you for the interview at Quarry & Vine",
	 "video interview"},
	{"summary-company-colon-role",
	 "Thank you for the interview: Senior Associate at Smith & Jones", NULL},
	{"summary-company-dash-role", "Thank you for the interview: ML Engineer at Acme AI",
	 "technical interview"},
	{"zoom-no-cn-role-paren-company",
	 "Thank you for the interview: Platform Engineer at Birchwood Health", NULL},
};

static bool fixture_seen[sizeof(fixture_expect) / sizeof(fixture_expect[0])];

static void
check_fixture(const char *base, const struct av_draft *d, const struct msg *m)
{
	for (size_t f = 0; f < sizeof(fixture_expect) / sizeof(fixture_expect[0]); f++) {
		char *body;

		if (strcmp(fixture_expect[f].file, base) != 0)
			continue;
		fixture_seen[f] = true;
		if (!test_assert_str(d->subject, fixture_expect[f].subject))
			printf("  in %s\n", base);
		body = unflow(m->body);
		if (fixture_expect[f].mention != NULL &&
		    !test_assert(strstr(body, fixture_expect[f].mention) != NULL))
			printf("  in %s: no \"%s\" in\n%s\n", base, fixture_expect[f].mention,
			       body);
		free(body);
		return;
	}
	printf("  %s: an interview not in fixture_expect\n", base);
	test_assert(!"every interview fixture is listed");
}

static void
run_fixture(const struct av_templates *t, const struct av_conf *conf,
	    const struct av_wordlists *words, const char *dir, const char *base, size_t *n_drafts)
{
	char *path = av_asprintf("%s/%s.eml", dir, base);
	size_t len = 0;
	char *text = read_all(path, &len), *err = NULL;
	struct av_mime_result *res = NULL;

	if (text == NULL || av_mime_parse(text, len, &res, &err) != AV_OK) {
		free(err);
		goto cleanup;
	}
	for (size_t p = 0; p < res->n_parts; p++) {
		struct av_invite **invs = NULL;
		size_t n_inv = 0;

		if (av_invite_parse(res->parts[p].data, res->parts[p].len, "America/New_York",
				    &invs, &n_inv, &err) != AV_OK) {
			free(err);
			err = NULL;
			continue;
		}
		for (size_t i = 0; i < n_inv; i++) {
			struct av_detection det;
			struct av_interviewer *ivs = NULL;
			size_t n_iv = 0;

			struct av_invite_mail mail = {.from = res->info.from_addr,
						      .from_name = res->info.from_name,
						      .subject = res->info.subject};

			av_detect_score(invs[i], res->info.from_addr, words, &det);
			/* the employer as the model names it: the message's display name and
			 * subject count */
			av_detect_company(invs[i], &mail, words, conf, &det);
			if (!det.is_interview || invs[i]->cancelled) {
				av_detection_clear(&det);
				continue;
			}
			av_interviewers_find(invs[i], conf->me.addresses, &ivs, &n_iv);
			for (size_t k = 0; k < n_iv; k++) {
				struct av_draft_input in;
				struct av_draft d;
				struct msg m;
				char *token =
					av_draft_token("work", invs[i]->uid,
						       ivs[k].email ? ivs[k].email : ivs[k].name);

				input_init(&in, conf, invs[i], ivs, n_iv, k, token);
				in.company = det.company;
				in.domain = det.domain;
				if (render_ok(t, &in, &d, &m)) {
					(*n_drafts)++;
					test_assert(m.max_header_line <= 78);
					test_assert(m.max_body_chars <= 78);
					/* an address, or an empty group naming them */
					test_assert_int(msg_count(&m, "To"), 1);
					if (ivs[k].email == NULL)
						test_assert(strstr(msg_get(&m, "To"), ":;") !=
								    NULL &&
							    strchr(msg_get(&m, "To"), '@') == NULL);
					check_fixture(base, &d, &m);
					if (verbose)
						printf("%s: %s | %s\n", base, d.subject,
						       invs[i]->summary);
				}
				msg_clear(&m);
				av_draft_clear(&d);
				free(token);
			}
			av_interviewers_free(&ivs, n_iv);
			av_detection_clear(&det);
		}
		av_invite_free_all(&invs, n_inv);
	}
cleanup:
	av_mime_result_free(&res);
	free(text);
	free(path);
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
test_fixtures(const struct av_templates *t, const struct av_conf *conf)
{
	const char *src = getenv("srcdir");
	char *dir = av_asprintf("%s/tests/data/invites", src != NULL ? src : AV_TEST_SRCDIR);
	DIR *d = opendir(dir);
	struct av_wordlists *words = NULL;
	char *err = NULL, **names = NULL;
	size_t n_names = 0, n_drafts = 0;
	struct dirent *e;

	test_begin("fixtures: a correct draft for every interviewer, role and company read");
	if (!test_assert(d != NULL) ||
	    !test_assert_int(av_words_load(NULL, NULL, NULL, &words, &err), AV_OK)) {
		free(err);
		if (d != NULL)
			closedir(d);
		free(dir);
		test_end();
		return;
	}
	while ((e = readdir(d)) != NULL) {
		size_t l = strlen(e->d_name);

		if (l > 4 && strcmp(e->d_name + l - 4, ".eml") == 0) {
			names = av_realloc(names, (n_names + 1) * sizeof(*names));
			names[n_names++] = av_strndup(e->d_name, l - 4);
		}
	}
	closedir(d);
	qsort(names, n_names, sizeof(*names), name_cmp);
	for (size_t i = 0; i < n_names; i++) {
		run_fixture(t, conf, words, dir, names[i], &n_drafts);
		free(names[i]);
	}
	free(names);
	test_assert(n_drafts >= 40);
	/* and every listed fixture was seen (a file renamed would go unnoticed) */
	for (size_t f = 0; f < sizeof(fixture_expect) / sizeof(fixture_expect[0]); f++)
		if (!test_assert(fixture_seen[f]))
			printf("  %s: no draft\n", fixture_expect[f].file);
	if (verbose)
		printf("%zu drafts from %zu fixtures\n", n_drafts, n_names);
	av_words_free(&words);
	free(dir);
	test_end();
}

int
main(void)
{
	struct av_conf *conf;
	struct av_templates *t;
	const char *src = getenv("srcdir");

	verbose = getenv("AV_TEST_VERBOSE") != NULL;
	av_log_open("test-draft", false);
	av_log_set_level(AV_LOG_ERROR); /* the fixtures' warnings are invite.c's business */
	/* run by hand as well as by make check: find the shipped files from here */
	if (getenv("AFTERVIEW_TEMPLATES") == NULL) {
		char *p = av_asprintf("%s/contrib/templates", src != NULL ? src : AV_TEST_SRCDIR);

		setenv("AFTERVIEW_TEMPLATES", p, 1);
		free(p);
	}
	if (getenv("AFTERVIEW_DATADIR") == NULL) {
		char *p = av_asprintf("%s/data", src != NULL ? src : AV_TEST_SRCDIR);

		setenv("AFTERVIEW_DATADIR", p, 1);
		free(p);
	}
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 2;
	}
	test_token();
	test_template_rules();
	conf = conf_from("main.conf", conf_text);
	t = shipped();
	test_panel(t, conf);
	test_panel_large(t, conf);
	test_non_ascii(t);
	test_hostile(t, conf);
	test_long_lines(t);
	test_no_address(t, conf);
	test_unknown_names(t, conf);
	test_tone(t, conf);
	test_company_and_role(t, conf);
	test_marks(t);
	test_languages(t, conf);
	test_message_id_and_date(t, conf);
	test_bad_input(t, conf);
	test_fixtures(t, conf);
	av_templates_free(&t);
	av_conf_free(&conf);
	av_invite_cleanup();
	av_log_close();
	{
		char *cmd = av_asprintf("rm -rf '%s'", tmpdir);

		if (system(cmd) != 0)
			printf("could not remove %s\n", tmpdir);
		free(cmd);
	}
	return test_exit();
}
