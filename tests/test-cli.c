/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The command line's shared pieces (plugin/cli.h): run options, error reports, the
 * watchdog, full writes, the session on an account. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "afterview/log.h"
#include "afterview/util.h"
#include "../plugin/cli.h"
#include "harness.h"

static char tmpdir[] = "/tmp/av-test-cli.XXXXXX";
static int saved_stderr = -1;
static char *capture_path;

/* Send stderr (and the logger) to a file until capture_end(). */
static void
capture_begin(void)
{
	int fd;

	fflush(stderr);
	capture_path = av_asprintf("%s/stderr", tmpdir);
	fd = open(capture_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0) {
		perror(capture_path);
		exit(2);
	}
	saved_stderr = dup(STDERR_FILENO);
	dup2(fd, STDERR_FILENO);
	close(fd);
}

/* What was written to stderr since capture_begin(); malloc'd. */
static char *
capture_end(void)
{
	struct av_buf b;
	char chunk[4096];
	size_t n;
	FILE *f;

	fflush(stderr);
	dup2(saved_stderr, STDERR_FILENO);
	close(saved_stderr);
	av_buf_init(&b);
	f = fopen(capture_path, "r");
	while (f != NULL && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		av_buf_append(&b, chunk, n);
	if (f != NULL)
		fclose(f);
	free(capture_path);
	capture_path = NULL;
	return av_buf_steal(&b);
}

static char *
write_file(const char *name, const char *text, mode_t mode)
{
	char *path = test_write_file(tmpdir, name, text, strlen(text));

	chmod(path, mode);
	return path;
}

static void
test_run_opts(void)
{
	char *none[] = {(char *)"status", NULL};
	char *all[] = {(char *)"run",
		       (char *)"--account",
		       (char *)"work",
		       (char *)"--now",
		       (char *)"2026-11-20T18:00:00Z",
		       (char *)"--dry-run",
		       NULL};
	char *dry[] = {(char *)"status", (char *)"--dry-run", NULL};
	char *bad_now[] = {(char *)"sync", (char *)"--now", (char *)"tomorrow", NULL};
	char *no_value[] = {(char *)"sync", (char *)"--account", NULL};
	char *unknown[] = {(char *)"run", (char *)"--frobnicate", NULL};
	char *feb30[] = {(char *)"run", (char *)"--now", (char *)"2026-02-30T10:00:00Z", NULL};
	char *feb29[] = {(char *)"run", (char *)"--now", (char *)"2027-02-29T10:00:00Z", NULL};
	char *apr31[] = {(char *)"run", (char *)"--now", (char *)"2026-04-31 10:00+02:00", NULL};
	char *sec60[] = {(char *)"run", (char *)"--now", (char *)"2026-11-20T20:00:60Z", NULL};
	char *y1969[] = {(char *)"run", (char *)"--now", (char *)"1969-12-31T23:59:59Z", NULL};
	char *offset[] = {(char *)"run", (char *)"--now", (char *)"1970-01-01T00:30+01:00", NULL};
	char *leap[] = {(char *)"run", (char *)"--now", (char *)"2028-02-29T12:00:00Z", NULL};
	char *y2000[] = {(char *)"run", (char *)"--now", (char *)"2000-02-29T00:00:00Z", NULL};
	char *epoch[] = {(char *)"run", (char *)"--now", (char *)"1970-01-01T00:00:00Z", NULL};
	char *sec59[] = {(char *)"run", (char *)"--now", (char *)"2026-12-31T23:59:59Z", NULL};
	struct av_cli_run_opts ro;
	time_t before = time(NULL);
	char *err;

	test_begin("cli: run options");
	test_assert_int(av_cli_parse_run_opts(1, none, false, &ro), EX_OK);
	test_assert(ro.account == NULL);
	test_assert(ro.now >= before && ro.now <= time(NULL));
	test_assert(!ro.dry_run);
	test_assert_int(av_cli_parse_run_opts(6, all, true, &ro), EX_OK);
	test_assert_str(ro.account, "work");
	test_assert_int(ro.now, 1795197600);
	test_assert(ro.dry_run);
	test_end();

	test_begin("cli: run options, invalid");
	capture_begin();
	test_assert_int(av_cli_parse_run_opts(2, dry, false, &ro), EX_USAGE);
	test_assert_int(av_cli_parse_run_opts(3, bad_now, false, &ro), EX_USAGE);
	test_assert_int(av_cli_parse_run_opts(2, no_value, false, &ro), EX_USAGE);
	test_assert_int(av_cli_parse_run_opts(2, unknown, true, &ro), EX_USAGE);
	err = capture_end();
	test_assert_str(err, "afterview: status: unknown option '--dry-run'\n"
			     "afterview: --now tomorrow: not a time like 2026-11-20T18:00:00Z\n"
			     "afterview: sync: unknown option '--account'\n"
			     "afterview: run: unknown option '--frobnicate'\n");
	free(err);
	test_end();

	test_begin("cli: --now, a time the calendar has");
	test_assert_int(av_cli_parse_run_opts(3, leap, false, &ro), EX_OK);
	test_assert_int(ro.now, 1835438400);
	test_assert_int(av_cli_parse_run_opts(3, y2000, false, &ro), EX_OK);
	test_assert_int(ro.now, 951782400);
	test_assert_int(av_cli_parse_run_opts(3, epoch, false, &ro), EX_OK);
	test_assert_int(ro.now, 0);
	test_assert_int(av_cli_parse_run_opts(3, sec59, false, &ro), EX_OK);
	test_assert_int(ro.now, 1798761599);
	capture_begin();
	test_assert_int(av_cli_parse_run_opts(3, feb30, false, &ro), EX_USAGE);
	test_assert_int(av_cli_parse_run_opts(3, feb29, false, &ro), EX_USAGE);
	test_assert_int(av_cli_parse_run_opts(3, apr31, false, &ro), EX_USAGE);
	test_assert_int(av_cli_parse_run_opts(3, sec60, false, &ro), EX_USAGE);
	test_assert_int(av_cli_parse_run_opts(3, y1969, false, &ro), EX_USAGE);
	test_assert_int(av_cli_parse_run_opts(3, offset, false, &ro), EX_USAGE);
	err = capture_end();
	test_assert_str(err,
			"afterview: --now 2026-02-30T10:00:00Z: no such day\n"
			"afterview: --now 2027-02-29T10:00:00Z: no such day\n"
			"afterview: --now 2026-04-31 10:00+02:00: no such day\n"
			"afterview: --now 2026-11-20T20:00:60Z: no such second (seconds run from "
			"00 to 59)\n"
			"afterview: --now 1969-12-31T23:59:59Z: before 1970\n"
			"afterview: --now 1970-01-01T00:30+01:00: before 1970\n");
	free(err);
	test_end();
}

static void
test_reports(void)
{
	char *exists = write_file("broken.conf", "[me\n", 0600);
	char *missing = av_asprintf("%s/missing.conf", tmpdir);
	char *want_missing =
		av_asprintf("x:1: oops\nafterview: no configuration yet: start from "
			    "afterview.conf.sample (in contrib/, or installed in %s/examples), "
			    "save it as %s, chmod 600 it; see afterview.conf(5)\n",
			    AV_DOCDIR, missing);
	char *want_exists =
		av_asprintf("x:1: oops\nafterview: %s: configuration has errors\n", exists);
	char *err;

	test_begin("cli: error reports");
	capture_begin();
	av_cli_report_conf_errors(missing, "x:1: oops");
	err = capture_end();
	test_assert_str(err, want_missing);
	free(err);
	capture_begin();
	av_cli_report_conf_errors(exists, "x:1: oops");
	err = capture_end();
	test_assert_str(err, want_exists);
	free(err);
	capture_begin();
	av_cli_report_file_errors("templates", "a.txt:3: bad\na.txt:4: worse");
	err = capture_end();
	test_assert_str(err,
			"a.txt:3: bad\na.txt:4: worse\nafterview: the templates have errors\n");
	free(err);
	test_end();
	free(want_exists);
	free(want_missing);
	free(missing);
	free(exists);
}

static void
test_watchdog(void)
{
	struct av_account acc;
	unsigned left;

	memset(&acc, 0, sizeof(acc));
	test_begin("cli: watchdog");
	acc.timeout_s = 30; /* 20 times that is under 10 minutes */
	av_cli_watchdog_start(&acc);
	left = alarm(0);
	test_assert(left >= 599 && left <= 600);
	acc.timeout_s = 60;
	av_cli_watchdog_start(&acc);
	left = alarm(0);
	test_assert(left >= 1199 && left <= 1200);
	av_cli_watchdog_start(&acc);
	av_cli_watchdog_stop();
	test_assert_int(alarm(0), 0);
	av_cli_watchdog_stop(); /* when not armed */
	test_assert_int(alarm(0), 0);
	signal(SIGALRM, SIG_DFL);
	test_end();
}

static void
test_write_all(void)
{
	char *path = av_asprintf("%s/out", tmpdir);
	size_t len = 300 * 1024;
	char *data = av_malloc(len), *back = av_malloc(len + 1);
	int fds[2];
	int fd;

	test_begin("cli: write_all");
	for (size_t i = 0; i < len; i++)
		data[i] = (char)('a' + i % 26);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	test_assert(fd >= 0);
	test_assert(av_cli_write_all(fd, data, len));
	test_assert(av_cli_write_all(fd, "", 0));
	close(fd);
	fd = open(path, O_RDONLY);
	test_assert(fd >= 0);
	test_assert_int(read(fd, back, len + 1), len);
	test_assert(memcmp(back, data, len) == 0);
	close(fd);
	/* invalid: a closed descriptor, a pipe nobody reads */
	errno = 0;
	test_assert(!av_cli_write_all(-1, "x", 1));
	test_assert_int(errno, EBADF);
	signal(SIGPIPE, SIG_IGN);
	test_assert(pipe(fds) == 0);
	close(fds[0]);
	errno = 0;
	test_assert(!av_cli_write_all(fds[1], data, len));
	test_assert_int(errno, EPIPE);
	close(fds[1]);
	signal(SIGPIPE, SIG_DFL);
	test_end();
	free(back);
	free(data);
	free(path);
}

static void
test_session(void)
{
	char *conf = write_file("good.conf",
				"[me]\nname = Sam\naddresses = sam@example.net\n"
				"timezone = UTC\n\n[account work]\nhost = 127.0.0.1\n"
				"port = 1\nsecurity = plain\nuser = sam\npassword = pw\n",
				0600);
	char *words = write_file("interview.words", "onsite\nbad\001word\n", 0600);
	char *words_conf = av_asprintf("[me]\nname = Sam\naddresses = sam@example.net\n"
				       "timezone = UTC\n\n[afterview]\nwords_interview = %s\n\n"
				       "[account work]\nhost = 127.0.0.1\nport = 1\n"
				       "security = plain\nuser = sam\npassword = pw\n",
				       words);
	char *bad_words = write_file("words.conf", words_conf, 0600);
	char *missing = av_asprintf("%s/missing.conf", tmpdir);
	char *want = av_asprintf("afterview: error: %s: no account 'nope'\n", conf);
	struct av_cli_options opt = {conf, false, false, false};
	struct av_cli_session ss, second;
	char *err;

	test_begin("cli: session");
	test_assert_int(av_cli_session_open(&opt, NULL, &ss), EX_OK);
	test_assert(ss.conf != NULL && ss.words != NULL && ss.store != NULL);
	test_assert_str(ss.acc != NULL ? ss.acc->name : NULL, "work");
	/* the database is locked while the session is open */
	capture_begin();
	test_assert_int(av_cli_session_open(&opt, "work", &second), EX_TEMPFAIL);
	err = capture_end();
	test_assert(strstr(err, "afterview: error: ") == err);
	test_assert(second.conf == NULL && second.words == NULL && second.store == NULL);
	free(err);
	av_cli_session_close(&ss);
	test_assert(ss.conf == NULL && ss.words == NULL && ss.store == NULL);
	av_cli_session_close(&ss); /* closed twice */
	test_assert_int(av_cli_session_open(&opt, "work", &ss), EX_OK);
	av_cli_session_close(&ss);
	test_end();

	test_begin("cli: session, invalid");
	capture_begin();
	test_assert_int(av_cli_session_open(&opt, "nope", &ss), EX_CONFIG);
	err = capture_end();
	test_assert_str(err, want);
	test_assert(ss.conf == NULL && ss.store == NULL);
	free(err);
	opt.config = missing;
	capture_begin();
	test_assert_int(av_cli_session_open(&opt, NULL, &ss), EX_CONFIG);
	err = capture_end();
	test_assert(strstr(err, "afterview: no configuration yet") != NULL);
	free(err);
	opt.config = bad_words;
	capture_begin();
	test_assert_int(av_cli_session_open(&opt, NULL, &ss), EX_CONFIG);
	err = capture_end();
	test_assert(strstr(err, "interview.words:2: ") != NULL);
	test_assert(strstr(err, "afterview: the word lists have errors\n") != NULL);
	test_assert(ss.conf == NULL && ss.words == NULL && ss.store == NULL);
	free(err);
	test_end();
	free(want);
	free(missing);
	free(bad_words);
	free(words_conf);
	free(words);
	free(conf);
}

int
main(void)
{
	char *state;

	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 2;
	}
	state = av_asprintf("%s/state", tmpdir);
	setenv("XDG_STATE_HOME", state, 1);
	av_log_open("afterview", false);
	test_run_opts();
	test_reports();
	test_watchdog();
	test_write_all();
	test_session();
	av_log_close();
	{
		char *cmd = av_asprintf("rm -rf '%s'", tmpdir);

		if (system(cmd) != 0)
			printf("could not remove %s\n", tmpdir);
		free(cmd);
	}
	free(state);
	return test_exit();
}
