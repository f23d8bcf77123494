/* SPDX-License-Identifier: GPL-3.0-or-later */
/* afterview — text primitives: UTF-8, case folding, ASCII comparisons, white space and
 * control characters, HTML to text. Pure logic: libc only. Every module that reads or
 * compares text uses these, so that one name compares the same everywhere. No function
 * here fails.
 */
#ifndef AFTERVIEW_TEXT_H
#define AFTERVIEW_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "afterview/util.h"

/* ---- UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF) ---- */

/* The length (1-4) of the valid sequence at s (n bytes available) with *cp_r set; 0 when
 * it is invalid, truncated, or n is 0 (*cp_r untouched then). s may be NULL when n is 0. */
size_t av_utf8_decode(const char *s, size_t n, uint32_t *cp_r);

/* At an invalid sequence: how many bytes one U+FFFD stands for (its longest prefix that
 * could still have become valid, at least 1 — Unicode's "maximal subpart"). 0 when the
 * sequence at s is valid or n is 0. */
size_t av_utf8_invalid_len(const char *s, size_t n);

/* Write cp (at most U+10FFFF) to out; returns its length (1-4). Surrogates are not
 * refused here: callers that take code points from outside check them first. */
size_t av_utf8_encode(uint32_t cp, char out[4]);

/* Append cp as UTF-8 to b (as av_utf8_encode). */
void av_utf8_append(struct av_buf *b, uint32_t cp);

/* Whether s[0..len) is all valid UTF-8 (true for len 0). */
bool av_utf8_valid(const char *s, size_t len);

/* The largest cut n <= max that does not fall inside a character of s (len bytes): len
 * when max >= len, else max moved back over continuation bytes. */
size_t av_utf8_boundary(const char *s, size_t len, size_t max);

/* The bytes of s[0..len) that its first max_chars characters take; an invalid byte
 * counts as one character. */
size_t av_utf8_prefix_chars(const char *s, size_t len, size_t max_chars);
/* The number of characters (code points) in valid UTF-8 s: what a client shows as
 * columns for the scripts afterview writes. */
size_t av_utf8_chars(const char *s);

/* ---- case folding -------------------------------------------------------------------- */

/* Lower case of one code point for the scripts names and job-hunt mail are mostly
 * written in: ASCII, the Latin-1 Supplement, Latin Extended-A, Greek (U+0391-U+03AB)
 * and basic Cyrillic (U+0400-U+042F). Accents are kept ("É" -> "é"). Every mapping
 * keeps the UTF-8 length; U+0130 İ (whose lower case is longer) and U+0131 ı stay as
 * they are. Anything else is returned unchanged. */
uint32_t av_text_fold_cp(uint32_t c);

/* av_text_fold_cp changes c. */
bool av_text_is_upper(uint32_t c);

/* A letter or digit, for word boundaries: ASCII letters and digits, ª µ º, and any code
 * point above U+00BF outside the punctuation and symbol blocks (× ÷, U+2000-U+2BFF,
 * CJK punctuation, BOM, fullwidth punctuation, emoji and beyond U+1F000). */
bool av_text_is_word(uint32_t c);

/* A malloc'd folded copy of s[0..n) (av_text_fold_cp), exactly n bytes long, so offsets
 * in it are offsets in s; invalid bytes are copied. s may be NULL when n is 0. */
char *av_text_fold(const char *s, size_t n);

/* a[0..alen) and b[0..blen) are equal once folded. */
bool av_text_fold_eq(const char *a, size_t alen, const char *b, size_t blen);

/* A comparison key for names and short words: folded, accents dropped ("José Álvarez"
 * and "jose alvarez" are one key: the Latin-1 and Latin Extended-A letters become their
 * base letters, "æ" "ae", "ß" "ss", "þ" "th"), ’ read as ', white space (incl. U+00A0)
 * collapsed to one space, the ends trimmed, invalid bytes and invisible format
 * characters (av_text_is_format) dropped, control characters and line separators read
 * as white space: a name keys as av_text_clean shows it. Written to out
 * (outsize bytes, NUL-terminated); false when it does not fit (out is then unusable). */
bool av_text_name_key(const char *s, size_t n, char *out, size_t outsize);

/* ---- ASCII, whatever the locale (protocol and header text) ---------------------------- */

static inline char
av_ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c + ('a' - 'A')) : c;
}

static inline bool
av_ascii_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static inline bool
av_ascii_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* a and b (NUL-terminated, not NULL) are equal ignoring ASCII case; other bytes must be
 * the same. */
bool av_text_eq_ci(const char *a, const char *b);

/* s[0..n) starts with prefix, ignoring ASCII case. An empty prefix always does. */
bool av_text_starts_ci(const char *s, size_t n, const char *prefix);

/* The first place in hay where needle occurs ignoring ASCII case (non-ASCII bytes must
 * match exactly); hay itself for an empty needle; NULL when none. */
const char *av_text_find_ci(const char *hay, const char *needle);

/* Lower-case the ASCII letters of s in place / in a malloc'd copy. */
void av_text_lower(char *s);
char *av_text_lower_dup(const char *s);

/* ---- white space and control characters ----------------------------------------------- */

/* The bytes of the white space at s[i] (s is n bytes): 1 for space, tab, CR, LF; 2 for
 * U+00A0; 3 for U+202F (French puts one before ':'); 0 when none (or i >= n). */
size_t av_text_space_at(const char *s, size_t n, size_t i);

/* A control character: C0, DEL or C1. */
bool av_text_is_control(uint32_t cp);

/* What must never reach a header or a single line: a control character or one of the
 * Unicode line separators U+2028, U+2029. */
bool av_text_breaks_line(uint32_t cp);

/* An invisible format character (Unicode category Cf) that can change how text around it
 * displays or hide in it: the bidi embeddings, overrides and isolates (U+202A-U+202E,
 * U+2066-U+2069), the marks U+200E, U+200F and U+061C, U+206A-U+206F, zero-width space
 * U+200B, word joiner and invisible operators U+2060-U+2064, U+FEFF, soft hyphen U+00AD,
 * U+180E, the interlinear annotations U+FFF9-U+FFFB, musical format marks
 * U+1D173-U+1D17A and the tags U+E0001, U+E0020-U+E007F. Not the zero-width (non-)joiners
 * U+200C, U+200D, which spell words in Persian and Indic scripts and join emoji, nor the
 * visible Cf signs (U+0600-U+0605, U+06DD, U+070F, U+08E2, U+110BD). */
bool av_text_is_format(uint32_t cp);

/* ---- HTML ----------------------------------------------------------------------------- */

/* s[0..len) holds an HTML tag calendar clients put in descriptions (<br, <p>, <p ,
 * <li, <div, </), ignoring case. */
bool av_text_looks_html(const char *s, size_t len);

/* Plain text from the HTML in s[0..len) (malloc'd), or NULL when it does not look like
 * HTML (av_text_looks_html). Tags go, block tags (br, p, div, tr, ul, ol, table, hr,
 * h1-h6, blockquote) become a line break and <li> "\n- "; the common named entities and
 * numeric ones (&#233; &#xE9;) are decoded, except C0 controls, DEL, surrogates and
 * values beyond U+10FFFF, which stay as written; a '<' that starts no tag (no name, no '>'
 * within 1000 bytes, or an '@' before the '>': <jane@example.com>) is kept as text. */
char *av_text_from_html(const char *s, size_t len);

/* ---- text for a message --------------------------------------------------------------- */

/* Text from an invite, the notes or the config made safe for a header or a body line
 * (malloc'd): invalid UTF-8 is dropped; C0 and C1 controls, DEL and the Unicode line
 * separators become white space; invisible format characters (av_text_is_format: bidi
 * overrides, isolates and marks among them) are dropped; white space collapses to one
 * space and the ends are trimmed. With multiline
 * (signatures), LF (and U+2028, U+2029) survive as LF and each line is trimmed at its
 * end. NULL stays NULL; an empty result is NULL. */
char *av_text_clean(const char *s, bool multiline);

/* Cut valid UTF-8 s in place after max characters (never inside one), then remove
 * trailing spaces. */
void av_text_cut_chars(char *s, size_t max);

/* Remove, in place, the trailing bytes of s found in set (ASCII). */
void av_text_strip_trailing(char *s, const char *set);

/* Is word one of the space-separated words of list (exact bytes)? Never for "". */
bool av_text_in_words(const char *word, const char *list);

#endif
