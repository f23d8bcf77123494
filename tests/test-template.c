/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Templates: the shipped ones load, every mistake reported as file:line, a missing
 * directory and missing files, the tone's template, filling a line in. (Rendering drafts
 * from templates is tests/test-draft.c.) */
#include "config.h"

#include <sys/stat.h>
#include <unistd.h>

#include "afterview/builtin.h"
#include "afterview/log.h"
#include "afterview/template.h"
#include "afterview/text.h"
#include "afterview/util.h"
#include "harness.h"

#ifndef AV_TEST_SRCDIR
#define AV_TEST_SRCDIR "."
#endif

static char tmpdir[] = "/tmp/av-test-template.XXXXXX";
static bool verbose;

static char *
write_file(const char *name, const char *text)
{
	return test_write_file(tmpdir, name, text, strlen(text));
}

static void
test_shipped_templates(void)
{
	struct av_templates *t = NULL;
	char *err = NULL;

	test_begin("templates: the shipped ones load");
	test_assert_int(av_templates_load(NULL, &t, &err), AV_OK);
	if (err != NULL)
		printf("  %s\n", err);
	test_assert(t != NULL);
	av_templates_free(&t);
	test_assert(t == NULL);
	av_templates_free(&t);
	av_templates_free(NULL);
	test_end();
}

static bool
contains_line(const char *err, const char *want)
{
	const char *p = err;
	size_t n = strlen(want);

	while (p != NULL && *p != '\0') {
		if (strncmp(p, want, n) == 0 && (p[n] == '\n' || p[n] == '\0'))
			return true;
		p = strchr(p, '\n');
		if (p != NULL)
			p++;
	}
	return false;
}

static void
test_template_errors(void)
{
	char *dir = av_asprintf("%s/bad", tmpdir);
	char *formal, *casual, *err = NULL, *want;
	struct av_templates *t = NULL;

	mkdir(dir, 0700);
	formal = av_asprintf("%s/formal.txt", dir);
	casual = av_asprintf("%s/casual.txt", dir);
	free(write_file("bad/formal.txt", "# comment\n"
					  "Subject: Thanks {{role}}\n"
					  "\n"
					  "Dear {{frist_name}},\n"
					  "{{opening}} and {{nope}} and {{ date }}\n"
					  "{{signature\n"
					  "\n"
					  "[opening]\n"
					  "Hello {{x}}\n"
					  "--\n"
					  "Hi {{closing}}\n"
					  "[closing]\n"
					  "Bye\n"
					  "[opening]\n"
					  "again\n"
					  "[topic]\n"
					  "x\n"
					  "[Bad Name]\n"
					  "[empty]\n"));
	free(write_file("bad/casual.txt", "Dear {{name}}\n"
					  "\n"
					  "Body {{name}} {{what}}\n"));
	test_begin("templates: every error reported as file:line");
	test_assert_int(av_templates_load(dir, &t, &err), AV_ERR_CONFIG);
	test_assert(t == NULL);
	if (err == NULL)
		err = av_strdup("");
	want = av_asprintf("%s:4: unknown placeholder {{frist_name}}", formal);
	test_assert(contains_line(err, want));
	free(want);
	want = av_asprintf("%s:5: unknown placeholder {{nope}}", formal);
	test_assert(contains_line(err, want));
	free(want);
	want = av_asprintf("%s:9: unknown placeholder {{x}}", formal);
	test_assert(contains_line(err, want));
	free(want);
	want = av_asprintf("%s:6: \"{{\" without \"}}\"", formal);
	test_assert(contains_line(err, want));
	free(want);
	want = av_asprintf("%s:11: {{closing}} is a section; section [opening] cannot use "
			   "sections",
			   formal);
	test_assert(contains_line(err, want));
	free(want);
	want = av_asprintf("%s:14: section [opening] is defined twice", formal);
	test_assert(contains_line(err, want));
	free(want);
	want = av_asprintf("%s:16: section [topic] has the name of a placeholder", formal);
	test_assert(contains_line(err, want));
	free(want);
	want = av_asprintf("%s:18: bad section header (expected [name]: lower-case letters, "
			   "digits, '_' and '-')",
			   formal);
	test_assert(contains_line(err, want));
	free(want);
	want = av_asprintf("%s:19: section [empty] has no lines", formal);
	test_assert(contains_line(err, want));
	free(want);
	/* the second file too, in the same message */
	want = av_asprintf("%s:1: expected a \"Subject:\" line first", casual);
	test_assert(contains_line(err, want));
	free(want);
	want = av_asprintf("%s:3: unknown placeholder {{what}}", casual);
	test_assert(contains_line(err, want));
	free(want);
	/* a known placeholder is no error */
	test_assert(strstr(err, "{{role}}") == NULL && strstr(err, "{{date}}") == NULL);
	if (verbose)
		printf("%s\n", err);
	free(err);
	err = NULL;
	test_end();

	test_begin("templates: a missing directory is an error, a missing file falls back");
	test_assert_int(av_templates_load("/nonexistent/afterview", &t, &err), AV_ERR_CONFIG);
	test_assert(err != NULL && strstr(err, "/nonexistent/afterview") != NULL);
	free(err);
	err = NULL;
	unlink(casual); /* formal.txt is still bad */
	test_assert_int(av_templates_load(dir, &t, &err), AV_ERR_CONFIG);
	test_assert(err != NULL && strstr(err, "casual.txt") == NULL);
	free(err);
	err = NULL;
	free(write_file("bad/formal.txt", "Subject: Hi\n\nBody\n"));
	test_assert_int(av_templates_load(dir, &t, &err), AV_OK);
	av_templates_free(&t);
	free(write_file("bad/formal.txt", "Subject: Hi\nBody\n"));
	test_assert_int(av_templates_load(dir, &t, &err), AV_ERR_CONFIG);
	want = av_asprintf("%s:2: expected a blank line after the Subject: lines", formal);
	test_assert(err != NULL && contains_line(err, want));
	free(want);
	free(err);
	err = NULL;
	free(write_file("bad/formal.txt", ""));
	test_assert_int(av_templates_load(dir, &t, &err), AV_ERR_CONFIG);
	want = av_asprintf("%s:1: no \"Subject:\" line", formal);
	test_assert(err != NULL && contains_line(err, want));
	free(want);
	free(err);
	err = NULL;
	free(write_file("bad/formal.txt", "Subject: x\n\n\xff\xfe {{name}}\n"));
	test_assert_int(av_templates_load(dir, &t, &err), AV_ERR_CONFIG);
	want = av_asprintf("%s:3: not valid UTF-8", formal);
	test_assert(err != NULL && contains_line(err, want));
	free(want);
	free(err);
	test_end();
	unlink(formal);
	rmdir(dir);
	free(formal);
	free(casual);
	free(dir);
}

static void
test_tone_and_expand(void)
{
	char *dir = av_asprintf("%s/expand", tmpdir);
	struct av_templates *t = NULL;
	const struct av_template *f, *c;
	char *err = NULL, *val[AV_PH_COUNT] = {0}, *choice[2] = {NULL, NULL}, *e;

	mkdir(dir, 0700);
	free(write_file("expand/formal.txt", "Subject: Formal {{role}}\n"
					     "Subject: Formal\n"
					     "\n"
					     "Dear {{ first_name }}, {{greet}}\n"
					     "\n"
					     "[greet]\n"
					     "hello {{company}}\n"
					     "--\n"
					     "hi\n"
					     "[unused]\n"
					     "never\n"));
	free(write_file("expand/casual.txt", "Subject: Casual\n\nHey {{name}}\n"));
	test_begin("templates: each tone's file, its lines, sections and groups");
	test_assert_int(av_templates_load(dir, &t, &err), AV_OK);
	if (err != NULL)
		printf("  %s\n", err);
	if (t == NULL) {
		test_end();
		goto out;
	}
	f = av_templates_tone(t, AV_TONE_FORMAL);
	c = av_templates_tone(t, AV_TONE_CASUAL);
	test_assert(f != c);
	test_assert(strstr(f->path, "formal.txt") != NULL);
	test_assert(strstr(c->path, "casual.txt") != NULL);
	test_assert_int(f->n_subject, 2);
	test_assert_str(f->subject[1].text, "Formal");
	test_assert_int(f->subject[1].line, 2);
	test_assert_int(f->n_body, 2); /* the blank line before [greet] is part of the body */
	test_assert_str(f->body[0].text, "Dear {{ first_name }}, {{greet}}");
	test_assert_int(f->n_sections, 2);
	test_assert_str(f->sections[0].name, "greet");
	test_assert(f->sections[0].used);
	test_assert(!f->sections[1].used);
	test_assert_int(f->sections[0].n_variants, 2);
	test_assert_int(f->sections[0].variants[0].group, 0);
	test_assert_int(f->sections[0].variants[1].group, 1);
	test_assert_int(c->n_sections, 0);
	test_end();

	test_begin("templates: a line filled in, or NULL when a value is missing");
	test_assert(av_template_expand(f, val, NULL, f->subject[0].text) == NULL);
	e = av_template_expand(f, val, NULL, f->subject[1].text);
	test_assert_str(e, "Formal");
	free(e);
	val[AV_PH_ROLE] =
		av_strdup("Staff {{name}} Engineer"); /* a value is never expanded again */
	e = av_template_expand(f, val, NULL, f->subject[0].text);
	test_assert_str(e, "Formal Staff {{name}} Engineer");
	free(e);
	val[AV_PH_FIRST_NAME] = av_strdup("Jane");
	/* a section without a choice (or without choices at all) has no value */
	test_assert(av_template_expand(f, val, NULL, f->body[0].text) == NULL);
	test_assert(av_template_expand(f, val, choice, f->body[0].text) == NULL);
	choice[0] = av_strdup("hi");
	e = av_template_expand(f, val, choice, f->body[0].text);
	test_assert_str(e, "Dear Jane, hi");
	free(e);
	e = av_template_expand(f, val, choice, "");
	test_assert_str(e, "");
	free(e);
	/* text that is no line of the file: unclosed braces are copied, not an error */
	e = av_template_expand(f, val, choice, "a {{first_name}} {{ b");
	test_assert_str(e, "a Jane {{ b");
	free(e);
	test_assert(av_template_expand(f, val, choice, "{{nosuch}}") == NULL);
	test_end();
out:
	free(val[AV_PH_ROLE]);
	free(val[AV_PH_FIRST_NAME]);
	free(choice[0]);
	av_templates_free(&t);
	free(err);
	free(dir);
}

/* The placeholders and sections a line uses, as a sorted set of names ("|date|role|"),
 * for comparing two languages' lines. A greeting may use the full name where English
 * uses the first name ("Guten Tag Jane Okafor,"): both count as "name" when person is
 * set. */
static char *
names_used(const char *text, bool person)
{
	char *names[32];
	size_t n = 0;
	struct av_buf b;

	for (const char *p = strstr(text, "{{"); p != NULL && n < 32; p = strstr(p, "{{")) {
		const char *e = strstr(p + 2, "}}");
		size_t k;
		char *name;

		if (e == NULL)
			break;
		name = av_strndup(p + 2, (size_t)(e - p - 2));
		if (person && strcmp(name, "first_name") == 0) {
			free(name);
			name = av_strdup("name");
		}
		for (k = 0; k < n && strcmp(names[k], name) != 0; k++)
			;
		if (k == n) {
			/* insertion sort */
			for (k = n; k > 0 && strcmp(names[k - 1], name) > 0; k--)
				names[k] = names[k - 1];
			names[k] = name;
			n++;
		} else {
			free(name);
		}
		p = e + 2;
	}
	av_buf_init(&b);
	av_buf_puts(&b, "|");
	for (size_t k = 0; k < n; k++) {
		av_buf_puts(&b, names[k]);
		av_buf_puts(&b, "|");
		free(names[k]);
	}
	return av_buf_steal(&b);
}

static bool
same_names(const char *a, const char *b, bool person)
{
	char *x = names_used(a, person), *y = names_used(b, person);
	bool same = strcmp(x, y) == 0;

	if (!same)
		printf("  placeholders differ: %s (\"%s\") and %s (\"%s\")\n", x, a, y, b);
	free(x);
	free(y);
	return same;
}

/* Every language's templates against the default language's, tone by tone: the same
 * sections with the same variants in the same fallback groups, each variant, body line
 * and Subject: line using the same placeholders; so a panel gets as many different
 * wordings in every language, and a fallback group means the same everywhere. */
static void
test_languages(void)
{
	static const char *const tone_names[2] = {"formal", "casual"};
	const char *const *codes;
	size_t n = av_templates_languages(&codes);
	struct av_templates *t = NULL;
	char *err = NULL;

	test_begin("languages: en, es, de, fr, the default first; has_language");
	test_assert_int(n, 4);
	test_assert_str(codes[0], AV_TEMPLATES_DEFAULT_LANGUAGE);
	test_assert_str(codes[0], "en");
	test_assert_int(av_templates_load(NULL, &t, &err), AV_OK);
	if (err != NULL)
		printf("  %s\n", err);
	if (t == NULL) {
		test_end();
		return;
	}
	for (size_t l = 0; l < n; l++) {
		test_assert(av_templates_has_language(t, codes[l]));
		test_assert(av_templates_has_language(NULL, codes[l]));
	}
	test_assert(av_templates_has_language(t, "ES"));
	test_assert(av_templates_has_language(t, NULL));
	test_assert(av_templates_has_language(t, ""));
	test_assert(!av_templates_has_language(t, "it"));
	test_assert(!av_templates_has_language(t, "e"));
	test_assert(!av_templates_has_language(t, "esp"));
	test_assert(!av_templates_has_language(t, "es-ES"));
	/* the default language's templates for an unknown one */
	test_assert(av_templates_get(t, "it", AV_TONE_CASUAL) ==
		    av_templates_tone(t, AV_TONE_CASUAL));
	test_assert(av_templates_get(t, NULL, AV_TONE_FORMAL) ==
		    av_templates_tone(t, AV_TONE_FORMAL));
	test_assert(av_templates_get(t, "de", AV_TONE_FORMAL) !=
		    av_templates_get(t, "de", AV_TONE_CASUAL));
	test_assert(av_templates_get(t, "DE", AV_TONE_FORMAL) ==
		    av_templates_get(t, "de", AV_TONE_FORMAL));
	test_end();

	for (size_t l = 0; l < n; l++)
		for (int tone = 0; tone < 2; tone++) {
			const struct av_template *en = av_templates_get(t, NULL, tone);
			const struct av_template *x = av_templates_get(t, codes[l], tone);
			char *title = av_asprintf("languages: %s %s, the file and its sections "
						  "like the default language's",
						  codes[l], tone_names[tone]);
			char *file = l == 0 ? av_asprintf("/%s.txt", tone_names[tone])
					    : av_asprintf("/%s.%s.txt", tone_names[tone], codes[l]);

			test_begin(title);
			test_assert_str(x->language, codes[l]);
			if (!test_assert(strlen(x->path) > strlen(file) &&
					 strcmp(x->path + strlen(x->path) - strlen(file), file) ==
						 0))
				printf("  path %s\n", x->path);
			test_assert_int(x->n_subject, en->n_subject);
			for (size_t i = 0; i < x->n_subject && i < en->n_subject; i++)
				test_assert(
					same_names(x->subject[i].text, en->subject[i].text, false));
			test_assert_int(x->n_body, en->n_body);
			for (size_t i = 0; i < x->n_body && i < en->n_body; i++)
				test_assert(same_names(x->body[i].text, en->body[i].text, false));
			test_assert_int(x->n_sections, en->n_sections);
			for (size_t s = 0; s < x->n_sections && s < en->n_sections; s++) {
				const struct av_template_section *a = &x->sections[s],
								 *b = &en->sections[s];

				test_assert_str(a->name, b->name);
				test_assert(a->used && b->used);
				test_assert_int(a->n_variants, b->n_variants);
				for (size_t v = 0; v < a->n_variants && v < b->n_variants; v++) {
					test_assert_int(a->variants[v].group, b->variants[v].group);
					test_assert(same_names(a->variants[v].text,
							       b->variants[v].text,
							       strcmp(a->name, "greeting") == 0));
					/* variants are different wordings */
					for (size_t w = 0; w < v; w++)
						test_assert(strcmp(a->variants[v].text,
								   a->variants[w].text) != 0);
				}
			}
			test_end();
			free(title);
			free(file);
		}
	av_templates_free(&t);
}

/* A person's directory overrides one language's file and nothing else; its mistakes are
 * reported with its name. */
static void
test_language_override(void)
{
	char *dir = av_asprintf("%s/lang", tmpdir), *err = NULL;
	struct av_templates *t = NULL;

	mkdir(dir, 0700);
	free(write_file("lang/casual.es.txt", "Subject: Hola\n\nHola, {{first_name}}:\n"));
	test_begin("languages: templates = DIR overrides one language's file");
	test_assert_int(av_templates_load(dir, &t, &err), AV_OK);
	if (t != NULL) {
		const struct av_template *c = av_templates_get(t, "es", AV_TONE_CASUAL);

		test_assert(strstr(c->path, "lang/casual.es.txt") != NULL);
		test_assert_str(c->subject[0].text, "Hola");
		test_assert(strstr(av_templates_get(t, "es", AV_TONE_FORMAL)->path, "lang/") ==
			    NULL);
		test_assert(strstr(av_templates_tone(t, AV_TONE_CASUAL)->path, "lang/") == NULL);
		test_assert(av_templates_get(t, "es", AV_TONE_FORMAL)->n_sections > 0);
	}
	av_templates_free(&t);
	free(write_file("lang/formal.de.txt", "Subject: Danke\n\nGuten Tag {{vorname}},\n"));
	test_assert_int(av_templates_load(dir, &t, &err), AV_ERR_CONFIG);
	test_assert(t == NULL);
	test_assert(err != NULL && strstr(err, "lang/formal.de.txt:3: unknown placeholder "
					       "{{vorname}}") != NULL);
	free(err);
	err = NULL;
	test_end();
	free(dir);
}

/* The bytes of a file of the source tree (malloc'd), or NULL. */
static char *
source_file(const char *rel, size_t *len_r)
{
	const char *src = getenv("srcdir");
	char *path = av_asprintf("%s/%s", src != NULL ? src : AV_TEST_SRCDIR, rel);
	FILE *f = fopen(path, "rb");
	struct av_buf b;
	char chunk[4096];
	size_t n;

	free(path);
	if (f == NULL)
		return NULL;
	av_buf_init(&b);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		av_buf_append(&b, chunk, n);
	fclose(f);
	*len_r = b.len;
	return av_buf_steal(&b);
}

/* The shipped files compiled in (builtin.h): the same bytes as in the source tree, used
 * when no file is where templates are looked for, and a file that is there wins. */
static void
test_builtin_templates(void)
{
	static const char *const shipped[] = {"contrib/templates/formal.txt",
					      "contrib/templates/casual.txt",
					      "contrib/templates/formal.es.txt",
					      "contrib/templates/casual.es.txt",
					      "contrib/templates/formal.de.txt",
					      "contrib/templates/casual.de.txt",
					      "contrib/templates/formal.fr.txt",
					      "contrib/templates/casual.fr.txt",
					      "data/windowsZones.tsv"};
	const char *was = getenv("AFTERVIEW_TEMPLATES");
	char *saved = was != NULL ? av_strdup(was) : NULL, *dir, *err = NULL;
	struct av_templates *t = NULL;

	test_begin("templates: the compiled-in copies are the shipped files");
	for (size_t i = 0; i < sizeof(shipped) / sizeof(shipped[0]); i++) {
		const struct av_builtin_file *b = av_builtin_find(strrchr(shipped[i], '/') + 1);
		size_t len = 0;
		char *file = source_file(shipped[i], &len);

		test_assert(file != NULL);
		test_assert(b != NULL);
		if (b != NULL && file != NULL) {
			test_assert_int(b->len, len);
			test_assert(b->len == len && memcmp(b->data, file, len) == 0);
			/* every template is valid UTF-8 as a whole, not only line by line */
			if (strstr(shipped[i], "templates/") != NULL)
				test_assert(av_utf8_valid(file, len));
			test_assert(b->data[b->len] == '\0');
		}
		free(file);
	}
	test_assert(av_builtin_find("nosuch.txt") == NULL);
	test_assert(av_builtin_find("templates/formal.txt") == NULL);
	test_end();

	test_begin("templates: no files anywhere, the built-in ones");
	dir = av_asprintf("%s/none", tmpdir);
	setenv("AFTERVIEW_TEMPLATES", dir, 1);
	test_assert_int(av_templates_load(NULL, &t, &err), AV_OK);
	if (err != NULL)
		printf("  %s\n", err);
	if (t != NULL) {
		test_assert_str(av_templates_tone(t, AV_TONE_FORMAL)->path, "built-in formal.txt");
		test_assert_str(av_templates_tone(t, AV_TONE_CASUAL)->path, "built-in casual.txt");
		test_assert_str(av_templates_get(t, "fr", AV_TONE_CASUAL)->path,
				"built-in casual.fr.txt");
		test_assert_str(av_templates_get(t, "de", AV_TONE_FORMAL)->path,
				"built-in formal.de.txt");
		test_assert(av_templates_tone(t, AV_TONE_FORMAL)->n_subject > 0);
		test_assert(av_templates_tone(t, AV_TONE_CASUAL)->n_sections > 0);
	}
	av_templates_free(&t);
	free(dir);
	test_end();

	test_begin("templates: a shipped file that is there wins over the built-in one");
	dir = av_asprintf("%s/shipped", tmpdir);
	mkdir(dir, 0700);
	free(write_file("shipped/casual.txt", "Subject: Mine\n\nHi {{first_name}}\n"));
	setenv("AFTERVIEW_TEMPLATES", dir, 1);
	test_assert_int(av_templates_load(NULL, &t, &err), AV_OK);
	if (t != NULL) {
		const struct av_template *c = av_templates_tone(t, AV_TONE_CASUAL);

		test_assert_str(av_templates_tone(t, AV_TONE_FORMAL)->path, "built-in formal.txt");
		test_assert(strstr(c->path, "shipped/casual.txt") != NULL);
		test_assert_int(c->n_subject, 1);
		test_assert_str(c->subject[0].text, "Mine");
	}
	av_templates_free(&t);
	/* a broken file is reported, never silently replaced by the built-in one */
	free(write_file("shipped/formal.txt", "no subject here\n"));
	test_assert_int(av_templates_load(NULL, &t, &err), AV_ERR_CONFIG);
	test_assert(t == NULL);
	test_assert(err != NULL && strstr(err, "shipped/formal.txt:1:") != NULL);
	free(err);
	err = NULL;
	free(dir);
	test_end();

	if (saved != NULL)
		setenv("AFTERVIEW_TEMPLATES", saved, 1);
	else
		unsetenv("AFTERVIEW_TEMPLATES");
	free(saved);
}

int
main(void)
{
	const char *src = getenv("srcdir");

	verbose = getenv("AV_TEST_VERBOSE") != NULL;
	av_log_open("test-template", false);
	av_log_set_level(AV_LOG_ERROR);
	if (getenv("AFTERVIEW_TEMPLATES") == NULL) {
		char *p = av_asprintf("%s/contrib/templates", src != NULL ? src : AV_TEST_SRCDIR);

		setenv("AFTERVIEW_TEMPLATES", p, 1);
		free(p);
	}
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 2;
	}
	test_shipped_templates();
	test_template_errors();
	test_tone_and_expand();
	test_languages();
	test_language_override();
	test_builtin_templates();
	av_log_close();
	{
		char *cmd = av_asprintf("rm -rf '%s'", tmpdir);

		if (system(cmd) != 0)
			printf("could not remove %s\n", tmpdir);
		free(cmd);
	}
	return test_exit();
}
