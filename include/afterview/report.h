/* SPDX-License-Identifier: GPL-3.0-or-later */
/* afterview — what the person reads: the status table, status --json (design.md's
 * shape), explain, the run's report, and scan's output. report.c is the only file that
 * includes jansson. No function here fails (a write error stays on out, for the caller's
 * ferror).
 */
#ifndef AFTERVIEW_REPORT_H
#define AFTERVIEW_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "afterview/model.h"

/* The interviews (events judged interviews), their interviewers and states, as a table
 * in the person's words, with a line under an interviewer whose draft is to come or
 * waiting when it greets without a name or their address needs a check, and the
 * question about an unsure reply, and a line with the interview's language when it is
 * not the default (or fell back: model.h); then each maybe (model.h) as "maybe an interview: … —
 * `afterview mark ID interview` if it is". An unknown employer is left out. */
void av_report_status_text(const struct av_model *m, FILE *out);
/* The same as one JSON object (doc/afterview.1): {"now": ..., "interviews": [{"id",
 * "uid", "summary", "company", "domain", "start", "end", "cancelled", "score", "reasons",
 * "language" (ISO 639-1, always), "language_from" ("invite"|"config"|"mark"),
 * "language_fallback": true (only when the drafts fell back to the default language),
 * "interviewers": [{"name", "email", "source", "greeting": "name"|"neutral",
 * "address_check": null|"not-at-employer"|"from-other-mail", "state", "deadline",
 * "send_by", "evidence", "unsure_reply", "draft"}]}], "maybe": [{"id", "uid", "summary",
 * "company", "start", "end", "score", "reasons"}], "tools_to_learn": [...], "pulse":
 * {...}}. Keys are only added, never renamed or removed. */
void av_report_status_json(const struct av_model *m, FILE *out);
/* Why an event is (or is not) an interview (or maybe one, or the person's own panel):
 * the employer's name and which clue gave it (det.company_from), its domain, the score's
 * reasons, the mark, the interview's language with the reasons, and its interviewers with
 * the remarks status shows. */
void av_report_explain(const struct av_interview_report *it, FILE *out);
/* One event as scan read it from message files. */
struct av_scan_item {
	const struct av_event *ev; /* foreign */
	char id[AV_EVENT_ID_SIZE];
	struct av_detection det;    /* owned by the caller */
	struct av_interviewer *ivs; /* owned by the caller */
	size_t n_ivs;
};
/* scan's output: what was understood of each event, as text or as JSON in the shape of
 * status --json's interview objects (plus "interview", "all_day", "source", "versions"). */
void av_report_scan(const struct av_scan_item *items, size_t n, bool json, FILE *out);

/* After `run`: the drafts made now, the deadlines that need the person, the unsure
 * replies to interviewers still pending or drafted, the language fallbacks
 * (av_model_language_news) and the maybes not told yet (model.h: av_model_unsure_told,
 * av_model_languages_told and av_model_maybes_told record them after); nothing when nothing
 * needs them (cron mails whatever is printed). Returns the lines printed. */
unsigned av_report_run(const struct av_model *m, FILE *out);

/* The job hunt's pulse as status shows it: interviews (not cancelled, started by m->now)
 * per week, newest first: per_week[0] the last 7 days, per_week[w] the 7 days before
 * per_week[w-1], for n_weeks weeks. */
void av_report_pulse_weeks(const struct av_model *m, unsigned *per_week, size_t n_weeks);

/* t in the interview's zone (its offset at the start), as status writes it ("Thu 22 Oct
 * 10:00"), into buf (32 bytes are enough); returns buf. */
char *av_report_when(const struct av_invite *inv, time_t t, char *buf, size_t len);

#endif
