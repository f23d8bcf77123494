/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "afterview/addr.h"
#include "afterview/engine.h"
#include "afterview/folders.h"
#include "afterview/log.h"
#include "afterview/message.h"
#include "afterview/mime.h"

/* A draft of ours is never larger than this; one that is has been changed. */
#define DRAFT_MAX (1024 * 1024)

/* Bytes of a sent message's text read to tell a thank-you from other mail. */
#define THANKS_TEXT_MAX 4096

/* A run under way: the caller's context, the picture it acts on, the Drafts folder. */
struct pass {
	struct av_run *run;
	struct av_model *m;
	char *drafts; /* owned; NULL until a draft needs it */
	/* What one look at Drafts before acting told (look_ahead), so that a run costs the
	 * same few commands however many drafts it keeps track of: */
	uint32_t *present; /* owned: the UIDs of the drafts recorded that are still there */
	size_t n_present;
	bool looked;	/* the look was taken: present, any_token and any_copy hold */
	bool any_token; /* some draft to make has its token in Drafts already */
	bool any_copy;	/* some draft to make has a message with its To and Subject there */
};

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

void
av_run_stats_clear(struct av_run_stats *st)
{
	av_sync_stats_clear(&st->sync);
	memset(st, 0, sizeof(*st));
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

/* Read the start of the text of the sent messages ks[0..n) (all in folder, by ascending
 * UID) to decide whether each says thanks: one EXAMINE and one FETCH for them all. A
 * folder gone or renamed, or recreated since, leaves them undecided; the run goes on. */
static enum av_err
settle_folder(const struct pass *p, const char *folder, const size_t *ks, size_t n, char **error_r)
{
	struct av_run *run = p->run;
	struct av_driver *drv = run->drv;
	struct av_model *m = p->m;
	struct av_folder_info info;
	struct av_text *texts = NULL;
	uint32_t *uids = av_calloc(n, sizeof(*uids));
	size_t n_uids = 0, n_texts = 0;
	char *error = NULL;
	enum av_err err = drv->ops->examine(drv, folder, &info, &error);

	if (err == AV_OK) {
		for (size_t i = 0; i < n; i++)
			if (m->sent_refs[ks[i]].uidvalidity == info.uidvalidity)
				uids[n_uids++] = m->sent_refs[ks[i]].uid;
		if (n_uids > 0)
			err = drv->ops->fetch_sections(drv, uids, n_uids, "TEXT", THANKS_TEXT_MAX,
						       (size_t)THANKS_TEXT_MAX * n_uids, &texts,
						       &n_texts, &error);
	}
	free(uids);
	if (err == AV_ERR_CONFIG || err == AV_ERR_DATA) {
		av_debug(AV_CAT_MATCH, "%s: texts not read: %s", folder, error);
		free(error);
		return AV_OK;
	}
	if (err != AV_OK) {
		*error_r = error;
		return err;
	}
	for (size_t t = 0; err == AV_OK && t < n_texts; t++)
		for (size_t i = 0; i < n; i++) {
			struct av_sent_ref *ref = &m->sent_refs[ks[i]];
			struct av_sent *sent = &m->sent[ks[i]];
			struct av_msgref mref = {run->acc->name, ref->folder, ref->uidvalidity,
						 ref->uid};

			if (ref->uid != texts[t].uid || ref->uidvalidity != info.uidvalidity)
				continue;
			run->stats.texts_read++;
			/* kept as judged: an unsure reply is stored as such, never as a
			 * thank-you */
			sent->thanks =
				av_match_says_thanks(sent->subject, texts[t].data, run->words);
			if (sent->thanks < 0)
				sent->thanks = AV_THANKS_NO;
			err = av_store_sent_add(run->store, &mref, sent, error_r);
			break;
		}
	av_texts_free(&texts, n_texts);
	return err;
}

/* Every sent message some verdict wants read, read folder by folder. */
static enum av_err
settle_thanks(const struct pass *p, bool *settled_r, char **error_r)
{
	struct av_model *m = p->m;
	size_t *ks = av_calloc(m->n_sent + 1, sizeof(*ks)), n = 0;
	bool *done = av_calloc(m->n_sent + 1, sizeof(*done));
	enum av_err err = AV_OK;
	bool any = false;

	*settled_r = false;
	/* most runs have no verdict that wants a text: no walk of every sent message */
	for (size_t i = 0; i < m->n_items && !any; i++)
		for (size_t j = 0; j < m->items[i].n_ivs && !any; j++)
			any = m->items[i].ivs[j].verdict.needs_text;
	for (size_t k = 0; k < m->n_sent; k++)
		done[k] = !any || !wants_text(m, k);
	for (size_t k = 0; err == AV_OK && k < m->n_sent; k++) {
		if (done[k])
			continue;
		n = 0;
		for (size_t j = k; j < m->n_sent; j++)
			if (!done[j] &&
			    strcmp(m->sent_refs[j].folder, m->sent_refs[k].folder) == 0) {
				ks[n++] = j;
				done[j] = true;
			}
		/* by ascending UID (few: an insertion sort) */
		for (size_t a = 1; a < n; a++)
			for (size_t b = a;
			     b > 0 && m->sent_refs[ks[b - 1]].uid > m->sent_refs[ks[b]].uid; b--) {
				size_t t = ks[b];

				ks[b] = ks[b - 1];
				ks[b - 1] = t;
			}
		err = settle_folder(p, m->sent_refs[ks[0]].folder, ks, n, error_r);
		*settled_r = true;
	}
	free(ks);
	free(done);
	return err;
}

/* The Message-ID of each sent message a verdict names (evidence, unsure reply) that the
 * sync did not ask for (sync.h: a reply to an interviewer whose address came from other
 * mail), folder by folder, one EXAMINE and one FETCH each; stored, and set in the model.
 * A folder gone or renamed leaves them unknown; the run goes on. */
static enum av_err
settle_ids(const struct pass *p, char **error_r)
{
	struct av_run *run = p->run;
	struct av_model *m = p->m;
	size_t n, *ks = av_model_ids_wanted(m, &n);
	bool *done = av_calloc(n + 1, sizeof(*done));
	uint32_t *uids = av_calloc(n + 1, sizeof(*uids));
	enum av_err err = AV_OK;

	for (size_t i = 0; err == AV_OK && i < n; i++) {
		const char *folder = m->sent_refs[ks[i]].folder;
		struct av_folder_info info;
		struct av_envelope *envs = NULL;
		size_t n_uids = 0, n_envs = 0;
		char *error = NULL;

		if (done[i])
			continue;
		err = run->drv->ops->examine(run->drv, folder, &info, &error);
		for (size_t j = i; err == AV_OK && j < n; j++)
			if (!done[j] && strcmp(m->sent_refs[ks[j]].folder, folder) == 0 &&
			    m->sent_refs[ks[j]].uidvalidity == info.uidvalidity)
				uids[n_uids++] = m->sent_refs[ks[j]].uid;
		for (size_t j = i; j < n; j++)
			if (strcmp(m->sent_refs[ks[j]].folder, folder) == 0)
				done[j] = true;
		if (err == AV_OK && n_uids > 0)
			err = run->drv->ops->envelopes(run->drv, uids, n_uids, AV_ENV_ID_ONLY,
						       &envs, &n_envs, &error);
		if (err == AV_ERR_CONFIG || err == AV_ERR_DATA) {
			av_debug(AV_CAT_MATCH, "%s: Message-IDs not read: %s", folder, error);
			free(error);
			err = AV_OK;
			continue;
		}
		if (err != AV_OK) {
			*error_r = error;
			break;
		}
		for (size_t e = 0; err == AV_OK && e < n_envs; e++)
			for (size_t j = 0; j < n; j++) {
				size_t k = ks[j];
				struct av_sent_ref *ref = &m->sent_refs[k];
				struct av_msgref mref = {run->acc->name, ref->folder,
							 ref->uidvalidity, ref->uid};
				struct av_sent sent = m->sent[k];
				char none[] = "";

				if (ref->uid != envs[e].uid ||
				    ref->uidvalidity != info.uidvalidity ||
				    strcmp(ref->folder, folder) != 0)
					continue;
				sent.message_id = envs[e].message_id ? envs[e].message_id : none;
				err = av_store_sent_add(run->store, &mref, &sent, error_r);
				av_model_sent_set_id(m, k, sent.message_id);
				break;
			}
		av_envelopes_free(&envs, n_envs);
	}
	free(uids);
	free(done);
	free(ks);
	return err;
}

/* The message UID in drafts, compared with the hash of what afterview appended:
 * 1 unchanged, 0 changed by the person (its bytes, or flagged or given a keyword: the
 * person marked it, and a replacement would lose that), -1 gone. */
static enum av_err
unchanged(const struct pass *p, uint32_t uid, const char *hash, int *res_r, char **error_r)
{
	struct av_driver *drv = p->run->drv;
	char *msg = NULL, *error = NULL, got[AV_HASH_HEX_SIZE];
	size_t len = 0;
	unsigned flags = 0;
	enum av_err err =
		drv->ops->fetch_message(drv, p->drafts, uid, DRAFT_MAX, &msg, &len, &flags, &error);

	if (err == AV_ERR_DATA) {
		/* gone, or grown past anything we would write: either way not ours to touch */
		*res_r = -1;
		av_debug(AV_CAT_DRAFT, "%s UID %u: %s", p->drafts, uid, error);
		free(error);
		return AV_OK;
	}
	if (err != AV_OK) {
		*error_r = error;
		return err;
	}
	*res_r = hash != NULL && strcmp(av_hash_hex(msg, len, got), hash) == 0 &&
				 (flags & (AV_MSG_FLAGGED | AV_MSG_KEYWORD)) == 0
			 ? 1
			 : 0;
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

/* Remove r's draft UID (the current one or the one a replacement replaces) if it is still
 * exactly as appended (hash); *res_r tells what was found. */
static enum av_err
withdraw_if_unchanged(const struct pass *p, const struct av_iv_report *r, uint32_t uid,
		      const char *hash, int *res_r, char **error_r)
{
	struct av_driver *drv = p->run->drv;
	char *error = NULL;
	enum av_err err = unchanged(p, uid, hash, res_r, error_r);

	if (err != AV_OK || *res_r != LOOK_SAME)
		return err;
	err = drv->ops->withdraw(drv, p->drafts, uid, r->token, &error);
	if (err == AV_ERR_CONFIG || err == AV_ERR_DATA) {
		/* no UIDPLUS, or not ours after all: leave it, say why */
		av_info("%s UID %u left in place: %s", p->drafts, uid, error);
		free(error);
		*res_r = LOOK_REFUSED;
		return AV_OK;
	}
	if (err != AV_OK)
		*error_r = error;
	return err;
}

/* The two search keys that find a draft carrying token (its Message-ID key; an older
 * draft's X-Afterview-Id) into keys[0..2); returns the key string they borrow (free it
 * after the search). */
static char *
token_keys(const char *token, struct av_header_key keys[2])
{
	char *key = av_message_id_key(token);

	keys[0] = (struct av_header_key){"Message-ID", key};
	keys[1] = (struct av_header_key){"X-Afterview-Id", token};
	return key;
}

/* The UIDs in Drafts of messages carrying r's token: in the Message-ID afterview wrote
 * (every client tested keeps it when the person saves the draft again), or in the
 * X-Afterview-Id header of a draft written before afterview stopped adding one (a search
 * error in *err_r). */
static uint32_t *
search_token(const struct pass *p, const struct av_iv_report *r, size_t *n_r, enum av_err *err_r,
	     char **error_r)
{
	struct av_driver *drv = p->run->drv;
	struct av_header_key keys[2];
	char *key = token_keys(r->token, keys);
	uint32_t *uids = NULL;

	*n_r = 0;
	*err_r = drv->ops->search_headers(drv, p->drafts, keys, 2, 1, &uids, n_r, error_r);
	free(key);
	return uids;
}

/* Whether the message uid in Drafts has exactly subject (the search matched a substring:
 * "... at Northbank" is inside "... at Northbank Capital"). Gone or unreadable: no; a
 * failure of the connection is an error. */
static enum av_err
subject_is(const struct pass *p, uint32_t uid, const char *subject, bool *same_r, char **error_r)
{
	struct av_driver *drv = p->run->drv;
	struct av_mime_result *res = NULL;
	char *msg = NULL, *error = NULL;
	size_t len = 0;
	enum av_err err =
		drv->ops->fetch_message(drv, p->drafts, uid, DRAFT_MAX, &msg, &len, NULL, &error);

	*same_r = false;
	if (err == AV_ERR_DATA) {
		free(error);
		return AV_OK;
	}
	if (err != AV_OK) {
		*error_r = error;
		return err;
	}
	if (av_mime_parse(msg, len, &res, &error) == AV_OK && res->info.subject != NULL)
		*same_r = strcmp(res->info.subject, subject) == 0;
	free(error);
	av_mime_result_free(&res);
	free(msg);
	return AV_OK;
}

/* The person's copy of a draft for r when their client wrote a new Message-ID: the
 * newest message in Drafts from UID from on with the draft's subject, addressed to the
 * interviewer (their address, else their name). *uid_r is 0 when there is none. */
static enum av_err
search_copy(const struct pass *p, const struct av_iv_report *r, const char *subject, uint32_t from,
	    uint32_t *uid_r, char **error_r)
{
	struct av_driver *drv = p->run->drv;
	struct av_header_key keys[] = {{"Subject", subject},
				       {"To", r->iv.email != NULL ? r->iv.email : r->iv.name}};
	uint32_t *uids = NULL;
	size_t n = 0;
	enum av_err err;

	*uid_r = 0;
	if (subject == NULL || subject[0] == '\0' || keys[1].value == NULL)
		return AV_OK;
	err = drv->ops->search_headers(drv, p->drafts, keys, 2, 2, &uids, &n, error_r);
	for (size_t i = n; err == AV_OK && i-- > 0 && uids[i] >= from && *uid_r == 0;) {
		bool same = false;

		err = subject_is(p, uids[i], subject, &same, error_r);
		if (err == AV_OK && same)
			*uid_r = uids[i];
	}
	free(uids);
	return err;
}

/* Where r's draft is in Drafts now. */
enum place {
	PLACE_GONE,    /* nowhere: sent or deleted by the person */
	PLACE_AT,      /* at the UID recorded */
	PLACE_TOKEN,   /* its token on another message (*copy_r: the newest) */
	PLACE_SUBJECT, /* only its subject and recipient, on a newer message (*copy_r) */
};

static enum av_err
locate(const struct pass *p, const struct av_iv_report *r, enum place *place_r, uint32_t *copy_r,
       char **error_r)
{
	size_t n = 0;
	enum av_err err;
	uint32_t *uids = search_token(p, r, &n, &err, error_r);

	*place_r = PLACE_GONE;
	*copy_r = 0;
	for (size_t i = 0; i < n; i++) {
		if (uids[i] == r->draft.uid)
			*place_r = PLACE_AT;
		else if (uids[i] > *copy_r)
			*copy_r = uids[i];
	}
	free(uids);
	if (err != AV_OK || *place_r == PLACE_AT)
		return err;
	if (*copy_r != 0) {
		*place_r = PLACE_TOKEN;
		return AV_OK;
	}
	/* a copy saved after ours; or, once edited, the person's copy recorded */
	err = search_copy(p, r, r->draft.subject, r->draft.uid, copy_r, error_r);
	if (err == AV_OK && *copy_r != 0)
		*place_r = *copy_r == r->draft.uid ? PLACE_AT : PLACE_SUBJECT;
	return err;
}

/* The To address of the person's copy uid, when afterview had none for r: the address
 * they filled in, malloc'd, or NULL. Never fails: a copy that cannot be read says
 * nothing. */
static char *
address_filled_in(const struct pass *p, const struct av_iv_report *r, uint32_t uid)
{
	struct av_driver *drv = p->run->drv;
	struct av_mime_result *res = NULL;
	char *msg = NULL, *error = NULL, *to = NULL;
	size_t len = 0;

	if (r->iv.email != NULL || drv->ops->fetch_message(drv, p->drafts, uid, DRAFT_MAX, &msg,
							   &len, NULL, &error) != AV_OK) {
		free(error);
		return NULL;
	}
	if (av_mime_parse(msg, len, &res, &error) == AV_OK && res->info.to != NULL &&
	    res->info.to[0] != '\0')
		to = av_strndup(res->info.to, strcspn(res->info.to, "\n"));
	free(error);
	av_mime_result_free(&res);
	free(msg);
	return to;
}

/* The person saved r's draft again as copy: from now on it is theirs. */
static enum av_err
mark_edited(const struct pass *p, struct av_iv_report *r, uint32_t copy, char **error_r)
{
	char *to = address_filled_in(p, r, copy);
	enum av_err err;

	av_debug(AV_CAT_DRAFT, "the draft for %s was edited by the person (UID %u)", r->iv.name,
		 copy);
	err = av_store_draft_edited(p->run->store, p->run->acc->name, r->token, copy, to, error_r);
	free(to);
	return err;
}

/* A replacement was under way when a run stopped (its row still names the old UID):
 * finish it whatever the interviewer's state now. The new draft there: record it, and
 * remove the old one if still as appended. The new one missing: the old one is current
 * again and out of date (the next run may replace it). Neither there: the person deleted
 * the draft, and it is never made again. */
static enum av_err
finish_replacement(const struct pass *p, struct av_iv_report *r, char **error_r)
{
	struct av_store *store = p->run->store;
	const char *account = p->run->acc->name;
	uint32_t old = r->draft.replaces_uid, newest = 0, *uids;
	bool old_there = false;
	size_t n = 0;
	enum av_err err;
	int res;

	uids = search_token(p, r, &n, &err, error_r);
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
		err = av_store_draft_set_state(store, account, r->token, AV_DRAFT_GONE, error_r);
		return err == AV_OK ? av_store_draft_replaced(store, account, r->token, error_r)
				    : err;
	}
	if (newest == 0) {
		/* an empty basis never matches: the draft counts as out of date */
		err = av_store_draft_appended(store, account, r->token, p->drafts, 0, old, NULL,
					      error_r);
		if (err == AV_OK)
			err = av_store_draft_set_hashes(store, account, r->token,
							r->draft.replaces_hash, "", error_r);
		return err == AV_OK ? av_store_draft_replaced(store, account, r->token, error_r)
				    : err;
	}
	if ((err = av_store_draft_appended(store, account, r->token, p->drafts, 0, newest, NULL,
					   error_r)) != AV_OK)
		return err;
	if (old_there) {
		err = withdraw_if_unchanged(p, r, old, r->draft.replaces_hash, &res, error_r);
		if (err != AV_OK)
			return err;
		if (res == LOOK_SAME)
			p->run->stats.replaced++;
	}
	return av_store_draft_replaced(store, account, r->token, error_r);
}

static void
input_for(struct av_draft_input *in, const struct av_run *run, const struct av_interview_report *it,
	  const struct av_iv_report *r, const struct av_interviewer *panel)
{
	memset(in, 0, sizeof(*in));
	in->conf = run->conf;
	in->inv = it->ev->inv;
	in->company = it->det.company;
	in->domain = it->det.domain;
	in->iv = &r->iv;
	in->panel = panel;
	in->n_panel = it->n_ivs;
	in->topic = it->notes ? av_notes_discussed(it->notes, &r->iv) : NULL;
	in->feedback = it->notes ? it->notes->feedback : NULL;
	in->language = av_model_draft_language(it);
	in->token = r->token;
	in->now = run->now;
}

static enum av_err
render(const struct av_run *run, const struct av_interview_report *it, const struct av_iv_report *r,
       struct av_draft *d, char **error_r)
{
	struct av_interviewer *panel = av_calloc(it->n_ivs, sizeof(*panel));
	struct av_draft_input in;
	enum av_err err;

	for (size_t k = 0; k < it->n_ivs; k++)
		panel[k] = it->ivs[k].iv;
	input_for(&in, run, it, r, panel);
	err = av_draft_render(run->tpl, &in, d, error_r);
	free(panel);
	return err;
}

/* Of uids[0..n) (ascending), the messages in Drafts carrying r's token, the oldest is
 * the draft: another afterview on the account (a second machine, its own state) may have
 * appended a twin. Each newer one still exactly as this installation appended it (hash)
 * is withdrawn; the other installation's newer ones are left to it, which does the same.
 * *ours_r: whether the oldest is ours (its bytes hash to hash). */
static enum av_err
keep_oldest(const struct pass *p, const struct av_iv_report *r, const uint32_t *uids, size_t n,
	    const char *hash, bool *ours_r, char **error_r)
{
	enum av_err err = AV_OK;
	int res;

	*ours_r = false;
	if (hash == NULL)
		return AV_OK;
	for (size_t k = 1; err == AV_OK && k < n && p->run->drv->can_withdraw; k++) {
		err = withdraw_if_unchanged(p, r, uids[k], hash, &res, error_r);
		if (err == AV_OK && res == LOOK_SAME)
			av_info("the draft to %s was in %s twice (another afterview on this "
				"account?): the newer copy, UID %u, was removed",
				r->iv.name, p->drafts, uids[k]);
	}
	if (err == AV_OK && (err = unchanged(p, uids[0], hash, &res, error_r)) == AV_OK)
		*ours_r = res == LOOK_SAME;
	return err;
}

/* Record uids[0] (the oldest of n carrying r's token) as r's draft, its bytes known only
 * when ours; the newer twins of ours withdrawn first (keep_oldest), so that a crash in
 * between leaves nothing the next run would take for the person's edit. */
static enum av_err
record_oldest(const struct pass *p, const struct av_iv_report *r, const uint32_t *uids, size_t n,
	      const char *hash, const char *basis, char **error_r)
{
	struct av_store *store = p->run->store;
	const char *account = p->run->acc->name;
	bool ours = false;
	enum av_err err = keep_oldest(p, r, uids, n, hash, &ours, error_r);

	if (err == AV_OK)
		err = av_store_draft_appended(store, account, r->token, p->drafts, 0, uids[0], NULL,
					      error_r);
	/* another's draft: never replaced nor withdrawn from here */
	if (err == AV_OK && hash != NULL && !ours)
		err = av_store_draft_set_hashes(store, account, r->token, NULL, basis, error_r);
	return err;
}

static enum av_err
make_draft(const struct pass *p, const struct av_interview_report *it, struct av_iv_report *r,
	   char **error_r)
{
	struct av_run *run = p->run;
	struct av_driver *drv = run->drv;
	struct av_store *store = run->store;
	const char *account = run->acc->name, *drafts = p->drafts;
	struct av_run_stats *st = &run->stats;
	struct av_draft d;
	struct av_draft_row row;
	uint32_t *uids = NULL, uidvalidity = 0, uid = 0, copy = 0;
	char hash[AV_HASH_HEX_SIZE], basis[AV_HASH_HEX_SIZE];
	size_t n = 0;
	enum av_err err;

	memset(&d, 0, sizeof(d));
	memset(&row, 0, sizeof(row));
	if (r->has_draft && r->draft.replaces_uid != 0)
		return AV_OK; /* finished before anything else; never appended over */
	/* our draft may be there already: a crash after APPEND, or a lost state (the look
	 * ahead of the run says whether any is) */
	if (!p->looked || p->any_token)
		uids = search_token(p, r, &n, &err, error_r);
	else
		err = AV_OK;
	if (err != AV_OK)
		goto out;
	row.token = r->token;
	row.invite_uid = it->ev->inv->uid;
	row.who = r->iv.email ? r->iv.email : r->iv.name;
	row.created = run->now;
	if (n > 0) {
		st->drafts_found++;
		if (run->dry_run)
			goto out;
		/* found without a row (a lost state): its bytes are unknown, so afterview
		 * will never replace or remove it */
		if (!r->has_draft)
			err = av_store_draft_intent(store, account, &row, error_r);
		if (err == AV_OK)
			err = record_oldest(p, r, uids, n, r->has_draft ? r->draft.body_hash : NULL,
					    r->has_draft ? r->draft.basis : NULL, error_r);
		goto out;
	}
	if ((err = render(run, it, r, &d, error_r)) != AV_OK)
		goto out;
	/* a draft to them with this subject is there already: ours saved anew by a client
	 * that rewrites the Message-ID (the state was lost), or the person's own */
	if ((!p->looked || p->any_copy) &&
	    (err = search_copy(p, r, d.subject, 1, &copy, error_r)) != AV_OK)
		goto out;
	if (copy != 0) {
		st->drafts_found++;
		av_info("%s already holds a draft to %s (\"%s\"): afterview makes none", drafts,
			r->iv.name, d.subject);
		if (run->dry_run)
			goto out;
		row.subject = d.subject;
		err = av_store_draft_intent(store, account, &row, error_r);
		if (err == AV_OK)
			err = mark_edited(p, r, copy, error_r);
		goto out;
	}
	if (run->dry_run) {
		fprintf(run->dry_out, "--- would append to %s: draft for %s (%s)\n%s\n", drafts,
			r->iv.name, r->iv.email ? r->iv.email : "no address", d.message);
		r->would_make = true;
		st->drafts_would++;
		goto out;
	}
	av_model_basis(it, r, basis);
	row.message_id = d.message_id;
	row.body_hash = av_hash_hex(d.message, d.len, hash);
	row.basis = basis;
	row.subject = d.subject;
	if ((err = av_store_draft_intent(store, account, &row, error_r)) != AV_OK)
		goto out;
	err = drv->ops->append(drv, drafts, d.message, d.len, &uidvalidity, &uid, error_r);
	if (err != AV_OK)
		goto out; /* the intent stays: the next run searches before appending */
	/* a twin appended by another afterview on the account meanwhile: the oldest stays */
	free(uids);
	uids = uid != 0 ? search_token(p, r, &n, &err, error_r) : NULL;
	if (err != AV_OK)
		goto out;
	if (n > 1 && uids[0] != uid) {
		if ((err = record_oldest(p, r, uids, n, row.body_hash, basis, error_r)) == AV_OK)
			st->drafts_found++;
		goto out;
	}
	if ((err = av_store_draft_appended(store, account, r->token, drafts, uidvalidity, uid, NULL,
					   error_r)) != AV_OK)
		goto out;
	if ((err = av_store_draft_set_wording(store, account, r->token, d.variant, d.subject,
					      error_r)) != AV_OK)
		goto out;
	r->made_now = true;
	st->drafts_made++;
	av_debug(AV_CAT_DRAFT, "appended the draft for %s to %s (UID %u)", r->iv.name, drafts, uid);
out:
	av_draft_clear(&d);
	free(uids);
	return err;
}

/* Where the draft of a drafted interviewer is now. Ours still at its UID: as it was. Its
 * token on another message, or its subject and recipient on a newer one: the person saved
 * it again (IMAP messages never change in place), and it is theirs now, whichever client
 * (some drop unknown headers, one writes a new Message-ID, one saves without \Draft).
 * Neither: sent or deleted by the person ("removed"); never made again. */
static enum av_err
check_present(const struct pass *p, struct av_iv_report *r, char **error_r)
{
	struct av_store *store = p->run->store;
	const char *account = p->run->acc->name;
	uint32_t copy = 0;
	enum place place;
	enum av_err err;

	/* still at its UID: a message never changes in place, so it is as it was */
	if (p->looked && r->draft.uid != 0 &&
	    bsearch(&r->draft.uid, p->present, p->n_present, sizeof(*p->present), cmp_u32))
		return AV_OK;
	if ((err = locate(p, r, &place, &copy, error_r)) != AV_OK)
		return err;
	switch (place) {
	case PLACE_AT:
		if (r->draft.state == AV_DRAFT_EDITED && r->iv.email == NULL &&
		    r->draft.to_seen == NULL)
			return mark_edited(p, r, r->draft.uid, error_r); /* address added? */
		return AV_OK;
	case PLACE_TOKEN:
		if (r->draft.uid == 0 && r->draft.state == AV_DRAFT_APPENDED)
			/* ours, its UID unknown until now (no APPENDUID) */
			return av_store_draft_appended(store, account, r->token, p->drafts, 0, copy,
						       NULL, error_r);
		return mark_edited(p, r, copy, error_r);
	case PLACE_SUBJECT:
		return mark_edited(p, r, copy, error_r);
	case PLACE_GONE:
	default:
		break;
	}
	av_debug(AV_CAT_DRAFT, "the draft for %s is no longer in %s", r->iv.name, p->drafts);
	return av_store_draft_set_state(store, account, r->token, AV_DRAFT_GONE, error_r);
}

/* Our appended draft for r is no longer wanted (a thank-you went out, the interview was
 * cancelled): withdraw it; or out of date while still wanted (the notes changed): make it
 * anew, the new one appended before the old one goes. Either only if the old one is still
 * exactly as appended, and only where the server can remove one message (UIDPLUS). */
static enum av_err
keep_current(const struct pass *p, const struct av_interview_report *it, struct av_iv_report *r,
	     char **error_r)
{
	struct av_run *run = p->run;
	struct av_driver *drv = run->drv;
	struct av_store *store = run->store;
	const char *account = run->acc->name, *drafts = p->drafts;
	enum av_state s = r->verdict.state;
	bool unwanted = s == AV_STATE_THANKED || s == AV_STATE_THANKED_LATE ||
			s == AV_STATE_THANKED_GROUP || s == AV_STATE_CANCELLED;
	bool wanted = s == AV_STATE_PENDING || s == AV_STATE_DRAFTED;
	char basis[AV_HASH_HEX_SIZE], hash[AV_HASH_HEX_SIZE];
	struct av_draft d;
	uint32_t uidvalidity = 0, uid = 0, copy = 0, *uids = NULL;
	size_t n = 0;
	enum av_err err;
	int res;

	av_model_basis(it, r, basis);
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
		err = withdraw_if_unchanged(p, r, r->draft.uid, r->draft.body_hash, &res, error_r);
		if (err != AV_OK)
			return err;
		if (res == LOOK_SAME) {
			r->withdrawn_now = true;
			run->stats.withdrawn++;
			return av_store_draft_set_state(store, account, r->token,
							AV_DRAFT_WITHDRAWN, error_r);
		}
	} else {
		if ((err = unchanged(p, r->draft.uid, r->draft.body_hash, &res, error_r)) != AV_OK)
			return err;
		if (res == LOOK_SAME) {
			memset(&d, 0, sizeof(d));
			if ((err = render(run, it, r, &d, error_r)) != AV_OK)
				return err;
			/* new first, old after: a crash in between leaves both, and the next
			 * run finishes (finish_replacement) */
			err = av_store_draft_replacing(
				store, account, r->token, r->draft.uid, r->draft.body_hash, NULL,
				av_hash_hex(d.message, d.len, hash), basis, error_r);
			if (err == AV_OK)
				err = drv->ops->append(drv, drafts, d.message, d.len, &uidvalidity,
						       &uid, error_r);
			if (err == AV_OK && uid == 0) {
				uids = search_token(p, r, &n, &err, error_r);
				for (size_t k = 0; err == AV_OK && k < n; k++)
					if (uids[k] != r->draft.uid && uids[k] > uid)
						uid = uids[k];
				free(uids);
			}
			if (err == AV_OK)
				err = av_store_draft_appended(store, account, r->token, drafts,
							      uidvalidity, uid, d.message_id,
							      error_r);
			if (err == AV_OK)
				err = av_store_draft_set_wording(store, account, r->token,
								 d.variant, d.subject, error_r);
			av_draft_clear(&d);
			if (err != AV_OK)
				return err;
			err = withdraw_if_unchanged(p, r, r->draft.uid, r->draft.body_hash, &res,
						    error_r);
			if (err == AV_OK)
				err = av_store_draft_replaced(store, account, r->token, error_r);
			if (err == AV_OK) {
				r->replaced_now = true;
				run->stats.replaced++;
			}
			return err;
		}
	}
	if (res == LOOK_REFUSED)
		return AV_OK; /* ours and unchanged: it stays as it is, drafted */
	if (res == LOOK_GONE) {
		/* gone from its UID: a copy elsewhere is the person's edit saved anew */
		enum place place;

		if ((err = locate(p, r, &place, &copy, error_r)) != AV_OK)
			return err;
		if (place == PLACE_GONE || copy == 0)
			return av_store_draft_set_state(store, account, r->token, AV_DRAFT_GONE,
							error_r);
	} else {
		copy = r->draft.uid;
	}
	av_info("the draft to %s was changed by you: afterview leaves it alone", r->iv.name);
	run->stats.edited++;
	return mark_edited(p, r, copy, error_r);
}

/* Rows a stopped run left half done, settled before anything else looks at them: a
 * replacement under way (whatever the state now), and an intent whose interviewer is no
 * longer pending (the draft may have landed: record it so that it can be withdrawn; or
 * it did not: forget the intent). Returns whether anything changed. */
static enum av_err
resume(const struct pass *p, bool *changed_r, char **error_r)
{
	struct av_store *store = p->run->store;
	const char *account = p->run->acc->name;

	*changed_r = false;
	for (size_t i = 0; i < p->m->n_items; i++) {
		struct av_interview_report *it = &p->m->items[i];

		for (size_t j = 0; j < it->n_ivs; j++) {
			struct av_iv_report *r = &it->ivs[j];
			uint32_t *uids;
			size_t n = 0;
			enum av_err err = AV_OK;

			if (!r->has_draft)
				continue;
			if (r->draft.replaces_uid != 0) {
				err = finish_replacement(p, r, error_r);
				*changed_r = true;
			} else if (r->draft.state == AV_DRAFT_INTENT &&
				   r->verdict.state != AV_STATE_PENDING) {
				uids = search_token(p, r, &n, &err, error_r);
				if (err == AV_OK && n > 0)
					err = av_store_draft_appended(store, account, r->token,
								      p->drafts, 0, uids[n - 1],
								      NULL, error_r);
				else if (err == AV_OK)
					err = av_store_draft_delete(store, account, r->token,
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

static enum av_err
evaluate(const struct pass *p, char **error_r)
{
	const struct av_run *run = p->run;

	av_model_clear(p->m);
	return av_model_evaluate(run->store, run->conf, run->acc, run->words, run->now, p->m,
				 error_r);
}

/* Drafts' state as a look found it is recorded in the store's folder row, unless that row
 * is the sync's (a Drafts folder also read for invites, where uidnext is the next UID to
 * read) or the server gave no UIDNEXT. */
static bool
drafts_recordable(const struct pass *p, const struct av_folder_info *info)
{
	const struct av_account *acc = p->run->acc;

	if (info->uidnext == 0 || av_folders_same(p->drafts, acc->inbox))
		return false;
	for (char **f = acc->folders; f != NULL && *f != NULL; f++)
		if (av_folders_same(p->drafts, *f))
			return false;
	return true;
}

/* Drafts is as the last full look left it, every draft of afterview's then at its UID:
 * the same UIDVALIDITY, no message added since (UIDNEXT) and none removed (the count). */
static enum av_err
drafts_as_left(const struct pass *p, const struct av_folder_info *info, bool *same_r,
	       char **error_r)
{
	struct av_folder_state st;
	bool found;
	enum av_err err;

	*same_r = false;
	if (!drafts_recordable(p, info))
		return AV_OK;
	err = av_store_folder_get(p->run->store, p->run->acc->name, p->drafts, &st, &found,
				  error_r);
	*same_r = err == AV_OK && found && st.uidvalidity == info->uidvalidity &&
		  st.uidnext == info->uidnext && st.messages == info->exists;
	return err;
}

static bool
to_make(const struct av_iv_report *r)
{
	return r->verdict.state == AV_STATE_PENDING &&
	       (!r->has_draft || (r->draft.state == AV_DRAFT_INTENT && r->draft.replaces_uid == 0));
}

/* One look at Drafts before acting, whatever the number of drafts: which recorded drafts
 * are still at their UIDs (EXAMINE, one UID SEARCH UID), and whether any draft to make
 * is there already by its token or by its To and Subject (one UID SEARCH each, 64
 * drafts a command). What it cannot tell, the per-draft look-ups still find. */
static enum av_err
look_ahead(struct pass *p, char **error_r)
{
	struct av_run *run = p->run;
	struct av_driver *drv = run->drv;
	struct av_model *m = p->m;
	struct av_folder_info info;
	struct av_header_key *tokens = NULL, *copies = NULL;
	char **keep = NULL;
	uint32_t *uids = NULL, *hits = NULL;
	size_t n_uids = 0, n_tokens = 0, n_copies = 0, n_keep = 0, n_hits = 0, cap = 0;
	enum av_err err;

	if ((err = drv->ops->examine(drv, p->drafts, &info, error_r)) != AV_OK)
		return err;
	for (size_t i = 0; i < m->n_items; i++)
		for (size_t j = 0; j < m->items[i].n_ivs; j++)
			cap++;
	uids = av_calloc(cap + 1, sizeof(*uids));
	tokens = av_calloc(2 * cap + 1, sizeof(*tokens));
	copies = av_calloc(2 * cap + 1, sizeof(*copies));
	keep = av_calloc(2 * cap + 1, sizeof(*keep));
	for (size_t i = 0; i < m->n_items; i++) {
		const struct av_interview_report *it = &m->items[i];

		for (size_t j = 0; j < it->n_ivs; j++) {
			const struct av_iv_report *r = &it->ivs[j];
			struct av_draft d;
			char *error = NULL;

			if (r->has_draft && r->draft.uid != 0 &&
			    (r->draft.state == AV_DRAFT_APPENDED ||
			     r->draft.state == AV_DRAFT_EDITED) &&
			    (r->draft.uidvalidity == 0 || r->draft.uidvalidity == info.uidvalidity))
				uids[n_uids++] = r->draft.uid;
			if (!to_make(r))
				continue;
			keep[n_keep++] = token_keys(r->token, tokens + n_tokens);
			n_tokens += 2;
			memset(&d, 0, sizeof(d));
			if (render(run, it, r, &d, &error) != AV_OK) {
				free(error); /* make_draft says why, later */
				continue;
			}
			keep[n_keep] = d.subject;
			d.subject = NULL;
			copies[n_copies++] = (struct av_header_key){"Subject", keep[n_keep++]};
			copies[n_copies++] = (struct av_header_key){
				"To", r->iv.email != NULL ? r->iv.email : r->iv.name};
			av_draft_clear(&d);
		}
	}
	if (n_uids > 0) {
		bool same = false;

		qsort(uids, n_uids, sizeof(*uids), cmp_u32);
		err = drafts_as_left(p, &info, &same, error_r);
		if (err == AV_OK && same) {
			/* the drafts recorded since were all added after that look, which
			 * changed UIDNEXT: every one is still there */
			p->present = av_calloc(n_uids, sizeof(*p->present));
			memcpy(p->present, uids, n_uids * sizeof(*uids));
			p->n_present = n_uids;
			av_debug(AV_CAT_ENGINE, "%s: unchanged since the last look (%zu drafts)",
				 p->drafts, n_uids);
		} else if (err == AV_OK) {
			err = drv->ops->present(drv, p->drafts, uids, n_uids, &p->present,
						&p->n_present, error_r);
			if (err == AV_OK && p->n_present == n_uids && !run->dry_run &&
			    drafts_recordable(p, &info)) {
				struct av_folder_state st = {info.uidvalidity, info.uidnext,
							     info.highestmodseq, info.exists};

				err = av_store_folder_set(run->store, run->acc->name, p->drafts,
							  &st, error_r);
			}
		}
	}
	if (err == AV_OK && n_tokens > 0) {
		err = drv->ops->search_headers(drv, p->drafts, tokens, n_tokens, 1, &hits, &n_hits,
					       error_r);
		p->any_token = n_hits > 0;
		free(hits);
	}
	if (err == AV_OK && n_copies > 0) {
		hits = NULL;
		n_hits = 0;
		err = drv->ops->search_headers(drv, p->drafts, copies, n_copies, 2, &hits, &n_hits,
					       error_r);
		p->any_copy = n_hits > 0;
		free(hits);
	}
	p->looked = err == AV_OK;
	for (size_t k = 0; k < n_keep; k++)
		free(keep[k]);
	free(keep);
	free(tokens);
	free(copies);
	free(uids);
	return err;
}

/* Each interviewer's draft, as its verdict asks: kept current, checked, or made. */
static enum av_err
act(const struct pass *p, char **error_r)
{
	struct av_run *run = p->run;
	struct av_model *m = p->m;
	enum av_err err = AV_OK;

	for (size_t i = 0; i < m->n_items; i++) {
		struct av_interview_report *it = &m->items[i];

		for (size_t j = 0; j < it->n_ivs; j++) {
			struct av_iv_report *r = &it->ivs[j];
			enum av_state s = r->verdict.state;
			bool ours = r->has_draft && r->draft.state == AV_DRAFT_APPENDED;
			char *error = NULL;

			if (ours && run->conf->update_drafts && !run->dry_run)
				err = keep_current(p, it, r, &error);
			if (err == AV_OK && s == AV_STATE_DRAFTED && !r->replaced_now &&
			    !run->dry_run)
				err = check_present(p, r, &error);
			else if (err == AV_OK && s == AV_STATE_PENDING &&
				 (!r->has_draft || r->draft.state == AV_DRAFT_INTENT))
				err = make_draft(p, it, r, &error);
			if (err == AV_ERR_TEMP || err == AV_ERR_AUTH || err == AV_ERR_STORE ||
			    err == AV_ERR_SOFTWARE) {
				*error_r = error;
				return err;
			}
			if (err != AV_OK) {
				av_warn("draft for %s (%s): %s", r->iv.name, it->id, error);
				free(error);
				run->stats.failures++;
				err = AV_OK;
			}
		}
	}
	return AV_OK;
}

enum av_err
av_engine_run(struct av_run *run, struct av_model *m, char **error_r)
{
	struct av_driver *drv = run->drv;
	struct pass p = {run, m, NULL, NULL, 0, false, false, false};
	bool settled = false, changed = false;
	enum av_err err;

	memset(&run->stats, 0, sizeof(run->stats));
	memset(m, 0, sizeof(*m));
	if ((err = av_sync_account(drv, run->store, run->conf, run->acc, run->now, &run->stats.sync,
				   error_r)) != AV_OK)
		return err;
	if ((err = evaluate(&p, error_r)) != AV_OK)
		return err;
	if ((err = settle_thanks(&p, &settled, error_r)) != AV_OK)
		return err;
	if (settled && (err = evaluate(&p, error_r)) != AV_OK)
		return err;
	if ((err = settle_ids(&p, error_r)) != AV_OK)
		return err;
	if (!needs_drafts_folder(m))
		return AV_OK;
	if ((err = drv->ops->find_folder(drv, AV_FOLDER_DRAFTS, run->acc->drafts, &p.drafts,
					 error_r)) != AV_OK)
		return err;
	if (!run->dry_run && (err = resume(&p, &changed, error_r)) != AV_OK)
		goto out;
	if (changed && (err = evaluate(&p, error_r)) != AV_OK)
		goto out;
	if ((err = look_ahead(&p, error_r)) != AV_OK)
		goto out;
	if ((err = act(&p, error_r)) != AV_OK)
		goto out;
	/* the final picture, with this run's drafts and removals recorded (judge keeps the
	 * made_now/replaced_now/withdrawn_now marks) */
	for (size_t i = 0; i < m->n_items && !run->dry_run; i++)
		if (m->items[i].is_interview &&
		    (err = av_model_judge(m, run->store, run->acc, run->words, &m->items[i],
					  error_r)) != AV_OK)
			goto out;
out:
	free(p.drafts);
	free(p.present);
	return err;
}
