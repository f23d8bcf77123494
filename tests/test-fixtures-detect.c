/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Detection on the realistic fixtures: each tests/data/invites/NAME.eml goes through
 * av_mime_parse → av_invite_parse (zone America/New_York) → av_detect_score (sender = the
 * message's From), av_correspondence_not_mine and av_interviewers_find_with (Sam's addresses
 * and name), and the result is compared with the "interview:", "candidate:" and
 * "interviewer:" lines of NAME.expect. A message is an interview
 * when any of its events is; its interviewers are the union over its events (merged by
 * address, then by name; the first event's entry wins), compared as a set. Files whose
 * .expect has "error:" are the parser's business and are skipped here. Where the .expect
 * has "company:" and "role:" lines, the first interview event's employer
 * (av_detect_company with the message's From, display name and Subject) and role
 * (av_summary_read of its summary) must be those. AV_TEST_VERBOSE=1 prints every score,
 * reason, company guess and interviewer. The fixtures of tests/data/detect (issue 10's
 * detection misses) run the same way. */
#include "config.h"

#include <dirent.h>
#include <errno.h>

#include "afterview/addr.h"
#include "afterview/correspondence.h"
#include "afterview/detect.h"
#include "afterview/interviewers.h"
#include "afterview/invite.h"
#include "afterview/log.h"
#include "afterview/mime.h"
#include "afterview/summary.h"
#include "afterview/util.h"
#include "afterview/words.h"
#include "harness.h"

#define ZONE "America/New_York"

static char me1[] = "sam.rivera@example.net", me2[] = "samr@example.net";
static char *const me[] = {me1, me2, NULL};
static const struct av_interviewers_ctx sam = {me, "Sam Rivera", NULL, NULL, 0, NULL};
static struct av_wordlists *words;

static char *
read_all(const char *path, size_t *len_r)
{
	FILE *f = fopen(path, "rb");
	struct av_buf b;
	char chunk[65536];
	size_t n;

	if (f == NULL)
		return NULL;
	av_buf_init(&b);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		av_buf_append(&b, chunk, n);
	fclose(f);
	*len_r = b.len;
	return av_buf_steal(&b);
}

struct expect {
	int interview; /* -1: no line */
	int candidate; /* "candidate:" line: 0 when the person is not the candidate */
	bool error;
	char **interviewers; /* "Name | email-or-- | source | guessed:yes|no" */
	size_t n;
	char *company, *role; /* NULL: no line; "-": none */
};

static void
expect_clear(struct expect *e)
{
	for (size_t i = 0; i < e->n; i++)
		free(e->interviewers[i]);
	free(e->interviewers);
	free(e->company);
	free(e->role);
}

static bool
expect_read(const char *path, struct expect *e)
{
	size_t len;
	char *text = read_all(path, &len), *line, *save = NULL;

	memset(e, 0, sizeof(*e));
	e->interview = -1;
	e->candidate = 1;
	if (text == NULL)
		return false;
	for (line = strtok_r(text, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
		size_t l = strlen(line);

		while (l > 0 && (line[l - 1] == '\r' || line[l - 1] == ' '))
			line[--l] = '\0';
		if (strncmp(line, "interview: ", 11) == 0) {
			e->interview = strcmp(line + 11, "yes") == 0;
		} else if (strncmp(line, "candidate: ", 11) == 0) {
			e->candidate = strcmp(line + 11, "yes") == 0;
		} else if (strncmp(line, "error:", 6) == 0) {
			e->error = true;
		} else if (strncmp(line, "company: ", 9) == 0) {
			free(e->company);
			e->company = av_strdup(line + 9);
		} else if (strncmp(line, "role: ", 6) == 0) {
			free(e->role);
			e->role = av_strdup(line + 6);
		} else if (strncmp(line, "interviewer: ", 13) == 0) {
			e->interviewers =
				av_realloc(e->interviewers, (e->n + 1) * sizeof(*e->interviewers));
			e->interviewers[e->n++] = av_strdup(line + 13);
		}
	}
	free(text);
	return true;
}

/* Add an event's interviewers to the message's union. */
static void
union_add(struct av_interviewer **u, size_t *n, const struct av_interviewer *iv, size_t n_iv)
{
	for (size_t i = 0; i < n_iv; i++) {
		bool dup = false;

		for (size_t k = 0; k < *n && !dup; k++) {
			if (iv[i].email != NULL && (*u)[k].email != NULL)
				dup = av_addr_same(iv[i].email, (*u)[k].email);
			else
				dup = strcmp(iv[i].name, (*u)[k].name) == 0;
		}
		if (dup)
			continue;
		*u = av_realloc(*u, (*n + 1) * sizeof(**u));
		(*u)[*n].name = av_strdup(iv[i].name);
		(*u)[*n].email = iv[i].email ? av_strdup(iv[i].email) : NULL;
		(*u)[*n].source = iv[i].source;
		(*u)[*n].name_guessed = iv[i].name_guessed;
		(*u)[*n].name_initial_only = iv[i].name_initial_only;
		(*u)[*n].email_foreign = iv[i].email_foreign;
		(*u)[*n].email_from_mail = iv[i].email_from_mail;
		(*n)++;
	}
}

/* "Name | email | source | guessed:yes|no", and " | " and the flags set, if any. */
static char *
iv_line(const struct av_interviewer *iv)
{
	const char *flags[3];
	size_t n = 0;
	char *line = av_asprintf("%s | %s | %s | guessed:%s", iv->name, iv->email ? iv->email : "-",
				 av_interviewers_source_name(iv->source),
				 iv->name_guessed ? "yes" : "no");

	if (iv->name_initial_only)
		flags[n++] = "initial-only";
	if (iv->email_foreign)
		flags[n++] = "foreign-address";
	if (iv->email_from_mail)
		flags[n++] = "address-from-mail";
	for (size_t i = 0; i < n; i++) {
		char *more = av_asprintf("%s%s%s", line, i == 0 ? " | " : ",", flags[i]);

		free(line);
		line = more;
	}
	return line;
}

static void
run_fixture(const char *dir, const char *base)
{
	char *eml_path = av_asprintf("%s/%s.eml", dir, base);
	char *exp_path = av_asprintf("%s/%s.expect", dir, base);
	char *name = av_asprintf("fixture %s", base);
	struct expect e;
	struct av_mime_result *res = NULL;
	char *msg = NULL, *error = NULL;
	size_t len = 0, n_union = 0, n_events = 0;
	struct av_interviewer *u = NULL;
	bool any_interview = false, not_mine = false;
	char *company = NULL, *role = NULL; /* of the first interview event */
	struct av_buf why;

	av_buf_init(&why);
	if (!expect_read(exp_path, &e))
		goto cleanup_paths;
	if (e.error)
		goto cleanup_expect; /* the parser's test checks those */
	test_begin(name);
	msg = read_all(eml_path, &len);
	if (!test_assert(msg != NULL))
		goto cleanup_test;
	if (av_mime_parse(msg, len, &res, &error) != AV_OK) {
		printf("  %s: %s\n", base, error);
		test_assert(!"message parses");
		free(error);
		goto cleanup_test;
	}
	for (size_t p = 0; p < res->n_parts; p++) {
		struct av_invite **invs = NULL;
		size_t n = 0;

		if (av_invite_parse(res->parts[p].data, res->parts[p].len, ZONE, &invs, &n,
				    &error) != AV_OK) {
			printf("  %s part %s: %s\n", base, res->parts[p].section, error);
			free(error);
			error = NULL;
			continue;
		}
		for (size_t k = 0; k < n; k++) {
			struct av_detection d;
			struct av_interviewer *iv = NULL;
			size_t n_iv = 0;

			struct av_invite_mail mail = {.from = res->info.from_addr,
						      .from_name = res->info.from_name,
						      .subject = res->info.subject};

			av_detect_score(invs[k], res->info.from_addr, words, &d);
			av_detect_company(invs[k], &mail, words, NULL, &d);
			av_buf_printf(&why, "    event %s \"%s\": score %d%s company %s\n",
				      invs[k]->uid, invs[k]->summary ? invs[k]->summary : "",
				      d.score, d.is_interview ? " (interview)" : "",
				      d.company ? d.company : "-");
			if (d.is_interview && !any_interview) {
				struct av_summary sr;

				company = av_strdup(d.company ? d.company : "-");
				av_summary_read(invs[k]->summary, NULL, NULL, &sr);
				role = av_strdup(sr.role ? sr.role : "-");
				av_summary_clear(&sr);
			}
			for (char **r = d.reasons; *r; r++)
				av_buf_printf(&why, "      %s\n", *r);
			any_interview = any_interview || d.is_interview;
			{
				char *reason = av_correspondence_not_mine(invs[k], &sam);

				if (reason != NULL)
					av_buf_printf(&why, "      %s\n", reason);
				not_mine = not_mine || reason != NULL;
				free(reason);
			}
			av_interviewers_find_with(invs[k], &sam, &iv, &n_iv);
			union_add(&u, &n_union, iv, n_iv);
			av_interviewers_free(&iv, n_iv);
			av_detection_clear(&d);
			n_events++;
		}
		av_invite_free_all(&invs, n);
	}
	if ((e.interview >= 0 && !test_assert_int(any_interview, e.interview)) ||
	    getenv("AV_TEST_VERBOSE") != NULL) {
		printf("  %s: %zu event(s)\n%s", base, n_events, why.data ? why.data : "");
		for (size_t i = 0; i < n_union; i++) {
			char *l = iv_line(&u[i]);

			printf("    interviewer: %s\n", l);
			free(l);
		}
	}
	/* the person on the panel: nobody to thank, so no interviewers to compare */
	if (e.interview == 1 && !test_assert_int(!not_mine, e.candidate))
		printf("  %s:\n%s", base, why.data ? why.data : "");
	/* interviewers matter only where the message is an interview of the person's */
	if (e.interview == 1 && e.candidate == 1) {
		bool *matched = av_calloc(e.n + 1, sizeof(bool));
		bool bad = false;

		for (size_t i = 0; i < n_union; i++) {
			char *got = iv_line(&u[i]);
			bool found = false;

			for (size_t k = 0; k < e.n && !found; k++) {
				if (!matched[k] && strcmp(got, e.interviewers[k]) == 0)
					found = matched[k] = true;
			}
			if (!found) {
				printf("  %s: unexpected interviewer: %s\n", base, got);
				bad = true;
			}
			free(got);
		}
		for (size_t k = 0; k < e.n; k++) {
			if (!matched[k]) {
				printf("  %s: missing interviewer:    %s\n", base,
				       e.interviewers[k]);
				bad = true;
			}
		}
		test_assert(!bad);
		free(matched);
		if (e.company != NULL && !test_assert_str(company, e.company))
			printf("  %s: company\n", base);
		if (e.role != NULL && !test_assert_str(role, e.role))
			printf("  %s: role\n", base);
	}
	free(company);
	free(role);
	av_mime_result_free(&res);

cleanup_test:
	test_end();
	free(msg);
	av_interviewers_free(&u, n_union);
cleanup_expect:
	expect_clear(&e);
cleanup_paths:
	av_buf_clear(&why);
	free(name);
	free(eml_path);
	free(exp_path);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Run every fixture of dir (or the one named); the number of fixtures seen. */
static size_t
run_dir(const char *dir, const char *only)
{
	DIR *d;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0;

	d = opendir(dir);
	if (d == NULL) {
		printf("%s: %s\n", dir, strerror(errno));
		return 0;
	}
	while ((de = readdir(d)) != NULL) {
		size_t l = strlen(de->d_name);

		if (l > 4 && strcmp(de->d_name + l - 4, ".eml") == 0) {
			names = av_realloc(names, (n + 1) * sizeof(*names));
			names[n++] = av_strndup(de->d_name, l - 4);
		}
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_str);
	for (size_t i = 0; i < n; i++) {
		if (only == NULL || strcmp(only, names[i]) == 0)
			run_fixture(dir, names[i]);
		free(names[i]);
	}
	free(names);
	return n;
}

int
main(int argc, char **argv)
{
	const char *srcdir = getenv("srcdir");
	/* tests/data/detect: the detection misses of issue 10 (its README says why apart) */
	static const char *const dirs[] = {"tests/data/invites", "tests/data/detect"};
	bool missing = false;
	char *err = NULL;

	av_log_open("test-fixtures-detect", false);
	av_log_set_level(AV_LOG_ERROR); /* the malformed fixtures log their skips */
	if (av_words_load(NULL, NULL, NULL, &words, &err) != AV_OK) {
		printf("word lists: %s\n", err);
		return 1;
	}
	for (size_t k = 0; k < sizeof(dirs) / sizeof(dirs[0]); k++) {
		char *dir = av_asprintf("%s/%s", srcdir ? srcdir : ".", dirs[k]);

		/* one fixture by name: test-fixtures-detect NAME */
		if (run_dir(dir, argc < 2 ? NULL : argv[1]) == 0) {
			printf("%s: no fixtures found\n", dir);
			missing = true;
		}
		free(dir);
	}
	av_words_free(&words);
	av_invite_cleanup();
	av_log_close();
	if (missing)
		return 1;
	return test_exit();
}
