/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "afterview/addr.h"
#include "afterview/invite.h"
#include "afterview/log.h"
#include "afterview/mime.h"
#include "afterview/sync.h"

/* UIDs per BODYSTRUCTURE/header request: bounds memory per round trip, and as many as
 * the driver puts in one command (imap.c), so that a first run through a distant server
 * waits for as few round trips as that allows. */
#define BATCH 1000

/* Which sent messages' Message-ID to ask for. Every one cost ~60 of ~360 octets per
 * message on the wire, and it is used only (1) to tell a copy of afterview's own draft
 * (own_draft below) and (2) as a verdict's evidence or unsure reply (status --json, the
 * key of the notice told once). So it is asked for messages to an address of the stored
 * invites (their calendar text and mail) or of afterview's draft rows: the interviewers
 * are among those, since the invites are synced before Sent; and for messages whose Date
 * has the form afterview writes (av_message_compose: "Sun, 8 Nov 2026 20:15:00 +0000")
 * to an address at a domain of the invites, where an interviewer whose address came from
 * other mail is, so that a copy of a draft to them is still told. Not asked: the
 * Message-ID of a reply to such an interviewer (its evidence then shows none, and its
 * notice is keyed by the date). Hashes: a collision asks for one more Message-ID. */
struct hash_set {
	uint64_t *v;
	size_t n, cap;
};

struct addr_set {
	struct hash_set addrs;	  /* the addresses */
	struct hash_set domains;  /* their domains */
	struct hash_set parents;  /* the domains and every domain above them */
	struct av_envelope *pend; /* owned: sent envelopes waiting for their Message-ID */
	size_t n_pend, cap_pend;
};

/* FNV-1a over s[0..n) with ASCII case folded, leaving out [skip, skip_end) (a +tag).
 * *ascii_r is cleared when s holds other bytes (folding may then differ). */
static uint64_t
hash_folded(const char *s, size_t n, const char *skip, const char *skip_end, bool *ascii_r)
{
	uint64_t h = 1469598103934665603ULL;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x80)
			*ascii_r = false;
		if (s + i >= skip && s + i < skip_end)
			continue;
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		h = (h ^ c) * 1099511628211ULL;
	}
	return h;
}

/* The hash of the address s[0..n) as av_addr_same compares: case folded, a +tag dropped
 * from the local part (not a leading '+'); *at_r is where its domain starts, or NULL. */
static uint64_t
addr_hash(const char *s, size_t n, const char **at_r, bool *ascii_r)
{
	const char *at = NULL, *tag = NULL;

	for (size_t i = 0; i < n; i++)
		if (s[i] == '@')
			at = s + i;
	for (size_t i = 1; at != NULL && s + i < at && tag == NULL; i++)
		if (s[i] == '+')
			tag = s + i;
	*at_r = at;
	return hash_folded(s, n, tag, tag != NULL ? at : NULL, ascii_r);
}

static void
hash_add(struct hash_set *set, uint64_t h)
{
	if (set->n == set->cap) {
		set->cap = set->cap ? set->cap * 2 : 64;
		set->v = av_realloc(set->v, set->cap * sizeof(*set->v));
	}
	set->v[set->n++] = h;
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static bool
hash_has(const struct hash_set *set, uint64_t h)
{
	return set->n > 0 && bsearch(&h, set->v, set->n, sizeof(*set->v), cmp_u64) != NULL;
}

static void
set_add(struct addr_set *set, const char *s, size_t n)
{
	bool ascii = true;
	const char *at;

	hash_add(&set->addrs, addr_hash(s, n, &at, &ascii));
	if (at == NULL || at + 1 == s + n)
		return;
	hash_add(&set->domains, hash_folded(at + 1, (size_t)(s + n - at - 1), NULL, NULL, &ascii));
	for (const char *d = at + 1; d != NULL && d < s + n;) {
		const char *dot = memchr(d, '.', (size_t)(s + n - d));

		hash_add(&set->parents, hash_folded(d, (size_t)(s + n - d), NULL, NULL, &ascii));
		d = dot != NULL ? dot + 1 : NULL;
	}
}

static bool
addr_byte(char c, bool local)
{
	return (unsigned char)c >= 0x80 || av_addr_char(c, local);
}

/* Every address-like run around an '@' in text[0..len), iCalendar lines unfolded. */
static void
set_scan(struct addr_set *set, const char *text, size_t len)
{
	char *t = av_malloc(len + 1);
	size_t n = 0;

	for (size_t i = 0; i < len; i++) {
		if (text[i] == '\r' && i + 1 < len && text[i + 1] == '\n')
			continue;
		if (text[i] == '\n' && i + 1 < len && (text[i + 1] == ' ' || text[i + 1] == '\t')) {
			i++;
			continue;
		}
		t[n++] = text[i];
	}
	for (size_t i = 0; i < n; i++) {
		size_t l = i, r = i + 1;

		if (t[i] != '@')
			continue;
		while (l > 0 && addr_byte(t[l - 1], true))
			l--;
		while (r < n && addr_byte(t[r], false))
			r++;
		while (r > i + 1 && (t[r - 1] == '.' || t[r - 1] == '-'))
			r--;
		if (l < i && r > i + 1)
			set_add(set, t + l, r - l);
	}
	free(t);
}

static bool
scan_calendar(void *ctx, const struct av_msgref *ref, const char *section,
	      const struct av_invite_mail *mail, const char *ics, size_t len)
{
	const char *fields[] = {mail->from, mail->to, mail->cc};

	(void)ref;
	(void)section;
	set_scan(ctx, ics, len);
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (fields[i] != NULL)
			set_scan(ctx, fields[i], strlen(fields[i]));
	return true;
}

static bool
scan_who(void *ctx, const char *who)
{
	if (who != NULL)
		set_scan(ctx, who, strlen(who));
	return true;
}

static void
hash_sort(struct hash_set *set)
{
	if (set->n > 0)
		qsort(set->v, set->n, sizeof(*set->v), cmp_u64);
}

static enum av_err
set_load(struct addr_set *set, struct av_store *store, const char *account, char **error_r)
{
	enum av_err err = av_store_calendar_each(store, account, scan_calendar, set, error_r);

	if (err == AV_OK)
		err = av_store_draft_who_each(store, account, scan_who, set, error_r);
	hash_sort(&set->addrs);
	hash_sort(&set->domains);
	hash_sort(&set->parents);
	return err;
}

static void
set_clear(struct addr_set *set)
{
	free(set->addrs.v);
	free(set->domains.v);
	free(set->parents.v);
	av_envelopes_free(&set->pend, set->n_pend);
	memset(set, 0, sizeof(*set));
}

/* Is d[0..n) a domain of the invites, one above, or one below (av_addr_domain_is either
 * way, as an address from other mail is taken at an invite's domain)? */
static bool
set_domain(const struct addr_set *set, const char *d, size_t n, bool *ascii_r)
{
	if (hash_has(&set->parents, hash_folded(d, n, NULL, NULL, ascii_r)))
		return true;
	for (const char *p = memchr(d, '.', n); p != NULL && p + 1 < d + n;
	     p = memchr(p + 1, '.', (size_t)(d + n - p - 1)))
		if (hash_has(&set->domains,
			     hash_folded(p + 1, (size_t)(d + n - p - 1), NULL, NULL, ascii_r)))
			return true;
	return false;
}

/* The Date av_message_compose writes: "Www, D Mmm YYYY hh:mm:ss +0000", the day without a
 * leading zero (blanks around allowed). */
static bool
date_like_ours(const char *date)
{
	const char *p = date;
	size_t n;

	if (p == NULL)
		return false;
	p += strspn(p, " \t");
	n = strlen(p);
	while (n > 0 &&
	       (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\r' || p[n - 1] == '\n'))
		n--;
	if (n < 30 || n > 31 || p[3] != ',' || p[4] != ' ' || p[5] < '1' || p[5] > '9')
		return false;
	if (n == 31 && (p[6] < '0' || p[6] > '9'))
		return false;
	return strncmp(p + n - 6, " +0000", 6) == 0;
}

/* Does e's Message-ID matter (struct addr_set)? */
static bool
set_wants(const struct addr_set *set, const struct av_envelope *e)
{
	bool ours = date_like_ours(e->date);

	for (char **r = e->recipients; r != NULL && *r != NULL; r++) {
		const char *a = av_addr_skip_mailto(*r), *at;
		bool ascii = true;
		size_t n = strlen(a);
		uint64_t h = addr_hash(a, n, &at, &ascii);

		if (!ascii || hash_has(&set->addrs, h))
			return true;
		if (ours && at != NULL &&
		    (set_domain(set, at + 1, (size_t)(a + n - at - 1), &ascii) || !ascii))
			return true;
	}
	return false;
}

void
av_sync_stats_clear(struct av_sync_stats *stats)
{
	free(stats->sent_folder);
	memset(stats, 0, sizeof(*stats));
}

/* Examine folder and decide where to start. *from_r is 0 when there is nothing new. */
static enum av_err
open_folder(struct av_driver *drv, struct av_store *store, const char *account, const char *folder,
	    struct av_folder_info *info_r, uint32_t *from_r, uint32_t *stored_next_r, bool *first_r,
	    struct av_sync_stats *stats, char **error_r)
{
	struct av_folder_state st;
	bool found;
	enum av_err err;

	*from_r = 0;
	*stored_next_r = 1;
	if ((err = drv->ops->examine(drv, folder, info_r, error_r)) != AV_OK)
		return err;
	stats->folders++;
	if ((err = av_store_folder_get(store, account, folder, &st, &found, error_r)) != AV_OK)
		return err;
	if (found && st.uidvalidity != info_r->uidvalidity) {
		av_info("%s: UIDVALIDITY changed (%u -> %u): reading the folder again", folder,
			st.uidvalidity, info_r->uidvalidity);
		err = av_store_folder_forget(store, account, folder, info_r->uidvalidity, error_r);
		if (err != AV_OK)
			return err;
		found = false;
	}
	*first_r = !found;
	if (found && st.uidnext > 1)
		*stored_next_r = st.uidnext;
	if (found && info_r->uidnext != 0 && st.uidnext >= info_r->uidnext) {
		av_debug(AV_CAT_ENGINE, "%s: unchanged (UIDNEXT %u)", folder, st.uidnext);
		stats->folders_unchanged++;
		return AV_OK;
	}
	if (info_r->exists == 0) {
		stats->folders_unchanged++;
		return AV_OK;
	}
	*from_r = found ? (st.uidnext ? st.uidnext : 1) : 1;
	return AV_OK;
}

static enum av_err
save_folder(struct av_store *store, const char *account, const char *folder,
	    const struct av_folder_info *info, uint32_t from, uint32_t seen_max, char **error_r)
{
	/* without UIDNEXT from the server, the next run starts after the last UID seen, and
	 * never before where this one started */
	uint32_t next = seen_max + 1 > from ? seen_max + 1 : from;
	struct av_folder_state st = {info->uidvalidity, info->uidnext ? info->uidnext : next,
				     info->highestmodseq, info->exists};

	return av_store_folder_set(store, account, folder, &st, error_r);
}

/* Addresses joined one a line, for the store: NULL when there are none. */
static char *
join_lines(char *const *addrs, size_t n)
{
	struct av_buf b;

	if (n == 0)
		return NULL;
	av_buf_init(&b);
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			av_buf_puts(&b, "\n");
		av_buf_puts(&b, addrs[i]);
	}
	return av_buf_steal(&b);
}

/* What the envelope of uid says beside the calendar; to_r and cc_r receive the joined
 * To and Cc (and Bcc) addresses the result points to (the caller frees them). */
static struct av_invite_mail
mail_of(const struct av_envelope *envs, size_t n, uint32_t uid, char **to_r, char **cc_r)
{
	*to_r = *cc_r = NULL;
	for (size_t i = 0; i < n; i++) {
		const struct av_envelope *e = &envs[i];
		size_t n_rcpt = 0;

		if (e->uid != uid)
			continue;
		while (e->recipients != NULL && e->recipients[n_rcpt] != NULL)
			n_rcpt++;
		*to_r = join_lines(e->recipients, e->n_to);
		*cc_r = join_lines(e->recipients + e->n_to, n_rcpt - e->n_to);
		return (struct av_invite_mail){
			e->from, e->from_name, e->subject,	    *to_r,
			*cc_r,	 e->list_id,   e->list_unsubscribe, e->precedence};
	}
	return (struct av_invite_mail){NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL};
}

/* Fetched calendar parts are at most this much per command (the sizes BODYSTRUCTURE gave,
 * added up): a few commands for a mailbox's invites, never an unbounded reply. */
#define PARTS_BYTES_MAX (16u * 1024 * 1024)

/* The raw octets of each part of parts[0..n) small enough to read, into raws[i] (NULL for
 * a part skipped or not given: the caller says why), fetched with one command per section
 * number ("2", "1.2") and batch rather than one per part. AV_ERR_DATA is a refused batch
 * (its parts are skipped); any other error ends the sync. */
static enum av_err
fetch_parts(struct av_driver *drv, const struct av_part_ref *parts, size_t n, struct av_text *raws,
	    char **error_r)
{
	bool *done = av_calloc(n + 1, sizeof(*done));
	uint32_t *uids = av_calloc(n + 1, sizeof(*uids));
	enum av_err err = AV_OK;

	for (size_t i = 0; i < n; i++)
		done[i] = parts[i].size > AV_MIME_MAX_PART;
	for (size_t i = 0; err == AV_OK && i < n; i++) {
		size_t k = 0, total = 0, n_got = 0;
		struct av_text *got = NULL;
		char *error = NULL;

		if (done[i])
			continue;
		for (size_t j = i; j < n; j++) {
			/* one UID once per command; the parts come by ascending UID */
			if (done[j] || strcmp(parts[j].section, parts[i].section) != 0 ||
			    (k > 0 && uids[k - 1] >= parts[j].uid) ||
			    (k > 0 && total + parts[j].size > PARTS_BYTES_MAX))
				continue;
			uids[k++] = parts[j].uid;
			total += parts[j].size + 1024;
			done[j] = true;
		}
		err = drv->ops->fetch_sections(drv, uids, k, parts[i].section, AV_MIME_MAX_PART,
					       total, &got, &n_got, &error);
		if (err == AV_ERR_DATA) {
			av_warn("%zu calendar parts %s not read: %s", k, parts[i].section, error);
			free(error);
			err = AV_OK;
			continue;
		}
		if (err != AV_OK) {
			*error_r = error;
			break;
		}
		for (size_t g = 0; g < n_got; g++)
			for (size_t j = 0; j < n; j++)
				if (raws[j].data == NULL && parts[j].uid == got[g].uid &&
				    strcmp(parts[j].section, parts[i].section) == 0) {
					raws[j] = got[g];
					got[g].data = NULL;
					break;
				}
		av_texts_free(&got, n_got);
	}
	free(done);
	free(uids);
	return err;
}

/* One batch of invite-folder UIDs: locate calendar parts, fetch and store them. */
static enum av_err
sync_invite_batch(struct av_driver *drv, struct av_store *store, const struct av_msgref *base,
		  const uint32_t *uids, size_t n, time_t now, struct addr_set *set,
		  struct av_sync_stats *stats, char **error_r)
{
	struct av_part_ref *parts = NULL;
	struct av_envelope *envs = NULL;
	struct av_text *raws = NULL;
	size_t n_parts = 0, n_envs = 0, n_with = 0;
	uint32_t *with = NULL;
	enum av_err err;

	(void)now;
	(void)set;
	err = drv->ops->calendar_parts(drv, uids, n, &parts, &n_parts, error_r);
	if (err != AV_OK)
		return err;
	if (n_parts == 0)
		return AV_OK;
	/* the envelopes of just the messages with invites, with their list headers, in one
	 * command: detection weighs the sender and the bulk-mail signs, the employer's name
	 * the display name, the interviewers the address the invite went to */
	with = av_calloc(n_parts, sizeof(*with));
	for (size_t i = 0; i < n_parts; i++) {
		bool dup = false;

		for (size_t j = 0; j < n_with && !dup; j++)
			dup = with[j] == parts[i].uid;
		if (!dup)
			with[n_with++] = parts[i].uid;
	}
	err = drv->ops->envelopes(drv, with, n_with, AV_ENV_LIST_HEADERS, &envs, &n_envs, error_r);
	free(with);
	if (err != AV_OK)
		goto out;
	raws = av_calloc(n_parts, sizeof(*raws));
	if ((err = fetch_parts(drv, parts, n_parts, raws, error_r)) != AV_OK)
		goto out;
	/* the events of one message so far: the model reads at most AV_INVITE_MAX_EVENTS
	 * from a message, however many parts hold them (its parts come one after another) */
	uint32_t msg_uid = 0;
	size_t msg_events = 0;
	for (size_t i = 0; i < n_parts; i++) {
		const struct av_part_ref *p = &parts[i];
		struct av_msgref ref = *base;
		char *raw = NULL, *text = NULL, *error = NULL;
		size_t raw_len = 0, text_len = 0;
		struct av_invite_mail mail;
		char *to = NULL, *cc = NULL;

		ref.uid = p->uid;
		if (p->size > AV_MIME_MAX_PART) {
			av_warn("%s UID %u part %s: skipped: %u bytes is more than %u", ref.folder,
				p->uid, p->section, p->size, AV_MIME_MAX_PART);
			stats->skipped++;
			continue;
		}
		if (raws[i].data == NULL) {
			av_warn("%s UID %u part %s: skipped: not given by the server", ref.folder,
				p->uid, p->section);
			stats->skipped++;
			continue;
		}
		raw = raws[i].data;
		raw_len = raws[i].len;
		raws[i].data = NULL;
		if (av_mime_decode(raw, raw_len, p->encoding, p->charset, &text, &text_len,
				   &error) != AV_OK) {
			av_warn("%s UID %u part %s: skipped: %s", ref.folder, p->uid, p->section,
				error);
			free(error);
			free(raw);
			stats->skipped++;
			continue;
		}
		free(raw);
		{ /* what the calendar reader will leave out, said once: now (issue 14) */
			char *where =
				av_asprintf("%s UID %u part %s", ref.folder, p->uid, p->section);

			size_t events = 0;

			av_invite_note_limits(text, text_len, where, &events);
			free(where);
			if (p->uid != msg_uid) {
				msg_uid = p->uid;
				msg_events = 0;
			}
			if (msg_events > 0 && msg_events <= AV_INVITE_MAX_EVENTS &&
			    msg_events + events > AV_INVITE_MAX_EVENTS)
				av_warn("%s UID %u: more than %d events in the message's calendar "
					"parts together: only the first %d read",
					ref.folder, p->uid, AV_INVITE_MAX_EVENTS,
					AV_INVITE_MAX_EVENTS);
			msg_events += events;
		}
		mail = mail_of(envs, n_envs, p->uid, &to, &cc);
		err = av_store_calendar_add(store, &ref, p->section, &mail, text, text_len,
					    error_r);
		free(to);
		free(cc);
		free(text);
		if (err != AV_OK)
			goto out;
		stats->calendars++;
	}
out:
	av_texts_free(&raws, n_parts);
	av_envelopes_free(&envs, n_envs);
	av_part_refs_free(&parts, n_parts);
	return err;
}

/* The n decimal digits at s (checked by the caller). */
static int
atoi_n(const char *s, size_t n)
{
	int v = 0;

	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/* The Date header as a time, or 0 when it is missing or absurd (before 1990, or more than
 * two days after the run's time): then the server's INTERNALDATE stands in. */
static time_t
sent_date(const struct av_envelope *e, time_t now)
{
	time_t date;

	if (e->date == NULL || !av_parse_rfc5322_date(e->date, &date))
		return 0;
	if (date < 631152000 || date > now + 2 * 86400)
		return 0;
	return date;
}

/* Is e one of afterview's own drafts as it composed it (message.h): a Message-ID of its
 * form, YYYYMMDDhhmmss "." 16 token characters "." 16 hex digits "@", under a Date that
 * is the time in it. A client sending the draft stamps the Date of the sending, so the
 * thank-you that went out from one of afterview's drafts still counts, whether or not
 * the client kept the Message-ID; a draft copied or appended into Sent does not. */
static bool
own_draft(const struct av_envelope *e)
{
	const char *id = e->message_id;
	struct tm tm;
	time_t date;

	if (id == NULL || strlen(id) < 14 + 1 + 16 + 1 + 16 + 1 || id[14] != '.' || id[31] != '.' ||
	    id[48] != '@')
		return false;
	for (size_t i = 0; i < 48; i++) {
		char c = id[i];
		bool ok = i < 14   ? c >= '0' && c <= '9'
			  : i > 31 ? (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')
				   : i == 14 || i == 31 || (c >= '0' && c <= '9') ||
					     (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
					     c == '-' || c == '_' || c == '.';

		if (!ok)
			return false;
	}
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = atoi_n(id, 4) - 1900;
	tm.tm_mon = atoi_n(id + 4, 2) - 1;
	tm.tm_mday = atoi_n(id + 6, 2);
	tm.tm_hour = atoi_n(id + 8, 2);
	tm.tm_min = atoi_n(id + 10, 2);
	tm.tm_sec = atoi_n(id + 12, 2);
	return e->date != NULL && av_parse_rfc5322_date(e->date, &date) && date == timegm(&tm);
}

/* Store one sent envelope, unless it is one of afterview's own drafts. */
static enum av_err
store_sent(struct av_store *store, const struct av_msgref *base, const struct av_envelope *e,
	   time_t now, struct av_sync_stats *stats, char **error_r)
{
	struct av_msgref ref = *base;
	struct av_sent sent = {e->message_id, sent_date(e, now), 0, e->subject, e->recipients, -1};
	enum av_err err;

	if (own_draft(e)) {
		av_debug(AV_CAT_ENGINE, "%s UID %u: one of afterview's drafts, not sent mail",
			 base->folder, e->uid);
		return AV_OK;
	}
	if (sent.date == 0)
		sent.internaldate = e->internaldate;
	ref.uid = e->uid;
	if ((err = av_store_sent_add(store, &ref, &sent, error_r)) == AV_OK)
		stats->sent++;
	return err;
}

/* The envelopes held for their Message-ID (set->pend, by ascending UID): asked for in one
 * command, then stored. */
static enum av_err
flush_pending(struct av_driver *drv, struct av_store *store, const struct av_msgref *base,
	      time_t now, struct addr_set *set, struct av_sync_stats *stats, char **error_r)
{
	struct av_envelope *ids = NULL;
	size_t n_ids = 0;
	uint32_t *uids;
	enum av_err err;

	if (set->n_pend == 0)
		return AV_OK;
	uids = av_calloc(set->n_pend, sizeof(*uids));
	for (size_t i = 0; i < set->n_pend; i++)
		uids[i] = set->pend[i].uid;
	err = drv->ops->envelopes(drv, uids, set->n_pend, AV_ENV_ID_ONLY, &ids, &n_ids, error_r);
	free(uids);
	/* asked and without one: "" (store.h), so that nobody asks again */
	for (size_t i = 0, k = 0; err == AV_OK && i < set->n_pend; i++) {
		struct av_envelope *e = &set->pend[i];

		while (k < n_ids && ids[k].uid < e->uid)
			k++;
		if (k < n_ids && ids[k].uid == e->uid && ids[k].message_id != NULL) {
			e->message_id = ids[k].message_id;
			ids[k].message_id = NULL;
		} else {
			e->message_id = av_strdup("");
		}
		err = store_sent(store, base, e, now, stats, error_r);
	}
	av_envelopes_free(&ids, n_ids);
	av_envelopes_free(&set->pend, set->n_pend);
	set->n_pend = set->cap_pend = 0;
	return err;
}

static enum av_err
sync_sent_batch(struct av_driver *drv, struct av_store *store, const struct av_msgref *base,
		const uint32_t *uids, size_t n, time_t now, struct addr_set *set,
		struct av_sync_stats *stats, char **error_r)
{
	struct av_envelope *envs = NULL, *more = NULL;
	size_t n_envs = 0, n_more = 0, n_undated = 0;
	uint32_t *undated = NULL;
	enum av_err err = drv->ops->envelopes(drv, uids, n, 0, &envs, &n_envs, error_r);

	/* INTERNALDATE only for the few messages whose Date cannot be used */
	if (err == AV_OK) {
		undated = av_calloc(n_envs ? n_envs : 1, sizeof(*undated));
		for (size_t i = 0; i < n_envs; i++)
			if (sent_date(&envs[i], now) == 0)
				undated[n_undated++] = envs[i].uid;
		if (n_undated > 0)
			err = drv->ops->envelopes(drv, undated, n_undated, AV_ENV_INTERNALDATE,
						  &more, &n_more, error_r);
	}
	for (size_t i = 0; err == AV_OK && i < n_envs; i++) {
		for (size_t k = 0; k < n_more; k++)
			if (more[k].uid == envs[i].uid)
				envs[i].internaldate = more[k].internaldate;
		if (!set_wants(set, &envs[i])) {
			err = store_sent(store, base, &envs[i], now, stats, error_r);
			continue;
		}
		/* the Message-ID only of the messages it can matter for (struct addr_set), a
		 * few hundred in one more command, not one per batch */
		if (set->n_pend == set->cap_pend) {
			set->cap_pend = set->cap_pend ? 2 * set->cap_pend : 64;
			set->pend = av_realloc(set->pend, set->cap_pend * sizeof(*set->pend));
		}
		set->pend[set->n_pend++] = envs[i];
		memset(&envs[i], 0, sizeof(envs[i]));
		if (set->n_pend >= BATCH)
			err = flush_pending(drv, store, base, now, set, stats, error_r);
	}
	free(undated);
	av_envelopes_free(&more, n_more);
	av_envelopes_free(&envs, n_envs);
	return err;
}

typedef enum av_err batch_fn(struct av_driver *drv, struct av_store *store,
			     const struct av_msgref *base, const uint32_t *uids, size_t n,
			     time_t now, struct addr_set *set, struct av_sync_stats *stats,
			     char **error_r);

static enum av_err
sync_folder(struct av_driver *drv, struct av_store *store, const struct av_conf *conf,
	    const char *account, const char *folder, time_t now, batch_fn *batch,
	    struct addr_set *set, struct av_sync_stats *stats, char **error_r)
{
	struct av_folder_info info;
	uint32_t from, stored_next, *uids = NULL, seen_max = 0;
	size_t n = 0;
	bool first;
	enum av_err err;
	struct av_msgref base = {account, folder, 0, 0};

	err = open_folder(drv, store, account, folder, &info, &from, &stored_next, &first, stats,
			  error_r);
	if (err != AV_OK)
		return err;
	if ((err = av_store_begin(store, error_r)) != AV_OK)
		return err;
	base.uidvalidity = info.uidvalidity;
	if (from != 0) {
		time_t since = first ? now - (time_t)conf->horizon_days * 86400 : 0;

		err = drv->ops->search(drv, from, since, &uids, &n, error_r);
		if (err != AV_OK)
			goto fail;
		av_debug(AV_CAT_ENGINE, "%s: %zu new message(s) from UID %u%s", folder, n, from,
			 first ? " within the horizon" : "");
		stats->messages += (unsigned)n;
		for (size_t i = 0; i < n; i += BATCH) {
			size_t len = n - i < BATCH ? n - i : BATCH;

			err = batch(drv, store, &base, uids + i, len, now, set, stats, error_r);
			if (err != AV_OK)
				goto fail;
		}
		if (n > 0)
			seen_max = uids[n - 1];
	}
	if (set != NULL &&
	    (err = flush_pending(drv, store, &base, now, set, stats, error_r)) != AV_OK)
		goto fail;
	if ((err = save_folder(store, account, folder, &info, from ? from : stored_next, seen_max,
			       error_r)) != AV_OK)
		goto fail;
	free(uids);
	return av_store_commit(store, error_r);
fail:
	free(uids);
	if (set != NULL) {
		av_envelopes_free(&set->pend, set->n_pend);
		set->n_pend = set->cap_pend = 0;
	}
	av_store_rollback(store);
	return err;
}

enum av_err
av_sync_account(struct av_driver *drv, struct av_store *store, const struct av_conf *conf,
		const struct av_account *acc, time_t now, struct av_sync_stats *stats,
		char **error_r)
{
	enum av_err err;
	char *error = NULL, *drafts = NULL;
	struct addr_set set;

	memset(stats, 0, sizeof(*stats));
	memset(&set, 0, sizeof(set));
	if (drv->ops->expect != NULL) {
		/* the folders of the last run (Sent, Drafts among them): their states asked
		 * with the listing, one round trip for all */
		char **names = NULL;

		if ((err = av_store_folder_names(store, acc->name, &names, error_r)) != AV_OK)
			return err;
		drv->ops->expect(drv, names);
		av_strv_free(&names);
	}
	err = sync_folder(drv, store, conf, acc->name, acc->inbox, now, sync_invite_batch, NULL,
			  stats, error_r);
	if (err != AV_OK)
		return err;
	for (char **f = acc->folders; f != NULL && *f != NULL; f++) {
		err = sync_folder(drv, store, conf, acc->name, *f, now, sync_invite_batch, NULL,
				  stats, &error);
		if (err == AV_ERR_CONFIG) {
			av_warn("account %s: folder %s: %s (skipped)", acc->name, *f, error);
			free(error);
			error = NULL;
			continue;
		}
		if (err != AV_OK) {
			*error_r = error;
			return err;
		}
	}
	/* Drafts first, so that the driver refuses a Sent folder that is the Drafts folder
	 * before anything is read from it as sent mail; a mailbox without Drafts can still be
	 * synced (the run that needs one says so) */
	err = drv->ops->find_folder(drv, AV_FOLDER_DRAFTS, acc->drafts, &drafts, &error);
	free(drafts);
	if (err == AV_ERR_CONFIG) {
		av_debug(AV_CAT_ENGINE, "account %s: %s", acc->name, error);
		free(error);
		error = NULL;
	} else if (err != AV_OK) {
		*error_r = error;
		return err;
	}
	err = drv->ops->find_folder(drv, AV_FOLDER_SENT, acc->sent, &stats->sent_folder, error_r);
	if (err != AV_OK)
		return err;
	/* after every invite folder: the addresses of the invites stored up to now */
	if ((err = set_load(&set, store, acc->name, error_r)) == AV_OK)
		err = sync_folder(drv, store, conf, acc->name, stats->sent_folder, now,
				  sync_sent_batch, &set, stats, error_r);
	set_clear(&set);
	return err;
}
