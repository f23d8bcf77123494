/* SPDX-License-Identifier: GPL-3.0-or-later */
/* language.c: the interview's language. Texts built here for the rules; then the
 * fixtures of tests/data/language (each with its language in tests/data/language/EXPECTED)
 * and every invite fixture of tests/data/invites and tests/data/detect, which give
 * English unless listed below, through mime.c and invite.c. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "afterview/detect.h"
#include "afterview/invite.h"
#include "afterview/language.h"
#include "afterview/log.h"
#include "afterview/mime.h"
#include "afterview/util.h"
#include "afterview/words.h"
#include "harness.h"

#ifndef AV_TEST_SRCDIR
#define AV_TEST_SRCDIR "."
#endif

#define ZONE "America/New_York"

static struct av_wordlists *words;

static void
print_reasons(const struct av_language *l)
{
	printf("    decided %s (confidence %d)\n", l->code, l->confidence);
	for (char **r = l->reasons; r && *r; r++)
		printf("      %s\n", *r);
}

/* The language of the texts, with the reasons printed when it is not want. */
static bool
is_lang(const char *want, const char *summary, const char *description, const char *org)
{
	struct av_language l;
	bool ok;

	av_language_detect_texts(summary, description, org, NULL, NULL, &l);
	ok = strcmp(l.code, want) == 0;
	if (!ok)
		print_reasons(&l);
	av_language_clear(&l);
	return ok;
}

static bool
has_reason_start(const struct av_language *l, const char *start)
{
	for (char **r = l->reasons; r && *r; r++)
		if (strncmp(*r, start, strlen(start)) == 0)
			return true;
	return false;
}

static void
test_short_summaries(void)
{
	test_begin("short summaries alone");
	test_assert(is_lang("es", "Entrevista – Ingeniera de Datos", NULL, NULL));
	test_assert(
		is_lang("de", "Vorstellungsgespräch für die Stelle als Entwicklerin", NULL, NULL));
	test_assert(is_lang("fr", "Entretien d'embauche pour le poste de développeur", NULL, NULL));
	test_assert(is_lang("en", "Interview with Acme for the Data Engineer role", NULL, NULL));
	/* accented capitals and all capitals are the same words */
	test_assert(is_lang("es", "ENTREVISTA TÉCNICA CON EL EQUIPO", NULL, NULL));
	test_assert(is_lang("de", "VORSTELLUNGSGESPRÄCH ÜBER DIE STELLE", NULL, NULL));
	test_end();
}

static void
test_too_little(void)
{
	struct av_language l;

	test_begin("too little text: the default, with confidence 0");
	/* a name and a role say nothing */
	test_assert(is_lang("en", "Marta García / Sam Rivera", NULL, NULL));
	test_assert(is_lang("en", "Jürgen Weiß", NULL, NULL));
	test_assert(is_lang("en", NULL, NULL, NULL));
	test_assert(is_lang("en", "", "", ""));
	av_language_detect_texts("Sync", NULL, NULL, NULL, NULL, &l);
	test_assert_str(l.code, "en");
	test_assert(l.confidence == 0);
	test_assert(has_reason_start(&l, "English, the default: too few words"));
	av_language_clear(&l);
	av_language_clear(&l); /* cleared twice is fine */
	av_language_clear(NULL);
	av_language_detect(NULL, NULL, &l);
	test_assert_str(l.code, "en");
	test_assert(l.reasons == NULL);
	test_end();
}

static void
test_mixed(void)
{
	struct av_language l;

	test_begin("mixed: the employer's words outweigh an English summary");
	/* an ATS titled the event in English; the recruiter wrote in German */
	av_language_detect_texts(
		"Interview: Senior Data Engineer (Round 2)",
		"Hallo Sam,\n\nwir freuen uns sehr auf das Gespräch mit Ihnen. Bitte nutzen Sie "
		"den "
		"Link unten, um teilzunehmen. Bei Fragen melden Sie sich gerne bei mir.\n\nViele "
		"Grüße\nJürgen Weiß",
		"Jürgen Weiß (Personalabteilung)", "Invitation: Interview: Senior Data Engineer",
		NULL, &l);
	test_assert_str(l.code, "de");
	test_assert(has_reason_start(&l, "summary: en"));
	test_assert(has_reason_start(&l, "description: de"));
	test_assert(has_reason_start(&l, "German: the employer's own words"));
	test_assert(l.confidence > 50);
	av_language_clear(&l);
	/* and the other way: a Spanish title, an English body written by the recruiter */
	test_assert(is_lang("en", "Entrevista – Ingeniera de Datos",
			    "Hi Sam, we are looking forward to our conversation. Please join with "
			    "the link below and let us know if you have any questions.",
			    NULL));
	test_end();
}

static void
test_few_foreign_words(void)
{
	test_begin("a few English words in a German description do not flip it");
	test_assert(
		is_lang("de", "Meeting: Team Call",
			"Hallo Anna, wir haben das Meeting für Dienstag geplant. Das Team freut "
			"sich auf den Call mit dir. Please join on time! Viele Grüße",
			NULL));
	test_assert(is_lang("en", "Interview with the Platform team",
			    "Hi Sam, thank you for your interest. You will meet Jürgen Müller "
			    "and María José Fernández. We are looking forward to it. Best regards",
			    NULL));
	/* Spanish names and a French street in an English invite */
	test_assert(is_lang("en", "Phone screen with Northwind",
			    "Dear Sam, this is a call with our recruiter to discuss the role and "
			    "your background. Address: 12 rue de la Paix, Paris.",
			    "José García"));
	test_end();
}

static void
test_boilerplate(void)
{
	test_begin("the calendar product's boilerplate is not the employer's words");
	test_assert(is_lang(
		"es", "Entrevista",
		"Hola Sam, te esperamos para la entrevista con el equipo.\n"
		"\n-::~:~::~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~::~:~::-\n"
		"Join with Google Meet: https://meet.google.com/abc-defg-hij\n"
		"Join by phone (US) +1 555-0100 PIN: 123456\n"
		"Learn more about Meet at: https://support.google.com/a/users/answer/9282720\n"
		"Please do not edit this section of the description. Invitation from Google "
		"Calendar. You are receiving this because you are an attendee of the event.\n"
		"-::~:~::~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~::~:~::-\n",
		NULL));
	test_assert(is_lang(
		"fr", "Entretien",
		"Bonjour Sam, nous serons ravis d'échanger avec vous.\n"
		"______________________________________________________________________\n"
		"Microsoft Teams meeting\nJoin on your computer, mobile app or room device\n"
		"Click here to join the meeting\nMeeting ID: 123 456 789\nPasscode: abc\n"
		"Learn More | Meeting options\n"
		"______________________________________________________________________\n",
		NULL));
	test_end();
}

static void
test_codes(void)
{
	test_begin("language codes and names");
	test_assert_str(av_language_code("es"), "es");
	test_assert_str(av_language_code(" DE "), "de");
	test_assert_str(av_language_code("Fr"), "fr");
	test_assert(av_language_code("it") == NULL);
	test_assert(av_language_code("spanish") == NULL);
	test_assert(av_language_code("e") == NULL);
	test_assert(av_language_code("") == NULL);
	test_assert(av_language_code(NULL) == NULL);
	test_assert_str(av_language_name("de"), "German");
	test_assert_str(av_language_name("xx"), "xx");
	test_assert_str(av_language_codes[0], AV_LANGUAGE_DEFAULT);
	test_end();
}

/* ---- fixtures ---------------------------------------------------------------------- */

static char *
read_all(const char *path, size_t *len_r)
{
	FILE *f = fopen(path, "rb");
	struct av_buf b;
	char chunk[8192];
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

/* The language of the first interview of the message at path (else of its first event),
 * into want's comparison; *interview_r whether any event is an interview. NULL when the
 * message has no event. */
static const char *
fixture_language(const char *path, bool *interview_r, struct av_language *l)
{
	struct av_mime_result *res = NULL;
	char *msg, *error = NULL;
	size_t len = 0;
	const char *code = NULL;
	bool chosen = false;

	*interview_r = false;
	memset(l, 0, sizeof(*l));
	if ((msg = read_all(path, &len)) == NULL)
		return NULL;
	if (av_mime_parse(msg, len, &res, &error) != AV_OK) {
		free(error);
		free(msg);
		return NULL;
	}
	for (size_t p = 0; p < res->n_parts; p++) {
		struct av_invite **invs = NULL;
		size_t n = 0;
		struct av_invite_mail mail = {.from = res->info.from_addr,
					      .from_name = res->info.from_name,
					      .subject = res->info.subject};

		if (av_invite_parse(res->parts[p].data, res->parts[p].len, ZONE, &invs, &n,
				    &error) != AV_OK) {
			free(error);
			error = NULL;
			continue;
		}
		for (size_t k = 0; k < n; k++) {
			struct av_detection d;

			av_detect_score_msg(invs[k], &mail, words, NULL, &d);
			if (!chosen || (d.is_interview && !*interview_r)) {
				av_language_clear(l);
				av_language_detect(invs[k], &mail, l);
				code = l->code;
				chosen = true;
			}
			*interview_r = *interview_r || d.is_interview;
			av_detection_clear(&d);
		}
		av_invite_free_all(&invs, n);
	}
	av_mime_result_free(&res);
	free(msg);
	return code;
}

/* The fixtures of tests/data/language: "NAME CODE" lines in EXPECTED; each must be an
 * interview and give CODE. */
static void
test_language_fixtures(const char *srcdir)
{
	char *path = av_asprintf("%s/tests/data/language/EXPECTED", srcdir);
	FILE *f = fopen(path, "r");
	char line[512];
	unsigned n = 0;

	test_begin("tests/data/language fixtures give their language");
	if (!test_assert(f != NULL)) {
		free(path);
		test_end();
		return;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		char name[200], want[8], *eml;
		struct av_language l;
		const char *got;
		bool interview;

		if (line[0] == '#' || sscanf(line, "%199s %7s", name, want) != 2)
			continue;
		eml = av_asprintf("%s/tests/data/language/%s.eml", srcdir, name);
		got = fixture_language(eml, &interview, &l);
		n++;
		if (!test_assert(got != NULL && strcmp(got, want) == 0) || !interview) {
			printf("  %s: want %s, got %s%s\n", name, want, got ? got : "(no event)",
			       interview ? "" : " (and not an interview)");
			print_reasons(&l);
		}
		test_assert(interview);
		av_language_clear(&l);
		free(eml);
	}
	fclose(f);
	test_assert(n >= 12);
	free(path);
	test_end();
}

/* The invite fixtures that are clearly in another language than English. */
static const struct {
	const char *name, *code;
} foreign[] = {
	{"french-entretien", "fr"},
	{"german-vorstellungsgespraech", "de"},
	{"spanish-entrevista", "es"},
};

static void
test_invite_fixtures(const char *srcdir, const char *sub)
{
	char *dir = av_asprintf("%s/%s", srcdir, sub), *name = av_asprintf("%s: English unless "
									   "listed",
									   sub);
	DIR *d = opendir(dir);
	struct dirent *de;
	unsigned n = 0;

	test_begin(name);
	if (!test_assert(d != NULL))
		goto out;
	while ((de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name);
		char *eml, *base;
		const char *got, *want = "en";
		struct av_language l;
		bool interview;

		if (len <= 4 || strcmp(de->d_name + len - 4, ".eml") != 0)
			continue;
		base = av_strndup(de->d_name, len - 4);
		for (size_t i = 0; i < sizeof(foreign) / sizeof(foreign[0]); i++)
			if (strcmp(base, foreign[i].name) == 0)
				want = foreign[i].code;
		eml = av_asprintf("%s/%s", dir, de->d_name);
		got = fixture_language(eml, &interview, &l);
		n++;
		if (got != NULL && !test_assert(strcmp(got, want) == 0)) {
			printf("  %s: want %s, got %s\n", base, want, got);
			print_reasons(&l);
		}
		av_language_clear(&l);
		free(eml);
		free(base);
	}
	closedir(d);
	test_assert(n > 0);
out:
	test_end();
	free(dir);
	free(name);
}

int
main(void)
{
	const char *srcdir = getenv("srcdir");
	char *error = NULL;

	av_log_open("test-language", false);
	av_log_set_level(AV_LOG_ERROR);
	if (srcdir == NULL)
		srcdir = AV_TEST_SRCDIR;
	if (av_words_load(NULL, NULL, NULL, &words, &error) != AV_OK) {
		printf("word lists: %s\n", error);
		free(error);
		return 1;
	}
	test_short_summaries();
	test_too_little();
	test_mixed();
	test_few_foreign_words();
	test_boilerplate();
	test_codes();
	test_language_fixtures(srcdir);
	test_invite_fixtures(srcdir, "tests/data/invites");
	test_invite_fixtures(srcdir, "tests/data/detect");
	av_words_free(&words);
	av_invite_cleanup();
	av_log_close();
	return test_exit();
}
