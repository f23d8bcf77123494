/* SPDX-License-Identifier: GPL-3.0-or-later */
/* names.c: people's names in free text and in CNs, name keys, the names a text gives for
 * its sender, addresses in free text. */
#include "config.h"

#include "afterview/names.h"
#include "afterview/util.h"
#include "harness.h"
#include "invites.h"

/* av_names_parse on s: the name, or NULL; *end_r the offset after it. */
static char *
parse(const char *s, size_t *end_r)
{
	char *name = NULL;
	size_t end = 12345;

	if (!av_names_parse(s, strlen(s), &name, &end)) {
		test_assert(name == NULL && end == 12345); /* untouched */
		return NULL;
	}
	if (end_r != NULL)
		*end_r = end;
	return name;
}

static void
test_parse(void)
{
	struct {
		const char *s, *want;
		size_t end;
	} rows[] = {
		{"Jane Doe, Staff Engineer", "Jane Doe", 8},
		{"Dr. Jane van der Berg (Engineering)", "Jane van der Berg", 21},
		{"Jane Doe interview", "Jane Doe", 8},
		{"Jane Doe Engineering Manager", "Jane Doe", 8},
		{"  Kim   Lund  ", "Kim Lund", 12},
		{"J. Doe", "J. Doe", 6},
		{"Kim Lund van", "Kim Lund", 8},
		{"Kim Lund.", "Kim Lund", 8},
		{"jane doe", NULL, 0},
		{"Jane", NULL, 0},
		{"Jane Doe Smith Jones Brown", NULL, 0},
		{"Interview Panel", NULL, 0},
		{"Jane2 Doe", NULL, 0},
		{"", NULL, 0},
	};

	test_begin("av_names_parse: 2 to 4 capitalised words, particles inside");
	for (size_t i = 0; i < sizeof(rows) / sizeof(*rows); i++) {
		size_t end = 0;
		char *name = parse(rows[i].s, &end);

		if (rows[i].want == NULL) {
			if (!test_assert(name == NULL))
				printf("  \"%s\": got \"%s\"\n", rows[i].s, name);
		} else {
			test_assert_str(name, rows[i].want);
			test_assert_int(end, rows[i].end);
		}
		free(name);
	}
	test_end();
}

static void
test_initial_only(void)
{
	test_begin("av_names_initial_only: a given name that is only an initial");
	test_assert(av_names_initial_only("K Lund"));
	test_assert(av_names_initial_only("K. Lund"));
	test_assert(av_names_initial_only("Dr. K Lund"));
	test_assert(av_names_initial_only("\xc3\x89 Lund")); /* É */
	test_assert(!av_names_initial_only("Kim Lund"));
	test_assert(!av_names_initial_only("Ki Lund"));
	test_assert(!av_names_initial_only("K"));
	test_assert(!av_names_initial_only(""));
	test_end();
}

static void
test_key(void)
{
	char *a = av_names_key("JOS\xc3\x89 \xc3\x81LVAREZ"),
	     *b = av_names_key("  Jose   Alvarez ");
	char long_name[1000];

	test_begin("av_names_key: one key for two spellings");
	test_assert(a != NULL);
	test_assert_str(a, b);
	free(a);
	free(b);
	a = av_names_key("Priya Chen");
	test_assert(a != NULL && strcmp(a, "jose alvarez") != 0);
	free(a);
	test_assert(av_names_key(NULL) == NULL);
	test_assert(av_names_key("") == NULL);
	memset(long_name, 'a', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	test_assert(av_names_key(long_name) == NULL);
	test_end();
}

static void
test_from_cn(void)
{
	struct {
		const char *cn, *email, *want;
	} rows[] = {
		{"Doe, Jane", "jane@acme.example", "Jane Doe"},
		{"\"Jane Doe\"", NULL, "Jane Doe"},
		{"'Jane Doe' ", NULL, "Jane Doe"},
		{"  Jane \t  Doe ", NULL, "Jane Doe"},
		{"Doe, Jane, PhD", NULL, "Doe, Jane, PhD"},
		{"Doe, PhD", NULL, "Doe, PhD"},
		{"=?UTF-8?Q?J=C3=BCrgen_Weiss?=", NULL, "J\xc3\xbcrgen Weiss"},
		{"jane.doe", "jane.doe@acme.example", NULL},
		{"JANE.DOE", "jane.doe@acme.example", NULL},
		{"jane@acme.example", NULL, NULL},
		{"J\xef\xbf\xbdrgen Weiss", NULL, NULL},
		{"  \"\" ", NULL, NULL},
		{"", NULL, NULL},
		{NULL, "jane@acme.example", NULL},
	};

	test_begin("av_names_from_cn: a CN tidied into a name, or none");
	for (size_t i = 0; i < sizeof(rows) / sizeof(*rows); i++) {
		char *got = av_names_from_cn(rows[i].cn, rows[i].email);

		if (rows[i].want == NULL) {
			if (!test_assert(got == NULL))
				printf("  \"%s\": got \"%s\"\n", rows[i].cn, got);
		} else {
			test_assert_str(got, rows[i].want);
		}
		free(got);
	}
	test_end();
}

static void
test_is_person(void)
{
	test_begin("av_names_is_person: a CN that names one person");
	test_assert(av_names_is_person("Jane Doe", "recruiting@acme.example"));
	test_assert(av_names_is_person("Jane Doe ", NULL));
	test_assert(!av_names_is_person("Acme Kitchen", "talent@acme.example"));
	test_assert(!av_names_is_person("Jane Doe (Recruiting)", "recruiting@acme.example"));
	test_assert(!av_names_is_person("Recruiting Team", "recruiting@acme.example"));
	test_assert(!av_names_is_person(NULL, "recruiting@acme.example"));
	test_end();
}

static void
test_party_keys(void)
{
	struct av_invite *inv = invite("Interview", NULL, NULL);
	char **keys, *k;

	test_begin("av_names_party_keys: attendees, then the organizer");
	attendee(inv, "jane@acme.example", "Doe, Jane");
	attendee(inv, "priya.chen@acme.example", NULL);
	attendee(inv, NULL, "\"\"");
	keys = av_names_party_keys(inv);
	k = av_names_key("Jane Doe");
	test_assert_str(keys[0], k);
	free(k);
	k = av_names_key("Priya Chen");
	test_assert_str(keys[1], k);
	free(k);
	test_assert(keys[2] == NULL);
	test_assert(keys[3] == NULL); /* no organizer */
	av_names_party_keys_free(inv, &keys);
	test_assert(keys == NULL);
	av_names_party_keys_free(inv, &keys);
	av_names_party_keys_free(inv, NULL);
	organizer(inv, "kim@acme.example", "Kim Lund");
	keys = av_names_party_keys(inv);
	k = av_names_key("Kim Lund");
	test_assert_str(keys[3], k);
	free(k);
	av_names_party_keys_free(inv, &keys);
	invite_free(inv);
	test_end();
}

static void
test_find_sender(void)
{
	const char *text = "Kim Lund is inviting you to a scheduled Zoom meeting.\n"
			   "\n"
			   "Hi Sam, Priya Chen has invited you to an interview\n"
			   "Looking forward to it.\n"
			   "Best regards,\n"
			   "Jane Doe | Acme\n";
	char *names[AV_NAMES_MAX_SENDER], big[4000] = "";
	size_t n = av_names_find_sender(text, strlen(text), names);

	test_begin("av_names_find_sender: who the text says sent it");
	if (test_assert_int(n, 3)) {
		test_assert_str(names[0], "Kim Lund");
		test_assert_str(names[1], "Priya Chen");
		test_assert_str(names[2], "Jane Doe");
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	test_assert_int(av_names_find_sender("", 0, names), 0);
	test_assert_int(av_names_find_sender("thanks,\n\nno name here\n", 22, names), 0);
	/* at most AV_NAMES_MAX_SENDER */
	for (int i = 0; i < 20; i++)
		strcat(big, "Cheers,\nKim Lund\n");
	n = av_names_find_sender(big, strlen(big), names);
	test_assert_int(n, AV_NAMES_MAX_SENDER);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	test_end();
}

static void
test_find_email(void)
{
	const char *s;
	char *e;

	test_begin("av_names_find_email: the first address in free text");
	s = "Jane Doe (Jane.Doe@Acme.Example.) and kim@acme.example";
	e = av_names_find_email(s, strlen(s));
	test_assert_str(e, "jane.doe@acme.example");
	free(e);
	s = "write to .kim-@acme.example-";
	e = av_names_find_email(s, strlen(s));
	test_assert_str(e, "kim-@acme.example");
	free(e);
	s = "a@b, @acme.example, jane@localhost";
	test_assert(av_names_find_email(s, strlen(s)) == NULL);
	test_assert(av_names_find_email("", 0) == NULL);
	s = "kim@acme.example";
	test_assert(av_names_find_email(s, 5) == NULL); /* only len bytes are read */
	test_end();
}

int
main(void)
{
	test_parse();
	test_initial_only();
	test_key();
	test_from_cn();
	test_is_person();
	test_party_keys();
	test_find_sender();
	test_find_email();
	return test_exit();
}
