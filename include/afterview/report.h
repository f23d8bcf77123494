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
 * in the person's words; then each maybe (model.h) as "maybe an interview: … —
 * `afterview mark ID interview` if it is". */
void av_report_status_text(const struct av_model *m, FILE *out);
/* The same as one JSON object: {"now": ..., "interviews": [...], "maybe": [{"id", "uid",
 * "summary", "company", "start", "end", "score", "reasons"}], ...}. */
void av_report_status_json(const struct av_model *m, FILE *out);
/* Why an event is (or is not) an interview (or maybe one), and its interviewers. */
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

/* After `run`: the drafts made now, the deadlines that need the person, and the maybes
 * not told yet (model.h: av_model_maybes_told records them after); nothing when nothing
 * needs them (cron mails whatever is printed). Returns the lines printed. */
unsigned av_report_run(const struct av_model *m, FILE *out);

#endif
