/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "afterview/driver.h"
#include "afterview/log.h"
#include "afterview/mime.h"
#include "afterview/util.h"
#include "harness.h"

/* The test messages are written with LF; crlf() makes the CRLF form of the same. */
static char *
crlf(const char *s)
{
	struct av_buf b;

	av_buf_init(&b);
	for (; *s; s++) {
		if (*s == '\n')
			av_buf_append(&b, "\r", 1);
		av_buf_append(&b, s, 1);
	}
	return av_buf_steal(&b);
}

static struct av_mime_result *
parse_ok(const char *msg)
{
	struct av_mime_result *r = NULL;
	char *err = NULL;

	if (!test_assert_int(av_mime_parse(msg, strlen(msg), &r, &err), AV_OK)) {
		printf("  error: %s\n", err ? err : "(none)");
		free(err);
		return NULL;
	}
	test_assert(err == NULL);
	return r;
}

static const char nested[] =
	"Message-ID: <abc.123@Example.com>\n"
	"From: =?utf-8?Q?J=C3=BCrgen?= =?utf-8?Q?_M=C3=BCller?= <Juergen.Mueller@Example.COM>\n"
	"Subject: =?ISO-8859-1?Q?Einladung:_Vorstellungsgespr=E4ch?= und\n"
	" =?UTF-8?B?4oKs?= =?UTF-8?B?4oKs?= mehr\n"
	"Date: Tue, 10 Nov 2026 09:00:00 -0500\n"
	"MIME-Version: 1.0\n"
	"Content-Type: multipart/mixed; boundary=\"outer\"\n"
	"\n"
	"preamble\n"
	"--outer\n"
	"Content-Type: multipart/alternative; boundary=inner\n"
	"\n"
	"--inner\n"
	"Content-Type: text/plain; charset=utf-8\n"
	"\n"
	"hello\n"
	"--inner\n"
	"Content-Type: text/calendar; charset=iso-8859-1; method=REQUEST\n"
	"Content-Transfer-Encoding: quoted-printable\n"
	"\n"
	"BEGIN:VCALENDAR\n"
	"SUMMARY:caf=E9 =93q=94 soft=\n"
	"break\n"
	"END:VCALENDAR\n"
	"--inner--\n"
	"\n"
	"--outer\n"
	"Content-Type: application/octet-stream; name=\"invite.ics\"\n"
	"Content-Disposition: attachment; filename*=utf-8''%E2%82%ACinvite.ics\n"
	"Content-Transfer-Encoding: base64\n"
	"\n"
	"QkVHSU46VkNBTEVOREFSDQpFTkQ6VkNBTEVOREFSDQo=\n"
	"--outer\n"
	"Content-Type: image/png; name=\"logo.png\"\n"
	"Content-Transfer-Encoding: base64\n"
	"\n"
	"iVBORw0KGgo=\n"
	"--outer\n"
	"Content-Type: message/rfc822\n"
	"\n"
	"Subject: forwarded\n"
	"Content-Type: multipart/mixed; boundary=x\n"
	"\n"
	"--x\n"
	"Content-Type: text/plain\n"
	"\n"
	"a\n"
	"--x\n"
	"Content-Type: application/ics\n"
	"\n"
	"BEGIN:VCALENDAR\n"
	"END:VCALENDAR\n"
	"--x--\n"
	"--outer\n"
	"Content-Type: message/rfc822\n"
	"\n"
	"Subject: forwarded, single part\n"
	"Content-Type: text/calendar\n"
	"\n"
	"BEGIN:VCALENDAR\n"
	"END:VCALENDAR\n"
	"--outer--\n";

static void
check_nested(const char *msg, const char *eol)
{
	struct av_mime_result *r = parse_ok(msg);
	char *want;

	if (r == NULL)
		return;
	test_assert_str(r->info.message_id, "abc.123@Example.com");
	test_assert_str(r->info.from_name, "Jürgen Müller");
	test_assert_str(r->info.from_addr, "juergen.mueller@example.com");
	test_assert_str(r->info.subject, "Einladung: Vorstellungsgespräch und €€ mehr");
	test_assert_str(r->info.date, "Tue, 10 Nov 2026 09:00:00 -0500");
	test_assert_int(r->skipped, 0);
	if (!test_assert_int(r->n_parts, 4))
		goto out;
	test_assert_str(r->parts[0].section, "1.2");
	test_assert_str(r->parts[0].content_type, "text/calendar");
	test_assert(r->parts[0].filename == NULL);
	/* ISO-8859-1 read as Windows-1252: 0x93/0x94 are curly quotes. */
	want = av_asprintf("BEGIN:VCALENDAR%sSUMMARY:café “q” softbreak%sEND:VCALENDAR", eol, eol);
	test_assert_str(r->parts[0].data, want);
	test_assert_int(r->parts[0].len, strlen(want));
	free(want);
	test_assert_str(r->parts[1].section, "2");
	test_assert_str(r->parts[1].content_type, "application/octet-stream");
	test_assert_str(r->parts[1].filename, "€invite.ics");
	test_assert_str(r->parts[1].data, "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n");
	/* Parts of a message/rfc822 part are numbered under it (RFC 3501 6.4.5). */
	test_assert_str(r->parts[2].section, "4.2");
	test_assert_str(r->parts[2].content_type, "application/ics");
	test_assert_str(r->parts[3].section, "5.1");
	test_assert_str(r->parts[3].content_type, "text/calendar");
out:
	av_mime_result_free(&r);
	test_assert(r == NULL);
}

static void
test_nested(void)
{
	char *c = crlf(nested);

	test_begin("nested multipart, LF line ends: sections, decoding, headers");
	check_nested(nested, "\n");
	test_end();
	test_begin("nested multipart, CRLF line ends: the same");
	check_nested(c, "\r\n");
	test_end();
	free(c);
}

static void
test_single_part(void)
{
	static const char msg[] = "From: recruiter@example.org\n"
				  "Subject: plain\n"
				  "Content-Type: text/calendar; method=REQUEST\n"
				  "Content-Transfer-Encoding: base64\n"
				  "\n"
				  "QkVHSU46VkNBTEVOREFSCkVORDpWQ0FMRU5EQVIK\n";
	static const char plain[] = "From: \"Doe, Jane\" <JANE@example.org>\n"
				    "Message-ID: no-brackets@example.org\n"
				    "\n"
				    "Just text, no calendar.\n";
	static const char no_headers[] = "\nbody only\n";
	static const char bulk[] = "From: news@news.example\n"
				   "List-Unsubscribe-Post: List-Unsubscribe=One-Click\n"
				   "List-Unsubscribe: <https://news.example/u?x=1>,\n"
				   " <mailto:u@news.example>\n"
				   "List-Id: Weekly <weekly.news.example>\n"
				   "Precedence: bulk\n"
				   "\n"
				   "Read all about it.\n";
	struct av_mime_result *r;

	test_begin("single-part text/calendar is section 1");
	if ((r = parse_ok(msg)) != NULL) {
		test_assert_int(r->n_parts, 1);
		if (r->n_parts == 1) {
			test_assert_str(r->parts[0].section, "1");
			test_assert_str(r->parts[0].data, "BEGIN:VCALENDAR\nEND:VCALENDAR\n");
		}
		test_assert(r->info.from_name == NULL);
		test_assert_str(r->info.from_addr, "recruiter@example.org");
		test_assert(r->info.message_id == NULL);
		test_assert(r->info.date == NULL);
		test_assert(r->info.list_unsubscribe == NULL && r->info.list_id == NULL &&
			    r->info.precedence == NULL);
		av_mime_result_free(&r);
	}
	test_end();

	test_begin("bulk-mail headers: List-Unsubscribe, List-Id, Precedence (raw, unfolded)");
	if ((r = parse_ok(bulk)) != NULL) {
		test_assert_str(r->info.list_unsubscribe,
				"<https://news.example/u?x=1>, <mailto:u@news.example>");
		test_assert_str(r->info.list_id, "Weekly <weekly.news.example>");
		test_assert_str(r->info.precedence, "bulk");
		av_mime_result_free(&r);
	}
	test_end();

	test_begin("text message: no parts; quoted display name; Message-ID without <>");
	if ((r = parse_ok(plain)) != NULL) {
		test_assert_int(r->n_parts, 0);
		test_assert_str(r->info.from_name, "Doe, Jane");
		test_assert_str(r->info.from_addr, "jane@example.org");
		test_assert_str(r->info.message_id, "no-brackets@example.org");
		av_mime_result_free(&r);
	}
	if ((r = parse_ok(no_headers)) != NULL) {
		test_assert_int(r->n_parts, 0);
		test_assert(r->info.subject == NULL);
		av_mime_result_free(&r);
	}
	test_end();
}

static void
test_filenames(void)
{
	static const char msg[] = "Content-Type: multipart/mixed; boundary=b\n"
				  "\n"
				  "--b\n"
				  "Content-Type: application/octet-stream\n"
				  "Content-Disposition: attachment; filename=\"INVITE.ICS\"\n"
				  "\n"
				  "BEGIN:VCALENDAR\n"
				  "--b\n"
				  "Content-Type: application/octet-stream; "
				  "name=\"=?utf-8?B?w6l2w6luZW1lbnQuaWNz?=\"\n"
				  "\n"
				  "BEGIN:VCALENDAR\n"
				  "--b\n"
				  "Content-Type: application/octet-stream\n"
				  "Content-Disposition: attachment; filename*0*=utf-8''%C3%A9v;\n"
				  " filename*1=\"ent.ics\"\n"
				  "\n"
				  "BEGIN:VCALENDAR\n"
				  "--b\n"
				  "Content-Type: application/pdf; name=\"invite.ics.pdf\"\n"
				  "\n"
				  "%PDF\n"
				  "--b\n"
				  "Content-Type: text/plain; name=\"notes.txt\"\n"
				  "\n"
				  "text\n"
				  "--b--\n";
	struct av_mime_result *r;

	test_begin("calendar parts by file name: plain, RFC 2047, RFC 2231 continuation");
	if ((r = parse_ok(msg)) != NULL) {
		if (test_assert_int(r->n_parts, 3)) {
			test_assert_str(r->parts[0].filename, "INVITE.ICS");
			test_assert_str(r->parts[0].section, "1");
			test_assert_str(r->parts[1].filename, "événement.ics");
			test_assert_str(r->parts[1].section, "2");
			test_assert_str(r->parts[2].filename, "évent.ics");
			test_assert_str(r->parts[2].section, "3");
		}
		av_mime_result_free(&r);
	}
	test_end();
}

static void
test_decode_header(void)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{"plain text", "plain text"},
		{"=?utf-8?q?a_b?=", "a b"},
		{"=?UTF-8?B?w6k=?= x", "é x"},
		{"=?utf-8?q?a?= =?utf-8?q?b?=", "ab"},
		{"=?utf-8?q?a?=\r\n =?utf-8?q?b?=", "ab"},
		{"a =?utf-8?q?b?= c", "a b c"},
		/* One UTF-8 character split across two encoded words. */
		{"=?utf-8?B?4oI=?= =?utf-8?B?rA==?=", "€"},
		{"=?iso-8859-1?q?caf=E9?=", "café"},
		{"=?utf-8*en?q?lang?=", "lang"},
		{"=?x-no-such-charset?q?ok?=", "ok"},
		{"=?utf-8?q?unterminated", "=?utf-8?q?unterminated"},
		{"=?utf-8?x?bad?=", "=?utf-8?x?bad?="},
		{"raw \xff byte", "raw \xef\xbf\xbd byte"},
		{"=?utf-8?q?=FF?=", "\xef\xbf\xbd"},
		{"folded\r\n line", "folded line"},
		{"", ""},
	};

	test_begin("av_mime_decode_header: RFC 2047");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *s = av_mime_decode_header(cases[i].in);

		if (!test_assert_str(s, cases[i].out))
			printf("    (case %zu)\n", i);
		free(s);
	}
	test_end();
}

static void
check_decode(const char *in, const char *enc, const char *cs, const char *want, size_t want_len)
{
	char *out = NULL, *err = NULL;
	size_t len = 0;

	if (!test_assert_int(av_mime_decode(in, strlen(in), enc, cs, &out, &len, &err), AV_OK)) {
		printf("    %s\n", err);
		free(err);
		return;
	}
	if (!test_assert_int(len, want_len) || !test_assert(memcmp(out, want, want_len) == 0)) {
		printf("    got:");
		for (size_t i = 0; i < len; i++)
			printf(" %02x", (unsigned char)out[i]);
		printf("\n");
	}
	test_assert(out[len] == '\0');
	free(out);
}

static void
test_decode(void)
{
	char *out = NULL, *err = NULL;
	size_t len;

	test_begin("av_mime_decode: transfer encodings and charsets");
	check_decode("QkVHSU4=", "base64", NULL, "BEGIN", 5);
	check_decode("QkVH\r\nSU4=", "BASE64", NULL, "BEGIN", 5);
	check_decode("a=3Db=\r\nc", "quoted-printable", NULL, "a=bc", 4);
	check_decode("a=3Db=\nc", "quoted-printable", NULL, "a=bc", 4);
	check_decode("a= \t\r\nb=\n", "quoted-printable", NULL, "ab", 2);
	check_decode("x=\r\n", "quoted-printable", NULL, "x", 1);
	check_decode("=4", "quoted-printable", NULL, "=4", 2);
	check_decode("a=", "quoted-printable", NULL, "a", 1);
	check_decode("1=2=3D=zz=e9", "quoted-printable", "iso-8859-1", "1=2==zz\xc3\xa9", 9);
	check_decode("plain", NULL, NULL, "plain", 5);
	check_decode("plain", "8bit", "us-ascii", "plain", 5);
	check_decode("caf\xe9", "binary", "ISO-8859-1", "caf\xc3\xa9", 5);
	check_decode("\xa4", "7bit", "iso-8859-15", "\xe2\x82\xac", 3);
	check_decode("bad\xc3(", NULL, "utf-8", "bad\xef\xbf\xbd(", 7);
	check_decode("\xed\xa0\x80", NULL, NULL, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd", 9);
	check_decode("\xf0\x9f\x98\x80", NULL, "utf-8", "\xf0\x9f\x98\x80", 4);
	check_decode("x\xff", NULL, "x-unknown-charset", "x\xef\xbf\xbd", 4);
	check_decode("", "base64", NULL, "", 0);
	test_assert_int(av_mime_decode("x", 1, "x-uuencode", NULL, &out, &len, &err), AV_ERR_DATA);
	test_assert(err != NULL && strstr(err, "x-uuencode") != NULL);
	test_assert(out == NULL);
	free(err);
	test_end();
}

/* RFC 5545 §3.1 folds: undone on the raw bytes, so one inside a multi-byte character
 * joins it again; long lines folded again between characters. */
static void
test_decode_folds(void)
{
	struct av_buf in, want;
	char *out = NULL, *err = NULL;
	size_t len = 0;

	test_begin("av_mime_decode: a fold inside a multi-byte character");
	/* "Ren" CRLF SP "ée" with the fold between the two bytes of é */
	check_decode("CN=Ren\xc3\r\n \xa9"
		     "e\r\n",
		     NULL, NULL,
		     "CN=Ren\xc3\xa9"
		     "e\r\n",
		     11);
	check_decode("CN=Ren\xc3\r\n \xa9"
		     "e",
		     "8bit", "utf-8",
		     "CN=Ren\xc3\xa9"
		     "e",
		     9);
	check_decode("Ren\xc3\n\t\xa9"
		     "e",
		     NULL, NULL,
		     "Ren\xc3\xa9"
		     "e",
		     6);
	check_decode("a\xe2\x80\r\n \x94"
		     "b",
		     NULL, NULL,
		     "a\xe2\x80\x94"
		     "b",
		     5);
	check_decode("\xf0\x9f\r\n \x98\x80", NULL, NULL, "\xf0\x9f\x98\x80", 4);
	check_decode("UmVuw4kNCiCpZQ==", "base64", NULL,
		     "Ren\xc3\x89\xef\xbf\xbd"
		     "e",
		     9);
	check_decode("UmVuww0KIKllDQo=", "base64", NULL,
		     "Ren\xc3\xa9"
		     "e\r\n",
		     8);
	check_decode("Ren=C3\r\n =A9e", "quoted-printable", NULL,
		     "Ren\xc3\xa9"
		     "e",
		     6);
	/* a two-byte Shift_JIS character (テ) folded in two */
	check_decode("\x83\r\n e", NULL, "shift_jis", "\xe3\x83\x86", 3);
	/* a line break without a blank is no fold; invalid bytes are still repaired */
	check_decode("a\r\nb\nc", NULL, NULL, "a\r\nb\nc", 6);
	check_decode("x\xc3\r\ny", NULL, NULL, "x\xef\xbf\xbd\r\ny", 7);
	check_decode("a\r\n", NULL, NULL, "a\r\n", 3);
	check_decode("a\r\n ", NULL, NULL, "a", 1);
	test_end();

	test_begin("av_mime_decode: long lines folded again between characters");
	av_buf_init(&in);
	av_buf_init(&want);
	for (unsigned i = 0; i < 100; i++)
		av_buf_puts(&in, "a");
	av_buf_puts(&in, "\r\nEND\n");
	for (unsigned i = 0; i < 40; i++)
		av_buf_puts(&in, "\xc3\xa9");
	av_buf_puts(&in, "\n");
	for (unsigned i = 0; i < 75; i++)
		av_buf_puts(&want, "a");
	av_buf_puts(&want, "\r\n ");
	for (unsigned i = 0; i < 25; i++)
		av_buf_puts(&want, "a");
	av_buf_puts(&want, "\r\nEND\n");
	for (unsigned i = 0; i < 37; i++)
		av_buf_puts(&want, "\xc3\xa9");
	av_buf_puts(&want, "\n \xc3\xa9\xc3\xa9\xc3\xa9\n");
	check_decode(in.data, NULL, NULL, want.data, want.len);
	/* a line of exactly 75 octets is left alone */
	in.len = 0;
	for (unsigned i = 0; i < 75; i++)
		av_buf_puts(&in, "b");
	av_buf_puts(&in, "\r\n");
	check_decode(in.data, NULL, NULL, in.data, in.len);
	/* a folded 1,000-octet line comes back whole, then folded every 75 octets */
	in.len = 0;
	for (unsigned i = 0; i < 1000; i++)
		av_buf_puts(&in, i % 60 == 59 ? "\xc3\r\n \xa9" : "c");
	test_assert_int(av_mime_decode(in.data, in.len, NULL, NULL, &out, &len, &err), AV_OK);
	test_assert(out != NULL && strstr(out, "\xef\xbf\xbd") == NULL);
	for (const char *p = out, *nl; p != NULL && *p != '\0'; p = nl ? nl + 1 : NULL) {
		nl = strchr(p, '\n');
		test_assert((nl ? (size_t)(nl - p) : strlen(p)) <= 76);
	}
	free(out);
	av_buf_clear(&in);
	av_buf_clear(&want);
	test_end();
}

static char *
nest(unsigned levels, const char *leaf)
{
	struct av_buf b;

	av_buf_init(&b);
	for (unsigned i = 0; i < levels; i++)
		av_buf_printf(&b, "Content-Type: multipart/mixed; boundary=b%u\n\n--b%u\n", i, i);
	av_buf_puts(&b, leaf);
	for (unsigned i = levels; i-- > 0;)
		av_buf_printf(&b, "--b%u--\n", i);
	return av_buf_steal(&b);
}

static void
test_limits(void)
{
	static const char leaf[] = "Content-Type: text/calendar\n\nBEGIN:VCALENDAR\n";
	struct av_mime_result *r = NULL;
	char *err = NULL, *msg;
	struct av_buf b;

	av_log_set_level(AV_LOG_ERROR);
	test_begin("limits: nesting, part count, part size, message size, comment depth");
	msg = nest(AV_MIME_MAX_DEPTH, leaf);
	if ((r = parse_ok(msg)) != NULL) {
		test_assert_int(r->n_parts, 1);
		if (r->n_parts == 1)
			test_assert_str(r->parts[0].section, "1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1");
		av_mime_result_free(&r);
	}
	free(msg);
	msg = nest(AV_MIME_MAX_DEPTH + 1, leaf);
	if ((r = parse_ok(msg)) != NULL) {
		test_assert_int(r->n_parts, 0);
		av_mime_result_free(&r);
	}
	free(msg);
	/* Many nested containers: refused before libetpan recurses into them. */
	msg = nest(1000, leaf);
	test_assert_int(av_mime_parse(msg, strlen(msg), &r, &err), AV_ERR_DATA);
	test_assert(err != NULL && r == NULL);
	free(err);
	err = NULL;
	free(msg);

	av_buf_init(&b);
	av_buf_puts(&b, "Content-Type: multipart/mixed; boundary=b\n\n");
	for (unsigned i = 0; i < AV_MIME_MAX_PARTS + 10; i++)
		av_buf_puts(&b, "--b\nContent-Type: text/plain\n\nx\n");
	av_buf_puts(&b, "--b\nContent-Type: text/calendar\n\nBEGIN:VCALENDAR\n--b--\n");
	if ((r = parse_ok(b.data)) != NULL) {
		test_assert_int(r->n_parts, 0);
		av_mime_result_free(&r);
	}
	av_buf_clear(&b);

	av_buf_init(&b);
	av_buf_puts(&b, "Content-Type: multipart/mixed; boundary=b\n\n--b\n"
			"Content-Type: text/calendar\n\n");
	while (b.len < AV_MIME_MAX_PART + 100)
		av_buf_puts(&b, "DESCRIPTION:0123456789012345678901234567890123456789\n");
	av_buf_puts(&b, "--b\nContent-Type: text/calendar\n\nBEGIN:VCALENDAR\n--b--\n");
	if ((r = parse_ok(b.data)) != NULL) {
		test_assert_int(r->n_parts, 1);
		test_assert_int(r->skipped, 1);
		if (r->n_parts == 1)
			test_assert_str(r->parts[0].section, "2");
		av_mime_result_free(&r);
	}
	av_buf_clear(&b);

	msg = av_calloc(1, AV_MIME_MAX_MESSAGE + 2);
	memset(msg, 'a', AV_MIME_MAX_MESSAGE + 1);
	test_assert_int(av_mime_parse(msg, AV_MIME_MAX_MESSAGE + 1, &r, &err), AV_ERR_DATA);
	test_assert(err != NULL && strstr(err, "limit") != NULL);
	free(err);
	err = NULL;
	free(msg);

	av_buf_init(&b);
	av_buf_puts(&b, "From: ");
	for (unsigned i = 0; i < 100000; i++)
		av_buf_puts(&b, "(");
	av_buf_puts(&b, "\n\nbody\n");
	test_assert_int(av_mime_parse(b.data, b.len, &r, &err), AV_ERR_DATA);
	free(err);
	err = NULL;
	av_buf_clear(&b);

	test_assert_int(av_mime_parse("", 0, &r, &err), AV_ERR_DATA);
	free(err);
	test_end();
	av_log_set_level(AV_LOG_WARN);
}

static void
test_garbage(void)
{
	static const char bin[] = "\x00\x01\x02\xff\xfe\n\n\x80--";
	static const char no_close[] = "Content-Type: multipart/mixed; boundary=b\n\n"
				       "--b\nContent-Type: text/calendar\n\nBEGIN:VCALENDAR\nX";
	static const char no_boundary[] = "Content-Type: multipart/mixed\n\n"
					  "--b\nContent-Type: text/calendar\n\nBEGIN:VCALENDAR\n";
	struct av_mime_result *r = NULL;
	char *err = NULL;
	enum av_err e;

	test_begin("garbage, unclosed multipart, multipart without boundary");
	e = av_mime_parse(bin, sizeof(bin) - 1, &r, &err);
	test_assert(e == AV_OK || e == AV_ERR_DATA);
	if (e == AV_OK)
		test_assert_int(r->n_parts, 0);
	av_mime_result_free(&r);
	free(err);
	if ((r = parse_ok(no_close)) != NULL) {
		test_assert_int(r->n_parts, 1);
		if (r->n_parts == 1)
			test_assert_str(r->parts[0].data, "BEGIN:VCALENDAR\nX");
		av_mime_result_free(&r);
	}
	if ((r = parse_ok(no_boundary)) != NULL) {
		test_assert_int(r->n_parts, 0);
		av_mime_result_free(&r);
	}
	av_mime_result_free(&r);
	test_end();
}

/* issue 10: the header fields the IMAP driver reads from BODY[HEADER.FIELDS (...)], and
 * a whole message's To and Cc. */
static void
test_header_fields(void)
{
	static const char block[] = "List-Id: Vetch\r\n candidates <c.vetch.example>\r\n"
				    "Precedence:   bulk  \r\n"
				    "List-Unsubscribe:\r\n"
				    "X-List-Id: no\r\n"
				    "\r\n";
	static const char msg[] = "From: \"Kim Lund\" <kim@acme.example>\r\n"
				  "To: Sam <SAM@Example.net>, team: a@x.example, b@y.example;\r\n"
				  "Cc: lee@acme.example\r\n"
				  "Subject: s\r\n"
				  "\r\n"
				  "body\r\n";
	struct av_mime_result *res = NULL;
	char *v, *error = NULL;

	test_begin("header fields: unfolded, trimmed, bounded; To and Cc of a message");
	v = av_mime_header_field(block, strlen(block), "list-id", 4096);
	test_assert_str(v, "Vetch candidates <c.vetch.example>");
	free(v);
	v = av_mime_header_field(block, strlen(block), "Precedence", 4096);
	test_assert_str(v, "bulk");
	free(v);
	v = av_mime_header_field(block, strlen(block), "List-Id", 5);
	test_assert_str(v, "Vetch");
	free(v);
	test_assert(av_mime_header_field(block, strlen(block), "List-Unsubscribe", 4096) == NULL);
	test_assert(av_mime_header_field(block, strlen(block), "List-Post", 4096) == NULL);
	test_assert(av_mime_header_field(block, 10, "Precedence", 4096) == NULL);
	if (test_assert_int(av_mime_parse(msg, strlen(msg), &res, &error), AV_OK)) {
		test_assert_str(res->info.to, "sam@example.net\na@x.example\nb@y.example");
		test_assert_str(res->info.cc, "lee@acme.example");
		test_assert_str(res->info.from_name, "Kim Lund");
	}
	av_mime_result_free(&res);
	test_end();
}

/* issue 12: the envelope from the header fields, as the server's ENVELOPE gave it. */
static struct av_envelope *
envelope_of(const char *hdr, size_t len, bool list_headers)
{
	struct av_envelope *e = av_calloc(1, sizeof(*e));

	av_mime_envelope(hdr, len, list_headers, e);
	return e;
}

static char *
joined(char *const *v)
{
	struct av_buf b;

	av_buf_init(&b);
	for (size_t i = 0; v != NULL && v[i] != NULL; i++)
		av_buf_printf(&b, "%s%s", i ? "," : "", v[i]);
	return av_buf_steal(&b);
}

static size_t
count(char *const *v)
{
	size_t n = 0;

	while (v != NULL && v[n] != NULL)
		n++;
	return n;
}

static void
check_rcpt(const struct av_envelope *e, const char *want, size_t n_to)
{
	char *got = joined(e->recipients);

	test_assert_str(got, want);
	test_assert_int(e->n_to, n_to);
	free(got);
}

static void
test_envelope(void)
{
	/* tests/data/imap/sent-thanks.eml's header, in another order, as HEADER.FIELDS
	 * returns it (message order, the blank line after) */
	static const char sent[] =
		"From: Alice Example <Alice@Example.org>\n"
		"To: \"Chen, Priya\" <Priya.Chen@Lumen.Example>, omar@lumen.example\n"
		"Cc: Recruiting <recruiting@lumen.example>\n"
		"Bcc: alice+archive@example.org\n"
		"Subject: =?UTF-8?B?RGFua2Ugc2Now7ZuIGbDvHIgZGFzIEdlc3Byw6RjaA==?=\n"
		"Date: Fri, 20 Mar 2026 18:30:00 +0100\n"
		"Message-ID: <thanks-1@example.org>\n"
		"\n";
	static const char odd[] =
		"Date:\n"
		"Subject: \n"
		"From: root, =?utf-8?Q?J=C3=BCrgen?= <JM@Example.COM>\n"
		"To: Chen, Priya <p@x.example>, undisclosed-recipients:;,\n"
		"  team: a@b.example,,\tc@d.example; broken <X@Y.example\n"
		"Cc: e@f.example;g@h.example, (just a comment), <i@j.example> (Eye)\n"
		"To: second@to.example\n"
		"Message-ID:  foo bar\n"
		"List-Id: <l.example>\n"
		"\n";
	struct av_envelope *e;
	char *c;

	test_begin("envelope from the header fields: as ENVELOPE said it");
	e = envelope_of(sent, strlen(sent), false);
	test_assert_str(e->date, "Fri, 20 Mar 2026 18:30:00 +0100");
	test_assert_str(e->subject, "Danke sch\xc3\xb6n f\xc3\xbcr das Gespr\xc3\xa4"
				    "ch");
	test_assert_str(e->message_id, "thanks-1@example.org");
	test_assert_str(e->from, "alice@example.org");
	test_assert_str(e->from_name, "Alice Example");
	check_rcpt(e,
		   "priya.chen@lumen.example,omar@lumen.example,recruiting@lumen.example,"
		   "alice+archive@example.org",
		   2);
	test_assert(e->uid == 0 && e->internaldate == 0 && e->list_id == NULL);
	av_envelopes_free(&e, 1);
	/* the same with CRLF */
	c = crlf(sent);
	e = envelope_of(c, strlen(c), true);
	test_assert_str(e->from_name, "Alice Example");
	test_assert_str(e->date, "Fri, 20 Mar 2026 18:30:00 +0100");
	check_rcpt(e,
		   "priya.chen@lumen.example,omar@lumen.example,recruiting@lumen.example,"
		   "alice+archive@example.org",
		   2);
	test_assert(e->list_id == NULL && e->precedence == NULL);
	av_envelopes_free(&e, 1);
	free(c);
	/* present and empty: "" as ENVELOPE gives ""; what is no address is left out; groups
	 * entered; the first of two To fields; a lone '<' */
	e = envelope_of(odd, strlen(odd), true);
	test_assert_str(e->date, "");
	test_assert_str(e->subject, "");
	test_assert_str(e->message_id, "foo");
	test_assert_str(e->from, "jm@example.com");
	test_assert_str(e->from_name, "J\xc3\xbcrgen");
	check_rcpt(e,
		   "p@x.example,a@b.example,c@d.example,x@y.example,e@f.example,g@h.example,"
		   "i@j.example",
		   4);
	test_assert_str(e->list_id, "<l.example>");
	av_envelopes_free(&e, 1);
	/* nothing: NULL everywhere, an empty recipient list */
	e = envelope_of(NULL, 0, true);
	test_assert(e->date == NULL && e->subject == NULL && e->from == NULL &&
		    e->message_id == NULL && e->from_name == NULL && e->list_id == NULL);
	check_rcpt(e, "", 0);
	av_envelopes_free(&e, 1);
	/* blanks in the subject and the display name as ENVELOPE has them: one space per
	 * run, folding with a tab too (Dovecot's "a b c d e" for this one) */
	{
		static const char blanks[] = "Subject:  a\tb\r\n\tc\r\n  d  e \r\n"
					     "From: \"A\t B\"\r\n\t<a@b.example>\r\n"
					     "Date: Fri,\r\n\t20 Mar 2026\r\n";

		e = envelope_of(blanks, strlen(blanks), false);
		test_assert_str(e->subject, "a b c d e");
		test_assert_str(e->from_name, "A B");
		test_assert_str(e->date, "Fri,\t20 Mar 2026");
		av_envelopes_free(&e, 1);
	}
	/* From without a display name; Message-ID without <> */
	e = envelope_of("From: <Kim@Acme.example>\nMessage-ID: m1@x\n", 41, false);
	test_assert_str(e->from, "kim@acme.example");
	test_assert(e->from_name == NULL);
	test_assert_str(e->message_id, "m1@x");
	av_envelopes_free(&e, 1);
	test_end();
}

/* Hostile header blocks: bounded in memory (the caps) and in time. */
static void
test_envelope_hostile(void)
{
	struct av_buf b;
	struct av_envelope *e;
	clock_t t0 = clock();
	size_t n;
	bool whole = true;

	test_begin("envelope from hostile header fields: bounded");
	/* a To folded over 3,000 lines */
	av_buf_init(&b);
	av_buf_puts(&b, "To: first@x.example");
	for (int i = 0; i < 3000; i++)
		av_buf_printf(&b, ",\r\n\tp%d@x.example", i);
	av_buf_puts(&b, "\r\nFrom: me@x.example\r\n\r\n");
	e = envelope_of(b.data, b.len, false);
	test_assert_int(count(e->recipients), 3001);
	test_assert_str(e->recipients[3000], "p2999@x.example");
	test_assert_str(e->from, "me@x.example");
	av_envelopes_free(&e, 1);
	av_buf_clear(&b);
	/* 10,000 addresses in one To: read from AV_ENV_MAX_ADDRESSES octets, every address
	 * kept whole (none cut in the middle) and in order; Cc after it still read */
	av_buf_puts(&b, "Cc: cc@x.example\r\nTo: ");
	for (int i = 0; i < 10000; i++)
		av_buf_printf(&b, "%s\"Person %d\" <person%d@example.com>", i ? ", " : "", i, i);
	av_buf_puts(&b, "\r\n\r\n");
	e = envelope_of(b.data, b.len, false);
	n = count(e->recipients);
	test_assert(n > 1000 && n < 10000 && e->n_to == n - 1);
	for (size_t i = 0; i + 1 < n && whole; i++) {
		char want[64];

		snprintf(want, sizeof(want), "person%zu@example.com", i);
		whole = test_assert_str(e->recipients[i], want);
	}
	test_assert_str(e->recipients[n - 1], "cc@x.example");
	av_envelopes_free(&e, 1);
	av_buf_clear(&b);
	/* a 1 MB Subject: cut at AV_ENV_MAX_HEADER octets before decoding */
	av_buf_puts(&b, "Subject: ");
	for (int i = 0; i < 1024 * 1024 / 16; i++)
		av_buf_puts(&b, "=?utf-8?q?ab?= x");
	av_buf_puts(&b, "\r\nDate: Fri, 20 Mar 2026 18:30:00 +0100\r\n\r\n");
	e = envelope_of(b.data, b.len, false);
	test_assert(e->subject != NULL && strlen(e->subject) <= AV_ENV_MAX_HEADER);
	test_assert(strncmp(e->subject, "ab xab x", 8) == 0);
	test_assert_str(e->date, "Fri, 20 Mar 2026 18:30:00 +0100");
	av_envelopes_free(&e, 1);
	av_buf_clear(&b);
	/* NUL bytes: read as blanks, nothing after them lost */
	{
		static const char nul[] = "Subject: a\0b\r\nTo: x@y.example\0, z@w.example\r\n"
					  "From: \0me@x.example\r\n\r\n";

		e = envelope_of(nul, sizeof(nul) - 1, false);
		test_assert_str(e->subject, "a b");
		check_rcpt(e, "x@y.example,z@w.example", 2);
		test_assert_str(e->from, "me@x.example");
		av_envelopes_free(&e, 1);
	}
	/* bad encoded-words: kept as text or repaired, never a crash */
	{
		static const char bad[] =
			"Subject: =?utf-8?b?####?= =?x-nope?q?=FF?= =?utf-8?q?\r\n"
			"From: =?utf-8?q?=C3?= <a@b.example>\r\n\r\n";

		e = envelope_of(bad, strlen(bad), false);
		test_assert(e->subject != NULL);
		test_assert_str(e->from, "a@b.example");
		av_envelopes_free(&e, 1);
	}
	/* comments nested 30,000 deep (libetpan's parser recurses per level): not given to
	 * it; an unclosed quote; a long run of separators */
	av_buf_puts(&b, "To: a@b.example, ");
	for (int i = 0; i < 30000; i++)
		av_buf_puts(&b, "(");
	av_buf_puts(&b, "\r\nCc: \"unclosed <c@d.example>, e@f.example\r\nBcc: ");
	for (int i = 0; i < 30000; i++)
		av_buf_puts(&b, ",;");
	av_buf_puts(&b, "g@h.example\r\n\r\n");
	e = envelope_of(b.data, b.len, false);
	test_assert(e->n_to == 1 && strcmp(e->recipients[0], "a@b.example") == 0);
	test_assert_str(e->recipients[count(e->recipients) - 1], "g@h.example");
	av_envelopes_free(&e, 1);
	av_buf_clear(&b);
	/* all of the above in well under the seconds a quadratic reading would take */
	test_assert((double)(clock() - t0) / CLOCKS_PER_SEC < 5.0);
	test_end();
}

int
main(void)
{
	av_log_open("test-mime", false);
	test_nested();
	test_single_part();
	test_filenames();
	test_decode_header();
	test_decode();
	test_decode_folds();
	test_limits();
	test_garbage();
	test_header_fields();
	test_envelope();
	test_envelope_hostile();
	av_log_close();
	return test_exit();
}
