/* SPDX-License-Identifier: GPL-3.0-or-later */
/* model.c on a real state store (a temporary file): which events are maybes, which are
 * interviews, and whether a run told the person of a maybe already (once per version).
 *
 * The events: calendar parts as a recruiting system sends them, stored as sync would
 * store them. "Chat with Acme Labs" from no-reply@greenhouse.io scores close to the
 * line (a recruiting system, no interview word); the others vary one thing each. */
#include "config.h"

#include <sys/stat.h>
#include <unistd.h>

#include "afterview/conf.h"
#include "afterview/detect.h"
#include "afterview/invite.h"
#include "afterview/model.h"
#include "afterview/report.h"
#include "afterview/store.h"
#include "afterview/util.h"
#include "afterview/words.h"
#include "harness.h"

#define test_assert_state(got, want) test_assert_str(av_state_name(got), av_state_name(want))

#define ACCOUNT "test"
#define SENDER	"no-reply@greenhouse.io"

static char *tmpdir;
static struct av_conf *conf;
static const struct av_account *acc;
static struct av_wordlists *words;
static time_t now; /* 2026-10-22T20:00:00Z */

/* One VEVENT from a recruiting system: uid, summary, SEQUENCE, DTSTAMP, start, end
 * (UTC, basic form), STATUS. */
static char *
ics(const char *uid, const char *summary, int seq, const char *stamp, const char *start,
    const char *end, const char *status)
{
	return av_asprintf("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\n"
			   "PRODID:-//test//EN\r\nBEGIN:VEVENT\r\n"
			   "UID:%s\r\nSEQUENCE:%d\r\nDTSTAMP:%s\r\n"
			   "DTSTART:%s\r\nDTEND:%s\r\nSTATUS:%s\r\nSUMMARY:%s\r\n"
			   "ORGANIZER;CN=Acme Labs:mailto:" SENDER "\r\n"
			   "ATTENDEE;CN=Dana Whitfield:mailto:dana.whitfield@acmelabs.example\r\n"
			   "ATTENDEE;CN=Sam Rivera:mailto:sam.rivera@example.net\r\n"
			   "DESCRIPTION:Dana would like to talk with you.\r\n"
			   "END:VEVENT\r\nEND:VCALENDAR\r\n",
			   uid, seq, stamp, start, end, status, summary);
}

static void
add(struct av_store *st, uint32_t msg_uid, char *text)
{
	struct av_msgref ref = {ACCOUNT, "INBOX", 7, msg_uid};
	struct av_invite_mail mail = {.from = SENDER, .from_name = NULL, .subject = NULL};
	char *error = NULL;

	if (!test_assert_int(
		    av_store_calendar_add(st, &ref, "2", &mail, text, strlen(text), &error), AV_OK))
		printf("  %s\n", error);
	free(error);
	free(text);
}

static const struct av_interview_report *
item(const struct av_model *m, const char *uid)
{
	for (size_t i = 0; i < m->n_items; i++)
		if (strcmp(m->items[i].ev->inv->uid, uid) == 0)
			return &m->items[i];
	printf("  no event %s\n", uid);
	return NULL;
}

static bool
evaluate(struct av_store *st, struct av_model *m)
{
	char *error = NULL;
	bool ok = test_assert_int(av_model_evaluate(st, conf, acc, words, now, m, &error), AV_OK);

	if (!ok)
		printf("  %s\n", error);
	free(error);
	return ok;
}

static void
test_maybe(void)
{
	char *path = av_asprintf("%s/state.db", tmpdir), *error = NULL, *told = NULL;
	char v0[AV_MODEL_VERSION_SIZE], v1[AV_MODEL_VERSION_SIZE];
	struct av_store *st = NULL;
	struct av_model m;
	const struct av_interview_report *it;

	test_begin("model: close to the line, unmarked, current -> a maybe, not an interview");
	test_assert_int(av_store_open(path, &st, &error), AV_OK);
	add(st, 1,
	    ics("chat", "Chat with Acme Labs", 0, "20261019T120000Z", "20261021T180000Z",
		"20261021T184500Z", "CONFIRMED"));
	add(st, 2,
	    ics("cancelled", "Chat with Acme Labs", 0, "20261019T120000Z", "20261021T180000Z",
		"20261021T184500Z", "CANCELLED"));
	/* ended long before the horizon (60 days) */
	add(st, 3,
	    ics("old", "Chat with Acme Labs", 0, "20260601T120000Z", "20260610T180000Z",
		"20260610T184500Z", "CONFIRMED"));
	add(st, 4,
	    ics("marked-no", "Chat with Acme Labs", 0, "20261019T120000Z", "20261020T180000Z",
		"20261020T184500Z", "CONFIRMED"));
	add(st, 5,
	    ics("marked-yes", "Chat with Acme Labs", 0, "20261019T120000Z", "20261022T150000Z",
		"20261022T154500Z", "CONFIRMED"));
	add(st, 6,
	    ics("screen", "Phone screen with Acme Labs", 0, "20261019T120000Z", "20261022T160000Z",
		"20261022T163000Z", "CONFIRMED"));
	/* still to come: a maybe too (the person can decide before it happens) */
	add(st, 7,
	    ics("coming", "Chat with Acme Labs", 0, "20261019T120000Z", "20261105T180000Z",
		"20261105T184500Z", "CONFIRMED"));
	test_assert_int(av_store_mark_set(st, ACCOUNT, "marked-no", 0, &error), AV_OK);
	test_assert_int(av_store_mark_set(st, ACCOUNT, "marked-yes", 1, &error), AV_OK);
	if (!evaluate(st, &m))
		goto out;
	test_assert_int(m.n_items, 7);
	if ((it = item(&m, "chat")) != NULL) {
		test_assert(it->det.maybe && !it->det.is_interview); /* what the rest rests on */
		test_assert(it->maybe && !it->maybe_told);
		test_assert(!it->is_interview);
		test_assert_int(it->n_ivs, 0); /* nobody is owed a thank-you */
	}
	if ((it = item(&m, "coming")) != NULL)
		test_assert(it->maybe && !it->is_interview);
	test_end();

	test_begin("model: cancelled, past the horizon or marked -> no maybe");
	if ((it = item(&m, "cancelled")) != NULL)
		test_assert(it->det.maybe && !it->maybe);
	if ((it = item(&m, "old")) != NULL)
		test_assert(it->det.maybe && !it->maybe);
	if ((it = item(&m, "marked-no")) != NULL)
		test_assert(it->det.maybe && !it->maybe && !it->is_interview && it->mark == 0);
	if ((it = item(&m, "marked-yes")) != NULL) {
		test_assert(it->det.maybe && !it->maybe && it->is_interview && it->mark == 1);
		test_assert_int(it->n_ivs, 1); /* Dana: the mark makes it an interview */
	}
	if ((it = item(&m, "screen")) != NULL)
		test_assert(it->is_interview && !it->det.maybe && !it->maybe);
	test_end();

	test_begin("model: a maybe is told once per version of the invite");
	test_assert_int(av_model_maybes_told(&m, st, acc, &error), AV_OK);
	test_assert((it = item(&m, "chat")) != NULL && it->maybe_told);
	if (it != NULL)
		av_model_version(it, v0);
	/* only maybes are recorded */
	test_assert_int(av_store_told_get(st, ACCOUNT, "cancelled", "maybe", &told, &error), AV_OK);
	test_assert(told == NULL);
	test_assert_int(av_store_told_get(st, ACCOUNT, "screen", "maybe", &told, &error), AV_OK);
	test_assert(told == NULL);
	av_model_clear(&m);
	if (!evaluate(st, &m))
		goto out;
	test_assert((it = item(&m, "chat")) != NULL && it->maybe && it->maybe_told);
	test_assert((it = item(&m, "coming")) != NULL && it->maybe && it->maybe_told);
	av_model_clear(&m);
	/* the invite is moved: a new version is news again */
	add(st, 8,
	    ics("chat", "Chat with Acme Labs", 1, "20261020T120000Z", "20261023T180000Z",
		"20261023T184500Z", "CONFIRMED"));
	if (!evaluate(st, &m))
		goto out;
	test_assert((it = item(&m, "chat")) != NULL && it->maybe && !it->maybe_told);
	if (it != NULL) {
		av_model_version(it, v1);
		test_assert(strcmp(v0, v1) != 0);
	}
	test_assert((it = item(&m, "coming")) != NULL && it->maybe_told);
	test_end();

	test_begin("model: marking a told maybe makes it an interview, no longer a maybe");
	test_assert_int(av_store_mark_set(st, ACCOUNT, "coming", 1, &error), AV_OK);
	av_model_clear(&m);
	if (!evaluate(st, &m))
		goto out;
	test_assert((it = item(&m, "coming")) != NULL && !it->maybe && it->is_interview);
	test_end();
out:
	av_model_clear(&m);
	av_store_close(&st);
	free(error);
	free(path);
}

/* ---- issue 11: the person's "I thanked them" marks --------------------------------- */

#define PANEL "panel-thanked"

/* A panel of three at Acme Labs, over at now, its window open. */
static char *
panel_ics(void)
{
	return av_asprintf("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\n"
			   "PRODID:-//test//EN\r\nBEGIN:VEVENT\r\n"
			   "UID:" PANEL "\r\nSEQUENCE:0\r\nDTSTAMP:20261019T120000Z\r\n"
			   "DTSTART:20261022T150000Z\r\nDTEND:20261022T163000Z\r\n"
			   "STATUS:CONFIRMED\r\nSUMMARY:Onsite interview with Acme Labs\r\n"
			   "ORGANIZER;CN=Acme Labs:mailto:" SENDER "\r\n"
			   "ATTENDEE;CN=Dana Whitfield:mailto:dana.whitfield@acmelabs.example\r\n"
			   "ATTENDEE;CN=Dan Ortiz:mailto:dan.ortiz@acmelabs.example\r\n"
			   "ATTENDEE;CN=Ren\xc3\xa9"
			   "e Dubois:mailto:renee.dubois@acmelabs.example\r\n"
			   "ATTENDEE;CN=Sam Rivera:mailto:sam.rivera@example.net\r\n"
			   "END:VEVENT\r\nEND:VCALENDAR\r\n");
}

enum { DANA, DAN, RENEE };

/* The panel in m (evaluated at when), its interviewers in the order above. */
static struct av_interview_report *
panel_at(struct av_store *st, struct av_model *m, time_t when)
{
	char *error = NULL;
	struct av_interview_report *it = NULL;

	if (!test_assert_int(av_model_evaluate(st, conf, acc, words, when, m, &error), AV_OK))
		printf("  %s\n", error);
	free(error);
	for (size_t i = 0; i < m->n_items; i++)
		if (strcmp(m->items[i].ev->inv->uid, PANEL) == 0)
			it = &m->items[i];
	if (!test_assert(it != NULL) || !test_assert_int(it->n_ivs, 3) ||
	    !test_assert_str(it->ivs[RENEE].iv.email, "renee.dubois@acmelabs.example"))
		return NULL;
	return it;
}

/* A draft row for r in state (as the engine leaves it). */
static void
draft_row(struct av_store *st, const struct av_iv_report *r, enum av_draft_state state)
{
	struct av_draft_row row = {.token = r->token,
				   .invite_uid = (char *)PANEL,
				   .who = r->iv.email,
				   .message_id = (char *)"m@example.net",
				   .created = now - 3600};
	char *error = NULL;

	test_assert_int(av_store_draft_intent(st, ACCOUNT, &row, &error), AV_OK);
	test_assert_int(
		av_store_draft_appended(st, ACCOUNT, r->token, "Drafts", 1, 9, NULL, &error),
		AV_OK);
	if (state != AV_DRAFT_APPENDED)
		test_assert_int(av_store_draft_set_state(st, ACCOUNT, r->token, state, &error),
				AV_OK);
	free(error);
}

static void
test_thanked(void)
{
	char *path = av_asprintf("%s/thanked.db", tmpdir), *error = NULL;
	struct av_store *st = NULL;
	struct av_model m;
	struct av_interview_report *it;
	const struct av_iv_report *r;
	time_t later = now + 4 * 86400; /* the window closed */
	bool changed, redraft, ambiguous;
	struct av_msgref ref = {ACCOUNT, "Sent", 3, 1};
	char *rcpt[] = {(char *)"renee.dubois@acmelabs.example", NULL};
	struct av_sent thanks = {(char *)"thanks@example.net",
				 now - 1800,
				 now - 1800,
				 (char *)"Thank you, Ren\xc3\xa9"
					 "e",
				 rcpt,
				 AV_THANKS_YES};

	memset(&m, 0, sizeof(m));
	test_begin("model: the interviewer NAME designates (name, address, the start of either)");
	test_assert_int(av_store_open(path, &st, &error), AV_OK);
	add(st, 1, panel_ics());
	if ((it = panel_at(st, &m, now)) == NULL)
		goto out;
	test_assert(av_model_find_interviewer(it, "dana whitfield", &ambiguous) == &it->ivs[DANA]);
	test_assert(av_model_find_interviewer(it, "DANA  WHITFIELD", &ambiguous) == &it->ivs[DANA]);
	test_assert(av_model_find_interviewer(it, "Renee", &ambiguous) == &it->ivs[RENEE]);
	test_assert(av_model_find_interviewer(it,
					      "Ren\xc3\xa9"
					      "e Dubois",
					      &ambiguous) == &it->ivs[RENEE]);
	test_assert(av_model_find_interviewer(it, "Dan.Ortiz@AcmeLabs.example", &ambiguous) ==
		    &it->ivs[DAN]);
	test_assert(av_model_find_interviewer(it, "dan.o", &ambiguous) == &it->ivs[DAN]);
	test_assert(av_model_find_interviewer(it, "Dan O", &ambiguous) == &it->ivs[DAN]);
	test_assert(av_model_find_interviewer(it, "Dan", &ambiguous) == NULL && ambiguous);
	test_assert(av_model_find_interviewer(it, "da", &ambiguous) == NULL && ambiguous);
	test_assert(av_model_find_interviewer(it, "Zed", &ambiguous) == NULL && !ambiguous);
	test_assert(av_model_find_interviewer(it, "", &ambiguous) == NULL && !ambiguous);
	test_assert(av_model_find_interviewer(it, "Sam Rivera", &ambiguous) == NULL);
	test_end();

	test_begin("model: a marked interviewer is thanked, without evidence; the rest pending");
	test_assert_state(it->ivs[DANA].verdict.state, AV_STATE_PENDING);
	test_assert_int(av_model_mark_thanked(&m, st, acc, words, it, &it->ivs[DANA], true, now,
					      &changed, &redraft, &error),
			AV_OK);
	test_assert(changed && !redraft);
	test_assert(it->ivs[DANA].marked_thanked && it->ivs[DANA].marked_at == now);
	test_assert_state(it->ivs[DANA].verdict.state, AV_STATE_THANKED);
	test_assert(it->ivs[DANA].verdict.evidence == NULL);
	av_model_clear(&m);
	if ((it = panel_at(st, &m, now)) == NULL)
		goto out;
	test_assert(it->ivs[DANA].marked_thanked);
	test_assert_state(it->ivs[DANA].verdict.state, AV_STATE_THANKED);
	test_assert(it->ivs[DANA].verdict.evidence == NULL);
	test_assert(!it->ivs[DAN].marked_thanked && !it->ivs[RENEE].marked_thanked);
	test_assert_state(it->ivs[DAN].verdict.state, AV_STATE_PENDING);
	test_assert_state(it->ivs[RENEE].verdict.state, AV_STATE_PENDING);
	/* a mark made by name holds for the interviewer with an address */
	test_assert_int(av_store_thanked_set(st, ACCOUNT, PANEL, "Dan Ortiz", now, &error), AV_OK);
	test_assert(av_model_judge(&m, st, acc, words, it, &error) == AV_OK);
	test_assert_state(it->ivs[DAN].verdict.state, AV_STATE_THANKED);
	test_end();

	test_begin("model: taking the mark back brings pending back, missed after the deadline");
	test_assert_int(av_model_mark_thanked(&m, st, acc, words, it, &it->ivs[DAN], false, now,
					      &changed, &redraft, &error),
			AV_OK);
	test_assert(changed && !redraft);
	test_assert_state(it->ivs[DAN].verdict.state, AV_STATE_PENDING);
	test_assert(!it->ivs[DAN].marked_thanked);
	test_assert_int(av_model_mark_thanked(&m, st, acc, words, it, &it->ivs[DAN], false, now,
					      &changed, &redraft, &error),
			AV_OK);
	test_assert(!changed); /* nothing to take back */
	av_model_clear(&m);
	if ((it = panel_at(st, &m, later)) == NULL)
		goto out;
	test_assert_state(it->ivs[DANA].verdict.state, AV_STATE_THANKED);
	test_assert_state(it->ivs[DAN].verdict.state, AV_STATE_MISSED);
	test_assert_int(av_model_mark_thanked(&m, st, acc, words, it, &it->ivs[DANA], false, later,
					      &changed, &redraft, &error),
			AV_OK);
	test_assert(changed);
	test_assert_state(it->ivs[DANA].verdict.state, AV_STATE_MISSED);
	av_model_clear(&m);
	test_end();

	test_begin("model: draft gone and no thank-you in Sent -> the hint; only then");
	if ((it = panel_at(st, &m, now)) == NULL)
		goto out;
	draft_row(st, &it->ivs[DANA], AV_DRAFT_GONE);
	draft_row(st, &it->ivs[DAN], AV_DRAFT_APPENDED);
	draft_row(st, &it->ivs[RENEE], AV_DRAFT_GONE);
	test_assert_int(av_store_sent_add(st, &ref, &thanks, &error), AV_OK);
	av_model_clear(&m);
	if ((it = panel_at(st, &m, now)) == NULL)
		goto out;
	test_assert_state(it->ivs[DANA].verdict.state, AV_STATE_PENDING);
	test_assert(it->ivs[DANA].draft_gone);
	test_assert_state(it->ivs[DAN].verdict.state, AV_STATE_DRAFTED);
	test_assert(!it->ivs[DAN].draft_gone); /* still in Drafts */
	test_assert_state(it->ivs[RENEE].verdict.state, AV_STATE_THANKED);
	test_assert(!it->ivs[RENEE].draft_gone); /* sent, and Sent shows it */
	av_model_clear(&m);
	if ((it = panel_at(st, &m, later)) == NULL)
		goto out;
	test_assert_state(it->ivs[DANA].verdict.state, AV_STATE_MISSED);
	test_assert(it->ivs[DANA].draft_gone);
	test_assert_int(av_model_mark_thanked(&m, st, acc, words, it, &it->ivs[DANA], true, later,
					      &changed, &redraft, &error),
			AV_OK);
	test_assert_state(it->ivs[DANA].verdict.state, AV_STATE_THANKED);
	test_assert(!it->ivs[DANA].draft_gone); /* marked: no more question */
	av_model_clear(&m);
	test_end();

	test_begin("model: taking back the mark that withdrew a draft: the draft is owed again");
	if ((it = panel_at(st, &m, now)) == NULL)
		goto out;
	test_assert_int(av_model_mark_thanked(&m, st, acc, words, it, &it->ivs[DAN], true, now,
					      &changed, &redraft, &error),
			AV_OK);
	/* the run withdraws Dan's unedited draft */
	test_assert_int(av_store_draft_set_state(st, ACCOUNT, it->ivs[DAN].token,
						 AV_DRAFT_WITHDRAWN, &error),
			AV_OK);
	test_assert_int(av_store_draft_set_state(st, ACCOUNT, it->ivs[RENEE].token,
						 AV_DRAFT_WITHDRAWN, &error),
			AV_OK);
	test_assert(av_model_judge(&m, st, acc, words, it, &error) == AV_OK);
	test_assert_state(it->ivs[DAN].verdict.state, AV_STATE_THANKED);
	test_assert_int(av_model_mark_thanked(&m, st, acc, words, it, &it->ivs[DAN], false, now,
					      &changed, &redraft, &error),
			AV_OK);
	test_assert(changed && redraft);
	test_assert_state(it->ivs[DAN].verdict.state, AV_STATE_PENDING);
	test_assert(!it->ivs[DAN].has_draft); /* the next run makes it */
	/* Renée's was withdrawn for her thank-you in Sent: it stays so */
	test_assert_int(av_model_mark_thanked(&m, st, acc, words, it, &it->ivs[RENEE], false, now,
					      &changed, &redraft, &error),
			AV_OK);
	test_assert(!changed && !redraft);
	r = &it->ivs[RENEE];
	test_assert(r->has_draft && r->draft.state == AV_DRAFT_WITHDRAWN);
	test_assert(error == NULL);
	test_end();
out:
	av_model_clear(&m);
	av_store_close(&st);
	free(error);
	free(path);
}

/* ---- issue 14: one hostile invite cannot flood Drafts ------------------------------- */

/* An onsite interview at Acme Labs (over at now) with n attendees besides the person. */
static char *
crowd_ics(const char *uid, unsigned n)
{
	struct av_buf b;

	av_buf_init(&b);
	av_buf_printf(&b,
		      "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\n"
		      "PRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:%s\r\nSEQUENCE:0\r\n"
		      "DTSTAMP:20261019T120000Z\r\nDTSTART:20261022T150000Z\r\n"
		      "DTEND:20261022T163000Z\r\nSTATUS:CONFIRMED\r\n"
		      "SUMMARY:Onsite interview with Acme Labs\r\n"
		      "ORGANIZER;CN=Acme Labs:mailto:" SENDER "\r\n"
		      "ATTENDEE;CN=Sam Rivera:mailto:sam.rivera@example.net\r\n",
		      uid);
	for (unsigned i = 0; i < n; i++)
		av_buf_printf(&b, "ATTENDEE;CN=Person %u Lastname:mailto:p%u@acmelabs.example\r\n",
			      i, i);
	av_buf_puts(&b, "END:VEVENT\r\nEND:VCALENDAR\r\n");
	return av_buf_steal(&b);
}

static bool
has_reason(const struct av_interview_report *it, const char *text)
{
	for (char **r = it->det.reasons; r != NULL && *r != NULL; r++)
		if (strcmp(*r, text) == 0)
			return true;
	return false;
}

static void
test_caps(void)
{
	char *path = av_asprintf("%s/caps.db", tmpdir), *error = NULL;
	struct av_store *st = NULL;
	struct av_model m;
	const struct av_interview_report *it;
	size_t events_of_flood = 0;

	memset(&m, 0, sizeof(m));
	test_begin("model: more than 12 interviewers -> a maybe with the reason, no drafts");
	if (!test_assert_int(av_store_open(path, &st, &error), AV_OK))
		goto out;
	add(st, 1, crowd_ics("panel-12", AV_MODEL_MAX_INTERVIEWERS));
	add(st, 2, crowd_ics("fair-13", AV_MODEL_MAX_INTERVIEWERS + 1));
	add(st, 3, crowd_ics("fair-5000", 5000));
	add(st, 4, crowd_ics("marked-fair", 40));
	test_assert_int(av_store_mark_set(st, ACCOUNT, "marked-fair", 1, &error), AV_OK);
	/* message 9: 25 calendar parts, one VEVENT each */
	for (unsigned i = 0; i < 25; i++) {
		struct av_msgref ref = {ACCOUNT, "INBOX", 7, 9};
		struct av_invite_mail mail = {.from = SENDER};
		char *uid = av_asprintf("flood-%02u", i), *section = av_asprintf("%u", i + 2);
		char *text = crowd_ics(uid, 2);

		test_assert_int(
			av_store_calendar_add(st, &ref, section, &mail, text, strlen(text), &error),
			AV_OK);
		free(uid);
		free(section);
		free(text);
	}
	if (!evaluate(st, &m))
		goto out;
	if ((it = item(&m, "panel-12")) != NULL) {
		test_assert(it->is_interview && !it->maybe);
		test_assert_int(it->n_ivs, AV_MODEL_MAX_INTERVIEWERS);
		test_assert_int(it->crowd, 0);
	}
	if ((it = item(&m, "fair-13")) != NULL) {
		test_assert(!it->is_interview && it->maybe && it->det.maybe);
		test_assert_int(it->n_ivs, 0);
		test_assert_int(it->crowd, AV_MODEL_MAX_INTERVIEWERS + 2);
		test_assert(has_reason(it, "14 attendees: a fair or a webinar?"));
	}
	if ((it = item(&m, "fair-5000")) != NULL) {
		test_assert(!it->is_interview && it->maybe);
		test_assert_int(it->n_ivs, 0);
		test_assert_int(it->ev->inv->n_attendees, AV_INVITE_MAX_ATTENDEES);
		test_assert_int(it->ev->inv->n_attendees_seen, 5001);
		/* the score already says bulk (the count is all the ATTENDEEs) */
		test_assert(has_reason(it, "-4 5001 attendees: a bulk invite"));
	}
	if ((it = item(&m, "marked-fair")) != NULL) {
		/* the person said interview: drafts, but for the first 12 only */
		test_assert(it->is_interview && !it->maybe);
		test_assert_int(it->n_ivs, AV_MODEL_MAX_INTERVIEWERS);
		test_assert(has_reason(it, "41 attendees: only the first 12 interviewers get a "
					   "draft"));
	}
	test_end();

	test_begin("model: at most 20 events from one message, however many parts");
	for (size_t i = 0; i < m.n_items; i++)
		events_of_flood += strncmp(m.items[i].ev->inv->uid, "flood-", 6) == 0;
	test_assert_int(events_of_flood, AV_INVITE_MAX_EVENTS);
	test_assert(item(&m, "flood-19") != NULL);
	for (size_t i = 0; i < m.n_items; i++)
		test_assert(strcmp(m.items[i].ev->inv->uid, "flood-20") != 0);
	/* the other messages are not counted with it */
	test_assert(item(&m, "panel-12") != NULL && item(&m, "marked-fair") != NULL);
	test_end();
out:
	av_model_clear(&m);
	av_store_close(&st);
	free(error);
	free(path);
}

/* The notes sheet the command line and the Claws window edit (av_model_notes_sheet) and
 * how they save it (av_model_notes_save); the pulse's weekly counts. */
static void
test_notes(void)
{
	static const char good[] = "#! line 9: an error shown the last time\n"
				   "== Dana Whitfield <dana.whitfield@acmelabs.example> ==\n"
				   "discussed: the on-call tooling\n"
				   "== Tools to learn ==\n"
				   "- Terraform\n";
	char *path = av_asprintf("%s/notes.db", tmpdir), *error = NULL, *sheet = NULL;
	char *stored = NULL;
	struct av_store *st = NULL;
	struct av_model m;
	const struct av_interview_report *it;
	time_t updated = 0;
	unsigned weeks[4];

	memset(&m, 0, sizeof(m));
	test_begin("model: notes sheet made, saved without #! lines, broken one refused");
	if (!test_assert_int(av_store_open(path, &st, &error), AV_OK))
		goto out;
	add(st, 1,
	    ics("tech", "Technical interview", 0, "20261019T120000Z", "20261021T180000Z",
		"20261021T190000Z", "CONFIRMED"));
	if (!evaluate(st, &m) || (it = item(&m, "tech")) == NULL)
		goto out;
	sheet = av_model_notes_sheet(it, NULL);
	test_assert(strstr(sheet, "== Dana Whitfield <dana.whitfield@acmelabs.example> ==") !=
		    NULL);
	test_assert(strstr(sheet, it->id) != NULL);
	test_assert(strncmp(sheet, "#!", 2) != 0);
	test_assert_int(av_model_notes_save(st, ACCOUNT, "tech", good, strlen(good), now, &error),
			AV_OK);
	test_assert_int(av_store_notes_get(st, ACCOUNT, "tech", &stored, &updated, &error), AV_OK);
	test_assert_str(stored, good + strlen("#! line 9: an error shown the last time\n"));
	test_assert_int(updated, now);
	free(stored);
	stored = NULL;
	test_assert_int(
		av_model_notes_save(st, ACCOUNT, "tech", "== Broken\n", 10, now + 60, &error),
		AV_ERR_DATA);
	test_assert(error != NULL && strncmp(error, "line 1: ", 8) == 0);
	free(error);
	error = NULL;
	test_assert_int(av_store_notes_get(st, ACCOUNT, "tech", &stored, &updated, &error), AV_OK);
	test_assert_int(updated, now); /* the broken sheet stored nothing */
	free(sheet);
	sheet = av_model_notes_sheet(it, stored);
	test_assert(strstr(sheet, "discussed: the on-call tooling") != NULL);
	free(sheet);
	sheet = av_model_notes_sheet(it, "== Broken\n");
	test_assert(strncmp(sheet, "#! afterview could not read this sheet:\n#!   line 5: ", 53) ==
		    0);
	test_assert(strstr(sheet, "\n== Broken\n") != NULL);
	test_end();

	test_begin("model: the pulse counts started interviews per week, not cancelled ones");
	add(st, 2,
	    ics("tech-2", "Technical interview", 0, "20261001T120000Z", "20261008T150000Z",
		"20261008T160000Z", "CONFIRMED"));
	add(st, 3,
	    ics("tech-3", "Technical interview", 0, "20261019T120000Z", "20261020T150000Z",
		"20261020T160000Z", "CANCELLED"));
	add(st, 4,
	    ics("tech-4", "Technical interview", 0, "20261019T120000Z", "20261023T150000Z",
		"20261023T160000Z", "CONFIRMED"));
	av_model_clear(&m);
	if (!evaluate(st, &m))
		goto out;
	test_assert(item(&m, "tech-4") != NULL && item(&m, "tech-4")->is_interview);
	av_report_pulse_weeks(&m, weeks, 4);
	test_assert_int(weeks[0], 1); /* tech; tech-3 cancelled, tech-4 to come */
	test_assert_int(weeks[1], 0);
	test_assert_int(weeks[2], 1); /* tech-2, 14 days ago */
	test_assert_int(weeks[3], 0);
out:
	test_end();
	av_model_clear(&m);
	av_store_close(&st);
	free(stored);
	free(sheet);
	free(error);
	free(path);
}

/* One interview from an employer's own calendar, in the words given. */
static char *
ics_words(const char *uid, const char *summary, const char *description, const char *domain)
{
	return av_asprintf("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\n"
			   "PRODID:-//test//EN\r\nBEGIN:VEVENT\r\n"
			   "UID:%s\r\nSEQUENCE:0\r\nDTSTAMP:20261019T120000Z\r\n"
			   "DTSTART:20261022T140000Z\r\nDTEND:20261022T150000Z\r\n"
			   "SUMMARY:%s\r\nDESCRIPTION:%s\r\n"
			   "ORGANIZER;CN=Rosa Vidal:mailto:rosa.vidal@%s\r\n"
			   "ATTENDEE;CN=Rosa Vidal:mailto:rosa.vidal@%s\r\n"
			   "ATTENDEE;CN=Sam Rivera:mailto:sam.rivera@example.net\r\n"
			   "END:VEVENT\r\nEND:VCALENDAR\r\n",
			   uid, summary, description, domain, domain);
}

static void
test_language(void)
{
	char *path = av_asprintf("%s/language.db", tmpdir), *error = NULL, *told = NULL;
	char basis[AV_HASH_HEX_SIZE], old[AV_HASH_HEX_SIZE];
	struct av_store *st = NULL;
	struct av_model m;
	const struct av_interview_report *it;

	test_begin("model: the language from the invite; [company] language; fallback");
	test_assert_int(av_store_open(path, &st, &error), AV_OK);
	add(st, 1,
	    ics_words("es-ev", "Entrevista con el equipo de Datos",
		      "Hola Sam\\, te esperamos para conocerte y hablar del puesto con el "
		      "equipo.",
		      "norte.example"));
	add(st, 2,
	    ics_words("de-ev", "Vorstellungsgespräch",
		      "Hallo Sam\\, wir freuen uns auf das Gespräch mit dir über die Stelle.",
		      "sol.example"));
	add(st, 3,
	    ics_words("en-ev", "Interview with the Data team",
		      "Hi Sam\\, we are looking forward to meeting you and talking about the "
		      "role.",
		      "north.example"));
	if (!evaluate(st, &m))
		goto out;
	if ((it = item(&m, "es-ev")) != NULL && test_assert(it->is_interview)) {
		test_assert_str(it->language, "es");
		test_assert_str(it->language_from, "invite");
		test_assert_str(it->lang.code, "es");
		test_assert(it->lang.reasons != NULL);
		/* Sam writes English only (no languages =): English drafts, told once */
		test_assert(it->language_fallback && !it->language_told);
		test_assert(av_model_draft_language(it) == NULL);
		test_assert(av_model_language_news(it));
	}
	if ((it = item(&m, "de-ev")) != NULL && test_assert(it->is_interview)) {
		test_assert_str(it->lang.code, "de");
		test_assert_str(it->language, "es"); /* [company sol.example] language = es */
		test_assert_str(it->language_from, "config");
	}
	if ((it = item(&m, "en-ev")) != NULL && test_assert(it->is_interview)) {
		test_assert_str(it->language, "en");
		test_assert(!it->language_fallback && !av_model_language_news(it));
		test_assert(av_model_draft_language(it) == NULL);
		/* an English draft's basis is what it was before languages */
		av_hash_hex("\x1f"
			    "0",
			    2, old);
		av_model_basis(it, &it->ivs[0], basis);
		test_assert_str(basis, old);
	}
	test_end();

	test_begin("model: a fallback is told once; only fallbacks are recorded");
	test_assert_int(av_model_languages_told(&m, st, acc, &error), AV_OK);
	test_assert((it = item(&m, "es-ev")) != NULL && it->language_told);
	test_assert_int(av_store_told_get(st, ACCOUNT, "en-ev", "language", &told, &error), AV_OK);
	test_assert(told == NULL);
	av_model_clear(&m);
	if (!evaluate(st, &m))
		goto out;
	test_assert((it = item(&m, "es-ev")) != NULL && it->language_told &&
		    !av_model_language_news(it));
	test_end();

	test_begin("model: the person's mark wins; languages = es writes Spanish");
	test_assert_int(av_store_language_set(st, ACCOUNT, "en-ev", "de", NULL, &error), AV_OK);
	conf->me.languages = av_calloc(2, sizeof(*conf->me.languages));
	conf->me.languages[0] = "es";
	av_model_clear(&m);
	if (!evaluate(st, &m))
		goto out;
	if ((it = item(&m, "en-ev")) != NULL) {
		test_assert_str(it->language, "de");
		test_assert_str(it->language_from, "mark");
		test_assert(it->language_fallback); /* German is not written */
		test_assert(av_model_language_news(it));
	}
	if ((it = item(&m, "es-ev")) != NULL) {
		test_assert(!it->language_fallback);
		test_assert_str(av_model_draft_language(it), "es");
		/* the basis changes with the language: the English draft is out of date */
		av_model_basis(it, &it->ivs[0], basis);
		test_assert(strcmp(basis, old) != 0);
	}
	test_end();
	free(conf->me.languages);
	conf->me.languages = NULL;
out:
	av_model_clear(&m);
	av_store_close(&st);
	free(error);
	free(path);
}

int
main(void)
{
	static const char text[] = "[me]\n"
				   "name = Sam Rivera\n"
				   "addresses = sam.rivera@example.net\n"
				   "timezone = America/New_York\n"
				   "[account " ACCOUNT "]\n"
				   "host = 127.0.0.1\n"
				   "security = plain\n"
				   "user = sam\n"
				   "password_cmd = echo unused\n"
				   "[company sol.example]\n"
				   "language = es\n";
	char *path, *error = NULL, *cmd;
	FILE *f;

	tmpdir = av_strdup("/tmp/av-test-model.XXXXXX");
	if (mkdtemp(tmpdir) == NULL || !av_parse_iso8601("2026-10-22T20:00:00Z", &now)) {
		perror(tmpdir);
		return 2;
	}
	path = av_asprintf("%s/config", tmpdir);
	f = fopen(path, "w");
	if (f == NULL || fputs(text, f) < 0 || fclose(f) != 0 || chmod(path, 0600) != 0 ||
	    av_conf_load(path, &conf, &error) != AV_OK ||
	    av_words_load(NULL, NULL, NULL, &words, &error) != AV_OK) {
		printf("setup: %s\n", error ? error : path);
		return 2;
	}
	free(path);
	acc = av_conf_account(conf, ACCOUNT);
	test_maybe();
	test_thanked();
	test_caps();
	test_notes();
	test_language();
	av_words_free(&words);
	av_conf_free(&conf);
	av_invite_cleanup();
	cmd = av_asprintf("rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		printf("could not remove %s\n", tmpdir);
	free(cmd);
	free(tmpdir);
	return test_exit();
}
