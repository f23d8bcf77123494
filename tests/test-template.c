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
