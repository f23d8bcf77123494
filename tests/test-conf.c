/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include "afterview/conf.h"
#include "afterview/log.h"
#include "afterview/util.h"
#include "harness.h"

static char tmpdir[] = "/tmp/av-test-conf.XXXXXX";

/* Write text to a fresh file with the given mode; returns its malloc'd path. */
static char *
write_conf(const char *name, const char *text, mode_t mode)
{
	char *path = av_asprintf("%s/%s", tmpdir, name);
	FILE *f;

	unlink(path);
	f = fopen(path, "w");
	if (f == NULL) {
		perror(path);
		exit(2);
	}
	fputs(text, f);
	fclose(f);
	chmod(path, mode);
	return path;
}

static const char good[] = "; afterview config\n"
			   "[me]\n"
			   "name = Sam Rivera\n"
			   "addresses = Sam.Rivera@example.net, samr@example.net\n"
			   "skills = C, IMAP\n"
			   "pitch = I build mail tools\n"
			   "  that never lose mail.\n"
			   "signature = Sam Rivera\n"
			   "  +1 555 0100\n"
			   "timezone = America/New_York\n"
			   "\n"
			   "[afterview]\n"
			   "window_hours = 24\n"
			   "horizon_days = 30\n"
			   "tone = casual\n"
			   "\n"
			   "[account work]\n"
			   "host = imap.example.net\n"
			   "user = sam\n"
			   "password_cmd = printf 's3cr3t-pass\\nsecond line'\n"
			   "folders = Jobs, Recruiters\n"
			   "\n"
			   "[account local]\n"
			   "host = 127.0.0.1\n"
			   "port = 10143\n"
			   "security = plain\n"
			   "user = alice\n"
			   "oauth2_token_cmd = echo tok-abcdef\n"
			   "\n"
			   "[company acme.example]\n"
			   "name = Acme Corp\n"
			   "tone = formal\n";

static void
test_good(void)
{
	struct av_conf *c = NULL;
	char *err = NULL;
	char *path = write_conf("good", good, 0600);
	const struct av_account *a;
	const struct av_company *co;

	test_begin("a good file: every section read, defaults filled in");
	test_assert_int(av_conf_load(path, &c, &err), AV_OK);
	test_assert(err == NULL);
	if (c == NULL) {
		printf("  %s\n", err);
		free(err);
		free(path);
		test_end();
		return;
	}
	test_assert_str(c->me.name, "Sam Rivera");
	test_assert_str(c->me.addresses[0], "sam.rivera@example.net");
	test_assert_str(c->me.addresses[1], "samr@example.net");
	test_assert(c->me.addresses[2] == NULL);
	test_assert_str(c->me.pitch, "I build mail tools that never lose mail.");
	test_assert_str(c->me.signature, "Sam Rivera\n+1 555 0100");
	test_assert_str(c->me.timezone, "America/New_York");
	test_assert_int(c->horizon_days, 30);
	test_assert_int(c->tone, AV_TONE_CASUAL);
	test_assert_int(c->n_accounts, 2);
	a = av_conf_account(c, NULL);
	test_assert_str(a->name, "work");
	test_assert_int(a->port, 993);
	test_assert_int(a->security, AV_SECURITY_TLS);
	test_assert_int(a->timeout_s, 30);
	test_assert_str(a->inbox, "INBOX");
	test_assert_str(a->folders[0], "Jobs");
	test_assert_str(a->folders[1], "Recruiters");
	a = av_conf_account(c, "local");
	test_assert(a != NULL && a->port == 10143 && a->security == AV_SECURITY_PLAIN);
	test_assert(av_conf_account(c, "nope") == NULL);
	co = av_conf_company(c, "jane.doe@jobs.acme.example");
	test_assert(co != NULL && strcmp(co->name, "Acme Corp") == 0);
	test_assert(av_conf_company(c, "x@notacme.example") == NULL);
	av_conf_free(&c);
	test_assert(c == NULL);
	free(path);
	test_end();
}

static void
test_languages(void)
{
	static const char text[] = "[me]\n"			   /* 1 */
				   "addresses = sam@example.net\n" /* 2 */
				   "languages = ES, de\n"	   /* 3 */
				   "  fr, es\n"			   /* 4 */
				   "[account w]\n"		   /* 5 */
				   "host = imap.example.net\n"	   /* 6 */
				   "user = sam\n"		   /* 7 */
				   "password_cmd = true\n"	   /* 8 */
				   "[company sol.example]\n"	   /* 9 */
				   "language = es\n"		   /* 10 */
				   "[company nord.example]\n"	   /* 11 */
				   "name = Nord\n";		   /* 12 */
	static const char bad[] = "[me]\n"			   /* 1 */
				  "addresses = sam@example.net\n"  /* 2 */
				  "languages = en, it\n"	   /* 3 */
				  "[account w]\n"		   /* 4 */
				  "host = imap.example.net\n"	   /* 5 */
				  "user = sam\n"		   /* 6 */
				  "password_cmd = true\n"	   /* 7 */
				  "[company sol.example]\n"	   /* 8 */
				  "language = spanish\n";	   /* 9 */
	struct av_conf *c = NULL;
	char *err = NULL, *path = write_conf("lang", text, 0600), *want, *printed = NULL;
	size_t printed_len = 0;
	FILE *f;

	test_begin("languages = and [company] language =, checked codes");
	test_assert_int(av_conf_load(path, &c, &err), AV_OK);
	if (c == NULL) {
		printf("  %s\n", err);
		free(err);
		free(path);
		test_end();
		return;
	}
	/* lower case, each once, continuation lines add */
	test_assert_str(c->me.languages[0], "es");
	test_assert_str(c->me.languages[1], "de");
	test_assert_str(c->me.languages[2], "fr");
	test_assert(c->me.languages[3] == NULL);
	test_assert(av_conf_writes_language(c, "en")); /* the default, always */
	test_assert(av_conf_writes_language(c, "de"));
	test_assert(av_conf_writes_language(c, NULL));
	test_assert_str(av_conf_company(c, "a@sol.example")->language, "es");
	test_assert(av_conf_company(c, "a@nord.example")->language == NULL);
	f = open_memstream(&printed, &printed_len);
	av_conf_print(c, f);
	fclose(f);
	test_assert(strstr(printed, "languages = en, es, de, fr\n") != NULL);
	test_assert(strstr(printed, "language = es\n") != NULL);
	free(printed);
	av_conf_free(&c);
	free(path);

	/* unset: the default alone */
	path = write_conf("lang-none", good, 0600);
	test_assert_int(av_conf_load(path, &c, &err), AV_OK);
	if (c != NULL) {
		test_assert(c->me.languages == NULL);
		test_assert(av_conf_writes_language(c, "en"));
		test_assert(!av_conf_writes_language(c, "es"));
		test_assert(av_conf_company(c, "x@acme.example")->language == NULL);
	}
	av_conf_free(&c);
	free(path);

	path = write_conf("lang-bad", bad, 0600);
	test_assert_int(av_conf_load(path, &c, &err), AV_ERR_CONFIG);
	test_assert(c == NULL);
	want = av_asprintf("%s:3: languages: 'it' is not a language afterview writes (en, es, "
			   "de, fr)",
			   path);
	test_assert(err != NULL && strstr(err, want) != NULL);
	free(want);
	want = av_asprintf("%s:9: language: 'spanish' is not a language", path);
	test_assert(err != NULL && strstr(err, want) != NULL);
	free(want);
	free(err);
	free(path);
	test_end();
}

static void
test_all_errors_at_once(void)
{
	static const char bad[] = "[me]\n"			   /* 1 */
				  "addresses = not-an-address\n"   /* 2 */
				  "timezone = Mars/Olympus\n"	   /* 3 */
				  "this line has no equals sign\n" /* 4 */
				  "[afterview]\n"		   /* 5 */
				  "window_hours = 0\n"		   /* 6 */
				  "horizon_days = 12abc\n"	   /* 7 */
				  "tone = grumpy\n"		   /* 8 */
				  "[account work\n"		   /* 9 */
				  "[account w]\n"		   /* 10 */
				  "host = imap.example.net\n"	   /* 11 */
				  "security = plain\n"		   /* 12 */
				  "port = 99999\n"		   /* 13 */
				  "host = again.example.net\n"	   /* 14 */
				  "colour = blue\n";		   /* 15 */
	struct av_conf *c = NULL;
	char *err = NULL;
	char *path = write_conf("bad", bad, 0600);
	char *want;

	test_begin("a bad file: every error reported as file:line: in one pass");
	test_assert_int(av_conf_load(path, &c, &err), AV_ERR_CONFIG);
	test_assert(c == NULL);
	test_assert(err != NULL);
	if (err != NULL) {
		const int lines[] = {2, 3, 4, 6, 7, 8, 9, 13, 14};

		for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
			want = av_asprintf("%s:%d: ", path, lines[i]);
			if (!test_assert(strstr(err, want) != NULL))
				printf("    missing %s in:\n%s\n", want, err);
			free(want);
		}
		/* whole-account problems point at the section's line */
		want = av_asprintf("%s:10: account 'w' has no user", path);
		test_assert(strstr(err, want) != NULL);
		free(want);
		want = av_asprintf("%s:10: account 'w': security = plain is allowed only to a "
				   "loopback host",
				   path);
		test_assert(strstr(err, want) != NULL);
		free(want);
		/* an unknown key is a warning, not an error */
		want = av_asprintf("%s:15:", path);
		test_assert(strstr(err, want) == NULL);
		free(want);
		test_assert(err[strlen(err) - 1] != '\n');
	}
	free(err);
	free(path);
	test_end();
}

static void
test_unknown_key_warns(void)
{
	static const char text[] = "[me]\naddresses = a@example.net\ncolour = blue\n"
				   "[account x]\nhost = localhost\nuser = u\npassword_cmd = true\n";
	struct av_conf *c = NULL;
	char *err = NULL, *out = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&out, &len);
	char *path = write_conf("unknown", text, 0600);
	char *want = av_asprintf("afterview: warning: %s:3: unknown key 'colour' in [me] ignored\n",
				 path);

	test_begin("unknown keys are warned about with file:line, the file still loads");
	av_log_open("afterview", false);
	av_log_set_stream(mem);
	test_assert_int(av_conf_load(path, &c, &err), AV_OK);
	fclose(mem);
	av_log_close();
	test_assert_str(out, want);
	av_conf_free(&c);
	free(out);
	free(want);
	free(path);
	test_end();
}

static void
test_permissions(void)
{
	struct av_conf *c = NULL;
	char *err = NULL;
	char *path = write_conf("perm", good, 0644);
	char *want = av_asprintf("%s:20: password_cmd is set, but the file is accessible by group "
				 "or others (mode 0644): run chmod 600 %s",
				 path, path);

	test_begin("a file naming a secret and readable by others is refused");
	test_assert_int(av_conf_load(path, &c, &err), AV_ERR_CONFIG);
	test_assert(err != NULL && strstr(err, want) != NULL);
	free(err);
	err = NULL;
	chmod(path, 0640);
	test_assert_int(av_conf_load(path, &c, &err), AV_ERR_CONFIG);
	free(err);
	err = NULL;
	chmod(path, 0600);
	test_assert_int(av_conf_load(path, &c, &err), AV_OK);
	av_conf_free(&c);
	free(want);
	free(path);
	test_end();
}

static void
test_long_and_odd_lines(void)
{
	struct av_buf b;
	struct av_conf *c = NULL;
	char *err = NULL, *path, *want;

	test_begin("over-long lines and NUL bytes are errors, not silent truncation");
	av_buf_init(&b);
	av_buf_puts(&b, "[me]\naddresses = a@example.net\npitch = ");
	for (int i = 0; i < 300; i++)
		av_buf_puts(&b, "x");
	av_buf_puts(&b, "\n[account x]\nhost = localhost\nuser = u\npassword_cmd = true\n");
	path = write_conf("long", b.data, 0600);
	test_assert_int(av_conf_load(path, &c, &err), AV_ERR_CONFIG);
	want = av_asprintf("%s:3: line is longer than", path);
	test_assert(err != NULL && strncmp(err, want, strlen(want)) == 0);
	/* the rest of the file is still read: no bogus errors for lines 4-7 */
	test_assert(err != NULL && strchr(err, '\n') == NULL);
	free(want);
	free(err);
	err = NULL;
	free(path);
	av_buf_clear(&b);
	test_end();

	test_begin("missing file and missing required sections");
	test_assert_int(av_conf_load("/nonexistent/afterview.conf", &c, &err), AV_ERR_CONFIG);
	test_assert_str(err, "/nonexistent/afterview.conf: cannot open: No such file or directory");
	free(err);
	err = NULL;
	path = write_conf("empty", "", 0600);
	test_assert_int(av_conf_load(path, &c, &err), AV_ERR_CONFIG);
	test_assert(err != NULL && strstr(err, "[me] needs addresses") != NULL);
	test_assert(err != NULL && strstr(err, "no [account NAME] section") != NULL);
	free(err);
	free(path);
	test_end();
}

static void
test_secrets(void)
{
	struct av_conf *c = NULL;
	struct av_secret *s = NULL;
	char *err = NULL;
	char *path = write_conf("secret", good, 0600);
	char *out = NULL;
	size_t len = 0;
	FILE *mem;

	test_begin("password_cmd: first line used, masked in every log and in check-config");
	test_assert_int(av_conf_load(path, &c, &err), AV_OK);
	av_log_open("afterview", false);
	test_assert_int(av_conf_secret_fetch(av_conf_account(c, "work"), &s, &err), AV_OK);
	test_assert(s != NULL && !s->oauth2 && strcmp(s->value, "s3cr3t-pass") == 0);
	mem = open_memstream(&out, &len);
	av_log_set_stream(mem);
	av_error("server said: %s", s->value);
	av_conf_print(c, mem);
	fclose(mem);
	test_assert(strstr(out, "s3cr3t") == NULL);
	test_assert(strstr(out, "printf") == NULL);
	test_assert(strstr(out, "password_cmd = ******** (set; not shown)") != NULL);
	free(out);
	av_secret_free(&s);
	test_assert(s == NULL);
	test_assert_int(av_conf_secret_fetch(av_conf_account(c, "local"), &s, &err), AV_OK);
	test_assert(s != NULL && s->oauth2 && strcmp(s->value, "tok-abcdef") == 0);
	av_secret_free(&s);
	av_log_close();
	av_conf_free(&c);
	free(path);
	test_end();
}

static void
test_secret_cmd_failures(void)
{
	struct av_account a;
	struct av_secret *s = NULL;
	char *err = NULL;

	test_begin("a failing password_cmd is a clear error that never shows its output");
	char name[] = "x", fail[] = "echo leaked-pass; exit 3", quiet[] = "true",
	     flood[] = "head -c 20000 /dev/zero | tr '\\0' x";

	memset(&a, 0, sizeof(a));
	a.name = name;
	a.password_cmd = fail;
	test_assert_int(av_conf_secret_fetch(&a, &s, &err), AV_ERR_TEMP);
	test_assert_str(err, "account 'x': password_cmd failed with exit status 3");
	test_assert(s == NULL);
	free(err);
	err = NULL;
	a.password_cmd = quiet;
	test_assert_int(av_conf_secret_fetch(&a, &s, &err), AV_ERR_CONFIG);
	test_assert_str(err, "account 'x': password_cmd printed nothing");
	free(err);
	err = NULL;
	a.password_cmd = flood;
	test_assert_int(av_conf_secret_fetch(&a, &s, &err), AV_ERR_CONFIG);
	test_assert_str(err, "account 'x': password_cmd printed more than 8192 bytes");
	free(err);
	test_end();
}

/* Whether process pid is gone (or only a zombie), waiting up to 3 s for it. */
static bool
gone(pid_t pid)
{
	for (int i = 0; i < 300; i++) {
		char *path = av_asprintf("/proc/%ld/stat", (long)pid);
		FILE *f = fopen(path, "r");
		char state = '?';

		free(path);
		if (f == NULL)
			return kill(pid, 0) != 0;
		if (fscanf(f, "%*d %*s %c", &state) != 1)
			state = '?';
		fclose(f);
		if (state == 'Z')
			return true;
		usleep(10000);
	}
	return false;
}

static pid_t
read_pid(const char *path)
{
	FILE *f = fopen(path, "r");
	long pid = 0;

	if (f != NULL) {
		if (fscanf(f, "%ld", &pid) != 1)
			pid = 0;
		fclose(f);
	}
	return (pid_t)pid;
}

static long long
ms_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
test_secret_cmd_children(void)
{
	char *pidfile = av_asprintf("%s/child.pid", tmpdir);
	char *hang = av_asprintf("sleep 300 & echo $! >'%s'; wait", pidfile);
	char *keep = av_asprintf("echo s3cret-first; sleep 30 & echo $! >'%s'", pidfile);
	char name[] = "x";
	struct av_account a;
	struct av_secret *s = NULL;
	char *err = NULL;
	long long t0;
	pid_t child;

	test_begin("a password_cmd that times out leaves no child running");
	memset(&a, 0, sizeof(a));
	a.name = name;
	a.timeout_s = 1; /* the command gets twice that */
	a.password_cmd = hang;
	t0 = ms_now();
	test_assert_int(av_conf_secret_fetch(&a, &s, &err), AV_ERR_TEMP);
	test_assert(ms_now() - t0 < 4000);
	test_assert_str(err, "account 'x': password_cmd did not finish within 2 s");
	free(err);
	err = NULL;
	child = read_pid(pidfile);
	test_assert(child > 0);
	if (child > 0) {
		test_assert(gone(child));
		kill(child, SIGKILL);
	}
	test_end();

	test_begin("a password_cmd whose child keeps stdout open: the password at once");
	unlink(pidfile);
	a.timeout_s = 5;
	a.password_cmd = keep;
	t0 = ms_now();
	test_assert_int(av_conf_secret_fetch(&a, &s, &err), AV_OK);
	test_assert(ms_now() - t0 < 1500);
	test_assert(s != NULL && strcmp(s->value, "s3cret-first") == 0);
	av_secret_free(&s);
	child = read_pid(pidfile);
	test_assert(child > 0);
	if (child > 0)
		kill(child, SIGKILL);
	test_end();
	free(pidfile);
	free(hang);
	free(keep);
}

static void
test_fifo_config(void)
{
	char *path = av_asprintf("%s/fifo.conf", tmpdir);
	char *want = av_asprintf("%s: cannot open: a FIFO (named pipe), not a regular file", path);
	struct av_conf *c = NULL;
	char *err = NULL;
	long long t0 = ms_now();

	test_begin("a FIFO as the config is refused at once");
	test_assert(mkfifo(path, 0600) == 0);
	test_assert_int(av_conf_load(path, &c, &err), AV_ERR_CONFIG);
	test_assert(c == NULL);
	test_assert_str(err, want);
	test_assert(ms_now() - t0 < 1000);
	free(err);
	free(want);
	free(path);
	test_end();
}

/* The Claws plugin's reading (av_conf_load_client): the account and the identity come
 * from the mail client, so a file with only [me] (even without addresses) is valid for
 * it, while the cron job's av_conf_load still refuses it; no file gives the defaults;
 * other mistakes are still errors. */
static void
test_client(void)
{
	struct av_conf *c = NULL;
	char *err = NULL;
	char *only_me = write_conf("only-me",
				   "[me]\nname = Sam Rivera\nskills = Go\n"
				   "timezone = America/New_York\n[afterview]\nwindow_hours = 48\n",
				   0600);
	char *bad = write_conf("client-bad", "[me]\nname = Sam\n[afterview]\ntone = loud\n", 0600);

	test_begin("client: a file with only [me] is valid for the plugin, not for cron");
	test_assert_int(av_conf_load_client(only_me, &c, &err), AV_OK);
	test_assert(err == NULL);
	if (c != NULL) {
		test_assert_int(c->n_accounts, 0);
		test_assert(c->me.addresses == NULL);
		test_assert_str(c->me.name, "Sam Rivera");
		test_assert_str(c->me.skills, "Go");
		test_assert_int(c->window_hours, 48);
		test_assert_int(c->horizon_days, 60);
		test_assert(av_conf_account(c, NULL) == NULL);
	}
	av_conf_free(&c);
	test_assert_int(av_conf_load(only_me, &c, &err), AV_ERR_CONFIG);
	test_assert(c == NULL);
	test_assert(err != NULL && strstr(err, "no [account NAME] section") != NULL);
	test_assert(err != NULL && strstr(err, "[me] needs addresses") != NULL);
	free(err);
	err = NULL;
	test_end();

	test_begin("client: other mistakes are still errors; no file gives the defaults");
	test_assert_int(av_conf_load_client(bad, &c, &err), AV_ERR_CONFIG);
	test_assert(c == NULL);
	test_assert(err != NULL && strstr(err, "tone") != NULL);
	free(err);
	err = NULL;
	test_assert_int(av_conf_load_client(NULL, &c, &err), AV_OK);
	if (c != NULL) {
		test_assert_str(c->path, "");
		test_assert_int(c->n_accounts, 0);
		test_assert_int(c->window_hours, 24);
		test_assert(c->update_drafts);
		test_assert(c->me.timezone != NULL && c->me.timezone[0] != '\0');
	}
	av_conf_free(&c);
	test_end();
	free(only_me);
	free(bad);
}

int
main(void)
{
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 2;
	}
	test_good();
	test_languages();
	test_client();
	test_all_errors_at_once();
	test_unknown_key_warns();
	test_permissions();
	test_long_and_odd_lines();
	test_secrets();
	test_secret_cmd_failures();
	/* a test that would hang fails instead of blocking the suite */
	alarm(60);
	test_secret_cmd_children();
	test_fifo_config();
	{
		char *cmd = av_asprintf("rm -rf '%s'", tmpdir);

		if (system(cmd) != 0)
			printf("could not remove %s\n", tmpdir);
		free(cmd);
	}
	return test_exit();
}
