/* SPDX-License-Identifier: GPL-3.0-or-later */
/* interviewers.c: attendees, the organizer and names in descriptions, addresses from the
 * rest of the mail, and who is not an interviewer to thank. Invites are built by hand
 * (invites.h), so this test needs neither libical nor the MIME parser. */
#include "config.h"

#include "afterview/interviewers.h"
#include "afterview/util.h"
#include "harness.h"
#include "invites.h"

static char me1[] = "sam.rivera@example.net", me2[] = "samr@example.net";
static char *const me[] = {me1, me2, NULL};

/* ---- checking results ------------------------------------------------------------ */

/* Find the interviewer with this name; NULL if none. */
static const struct av_interviewer *
find_iv(const struct av_interviewer *iv, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(iv[i].name, name) == 0)
			return &iv[i];
	return NULL;
}

static void
dump_ivs(const struct av_interviewer *iv, size_t n)
{
	for (size_t i = 0; i < n; i++)
		printf("      [%zu] %s | %s | %s | guessed:%s\n", i, iv[i].name,
		       iv[i].email ? iv[i].email : "-", av_interviewers_source_name(iv[i].source),
		       iv[i].name_guessed ? "yes" : "no");
}

/* Check one interviewer: name, email (NULL: none), source, guessed. */
static void
check_iv_(const struct av_interviewer *iv, size_t n, const char *name, const char *email,
	  enum av_source source, bool guessed, int line)
{
	const struct av_interviewer *p = find_iv(iv, n, name);

	if (p == NULL) {
		printf("  %s:%d: no interviewer \"%s\" in:\n", __FILE__, line, name);
		dump_ivs(iv, n);
		test_check_(false, "interviewer present", __FILE__, line);
		return;
	}
	test_check_str_(p->email, email, name, __FILE__, line);
	test_check_int_(p->source, source, "source", __FILE__, line);
	test_check_int_(p->name_guessed, guessed, "name_guessed", __FILE__, line);
}
#define check_iv(iv, n, name, email, source, guessed)                                              \
	check_iv_((iv), (n), (name), (email), (source), (guessed), __LINE__)

/* Interviewers named in a description only (no attendees but me). */
static void
desc_names(const char *description, struct av_interviewer **iv_r, size_t *n_r)
{
	struct av_invite *inv = invite("Interview", description, NULL);

	attendee(inv, "sam.rivera@example.net", "Sam Rivera");
	organizer(inv, "no-reply@greenhouse.io", "Acme Recruiting");
	av_interviewers_find(inv, me, iv_r, n_r);
	invite_free(inv);
}

/* ---- interviewers ------------------------------------------------------------------- */

static void
test_own_addresses(void)
{
	struct av_invite *inv = invite("Interview", NULL, NULL);
	struct av_interviewer *iv = NULL;
	size_t n = 0;

	test_begin("own addresses removed: case-insensitive, +tag ignored");
	organizer(inv, "jane.doe@acme.example", "Jane Doe");
	attendee(inv, "Sam.Rivera+jobs@Example.NET", "Sam Rivera");
	attendee(inv, "SAMR@example.net", NULL);
	attendee(inv, "jane.doe@acme.example", "Jane Doe");
	attendee(inv, "sam.rivera@example.org", "Sam Rivera (other)");
	av_interviewers_find(inv, me, &iv, &n);
	test_assert_int(n, 2);
	check_iv(iv, n, "Jane Doe", "jane.doe@acme.example", AV_SOURCE_ATTENDEE, false);
	test_assert(find_iv(iv, n, "Sam Rivera (other)") != NULL);
	av_interviewers_free(&iv, n);
	test_assert(iv == NULL);
	invite_free(inv);
	test_end();
}

static void
test_not_people(void)
{
	struct av_invite *inv = invite("Onsite", NULL, NULL);
	struct av_interviewer *iv = NULL;
	size_t n = 0;
	struct av_attendee *a;

	test_begin("rooms, resources, groups, non-participants and decliners dropped");
	a = attendee(inv, "room-4b@acme.example", "Room 4B (8)");
	a->cutype = AV_CUTYPE_ROOM;
	a = attendee(inv, "projector@acme.example", "Projector");
	a->cutype = AV_CUTYPE_RESOURCE;
	a = attendee(inv, "eng-team@acme.example", "Engineering Team");
	a->cutype = AV_CUTYPE_GROUP;
	a = attendee(inv, "thing@acme.example", "Thing");
	a->cutype = AV_CUTYPE_UNKNOWN;
	a = attendee(inv, "cc@acme.example", "Carbon Copy");
	a->role = AV_ROLE_NON_PARTICIPANT;
	a = attendee(inv, "busy@acme.example", "Busy Person");
	a->partstat = AV_PARTSTAT_DECLINED;
	a = attendee(inv, "opt@acme.example", "Optional Olga");
	a->role = AV_ROLE_OPT_PARTICIPANT;
	a->partstat = AV_PARTSTAT_TENTATIVE;
	a = attendee(inv, "chair@acme.example", "Chair Charlie");
	a->role = AV_ROLE_CHAIR;
	a->partstat = AV_PARTSTAT_ACCEPTED;
	av_interviewers_find(inv, me, &iv, &n);
	test_assert_int(n, 2);
	check_iv(iv, n, "Optional Olga", "opt@acme.example", AV_SOURCE_ATTENDEE, false);
	check_iv(iv, n, "Chair Charlie", "chair@acme.example", AV_SOURCE_ATTENDEE, false);
	av_interviewers_free(&iv, n);
	invite_free(inv);
	test_end();
}

static void
test_robots_and_shared_calendars(void)
{
	static const struct {
		const char *email, *cn;
	} robots[] = {
		{"no-reply@greenhouse.io", "Greenhouse"},
		{"noreply@acme.example", NULL},
		{"do-not-reply@acme.example", "Acme"},
		{"donotreply@acme.example", NULL},
		{"calendar-notification@google.com", "Google Calendar"},
		{"calendar@acme.example", NULL},
		{"notifications@acme.example", NULL},
		{"scheduling@goodtime.io", "Acme Scheduling"},
		{"scheduler@acme.example", NULL},
		{"invitations@linkedin.example", NULL},
		{"c_1234abcd@group.calendar.google.com", "Acme Interviews"},
		{"candidates@acme.example", NULL},
		{"shared-box@acme.example", "Acme Candidate Calendar"},
		{"interviews@acme.example", "Acme Interviews"},
		{"recruiting@acme.example", "Acme Recruiting"},
		{"talent@acme.example", NULL},
		{"careers@acme.example", "Acme Careers"},
		{"jobs@acme.example", "Jobs at Acme"},
		{"hiring@acme.example", "Hiring Team"},
		{"talent@acme.example", "Acme Talent"},
		{"recruiting@acme.example", "Jane Recruiter"},
	};
	struct av_interviewer *iv = NULL;
	size_t n = 0;

	test_begin("no-reply, notification, scheduling and shared-calendar mailboxes dropped");
	for (size_t i = 0; i < sizeof(robots) / sizeof(robots[0]); i++) {
		struct av_invite *inv = invite("Interview", NULL, NULL);

		organizer(inv, robots[i].email, robots[i].cn);
		attendee(inv, robots[i].email, robots[i].cn);
		av_interviewers_find(inv, me, &iv, &n);
		if (!test_assert_int(n, 0))
			printf("    kept %s\n", robots[i].email);
		av_interviewers_free(&iv, n);
		invite_free(inv);
	}
	/* a team mailbox with a person's name in the CN is that person */
	{
		struct av_invite *inv = invite("Recruiter call", NULL, NULL);

		organizer(inv, "talent@acme.example", "Dana Whitfield");
		av_interviewers_find(inv, me, &iv, &n);
		test_assert_int(n, 1);
		check_iv(iv, n, "Dana Whitfield", "talent@acme.example", AV_SOURCE_ORGANIZER,
			 false);
		av_interviewers_free(&iv, n);
		invite_free(inv);
	}
	test_end();
}

static void
test_guessed_names(void)
{
	struct av_invite *inv = invite("Interview", NULL, NULL);
	struct av_interviewer *iv = NULL;
	size_t n = 0;

	test_begin("a CN missing or equal to the address gives a guessed name");
	attendee(inv, "priya.chen@acme.example", NULL);
	attendee(inv, "jdoe@acme.example", "jdoe@acme.example");
	attendee(inv, "bob_smith2@acme.example", "'Bob_Smith2@ACME.example'");
	attendee(inv, "kim-lee@acme.example", "kim-lee");
	attendee(inv, "alex@acme.example", "   ");
	attendee(inv, "doe.john@acme.example", "Doe, John");
	attendee(inv, "ann@acme.example", "Ann Lee, PhD");
	attendee(inv, NULL, "Outlook Only");
	av_interviewers_find(inv, me, &iv, &n);
	test_assert_int(n, 8);
	check_iv(iv, n, "Priya Chen", "priya.chen@acme.example", AV_SOURCE_ATTENDEE, true);
	check_iv(iv, n, "Jdoe", "jdoe@acme.example", AV_SOURCE_ATTENDEE, true);
	check_iv(iv, n, "Bob Smith", "bob_smith2@acme.example", AV_SOURCE_ATTENDEE, true);
	check_iv(iv, n, "Kim Lee", "kim-lee@acme.example", AV_SOURCE_ATTENDEE, true);
	check_iv(iv, n, "Alex", "alex@acme.example", AV_SOURCE_ATTENDEE, true);
	check_iv(iv, n, "John Doe", "doe.john@acme.example", AV_SOURCE_ATTENDEE, false);
	check_iv(iv, n, "Ann Lee, PhD", "ann@acme.example", AV_SOURCE_ATTENDEE, false);
	check_iv(iv, n, "Outlook Only", NULL, AV_SOURCE_ATTENDEE, false);
	av_interviewers_free(&iv, n);
	invite_free(inv);
	test_end();
}

static void
test_description_lists(void)
{
	struct av_interviewer *iv = NULL;
	size_t n = 0;

	test_begin("description: Interviewers:/Panel: lists, inline and bulleted");
	desc_names("Hi Sam,\n\nInterviewers:\n- Jane Doe, Engineering Manager\n"
		   "• Bob Smith (Staff Engineer)\n* Carol King - Product Manager\n\n"
		   "Location: Zoom\nBest, Acme Recruiting",
		   &iv, &n);
	test_assert_int(n, 3);
	check_iv(iv, n, "Jane Doe", NULL, AV_SOURCE_DESCRIPTION, false);
	check_iv(iv, n, "Bob Smith", NULL, AV_SOURCE_DESCRIPTION, false);
	check_iv(iv, n, "Carol King", NULL, AV_SOURCE_DESCRIPTION, false);
	test_assert(find_iv(iv, n, "Acme Recruiting") == NULL);
	av_interviewers_free(&iv, n);

	desc_names("Interviewer: Priya Chen <priya.chen@acme.example>\n"
		   "Panel: José Álvarez (jose@acme.example), Jürgen Müller and Zoë O'Brien\n",
		   &iv, &n);
	test_assert_int(n, 4);
	check_iv(iv, n, "Priya Chen", "priya.chen@acme.example", AV_SOURCE_DESCRIPTION, false);
	check_iv(iv, n, "José Álvarez", "jose@acme.example", AV_SOURCE_DESCRIPTION, false);
	check_iv(iv, n, "Jürgen Müller", NULL, AV_SOURCE_DESCRIPTION, false);
	check_iv(iv, n, "Zoë O'Brien", NULL, AV_SOURCE_DESCRIPTION, false);
	av_interviewers_free(&iv, n);

	desc_names("**Interviewers:**\n\n1. Ludwig van Beethoven\n2. Dr. Ada Lovelace\n", &iv, &n);
	test_assert_int(n, 2);
	check_iv(iv, n, "Ludwig van Beethoven", NULL, AV_SOURCE_DESCRIPTION, false);
	check_iv(iv, n, "Ada Lovelace", NULL, AV_SOURCE_DESCRIPTION, false);
	av_interviewers_free(&iv, n);
	test_end();
}

static void
test_description_phrases(void)
{
	struct av_interviewer *iv = NULL;
	size_t n = 0;

	test_begin(
		"description: You'll meet with, Sie treffen, Vous rencontrerez, Entrevistadores");
	desc_names("During the onsite you'll meet with Jane Doe and Bob Smith. Please be on "
		   "time.",
		   &iv, &n);
	test_assert_int(n, 2);
	check_iv(iv, n, "Jane Doe", NULL, AV_SOURCE_DESCRIPTION, false);
	check_iv(iv, n, "Bob Smith", NULL, AV_SOURCE_DESCRIPTION, false);
	av_interviewers_free(&iv, n);

	desc_names("You\xe2\x80\x99ll meet with:\n- Jane Doe\n- Bob Smith\nWe look forward to "
		   "seeing you!",
		   &iv, &n);
	test_assert_int(n, 2);
	av_interviewers_free(&iv, n);

	desc_names("You will meet with the following people:\n\nJane Doe, Engineering Manager\n"
		   "Bob Smith, Staff Engineer\n\nThanks!",
		   &iv, &n);
	test_assert_int(n, 2);
	check_iv(iv, n, "Bob Smith", NULL, AV_SOURCE_DESCRIPTION, false);
	av_interviewers_free(&iv, n);

	/* a phrase that names nobody opens no list: the next line is prose */
	desc_names("You'll meet the team in the lobby.\nJane Doe will greet you.", &iv, &n);
	test_assert_int(n, 0);
	av_interviewers_free(&iv, n);

	desc_names("You will meet with\n\n- Jane Doe\n- Bob Smith", &iv, &n);
	test_assert_int(n, 2);
	av_interviewers_free(&iv, n);

	desc_names("Interviewers\n- Jane Doe\n- Bob Smith", &iv, &n);
	test_assert_int(n, 2);
	av_interviewers_free(&iv, n);

	desc_names("Your interviewer will be Jane Doe.", &iv, &n);
	test_assert_int(n, 1);
	check_iv(iv, n, "Jane Doe", NULL, AV_SOURCE_DESCRIPTION, false);
	av_interviewers_free(&iv, n);

	desc_names("Sie treffen Jürgen Müller und Anna Schmidt (Teamleiterin).", &iv, &n);
	test_assert_int(n, 2);
	check_iv(iv, n, "Jürgen Müller", NULL, AV_SOURCE_DESCRIPTION, false);
	check_iv(iv, n, "Anna Schmidt", NULL, AV_SOURCE_DESCRIPTION, false);
	av_interviewers_free(&iv, n);

	desc_names("Vous rencontrerez Élodie Dupont et Marc Lefèvre.", &iv, &n);
	test_assert_int(n, 2);
	check_iv(iv, n, "Élodie Dupont", NULL, AV_SOURCE_DESCRIPTION, false);
	check_iv(iv, n, "Marc Lefèvre", NULL, AV_SOURCE_DESCRIPTION, false);
	av_interviewers_free(&iv, n);

	desc_names("Entrevistadores: José Álvarez y María López", &iv, &n);
	test_assert_int(n, 2);
	check_iv(iv, n, "José Álvarez", NULL, AV_SOURCE_DESCRIPTION, false);
	check_iv(iv, n, "María López", NULL, AV_SOURCE_DESCRIPTION, false);
	av_interviewers_free(&iv, n);
	test_end();
}

static void
test_description_itinerary(void)
{
	struct av_interviewer *iv = NULL;
	size_t n = 0;

	test_begin("description: itinerary lines in their usual forms");
	desc_names("Your itinerary (all times Eastern):\n"
		   "10:00 AM - 10:45 AM Jane Doe, Engineering Manager\n"
		   "10:45–11:30 Bob Smith (Staff Engineer)\n"
		   "11:30-12:15: Carol King - Staff Engineer\n"
		   "12:15 PM - 1:00 PM Lunch\n"
		   "1:00 PM – 1:45 PM PT: Coding Interview — Priya Chen <priya@acme.example>\n"
		   "  • 2:00pm to 2:45pm System Design with Jürgen Müller and José Álvarez\n"
		   "14h45 à 15h30 Élodie Dupont (jane@acme.example is not hers)\n"
		   "3:30 - 4:00 Wrap-up with the recruiter\n",
		   &iv, &n);
	check_iv(iv, n, "Jane Doe", NULL, AV_SOURCE_DESCRIPTION, false);
	check_iv(iv, n, "Bob Smith", NULL, AV_SOURCE_DESCRIPTION, false);
	check_iv(iv, n, "Carol King", NULL, AV_SOURCE_DESCRIPTION, false);
	check_iv(iv, n, "Priya Chen", "priya@acme.example", AV_SOURCE_DESCRIPTION, false);
	check_iv(iv, n, "Jürgen Müller", NULL, AV_SOURCE_DESCRIPTION, false);
	check_iv(iv, n, "José Álvarez", NULL, AV_SOURCE_DESCRIPTION, false);
	check_iv(iv, n, "Élodie Dupont", "jane@acme.example", AV_SOURCE_DESCRIPTION, false);
	if (!test_assert_int(n, 7))
		dump_ivs(iv, n);
	av_interviewers_free(&iv, n);

	/* table rows and middle-dot separators */
	desc_names("Time | Interviewer | Focus\n10:00 | Jane Doe | Coding\n"
		   "9:00am\xe2\x80\x93"
		   "9:45am \xc2\xb7 Bob Smith \xc2\xb7 Engineering\n",
		   &iv, &n);
	test_assert_int(n, 2);
	check_iv(iv, n, "Jane Doe", NULL, AV_SOURCE_DESCRIPTION, false);
	check_iv(iv, n, "Bob Smith", NULL, AV_SOURCE_DESCRIPTION, false);
	av_interviewers_free(&iv, n);

	/* plain times in prose are not itinerary lines */
	desc_names("Please join 5 minutes early.\n2 - 3 Great People will join.\n", &iv, &n);
	test_assert_int(n, 0);
	av_interviewers_free(&iv, n);
	test_end();
}

static void
test_description_html(void)
{
	struct av_interviewer *iv = NULL;
	size_t n = 0;

	test_begin("description: HTML lists and entities");
	desc_names("<p>Hi Sam,</p><p><b>Interviewers:</b></p><ul><li>Jane Doe &ndash; "
		   "Engineering Manager</li><li>Bob O&#39;Neil &lt;bob@acme.example&gt;</li></ul>"
		   "<p>Thanks!</p>",
		   &iv, &n);
	test_assert_int(n, 2);
	check_iv(iv, n, "Jane Doe", NULL, AV_SOURCE_DESCRIPTION, false);
	check_iv(iv, n, "Bob O'Neil", "bob@acme.example", AV_SOURCE_DESCRIPTION, false);
	av_interviewers_free(&iv, n);
	test_end();
}

static void
test_resolution_and_merging(void)
{
	struct av_invite *inv = invite(
		"Onsite",
		"Interviewers:\n- JANE DOE\n- JOSE ALVAREZ\n- Priya Chen\n- Kim Park\n- Busy "
		"Person\n"
		"- Sam Rivera\n10:00-10:45 Jane Doe, EM\n11:00-11:45 Lee Wong <LEE@acme.example>\n",
		NULL);
	struct av_interviewer *iv = NULL;
	size_t n = 0;
	struct av_attendee *a;

	test_begin("description names resolved to attendees, duplicates merged, stable order");
	organizer(inv, "lee@acme.example", "Lee Wong");
	attendee(inv, "sam.rivera@example.net", "Sam Rivera");
	attendee(inv, "jane@acme.example", "Jane Doe");
	attendee(inv, "jose.alvarez@acme.example", NULL); /* guessed "Jose Alvarez" */
	a = attendee(inv, "busy@acme.example", "Busy Person");
	a->partstat = AV_PARTSTAT_DECLINED;
	attendee(inv, "Jane@Acme.example", "Jane D."); /* same address again */
	attendee(inv, "lee@acme.example", "Lee Wong");
	av_interviewers_find(inv, me, &iv, &n);
	if (!test_assert_int(n, 5))
		dump_ivs(iv, n);
	if (n == 5) {
		/* attendees in invite order, the organizer merged into its attendee entry,
		 * then description-only names */
		test_assert_str(iv[0].name, "Jane Doe");
		test_assert_str(iv[1].name, "JOSE ALVAREZ");
		test_assert_str(iv[2].name, "Lee Wong");
		test_assert_str(iv[3].name, "Priya Chen");
		test_assert_str(iv[4].name, "Kim Park");
	}
	check_iv(iv, n, "Jane Doe", "jane@acme.example", AV_SOURCE_ATTENDEE, false);
	/* a real name from the description replaces the guessed one */
	check_iv(iv, n, "JOSE ALVAREZ", "jose.alvarez@acme.example", AV_SOURCE_ATTENDEE, false);
	check_iv(iv, n, "Lee Wong", "lee@acme.example", AV_SOURCE_ATTENDEE, false);
	check_iv(iv, n, "Priya Chen", NULL, AV_SOURCE_DESCRIPTION, false);
	/* a decliner named in the description stays out, and so does the person */
	test_assert(find_iv(iv, n, "Busy Person") == NULL);
	test_assert(find_iv(iv, n, "Sam Rivera") == NULL);
	av_interviewers_free(&iv, n);
	invite_free(inv);

	/* the organizer alone is an interviewer with source organizer */
	inv = invite("Phone screen", "Interviewer: Jane Doe", NULL);
	organizer(inv, "jane@acme.example", "Jane Doe");
	attendee(inv, "samr@example.net", NULL);
	av_interviewers_find(inv, me, &iv, &n);
	test_assert_int(n, 1);
	check_iv(iv, n, "Jane Doe", "jane@acme.example", AV_SOURCE_ORGANIZER, false);
	av_interviewers_free(&iv, n);
	invite_free(inv);
	test_end();
}

/* One fold for names everywhere (text.h): Greek capitals are capitals, and a Greek name
 * in capitals is the same person as in mixed case, as the notes sheet compares them. */
static void
test_greek_names(void)
{
	struct av_invite *inv = invite("Onsite", "Interviewers:\n- ΣΟΦΙΑ ΠΑΠΑΔΟΠΟΥΛΟΥ\n", NULL);
	struct av_interviewer *iv = NULL;
	size_t n = 0;

	test_begin("Greek names: read from the description, merged across case");
	attendee(inv, "sofia@acme.example", "Σοφια Παπαδοπουλου");
	av_interviewers_find(inv, me, &iv, &n);
	if (!test_assert_int(n, 1))
		dump_ivs(iv, n);
	check_iv(iv, n, "Σοφια Παπαδοπουλου", "sofia@acme.example", AV_SOURCE_ATTENDEE, false);
	av_interviewers_free(&iv, n);
	invite_free(inv);

	inv = invite("Onsite", "Interviewers:\n- Νίκος Ζήσης\n", NULL);
	av_interviewers_find(inv, me, &iv, &n);
	test_assert_int(n, 1);
	check_iv(iv, n, "Νίκος Ζήσης", NULL, AV_SOURCE_DESCRIPTION, false);
	av_interviewers_free(&iv, n);
	invite_free(inv);
	test_end();
}

static void
test_bounds(void)
{
	struct av_invite *inv = invite("Onsite", NULL, NULL);
	struct av_interviewer *iv = NULL;
	size_t n = 0;
	struct av_buf desc;

	test_begin("bounded: at most 100 interviewers, huge descriptions are cut");
	for (int i = 0; i < 150; i++) {
		char *e = av_asprintf("person%d@acme.example", i);
		char *cn = av_asprintf("Person Number%c%c", 'A' + i / 26, 'a' + i % 26);

		attendee(inv, e, cn);
		free(e);
		free(cn);
	}
	av_buf_init(&desc);
	for (int i = 0; i < 20000; i++)
		av_buf_puts(&desc, "Interviewers: Jane Doe, Bob Smith and Carol King\n");
	free(inv->description);
	inv->description = av_buf_steal(&desc);
	av_interviewers_find(inv, me, &iv, &n);
	test_assert_int(n, 100);
	av_interviewers_free(&iv, n);
	invite_free(inv);

	/* nothing at all */
	inv = invite(NULL, NULL, NULL);
	av_interviewers_find(inv, NULL, &iv, &n);
	test_assert_int(n, 0);
	av_interviewers_free(&iv, n);
	invite_free(inv);
	test_end();
}

/* ---- helpers ---------------------------------------------------------------------------- */

static void
test_source_names(void)
{
	test_begin("source names");
	test_assert_str(av_interviewers_source_name(AV_SOURCE_ATTENDEE), "attendee");
	test_assert_str(av_interviewers_source_name(AV_SOURCE_ORGANIZER), "organizer");
	test_assert_str(av_interviewers_source_name(AV_SOURCE_DESCRIPTION), "description");
	test_end();
}

static void
test_is_party(void)
{
	struct av_invite *inv = invite("Interview: Jose Alvarez / Acme", NULL, NULL);

	test_begin("av_interviewers_is_party: a name of someone in the invite");
	organizer(inv, "lee@acme.example", "\"Wong, Lee\"");
	attendee(inv, "jose@acme.example", "JOSÉ ÁLVAREZ");
	attendee(inv, "priya.chen@acme.example", NULL);
	attendee(inv, "room@acme.example", "Room 4B");
	test_assert(av_interviewers_is_party(inv, "Jose Alvarez"));
	test_assert(av_interviewers_is_party(inv, "  josé   álvarez "));
	test_assert(av_interviewers_is_party(inv, "Lee Wong")); /* "Wong, Lee" turned round */
	test_assert(av_interviewers_is_party(inv, "Room 4B"));	/* any attendee, by CN */
	/* a name only guessed from an address is not the CN */
	test_assert(!av_interviewers_is_party(inv, "Priya Chen"));
	test_assert(!av_interviewers_is_party(inv, "Acme"));
	test_assert(!av_interviewers_is_party(inv, ""));
	test_assert(!av_interviewers_is_party(inv, "   "));
	invite_free(inv);

	/* no attendees, no organizer */
	inv = invite(NULL, NULL, NULL);
	test_assert(!av_interviewers_is_party(inv, "Jose Alvarez"));
	invite_free(inv);
	test_end();
}

static void
test_invalid_input(void)
{
	struct av_interviewer *iv = (struct av_interviewer *)&iv;
	size_t n = 99;
	struct av_invite *inv = invite("Interview", "Interviewers:\n", NULL);

	test_begin("no invite, no addresses, attendees without anything");
	av_interviewers_find(NULL, me, &iv, &n);
	test_assert(iv == NULL);
	test_assert_int(n, 0);
	av_interviewers_free(&iv, n);
	av_interviewers_free(NULL, 0);

	attendee(inv, NULL, NULL);
	attendee(inv, NULL, "");
	attendee(inv, "", "");
	attendee(inv, "@", NULL);
	av_interviewers_find(inv, NULL, &iv, &n);
	for (size_t i = 0; i < n; i++)
		test_assert(iv[i].name != NULL);
	av_interviewers_free(&iv, n);
	test_assert(iv == NULL);
	invite_free(inv);
	test_assert_str(av_interviewers_source_name((enum av_source)42), "unknown");
	test_end();
}

/* ---- issue 10: names and addresses from the rest of the mail; who is not to thank ------- */

#define MAX_ROW_PEOPLE 8

struct person_row {
	const char *email;
	const char *cn;
};

struct find_row {
	const char *what;
	const char *summary;
	const char *description;
	struct person_row organizer; /* email NULL: none */
	struct person_row attendees[MAX_ROW_PEOPLE];
	const char *my_name;
	const char *sent_to;
	struct av_known_address known[MAX_ROW_PEOPLE];
	/* "Name | email-or-- | source | guessed:yes|no" and " | flag,flag" when flags are set */
	const char *want[MAX_ROW_PEOPLE];
};

static char *
row_line(const struct av_interviewer *iv)
{
	struct av_buf b;
	const char *sep = " | ";

	av_buf_init(&b);
	av_buf_printf(&b, "%s | %s | %s | guessed:%s", iv->name, iv->email ? iv->email : "-",
		      av_interviewers_source_name(iv->source), iv->name_guessed ? "yes" : "no");
	if (iv->name_initial_only) {
		av_buf_printf(&b, "%sinitial-only", sep);
		sep = ",";
	}
	if (iv->email_foreign) {
		av_buf_printf(&b, "%sforeign-address", sep);
		sep = ",";
	}
	if (iv->email_from_mail)
		av_buf_printf(&b, "%saddress-from-mail", sep);
	return av_buf_steal(&b);
}

static struct av_invite *
row_invite(const struct find_row *r)
{
	struct av_invite *inv = invite(r->summary, r->description, NULL);

	if (r->organizer.email != NULL)
		organizer(inv, r->organizer.email, r->organizer.cn);
	for (size_t i = 0; i < MAX_ROW_PEOPLE && r->attendees[i].email != NULL; i++)
		attendee(inv, r->attendees[i].email, r->attendees[i].cn);
	return inv;
}

static void
row_ctx(const struct find_row *r, struct av_interviewers_ctx *ctx)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->my_addresses = me;
	ctx->my_name = r->my_name;
	ctx->sent_to = r->sent_to;
	ctx->known = r->known;
	while (ctx->n_known < MAX_ROW_PEOPLE && r->known[ctx->n_known].email != NULL)
		ctx->n_known++;
}

/* The interviewers are exactly the wanted lines, in any order. */
static void
check_row(const struct find_row *r)
{
	struct av_invite *inv = row_invite(r);
	struct av_interviewers_ctx ctx;
	struct av_interviewer *iv = NULL;
	size_t n = 0, n_want = 0;
	bool used[MAX_ROW_PEOPLE] = {false}, bad = false;

	row_ctx(r, &ctx);
	av_interviewers_find_with(inv, &ctx, &iv, &n);
	while (n_want < MAX_ROW_PEOPLE && r->want[n_want] != NULL)
		n_want++;
	for (size_t i = 0; i < n; i++) {
		char *got = row_line(&iv[i]);
		bool found = false;

		for (size_t k = 0; k < n_want && !found; k++)
			if (!used[k] && strcmp(got, r->want[k]) == 0)
				found = used[k] = true;
		if (!found) {
			printf("  %s: unexpected: %s\n", r->what, got);
			bad = true;
		}
		free(got);
	}
	for (size_t k = 0; k < n_want; k++) {
		if (!used[k]) {
			printf("  %s: missing:    %s\n", r->what, r->want[k]);
			bad = true;
		}
	}
	test_check_(!bad, r->what, __FILE__, __LINE__);
	av_interviewers_free(&iv, n);
	invite_free(inv);
}

static const struct find_row find_rows[] = {
	{"no CN, Zoom text names the host",
	 "Birchwood Health - Interview",
	 "Kim Lund is inviting you to a scheduled Zoom meeting.\n\nTopic: Interview\n"
	 "Join Zoom Meeting\nhttps://zoom.us/j/123",
	 {"k.lund@birchwood.example", NULL},
	 {{"sam.rivera@example.net", NULL}},
	 .want = {"Kim Lund | k.lund@birchwood.example | organizer | guessed:no"}},
	{"no CN, no name in the text: an initial is no name to greet",
	 "Birchwood Health - Interview",
	 "Join Zoom Meeting\nhttps://zoom.us/j/123",
	 {"k.lund@birchwood.example", NULL},
	 {{"sam.rivera@example.net", NULL}},
	 .want = {"K Lund | k.lund@birchwood.example | organizer | guessed:yes | initial-only"}},
	{"no CN, the text names someone the address does not fit",
	 "Interview",
	 "Kim Lund is inviting you to a scheduled Zoom meeting.",
	 {"j.doe@birchwood.example", NULL},
	 {{"sam.rivera@example.net", NULL}},
	 .want = {"J Doe | j.doe@birchwood.example | organizer | guessed:yes | initial-only"}},
	{"a CN that is only an initial and a surname",
	 "Interview",
	 NULL,
	 {"recruiting@acme.example", "Acme Recruiting"},
	 {{"kl@acme.example", "K. Lund"}, {"dr.k@acme.example", "Dr. K Nowak"}},
	 .want = {"K. Lund | kl@acme.example | attendee | guessed:no | initial-only",
		  "Dr. K Nowak | dr.k@acme.example | attendee | guessed:no | initial-only"}},
	{"no CN, the signature names the attendee",
	 "Interview",
	 "Looking forward to speaking with you.\n\nBest,\nPriya Chen\nTalent Partner, Acme",
	 {"no-reply@greenhouse.io", "Acme Recruiting"},
	 {{"pchen@acme.example", NULL}, {"sam.rivera@example.net", NULL}},
	 .want = {"Priya Chen | pchen@acme.example | attendee | guessed:no"}},
	{"description names found in the mail: by CN, by the address's shape",
	 "Halcyon onsite",
	 "Interviewers:\n- Jane Okafor\n- Tom\xc3\xa1s Lindqvist\n- Mei-Ling Park\n",
	 {"priya.shah@halcyon.example", "Priya Shah"},
	 {{"sam.rivera@example.net", NULL}},
	 .known = {{"jane.okafor@halcyon.example", NULL},
		   {"tl@halcyon.example", "Tom\xc3\xa1s Lindqvist"},
		   {"mei-ling.park@other.example", NULL},
		   {"sam.rivera@example.net", NULL}},
	 .want = {"Priya Shah | priya.shah@halcyon.example | organizer | guessed:no",
		  "Jane Okafor | jane.okafor@halcyon.example | description | guessed:no | "
		  "address-from-mail",
		  "Tom\xc3\xa1s Lindqvist | tl@halcyon.example | description | guessed:no | "
		  "address-from-mail",
		  "Mei-Ling Park | - | description | guessed:no"}},
	{"two addresses fit: none taken; a CN beats the address's shape",
	 "Halcyon onsite",
	 "Interviewers: Jane Okafor, Marcus Lee",
	 {"priya.shah@halcyon.example", "Priya Shah"},
	 {{"sam.rivera@example.net", NULL}},
	 .known = {{"jane.okafor@halcyon.example", NULL},
		   {"j.okafor@halcyon.example", NULL},
		   {"marcus.lee@halcyon.example", NULL},
		   {"ml@halcyon.example", "Marcus Lee"},
		   {"recruiting@halcyon.example", "Jane Okafor"}},
	 .want = {"Priya Shah | priya.shah@halcyon.example | organizer | guessed:no",
		  "Jane Okafor | - | description | guessed:no",
		  "Marcus Lee | ml@halcyon.example | description | guessed:no | "
		  "address-from-mail"}},
	{"the person under another address: CN, name-like address, the address written to",
	 "Interview",
	 NULL,
	 {"jane.doe@acme.example", "Jane Doe"},
	 {{"sam@oldjob.example", "SAM RIVERA"},
	  {"sam.rivera@personal.example", NULL},
	  {"s.r@alias.example", NULL},
	  {"marcus.lee@acme.example", "Marcus Lee"}},
	 "Sam Rivera",
	 "s.r@alias.example",
	 .want = {"Jane Doe | jane.doe@acme.example | organizer | guessed:no",
		  "Marcus Lee | marcus.lee@acme.example | attendee | guessed:no"}},
	{"without [me] name and the address written to, they are not known as the person",
	 "Interview",
	 NULL,
	 {"jane.doe@acme.example", "Jane Doe"},
	 {{"s.r@alias.example", NULL}},
	 .want = {"Jane Doe | jane.doe@acme.example | organizer | guessed:no",
		  "S R | s.r@alias.example | attendee | guessed:yes | initial-only"}},
	{"the person named in the description is not an interviewer",
	 "Interview",
	 "You'll meet with: Jane Doe and Sam Rivera",
	 {"no-reply@greenhouse.io", NULL},
	 {{"sam.rivera@example.net", NULL}},
	 "Sam Rivera",
	 .want = {"Jane Doe | - | description | guessed:no"}},
	{"lists and groups are never greeted",
	 "Interview",
	 NULL,
	 {"jane.doe@acme.example", "Jane Doe - Recruiting Team"},
	 {{"eng-all@lists.acme.example", "Engineering All"},
	  {"all-hands@acme.example", "All Hands"},
	  {"team-platform@acme.example", "Platform"},
	  {"platform.team@acme.example", "Platform Team"},
	  {"backend@googlegroups.com", "Backend"},
	  {"eng@acme.example", "Engineering All"},
	  {"hiring-group@acme.example", "Hiring"}},
	 .want = {"Jane Doe - Recruiting Team | jane.doe@acme.example | organizer | guessed:no"}},
	{"an address the description writes outside the invite's domains is flagged",
	 "Interview",
	 "Interviewers: Xavier Lopez (xavier@elsewhere.example), Jane Doe (Jane.Doe@acme.example), "
	 "Mia Park (mia.park@eu.acme.example)",
	 {"rita.moreno@acme.example", "Rita Moreno"},
	 {{"sam.rivera@example.net", NULL}},
	 .want = {"Rita Moreno | rita.moreno@acme.example | organizer | guessed:no",
		  "Xavier Lopez | xavier@elsewhere.example | description | guessed:no | "
		  "foreign-address",
		  "Jane Doe | jane.doe@acme.example | description | guessed:no",
		  "Mia Park | mia.park@eu.acme.example | description | guessed:no"}},
	{"with only a robot to compare with, nothing is flagged",
	 "Interview",
	 "Interviewers: Xavier Lopez (xavier@elsewhere.example)",
	 {"no-reply@greenhouse.io", NULL},
	 {{"sam.rivera@example.net", NULL}},
	 .want = {"Xavier Lopez | xavier@elsewhere.example | description | guessed:no"}},
	{"an encoded-word CN is decoded (B and Q)",
	 "Interview",
	 NULL,
	 {"no-reply@greenhouse.io", NULL},
	 {{"jw@acme.example", "=?UTF-8?B?SsO8cmdlbiBXZWnDnw==?="},
	  {"kw@acme.example", "=?ISO-8859-1?Q?Kl=E4re_M=FCller?="}},
	 .want = {"J\xc3\xbcrgen Wei\xc3\x9f | jw@acme.example | attendee | guessed:no",
		  "Kl\xc3\xa4re M\xc3\xbcller | kw@acme.example | attendee | guessed:no"}},
	{"a CN with U+FFFD is no name",
	 "Interview",
	 NULL,
	 {"no-reply@greenhouse.io", NULL},
	 {{"juergen.weiss@acme.example", "J\xef\xbf\xbdrgen Wei\xef\xbf\xbd"},
	  {"jw@acme.example", "J\xef\xbf\xbdrgen Wei\xef\xbf\xbd"}},
	 .want = {"Juergen Weiss | juergen.weiss@acme.example | attendee | guessed:yes",
		  "Jw | jw@acme.example | attendee | guessed:yes"}},
};

static void
test_names_and_addresses_from_mail(void)
{
	test_begin("issue 10: names and addresses from the mail, who is not to thank");
	for (size_t i = 0; i < sizeof(find_rows) / sizeof(*find_rows); i++)
		check_row(&find_rows[i]);
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
	test_begin("av_interviewers_not_mine: the person on the panel, not the candidate");
	for (size_t i = 0; i < sizeof(mine_rows) / sizeof(*mine_rows); i++) {
		struct av_invite *inv = invite(mine_rows[i].summary, NULL, NULL);
		struct av_interviewers_ctx ctx = {mine_rows[i].mine, "Sam Rivera", NULL, NULL, 0};
		char *why;

		organizer(inv, mine_rows[i].organizer, NULL);
		attendee(inv, "sam.rivera@example.net", "Sam Rivera");
		if (mine_rows[i].attendee.email != NULL)
			attendee(inv, mine_rows[i].attendee.email, mine_rows[i].attendee.cn);
		why = av_interviewers_not_mine(inv, &ctx);
		if (mine_rows[i].want == NULL
			    ? why != NULL
			    : why == NULL || strstr(why, mine_rows[i].want) == NULL) {
			printf("  %s: got %s\n", mine_rows[i].what, why ? why : "(null)");
			test_check_(false, mine_rows[i].what, __FILE__, __LINE__);
		}
		free(why);
		invite_free(inv);
	}
	test_assert(av_interviewers_not_mine(NULL, NULL) == NULL);
	test_end();
}

static void
test_employer_domain(void)
{
	struct av_invite *inv = invite("Interview", NULL, NULL);

	test_begin("av_interviewers_employer_domain: the organizer's, else a person's");
	test_assert(av_interviewers_employer_domain(inv, me) == NULL);
	organizer(inv, "no-reply@greenhouse.io", NULL);
	attendee(inv, "sam.rivera@example.net", NULL);
	test_assert(av_interviewers_employer_domain(inv, me) == NULL);
	attendee(inv, "jane@acme.example", NULL);
	test_assert_str(av_interviewers_employer_domain(inv, me), "acme.example");
	free(inv->organizer.email);
	inv->organizer.email = av_strdup("rita@northbank.example");
	test_assert_str(av_interviewers_employer_domain(inv, me), "northbank.example");
	invite_free(inv);
	test_end();
}

/* The address the invite went to stands for the person only when it can be theirs. */
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
		got = av_interviewers_sent_to(inv, &mail, me);
		if (!test_assert((got == NULL && cases[i].want == NULL) ||
				 (got != NULL && cases[i].want != NULL &&
				  strcmp(got, cases[i].want) == 0)))
			printf("  %s: got %s\n", cases[i].what, got ? got : "(none)");
		av_invite_free(&inv);
	}
	test_assert(av_interviewers_sent_to(NULL, NULL, NULL) == NULL);
	test_end();
}

int
main(void)
{
	test_own_addresses();
	test_not_people();
	test_robots_and_shared_calendars();
	test_guessed_names();
	test_description_lists();
	test_description_phrases();
	test_description_itinerary();
	test_description_html();
	test_resolution_and_merging();
	test_greek_names();
	test_bounds();
	test_source_names();
	test_is_party();
	test_invalid_input();
	test_names_and_addresses_from_mail();
	test_not_mine();
	test_employer_domain();
	test_sent_to();
	return test_exit();
}
