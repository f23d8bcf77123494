/* detect.c: interview scoring, interviewers. Invites are built by hand (invites.h), so
 * this test needs neither libical nor the MIME parser. */
#include "config.h"

#include "afterview/detect.h"
#include "afterview/log.h"
#include "afterview/util.h"
#include "harness.h"
#include "invites.h"

static struct av_wordlists *words;
static char me1[] = "sam.rivera@example.net", me2[] = "samr@example.net";
static char *const me[] = {me1, me2, NULL};

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
		       iv[i].email ? iv[i].email : "-", av_source_name(iv[i].source),
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
	av_detect_interviewers(inv, me, iv_r, n_r);
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
	test_assert_int(score_of("(interview)", NULL, NULL, NULL), 3);
	test_assert_int(score_of("Interview's agenda", NULL, NULL, NULL), 3);
	/* German compound tail and inflection count */
	test_assert_int(score_of("Vorstellungsgesprächs-Termin", NULL, NULL, NULL), 3);
	/* white space in an entry matches line breaks and no-break spaces */
	test_assert_int(score_of("Phone\xc2\xa0screen", NULL, NULL, NULL), 3);
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
	test_assert(has_reason(&d, "+3 \"phone screen\" in summary"));
	test_assert(has_reason(&d, "+1 \"technical interview\" in description"));
	test_assert(has_reason(&d, "+2 sender us.greenhouse-mail.io is a recruiting system"));
	/* the longer entry wins: "interview" inside "technical interview" is not counted */
	test_assert(!has_reason(&d, "+1 \"interview\" in description"));
	test_assert_int(d.score, 6);
	test_assert(d.is_interview);
	av_detection_clear(&d);
	test_assert(d.reasons == NULL && d.company == NULL);
	invite_free(inv);

	inv = invite("Mock interview with Dana", NULL, NULL);
	av_detect_score(inv, NULL, words, &d);
	test_assert(has_reason(&d, "-4 \"mock interview\" in summary"));
	/* the word inside the cue does not count for the interview */
	test_assert(!has_reason(&d, "+3 \"interview\" in summary"));
	test_assert_int(d.score, -4);
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
	test_assert_int(d.score, 8);
	av_detection_clear(&d);
	invite_free(inv);

	inv = invite("Webinar + podcast + newsletter", "survey, workshop, webinar", NULL);
	av_detect_score(inv, NULL, words, &d);
	test_assert_int(d.score, -12);
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
	test_assert_int(d.score, 3);
	av_detection_clear(&d);
	invite_free(inv);
	test_end();
}

static void
test_company(void)
{
	struct av_invite *inv;
	struct av_detection d;

	test_begin("company: the employer's domain, else a name from the summary");
	inv = invite("Phone Screen", NULL, NULL);
	organizer(inv, "Jane.Doe@Acme.example", "Jane Doe");
	attendee(inv, "jane.doe@acme.example", "Jane Doe");
	attendee(inv, "sam.rivera@example.net", "Sam Rivera");
	av_detect_score(inv, "jane.doe@acme.example", words, &d);
	test_assert_str(d.company, "acme.example");
	av_detection_clear(&d);
	invite_free(inv);

	/* ATS invite: organizer a robot, the person a single attendee, no mention: the
	 * person's own domain is not taken; the summary names the company */
	inv = invite("Acme – Technical Screen", "Interviewers: Jane Doe", NULL);
	organizer(inv, "no-reply@greenhouse.io", "Acme Recruiting");
	attendee(inv, "sam.rivera@example.net", "Sam Rivera");
	av_detect_score(inv, "no-reply@greenhouse.io", words, &d);
	test_assert_str(d.company, "Acme");
	av_detection_clear(&d);
	invite_free(inv);

	/* ATS invite with two interviewers at the company */
	inv = invite("Onsite", NULL, NULL);
	organizer(inv, "no-reply@ashbyhq.com", NULL);
	attendee(inv, "sam.rivera@example.net", "Sam Rivera");
	attendee(inv, "jane@globex.example", "Jane Doe");
	attendee(inv, "bob@globex.example", "Bob Smith");
	av_detect_score(inv, NULL, words, &d);
	test_assert_str(d.company, "globex.example");
	av_detection_clear(&d);
	invite_free(inv);

	/* one interviewer, one candidate: the domain the summary mentions */
	inv = invite("Initech interview", NULL, NULL);
	organizer(inv, "no-reply@greenhouse.io", NULL);
	attendee(inv, "sam.rivera@example.net", NULL);
	attendee(inv, "peter@initech.example", NULL);
	av_detect_score(inv, NULL, words, &d);
	test_assert_str(d.company, "initech.example");
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
	test_assert_str(d.company, "brightpath.example");
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
	av_detect_interviewers(inv, me, &iv, &n);
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
	av_detect_interviewers(inv, me, &iv, &n);
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
		av_detect_interviewers(inv, me, &iv, &n);
		if (!test_assert_int(n, 0))
			printf("    kept %s\n", robots[i].email);
		av_interviewers_free(&iv, n);
		invite_free(inv);
	}
	/* a team mailbox with a person's name in the CN is that person */
	{
		struct av_invite *inv = invite("Recruiter call", NULL, NULL);

		organizer(inv, "talent@acme.example", "Dana Whitfield");
		av_detect_interviewers(inv, me, &iv, &n);
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
	av_detect_interviewers(inv, me, &iv, &n);
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
	av_detect_interviewers(inv, me, &iv, &n);
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
	av_detect_interviewers(inv, me, &iv, &n);
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
	av_detect_interviewers(inv, me, &iv, &n);
	if (!test_assert_int(n, 1))
		dump_ivs(iv, n);
	check_iv(iv, n, "Σοφια Παπαδοπουλου", "sofia@acme.example", AV_SOURCE_ATTENDEE, false);
	av_interviewers_free(&iv, n);
	invite_free(inv);

	inv = invite("Onsite", "Interviewers:\n- Νίκος Ζήσης\n", NULL);
	av_detect_interviewers(inv, me, &iv, &n);
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
	struct av_detection d;

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
	av_detect_interviewers(inv, me, &iv, &n);
	test_assert_int(n, 100);
	av_interviewers_free(&iv, n);
	av_detect_score(inv, NULL, words, &d);
	test_assert(d.is_interview);
	av_detection_clear(&d);
	invite_free(inv);

	/* nothing at all */
	inv = invite(NULL, NULL, NULL);
	av_detect_interviewers(inv, NULL, &iv, &n);
	test_assert_int(n, 0);
	av_interviewers_free(&iv, n);
	av_detect_score(inv, NULL, words, &d);
	test_assert_int(d.score, 0);
	test_assert(d.reasons != NULL && d.reasons[0] == NULL);
	av_detection_clear(&d);
	invite_free(inv);
	test_end();
}

/* ---- helpers ---------------------------------------------------------------------------- */

static void
test_source_names(void)
{
	test_begin("source names");
	test_assert_str(av_source_name(AV_SOURCE_ATTENDEE), "attendee");
	test_assert_str(av_source_name(AV_SOURCE_ORGANIZER), "organizer");
	test_assert_str(av_source_name(AV_SOURCE_DESCRIPTION), "description");
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
	av_words_free(&words);
	return test_exit();
}
