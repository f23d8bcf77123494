/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: bytes -> a template file -> av_templates_load (template.c's reading
 * and checks), then every Subject:, body and section line of a template that loads filled
 * in with a value for every placeholder and a choice for every section, and with none.
 * template.c reads files from a directory, so each input is written to a private
 * temporary directory as formal.txt (casual.txt comes from the built-in copy). Seeds:
 * tests/fuzz/corpus-template and contrib/templates. */
#include "config.h"

#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "afterview/log.h"
#include "afterview/template.h"
#include "afterview/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static FILE *devnull;
static char dir[] = "/tmp/av-fuzz-template.XXXXXX";
static char path[sizeof(dir) + 16];

static void
remove_dir(void)
{
	unlink(path);
	rmdir(dir);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	av_log_open("fuzz-template", false);
	devnull = fopen("/dev/null", "w");
	av_log_set_stream(devnull);
	av_log_set_debug("all", NULL);
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		exit(1);
	}
	snprintf(path, sizeof(path), "%s/formal.txt", dir);
	atexit(remove_dir);
	/* casual.txt from the compiled-in copy, whatever is installed */
	setenv("AFTERVIEW_TEMPLATES", dir, 1);
	return 0;
}

/* Fill every line of t in, with values (and choices) or with none; a line filled in is
 * valid UTF-8 as its parts are. */
static void
expand_all(const struct av_template *t, char *const *val, char *const *choice)
{
	const struct av_template_line *sets[2] = {t->subject, t->body};
	size_t ns[2] = {t->n_subject, t->n_body};

	for (int s = 0; s < 2; s++)
		for (size_t i = 0; i < ns[s]; i++) {
			char *e = av_template_expand(t, val, choice, sets[s][i].text);

			if (e != NULL && !av_utf8_valid(e, strlen(e)))
				abort();
			free(e);
		}
	for (size_t k = 0; k < t->n_sections; k++)
		for (size_t i = 0; i < t->sections[k].n_variants; i++)
			free(av_template_expand(t, val, choice, t->sections[k].variants[i].text));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct av_templates *tpl = NULL;
	const struct av_template *t;
	char *err = NULL, *val[AV_PH_COUNT], **choice;
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

	if (fd < 0 || (size > 0 && write(fd, data, size) != (ssize_t)size)) {
		perror(path);
		abort();
	}
	close(fd);
	if (av_templates_load(NULL, &tpl, &err) != AV_OK) {
		if (err == NULL)
			abort();
		free(err);
		return 0;
	}
	t = av_templates_tone(tpl, AV_TONE_FORMAL);
	for (int i = 0; i < AV_PH_COUNT; i++)
		val[i] = (char *)"V\xc3\xa9{{name}}";
	choice = calloc(t->n_sections + 1, sizeof(*choice));
	if (choice == NULL)
		abort();
	for (size_t k = 0; k < t->n_sections; k++)
		choice[k] = t->sections[k].variants[0].text;
	expand_all(t, val, choice);
	memset(val, 0, sizeof(val));
	expand_all(t, val, NULL);
	free(choice);
	av_templates_free(&tpl);
	return 0;
}
