/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Claws driver: driver.h over Claws' folders (see driver-claws.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "claws-features.h"

#include <glib.h>

#include "account.h"
#include "folder.h"
#include "prefs_account.h"
#include "procmsg.h"
#include "utils.h"

#include "afterview/driver.h"
#include "afterview/log.h"
#include "afterview/message.h"
#include "afterview/mime.h"
#include "afterview/util.h"
#include "driver-claws.h"

/* dates before this or far in the future are a broken Date header, not a time */
#define SANE_DATE_MIN ((time_t)315532800)  /* 1980 */
#define SANE_DATE_MAX ((time_t)4102444800) /* 2100 */

struct cached_parse {
	uint32_t uid;
	struct av_mime_result *res;
};

struct claws_driver {
	struct av_driver base;
	PrefsAccount *ac;
	char *drafts; /* the folders find_folder found, or NULL */
	char *sent;
	FolderItem *item;			   /* the examined folder */
	SpecialFolderItemType stype, parent_stype; /* its own types while we hold it as
							  F_NORMAL */
	GSList *list;				   /* its messages (MsgInfo), owned */
	MsgInfo **msgs;				   /* the same, by ascending msgnum */
	size_t n_msgs;
	struct cached_parse *parsed; /* calendar parts of the examined folder's messages */
	size_t n_parsed;
	unsigned long commands;
	unsigned long long bytes;
};

static struct claws_driver *
cd(struct av_driver *drv)
{
	return (struct claws_driver *)drv;
}

/* the item of account folder f whose server path is name */
struct find {
	const char *name;
	FolderItem *found;
};

static gboolean
find_cb(GNode *node, gpointer data)
{
	struct find *f = data;
	FolderItem *it = node->data;

	if (it != NULL && it->path != NULL && strcmp(it->path, f->name) == 0) {
		f->found = it;
		return TRUE;
	}
	return FALSE;
}

static FolderItem *
item_by_name(struct claws_driver *d, const char *name)
{
	Folder *f = d->ac->folder;
	struct find fi = {name, NULL};

	if (f == NULL || f->node == NULL)
		return NULL;
	if (strcasecmp(name, "INBOX") == 0 && f->inbox != NULL)
		return f->inbox;
	g_node_traverse(f->node, G_PRE_ORDER, G_TRAVERSE_ALL, -1, find_cb, &fi);
	return fi.found;
}

/* a fixed stand-in for UIDVALIDITY (see driver-claws.h): FNV-1a of the identifier */
static uint32_t
uidvalidity_of(FolderItem *it)
{
	gchar *id = folder_item_get_identifier(it);
	uint32_t h = 2166136261u;

	for (const char *p = id ? id : ""; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	g_free(id);
	return h == 0 ? 1 : h;
}

static void
forget_folder(struct claws_driver *d)
{
	for (size_t i = 0; i < d->n_parsed; i++)
		av_mime_result_free(&d->parsed[i].res);
	free(d->parsed);
	d->parsed = NULL;
	d->n_parsed = 0;
	free(d->msgs);
	d->msgs = NULL;
	d->n_msgs = 0;
	if (d->list != NULL)
		procmsg_msg_list_free(d->list);
	d->list = NULL;
	if (d->item != NULL) {
		d->item->stype = d->stype;
		d->item->parent_stype = d->parent_stype;
	}
	d->item = NULL;
}

static int
by_msgnum(const void *a, const void *b)
{
	const MsgInfo *x = *(MsgInfo *const *)a, *y = *(MsgInfo *const *)b;

	return x->msgnum < y->msgnum ? -1 : x->msgnum > y->msgnum;
}

/* Scan folder name and hold its message list (a fresh one each time: what another
 * operation changed is seen).
 * Claws marks the unread messages of a Sent, Drafts, Queue or Trash folder read, on the
 * server too, when it scans such a folder or fetches from it: reading must change no
 * flag, so while the driver holds the folder it is an ordinary one (F_NORMAL; the
 * Inbox is left as it is). The run is synchronous in the main loop and gives the type
 * back when it lets the folder go (forget_folder). What Claws does when the person
 * opens the folder is Claws' business. */
static enum av_err
open_folder(struct claws_driver *d, const char *name, char **error_r)
{
	FolderItem *it = item_by_name(d, name);
	size_t i = 0;

	if (it == NULL) {
		av_error_set(error_r, "%s: no such folder in Claws account '%s'", name,
			     d->ac->account_name ? d->ac->account_name : "");
		return AV_ERR_CONFIG;
	}
	forget_folder(d);
	d->commands++;
	d->item = it;
	d->stype = it->stype;
	d->parent_stype = it->parent_stype;
	if (it->stype != F_INBOX) {
		/* folder_has_parent_of_type() reads the cached parent_stype */
		it->stype = F_NORMAL;
		it->parent_stype = F_NORMAL;
	}
	if (folder_item_scan(it) < 0) {
		forget_folder(d);
		av_error_set(error_r, "%s: Claws could not update the folder", name);
		return AV_ERR_TEMP;
	}
	d->list = folder_item_get_msg_list(it);
	d->n_msgs = g_slist_length(d->list);
	d->msgs = av_calloc(d->n_msgs + 1, sizeof(*d->msgs));
	for (GSList *l = d->list; l != NULL; l = l->next)
		d->msgs[i++] = l->data;
	qsort(d->msgs, d->n_msgs, sizeof(*d->msgs), by_msgnum);
	return AV_OK;
}

static MsgInfo *
msg_by_uid(struct claws_driver *d, uint32_t uid)
{
	size_t lo = 0, hi = d->n_msgs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (d->msgs[mid]->msgnum == uid)
			return d->msgs[mid];
		if (d->msgs[mid]->msgnum < uid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* The whole message as Claws fetched it, with line ends made CRLF as on the server. */
static enum av_err
read_msg(struct claws_driver *d, MsgInfo *mi, size_t max, char **data_r, size_t *len_r,
	 char **error_r)
{
	gchar *file = procmsg_get_message_file(mi), *raw = NULL;
	gsize n = 0;
	GError *gerr = NULL;
	struct av_buf b;

	d->commands++;
	if (file == NULL) {
		av_error_set(error_r, "message %u: Claws could not fetch it", mi->msgnum);
		return AV_ERR_DATA;
	}
	if (!g_file_get_contents(file, &raw, &n, &gerr)) {
		av_error_set(error_r, "message %u: %s", mi->msgnum, gerr->message);
		g_error_free(gerr);
		g_free(file);
		return AV_ERR_DATA;
	}
	g_free(file);
	d->bytes += n;
	if (n > max) {
		g_free(raw);
		av_error_set(error_r, "message %u is larger than %zu octets", mi->msgnum, max);
		return AV_ERR_DATA;
	}
	av_buf_init(&b);
	for (gsize i = 0; i < n; i++) {
		if (raw[i] == '\n' && (i == 0 || raw[i - 1] != '\r'))
			av_buf_append(&b, "\r", 1);
		av_buf_append(&b, &raw[i], 1);
	}
	g_free(raw);
	*len_r = b.len;
	*data_r = av_buf_steal(&b);
	av_buf_clear(&b);
	return AV_OK;
}

/* The length of the header block of msg[0..len), blank line included. */
static size_t
header_len(const char *msg, size_t len)
{
	for (size_t i = 0; i + 1 < len; i++) {
		if (msg[i] == '\n' && msg[i + 1] == '\n')
			return i + 2;
		if (msg[i] == '\n' && i + 2 < len && msg[i + 1] == '\r' && msg[i + 2] == '\n')
			return i + 3;
	}
	return len;
}

static enum av_err
op_find_folder(struct av_driver *drv, enum av_folder_role role, const char *configured,
	       char **name_r, char **error_r)
{
	struct claws_driver *d = cd(drv);
	char **mine = role == AV_FOLDER_DRAFTS ? &d->drafts : &d->sent;
	const char *other = role == AV_FOLDER_DRAFTS ? d->sent : d->drafts;
	FolderItem *it;

	if (*mine == NULL) {
		it = account_get_special_folder(d->ac,
						role == AV_FOLDER_DRAFTS ? F_DRAFT : F_OUTBOX);
		/* a local MH folder is no folder of this account's server */
		if (it != NULL && it->folder != d->ac->folder)
			it = NULL;
		if (it == NULL && configured != NULL)
			it = item_by_name(d, configured);
		if (it == NULL || it->path == NULL) {
			av_error_set(error_r, "the Claws account '%s' has no %s folder",
				     d->ac->account_name ? d->ac->account_name : "",
				     role == AV_FOLDER_DRAFTS ? "Drafts" : "Sent");
			return AV_ERR_CONFIG;
		}
		if (other != NULL && strcmp(other, it->path) == 0) {
			av_error_set(error_r,
				     "the Sent and Drafts folders are one folder (%s): set them "
				     "apart in the Claws account's folder settings",
				     it->path);
			return AV_ERR_CONFIG;
		}
		*mine = av_strdup(it->path);
	}
	*name_r = av_strdup(*mine);
	return AV_OK;
}

static enum av_err
op_examine(struct av_driver *drv, const char *folder, struct av_folder_info *info_r, char **error_r)
{
	struct claws_driver *d = cd(drv);
	enum av_err err = open_folder(d, folder, error_r);

	if (err != AV_OK)
		return err;
	memset(info_r, 0, sizeof(*info_r));
	info_r->uidvalidity = uidvalidity_of(d->item);
	info_r->exists = (uint32_t)d->n_msgs;
	info_r->uidnext = d->n_msgs > 0 ? d->msgs[d->n_msgs - 1]->msgnum + 1 : 1;
	return AV_OK;
}

static bool
need_folder(struct claws_driver *d, char **error_r)
{
	if (d->item == NULL)
		av_error_set(error_r, "no folder examined");
	return d->item != NULL;
}

static enum av_err
op_search(struct av_driver *drv, uint32_t from_uid, time_t since, uint32_t **uids_r, size_t *n_r,
	  char **error_r)
{
	struct claws_driver *d = cd(drv);
	uint32_t *uids;
	size_t n = 0;
	time_t day = since > 0 ? since - since % 86400 : 0;

	if (!need_folder(d, error_r))
		return AV_ERR_SOFTWARE;
	uids = av_calloc(d->n_msgs + 1, sizeof(*uids));
	for (size_t i = 0; i < d->n_msgs; i++) {
		MsgInfo *mi = d->msgs[i];
		bool sane = mi->date_t >= SANE_DATE_MIN && mi->date_t < SANE_DATE_MAX;

		if (mi->msgnum < from_uid)
			continue;
		/* a message without a usable date is kept: better read once than missed */
		if (day > 0 && sane && mi->date_t < day)
			continue;
		uids[n++] = mi->msgnum;
	}
	*uids_r = uids;
	*n_r = n;
	return AV_OK;
}

/* The parsed calendar parts of message uid of the examined folder (cached). */
static enum av_err
parsed(struct claws_driver *d, uint32_t uid, struct av_mime_result **res_r, char **error_r)
{
	MsgInfo *mi;
	char *raw = NULL;
	size_t len = 0;
	enum av_err err;

	for (size_t i = 0; i < d->n_parsed; i++)
		if (d->parsed[i].uid == uid) {
			*res_r = d->parsed[i].res;
			return AV_OK;
		}
	if ((mi = msg_by_uid(d, uid)) == NULL) {
		av_error_set(error_r, "message %u is gone", uid);
		return AV_ERR_DATA;
	}
	if ((err = read_msg(d, mi, AV_MIME_MAX_MESSAGE, &raw, &len, error_r)) != AV_OK)
		return err;
	err = av_mime_parse(raw, len, res_r, error_r);
	free(raw);
	if (err != AV_OK)
		return err;
	d->parsed = av_realloc(d->parsed, (d->n_parsed + 1) * sizeof(*d->parsed));
	d->parsed[d->n_parsed].uid = uid;
	d->parsed[d->n_parsed++].res = *res_r;
	return AV_OK;
}

static enum av_err
op_calendar_parts(struct av_driver *drv, const uint32_t *uids, size_t n,
		  struct av_part_ref **parts_r, size_t *n_parts_r, char **error_r)
{
	struct claws_driver *d = cd(drv);
	struct av_part_ref *parts = NULL;
	size_t np = 0;

	if (!need_folder(d, error_r))
		return AV_ERR_SOFTWARE;
	for (size_t i = 0; i < n; i++) {
		struct av_mime_result *res;
		char *error = NULL;

		if (parsed(d, uids[i], &res, &error) != AV_OK) {
			av_warn("%s: %s (skipped)", d->item->path, error);
			free(error);
			continue;
		}
		for (size_t j = 0; j < res->n_parts; j++) {
			struct av_part_ref *p;

			parts = av_realloc(parts, (np + 1) * sizeof(*parts));
			p = &parts[np++];
			memset(p, 0, sizeof(*p));
			p->uid = uids[i];
			p->section = av_strdup(res->parts[j].section);
			p->content_type = av_strdup(res->parts[j].content_type);
			/* handed on decoded: UTF-8, no transfer encoding (decoding is idempotent)
			 */
			p->size = (uint32_t)res->parts[j].len;
		}
	}
	*parts_r = parts;
	*n_parts_r = np;
	return AV_OK;
}

/* Section of message uid (examined folder), at most max octets, malloc'd. */
static enum av_err
section_of(struct claws_driver *d, uint32_t uid, const char *section, size_t max, char **data_r,
	   size_t *len_r, char **error_r)
{
	MsgInfo *mi = msg_by_uid(d, uid);
	char *raw = NULL;
	size_t len = 0, h;
	enum av_err err;

	if (mi == NULL) {
		av_error_set(error_r, "message %u is gone", uid);
		return AV_ERR_DATA;
	}
	if (strcmp(section, "TEXT") == 0 || strcmp(section, "HEADER") == 0 ||
	    strcmp(section, "") == 0) {
		if ((err = read_msg(d, mi, AV_MIME_MAX_MESSAGE, &raw, &len, error_r)) != AV_OK)
			return err;
		h = header_len(raw, len);
		if (strcmp(section, "TEXT") == 0) {
			memmove(raw, raw + h, len - h);
			len -= h;
		} else if (strcmp(section, "HEADER") == 0) {
			len = h;
		}
	} else {
		struct av_mime_result *res;

		if ((err = parsed(d, uid, &res, error_r)) != AV_OK)
			return err;
		for (size_t j = 0; j < res->n_parts && raw == NULL; j++)
			if (strcmp(res->parts[j].section, section) == 0) {
				len = res->parts[j].len;
				raw = av_strndup(res->parts[j].data, len);
			}
		if (raw == NULL) {
			av_error_set(error_r, "message %u has no calendar part %s", uid, section);
			return AV_ERR_DATA;
		}
	}
	if (len > max)
		len = max;
	raw[len] = '\0';
	*data_r = raw;
	*len_r = len;
	return AV_OK;
}

static enum av_err
op_fetch_part(struct av_driver *drv, uint32_t uid, const char *section, size_t max, char **data_r,
	      size_t *len_r, char **error_r)
{
	struct claws_driver *d = cd(drv);

	if (!need_folder(d, error_r))
		return AV_ERR_SOFTWARE;
	return section_of(d, uid, section, max, data_r, len_r, error_r);
}

static enum av_err
op_fetch_sections(struct av_driver *drv, const uint32_t *uids, size_t n, const char *section,
		  size_t max, size_t total, struct av_text **texts_r, size_t *n_texts_r,
		  char **error_r)
{
	struct claws_driver *d = cd(drv);
	struct av_text *t;
	size_t k = 0, sum = 0;

	if (!need_folder(d, error_r))
		return AV_ERR_SOFTWARE;
	t = av_calloc(n + 1, sizeof(*t));
	for (size_t i = 0; i < n; i++) {
		char *error = NULL;
		enum av_err err;

		err = section_of(d, uids[i], section, max, &t[k].data, &t[k].len, &error);
		free(error);
		if (err != AV_OK)
			continue; /* gone, or not there: left out, as a server would */
		t[k].uid = uids[i];
		sum += t[k].len;
		k++;
		if (sum > total) {
			av_texts_free(&t, k);
			av_error_set(error_r, "more than %zu octets for %s", total, section);
			return AV_ERR_TEMP;
		}
	}
	*texts_r = t;
	*n_texts_r = k;
	return AV_OK;
}

static enum av_err
op_envelopes(struct av_driver *drv, const uint32_t *uids, size_t n, unsigned flags,
	     struct av_envelope **envs_r, size_t *n_envs_r, char **error_r)
{
	struct claws_driver *d = cd(drv);
	struct av_envelope *e;
	size_t k = 0;

	if (!need_folder(d, error_r))
		return AV_ERR_SOFTWARE;
	e = av_calloc(n + 1, sizeof(*e));
	for (size_t i = 0; i < n; i++) {
		MsgInfo *mi = msg_by_uid(d, uids[i]);
		char *hdr = NULL, *error = NULL;
		size_t len = 0;

		if (mi == NULL || section_of(d, uids[i], "HEADER", AV_MIME_MAX_MESSAGE, &hdr, &len,
					     &error) != AV_OK) {
			free(error);
			continue;
		}
		av_mime_envelope(hdr, len, (flags & AV_ENV_LIST_HEADERS) != 0, &e[k]);
		free(hdr);
		e[k].uid = uids[i];
		if ((flags & AV_ENV_INTERNALDATE) && mi->date_t >= SANE_DATE_MIN &&
		    mi->date_t < SANE_DATE_MAX)
			e[k].internaldate = mi->date_t;
		k++;
	}
	*envs_r = e;
	*n_envs_r = k;
	return AV_OK;
}

static bool
is_drafts(struct claws_driver *d, const char *folder, char **error_r)
{
	if (d->base.dry_run) {
		av_error_set(error_r, "a dry run changes no folder");
		return false;
	}
	if (d->drafts == NULL || strcmp(folder, d->drafts) != 0 ||
	    (d->sent != NULL && strcmp(folder, d->sent) == 0)) {
		av_error_set(error_r, "%s is not the Drafts folder: afterview writes nothing there",
			     folder);
		return false;
	}
	return true;
}

static enum av_err
op_append(struct av_driver *drv, const char *folder, const char *msg, size_t len,
	  uint32_t *uidvalidity_r, uint32_t *uid_r, char **error_r)
{
	struct claws_driver *d = cd(drv);
	FolderItem *it;
	MsgFlags fl = {0, MSG_DRAFT};
	gchar *tmp;
	GError *gerr = NULL;
	gint num;

	if (!is_drafts(d, folder, error_r))
		return AV_ERR_SOFTWARE;
	if ((it = item_by_name(d, folder)) == NULL) {
		av_error_set(error_r, "%s: no such folder", folder);
		return AV_ERR_CONFIG;
	}
	forget_folder(d);
	tmp = g_strdup_printf("%s%cafterview-draft-%d-%u.eml", get_tmp_dir(), G_DIR_SEPARATOR,
			      (int)getpid(), (unsigned)d->commands);
	if (!g_file_set_contents(tmp, msg, (gssize)len, &gerr)) {
		av_error_set(error_r, "%s: %s", tmp, gerr->message);
		g_error_free(gerr);
		g_free(tmp);
		return AV_ERR_TEMP;
	}
	d->commands++;
	num = folder_item_add_msg(it, tmp, &fl, TRUE);
	unlink(tmp); /* Claws removes it on success; not on failure */
	g_free(tmp);
	if (num < 0) {
		av_error_set(error_r, "%s: Claws could not add the draft", folder);
		return AV_ERR_TEMP;
	}
	*uidvalidity_r = uidvalidity_of(it);
	*uid_r = num > 0 ? (uint32_t)num : 0;
	return AV_OK;
}

/* does field name of hdr contain value (case-insensitive)? every occurrence counts */
static bool
header_has(const char *hdr, size_t len, const char *name, const char *value)
{
	size_t nl = strlen(name);
	bool found = false;

	for (size_t i = 0; i < len && !found; i++) {
		char *v;

		if ((i == 0 || hdr[i - 1] == '\n') && len - i > nl && hdr[i + nl] == ':' &&
		    strncasecmp(hdr + i, name, nl) == 0) {
			v = av_mime_header_field(hdr + i, len - i, name, AV_ENV_MAX_ADDRESSES);
			if (v == NULL)
				continue;
			found = strcasestr(v, value) != NULL;
			free(v);
		}
	}
	return found;
}

static enum av_err
op_search_headers(struct av_driver *drv, const char *folder, const struct av_header_key *keys,
		  size_t n, size_t per, uint32_t **uids_r, size_t *n_r, char **error_r)
{
	struct claws_driver *d = cd(drv);
	uint32_t *uids;
	size_t k = 0;
	enum av_err err;

	if (per == 0 || n % per != 0) {
		av_error_set(error_r, "search_headers: %zu keys in runs of %zu", n, per);
		return AV_ERR_SOFTWARE;
	}
	if ((err = open_folder(d, folder, error_r)) != AV_OK)
		return err;
	uids = av_calloc(d->n_msgs + 1, sizeof(*uids));
	for (size_t i = 0; i < d->n_msgs; i++) {
		char *hdr = NULL, *error = NULL;
		size_t len = 0;
		bool match = false;

		if (section_of(d, d->msgs[i]->msgnum, "HEADER", AV_MIME_MAX_MESSAGE, &hdr, &len,
			       &error) != AV_OK) {
			free(error);
			continue;
		}
		for (size_t r = 0; r < n && !match; r += per) {
			match = true;
			for (size_t j = r; j < r + per && match; j++)
				match = header_has(hdr, len, keys[j].header, keys[j].value);
		}
		free(hdr);
		if (match)
			uids[k++] = d->msgs[i]->msgnum;
	}
	*uids_r = uids;
	*n_r = k;
	return AV_OK;
}

static enum av_err
op_present(struct av_driver *drv, const char *folder, const uint32_t *uids, size_t n,
	   uint32_t **present_r, size_t *n_present_r, char **error_r)
{
	struct claws_driver *d = cd(drv);
	uint32_t *p;
	size_t k = 0;
	enum av_err err;

	if ((err = open_folder(d, folder, error_r)) != AV_OK)
		return err;
	p = av_calloc(n + 1, sizeof(*p));
	for (size_t i = 0; i < n; i++)
		if (msg_by_uid(d, uids[i]) != NULL)
			p[k++] = uids[i];
	*present_r = p;
	*n_present_r = k;
	return AV_OK;
}

static enum av_err
op_fetch_message(struct av_driver *drv, const char *folder, uint32_t uid, size_t max, char **data_r,
		 size_t *len_r, unsigned *flags_r, char **error_r)
{
	struct claws_driver *d = cd(drv);
	MsgInfo *mi;
	enum av_err err;

	if ((err = open_folder(d, folder, error_r)) != AV_OK)
		return err;
	if ((mi = msg_by_uid(d, uid)) == NULL) {
		av_error_set(error_r, "%s: message %u does not exist", folder, uid);
		return AV_ERR_DATA;
	}
	if ((err = read_msg(d, mi, max, data_r, len_r, error_r)) != AV_OK)
		return err;
	if (flags_r != NULL) {
		*flags_r = 0;
		if (!MSG_IS_UNREAD(mi->flags))
			*flags_r |= AV_MSG_SEEN;
		if (MSG_IS_DRAFT(mi->flags))
			*flags_r |= AV_MSG_DRAFT;
		if (MSG_IS_MARKED(mi->flags))
			*flags_r |= AV_MSG_FLAGGED;
		if (mi->tags != NULL)
			*flags_r |= AV_MSG_KEYWORD;
	}
	return AV_OK;
}

static enum av_err
op_withdraw(struct av_driver *drv, const char *folder, uint32_t uid, const char *token,
	    char **error_r)
{
	struct claws_driver *d = cd(drv);
	char *hdr = NULL, *key, *mid, *xid;
	size_t len = 0;
	bool ours;
	enum av_err err;

	if (!is_drafts(d, folder, error_r))
		return AV_ERR_SOFTWARE;
	if ((err = open_folder(d, folder, error_r)) != AV_OK)
		return err;
	if ((err = section_of(d, uid, "HEADER", AV_MIME_MAX_MESSAGE, &hdr, &len, error_r)) != AV_OK)
		return err;
	key = av_message_id_key(token);
	mid = av_mime_header_field(hdr, len, "Message-ID", AV_ENV_MAX_HEADER);
	xid = av_mime_header_field(hdr, len, "X-Afterview-Id", AV_ENV_MAX_HEADER);
	ours = (mid != NULL && strstr(mid, key) != NULL) ||
	       (xid != NULL && strcmp(xid, token) == 0);
	free(key);
	free(mid);
	free(xid);
	free(hdr);
	if (!ours) {
		av_error_set(error_r, "%s: message %u is not afterview's draft: left alone", folder,
			     uid);
		return AV_ERR_DATA;
	}
	/* Claws removes a message from an IMAP folder with \Deleted and a plain EXPUNGE,
	 * which would take every other message flagged \Deleted along: then nothing is
	 * done, as without UIDPLUS */
	for (size_t i = 0; i < d->n_msgs; i++)
		if (d->msgs[i]->msgnum != uid && MSG_IS_DELETED(d->msgs[i]->flags)) {
			av_error_set(
				error_r,
				"%s: message %u is flagged deleted, and Claws would expunge it "
				"with afterview's draft %u: left alone",
				folder, d->msgs[i]->msgnum, uid);
			return AV_ERR_CONFIG;
		}
	d->commands++;
	if (folder_item_remove_msg(d->item, (gint)uid) != 0) {
		forget_folder(d);
		av_error_set(error_r, "%s: Claws could not remove message %u", folder, uid);
		return AV_ERR_TEMP;
	}
	forget_folder(d);
	return AV_OK;
}

static void
op_stats(struct av_driver *drv, unsigned long *commands_r, unsigned long long *bytes_in_r)
{
	*commands_r = cd(drv)->commands;
	*bytes_in_r = cd(drv)->bytes;
}

static void
op_close(struct av_driver **drv)
{
	struct claws_driver *d;

	if (drv == NULL || *drv == NULL)
		return;
	d = cd(*drv);
	forget_folder(d);
	free(d->drafts);
	free(d->sent);
	free(d);
	*drv = NULL;
}

static const struct av_driver_ops claws_ops = {
	.find_folder = op_find_folder,
	.examine = op_examine,
	.search = op_search,
	.calendar_parts = op_calendar_parts,
	.fetch_part = op_fetch_part,
	.envelopes = op_envelopes,
	.append = op_append,
	.search_headers = op_search_headers,
	.present = op_present,
	.fetch_sections = op_fetch_sections,
	.fetch_message = op_fetch_message,
	.withdraw = op_withdraw,
	.stats = op_stats,
	.close = op_close,
};

enum av_err
av_claws_driver_open(struct _PrefsAccount *ac, bool dry_run, struct av_driver **drv_r,
		     char **error_r)
{
	struct claws_driver *d;

	if (ac == NULL || ac->folder == NULL) {
		av_error_set(error_r,
			     "the Claws account '%s' has no folders (an IMAP account is needed)",
			     ac && ac->account_name ? ac->account_name : "");
		return AV_ERR_CONFIG;
	}
	d = av_calloc(1, sizeof(*d));
	d->base.ops = &claws_ops;
	d->base.dry_run = dry_run;
	d->base.can_withdraw = true;
	d->ac = ac;
	*drv_r = &d->base;
	return AV_OK;
}
