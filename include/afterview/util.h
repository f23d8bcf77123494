/* SPDX-License-Identifier: GPL-3.0-or-later */
/* afterview — shared basics: the error enum and the destructor rule every module follows,
 * no-fail allocation, dates, a hash, a byte buffer and a string vector.
 *
 * Errors. Every module reports failure with an enum av_err (what is broken and how to
 * retry) plus, where a person needs to read it, a malloc'd message through
 * `char **error_r`: set on failure (the caller frees it), untouched on success. Each
 * header's top comment says which values its functions return and what they mean there.
 *
 * Destructors. av_x_free(struct av_x **x) frees *x and everything it owns and sets *x to
 * NULL; *x may be NULL (then nothing happens). Closing something held by pointer
 * (av_store_close, a driver's close) works the same way. av_x_clear(struct av_x *x)
 * frees what x owns and zeroes x, whose storage stays the caller's (a local variable, a
 * member of a larger struct); x must be zeroed or filled, and clearing a zeroed one does
 * nothing, so clearing twice is harmless. An array of n such structs is freed with
 * av_xs_free(struct av_x **list, size_t n): what each entry owns, then the array, and
 * *list is set to NULL; list and *list may be NULL.
 *
 * Nothing here fails: the allocators abort on out of memory, the parsers return false.
 * av_strv_free follows the destructor rule; av_buf_clear releases what b owns and resets
 * it (b itself is the caller's).
 */
#ifndef AFTERVIEW_UTIL_H
#define AFTERVIEW_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

enum av_err {
	AV_OK = 0,
	AV_ERR_CONFIG,	 /* the person's configuration is wrong: final until edited */
	AV_ERR_DATA,	 /* one input (message, invite, reply) is bad: skip it, go on */
	AV_ERR_TEMP,	 /* network, lock, server busy: retry on the next run */
	AV_ERR_AUTH,	 /* credentials or certificate refused: final until fixed */
	AV_ERR_STORE,	 /* the state database is unusable: stop, never start empty */
	AV_ERR_SOFTWARE, /* a bug in afterview */
};

/* The sysexits.h code for err (EX_OK, EX_CONFIG, EX_DATAERR, EX_TEMPFAIL, EX_NOPERM,
 * EX_CANTCREAT, EX_SOFTWARE). */
int av_err_exit_code(enum av_err err);

/* Allocation that never returns NULL: out of memory prints one line and aborts, so
 * callers do not check. */
void *av_malloc(size_t size);
void *av_calloc(size_t n, size_t size);
void *av_realloc(void *p, size_t size);
char *av_strdup(const char *s);
char *av_strndup(const char *s, size_t n);
/* A malloc'd string formatted like printf. */
char *av_asprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *av_vasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/* Set *error_r (when error_r is not NULL) to a malloc'd formatted message. */
void av_error_set(char **error_r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Overwrite len bytes of p with zeroes in a way the compiler keeps (for secrets). */
void av_wipe(void *p, size_t len);

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian), independent of any time zone. */
int64_t av_days_from_civil(int64_t y, int m, int d);

/* Format t as "2026-11-20T18:00:00Z" into buf; returns buf. */
#define AV_TIME_UTC_SIZE 21 /* "YYYY-MM-DDTHH:MM:SSZ" and its NUL */
char *av_time_utc(time_t t, char buf[AV_TIME_UTC_SIZE]);

/* Parse an RFC 5322 date-time ("Tue, 17 Nov 2026 18:05:00 -0500", obsolete zone names
 * and a missing weekday or seconds accepted) to a UTC time. Returns false when s is no
 * date. */
bool av_parse_rfc5322_date(const char *s, time_t *t_r);

/* Parse an ISO 8601 time with a zone: "2026-11-20T18:00:00Z", "2026-11-20T13:00-05:00",
 * seconds optional, a space allowed for the T. Returns false otherwise. */
bool av_parse_iso8601(const char *s, time_t *t_r);

/* A 128-bit non-cryptographic hash of data as 32 lower-case hex digits into buf (33
 * bytes): to notice that something changed, not to resist an adversary. */
#define AV_HASH_HEX_SIZE 33 /* 32 hex digits and the NUL */
char *av_hash_hex(const void *data, size_t len, char buf[AV_HASH_HEX_SIZE]);

/* Open path for reading only when it is a regular file, never blocking on the way: a FIFO,
 * a device or a socket in a file's place (which would hang open(2) or read(2) forever) is
 * refused after an O_NONBLOCK open and fstat; with nofollow a symbolic link as the last
 * component is refused too (ELOOP). 0 with *fd_r set (O_CLOEXEC, reads blocking again);
 * else an errno value (EISDIR for a directory), or a negative value for a file of another
 * kind; *fd_r is then untouched. */
int av_open_regular(const char *path, bool nofollow, int *fd_r);
/* The text for av_open_regular's result e: "a FIFO, not a regular file" and the like for
 * a negative e, else strerror(e). */
const char *av_open_strerror(int e);

/* A growable byte buffer; data is always NUL-terminated. */
struct av_buf {
	char *data; /* owned */
	size_t len;
	size_t cap;
};
void av_buf_init(struct av_buf *b);
void av_buf_append(struct av_buf *b, const void *data, size_t len);
void av_buf_puts(struct av_buf *b, const char *s);
void av_buf_printf(struct av_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hand the data to the caller (who frees it) and reset b. */
char *av_buf_steal(struct av_buf *b);
void av_buf_clear(struct av_buf *b);

/* The whole file at path, when it holds at most max bytes: *data_r malloc'd and
 * NUL-terminated ("" for an empty file), *len_r its length. 0, or an errno (EFBIG: larger
 * than max; nothing is returned then). */
int av_file_read(const char *path, size_t max, char **data_r, size_t *len_r);

/* A NULL-terminated vector of malloc'd strings ("strv", a char **), built one string at a
 * time in a struct av_strv (zero it to start: struct av_strv sv = {0}). */
struct av_strv {
	char **v; /* owned; NULL until the first push, then NULL-terminated */
	size_t n; /* strings pushed */
	size_t cap;
};
/* Append s (malloc'd, not NULL), which the vector takes over. */
void av_strv_push(struct av_strv *sv, char *s);
/* Hand the vector to the caller (free it with av_strv_free) and reset sv. Never NULL: with
 * nothing pushed it is a new vector holding only the terminating NULL. */
char **av_strv_finish(struct av_strv *sv);
/* Free every string of the NULL-terminated vector *v and the vector; accepts NULL and
 * *v == NULL; sets *v to NULL. */
void av_strv_free(char ***v);

#endif
