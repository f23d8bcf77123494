/* SPDX-License-Identifier: GPL-3.0-or-later */
/* report.c on a model built by hand (no store, no mailbox): how a maybe reads in status,
 * status --json, explain and run, and that nothing else is listed as one. status --json
 * is parsed back with jansson. */
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
	test_assert(strstr(buf, "(company unknown) — \"Conversation with Birch\"") != NULL);
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

int
main(void)
{
	test_text();
	test_json();
	av_invite_cleanup();
	return test_exit();
}
