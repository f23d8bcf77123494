/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdint.h>

#include "afterview/text.h"
#include "afterview/util.h"
#include "harness.h"

static void
test_utf8_decode(void)
{
	uint32_t cp = 0;
	char out[4];

	test_begin("UTF-8: decode, encode, refuse overlong forms and surrogates");
	test_assert_int(av_utf8_decode("\xc3\xa9", 2, &cp), 2);
	test_assert_int(cp, 0xe9);
	test_assert_int(av_utf8_decode("\xf0\x9f\x98\x80", 4, &cp), 4);
	test_assert_int(cp, 0x1f600);
	test_assert_int(av_utf8_decode("\xc0\xaf", 2, &cp), 0);	    /* overlong '/' */
	test_assert_int(av_utf8_decode("\xed\xa0\x80", 3, &cp), 0); /* surrogate */
	test_assert_int(av_utf8_decode("\xe2\x82", 2, &cp), 0);	    /* truncated */
	test_assert_int(av_utf8_encode(0x20ac, out), 3);
	test_assert(memcmp(out, "\xe2\x82\xac", 3) == 0);
	test_assert(av_utf8_valid("Tom\xc3\xa1s", 6));
	test_assert(!av_utf8_valid("Tom\xe1s", 5));
	test_end();

	test_begin("UTF-8 decode: every invalid form refused, *cp_r untouched");
	cp = 42;
	test_assert_int(av_utf8_decode(NULL, 0, &cp), 0); /* nothing available */
	test_assert_int(av_utf8_decode("a", 0, &cp), 0);
	test_assert_int(av_utf8_decode("\x80", 1, &cp), 0);		/* lone continuation */
	test_assert_int(av_utf8_decode("\xc1\xbf", 2, &cp), 0);		/* overlong 2 bytes */
	test_assert_int(av_utf8_decode("\xe0\x80\xaf", 3, &cp), 0);	/* overlong 3 bytes */
	test_assert_int(av_utf8_decode("\xf0\x80\x80\xaf", 4, &cp), 0); /* overlong 4 bytes */
	test_assert_int(av_utf8_decode("\xed\xbf\xbf", 3, &cp), 0);	/* U+DFFF */
	test_assert_int(av_utf8_decode("\xf4\x90\x80\x80", 4, &cp), 0); /* U+110000 */
	test_assert_int(av_utf8_decode("\xf5\x80\x80\x80", 4, &cp), 0); /* lead beyond F4 */
	test_assert_int(av_utf8_decode("\xff", 1, &cp), 0);
	test_assert_int(av_utf8_decode("\xf0\x9f\x98\x80", 3, &cp), 0); /* cut by n */
	test_assert_int(av_utf8_decode("\xc3\x28", 2, &cp), 0);		/* not a continuation */
	test_assert_int(cp, 42);
	test_end();

	test_begin("UTF-8 decode: the edges of each length are valid");
	test_assert_int(av_utf8_decode("", 1, &cp), 1); /* the NUL byte is a character */
	test_assert_int(cp, 0);
	test_assert_int(av_utf8_decode("\x7f", 1, &cp), 1);
	test_assert_int(cp, 0x7f);
	test_assert_int(av_utf8_decode("\xc2\x80", 2, &cp), 2);
	test_assert_int(cp, 0x80);
	test_assert_int(av_utf8_decode("\xdf\xbf", 2, &cp), 2);
	test_assert_int(cp, 0x7ff);
	test_assert_int(av_utf8_decode("\xe0\xa0\x80", 3, &cp), 3);
	test_assert_int(cp, 0x800);
	test_assert_int(av_utf8_decode("\xed\x9f\xbf", 3, &cp), 3);
	test_assert_int(cp, 0xd7ff);
	test_assert_int(av_utf8_decode("\xef\xbf\xbf", 3, &cp), 3);
	test_assert_int(cp, 0xffff);
	test_assert_int(av_utf8_decode("\xf0\x90\x80\x80", 4, &cp), 4);
	test_assert_int(cp, 0x10000);
	test_assert_int(av_utf8_decode("\xf4\x8f\xbf\xbf", 4, &cp), 4);
	test_assert_int(cp, 0x10ffff);
	test_assert_int(av_utf8_decode("ab", 2, &cp), 1); /* one character at a time */
	test_end();
}

static void
test_utf8_encode(void)
{
	static const uint32_t cps[] = {0,    0x41,   0x7f,    0x80,    0x7ff,	0x800,
				       0xe9, 0xffff, 0x10000, 0x1f600, 0x10ffff};
	struct av_buf b;
	char *s;

	test_begin("UTF-8 encode: round trip at every length edge");
	for (size_t i = 0; i < sizeof(cps) / sizeof(cps[0]); i++) {
		char out[4];
		uint32_t back = 0xffffffff;
		size_t n = av_utf8_encode(cps[i], out);

		test_assert_int(n, cps[i] < 0x80      ? 1
				   : cps[i] < 0x800   ? 2
				   : cps[i] < 0x10000 ? 3
						      : 4);
		test_assert_int(av_utf8_decode(out, n, &back), n);
		test_assert_int(back, cps[i]);
	}
	test_end();

	test_begin("UTF-8 append: to a buffer");
	av_buf_init(&b);
	av_utf8_append(&b, 'R');
	av_utf8_append(&b, 0xe9);
	av_utf8_append(&b, 0x1f600);
	s = av_buf_steal(&b);
	test_assert_str(s, "R\xc3\xa9\xf0\x9f\x98\x80");
	free(s);
	test_end();
}

static void
test_utf8_invalid_len(void)
{
	test_begin("UTF-8 maximal subparts: one U+FFFD per broken sequence");
	test_assert_int(av_utf8_invalid_len("a", 1), 0); /* valid */
	test_assert_int(av_utf8_invalid_len("\xc3\xa9", 2), 0);
	test_assert_int(av_utf8_invalid_len(NULL, 0), 0);
	test_assert_int(av_utf8_invalid_len("\x80", 1), 1);
	test_assert_int(av_utf8_invalid_len("\xc0\xaf", 2), 1); /* C0 never starts one */
	test_assert_int(av_utf8_invalid_len("\xe2\x82", 2), 2); /* truncated: both bytes */
	test_assert_int(av_utf8_invalid_len("\xe2\x82x", 3), 2);
	test_assert_int(av_utf8_invalid_len("\xf0\x9f\x98", 3), 3);
	test_assert_int(av_utf8_invalid_len("\xed\xa0\x80", 3), 1);	/* surrogate: lead alone */
	test_assert_int(av_utf8_invalid_len("\xe0\x80\x80", 3), 1);	/* overlong: lead alone */
	test_assert_int(av_utf8_invalid_len("\xf4\x90\x80\x80", 4), 1); /* U+110000 */
	test_assert_int(av_utf8_invalid_len("\xff\xfe", 2), 1);
	test_end();
}

static void
test_utf8_valid_and_cut(void)
{
	const char *s = "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"; /* a é € 😀: 1+2+3+4 bytes */

	test_begin("UTF-8 valid: empty, NUL, broken in the middle or at the end");
	test_assert(av_utf8_valid("", 0));
	test_assert(av_utf8_valid(NULL, 0));
	test_assert(av_utf8_valid("a\0b", 3));
	test_assert(av_utf8_valid(s, 10));
	test_assert(!av_utf8_valid(s, 9)); /* the emoji cut */
	test_assert(!av_utf8_valid("ok\xed\xa0\x80ok", 7));
	test_assert(!av_utf8_valid("\xf4\x90\x80\x80", 4));
	test_end();

	test_begin("UTF-8 cuts: on a character boundary, by characters");
	test_assert_int(av_utf8_boundary(s, 10, 100), 10);
	test_assert_int(av_utf8_boundary(s, 10, 10), 10);
	test_assert_int(av_utf8_boundary(s, 10, 9), 6); /* inside the emoji: before it */
	test_assert_int(av_utf8_boundary(s, 10, 6), 6);
	test_assert_int(av_utf8_boundary(s, 10, 2), 1); /* inside é */
	test_assert_int(av_utf8_boundary(s, 10, 0), 0);
	test_assert_int(av_utf8_boundary("\x80\x80\x80", 3, 2), 0); /* all continuation */
	test_assert_int(av_utf8_boundary("", 0, 5), 0);
	test_assert_int(av_utf8_prefix_chars(s, 10, 0), 0);
	test_assert_int(av_utf8_prefix_chars(s, 10, 2), 3);
	test_assert_int(av_utf8_prefix_chars(s, 10, 3), 6);
	test_assert_int(av_utf8_prefix_chars(s, 10, 4), 10);
	test_assert_int(av_utf8_prefix_chars(s, 10, 50), 10);
	test_assert_int(av_utf8_prefix_chars("\xff\xfe"
					     "ab",
					     4, 3),
			3); /* a bad byte is one */
	test_assert_int(av_utf8_prefix_chars("\xe2\x82", 2, 5), 2);
	test_assert_int(av_utf8_prefix_chars("", 0, 5), 0);
	test_end();
}

static void
test_fold_cp(void)
{
	test_begin("fold: ASCII and Latin-1, accents kept");
	test_assert_int(av_text_fold_cp('A'), 'a');
	test_assert_int(av_text_fold_cp('Z'), 'z');
	test_assert_int(av_text_fold_cp('a'), 'a');
	test_assert_int(av_text_fold_cp('@'), '@');
	test_assert_int(av_text_fold_cp('['), '[');
	test_assert_int(av_text_fold_cp(0xc9), 0xe9); /* É */
	test_assert_int(av_text_fold_cp(0xc0), 0xe0); /* À */
	test_assert_int(av_text_fold_cp(0xde), 0xfe); /* Þ */
	test_assert_int(av_text_fold_cp(0xd7), 0xd7); /* × is no letter */
	test_assert_int(av_text_fold_cp(0xdf), 0xdf); /* ß has no one-character capital */
	test_assert_int(av_text_fold_cp(0xe9), 0xe9);
	test_assert_int(av_text_fold_cp(0xb5), 0xb5);
	test_end();

	test_begin("fold: Latin Extended-A pairs, İ and ı alone, Ÿ to ÿ");
	test_assert_int(av_text_fold_cp(0x100), 0x101); /* Ā */
	test_assert_int(av_text_fold_cp(0x101), 0x101);
	test_assert_int(av_text_fold_cp(0x10c), 0x10d); /* Č */
	test_assert_int(av_text_fold_cp(0x130), 0x130); /* İ: its lower case is longer */
	test_assert_int(av_text_fold_cp(0x131), 0x131); /* ı */
	test_assert_int(av_text_fold_cp(0x139), 0x13a); /* Ĺ: odd pairs */
	test_assert_int(av_text_fold_cp(0x141), 0x142); /* Ł */
	test_assert_int(av_text_fold_cp(0x142), 0x142);
	test_assert_int(av_text_fold_cp(0x149), 0x149); /* ŉ */
	test_assert_int(av_text_fold_cp(0x150), 0x151); /* Ő */
	test_assert_int(av_text_fold_cp(0x178), 0xff);	/* Ÿ */
	test_assert_int(av_text_fold_cp(0x17d), 0x17e); /* Ž */
	test_assert_int(av_text_fold_cp(0x17f), 0x17f); /* ſ */
	test_end();

	test_begin("fold: Greek and Cyrillic capitals, nothing else");
	test_assert_int(av_text_fold_cp(0x391), 0x3b1); /* Α */
	test_assert_int(av_text_fold_cp(0x3a3), 0x3c3); /* Σ */
	test_assert_int(av_text_fold_cp(0x3a9), 0x3c9); /* Ω */
	test_assert_int(av_text_fold_cp(0x3ab), 0x3cb); /* Ϋ */
	test_assert_int(av_text_fold_cp(0x3a2), 0x3a2); /* unassigned */
	test_assert_int(av_text_fold_cp(0x3c3), 0x3c3);
	test_assert_int(av_text_fold_cp(0x410), 0x430); /* А */
	test_assert_int(av_text_fold_cp(0x42f), 0x44f); /* Я */
	test_assert_int(av_text_fold_cp(0x401), 0x451); /* Ё */
	test_assert_int(av_text_fold_cp(0x40f), 0x45f); /* Џ */
	test_assert_int(av_text_fold_cp(0x430), 0x430);
	test_assert_int(av_text_fold_cp(0x9762), 0x9762); /* 面 */
	test_assert_int(av_text_fold_cp(0x1f600), 0x1f600);
	test_assert_int(av_text_fold_cp(0x110000), 0x110000);
	test_assert(av_text_is_upper(0x3a3) && av_text_is_upper('Q') && av_text_is_upper(0x178));
	test_assert(!av_text_is_upper(0x3c3) && !av_text_is_upper('q') && !av_text_is_upper('1'));
	test_assert(!av_text_is_upper(0x130));
	test_end();

	test_begin("word characters: letters and digits, not punctuation");
	test_assert(av_text_is_word('a') && av_text_is_word('Z') && av_text_is_word('7'));
	test_assert(!av_text_is_word(' ') && !av_text_is_word('-') && !av_text_is_word('_'));
	test_assert(av_text_is_word(0xaa) && av_text_is_word(0xb5) && av_text_is_word(0xba));
	test_assert(!av_text_is_word(0xa0) && !av_text_is_word(0xab));
	test_assert(av_text_is_word(0xe9) && !av_text_is_word(0xd7) && !av_text_is_word(0xf7));
	test_assert(av_text_is_word(0x3c3) && av_text_is_word(0x9762));
	test_assert(!av_text_is_word(0x2019) && !av_text_is_word(0x3001));
	test_assert(!av_text_is_word(0xfeff) && !av_text_is_word(0xff0c));
	test_assert(!av_text_is_word(0x1f600));
	test_end();
}

static void
test_fold(void)
{
	char *s;

	test_begin("fold strings: same length, invalid bytes copied");
	s = av_text_fold("RENÉE Dubois", strlen("RENÉE Dubois"));
	test_assert_str(s, "renée dubois");
	free(s);
	s = av_text_fold("ΣΟΦΙΑ Παππά", strlen("ΣΟΦΙΑ Παππά"));
	test_assert_str(s, "σοφια παππά");
	free(s);
	s = av_text_fold("ŸVES İ", strlen("ŸVES İ"));
	test_assert_str(s, "ÿves İ");
	free(s);
	s = av_text_fold("A\xff"
			 "B\xc3",
			 4);
	test_assert(memcmp(s,
			   "a\xff"
			   "b\xc3",
			   5) == 0);
	free(s);
	s = av_text_fold("ABC", 2); /* only n bytes */
	test_assert_str(s, "ab");
	free(s);
	s = av_text_fold(NULL, 0);
	test_assert_str(s, "");
	free(s);
	test_end();

	test_begin("fold_eq: case-insensitive, lengths must match");
	test_assert(av_text_fold_eq("Jürgen", strlen("Jürgen"), "JÜRGEN", strlen("JÜRGEN")));
	test_assert(av_text_fold_eq("ΣΟΦΙΑ", strlen("ΣΟΦΙΑ"), "σοφια", strlen("σοφια")));
	test_assert(!av_text_fold_eq("Jurgen", 6, "Jürgen", strlen("Jürgen")));
	test_assert(!av_text_fold_eq("abc", 3, "abd", 3));
	test_assert(av_text_fold_eq("", 0, "", 0));
	test_assert(av_text_fold_eq("abX", 2, "ABY", 2));
	test_end();
}

static void
test_name_key(void)
{
	char k[64], k2[64];

	test_begin("name key: accents dropped, white space collapsed, Greek folded");
	test_assert(av_text_name_key("José Álvarez", strlen("José Álvarez"), k, sizeof(k)));
	test_assert(av_text_name_key("  jose\t\n alvarez ", 17, k2, sizeof(k2)));
	test_assert_str(k, "jose alvarez");
	test_assert_str(k2, "jose alvarez");
	test_assert(av_text_name_key("Æsa Þór Straße", strlen("Æsa Þór Straße"), k, sizeof(k)));
	test_assert_str(k, "aesa thor strasse");
	test_assert(av_text_name_key("Łukasz Ŵ", strlen("Łukasz Ŵ"), k, sizeof(k)));
	test_assert_str(k, "lukasz w");
	test_assert(av_text_name_key("O’Neil\xc2\xa0Smith", strlen("O’Neil\xc2\xa0Smith"), k,
				     sizeof(k)));
	test_assert_str(k, "o'neil smith");
	test_assert(av_text_name_key("ΣΟΦΙΑ", strlen("ΣΟΦΙΑ"), k, sizeof(k)));
	test_assert_str(k, "σοφια");
	test_assert(av_text_name_key("ИВАН", strlen("ИВАН"), k, sizeof(k)));
	test_assert_str(k, "иван");
	test_assert(av_text_name_key("a\xff"
				     "b\xc3",
				     4, k, sizeof(k))); /* invalid dropped */
	test_assert_str(k, "ab");
	test_assert(av_text_name_key("", 0, k, sizeof(k)));
	test_assert_str(k, "");
	test_assert(av_text_name_key("   ", 3, k, sizeof(k)));
	test_assert_str(k, "");
	/* a name keys as av_text_clean shows it: format characters gone, controls blanks */
	test_assert(av_text_name_key("Jos\xe2\x80\xae"
				     "e\x01\xc2\x85"
				     "Alvarez\xe2\x80\x8f",
				     20, k, sizeof(k)));
	test_assert(av_text_name_key("jose alvarez", 12, k2, sizeof(k2)));
	test_assert_str(k, k2);
	test_end();

	test_begin("name key: refuses what does not fit");
	test_assert(av_text_name_key("abc", 3, k, 4));
	test_assert_str(k, "abc");
	test_assert(!av_text_name_key("abcd", 4, k, 4));
	test_assert(!av_text_name_key("ß", 2, k, 2)); /* "ss" needs 3 bytes */
	test_assert(!av_text_name_key("a", 1, k, 0));
	test_assert(av_text_name_key("", 0, k, 1));
	test_end();
}

static void
test_ascii(void)
{
	char buf[] = "MiXeD ÉCase 42";
	char *d;

	test_begin("ASCII classes, whatever the locale");
	test_assert(av_ascii_lower('Q') == 'q' && av_ascii_lower('q') == 'q');
	test_assert(av_ascii_lower('@') == '@' && av_ascii_lower('[') == '[');
	test_assert(av_ascii_lower((char)0xc9) == (char)0xc9);
	test_assert(av_ascii_alpha('a') && av_ascii_alpha('Z') && !av_ascii_alpha('1'));
	test_assert(!av_ascii_alpha((char)0xe9) && !av_ascii_alpha('`') && !av_ascii_alpha('{'));
	test_assert(av_ascii_digit('0') && av_ascii_digit('9') && !av_ascii_digit('a'));
	test_assert(!av_ascii_digit('/') && !av_ascii_digit(':'));
	test_end();

	test_begin("ASCII compare: equal, prefix, find");
	test_assert(av_text_eq_ci("Jane@Example.COM", "jane@example.com"));
	test_assert(av_text_eq_ci("", ""));
	test_assert(!av_text_eq_ci("jane", "janet"));
	test_assert(!av_text_eq_ci("janet", "jane"));
	test_assert(!av_text_eq_ci("É", "é")); /* non-ASCII must be the same bytes */
	test_assert(av_text_starts_ci("Mailto:x", 8, "mailto:"));
	test_assert(av_text_starts_ci("MAILTO:x", 8, "MailTo:"));
	test_assert(!av_text_starts_ci("mailto:x", 6, "mailto:")); /* n too short */
	test_assert(av_text_starts_ci("anything", 8, ""));
	test_assert(av_text_starts_ci("", 0, ""));
	test_assert(!av_text_starts_ci("", 0, "a"));
	test_assert(av_text_starts_ci(" – x", strlen(" – x"), " – "));
	test_assert_str(av_text_find_ci("Interview with ACME Corp", "acme"), "ACME Corp");
	test_assert_str(av_text_find_ci("abc", ""), "abc");
	test_assert_str(av_text_find_ci("", "a"), NULL);
	test_assert_str(av_text_find_ci("Ab", "abc"), NULL);
	test_assert_str(av_text_find_ci("RENÉE", "renée"), NULL);
	test_assert_str(av_text_find_ci("aaab", "AAB"), "aab");
	test_end();

	test_begin("ASCII lower case in place and copied");
	av_text_lower(buf);
	test_assert_str(buf, "mixed Écase 42");
	d = av_text_lower_dup("Text/Calendar");
	test_assert_str(d, "text/calendar");
	free(d);
	d = av_text_lower_dup("");
	test_assert_str(d, "");
	free(d);
	test_end();
}

static void
test_space_and_controls(void)
{
	const char *s = "a \t\r\n\xc2\xa0\xe2\x80\xaf\xe2\x80\xa8";

	test_begin("white space units: ASCII, no-break, narrow no-break");
	test_assert_int(av_text_space_at(s, strlen(s), 0), 0);
	test_assert_int(av_text_space_at(s, strlen(s), 1), 1);
	test_assert_int(av_text_space_at(s, strlen(s), 2), 1);
	test_assert_int(av_text_space_at(s, strlen(s), 3), 1);
	test_assert_int(av_text_space_at(s, strlen(s), 4), 1);
	test_assert_int(av_text_space_at(s, strlen(s), 5), 2);
	test_assert_int(av_text_space_at(s, strlen(s), 7), 3);
	test_assert_int(av_text_space_at(s, strlen(s), 10), 0); /* U+2028 is no space here */
	test_assert_int(av_text_space_at(s, strlen(s), 100), 0);
	test_assert_int(av_text_space_at("\xc2\xa0", 1, 0), 0); /* cut by n */
	test_assert_int(av_text_space_at("\xe2\x80\xaf", 2, 0), 0);
	test_assert_int(av_text_space_at("\f", 1, 0), 0);
	test_end();

	test_begin("control characters and line breakers");
	test_assert(av_text_is_control(0) && av_text_is_control('\n') && av_text_is_control(0x1f));
	test_assert(av_text_is_control(0x7f) && av_text_is_control(0x80) &&
		    av_text_is_control(0x9f));
	test_assert(!av_text_is_control(' ') && !av_text_is_control(0x7e));
	test_assert(!av_text_is_control(0xa0) && !av_text_is_control(0x2028));
	test_assert(av_text_breaks_line('\r') && av_text_breaks_line(0x85));
	test_assert(av_text_breaks_line(0x2028) && av_text_breaks_line(0x2029));
	test_assert(!av_text_breaks_line(0x202e) && !av_text_breaks_line('a'));
	test_end();
}

static void
html(const char *in, const char *want)
{
	char *got = av_text_from_html(in, strlen(in));

	test_assert_str(got, want);
	free(got);
}

static void
test_html(void)
{
	test_begin("HTML: recognised by its tags, plain text left alone");
	test_assert(av_text_looks_html("a<br>b", 6));
	test_assert(av_text_looks_html("<P>x", 4));
	test_assert(av_text_looks_html("<p class=x>", 11));
	test_assert(av_text_looks_html("<LI>", 4));
	test_assert(av_text_looks_html("<DIV>", 5));
	test_assert(av_text_looks_html("x</b>", 5));
	test_assert(!av_text_looks_html("", 0));
	test_assert(!av_text_looks_html("a < b and <jane@example.com>", 28));
	test_assert(!av_text_looks_html("<pre>", 5));
	test_assert(!av_text_looks_html("<br", 2)); /* only len bytes */
	html("", NULL);
	html("Interviewers: Jane Doe, Sam Lee", NULL);
	html("a < b <jane@example.com>", NULL);
	test_end();

	test_begin("HTML: tags, block tags, list items");
	html("<p>Interviewers:</p><ul><li>Jane Doe</li><li>Sam Lee</li></ul>",
	     "\nInterviewers:\n\n\n- Jane Doe\n- Sam Lee\n");
	html("a<br/>b<BR>c<b>d</b>", "a\nb\ncd"); /* <b> is inline */
	html("<div><span style=\"x\">Hi</span></div>", "\nHi\n");
	html("<h2>T</h2><blockquote>q</blockquote><hr>", "\nT\n\nq\n\n");
	html("<table><tr><td>a</td></tr></table>", "\n\na\n\n");
	test_end();

	test_begin("HTML: entities, numeric ones checked");
	html("<br>Tom &amp; Jerry &AMP; &lt;x&gt; &quot;q&quot; &apos;s &#39;t",
	     "\nTom & Jerry & <x> \"q\" 's 't");
	html("<br>a&nbsp;b &rsquo;&lsquo;&ndash;&mdash;&bull;",
	     "\na b \xe2\x80\x99\xe2\x80\x98\xe2\x80\x93\xe2\x80\x94\xe2\x80\xa2");
	html("<br>&#233;&#xE9;&#Xe9;&#x1F600;", "\n\xc3\xa9\xc3\xa9\xc3\xa9\xf0\x9f\x98\x80");
	html("<br>&#0;&#x7f;&#xD800;&#x110000;&#31;", "\n&#0;&#x7f;&#xD800;&#x110000;&#31;");
	html("<br>&#233 &#; &#x; &bogus; & &", "\n&#233 &#; &#x; &bogus; & &");
	html("<br>&#12345678901;", "\n&#12345678901;"); /* too long to be one */
	html("<br>&", "\n&");
	html("<br>&#", "\n&#");
	test_end();

	test_begin("HTML: broken tags kept as text");
	html("<br>a < b", "\na < b");
	html("<br>< p>", "\n< p>");
	html("<br><p", "\n<p");					/* no '>' */
	html("<br><jane@example.com>", "\n<jane@example.com>"); /* an address */
	html("<br><verylongtagnameabc>x", "\n<verylongtagnameabc>x");
	html("<br><>", "\n<>");
	html("<br></>", "\n</>");
	html("<br><li", "\n<li");
	test_end();
}

static void
clean(const char *in, bool multiline, const char *want)
{
	char *got = av_text_clean(in, multiline);

	test_assert_str(got, want);
	free(got);
}

static void
test_clean(void)
{
	char s[64];

	test_begin("clean: controls become spaces, bidi overrides go, blanks collapse");
	clean(NULL, false, NULL);
	clean("", false, NULL);
	clean(" \t\r\n ", false, NULL);
	clean("  Jane \t Okafor ", false, "Jane Okafor");
	clean("Jane\r\nBcc: x@example.com", false, "Jane Bcc: x@example.com");
	clean("a\xe2\x80\xa8"
	      "b\xc2\x85"
	      "c\x7f"
	      "d",
	      false, "a b c d"); /* U+2028, NEL, DEL */
	clean("\xe2\x80\xae"
	      "evil\xe2\x81\xa6"
	      "x",
	      false, "evilx");				    /* RLO, LRI */
	clean("Tom\xe1s \xc3\xa9", false, "Toms \xc3\xa9"); /* bad UTF-8 dropped */
	clean("Jane  \n  Okafor \n\n", true, "Jane\nOkafor");
	clean("a\xe2\x80\xa9"
	      "b",
	      true, "a\nb");
	clean("\n\nx", true, "\n\nx");
	test_end();

	test_begin("clean: bidi marks, isolates and invisible format characters go");
	/* LRE PDF LRO RLE RLO, LRI RLI FSI PDI, LRM RLM ALM */
	clean("a\xe2\x80\xaa"
	      "b\xe2\x80\xac"
	      "c\xe2\x80\xad"
	      "d\xe2\x80\xab"
	      "e\xe2\x80\xae"
	      "f",
	      false, "abcdef");
	clean("\xe2\x81\xa6"
	      "a\xe2\x81\xa7"
	      "b\xe2\x81\xa8"
	      "c\xe2\x81\xa9"
	      "d\xe2\x80\x8e"
	      "e\xe2\x80\x8f"
	      "f\xd8\x9c"
	      "g",
	      false, "abcdefg");
	/* ZWSP, word joiner, BOM, soft hyphen, a tag, U+FFF9, U+1D173 */
	clean("J\xe2\x80\x8b"
	      "a\xe2\x81\xa0"
	      "n\xef\xbb\xbf"
	      "e\xc2\xad"
	      "t\xf3\xa0\x80\x81"
	      "x\xef\xbf\xb9"
	      "y\xf0\x9d\x85\xb3"
	      "z",
	      false, "Janetxyz");
	/* kept: ZWNJ in Persian, ZWJ in an emoji, a visible Cf sign, text around an RLO */
	clean("\xd9\x85\xdb\x8c\xe2\x80\x8c\xd8\xb1\xd9\x88\xd9\x85", false,
	      "\xd9\x85\xdb\x8c\xe2\x80\x8c\xd8\xb1\xd9\x88\xd9\x85");
	clean("\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb", false,
	      "\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb");
	clean("\xd8\x80"
	      "1",
	      false,
	      "\xd8\x80"
	      "1");
	clean("Renee \xe2\x80\xae"
	      "reganaM gnirih",
	      false, "Renee reganaM gnirih");
	test_assert(av_text_is_format(0x202e) && av_text_is_format(0x2066) &&
		    av_text_is_format(0x200e) && av_text_is_format(0xe007f));
	test_assert(!av_text_is_format(0x200c) && !av_text_is_format(0x200d) &&
		    !av_text_is_format('a') && !av_text_is_format(0x2028) &&
		    !av_text_is_format(0xe0080) && !av_text_is_format(0x2065));
	test_end();

	test_begin("cut, strip, words: the small helpers of the message");
	strcpy(s, "ab\xc3\xa9"
		  "cd");
	av_text_cut_chars(s, 3);
	test_assert_str(s, "ab\xc3\xa9");
	strcpy(s, "ab cd");
	av_text_cut_chars(s, 3);
	test_assert_str(s, "ab");
	av_text_cut_chars(s, 0);
	test_assert_str(s, "");
	strcpy(s, "done.;, ");
	av_text_strip_trailing(s, ".;, ");
	test_assert_str(s, "done");
	strcpy(s, "...");
	av_text_strip_trailing(s, ".");
	test_assert_str(s, "");
	test_assert(av_text_in_words("lead", "engineer lead vp"));
	test_assert(av_text_in_words("vp", "engineer lead vp"));
	test_assert(av_text_in_words("engineer", "engineer lead vp"));
	test_assert(!av_text_in_words("ead", "engineer lead vp"));
	test_assert(!av_text_in_words("", "engineer lead vp"));
	test_assert(!av_text_in_words("Lead", "engineer lead vp"));
	test_end();
}

int
main(void)
{
	test_utf8_decode();
	test_utf8_encode();
	test_utf8_invalid_len();
	test_utf8_valid_and_cut();
	test_fold_cp();
	test_fold();
	test_name_key();
	test_ascii();
	test_space_and_controls();
	test_html();
	test_clean();
	return test_exit();
}
