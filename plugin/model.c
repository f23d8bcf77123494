/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "afterview/addr.h"
#include "afterview/correspondence.h"
#include "afterview/draft.h"
#include "afterview/invite.h"
#include "afterview/log.h"
#include "afterview/model.h"
#include "afterview/template.h"
#include "afterview/text.h"

static void
iv_report_clear(struct av_iv_report *r)
{
	free(r->iv.name);
	free(r->iv.email);
	free(r->token);
	if (r->has_draft)
		av_draft_row_clear(&r->draft);
	memset(r, 0, sizeof(*r));
}

void
av_model_clear(struct av_model *m)
{
	for (size_t i = 0; i < m->n_items; i++) {
		for (size_t j = 0; j < m->items[i].n_ivs; j++)
			iv_report_clear(&m->items[i].ivs[j]);
		free(m->items[i].ivs);
		av_detection_clear(&m->items[i].det);
		av_language_clear(&m->items[i].lang);
		if (m->items[i].notes != NULL)
			av_notes_clear(m->items[i].notes);
		free(m->items[i].notes);
	}
	free(m->items);
	for (size_t i = 0; i < m->n_sent; i++)
		free(m->sent[i].recipients); /* the block that holds all its strings */
	free(m->sent);
	free(m->sent_refs);
	av_sent_index_clear(&m->sent_index);
	for (size_t i = 0; i < m->n_ids; i++)
		free(m->ids[i]);
	free(m->ids);
	av_events_clear(&m->events);
	memset(m, 0, sizeof(*m));
}

struct load_ctx {
	struct av_events *events;
	const char *zone;
	/* the message the last calendar came from, and the events read of it so far */
	char *folder;
	uint32_t uidvalidity, uid;
	size_t n_read;
};

static bool
load_calendar(void *ctx, const struct av_msgref *ref, const char *section,
	      const struct av_invite_mail *mail, const char *ics, size_t len)
{
	struct load_ctx *lc = ctx;
	struct av_invite **invs = NULL;
	size_t n = 0;
	char *error = NULL;
	char *where = av_asprintf("%s:%u", ref->folder, ref->uid);

	if (av_invite_parse(ics, len, lc->zone, &invs, &n, &error) != AV_OK) {
		av_debug(AV_CAT_ENGINE, "%s part %s: %s", where, section, error);
		free(error);
	}
	/* the parts of one message are stored one after the other (ORDER BY id) */
	if (lc->folder == NULL || strcmp(lc->folder, ref->folder) != 0 ||
	    lc->uidvalidity != ref->uidvalidity || lc->uid != ref->uid) {
		free(lc->folder);
		lc->folder = av_strdup(ref->folder);
		lc->uidvalidity = ref->uidvalidity;
		lc->uid = ref->uid;
		lc->n_read = 0;
	}
	for (size_t i = 0; i < n; i++) {
		if (lc->n_read++ < AV_INVITE_MAX_EVENTS) {
			av_events_add_mail(lc->events, invs[i], where, mail);
			continue;
		}
		if (lc->n_read == AV_INVITE_MAX_EVENTS + 1)
			av_debug(AV_CAT_ENGINE,
				 "%s: more than %d events in one message: the rest "
				 "not read",
				 where, AV_INVITE_MAX_EVENTS);
		av_invite_free(&invs[i]);
	}
	free(invs);
	free(where);
	return true;
}

static bool
load_sent(void *ctx, const struct av_msgref *ref, const struct av_sent *sent)
{
	struct av_model *m = ctx;
	struct av_sent *s;
	size_t n = 0, size, cap;
	char *p;

	/* grown by doubling: Sent holds tens of thousands in the horizon */
	if ((m->n_sent & (m->n_sent - 1)) == 0) {
		cap = m->n_sent ? 2 * m->n_sent : 64;
		m->sent = av_realloc(m->sent, cap * sizeof(*m->sent));
		m->sent_refs = av_realloc(m->sent_refs, cap * sizeof(*m->sent_refs));
	}
	s = &m->sent[m->n_sent];
	while (sent->recipients[n] != NULL)
		n++;
	/* one block per message, the recipients' array first (what av_model_clear frees):
	 * a malloc per string cost more than the strings on a large mailbox */
	size = (n + 1) * sizeof(char *) + strlen(ref->folder) + 1 +
	       (sent->message_id != NULL ? strlen(sent->message_id) + 1 : 0) +
	       (sent->subject ? strlen(sent->subject) + 1 : 0);
	for (size_t i = 0; i < n; i++)
		size += strlen(sent->recipients[i]) + 1;
	s->recipients = av_malloc(size);
	p = (char *)(s->recipients + n + 1);
	s->recipients[n] = NULL;
	for (size_t i = 0; i < n; i++) {
		s->recipients[i] = p;
		p = stpcpy(p, sent->recipients[i]) + 1;
	}
	m->sent_refs[m->n_sent].folder = p;
	p = stpcpy(p, ref->folder) + 1;
	s->message_id = NULL;
	/* "" is a message asked and without one (store.h) */
	if (sent->message_id != NULL && sent->message_id[0] != '\0') {
		s->message_id = p;
		p = stpcpy(p, sent->message_id) + 1;
	}
	s->subject = sent->subject != NULL ? strcpy(p, sent->subject) : NULL;
	s->date = sent->date;
	s->internaldate = sent->internaldate;
	s->thanks = sent->thanks;
	m->sent_refs[m->n_sent].id_unknown = sent->message_id == NULL;
	m->sent_refs[m->n_sent].uidvalidity = ref->uidvalidity;
	m->sent_refs[m->n_sent].uid = ref->uid;
	m->n_sent++;
	return true;
}

/* The person's notes for an interview, when there are some and they parse (a sheet
 * that does not parse is the notes command's business; drafts go on without it). */
static enum av_err
load_notes(struct av_store *store, const struct av_account *acc, struct av_interview_report *it,
	   char **error_r)
{
	char *text = NULL, *error = NULL;
	struct av_notes notes;
	enum av_err err =
		av_store_notes_get(store, acc->name, it->ev->inv->uid, &text, NULL, error_r);

	if (err != AV_OK || text == NULL)
		return err;
	if (av_notes_parse(text, strlen(text), &notes, &error) == AV_OK) {
		it->notes = av_malloc(sizeof(*it->notes));
		*it->notes = notes;
	} else {
		av_debug(AV_CAT_ENGINE, "notes for %s: %s", it->id, error);
		free(error);
	}
	free(text);
	return AV_OK;
}

void
av_model_basis(const struct av_interview_report *it, const struct av_iv_report *r,
	       char buf[AV_HASH_HEX_SIZE])
{
	const char *topic = it->notes ? av_notes_discussed(it->notes, &r->iv) : NULL;
	bool feedback = it->notes != NULL && it->notes->feedback != NULL;
	const char *lang = av_model_draft_language(it);
	/* the default language adds nothing: drafts made before languages keep their basis */
	char *what = lang == NULL
			     ? av_asprintf("%s\x1f%d", topic ? topic : "", feedback)
			     : av_asprintf("%s\x1f%d\x1f%s", topic ? topic : "", feedback, lang);

	av_hash_hex(what, strlen(what), buf);
	free(what);
}

const char *
av_model_draft_language(const struct av_interview_report *it)
{
	if (it->language == NULL || it->language_fallback ||
	    strcmp(it->language, AV_LANGUAGE_DEFAULT) == 0)
		return NULL;
	return it->language;
}

#define TOLD_LANGUAGE "language"

/* Decide it's language (an interview), and whether the person was told of a fallback. */
static enum av_err
judge_language(struct av_store *store, const struct av_conf *conf, const struct av_account *acc,
	       struct av_interview_report *it, const struct av_invite_mail *mail, char **error_r)
{
	const struct av_company *co =
		it->employer_domain != NULL ? av_conf_company(conf, it->employer_domain) : NULL;
	char *marked = NULL, *told = NULL;
	enum av_err err;

	av_language_detect(it->ev->inv, mail, &it->lang);
	it->language = it->lang.code;
	it->language_from = "invite";
	if (co != NULL && co->language != NULL) {
		it->language = co->language;
		it->language_from = "config";
	}
	err = av_store_language_get(store, acc->name, it->ev->inv->uid, &marked, error_r);
	if (err == AV_OK && av_language_code(marked) != NULL) {
		it->language = av_language_code(marked);
		it->language_from = "mark";
	}
	free(marked);
	it->language_fallback = !av_conf_writes_language(conf, it->language) ||
				!av_templates_has_language(NULL, it->language);
	it->writes = conf->me.languages;
	if (err == AV_OK && it->language_fallback) {
		err = av_store_told_get(store, acc->name, it->ev->inv->uid, TOLD_LANGUAGE, &told,
					error_r);
		it->language_told = told != NULL && strcmp(told, it->language) == 0;
		free(told);
	}
	return err;
}

bool
av_model_language_news(const struct av_interview_report *it)
{
	if (!it->is_interview || !it->language_fallback || it->language_told || it->ev->cancelled)
		return false;
	for (size_t j = 0; j < it->n_ivs; j++) {
		enum av_state s = it->ivs[j].verdict.state;

		if (s == AV_STATE_NOT_DUE || s == AV_STATE_PENDING || s == AV_STATE_DRAFTED)
			return true;
	}
	return false;
}

enum av_err
av_model_languages_told(struct av_model *m, struct av_store *store, const struct av_account *acc,
			char **error_r)
{
	for (size_t i = 0; i < m->n_items; i++) {
		struct av_interview_report *it = &m->items[i];
		enum av_err err;

		if (!av_model_language_news(it))
			continue;
		err = av_store_told_set(store, acc->name, it->ev->inv->uid, TOLD_LANGUAGE,
					it->language, m->now, error_r);
		if (err != AV_OK)
			return err;
		it->language_told = true;
	}
	return AV_OK;
}

#define TOLD_UNSURE "unsure"

/* The told row of r's unsure reply: what names the interviewer, version the reply. */
static void
unsure_key(const struct av_iv_report *r, char **what_r, char **version_r)
{
	const struct av_sent *u = r->verdict.unsure;

	*what_r = av_asprintf(TOLD_UNSURE " %s", r->token);
	*version_r =
		u->message_id != NULL
			? av_strdup(u->message_id)
			: av_asprintf("%lld", (long long)(u->date ? u->date : u->internaldate));
}

static enum av_err
judge_unsure(struct av_store *store, const struct av_account *acc,
	     const struct av_interview_report *it, struct av_iv_report *r, char **error_r)
{
	char *what, *version, *told = NULL;
	enum av_err err;

	r->unsure_told = false;
	if (r->verdict.unsure == NULL)
		return AV_OK;
	unsure_key(r, &what, &version);
	err = av_store_told_get(store, acc->name, it->ev->inv->uid, what, &told, error_r);
	r->unsure_told = told != NULL && strcmp(told, version) == 0;
	free(told);
	free(what);
	free(version);
	return err;
}

enum av_err
av_model_unsure_told(struct av_model *m, struct av_store *store, const struct av_account *acc,
		     char **error_r)
{
	for (size_t i = 0; i < m->n_items; i++)
		for (size_t j = 0; j < m->items[i].n_ivs; j++) {
			struct av_iv_report *r = &m->items[i].ivs[j];
			enum av_state state = r->verdict.state;
			char *what, *version;
			enum av_err err;

			if (r->verdict.unsure == NULL || r->unsure_told ||
			    (state != AV_STATE_PENDING && state != AV_STATE_DRAFTED))
				continue;
			unsure_key(r, &what, &version);
			err = av_store_told_set(store, acc->name, m->items[i].ev->inv->uid, what,
						version, m->now, error_r);
			free(what);
			free(version);
			if (err != AV_OK)
				return err;
			r->unsure_told = true;
		}
	return AV_OK;
}

/* Is r marked thanked? Under its address, or under its name: a mark made while only the
 * name was known holds once an address turns up. */
static enum av_err
judge_thanked(struct av_store *store, const struct av_account *acc,
	      const struct av_interview_report *it, struct av_iv_report *r, char **error_r)
{
	const char *uid = it->ev->inv->uid;
	enum av_err err = AV_OK;

	r->marked_thanked = false;
	r->marked_at = 0;
	if (r->iv.email != NULL && r->iv.email[0] != '\0')
		err = av_store_thanked_get(store, acc->name, uid, r->iv.email, &r->marked_thanked,
					   &r->marked_at, error_r);
	if (err == AV_OK && !r->marked_thanked && r->iv.name != NULL && r->iv.name[0] != '\0')
		err = av_store_thanked_get(store, acc->name, uid, r->iv.name, &r->marked_thanked,
					   &r->marked_at, error_r);
	return err;
}

enum av_err
av_model_judge(struct av_model *m, struct av_store *store, const struct av_account *acc,
	       const struct av_wordlists *words, struct av_interview_report *it, char **error_r)
{
	struct av_interviewer *panel = av_calloc(it->n_ivs ? it->n_ivs : 1, sizeof(*panel));
	enum av_err err = AV_OK;

	for (size_t j = 0; j < it->n_ivs; j++)
		panel[j] = it->ivs[j].iv;
	for (size_t j = 0; j < it->n_ivs; j++) {
		struct av_iv_report *r = &it->ivs[j];
		bool found;

		if (r->has_draft)
			av_draft_row_clear(&r->draft);
		err = av_store_draft_get(store, acc->name, r->token, &r->draft, &found, error_r);
		if (err != AV_OK)
			break;
		r->has_draft = found;
		av_match_interviewer(it->ev->inv, it->ev->cancelled, &r->iv, panel, it->n_ivs,
				     m->sent, m->n_sent, &m->sent_index, words, m->window_hours,
				     found && (r->draft.state == AV_DRAFT_APPENDED ||
					       r->draft.state == AV_DRAFT_EDITED),
				     m->now, &r->verdict);
		if ((err = judge_thanked(store, acc, it, r, error_r)) != AV_OK)
			break;
		if (r->marked_thanked)
			av_match_marked_thanked(&r->verdict);
		r->draft_deleted = found && r->draft.state == AV_DRAFT_GONE &&
				   r->verdict.state == AV_STATE_PENDING;
		r->draft_gone = found && r->draft.state == AV_DRAFT_GONE &&
				(r->verdict.state == AV_STATE_PENDING ||
				 r->verdict.state == AV_STATE_MISSED);
		if ((err = judge_unsure(store, acc, it, r, error_r)) != AV_OK)
			break;
	}
	free(panel);
	return err;
}

void
av_model_version(const struct av_interview_report *it, char buf[AV_MODEL_VERSION_SIZE])
{
	snprintf(buf, AV_MODEL_VERSION_SIZE, "%d/%lld", it->ev->sequence,
		 (long long)it->ev->dtstamp);
}

#define TOLD_MAYBE "maybe"

/* Is it (not an interview) a maybe, and was the person told of this version already?
 * An event that ended before since (the horizon) is history, not a question. */
static enum av_err
judge_maybe(struct av_store *store, const struct av_account *acc, struct av_interview_report *it,
	    time_t since, char **error_r)
{
	char version[AV_MODEL_VERSION_SIZE], *told = NULL;
	enum av_err err;

	it->maybe =
		it->mark < 0 && it->det.maybe && !it->ev->cancelled && it->ev->inv->end >= since;
	if (!it->maybe)
		return AV_OK;
	err = av_store_told_get(store, acc->name, it->ev->inv->uid, TOLD_MAYBE, &told, error_r);
	av_model_version(it, version);
	it->maybe_told = told != NULL && strcmp(told, version) == 0;
	free(told);
	return err;
}

enum av_err
av_model_maybes_told(struct av_model *m, struct av_store *store, const struct av_account *acc,
		     char **error_r)
{
	for (size_t i = 0; i < m->n_items; i++) {
		struct av_interview_report *it = &m->items[i];
		char version[AV_MODEL_VERSION_SIZE];
		enum av_err err;

		if (!it->maybe || it->maybe_told)
			continue;
		av_model_version(it, version);
		err = av_store_told_set(store, acc->name, it->ev->inv->uid, TOLD_MAYBE, version,
					m->now, error_r);
		if (err != AV_OK)
			return err;
		it->maybe_told = true;
	}
	return AV_OK;
}

/* The known addresses, each (address, name) once: the sent mail repeats its recipients
 * (~90,000 for ~11,000 addresses on a large mailbox), and interviewers.c walks the list
 * once per name without an address. A repeat changes nothing of what it finds (the first
 * of equal entries decides), so only the first is kept. */
struct known_list {
	struct av_known_address *v;
	size_t n, cap;
	size_t *slots; /* open addressing: index + 1 into v, 0 free */
	size_t n_slots;
};

static uint64_t
known_hash(const char *email, const char *name)
{
	uint64_t h = 1469598103934665603ULL;

	for (const char *p = email; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	h = (h ^ 0xffu) * 1099511628211ULL;
	for (const char *p = name; p != NULL && *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	return h;
}

static bool
known_same(const struct av_known_address *k, const char *email, const char *name)
{
	return strcmp(k->email, email) == 0 &&
	       (k->name == NULL ? name == NULL : name != NULL && strcmp(k->name, name) == 0);
}

static void
known_add(struct known_list *l, const char *email, const char *name)
{
	size_t i;

	if (email == NULL)
		return;
	if (2 * (l->n + 1) > l->n_slots) {
		size_t n_slots = l->n_slots ? 2 * l->n_slots : 1024;

		free(l->slots);
		l->slots = av_calloc(n_slots, sizeof(*l->slots));
		l->n_slots = n_slots;
		for (size_t k = 0; k < l->n; k++) {
			i = known_hash(l->v[k].email, l->v[k].name) & (n_slots - 1);
			while (l->slots[i] != 0)
				i = (i + 1) & (n_slots - 1);
			l->slots[i] = k + 1;
		}
	}
	i = known_hash(email, name) & (l->n_slots - 1);
	for (; l->slots[i] != 0; i = (i + 1) & (l->n_slots - 1))
		if (known_same(&l->v[l->slots[i] - 1], email, name))
			return;
	if (l->n == l->cap)
		l->v = av_realloc(l->v, (l->cap = l->cap ? l->cap * 2 : 16) * sizeof(*l->v));
	l->v[l->n].email = email;
	l->v[l->n++].name = name;
	l->slots[i] = l->n;
}

/* Every address the synced mail shows, for interviewers.c to find the address of a name
 * an invite's description gives: the people of every invite (with their CNs), the
 * invites' senders and the sent mail's recipients, each once. The strings stay m's. */
static struct av_known_address *
known_addresses(const struct av_model *m, size_t *n_r)
{
	struct known_list l = {NULL, 0, 0, NULL, 0};

	for (size_t i = 0; i < m->events.n; i++) {
		const struct av_invite *inv = m->events.v[i].inv;

		known_add(&l, m->events.v[i].sender, NULL);
		if (inv->has_organizer)
			known_add(&l, inv->organizer.email, inv->organizer.cn);
		for (size_t j = 0; j < inv->n_attendees; j++)
			known_add(&l, inv->attendees[j].email, inv->attendees[j].cn);
	}
	for (size_t i = 0; i < m->n_sent; i++)
		for (char **r = m->sent[i].recipients; r != NULL && *r != NULL; r++)
			known_add(&l, *r, NULL);
	free(l.slots);
	*n_r = l.n;
	return l.v;
}

/* More interviewers than AV_MODEL_MAX_INTERVIEWERS: a job fair or a webinar sent as an
 * invite, not an interview. Not marked, it becomes a maybe, with the reason among the
 * score's; marked an interview, the first AV_MODEL_MAX_INTERVIEWERS get drafts. Either
 * way one invite never floods Drafts. */
static void
crowded(struct av_interview_report *it, struct av_interviewer *ivs, size_t *n)
{
	const struct av_invite *inv = it->ev->inv;
	size_t k = 0, people = inv->n_attendees_seen > *n ? inv->n_attendees_seen : *n;

	if (*n <= AV_MODEL_MAX_INTERVIEWERS)
		return;
	it->crowd = people;
	while (it->det.reasons != NULL && it->det.reasons[k] != NULL)
		k++;
	it->det.reasons = av_realloc(it->det.reasons, (k + 2) * sizeof(char *));
	it->det.reasons[k] =
		it->mark == 1 ? av_asprintf("%zu attendees: only the first %d interviewers get a "
					    "draft",
					    people, AV_MODEL_MAX_INTERVIEWERS)
			      : av_asprintf("%zu attendees: a fair or a webinar?", people);
	it->det.reasons[k + 1] = NULL;
	if (it->mark != 1) {
		it->is_interview = false;
		it->det.maybe = true; /* ask, never draft */
	}
	for (size_t j = it->mark == 1 ? AV_MODEL_MAX_INTERVIEWERS : 0; j < *n; j++) {
		free(ivs[j].name);
		free(ivs[j].email);
	}
	*n = it->mark == 1 ? AV_MODEL_MAX_INTERVIEWERS : 0;
}

/* An invite at the person's own domain that names someone else as the candidate: the
 * person sits on the panel. Not drafted; the reason goes with the score's. */
static void
not_mine(struct av_interview_report *it, const struct av_interviewers_ctx *ictx)
{
	char *why = av_correspondence_not_mine(it->ev->inv, ictx);
	size_t n = 0;

	if (why == NULL)
		return;
	while (it->det.reasons != NULL && it->det.reasons[n] != NULL)
		n++;
	it->det.reasons = av_realloc(it->det.reasons, (n + 2) * sizeof(char *));
	it->det.reasons[n] = why;
	it->det.reasons[n + 1] = NULL;
	it->is_interview = false;
	it->not_mine = true;
	it->det.maybe = true; /* ask at most */
}

enum av_err
av_model_evaluate(struct av_store *store, const struct av_conf *conf, const struct av_account *acc,
		  const struct av_wordlists *words, time_t now, struct av_model *m, char **error_r)
{
	struct load_ctx lc;
	time_t since = now - (time_t)conf->horizon_days * 86400;
	enum av_err err = AV_OK;
	struct av_interviewers_ctx ictx = {conf->me.addresses, conf->me.name, NULL, NULL, 0, NULL};
	struct av_known_address *known;
	struct av_known_index *known_index;

	memset(m, 0, sizeof(*m));
	m->now = now;
	m->window_hours = conf->window_hours;
	av_events_init(&m->events);
	memset(&lc, 0, sizeof(lc));
	lc.events = &m->events;
	lc.zone = conf->me.timezone;
	err = av_store_calendar_each(store, acc->name, load_calendar, &lc, error_r);
	free(lc.folder);
	if (err != AV_OK)
		return err;
	av_events_sort(&m->events);
	/* thank-yous can only follow an interview: nothing older than the horizon matters */
	if ((err = av_store_sent_each(store, acc->name, since, load_sent, m, error_r)) == AV_OK)
		av_sent_index_build(&m->sent_index, m->sent, m->n_sent);
	if (err != AV_OK)
		return err;
	m->items = av_calloc(m->events.n ? m->events.n : 1, sizeof(*m->items));
	ictx.known = known = known_addresses(m, &ictx.n_known);
	ictx.known_index = known_index = av_correspondence_index_build(known, ictx.n_known);
	for (size_t i = 0; i < m->events.n && err == AV_OK; i++) {
		struct av_interview_report *it = &m->items[m->n_items++];
		const struct av_event *ev = &m->events.v[i];
		struct av_interviewer *ivs = NULL;
		size_t n = 0;
		struct av_invite_mail mail;

		it->ev = ev;
		av_events_id(ev->inv->uid, it->id);
		mail = av_events_mail(ev);
		av_detect_score_msg(ev->inv, &mail, words, conf, &it->det);
		it->employer_domain =
			it->det.domain != NULL
				? it->det.domain
				: av_correspondence_employer_domain(ev->inv, conf->me.addresses);
		ictx.sent_to = av_correspondence_sent_to(ev->inv, &mail, conf->me.addresses);
		if ((err = av_store_mark_get(store, acc->name, ev->inv->uid, &it->mark, error_r)) !=
		    AV_OK)
			break;
		/* a maybe waits for the person: never an interview by itself */
		it->is_interview =
			it->mark >= 0 ? it->mark == 1 : it->det.is_interview && !it->det.maybe;
		if (it->mark < 0 && it->is_interview)
			not_mine(it, &ictx);
		if (!it->is_interview) {
			if ((err = judge_maybe(store, acc, it, since, error_r)) != AV_OK)
				break;
			continue;
		}
		av_interviewers_find_with(ev->inv, &ictx, &ivs, &n);
		crowded(it, ivs, &n);
		if (!it->is_interview) {
			free(ivs);
			if ((err = judge_maybe(store, acc, it, since, error_r)) != AV_OK)
				break;
			continue;
		}
		it->ivs = av_calloc(n ? n : 1, sizeof(*it->ivs));
		it->n_ivs = n;
		for (size_t j = 0; j < n; j++) {
			/* an address found in other mail may come later than the draft: the
			 * draft's token stays the name's */
			const char *who = ivs[j].email != NULL && !ivs[j].email_from_mail
						  ? ivs[j].email
						  : ivs[j].name;

			it->ivs[j].iv = ivs[j];
			it->ivs[j].token = av_draft_token(acc->name, ev->inv->uid, who);
		}
		free(ivs); /* the strings moved into it->ivs */
		if ((err = judge_language(store, conf, acc, it, &mail, error_r)) != AV_OK)
			break;
		if ((err = load_notes(store, acc, it, error_r)) == AV_OK)
			err = av_model_judge(m, store, acc, words, it, error_r);
	}
	av_correspondence_index_free(&known_index);
	free(known);
	return err;
}

#define NAME_KEY_SIZE 256

/* Does name designate r: 2 its name or address exactly, 1 the start of either, 0 not.
 * key is name's av_text_name_key ("" when it has none): "renee" designates Renée. */
static int
designates(const struct av_iv_report *r, const char *name, const char *key)
{
	char rkey[NAME_KEY_SIZE];
	const char *email = r->iv.email;
	bool keyed = key[0] != '\0' && r->iv.name != NULL &&
		     av_text_name_key(r->iv.name, strlen(r->iv.name), rkey, sizeof(rkey));

	if ((keyed && strcmp(rkey, key) == 0) ||
	    (email != NULL && email[0] != '\0' && av_addr_same(email, name)))
		return 2;
	if ((keyed && strncmp(rkey, key, strlen(key)) == 0) ||
	    (email != NULL && av_text_starts_ci(email, strlen(email), name)))
		return 1;
	return 0;
}

const struct av_iv_report *
av_model_find_interviewer(const struct av_interview_report *it, const char *name, bool *ambiguous_r)
{
	const struct av_iv_report *hit[3] = {NULL, NULL, NULL};
	unsigned n[3] = {0, 0, 0};
	char key[NAME_KEY_SIZE];
	int best = 2;

	*ambiguous_r = false;
	if (name == NULL || name[0] == '\0')
		return NULL;
	if (!av_text_name_key(name, strlen(name), key, sizeof(key)))
		key[0] = '\0';
	for (size_t j = 0; j < it->n_ivs; j++) {
		int d = designates(&it->ivs[j], name, key);

		if (d > 0 && n[d]++ == 0)
			hit[d] = &it->ivs[j];
	}
	if (n[best] == 0)
		best = 1;
	if (n[best] > 1)
		*ambiguous_r = true;
	return n[best] == 1 ? hit[best] : NULL;
}

enum av_err
av_model_mark_thanked(struct av_model *m, struct av_store *store, const struct av_account *acc,
		      const struct av_wordlists *words, struct av_interview_report *it,
		      struct av_iv_report *r, bool thanked, time_t at, bool *changed_r,
		      bool *redraft_r, char **error_r)
{
	const char *uid = it->ev->inv->uid;
	bool has_email = r->iv.email != NULL && r->iv.email[0] != '\0', cleared = false;
	enum av_err err;

	*changed_r = false;
	if (redraft_r != NULL)
		*redraft_r = false;
	if (thanked) {
		err = av_store_thanked_set(store, acc->name, uid,
					   has_email ? r->iv.email : r->iv.name, at, error_r);
		*changed_r = err == AV_OK;
	} else {
		err = has_email ? av_store_thanked_clear(store, acc->name, uid, r->iv.email,
							 &cleared, error_r)
				: AV_OK;
		*changed_r = cleared;
		if (err == AV_OK)
			err = av_store_thanked_clear(store, acc->name, uid, r->iv.name, &cleared,
						     error_r);
		*changed_r = *changed_r || cleared;
	}
	if (err == AV_OK)
		err = av_model_judge(m, store, acc, words, it, error_r);
	/* withdrawn for the mark (a cancellation or a thank-you in Sent would still hold):
	 * the interviewer is owed a draft again, made by a run while the window is open */
	if (err == AV_OK && !thanked && r->has_draft && r->draft.state == AV_DRAFT_WITHDRAWN &&
	    (r->verdict.state == AV_STATE_NOT_DUE || r->verdict.state == AV_STATE_PENDING ||
	     r->verdict.state == AV_STATE_MISSED)) {
		err = av_store_draft_delete(store, acc->name, r->token, error_r);
		if (err == AV_OK)
			err = av_model_judge(m, store, acc, words, it, error_r);
		if (err == AV_OK && redraft_r != NULL)
			*redraft_r = true;
	}
	return err;
}

const struct av_interview_report *
av_model_find(const struct av_model *m, const char *prefix, bool *ambiguous_r)
{
	const struct av_interview_report *hit = NULL;
	size_t len = strlen(prefix);

	*ambiguous_r = false;
	if (len < 4)
		return NULL;
	for (size_t i = 0; i < m->n_items; i++) {
		if (strncmp(m->items[i].id, prefix, len) != 0 &&
		    strcmp(m->items[i].ev->inv->uid, prefix) != 0)
			continue;
		if (hit != NULL) {
			*ambiguous_r = true;
			return NULL;
		}
		hit = &m->items[i];
	}
	return hit;
}

char *
av_model_notes_sheet(const struct av_interview_report *it, const char *stored)
{
	struct av_interviewer *ivs;
	struct av_notes n;
	char *error = NULL, *sheet;

	if (stored != NULL && av_notes_parse(stored, strlen(stored), &n, &error) != AV_OK) {
		sheet = av_notes_with_error(stored, strlen(stored), error);
		free(error);
		return sheet;
	}
	/* n holds the stored notes here when there are any: they parsed above */
	ivs = av_calloc(it->n_ivs ? it->n_ivs : 1, sizeof(*ivs));
	for (size_t i = 0; i < it->n_ivs; i++)
		ivs[i] = it->ivs[i].iv; /* borrowed */
	sheet = av_notes_sheet(it->ev->inv, it->id, ivs, it->n_ivs, stored != NULL ? &n : NULL,
			       NULL);
	if (stored != NULL)
		av_notes_clear(&n);
	free(ivs);
	return sheet;
}

enum av_err
av_model_notes_save(struct av_store *store, const char *account, const char *uid, const char *text,
		    size_t len, time_t at, char **error_r)
{
	struct av_notes n;
	char *clean;
	enum av_err err;

	if ((err = av_notes_parse(text, len, &n, error_r)) != AV_OK)
		return err;
	av_notes_clear(&n);
	clean = av_notes_with_error(text, len, NULL);
	err = av_store_notes_set(store, account, uid, clean, at, error_r);
	free(clean);
	return err;
}

size_t *
av_model_ids_wanted(const struct av_model *m, size_t *n_r)
{
	bool *want = av_calloc(m->n_sent + 1, sizeof(*want));
	size_t *ks, n = 0;

	for (size_t i = 0; i < m->n_items; i++)
		for (size_t j = 0; j < m->items[i].n_ivs; j++) {
			const struct av_verdict *v = &m->items[i].ivs[j].verdict;
			const struct av_sent *e[] = {v->evidence, v->unsure};

			for (size_t x = 0; x < 2; x++)
				if (e[x] != NULL && e[x] >= m->sent && e[x] < m->sent + m->n_sent &&
				    m->sent_refs[e[x] - m->sent].id_unknown)
					want[e[x] - m->sent] = true;
		}
	ks = av_calloc(m->n_sent + 1, sizeof(*ks));
	for (size_t k = 0; k < m->n_sent; k++)
		if (want[k])
			ks[n++] = k;
	free(want);
	*n_r = n;
	return ks;
}

void
av_model_sent_set_id(struct av_model *m, size_t k, const char *id)
{
	if (k >= m->n_sent)
		return;
	m->sent_refs[k].id_unknown = false;
	if (id == NULL || id[0] == '\0')
		return;
	m->ids = av_realloc(m->ids, (m->n_ids + 1) * sizeof(*m->ids));
	m->ids[m->n_ids] = av_strdup(id);
	m->sent[k].message_id = m->ids[m->n_ids++];
}
