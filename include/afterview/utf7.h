/* SPDX-License-Identifier: GPL-3.0-or-later */
/* afterview — modified UTF-7 (RFC 3501 5.1.3), the form folder names take on the wire.
 *
 * Printable US-ASCII (0x20-0x7e) stands for itself, except "&", which is written "&-";
 * every other character goes as UTF-16 in modified base64 ("," instead of "/", no "="
 * padding) between "&" and "-". A name has exactly one valid form, and decoding accepts
 * only that form, so av_utf7_encode(av_utf7_decode(x)) is x whenever decoding succeeds:
 * a folder found by LIST is opened again under the very name the server gave.
 *
 * No function here returns an enum av_err: NULL means the input is invalid (see each).
 */
#ifndef AFTERVIEW_UTF7_H
#define AFTERVIEW_UTF7_H

/* utf8 (a C string) in modified UTF-7, malloc'd; NULL when utf8 is not valid UTF-8
 * (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF). */
char *av_utf7_encode(const char *utf8);

/* mutf7 (a C string) decoded to UTF-8, malloc'd; NULL when it is not modified UTF-7 in
 * its one valid form: a byte outside 0x20-0x7e, a shift without its closing "-", a
 * character outside the modified base64 alphabet, printable ASCII or U+0000 encoded,
 * bits left over that do not make a UTF-16 unit or are not zero, a surrogate without
 * its partner, or two shifts in a row where one would do. */
char *av_utf7_decode(const char *mutf7);

#endif
