/* SPDX-License-Identifier: GPL-3.0-or-later */
/* match.c: does a sent message say thanks, the send-by suggestion, and the state of each
 * interviewer. Invites, interviewers and sent envelopes are built by hand; the thanks
 * words are words.c's defaults. */
#include "config.h"

#include <stdarg.h>

#include "afterview/interviewers.h"
#include "afterview/match.h"
#include "afterview/store.h"
#include "afterview/util.h"
#include "afterview/words.h"
#include "harness.h"

static struct av_wordlists *words;

/* ---- building inputs ---------------------------------------------------------------- */

/* "2026-11-17T10:00-05:00" as a time_t; a typo in a test fails loudly. */
static time_t
at(const char *iso)
{
	time_t t = 0;

	if (!av_parse_iso8601(iso, &t)) {
		printf("  bad time in test: %s\n", iso);
		abort();
	}
	return t;
}

/* An interview with times and offset only: match.c reads nothing else. */
static struct av_invite
interview(const char *start, const char *end, int utc_offset)
{
	struct av_invite inv;

	memset(&inv, 0, sizeof(inv));
	inv.method = AV_METHOD_REQUEST;
	inv.start = at(start);
	inv.end = at(end);
	inv.utc_offset = utc_offset;
	return inv;
}

/* A panel of three at acme.com, one of them known only by name. */
static char jane_name[] = "Jane Doe", jane_email[] = "jane.doe@acme.com";
static char raj_name[] = "Raj Patel", raj_email[] = "raj.patel@acme.com";
static char kim_name[] = "Kim Lee";
static struct av_interviewer panel[] = {
	{.name = jane_name, .email = jane_email, .source = AV_SOURCE_ATTENDEE},
	{.name = raj_name, .email = raj_email, .source = AV_SOURCE_ORGANIZER},
	{.name = kim_name, .email = NULL, .source = AV_SOURCE_DESCRIPTION},
};
#define JANE	(&panel[0])
#define RAJ	(&panel[1])
#define KIM	(&panel[2])
#define N_PANEL (sizeof(panel) / sizeof(panel[0]))

struct mailbox {
	struct av_sent s[16];
	size_t n;
};

/* Add a sent envelope; the recipients (To, Cc and Bcc together, as the store keeps them)
 * follow, NULL-terminated. thanks: 1, 0, or -1 (not looked at yet). */
static struct av_sent *
sent_add(struct mailbox *mb, time_t date, time_t internaldate, const char *subject, int thanks, ...)
{
	struct av_sent *s = &mb->s[mb->n++];
	const char *r;
	size_t n = 0;
	va_list ap;

	memset(s, 0, sizeof(*s));
	s->date = date;
	s->internaldate = internaldate;
	s->subject = subject ? av_strdup(subject) : NULL;
	s->thanks = thanks;
	s->recipients = av_calloc(1, sizeof(*s->recipients));
	va_start(ap, thanks);
	while ((r = va_arg(ap, const char *)) != NULL) {
		s->recipients = av_realloc(s->recipients, (n + 2) * sizeof(*s->recipients));
		s->recipients[n++] = av_strdup(r);
		s->recipients[n] = NULL;
	}
	va_end(ap);
	return s;
}

static void
mailbox_clear(struct mailbox *mb)
{
	for (size_t i = 0; i < mb->n; i++)
		av_sent_clear(&mb->s[i]);
	mb->n = 0;
}

/* The New York morning interview most tests use: 10:00–11:00 -05:00 on Tuesday
 * 2026-11-17, so the 24-hour window closes 2026-11-18T16:00Z. */
#define NY_START    "2026-11-17T10:00-05:00"
#define NY_END	    "2026-11-17T11:00-05:00"
#define NY_DEADLINE "2026-11-18T11:00-05:00"
#define NY_OFFSET   (-5 * 3600)

static enum av_state
judge(const struct mailbox *mb, const struct av_interviewer *iv, bool drafted, time_t now,
      struct av_verdict *v_r)
{
	struct av_invite inv = interview(NY_START, NY_END, NY_OFFSET);
	struct av_sent_index idx;
	struct av_verdict with;

	av_match_interviewer(&inv, false, iv, panel, N_PANEL, mb->s, mb->n, NULL, words, 24,
			     drafted, now, v_r);
	/* the index used by every picture gives exactly the same verdict */
	av_sent_index_build(&idx, mb->s, mb->n);
	av_match_interviewer(&inv, false, iv, panel, N_PANEL, mb->s, mb->n, &idx, words, 24,
			     drafted, now, &with);
	test_assert(memcmp(&with, v_r, sizeof(with)) == 0);
	av_sent_index_clear(&idx);
	return v_r->state;
}

/* A large Sent folder: the index is in (key, message) order, holds every recipient once,
 * and gives every interviewer the verdict the walk over all messages gives. Recipients
 * come from a pool with the variants av_addr_same takes as one address. */
static void
test_index_large(void)
{
	static const char *const pool[] = {
		"jane.doe@acme.com", "Jane.Doe@ACME.com", "jane.doe+jobs@acme.com",
		"mailto:jane.doe@acme.com", "raj.patel@acme.com", "RAJ.PATEL@acme.com",
		"kim@acme.com", "kim@acme.co", "zoë@acme.com", "ZOË@acme.com",
		"undisclosed-recipients", "a@b", "someone@else.example", "x+y@else.example",
		/* ASCII for eight bytes and more, then not */
		"Verylong.Name.Zo\xc3\xab@ACME.com", "verylong.name.zo\xc3\xab+x@acme.com", NULL};
	enum { N = 3000 };
	struct av_sent *sent = av_calloc(N, sizeof(*sent));
	struct av_invite inv = interview(NY_START, NY_END, NY_OFFSET);
	struct av_sent_index idx;
	size_t n_pool = 0, n_recipients = 0, *per_k = av_calloc(N, sizeof(*per_k));
	unsigned seed = 7;
	bool ordered = true, counted = true, same = true;

	while (pool[n_pool] != NULL)
		n_pool++;
	test_begin("the sent index on a large Sent folder: ordered, complete, same verdicts");
	for (size_t k = 0; k < N; k++) {
		size_t n_r;

		seed = seed * 1103515245u + 12345u;
		n_r = (seed >> 16) % 4; /* 0 to 3 recipients, repeats allowed */
		sent[k].date = at(NY_END) + (time_t)((seed >> 8) % (3 * 86400));
		sent[k].thanks = (int)((seed >> 4) % 3) - 1;
		sent[k].subject = av_strdup((seed >> 3) % 2 ? "Thank you" : "Re: next steps");
		sent[k].recipients = av_calloc(n_r + 1, sizeof(*sent[k].recipients));
		for (size_t j = 0; j < n_r; j++) {
			seed = seed * 1103515245u + 12345u;
			sent[k].recipients[j] = av_strdup(pool[(seed >> 16) % n_pool]);
		}
		n_recipients += n_r;
	}
	av_sent_index_build(&idx, sent, N);
	test_assert(idx.n == n_recipients);
	for (size_t i = 0; i < idx.n; i++) {
		if (i > 0 && (idx.v[i - 1].hash > idx.v[i].hash ||
			      (idx.v[i - 1].hash == idx.v[i].hash && idx.v[i - 1].k > idx.v[i].k)))
			ordered = false;
		per_k[idx.v[i].k]++;
	}
	for (size_t k = 0; k < N; k++) {
		size_t n_r = 0;

		while (sent[k].recipients[n_r] != NULL)
			n_r++;
		if (per_k[k] != n_r)
			counted = false;
	}
	test_assert(ordered);
	test_assert(counted);
	for (size_t p = 0; p < n_pool; p++) {
		struct av_interviewer iv = {.name = jane_name, .email = (char *)pool[p]};
		struct av_verdict walk, with;
		time_t now = at(NY_END) + 4 * 86400;

		av_match_interviewer(&inv, false, &iv, panel, N_PANEL, sent, N, NULL, words, 24,
				     false, now, &walk);
		av_match_interviewer(&inv, false, &iv, panel, N_PANEL, sent, N, &idx, words, 24,
				     false, now, &with);
		if (memcmp(&walk, &with, sizeof(walk)) != 0)
			same = false;
	}
	test_assert(same);
	av_sent_index_clear(&idx);
	for (size_t k = 0; k < N; k++)
		av_sent_clear(&sent[k]);
	free(sent);
	free(per_k);
	test_end();
}

#define test_assert_state(got, want) test_assert_str(av_state_name(got), av_state_name(want))

/* ---- av_state_name ------------------------------------------------------------------ */

static void
test_state_names(void)
{
	test_begin("state names as in status --json");
	test_assert_str(av_state_name(AV_STATE_NOT_DUE), "not-due");
	test_assert_str(av_state_name(AV_STATE_PENDING), "pending");
	test_assert_str(av_state_name(AV_STATE_DRAFTED), "drafted");
	test_assert_str(av_state_name(AV_STATE_THANKED), "thanked");
	test_assert_str(av_state_name(AV_STATE_THANKED_LATE), "thanked-late");
	test_assert_str(av_state_name(AV_STATE_THANKED_GROUP), "thanked-group");
	test_assert_str(av_state_name(AV_STATE_MISSED), "missed");
	test_assert_str(av_state_name(AV_STATE_CANCELLED), "cancelled");
	test_assert_str(av_state_name((enum av_state)99), "unknown");
	test_end();
}

/* ---- av_match_says_thanks: subjects ---------------------------------------------------- */

static void
expect_subject_(const char *subject, int want, int line)
{
	int got = av_match_says_thanks(subject, NULL, words);

	if (got != want)
		printf("  subject \"%s\"\n", subject ? subject : "(null)");
	test_check_int_(got, want, "av_match_says_thanks(subject, NULL)", __FILE__, line);
}
#define expect_subject(subject, want) expect_subject_((subject), (want), __LINE__)

static void
test_subject_thanks(void)
{
	static const char *const yes[] = {
		"Thank you for your time today",
		"Thanks!",
		"Thank you – Backend Engineer interview",
		"THANK YOU",
		"Thank-you note",
		"Re: Thank you",
		"Appreciate your time",
		"Grateful for the conversation",
		"Vielen Dank für das Gespräch",
		"Danke für Ihre Zeit",
		"Dankeschön!",
		"Merci pour l'entretien",
		"Merci pour l’échange",
		"Gracias por la entrevista",
		"Muchas gracias",
		"Grazie per il colloquio",
		"Bedankt voor het gesprek",
		"Dank u wel",
		"Obrigado pela conversa",
		"Muito obrigada!",
		/* a next step mentioned beside a post-interview phrase is still a thank-you */
		"Thanks for your time today – availability for the next round",
		"Danke für das Gespräch heute – Terminvorschlag für die zweite Runde",
	};

	test_begin("says_thanks: thank-you subjects in seven languages");
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		expect_subject(yes[i], 1);
	test_end();
}

static void
test_subject_replies(void)
{
	static const char *const replies[] = {
		"Accepted: Interview with Acme @ Tue Nov 17, 2026 10am - 11am (EST)",
		"Accepted: Thank you call",
		"ACCEPTED: Interview",
		"  Accepted:Interview",
		"Declined: Interview with Acme",
		"Tentative: Interview with Acme",
		"Tentatively accepted: Interview with Acme",
		"Invitation: Interview with Acme @ Tue Nov 17, 2026",
		"Updated invitation: Interview with Acme",
		"Updated Invitation with note: Interview with Acme",
		"Canceled event: Interview with Acme",
		"New Time Proposed: Interview with Acme",
		"Angenommen: Vorstellungsgespräch",
		"Abgelehnt: Vorstellungsgespräch",
		"Mit Vorbehalt angenommen: Vorstellungsgespräch",
		"Einladung: Vorstellungsgespräch",
		"Accepté : Entretien avec Acme",
		"Accepté\u00a0: Entretien avec Acme",
		"ACCEPTÉ : Entretien",
		"Refusé : Entretien",
		"Aceptado: Entrevista con Acme",
		"Invitación actualizada: Entrevista",
		"Accettato: Colloquio con Acme",
		"Geaccepteerd: Sollicitatiegesprek",
		"Bijgewerkte uitnodiging: Sollicitatiegesprek",
		"Aceito: Entrevista",
		"Convite: Entrevista",
		"Automatic reply: Thank you",
		"Abwesenheitsnotiz: Danke",
	};

	test_begin("says_thanks: invitation replies and auto-replies never count");
	for (size_t i = 0; i < sizeof(replies) / sizeof(replies[0]); i++)
		expect_subject(replies[i], 0);
	test_end();
}

static void
test_subject_scheduling(void)
{
	test_begin("says_thanks: scheduling with thanks in passing");
	expect_subject("Re: Confirming Thursday – works for me. Thanks!", 0);
	expect_subject("Thanks – Tuesday works", 0);
	expect_subject("Thanks, confirmed for 3pm", 0);
	expect_subject("Need to reschedule, thanks", 0);
	expect_subject("My availability next week – thanks", 0);
	expect_subject("Thanks for the invite!", 0);
	expect_subject("Thanks in advance", 0);
	expect_subject("Re: Thank you for applying to Acme", 0);
	expect_subject("Danke, der Termin passt mir", 0);
	expect_subject("Danke für die Bestätigung", 0);
	expect_subject("Merci, ça me va", 0);
	expect_subject("Gracias, confirmo el horario", 0);
	expect_subject("Grazie, confermo", 0);
	expect_subject("Bedankt, ik bevestig", 0);
	expect_subject("Obrigado, confirmo o horário", 0);
	test_end();

	test_begin("says_thanks: a subject that does not tell");
	expect_subject("Confirming Tuesday works", -1);
	expect_subject("Re: Interview scheduling", -1);
	expect_subject("Re: Backend Engineer role", -1);
	expect_subject("Re: Accepted: Interview", -1);
	expect_subject("Following up", -1);
	expect_subject("", -1);
	expect_subject(NULL, -1);
	test_assert_int(av_match_says_thanks("Thank you", NULL, NULL), -1);
	test_end();
}

/* ---- av_match_says_thanks: texts ------------------------------------------------------- */

static void
expect_text_(const char *subject, const char *text, int want, int line)
{
	int got = av_match_says_thanks(subject, text, words);

	if (got != want)
		printf("  subject \"%s\", text:\n%s\n", subject ? subject : "(null)", text);
	test_check_int_(got, want, "av_match_says_thanks(subject, text)", __FILE__, line);
}
#define expect_text(subject, text, want) expect_text_((subject), (text), (want), __LINE__)

static void
test_text(void)
{
	test_begin("says_thanks: the text decides when the subject does not");
	/* the thank-you written into the old scheduling thread */
	expect_text("Re: Interview scheduling",
		    "Hi Jane,\r\n\r\nThank you for your time today. I enjoyed hearing about the "
		    "platform team.\r\n\r\nBest,\r\nSam\r\n\r\nOn Mon, Nov 16, 2026 at 9:00 AM "
		    "Jane Doe <jane.doe@acme.com> wrote:\r\n> Does Tuesday 10am work?\r\n",
		    1);
	expect_text(NULL, "Hallo Frau Doe,\n\nvielen Dank für das angenehme Gespräch heute.\n", 1);
	expect_text("Re: Entretien", "Bonjour Jane,\n\nMerci pour l'échange de ce matin.\n", 1);
	expect_text("Re: Entrevista", "Hola Jane:\n\nGracias por la entrevista de hoy.\n", 1);
	expect_text("Follow-up", "Thanks!\n\nSam\n", 1);
	/* scheduling replies */
	expect_text("Re: Interview scheduling", "Tuesday at 3pm works for me.\n\nThanks,\nSam\n",
		    0);
	expect_text("Re: Interview scheduling", "Great, thanks!\n", 0);
	expect_text("Confirming Tuesday works", "Great, thanks!\n\nSam\n", 0);
	/* issue 10: a bare "Thanks," opening a logistics reply is unsure, no longer "no" */
	expect_text(NULL, "Thanks, see you then!\n", AV_THANKS_UNSURE);
	/* thanks only in a closing line, a quote or a signature */
	expect_text("Portfolio", "Hi Jane,\n\nattached is my portfolio.\n\nThanks,\nSam\n", 0);
	expect_text("Portfolio", "Attached.\n\nMany thanks,\nSam\n", 0);
	expect_text("Portfolio", "Attached.\n\nThank you\nSam\n", 0);
	expect_text("Portfolio", "Attached.\n\nVielen Dank\nSam\n", 0);
	expect_text("Re: Next steps",
		    "Sounds good.\n\nOn Tue, Nov 17, 2026, Jane Doe wrote:\nThank you for your "
		    "time today\n",
		    0);
	expect_text("Re: Next steps", "Sounds good.\n> Thank you for your time today\n", 0);
	expect_text("Re: Next steps",
		    "Sounds good.\n\n-----Original Message-----\nThank you for your time today\n",
		    0);
	expect_text("Re: Next steps",
		    "Sounds good.\n\n________________________________\nFrom: Jane Doe\nThank you "
		    "for your time today\n",
		    0);
	expect_text("Re: Next steps",
		    "Sounds good.\n\n----- Ursprüngliche Nachricht -----\nVielen Dank für Ihre "
		    "Zeit\n",
		    0);
	/* a MIME boundary is no quote separator (a raw body) */
	expect_text("Re: Interview scheduling",
		    "------------A1B2C3\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n"
		    "Thank you for your time today!\r\n------------A1B2C3--\r\n",
		    1);
	expect_text("AW: Nächste Schritte",
		    "Klingt gut.\n\nAm 17.11.2026 um 10:00 schrieb Jane Doe <jane.doe@acme.com>:\n"
		    "Vielen Dank für Ihre Zeit\n",
		    0);
	expect_text("RE: Entretien",
		    "D'accord.\n\nLe mar. 17 nov. 2026, Jane Doe a écrit\u00a0:\nMerci pour votre "
		    "temps\n",
		    0);
	expect_text("Notes", "See the notes below.\n-- \nSam Rivera · Thanks for reading\n", 0);
	/* a closing thanks counts beside a post-interview phrase */
	expect_text("Follow-up",
		    "Hi Jane,\n\nit was great to meet you today. I enjoyed the whiteboard "
		    "session.\n\nThanks,\nSam\n",
		    1);
	expect_text("Follow-up", "Hallo Jane,\n\nschön, Sie heute kennenzulernen.\n\nDanke\nSam",
		    1);
	/* with the text, a scheduling subject is the thread's, not the message's */
	expect_text("Re: Thank you for applying to Acme",
		    "Hi Jane,\n\nthank you for your time today.\n", 1);
	expect_text("Re: Confirming Thursday – works for me. Thanks!", "See you Thursday.\n", 0);
	/* issue 10: as above, unsure (it still never counts as thanked) */
	expect_text("Re: Confirming Thursday – works for me. Thanks!",
		    "Thanks, see you Thursday!\n", AV_THANKS_UNSURE);
	/* an invitation reply stays one whatever the text says */
	expect_text("Accepted: Interview", "Thank you for your time today", 0);
	/* the subject's verdict stands */
	expect_text("Thank you for today", "Tuesday works for me.", 1);
	expect_text("", "", 0);
	test_end();
}

/* One row of the three-way table: what a sent message is to a thank-you. */
struct thanks_row {
	const char *subject;
	const char *text;
	enum av_thanks want;
};

static void
expect_rows(const struct thanks_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		enum av_thanks got = av_match_says_thanks(rows[i].subject, rows[i].text, words);

		if (got != rows[i].want)
			printf("  row %zu: subject \"%s\", text:\n%s\n", i,
			       rows[i].subject ? rows[i].subject : "(null)", rows[i].text);
		test_check_int_(got, rows[i].want, "av_match_says_thanks", __FILE__, __LINE__);
	}
}
#define EXPECT_ROWS(rows) expect_rows((rows), sizeof(rows) / sizeof((rows)[0]))

static void
test_three_way(void)
{
	static const struct thanks_row yes[] = {
		{"Re: Next steps",
		 "Hi Jane,\n\nThank you for taking the time to speak with me today. I enjoyed "
		 "learning about the platform team.\n\nBest,\nSam\n",
		 AV_THANKS_YES},
		{"Re: Backend Engineer role",
		 "Thanks for the interview this morning – it was a pleasure.\n", AV_THANKS_YES},
		/* the next step beside a reference to the interview: a thank-you */
		{"Re: Next steps",
		 "Thanks for your time today! Thursday at 3pm works for the second round.\n",
		 AV_THANKS_YES},
		/* an opener with no logistics after it stays a thank-you */
		{"Re: Backend role",
		 "Thank you again, Jane! I keep thinking about the incident-review culture you "
		 "described, and I would love to bring my experience with blameless postmortems "
		 "to the team.\n",
		 AV_THANKS_YES},
		{"AW: Nächste Schritte",
		 "Hallo Frau Doe,\n\nDanke für das Gespräch gestern, es hat mir viel Freude "
		 "gemacht.\n\nViele Grüße\nSam\n",
		 AV_THANKS_YES},
		{"AW: Termin",
		 "Vielen Dank für Ihre Zeit heute. Donnerstag um 15 Uhr passt mir für die zweite "
		 "Runde.\n",
		 AV_THANKS_YES},
		{"RE: Prochaines étapes",
		 "Bonjour Jane,\n\nMerci pour notre échange de ce matin, j'ai beaucoup appris.\n",
		 AV_THANKS_YES},
		{"RE: Próximos pasos",
		 "Hola Jane:\n\nMuchas gracias por su tiempo y por la conversación de ayer.\n",
		 AV_THANKS_YES},
		{"R: Prossimi passi", "Grazie per il colloquio di oggi.\n", AV_THANKS_YES},
		/* the invite's day and time in the thread's subject are no logistics of the
		 * reply */
		{"Re: Interview with Acme – Thursday 10am",
		 "Thank you, Jane! I learned a lot about the team and I am excited about the "
		 "role.\n",
		 AV_THANKS_YES},
		{"Re: Vervolg", "Bedankt voor het gesprek van vanmiddag!\n", AV_THANKS_YES},
	};
	static const struct thanks_row no[] = {
		{"Re: Next steps", "Thursday at 3pm works for the second round.\n", AV_THANKS_NO},
		{"Re: Next steps", "Confirmed for Thursday at 3pm, thanks!\n", AV_THANKS_NO},
		{"AW: Termin", "Ich bestätige Donnerstag, 15 Uhr. Danke!\n", AV_THANKS_NO},
		{"RE: Entretien", "Je confirme jeudi à 15h, merci.\n", AV_THANKS_NO},
		{"RE: Entrevista", "Confirmo el jueves a las 15:00, gracias.\n", AV_THANKS_NO},
		{"Accepted: Second round", "Thanks, Thursday at 3pm works.\n", AV_THANKS_NO},
	};
	static const struct thanks_row unsure[] = {
		/* the issue's own example */
		{"Re: Next steps", "Thanks, Thursday at 3pm works for the second round.",
		 AV_THANKS_UNSURE},
		{"Re: Next steps",
		 "Hi Jane,\n\nThanks, Thursday at 3pm works for the second round.\n\nBest,\nSam\n",
		 AV_THANKS_UNSURE},
		{"Re: Second round", "Thanks! See you then.\n", AV_THANKS_UNSURE},
		{"Re: References", "Thanks — attached is my reference list.\n\nSam\n",
		 AV_THANKS_UNSURE},
		{"Re: Next steps", "Thanks for the update, Thursday at 10am works.\n",
		 AV_THANKS_UNSURE},
		{"Re: Next steps", "Hi Jane, thanks – 3 p.m. on Thursday is fine.\n",
		 AV_THANKS_UNSURE},
		/* "today" dates the slot here, not the interview */
		{"Re: Next steps", "Thanks, today at 3pm works.\n", AV_THANKS_UNSURE},
		/* thanks in passing, not first: short, logistics, no scheduling cue */
		{"Re: Next steps", "Sounds good, thanks! Thursday at 3pm then.\n",
		 AV_THANKS_UNSURE},
		{"Re: Next steps", "See you today at 3pm.\n\nThanks,\nSam\n", AV_THANKS_UNSURE},
		/* the subject is about next steps, the text a bare thanks */
		{"Re: Next steps", "Thanks!\n", AV_THANKS_UNSURE},
		{"Re: Next steps", "Hi Jane,\n\nThanks!\n", AV_THANKS_UNSURE},
		{"AW: Nächste Schritte",
		 "Danke, Donnerstag um 15 Uhr passt für die zweite Runde.\n", AV_THANKS_UNSURE},
		{"AW: Unterlagen", "Hallo Jane,\n\nvielen Dank! Anbei meine Referenzen.\n",
		 AV_THANKS_UNSURE},
		{"RE: Prochaines étapes", "Merci, jeudi à 15h me convient pour le deuxième tour.\n",
		 AV_THANKS_UNSURE},
		{"RE: Références", "Merci ! Ci-joint ma liste de références.\n", AV_THANKS_UNSURE},
		{"RE: Próximos pasos",
		 "Gracias, el jueves a las 15:00 me viene bien para la segunda ronda.\n",
		 AV_THANKS_UNSURE},
		{"RE: Referencias", "¡Gracias! Adjunto mi lista de referencias.\n",
		 AV_THANKS_UNSURE},
		{"R: Prossimi passi",
		 "Grazie, giovedì alle 15:00 va bene per il secondo colloquio.\n",
		 AV_THANKS_UNSURE},
		{"Re: Vervolg", "Bedankt, donderdag om 15:00 past mij voor de tweede ronde.\n",
		 AV_THANKS_UNSURE},
		{"Re: Próximos passos", "Obrigado, quinta-feira às 15h funciona para mim.\n",
		 AV_THANKS_UNSURE},
	};

	test_begin("says_thanks: thank-yous with the text (en, de, fr, es, it, nl)");
	EXPECT_ROWS(yes);
	test_end();
	test_begin("says_thanks: not thank-yous with the text (en, de, fr, es)");
	EXPECT_ROWS(no);
	test_end();
	test_begin("says_thanks: unsure, a courtesy thanks over logistics (en, de, fr, es, it, nl, "
		   "pt)");
	EXPECT_ROWS(unsure);
	test_end();
}

static void
test_three_way_nasty(void)
{
	static const struct thanks_row rows[] = {
		{"Re: Next steps", "", AV_THANKS_NO},
		{"Re: Next steps", "\r\n \r\n\t\r\n", AV_THANKS_NO},
		{NULL, "", AV_THANKS_NO},
		/* only "Thanks": a closing line, nothing else */
		{"Re: Next steps", "Thanks", AV_THANKS_NO},
		{"Re: Next steps", "Thanks,\n", AV_THANKS_NO},
		/* a quoted invite's "interview" never makes a reply a thank-you */
		{"Re: Next steps",
		 "Thanks, Thursday at 3pm works for the second round.\n\nOn Mon, Nov 16, 2026 at "
		 "9:00 AM Jane Doe <jane.doe@acme.com> wrote:\n> Thank you for the interview "
		 "today! Could you do Thursday at 3pm?\n",
		 AV_THANKS_UNSURE},
		{"Re: Next steps",
		 "Thanks, Thursday works.\n> Thank you for the interview today\n> Jane\n",
		 AV_THANKS_UNSURE},
		{"Re: Next steps",
		 "Sounds good.\n\n> Thanks for your time today, and thank you for the "
		 "interview\n",
		 AV_THANKS_NO},
		{"RE: Next steps",
		 "Thanks – attached is my reference list.\n\n-----Original Message-----\nFrom: "
		 "Jane Doe\nSubject: Interview\n\nThank you for the interview today.\n",
		 AV_THANKS_UNSURE},
		/* an attribution wrapped over two lines (the French verb split) is still one */
		{"RE: Prochaines étapes",
		 "Merci, jeudi à 15h me convient pour le deuxième tour.\n\nLe mar. 17 nov. 2026 à "
		 "10:00, Jane Doe <jane.doe@acme.example> a\nécrit :\nMerci pour l'entretien de "
		 "ce matin !\n",
		 AV_THANKS_UNSURE},
		{"Re: Next steps",
		 "Thanks, Thursday at 3pm works.\n\nOn Mon, Nov 16, 2026 at 9:00 AM Jane Doe\n"
		 "<jane.doe@acme.com> wrote:\nThank you for the interview today!\n",
		 AV_THANKS_UNSURE},
		/* a wrap that is not an attribution is the person's own words */
		{"Re: Backend role",
		 "On second thought: thank you for the interview, it was great.\nJane wrote the "
		 "best questions:\n",
		 AV_THANKS_YES},
		/* clock times: "v3.30" and "2 amazing" are none */
		{"Re: Backend role", "Thanks! Release v3.30 has 2 amazing fixes.\n", AV_THANKS_YES},
	};
	char big[6000];

	test_begin("says_thanks: nasty texts (empty, only thanks, quotes, wrapped attributions)");
	EXPECT_ROWS(rows);
	test_end();

	test_begin("says_thanks: an attribution-like last line without a line break");
	{
		/* on the heap, so that valgrind sees a read past its end */
		char *t = av_strdup("Thanks, Thursday works.\nOn 17 Nov 2026 at 10:00 we meet");

		expect_text("Re: Next steps", t, AV_THANKS_UNSURE);
		free(t);
	}
	test_end();

	test_begin("says_thanks: very long texts");
	/* an opener over logistics, a long ramble, the thank-you past what is read */
	strcpy(big, "Thanks, Thursday at 3pm works for the second round.\n");
	for (size_t i = strlen(big); i < 2500; i += 60)
		strcat(big, "Some more words about the drive and the parking garage here.\n");
	strcat(big, "Thank you for the interview today.\n");
	expect_text("Re: Next steps", big, AV_THANKS_UNSURE);
	/* long, opened with thanks, logistics, still unsure (length alone is no thanks) */
	big[0] = '\0';
	strcpy(big, "Thanks — attached is my reference list.\n");
	for (int i = 0; i < 12; i++)
		strcat(big, "Each of them worked with me for several years on the payments "
			    "platform.\n");
	expect_text("Re: References", big, AV_THANKS_UNSURE);
	/* one long line without any line break */
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	memcpy(big, "Thanks, Thursday ", 17);
	expect_text("Re: Next steps", big, AV_THANKS_UNSURE);
	test_end();
}

/* The text the engine reads is the raw body (BODY.PEEK[TEXT]): for most mail clients a
 * multipart/alternative whose HTML twin quotes the original without '>' marks. */
static void
test_three_way_mime(void)
{
	static const struct thanks_row rows[] = {
		/* Gmail: plain and HTML, quoted-printable, the reply quoted only in the HTML */
		{"Re: Next steps",
		 "--000000000000a1b2c3\r\n"
		 "Content-Type: text/plain; charset=\"UTF-8\"\r\n"
		 "Content-Transfer-Encoding: quoted-printable\r\n"
		 "\r\n"
		 "Thanks, Thursday at 3pm works for the second round. I will bring the printed=\r\n"
		 " copies of my portfolio and the two reference letters you asked for, and I c=\r\n"
		 "an stay until five if the team wants to walk through the architecture exerci=\r\n"
		 "se in more depth. My phone number for the day is the same as on my CV, and I=\r\n"
		 " will check in at the front desk about ten minutes early.\r\n"
		 "\r\n"
		 "--000000000000a1b2c3\r\n"
		 "Content-Type: text/html; charset=\"UTF-8\"\r\n"
		 "Content-Transfer-Encoding: quoted-printable\r\n"
		 "\r\n"
		 "<div dir=3D\"ltr\">Thanks, Thursday at 3pm works.<blockquote>Thank you for "
		 "th=\r\n"
		 "e interview today!</blockquote></div>\r\n"
		 "--000000000000a1b2c3--\r\n",
		 AV_THANKS_UNSURE},
		/* Thunderbird: a preamble, then the parts */
		{"Re: Next steps",
		 "This is a multi-part message in MIME format.\n"
		 "--------------Xy12\n"
		 "Content-Type: text/plain; charset=UTF-8; format=flowed\n"
		 "Content-Transfer-Encoding: 8bit\n"
		 "\n"
		 "Danke, Donnerstag um 15 Uhr passt für die zweite Runde.\n"
		 "--------------Xy12\n"
		 "Content-Type: text/html; charset=UTF-8\n"
		 "\n"
		 "<p>Danke f&uuml;r das Gespr&auml;ch heute!</p>\n"
		 "--------------Xy12--\n",
		 AV_THANKS_UNSURE},
		/* quoted-printable umlauts decoded: a thank-you in German */
		{"AW: Nächste Schritte",
		 "--b1\n"
		 "Content-Type: text/plain; charset=UTF-8\n"
		 "Content-Transfer-Encoding: quoted-printable\n"
		 "\n"
		 "Vielen Dank f=C3=BCr das Gespr=C3=A4ch!\n"
		 "--b1--\n",
		 AV_THANKS_YES},
		/* base64: "Merci, jeudi à 15h me convient pour le deuxième tour." */
		{"RE: Prochaines étapes",
		 "--b2\n"
		 "Content-Type: text/plain; charset=UTF-8\n"
		 "Content-Transfer-Encoding: base64\n"
		 "\n"
		 "TWVyY2ksIGpldWRpIMOgIDE1aCBtZSBjb252aWVudCBwb3VyIGxlIGRldXhpw6htZSB0b3VyLg==\n"
		 "--b2--\n",
		 AV_THANKS_UNSURE},
		/* mixed: the alternative first, an attachment after */
		{"Re: References",
		 "--outer\n"
		 "Content-Type: multipart/alternative; boundary=\"inner\"\n"
		 "\n"
		 "--inner\n"
		 "Content-Type: text/plain; charset=UTF-8\n"
		 "\n"
		 "Gracias, adjunto mi lista de referencias.\n"
		 "--inner--\n"
		 "--outer\n"
		 "Content-Type: text/plain; name=\"refs.txt\"\n"
		 "\n"
		 "Thank you for the interview today (a note to myself)\n"
		 "--outer--\n",
		 AV_THANKS_UNSURE},
		/* HTML only: the quote's attribution line ends the person's words */
		{"Re: Next steps",
		 "--h\n"
		 "Content-Type: text/html; charset=UTF-8\n"
		 "\n"
		 "<div dir=\"ltr\">Thanks, Thursday at 3pm works.<br><div class=\"gmail_quote\">"
		 "<div>On Mon, Nov 16, 2026 at 9:00 AM Jane Doe &lt;jane.doe@acme.com&gt; "
		 "wrote:<br></div><blockquote>Thank you for the interview today!</blockquote>"
		 "</div></div>\n"
		 "--h--\n",
		 AV_THANKS_UNSURE},
		/* a line of dashes in a plain body is no multipart */
		{"Re: Backend role", "--\nThank you for the interview today!\n", AV_THANKS_NO},
		{"Re: Backend role", "----\nThank you for the interview today!\n", AV_THANKS_YES},
	};

	test_begin("says_thanks: raw multipart bodies (first part, decoded, HTML made plain)");
	EXPECT_ROWS(rows);
	test_end();
}

static void
test_text_limit(void)
{
	char big[4096];

	test_begin("says_thanks: only the first 2 KB of the text are read");
	memset(big, 'a', sizeof(big));
	for (size_t i = 80; i < 2100; i += 81)
		big[i] = '\n';
	strcpy(big + 2100, "\nThank you for your time today\n");
	expect_text("Re: Backend role", big, 0);
	strcpy(big + 1900, "\nThank you for your time today\n");
	expect_text("Re: Backend role", big, 1);

	/* the cut falls inside "é": no partial sequence is read (valgrind watches) */
	memset(big, 'a', 2047);
	strcpy(big + 2047, "\xc3\xa9 Thank you for your time today");
	expect_text("Re: Backend role", big, 0);
	test_end();
}

/* ---- av_match_send_by ------------------------------------------------------------------- */

static void
expect_send_by_(const char *start, const char *end, int off, unsigned window_hours,
		const char *want, int line)
{
	time_t e = at(end);
	char got_s[AV_TIME_UTC_SIZE], want_s[AV_TIME_UTC_SIZE];

	av_time_utc(av_match_send_by(at(start), e, off, e + (time_t)window_hours * 3600), got_s);
	av_time_utc(at(want), want_s);
	if (strcmp(got_s, want_s) != 0)
		printf("  interview %s – %s (offset %+d s, window %u h)\n", start, end, off,
		       window_hours);
	test_check_str_(got_s, want_s, "send_by", __FILE__, line);
}
#define expect_send_by(start, end, off, window, want)                                              \
	expect_send_by_((start), (end), (off), (window), (want), __LINE__)

#define NY     (-5 * 3600)
#define BERLIN (1 * 3600)
#define INDIA  (5 * 3600 + 1800)
#define TOKYO  (9 * 3600)
#define HAWAII (-10 * 3600)

static void
test_send_by(void)
{
	test_begin("send_by: morning -> 18:00 the same day");
	expect_send_by("2026-11-17T10:00-05:00", "2026-11-17T11:00-05:00", NY, 24,
		       "2026-11-17T18:00-05:00");
	expect_send_by("2026-11-17T09:00+01:00", "2026-11-17T10:00+01:00", BERLIN, 24,
		       "2026-11-17T18:00+01:00");
	expect_send_by("2026-11-17T11:59+05:30", "2026-11-17T12:45+05:30", INDIA, 24,
		       "2026-11-17T18:00+05:30");
	/* Tokyo's morning is the previous UTC day */
	expect_send_by("2026-11-18T10:00+09:00", "2026-11-18T11:00+09:00", TOKYO, 24,
		       "2026-11-18T18:00+09:00");
	/* ending exactly at 17:00 still leaves the hour */
	expect_send_by("2026-11-17T09:00+01:00", "2026-11-17T17:00+01:00", BERLIN, 24,
		       "2026-11-17T18:00+01:00");
	test_end();

	test_begin("send_by: long mornings, afternoons, evenings -> 09:00 next day");
	expect_send_by("2026-11-17T09:00-05:00", "2026-11-17T17:30-05:00", NY, 24,
		       "2026-11-18T09:00-05:00");
	expect_send_by("2026-11-17T09:00+01:00", "2026-11-17T18:30+01:00", BERLIN, 24,
		       "2026-11-18T09:00+01:00");
	expect_send_by("2026-11-17T12:00-05:00", "2026-11-17T13:00-05:00", NY, 24,
		       "2026-11-18T09:00-05:00");
	expect_send_by("2026-11-17T14:00-05:00", "2026-11-17T15:00-05:00", NY, 24,
		       "2026-11-18T09:00-05:00");
	expect_send_by("2026-11-17T16:30+01:00", "2026-11-17T17:30+01:00", BERLIN, 24,
		       "2026-11-18T09:00+01:00");
	expect_send_by("2026-11-17T19:00+01:00", "2026-11-17T20:00+01:00", BERLIN, 24,
		       "2026-11-18T09:00+01:00");
	/* Hawaii's afternoon is the next UTC day */
	expect_send_by("2026-11-17T15:00-10:00", "2026-11-17T16:00-10:00", HAWAII, 24,
		       "2026-11-18T09:00-10:00");
	/* past midnight: that morning */
	expect_send_by("2026-11-17T23:00+01:00", "2026-11-18T00:30+01:00", BERLIN, 24,
		       "2026-11-18T09:00+01:00");
	/* an all-day onsite ends at midnight: that morning */
	expect_send_by("2026-11-17T00:00+01:00", "2026-11-18T00:00+01:00", BERLIN, 24,
		       "2026-11-18T09:00+01:00");
	test_end();

	test_begin("send_by: never past the deadline, never before the end");
	/* a 6-hour window closes at 21:00, before the next morning */
	expect_send_by("2026-11-17T14:00-05:00", "2026-11-17T15:00-05:00", NY, 6,
		       "2026-11-17T21:00-05:00");
	/* a 4-hour window from 11:00 closes at 15:00, before 18:00 */
	expect_send_by("2026-11-17T10:00+01:00", "2026-11-17T11:00+01:00", BERLIN, 4,
		       "2026-11-17T15:00+01:00");
	expect_send_by("2026-11-17T10:00+01:00", "2026-11-17T11:00+01:00", BERLIN, 0,
		       "2026-11-17T11:00+01:00");
	/* a deadline before the end (inconsistent input): the end */
	test_assert_int(av_match_send_by(at("2026-11-17T10:00Z"), at("2026-11-17T11:00Z"), 0,
					 at("2026-11-17T10:30Z")),
			at("2026-11-17T11:00Z"));
	/* an event without end (end == start) */
	expect_send_by("2026-11-17T10:00+01:00", "2026-11-17T10:00+01:00", BERLIN, 24,
		       "2026-11-17T18:00+01:00");
	/* before 1970 the local day still rounds down: 1969-12-30 10:00 -> 18:00 */
	test_assert_int(av_match_send_by(-2 * 86400 + 10 * 3600, -2 * 86400 + 11 * 3600, 0,
					 -86400 + 11 * 3600),
			-2 * 86400 + 18 * 3600);
	test_end();
}

/* ---- av_match_interviewer: states and boundaries ------------------------------------------ */

static void
test_cancelled_and_not_due(void)
{
	struct av_invite inv = interview(NY_START, NY_END, NY_OFFSET);
	struct mailbox mb = {.n = 0};
	struct av_verdict v;

	sent_add(&mb, at("2026-11-17T12:00-05:00"), 0, "Thank you!", -1, jane_email, NULL);

	test_begin("cancelled: deadline and send-by still given");
	av_match_interviewer(&inv, true, JANE, panel, N_PANEL, mb.s, mb.n, NULL, words, 24, false,
			     at("2026-11-17T12:30-05:00"), &v);
	test_assert_state(v.state, AV_STATE_CANCELLED);
	test_assert_int(v.deadline, at(NY_DEADLINE));
	test_assert_int(v.send_by, at("2026-11-17T18:00-05:00"));
	test_assert(v.evidence == NULL);
	test_assert(!v.needs_text);
	/* the invite's own cancellation counts as well */
	inv.cancelled = true;
	av_match_interviewer(&inv, false, JANE, panel, N_PANEL, mb.s, mb.n, NULL, words, 24, true,
			     at("2026-11-20T00:00Z"), &v);
	test_assert_state(v.state, AV_STATE_CANCELLED);
	test_end();

	test_begin("not-due until the end");
	test_assert_state(judge(&mb, JANE, false, at(NY_START), &v), AV_STATE_NOT_DUE);
	test_assert_state(judge(&mb, JANE, true, at(NY_END) - 1, &v), AV_STATE_NOT_DUE);
	test_assert_int(v.deadline, at(NY_DEADLINE));
	test_assert_int(v.send_by, at("2026-11-17T18:00-05:00"));
	test_assert(v.evidence == NULL);
	test_assert(!v.needs_text);
	test_end();
	mailbox_clear(&mb);
}

static void
test_pending_drafted_missed(void)
{
	struct mailbox mb = {.n = 0};
	struct av_verdict v;

	test_begin("pending, drafted, missed by time");
	test_assert_state(judge(&mb, JANE, false, at(NY_END), &v), AV_STATE_PENDING);
	test_assert_state(judge(&mb, JANE, true, at(NY_END), &v), AV_STATE_DRAFTED);
	test_assert_state(judge(&mb, JANE, false, at(NY_DEADLINE), &v), AV_STATE_PENDING);
	test_assert_state(judge(&mb, JANE, true, at(NY_DEADLINE), &v), AV_STATE_DRAFTED);
	test_assert_state(judge(&mb, JANE, false, at(NY_DEADLINE) + 1, &v), AV_STATE_MISSED);
	test_assert_state(judge(&mb, JANE, true, at(NY_DEADLINE) + 1, &v), AV_STATE_MISSED);
	test_assert(v.evidence == NULL);
	test_end();

	test_begin("window_hours sets the deadline");
	{
		struct av_invite inv = interview(NY_START, NY_END, NY_OFFSET);

		av_match_interviewer(&inv, false, JANE, panel, N_PANEL, NULL, 0, NULL, words, 48,
				     false, at(NY_DEADLINE) + 1, &v);
		test_assert_state(v.state, AV_STATE_PENDING);
		test_assert_int(v.deadline, at("2026-11-19T11:00-05:00"));
		test_assert_int(v.send_by, at("2026-11-17T18:00-05:00"));
		av_match_interviewer(&inv, false, JANE, panel, N_PANEL, NULL, 0, NULL, words, 0,
				     false, at(NY_END) + 1, &v);
		test_assert_state(v.state, AV_STATE_MISSED);
		test_assert_int(v.send_by, at(NY_END));
	}
	test_end();
}

static void
test_boundaries(void)
{
	struct mailbox mb = {.n = 0};
	struct av_verdict v;
	time_t later = at("2026-11-25T00:00Z");

	test_begin("thanked exactly at the end");
	sent_add(&mb, at(NY_END), 0, "Thank you", -1, jane_email, NULL);
	test_assert_state(judge(&mb, JANE, false, at(NY_END), &v), AV_STATE_THANKED);
	test_assert(v.evidence == &mb.s[0]);
	test_assert(!v.needs_text);
	test_end();
	mailbox_clear(&mb);

	test_begin("one second before the end never counts");
	sent_add(&mb, at(NY_END) - 1, 0, "Thank you", -1, jane_email, NULL);
	test_assert_state(judge(&mb, JANE, false, at(NY_END) + 60, &v), AV_STATE_PENDING);
	test_assert(v.evidence == NULL);
	test_assert_state(judge(&mb, JANE, false, later, &v), AV_STATE_MISSED);
	test_end();
	mailbox_clear(&mb);

	test_begin("a thanks sent before the interview never counts");
	sent_add(&mb, at("2026-11-16T09:00-05:00"), 0,
		 "Looking forward to meeting you tomorrow, thanks", 1, jane_email, NULL);
	sent_add(&mb, at("2026-11-17T09:55-05:00"), 0, "Thank you", 1, jane_email, NULL);
	test_assert_state(judge(&mb, JANE, true, at("2026-11-17T12:00-05:00"), &v),
			  AV_STATE_DRAFTED);
	test_assert(v.evidence == NULL);
	test_assert_state(judge(&mb, JANE, false, later, &v), AV_STATE_MISSED);
	test_end();
	mailbox_clear(&mb);

	test_begin("thanked exactly at the deadline, late one second after");
	sent_add(&mb, at(NY_DEADLINE), 0, "Thank you", -1, jane_email, NULL);
	test_assert_state(judge(&mb, JANE, false, later, &v), AV_STATE_THANKED);
	mailbox_clear(&mb);
	sent_add(&mb, at(NY_DEADLINE) + 1, 0, "Thank you", -1, jane_email, NULL);
	test_assert_state(judge(&mb, JANE, false, later, &v), AV_STATE_THANKED_LATE);
	test_assert(v.evidence == &mb.s[0]);
	mailbox_clear(&mb);
	sent_add(&mb, at("2026-11-21T08:00Z"), 0, "Sorry for the delay – thank you!", -1,
		 jane_email, NULL);
	test_assert_state(judge(&mb, JANE, false, later, &v), AV_STATE_THANKED_LATE);
	test_end();
	mailbox_clear(&mb);

	test_begin("a message dated after now is not sent yet (replay)");
	sent_add(&mb, at("2026-11-17T15:00-05:00"), 0, "Thank you", 1, jane_email, NULL);
	test_assert_state(judge(&mb, JANE, false, at("2026-11-17T14:00-05:00"), &v),
			  AV_STATE_PENDING);
	/* within a few minutes: the sender's clock runs fast */
	test_assert_state(judge(&mb, JANE, false, at("2026-11-17T14:57-05:00"), &v),
			  AV_STATE_THANKED);
	test_assert_state(judge(&mb, JANE, false, at("2026-11-17T15:00-05:00"), &v),
			  AV_STATE_THANKED);
	test_end();
	mailbox_clear(&mb);
}

static void
test_internaldate(void)
{
	struct mailbox mb = {.n = 0};
	struct av_verdict v;
	time_t later = at("2026-11-25T00:00Z");

	test_begin("INTERNALDATE when Date is missing (date == 0)");
	sent_add(&mb, 0, at("2026-11-17T13:00-05:00"), "Thank you", 1, jane_email, NULL);
	test_assert_state(judge(&mb, JANE, false, later, &v), AV_STATE_THANKED);
	mailbox_clear(&mb);
	sent_add(&mb, 0, at(NY_DEADLINE) + 1, "Thank you", 1, jane_email, NULL);
	test_assert_state(judge(&mb, JANE, false, later, &v), AV_STATE_THANKED_LATE);
	mailbox_clear(&mb);
	sent_add(&mb, 0, at(NY_END) - 1, "Thank you", 1, jane_email, NULL);
	test_assert_state(judge(&mb, JANE, false, later, &v), AV_STATE_MISSED);
	mailbox_clear(&mb);
	/* Date wins when present: saved to Sent a day later, still sent in time */
	sent_add(&mb, at("2026-11-17T13:00-05:00"), at(NY_DEADLINE) + 3600, "Thank you", 1,
		 jane_email, NULL);
	test_assert_state(judge(&mb, JANE, false, later, &v), AV_STATE_THANKED);
	mailbox_clear(&mb);
	/* ... and written before the end it never counts, whenever it was stored */
	sent_add(&mb, at(NY_END) - 600, at(NY_END) + 600, "Thank you", 1, jane_email, NULL);
	test_assert_state(judge(&mb, JANE, false, later, &v), AV_STATE_MISSED);
	mailbox_clear(&mb);
	/* neither: never counts */
	sent_add(&mb, 0, 0, "Thank you", 1, jane_email, NULL);
	test_assert_state(judge(&mb, JANE, false, later, &v), AV_STATE_MISSED);
	test_end();
	mailbox_clear(&mb);
}

/* ---- addresses ---------------------------------------------------------------------------- */

static void
test_addresses(void)
{
	struct mailbox mb = {.n = 0};
	struct av_verdict v;
	time_t t = at("2026-11-17T13:00-05:00"), now = at("2026-11-17T14:00-05:00");

	test_begin("To, Cc, Bcc: any recipient position");
	sent_add(&mb, t, 0, "Thank you", 1, jane_email, NULL); /* To */
	test_assert_state(judge(&mb, JANE, false, now, &v), AV_STATE_THANKED);
	mailbox_clear(&mb);
	/* To someone else, Cc Jane */
	sent_add(&mb, t, 0, "Thank you", 1, "recruiter@acme.com", jane_email, NULL);
	test_assert_state(judge(&mb, JANE, false, now, &v), AV_STATE_THANKED);
	mailbox_clear(&mb);
	/* To me, Bcc Jane */
	sent_add(&mb, t, 0, "Thank you", 1, "sam.rivera@example.net", "hr@acme.com", jane_email,
		 NULL);
	test_assert_state(judge(&mb, JANE, false, now, &v), AV_STATE_THANKED);
	test_end();
	mailbox_clear(&mb);

	test_begin("addresses: case and +tag ignored, others not matched");
	sent_add(&mb, t, 0, "Thank you", 1, "Jane.Doe+interviews@ACME.com", NULL);
	test_assert_state(judge(&mb, JANE, false, now, &v), AV_STATE_THANKED);
	mailbox_clear(&mb);
	sent_add(&mb, t, 0, "Thank you", 1, "jane.doe@acme.co", "jane@acme.com", "doe@acme.com",
		 NULL);
	test_assert_state(judge(&mb, JANE, false, now, &v), AV_STATE_PENDING);
	/* a message to Raj says nothing about Jane */
	mailbox_clear(&mb);
	sent_add(&mb, t, 0, "Thank you", 1, raj_email, NULL);
	test_assert_state(judge(&mb, JANE, false, now, &v), AV_STATE_PENDING);
	test_assert_state(judge(&mb, RAJ, false, now, &v), AV_STATE_THANKED);
	/* no recipients at all */
	mailbox_clear(&mb);
	sent_add(&mb, t, 0, "Thank you", 1, NULL);
	free(mb.s[0].recipients);
	mb.s[0].recipients = NULL;
	test_assert_state(judge(&mb, JANE, false, now, &v), AV_STATE_PENDING);
	test_end();
	mailbox_clear(&mb);

	test_begin("no address: pending, drafted, missed by time only");
	sent_add(&mb, t, 0, "Thank you all", 1, jane_email, raj_email, NULL);
	test_assert_state(judge(&mb, KIM, false, now, &v), AV_STATE_PENDING);
	test_assert_state(judge(&mb, KIM, true, now, &v), AV_STATE_DRAFTED);
	test_assert_state(judge(&mb, KIM, true, at(NY_DEADLINE) + 1, &v), AV_STATE_MISSED);
	test_assert(v.evidence == NULL);
	test_assert(!v.needs_text);
	{
		char empty[] = "";
		struct av_interviewer noaddr = {
			.name = kim_name, .email = empty, .source = AV_SOURCE_DESCRIPTION};

		test_assert_state(judge(&mb, &noaddr, false, now, &v), AV_STATE_PENDING);
	}
	test_end();
	mailbox_clear(&mb);
}

/* ---- group thank-yous and ranking ------------------------------------------------------------ */

static void
test_group(void)
{
	struct mailbox mb = {.n = 0};
	struct av_verdict v;
	time_t later = at("2026-11-25T00:00Z");
	struct av_sent *group, *personal;

	test_begin("one message to two interviewers: thanked-group for both");
	group = sent_add(&mb, at("2026-11-17T13:00-05:00"), 0, "Thank you both", 1, jane_email,
			 "Raj.Patel@acme.com", NULL);
	test_assert_state(judge(&mb, JANE, false, later, &v), AV_STATE_THANKED_GROUP);
	test_assert(v.evidence == group);
	test_assert_state(judge(&mb, RAJ, false, later, &v), AV_STATE_THANKED_GROUP);
	test_end();
	mailbox_clear(&mb);

	test_begin("an interviewer and a recruiter is not a group");
	sent_add(&mb, at("2026-11-17T13:00-05:00"), 0, "Thank you", 1, jane_email,
		 "recruiting@acme.com", NULL);
	test_assert_state(judge(&mb, JANE, false, later, &v), AV_STATE_THANKED);
	test_end();
	mailbox_clear(&mb);

	test_begin("a panel listing one address twice is not a group");
	{
		char jane2_name[] = "J. Doe", jane2_email[] = "JANE.DOE+cal@acme.com";
		struct av_interviewer dup[] = {
			{.name = jane_name, .email = jane_email, .source = AV_SOURCE_ATTENDEE},
			{.name = jane2_name, .email = jane2_email, .source = AV_SOURCE_DESCRIPTION},
		};
		struct av_invite inv = interview(NY_START, NY_END, NY_OFFSET);

		sent_add(&mb, at("2026-11-17T13:00-05:00"), 0, "Thank you", 1, jane_email, NULL);
		av_match_interviewer(&inv, false, &dup[0], dup, 2, mb.s, mb.n, NULL, words, 24,
				     false, later, &v);
		test_assert_state(v.state, AV_STATE_THANKED);
	}
	test_end();
	mailbox_clear(&mb);

	test_begin("ranking: personal in time > group in time > late");
	/* group first, personal later but in time: thanked, the personal one as evidence */
	sent_add(&mb, at("2026-11-17T13:00-05:00"), 0, "Thank you both", 1, jane_email, raj_email,
		 NULL);
	personal = sent_add(&mb, at("2026-11-18T08:00-05:00"), 0, "Thank you, Jane", 1, jane_email,
			    NULL);
	test_assert_state(judge(&mb, JANE, false, later, &v), AV_STATE_THANKED);
	test_assert(v.evidence == personal);
	test_assert_state(judge(&mb, RAJ, false, later, &v), AV_STATE_THANKED_GROUP);
	mailbox_clear(&mb);
	/* a late personal one does not beat a group one in time (in either order) */
	sent_add(&mb, at(NY_DEADLINE) + 60, 0, "Thank you, Jane", 1, jane_email, NULL);
	group = sent_add(&mb, at("2026-11-17T13:00-05:00"), 0, "Thank you both", 1, jane_email,
			 raj_email, NULL);
	test_assert_state(judge(&mb, JANE, false, later, &v), AV_STATE_THANKED_GROUP);
	test_assert(v.evidence == group);
	mailbox_clear(&mb);
	/* a late group message is late */
	sent_add(&mb, at(NY_DEADLINE) + 60, 0, "Thank you both", 1, jane_email, raj_email, NULL);
	test_assert_state(judge(&mb, JANE, false, later, &v), AV_STATE_THANKED_LATE);
	mailbox_clear(&mb);
	/* two personal ones in time: the earlier is the evidence, whatever the order */
	sent_add(&mb, at("2026-11-17T20:00-05:00"), 0, "Thank you again", 1, jane_email, NULL);
	personal = sent_add(&mb, at("2026-11-17T12:00-05:00"), 0, "Thank you", 1, jane_email, NULL);
	test_assert_state(judge(&mb, JANE, false, later, &v), AV_STATE_THANKED);
	test_assert(v.evidence == personal);
	test_end();
	mailbox_clear(&mb);
}

/* ---- which messages say thanks -------------------------------------------------------------- */

static void
test_not_thanks(void)
{
	struct mailbox mb = {.n = 0};
	struct av_verdict v;
	time_t now = at("2026-11-17T18:00-05:00");

	test_begin("replies and scheduling after the end do not count");
	sent_add(&mb, at("2026-11-17T11:30-05:00"), 0, "Accepted: Second round with Acme", -1,
		 jane_email, NULL);
	sent_add(&mb, at("2026-11-17T11:40-05:00"), 0,
		 "Re: Confirming Thursday – works for me. Thanks!", -1, jane_email, NULL);
	sent_add(&mb, at("2026-11-17T11:50-05:00"), 0, "Confirming Tuesday works", 0, jane_email,
		 NULL);
	test_assert_state(judge(&mb, JANE, false, now, &v), AV_STATE_PENDING);
	test_assert(v.evidence == NULL);
	test_assert(!v.needs_text);
	test_end();
	mailbox_clear(&mb);

	test_begin("a stored verdict wins over the subject");
	sent_add(&mb, at("2026-11-17T12:00-05:00"), 0, "Thank you", 0, jane_email, NULL);
	test_assert_state(judge(&mb, JANE, false, now, &v), AV_STATE_PENDING);
	mailbox_clear(&mb);
	sent_add(&mb, at("2026-11-17T12:00-05:00"), 0, "Re: Interview scheduling", 1, jane_email,
		 NULL);
	test_assert_state(judge(&mb, JANE, false, now, &v), AV_STATE_THANKED);
	test_end();
	mailbox_clear(&mb);

	test_begin("a thank-you in another language");
	sent_add(&mb, at("2026-11-17T12:00-05:00"), 0, "Vielen Dank für das Gespräch", -1,
		 jane_email, NULL);
	test_assert_state(judge(&mb, JANE, false, now, &v), AV_STATE_THANKED);
	mailbox_clear(&mb);
	sent_add(&mb, at("2026-11-17T12:00-05:00"), 0, "Merci pour l’entretien", -1, raj_email,
		 NULL);
	test_assert_state(judge(&mb, RAJ, false, now, &v), AV_STATE_THANKED);
	test_end();
	mailbox_clear(&mb);
}

static void
test_unsure(void)
{
	struct mailbox mb = {.n = 0};
	struct av_verdict v;
	time_t now = at("2026-11-17T20:00-05:00"), later = at("2026-11-25T00:00Z");
	struct av_sent *reply, *other;

	test_begin("unsure: never thanked, the reply named");
	reply = sent_add(&mb, at("2026-11-17T19:40-05:00"), 0, "Re: Next steps", -1, jane_email,
			 NULL);
	reply->thanks = av_match_says_thanks(
		reply->subject, "Thanks, Thursday at 3pm works for the second round.", words);
	test_assert_int(reply->thanks, AV_THANKS_UNSURE);
	test_assert_state(judge(&mb, JANE, false, now, &v), AV_STATE_PENDING);
	test_assert(v.unsure == reply);
	test_assert(v.evidence == NULL);
	test_assert(!v.needs_text);
	test_assert_state(judge(&mb, JANE, true, now, &v), AV_STATE_DRAFTED);
	test_assert(v.unsure == reply);
	test_assert_state(judge(&mb, JANE, true, later, &v), AV_STATE_MISSED);
	test_assert(v.unsure == reply);
	/* not Raj's */
	test_assert_state(judge(&mb, RAJ, false, now, &v), AV_STATE_PENDING);
	test_assert(v.unsure == NULL);
	test_end();

	test_begin("unsure: the earliest after the end; none before it");
	other = sent_add(&mb, at("2026-11-17T19:00-05:00"), 0, "Re: References", AV_THANKS_UNSURE,
			 jane_email, NULL);
	test_assert_state(judge(&mb, JANE, false, now, &v), AV_STATE_PENDING);
	test_assert(v.unsure == other);
	other->date = at("2026-11-17T10:30-05:00"); /* during the interview */
	test_assert_state(judge(&mb, JANE, false, now, &v), AV_STATE_PENDING);
	test_assert(v.unsure == reply);
	test_end();

	test_begin("unsure: a real thank-you after it counts, the question goes");
	sent_add(&mb, at("2026-11-17T19:50-05:00"), 0, "Re: Next steps", AV_THANKS_YES, jane_email,
		 NULL);
	test_assert_state(judge(&mb, JANE, true, now, &v), AV_STATE_THANKED);
	test_assert(v.unsure == NULL);
	test_assert(v.evidence == &mb.s[2]);
	test_end();
	mailbox_clear(&mb);
}

static void
test_needs_text(void)
{
	struct mailbox mb = {.n = 0};
	struct av_verdict v;
	time_t later = at("2026-11-25T00:00Z");
	struct av_sent *unknown;

	test_begin("needs_text: a subject that does not tell, after the end");
	unknown = sent_add(&mb, at("2026-11-17T12:00-05:00"), 0, "Re: Interview scheduling", -1,
			   jane_email, NULL);
	test_assert_state(judge(&mb, JANE, false, at("2026-11-17T13:00-05:00"), &v),
			  AV_STATE_PENDING);
	test_assert(v.needs_text);
	test_assert(v.evidence == NULL);
	test_assert_state(judge(&mb, JANE, false, later, &v), AV_STATE_MISSED);
	test_assert(v.needs_text);
	/* the caller fetched the text and decided */
	unknown->thanks = av_match_says_thanks(
		unknown->subject, "Hi Jane,\n\nthank you for your time today!\n", words);
	test_assert_int(unknown->thanks, 1);
	test_assert_state(judge(&mb, JANE, false, later, &v), AV_STATE_THANKED);
	test_assert(!v.needs_text);
	unknown->thanks =
		av_match_says_thanks(unknown->subject, "Tuesday works.\n\nThanks,\nSam", words);
	test_assert_int(unknown->thanks, 0);
	test_assert_state(judge(&mb, JANE, false, later, &v), AV_STATE_MISSED);
	test_assert(!v.needs_text);
	test_end();
	mailbox_clear(&mb);

	test_begin("needs_text: not before the end, not to others, not when cancelled");
	sent_add(&mb, at("2026-11-17T09:00-05:00"), 0, "Re: Interview scheduling", -1, jane_email,
		 NULL);
	sent_add(&mb, at("2026-11-17T12:00-05:00"), 0, "Re: Interview scheduling", -1, raj_email,
		 NULL);
	test_assert_state(judge(&mb, JANE, false, later, &v), AV_STATE_MISSED);
	test_assert(!v.needs_text);
	test_assert_state(judge(&mb, JANE, false, at(NY_END) - 1, &v), AV_STATE_NOT_DUE);
	test_assert(!v.needs_text);
	test_end();
	mailbox_clear(&mb);

	test_begin("needs_text: only when the unknown could rank better");
	/* a personal thank-you in time is final */
	sent_add(&mb, at("2026-11-17T12:00-05:00"), 0, "Thank you", -1, jane_email, NULL);
	sent_add(&mb, at("2026-11-17T11:30-05:00"), 0, "Re: Backend role", -1, jane_email, NULL);
	test_assert_state(judge(&mb, JANE, false, later, &v), AV_STATE_THANKED);
	test_assert(!v.needs_text);
	mailbox_clear(&mb);
	/* a late one could be bettered by an unknown in time */
	sent_add(&mb, at(NY_DEADLINE) + 60, 0, "Thank you", -1, jane_email, NULL);
	sent_add(&mb, at("2026-11-17T12:00-05:00"), 0, "Re: Backend role", -1, jane_email, NULL);
	test_assert_state(judge(&mb, JANE, false, later, &v), AV_STATE_THANKED_LATE);
	test_assert(v.needs_text);
	mailbox_clear(&mb);
	/* a group one by an unknown personal one, not by an unknown group one */
	sent_add(&mb, at("2026-11-17T12:00-05:00"), 0, "Thank you both", -1, jane_email, raj_email,
		 NULL);
	sent_add(&mb, at("2026-11-17T13:00-05:00"), 0, "Re: Backend role", -1, jane_email,
		 raj_email, NULL);
	test_assert_state(judge(&mb, JANE, false, later, &v), AV_STATE_THANKED_GROUP);
	test_assert(!v.needs_text);
	sent_add(&mb, at("2026-11-17T14:00-05:00"), 0, "Re: Backend role", -1, jane_email, NULL);
	test_assert_state(judge(&mb, JANE, false, later, &v), AV_STATE_THANKED_GROUP);
	test_assert(v.needs_text);
	/* a late unknown cannot better anything */
	mailbox_clear(&mb);
	sent_add(&mb, at(NY_DEADLINE) + 60, 0, "Re: Backend role", -1, jane_email, NULL);
	sent_add(&mb, at(NY_DEADLINE) + 120, 0, "Thank you", -1, jane_email, NULL);
	test_assert_state(judge(&mb, JANE, false, later, &v), AV_STATE_THANKED_LATE);
	test_assert(!v.needs_text);
	test_end();
	mailbox_clear(&mb);

	test_begin("needs_text: cancelled asks for nothing");
	{
		struct av_invite inv = interview(NY_START, NY_END, NY_OFFSET);

		sent_add(&mb, at("2026-11-17T12:00-05:00"), 0, "Re: Backend role", -1, jane_email,
			 NULL);
		av_match_interviewer(&inv, true, JANE, panel, N_PANEL, mb.s, mb.n, NULL, words, 24,
				     false, later, &v);
		test_assert_state(v.state, AV_STATE_CANCELLED);
		test_assert(!v.needs_text);
	}
	test_end();
	mailbox_clear(&mb);
}

/* ---- a whole panel in Berlin ----------------------------------------------------------------- */

static void
test_berlin_panel(void)
{
	struct av_invite inv =
		interview("2026-11-17T14:00+01:00", "2026-11-17T16:00+01:00", BERLIN);
	struct mailbox mb = {.n = 0};
	struct av_verdict v;
	time_t now = at("2026-11-18T10:00+01:00");

	test_begin("an afternoon panel in Berlin, mid-window");
	sent_add(&mb, at("2026-11-17T19:00+01:00"), 0, "Danke für das Gespräch heute", -1,
		 jane_email, NULL);
	av_match_interviewer(&inv, false, JANE, panel, N_PANEL, mb.s, mb.n, NULL, words, 24, false,
			     now, &v);
	test_assert_state(v.state, AV_STATE_THANKED);
	test_assert_int(v.deadline, at("2026-11-18T16:00+01:00"));
	test_assert_int(v.send_by, at("2026-11-18T09:00+01:00"));
	av_match_interviewer(&inv, false, RAJ, panel, N_PANEL, mb.s, mb.n, NULL, words, 24, true,
			     now, &v);
	test_assert_state(v.state, AV_STATE_DRAFTED);
	av_match_interviewer(&inv, false, KIM, panel, N_PANEL, mb.s, mb.n, NULL, words, 24, false,
			     now, &v);
	test_assert_state(v.state, AV_STATE_PENDING);
	av_match_interviewer(&inv, false, RAJ, panel, N_PANEL, mb.s, mb.n, NULL, words, 24, true,
			     at("2026-11-18T16:00:01+01:00"), &v);
	test_assert_state(v.state, AV_STATE_MISSED);
	test_end();
	mailbox_clear(&mb);
}

/* ---- av_match_marked_thanked (issue 11) ---------------------------------------------- */

static void
test_marked_thanked(void)
{
	struct mailbox mb = {.n = 0};
	struct av_verdict v;
	struct av_invite inv = interview(NY_START, NY_END, NY_OFFSET);
	time_t now = at("2026-11-17T20:00-05:00"), later = at("2026-11-25T00:00Z");
	time_t before = at("2026-11-17T09:00-05:00");
	const struct av_sent *reply;

	test_begin("marked thanked: pending, drafted, missed and not-due become thanked");
	reply = sent_add(&mb, at("2026-11-17T19:40-05:00"), 0, "Re: Next steps", AV_THANKS_UNSURE,
			 jane_email, NULL);
	test_assert_state(judge(&mb, JANE, false, now, &v), AV_STATE_PENDING);
	test_assert(v.unsure == reply);
	av_match_marked_thanked(&v);
	test_assert_state(v.state, AV_STATE_THANKED);
	test_assert(v.evidence == NULL && v.unsure == NULL && !v.needs_text);
	test_assert(v.deadline == at(NY_DEADLINE)); /* kept */
	judge(&mb, JANE, true, now, &v);
	av_match_marked_thanked(&v);
	test_assert_state(v.state, AV_STATE_THANKED);
	test_assert_state(judge(&mb, KIM, false, later, &v), AV_STATE_MISSED);
	av_match_marked_thanked(&v);
	test_assert_state(v.state, AV_STATE_THANKED);
	test_assert_state(judge(&mb, RAJ, false, before, &v), AV_STATE_NOT_DUE);
	av_match_marked_thanked(&v);
	test_assert_state(v.state, AV_STATE_THANKED);
	/* a subject that does not tell: nothing to read once marked */
	sent_add(&mb, at("2026-11-17T19:45-05:00"), 0, "Following up", -1, raj_email, NULL);
	judge(&mb, RAJ, false, now, &v);
	test_assert(v.needs_text);
	av_match_marked_thanked(&v);
	test_assert(!v.needs_text && v.state == AV_STATE_THANKED);
	test_end();

	test_begin("marked thanked: a thank-you in Sent and a cancellation say more");
	sent_add(&mb, at("2026-11-19T09:00-05:00"), 0, "Thank you", AV_THANKS_YES, jane_email,
		 NULL);
	test_assert_state(judge(&mb, JANE, false, later, &v), AV_STATE_THANKED_LATE);
	av_match_marked_thanked(&v);
	test_assert_state(v.state, AV_STATE_THANKED_LATE);
	test_assert(v.evidence == &mb.s[2]);
	av_match_interviewer(&inv, true, JANE, panel, N_PANEL, mb.s, mb.n, NULL, words, 24, false,
			     now, &v);
	av_match_marked_thanked(&v);
	test_assert_state(v.state, AV_STATE_CANCELLED);
	test_end();
	mailbox_clear(&mb);
}

int
main(void)
{
	char *err = NULL;

	if (av_words_load(NULL, NULL, NULL, &words, &err) != AV_OK) {
		printf("default word lists: %s\n", err);
		free(err);
		return 1;
	}
	test_state_names();
	test_subject_thanks();
	test_subject_replies();
	test_subject_scheduling();
	test_text();
	test_three_way();
	test_three_way_nasty();
	test_three_way_mime();
	test_text_limit();
	test_send_by();
	test_cancelled_and_not_due();
	test_pending_drafted_missed();
	test_boundaries();
	test_internaldate();
	test_addresses();
	test_group();
	test_not_thanks();
	test_unsure();
	test_needs_text();
	test_berlin_panel();
	test_marked_thanked();
	test_index_large();
	av_words_free(&words);
	return test_exit();
}
