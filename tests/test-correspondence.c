/* SPDX-License-Identifier: GPL-3.0-or-later */
/* correspondence.c: whose an address is (the person's, a robot's, a team's, a list's, one
 * at the invite's domains), the address the rest of the mail gives for a name, and
 * whether the invite is the person's interview. Invites are built by hand (invites.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "afterview/correspondence.h"
#include "afterview/names.h"
#include "afterview/util.h"
#include "harness.h"
#include "invites.h"

static char me1[] = "sam.rivera@example.net", me2[] = "samr@example.net";
static char *const me[] = {me1, me2, NULL};

struct person_row {
	const char *email;
	const char *cn;
};

static void
test_the_person(void)
{
	struct av_interviewers_ctx ctx = {me, "Sam Rivera", NULL, NULL, 0, NULL};
	struct av_attendee a = {0};

	test_begin("the person: own addresses, own name, another address under the name");
	test_assert(av_correspondence_is_mine(&ctx, "Sam.Rivera+jobs@Example.NET"));
	test_assert(av_correspondence_is_mine(&ctx, "samr@example.net"));
	test_assert(!av_correspondence_is_mine(&ctx, "sam.rivera@example.org"));
	test_assert(!av_correspondence_is_mine(&ctx, NULL));
	test_assert(!av_correspondence_is_mine(NULL, "samr@example.net"));
	test_assert(av_correspondence_is_my_name(&ctx, "SAM  RIVERA"));
	test_assert(!av_correspondence_is_my_name(&ctx, "Sam Rivers"));
	test_assert(!av_correspondence_is_my_name(&ctx, NULL));
	test_assert(!av_correspondence_is_my_name(NULL, "Sam Rivera"));
	a.email = (char *)"s.r@other.example";
	a.cn = (char *)"Sam Rivera";
	test_assert(av_correspondence_is_me_by_name(&ctx, &a));
	a.cn = (char *)"Kim Lund";
	test_assert(!av_correspondence_is_me_by_name(&ctx, &a));
	a.cn = NULL;
	a.email = (char *)"sam.rivera@other.example";
	test_assert(av_correspondence_is_me_by_name(&ctx, &a));
	a.email = NULL;
	test_assert(!av_correspondence_is_me_by_name(&ctx, &a));
	test_end();
}

static void
test_mailboxes(void)
{
	test_begin("mailboxes no person reads: robots, shared calendars, teams, lists");
	test_assert(av_correspondence_is_system_mailbox("no-reply@acme.example"));
	test_assert(av_correspondence_is_system_mailbox("Do_Not_Reply@acme.example"));
	test_assert(av_correspondence_is_system_mailbox("calendar-notification@google.com"));
	test_assert(av_correspondence_is_system_mailbox("abc@group.calendar.google.com"));
	test_assert(!av_correspondence_is_system_mailbox("jane.doe@acme.example"));
	test_assert(!av_correspondence_is_system_mailbox(NULL));
	test_assert(av_correspondence_is_team_mailbox("recruiting@acme.example"));
	test_assert(av_correspondence_is_team_mailbox("Jobs@acme.example"));
	test_assert(!av_correspondence_is_team_mailbox("jane.doe@acme.example"));
	test_assert(!av_correspondence_is_team_mailbox(NULL));
	test_assert(!av_correspondence_is_team_mailbox(""));
	test_assert(av_correspondence_is_system_cn("Acme Candidate Calendar"));
	test_assert(av_correspondence_is_system_cn("Do Not Reply"));
	test_assert(!av_correspondence_is_system_cn("Jane Doe"));
	test_assert(!av_correspondence_is_system_cn(NULL));
	test_assert(av_correspondence_is_list("eng-all@lists.acme.example", NULL));
	test_assert(av_correspondence_is_list("all-hands@acme.example", NULL));
	test_assert(av_correspondence_is_list("team-platform@acme.example", NULL));
	test_assert(av_correspondence_is_list("x@googlegroups.com", NULL));
	test_assert(av_correspondence_is_list("eng@acme.example", "Platform Team"));
	test_assert(
		!av_correspondence_is_list("jane.doe@acme.example", "Jane Doe - Recruiting Team"));
	test_assert(!av_correspondence_is_list("jane.doe@acme.example", NULL));
	test_assert(!av_correspondence_is_list(NULL, NULL));
	test_end();
}

static void
test_domains(void)
{
	struct av_invite *inv = invite("Interview", NULL, NULL);
	struct av_interviewers_ctx ctx = {me, "Sam Rivera", NULL, NULL, 0, NULL};
	bool any = true;

	test_begin("the invite's domains: the organizer's and attendees', not the person's");
	attendee(inv, "sam.rivera@example.net", "Sam Rivera");
	organizer(inv, "no-reply@greenhouse.io", NULL);
	test_assert(!av_correspondence_at_party_domain(inv, &ctx, "example.net", &any));
	test_assert(!any);
	attendee(inv, "jane@acme.example", "Jane Doe");
	test_assert(av_correspondence_at_party_domain(inv, &ctx, "acme.example", &any));
	test_assert(any);
	test_assert(av_correspondence_at_party_domain(inv, &ctx, "mail.acme.example", &any));
	test_assert(!av_correspondence_at_party_domain(inv, &ctx, "other.example", &any));
	test_assert(any);
	test_assert(!av_correspondence_at_party_domain(inv, &ctx, NULL, &any));
	/* without a context the person is not known: their address is anyone's */
	test_assert(av_correspondence_at_party_domain(inv, NULL, "example.net", &any));
	test_assert(av_correspondence_employer_domain(NULL, me) == NULL);
	invite_free(inv);
	test_end();
}

static void
test_find_address(void)
{
	struct av_invite *inv = invite("Interview", NULL, NULL);
	struct av_known_address known[] = {
		{"kim.lund@acme.example", NULL},	 {"kim@gmail.com", "Kim Lund"},
		{"recruiting@acme.example", "Kim Lund"}, {"k.lund@acme.example", NULL},
		{"pat@acme.example", "Pat Q Smith"},	 {"psmith@acme.example", NULL},
	};
	struct av_interviewers_ctx ctx = {me, "Sam Rivera", NULL, known, 2, NULL};
	char *key = av_names_key("Kim Lund");
	bool amb = true;

	test_begin("the address the rest of the mail gives for a name");
	organizer(inv, "jane@acme.example", "Jane Doe");
	attendee(inv, "sam.rivera@example.net", "Sam Rivera");
	test_assert_str(av_correspondence_find_address(inv, &ctx, "Kim Lund", key, &amb),
			"kim.lund@acme.example");
	test_assert(!amb);
	/* two addresses that fit equally: which one is not known */
	ctx.n_known = 4;
	(void)av_correspondence_find_address(inv, &ctx, "Kim Lund", key, &amb);
	test_assert(amb);
	free(key);
	/* the CN beats an address that only fits */
	key = av_names_key("Pat Q Smith");
	ctx.n_known = 6;
	test_assert_str(av_correspondence_find_address(inv, &ctx, "Pat Q Smith", key, &amb),
			"pat@acme.example");
	test_assert(!amb);
	/* invalid input */
	amb = true;
	test_assert(av_correspondence_find_address(inv, NULL, "Pat Q Smith", key, &amb) == NULL);
	test_assert(!amb);
	amb = true;
	test_assert(av_correspondence_find_address(inv, &ctx, "Pat Q Smith", NULL, &amb) == NULL);
	test_assert(!amb);
	free(key);
	invite_free(inv);
	test_end();
}

/* With the index (av_correspondence_index_build) the same address, and the same
 * ambiguity, as walking every known address: exact domains, subdomains and parents
 * either way, case, lookalike domains ("xacme.example"), +tags, CNs, repeats. */
static const char *const idx_domains[] = {"acme.example",
					  "ACME.Example",
					  "mail.acme.example",
					  "eu.mail.acme.example",
					  "xacme.example",
					  "acme.example.org",
					  "example",
					  "other.example",
					  "acme-example",
					  "acme.examplex",
					  NULL};
static const char *const idx_locals[] = {"kim.lund",	  "k.lund",	"klund",    "kim",
					 "kim.lund+jobs", "recruiting", "no-reply", "pat.smith",
					 "psmith",	  "Kim.Lund",	"lund",	    NULL};
static const char *const idx_cns[] = {
	NULL, NULL, "Kim Lund", "Pat Smith", "KIM LUND", "Recruiting Team", NULL};
#define IDX_KNOWN 160

static size_t
count(const char *const *v, size_t n)
{
	while (v[n] != NULL)
		n++;
	return n;
}

static void
test_find_address_index(void)
{
	static const char *const names[] = {"Kim Lund", "Pat Smith", "Kim", "Jo Other", NULL};
	static const char *const orgs[] = {"jane@acme.example",
					   "jane@mail.acme.example",
					   "jane@eu.mail.acme.example",
					   "jane@ACME.EXAMPLE",
					   "jane@example",
					   "jane@other.example",
					   NULL};
	struct av_known_address known[IDX_KNOWN];
	char addrs[IDX_KNOWN][64];
	size_t n_dom = count(idx_domains, 0), n_loc = count(idx_locals, 0);
	size_t n_cn = 7, differ = 0, found = 0, via_sub = 0, ambiguous = 0;
	unsigned seed = 12345;

	test_begin("the address for a name: the index finds what the walk finds");
	for (size_t k = 0; k < IDX_KNOWN; k++) {
		seed = seed * 1103515245u + 12345u;
		if ((seed >> 16) % 23 == 0)
			snprintf(addrs[k], sizeof(addrs[k]), "no-domain-%zu", k);
		else
			snprintf(addrs[k], sizeof(addrs[k]), "%s@%s",
				 idx_locals[(seed >> 8) % n_loc],
				 idx_domains[(seed >> 20) % n_dom]);
		known[k].email = addrs[k];
		known[k].name = idx_cns[(seed >> 4) % n_cn];
	}
	for (size_t n_known = 0; n_known <= IDX_KNOWN; n_known += 8) {
		struct av_known_index *idx = av_correspondence_index_build(known, n_known);

		for (size_t o = 0; orgs[o] != NULL; o++) {
			struct av_invite *inv = invite("Interview", NULL, NULL);

			organizer(inv, orgs[o], "Jane Doe");
			attendee(inv, "sam.rivera@example.net", "Sam Rivera");
			if (o % 2 == 1)
				attendee(inv, "lee@other.example", "Lee Park");
			for (size_t i = 0; names[i] != NULL; i++) {
				struct av_interviewers_ctx walk = {me,	  "Sam Rivera", NULL,
								   known, n_known,	NULL};
				struct av_interviewers_ctx indexed = walk;
				char *key = av_names_key(names[i]);
				bool amb_w = false, amb_i = true;
				const char *w, *x;

				indexed.known_index = idx;
				w = av_correspondence_find_address(inv, &walk, names[i], key,
								   &amb_w);
				x = av_correspondence_find_address(inv, &indexed, names[i], key,
								   &amb_i);
				if (w != x || amb_w != amb_i)
					differ++;
				ambiguous += amb_w;
				if (w != NULL && !amb_w) {
					found++;
					if (strstr(orgs[o], "@acme.example") != NULL &&
					    strstr(w, "mail.acme.example") != NULL)
						via_sub++;
				}
				free(key);
			}
			invite_free(inv);
		}
		av_correspondence_index_free(&idx);
		test_assert(idx == NULL);
	}
	test_assert(differ == 0);
	/* the comparison saw finds (some at a subdomain of the organizer's) and ties */
	test_assert(found >= 10);
	test_assert(ambiguous >= 10);
	test_assert(via_sub > 0);
	av_correspondence_index_free(NULL);
	test_end();
}

static const struct {
	const char *what, *summary, *organizer;
	struct person_row attendee;
	char *const *mine;
	const char *want; /* a part of the reason, or NULL: the person's interview */
} mine_rows[] = {
	{"candidate named in the summary",
	 "Interview: Jordan Smith (candidate)",
	 "priya@example.net",
	 {"jordan.smith@gmail.com", "Jordan Smith"},
	 me,
	 "names Jordan Smith as the candidate"},
	{"\"Candidate interview – Name\"",
	 "Candidate interview \xe2\x80\x93 Jordan Smith",
	 "priya@example.net",
	 {NULL, NULL},
	 me,
	 "names Jordan Smith as the candidate"},
	{"the person as interviewer",
	 "Interviewer: Sam Rivera",
	 "priya@example.net",
	 {NULL, NULL},
	 me,
	 "names you as the interviewer"},
	{"an outsider named in the summary",
	 "Interview with Jordan Smith",
	 "priya@example.net",
	 {"jordan.smith@gmail.com", NULL},
	 me,
	 "names Jordan Smith, who is not at example.net"},
	{"a colleague named in the summary: the person's own internal interview",
	 "Interview with Jane Doe",
	 "priya@example.net",
	 {"jane.doe@example.net", "Jane Doe"},
	 me,
	 NULL},
	{"the person as candidate at another company",
	 "Interview: Jordan Smith (candidate)",
	 "priya@acme.example",
	 {NULL, NULL},
	 me,
	 NULL},
	{"a public mail domain is no employer",
	 "Interview: Jordan Smith (candidate)",
	 "friend@gmail.com",
	 {NULL, NULL},
	 (char *const[]){(char *)"sam@gmail.com", NULL},
	 NULL},
	{"the person named without interviewer words",
	 "Phone screen: Sam Rivera",
	 "priya@example.net",
	 {NULL, NULL},
	 me,
	 NULL},
};

static void
test_not_mine(void)
{
	test_begin("av_correspondence_not_mine: the person on the panel, not the candidate");
	for (size_t i = 0; i < sizeof(mine_rows) / sizeof(*mine_rows); i++) {
		struct av_invite *inv = invite(mine_rows[i].summary, NULL, NULL);
		struct av_interviewers_ctx ctx = {
			mine_rows[i].mine, "Sam Rivera", NULL, NULL, 0, NULL};
		char *why;

		organizer(inv, mine_rows[i].organizer, NULL);
		attendee(inv, "sam.rivera@example.net", "Sam Rivera");
		if (mine_rows[i].attendee.email != NULL)
			attendee(inv, mine_rows[i].attendee.email, mine_rows[i].attendee.cn);
		why = av_correspondence_not_mine(inv, &ctx);
		if (mine_rows[i].want == NULL
			    ? why != NULL
			    : why == NULL || strstr(why, mine_rows[i].want) == NULL) {
			printf("  %s: got %s\n", mine_rows[i].what, why ? why : "(null)");
			test_check_(false, mine_rows[i].what, __FILE__, __LINE__);
		}
		free(why);
		invite_free(inv);
	}
	test_assert(av_correspondence_not_mine(NULL, NULL) == NULL);
	test_end();
}

static void
test_employer_domain(void)
{
	struct av_invite *inv = invite("Interview", NULL, NULL);

	test_begin("av_correspondence_employer_domain: the organizer's, else a person's");
	test_assert(av_correspondence_employer_domain(inv, me) == NULL);
	organizer(inv, "no-reply@greenhouse.io", NULL);
	attendee(inv, "sam.rivera@example.net", NULL);
	test_assert(av_correspondence_employer_domain(inv, me) == NULL);
	attendee(inv, "jane@acme.example", NULL);
	test_assert_str(av_correspondence_employer_domain(inv, me), "acme.example");
	free(inv->organizer.email);
	inv->organizer.email = av_strdup("rita@northbank.example");
	test_assert_str(av_correspondence_employer_domain(inv, me), "northbank.example");
	invite_free(inv);
	test_end();
}

static void
test_sent_to(void)
{
	static const struct {
		const char *what, *to, *cc, *from;
		bool me_attends;
		const char *want; /* NULL: none */
	} cases[] = {
		{"the single To, another address of the person", "samr.jobs@fastmail.example", NULL,
		 "noor.haddad@orbital.example", false, "samr.jobs@fastmail.example"},
		{"one of the person's addresses", "samr@example.net", NULL,
		 "noor.haddad@orbital.example", true, "samr@example.net"},
		{"two To addresses say nothing", "samr.jobs@fastmail.example\nlee@orbital.example",
		 NULL, "noor.haddad@orbital.example", false, NULL},
		{"no To", NULL, NULL, "noor.haddad@orbital.example", false, NULL},
		{"the person copied: the To is someone else", "lee@fastmail.example",
		 "sam.rivera@example.net", "noor.haddad@orbital.example", false, NULL},
		{"the person already in the invite: a Bcc'd copy", "lee@fastmail.example", NULL,
		 "noor.haddad@orbital.example", true, NULL},
		{"sent to the sender itself", "noor.haddad@orbital.example", NULL,
		 "noor.haddad@orbital.example", false, NULL},
		{"sent to the organizer", "noor.haddad@orbital.example", NULL,
		 "no-reply@greenhouse.io", false, NULL},
		{"a colleague of the sender", "lee@orbital.example", NULL,
		 "noor.haddad@orbital.example", false, NULL},
		{"a public mail service is no employer", "samr.jobs@gmail.com", NULL,
		 "noor.haddad@gmail.com", false, "samr.jobs@gmail.com"},
	};

	test_begin("the address the invite went to: only when it can be the person's");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct av_invite *inv = invite("Phone Interview", NULL, NULL);
		struct av_invite_mail mail = {
			.from = cases[i].from, .to = cases[i].to, .cc = cases[i].cc};
		const char *got;

		organizer(inv, "noor.haddad@orbital.example", "Noor Haddad");
		attendee(inv, "noor.haddad@orbital.example", "Noor Haddad");
		attendee(inv, "samr.jobs@fastmail.example", NULL);
		if (cases[i].me_attends)
			attendee(inv, "sam.rivera@example.net", "Sam Rivera");
		got = av_correspondence_sent_to(inv, &mail, me);
		if (!test_assert((got == NULL && cases[i].want == NULL) ||
				 (got != NULL && cases[i].want != NULL &&
				  strcmp(got, cases[i].want) == 0)))
			printf("  %s: got %s\n", cases[i].what, got ? got : "(none)");
		av_invite_free(&inv);
	}
	test_assert(av_correspondence_sent_to(NULL, NULL, NULL) == NULL);
	test_end();
}

int
main(void)
{
	test_the_person();
	test_mailboxes();
	test_domains();
	test_find_address();
	test_find_address_index();
	test_not_mine();
	test_employer_domain();
	test_sent_to();
	return test_exit();
}
