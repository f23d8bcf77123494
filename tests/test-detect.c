/* SPDX-License-Identifier: GPL-3.0-or-later */
/* detect.c: interview scoring and the company guess. Invites are built by hand
 * (invites.h), so this test needs neither libical nor the MIME parser. */
#include "config.h"

#include "afterview/detect.h"
#include "afterview/log.h"
#include "afterview/util.h"
#include "afterview/words.h"
#include "harness.h"
#include "invites.h"

static struct av_wordlists *words;

/* ---- checking results ------------------------------------------------------------ */

static bool
has_reason(const struct av_detection *d, const char *reason)
{
	for (char **r = d->reasons; r && *r; r++)
		if (strcmp(*r, reason) == 0)
			return true;
	return false;
}

static void
print_reasons(const char *what, const struct av_detection *d)
{
	printf("    %s: score %d\n", what, d->score);
	for (char **r = d->reasons; r && *r; r++)
		printf("      %s\n", *r);
}

/* Score summary/description (sender may be NULL); true when it is an interview. */
static int
score_of(const char *summary, const char *description, const char *sender, bool *is_r)
{
	struct av_invite *inv = invite(summary, description, NULL);
	struct av_detection d;
	int score;

	av_detect_score(inv, sender, words, &d);
	score = d.score;
	if (is_r != NULL)
		*is_r = d.is_interview;
	test_assert(d.is_interview == (d.score >= AV_DETECT_THRESHOLD));
	av_detection_clear(&d);
	invite_free(inv);
	return score;
}

static void
expect_interview(const char *summary, const char *description, const char *sender, bool want)
{
	struct av_invite *inv = invite(summary, description, NULL);
	struct av_detection d;

	av_detect_score(inv, sender, words, &d);
	if (!test_assert(d.is_interview == want))
		print_reasons(summary ? summary : description, &d);
	av_detection_clear(&d);
	invite_free(inv);
}

/* ---- scoring ------------------------------------------------------------------------- */

static void
test_languages(void)
{
	static const char *const yes[] = {"Interview with Acme",
					  "Acme – Phone Screen",
					  "Phone interview",
					  "Screening call",
					  "Technical Screen (60 min)",
					  "Tech screen: backend",
					  "Coding interview",
					  "System Design",
					  "Onsite",
					  "On-site at Acme HQ",
					  "Panel",
					  "Hiring Manager chat",
					  "Recruiter call",
					  "Recruiter screen",
					  "Final round",
					  "Culture fit",
					  "Take-home review",
					  "Virtual Onsite",
					  "Interview loop",
					  "Superday",
					  "Vorstellungsgespräch bei Acme",
					  "VORSTELLUNGSGESPRÄCH",
					  "Bewerbungsgespräch",
					  "Kennenlerngespräch",
					  "Einladung zum Vorstellungsgesprächstermin",
					  "Interview (Telefon)",
					  "Telefoninterview mit Acme",
					  "Entretien d'embauche",
					  "Entretien d’embauche – Acme",
					  "ENTRETIEN",
					  "Entrevue avec Acme",
					  "Entrevista de trabajo",
					  "Entrevista – Acme",
					  "Colloquio di lavoro",
					  "Colloquio con Acme",
					  "Sollicitatiegesprek",
					  "Kennismakingsgesprek",
					  "Intervju med Acme",
					  "Jobintervju",
					  "Jobsamtale",
					  "Anställningsintervju",
					  "Entrevista de emprego",
					  "Rozmowa kwalifikacyjna",
					  "ROZMOWA KWALIFIKACYJNA",
					  "Pohovor",
					  "Työhaastattelu",
					  "Собеседование",
					  "СОБЕСЕДОВАНИЕ с Acme",
					  "一次面接",
					  "面试",
					  NULL};
	static const char *const no[] = {"Daily standup",
					 "Dentist appointment",
					 "Coffee with Alex",
					 "Panelling quote",
					 "Screenings of the film festival",
					 "Team lunch",
					 "1:1 with manager",
					 "Interviewing tips webinar",
					 "Sprint planning",
					 NULL};

	test_begin("interview words in many languages; look-alikes stay below");
	for (size_t i = 0; yes[i] != NULL; i++)
		expect_interview(yes[i], NULL, NULL, true);
	for (size_t i = 0; no[i] != NULL; i++)
		expect_interview(no[i], NULL, NULL, false);
	test_end();
}

static void
test_boundaries(void)
{
	test_begin("word boundaries: no match inside a word, compounds only with '*'");
	test_assert_int(score_of("Panelling", NULL, NULL, NULL), 0);
	test_assert_int(score_of("Reinterviewed", NULL, NULL, NULL), 0);
	test_assert_int(score_of("interview2", NULL, NULL, NULL), 0);
	/* 5: +4 for the word in the summary, +1 for the 45-minute slot of invites.h */
	test_assert_int(score_of("(interview)", NULL, NULL, NULL), 5);
	test_assert_int(score_of("Interview's agenda", NULL, NULL, NULL), 5);
	/* German compound tail and inflection count */
	test_assert_int(score_of("Vorstellungsgesprächs-Termin", NULL, NULL, NULL), 5);
	/* white space in an entry matches line breaks and no-break spaces */
	test_assert_int(score_of("Phone\xc2\xa0screen", NULL, NULL, NULL), 5);
	test_assert_int(score_of(NULL, "Your phone\r\n screen", NULL, NULL), 1);
	test_end();
}

static void
test_reasons(void)
{
	struct av_invite *inv =
		invite("Acme – Phone Screen", "Technical interview follows.", "Zoom");
	struct av_detection d;

	test_begin("reasons say what counted and how much");
	av_detect_score(inv, "no-reply@us.greenhouse-mail.io", words, &d);
	test_assert(has_reason(&d, "+4 \"phone screen\" in summary"));
	test_assert(has_reason(&d, "+1 \"technical interview\" in description"));
	test_assert(has_reason(&d, "+2 sender us.greenhouse-mail.io is a recruiting system"));
	test_assert(has_reason(&d, "+1 a 45-minute slot"));
	/* the longer entry wins: "interview" inside "technical interview" is not counted */
	test_assert(!has_reason(&d, "+1 \"interview\" in description"));
	test_assert_int(d.score, 8);
	test_assert(d.is_interview);
	av_detection_clear(&d);
	test_assert(d.reasons == NULL && d.company == NULL);
	invite_free(inv);

	inv = invite("Mock interview with Dana", NULL, NULL);
	av_detect_score(inv, NULL, words, &d);
	test_assert(has_reason(&d, "-5 \"mock interview\" in summary"));
	/* the word inside the cue does not count for the interview, nor the slot */
	test_assert(!has_reason(&d, "+4 \"interview\" in summary"));
	test_assert_int(d.score, -5);
	av_detection_clear(&d);
	invite_free(inv);
	test_end();
}

static void
test_caps(void)
{
	struct av_invite *inv =
		invite("Phone screen / technical screen / onsite / panel",
		       "interview, screening, superday, culture fit", "Onsite panel room");
	struct av_detection d;

	test_begin("each field group is capped: summary +6, description and location +2");
	av_detect_score(inv, NULL, words, &d);
	test_assert_int(d.score, 9); /* and +1 for the slot */
	av_detection_clear(&d);
	invite_free(inv);

	/* summary -10; lone words in the description are boilerplate: -1 for all */
	inv = invite("Webinar + podcast + newsletter", "survey, workshop, webinar", NULL);
	av_detect_score(inv, NULL, words, &d);
	test_assert_int(d.score, -11);
	av_detection_clear(&d);
	invite_free(inv);
	test_end();
}

static void
test_recruiting_domains(void)
{
	struct av_invite *inv;
	struct av_detection d;
	bool is;

	test_begin("a recruiting system lifts a borderline invite over the threshold");
	/* only the description hints at an interview: +1 alone is not enough */
	test_assert_int(
		score_of("Chat with Acme", "Next step of your interview process.", NULL, &is), 1);
	test_assert(!is);
	test_assert_int(score_of("Chat with Acme", "Next step of your interview process.",
				 "no-reply@greenhouse.io", &is),
			3);
	test_assert(is);
	/* suffix match on a label boundary only */
	test_assert_int(score_of("Chat", NULL, "x@app.ashbyhq.com", NULL), 2);
	test_assert_int(score_of("Chat", NULL, "x@notgreenhouse.io", NULL), 0);

	/* organizer and attendees count too, once in all */
	inv = invite("Chat with Acme", "interview", NULL);
	organizer(inv, "scheduling@goodtime.io", "Acme Scheduling");
	attendee(inv, "bot@hire.lever.co", NULL);
	av_detect_score(inv, NULL, words, &d);
	test_assert(has_reason(&d, "+2 organizer goodtime.io is a recruiting system"));
	test_assert_int(d.score, 3);
	av_detection_clear(&d);
	invite_free(inv);

	/* a general scheduling service is a weak hint */
	inv = invite("Chat with Acme", "interview", NULL);
	organizer(inv, "notifications@calendly.com", NULL);
	av_detect_score(inv, NULL, words, &d);
	test_assert(has_reason(&d, "+1 organizer calendly.com is a scheduling service"));
	test_assert_int(d.score, 2);
	test_assert(!d.is_interview);
	av_detection_clear(&d);
	invite_free(inv);
	test_end();
}

static void
test_negative_cues(void)
{
	static const struct {
		const char *summary, *description, *sender;
	} lookalikes[] = {
		{"Mock interview with Dana (career coach)", "Practice for your Acme onsite.", NULL},
		{"Mock Interview", "Session with your career coach", "dana@calendly.com"},
		{"Webinar: How to ace your interview", "Join 500 job seekers. Interview tips!",
		 "events@careerhub.example"},
		{"How to Ace the Technical Interview", NULL, NULL},
		{"Career Newsletter – 10 interview tips", "Interviewing tips for the onsite", NULL},
		{"Interview prep", "Prep for your Acme interview", NULL},
		{"Interview preparation with Jordan", NULL, NULL},
		{"Interview practice", NULL, NULL},
		{"Candidate experience survey: your interview at Acme",
		 "Tell us about your interview", "no-reply@greenhouse.io"},
		{"Feedback survey – phone screen", NULL, "no-reply@greenhouse.io"},
		{"Informational interview with Pat", NULL, NULL},
		{"Exit interview", NULL, NULL},
		{"User interview: checkout flow", NULL, NULL},
		{"Interview skills workshop", NULL, NULL},
		{"Podcast interview", NULL, NULL},
		{"Entretien annuel", NULL, NULL},
		{"Entretien de la chaudière", NULL, NULL},
		{"Solar panel installation", NULL, NULL},
		{"Panel discussion: the future of work", NULL, NULL},
		{"Health screening", NULL, NULL},
	};

	test_begin("negative cues sink look-alikes (coach, webinar, newsletter, prep, survey)");
	for (size_t i = 0; i < sizeof(lookalikes) / sizeof(lookalikes[0]); i++)
		expect_interview(lookalikes[i].summary, lookalikes[i].description,
				 lookalikes[i].sender, false);
	/* a real interview whose description links a prep guide still passes with its ATS */
	expect_interview("Acme – Onsite Interview",
			 "Your interview loop is below. See our interview prep guide.",
			 "no-reply@greenhouse.io", true);
	test_end();
}

static void
test_everyday_events(void)
{
	static const char *const events[][2] = {
		{"Daily standup", "Yesterday / today / blockers"},
		{"Dentist", "Dr. Smith, cleaning. Please arrive 10 minutes early."},
		{"Coffee with Alex", "Catch up at Blue Bottle"},
		{"Sprint retro", "What went well"},
		{"Dinner", NULL},
		{"Flight to Berlin", "Lufthansa LH 401"},
	};

	test_begin("standup, dentist, coffee score below the threshold");
	for (size_t i = 0; i < sizeof(events) / sizeof(events[0]); i++) {
		bool is;

		test_assert(score_of(events[i][0], events[i][1], NULL, &is) <= 0);
		test_assert(!is);
	}
	test_end();
}

static void
test_cancelled(void)
{
	struct av_invite *inv = invite("Canceled: Phone Screen with Acme", NULL, NULL);
	struct av_detection d;

	test_begin("a cancelled invite still scores from its text");
	inv->method = AV_METHOD_CANCEL;
	inv->cancelled = true;
	av_detect_score(inv, NULL, words, &d);
	test_assert(d.is_interview);
	test_assert_int(d.score, 5);
	av_detection_clear(&d);
	invite_free(inv);
	test_end();
}

static void
test_company(void)
{
	struct av_invite *inv;
	struct av_detection d;

	/* issue 10: the company is the employer's name as a person writes it (one reading with
	 * the drafts); the domain it came from is d.domain. The rows that said
	 * "acme.example", "globex.example", "initech.example" and "brightpath.example" say
	 * the name now. */
	test_begin("company: the employer's name, from its domain or else the summary");
	inv = invite("Phone Screen", NULL, NULL);
	organizer(inv, "Jane.Doe@Acme.example", "Jane Doe");
	attendee(inv, "jane.doe@acme.example", "Jane Doe");
	attendee(inv, "sam.rivera@example.net", "Sam Rivera");
	av_detect_score(inv, "jane.doe@acme.example", words, &d);
	test_assert_str(d.company, "Acme");
	test_assert_str(d.domain, "acme.example");
	av_detection_clear(&d);
	invite_free(inv);

	/* ATS invite: organizer a robot, the person a single attendee, no mention: the
	 * person's own domain is not taken; the summary names the company */
	inv = invite("Acme – Technical Screen", "Interviewers: Jane Doe", NULL);
	organizer(inv, "no-reply@greenhouse.io", "Acme Recruiting");
	attendee(inv, "sam.rivera@example.net", "Sam Rivera");
	av_detect_score(inv, "no-reply@greenhouse.io", words, &d);
	test_assert_str(d.company, "Acme");
	test_assert(d.domain == NULL);
	av_detection_clear(&d);
	invite_free(inv);

	/* ATS invite with two interviewers at the company */
	inv = invite("Onsite", NULL, NULL);
	organizer(inv, "no-reply@ashbyhq.com", NULL);
	attendee(inv, "sam.rivera@example.net", "Sam Rivera");
	attendee(inv, "jane@globex.example", "Jane Doe");
	attendee(inv, "bob@globex.example", "Bob Smith");
	av_detect_score(inv, NULL, words, &d);
	test_assert_str(d.company, "Globex");
	test_assert_str(d.domain, "globex.example");
	av_detection_clear(&d);
	invite_free(inv);

	/* one interviewer, one candidate: the domain the summary mentions */
	inv = invite("Initech interview", NULL, NULL);
	organizer(inv, "no-reply@greenhouse.io", NULL);
	attendee(inv, "sam.rivera@example.net", NULL);
	attendee(inv, "peter@initech.example", NULL);
	av_detect_score(inv, NULL, words, &d);
	test_assert_str(d.company, "Initech");
	test_assert_str(d.domain, "initech.example");
	av_detection_clear(&d);
	invite_free(inv);

	/* private mail providers say nothing */
	inv = invite("Senior Engineer at Hooli – Phone Screen", NULL, NULL);
	organizer(inv, "gavin.recruits@gmail.com", "Gavin");
	av_detect_score(inv, NULL, words, &d);
	test_assert_str(d.company, "Hooli");
	av_detection_clear(&d);
	invite_free(inv);

	inv = invite("Interview with Umbrella Corp", NULL, NULL);
	av_detect_score(inv, NULL, words, &d);
	test_assert_str(d.company, "Umbrella Corp");
	av_detection_clear(&d);
	invite_free(inv);

	/* the robot organizer's CN names the company; the person's own address in a link
	 * or an address in the text is no mention */
	inv = invite("Interview: Sam Rivera / Learning Experience Engineer",
		     "Questions? sam.rivera@example.net https://www.example.net/x", NULL);
	organizer(inv, "noreply@smartrecruiters.com", "Brightpath Learning");
	attendee(inv, "sam.rivera@example.net", "Sam Rivera");
	attendee(inv, "thandiwe@brightpath.example", "Thandiwe Nkosi");
	av_detect_score(inv, NULL, words, &d);
	test_assert_str(d.company, "Brightpath");
	test_assert_str(d.domain, "brightpath.example");
	av_detection_clear(&d);
	invite_free(inv);

	/* no domain to go on: a person's name or a job title is no company */
	inv = invite("Interview: Sam Rivera / Learning Experience Engineer", NULL, NULL);
	attendee(inv, "sam.rivera@example.net", "Sam Rivera");
	av_detect_score(inv, NULL, words, &d);
	test_assert(d.company == NULL);
	av_detection_clear(&d);
	invite_free(inv);

	inv = invite("Dentist", NULL, NULL);
	av_detect_score(inv, NULL, words, &d);
	test_assert(d.company == NULL);
	av_detection_clear(&d);
	invite_free(inv);
	test_end();
}

/* Issue 10: the relay domain of a recruiting system gives the employer's label, never
 * the system's; the message's display name and subject count; the config's name wins. */
static void
test_company_sources(void)
{
	struct av_company co = {.domain = (char *)"acme.example", .name = (char *)"Acme AI"};
	struct av_conf conf = {.companies = &co, .n_companies = 1};
	struct av_invite *inv;
	struct av_detection d;
	struct av_invite_mail mail;

	test_begin("company: a relay's label, the sender's name, the subject, the config (and "
		   "which it was)");
	/* the invite: "Thank you for the interview at <the relay's name>" */
	inv = invite("Interview with Northbank", NULL, NULL);
	organizer(inv, "no-reply@northbank.greenhouse-mail.io", "Northbank Recruiting");
	attendee(inv, "sam.rivera@example.net", "Sam Rivera");
	av_detect_score(inv, "no-reply@northbank.greenhouse-mail.io", words, &d);
	test_assert_str(d.company, "Northbank");
	test_assert_str(d.company_from, "summary");
	test_assert(d.domain == NULL);
	/* nothing but the relay address: its label */
	free(inv->summary);
	inv->summary = av_strdup("Interview");
	free(inv->organizer.cn);
	inv->organizer.cn = NULL;
	mail = (struct av_invite_mail){.from = "no-reply@northbank.greenhouse-mail.io",
				       .from_name = NULL,
				       .subject = NULL};
	av_detect_company(inv, &mail, words, NULL, &d);
	test_assert_str(d.company, "Northbank");
	test_assert_str(d.company_from, "relay label");
	/* a system not in the configured list, known by its name */
	free(inv->organizer.email);
	inv->organizer.email = av_strdup("no-reply@birchwood.ashbyhq-mail.example");
	mail.from = inv->organizer.email;
	mail.from_name = "Birchwood Health Talent";
	av_detect_company(inv, &mail, words, NULL, &d);
	test_assert_str(d.company, "Birchwood Health");
	test_assert_str(d.company_from, "display name");
	test_assert(d.domain == NULL);
	/* the subject names it when the summary does not */
	mail.from_name = NULL;
	mail.subject = "Invitation: Interview - Acme AI @ Tue Nov 17, 2026 10am (EST)";
	av_detect_company(inv, &mail, words, NULL, &d);
	test_assert_str(d.company, "Birchwood");
	free(inv->organizer.email);
	inv->organizer.email = av_strdup("no-reply@greenhouse.io");
	mail.from = inv->organizer.email;
	av_detect_company(inv, &mail, words, NULL, &d);
	test_assert_str(d.company, "Acme AI");
	test_assert_str(d.company_from, "subject");
	av_detection_clear(&d);
	invite_free(inv);

	/* the config's name for the employer's domain comes first */
	inv = invite("Technical Interview - Acme Ai", NULL, NULL);
	organizer(inv, "jane@acme.example", "Jane Doe");
	mail = (struct av_invite_mail){
		.from = "jane@acme.example", .from_name = "Jane Doe", .subject = NULL};
	av_detect_score(inv, mail.from, words, &d);
	test_assert_str(d.company, "Acme Ai");
	av_detect_company(inv, &mail, words, &conf, &d);
	test_assert_str(d.company, "Acme AI");
	test_assert_str(d.company_from, "config");
	test_assert_str(d.domain, "acme.example");
	/* and mail NULL or lists NULL: what is known, or nothing */
	av_detect_company(inv, NULL, words, NULL, &d);
	test_assert_str(d.company, "Acme Ai");
	av_detect_company(inv, NULL, NULL, NULL, &d);
	test_assert(d.company == NULL && d.domain == NULL && d.company_from == NULL);
	av_detection_clear(&d);
	invite_free(inv);
	test_end();
}

/* The interviewer half of this test is in test-interviewers.c: the same invite. */
static void
test_bounds(void)
{
	struct av_invite *inv = invite("Onsite", NULL, NULL);
	struct av_buf desc;
	struct av_detection d;

	test_begin("bounded: 150 attendees and a huge description are scored");
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
	av_detect_score(inv, NULL, words, &d);
	test_assert(d.is_interview);
	av_detection_clear(&d);
	invite_free(inv);

	/* nothing at all */
	inv = invite(NULL, NULL, NULL);
	av_detect_score(inv, NULL, words, &d);
	test_assert_int(d.score, 0);
	test_assert(d.reasons != NULL && d.reasons[0] == NULL);
	av_detection_clear(&d);
	invite_free(inv);
	test_end();
}

/* ---- issue 10: fields are not equal ------------------------------------------------- */

/* Score inv with the message headers of msg (may be NULL), print the reasons when want
 * does not hold. */
static void
check_msg(const char *what, struct av_invite *inv, const struct av_invite_mail *msg, bool want,
	  struct av_detection *d)
{
	av_detect_score_msg(inv, msg, words, NULL, d);
	if (!test_assert(d->is_interview == want))
		print_reasons(what, d);
	test_assert(d->is_interview == (d->score >= AV_DETECT_THRESHOLD));
}

static void
test_boilerplate(void)
{
	static const char *const footers[] = {
		"Subscribe to our newsletter: https://acme.example/news",
		"Join our next webinar on data pipelines.",
		"You may receive a short survey after your interview.",
		"Listen to our podcast. Visit our booth at the career fair. Workshop tickets.",
		"Our newsletter, our webinar, our podcast, our survey, our meetup, our bootcamp.",
		"More interview tips and interview preparation: https://acme.example/how-we-hire",
		"After the call you get a candidate experience survey (a feedback survey).",
	};
	struct av_invite *inv;
	struct av_detection d;

	test_begin("boilerplate in the description never outweighs a summary naming an interview");
	for (size_t i = 0; i < sizeof(footers) / sizeof(footers[0]); i++) {
		char *desc = av_asprintf("Looking forward to speaking with you.\n\n%s", footers[i]);

		inv = invite("Phone Interview with Acme Labs", desc, NULL);
		check_msg(footers[i], inv, NULL, true, &d);
		/* boilerplate costs one point however much of it there is */
		test_assert(d.score >= 4);
		av_detection_clear(&d);
		invite_free(inv);
		free(desc);
	}
	/* the reason says what was discounted and why */
	inv = invite("Phone Interview with Acme Labs", "Read our newsletter. Join a webinar.",
		     NULL);
	av_detect_score(inv, NULL, words, &d);
	test_assert(has_reason(&d, "+4 \"phone interview\" in summary"));
	test_assert(has_reason(&d, "-1 \"newsletter\" in description (boilerplate: weighs less)"));
	test_assert(!has_reason(&d, "-1 \"webinar\" in description (boilerplate: weighs less)"));
	test_assert_int(d.score, 4);
	av_detection_clear(&d);
	invite_free(inv);
	/* in the location too, within the same point */
	inv = invite("Technical Interview", "Our newsletter.", "Webinar room 2");
	av_detect_score(inv, NULL, words, &d);
	test_assert_int(d.score, 4);
	av_detection_clear(&d);
	invite_free(inv);
	/* in the summary a lone word is what the event is */
	expect_interview("Webinar: interview tips for engineers", NULL, NULL, false);
	expect_interview("Interview tips webinar", NULL, NULL, false);
	expect_interview("Newsletter: interview season", NULL, NULL, false);
	test_end();
}

static void
test_identity_phrases(void)
{
	struct av_invite *inv;
	struct av_detection d;

	test_begin("a description phrase that says what the event is still weighs");
	inv = invite("Interview with Renée",
		     "This is a mock interview: as your career coach I play the interviewer.",
		     NULL);
	organizer(inv, "renee@coaching.example", "Renée Park");
	attendee(inv, "renee@coaching.example", "Renée Park");
	attendee(inv, "sam.rivera@example.net", "Sam Rivera");
	check_msg("mock interview in the description", inv, NULL, false, &d);
	test_assert(has_reason(&d, "-4 \"mock interview\" in description"));
	test_assert(has_reason(&d, "-4 \"career coach\" in description"));
	/* +4 summary, +3 structure, -8 for the two phrases */
	test_assert_int(d.score, -1);
	av_detection_clear(&d);
	invite_free(inv);
	/* one such phrase alone does not sink a well-supported interview */
	inv = invite("Phone screen", "Not a mock interview: the real thing.", NULL);
	organizer(inv, "jane@acme.example", "Jane Doe");
	attendee(inv, "sam.rivera@example.net", "Sam Rivera");
	check_msg("one phrase", inv, NULL, true, &d);
	av_detection_clear(&d);
	invite_free(inv);
	test_end();
}

static void
test_structure(void)
{
	struct av_invite *inv;
	struct av_detection d;

	test_begin("structure supports the summary: slot, individual attendees, organizer");
	inv = invite("Interview", NULL, NULL);
	organizer(inv, "jane.doe@acme.example", "Jane Doe");
	attendee(inv, "jane.doe@acme.example", "Jane Doe");
	attendee(inv, "sam.rivera@example.net", "Sam Rivera");
	av_detect_score(inv, NULL, words, &d);
	test_assert(has_reason(&d, "+1 a 45-minute slot"));
	test_assert(has_reason(&d, "+1 a personal invite: 2 individual attendees"));
	test_assert(has_reason(&d, "+1 organizer is a person at acme.example"));
	test_assert_int(d.score, 7);
	av_detection_clear(&d);
	/* no slot: too short, too long, all day without onsite words */
	inv->end = inv->start + 10 * 60;
	av_detect_score(inv, NULL, words, &d);
	test_assert_int(d.score, 6);
	av_detection_clear(&d);
	inv->end = inv->start + 9 * 3600;
	av_detect_score(inv, NULL, words, &d);
	test_assert_int(d.score, 6);
	av_detection_clear(&d);
	inv->end = inv->start + 3 * 3600;
	av_detect_score(inv, NULL, words, &d);
	test_assert(has_reason(&d, "+1 a 3-hour slot"));
	av_detection_clear(&d);
	inv->all_day = true;
	inv->end = inv->start + 86400;
	av_detect_score(inv, NULL, words, &d);
	test_assert_int(d.score, 6);
	av_detection_clear(&d);
	free(inv->summary);
	inv->summary = av_strdup("Onsite interview (all day)");
	av_detect_score(inv, NULL, words, &d);
	test_assert(has_reason(&d, "+1 an all-day onsite"));
	av_detection_clear(&d);
	invite_free(inv);

	/* robots and lists are no person; a mail provider is no organization */
	inv = invite("Interview", NULL, NULL);
	organizer(inv, "no-reply@acme.example", NULL);
	attendee(inv, "eng-all@lists.acme.example", "Engineering All");
	av_detect_score(inv, NULL, words, &d);
	test_assert(has_reason(&d, "-1 no individual attendee: sent to a list or group"));
	test_assert(!has_reason(&d, "+1 organizer is a person at acme.example"));
	test_assert(!has_reason(&d, "+1 a 45-minute slot")); /* a list invite lends no support */
	test_assert_int(d.score, 3);
	av_detection_clear(&d);
	invite_free(inv);
	inv = invite("Interview", NULL, NULL);
	organizer(inv, "gavin.recruits@gmail.com", "Gavin");
	av_detect_score(inv, NULL, words, &d);
	test_assert_int(d.score, 5);
	av_detection_clear(&d);
	invite_free(inv);

	/* structure supports a summary; it is no evidence on its own */
	inv = invite("Coffee", "We talked about the Acme interview.", NULL);
	organizer(inv, "alex@friends.example", "Alex");
	attendee(inv, "alex@friends.example", "Alex");
	attendee(inv, "sam.rivera@example.net", "Sam Rivera");
	av_detect_score(inv, NULL, words, &d);
	test_assert_int(d.score, 1);
	test_assert(!d.is_interview && !d.maybe);
	av_detection_clear(&d);
	invite_free(inv);
	test_end();
}

static void
test_bulk(void)
{
	struct av_invite *inv;
	struct av_detection d;
	struct av_invite_mail msg = {.from = "events@careers.example"};

	test_begin("bulk mail: hundreds of attendees, List-Id, Precedence, List-Unsubscribe");
	inv = invite("Interview Day - Kickoff", NULL, NULL);
	organizer(inv, "talent-events@northbank.example", "Northbank Talent Events");
	for (int i = 0; i < AV_DETECT_BULK_ATTENDEES; i++) {
		char *e = av_asprintf("candidate%d@candidates.example", i);

		attendee(inv, e, NULL);
		free(e);
	}
	check_msg("bulk invite", inv, NULL, false, &d);
	test_assert(has_reason(&d, "-4 200 or more attendees: a bulk invite"));
	test_assert(!has_reason(&d, "+1 a 45-minute slot"));
	av_detection_clear(&d);
	invite_free(inv);

	/* the message's headers, where the message is at hand */
	msg.list_id = "Career Events <events.careers.example>";
	msg.precedence = "Bulk";
	msg.list_unsubscribe = "<mailto:unsubscribe@careers.example>";
	inv = invite("Interview", NULL, NULL);
	check_msg("list headers", inv, &msg, false, &d);
	test_assert(has_reason(&d, "-2 List-Id header: sent to a mailing list"));
	test_assert(has_reason(&d, "-1 Precedence: bulk: bulk mail")); /* within -3 for all */
	test_assert(
		!has_reason(&d, "-1 List-Unsubscribe header (transactional mailers add it too)"));
	test_assert_int(d.score, 1);
	test_assert(d.maybe);
	av_detection_clear(&d);
	/* transactional mailers add List-Unsubscribe: it does not sink an interview */
	msg.list_id = NULL;
	msg.precedence = NULL;
	check_msg("List-Unsubscribe alone", inv, &msg, true, &d);
	test_assert(
		has_reason(&d, "-1 List-Unsubscribe header (transactional mailers add it too)"));
	av_detection_clear(&d);
	/* av_detect_score has the sender only */
	msg.list_id = "x";
	av_detect_score(inv, msg.from, words, &d);
	test_assert_int(d.score, 5);
	av_detection_clear(&d);
	invite_free(inv);
	test_end();
}

static void
test_maybe(void)
{
	struct av_invite *inv;
	struct av_detection d;
	struct av_invite_mail msg = {.list_id = "l", .precedence = "list"};

	test_begin("maybe: close below the line, with an interview word or a recruiting system");
	/* an interview: never maybe */
	inv = invite("Phone screen", NULL, NULL);
	av_detect_score(inv, NULL, words, &d);
	test_assert(d.is_interview && !d.maybe);
	av_detection_clear(&d);
	/* a summary word pulled below the line by bulk signs: 4 - 3 = 1, within 2 */
	av_detect_score_msg(inv, &msg, words, NULL, &d);
	test_assert_int(d.score, 1);
	test_assert(!d.is_interview && d.maybe);
	av_detection_clear(&d);
	invite_free(inv);
	/* a recruiting system and nothing else: 2 */
	inv = invite("Chat", NULL, NULL);
	av_detect_score(inv, "no-reply@ashbyhq.com", words, &d);
	test_assert_int(d.score, 2);
	test_assert(d.maybe);
	av_detection_clear(&d);
	/* a word in the description only: 1, but not maybe */
	free(inv->description);
	inv->description = av_strdup("Congrats on the Northwind interview!");
	av_detect_score(inv, NULL, words, &d);
	test_assert_int(d.score, 1);
	test_assert(!d.maybe);
	av_detection_clear(&d);
	invite_free(inv);
	/* far below the line: not maybe */
	inv = invite("Interview prep: system design practice", NULL, NULL);
	av_detect_score(inv, NULL, words, &d);
	test_assert(d.score < AV_DETECT_THRESHOLD - AV_DETECT_MAYBE_MARGIN);
	test_assert(!d.is_interview && !d.maybe);
	av_detection_clear(&d);
	invite_free(inv);
	/* nothing: not maybe */
	inv = invite("Team lunch", NULL, NULL);
	av_detect_score(inv, NULL, words, &d);
	test_assert(!d.maybe);
	av_detection_clear(&d);
	invite_free(inv);
	test_end();
}

int
main(void)
{
	char *err = NULL;

	if (av_words_load(NULL, NULL, NULL, &words, &err) != AV_OK) {
		printf("default word lists: %s\n", err);
		return 1;
	}
	test_languages();
	test_boundaries();
	test_reasons();
	test_caps();
	test_recruiting_domains();
	test_negative_cues();
	test_everyday_events();
	test_cancelled();
	test_company();
	test_company_sources();
	test_bounds();
	test_boilerplate();
	test_identity_phrases();
	test_structure();
	test_bulk();
	test_maybe();
	av_words_free(&words);
	return test_exit();
}
