/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The notes sheet: rendered sheets parse back to what went in (non-ASCII names, text over
 * several lines, people added by hand), every way a sheet can be broken gives "line N: ..."
 * and leaves the output alone, the error block on top of a reopened sheet, and matching
 * an interviewer with their notes. AV_TEST_VERBOSE=1 prints the rendered sheets. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "afterview/interviewers.h"
#include "afterview/invite.h"
#include "afterview/notes.h"
#include "afterview/util.h"
#include "harness.h"

static bool verbose;

/* An interview on Thu 22 Oct 2026, 10:00-11:30 in New York (14:00-15:30 UTC). */
static void
make_invite(struct av_invite *inv, const char *summary)
{
	memset(inv, 0, sizeof(*inv));
	inv->method = AV_METHOD_REQUEST;
	inv->uid = (char *)"uid-1@example";
	inv->summary = (char *)summary;
	inv->start = 1792677600; /* 2026-10-22T14:00:00Z */
	inv->end = inv->start + 90 * 60;
	inv->zone = (char *)"America/New_York";
	inv->utc_offset = -4 * 3600;
}

static const struct av_interviewer panel[] = {
	{.name = (char *)"Renée Dubois",
	 .email = (char *)"renee.dubois@quillfeather.example",
	 .source = AV_SOURCE_ATTENDEE},
	{.name = (char *)"Marcus Lee",
	 .email = (char *)"marcus.lee@quillfeather.example",
	 .source = AV_SOURCE_ORGANIZER,
	 .name_guessed = true},
	{.name = (char *)"Jane Okafor", .email = NULL, .source = AV_SOURCE_DESCRIPTION},
};
#define N_PANEL (sizeof(panel) / sizeof(panel[0]))

static char *
sheet(const struct av_notes *existing, const char *error)
{
	struct av_invite inv;
	char *s;

	make_invite(&inv, "Technical interview – Quillfeather");
	s = av_notes_sheet(&inv, "3f9a0c1b2d4e", panel, N_PANEL, existing, error);
	if (verbose)
		printf("----\n%s----\n", s);
	return s;
}

static enum av_err
parse(const char *text, struct av_notes *notes, char **error)
{
	*error = NULL;
	return av_notes_parse(text, strlen(text), notes, error);
}

/* The text of s with the first occurrence of from replaced by to (malloc'd). */
static char *
replace(const char *s, const char *from, const char *to)
{
	const char *at = strstr(s, from);

	if (at == NULL)
		return av_strdup(s);
	return av_asprintf("%.*s%s%s", (int)(at - s), s, to, at + strlen(from));
}

static bool
starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static size_t
n_tools(const struct av_notes *n)
{
	size_t k = 0;

	while (n->tools != NULL && n->tools[k] != NULL)
		k++;
	return k;
}

static void
test_fresh_sheet(void)
{
	char *s, *error;
	struct av_notes n;

	test_begin("a fresh sheet: header, one section per interviewer, parses empty");
	s = sheet(NULL, NULL);
	test_assert(starts_with(s, "# Notes on: Technical interview – Quillfeather\n"));
	test_assert(
		strstr(s,
		       "# Thu 22 Oct 2026, 10:00–11:30 (America/New_York) · id 3f9a0c1b2d4e\n") !=
		NULL);
	test_assert(
		strstr(s,
		       "\n== Renée Dubois <renee.dubois@quillfeather.example> ==\ndiscussed:\n") !=
		NULL);
	test_assert(strstr(s, "\n== Jane Okafor <no address> ==\n") != NULL);
	test_assert(strstr(s, "name is guessed") != NULL); /* Marcus Lee */
	test_assert(strstr(s, "\n== Questions and answers ==\n") != NULL);
	test_assert(strstr(s, "\n== Strengths ==\n") != NULL);
	test_assert(strstr(s, "\n== Weaknesses ==\n") != NULL);
	test_assert(strstr(s, "\n== Feedback ==\n") != NULL);
	test_assert(strstr(s, "\n== Tools to learn ==\n") != NULL);
	test_assert(strstr(s, "#!") == NULL);
	test_assert_int(parse(s, &n, &error), AV_OK);
	test_assert_str(error, NULL);
	test_assert_int(n.n_people, 3);
	test_assert_str(n.people[0].name, "Renée Dubois");
	test_assert_str(n.people[0].email, "renee.dubois@quillfeather.example");
	test_assert_str(n.people[0].discussed, NULL);
	test_assert_str(n.people[2].name, "Jane Okafor");
	test_assert_str(n.people[2].email, NULL);
	test_assert_str(n.questions, NULL);
	test_assert_str(n.strengths, NULL);
	test_assert_str(n.weaknesses, NULL);
	test_assert_str(n.feedback, NULL);
	test_assert(n.tools != NULL && n.tools[0] == NULL);
	av_notes_clear(&n);
	free(s);
	test_end();
}

static void
test_round_trip(void)
{
	struct av_notes in, out, again;
	struct av_notes_person people[] = {
		{(char *)"Renée Dubois", (char *)"renee.dubois@quillfeather.example",
		 (char *)"their move from cron jobs to a workflow engine;\n"
			 "  the on-call rotation (two weeks in six)\n\nand the team's book club"},
		{(char *)"Marcus Lee", (char *)"marcus.lee@quillfeather.example",
		 (char *)"   starts with blanks"},
		{(char *)"Jane Okafor", NULL, NULL},
		{(char *)"Tomás Lindqvist", (char *)"tomas@quillfeather.example",
		 (char *)"met him in the lift; discussed: Rust"},
	};
	char *tools[] = {(char *)"Temporal", (char *)"- dashes stay", (char *)"C#", NULL};
	char *s, *s2, *error;

	test_begin("render -> parse round trip (non-ASCII, several lines, hand-added person)");
	memset(&in, 0, sizeof(in));
	in.people = people;
	in.n_people = sizeof(people) / sizeof(people[0]);
	in.questions = (char *)"Q: a time you disagreed with a design\nA: the queue story";
	in.strengths = (char *)"system design";
	in.weaknesses = (char *)"SQL window functions\n\n\tindented second paragraph";
	in.feedback = (char *)"\"strong on operations\" – next round in a week";
	in.tools = tools;
	s = sheet(&in, NULL);
	test_assert_int(parse(s, &out, &error), AV_OK);
	test_assert_str(error, NULL);
	test_assert_int(out.n_people, 4);
	for (size_t i = 0; i < 4 && i < out.n_people; i++) {
		test_assert_str(out.people[i].name, people[i].name);
		test_assert_str(out.people[i].email, people[i].email);
		test_assert_str(out.people[i].discussed, people[i].discussed);
	}
	test_assert_str(out.questions, in.questions);
	test_assert_str(out.strengths, in.strengths);
	test_assert_str(out.weaknesses, in.weaknesses);
	test_assert_str(out.feedback, in.feedback);
	test_assert_int(n_tools(&out), 3);
	if (n_tools(&out) == 3) {
		test_assert_str(out.tools[0], "Temporal");
		test_assert_str(out.tools[1], "- dashes stay");
		test_assert_str(out.tools[2], "C#");
	}
	/* and once more: rendering what was parsed gives the same sheet */
	s2 = sheet(&out, NULL);
	test_assert_str(s2, s);
	test_assert_int(parse(s2, &again, &error), AV_OK);
	av_notes_clear(&again);
	av_notes_clear(&out);
	free(s);
	free(s2);
	test_end();
}

static void
test_people_matching_in_sheet(void)
{
	struct av_notes old, parsed;
	char *s, *error;
	struct av_notes_person people[] = {
		/* matched by address although the case and a +tag differ */
		{(char *)"R. Dubois", (char *)"Renee.Dubois+cal@Quillfeather.example",
		 (char *)"workflow engines"},
		/* matched by name: the invite gave no address, the person typed one */
		{(char *)"JANE  OKAFOR", (char *)"jane@quillfeather.example",
		 (char *)"hiring plan"},
		/* not in the invite any more */
		{(char *)"Priya Chen", (char *)"priya@quillfeather.example", (char *)"lunch"},
	};

	test_begin("a sheet from old notes keeps every person's text");
	memset(&old, 0, sizeof(old));
	old.people = people;
	old.n_people = 3;
	s = sheet(&old, NULL);
	test_assert(strstr(s, "== Renée Dubois <renee.dubois@quillfeather.example> ==\n"
			      "discussed: workflow engines\n") != NULL);
	test_assert(strstr(s, "== Jane Okafor <jane@quillfeather.example> ==\n"
			      "discussed: hiring plan\n") != NULL);
	test_assert(
		strstr(s, "== Priya Chen <priya@quillfeather.example> ==\ndiscussed: lunch\n") !=
		NULL);
	test_assert(strstr(s, "== Marcus Lee <marcus.lee@quillfeather.example> ==\n") != NULL);
	test_assert(parse(s, &parsed, &error) == AV_OK && parsed.n_people == 4);
	av_notes_clear(&parsed);
	free(s);
	test_end();
}

/* parse must fail with an error that starts with want, and leave the notes alone */
static void
expect_error_len(const char *text, size_t len, const char *want)
{
	struct av_notes n, before;
	char *error = NULL;

	memset(&before, 0x5a, sizeof(before));
	n = before;
	test_assert_int(av_notes_parse(text, len, &n, &error), AV_ERR_DATA);
	if (test_assert(error != NULL) && !test_assert(starts_with(error, want)))
		printf("    error: %s\n    want:  %s...\n", error, want);
	test_assert(memcmp(&n, &before, sizeof(n)) == 0);
	free(error);
}

#define expect_error(text, want) expect_error_len((text), strlen(text), (want))
/* for literals with a NUL byte in them */
#define expect_error_lit(text, want) expect_error_len((text), sizeof(text) - 1, (want))

static void
test_errors(void)
{
	static const char good[] = "# comment\n\n== Feedback ==\nfine\n";
	char *big;
	char *error = NULL;
	struct av_notes n;

	test_begin("unknown section: its line number and title");
	expect_error("# notes\n\n== Feedback ==\nok\n\n== Strenghts ==\nx\n",
		     "line 6: unknown section 'Strenghts'");
	test_end();

	test_begin("text before the first section");
	expect_error("# notes\n\nI forgot the heading\nmore\n== Feedback ==\n",
		     "line 3: text before the first section");
	test_end();

	test_begin("invalid UTF-8 (Latin-1, overlong, surrogate, truncated)");
	expect_error_lit("== Feedback ==\nRen\xe9"
			 "e\n",
			 "line 2: is not valid UTF-8");
	expect_error_lit("== Feedback ==\nok\n\xc0\xaf\n", "line 3: is not valid UTF-8");
	expect_error_lit("== Feedback ==\n\xed\xa0\x80\n", "line 2: is not valid UTF-8");
	expect_error_lit("== Feedback ==\nend\xe2\x82", "line 2: is not valid UTF-8");
	expect_error_lit("# caf\xe9\n== Feedback ==\n", "line 1: is not valid UTF-8");
	test_end();

	test_begin("a NUL byte");
	expect_error_lit("== Feedback ==\nab\0cd\n", "line 2: has a NUL byte");
	test_end();

	test_begin("size limit: the line where it is crossed");
	big = av_malloc(AV_NOTES_MAX_SIZE + 2);
	memcpy(big, "== Feedback ==\n", 15);
	for (size_t i = 15; i < AV_NOTES_MAX_SIZE + 1; i++)
		big[i] = (i % 64 == 63) ? '\n' : 'x';
	big[AV_NOTES_MAX_SIZE + 1] = '\0';
	expect_error_len(big, AV_NOTES_MAX_SIZE + 1, "line 4098: the sheet is longer than");
	test_assert_int(av_notes_parse(big, AV_NOTES_MAX_SIZE, &n, &error), AV_OK);
	test_assert(n.feedback != NULL && strlen(n.feedback) > 200000);
	av_notes_clear(&n);
	free(big);
	test_end();

	test_begin("headings: bad address, no name, no title, one-sided");
	expect_error_lit("== Jane Okafor <jane at acme> ==\n",
			 "line 1: 'jane at acme' is not an e-mail address");
	expect_error_lit("== <jane@acme.example> ==\n", "line 1: no name before");
	expect_error_lit("\n== ==\n", "line 2: a heading without a title");
	expect_error_lit("== Feedback\n", "line 1: a heading has '==' on both sides");
	test_end();

	test_begin("every error at once, one per line");
	test_assert_int(parse("oops\n== Nope ==\n== Feedback ==\n\xff\n", &n, &error), AV_ERR_DATA);
	test_assert_str(error, "line 1: text before the first section; put it under a heading "
			       "such as '== Feedback =='\n"
			       "line 2: unknown section 'Nope' (the sections are Questions and "
			       "answers, Strengths, Weaknesses, Feedback, Tools to learn; a person "
			       "is 'Name <address>')\n"
			       "line 4: is not valid UTF-8; save the sheet as UTF-8");
	free(error);
	test_end();

	test_begin("a good sheet after all that");
	test_assert_int(parse(good, &n, &error), AV_OK);
	test_assert_str(n.feedback, "fine");
	av_notes_clear(&n);
	test_end();
}

static void
test_lenient(void)
{
	struct av_notes n;
	char *error;
	const char *text = "=== strengths ===   \n"
			   "# a comment in the middle is ignored\n"
			   "calm under pressure   \n"
			   "\n"
			   "\n"
			   "==Q&A==\n"
			   "\n"
			   "Q: why us?\r\n"
			   "== Feedback ==\n"
			   "== Strengths ==\n"
			   "good questions\n"
			   "== Ana Souza <> ==\n"
			   "Discussed:\n"
			   "  the data team\n"
			   "== ana souza <> ==\n"
			   "and lunch\n"
			   "== Tools ==\n"
			   "- Terraform\n"
			   "*  Rust  \n"
			   "• Kafka\n"
			   "Go\n"
			   "-\n"
			   "   \n"
			   "*nix shells\n";

	test_begin("lenient where nothing can be misread");
	test_assert_int(parse(text, &n, &error), AV_OK);
	test_assert_str(error, NULL);
	test_assert_str(n.strengths, "calm under pressure\n\ngood questions");
	test_assert_str(n.questions, "Q: why us?");
	test_assert_str(n.feedback, NULL);
	test_assert_int(n.n_people, 1);
	if (n.n_people == 1) {
		test_assert_str(n.people[0].name, "Ana Souza");
		test_assert_str(n.people[0].email, NULL);
		test_assert_str(n.people[0].discussed, "  the data team\n\nand lunch");
	}
	test_assert_int(n_tools(&n), 5);
	if (n_tools(&n) == 5) {
		test_assert_str(n.tools[0], "Terraform");
		test_assert_str(n.tools[1], "Rust");
		test_assert_str(n.tools[2], "Kafka");
		test_assert_str(n.tools[3], "Go");
		test_assert_str(n.tools[4], "*nix shells");
	}
	av_notes_clear(&n);
	test_assert_int(parse("", &n, &error), AV_OK);
	test_assert(n.n_people == 0 && n.tools != NULL && n.tools[0] == NULL);
	av_notes_clear(&n);
	av_notes_clear(&n); /* twice is fine */
	test_end();
}

static void
test_discussed(void)
{
	struct av_notes n;
	char *error;
	const char *text = "== Renée Dubois <renee.dubois@quillfeather.example> ==\n"
			   "discussed: workflows\n"
			   "== Jane Okafor <no address> ==\n"
			   "discussed: the hiring plan\n"
			   "== Alex Kim <alex@one.example> ==\n"
			   "discussed: one\n";
	struct av_interviewer by_addr = {.name = (char *)"Someone Else",
					 .email = (char *)"RENEE.DUBOIS+x@quillfeather.example",
					 .source = AV_SOURCE_ATTENDEE};
	struct av_interviewer by_name = {
		.name = (char *)"RENÉE DUBOIS", .email = NULL, .source = AV_SOURCE_DESCRIPTION};
	struct av_interviewer jane = {.name = (char *)"jane okafor",
				      .email = (char *)"jane@quillfeather.example",
				      .source = AV_SOURCE_ATTENDEE};
	struct av_interviewer other_alex = {.name = (char *)"Alex Kim",
					    .email = (char *)"alex@two.example",
					    .source = AV_SOURCE_ATTENDEE};
	struct av_interviewer nobody = {.name = (char *)"Nobody",
					.email = (char *)"nobody@example.org",
					.source = AV_SOURCE_ATTENDEE};

	test_begin("av_notes_discussed: by address, else by name");
	test_assert_int(parse(text, &n, &error), AV_OK);
	test_assert_str(av_notes_discussed(&n, &by_addr), "workflows");
	test_assert_str(av_notes_discussed(&n, &by_name), "workflows");
	test_assert_str(av_notes_discussed(&n, &jane), "the hiring plan");
	test_assert_str(av_notes_discussed(&n, &other_alex), NULL); /* a namesake */
	test_assert_str(av_notes_discussed(&n, &nobody), NULL);
	av_notes_clear(&n);
	test_end();
}

/* The number N of the first "line N:" in the "#!" block of text; 0 if none. */
static unsigned long
error_line(const char *text)
{
	const char *at = strstr(text, "#!   line ");

	return at != NULL ? strtoul(at + 10, NULL, 10) : 0;
}

/* Line number line of text (from 1), without its newline; "" past the end. */
static const char *
line_of(const char *text, unsigned long line)
{
	static char buf[256];
	const char *p = text;
	size_t n;

	for (unsigned long i = 1; i < line && p != NULL; i++) {
		p = strchr(p, '\n');
		p = p != NULL ? p + 1 : NULL;
	}
	if (p == NULL || line == 0)
		return "";
	n = strcspn(p, "\n");
	snprintf(buf, sizeof(buf), "%.*s", (int)(n < sizeof(buf) ? n : sizeof(buf) - 1), p);
	return buf;
}

static void
test_error_block(void)
{
	char *s, *s2, *broken, *again, *clean, *error;
	struct av_notes n;

	test_begin("a broken sheet reopens with the error on top, the text intact");
	s = sheet(NULL, "line 12: unknown section 'Strenghts'");
	test_assert(starts_with(s, "#! afterview could not read this sheet:\n"
				   "#!   line 12: unknown section 'Strenghts'\n"));
	test_assert(strstr(s, "\n#!\n# Notes on: ") != NULL);
	free(s);

	s = sheet(NULL, NULL);
	broken = replace(s, "== Strengths ==", "== Strenghts ==");
	test_assert_int(parse(broken, &n, &error), AV_ERR_DATA);
	again = av_notes_with_error(broken, strlen(broken), error);
	test_assert(starts_with(again, "#! afterview could not read this sheet:\n#!   line "));
	test_assert(strstr(again, broken) != NULL);
	test_assert_str(line_of(again, error_line(again)), "== Strenghts ==");
	free(error);
	/* a second round replaces the block, never stacks them, and the line number still
	 * points at the heading: the same text again */
	test_assert_int(parse(again, &n, &error), AV_ERR_DATA);
	s2 = av_notes_with_error(again, strlen(again), error);
	test_assert_str(s2, again);
	free(s2);
	free(s);
	s = av_notes_with_error(again, strlen(again), "two\nthree");
	test_assert(starts_with(s, "#! afterview could not read this sheet:\n"
				   "#!   two\n#!   three\n#! Fix it"));
	test_assert(strstr(s + 1, "#! afterview could not") == NULL);
	test_assert(strstr(s, broken) != NULL);
	/* with no error the block only goes away */
	clean = av_notes_with_error(s, strlen(s), NULL);
	test_assert_str(clean, broken);
	free(clean);
	/* typed above the block: the block still goes, the numbers still hold */
	clean = av_asprintf("oops\n%s", again);
	free(error);
	test_assert_int(parse(clean, &n, &error), AV_ERR_DATA);
	s2 = av_notes_with_error(clean, strlen(clean), error);
	test_assert(starts_with(s2, "#! afterview could not read this sheet:\n"));
	test_assert(strstr(s2 + 1, "#! afterview could not") == NULL); /* one block */
	test_assert_str(line_of(s2, error_line(s2)), "oops");
	test_assert(strstr(s2, "unknown section 'Strenghts'") != NULL);
	free(s2);
	free(clean);
	/* a NUL byte cannot cut the text short */
	clean = av_notes_with_error("a\0b\n", 4, NULL);
	test_assert_str(clean, "a\xef\xbf\xbd"
			       "b\n");
	free(clean);
	free(error);
	free(again);
	free(broken);
	free(s);
	test_end();
}

static void
test_header_is_safe(void)
{
	struct av_invite inv;
	struct av_interviewer odd = {.name = (char *)"Eve\nEvil",
				     .email = (char *)"eve@example.org",
				     .source = AV_SOURCE_ATTENDEE};
	struct av_notes n;
	char *s, *error;

	test_begin("newlines and bad bytes from the invite cannot break the sheet");
	make_invite(&inv, "Interview\n== Injected ==\nwith \xff bytes");
	inv.zone = NULL;
	s = av_notes_sheet(&inv, "0123456789ab", &odd, 1, NULL, NULL);
	test_assert(strstr(s, "# Notes on: Interview == Injected == with \xef\xbf\xbd bytes\n") !=
		    NULL);
	test_assert(strstr(s, "(UTC-04:00)") != NULL);
	test_assert_int(parse(s, &n, &error), AV_OK);
	test_assert(n.n_people == 1 && strcmp(n.people[0].name, "Eve Evil") == 0);
	av_notes_clear(&n);
	free(s);

	make_invite(&inv, NULL);
	inv.all_day = true;
	inv.start = 1792641600; /* 2026-10-22T04:00:00Z: midnight in New York */
	inv.end = inv.start + 2 * 86400;
	s = av_notes_sheet(&inv, "0123456789ab", NULL, 0, NULL, NULL);
	test_assert(strstr(s, "# Notes on: (no summary)\n# Thu 22 Oct 2026 – Fri 23 Oct 2026, "
			      "all day (America/New_York)") != NULL);
	test_assert_int(parse(s, &n, &error), AV_OK);
	av_notes_clear(&n);
	free(s);
	test_end();
}

int
main(void)
{
	verbose = getenv("AV_TEST_VERBOSE") != NULL;
	test_fresh_sheet();
	test_round_trip();
	test_people_matching_in_sheet();
	test_errors();
	test_lenient();
	test_discussed();
	test_error_block();
	test_header_is_safe();
	return test_exit();
}
