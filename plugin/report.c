/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "afterview/draft.h"
#include "afterview/log.h"
#include "afterview/report.h"
#include "afterview/text.h"

/* Text from invites, mail and the notes as the text reports show it: cleaned as drafts
 * clean theirs (av_text_clean: one line, no control, bidi or other invisible format
 * characters), so that a SUMMARY with line breaks cannot forge report lines and a name
 * with U+202E cannot display as another. The strings stay in the pool until
 * shown_clear. (JSON keeps the text as it is: jansson escapes what JSON needs.) */
struct shown {
	char **v;
	size_t n;
};

/* s cleaned, or none when s is NULL or nothing of it is left. */
static const char *
show(struct shown *sh, const char *s, const char *none)
{
	char *c = av_text_clean(s, false);

	if (c == NULL)
		return none;
	sh->v = av_realloc(sh->v, (sh->n + 1) * sizeof(*sh->v));
	sh->v[sh->n++] = c;
	return c;
}

static void
shown_clear(struct shown *sh)
{
	for (size_t i = 0; i < sh->n; i++)
		free(sh->v[i]);
	free(sh->v);
	sh->v = NULL;
	sh->n = 0;
}

/* A deadline closer than this is worth a line in cron's mail. */
#define NEAR_SECONDS (6 * 3600)

/* Local time of the interview's zone (its offset at the start), e.g. "Thu 22 Oct 10:00". */
char *
av_report_when(const struct av_invite *inv, time_t t, char *buf, size_t len)
{
	time_t local = t + inv->utc_offset;
	struct tm tm;

	gmtime_r(&local, &tm);
	strftime(buf, len, "%a %d %b %H:%M", &tm);
	return buf;
}

/* Print s left-aligned in width columns, counting UTF-8 characters, not bytes. */
static void
print_padded(FILE *out, const char *s, int width)
{
	int cols = 0;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p & 0xc0) != 0x80)
			cols++;
	fputs(s, out);
	while (cols++ < width)
		fputc(' ', out);
}

/* " (Acme Labs)" after a name, or nothing when the employer is not known: a sentence
 * reads better without it than with "(company unknown)". */
static const char *
paren_company(const struct av_interview_report *it, char *buf, size_t len)
{
	char *c = av_text_clean(it->det.company, false);

	if (c == NULL)
		return "";
	snprintf(buf, len, " (%s)", c);
	free(c);
	return buf;
}

/* "Acme Labs — " before a summary, or nothing. */
static const char *
company_dash(const struct av_interview_report *it, char *buf, size_t len)
{
	char *c = av_text_clean(it->det.company, false);

	if (c == NULL)
		return "";
	snprintf(buf, len, "%s — ", c);
	free(c);
	return buf;
}

#define COMPANY_BUF 128

/* Where the employer's name was read, for explain (detect.h: company_from). */
static const char *
company_from_text(const char *from)
{
	static const struct {
		const char *from, *text;
	} texts[] = {
		{"config", "your config's [company] section"},
		{"summary", "the invite's summary"},
		{"subject", "the message's subject"},
		{"display name", "the sender's display name"},
		{"signature", "a signature in the description"},
		{"relay label", "the recruiting system's address"},
		{"domain", "the domain"},
	};

	for (size_t i = 0; from != NULL && i < sizeof(texts) / sizeof(texts[0]); i++)
		if (strcmp(from, texts[i].from) == 0)
			return texts[i].text;
	return NULL;
}

/* One event close to the line, for the person to decide (status and run); returns the
 * lines printed. */
static unsigned
maybe_line(const struct av_interview_report *it, FILE *out)
{
	const struct av_invite *inv = it->ev->inv;
	char when[32];
	int off = inv->utc_offset / 60;

	char co[COMPANY_BUF];
	struct shown sh = {0};

	fprintf(out,
		"maybe an interview: %s  %s\"%s\", %s (UTC%c%02d:%02d) — `afterview mark %s "
		"interview` if it is\n",
		it->id, company_dash(it, co, sizeof(co)), show(&sh, inv->summary, "(no summary)"),
		av_report_when(inv, inv->start, when, sizeof(when)), off < 0 ? '-' : '+',
		abs(off) / 60, abs(off) % 60, it->id);
	shown_clear(&sh);
	if (!it->not_mine)
		return 1;
	fprintf(out,
		"    (the invite looks like one you sit on as an interviewer: "
		"`afterview explain %s` says why)\n",
		it->id);
	return 2;
}

/* "en, es": the languages the person writes, the default first. Malloc'd. */
static char *
writes_list(const struct av_interview_report *it, const char *plus)
{
	struct av_buf b;

	av_buf_init(&b);
	av_buf_puts(&b, AV_LANGUAGE_DEFAULT);
	for (const char *const *l = it->writes; l != NULL && *l != NULL; l++)
		if (strcmp(*l, AV_LANGUAGE_DEFAULT) != 0)
			av_buf_printf(&b, ", %s", *l);
	if (plus != NULL)
		av_buf_printf(&b, ", %s", plus);
	return av_buf_steal(&b);
}

/* An interview in a language the person does not write: its drafts are in the default
 * language (status, and run once). Returns the lines printed. */
static unsigned
fallback_line(const struct av_interview_report *it, const char *indent, FILE *out)
{
	char *writes = writes_list(it, NULL), *advice = writes_list(it, it->language);
	struct shown sh = {0};

	fprintf(out,
		"%s%s \"%s\" is in %s; you write %s: the drafts are in %s. Add `languages = %s` "
		"to [me] to write in %s.\n",
		indent, it->id, show(&sh, it->ev->inv->summary, "(no summary)"),
		av_language_name(it->language), writes, av_language_name(AV_LANGUAGE_DEFAULT),
		advice, av_language_name(it->language));
	shown_clear(&sh);
	free(writes);
	free(advice);
	return 1;
}

/* Where the interview's language came from, for status and explain. */
static const char *
language_from_text(const char *from)
{
	return from == NULL		     ? "?"
	       : strcmp(from, "mark") == 0   ? "marked by you"
	       : strcmp(from, "config") == 0 ? "[company] language in the config"
					     : "from the invite";
}

/* The job hunt's pulse, from the interviews in the model. */
#define PULSE_WEEKS	8
#define IN_PROCESS_DAYS 30
#define QUIET_DAYS	10

struct pulse {
	unsigned per_week[PULSE_WEEKS]; /* [0]: the last 7 days */
	const char *companies[64];	/* foreign: in process (interview in the last 30 days
					   or still to come) */
	size_t n_companies;
	long days_since_new; /* since the newest interview invitation; -1 none */
	const char *nudge;   /* static or NULL */
};

void
av_report_pulse_weeks(const struct av_model *m, unsigned *per_week, size_t n_weeks)
{
	memset(per_week, 0, n_weeks * sizeof(*per_week));
	for (size_t i = 0; i < m->n_items; i++) {
		const struct av_interview_report *it = &m->items[i];
		const struct av_invite *inv = it->ev->inv;
		long age = (long)((m->now - inv->start) / 86400);

		if (!it->is_interview || it->ev->cancelled)
			continue;
		if (inv->start <= m->now && (size_t)age < n_weeks * 7)
			per_week[age / 7]++;
	}
}

static void
pulse_of(const struct av_model *m, struct pulse *p)
{
	time_t newest = 0;

	memset(p, 0, sizeof(*p));
	p->days_since_new = -1;
	av_report_pulse_weeks(m, p->per_week, PULSE_WEEKS);
	for (size_t i = 0; i < m->n_items; i++) {
		const struct av_interview_report *it = &m->items[i];
		const struct av_invite *inv = it->ev->inv;
		long age = (long)((m->now - inv->start) / 86400);
		bool known = false;

		if (!it->is_interview || it->ev->cancelled)
			continue;
		if (inv->dtstamp > newest && inv->dtstamp <= m->now)
			newest = inv->dtstamp;
		if (it->det.company == NULL || age >= IN_PROCESS_DAYS)
			continue;
		for (size_t k = 0; k < p->n_companies; k++)
			known = known || strcmp(p->companies[k], it->det.company) == 0;
		if (!known && p->n_companies < 64)
			p->companies[p->n_companies++] = it->det.company;
	}
	if (newest != 0)
		p->days_since_new = (long)((m->now - newest) / 86400);
	if (p->days_since_new >= QUIET_DAYS)
		p->nudge = "No new interview for a while: a good week to send a few applications.";
	else if (p->n_companies == 1)
		p->nudge = "Only one company is left in process: keep other doors open until an "
			   "offer is signed.";
}

/* Tools to learn from the notes, and the pulse, after the table. */
static void
report_learning_text(const struct av_model *m, FILE *out)
{
	struct pulse p;
	bool any = false;
	struct shown sh = {0};

	for (size_t i = 0; i < m->n_items; i++) {
		const struct av_interview_report *it = &m->items[i];

		for (char **t = it->notes ? it->notes->tools : NULL; t && *t; t++) {
			if (!any)
				fprintf(out, "Tools to learn (from your notes):\n");
			any = true;
			if (show(&sh, it->det.company, NULL) != NULL)
				fprintf(out, "  - %s  (%s, %s)\n", show(&sh, *t, ""),
					show(&sh, it->det.company, ""), it->id);
			else
				fprintf(out, "  - %s  (%s)\n", show(&sh, *t, ""), it->id);
		}
	}
	if (any)
		fprintf(out, "\n");
	pulse_of(m, &p);
	fprintf(out, "Job hunt:\n  interviews per week, newest first:");
	for (int w = 0; w < PULSE_WEEKS; w++)
		fprintf(out, " %u", p.per_week[w]);
	fprintf(out, "\n  companies in process:%s", p.n_companies ? "" : " none");
	for (size_t k = 0; k < p.n_companies; k++)
		fprintf(out, "%s %s", k ? "," : "", show(&sh, p.companies[k], "?"));
	fprintf(out, "\n");
	if (p.days_since_new >= 0)
		fprintf(out, "  days since the last new interview invitation: %ld\n",
			p.days_since_new);
	if (p.nudge != NULL)
		fprintf(out, "  %s\n", p.nudge);
	shown_clear(&sh);
}

static bool
panel_drafted(const struct av_interview_report *it)
{
	for (size_t j = 0; j < it->n_ivs; j++)
		if (it->ivs[j].verdict.state == AV_STATE_DRAFTED)
			return true;
	return false;
}

/* status --json's "address_check": what to check about an interviewer's address. */
static const char *
address_check(const struct av_interviewer *iv)
{
	if (iv->email == NULL)
		return NULL;
	if (iv->email_from_mail)
		return "from-other-mail";
	if (iv->email_foreign)
		return "not-at-employer";
	return NULL;
}

/* What the person should know before sending an interviewer's draft, one remark a line
 * after indent: a greeting without a name, an address found in other mail, or written
 * in the description at a domain none of the invite's people is at. */
static unsigned
iv_remarks(FILE *out, const char *indent, const struct av_interview_report *it,
	   const struct av_interviewer *iv)
{
	const char *d = it->employer_domain;
	const char *check = address_check(iv);
	unsigned n = 0;
	struct shown sh = {0};

	if (!av_draft_greets_by_name(iv)) {
		fprintf(out, "%s%s: the draft greets them without a name\n", indent,
			iv->name_initial_only ? "only an initial is known"
			: iv->name_guessed    ? "no name known (guessed from the address)"
					      : "no name known");
		n++;
	}
	if (check != NULL && strcmp(check, "from-other-mail") == 0) {
		fprintf(out, "%saddress %s found in your other mail, not in the invite: check it\n",
			indent, show(&sh, iv->email, "?"));
		n++;
	} else if (check != NULL) {
		fprintf(out, "%saddress %s (from the description) is not at %s: check it\n", indent,
			show(&sh, iv->email, "?"),
			show(&sh, d, "the domain of anyone in the invite"));
		n++;
	}
	shown_clear(&sh);
	return n;
}

/* Does a remark about greeting or address still help: is a draft to come or waiting? */
static bool
remarks_matter(const struct av_verdict *v)
{
	return v->state == AV_STATE_NOT_DUE || v->state == AV_STATE_PENDING ||
	       v->state == AV_STATE_DRAFTED;
}

static time_t
sent_time(const struct av_sent *s)
{
	return s->date ? s->date : s->internaldate;
}

/* Status lines are kept to this many columns where they can be. */
#define STATUS_COLUMNS 100

static size_t
columns(const char *s)
{
	size_t cols = 0;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		cols += (*p & 0xc0) != 0x80;
	return cols;
}

/* name as one shell word or more (mark joins the words of NAME with spaces): as it is
 * when nothing in it means anything to a shell, else in single quotes. malloc'd. */
static char *
shell_name(const char *name)
{
	struct av_buf b;

	if (strpbrk(name, "'\"\\$`!*?[]{}()<>|&;#~=%^\t\n") == NULL)
		return av_strdup(name);
	av_buf_init(&b);
	av_buf_puts(&b, "'");
	for (const char *p = name; *p; p++)
		if (*p == '\'')
			av_buf_puts(&b, "'\\''");
		else
			av_buf_append(&b, p, 1);
	av_buf_puts(&b, "'");
	return av_buf_steal(&b);
}

/* `afterview mark ID VERB NAME` for r (malloc'd): by name, or by address when the name
 * alone does not tell r from another interviewer. */
static char *
mark_command(const struct av_interview_report *it, const struct av_iv_report *r, const char *verb)
{
	bool ambiguous;
	struct shown sh = {0};
	/* the name as shown designates r as the raw one does (av_text_name_key) */
	const char *who =
		av_model_find_interviewer(it, r->iv.name, &ambiguous) == r || r->iv.email == NULL
			? show(&sh, r->iv.name, "?")
			: show(&sh, r->iv.email, "?");
	char *name = shell_name(who), *cmd;

	cmd = av_asprintf("`afterview mark %s %s %s`", it->id, verb, name);
	free(name);
	shown_clear(&sh);
	return cmd;
}

/* text, then the mark command for r: on one line when it fits in STATUS_COLUMNS, else
 * the command on a line of its own. */
static void
mark_hint(FILE *out, const char *indent, const struct av_interview_report *it,
	  const struct av_iv_report *r, const char *text, const char *verb)
{
	char *cmd = mark_command(it, r, verb);

	if (columns(indent) + columns(text) + 1 + columns(cmd) <= STATUS_COLUMNS)
		fprintf(out, "%s%s %s\n", indent, text, cmd);
	else
		fprintf(out, "%s%s\n%s  %s\n", indent, text, indent, cmd);
	free(cmd);
}

/* Our draft left Drafts and Sent shows no thank-you: perhaps it went from a client that
 * keeps no copy in Sent. */
static void
gone_hint(FILE *out, const char *indent, const struct av_interview_report *it,
	  const struct av_iv_report *r)
{
	mark_hint(out, indent, it, r,
		  "draft gone, no thank-you in Sent — sent from a client without a Sent copy?",
		  "thanked");
}

void
av_report_status_text(const struct av_model *m, FILE *out)
{
	char now[AV_TIME_UTC_SIZE];
	unsigned shown = 0, maybes = 0;
	struct shown sh = {0};

	fprintf(out, "afterview status at %s\n\n", av_time_utc(m->now, now));
	for (size_t i = 0; i < m->n_items; i++) {
		const struct av_interview_report *it = &m->items[i];
		const struct av_invite *inv = it->ev->inv;
		char when[32], a[32], b[32], co[COMPANY_BUF];
		int off = inv->utc_offset / 60;

		if (!it->is_interview)
			continue;
		shown++;
		fprintf(out, "%s  %s%s\n", it->id, company_dash(it, co, sizeof(co)),
			show(&sh, inv->summary, "(no summary)"));
		fprintf(out, "    %s %s%s(UTC%c%02d:%02d)%s\n",
			av_report_when(inv, inv->start, when, sizeof(when)),
			show(&sh, inv->zone, ""), inv->zone ? " " : "", off < 0 ? '-' : '+',
			abs(off) / 60, abs(off) % 60, it->ev->cancelled ? "  CANCELLED" : "");
		if (it->language_fallback)
			fallback_line(it, "    ", out);
		else if (it->language != NULL && strcmp(it->language, AV_LANGUAGE_DEFAULT) != 0)
			fprintf(out, "    in %s (%s): the drafts are in %s\n",
				av_language_name(it->language),
				language_from_text(it->language_from),
				av_language_name(it->language));
		if (it->n_ivs == 0)
			fprintf(out, "    no interviewers found (afterview explain %s)\n", it->id);
		if (it->n_ivs > 1 && panel_drafted(it))
			fprintf(out, "    each interviewer's draft is worded differently (a panel "
				     "compares notes)\n");
		for (size_t j = 0; j < it->n_ivs; j++) {
			const struct av_iv_report *r = &it->ivs[j];
			const struct av_verdict *v = &r->verdict;

			/* no padding at the end of a line */
			bool more = v->state == AV_STATE_PENDING || v->state == AV_STATE_DRAFTED ||
				    v->evidence != NULL || r->draft_deleted || r->marked_thanked ||
				    (r->has_draft && r->draft.state == AV_DRAFT_EDITED) ||
				    r->iv.email == NULL;

			fprintf(out, "    ");
			print_padded(out, show(&sh, r->iv.name, "?"), 28);
			fprintf(out, more ? " %-14s" : " %s", av_state_name(v->state));
			if (v->state == AV_STATE_PENDING || v->state == AV_STATE_DRAFTED)
				fprintf(out, " send by %s, at the latest %s",
					av_report_when(inv, v->send_by, a, sizeof(a)),
					av_report_when(inv, v->deadline, b, sizeof(b)));
			else if (v->evidence != NULL)
				fprintf(out, " \"%s\"", show(&sh, v->evidence->subject, ""));
			if (v->state == AV_STATE_DRAFTED && r->has_draft && r->draft.variant != 0)
				fprintf(out, " (wording variant %u)", r->draft.variant);
			if (r->marked_thanked)
				fprintf(out, " (marked by you)");
			if (r->has_draft && r->draft.state == AV_DRAFT_EDITED)
				fprintf(out, " (you edited the draft: afterview leaves it alone)");
			if (r->iv.email == NULL && r->has_draft && r->draft.to_seen != NULL)
				fprintf(out, " (address in your draft: %s)",
					show(&sh, r->draft.to_seen, "?"));
			else if (r->iv.email == NULL)
				fprintf(out, " (no address known)");
			fprintf(out, "\n");
			if (remarks_matter(v))
				iv_remarks(out, "      ", it, &r->iv);
			if (r->draft_gone)
				gone_hint(out, "      ", it, r);
			if (v->unsure != NULL)
				fprintf(out,
					"      a reply went to %s at %s — still send a "
					"thank-you?\n",
					show(&sh, r->iv.name, "?"),
					av_report_when(inv, sent_time(v->unsure), a, sizeof(a)));
		}
		fprintf(out, "\n");
		shown_clear(&sh);
	}
	if (shown == 0)
		fprintf(out, "no interviews found yet\n");
	for (size_t i = 0; i < m->n_items; i++)
		if (m->items[i].maybe) {
			if (maybes++ == 0)
				fprintf(out, "\n");
			maybe_line(&m->items[i], out);
		}
	if (maybes > 0)
		fprintf(out, "\n");
	report_learning_text(m, out);
}

static json_t *
time_json(time_t t)
{
	char buf[AV_TIME_UTC_SIZE];

	return json_string(av_time_utc(t, buf));
}

static json_t *
str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* The draft of afterview's for r as status --json shows it: "afterview" (ours, as made),
 * "edited" (the person saved or flagged it: theirs now), "removed" (gone from Drafts: sent
 * or deleted by the person); null when there is none (never made, being made, or
 * withdrawn by afterview itself). */
static json_t *
draft_json(const struct av_iv_report *r)
{
	const char *state;

	if (!r->has_draft)
		return json_null();
	switch (r->draft.state) {
	case AV_DRAFT_APPENDED:
		state = "afterview";
		break;
	case AV_DRAFT_EDITED:
		state = "edited";
		break;
	case AV_DRAFT_GONE:
		state = "removed";
		break;
	default:
		return json_null();
	}
	return json_pack("{s:o, s:I, s:s, s:o}", "message_id", str_or_null(r->draft.message_id),
			 "uid", (json_int_t)r->draft.uid, "state", state, "address",
			 str_or_null(r->draft.to_seen));
}

/* The events close to the line: what the person needs to decide on them. */
static json_t *
maybe_json(const struct av_model *m)
{
	json_t *arr = json_array();

	for (size_t i = 0; i < m->n_items; i++) {
		const struct av_interview_report *it = &m->items[i];
		json_t *reasons;

		if (!it->maybe)
			continue;
		reasons = json_array();
		for (char **r = it->det.reasons; r && *r; r++)
			json_array_append_new(reasons, json_string(*r));
		json_array_append_new(arr, json_pack("{s:s, s:s, s:o, s:o, s:o, s:o, s:i, s:o}",
						     "id", it->id, "uid", it->ev->inv->uid,
						     "summary", str_or_null(it->ev->inv->summary),
						     "company", str_or_null(it->det.company),
						     "start", time_json(it->ev->inv->start), "end",
						     time_json(it->ev->inv->end), "score",
						     it->det.score, "reasons", reasons));
	}
	return arr;
}

void
av_report_status_json(const struct av_model *m, FILE *out)
{
	json_t *root = json_object(), *arr = json_array();

	json_object_set_new(root, "now", time_json(m->now));
	for (size_t i = 0; i < m->n_items; i++) {
		const struct av_interview_report *it = &m->items[i];
		const struct av_invite *inv = it->ev->inv;
		json_t *o, *reasons, *ivs;

		if (!it->is_interview)
			continue;
		o = json_object();
		reasons = json_array();
		ivs = json_array();
		for (char **r = it->det.reasons; r && *r; r++)
			json_array_append_new(reasons, json_string(*r));
		if (it->mark >= 0)
			json_array_append_new(
				reasons,
				json_string(it->mark ? "marked as an interview by you"
						     : "marked as not an interview by you"));
		for (size_t j = 0; j < it->n_ivs; j++) {
			const struct av_iv_report *r = &it->ivs[j];
			const struct av_verdict *v = &r->verdict;
			json_t *iv = json_object();

			json_object_set_new(iv, "name", json_string(r->iv.name));
			json_object_set_new(iv, "email", str_or_null(r->iv.email));
			json_object_set_new(iv, "source",
					    json_string(av_interviewers_source_name(r->iv.source)));
			json_object_set_new(
				iv, "greeting",
				json_string(av_draft_greets_by_name(&r->iv) ? "name" : "neutral"));
			json_object_set_new(iv, "address_check",
					    str_or_null(address_check(&r->iv)));
			json_object_set_new(iv, "state", json_string(av_state_name(v->state)));
			json_object_set_new(iv, "deadline", time_json(v->deadline));
			json_object_set_new(iv, "send_by", time_json(v->send_by));
			if (v->evidence != NULL)
				json_object_set_new(
					iv, "evidence",
					json_pack("{s:o, s:o}", "message_id",
						  str_or_null(v->evidence->message_id), "date",
						  time_json(v->evidence->date
								    ? v->evidence->date
								    : v->evidence->internaldate)));
			else
				json_object_set_new(iv, "evidence", json_null());
			json_object_set_new(iv, "marked_thanked", json_boolean(r->marked_thanked));
			json_object_set_new(iv, "hint",
					    r->draft_gone ? json_string("draft-gone-no-thanks")
							  : json_null());
			json_object_set_new(
				iv, "unsure_reply",
				v->unsure == NULL
					? json_null()
					: json_pack("{s:o, s:o}", "message_id",
						    str_or_null(v->unsure->message_id), "date",
						    time_json(v->unsure->date
								      ? v->unsure->date
								      : v->unsure->internaldate)));
			json_object_set_new(iv, "draft", draft_json(r));
			json_array_append_new(ivs, iv);
		}
		json_object_set_new(o, "id", json_string(it->id));
		json_object_set_new(o, "uid", json_string(inv->uid));
		json_object_set_new(o, "summary", str_or_null(inv->summary));
		json_object_set_new(o, "company", str_or_null(it->det.company));
		json_object_set_new(o, "domain", str_or_null(it->det.domain));
		json_object_set_new(o, "start", time_json(inv->start));
		json_object_set_new(o, "end", time_json(inv->end));
		json_object_set_new(o, "cancelled", json_boolean(it->ev->cancelled));
		json_object_set_new(o, "score", json_integer(it->det.score));
		json_object_set_new(o, "reasons", reasons);
		json_object_set_new(o, "language",
				    json_string(it->language ? it->language : AV_LANGUAGE_DEFAULT));
		json_object_set_new(o, "language_from",
				    json_string(it->language_from ? it->language_from : "invite"));
		if (it->language_fallback)
			json_object_set_new(o, "language_fallback", json_true());
		json_object_set_new(o, "interviewers", ivs);
		json_array_append_new(arr, o);
	}
	json_object_set_new(root, "interviews", arr);
	json_object_set_new(root, "maybe", maybe_json(m));
	{
		json_t *tools = json_array(), *weeks = json_array(), *companies = json_array();
		struct pulse p;

		for (size_t i = 0; i < m->n_items; i++) {
			const struct av_interview_report *it = &m->items[i];

			for (char **t = it->notes ? it->notes->tools : NULL; t && *t; t++)
				json_array_append_new(tools,
						      json_pack("{s:s, s:s, s:o}", "tool", *t,
								"interview", it->id, "company",
								str_or_null(it->det.company)));
		}
		pulse_of(m, &p);
		for (int w = 0; w < PULSE_WEEKS; w++)
			json_array_append_new(weeks, json_integer(p.per_week[w]));
		for (size_t k = 0; k < p.n_companies; k++)
			json_array_append_new(companies, json_string(p.companies[k]));
		json_object_set_new(root, "tools_to_learn", tools);
		json_object_set_new(root, "pulse",
				    json_pack("{s:o, s:o, s:o, s:o}", "interviews_per_week", weeks,
					      "companies_in_process", companies,
					      "days_since_last_new_interview",
					      p.days_since_new >= 0 ? json_integer(p.days_since_new)
								    : json_null(),
					      "nudge", str_or_null(p.nudge)));
	}
	json_dumpf(root, out, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
	fputc('\n', out);
	json_decref(root);
}

static void
scan_text(const struct av_event *ev, const struct av_detection *det,
	  const struct av_interviewer *iv, size_t n_iv, const char *id, FILE *out)
{
	char s[AV_TIME_UTC_SIZE], e[AV_TIME_UTC_SIZE];
	const struct av_invite *inv = ev->inv;
	time_t local = inv->start + inv->utc_offset;
	struct tm tm;
	int off = inv->utc_offset / 60;
	struct shown sh = {0};

	gmtime_r(&local, &tm);
	fprintf(out, "%s  %s  %s\n", id, det->is_interview ? "INTERVIEW" : "not an interview",
		show(&sh, inv->summary, "(no summary)"));
	fprintf(out, "  when:     %s – %s (%02d:%02d local, UTC%c%02d:%02d%s%s)%s%s\n",
		av_time_utc(inv->start, s), av_time_utc(inv->end, e), tm.tm_hour, tm.tm_min,
		off < 0 ? '-' : '+', abs(off) / 60, abs(off) % 60, inv->zone ? " " : "",
		show(&sh, inv->zone, ""), inv->all_day ? ", all day" : "",
		ev->cancelled ? ", CANCELLED" : "");
	if (show(&sh, det->company, NULL) != NULL)
		fprintf(out, "  company:  %s\n", show(&sh, det->company, ""));
	fprintf(out, "  score:    %d\n", det->score);
	for (char **r = det->reasons; r && *r; r++)
		fprintf(out, "            %s\n", show(&sh, *r, ""));
	if (det->is_interview) {
		fprintf(out, "  interviewers:%s\n", n_iv == 0 ? " none found" : "");
		for (size_t i = 0; i < n_iv; i++)
			fprintf(out, "    %s%s <%s> (%s)\n", show(&sh, iv[i].name, "?"),
				iv[i].name_guessed ? " [name guessed]" : "",
				show(&sh, iv[i].email, "address unknown"),
				av_interviewers_source_name(iv[i].source));
	}
	fprintf(out, "  source:   %s (%u version%s)\n\n", show(&sh, ev->source, "?"), ev->versions,
		ev->versions == 1 ? "" : "s");
	shown_clear(&sh);
}

static json_t *
scan_json(const struct av_event *ev, const struct av_detection *det,
	  const struct av_interviewer *iv, size_t n_iv, const char *id)
{
	char s[AV_TIME_UTC_SIZE], e[AV_TIME_UTC_SIZE];
	json_t *o = json_object(), *reasons = json_array(), *ivs = json_array();

	for (char **r = det->reasons; r && *r; r++)
		json_array_append_new(reasons, json_string(*r));
	for (size_t i = 0; i < n_iv && det->is_interview; i++)
		json_array_append_new(ivs, json_pack("{s:s, s:o, s:s, s:b}", "name", iv[i].name,
						     "email", str_or_null(iv[i].email), "source",
						     av_interviewers_source_name(iv[i].source),
						     "name_guessed", iv[i].name_guessed));
	json_object_set_new(o, "id", json_string(id));
	json_object_set_new(o, "uid", json_string(ev->inv->uid));
	json_object_set_new(o, "summary", str_or_null(ev->inv->summary));
	json_object_set_new(o, "company", str_or_null(det->company));
	json_object_set_new(o, "start", json_string(av_time_utc(ev->inv->start, s)));
	json_object_set_new(o, "end", json_string(av_time_utc(ev->inv->end, e)));
	json_object_set_new(o, "all_day", json_boolean(ev->inv->all_day));
	json_object_set_new(o, "cancelled", json_boolean(ev->cancelled));
	json_object_set_new(o, "interview", json_boolean(det->is_interview));
	json_object_set_new(o, "score", json_integer(det->score));
	json_object_set_new(o, "reasons", reasons);
	json_object_set_new(o, "interviewers", ivs);
	json_object_set_new(o, "source", json_string(ev->source));
	json_object_set_new(o, "versions", json_integer(ev->versions));
	return o;
}

void
av_report_scan(const struct av_scan_item *items, size_t n, bool json, FILE *out)
{
	json_t *arr = json ? json_array() : NULL;

	for (size_t i = 0; i < n; i++) {
		const struct av_scan_item *it = &items[i];

		if (json)
			json_array_append_new(
				arr, scan_json(it->ev, &it->det, it->ivs, it->n_ivs, it->id));
		else
			scan_text(it->ev, &it->det, it->ivs, it->n_ivs, it->id, out);
	}
	if (json) {
		json_t *root = json_pack("{s:o}", "interviews", arr);

		json_dumpf(root, out, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
		fputc('\n', out);
		json_decref(root);
	} else if (n == 0) {
		fprintf(out, "no invites found\n");
	}
}

void
av_report_explain(const struct av_interview_report *it, FILE *out)
{
	const struct av_invite *inv = it->ev->inv;
	char s[AV_TIME_UTC_SIZE], e[AV_TIME_UTC_SIZE];
	struct shown sh = {0};
	const char *company = show(&sh, it->det.company, NULL);

	fprintf(out, "%s  %s\n", it->id, show(&sh, inv->summary, "(no summary)"));
	fprintf(out, "  uid:      %s\n  when:     %s – %s%s\n  from:     %s (%s, %u version%s)\n",
		show(&sh, inv->uid, "?"), av_time_utc(inv->start, s), av_time_utc(inv->end, e),
		it->ev->cancelled ? "  CANCELLED" : "", show(&sh, it->ev->sender, "?"),
		show(&sh, it->ev->source, "?"), it->ev->versions, it->ev->versions == 1 ? "" : "s");
	if (company != NULL && company_from_text(it->det.company_from) != NULL)
		fprintf(out, "  company:  %s (read from %s)\n", company,
			company_from_text(it->det.company_from));
	else if (company != NULL)
		fprintf(out, "  company:  %s\n", company);
	else
		fprintf(out, "  company:  unknown (nothing in the invite names it)\n");
	if (it->det.domain != NULL)
		fprintf(out, "  domain:   %s\n", show(&sh, it->det.domain, "?"));
	fprintf(out, "  score:    %d (an interview from %d)\n", it->det.score, AV_DETECT_THRESHOLD);
	for (char **r = it->det.reasons; r && *r; r++)
		fprintf(out, "            %s\n", show(&sh, *r, ""));
	if (it->mark >= 0)
		fprintf(out, "  you marked it as %s\n",
			it->mark ? "an interview" : "not an interview");
	fprintf(out, "  verdict:  %s\n", it->is_interview ? "an interview" : "not an interview");
	if (it->language != NULL) {
		fprintf(out, "  language: %s (%s), %s", av_language_name(it->language),
			it->language, language_from_text(it->language_from));
		if (strcmp(it->language_from, "invite") == 0)
			fprintf(out, ", confidence %d%%", it->lang.confidence);
		fprintf(out, "\n");
		for (char **r = it->lang.reasons; r && *r; r++)
			fprintf(out, "            %s%s\n",
				strcmp(it->language_from, "invite") == 0 ? "" : "(the invite) ",
				show(&sh, *r, ""));
		if (it->language_fallback)
			fallback_line(it, "            ", out);
		else if (strcmp(it->language_from, "mark") != 0)
			fprintf(out, "            `afterview mark %s language CODE` sets it\n",
				it->id);
		else
			fprintf(out,
				"            `afterview mark %s language auto` takes the mark "
				"back\n",
				it->id);
	}
	if (it->maybe && it->not_mine)
		fprintf(out,
			"  maybe:    the score says interview, but the invite looks like one you "
			"sit on as an interviewer (the reason above), so you decide: "
			"`afterview mark %s interview` if it is yours, `afterview mark %s "
			"not-interview` if not\n",
			it->id, it->id);
	else if (it->maybe && it->crowd > 0)
		fprintf(out,
			"  maybe:    %zu attendees: a fair or a webinar rather than an interview "
			"(afterview drafts for at most %d interviewers), so you decide: "
			"`afterview mark %s interview` if it is one (the first %d get drafts), "
			"`afterview mark %s not-interview` if not\n",
			it->crowd, AV_MODEL_MAX_INTERVIEWERS, it->id, AV_MODEL_MAX_INTERVIEWERS,
			it->id);
	else if (it->maybe)
		fprintf(out,
			"  maybe:    close to the line, so you decide: maybe an interview — "
			"`afterview mark %s interview` if it is, `afterview mark %s "
			"not-interview` if not\n",
			it->id, it->id);
	for (size_t j = 0; j < it->n_ivs; j++) {
		const struct av_iv_report *r = &it->ivs[j];
		char a[32];

		fprintf(out, "  interviewer: %s%s <%s> from the %s\n", show(&sh, r->iv.name, "?"),
			r->iv.name_guessed ? " (name guessed from the address)" : "",
			show(&sh, r->iv.email, "address unknown"),
			av_interviewers_source_name(r->iv.source));
		iv_remarks(out, "               ", it, &r->iv);
		if (r->marked_thanked)
			mark_hint(out, "               ", it, r,
				  "you marked them thanked; to take it back:", "unthanked");
		if (r->draft_gone)
			gone_hint(out, "               ", it, r);
		if (r->verdict.unsure != NULL)
			fprintf(out,
				"               a reply went to them at %s (\"%s\"): not taken for "
				"the thank-you\n",
				av_report_when(inv, sent_time(r->verdict.unsure), a, sizeof(a)),
				show(&sh, r->verdict.unsure->subject, ""));
	}
	shown_clear(&sh);
}

unsigned
av_report_run(const struct av_model *m, FILE *out)
{
	unsigned lines = 0;
	struct shown sh = {0};

	for (size_t i = 0; i < m->n_items; i++) {
		const struct av_interview_report *it = &m->items[i];
		const struct av_invite *inv = it->ev->inv;

		for (size_t j = 0; j < it->n_ivs; j++) {
			const struct av_iv_report *r = &it->ivs[j];
			const struct av_verdict *v = &r->verdict;
			char a[32], b[32], co[COMPANY_BUF];
			const char *name = show(&sh, r->iv.name, "?");

			if (r->replaced_now) {
				fprintf(out, "The draft to %s%s was made anew from your notes.\n",
					name, paren_company(it, co, sizeof(co)));
				lines++;
			} else if (r->withdrawn_now) {
				fprintf(out, "The draft to %s%s was removed from Drafts: %s.\n",
					name, paren_company(it, co, sizeof(co)),
					v->state == AV_STATE_CANCELLED
						? "the interview was cancelled"
					: r->marked_thanked && v->evidence == NULL
						? "you marked them thanked"
						: "your thank-you went out");
				lines++;
			} else if (r->made_now) {
				fprintf(out,
					"A thank-you draft to %s%s is in your Drafts: send it "
					"by "
					"%s, at the latest %s.%s\n",
					name, paren_company(it, co, sizeof(co)),
					av_report_when(inv, v->send_by, a, sizeof(a)),
					av_report_when(inv, v->deadline, b, sizeof(b)),
					r->iv.email ? "" : " Their address is missing: add it.");
				lines++;
			} else if ((v->state == AV_STATE_PENDING || v->state == AV_STATE_DRAFTED) &&
				   v->deadline - m->now <= NEAR_SECONDS && v->deadline > m->now) {
				fprintf(out, "Your thank-you to %s%s is due by %s.\n", name,
					paren_company(it, co, sizeof(co)),
					av_report_when(inv, v->deadline, b, sizeof(b)));
				lines++;
			}
			if (v->unsure != NULL && !r->unsure_told &&
			    (v->state == AV_STATE_PENDING || v->state == AV_STATE_DRAFTED)) {
				fprintf(out,
					"A reply went to %s%s at %s (\"%s\") — still send a "
					"thank-you? %s\n",
					name, paren_company(it, co, sizeof(co)),
					av_report_when(inv, sent_time(v->unsure), a, sizeof(a)),
					show(&sh, v->unsure->subject, ""),
					v->state == AV_STATE_DRAFTED
						? "The draft stays in your Drafts."
						: "afterview does not count it as one.");
				lines++;
			}
			shown_clear(&sh);
		}
	}
	for (size_t i = 0; i < m->n_items; i++)
		if (av_model_language_news(&m->items[i]))
			lines += fallback_line(&m->items[i], "", out);
	for (size_t i = 0; i < m->n_items; i++)
		if (m->items[i].maybe && !m->items[i].maybe_told)
			lines += maybe_line(&m->items[i], out);
	return lines;
}
