/* SPDX-License-Identifier: GPL-3.0-or-later */
/* report.c on a model built by hand (no store, no mailbox): how a maybe reads in status,
 * status --json, explain and run, and that nothing else is listed as one; how an
 * interviewer's greeting and address checks, the employer's domain and where its name
 * was read, and an unsure reply read there. status --json is parsed back with jansson. */
#include "config.h"

#include <jansson.h>

#include "afterview/detect.h"
#include "afterview/events.h"
#include "afterview/invite.h"
#include "afterview/model.h"
#include "afterview/report.h"
#include "afterview/util.h"
#include "harness.h"

/* 2026-10-21T18:00:00Z to 18:45Z, New York (UTC-04:00): 14:00 local */
#define START 1792605600
#define END   (START + 45 * 60)
#define NOW   (START + 26 * 3600)

static struct av_invite *
invite(const char *uid, const char *summary)
{
	struct av_invite *inv = av_calloc(1, sizeof(*inv));

	inv->method = AV_METHOD_REQUEST;
	inv->uid = av_strdup(uid);
	inv->summary = av_strdup(summary);
	inv->dtstamp = START - 86400;
	inv->start = START;
	inv->end = END;
	inv->zone = av_strdup("America/New_York");
	inv->utc_offset = -4 * 3600;
	return inv;
}

static char **
reasons(const char *one)
{
	char **v = av_calloc(2, sizeof(*v));

	v[0] = av_strdup(one);
	return v;
}

/* Three events, none an interview: a maybe, a maybe already told, and one far from the
 * line (score 0). */
static void
build(struct av_model *m)
{
	static const char *const uids[] = {"chat@greenhouse.io", "told@lever.co", "lunch@x"};
	static const char *const summaries[] = {"Chat with Acme Labs", "Conversation with Birch",
						"Lunch with Alex"};

	memset(m, 0, sizeof(*m));
	m->now = NOW;
	m->window_hours = 24;
	av_events_init(&m->events);
	for (int i = 0; i < 3; i++)
		av_events_add(&m->events, invite(uids[i], summaries[i]), "INBOX:1", NULL);
	m->items = av_calloc(3, sizeof(*m->items));
	m->n_items = 3;
	for (int i = 0; i < 3; i++) {
		struct av_interview_report *it = &m->items[i];

		it->ev = &m->events.v[i];
		av_events_id(it->ev->inv->uid, it->id);
		it->mark = -1;
		it->det.score = i < 2 ? 2 : 0;
		it->det.maybe = i < 2;
		it->det.reasons = reasons(i < 2 ? "+2 sender greenhouse.io is a recruiting system"
						: "+0 nothing");
		it->det.company = i == 0 ? av_strdup("Acme Labs") : NULL;
		it->maybe = i < 2;
		it->maybe_told = i == 1;
	}
}

static unsigned
count(const char *hay, const char *needle)
{
	unsigned n = 0;

	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

static void
test_text(void)
{
	struct av_model m;
	char *buf = NULL, *line;
	size_t len = 0;
	FILE *f;
	unsigned lines;

	build(&m);
	line = av_asprintf("maybe an interview: %s  Acme Labs — \"Chat with Acme Labs\", Wed 21 "
			   "Oct 14:00 (UTC-04:00) — `afterview mark %s interview` if it is\n",
			   m.items[0].id, m.items[0].id);

	test_begin("status lists every maybe with the mark hint, nothing else");
	f = open_memstream(&buf, &len);
	av_report_status_text(&m, f);
	fclose(f);
	test_assert(strstr(buf, line) != NULL);
	test_assert_int(count(buf, "maybe an interview:"), 2); /* told or not: still open */
	test_assert(strstr(buf, "Conversation with Birch") != NULL);
	/* issue 10: an unknown employer is left out, not written "(company unknown)" */
	free(line);
	line = av_asprintf("maybe an interview: %s  \"Conversation with Birch\", Wed 21 Oct 14:00 "
			   "(UTC-04:00) — `afterview mark %s interview` if it is\n",
			   m.items[1].id, m.items[1].id);
	test_assert(strstr(buf, line) != NULL);
	test_assert(strstr(buf, "company unknown") == NULL);
	free(line);
	line = av_asprintf("maybe an interview: %s  Acme Labs — \"Chat with Acme Labs\", Wed 21 "
			   "Oct 14:00 (UTC-04:00) — `afterview mark %s interview` if it is\n",
			   m.items[0].id, m.items[0].id);
	test_assert(strstr(buf, "Lunch") == NULL);
	test_assert(strstr(buf, "no interviews found yet") != NULL);
	free(buf);
	test_end();

	test_begin("run tells of a maybe not told yet, once, in one line");
	buf = NULL;
	f = open_memstream(&buf, &len);
	lines = av_report_run(&m, f);
	fclose(f);
	test_assert_int(lines, 1);
	test_assert_str(buf, line);
	free(buf);
	m.items[0].maybe_told = true;
	buf = NULL;
	f = open_memstream(&buf, &len);
	lines = av_report_run(&m, f);
	fclose(f);
	test_assert_int(lines, 0);
	test_assert_str(buf, ""); /* cron stays quiet */
	free(buf);
	test_end();

	test_begin("explain says it is a maybe, and how to decide");
	buf = NULL;
	f = open_memstream(&buf, &len);
	av_report_explain(&m.items[0], f);
	fclose(f);
	test_assert(strstr(buf, "verdict:  not an interview\n") != NULL);
	test_assert(strstr(buf, "close to the line") != NULL);
	free(line);
	line = av_asprintf("`afterview mark %s interview` if it is", m.items[0].id);
	test_assert(strstr(buf, line) != NULL);
	free(buf);
	buf = NULL;
	f = open_memstream(&buf, &len);
	av_report_explain(&m.items[2], f);
	fclose(f);
	test_assert(strstr(buf, "close to the line") == NULL &&
		    strstr(buf, "afterview mark") == NULL);
	free(buf);
	test_end();
	free(line);
	av_model_clear(&m);
}

static void
test_json(void)
{
	struct av_model m;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;
	json_t *root, *maybe, *o;
	json_error_t jerr;
	const char *key;
	json_t *value;
	size_t n_keys = 0;

	build(&m);
	test_begin("status --json: a top-level \"maybe\" list beside the usual keys");
	f = open_memstream(&buf, &len);
	av_report_status_json(&m, f);
	fclose(f);
	root = json_loads(buf, 0, &jerr);
	if (!test_assert(root != NULL)) {
		printf("  %s\n", jerr.text);
		goto out;
	}
	test_assert(json_is_string(json_object_get(root, "now")));
	test_assert(json_is_array(json_object_get(root, "interviews")));
	test_assert_int(json_array_size(json_object_get(root, "interviews")), 0);
	test_assert(json_is_array(json_object_get(root, "tools_to_learn")));
	test_assert(json_is_object(json_object_get(root, "pulse")));
	maybe = json_object_get(root, "maybe");
	if (!test_assert(json_is_array(maybe)) || !test_assert_int(json_array_size(maybe), 2))
		goto out;
	o = json_array_get(maybe, 0);
	json_object_foreach(o, key, value)
	{
		(void)value;
		n_keys++;
	}
	test_assert_int(n_keys, 8);
	test_assert_str(json_string_value(json_object_get(o, "id")), m.items[0].id);
	test_assert_str(json_string_value(json_object_get(o, "uid")), "chat@greenhouse.io");
	test_assert_str(json_string_value(json_object_get(o, "summary")), "Chat with Acme Labs");
	test_assert_str(json_string_value(json_object_get(o, "company")), "Acme Labs");
	test_assert_str(json_string_value(json_object_get(o, "start")), "2026-10-21T18:00:00Z");
	test_assert_str(json_string_value(json_object_get(o, "end")), "2026-10-21T18:45:00Z");
	test_assert_int(json_integer_value(json_object_get(o, "score")), 2);
	test_assert_int(json_array_size(json_object_get(o, "reasons")), 1);
	test_assert_str(json_string_value(json_array_get(json_object_get(o, "reasons"), 0)),
			"+2 sender greenhouse.io is a recruiting system");
	o = json_array_get(maybe, 1);
	test_assert(json_is_null(json_object_get(o, "company")));
	test_assert_str(json_string_value(json_object_get(o, "uid")), "told@lever.co");
out:
	json_decref(root);
	free(buf);
	test_end();

	test_begin("status --json: no maybe, an empty list");
	for (size_t i = 0; i < m.n_items; i++)
		m.items[i].maybe = false;
	buf = NULL;
	f = open_memstream(&buf, &len);
	av_report_status_json(&m, f);
	fclose(f);
	root = json_loads(buf, 0, &jerr);
	test_assert(root != NULL && json_is_array(json_object_get(root, "maybe")) &&
		    json_array_size(json_object_get(root, "maybe")) == 0);
	json_decref(root);
	free(buf);
	test_end();
	av_model_clear(&m);
}

/* ---- an interview with the interviewer facts of issue 10 ---------------------------- */

/* A sent message as av_model holds one: its strings in one block, its recipients array
 * (here empty) first, which is what av_model_clear frees. */
static void
sent_set(struct av_sent *s, const char *message_id, const char *subject)
{
	size_t a = strlen(message_id) + 1, b = strlen(subject) + 1;
	char **block = av_malloc(sizeof(char *) + a + b);
	char *p = (char *)(block + 1);

	free(s->recipients);
	block[0] = NULL;
	s->recipients = block;
	s->message_id = memcpy(p, message_id, a);
	s->subject = memcpy(p + a, subject, b);
}

static struct av_sent *
unsure_reply(void)
{
	struct av_sent *s = av_calloc(1, sizeof(*s));

	sent_set(s, "next-steps@example.net", "Re: Next steps");
	s->date = END + 55 * 60; /* 15:40 New York */
	s->thanks = 2;
	return s;
}

static void
add_iv(struct av_interview_report *it, const char *name, const char *email, enum av_source source,
       enum av_state state)
{
	struct av_iv_report *r = &it->ivs[it->n_ivs++];

	r->iv.name = av_strdup(name);
	r->iv.email = email ? av_strdup(email) : NULL;
	r->iv.source = source;
	r->verdict.state = state;
	r->verdict.deadline = END + 24 * 3600;
	r->verdict.send_by = END + 3 * 3600 + 15 * 60; /* 18:00 New York */
	r->token = av_strdup("0123456789abcdef0123456789abcdef");
}

/* One interview at Acme AI (the name read from the summary, the domain acme.example)
 * with four interviewers: K Lund (only an initial), Kim Osei (an address the description
 * wrote elsewhere; a reply whose thanks is a courtesy), Ravi Menon (an address from other
 * mail, not due yet), Lee Chan (elsewhere too, but missed: no remark matters); and one
 * maybe that is the person's own panel (not_mine), whose employer is not known. */
static void
build_interview(struct av_model *m)
{
	struct av_interview_report *it;

	memset(m, 0, sizeof(*m));
	m->now = END + 2 * 3600;
	m->window_hours = 24;
	av_events_init(&m->events);
	av_events_add(&m->events,
		      invite("acme@ashbyhq.com", "Acme AI - ML Engineer Technical Interview"),
		      "INBOX:1", NULL);
	av_events_add(&m->events,
		      invite("panel@example.net", "Interview: Jordan Smith (candidate)"), "INBOX:2",
		      NULL);
	m->sent = unsure_reply();
	m->sent_refs = av_calloc(1, sizeof(*m->sent_refs));
	m->n_sent = 1;
	m->items = av_calloc(2, sizeof(*m->items));
	m->n_items = 2;
	for (int i = 0; i < 2; i++) {
		it = &m->items[i];
		it->ev = &m->events.v[i];
		av_events_id(it->ev->inv->uid, it->id);
		it->mark = -1;
	}
	it = &m->items[0];
	it->det.score = 8;
	it->det.is_interview = it->is_interview = true;
	it->det.reasons = reasons("+4 \"technical interview\" in summary");
	it->det.company = av_strdup("Acme AI");
	it->det.company_from = "summary";
	it->det.domain = av_strdup("acme.example");
	it->employer_domain = it->det.domain; /* as av_model_evaluate sets it */
	it->ivs = av_calloc(4, sizeof(*it->ivs));
	add_iv(it, "K Lund", "k.lund@acme.example", AV_SOURCE_ATTENDEE, AV_STATE_PENDING);
	it->ivs[0].iv.name_initial_only = true;
	add_iv(it, "Kim Osei", "kim.osei@elsewhere.example", AV_SOURCE_DESCRIPTION,
	       AV_STATE_DRAFTED);
	it->ivs[1].iv.email_foreign = true;
	it->ivs[1].verdict.unsure = m->sent;
	add_iv(it, "Ravi Menon", "ravi.menon@acme.example", AV_SOURCE_DESCRIPTION,
	       AV_STATE_NOT_DUE);
	it->ivs[2].iv.email_from_mail = true;
	add_iv(it, "Lee Chan", "lee@elsewhere.example", AV_SOURCE_DESCRIPTION, AV_STATE_MISSED);
	it->ivs[3].iv.email_foreign = true;
	it->ivs[3].verdict.unsure = m->sent;
	it = &m->items[1];
	it->det.score = 6;
	it->det.maybe = it->maybe = it->not_mine = true;
	it->det.reasons = reasons("not your interview: the organizer is at your own domain");
}

static char *
report_of(void (*fn)(const struct av_model *, FILE *), const struct av_model *m)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	fn(m, f);
	fclose(f);
	return buf;
}

static void
test_interviewer_facts(void)
{
	struct av_model m;
	char *buf, *want, *line;
	size_t len = 0;
	FILE *f;
	unsigned lines;

	build_interview(&m);
	test_begin("status: the company as a name, remarks under the interviewers they concern");
	buf = report_of(av_report_status_text, &m);
	want = av_asprintf(
		"%s  Acme AI — Acme AI - ML Engineer Technical Interview\n"
		"    Wed 21 Oct 14:00 America/New_York (UTC-04:00)\n"
		"    each interviewer's draft is worded differently (a panel compares notes)\n"
		"    K Lund                       pending        send by Wed 21 Oct 18:00, at the "
		"latest Thu 22 Oct 14:45\n"
		"      only an initial is known: the draft greets them without a name\n"
		"    Kim Osei                     drafted        send by Wed 21 Oct 18:00, at the "
		"latest Thu 22 Oct 14:45\n"
		"      address kim.osei@elsewhere.example (from the description) is not at "
		"acme.example: check it\n"
		"      a reply went to Kim Osei at Wed 21 Oct 15:40 — still send a thank-you?\n"
		"    Ravi Menon                   not-due\n"
		"      address ravi.menon@acme.example found in your other mail, not in the "
		"invite: "
		"check it\n"
		"    Lee Chan                     missed\n"
		"      a reply went to Lee Chan at Wed 21 Oct 15:40 — still send a thank-you?\n"
		"\n",
		m.items[0].id);
	if (!test_assert(strstr(buf, want) != NULL))
		printf("%s\n", buf);
	free(want);
	want = av_asprintf(
		"maybe an interview: %s  \"Interview: Jordan Smith (candidate)\", Wed 21 "
		"Oct 14:00 (UTC-04:00) — `afterview mark %s interview` if it is\n"
		"    (the invite looks like one you sit on as an interviewer: "
		"`afterview explain %s` says why)\n",
		m.items[1].id, m.items[1].id, m.items[1].id);
	test_assert(strstr(buf, want) != NULL);
	free(want);
	test_assert(strstr(buf, "not-due \n") == NULL && strstr(buf, "missed \n") == NULL);
	test_assert(strstr(buf, "company unknown") == NULL);
	free(buf);
	test_end();

	test_begin("explain: where the employer's name was read, its domain, the remarks");
	buf = NULL;
	f = open_memstream(&buf, &len);
	av_report_explain(&m.items[0], f);
	fclose(f);
	test_assert(strstr(buf, "\n  company:  Acme AI (read from the invite's summary)\n"
				"  domain:   acme.example\n") != NULL);
	test_assert(strstr(buf, "  interviewer: K Lund <k.lund@acme.example> from the attendee\n"
				"               only an initial is known: the draft greets them "
				"without a name\n") != NULL);
	test_assert(strstr(buf,
			   "  interviewer: Kim Osei <kim.osei@elsewhere.example> from the "
			   "description\n"
			   "               address kim.osei@elsewhere.example (from the "
			   "description) is not at acme.example: check it\n"
			   "               a reply went to them at Wed 21 Oct 15:40 (\"Re: Next "
			   "steps\"): not taken for the thank-you\n") != NULL);
	free(buf);
	m.items[0].det.company_from = "config";
	buf = NULL;
	f = open_memstream(&buf, &len);
	av_report_explain(&m.items[0], f);
	fclose(f);
	test_assert(
		strstr(buf, "  company:  Acme AI (read from your config's [company] section)\n") !=
		NULL);
	free(buf);
	m.items[0].det.company_from = "summary";
	buf = NULL;
	f = open_memstream(&buf, &len);
	av_report_explain(&m.items[1], f);
	fclose(f);
	test_assert(strstr(buf, "  company:  unknown (nothing in the invite names it)\n") != NULL);
	test_assert(strstr(buf, "  domain:") == NULL);
	test_assert(strstr(buf, "            not your interview: the organizer is at your own "
				"domain\n") != NULL);
	test_assert(strstr(buf, "sit on as an interviewer") != NULL);
	test_assert(strstr(buf, "close to the line") == NULL);
	line = av_asprintf("`afterview mark %s interview` if it is yours", m.items[1].id);
	test_assert(strstr(buf, line) != NULL);
	free(line);
	free(buf);
	test_end();

	test_begin("run: an unsure reply is told once, while a thank-you can still go out");
	m.items[1].maybe_told = true;
	buf = NULL;
	f = open_memstream(&buf, &len);
	lines = av_report_run(&m, f);
	fclose(f);
	test_assert_int(lines, 1);
	test_assert_str(buf,
			"A reply went to Kim Osei (Acme AI) at Wed 21 Oct 15:40 (\"Re: Next "
			"steps\") — still send a thank-you? The draft stays in your Drafts.\n");
	free(buf);
	m.items[0].ivs[1].verdict.state = AV_STATE_PENDING;
	free(m.items[0].det.company);
	m.items[0].det.company = NULL;
	buf = NULL;
	f = open_memstream(&buf, &len);
	lines = av_report_run(&m, f);
	fclose(f);
	test_assert_int(lines, 1);
	test_assert_str(buf, "A reply went to Kim Osei at Wed 21 Oct 15:40 (\"Re: Next steps\") — "
			     "still send a thank-you? afterview does not count it as one.\n");
	free(buf);
	m.items[0].ivs[1].unsure_told = true;
	buf = NULL;
	f = open_memstream(&buf, &len);
	lines = av_report_run(&m, f);
	fclose(f);
	test_assert_int(lines, 0);
	test_assert_str(buf, "");
	free(buf);
	m.items[1].maybe_told = false;
	buf = NULL;
	f = open_memstream(&buf, &len);
	lines = av_report_run(&m, f);
	fclose(f);
	test_assert_int(lines, 2); /* the maybe and why it is one */
	free(buf);
	test_end();
	av_model_clear(&m);
}

static void
test_interviewer_json(void)
{
	struct av_model m;
	char *buf;
	json_t *root, *o, *ivs, *value;
	json_error_t jerr;
	const char *key;
	size_t n_keys = 0;

	build_interview(&m);
	test_begin("status --json: domain beside company, greeting and address_check per "
		   "interviewer");
	buf = report_of(av_report_status_json, &m);
	root = json_loads(buf, 0, &jerr);
	if (!test_assert(root != NULL)) {
		printf("  %s\n", jerr.text);
		goto out;
	}
	if (!test_assert_int(json_array_size(json_object_get(root, "interviews")), 1))
		goto out;
	o = json_array_get(json_object_get(root, "interviews"), 0);
	test_assert_str(json_string_value(json_object_get(o, "company")), "Acme AI");
	test_assert_str(json_string_value(json_object_get(o, "domain")), "acme.example");
	ivs = json_object_get(o, "interviewers");
	if (!test_assert_int(json_array_size(ivs), 4))
		goto out;
	json_object_foreach(json_array_get(ivs, 0), key, value)
	{
		(void)value;
		n_keys++;
	}
	test_assert_int(n_keys, 13); /* issue 11: marked_thanked and hint */
	test_assert_str(json_string_value(json_object_get(json_array_get(ivs, 0), "greeting")),
			"neutral");
	test_assert(json_is_null(json_object_get(json_array_get(ivs, 0), "address_check")));
	test_assert_str(json_string_value(json_object_get(json_array_get(ivs, 1), "greeting")),
			"name");
	test_assert_str(json_string_value(json_object_get(json_array_get(ivs, 1), "address_check")),
			"not-at-employer");
	test_assert_str(json_string_value(json_object_get(json_array_get(ivs, 2), "address_check")),
			"from-other-mail");
	test_assert_str(
		json_string_value(json_object_get(json_array_get(ivs, 3), "address_check")),
		"not-at-employer"); /* missed: the text says nothing, the JSON still tells */
	test_assert_str(json_string_value(json_object_get(
				json_object_get(json_array_get(ivs, 1), "unsure_reply"), "date")),
			"2026-10-21T19:40:00Z");
	/* the person's panel is a maybe, not an interview; its employer unknown */
	test_assert_int(json_array_size(json_object_get(root, "maybe")), 1);
	test_assert(json_is_null(
		json_object_get(json_array_get(json_object_get(root, "maybe"), 0), "company")));
out:
	json_decref(root);
	free(buf);
	test_end();
	av_model_clear(&m);
}

/* ---- issue 11: a thank-you afterview cannot see -------------------------------------- */

/* The widest line of s that has needle, in columns. */
static size_t
widest(const char *s, const char *needle)
{
	size_t best = 0;

	while (*s != '\0') {
		size_t len = strcspn(s, "\n"), cols = 0;
		char *line = av_strndup(s, len);

		for (const unsigned char *p = (const unsigned char *)line; *p; p++)
			cols += (*p & 0xc0) != 0x80;
		if (strstr(line, needle) != NULL && cols > best)
			best = cols;
		free(line);
		s += len + (s[len] == '\n');
	}
	return best;
}

/* The Acme AI interview with: Jane Doe marked thanked; Marcus Lee pending, his draft
 * gone; Lee Chan missed, his draft gone; Pat O'Brien pending, draft gone (a name a shell
 * must not see bare); Kim Osei drafted. */
static void
build_thanked(struct av_model *m)
{
	struct av_interview_report *it;

	build_interview(m);
	it = &m->items[0];
	for (size_t j = 0; j < it->n_ivs; j++) {
		free(it->ivs[j].iv.name);
		free(it->ivs[j].iv.email);
		free(it->ivs[j].token);
	}
	free(it->ivs);
	it->ivs = av_calloc(5, sizeof(*it->ivs));
	it->n_ivs = 0;
	add_iv(it, "Jane Doe", "jane@acme.example", AV_SOURCE_ATTENDEE, AV_STATE_THANKED);
	it->ivs[0].marked_thanked = true;
	add_iv(it, "Marcus Lee", "marcus@acme.example", AV_SOURCE_ATTENDEE, AV_STATE_PENDING);
	it->ivs[1].draft_gone = it->ivs[1].draft_deleted = true;
	add_iv(it, "Lee Chan", "lee@acme.example", AV_SOURCE_ATTENDEE, AV_STATE_MISSED);
	it->ivs[2].draft_gone = true;
	add_iv(it, "Pat O'Brien", "pat@acme.example", AV_SOURCE_ATTENDEE, AV_STATE_PENDING);
	it->ivs[3].draft_gone = true;
	add_iv(it, "Kim Osei", "kim@acme.example", AV_SOURCE_ATTENDEE, AV_STATE_DRAFTED);
}

static void
test_thanked(void)
{
	struct av_model m;
	char *buf, *want;
	json_t *root, *ivs;
	json_error_t jerr;
	const char *const hint = "draft gone, no thank-you in Sent — sent from a client without "
				 "a Sent copy?";

	build_thanked(&m);
	test_begin("status: marked thanked, and the hint under a draft gone without thanks");
	buf = report_of(av_report_status_text, &m);
	want = av_asprintf(
		"    Jane Doe                     thanked        (marked by you)\n"
		"    Marcus Lee                   pending        send by Wed 21 Oct 18:00, "
		"at the latest Thu 22 Oct 14:45\n"
		"      %s\n"
		"        `afterview mark %s thanked Marcus Lee`\n"
		"    Lee Chan                     missed\n"
		"      %s\n"
		"        `afterview mark %s thanked Lee Chan`\n",
		hint, m.items[0].id, hint, m.items[0].id);
	if (!test_assert(strstr(buf, want) != NULL))
		printf("%s\n", buf);
	free(want);
	want = av_asprintf("        `afterview mark %s thanked 'Pat O'\\''Brien'`\n",
			   m.items[0].id);
	test_assert(strstr(buf, want) != NULL);
	free(want);
	test_assert(strstr(buf, "you removed the draft") == NULL); /* the hint says it now */
	test_assert_int(count(buf, "draft gone"), 3);		   /* not for Jane, nor Kim */
	test_assert(widest(buf, "draft gone") <= 100 && widest(buf, "draft gone") > 70);
	test_assert(widest(buf, "thanked") <= 100);
	free(buf);
	test_end();

	test_begin("status --json: marked_thanked and hint per interviewer");
	buf = report_of(av_report_status_json, &m);
	root = json_loads(buf, 0, &jerr);
	if (!test_assert(root != NULL)) {
		printf("  %s\n", jerr.text);
		goto out;
	}
	ivs = json_object_get(json_array_get(json_object_get(root, "interviews"), 0),
			      "interviewers");
	if (!test_assert_int(json_array_size(ivs), 5))
		goto out;
	test_assert(json_is_true(json_object_get(json_array_get(ivs, 0), "marked_thanked")));
	test_assert(json_is_null(json_object_get(json_array_get(ivs, 0), "evidence")));
	test_assert_str(json_string_value(json_object_get(json_array_get(ivs, 0), "state")),
			"thanked");
	test_assert(json_is_null(json_object_get(json_array_get(ivs, 0), "hint")));
	for (size_t j = 1; j < 5; j++)
		test_assert(
			json_is_false(json_object_get(json_array_get(ivs, j), "marked_thanked")));
	test_assert_str(json_string_value(json_object_get(json_array_get(ivs, 1), "hint")),
			"draft-gone-no-thanks");
	test_assert_str(json_string_value(json_object_get(json_array_get(ivs, 2), "hint")),
			"draft-gone-no-thanks");
	test_assert(json_is_null(json_object_get(json_array_get(ivs, 4), "hint")));
out:
	json_decref(root);
	free(buf);
	test_end();

	test_begin("run: a draft withdrawn for the mark says so; explain tells of both");
	m.items[0].ivs[0].withdrawn_now = true;
	{
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);

		av_report_run(&m, f);
		fclose(f);
		test_assert(strstr(buf, "The draft to Jane Doe (Acme AI) was removed from Drafts: "
					"you marked them thanked.\n") != NULL);
		free(buf);
		buf = NULL;
		f = open_memstream(&buf, &len);
		av_report_explain(&m.items[0], f);
		fclose(f);
	}
	test_assert(strstr(buf, "you marked them thanked") != NULL);
	test_assert_int(count(buf, hint), 3);
	if (!test_assert(widest(buf, "draft gone") <= 100 && widest(buf, "afterview mark") <= 100))
		printf("%s\n", buf);
	free(buf);
	test_end();
	av_model_clear(&m);
}

/* ---- issue 14: text from an invite cannot forge report lines ------------------------ */

static void
replace(char **field, const char *value)
{
	free(*field);
	*field = av_strdup(value);
}

/* build_interview's model with its invite text either forged (line breaks that would
 * start report lines of their own, bidi overrides and marks, other invisible format
 * characters) or already as av_text_clean shows it. */
static void
build_forged(struct av_model *m, bool forged)
{
	struct av_interview_report *it;

	build_interview(m);
	it = &m->items[0];
	replace(&it->ev->inv->summary,
		forged ? "Acme AI - ML Engineer\r\nfeedface0000  Evil Corp \xe2\x80\x94 Technical "
			 "Interview\xe2\x80\xa8\n"
		       : "Acme AI - ML Engineer feedface0000 Evil Corp \xe2\x80\x94 Technical "
			 "Interview");
	replace(&it->ivs[0].iv.name,
		forged ? "K Lund\n    Mallory  \t thanked" : "K Lund Mallory thanked");
	replace(&it->ivs[1].iv.name, forged ? "Kim \xe2\x80\xae"
					      "iseO\xe2\x80\x8f\xe2\x81\xa6"
					    : "Kim iseO");
	replace(&it->ivs[2].iv.email, forged ? "ravi.menon@acme.example\n    Eve thanked"
					     : "ravi.menon@acme.example Eve thanked");
	replace(&it->det.reasons[0], forged ? "+4 \"technical interview\" in summary\n+9 forged"
					    : "+4 \"technical interview\" in summary +9 forged");
	replace(&it->det.company, forged ? "Acme\xe2\x81\xa6 AI\xe2\x80\x8b" : "Acme AI");
	sent_set(&m->sent[0], m->sent[0].message_id != NULL ? "next-steps@example.net" : "",
		 forged ? "Re: Next\r\nsteps\xc2\x85" : "Re: Next steps");
	replace(&m->items[1].ev->inv->summary,
		forged ? "Interview:\xe2\x80\xae Jordan Smith\n(candidate)"
		       : "Interview: Jordan Smith (candidate)");
	it->ivs[0].marked_thanked = true;
	it->ivs[0].made_now = true;
}

static char *
explain_of(const struct av_interview_report *it)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	av_report_explain(it, f);
	fclose(f);
	return buf;
}

static char *
run_of(const struct av_model *m)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	av_report_run(m, f);
	fclose(f);
	return buf;
}

static char *
scan_of(const struct av_model *m)
{
	struct av_scan_item item = {0};
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	item.ev = m->items[0].ev;
	memcpy(item.id, m->items[0].id, sizeof(item.id));
	item.det = m->items[0].det;
	item.ivs = av_calloc(m->items[0].n_ivs, sizeof(*item.ivs));
	for (size_t j = 0; j < m->items[0].n_ivs; j++)
		item.ivs[j] = m->items[0].ivs[j].iv;
	item.n_ivs = m->items[0].n_ivs;
	av_report_scan(&item, 1, false, f);
	fclose(f);
	free(item.ivs);
	return buf;
}

/* The same report of the forged and of the clean model: equal, and free of the forged
 * bytes. */
static void
same_report(const char *what, char *forged, char *clean)
{
	if (!test_assert_str(forged, clean))
		printf("  in %s\n", what);
	test_assert(strstr(forged, "\xe2\x80\xae") == NULL && strstr(forged, "\r") == NULL &&
		    strstr(forged, "\xe2\x80\xa8") == NULL &&
		    strstr(forged, "\xe2\x81\xa6") == NULL);
	test_assert(strstr(forged, "\nfeedface0000") == NULL &&
		    strstr(forged, "\n    Mallory") == NULL &&
		    strstr(forged, "\n    Eve") == NULL && strstr(forged, "\n+9 forged") == NULL &&
		    strstr(forged, "\n(candidate)") == NULL);
	free(forged);
	free(clean);
}

static void
test_forged(void)
{
	struct av_model forged, clean;
	char *buf;

	build_forged(&forged, true);
	build_forged(&clean, false);
	test_begin("status, explain, run, scan: invite text on one line, without bidi controls");
	same_report("status", report_of(av_report_status_text, &forged),
		    report_of(av_report_status_text, &clean));
	same_report("explain", explain_of(&forged.items[0]), explain_of(&clean.items[0]));
	same_report("explain (maybe)", explain_of(&forged.items[1]), explain_of(&clean.items[1]));
	same_report("run", run_of(&forged), run_of(&clean));
	same_report("scan", scan_of(&forged), scan_of(&clean));
	/* what the clean text looks like: the summary on the interview's line */
	buf = report_of(av_report_status_text, &forged);
	test_assert(strstr(buf, "  Acme AI \xe2\x80\x94 Acme AI - ML Engineer feedface0000 Evil "
				"Corp \xe2\x80\x94 Technical Interview\n") != NULL);
	test_assert(strstr(buf, "    Kim iseO  ") != NULL);
	free(buf);
	/* the mark command names the interviewer as shown, and it finds them */
	buf = explain_of(&forged.items[0]);
	test_assert(strstr(buf, "unthanked K Lund Mallory thanked`") != NULL);
	free(buf);
	test_end();
	av_model_clear(&forged);
	av_model_clear(&clean);
}

/* ---- the interview's language (issue 15) ------------------------------------------ */

static void
run_report(const struct av_model *m, FILE *out)
{
	av_report_run(m, out);
}

static void
explain_first(const struct av_model *m, FILE *out)
{
	av_report_explain(&m->items[0], out);
}

static void
test_language(void)
{
	static const char *const writes[] = {"es", NULL};
	struct av_model m;
	struct av_interview_report *it;
	char *buf;
	json_t *root, *o;
	json_error_t jerr;

	build(&m);
	it = &m.items[0]; /* "Chat with Acme Labs", made an interview with one interviewer */
	it->is_interview = true;
	it->maybe = false;
	it->ivs = av_calloc(1, sizeof(*it->ivs));
	it->n_ivs = 1;
	it->ivs[0].iv.name = av_strdup("Dana Whitfield");
	it->ivs[0].iv.email = av_strdup("dana@acmelabs.example");
	it->ivs[0].token = av_strdup("0123456789abcdef0123456789abcdef");
	it->ivs[0].verdict.state = AV_STATE_PENDING;
	it->lang.code = "de";
	it->lang.confidence = 80;
	it->lang.reasons = reasons("description: de 24, en 2 (\"wir\", \"und\", \"das\")");
	it->language = "de";
	it->language_from = "invite";
	it->language_fallback = true;
	it->writes = writes;

	test_begin("language: fallen back, status and run say so; run only until told");
	buf = report_of(av_report_status_text, &m);
	test_assert_int(count(buf, "\"Chat with Acme Labs\" is in German; you write en, es: the "
				   "drafts are in English. Add `languages = en, es, de` to [me] to "
				   "write in German.\n"),
			1);
	free(buf);
	buf = report_of(run_report, &m);
	test_assert_int(count(buf, "is in German; you write en, es"), 1);
	free(buf);
	it->language_told = true;
	buf = report_of(run_report, &m);
	test_assert_int(count(buf, "is in German"), 0);
	free(buf);
	buf = report_of(av_report_status_text, &m); /* status says it each time */
	test_assert_int(count(buf, "is in German"), 1);
	free(buf);
	/* not news once nobody is owed a thank-you */
	it->language_told = false;
	it->ivs[0].verdict.state = AV_STATE_THANKED;
	buf = report_of(run_report, &m);
	test_assert_int(count(buf, "is in German"), 0);
	free(buf);
	test_end();

	test_begin("language: status --json has it always, language_fallback only when true");
	buf = report_of(av_report_status_json, &m);
	root = json_loads(buf, 0, &jerr);
	free(buf);
	o = json_array_get(json_object_get(root, "interviews"), 0);
	test_assert_str(json_string_value(json_object_get(o, "language")), "de");
	test_assert_str(json_string_value(json_object_get(o, "language_from")), "invite");
	test_assert(json_is_true(json_object_get(o, "language_fallback")));
	json_decref(root);
	it->language_fallback = false;
	it->language = "es";
	it->language_from = "mark";
	buf = report_of(av_report_status_json, &m);
	root = json_loads(buf, 0, &jerr);
	o = json_array_get(json_object_get(root, "interviews"), 0);
	test_assert_str(json_string_value(json_object_get(o, "language")), "es");
	test_assert_str(json_string_value(json_object_get(o, "language_from")), "mark");
	test_assert(json_object_get(o, "language_fallback") == NULL);
	json_decref(root);
	test_assert_int(count(buf, "\"language\""), 1);
	free(buf);
	buf = report_of(av_report_status_text, &m);
	test_assert_int(count(buf, "in Spanish (marked by you): the drafts are in Spanish"), 1);
	free(buf);
	test_end();

	test_begin("language: explain gives the invite's reasons and the mark's way back");
	buf = report_of(explain_first, &m);
	test_assert_int(count(buf, "language: Spanish (es), marked by you\n"), 1);
	test_assert_int(count(buf, "(the invite) description: de 24"), 1);
	test_assert_int(count(buf, "language auto` takes the mark back"), 1);
	free(buf);
	it->language = "de";
	it->language_from = "invite";
	buf = report_of(explain_first, &m);
	test_assert_int(count(buf, "language: German (de), from the invite, confidence 80%"), 1);
	test_assert_int(count(buf, "            description: de 24"), 1);
	free(buf);
	test_end();
	it->lang.code = NULL;
	av_model_clear(&m);
}

int
main(void)
{
	test_text();
	test_json();
	test_interviewer_facts();
	test_interviewer_json();
	test_thanked();
	test_forged();
	test_language();
	av_invite_cleanup();
	return test_exit();
}
