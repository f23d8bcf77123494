/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "afterview/util.h"
#include "harness.h"

static void
test_buf(void)
{
	struct av_buf b;
	char *s;

	test_begin("buffer grows, stays NUL-terminated, hands its data over");
	av_buf_init(&b);
	for (int i = 0; i < 1000; i++)
		av_buf_printf(&b, "%d,", i % 10);
	test_assert_int(b.len, 2000);
	test_assert(b.data[b.len] == '\0');
	test_assert(strncmp(b.data, "0,1,2,", 6) == 0);
	s = av_buf_steal(&b);
	test_assert(b.data == NULL && b.len == 0);
	test_assert_int(strlen(s), 2000);
	free(s);
	s = av_buf_steal(&b);
	test_assert_str(s, "");
	free(s);
	test_end();
}

static void
test_strv(void)
{
	struct av_strv sv = {0};
	char **v, **none = NULL;

	test_begin("string vector: empty, growing, handed over, freed");
	v = av_strv_finish(&sv);
	test_assert(v != NULL && v[0] == NULL);
	test_assert(sv.v == NULL && sv.n == 0 && sv.cap == 0);
	av_strv_free(&v);
	test_assert(v == NULL);
	av_strv_free(&v); /* *v == NULL */
	av_strv_free(NULL);
	av_strv_free(&none);
	test_assert(none == NULL);

	av_strv_push(&sv, av_strdup("first"));
	test_assert_int(sv.n, 1);
	test_assert_str(sv.v[0], "first");
	test_assert(sv.v[1] == NULL); /* terminated while being built */
	for (int i = 1; i < 40; i++)  /* past the first allocation of 16 */
		av_strv_push(&sv, av_asprintf("s%d", i));
	test_assert_int(sv.n, 40);
	test_assert(sv.v[40] == NULL);
	v = av_strv_finish(&sv);
	test_assert(sv.v == NULL && sv.n == 0 && sv.cap == 0);
	test_assert_str(v[0], "first");
	test_assert_str(v[1], "s1");
	test_assert_str(v[39], "s39");
	test_assert(v[40] == NULL);
	av_strv_free(&v);
	test_assert(v == NULL);

	av_strv_push(&sv, av_strdup("")); /* an empty string is a string */
	v = av_strv_finish(&sv);
	test_assert_str(v[0], "");
	test_assert(v[1] == NULL);
	av_strv_free(&v);
	test_end();
}

static void
test_strings(void)
{
	char *s;
	char *err = NULL;

	test_begin("strndup and asprintf");
	s = av_strndup("hello world", 5);
	test_assert_str(s, "hello");
	free(s);
	s = av_asprintf("%s:%u: %s", "file", 12u, "bad");
	test_assert_str(s, "file:12: bad");
	free(s);
	av_error_set(NULL, "ignored %d", 1);
	av_error_set(&err, "bad %s", "thing");
	test_assert_str(err, "bad thing");
	free(err);
	test_end();
}

static void
test_exit_codes(void)
{
	test_begin("errors map to sysexits codes cron understands");
	test_assert_int(av_err_exit_code(AV_OK), EX_OK);
	test_assert_int(av_err_exit_code(AV_ERR_CONFIG), EX_CONFIG);
	test_assert_int(av_err_exit_code(AV_ERR_TEMP), EX_TEMPFAIL);
	test_assert_int(av_err_exit_code(AV_ERR_DATA), EX_DATAERR);
	test_assert_int(av_err_exit_code(AV_ERR_SOFTWARE), EX_SOFTWARE);
	test_end();
}

static void
test_dates(void)
{
	time_t t = 0;
	char buf[AV_TIME_UTC_SIZE];

	test_begin("RFC 5322 dates: zones, obsolete forms, comments, garbage refused");
	test_assert(av_parse_rfc5322_date("Tue, 17 Nov 2026 18:05:00 -0500", &t));
	test_assert_str(av_time_utc(t, buf), "2026-11-17T23:05:00Z");
	test_assert(av_parse_rfc5322_date("17 Nov 2026 18:05 +0130 (local)", &t));
	test_assert_str(av_time_utc(t, buf), "2026-11-17T16:35:00Z");
	test_assert(av_parse_rfc5322_date("Sun, 1 Nov 26 01:30:00 PST", &t));
	test_assert_str(av_time_utc(t, buf), "2026-11-01T09:30:00Z");
	test_assert(av_parse_rfc5322_date("  Thu, 29 Feb 2024 23:59:59 GMT", &t));
	test_assert_str(av_time_utc(t, buf), "2024-02-29T23:59:59Z");
	test_assert(av_parse_rfc5322_date("Mon, 5 January 2026 09:00:00 +0000", &t));
	test_assert_str(av_time_utc(t, buf), "2026-01-05T09:00:00Z");
	test_assert(!av_parse_rfc5322_date("", &t));
	test_assert(!av_parse_rfc5322_date("yesterday", &t));
	test_assert(!av_parse_rfc5322_date("Tue, 17 Foo 2026 18:05:00 -0500", &t));
	test_assert(!av_parse_rfc5322_date("Tue, 17 Nov 2026 25:05:00 -0500", &t));
	test_end();

	test_begin("ISO 8601 times for --now: a zone is required");
	test_assert(av_parse_iso8601("2026-11-20T18:00:00Z", &t));
	test_assert_str(av_time_utc(t, buf), "2026-11-20T18:00:00Z");
	test_assert(av_parse_iso8601("2026-11-20 13:30-05:00", &t));
	test_assert_str(av_time_utc(t, buf), "2026-11-20T18:30:00Z");
	test_assert(!av_parse_iso8601("2026-11-20T18:00:00", &t));
	test_assert(!av_parse_iso8601("2026-13-20T18:00Z", &t));
	test_assert(!av_parse_iso8601("tomorrow", &t));
	test_end();
}

static void
test_hash(void)
{
	char h1[AV_HASH_HEX_SIZE], h2[AV_HASH_HEX_SIZE];

	test_begin("hash: 32 hex digits, stable, sensitive to every byte");
	av_hash_hex("draft", 5, h1);
	test_assert_int(strlen(h1), 32);
	av_hash_hex("draft", 5, h2);
	test_assert_str(h1, h2);
	av_hash_hex("drafu", 5, h2);
	test_assert(strcmp(h1, h2) != 0);
	av_hash_hex("", 0, h2);
	test_assert(strcmp(h1, h2) != 0 && strlen(h2) == 32);
	test_end();
}

static void
test_file_read(void)
{
	char dir[] = "/tmp/av-test-util.XXXXXX", *path, *data = NULL;
	size_t len = 99;
	FILE *f;

	test_begin(
		"a whole file read: its bytes, \"\" when empty, nothing when too large or missing");
	test_assert(mkdtemp(dir) != NULL);
	path = av_asprintf("%s/f", dir);
	test_assert_int(av_file_read(path, 100, &data, &len), ENOENT);
	test_assert(data == NULL && len == 99);
	f = fopen(path, "wb");
	fclose(f);
	test_assert_int(av_file_read(path, 100, &data, &len), 0);
	test_assert(data != NULL && len == 0 && data[0] == '\0');
	free(data);
	f = fopen(path, "wb");
	fwrite("a\0b\n", 1, 4, f);
	fclose(f);
	test_assert_int(av_file_read(path, 4, &data, &len), 0);
	test_assert(len == 4 && memcmp(data, "a\0b\n", 5) == 0);
	free(data);
	data = NULL;
	test_assert_int(av_file_read(path, 3, &data, &len), EFBIG);
	test_assert(data == NULL);
	unlink(path);
	rmdir(dir);
	free(path);
	test_end();
}

int
main(void)
{
	test_hash();
	test_dates();
	test_buf();
	test_strv();
	test_strings();
	test_exit_codes();
	test_file_read();
	return test_exit();
}
