/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The RFC 5322 message: headers, encoded-words, quoting, folding, format=flowed, line
 * limits, Message-ID, and the inputs it refuses. (Drafts rendered end to end, with a
 * strict reader of the result, are tests/test-draft.c.) */
#include "config.h"

#include "afterview/message.h"
#include "afterview/util.h"
#include "harness.h"

static void
parts_init(struct av_message_parts *p)
{
	memset(p, 0, sizeof(*p));
	p->from_name = "Alex Doe";
	p->from_addr = "alex@home.example";
	p->to_name = "Jane Okafor";
	p->to_addr = "jane@acme.example";
	p->subject = "Thank you";
	p->body = "Dear Jane,\n\nThanks.";
	p->token = "0123456789abcdef0123456789abcdef";
	p->date = 1792677600; /* 2026-10-22T14:00:00Z, a Thursday */
}

static char *
compose(const struct av_message_parts *p, size_t *len_r, char **id_r)
{
	char *msg = NULL, *err = NULL;

	if (av_message_compose(p, &msg, len_r, id_r, &err) != AV_OK) {
		printf("  compose: %s\n", err);
		free(err);
		return NULL;
	}
	return msg;
}

/* Every line ends in CRLF, none is longer than max octets (without CRLF). */
static bool
lines_ok(const char *m, size_t max)
{
	for (const char *p = m; *p != '\0';) {
		const char *e = strstr(p, "\r\n");

		if (e == NULL || (size_t)(e - p) > max || memchr(p, '\n', (size_t)(e - p)) != NULL)
			return false;
		p = e + 2;
	}
	return true;
}

static void
test_headers(void)
{
	struct av_message_parts p;
	char *m, *id = NULL;
	size_t len = 0;

	test_begin("message: the headers, in order, and the body");
	parts_init(&p);
	m = compose(&p, &len, &id);
	test_assert(m != NULL && len == strlen(m));
	test_assert(m != NULL && strncmp(m,
					 "Date: Thu, 22 Oct 2026 14:00:00 +0000\r\n"
					 "From: \"Alex Doe\" <alex@home.example>\r\n"
					 "To: \"Jane Okafor\" <jane@acme.example>\r\n"
					 "Subject: Thank you\r\n"
					 "Message-ID: <",
					 strlen("Date: Thu, 22 Oct 2026 14:00:00 +0000\r\n"
						"From: \"Alex Doe\" <alex@home.example>\r\n"
						"To: \"Jane Okafor\" <jane@acme.example>\r\n"
						"Subject: Thank you\r\n"
						"Message-ID: <")) == 0);
	test_assert(m != NULL &&
		    strstr(m, "\r\nMIME-Version: 1.0\r\n"
			      "Content-Type: text/plain; charset=UTF-8; format=flowed\r\n"
			      "Content-Transfer-Encoding: 8bit\r\n"
			      "\r\n"
			      "Dear Jane,\r\n"
			      "\r\n"
			      "Thanks.\r\n") != NULL);
	test_assert(id != NULL && strncmp(id, "20261022140000.0123456789abcdef.", 32) == 0 &&
		    strlen(id) == 32 + 16 + strlen("@home.example") &&
		    strcmp(id + 48, "@home.example") == 0);
	if (m != NULL && id != NULL) {
		char *want = av_asprintf("Message-ID: <%s>\r\n", id);

		test_assert(strstr(m, want) != NULL);
		free(want);
	}
	free(m);
	free(id);
	test_end();

	test_begin("message: no header names afterview, the token is in the Message-ID");
	parts_init(&p);
	m = compose(&p, &len, &id);
	test_assert(m != NULL && strstr(m, "fterview") == NULL);
	if (m != NULL && id != NULL) {
		char *key = av_message_id_key(p.token);

		test_assert_str(key, ".0123456789abcdef.");
		test_assert(strstr(id, key) != NULL);
		free(key);
	}
	free(m);
	free(id);
	test_end();

	test_begin("message: without an address, To is an empty group named after them");
	parts_init(&p);
	p.to_addr = NULL;
	p.from_name = NULL;
	m = compose(&p, &len, &id);
	test_assert(m != NULL &&
		    strstr(m, "\r\nTo: \"Jane Okafor [address missing]\":;\r\n") != NULL);
	test_assert(m != NULL && strstr(m, "\r\nFrom: alex@home.example\r\n") != NULL);
	free(m);
	free(id);
	p.to_name = "Renée \"RJ\" Dupont";
	m = compose(&p, &len, &id);
	/* not ASCII: an encoded-word phrase, the group still empty */
	test_assert(m != NULL && strstr(m, "\r\nTo: =?UTF-8?B?") != NULL &&
		    strstr(m, "?=:;\r\n") != NULL);
	free(m);
	free(id);
	p.to_name = "Jane \"JJ\" Okafor";
	m = compose(&p, &len, &id);
	test_assert(m != NULL &&
		    strstr(m, "\r\nTo: \"Jane \\\"JJ\\\" Okafor [address missing]\":;\r\n") !=
			    NULL);
	free(m);
	free(id);
	p.to_name = NULL;
	m = compose(&p, &len, &id);
	test_assert(m != NULL && strstr(m, "\r\nTo:") == NULL);
	free(m);
	free(id);
	test_end();

	test_begin("message: two messages never share a Message-ID");
	{
		char *id2 = NULL, *m2;

		parts_init(&p);
		m = compose(&p, &len, &id);
		m2 = compose(&p, &len, &id2);
		test_assert(id != NULL && id2 != NULL && strcmp(id, id2) != 0);
		free(m);
		free(m2);
		free(id);
		free(id2);
	}
	test_end();
}

static void
test_encoding(void)
{
	struct av_message_parts p;
	char *m, *id = NULL;
	size_t len;

	test_begin("message: quoted names, encoded-words for non-ASCII and =?");
	parts_init(&p);
	p.to_name = "Jane \"JJ\" O\\kafor";
	p.from_name = "Tom\xc3\xa1s";
	p.subject = "Danke f\xc3\xbcr das Gespr\xc3\xa4"
		    "ch";
	m = compose(&p, &len, &id);
	test_assert(m != NULL &&
		    strstr(m, "To: \"Jane \\\"JJ\\\" O\\\\kafor\" <jane@acme.example>") != NULL);
	test_assert(m != NULL &&
		    strstr(m, "From: =?UTF-8?B?VG9tw6Fz?= <alex@home.example>") != NULL);
	test_assert(m != NULL && strstr(m, "Subject: =?UTF-8?B?") != NULL);
	free(m);
	free(id);
	p.subject = "About =?utf-8?q?x?=";
	m = compose(&p, &len, &id);
	test_assert(m != NULL && strstr(m, "Subject: =?UTF-8?B?") != NULL);
	free(m);
	free(id);
	test_end();

	test_begin("message: long headers folded, long names cut, encoded-words short");
	{
		struct av_buf b;

		av_buf_init(&b);
		for (int i = 0; i < 40; i++)
			av_buf_puts(&b, "\xc3\xa9t\xc3\xa9 ");
		av_buf_puts(&b, "fin");
		parts_init(&p);
		p.subject = b.data;
		p.to_name = b.data; /* 163 characters: cut to 100 */
		m = compose(&p, &len, &id);
		test_assert(m != NULL && lines_ok(m, 78));
		/* every encoded-word within 75 characters (RFC 2047 2) */
		for (const char *q = m; q != NULL && (q = strstr(q, "=?UTF-8?B?")) != NULL; q += 2)
			test_assert(strstr(q, "?=") != NULL && strstr(q, "?=") - q + 2 <= 75);
		free(m);
		free(id);
		av_buf_clear(&b);
	}
	test_end();
}

static void
test_flowed(void)
{
	struct av_message_parts p;
	struct av_buf b;
	char *m, *id = NULL;
	size_t len;

	test_begin("message: format=flowed, space-stuffing, the signature separator");
	parts_init(&p);
	p.body = "The quick brown fox jumps over the lazy dog and keeps running far beyond the "
		 "edge of the page.\n>quoted\nFrom here\n -- \n-- \nAlex";
	m = compose(&p, &len, &id);
	test_assert(m != NULL && lines_ok(m, 78));
	test_assert(
		m != NULL &&
		strstr(m,
		       "\r\n\r\nThe quick brown fox jumps over the lazy dog and keeps running far "
		       "beyond the \r\nedge of the page.\r\n") != NULL);
	test_assert(m != NULL && strstr(m, "\r\n >quoted\r\n") != NULL);
	test_assert(m != NULL && strstr(m, "\r\n From here\r\n") != NULL);
	test_assert(m != NULL && strstr(m, "\r\n  --\r\n") != NULL);
	test_assert(m != NULL && strstr(m, "\r\n-- \r\nAlex\r\n") != NULL);
	free(m);
	free(id);
	test_end();

	test_begin("message: no line over 998 octets, whatever the body");
	av_buf_init(&b);
	for (int i = 0; i < 3000; i++)
		av_buf_puts(&b, "x");
	av_buf_puts(&b, " end\n");
	for (int i = 0; i < 500; i++)
		av_buf_puts(&b, "\xe2\x82\xac");
	p.body = b.data;
	m = compose(&p, &len, &id);
	test_assert(m != NULL && lines_ok(m, 998));
	test_assert(m != NULL && strstr(m, "x \r\nend\r\n") != NULL);
	free(m);
	free(id);
	av_buf_clear(&b);
	p.body = NULL; /* an empty body is a message too */
	m = compose(&p, &len, &id);
	test_assert(m != NULL && len >= 4 && strcmp(m + len - 4, "\r\n\r\n") == 0);
	free(m);
	free(id);
	test_end();
}

static void
test_refused(void)
{
	struct av_message_parts p;
	char *m = NULL, *id = NULL, *err = NULL;
	size_t len = 0;

	test_begin("message: tokens");
	test_assert(av_message_token_ok("abc-DEF_1.2"));
	test_assert(!av_message_token_ok(NULL));
	test_assert(!av_message_token_ok(""));
	test_assert(!av_message_token_ok("bad token"));
	test_assert(!av_message_token_ok("a\r\nBcc: x"));
	test_assert(!av_message_token_ok("x@y"));
	test_assert(av_message_token_ok(
		"0123456789012345678901234567890123456789012345678901234567890123"));
	test_assert(!av_message_token_ok(
		"01234567890123456789012345678901234567890123456789012345678901234"));
	test_end();

	test_begin("message: bad addresses, token or date refused, nothing returned");
	parts_init(&p);
	p.from_addr = "not an address";
	test_assert_int(av_message_compose(&p, &m, &len, &id, &err), AV_ERR_DATA);
	test_assert(err != NULL && m == NULL && id == NULL);
	free(err);
	err = NULL;
	parts_init(&p);
	p.from_addr = NULL;
	test_assert_int(av_message_compose(&p, &m, &len, &id, &err), AV_ERR_DATA);
	free(err);
	err = NULL;
	parts_init(&p);
	p.to_addr = "jane@acme.example\r\nBcc: x@evil.example";
	test_assert_int(av_message_compose(&p, &m, &len, &id, &err), AV_ERR_DATA);
	free(err);
	err = NULL;
	parts_init(&p);
	p.token = "bad token";
	test_assert_int(av_message_compose(&p, &m, &len, &id, &err), AV_ERR_DATA);
	free(err);
	err = NULL;
	if (sizeof(time_t) > 4) {
		parts_init(&p);
		p.date = (time_t)INT64_MAX;
		test_assert_int(av_message_compose(&p, &m, &len, &id, &err), AV_ERR_DATA);
		free(err);
		err = NULL;
	}
	test_assert(m == NULL && id == NULL);
	test_end();
}

int
main(void)
{
	test_headers();
	test_encoding();
	test_flowed();
	test_refused();
	return test_exit();
}
