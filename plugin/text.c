/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "afterview/text.h"

/* ---- UTF-8 ----------------------------------------------------------------------------- */

/* One decoder for both questions: the sequence's length with *cp_r, or 0 with *bad_r set
 * to its maximal subpart. The second byte's range carries the overlong, surrogate and
 * U+10FFFF checks (RFC 3629 4), so a prefix is valid exactly while it is in range. */
static size_t
decode(const unsigned char *s, size_t n, uint32_t *cp_r, size_t *bad_r)
{
	unsigned char lo = 0x80, hi = 0xbf;
	uint32_t cp;
	size_t need;

	if (s[0] < 0x80) {
		*cp_r = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		need = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		need = 3;
		cp = s[0] & 0x0f;
		if (s[0] == 0xe0)
			lo = 0xa0;
		else if (s[0] == 0xed)
			hi = 0x9f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		need = 4;
		cp = s[0] & 0x07;
		if (s[0] == 0xf0)
			lo = 0x90;
		else if (s[0] == 0xf4)
			hi = 0x8f;
	} else {
		*bad_r = 1;
		return 0;
	}
	for (size_t i = 1; i < need; i++) {
		if (i >= n || s[i] < lo || s[i] > hi) {
			*bad_r = i;
			return 0;
		}
		cp = (cp << 6) | (s[i] & 0x3f);
		lo = 0x80;
		hi = 0xbf;
	}
	*cp_r = cp;
	return need;
}

size_t
av_utf8_decode(const char *s, size_t n, uint32_t *cp_r)
{
	uint32_t cp;
	size_t bad, len;

	if (n == 0)
		return 0;
	len = decode((const unsigned char *)s, n, &cp, &bad);
	if (len > 0)
		*cp_r = cp;
	return len;
}

size_t
av_utf8_invalid_len(const char *s, size_t n)
{
	uint32_t cp;
	size_t bad = 0;

	if (n == 0 || decode((const unsigned char *)s, n, &cp, &bad) > 0)
		return 0;
	return bad;
}

size_t
av_utf8_encode(uint32_t c, char out[4])
{
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xc0 | (c >> 6));
		out[1] = (char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (char)(0xe0 | (c >> 12));
		out[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		out[2] = (char)(0x80 | (c & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (c >> 18));
	out[1] = (char)(0x80 | ((c >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((c >> 6) & 0x3f));
	out[3] = (char)(0x80 | (c & 0x3f));
	return 4;
}

void
av_utf8_append(struct av_buf *b, uint32_t cp)
{
	char enc[4];

	av_buf_append(b, enc, av_utf8_encode(cp, enc));
}

bool
av_utf8_valid(const char *s, size_t len)
{
	uint32_t cp;

	for (size_t i = 0, n; i < len; i += n)
		if ((n = av_utf8_decode(s + i, len - i, &cp)) == 0)
			return false;
	return true;
}

size_t
av_utf8_boundary(const char *s, size_t len, size_t max)
{
	size_t n = max;

	if (max >= len)
		return len;
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	return n;
}

size_t
av_utf8_prefix_chars(const char *s, size_t len, size_t max_chars)
{
	size_t i = 0, chars = 0;
	uint32_t cp;

	while (i < len && chars < max_chars) {
		size_t n = av_utf8_decode(s + i, len - i, &cp);

		i += n > 0 ? n : 1;
		chars++;
	}
	return i;
}

/* ---- case folding ---------------------------------------------------------------------- */

uint32_t
av_text_fold_cp(uint32_t c)
{
	if (c >= 'A' && c <= 'Z')
		return c + 32;
	if (c < 0xc0)
		return c;
	if (c <= 0xde)
		return c == 0xd7 ? c : c + 0x20;
	/* Latin Extended-A pairs capital and small letter as even/odd code points, except in
	 * U+0139-U+0148 and U+0179-U+017E where a pair starts on an odd one; U+0130 İ and
	 * U+0131 ı do not pair up (0x131 | 1 is itself), U+0178 Ÿ pairs with U+00FF */
	if (c >= 0x100 && c <= 0x137 && c != 0x130)
		return c | 1;
	if (c >= 0x139 && c <= 0x148)
		return (c & 1) ? c + 1 : c;
	if (c >= 0x14a && c <= 0x177)
		return c | 1;
	if (c == 0x178)
		return 0xff;
	if (c >= 0x179 && c <= 0x17e)
		return (c & 1) ? c + 1 : c;
	if (c >= 0x391 && c <= 0x3ab && c != 0x3a2) /* Greek; U+03A2 is unassigned */
		return c + 0x20;
	if (c >= 0x410 && c <= 0x42f)
		return c + 0x20;
	if (c >= 0x400 && c <= 0x40f)
		return c + 0x50;
	return c;
}

bool
av_text_is_upper(uint32_t c)
{
	return av_text_fold_cp(c) != c;
}

/* Precise enough for word boundaries and needs no tables. */
bool
av_text_is_word(uint32_t c)
{
	if (c < 0x80)
		return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
	if (c < 0xc0)
		return c == 0xaa || c == 0xb5 || c == 0xba;
	if (c == 0xd7 || c == 0xf7)
		return false;
	if (c >= 0x2000 && c <= 0x2bff) /* punctuation, symbols, arrows, box drawing */
		return false;
	if (c >= 0x3000 && c <= 0x303f) /* CJK punctuation */
		return false;
	if (c == 0xfeff || (c >= 0xff00 && c <= 0xff0f) || c >= 0x1f000)
		return false;
	return true;
}

char *
av_text_fold(const char *s, size_t n)
{
	char *out = av_malloc(n + 1);
	size_t i = 0;

	while (i < n) {
		uint32_t c;
		size_t len = av_utf8_decode(s + i, n - i, &c);

		if (len == 0) {
			out[i] = s[i];
			i++;
		} else {
			char enc[4];

			/* every mapping keeps the length; the check keeps offsets true if one
			 * ever did not */
			if (av_utf8_encode(av_text_fold_cp(c), enc) == len)
				memcpy(out + i, enc, len);
			else
				memcpy(out + i, s + i, len);
			i += len;
		}
	}
	out[n] = '\0';
	return out;
}

bool
av_text_fold_eq(const char *a, size_t alen, const char *b, size_t blen)
{
	char *fa, *fb;
	size_t i = 0;
	bool eq;

	if (alen != blen)
		return false;
	/* addresses are ASCII nearly always, and compared by the million: no copies while
	 * both sides are ASCII (which folds to ASCII, one byte for one) */
	for (; i < alen; i++) {
		unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];

		if (x >= 0x80 || y >= 0x80)
			break;
		if (av_ascii_lower((char)x) != av_ascii_lower((char)y))
			return false;
	}
	if (i == alen)
		return true;
	fa = av_text_fold(a + i, alen - i);
	fb = av_text_fold(b + i, blen - i);
	eq = memcmp(fa, fb, alen - i) == 0;
	free(fa);
	free(fb);
	return eq;
}

/* Base letters of U+00C0..U+00FF; NULL: not a letter. */
static const char *const latin1_base[64] = {
	"a", "a", "a", "a", "a", "a", "ae", "c",  "e", "e", "e", "e", "i", "i", "i",  "i",
	"d", "n", "o", "o", "o", "o", "o",  NULL, "o", "u", "u", "u", "u", "y", "th", "ss",
	"a", "a", "a", "a", "a", "a", "ae", "c",  "e", "e", "e", "e", "i", "i", "i",  "i",
	"d", "n", "o", "o", "o", "o", "o",  NULL, "o", "u", "u", "u", "u", "y", "th", "y"};
/* Base letters of U+0100..U+017F (Latin Extended-A). */
static const char latin_ext_a_base[] = "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii"
				       "iijjkkkllllllllllnnnnnnnnnoooooooorrrrrrssssssss"
				       "ttttttuuuuuuuuuuuuwwyyyzzzzzzs";
_Static_assert(sizeof(latin_ext_a_base) == 129, "one base letter per code point");

bool
av_text_name_key(const char *s, size_t n, char *out, size_t outsize)
{
	size_t o = 0, i = 0;
	bool space = false;

	if (outsize == 0)
		return false;
	while (i < n) {
		uint32_t c;
		size_t len = av_utf8_decode(s + i, n - i, &c);
		char enc[4];
		const char *rep = NULL;
		size_t rlen = 0;

		if (len == 0) {
			i++;
			continue;
		}
		i += len;
		if (c == ' ' || c == 0xa0 || av_text_breaks_line(c)) {
			space = o > 0;
			continue;
		}
		if (av_text_is_format(c))
			continue;
		c = av_text_fold_cp(c);
		if (c >= 0xc0 && c <= 0xff && latin1_base[c - 0xc0] != NULL) {
			rep = latin1_base[c - 0xc0];
			rlen = strlen(rep);
		} else if (c >= 0x100 && c <= 0x17f) {
			rep = &latin_ext_a_base[c - 0x100];
			rlen = 1;
		} else if (c == 0x2019) { /* ’ compares as ' */
			rep = "'";
			rlen = 1;
		} else {
			rlen = av_utf8_encode(c, enc);
			rep = enc;
		}
		if (o + (space ? 1 : 0) + rlen + 1 > outsize)
			return false;
		if (space)
			out[o++] = ' ';
		space = false;
		memcpy(out + o, rep, rlen);
		o += rlen;
	}
	out[o] = '\0';
	return true;
}

/* ---- ASCII ----------------------------------------------------------------------------- */

bool
av_text_eq_ci(const char *a, const char *b)
{
	while (*a != '\0' && av_ascii_lower(*a) == av_ascii_lower(*b)) {
		a++;
		b++;
	}
	return *a == '\0' && *b == '\0';
}

bool
av_text_starts_ci(const char *s, size_t n, const char *prefix)
{
	size_t pl = strlen(prefix);

	if (n < pl)
		return false;
	for (size_t i = 0; i < pl; i++)
		if (av_ascii_lower(s[i]) != av_ascii_lower(prefix[i]))
			return false;
	return true;
}

const char *
av_text_find_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	if (n == 0)
		return hay;
	for (; *hay != '\0'; hay++) {
		size_t i = 0;

		while (i < n && hay[i] != '\0' &&
		       av_ascii_lower(hay[i]) == av_ascii_lower(needle[i]))
			i++;
		if (i == n)
			return hay;
	}
	return NULL;
}

void
av_text_lower(char *s)
{
	for (; *s != '\0'; s++)
		*s = av_ascii_lower(*s);
}

char *
av_text_lower_dup(const char *s)
{
	char *d = av_strdup(s);

	av_text_lower(d);
	return d;
}

/* ---- white space and control characters ------------------------------------------------ */

size_t
av_text_space_at(const char *s, size_t n, size_t i)
{
	if (i >= n)
		return 0;
	if (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')
		return 1;
	if (i + 1 < n && (unsigned char)s[i] == 0xc2 && (unsigned char)s[i + 1] == 0xa0)
		return 2;
	if (i + 2 < n && memcmp(s + i, "\xe2\x80\xaf", 3) == 0)
		return 3;
	return 0;
}

bool
av_text_is_control(uint32_t cp)
{
	return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0);
}

bool
av_text_breaks_line(uint32_t cp)
{
	return av_text_is_control(cp) || cp == 0x2028 || cp == 0x2029;
}

bool
av_text_is_format(uint32_t cp)
{
	return cp == 0xad || cp == 0x61c || cp == 0x180e || cp == 0x200b || cp == 0x200e ||
	       cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x2064) ||
	       (cp >= 0x2066 && cp <= 0x206f) || cp == 0xfeff || (cp >= 0xfff9 && cp <= 0xfffb) ||
	       (cp >= 0x1d173 && cp <= 0x1d17a) || cp == 0xe0001 ||
	       (cp >= 0xe0020 && cp <= 0xe007f);
}

/* ---- HTML ------------------------------------------------------------------------------ */

bool
av_text_looks_html(const char *s, size_t len)
{
	static const char *const marks[] = {"<br", "<p>", "<p ", "<li", "<div", "</", NULL};

	for (size_t i = 0; i < len; i++) {
		if (s[i] != '<')
			continue;
		for (size_t k = 0; marks[k] != NULL; k++)
			if (av_text_starts_ci(s + i, len - i, marks[k]))
				return true;
	}
	return false;
}

/* A numeric character reference after "&#" at s[i] (i points at '&'): its length
 * consumed with *cp_r, or 0 when it is none or names a code point that would not be
 * text. */
static size_t
numeric_entity(const char *s, size_t len, size_t i, uint32_t *cp_r)
{
	size_t j = i + 2;
	unsigned long cp = 0;
	bool hex = j < len && (s[j] == 'x' || s[j] == 'X');

	if (hex)
		j++;
	while (j < len && j - i < 10 &&
	       (av_ascii_digit(s[j]) || (hex && strchr("abcdefABCDEF", s[j]) != NULL))) {
		char c = av_ascii_lower(s[j]);

		cp = cp * (hex ? 16 : 10) +
		     (unsigned long)(av_ascii_digit(c) ? c - '0' : c - 'a' + 10);
		j++;
	}
	if (j < len && s[j] == ';' && cp >= 0x20 && cp <= 0x10ffff &&
	    !(cp >= 0xd800 && cp <= 0xdfff) && cp != 0x7f) {
		*cp_r = (uint32_t)cp;
		return j + 1 - i;
	}
	return 0;
}

char *
av_text_from_html(const char *s, size_t len)
{
	static const char *const block[] = {"br",    "p",  "div",	 "tr", "ul", "ol",
					    "table", "hr", "h1",	 "h2", "h3", "h4",
					    "h5",    "h6", "blockquote", NULL};
	static const struct {
		const char *name;
		const char *text;
	} entities[] = {
		{"amp;", "&"},
		{"lt;", "<"},
		{"gt;", ">"},
		{"quot;", "\""},
		{"apos;", "'"},
		{"#39;", "'"},
		{"nbsp;", " "},
		{"rsquo;", "\xe2\x80\x99"},
		{"lsquo;", "\xe2\x80\x98"},
		{"ndash;", "\xe2\x80\x93"},
		{"mdash;", "\xe2\x80\x94"},
		{"bull;", "\xe2\x80\xa2"},
	};
	struct av_buf b;
	size_t i = 0;

	if (!av_text_looks_html(s, len))
		return NULL;
	av_buf_init(&b);
	while (i < len) {
		if (s[i] == '<') {
			size_t j = i + 1, name_start, name_len;
			const char *gt;
			bool closing = false;
			char name[16];

			if (j < len && s[j] == '/') {
				closing = true;
				j++;
			}
			name_start = j;
			while (j < len && (av_ascii_alpha(s[j]) || av_ascii_digit(s[j])))
				j++;
			name_len = j - name_start;
			gt = memchr(s + j, '>', len - j < 1000 ? len - j : 1000);
			if (name_len == 0 || name_len >= sizeof(name) || gt == NULL ||
			    memchr(s + i, '@', (size_t)(gt - (s + i))) != NULL) {
				av_buf_append(&b, "<", 1);
				i++;
				continue;
			}
			for (size_t k = 0; k < name_len; k++)
				name[k] = av_ascii_lower(s[name_start + k]);
			name[name_len] = '\0';
			if (strcmp(name, "li") == 0 && !closing) {
				av_buf_puts(&b, "\n- ");
			} else {
				for (size_t k = 0; block[k] != NULL; k++)
					if (strcmp(name, block[k]) == 0)
						av_buf_append(&b, "\n", 1);
			}
			i = (size_t)(gt - s) + 1;
			continue;
		}
		if (s[i] == '&') {
			bool done = false;
			uint32_t cp;
			size_t n;

			for (size_t k = 0; k < sizeof(entities) / sizeof(entities[0]); k++) {
				if (av_text_starts_ci(s + i + 1, len - i - 1, entities[k].name)) {
					av_buf_puts(&b, entities[k].text);
					i += 1 + strlen(entities[k].name);
					done = true;
					break;
				}
			}
			if (!done && i + 2 < len && s[i + 1] == '#' &&
			    (n = numeric_entity(s, len, i, &cp)) > 0) {
				av_utf8_append(&b, cp);
				i += n;
				done = true;
			}
			if (done)
				continue;
		}
		av_buf_append(&b, s + i, 1);
		i++;
	}
	return av_buf_steal(&b);
}

/* ---- text for a message --------------------------------------------------------------- */

/* Control characters become white space rather than vanish, so that "\r\nBcc:" can never
 * start a header line and words never run together; bidi overrides and other invisible
 * format characters go because they can make a name display as something else. */
char *
av_text_clean(const char *s, bool multiline)
{
	struct av_buf b;
	size_t len, i = 0;
	bool space = false;

	if (s == NULL)
		return NULL;
	len = strlen(s);
	av_buf_init(&b);
	while (i < len) {
		uint32_t cp;
		size_t n = av_utf8_decode(s + i, len - i, &cp);

		if (n == 0) {
			i++;
			continue;
		}
		if (multiline && (cp == '\n' || cp == 0x2028 || cp == 0x2029)) {
			while (b.len > 0 && b.data[b.len - 1] == ' ')
				b.data[--b.len] = '\0';
			av_buf_append(&b, "\n", 1);
			space = false;
		} else if (av_text_breaks_line(cp)) {
			space = true;
		} else if (av_text_is_format(cp)) {
			/* dropped */
		} else if (cp == ' ') {
			space = true;
		} else {
			bool line_start = b.len == 0 || b.data[b.len - 1] == '\n';

			if (space && !line_start)
				av_buf_append(&b, " ", 1);
			space = false;
			av_buf_append(&b, s + i, n);
		}
		i += n;
	}
	while (b.len > 0 && (b.data[b.len - 1] == ' ' || b.data[b.len - 1] == '\n'))
		b.data[--b.len] = '\0';
	if (b.len == 0) {
		av_buf_clear(&b);
		return NULL;
	}
	return av_buf_steal(&b);
}

size_t
av_utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

void
av_text_cut_chars(char *s, size_t max)
{
	size_t i = av_utf8_prefix_chars(s, strlen(s), max);

	s[i] = '\0';
	while (i > 0 && s[i - 1] == ' ')
		s[--i] = '\0';
}

void
av_text_strip_trailing(char *s, const char *set)
{
	size_t len = strlen(s);

	while (len > 0 && strchr(set, s[len - 1]) != NULL)
		s[--len] = '\0';
}

bool
av_text_in_words(const char *word, const char *list)
{
	size_t n = strlen(word);

	if (n == 0)
		return false;
	for (const char *p = list; (p = strstr(p, word)) != NULL; p++)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return true;
	return false;
}
