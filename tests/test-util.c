#include "config.h"

#include <sysexits.h>

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

int
main(void)
{
	test_buf();
	test_strings();
	test_exit_codes();
	return test_exit();
}
