/* SPDX-License-Identifier: GPL-3.0-or-later */
/* afterview — is it an interview? (design.md "Is it an interview?"). Pure logic on
 * struct av_invite: libc only. Words are found with
 * the matcher of words.h (folded text, word boundaries, '*' for compounds).
 *
 * Scoring weights. Fields are not equal: the summary is the event's own title, the
 * description and location are free text full of boilerplate (video-call footers, ATS
 * legal text, marketing lines), so they count less, and a lone negative word there is
 * a word in passing, not what the event is.
 *
 *   cue                                    where                     points
 *   -------------------------------------  ------------------------  --------------------
 *   interview word (distinct entries)      SUMMARY                   +4 the first, +1 each
 *                                                                    further, at most +6
 *   interview word (distinct entries)      DESCRIPTION, LOCATION     +1 each, at most +2
 *   recruiting system (greenhouse.io, …)   sender, organizer or any  +2 once
 *                                          attendee
 *   scheduling service (calendly.com, …)   the same                  +1 once, only without
 *                                                                    a recruiting system
 *   negative cue (distinct entries)        SUMMARY                   -5 each, at most -10
 *   negative phrase saying what the event  DESCRIPTION, LOCATION     -4 each, at most -8
 *   is ("mock interview", "career coach")
 *   boilerplate: a lone negative word      DESCRIPTION, LOCATION     -1 for all of them
 *   ("newsletter", "webinar") or a topic                             together
 *   phrase ("interview tips", "candidate
 *   experience survey", topic_phrases)
 *   structure, only when the summary has   a 15 min - 8 h slot, or   +1
 *   an interview word and no negative      an all-day onsite
 *   cue, and the invite is no bulk one     1-20 individual attendees +1
 *                                          an organizer who is a     +1
 *                                          person at an org's domain
 *   bulk: 200 or more attendees            ATTENDEE                  -4 (a bulk invite)
 *   bulk: attendees, none an individual    ATTENDEE                  -1 (a bulk invite)
 *   bulk: List-Id -2, Precedence bulk/list message headers, where    at most -3 together;
 *   -2, List-Unsubscribe -1                the message is at hand    List-Id/Precedence: a
 *                                                                    bulk invite
 *
 * is_interview = score >= AV_DETECT_THRESHOLD (3): an interview word in the summary is
 * enough on its own (+4), and boilerplate (-1) cannot take it below; a word only in the
 * description needs a recruiting system as well. maybe (detect.h) is the band just
 * below. Negative cues are matched first, and an interview word inside a negative cue's
 * text does not count ("mock interview" is -5, not -5 +4): the cue says what the event
 * is. Within one field the longer entry wins an overlap ("technical interview" counts
 * once, not also as "interview"). Links and e-mail addresses are not read as text (a
 * Teams link holds "meetup-join"). A cancelled invite scores from its text like any
 * other. Structure only supports a summary: a small meeting with a 45-minute slot is
 * no interview by itself.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "afterview/addr.h"
#include "afterview/detect.h"
#include "afterview/interviewers.h"
#include "afterview/log.h"
#include "afterview/summary.h"
#include "afterview/text.h"
#include "afterview/words.h"

#define W_SUMMARY_WORD	     4 /* the first interview word in the summary */
#define W_SUMMARY_MORE	     1 /* each further one */
#define CAP_SUMMARY_WORDS    6
#define W_TEXT_WORD	     1
#define CAP_TEXT_WORDS	     2
#define W_RECRUITING	     2
#define W_SCHEDULING	     1
#define W_SUMMARY_NEGATIVE   (-5)
#define CAP_SUMMARY_NEGATIVE (-10)
#define W_TEXT_NEGATIVE	     (-4) /* a phrase that says what the event is */
#define CAP_TEXT_NEGATIVE    (-8)
#define W_TEXT_BOILERPLATE   (-1) /* a lone word or a topic phrase */
#define CAP_TEXT_BOILERPLATE (-1)
#define W_SLOT		     1
#define W_INDIVIDUALS	     1
#define W_ORGANIZER	     1
#define W_BULK_ATTENDEES     (-4)
#define W_NO_INDIVIDUAL	     (-1)
#define W_LIST_ID	     (-2)
#define W_PRECEDENCE	     (-2)
#define W_LIST_UNSUBSCRIBE   (-1)
#define CAP_HEADERS	     (-3)

/* A bulk invite must be recognisable after invite.c has cut its attendee list. */
_Static_assert(AV_DETECT_BULK_ATTENDEES <= AV_INVITE_MAX_ATTENDEES,
	       "AV_DETECT_BULK_ATTENDEES beyond what an invite keeps");

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
	struct av_strv reasons;
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
	av_strv_push(&st->reasons, av_asprintf("%+d %s", points, what));
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

		/* 'h' and 'w' first: the word test is the costlier one */
		if ((t[i] != 'h' && t[i] != 'w') || av_words_word_before(t, i))
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

/* Negative phrases that free text mentions in passing: tips blocks ("more interview tips
 * at…"), ATS footers ("a short candidate experience survey"), career-site lines. In a
 * DESCRIPTION or LOCATION they weigh like a lone word; in the summary they are what the
 * event is. Entries as in the default negative list (words.c). */
static const char *const topic_phrases[] = {"interview tips",
					    "interviewing tips",
					    "interview prep",
					    "interview preparation",
					    "interview skills",
					    "interview training",
					    "interviewer training",
					    "interview debrief",
					    "how to ace",
					    "ace your interview",
					    "ace the interview",
					    "online course",
					    "crash course",
					    "master class",
					    "feedback survey",
					    "candidate survey",
					    "candidate experience survey",
					    "info session",
					    "information session",
					    "networking event",
					    "job fair",
					    "career fair",
					    "seminario web",
					    "salon de l'emploi",
					    "préparation à l'entretien",
					    "pesquisa de satisfação",
					    NULL};

/* What kind of negative cue an entry is, away from the summary. */
static bool
boilerplate_cue(const struct av_words_pat *p)
{
	if (memchr(p->core, ' ', p->core_len) == NULL)
		return true; /* a lone word: "newsletter", "webinar", "umfrage*" */
	for (size_t i = 0; topic_phrases[i] != NULL; i++)
		if (strlen(topic_phrases[i]) == p->core_len &&
		    memcmp(topic_phrases[i], p->core, p->core_len) == 0)
			return true;
	return false;
}

/* Running totals of one scoring pass. */
struct tally {
	int sum_pos, sum_neg; /* summary */
	int txt_pos, txt_neg; /* description and location: words and phrases */
	int txt_boilerplate;  /* description and location: boilerplate cues */
	bool *sum_pos_used, *sum_neg_used, *txt_pos_used, *txt_neg_used;
};

/* Score the words of one field: the summary (summary true) or free text. */
static void
score_field(struct score_state *st, struct tally *ty, const char *field, const char *text,
	    bool summary, const struct av_words_pat *pos, size_t n_pos,
	    const struct av_words_pat *neg, size_t n_neg)
{
	size_t len;
	char *t;
	struct av_words_span *taken;
	struct av_words_pairs pairs;
	size_t n_taken = 0;
	bool *pos_used = summary ? ty->sum_pos_used : ty->txt_pos_used;
	bool *neg_used = summary ? ty->sum_neg_used : ty->txt_neg_used;

	if (text == NULL || text[0] == '\0')
		return;
	len = strnlen(text, AV_INVITE_MAX_TEXT);
	t = av_text_fold(text, len);
	blank_links(t, len);
	av_words_pairs_init(&pairs, t, len);
	taken = av_calloc(n_pos + n_neg + 1, sizeof(*taken));
	for (size_t i = 0; i < n_neg; i++) {
		struct av_words_span s;
		char *d;

		if (!av_words_pat_may_occur(&neg[i], &pairs) ||
		    !av_words_pat_find(&neg[i], t, len, taken, n_taken, &s))
			continue;
		taken[n_taken++] = s;
		if (neg_used[i])
			continue;
		d = entry_display(&neg[i]);
		if (summary) {
			if (ty->sum_neg + W_SUMMARY_NEGATIVE >= CAP_SUMMARY_NEGATIVE) {
				neg_used[i] = true;
				ty->sum_neg += W_SUMMARY_NEGATIVE;
				add_reason(st, W_SUMMARY_NEGATIVE, "\"%s\" in summary", d);
			}
		} else if (boilerplate_cue(&neg[i])) {
			if (ty->txt_boilerplate + W_TEXT_BOILERPLATE >= CAP_TEXT_BOILERPLATE) {
				neg_used[i] = true;
				ty->txt_boilerplate += W_TEXT_BOILERPLATE;
				add_reason(st, W_TEXT_BOILERPLATE,
					   "\"%s\" in %s (boilerplate: weighs less)", d, field);
			}
		} else if (ty->txt_neg + W_TEXT_NEGATIVE >= CAP_TEXT_NEGATIVE) {
			neg_used[i] = true;
			ty->txt_neg += W_TEXT_NEGATIVE;
			add_reason(st, W_TEXT_NEGATIVE, "\"%s\" in %s", d, field);
		}
		free(d);
	}
	for (size_t i = 0; i < n_pos; i++) {
		struct av_words_span s;
		int w;
		char *d;

		if (!av_words_pat_may_occur(&pos[i], &pairs) ||
		    !av_words_pat_find(&pos[i], t, len, taken, n_taken, &s))
			continue;
		taken[n_taken++] = s;
		if (pos_used[i])
			continue;
		if (summary)
			w = ty->sum_pos == 0 ? W_SUMMARY_WORD : W_SUMMARY_MORE;
		else
			w = W_TEXT_WORD;
		if ((summary ? ty->sum_pos : ty->txt_pos) + w >
		    (summary ? CAP_SUMMARY_WORDS : CAP_TEXT_WORDS))
			continue;
		pos_used[i] = true;
		*(summary ? &ty->sum_pos : &ty->txt_pos) += w;
		d = entry_display(&pos[i]);
		add_reason(st, w, "\"%s\" in %s", d, field);
		free(d);
	}
	free(taken);
	free(t);
}

/* +2 for the first address at a recruiting system, else +1 for a scheduling service.
 * True when a recruiting system counted. */
static bool
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
			return true;
		}
		if (weak_domain == NULL && domain_in(d, scheduling_domains) != NULL) {
			weak_domain = d;
			weak_who = role;
		}
	}
	if (weak_domain != NULL)
		add_reason(st, W_SCHEDULING, "%s %s is a scheduling service", weak_who,
			   weak_domain);
	return false;
}

/* ---- the invite's structure ---------------------------------------------------------- */

/* Local parts of mailboxes that are no person: robots that send invites, and lists. */
static const char *const robot_locals[] = {
	"no-reply",	 "noreply",	 "donotreply", "do-not-reply",
	"notifications", "notification", "calendar",   "calendar-notification",
	"scheduling",	 "scheduler",	 "mailer",     "bounce",
	"events",	 "event",	 "webinar",    "webinars",
	"marketing",	 "news",	 "newsletter", "info",
	"hello",	 "team",	 "all",	       "everyone",
	"staff",	 "list",	 "announce",   "announcements",
	"careers",	 "jobs",	 "talent",     "recruiting",
	"interviews",	 "candidates",	 NULL};

/* A mailbox of a list or a robot, not of one person: a robot or list local part (also as
 * "eng-all", "all-staff"), or a list server's domain ("lists.acme.example"). */
static bool
addr_is_list_or_robot(const char *addr)
{
	const char *local, *d = av_addr_domain(addr);
	size_t len;

	if (d == NULL)
		return true;
	if (strncmp(d, "lists.", 6) == 0 || strncmp(d, "list.", 5) == 0 ||
	    strncmp(d, "groups.", 7) == 0 || av_addr_domain_is(d, "googlegroups.com"))
		return true;
	av_addr_local(addr, &local, &len);
	for (size_t i = 0; robot_locals[i] != NULL; i++)
		if (strlen(robot_locals[i]) == len && strncasecmp(local, robot_locals[i], len) == 0)
			return true;
	if (len > 4 && (strncasecmp(local + len - 4, "-all", 4) == 0 ||
			strncasecmp(local + len - 4, "_all", 4) == 0 ||
			strncasecmp(local, "all-", 4) == 0 || strncasecmp(local, "all_", 4) == 0))
		return true;
	return false;
}

/* An organization's own domain: not a recruiting system, a scheduling service or a mail
 * provider of private persons. */
static bool
employer_domain(const char *d, const struct av_wordlists *lists)
{
	return d != NULL && strchr(d, '.') != NULL &&
	       domain_in(d, (const char *const *)lists->recruiting_domains) == NULL &&
	       domain_in(d, scheduling_domains) == NULL && domain_in(d, personal_domains) == NULL;
}

static const char *const onsite_words[] = {
	"onsite",	  "on-site",	       "onsite interview",  "on-site interview",
	"virtual onsite", "onsite loop",       "superday",	    "hiring day",
	"interview day",  "assessment centre", "assessment center", NULL};

/* One message header cue, within CAP_HEADERS for all of them together. */
static void
header_cue(struct score_state *st, int *headers, int w, const char *what)
{
	if (*headers + w < CAP_HEADERS)
		w = CAP_HEADERS - *headers;
	if (w == 0)
		return;
	*headers += w;
	add_reason(st, w, "%s", what);
}

/* Signs of bulk mail: they apply to any invite. True when the invite is a bulk one (the
 * structure then lends the summary no support). */
static bool
score_bulk(struct score_state *st, const struct av_invite *inv, const struct av_invite_mail *msg)
{
	size_t n_individual = 0;
	int headers = 0;
	bool bulk = false;

	for (size_t i = 0; i < inv->n_attendees; i++) {
		const struct av_attendee *a = &inv->attendees[i];

		if ((a->cutype == AV_CUTYPE_INDIVIDUAL || a->cutype == AV_CUTYPE_UNKNOWN) &&
		    a->role != AV_ROLE_NON_PARTICIPANT && !addr_is_list_or_robot(a->email))
			n_individual++;
	}
	if (inv->n_attendees >= AV_DETECT_BULK_ATTENDEES) {
		/* the count of all the ATTENDEEs, where the reader gave it */
		if (inv->n_attendees_seen > inv->n_attendees)
			add_reason(st, W_BULK_ATTENDEES, "%zu attendees: a bulk invite",
				   inv->n_attendees_seen);
		else
			add_reason(st, W_BULK_ATTENDEES, "%zu%s attendees: a bulk invite",
				   inv->n_attendees,
				   inv->n_attendees >= AV_INVITE_MAX_ATTENDEES ? " or more" : "");
		bulk = true;
	} else if (inv->n_attendees > 0 && n_individual == 0) {
		add_reason(st, W_NO_INDIVIDUAL, "no individual attendee: sent to a list or group");
		bulk = true;
	}
	if (msg == NULL)
		return bulk;
	if (msg->list_id != NULL) {
		header_cue(st, &headers, W_LIST_ID, "List-Id header: sent to a mailing list");
		bulk = true;
	}
	if (msg->precedence != NULL) {
		char *f = av_text_fold(msg->precedence, strnlen(msg->precedence, 64));

		f[strcspn(f, " \t;")] = '\0';
		if (strcmp(f, "bulk") == 0 || strcmp(f, "list") == 0 || strcmp(f, "junk") == 0) {
			char *what = av_asprintf("Precedence: %s: bulk mail", f);

			header_cue(st, &headers, W_PRECEDENCE, what);
			free(what);
			bulk = true;
		}
		free(f);
	}
	if (msg->list_unsubscribe != NULL)
		header_cue(st, &headers, W_LIST_UNSUBSCRIBE,
			   "List-Unsubscribe header (transactional mailers add it too)");
	return bulk;
}

/* The structure of a personal invite, as support for a summary that names an interview:
 * a bounded slot, a few individual attendees, an organizer at an organization's own
 * domain who is a person (a recruiting system's organizer counted in score_domains). */
static void
score_structure(struct score_state *st, const struct av_invite *inv, const char *summary_folded,
		const struct av_wordlists *lists)
{
	size_t n_individual = 0;
	const char *od;

	if (inv->all_day) {
		if (summary_folded != NULL &&
		    av_words_find_folded(summary_folded, strlen(summary_folded), onsite_words) !=
			    NULL)
			add_reason(st, W_SLOT, "an all-day onsite");
	} else if (inv->end - inv->start >= AV_DETECT_SLOT_MIN &&
		   inv->end - inv->start <= AV_DETECT_SLOT_MAX) {
		long min = (long)(inv->end - inv->start) / 60;

		if (min < 120 || min % 60 != 0)
			add_reason(st, W_SLOT, "a %ld-minute slot", min);
		else
			add_reason(st, W_SLOT, "a %ld-hour slot", min / 60);
	}
	for (size_t i = 0; i < inv->n_attendees; i++) {
		const struct av_attendee *a = &inv->attendees[i];

		if ((a->cutype == AV_CUTYPE_INDIVIDUAL || a->cutype == AV_CUTYPE_UNKNOWN) &&
		    a->role != AV_ROLE_NON_PARTICIPANT && !addr_is_list_or_robot(a->email))
			n_individual++;
	}
	if (n_individual > 0 && n_individual <= AV_DETECT_FEW_ATTENDEES)
		add_reason(st, W_INDIVIDUALS, "a personal invite: %zu individual attendee%s",
			   n_individual, n_individual == 1 ? "" : "s");
	od = inv->has_organizer ? av_addr_domain(inv->organizer.email) : NULL;
	if (od != NULL && employer_domain(od, lists) &&
	    !addr_is_list_or_robot(inv->organizer.email))
		add_reason(st, W_ORGANIZER, "organizer is a person at %s", od);
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

/* Does folded t[0..len) hold any of the patterns p[0..n)? */
static bool
any_found(const struct av_words_pat *p, size_t n, const char *t, size_t len,
	  const struct av_words_pairs *pairs)
{
	struct av_words_span s;

	for (size_t i = 0; i < n; i++)
		if (av_words_pat_may_occur(&p[i], pairs) &&
		    av_words_pat_find(&p[i], t, len, NULL, 0, &s))
			return true;
	return false;
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
	size_t len = strlen(f);
	struct av_words_pairs pairs;
	bool ok = true;

	/* whether any entry is there, not which: the compiled lists, with the pair filter */
	av_words_pairs_init(&pairs, f, len);
	if (any_found(lists->interview_pats, lists->n_interview_pats, f, len, &pairs) ||
	    any_found(lists->negative_pats, lists->n_negative_pats, f, len, &pairs) ||
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
company_domain(const struct av_invite *inv, const char *sender, const char *desc,
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
	struct av_invite_mail none = {0};
	const struct av_company *co = NULL;
	struct summary_ctx ctx = {inv, lists};
	struct av_employer_clues clues;
	const char *texts[3] = {NULL, NULL, NULL};
	char *desc_text = NULL, *label = NULL;
	const char *desc;

	free(det->company);
	free(det->domain);
	det->company = det->domain = NULL;
	det->company_from = NULL;
	if (inv == NULL || lists == NULL)
		return;
	if (mail == NULL)
		mail = &none;
	desc = inv->description;
	if (desc != NULL &&
	    (desc_text = av_text_from_html(desc, strnlen(desc, AV_INVITE_MAX_TEXT))) != NULL)
		desc = desc_text;
	det->domain = company_domain(inv, mail->from, desc, lists);
	if (conf != NULL && det->domain != NULL)
		co = av_conf_company(conf, det->domain);
	if (co != NULL && co->name != NULL &&
	    (det->company = av_text_clean(co->name, false)) != NULL)
		det->company_from = "config";
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
		det->company = av_summary_employer_from(&clues, &det->company_from);
	}
	free(label);
	free(desc_text);
}

void
av_detect_score_msg(const struct av_invite *inv, const struct av_invite_mail *msg,
		    const struct av_wordlists *lists, const struct av_conf *conf,
		    struct av_detection *det_r)
{
	struct score_state st = {0};
	struct tally ty = {0};
	const struct av_words_pat *pos, *neg;
	size_t n_pos, n_neg;
	char *desc_html = NULL, *sum_folded = NULL;
	const char *desc, *sender = msg != NULL ? msg->from : NULL;
	bool recruiting, bulk, plain_summary;

	memset(det_r, 0, sizeof(*det_r));
	if (inv == NULL || lists == NULL) {
		det_r->reasons = av_strv_finish(&st.reasons);
		return;
	}
	pos = lists->interview_pats;
	n_pos = lists->n_interview_pats;
	neg = lists->negative_pats;
	n_neg = lists->n_negative_pats;
	ty.sum_pos_used = av_calloc(n_pos + 1, sizeof(bool));
	ty.txt_pos_used = av_calloc(n_pos + 1, sizeof(bool));
	ty.sum_neg_used = av_calloc(n_neg + 1, sizeof(bool));
	ty.txt_neg_used = av_calloc(n_neg + 1, sizeof(bool));
	desc = inv->description;
	if (desc != NULL) {
		desc_html = av_text_from_html(desc, strnlen(desc, AV_INVITE_MAX_TEXT));
		if (desc_html != NULL)
			desc = desc_html;
	}

	score_field(&st, &ty, "summary", inv->summary, true, pos, n_pos, neg, n_neg);
	score_field(&st, &ty, "description", desc, false, pos, n_pos, neg, n_neg);
	score_field(&st, &ty, "location", inv->location, false, pos, n_pos, neg, n_neg);
	recruiting = score_domains(&st, inv, sender, lists);
	bulk = score_bulk(&st, inv, msg);
	plain_summary = ty.sum_pos > 0 && ty.sum_neg == 0;
	if (plain_summary && !bulk) {
		if (inv->summary != NULL)
			sum_folded = av_text_fold(inv->summary, strnlen(inv->summary, 512));
		score_structure(&st, inv, sum_folded, lists);
	}

	det_r->score = st.score;
	det_r->is_interview = st.score >= AV_DETECT_THRESHOLD;
	det_r->maybe = !det_r->is_interview &&
		       st.score >= AV_DETECT_THRESHOLD - AV_DETECT_MAYBE_MARGIN &&
		       (ty.sum_pos > 0 || recruiting);
	det_r->reasons = av_strv_finish(&st.reasons);
	av_detect_company(inv, msg, lists, conf, det_r);
	av_debug(AV_CAT_DETECT, "invite %s: score %d%s", inv->uid ? inv->uid : "?", st.score,
		 det_r->is_interview ? " (interview)"
		 : det_r->maybe	     ? " (maybe)"
				     : "");

	free(sum_folded);
	free(desc_html);
	free(ty.sum_pos_used);
	free(ty.txt_pos_used);
	free(ty.sum_neg_used);
	free(ty.txt_neg_used);
}

void
av_detect_score(const struct av_invite *inv, const char *sender_addr,
		const struct av_wordlists *lists, struct av_detection *det_r)
{
	struct av_invite_mail msg = {.from = sender_addr};

	av_detect_score_msg(inv, &msg, lists, NULL, det_r);
}

void
av_detection_clear(struct av_detection *det)
{
	if (det == NULL)
		return;
	av_strv_free(&det->reasons);
	free(det->company);
	free(det->domain);
	memset(det, 0, sizeof(*det));
}
