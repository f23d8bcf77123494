/* afterview — is it an interview? (design.md "Is it an interview?"). Pure logic on
 * struct av_invite: libc only. Words are found with
 * the matcher of words.h (folded text, word boundaries, '*' for compounds).
 *
 * Scoring weights (summary: the event's own title; description and location: free text
 * that also carries boilerplate, so it counts less):
 *
 *   cue                                    where                     points
 *   -------------------------------------  ------------------------  --------------------
 *   interview word (distinct entries)      SUMMARY                   +3 each, at most +6
 *   interview word (distinct entries)      DESCRIPTION, LOCATION     +1 each, at most +2
 *   recruiting system (greenhouse.io, …)   sender, organizer or any  +2 once
 *                                          attendee
 *   scheduling service (calendly.com, …)   the same                  +1 once, only without
 *                                                                    a recruiting system
 *   negative cue (distinct entries)        SUMMARY                   -4 each, at most -8
 *   negative cue (distinct entries)        DESCRIPTION, LOCATION     -2 each, at most -4
 *
 * is_interview = score >= AV_DETECT_THRESHOLD (3): an interview word in the summary is
 * enough on its own; a word only in the description needs a recruiting system as well.
 * Negative cues are matched first, and an interview word inside a negative cue's text
 * does not count ("mock interview" is -4, not -4 +3): the cue says what the event is.
 * Within one field the longer entry wins an overlap ("technical interview" counts once,
 * not also as "interview"). Links and e-mail addresses are not read as text (a Teams link
 * holds "meetup-join"). A cancelled invite scores from its text like any other.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "afterview/addr.h"
#include "afterview/detect.h"
#include "afterview/interviewers.h"
#include "afterview/log.h"
#include "afterview/summary.h"
#include "afterview/text.h"
#include "afterview/words.h"

#define W_SUMMARY_WORD	     3
#define CAP_SUMMARY_WORDS    6
#define W_TEXT_WORD	     1
#define CAP_TEXT_WORDS	     2
#define W_RECRUITING	     2
#define W_SCHEDULING	     1
#define W_SUMMARY_NEGATIVE   (-4)
#define CAP_SUMMARY_NEGATIVE (-8)
#define W_TEXT_NEGATIVE	     (-2)
#define CAP_TEXT_NEGATIVE    (-4)

/* ---- compiled-in lists ----------------------------------------------------------- */

/* General scheduling services: used for interviews, but just as much for dentists and
 * sales calls, so they count less. Compiled in: the config has no key for them. */
static const char *const scheduling_domains[] = {
	"calendly.com",	 "cal.com", "doodle.com",	    "savvycal.com",
	"youcanbook.me", "zcal.co", "acuityscheduling.com", "chilipiper.com",
	"reclaim.ai",	 NULL};

/* Mail providers of private persons: their domain says nothing about the employer. */
static const char *const personal_domains[] = {
	"gmail.com", "googlemail.com", "outlook.com", "outlook.de", "hotmail.com", "hotmail.co.uk",
	"hotmail.fr", "hotmail.de", "live.com", "msn.com", "yahoo.com", "yahoo.co.uk", "yahoo.fr",
	"yahoo.de", "ymail.com", "icloud.com", "me.com", "mac.com", "aol.com", "proton.me",
	"protonmail.com", "pm.me", "gmx.de", "gmx.net", "gmx.com", "web.de", "t-online.de",
	"freenet.de", "posteo.de", "mailbox.org", "fastmail.com", "fastmail.fm", "hey.com",
	"tutanota.com", "yandex.ru", "mail.ru", "orange.fr", "free.fr", "laposte.net", "libero.it",
	"qq.com", "163.com",
	/* shared and resource calendars: c_…@group.calendar.google.com */
	"calendar.google.com", NULL};

/* ---- string vectors ------------------------------------------------------------------ */

struct strvec {
	char **v; /* NULL-terminated once n > 0 or after strvec_finish */
	size_t n, cap;
};

static void
strvec_push(struct strvec *sv, char *s)
{
	if (sv->n + 2 > sv->cap) {
		sv->cap = sv->cap ? sv->cap * 2 : 16;
		sv->v = av_realloc(sv->v, sv->cap * sizeof(*sv->v));
	}
	sv->v[sv->n++] = s;
	sv->v[sv->n] = NULL;
}

static char **
strvec_finish(struct strvec *sv)
{
	if (sv->v == NULL)
		sv->v = av_calloc(1, sizeof(*sv->v));
	return sv->v;
}

static void
strv_free(char **v)
{
	for (size_t i = 0; v != NULL && v[i] != NULL; i++)
		free(v[i]);
	free(v);
}

/* ---- addresses ------------------------------------------------------------------------ */

static const char *
domain_in(const char *domain, const char *const *list)
{
	for (size_t i = 0; list != NULL && list[i] != NULL; i++)
		if (av_addr_domain_is(domain, list[i]))
			return list[i];
	return NULL;
}

/* ---- scoring ------------------------------------------------------------------------ */

struct score_state {
	int score;
	struct strvec reasons;
};

static void add_reason(struct score_state *st, int points, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
add_reason(struct score_state *st, int points, const char *fmt, ...)
{
	va_list ap;
	char *what;

	va_start(ap, fmt);
	what = av_vasprintf(fmt, ap);
	va_end(ap);
	st->score += points;
	strvec_push(&st->reasons, av_asprintf("%+d %s", points, what));
	free(what);
}

/* Links and addresses are not prose: Teams join links hold "meetup-join", ATS links
 * "interview-kit", an address "interviews@". Blank them in the folded text (same length,
 * so offsets hold). */
static void
blank_links(char *t, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		size_t end = i;

		if (av_words_word_before(t, i))
			continue;
		if (strncmp(t + i, "http://", 7) == 0 || strncmp(t + i, "https://", 8) == 0 ||
		    strncmp(t + i, "www.", 4) == 0) {
			while (end < len && strchr(" \t\r\n<>\"'`()[]{}", t[end]) == NULL)
				end++;
			memset(t + i, ' ', end - i);
			i = end;
		}
	}
	for (size_t i = 0; i < len; i++) {
		size_t a = i, e = i + 1;

		if (t[i] != '@')
			continue;
		while (a > 0 && av_addr_char(t[a - 1], true))
			a--;
		while (e < len && av_addr_char(t[e], false))
			e++;
		if (a < i && e > i + 1) {
			memset(t + a, ' ', e - a);
			i = e - 1;
		}
	}
}

/* Shown without its '*': the reason names the word, the list syntax is beside the point. */
static char *
entry_display(const struct av_words_pat *p)
{
	return av_strndup(p->core, p->core_len);
}

/* Score the words of one field. *pos_sum and *neg_sum carry the running totals of the
 * field group, so the caps hold across description and location. */
static void
score_field(struct score_state *st, const char *field, const char *text,
	    const struct av_words_pat *pos, size_t n_pos, const struct av_words_pat *neg,
	    size_t n_neg, int w_pos, int cap_pos, int w_neg, int cap_neg, int *pos_sum,
	    int *neg_sum, bool *pos_used, bool *neg_used)
{
	size_t len;
	char *t;
	struct av_words_span *taken;
	size_t n_taken = 0;

	if (text == NULL || text[0] == '\0')
		return;
	len = strnlen(text, AV_INVITE_MAX_TEXT);
	t = av_text_fold(text, len);
	blank_links(t, len);
	taken = av_calloc(n_pos + n_neg + 1, sizeof(*taken));
	for (size_t i = 0; i < n_neg; i++) {
		struct av_words_span s;

		if (!av_words_pat_find(&neg[i], t, len, taken, n_taken, &s))
			continue;
		taken[n_taken++] = s;
		if (neg_used[i] || *neg_sum + w_neg < cap_neg)
			continue;
		neg_used[i] = true;
		*neg_sum += w_neg;
		{
			char *d = entry_display(&neg[i]);

			add_reason(st, w_neg, "\"%s\" in %s", d, field);
			free(d);
		}
	}
	for (size_t i = 0; i < n_pos; i++) {
		struct av_words_span s;

		if (!av_words_pat_find(&pos[i], t, len, taken, n_taken, &s))
			continue;
		taken[n_taken++] = s;
		if (pos_used[i] || *pos_sum + w_pos > cap_pos)
			continue;
		pos_used[i] = true;
		*pos_sum += w_pos;
		{
			char *d = entry_display(&pos[i]);

			add_reason(st, w_pos, "\"%s\" in %s", d, field);
			free(d);
		}
	}
	free(taken);
	free(t);
}

/* +2 for the first address at a recruiting system, else +1 for a scheduling service. */
static void
score_domains(struct score_state *st, const struct av_invite *inv, const char *sender,
	      const struct av_wordlists *lists)
{
	const char *const *recruiting = (const char *const *)lists->recruiting_domains;
	const char *who[3] = {"sender", "organizer", "attendee"};
	const char *weak_who = NULL, *weak_domain = NULL;
	size_t total = 1 + (inv->has_organizer ? 1 : 0) + inv->n_attendees;

	for (size_t k = 0; k < total; k++) {
		const char *addr, *role, *d;

		if (k == 0) {
			addr = sender;
			role = who[0];
		} else if (k == 1 && inv->has_organizer) {
			addr = inv->organizer.email;
			role = who[1];
		} else {
			addr = inv->attendees[k - 1 - (inv->has_organizer ? 1 : 0)].email;
			role = who[2];
		}
		d = av_addr_domain(addr);
		if (d == NULL)
			continue;
		if (domain_in(d, recruiting) != NULL) {
			add_reason(st, W_RECRUITING, "%s %s is a recruiting system", role, d);
			return;
		}
		if (weak_domain == NULL && domain_in(d, scheduling_domains) != NULL) {
			weak_domain = d;
			weak_who = role;
		}
	}
	if (weak_domain != NULL)
		add_reason(st, W_SCHEDULING, "%s %s is a scheduling service", weak_who,
			   weak_domain);
}

/* ---- company ------------------------------------------------------------------------- */

struct dom_vote {
	const char *domain; /* borrowed */
	int weight;
	bool strong; /* seen as sender or organizer */
	bool mentioned;
};

/* Folded text without its links and addresses, or NULL. */
static char *
fold_prose(const char *text)
{
	size_t len;
	char *t;

	if (text == NULL)
		return NULL;
	len = strnlen(text, AV_INVITE_MAX_TEXT);
	t = av_text_fold(text, len);
	blank_links(t, len);
	return t;
}

static bool
company_domain_ok(const char *d, const struct av_wordlists *lists)
{
	return d != NULL && strchr(d, '.') != NULL &&
	       !av_summary_is_relay(d, lists->recruiting_domains) &&
	       domain_in(d, scheduling_domains) == NULL && domain_in(d, personal_domains) == NULL;
}

static void
vote(struct dom_vote *v, size_t *n, const char *addr, int weight, bool strong,
     const struct av_wordlists *lists)
{
	const char *d = av_addr_domain(addr);

	if (!company_domain_ok(d, lists))
		return;
	for (size_t i = 0; i < *n; i++) {
		if (av_addr_domain_is(d, v[i].domain) && strlen(d) == strlen(v[i].domain)) {
			v[i].weight += weight;
			v[i].strong = v[i].strong || strong;
			return;
		}
	}
	v[*n].domain = d;
	v[*n].weight = weight;
	v[*n].strong = strong;
	v[*n].mentioned = false;
	(*n)++;
}

/* A segment of the summary that is neither an interview word nor a status prefix. */
static bool
company_segment_ok(const char *seg, const struct av_wordlists *lists)
{
	static const char *const status[] = {
		"canceled",  "cancelled", "updated",   "invitation", "updated invitation",
		"accepted",  "declined",  "tentative", "fw",	     "fwd",
		"re",	     "reminder",  "abgesagt",  "annulé",     "cancelado",
		"new event", NULL};
	char *f = av_text_fold(seg, strlen(seg));
	bool ok = true;

	if (av_words_find_folded(f, strlen(f), (const char *const *)lists->interview) != NULL ||
	    av_words_find_folded(f, strlen(f), (const char *const *)lists->negative) != NULL ||
	    av_ascii_digit(seg[0]))
		ok = false;
	for (size_t i = 0; ok && status[i] != NULL; i++)
		if (strcmp(f, status[i]) == 0)
			ok = false;
	free(f);
	return ok;
}

struct summary_ctx {
	const struct av_invite *inv;
	const struct av_wordlists *lists;
};

/* For av_summary_employer: a candidate that is neither an interview word, a status prefix
 * nor the name of someone in the invite (summary.c refuses job titles itself). */
static bool
company_candidate_ok(const char *candidate, void *ctx)
{
	const struct summary_ctx *c = ctx;

	return company_segment_ok(candidate, c->lists) &&
	       !av_interviewers_is_party(c->inv, candidate);
}

/* The employer's domain (see av_detect_company), folded, or NULL. */
static char *
employer_domain(const struct av_invite *inv, const char *sender, const char *desc,
		const struct av_wordlists *lists)
{
	size_t cap = inv->n_attendees + 2, n = 0;
	struct dom_vote *v = av_calloc(cap, sizeof(*v));
	char *fs = fold_prose(inv->summary);
	char *fd = fold_prose(desc);
	/* a recruiting system's organizer CN is often the company ("Brightpath Learning") */
	char *fo = inv->has_organizer ? fold_prose(inv->organizer.cn) : NULL;
	const struct dom_vote *best = NULL;
	char *res = NULL;

	vote(v, &n, sender, 1, true, lists);
	if (inv->has_organizer)
		vote(v, &n, inv->organizer.email, 2, true, lists);
	for (size_t i = 0; i < inv->n_attendees; i++)
		vote(v, &n, inv->attendees[i].email, 1, false, lists);
	for (size_t i = 0; i < n; i++) {
		v[i].mentioned = av_words_domain_mentioned(v[i].domain, fs) ||
				 av_words_domain_mentioned(v[i].domain, fd) ||
				 av_words_domain_mentioned(v[i].domain, fo);
		if (!v[i].strong && v[i].weight < 2 && !v[i].mentioned)
			continue;
		if (best == NULL || v[i].weight > best->weight ||
		    (v[i].weight == best->weight && v[i].mentioned && !best->mentioned))
			best = &v[i];
	}
	if (best != NULL)
		res = av_text_fold(best->domain, strlen(best->domain));
	free(fs);
	free(fd);
	free(fo);
	free(v);
	return res;
}

void
av_detect_company(const struct av_invite *inv, const struct av_invite_mail *mail,
		  const struct av_wordlists *lists, const struct av_conf *conf,
		  struct av_detection *det)
{
	struct av_invite_mail none = {NULL, NULL, NULL};
	const struct av_company *co = NULL;
	struct summary_ctx ctx = {inv, lists};
	struct av_employer_clues clues;
	const char *texts[3] = {NULL, NULL, NULL};
	char *desc_text = NULL, *label = NULL;
	const char *desc;

	free(det->company);
	free(det->domain);
	det->company = det->domain = NULL;
	if (inv == NULL || lists == NULL)
		return;
	if (mail == NULL)
		mail = &none;
	desc = inv->description;
	if (desc != NULL &&
	    (desc_text = av_text_from_html(desc, strnlen(desc, AV_INVITE_MAX_TEXT))) != NULL)
		desc = desc_text;
	det->domain = employer_domain(inv, mail->from, desc, lists);
	if (conf != NULL && det->domain != NULL)
		co = av_conf_company(conf, det->domain);
	if (co != NULL && co->name != NULL)
		det->company = av_text_clean(co->name, false);
	if (det->company == NULL) {
		/* a recruiting system's address may carry the employer's label */
		if (det->domain == NULL)
			label = av_summary_relay_label(mail->from, lists->recruiting_domains);
		if (det->domain == NULL && label == NULL && inv->has_organizer)
			label = av_summary_relay_label(inv->organizer.email,
						       lists->recruiting_domains);
		texts[0] = inv->location;
		texts[1] = inv->has_organizer ? inv->organizer.cn : NULL;
		clues = (struct av_employer_clues){
			.summary = inv->summary,
			.subject = mail->subject,
			.sender_name = mail->from_name != NULL ? mail->from_name
				       : inv->has_organizer    ? inv->organizer.cn
							       : NULL,
			.description = desc,
			.texts = texts,
			.hint = det->domain != NULL ? det->domain : label,
			.people = NULL,
			.ok = company_candidate_ok,
			.ctx = &ctx,
		};
		det->company = av_summary_employer(&clues);
	}
	free(label);
	free(desc_text);
}

void
av_detect_score(const struct av_invite *inv, const char *sender_addr,
		const struct av_wordlists *lists, struct av_detection *det_r)
{
	struct score_state st = {0};
	struct av_words_pat *pos, *neg;
	size_t n_pos, n_neg;
	bool *sum_pos_used, *sum_neg_used, *txt_pos_used, *txt_neg_used;
	int sum_pos = 0, sum_neg = 0, txt_pos = 0, txt_neg = 0;
	char *desc_html = NULL;
	const char *desc;

	memset(det_r, 0, sizeof(*det_r));
	if (inv == NULL || lists == NULL) {
		det_r->reasons = strvec_finish(&st.reasons);
		return;
	}
	pos = av_words_compile((const char *const *)lists->interview, &n_pos);
	neg = av_words_compile((const char *const *)lists->negative, &n_neg);
	sum_pos_used = av_calloc(n_pos + 1, sizeof(bool));
	txt_pos_used = av_calloc(n_pos + 1, sizeof(bool));
	sum_neg_used = av_calloc(n_neg + 1, sizeof(bool));
	txt_neg_used = av_calloc(n_neg + 1, sizeof(bool));
	desc = inv->description;
	if (desc != NULL) {
		desc_html = av_text_from_html(desc, strnlen(desc, AV_INVITE_MAX_TEXT));
		if (desc_html != NULL)
			desc = desc_html;
	}

	score_field(&st, "summary", inv->summary, pos, n_pos, neg, n_neg, W_SUMMARY_WORD,
		    CAP_SUMMARY_WORDS, W_SUMMARY_NEGATIVE, CAP_SUMMARY_NEGATIVE, &sum_pos, &sum_neg,
		    sum_pos_used, sum_neg_used);
	score_field(&st, "description", desc, pos, n_pos, neg, n_neg, W_TEXT_WORD, CAP_TEXT_WORDS,
		    W_TEXT_NEGATIVE, CAP_TEXT_NEGATIVE, &txt_pos, &txt_neg, txt_pos_used,
		    txt_neg_used);
	score_field(&st, "location", inv->location, pos, n_pos, neg, n_neg, W_TEXT_WORD,
		    CAP_TEXT_WORDS, W_TEXT_NEGATIVE, CAP_TEXT_NEGATIVE, &txt_pos, &txt_neg,
		    txt_pos_used, txt_neg_used);
	score_domains(&st, inv, sender_addr, lists);

	det_r->score = st.score;
	det_r->is_interview = st.score >= AV_DETECT_THRESHOLD;
	det_r->reasons = strvec_finish(&st.reasons);
	{
		struct av_invite_mail mail = {sender_addr, NULL, NULL};

		av_detect_company(inv, &mail, lists, NULL, det_r);
	}
	av_debug(AV_CAT_DETECT, "invite %s: score %d%s", inv->uid ? inv->uid : "?", st.score,
		 det_r->is_interview ? " (interview)" : "");

	free(desc_html);
	free(sum_pos_used);
	free(txt_pos_used);
	free(sum_neg_used);
	free(txt_neg_used);
	free(pos);
	free(neg);
}

void
av_detection_clear(struct av_detection *det)
{
	if (det == NULL)
		return;
	strv_free(det->reasons);
	free(det->company);
	free(det->domain);
	memset(det, 0, sizeof(*det));
}
