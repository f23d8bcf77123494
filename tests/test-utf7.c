/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Modified UTF-7 folder names: a table of valid rows checked both ways, rows that must
 * be refused, and sweeps over code points and single units built here. */
#include "config.h"

#include <stdint.h>

#include "afterview/utf7.h"
#include "afterview/text.h"
#include "afterview/util.h"
#include "harness.h"

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";

/* "&" + units in modified base64, padded with zero bits + "-", or with extra_bits more
 * bits of value extra: a shift built by hand, right or wrong. */
static char *
shift(const uint16_t *units, size_t n, int extra_bits, unsigned extra)
{
	struct av_buf b;
	uint64_t bits = 0;
	int nbits = 0;

	av_buf_init(&b);
	av_buf_puts(&b, "&");
	for (size_t i = 0; i <= n; i++) {
		if (i < n) {
			bits = (bits << 16) | units[i];
			nbits += 16;
		} else if (extra_bits > 0) {
			bits = (bits << extra_bits) | extra;
			nbits += extra_bits;
		}
		while (nbits >= 6) {
			nbits -= 6;
			av_buf_append(&b, &b64[(bits >> nbits) & 0x3f], 1);
		}
	}
	if (nbits > 0)
		av_buf_append(&b, &b64[(bits << (6 - nbits)) & 0x3f], 1);
	av_buf_puts(&b, "-");
	return av_buf_steal(&b);
}

static void
test_valid(void)
{
	static const struct {
		const char *utf8, *mutf7;
	} rows[] = {
		{"", ""},
		{"INBOX", "INBOX"},
		{"Sent Items", "Sent Items"},
		{"&", "&-"},
		{"R&D/a&&b&", "R&-D/a&-&-b&-"},
		{"~/[x]{y}-+,", "~/[x]{y}-+,"},
		{"Entw\xc3\xbcrfe", "Entw&APw-rfe"},
		{"Envoy\xc3\xa9s", "Envoy&AOk-s"},
		{"\xc3\x89l\xc3\xa9ments envoy\xc3\xa9s", "&AMk-l&AOk-ments envoy&AOk-s"},
		{"\xd0\x92\xd1\x85\xd0\xbe\xd0\xb4\xd1\x8f\xd1\x89\xd0\xb8\xd0\xb5",
		 "&BBIERQQ+BDQETwRJBDgENQ-"},
		/* RFC 3501 5.1.3's own example */
		{"~peter/mail/\xe5\x8f\xb0\xe5\x8c\x97/\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e",
		 "~peter/mail/&U,BTFw-/&ZeVnLIqe-"},
		{"\xc3\xa4&", "&AOQ-&-"},
		{"R&D/\xc3\xa4", "R&-D/&AOQ-"},
		{"\xe2\x82\xac", "&IKw-"},
		/* control characters and DEL are not printable: encoded */
		{"a\tb", "a&AAk-b"},
		{"\x7f", "&AH8-"},
		/* astral planes: a surrogate pair in one shift */
		{"\xf0\x9f\x98\x80", "&2D3eAA-"},
		{"\xf0\x90\x80\x80", "&2ADcAA-"},
		{"\xf4\x8f\xbf\xbf", "&2,,f,w-"},
		/* the edges of the surrogate range and of the BMP */
		{"\xed\x9f\xbf", "&1,8-"},
		{"\xee\x80\x80", "&4AA-"},
		{"\xef\xbf\xbf", "&,,8-"},
		{"\xc3\x9cn\xc3\xaf"
		 "c\xc3\xb6"
		 "d\xc3\xa9 \xf0\x9f\x98\x80 \xe6\x97\xa5\xe6\x9c\xac "
		 "\xe2\x9c\x93",
		 "&ANw-n&AO8-c&APY-d&AOk- &2D3eAA- &ZeVnLA- &JxM-"},
	};

	test_begin("utf7: valid rows encode and decode both ways");
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		char *enc = av_utf7_encode(rows[i].utf8);
		char *dec = av_utf7_decode(rows[i].mutf7);

		if (!test_assert_str(enc, rows[i].mutf7) || !test_assert_str(dec, rows[i].utf8))
			printf("    row %zu\n", i);
		free(enc);
		free(dec);
	}
	test_end();
}

static void
test_invalid_decode(void)
{
	static const char *const rows[] = {
		/* unterminated shifts */
		"&",
		"&AGE",
		"&AOQ",
		"Entw&APwrfe",
		"-&",
		/* characters outside the modified base64 alphabet */
		"&Jjo!-",
		"&AO=-",
		"&U/BTFw-",
		"&&-",
		"&AO Q-",
		/* not the shortest form: two shifts in a row, a sextet too many */
		"&AOQ-&AOQ-",
		"&U,BTFw-&ZeVnLIqe-",
		"&AOQA-",
		"&,-",
		/* bits left over that are not zero */
		"&AOR-",
		"&AOT-",
		/* printable ASCII and NUL encoded */
		"&AEE-",
		"&ACY-",
		"&ACA-",
		"&AH4-",
		"&AAA-",
		/* surrogates split wrongly: alone, reversed, across two shifts, before a BMP
		 * character */
		"&2D0-",
		"&3gA-",
		"&3gDYPQ-",
		"&2D0-&3gA-",
		"&2D0A5A-",
		/* bytes that are not printable ASCII, raw */
		"Entw\xc3\xbcrfe",
		"a\tb",
		"\x7f",
		"\x80",
	};

	test_begin("utf7: invalid modified UTF-7 is refused");
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		char *dec = av_utf7_decode(rows[i]);

		if (!test_assert(dec == NULL))
			printf("    row %zu \"%s\" gave \"%s\"\n", i, rows[i], dec);
		free(dec);
	}
	test_end();
}

static void
test_invalid_encode(void)
{
	static const char *const rows[] = {
		"\xff",
		("a\x80"
		 "b"),
		"\xc3",		    /* truncated */
		"x\xe6\x97",	    /* truncated */
		"\xc0\xaf",	    /* overlong "/" */
		"\xe0\x80\xa6",	    /* overlong "&" */
		"\xed\xa0\xbd",	    /* a surrogate in UTF-8 */
		"\xed\xb8\x80",	    /* a low surrogate in UTF-8 */
		"\xf4\x90\x80\x80", /* above U+10FFFF */
		"\xf8\x88\x80\x80\x80",
	};

	test_begin("utf7: invalid UTF-8 is refused when encoding");
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		char *enc = av_utf7_encode(rows[i]);

		if (!test_assert(enc == NULL))
			printf("    row %zu gave \"%s\"\n", i, enc);
		free(enc);
	}
	test_end();
}

static void
test_built_shifts(void)
{
	char one[2] = {0, 0};

	test_begin("utf7: every printable character stands for itself, never encoded");
	for (unsigned c = 0x20; c <= 0x7e; c++) {
		uint16_t u = (uint16_t)c;
		char *s = shift(&u, 1, 0, 0), *enc, *dec;

		dec = av_utf7_decode(s);
		if (!test_assert(dec == NULL))
			printf("    U+%04X as \"%s\"\n", c, s);
		one[0] = (char)c;
		enc = av_utf7_encode(one);
		test_assert_str(enc, c == '&' ? "&-" : one);
		free(dec);
		free(enc);
		free(s);
	}
	test_end();

	test_begin("utf7: a shift that does not end on a UTF-16 unit is refused");
	for (unsigned v = 0; v <= 0xff; v++) {
		uint16_t u = 0xe4;
		char *alone = shift(NULL, 0, 8, v), *after = shift(&u, 1, 8, v);
		char *d1 = av_utf7_decode(alone), *d2 = av_utf7_decode(after);

		if (!test_assert(d1 == NULL && d2 == NULL))
			printf("    octet %02x: \"%s\" \"%s\"\n", v, alone, after);
		free(d1);
		free(d2);
		free(alone);
		free(after);
	}
	test_end();

	test_begin("utf7: every lone surrogate is refused");
	for (unsigned s = 0xd800; s <= 0xdfff; s++) {
		uint16_t units[2] = {(uint16_t)s, 0xe4};
		char *a = shift(units, 1, 0, 0), *b = shift(units, 2, 0, 0);
		char *d1 = av_utf7_decode(a), *d2 = av_utf7_decode(b);

		if (!test_assert(d1 == NULL && d2 == NULL))
			printf("    U+%04X\n", s);
		free(d1);
		free(d2);
		free(a);
		free(b);
	}
	test_end();
}

/* Strings of 1 to 6 copies of cp mixed with "x" and "&", through encode and decode. */
static bool
round_trip(uint32_t cp)
{
	bool ok = true;

	for (int len = 1; len <= 6 && ok; len++) {
		struct av_buf b;
		char *enc, *dec;
		char u[4];

		av_buf_init(&b);
		for (int j = 0; j < len; j++) {
			if (j % 3 == 0)
				av_buf_puts(&b, "x");
			if (j % 4 == 0)
				av_buf_puts(&b, "&");
			av_buf_append(&b, u, av_utf8_encode(cp, u));
		}
		enc = av_utf7_encode(b.data);
		dec = enc != NULL ? av_utf7_decode(enc) : NULL;
		ok = dec != NULL && strcmp(dec, b.data) == 0;
		for (const char *p = enc; ok && *p != '\0'; p++)
			ok = *p >= 0x20 && *p <= 0x7e;
		if (!ok)
			printf("    U+%04X x%d: \"%s\"\n", (unsigned)cp, len, enc ? enc : "(null)");
		free(enc);
		free(dec);
		av_buf_clear(&b);
	}
	return ok;
}

static void
test_round_trips(void)
{
	static const uint32_t ranges[][2] = {
		{0x01, 0x1f},	   {0x7f, 0x900},      {0xd700, 0xd7ff},     {0xe000, 0xe100},
		{0xfff0, 0x10010}, {0x1f600, 0x1f650}, {0x10fff0, 0x10ffff},
	};
	bool ok = true;

	test_begin("utf7: code points round-trip, the output printable ASCII");
	for (size_t r = 0; r < sizeof(ranges) / sizeof(ranges[0]) && ok; r++)
		for (uint32_t cp = ranges[r][0]; cp <= ranges[r][1] && ok; cp++)
			ok = round_trip(cp);
	test_assert(ok);
	test_end();
}

int
main(void)
{
	test_valid();
	test_invalid_decode();
	test_invalid_encode();
	test_built_shifts();
	test_round_trips();
	return test_exit();
}
