#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "afterview/engine.h"
#include "afterview/log.h"
#include "afterview/mime.h"

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
				     found && r->draft.state == AV_DRAFT_APPENDED, m->now,
				     &r->verdict);
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
		av_detect_interviewers(ev->inv, conf->me.addresses, &ivs, &n);
		it->ivs = av_calloc(n ? n : 1, sizeof(*it->ivs));
		it->n_ivs = n;
		for (size_t j = 0; j < n; j++) {
			it->ivs[j].iv = ivs[j];
			it->ivs[j].token = av_draft_token(
				acc->name, ev->inv->uid, ivs[j].email ? ivs[j].email : ivs[j].name);
		}
		free(ivs); /* the strings moved into it->ivs */
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

	if ((err = drv->ops->examine(drv, ref->folder, &info, error_r)) != AV_OK)
		return err;
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
				if (av_detect_same_address(*rc, r->iv.email))
					return true;
		}
	}
	return false;
}

static enum av_err
make_draft(struct av_driver *drv, struct av_store *store, const struct av_conf *conf,
	   const struct av_account *acc, const struct av_templates *tpl, const char *drafts,
	   struct av_interview_report *it, size_t j, bool dry_run, FILE *dry_out, time_t now,
	   struct av_run_stats *st, char **error_r)
{
	struct av_iv_report *r = &it->ivs[j];
	struct av_interviewer *panel = av_calloc(it->n_ivs, sizeof(*panel));
	struct av_draft_input in;
	struct av_draft d;
	struct av_draft_row row;
	uint32_t *uids = NULL, uidvalidity = 0, uid = 0;
	size_t n = 0;
	enum av_err err;

	memset(&d, 0, sizeof(d));
	for (size_t k = 0; k < it->n_ivs; k++)
		panel[k] = it->ivs[k].iv;
	/* our draft may be there already: a crash after APPEND, or a lost state */
	err = drv->ops->search_header(drv, drafts, "X-Afterview-Id", r->token, &uids, &n, error_r);
	if (err != AV_OK)
		goto out;
	if (n > 0) {
		st->drafts_found++;
		if (!dry_run) {
			if (!r->has_draft) {
				memset(&row, 0, sizeof(row));
				row.token = r->token;
				row.invite_uid = it->ev->inv->uid;
				row.who = r->iv.email ? r->iv.email : r->iv.name;
				row.created = now;
				err = av_store_draft_intent(store, acc->name, &row, error_r);
			}
			if (err == AV_OK)
				err = av_store_draft_appended(store, acc->name, r->token, drafts, 0,
							      uids[n - 1], error_r);
		}
		goto out;
	}
	in.conf = conf;
	in.inv = it->ev->inv;
	in.company = it->det.company;
	in.iv = &r->iv;
	in.panel = panel;
	in.n_panel = it->n_ivs;
	in.topic = NULL;
	in.token = r->token;
	in.now = now;
	if ((err = av_draft_render(tpl, &in, &d, error_r)) != AV_OK)
		goto out;
	if (dry_run) {
		fprintf(dry_out, "--- would append to %s: draft for %s (%s)\n%s\n", drafts,
			r->iv.name, r->iv.email ? r->iv.email : "no address", d.message);
		r->would_make = true;
		st->drafts_would++;
		goto out;
	}
	memset(&row, 0, sizeof(row));
	row.token = r->token;
	row.invite_uid = it->ev->inv->uid;
	row.who = r->iv.email ? r->iv.email : r->iv.name;
	row.message_id = d.message_id;
	row.created = now;
	if ((err = av_store_draft_intent(store, acc->name, &row, error_r)) != AV_OK)
		goto out;
	err = drv->ops->append(drv, drafts, d.message, d.len, &uidvalidity, &uid, error_r);
	if (err != AV_OK)
		goto out; /* the intent stays: the next run searches before appending */
	if ((err = av_store_draft_appended(store, acc->name, r->token, drafts, uidvalidity, uid,
					   error_r)) != AV_OK)
		goto out;
	r->made_now = true;
	st->drafts_made++;
	av_debug(AV_CAT_DRAFT, "appended the draft for %s to %s (UID %u)", r->iv.name, drafts, uid);
out:
	av_draft_clear(&d);
	free(uids);
	free(panel);
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
	enum av_err err = drv->ops->search_header(drv, drafts, "X-Afterview-Id", r->token, &uids,
						  &n, error_r);

	free(uids);
	if (err != AV_OK || n > 0)
		return err;
	av_debug(AV_CAT_DRAFT, "the draft for %s is no longer in %s", r->iv.name, drafts);
	return av_store_draft_set_state(store, acc->name, r->token, AV_DRAFT_GONE, error_r);
}

enum av_err
av_engine_run(struct av_driver *drv, struct av_store *store, const struct av_conf *conf,
	      const struct av_account *acc, const struct av_wordlists *words,
	      const struct av_templates *tpl, time_t now, bool dry_run, FILE *dry_out,
	      struct av_model *m, struct av_run_stats *st, char **error_r)
{
	char *drafts = NULL;
	bool settled = false;
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
	for (size_t i = 0; i < m->n_items; i++) {
		struct av_interview_report *it = &m->items[i];

		for (size_t j = 0; j < it->n_ivs; j++) {
			struct av_iv_report *r = &it->ivs[j];
			enum av_state s = r->verdict.state;
			char *error = NULL;

			if (s != AV_STATE_PENDING && s != AV_STATE_DRAFTED)
				continue;
			if (drafts == NULL) {
				err = drv->ops->find_folder(drv, AV_FOLDER_DRAFTS, acc->drafts,
							    &drafts, error_r);
				if (err != AV_OK)
					return err;
			}
			if (s == AV_STATE_DRAFTED)
				err = check_present(drv, store, acc, drafts, r, &error);
			else if (!r->has_draft || r->draft.state != AV_DRAFT_GONE)
				err = make_draft(drv, store, conf, acc, tpl, drafts, it, j, dry_run,
						 dry_out, now, st, &error);
			if (err == AV_ERR_TEMP || err == AV_ERR_AUTH || err == AV_ERR_STORE ||
			    err == AV_ERR_SOFTWARE) {
				free(drafts);
				*error_r = error;
				return err;
			}
			if (err != AV_OK) {
				av_warn("draft for %s (%s): %s", r->iv.name, it->id, error);
				free(error);
				st->failures++;
				err = AV_OK;
			}
		}
	}
	free(drafts);
	/* the final picture, with this run's drafts and removals recorded */
	for (size_t i = 0; i < m->n_items && !dry_run; i++) {
		struct av_interview_report *it = &m->items[i];
		bool made[128];
		size_t n = it->n_ivs < 128 ? it->n_ivs : 128;

		if (!it->is_interview)
			continue;
		for (size_t j = 0; j < n; j++)
			made[j] = it->ivs[j].made_now;
		if ((err = judge(store, acc, words, m, it, error_r)) != AV_OK)
			return err;
		for (size_t j = 0; j < n; j++)
			it->ivs[j].made_now = made[j];
	}
	return AV_OK;
}
