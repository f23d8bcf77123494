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
	/* issue 10: the forms a person reads a company and a whole role from */
	{"Acme AI - ML Engineer Technical Interview",
	 {NULL},
	 NULL,
	 "ML Engineer",
	 "Acme AI",
	 "technical interview"},
	{"Acme AI - ML Engineer Technical Interview",
	 {NULL},
	 "acme.ai",
	 "ML Engineer",
	 "Acme AI",
	 "technical interview"},
	{"Engineering Manager Final Round",
	 {NULL},
	 NULL,
	 "Engineering Manager",
	 NULL,
	 "final round"},
	{"Interview with Northbank", {NULL}, NULL, NULL, "Northbank", NULL},
	{"Interview with Northbank", {NULL}, "northbank", NULL, "Northbank", NULL},
	{"Interview with Northbank", {NULL}, "acme.example", NULL, NULL, NULL},
	{"Interview with Umbrella Corp", {NULL}, NULL, NULL, "Umbrella Corp", NULL},
	{"Smith & Jones \xe2\x80\x93 Associate", {NULL}, NULL, "Associate", "Smith & Jones", NULL},
	{"Northbank: Senior Analyst interview", {NULL}, NULL, "Senior Analyst", "Northbank", NULL},
	{"Platform Engineer (Birchwood Health)",
	 {NULL},
	 NULL,
	 "Platform Engineer",
	 "Birchwood Health",
	 NULL},
	{"Interview: Sam Rivera <> Kim Lund (Birchwood Health)",
	 {"Sam Rivera", NULL},
	 "birchwoodhealth.example",
	 NULL,
	 "Birchwood Health",
	 NULL},
	/* a parenthesis without a domain to compare: only an organisation's name after a role */
	{"Interview: Sam Rivera <> Kim Lund (Birchwood Health)",
	 {"Sam Rivera", NULL},
	 NULL,
	 NULL,
	 NULL,
	 NULL},
	{"Senior Engineer (Berlin)", {NULL}, NULL, "Senior Engineer", NULL, NULL},
	{"Technical interview - Sam Rivera (Firmware)",
	 {"Sam Rivera", NULL},
	 "fernhill.example",
	 NULL,
	 NULL,
	 "technical interview"},
	{"Acme, Inc. - Phone Screen", {NULL}, NULL, NULL, "Acme", "phone screen"},
	/* interview words are trimmed off a role, "hiring manager" is no job */
	{"Design Engineer Interview", {NULL}, NULL, "Design Engineer", NULL, NULL},
	{"Hiring manager call (Acme)", {NULL}, NULL, NULL, NULL, "hiring manager call"},
	{"hiring manager", {NULL}, NULL, NULL, NULL, "hiring manager"},
	/* "Interview" alone is no kind */
	{"Interview", {NULL}, NULL, NULL, NULL, NULL},
	/* issue 10: a summary of one segment names a company only beside an interview word;
	 * "Coffee chat" was the company "Coffee" */
	{"Coffee chat", {NULL}, NULL, NULL, NULL, NULL},
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
	/* issue 10: "Between ..." at the start is people, not the company "Between Sam and Jo" */
	{"Between Sam and Jo - Acme", {NULL}, NULL, NULL, "Acme", NULL},
	{"jane@acme.example - Acme", {NULL}, NULL, NULL, "Acme", NULL},
	/* other languages: a job word at the end of a compound; foreign kinds are no company */
	{"Softwareentwickler (m/w/d) - Vorstellungsgespr\xc3\xa4"
	 "ch",
	 {NULL},
	 NULL,
	 "Softwareentwickler",
	 NULL,
	 NULL},
	/* issue 10: "chez" splits like "at": the role was "Ingénieur logiciel chez Acme" */
	{"Entretien d'embauche - Ing\xc3\xa9nieur logiciel chez Acme",
	 {NULL},
	 NULL,
	 "Ing\xc3\xa9nieur logiciel",
	 "Acme",
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
	/* a bidi override is dropped (issue 10: " Interview" added, since a summary of one
	 * segment names a company only beside an interview word) */
	{"Acme \xe2\x80\xae"
	 "Evil Interview",
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
		av_buf_clear(&b);
	}
	{
		/* a 4000-byte word after the role: the role is still read */
		struct row r = {NULL, {NULL}, NULL, "Staff Engineer", NULL, NULL};

		av_buf_init(&b);
		av_buf_puts(&b, "Staff Engineer - ");
		for (int i = 0; i < 4000; i++)
			av_buf_puts(&b, "a");
		check_row(&r, b.data, 1);
		av_buf_clear(&b);
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
		av_buf_clear(&b);
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

/* ---- one reading of the company ------------------------------------------------------ */

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
	const char *company; /* av_summary_read and av_summary_employer alike */
};

/* Issue 10: av_summary_read (the drafts) and detect.c's av_summary_company gave
 * different companies for these summaries; there is one reading now, and each row that
 * changed says which reading it took and why ("was X / Y": what the draft's and
 * detection's readings gave). The person here is Sam Rivera. */
static const struct company_row company_rows[] = {
	/* the two always agreed */
	{"Senior Platform Engineer - Northwind Analytics - Phone Screen", "Northwind Analytics"},
	{"Backend Engineer at Orbital Labs (Remote)", "Orbital Labs"},
	{"Technical Interview | Backend Developer at Cobalt Payments", "Cobalt Payments"},
	{"Phone Screen: Blue Heron", "Blue Heron"},
	{"Acme - Interview", "Acme"},
	{"Acme (Remote", "Acme"},
	{"Interview - Zo\xc3\xab's Caf\xc3\xa9", "Zo\xc3\xab's Caf\xc3\xa9"},
	{"Interview with Sam Rivera", NULL},
	{"", NULL},
	{"((((", NULL},
	{"[Acme] Interview", NULL},
	/* was Acme / "Head of Sales": "Head" names a job, so that segment is the role */
	{"Head of Sales - Acme", "Acme"},
	/* was "Entwicklerin" / Acme: a job title (now a role word too) */
	{"Entwicklerin - Acme", "Acme"},
	/* was "Senior Staff" / none: title words are no company */
	{"Interview @ Senior Staff", NULL},
	/* was none / Acme: "Interview with X" names the employer unless X is a person */
	{"Interview with Acme", "Acme"},
	/* was "Acme, Inc" / Acme: a person leaves off the legal form */
	{"Acme, Inc. - Phone Screen", "Acme"},
	/* was "Sam Rivera, Acme" / Acme: each comma-separated piece in turn */
	{"Interview - Sam Rivera, Acme", "Acme"},
	/* was "Sam Rivera" / none: the person is no company (av_summary_read had no people) */
	{"Sam Rivera / Learning Experience Engineer", NULL},
	/* was none / the name: "bei" and "chez" split like "at" */
	{"Vorstellungsgespr\xc3\xa4"
	 "ch bei Brightpath Learning",
	 "Brightpath Learning"},
	{"Entretien chez Maison Dupont - D\xc3\xa9veloppeur", "Maison Dupont"},
	/* was none / Acme: quotes and '!' around a name are no part of it */
	{"Phone Screen - \"Acme\"!", "Acme"},
	/* was Acme / none: one word alone may be anything ("Dentist") */
	{"Acme", NULL},
	/* hostile: was "Acme Bcc" / none: text is cleaned before it is read, never copied raw */
	{"Acme \r\n Bcc - Interview", "Acme Bcc"},
	/* was none / the raw bytes "\xff\xfe" */
	{"\xff\xfe - Interview", NULL},
	/* was none / "::" */
	{":::", NULL},
};

static void
test_company(void)
{
	char *people[] = {(char *)"Sam Rivera", NULL};
	struct av_employer_clues c;
	struct av_buf b;
	char *got;

	test_begin("summary: one reading of the company for drafts and detection, row by row");
	for (size_t i = 0; i < sizeof(company_rows) / sizeof(company_rows[0]); i++) {
		const struct company_row *r = &company_rows[i];
		struct av_summary s;
		bool ok;

		c = (struct av_employer_clues){.summary = r->summary,
					       .people = people,
					       .ok = refuse_words_and_people,
					       .ctx = people};
		got = av_summary_employer(&c);
		ok = test_assert_str(got, r->company);
		free(got);
		av_summary_read(r->summary, people, NULL, &s);
		ok = test_assert_str(s.company, r->company) && ok;
		av_summary_clear(&s);
		if (!ok)
			printf("  row %zu: %s\n", i, r->summary);
	}
	c = (struct av_employer_clues){0};
	test_assert(av_summary_employer(&c) == NULL);
	test_end();

	test_begin("summary: the company: the caller's refusals, long summaries");
	/* without the people, "Sam Rivera" is a company; a title never is */
	c = (struct av_employer_clues){.summary = "Interview - Sam Rivera",
				       .ok = refuse_words_and_people};
	got = av_summary_employer(&c);
	test_assert_str(got, "Sam Rivera");
	free(got);
	c.ctx = people;
	got = av_summary_employer(&c);
	test_assert(got == NULL);
	free(got);
	c = (struct av_employer_clues){.summary = "Interview - Principal Engineer",
				       .ok = refuse_words_and_people};
	got = av_summary_employer(&c);
	test_assert(got == NULL);
	free(got);
	/* only the first 400 characters are read */
	av_buf_init(&b);
	for (int i = 0; i < 600; i++)
		av_buf_puts(&b, "a");
	av_buf_puts(&b, " - Acme");
	c.summary = b.data;
	got = av_summary_employer(&c);
	test_assert(got == NULL);
	free(got);
	av_buf_clear(&b);
	av_buf_init(&b);
	av_buf_puts(&b, "Interview - Acme - ");
	for (int i = 0; i < 600; i++)
		av_buf_puts(&b, "b");
	c.summary = b.data;
	got = av_summary_employer(&c);
	test_assert_str(got, "Acme");
	free(got);
	av_buf_clear(&b);
	test_end();
}

/* ---- where the name comes from: the order, relays, subjects, senders, signatures --------- */

struct employer_row {
	const char *summary, *subject, *sender_name, *description, *hint;
	const char *want;
};

static const struct employer_row employer_rows[] = {
	/* 1. the summary first */
	{"Interview with Northbank", "Invitation: Interview with Acme", "Acme Recruiting", NULL,
	 NULL, "Northbank"},
	/* 2. the subject, without what calendar programs put around the title */
	{"Interview",
	 "Updated invitation: Acme AI - ML Engineer @ Tue Nov 17, 2026 10am - 11am (EST) "
	 "(sam.rivera@example.net)",
	 "Jane Doe", NULL, NULL, "Acme AI"},
	{"Interview", "Fwd: Re: Invitation: Phone screen with Orbital Kitchens", NULL, NULL,
	 "orbitalkitchens.example", "Orbital Kitchens"},
	{"Interview", "Invitation: Interview @ Tue Nov 17, 2026", NULL, NULL, NULL, NULL},
	/* 3. the sender's display name without its department */
	{"Interview", NULL, "Northbank Recruiting", NULL, NULL, "Northbank"},
	{"Interview", NULL, "The Acme AI Talent Acquisition Team", NULL, NULL, "Acme AI"},
	{"Interview", NULL, "Careers @ Smith & Jones", NULL, NULL, "Smith & Jones"},
	{"Interview", NULL, "Orbital Kitchens Hiring", NULL, "orbitalkitchens.example",
	 "Orbital Kitchens"},
	{"Interview", NULL, "Harbor Labs People Team", NULL, NULL, "Harbor Labs"},
	/* a person's name, a system's, or a department alone is no employer */
	{"Interview", NULL, "Jane Doe", NULL, NULL, NULL},
	{"Interview", NULL, "Zoom Scheduler", NULL, NULL, NULL},
	{"Interview", NULL, "Greenhouse Recruiting", NULL, NULL, NULL},
	{"Interview", NULL, "Recruiting Team", NULL, NULL, NULL},
	/* 4. a signature line of the description */
	{"Interview", NULL, NULL,
	 "Looking forward to it!\n\nBest,\nJane Doe\nTalent Acquisition, Acme AI\n", NULL,
	 "Acme AI"},
	{"Interview", NULL, NULL, "See you then.\r\n\xe2\x80\x94 The Northbank Recruiting Team\r\n",
	 NULL, "Northbank"},
	{"Interview", NULL, NULL, "Jane Doe | Senior Technical Recruiter | Birchwood Health", NULL,
	 "Birchwood Health"},
	/* prose is no signature */
	{"Interview", NULL, NULL,
	 "Our Talent Acquisition team at Acme will send the details.\nThe Recruiting Team", NULL,
	 NULL},
	/* 5. the hint as the texts write it, else made from it */
	{"Interview", NULL, NULL, "Welcome to Birchwood Health!", "birchwoodhealth.example",
	 "Birchwood Health"},
	{"Interview", NULL, NULL, NULL, "birchwoodhealth.example", "Birchwoodhealth"},
	{"Interview", NULL, NULL, NULL, "northbank", "Northbank"},
	{"Interview", NULL, NULL, NULL, "gmail.com", NULL},
	/* a name in 1-4 that does not match the hint is passed over */
	{"Globex - Onsite", NULL, "Initech Recruiting", NULL, "acme.example", "Acme"},
	/* a recruiting system's name is never the employer's */
	{"Greenhouse - Onsite", NULL, NULL, NULL, NULL, NULL},
};

static void
test_employer(void)
{
	char *people[] = {(char *)"Sam Rivera", (char *)"Jane Doe", NULL};
	static const struct {
		const char *addr, *want;
	} relays[] = {
		{"no-reply@northbank.greenhouse-mail.io", "northbank"},
		{"northbank@myworkday.com", "northbank"},
		{"acme-recruiting@smartrecruiters.com", "acme"},
		{"no-reply@acme.wd5.myworkdayjobs.com", "acme"},
		{"notifications@birchwood.ashbyhq.com", "birchwood"},
		{"no-reply@em.northbank.teamtailor-mail.com", "northbank"},
		{"interviews@mail.jobvite.com", NULL},
		{"no-reply@greenhouse.io", NULL},
		{"no-reply@hire.lever.co", NULL},
		{"jane.doe@hire.lever.co", NULL},
		{"scheduling@goodtime.io", NULL},
		{"jane@northbank.example", NULL},
		{"no-reply@notgreenhouse.io", NULL},
		{"x", NULL},
		{NULL, NULL},
	};
	char *relay_domains[] = {(char *)"greenhouse.io",     (char *)"greenhouse-mail.io",
				 (char *)"lever.co",	      (char *)"myworkday.com",
				 (char *)"myworkdayjobs.com", (char *)"smartrecruiters.com",
				 (char *)"goodtime.io",	      NULL};

	test_begin("summary: the employer's name, in a person's order, row by row");
	for (size_t i = 0; i < sizeof(employer_rows) / sizeof(employer_rows[0]); i++) {
		const struct employer_row *r = &employer_rows[i];
		struct av_employer_clues c = {.summary = r->summary,
					      .subject = r->subject,
					      .sender_name = r->sender_name,
					      .description = r->description,
					      .hint = r->hint,
					      .people = people};
		char *got = av_summary_employer(&c);

		if (!test_assert_str(got, r->want))
			printf("  row %zu\n", i);
		free(got);
	}
	test_end();

	test_begin("summary: a recruiting system's address gives the employer's label");
	for (size_t i = 0; i < sizeof(relays) / sizeof(relays[0]); i++) {
		char *got = av_summary_relay_label(relays[i].addr, relay_domains);

		if (!test_assert_str(got, relays[i].want))
			printf("  row %zu: %s\n", i, relays[i].addr ? relays[i].addr : "(NULL)");
		free(got);
	}
	/* the known systems by name, also without the configured list */
	test_assert(av_summary_is_relay("northbank.greenhouse-mail.io", NULL));
	test_assert(av_summary_is_relay("acme.icims.com", NULL));
	test_assert(av_summary_is_relay("ashbyhq.com", NULL));
	test_assert(av_summary_is_relay("bamboohr.com", NULL));
	test_assert(!av_summary_is_relay("leverage.example", NULL));
	test_assert(!av_summary_is_relay("northbank.example", relay_domains));
	test_assert(!av_summary_is_relay(NULL, relay_domains));
	test_end();
}

/* Which clue gave the name (explain shows it): one row per clue, and on every employer
 * row the same name as av_summary_employer with a clue exactly when there is a name. */
static void
test_employer_from(void)
{
	static const struct {
		const char *summary, *subject, *sender_name, *description, *hint;
		const char *want, *from;
	} from_rows[] = {
		{"Interview with Northbank", "Invitation: Acme", "Acme Recruiting", NULL, NULL,
		 "Northbank", "summary"},
		{"Interview", "Invitation: Acme AI - ML Engineer @ Tue Nov 17, 2026", NULL, NULL,
		 NULL, "Acme AI", "subject"},
		{"Interview", NULL, "Northbank Recruiting", NULL, NULL, "Northbank",
		 "display name"},
		{"Interview", NULL, NULL, "Best,\nJane Doe\nTalent Acquisition, Acme AI\n", NULL,
		 "Acme AI", "signature"},
		{"Interview", NULL, NULL, "Welcome to Birchwood Health!", "birchwoodhealth.example",
		 "Birchwood Health", "domain"},
		{"Interview", NULL, NULL, NULL, "halcyon-robotics.example", "Halcyon Robotics",
		 "domain"},
		{"Interview", NULL, NULL, NULL, "northbank", "Northbank", "relay label"},
		{"Interview", NULL, "Jane Doe", NULL, "gmail.com", NULL, NULL},
	};
	char *people[] = {(char *)"Sam Rivera", (char *)"Jane Doe", NULL};

	test_begin("summary: which clue gave the employer's name");
	for (size_t i = 0; i < sizeof(from_rows) / sizeof(from_rows[0]); i++) {
		struct av_employer_clues c = {.summary = from_rows[i].summary,
					      .subject = from_rows[i].subject,
					      .sender_name = from_rows[i].sender_name,
					      .description = from_rows[i].description,
					      .hint = from_rows[i].hint,
					      .people = people};
		const char *from = "unset";
		char *got = av_summary_employer_from(&c, &from);
		bool ok = test_assert_str(got, from_rows[i].want);

		if (!test_assert_str(from, from_rows[i].from) || !ok)
			printf("  row %zu\n", i);
		free(got);
	}
	for (size_t i = 0; i < sizeof(employer_rows) / sizeof(employer_rows[0]); i++) {
		const struct employer_row *r = &employer_rows[i];
		struct av_employer_clues c = {.summary = r->summary,
					      .subject = r->subject,
					      .sender_name = r->sender_name,
					      .description = r->description,
					      .hint = r->hint,
					      .people = people};
		const char *from = "unset";
		char *a = av_summary_employer(&c), *b = av_summary_employer_from(&c, &from);

		if (!test_assert_str(b, a) || !test_assert((from != NULL) == (b != NULL)))
			printf("  employer row %zu\n", i);
		free(a);
		free(b);
	}
	test_end();
}

int
main(void)
{
	test_rows();
	test_other_texts();
	test_company();
	test_employer();
	test_employer_from();
	return test_exit();
}
