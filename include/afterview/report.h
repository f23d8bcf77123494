/* afterview — what the person reads: the status table, status --json (design.md's
 * shape), explain, the run's report, and scan's output. report.c and afterview.c are
 * the only files that include jansson.
 */
#ifndef AFTERVIEW_REPORT_H
#define AFTERVIEW_REPORT_H

#include <stdio.h>

#include "afterview/engine.h"

/* The interviews (events judged interviews), their interviewers and states, as a table
 * in the person's words. */
void av_report_status_text(const struct av_model *m, FILE *out);
/* The same as one JSON object: {"now": ..., "interviews": [...]}. */
void av_report_status_json(const struct av_model *m, FILE *out);
/* Why an event is (or is not) an interview, and its interviewers. */
void av_report_explain(const struct av_interview_report *it, FILE *out);
/* After `run`: the drafts made now and the deadlines that need the person; nothing when
 * nothing needs them (cron mails whatever is printed). Returns the lines printed. */
unsigned av_report_run(const struct av_model *m, FILE *out);

#endif
