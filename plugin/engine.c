#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "afterview/addr.h"
#include "afterview/engine.h"
#include "afterview/log.h"
#include "afterview/mime.h"

/* A draft of ours is never larger than this; one that is has been changed. */
#define DRAFT_MAX (1024 * 1024)

/* Bytes of a sent message's text read to tell a thank-you from other mail. */
#define THANKS_TEXT_MAX 4096

void
av_run_stats_clear(struct av_run_stats *st)
{
	av_sync_stats_clear(&st->sync);
	memset(st, 0, sizeof(*st));
}

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
		if (m->items[i].notes != NULL)
			av_notes_clear(m->items[i].notes);
		free(m->items[i].notes);
	}
	free(m->items);
	for (size_t i = 0; i < m->n_sent; i++) {
		av_sent_clear(&m->sent[i]);
		free(m->sent_refs[i].folder);
	}
	free(m->sent);
	free(m->sent_refs);
	av_events_free(&m->events);
	memset(m, 0, sizeof(*m));
}

struct load_ctx {
	struct av_events *events;
	const char *zone;
};

static bool
load_calendar(void *ctx, const struct av_msgref *ref, const char *section, const char *sender,
	      const char *ics, size_t len)
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
	for (size_t i = 0; i < n; i++)
		av_events_add(lc->events, invs[i], where, sender);
	free(invs);
	free(where);
	return true;
}

static bool
load_sent(void *ctx, const struct av_msgref *ref, const struct av_sent *sent)
{
	struct av_model *m = ctx;
	struct av_sent *s;
	size_t n = 0;

	m->sent = av_realloc(m->sent, (m->n_sent + 1) * sizeof(*m->sent));
	m->sent_refs = av_realloc(m->sent_refs, (m->n_sent + 1) * sizeof(*m->sent_refs));
	s = &m->sent[m->n_sent];
	s->message_id = sent->message_id ? av_strdup(sent->message_id) : NULL;
	s->date = sent->date;
	s->internaldate = sent->internaldate;
	s->subject = sent->subject ? av_strdup(sent->subject) : NULL;
	s->thanks = sent->thanks;
	while (sent->recipients[n] != NULL)
		n++;
	s->recipients = av_calloc(n + 1, sizeof(char *));
	for (size_t i = 0; i < n; i++)
		s->recipients[i] = av_strdup(sent->recipients[i]);
	m->sent_refs[m->n_sent].folder = av_strdup(ref->folder);
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

/* What a draft for r is made from, as a hash: when it changes, the draft is out of date. */
static void
basis_of(const struct av_interview_report *it, const struct av_iv_report *r, char buf[33])
{
	const char *topic = it->notes ? av_notes_discussed(it->notes, &r->iv) : NULL;
	bool feedback = it->notes != NULL && it->notes->feedback != NULL;
	char *what = av_asprintf("%s\x1f%d", topic ? topic : "", feedback);

	av_hash_hex(what, strlen(what), buf);
	free(what);
}

/* Verdicts for one interview from the loaded sent envelopes and its draft rows. */
static enum av_err
judge(struct av_store *store, const struct av_account *acc, const struct av_wordlists *words,
      struct av_model *m, struct av_interview_report *it, char **error_r)
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
				     m->sent, m->n_sent, words, m->window_hours,
				     found && (r->draft.state == AV_DRAFT_APPENDED ||
					       r->draft.state == AV_DRAFT_EDITED),
				     m->now, &r->verdict);
		r->draft_deleted = found && r->draft.state == AV_DRAFT_GONE &&
				   r->verdict.state == AV_STATE_PENDING;
	}
	free(panel);
	return err;
}

enum av_err
av_engine_evaluate(struct av_store *store, const struct av_conf *conf, const struct av_account *acc,
		   const struct av_wordlists *words, time_t now, struct av_model *m, char **error_r)
{
	struct load_ctx lc;
	time_t since = now - (time_t)conf->horizon_days * 86400;
	enum av_err err;

	memset(m, 0, sizeof(*m));
	m->now = now;
	m->window_hours = conf->window_hours;
	av_events_init(&m->events);
	lc.events = &m->events;
	lc.zone = conf->me.timezone;
	if ((err = av_store_calendar_each(store, acc->name, load_calendar, &lc, error_r)) != AV_OK)
		return err;
	av_events_sort(&m->events);
	/* thank-yous can only follow an interview: nothing older than the horizon matters */
	if ((err = av_store_sent_each(store, acc->name, since, load_sent, m, error_r)) != AV_OK)
		return err;
	m->items = av_calloc(m->events.n ? m->events.n : 1, sizeof(*m->items));
	for (size_t i = 0; i < m->events.n; i++) {
		struct av_interview_report *it = &m->items[m->n_items++];
		const struct av_event *ev = &m->events.v[i];
		struct av_interviewer *ivs = NULL;
		size_t n = 0;

		it->ev = ev;
		av_events_id(ev->inv->uid, it->id);
		av_detect_score(ev->inv, ev->sender, words, &it->det);
		if ((err = av_store_mark_get(store, acc->name, ev->inv->uid, &it->mark, error_r)) !=
		    AV_OK)
			return err;
		it->is_interview = it->mark >= 0 ? it->mark == 1 : it->det.is_interview;
		if (!it->is_interview)
			continue;
		av_interviewers_find(ev->inv, conf->me.addresses, &ivs, &n);
		it->ivs = av_calloc(n ? n : 1, sizeof(*it->ivs));
		it->n_ivs = n;
		for (size_t j = 0; j < n; j++) {
			it->ivs[j].iv = ivs[j];
			it->ivs[j].token = av_draft_token(
				acc->name, ev->inv->uid, ivs[j].email ? ivs[j].email : ivs[j].name);
		}
		free(ivs); /* the strings moved into it->ivs */
		if ((err = load_notes(store, acc, it, error_r)) != AV_OK)
			return err;
		if ((err = judge(store, acc, words, m, it, error_r)) != AV_OK)
			return err;
	}
	return AV_OK;
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

/* Read the start of a sent message's text to decide whether it says thanks. */
static enum av_err
settle_thanks(struct av_driver *drv, struct av_store *store, const struct av_account *acc,
	      const struct av_wordlists *words, struct av_model *m, size_t k,
	      struct av_run_stats *st, char **error_r)
{
	struct av_folder_info info;
	struct av_sent_ref *ref = &m->sent_refs[k];
	struct av_msgref mref = {acc->name, ref->folder, ref->uidvalidity, ref->uid};
	char *text = NULL, *error = NULL;
	size_t len = 0;
	enum av_err err;

	err = drv->ops->examine(drv, ref->folder, &info, &error);
	if (err == AV_ERR_CONFIG || err == AV_ERR_DATA) {
		/* the folder is gone or renamed: this message stays undecided, the run goes on */
		av_debug(AV_CAT_MATCH, "%s UID %u not read: %s", ref->folder, ref->uid, error);
		free(error);
		return AV_OK;
	}
	if (err != AV_OK) {
		*error_r = error;
		return err;
	}
	if (info.uidvalidity != ref->uidvalidity)
		return AV_OK; /* the next sync reads the folder again */
	err = drv->ops->fetch_part(drv, ref->uid, "TEXT", THANKS_TEXT_MAX, &text, &len, &error);
	if (err == AV_ERR_DATA) {
		av_debug(AV_CAT_MATCH, "%s UID %u: %s", ref->folder, ref->uid, error);
		free(error);
		return AV_OK;
	}
	if (err != AV_OK) {
		*error_r = error;
		return err;
	}
	st->texts_read++;
	m->sent[k].thanks = av_match_says_thanks(m->sent[k].subject, text, words) == 1 ? 1 : 0;
	free(text);
	return av_store_sent_add(store, &mref, &m->sent[k], error_r);
}

/* The sent messages some verdict wants read: to a judged interviewer, after the end,
 * thanks unknown. */
static bool
wants_text(const struct av_model *m, size_t k)
{
	const struct av_sent *s = &m->sent[k];

	if (s->thanks >= 0)
		return false;
	for (size_t i = 0; i < m->n_items; i++) {
		const struct av_interview_report *it = &m->items[i];

		for (size_t j = 0; j < it->n_ivs; j++) {
			const struct av_iv_report *r = &it->ivs[j];
			time_t when = s->date ? s->date : s->internaldate;

			if (!r->verdict.needs_text || r->iv.email == NULL ||
			    when < it->ev->inv->end)
				continue;
			for (char **rc = s->recipients; rc && *rc; rc++)
				if (av_addr_same(*rc, r->iv.email))
					return true;
		}
	}
	return false;
}

/* The message UID in drafts, compared with the hash of what afterview appended:
 * 1 unchanged, 0 changed by the person, -1 gone. */
static enum av_err
unchanged(struct av_driver *drv, const char *drafts, uint32_t uid, const char *hash, int *res_r,
	  char **error_r)
{
	char *msg = NULL, *error = NULL, got[33];
	size_t len = 0;
	enum av_err err = drv->ops->fetch_message(drv, drafts, uid, DRAFT_MAX, &msg, &len, &error);

	if (err == AV_ERR_DATA) {
		/* gone, or grown past anything we would write: either way not ours to touch */
		*res_r = -1;
		av_debug(AV_CAT_DRAFT, "%s UID %u: %s", drafts, uid, error);
		free(error);
		return AV_OK;
	}
	if (err != AV_OK) {
		*error_r = error;
		return err;
	}
	*res_r = hash != NULL && strcmp(av_hash_hex(msg, len, got), hash) == 0 ? 1 : 0;
	free(msg);
	return AV_OK;
}

/* Results of looking at one of our drafts before touching it. */
enum look {
	LOOK_GONE = -1,	  /* not at its UID any more */
	LOOK_CHANGED = 0, /* not the bytes afterview appended */
	LOOK_SAME = 1,	  /* exactly as appended */
	LOOK_REFUSED = 2, /* as appended, but the server would not remove it */
};

/* Remove our draft UID if it is still exactly as appended; *res_r tells what was found. */
static enum av_err
withdraw_if_unchanged(struct av_driver *drv, const char *drafts, uint32_t uid, const char *token,
		      const char *hash, int *res_r, char **error_r)
{
	char *error = NULL;
	enum av_err err = unchanged(drv, drafts, uid, hash, res_r, error_r);

	if (err != AV_OK || *res_r != LOOK_SAME)
		return err;
	err = drv->ops->withdraw(drv, drafts, uid, token, &error);
	if (err == AV_ERR_CONFIG || err == AV_ERR_DATA) {
		/* no UIDPLUS, or not ours after all: leave it, say why */
		av_info("%s UID %u left in place: %s", drafts, uid, error);
		free(error);
		*res_r = LOOK_REFUSED;
		return AV_OK;
	}
	if (err != AV_OK)
		*error_r = error;
	return err;
}

static uint32_t *
search_token(struct av_driver *drv, const char *drafts, const char *token, size_t *n_r,
	     enum av_err *err_r, char **error_r)
{
	uint32_t *uids = NULL;

	*n_r = 0;
	*err_r = drv->ops->search_header(drv, drafts, "X-Afterview-Id", token, &uids, n_r, error_r);
	return uids;
}

/* A replacement was under way when a run stopped (its row still names the old UID):
 * finish it whatever the interviewer's state now. The new draft there: record it, and
 * remove the old one if still as appended. The new one missing: the old one is current
 * again and out of date (the next run may replace it). Neither there: the person deleted
 * the draft, and it is never made again. */
static enum av_err
finish_replacement(struct av_driver *drv, struct av_store *store, const struct av_account *acc,
		   const char *drafts, struct av_iv_report *r, struct av_run_stats *st,
		   char **error_r)
{
	uint32_t old = r->draft.replaces_uid, newest = 0, *uids;
	bool old_there = false;
	size_t n = 0;
	enum av_err err;
	int res;

	uids = search_token(drv, drafts, r->token, &n, &err, error_r);
	for (size_t i = 0; i < n; i++) {
		if (uids[i] == old)
			old_there = true;
		else if (uids[i] > newest)
			newest = uids[i];
	}
	free(uids);
	if (err != AV_OK)
		return err;
	if (newest == 0 && !old_there) {
		err = av_store_draft_set_state(store, acc->name, r->token, AV_DRAFT_GONE, error_r);
		return err == AV_OK ? av_store_draft_replaced(store, acc->name, r->token, error_r)
				    : err;
	}
	if (newest == 0) {
		/* an empty basis never matches: the draft counts as out of date */
		err = av_store_draft_appended(store, acc->name, r->token, drafts, 0, old, NULL,
					      error_r);
		if (err == AV_OK)
			err = av_store_draft_set_hashes(store, acc->name, r->token,
							r->draft.replaces_hash, "", error_r);
		return err == AV_OK ? av_store_draft_replaced(store, acc->name, r->token, error_r)
				    : err;
	}
	if ((err = av_store_draft_appended(store, acc->name, r->token, drafts, 0, newest, NULL,
					   error_r)) != AV_OK)
		return err;
	if (old_there) {
		err = withdraw_if_unchanged(drv, drafts, old, r->token, r->draft.replaces_hash,
					    &res, error_r);
		if (err != AV_OK)
			return err;
		if (res == LOOK_SAME)
			st->replaced++;
	}
	return av_store_draft_replaced(store, acc->name, r->token, error_r);
}

static void
input_for(struct av_draft_input *in, const struct av_conf *conf,
	  const struct av_interview_report *it, const struct av_iv_report *r,
	  const struct av_interviewer *panel, time_t now)
{
	memset(in, 0, sizeof(*in));
	in->conf = conf;
	in->inv = it->ev->inv;
	in->company = it->det.company;
	in->iv = &r->iv;
	in->panel = panel;
	in->n_panel = it->n_ivs;
	in->topic = it->notes ? av_notes_discussed(it->notes, &r->iv) : NULL;
	in->feedback = it->notes ? it->notes->feedback : NULL;
	in->token = r->token;
	in->now = now;
}

static enum av_err
render(const struct av_templates *tpl, const struct av_conf *conf,
       const struct av_interview_report *it, const struct av_iv_report *r, time_t now,
       struct av_draft *d, char **error_r)
{
	struct av_interviewer *panel = av_calloc(it->n_ivs, sizeof(*panel));
	struct av_draft_input in;
	enum av_err err;

	for (size_t k = 0; k < it->n_ivs; k++)
		panel[k] = it->ivs[k].iv;
	input_for(&in, conf, it, r, panel, now);
	err = av_draft_render(tpl, &in, d, error_r);
	free(panel);
	return err;
}

static enum av_err
make_draft(struct av_driver *drv, struct av_store *store, const struct av_conf *conf,
	   const struct av_account *acc, const struct av_templates *tpl, const char *drafts,
	   struct av_interview_report *it, size_t j, bool dry_run, FILE *dry_out, time_t now,
	   struct av_run_stats *st, char **error_r)
{
	struct av_iv_report *r = &it->ivs[j];
	struct av_draft d;
	struct av_draft_row row;
	uint32_t *uids = NULL, uidvalidity = 0, uid = 0;
	char hash[33], basis[33];
	size_t n = 0;
	enum av_err err;

	memset(&d, 0, sizeof(d));
	memset(&row, 0, sizeof(row));
	if (r->has_draft && r->draft.replaces_uid != 0)
		return AV_OK; /* finished before anything else; never appended over */
	/* our draft may be there already: a crash after APPEND, or a lost state */
	uids = search_token(drv, drafts, r->token, &n, &err, error_r);
	if (err != AV_OK)
		goto out;
	row.token = r->token;
	row.invite_uid = it->ev->inv->uid;
	row.who = r->iv.email ? r->iv.email : r->iv.name;
	row.created = now;
	if (n > 0) {
		st->drafts_found++;
		if (dry_run)
			goto out;
		/* found without a row (a lost state): its bytes are unknown, so afterview
		 * will never replace or remove it */
		if (!r->has_draft)
			err = av_store_draft_intent(store, acc->name, &row, error_r);
		if (err == AV_OK)
			err = av_store_draft_appended(store, acc->name, r->token, drafts, 0,
						      uids[n - 1], NULL, error_r);
		goto out;
	}
	if ((err = render(tpl, conf, it, r, now, &d, error_r)) != AV_OK)
		goto out;
	if (dry_run) {
		fprintf(dry_out, "--- would append to %s: draft for %s (%s)\n%s\n", drafts,
			r->iv.name, r->iv.email ? r->iv.email : "no address", d.message);
		r->would_make = true;
		st->drafts_would++;
		goto out;
	}
	basis_of(it, r, basis);
	row.message_id = d.message_id;
	row.body_hash = av_hash_hex(d.message, d.len, hash);
	row.basis = basis;
	if ((err = av_store_draft_intent(store, acc->name, &row, error_r)) != AV_OK)
		goto out;
	err = drv->ops->append(drv, drafts, d.message, d.len, &uidvalidity, &uid, error_r);
	if (err != AV_OK)
		goto out; /* the intent stays: the next run searches before appending */
	if ((err = av_store_draft_appended(store, acc->name, r->token, drafts, uidvalidity, uid,
					   NULL, error_r)) != AV_OK)
		goto out;
	if ((err = av_store_draft_set_variant(store, acc->name, r->token, d.variant, error_r)) !=
	    AV_OK)
		goto out;
	r->made_now = true;
	st->drafts_made++;
	av_debug(AV_CAT_DRAFT, "appended the draft for %s to %s (UID %u)", r->iv.name, drafts, uid);
out:
	av_draft_clear(&d);
	free(uids);
	return err;
}

/* A draft recorded as appended that is no longer in Drafts was sent or deleted by the
 * person: remember that, so it is never made again. */
static enum av_err
check_present(struct av_driver *drv, struct av_store *store, const struct av_account *acc,
	      const char *drafts, struct av_iv_report *r, char **error_r)
{
	uint32_t *uids = NULL;
	size_t n = 0;
	bool ours = false;
	enum av_err err = drv->ops->search_header(drv, drafts, "X-Afterview-Id", r->token, &uids,
						  &n, error_r);

	for (size_t i = 0; i < n; i++)
		ours = ours || uids[i] == r->draft.uid;
	free(uids);
	if (err != AV_OK)
		return err;
	if (n > 0 && !ours && r->draft.uid != 0 && r->draft.state == AV_DRAFT_APPENDED) {
		/* our header on another message: the person's client saved their edit of the
		 * draft as a new message (IMAP messages never change in place) */
		av_debug(AV_CAT_DRAFT, "the draft for %s was edited by the person", r->iv.name);
		return av_store_draft_set_state(store, acc->name, r->token, AV_DRAFT_EDITED,
						error_r);
	}
	if (n > 0)
		return AV_OK;
	av_debug(AV_CAT_DRAFT, "the draft for %s is no longer in %s", r->iv.name, drafts);
	return av_store_draft_set_state(store, acc->name, r->token, AV_DRAFT_GONE, error_r);
}

/* Our appended draft for r is no longer wanted (a thank-you went out, the interview was
 * cancelled): withdraw it; or out of date while still wanted (the notes changed): make it
 * anew, the new one appended before the old one goes. Either only if the old one is still
 * exactly as appended, and only where the server can remove one message (UIDPLUS). */
static enum av_err
keep_current(struct av_driver *drv, struct av_store *store, const struct av_conf *conf,
	     const struct av_account *acc, const struct av_templates *tpl, const char *drafts,
	     struct av_interview_report *it, size_t j, time_t now, struct av_run_stats *st,
	     char **error_r)
{
	struct av_iv_report *r = &it->ivs[j];
	enum av_state s = r->verdict.state;
	bool unwanted = s == AV_STATE_THANKED || s == AV_STATE_THANKED_LATE ||
			s == AV_STATE_THANKED_GROUP || s == AV_STATE_CANCELLED;
	bool wanted = s == AV_STATE_PENDING || s == AV_STATE_DRAFTED;
	char basis[33], hash[33];
	struct av_draft d;
	uint32_t uidvalidity = 0, uid = 0, *uids = NULL;
	size_t n = 0;
	enum av_err err;
	int res;

	basis_of(it, r, basis);
	if (!unwanted && !(wanted && r->draft.basis != NULL && strcmp(r->draft.basis, basis) != 0))
		return AV_OK;
	if (r->draft.uid == 0 || r->draft.body_hash == NULL) {
		av_debug(AV_CAT_DRAFT, "draft for %s: not known exactly, left alone", r->iv.name);
		return AV_OK;
	}
	if (!drv->can_withdraw) {
		av_debug(AV_CAT_DRAFT, "draft for %s: the server cannot remove it (no UIDPLUS)",
			 r->iv.name);
		return AV_OK;
	}
	if (unwanted) {
		err = withdraw_if_unchanged(drv, drafts, r->draft.uid, r->token, r->draft.body_hash,
					    &res, error_r);
		if (err != AV_OK)
			return err;
		if (res == LOOK_SAME) {
			r->withdrawn_now = true;
			st->withdrawn++;
			return av_store_draft_set_state(store, acc->name, r->token,
							AV_DRAFT_WITHDRAWN, error_r);
		}
	} else {
		if ((err = unchanged(drv, drafts, r->draft.uid, r->draft.body_hash, &res,
				     error_r)) != AV_OK)
			return err;
		if (res == LOOK_SAME) {
			memset(&d, 0, sizeof(d));
			if ((err = render(tpl, conf, it, r, now, &d, error_r)) != AV_OK)
				return err;
			/* new first, old after: a crash in between leaves both, and the next
			 * run finishes (finish_replacement) */
			err = av_store_draft_replacing(
				store, acc->name, r->token, r->draft.uid, r->draft.body_hash, NULL,
				av_hash_hex(d.message, d.len, hash), basis, error_r);
			if (err == AV_OK)
				err = drv->ops->append(drv, drafts, d.message, d.len, &uidvalidity,
						       &uid, error_r);
			if (err == AV_OK && uid == 0) {
				uids = search_token(drv, drafts, r->token, &n, &err, error_r);
				for (size_t k = 0; err == AV_OK && k < n; k++)
					if (uids[k] != r->draft.uid && uids[k] > uid)
						uid = uids[k];
				free(uids);
			}
			if (err == AV_OK)
				err = av_store_draft_appended(store, acc->name, r->token, drafts,
							      uidvalidity, uid, d.message_id,
							      error_r);
			if (err == AV_OK)
				err = av_store_draft_set_variant(store, acc->name, r->token,
								 d.variant, error_r);
			av_draft_clear(&d);
			if (err != AV_OK)
				return err;
			err = withdraw_if_unchanged(drv, drafts, r->draft.uid, r->token,
						    r->draft.body_hash, &res, error_r);
			if (err == AV_OK)
				err = av_store_draft_replaced(store, acc->name, r->token, error_r);
			if (err == AV_OK) {
				r->replaced_now = true;
				st->replaced++;
			}
			return err;
		}
	}
	if (res == LOOK_REFUSED)
		return AV_OK; /* ours and unchanged: it stays as it is, drafted */
	if (res == LOOK_GONE) {
		/* gone from its UID; our header on another message is the person's edit
		 * saved anew */
		uids = search_token(drv, drafts, r->token, &n, &err, error_r);
		free(uids);
		if (err != AV_OK)
			return err;
		if (n > 0)
			res = LOOK_CHANGED;
	}
	if (res == LOOK_CHANGED) {
		av_info("the draft to %s was changed by you: afterview leaves it alone",
			r->iv.name);
		st->edited++;
		return av_store_draft_set_state(store, acc->name, r->token, AV_DRAFT_EDITED,
						error_r);
	}
	return av_store_draft_set_state(store, acc->name, r->token, AV_DRAFT_GONE, error_r);
}

/* Rows a stopped run left half done, settled before anything else looks at them: a
 * replacement under way (whatever the state now), and an intent whose interviewer is no
 * longer pending (the draft may have landed: record it so that it can be withdrawn; or
 * it did not: forget the intent). Returns whether anything changed. */
static enum av_err
resume(struct av_driver *drv, struct av_store *store, const struct av_account *acc,
       const char *drafts, struct av_model *m, struct av_run_stats *st, bool *changed_r,
       char **error_r)
{
	*changed_r = false;
	for (size_t i = 0; i < m->n_items; i++) {
		struct av_interview_report *it = &m->items[i];

		for (size_t j = 0; j < it->n_ivs; j++) {
			struct av_iv_report *r = &it->ivs[j];
			uint32_t *uids;
			size_t n = 0;
			enum av_err err = AV_OK;

			if (!r->has_draft)
				continue;
			if (r->draft.replaces_uid != 0) {
				err = finish_replacement(drv, store, acc, drafts, r, st, error_r);
				*changed_r = true;
			} else if (r->draft.state == AV_DRAFT_INTENT &&
				   r->verdict.state != AV_STATE_PENDING) {
				uids = search_token(drv, drafts, r->token, &n, &err, error_r);
				if (err == AV_OK && n > 0)
					err = av_store_draft_appended(store, acc->name, r->token,
								      drafts, 0, uids[n - 1], NULL,
								      error_r);
				else if (err == AV_OK)
					err = av_store_draft_delete(store, acc->name, r->token,
								    error_r);
				free(uids);
				*changed_r = true;
			}
			if (err != AV_OK)
				return err;
		}
	}
	return AV_OK;
}

static bool
needs_drafts_folder(const struct av_model *m)
{
	for (size_t i = 0; i < m->n_items; i++)
		for (size_t j = 0; j < m->items[i].n_ivs; j++) {
			const struct av_iv_report *r = &m->items[i].ivs[j];

			if (r->has_draft || r->verdict.state == AV_STATE_PENDING ||
			    r->verdict.state == AV_STATE_DRAFTED)
				return true;
		}
	return false;
}

enum av_err
av_engine_run(struct av_driver *drv, struct av_store *store, const struct av_conf *conf,
	      const struct av_account *acc, const struct av_wordlists *words,
	      const struct av_templates *tpl, time_t now, bool dry_run, FILE *dry_out,
	      struct av_model *m, struct av_run_stats *st, char **error_r)
{
	char *drafts = NULL;
	bool settled = false, changed = false;
	enum av_err err;

	memset(st, 0, sizeof(*st));
	if ((err = av_sync_account(drv, store, conf, acc, now, &st->sync, error_r)) != AV_OK)
		return err;
	if ((err = av_engine_evaluate(store, conf, acc, words, now, m, error_r)) != AV_OK)
		return err;
	for (size_t k = 0; k < m->n_sent; k++) {
		if (!wants_text(m, k))
			continue;
		if ((err = settle_thanks(drv, store, acc, words, m, k, st, error_r)) != AV_OK)
			return err;
		settled = true;
	}
	if (settled) {
		av_model_clear(m);
		if ((err = av_engine_evaluate(store, conf, acc, words, now, m, error_r)) != AV_OK)
			return err;
	}
	if (!needs_drafts_folder(m))
		return AV_OK;
	if ((err = drv->ops->find_folder(drv, AV_FOLDER_DRAFTS, acc->drafts, &drafts, error_r)) !=
	    AV_OK)
		return err;
	if (!dry_run && (err = resume(drv, store, acc, drafts, m, st, &changed, error_r)) != AV_OK)
		goto out;
	if (changed) {
		av_model_clear(m);
		if ((err = av_engine_evaluate(store, conf, acc, words, now, m, error_r)) != AV_OK)
			goto out;
	}
	for (size_t i = 0; i < m->n_items; i++) {
		struct av_interview_report *it = &m->items[i];

		for (size_t j = 0; j < it->n_ivs; j++) {
			struct av_iv_report *r = &it->ivs[j];
			enum av_state s = r->verdict.state;
			bool ours = r->has_draft && r->draft.state == AV_DRAFT_APPENDED;
			char *error = NULL;

			if (ours && conf->update_drafts && !dry_run)
				err = keep_current(drv, store, conf, acc, tpl, drafts, it, j, now,
						   st, &error);
			if (err == AV_OK && s == AV_STATE_DRAFTED && !r->replaced_now && !dry_run)
				err = check_present(drv, store, acc, drafts, r, &error);
			else if (err == AV_OK && s == AV_STATE_PENDING &&
				 (!r->has_draft || r->draft.state == AV_DRAFT_INTENT))
				err = make_draft(drv, store, conf, acc, tpl, drafts, it, j, dry_run,
						 dry_out, now, st, &error);
			if (err == AV_ERR_TEMP || err == AV_ERR_AUTH || err == AV_ERR_STORE ||
			    err == AV_ERR_SOFTWARE) {
				*error_r = error;
				goto out;
			}
			if (err != AV_OK) {
				av_warn("draft for %s (%s): %s", r->iv.name, it->id, error);
				free(error);
				st->failures++;
				err = AV_OK;
			}
		}
	}
	/* the final picture, with this run's drafts and removals recorded (judge keeps the
	 * made_now/replaced_now/withdrawn_now marks) */
	for (size_t i = 0; i < m->n_items && !dry_run; i++)
		if (m->items[i].is_interview &&
		    (err = judge(store, acc, words, m, &m->items[i], error_r)) != AV_OK)
			goto out;
out:
	free(drafts);
	return err;
}
