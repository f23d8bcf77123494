/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "afterview/log.h"
#include "afterview/util.h"
#include "harness.h"

/* Capture what the logger writes into a memory stream. */
static char *captured;
static size_t captured_len;
static FILE *cap;

static void
capture_start(void)
{
	cap = open_memstream(&captured, &captured_len);
	av_log_set_stream(cap);
}

static char *
capture_end(void)
{
	char *s;

	av_log_set_stream(NULL);
	fclose(cap);
	s = captured;
	captured = NULL;
	return s;
}

static void
test_levels(void)
{
	char *out;

	test_begin("threshold hides info by default, shows warnings and errors");
	av_log_open("afterview", false);
	capture_start();
	av_info("made %d drafts", 2);
	av_warn("folder %s missing", "Jobs");
	av_error("cannot connect");
	out = capture_end();
	test_assert_str(out, "afterview: warning: folder Jobs missing\n"
			     "afterview: error: cannot connect\n");
	free(out);
	av_log_set_level(AV_LOG_INFO);
	capture_start();
	av_info("made %d drafts", 2);
	av_log_summary("drafts=%d errors=%d", 2, 0);
	out = capture_end();
	test_assert_str(out, "made 2 drafts\ndrafts=2 errors=0\n");
	free(out);
	av_log_close();
	test_end();
}

static void
test_categories(void)
{
	char *out, *err = NULL;

	test_begin("debug categories: only the enabled ones print");
	av_log_open("afterview", false);
	test_assert(av_log_set_debug("imap,db", &err));
	test_assert(av_log_debug_enabled(AV_CAT_IMAP));
	test_assert(av_log_debug_enabled(AV_CAT_DB));
	test_assert(!av_log_debug_enabled(AV_CAT_TLS));
	capture_start();
	av_debug(AV_CAT_IMAP, "A1 EXAMINE %s", "INBOX");
	av_debug(AV_CAT_TLS, "handshake");
	out = capture_end();
	test_assert_str(out, "afterview: debug: [imap] A1 EXAMINE INBOX\n");
	free(out);
	test_assert(!av_log_set_debug("imap,bogus", &err));
	test_assert(err != NULL && strstr(err, "'bogus'") != NULL);
	free(err);
	err = NULL;
	test_assert(av_log_set_debug("all", &err));
	test_assert(av_log_debug_enabled(AV_CAT_DRAFT));
	av_log_close();
	test_end();
}

static void
test_secrets(void)
{
	char *out;

	test_begin("a registered secret never reaches the log, however formatted");
	av_log_open("afterview", false);
	av_log_set_level(AV_LOG_DEBUG);
	av_log_add_secret("hunter2-s3cret");
	av_log_add_secret("ab"); /* too short to mask safely: ignored */
	capture_start();
	av_error("LOGIN failed for pw=%s!", "hunter2-s3cret");
	av_info("twice: %s%s", "hunter2-s3cret", "hunter2-s3cret");
	av_info("about ab");
	out = capture_end();
	test_assert(strstr(out, "hunter2") == NULL);
	test_assert_str(out, "afterview: error: LOGIN failed for pw=********!\n"
			     "twice: ****************\n"
			     "about ab\n");
	free(out);
	av_log_close();
	/* after close the secret is forgotten (and wiped) */
	av_log_open("afterview", false);
	av_log_set_level(AV_LOG_INFO);
	capture_start();
	av_info("x%s", "hunter2-s3cret");
	out = capture_end();
	test_assert_str(out, "xhunter2-s3cret\n");
	free(out);
	av_log_close();
	test_end();
}

static void
test_control_chars(void)
{
	char *out;

	test_begin("control characters from hostile input cannot forge lines");
	av_log_open("afterview", false);
	capture_start();
	av_warn("summary '%s'", "Interview\r\nafterview: error: fake\x1b[31m");
	out = capture_end();
	test_assert_str(out, "afterview: warning: summary "
			     "'Interview\\x0d\\x0aafterview: error: fake\\x1b[31m'\n");
	free(out);
	av_log_close();
	test_end();
}

int
main(void)
{
	test_levels();
	test_categories();
	test_secrets();
	test_control_chars();
	return test_exit();
}
