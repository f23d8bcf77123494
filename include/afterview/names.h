/* SPDX-License-Identifier: GPL-3.0-or-later */
/* afterview — people's names in free text and in CNs: where a name starts and ends (the
 * title, event and time words that end one, honorifics skipped before it, particles such
 * as "van" or "de" inside it), the key two spellings of a name share, a CN tidied into a
 * name, and the names a text gives for its sender. What interviewers.c reads descriptions
 * with and correspondence.c compares the person's name with. Pure logic: no library
 * headers, no I/O (RFC 2047 words in a CN are decoded with mime.h's header decoder).
 * Nothing here fails (no error codes): what is not a name gives false or NULL. Every
 * returned string is malloc'd and owned by the caller (free).
 */
#ifndef AFTERVIEW_NAMES_H
#define AFTERVIEW_NAMES_H

#include <stdbool.h>
#include <stddef.h>

#include "afterview/invite.h"

/* At most this many names from av_names_find_sender. */
#define AV_NAMES_MAX_SENDER 8

/* Read a person's name at the start of s[0..len) (not NULL): 2 to 4 capitalised words
 * (honorifics before them skipped, lower-case particles allowed inside), ending at
 * punctuation, " - ", a title or event word, or a lower-case word. On success *name_r is
 * the name with single spaces (malloc'd) and *end_r the offset after it (so callers can
 * tell whether the name was all there was); on false both are untouched. */
bool av_names_parse(const char *s, size_t len, char **name_r, size_t *end_r);

/* Is the given name only an initial ("K Lund", "K. Lund", "Dr. K Lund")? name is
 * NUL-terminated, not NULL; one word alone is no given name (false). */
bool av_names_initial_only(const char *name);

/* name's av_text_name_key, malloc'd ("JOSÉ ÁLVAREZ" and "Jose Alvarez" share one); NULL
 * for name NULL, a key that would be empty, or a name too long for a key. */
char *av_names_key(const char *name);

/* A CN tidied for use as a name: RFC 2047 encoded words decoded, control characters and
 * surrounding quotes removed, white space collapsed, "Doe, Jane" turned round when both
 * sides look like name parts, cut at 200 bytes (at a character boundary). NULL when cn
 * is NULL, nothing usable is left, it holds U+FFFD (a mis-declared charset) or '@', or
 * it is just email's local part (email may be NULL). */
char *av_names_from_cn(const char *cn, const char *email);

/* Does the CN name one person: it reads as a name in full (av_names_parse), and no word
 * of it is the company's at email's domain ("Acme Talent" at acme.example is the team)?
 * False for cn NULL; email may be NULL. */
bool av_names_is_person(const char *cn, const char *email);

/* The invite's people as name keys (inv not NULL): entry k < inv->n_attendees is
 * attendee k's, entry inv->n_attendees the organizer's; each the key of the tidied CN,
 * else of the name guessed from the address, or NULL. The array is malloc'd with
 * inv->n_attendees + 1 entries: free it with av_names_party_keys_free. */
char **av_names_party_keys(const struct av_invite *inv);
/* Free the keys of av_names_party_keys(inv) and the array; accepts keys NULL and
 * *keys == NULL; sets *keys to NULL. */
void av_names_party_keys_free(const struct av_invite *inv, char ***keys);

/* Names text[0..len) gives for its sender: "Kim Lund is inviting you to a scheduled Zoom
 * meeting.", "Kim Lund has invited you to…" (also in French, Spanish and German), and
 * the signature under a closing ("Best,\nKim Lund"). Stores up to AV_NAMES_MAX_SENDER
 * malloc'd names into names and returns how many. */
size_t av_names_find_sender(const char *text, size_t len, char **names);

/* The first e-mail address in s[0..len) (not NULL), malloc'd, lower case; NULL when
 * there is none. */
char *av_names_find_email(const char *s, size_t len);

#endif
