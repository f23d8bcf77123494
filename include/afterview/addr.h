/* SPDX-License-Identifier: GPL-3.0-or-later */
/* afterview — e-mail address primitives: comparing addresses, their parts, a name
 * guessed from one, and the two checks of whether a string is an address. Pure logic:
 * libc only. Addresses are NUL-terminated UTF-8 strings such as "jane+cal@example.com",
 * optionally with a "mailto:" in front (iCalendar's form). No function here fails.
 */
#ifndef AFTERVIEW_ADDR_H
#define AFTERVIEW_ADDR_H

#include <stdbool.h>
#include <stddef.h>

/* a (not NULL) without a leading "mailto:" (any case); a itself when there is none. */
const char *av_addr_skip_mailto(const char *a);

/* The domain: what follows the last '@', or NULL when there is no '@', nothing follows
 * it, or addr is NULL. Points into addr. */
const char *av_addr_domain(const char *addr);

/* domain is entry or a subdomain of it ("app.greenhouse.io" is "greenhouse.io"; ASCII
 * case-insensitive, on label boundaries: "notgreenhouse.io" is not). False when either
 * is NULL or entry is empty. */
bool av_addr_domain_is(const char *domain, const char *entry);

/* The local part of addr (not NULL) without "mailto:" and without a "+tag"
 * ("jane+cal@x" -> "jane"), as [*start_r, *start_r + *len_r); the whole of addr (after
 * "mailto:") when it has no '@'. A '+' that starts the local part is kept. */
void av_addr_local(const char *addr, const char **start_r, size_t *len_r);

/* Addresses equal after "mailto:" is dropped, case is folded (av_text_fold) and a "+tag"
 * is dropped from the local part. Without '@' on either side the whole strings are
 * compared; with '@' on one side only they differ. False when either is NULL, empty or
 * has an empty local part. */
bool av_addr_same(const char *a, const char *b);

/* A character that may belong to an address found in free text: ASCII letters and
 * digits, '.', '-', and in the local part also '_', '+', '%' and '\''. */
bool av_addr_char(char c, bool local);

/* A display name guessed from the local part (malloc'd, never NULL): "priya.chen" ->
 * "Priya Chen" ('.', '_', '-' and spaces separate words; ASCII words are capitalised,
 * other letters kept as written; digits, other punctuation and invalid UTF-8 dropped).
 * When nothing name-like is left ("12345@…") the address itself without controls and
 * invalid UTF-8; "" for NULL. */
char *av_addr_guess_name(const char *addr);

/* Whether the local part of addr looks like a person's name, so that a name guessed from
 * it may greet them: at least two ASCII-letter words of two or more letters separated
 * by '.', '_' or '-', before any "+tag", the first not a mailbox word ("hr", "team",
 * "jobs", "careers", "info", "noreply"…). "priya.chen", "jane_okafor" do; "jdoe",
 * "hr.team", "j.doe" do not. False for NULL or without '@'. */
bool av_addr_local_is_name(const char *addr);

/* Could addr's local part be made from name (UTF-8, not NULL), as mail systems make them?
 * Each word of the name (compared by av_text_name_key, accents dropped, hyphens and
 * apostrophes inside a word removed) is written whole, as its initial, or left out, in
 * order or with the last word first, joined directly or by '.', '_' or '-'; at least
 * two words appear and one of them whole. Digits and a "+tag" are ignored. "Kim Lund"
 * fits k.lund, klund, kim.lund, kimlund, lund.kim, kiml; not kim, kl, karl.lund. False
 * for NULL, without '@', or when the local part holds other than ASCII letters, digits
 * and those separators. */
bool av_addr_local_fits_name(const char *addr, const char *name);

/* The two checks of whether a string is an address, for two different jobs:
 *
 * av_addr_header_safe: may a (NUL-terminated, NULL allowed) go into a header we write?
 * A conservative addr-spec (RFC 5322 3.4.1, dot-atom on both sides, local part at most
 * 64 and the whole at most 254 octets, ASCII only): nothing in it can leave the angle
 * brackets or the header. Quoted local parts and internationalised addresses are
 * refused: a draft then goes without the address rather than with a risky one.
 *
 * av_addr_plausible: is s[0..n) an address as a person types it (the notes sheet's
 * "<address>")? Exactly one '@' with text on both sides, no white space or controls
 * (C0, DEL, C1 as UTF-8: they would not survive the sheet, where they become spaces) and
 * none of < > , ; : " ( ) [ ] \. Anything else is the person's business: UTF-8 is
 * welcome, dots are not checked. */
bool av_addr_header_safe(const char *a);
bool av_addr_plausible(const char *s, size_t n);

#endif
