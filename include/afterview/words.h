/* SPDX-License-Identifier: GPL-3.0-or-later */
/* afterview — the word lists (interview words, negative cues, recruiting systems, thanks
 * words) and the matcher that finds their entries in free text. Pure logic: libc only,
 * no I/O beyond reading word-list files. Errors: av_words_load returns AV_ERR_CONFIG (a
 * word-list file of the person's is bad or unreadable); nothing else here fails.
 * av_words_free follows util.h's destructor rule.
 *
 * Matching. Text and entries are folded to lower case (av_text_fold, which keeps the
 * UTF-8 length, so offsets in folded text are offsets in the original). An entry matches
 * on word boundaries: "panel" does not match "panelling". Compounds are the exception
 * languages need (German "Vorstellungsgesprächstermin", Japanese "一次面接"), so an entry
 * may start and/or end with '*' to let the word run on into its neighbours on that side:
 * "vorstellungsgespräch*" matches "Vorstellungsgesprächs" and "…gesprächstermin". A space
 * in an entry matches any run of white space (line breaks, no-break spaces), an
 * apostrophe matches ' and ’, a hyphen matches '-' and U+2010/U+2011.
 *
 * Word lists are NULL-terminated arrays of folded UTF-8 entries as above.
 */
#ifndef AFTERVIEW_WORDS_H
#define AFTERVIEW_WORDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "afterview/util.h"

struct av_words_pat;

struct av_wordlists {
	char **interview; /* owned: "interview", "phone screen", "vorstellungsgespräch*" */
	char **negative;  /* owned: "mock interview", "webinar", "newsletter" */
	char **recruiting_domains; /* owned: "greenhouse.io", "lever.co" (suffix match) */
	char **thanks;		   /* owned: "thank you", "danke*", "merci" (used by match.c) */
	/* interview and negative as av_words_compile gives them, made once by av_words_load
	 * for the scorer (detect.c), which matches them against every invite: owned,
	 * borrowing the entries above */
	struct av_words_pat *interview_pats, *negative_pats;
	size_t n_interview_pats, n_negative_pats;
};

/* The built-in lists, each replaced by a file (one entry per line, '#' comments, blank
 * lines and duplicates skipped, at most 200 bytes a line and 5000 entries a file) when
 * its path is not NULL; recruiting_domains is always the built-in list. On success
 * *lists_r is owned by the caller (av_words_free). On a bad or unreadable file
 * AV_ERR_CONFIG, *lists_r = NULL and *error_r lists every problem found, one per line,
 * as "file:line: message" (or "file: cannot open: …"). */
enum av_err av_words_load(const char *interview_file, const char *negative_file,
			  const char *thanks_file, struct av_wordlists **lists_r, char **error_r);
/* lists itself may be NULL too. */
void av_words_free(struct av_wordlists **lists);

/* The first entry of words (a list from av_words_load, e.g. lists->thanks) found in text
 * (any case, not yet folded); NULL if none or either is NULL. Returns a pointer into
 * words. For match.c: "does this sent message say thanks?". */
const char *av_words_find(const char *text, char *const *words);

/* ---- the matcher, for the scorer (detect.c) and the interviewer finder -------------- */

/* One entry prepared for matching. Points into the entry, which must outlive it. */
struct av_words_pat {
	const char *entry; /* the list entry (borrowed) */
	const char *core;  /* the entry without its '*': core_len bytes, not NUL-terminated */
	size_t core_len;
	bool lead, trail;	   /* '*' at the start / end */
	bool word_start, word_end; /* the core begins / ends with a letter or digit */
};

/* A match: folded text [start, end), widened over the compound a '*' lets it run into. */
struct av_words_span {
	size_t start, end;
};

/* Prepare entry (not NULL) for av_words_pat_find. */
void av_words_pat_init(struct av_words_pat *p, const char *entry);

/* Patterns for a NULL-terminated list (NULL: none), longest core first (the order of
 * cores of equal length is not specified); *n_r is their number. The array is the
 * caller's to free() (never NULL); it borrows the entries. */
struct av_words_pat *av_words_compile(const char *const *words, size_t *n_r);

/* The first occurrence of p in folded text t[0..tlen) that overlaps none of
 * taken[0..n_taken) (taken may be NULL when n_taken is 0): true and *span_r set, or
 * false. */
bool av_words_pat_find(const struct av_words_pat *p, const char *t, size_t tlen,
		       const struct av_words_span *taken, size_t n_taken,
		       struct av_words_span *span_r);

/* The byte pairs of a folded text, to rule patterns out without scanning the text: the
 * scorer tries every entry of two lists on every field of every invite, and most of them
 * are not there. */
struct av_words_pairs {
	uint64_t bits[65536 / 64]; /* bit (a << 8 | b): bytes a, b follow each other */
};
/* Note the pairs of t[0..tlen) in *pp (filled in whole). */
void av_words_pairs_init(struct av_words_pairs *pp, const char *t, size_t tlen);
/* False when p cannot occur in the text of pp: two neighbouring bytes of its core that
 * match only themselves (neither a space, ' nor -) never follow each other there; then
 * av_words_pat_find on that text finds nothing. True otherwise (it may occur). */
bool av_words_pat_may_occur(const struct av_words_pat *p, const struct av_words_pairs *pp);

/* The first entry of words (NULL-terminated, NULL allowed) found in folded text
 * t[0..tlen); NULL if none. Returns a pointer into words. */
const char *av_words_find_folded(const char *t, size_t tlen, const char *const *words);

/* Is the code point that ends just before offset pos of t a letter or digit? False at 0
 * or when the bytes before pos are not one whole UTF-8 character. */
bool av_words_word_before(const char *t, size_t pos);

/* Does a label of domain (3 to 63 characters, ASCII lower-cased; not the top-level one
 * and not a generic one such as "www", "mail", "careers", "com") appear as a word in
 * folded text ftext? "acme.example" is mentioned by "acme – phone screen". False when
 * either is NULL. */
bool av_words_domain_mentioned(const char *domain, const char *ftext);

/* Is word[0..len)'s name key (av_text_name_key: folded, accents dropped) one of keys
 * (a NULL-terminated list of such keys, e.g. "geschaftsfuhrer")? False when the key
 * does not fit 63 bytes. */
bool av_words_key_in(const char *word, size_t len, const char *const *keys);

#endif
