/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The summary reader: role, company and kind of interview from summaries (each row a
 * summary, the people named in the invite and the company hint, and what is read), the
 * employer's name from other texts and from its domain. Rows include hostile and broken
 * summaries: empty, only separators, unbalanced parentheses, invalid UTF-8, controls,
 * bidi overrides, very long ones. */
#include "config.h"

#include "afterview/summary.h"
#include "afterview/text.h"
#include "afterview/util.h"
#include "harness.h"

struct row {
	const char *summary;
	const char *people[3]; /* NULL-terminated; all NULL: no people array at all */
	const char *hint;
	const char *role, *company, *kind;
};

static const struct row rows[] = {
	/* the shapes real systems write */
	{"Senior Platform Engineer - Northwind Analytics - Phone Screen",
	 {NULL},
	 NULL,
	 "Senior Platform Engineer",
	 "Northwind Analytics",
	 "phone screen"},
	{"Senior Platform Engineer - Northwind Analytics - Phone Screen",
	 {NULL},
	 "northwind.example",
	 "Senior Platform Engineer",
	 "Northwind Analytics",
	 "phone screen"},
	/* a company that does not look like the employer's domain is not taken */
	{"Senior Platform Engineer - Northwind Analytics - Phone Screen",
	 {NULL},
	 "acme.example",
	 "Senior Platform Engineer",
	 NULL,
	 "phone screen"},
	{"Technical Interview | Backend Developer at Cobalt Payments",
	 {NULL},
	 "cobaltpay.example",
	 "Backend Developer",
	 "Cobalt Payments",
	 "technical interview"},
	{"Interview - Product Manager - Acme Corp",
	 {NULL},
	 "gmail.com",
	 "Product Manager",
	 NULL,
	 NULL},
	{"Acme Interview", {NULL}, NULL, NULL, "Acme", NULL},
	{"Orchard Labs Final Round", {NULL}, NULL, NULL, "Orchard Labs", NULL},
	{"System Design Interview - Harbor & Finch",
	 {NULL},
	 NULL,
	 NULL,
	 "Harbor & Finch",
	 "system design interview"},
	{"Bank of Nowhere: Onsite", {NULL}, NULL, NULL, "Bank of Nowhere", "onsite"},
	{"Second-round interview - Acme", {NULL}, NULL, NULL, "Acme", "second-round interview"},
	{"Intern Interview | Orbital", {NULL}, NULL, "Intern", "Orbital", NULL},
	/* interview words are trimmed off a role, "hiring manager" is no job */
	{"Design Engineer Interview", {NULL}, NULL, "Design Engineer", NULL, NULL},
	{"Hiring manager call (Acme)", {NULL}, NULL, NULL, NULL, "hiring manager call"},
	{"hiring manager", {NULL}, NULL, NULL, NULL, "hiring manager"},
	/* "Interview" alone is no kind */
	{"Interview", {NULL}, NULL, NULL, NULL, NULL},
	{"Coffee chat", {NULL}, NULL, NULL, "Coffee", NULL},
	/* people: named in the invite, after "with"/"between", a first name alone */
	{"Interview: Jane Okafor / Staff Data Scientist",
	 {"Jane Okafor", NULL},
	 NULL,
	 "Staff Data Scientist",
	 NULL,
	 NULL},
	{"Interview: Jane Okafor / Staff Data Scientist",
	 {NULL},
	 NULL,
	 "Staff Data Scientist",
	 "Jane Okafor",
	 NULL},
	{"Phone screen with Sam Rivera", {NULL}, NULL, NULL, NULL, "phone screen"},
	{"Saltmarsh x Sam", {"Sam Rivera", NULL}, NULL, NULL, "Saltmarsh", NULL},
	{"Senior Engineer at Acme with Jane", {NULL}, NULL, "Senior Engineer", "Acme", NULL},
	{"Between Sam and Jo - Acme", {NULL}, NULL, NULL, "Between Sam and Jo", NULL},
	{"jane@acme.example - Acme", {NULL}, NULL, NULL, "Acme", NULL},
	/* other languages: a job word at the end of a compound; foreign kinds are no company */
	{"Softwareentwickler (m/w/d) - Vorstellungsgespr\xc3\xa4"
	 "ch",
	 {NULL},
	 NULL,
	 "Softwareentwickler",
	 NULL,
	 NULL},
	{"Entretien d'embauche - Ing\xc3\xa9nieur logiciel chez Acme",
	 {NULL},
	 NULL,
	 "Ing\xc3\xa9nieur logiciel chez Acme",
	 NULL,
	 NULL},
	{"Zo\xc3\xab's Caf\xc3\xa9 \xe2\x80\x94 Barista Lead",
	 {NULL},
	 NULL,
	 "Barista Lead",
	 "Zo\xc3\xab's Caf\xc3\xa9",
	 NULL},
	/* nothing to read */
	{NULL, {NULL}, NULL, NULL, NULL, NULL},
	{"", {NULL}, NULL, NULL, NULL, NULL},
	{" - | : / ", {NULL}, NULL, NULL, NULL, NULL},
	{"((((", {NULL}, NULL, NULL, NULL, NULL},
	{"()", {NULL}, "acme.example", NULL, NULL, NULL},
	/* unbalanced parentheses: the rest of the line is the parenthesis */
	{"Acme (Remote", {NULL}, NULL, NULL, "Acme", NULL},
	{"Engineer ) Acme", {NULL}, NULL, "Engineer ) Acme", NULL, NULL},
	/* invalid UTF-8 dropped, CR LF made a space: never a header line */
	{"\xff\xfe Acme \r\n Bcc: x - Phone Screen",
	 {NULL},
	 NULL,
	 NULL,
	 "Acme Bcc",
	 "phone screen"},
	/* a bidi override is dropped */
	{"Acme \xe2\x80\xae"
	 "Evil",
	 {NULL},
	 NULL,
	 NULL,
	 "Acme Evil",
	 NULL},
	/* more than 12 words is prose */
	{"Word Word Word Word Word Word Word Word Word Word Word Word Word Engineer",
	 {NULL},
	 NULL,
	 NULL,
	 NULL,
	 NULL},
};

static void
check_row(const struct row *r, const char *summary, size_t i)
{
	struct av_summary s;
	bool ok;

	av_summary_read(summary, r->people[0] != NULL ? (char *const *)r->people : NULL, r->hint,
			&s);
	ok = test_assert_str(s.role, r->role);
	ok = test_assert_str(s.company, r->company) && ok;
	ok = test_assert_str(s.interview, r->kind) && ok;
	if (!ok)
		printf("  row %zu: %.60s\n", i, summary != NULL ? summary : "(NULL)");
	av_summary_clear(&s);
	test_assert(s.role == NULL && s.company == NULL && s.interview == NULL);
}

static void
test_rows(void)
{
	struct av_buf b;

	test_begin("summary: role, company and kind, row by row");
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		check_row(&rows[i], rows[i].summary, i);
	av_summary_clear(NULL);
	test_end();

	test_begin("summary: very long ones");
	{
		/* 5000 bytes of capitalised words: only 400 characters read, too many words */
		struct row r = {NULL, {NULL}, NULL, NULL, NULL, NULL};

		av_buf_init(&b);
		for (int i = 0; i < 1000; i++)
			av_buf_puts(&b, "Aaaa ");
		check_row(&r, b.data, 0);
		av_buf_free(&b);
	}
	{
		/* a 4000-byte word after the role: the role is still read */
		struct row r = {NULL, {NULL}, NULL, "Staff Engineer", NULL, NULL};

		av_buf_init(&b);
		av_buf_puts(&b, "Staff Engineer - ");
		for (int i = 0; i < 4000; i++)
			av_buf_puts(&b, "a");
		check_row(&r, b.data, 1);
		av_buf_free(&b);
	}
	{
		/* a 300-character company is cut to 80 characters */
		struct av_summary s;

		av_buf_init(&b);
		av_buf_puts(&b, "Phone Screen - ");
		for (int i = 0; i < 300; i++)
			av_buf_puts(&b, "\xc3\x89");
		av_summary_read(b.data, NULL, NULL, &s);
		test_assert(s.company != NULL && strlen(s.company) == 160);
		test_assert_str(s.interview, "phone screen");
		av_summary_clear(&s);
		av_buf_free(&b);
	}
	test_end();
}

static void
test_other_texts(void)
{
	static const struct {
		const char *text, *domain, *want;
	} in_text[] = {
		{"Thank you for your interest in Blue Heron Logistics.", "jobs@blueheron.example",
		 "Blue Heron"},
		{"Join Cobalt Payments today", "cobaltpay.example", "Cobalt Payments"},
		{"Harbor & Finch, 12 Quay Street", "harborfinch.example", "Harbor & Finch"},
		{"nothing here", "acme.example", NULL},
		{"acme lower case", "acme.example", NULL},
		{"Acme", "ac.example", NULL}, /* a label under 3 letters */
		{"Acme", "localhost", NULL},
		{NULL, "acme.example", NULL},
		{"Acme", NULL, NULL},
		{"", "acme.example", NULL},
		{"((((", "acme.example", NULL},
	};
	static const struct {
		const char *domain, *want;
	} from_domain[] = {
		{"halcyon-robotics.example", "Halcyon Robotics"},
		{"careers.acme.co.uk", "Acme"},
		{"jane@northwind.example", "Northwind"},
		{"gmail.com", NULL},
		{"mail.proton.me", NULL},
		{"localhost", NULL},
		{"x.example", NULL},
		{"caf\xc3\xa9.example", NULL},
		{"", NULL},
		{".", NULL},
		{"-.example", NULL},
	};

	test_begin("summary: the employer's name in other texts, row by row");
	for (size_t i = 0; i < sizeof(in_text) / sizeof(in_text[0]); i++) {
		char *got = av_summary_company_in_text(in_text[i].text, in_text[i].domain);

		if (!test_assert_str(got, in_text[i].want))
			printf("  row %zu\n", i);
		free(got);
	}
	test_end();

	test_begin("summary: the employer's name from its domain, row by row");
	for (size_t i = 0; i < sizeof(from_domain) / sizeof(from_domain[0]); i++) {
		char *got = av_summary_company_from_domain(from_domain[i].domain);

		if (!test_assert_str(got, from_domain[i].want))
			printf("  row %zu\n", i);
		free(got);
	}
	test_end();
}

/* ---- the company the way detect.c guesses it ------------------------------------------ */

/* The caller's own refusals, as detect.c makes them: interview words, and the people in
 * ctx (NULL-terminated names). */
static bool
refuse_words_and_people(const char *candidate, void *ctx)
{
	char *const *people = ctx;
	bool ok = av_text_find_ci(candidate, "interview") == NULL &&
		  av_text_find_ci(candidate, "screen") == NULL;

	for (size_t i = 0; ok && people != NULL && people[i] != NULL; i++)
		ok = !av_text_eq_ci(candidate, people[i]);
	return ok;
}

struct company_row {
	const char *summary;
	const char *company; /* av_summary_company */
	const char *read;    /* av_summary_read's company, people and hint NULL */
};

/* Where the two readings differ the rows say so: av_summary_read looks for a capitalised
 * phrase and never reads past "with"; av_summary_company takes the text after "at"/"bei"/
 * "chez" first, splits at commas too, takes no single-segment summary and knows title
 * words (senior, staff, software, Entwicklerin...) that are no job on their own, while
 * the role list of av_summary_read has jobs (head, owner, vp...) that av_summary_company
 * does not refuse. */
static const struct company_row company_rows[] = {
	/* agreeing */
	{"Senior Platform Engineer - Northwind Analytics - Phone Screen", "Northwind Analytics",
	 "Northwind Analytics"},
	{"Backend Engineer at Orbital Labs (Remote)", "Orbital Labs", "Orbital Labs"},
	{"Technical Interview | Backend Developer at Cobalt Payments", "Cobalt Payments",
	 "Cobalt Payments"},
	{"Phone Screen: Blue Heron", "Blue Heron", "Blue Heron"},
	{"Acme - Interview", "Acme", "Acme"},
	{"Acme (Remote", "Acme", "Acme"},
	{"Interview - Zo\xc3\xab's Caf\xc3\xa9", "Zo\xc3\xab's Caf\xc3\xa9",
	 "Zo\xc3\xab's Caf\xc3\xa9"},
	{"Interview with Sam Rivera", NULL, NULL},
	{"", NULL, NULL},
	{"((((", NULL, NULL},
	/* disagreeing */
	{"Head of Sales - Acme", "Head of Sales", "Acme"},
	{"Entwicklerin - Acme", "Acme", "Entwicklerin"},
	{"Interview @ Senior Staff", NULL, "Senior Staff"},
	{"Interview with Acme", "Acme", NULL},
	{"Acme, Inc. - Phone Screen", "Acme", "Acme, Inc"},
	{"Interview - Sam Rivera, Acme", "Acme", "Sam Rivera, Acme"},
	{"Sam Rivera / Learning Experience Engineer", NULL, "Sam Rivera"},
	{"Vorstellungsgespr\xc3\xa4"
	 "ch bei Brightpath Learning",
	 "Brightpath Learning", NULL},
	{"Entretien chez Maison Dupont - D\xc3\xa9veloppeur", "Maison Dupont", NULL},
	{"Phone Screen - \"Acme\"!", "Acme", NULL},
	{"Acme", NULL, "Acme"},
	/* hostile: av_summary_company copies bytes as they are (its caller folds and checks);
	 * a control character refuses the candidate, av_summary_read cleans */
	{"Acme \r\n Bcc - Interview", NULL, "Acme Bcc"},
	{"\xff\xfe - Interview", "\xff\xfe", NULL},
	{":::", "::", NULL},
	{"[Acme] Interview", NULL, NULL},
};

static void
test_company(void)
{
	char *people[] = {(char *)"Sam Rivera", NULL};
	struct av_buf b;
	char *got;

	test_begin("summary: the company the way detect.c guesses it, row by row");
	for (size_t i = 0; i < sizeof(company_rows) / sizeof(company_rows[0]); i++) {
		const struct company_row *r = &company_rows[i];
		struct av_summary s;
		bool ok;

		got = av_summary_company(r->summary, refuse_words_and_people, people);
		ok = test_assert_str(got, r->company);
		free(got);
		av_summary_read(r->summary, NULL, NULL, &s);
		ok = test_assert_str(s.company, r->read) && ok;
		av_summary_clear(&s);
		if (!ok)
			printf("  row %zu: %s\n", i, r->summary);
	}
	test_assert(av_summary_company(NULL, refuse_words_and_people, people) == NULL);
	test_end();

	test_begin("summary: the company: the caller's refusals, long summaries");
	/* without the people, "Sam Rivera" is a company; a title never is */
	got = av_summary_company("Interview - Sam Rivera", refuse_words_and_people, NULL);
	test_assert_str(got, "Sam Rivera");
	free(got);
	got = av_summary_company("Interview - Principal Engineer", refuse_words_and_people, NULL);
	test_assert(got == NULL);
	free(got);
	/* only the first 512 bytes are read; a candidate over 80 bytes is none */
	av_buf_init(&b);
	for (int i = 0; i < 600; i++)
		av_buf_puts(&b, "a");
	av_buf_puts(&b, " - Acme");
	got = av_summary_company(b.data, refuse_words_and_people, NULL);
	test_assert(got == NULL);
	free(got);
	av_buf_free(&b);
	av_buf_init(&b);
	av_buf_puts(&b, "Interview - Acme - ");
	for (int i = 0; i < 600; i++)
		av_buf_puts(&b, "b");
	got = av_summary_company(b.data, refuse_words_and_people, NULL);
	test_assert_str(got, "Acme");
	free(got);
	av_buf_free(&b);
	test_end();
}

int
main(void)
{
	test_rows();
	test_other_texts();
	test_company();
	return test_exit();
}
