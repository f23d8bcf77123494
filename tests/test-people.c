/* SPDX-License-Identifier: GPL-3.0-or-later */
/* model.c on a real state store (a temporary file) filled by hand: calendar parts and
 * sent envelopes as sync.c stores them, then av_model_evaluate. What only the whole
 * mailbox can tell (issue 10): an interviewer the description names gets the address the
 * rest of the mail has for them; an invite at the person's own domain naming another
 * candidate is not the person's interview; and a name that is only an initial is not
 * greeted with it in the draft. */
#include "config.h"

#include <sys/stat.h>
#include <unistd.h>

#include "afterview/conf.h"
#include "afterview/draft.h"
#include "afterview/template.h"
#include "afterview/log.h"
#include "afterview/model.h"
#include "afterview/store.h"
#include "afterview/util.h"
#include "afterview/words.h"
#include "harness.h"

#ifndef AV_TEST_SRCDIR
#define AV_TEST_SRCDIR "."
#endif

#define ACCOUNT "test"

static char *tmpdir;
static struct av_conf *conf;
static const struct av_account *acc;
static struct av_wordlists *words;
static struct av_templates *tpl;
static time_t now; /* 2026-10-22T20:00:00Z */

/* A VCALENDAR with one VEVENT; people is ready-made ORGANIZER/ATTENDEE lines. */
static char *
ics(const char *uid, const char *summary, const char *description, const char *people)
{
	return av_asprintf("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
			   "METHOD:REQUEST\r\nBEGIN:VEVENT\r\nUID:%s\r\nSEQUENCE:0\r\n"
			   "DTSTAMP:20261015T090000Z\r\nDTSTART:20261022T150000Z\r\n"
			   "DTEND:20261022T160000Z\r\nSUMMARY:%s\r\n%s%s%s%s"
			   "END:VEVENT\r\nEND:VCALENDAR\r\n",
			   uid, summary, description ? "DESCRIPTION:" : "",
			   description ? description : "", description ? "\r\n" : "", people);
}

static void
add_calendar(struct av_store *st, uint32_t uid, const char *sender, char *text)
{
	struct av_msgref ref = {ACCOUNT, "INBOX", 1, uid};
	struct av_invite_mail mail = {.from = sender, .from_name = NULL, .subject = NULL};
	char *error = NULL;

	if (av_store_calendar_add(st, &ref, "2", &mail, text, strlen(text), &error) != AV_OK) {
		printf("calendar_add: %s\n", error);
		exit(2);
	}
	free(text);
}

static void
add_sent(struct av_store *st, uint32_t uid, const char *subject, const char *to, time_t when)
{
	struct av_msgref ref = {ACCOUNT, "Sent", 2, uid};
	char *rcpt[] = {(char *)to, NULL};
	char mid[64];
	struct av_sent sent = {mid, when, when, (char *)subject, rcpt, 0};
	char *error = NULL;

	snprintf(mid, sizeof(mid), "sent-%u@example.net", uid);
	if (av_store_sent_add(st, &ref, &sent, &error) != AV_OK) {
		printf("sent_add: %s\n", error);
		exit(2);
	}
}

static const struct av_interview_report *
item(const struct av_model *m, const char *uid)
{
	for (size_t i = 0; i < m->n_items; i++)
		if (strcmp(m->items[i].ev->inv->uid, uid) == 0)
			return &m->items[i];
	return NULL;
}

static const struct av_iv_report *
iv_named(const struct av_interview_report *it, const char *name)
{
	for (size_t j = 0; it != NULL && j < it->n_ivs; j++)
		if (strcmp(it->ivs[j].iv.name, name) == 0)
			return &it->ivs[j];
	return NULL;
}

/* The first line of the draft's body for r (CRLF-separated message). */
static char *
greeting(const struct av_interview_report *it, const struct av_iv_report *r)
{
	struct av_interviewer *panel = av_calloc(it->n_ivs, sizeof(*panel));
	struct av_draft_input in = {0};
	struct av_draft d = {0};
	char *error = NULL, *line = NULL;
	const char *body;

	for (size_t j = 0; j < it->n_ivs; j++)
		panel[j] = it->ivs[j].iv;
	in.conf = conf;
	in.inv = it->ev->inv;
	in.company = it->det.company;
	in.iv = &r->iv;
	in.panel = panel;
	in.n_panel = it->n_ivs;
	in.token = r->token;
	in.now = now;
	if (av_draft_render(tpl, &in, &d, &error) != AV_OK) {
		printf("  render: %s\n", error);
		free(error);
	} else if ((body = strstr(d.message, "\r\n\r\n")) != NULL) {
		body += 4;
		line = av_strndup(body, strcspn(body, "\r\n"));
	}
	av_draft_clear(&d);
	free(panel);
	return line;
}

static void
test_model(void)
{
	char *db = av_asprintf("%s/state.db", tmpdir), *error = NULL, *g;
	struct av_store *st = NULL;
	struct av_model m;
	const struct av_interview_report *it;
	const struct av_iv_report *r;
	char *token;

	if (av_store_open(db, &st, &error) != AV_OK) {
		printf("store: %s\n", error);
		exit(2);
	}
	/* the first round: Marcus Lee is an attendee under an address that does not spell
	 * his name */
	add_calendar(st, 1, "priya.shah@halcyon.example",
		     ics("round1@halcyon.example", "Halcyon Robotics - Phone Screen", NULL,
			 "ORGANIZER;CN=Priya Shah:mailto:priya.shah@halcyon.example\r\n"
			 "ATTENDEE;CN=Marcus Lee:mailto:ml@halcyon.example\r\n"
			 "ATTENDEE;CN=Sam Rivera:mailto:sam.rivera@example.net\r\n"));
	/* the onsite, from the recruiting system: the panel only in the description */
	add_calendar(st, 2, "no-reply@greenhouse.io",
		     ics("onsite@greenhouse.io", "Halcyon Robotics - Onsite Interview",
			 "Interviewers:\\n- Jane Okafor\\n- Marcus Lee\\n- Mei-Ling Park\\n",
			 "ORGANIZER;CN=Priya Shah:mailto:priya.shah@halcyon.example\r\n"
			 "ATTENDEE;CN=Sam Rivera:mailto:sam.rivera@example.net\r\n"));
	/* the person sits on a panel at their own employer */
	add_calendar(st, 3, "rita@example.net",
		     ics("panel@example.net", "Interview: Jordan Smith (candidate)", NULL,
			 "ORGANIZER;CN=Rita Moreno:mailto:rita@example.net\r\n"
			 "ATTENDEE;CN=Sam Rivera:mailto:sam.rivera@example.net\r\n"
			 "ATTENDEE;CN=Jordan Smith:mailto:jordan.smith@gmail.com\r\n"));
	/* a video call without CNs: only an initial to go by */
	add_calendar(st, 4, "no-reply@zoom.us",
		     ics("zoom@birchwood.example", "Phone Interview (Birchwood Health)",
			 "Join Zoom Meeting\\nhttps://zoom.us/j/123",
			 "ORGANIZER:mailto:k.lund@birchwood.example\r\n"
			 "ATTENDEE;CN=T. Berg:mailto:tb@birchwood.example\r\n"
			 "ATTENDEE:mailto:sam.rivera@example.net\r\n"));
	/* a recruiting system invites; the person is the first attendee, the employer's
	 * interviewer the second; the description names someone at another domain */
	add_calendar(st, 5, "no-reply@greenhouse.io",
		     ics("screen@greenhouse.io", "Phone Interview",
			 "Interviewers:\\n- Bob Jones (bob.jones@other.example)\\n",
			 "ORGANIZER;CN=Greenhouse:mailto:no-reply@greenhouse.io\r\n"
			 "ATTENDEE;CN=Sam Rivera:mailto:sam.rivera@example.net\r\n"
			 "ATTENDEE;CN=Dana Whitfield:mailto:dana.whitfield@acmelabs.example\r\n"));
	/* earlier mail to Jane, before the onsite (no thank-you) */
	add_sent(st, 1, "Re: Parking at the onsite", "jane.okafor@halcyon.example",
		 now - 5 * 86400);
	av_store_close(&st);
	if (av_store_open(db, &st, &error) != AV_OK) {
		printf("store: %s\n", error);
		exit(2);
	}
	test_begin("model: description names take addresses from the rest of the mail");
	test_assert_int(av_model_evaluate(st, conf, acc, words, now, &m, &error), AV_OK);
	it = item(&m, "onsite@greenhouse.io");
	test_assert(it != NULL && it->is_interview);
	r = iv_named(it, "Jane Okafor");
	if (test_assert(r != NULL)) {
		test_assert_str(r->iv.email, "jane.okafor@halcyon.example");
		test_assert(r->iv.email_from_mail);
		/* the token stays the name's: a draft made before the address was known
		 * is the same draft */
		token = av_draft_token(ACCOUNT, "onsite@greenhouse.io", "Jane Okafor");
		test_assert_str(r->token, token);
		free(token);
		/* and the earlier mail is no thank-you */
		test_assert_int(r->verdict.state, AV_STATE_PENDING);
	}
	r = iv_named(it, "Marcus Lee");
	if (test_assert(r != NULL)) {
		test_assert_str(r->iv.email, "ml@halcyon.example");
		test_assert(r->iv.email_from_mail);
	}
	r = iv_named(it, "Mei-Ling Park");
	if (test_assert(r != NULL))
		test_assert(r->iv.email == NULL && !r->iv.email_from_mail);
	/* "address not at DOMAIN" names the employer's domain, never the person's */
	it = item(&m, "screen@greenhouse.io");
	if (test_assert(it != NULL))
		test_assert_str(it->employer_domain, "acmelabs.example");
	test_end();

	test_begin("model: a panel the person sits on is not their interview");
	it = item(&m, "panel@example.net");
	if (test_assert(it != NULL)) {
		bool said = false;

		test_assert(it->det.is_interview); /* the score alone says it is */
		test_assert(!it->is_interview);
		test_assert_int(it->n_ivs, 0);
		for (char **w = it->det.reasons; w != NULL && *w != NULL; w++)
			said = said || strstr(*w, "not your interview") != NULL;
		test_assert(said);
	}
	test_end();

	test_begin("model: an initial is not greeted (guessed, and as a CN)");
	it = item(&m, "zoom@birchwood.example");
	test_assert(it != NULL && it->is_interview);
	r = iv_named(it, "K Lund");
	if (test_assert(r != NULL)) {
		test_assert(r->iv.name_guessed && r->iv.name_initial_only);
		g = greeting(it, r);
		test_assert_str(g, "Hello,");
		free(g);
	}
	r = iv_named(it, "T. Berg");
	if (test_assert(r != NULL)) {
		test_assert(!r->iv.name_guessed && r->iv.name_initial_only);
		g = greeting(it, r);
		test_assert_str(g, "Hello,");
		free(g);
	}
	test_end();
	av_model_clear(&m);

	/* the person's mark wins over "not yours" */
	test_begin("model: marked as an interview, the panel is drafted after all");
	test_assert_int(av_store_mark_set(st, ACCOUNT, "panel@example.net", 1, &error), AV_OK);
	test_assert_int(av_model_evaluate(st, conf, acc, words, now, &m, &error), AV_OK);
	it = item(&m, "panel@example.net");
	test_assert(it != NULL && it->is_interview && iv_named(it, "Rita Moreno") != NULL);
	av_model_clear(&m);
	test_end();

	/* issue 12: the sync asks no Message-ID of mail to an address it cannot tell is an
	 * interviewer's (sync.h); the run reads it for the evidence that needs it */
	test_begin("model: the Message-ID of an evidence the sync did not ask for");
	{
		struct av_msgref ref = {ACCOUNT, "Sent", 2, 9};
		char jane[] = "jane.okafor@halcyon.example", subject[] = "Thank you for the onsite";
		char id[] = "thanks-jane@example.net", none[] = "";
		char *rcpt[] = {jane, NULL};
		struct av_sent sent = {NULL, now - 3600, now - 3600, subject, rcpt, 1};
		size_t n = 9, *ks;

		test_assert_int(av_store_sent_add(st, &ref, &sent, &error), AV_OK);
		test_assert_int(av_model_evaluate(st, conf, acc, words, now, &m, &error), AV_OK);
		it = item(&m, "onsite@greenhouse.io");
		r = it != NULL ? iv_named(it, "Jane Okafor") : NULL;
		if (test_assert(r != NULL && r->verdict.evidence != NULL)) {
			test_assert(r->verdict.evidence->message_id == NULL);
			ks = av_model_ids_wanted(&m, &n);
			if (test_assert_int(n, 1))
				test_assert(&m.sent[ks[0]] == r->verdict.evidence);
			if (n == 1)
				av_model_sent_set_id(&m, ks[0], "thanks-jane@example.net");
			free(ks);
			test_assert_str(r->verdict.evidence->message_id, "thanks-jane@example.net");
			ks = av_model_ids_wanted(&m, &n);
			test_assert_int(n, 0);
			free(ks);
		}
		av_model_clear(&m);
		/* stored later, the row takes it; "" is asked and none: no more wanted */
		sent.message_id = id;
		test_assert_int(av_store_sent_add(st, &ref, &sent, &error), AV_OK);
		test_assert_int(av_model_evaluate(st, conf, acc, words, now, &m, &error), AV_OK);
		it = item(&m, "onsite@greenhouse.io");
		r = it != NULL ? iv_named(it, "Jane Okafor") : NULL;
		if (test_assert(r != NULL && r->verdict.evidence != NULL))
			test_assert_str(r->verdict.evidence->message_id, "thanks-jane@example.net");
		ks = av_model_ids_wanted(&m, &n);
		test_assert_int(n, 0);
		free(ks);
		av_model_clear(&m);
		ref.uid = 10;
		sent.message_id = none;
		test_assert_int(av_store_sent_add(st, &ref, &sent, &error), AV_OK);
		test_assert_int(av_model_evaluate(st, conf, acc, words, now, &m, &error), AV_OK);
		ks = av_model_ids_wanted(&m, &n);
		test_assert_int(n, 0);
		free(ks);
		for (size_t k = 0; k < m.n_sent; k++)
			if (m.sent_refs[k].uid == 10)
				test_assert(m.sent[k].message_id == NULL);
		av_model_clear(&m);
	}
	test_end();

	av_store_close(&st);
	{
		const char *const ext[] = {"", "-wal", "-shm", ".lock"};

		for (size_t i = 0; i < sizeof(ext) / sizeof(*ext); i++) {
			char *p = av_asprintf("%s%s", db, ext[i]);

			unlink(p);
			free(p);
		}
	}
	free(db);
}

static void
setup(void)
{
	const char *base = getenv("TMPDIR");
	char *path, *error = NULL, *tdir;
	FILE *f;
	static const char text[] = "[me]\n"
				   "name = Sam Rivera\n"
				   "addresses = sam.rivera@example.net\n"
				   "timezone = America/New_York\n"
				   "[account " ACCOUNT "]\n"
				   "host = 127.0.0.1\n"
				   "security = plain\n"
				   "user = sam\n"
				   "password_cmd = echo unused\n";

	if (access("/dev/shm", W_OK) == 0)
		base = "/dev/shm";
	tmpdir = av_asprintf("%s/av-test-model.XXXXXX", base != NULL ? base : "/tmp");
	if (mkdtemp(tmpdir) == NULL) {
		perror(tmpdir);
		exit(2);
	}
	path = av_asprintf("%s/config", tmpdir);
	f = fopen(path, "w");
	if (f == NULL || fputs(text, f) == EOF || fclose(f) != 0) {
		perror(path);
		exit(2);
	}
	chmod(path, 0600);
	if (av_conf_load(path, &conf, &error) != AV_OK) {
		printf("config: %s\n", error);
		exit(2);
	}
	unlink(path);
	free(path);
	acc = av_conf_account(conf, ACCOUNT);
	if (av_words_load(NULL, NULL, NULL, &words, &error) != AV_OK) {
		printf("word lists: %s\n", error);
		exit(2);
	}
	tdir = av_asprintf("%s/contrib/templates", AV_TEST_SRCDIR);
	if (av_templates_load(tdir, &tpl, &error) != AV_OK) {
		printf("templates: %s\n", error);
		exit(2);
	}
	free(tdir);
	if (!av_parse_iso8601("2026-10-22T20:00:00Z", &now))
		exit(2);
}

int
main(void)
{
	int rc;

	av_log_open("test-model", false);
	av_log_set_level(AV_LOG_ERROR);
	if (getenv("AFTERVIEW_DATADIR") == NULL)
		setenv("AFTERVIEW_DATADIR", AV_TEST_SRCDIR "/data", 1);
	setup();
	test_model();
	rmdir(tmpdir);
	free(tmpdir);
	av_templates_free(&tpl);
	av_words_free(&words);
	av_conf_free(&conf);
	rc = test_exit();
	av_invite_cleanup();
	av_log_close();
	return rc;
}
