/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "afterview/folders.h"
#include "afterview/log.h"

static const char *const sent_names[] = {
	"Sent",
	"Sent Items",
	"Sent Messages",
	"[Gmail]/Sent Mail",
	"INBOX.Sent",
	"INBOX/Sent",
	"Gesendet",
	"Gesendete Objekte",
	"Gesendete Elemente",
	"Envoy\xc3\xa9s",
	"\xc3\x89l\xc3\xa9ments envoy\xc3\xa9s",
	"Enviados",
	"Elementos enviados",
	"Posta inviata",
	"Verzonden",
	"Verzonden items",
	"Skickat",
	"Sendt",
	NULL,
};

static const char *const drafts_names[] = {
	"Drafts",	   "[Gmail]/Drafts", "INBOX.Drafts", "INBOX/Drafts",
	"Entw\xc3\xbcrfe", "Brouillons",     "Borradores",   "Bozze",
	"Concepten",	   "Utkast",	     "Kladder",	     NULL,
};

void
av_folders_free(struct av_folder **list, size_t n)
{
	if (list == NULL || *list == NULL)
		return;
	for (size_t i = 0; i < n; i++)
		free((*list)[i].name);
	free(*list);
	*list = NULL;
}

bool
av_folders_is_inbox(const char *name)
{
	return name != NULL && strcasecmp(name, "INBOX") == 0;
}

/* The index of the selectable folder called name (exactly, else ignoring case), or -1. */
static long
find(const struct av_folder *f, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (f[i].selectable &&
		    (strcmp(f[i].name, name) == 0 ||
		     (av_folders_is_inbox(name) && av_folders_is_inbox(f[i].name))))
			return (long)i;
	for (size_t i = 0; i < n; i++)
		if (f[i].selectable && strcasecmp(f[i].name, name) == 0)
			return (long)i;
	return -1;
}

long
av_folders_special_use(const struct av_folder *f, size_t n, enum av_folder_role role)
{
	for (size_t i = 0; f != NULL && i < n; i++) {
		if (!f[i].selectable ||
		    (role == AV_FOLDER_DRAFTS && av_folders_is_inbox(f[i].name)))
			continue;
		if (role == AV_FOLDER_SENT ? f[i].sent : f[i].drafts)
			return (long)i;
	}
	return -1;
}

enum av_err
av_folders_choose(const struct av_folder *list, size_t n, const struct av_folder *more,
		  size_t n_more, enum av_folder_role role, const char *configured,
		  const char *where, const char **name_r, const char **how_r, char **error_r)
{
	const char *const *guesses = role == AV_FOLDER_SENT ? sent_names : drafts_names;
	const char *what = role == AV_FOLDER_SENT ? "Sent" : "Drafts";
	const char *key = role == AV_FOLDER_SENT ? "sent" : "drafts";
	struct av_buf tried;
	long i;

	if ((i = av_folders_special_use(list, n, role)) >= 0) {
		*name_r = list[i].name;
		*how_r = "special-use";
		return AV_OK;
	}
	if ((i = av_folders_special_use(more, n_more, role)) >= 0) {
		*name_r = more[i].name;
		*how_r = "special-use, LIST RETURN";
		return AV_OK;
	}
	av_buf_init(&tried);
	av_buf_printf(&tried, "none is marked \\%s", what);
	if (configured != NULL) {
		if (role == AV_FOLDER_DRAFTS && av_folders_is_inbox(configured)) {
			av_warn("drafts = %s ignored: drafts never go to INBOX", configured);
		} else if ((i = find(list, n, configured)) >= 0) {
			*name_r = list[i].name;
			*how_r = "configured";
			av_buf_clear(&tried);
			return AV_OK;
		} else {
			av_warn("the configured %s folder \"%s\" does not exist on %s; trying "
				"common names",
				key, configured, where);
		}
		av_buf_printf(&tried, ", the configured \"%s\" does not exist", configured);
	}
	for (const char *const *g = guesses; *g != NULL; g++) {
		if ((i = find(list, n, *g)) >= 0) {
			*name_r = list[i].name;
			*how_r = "common name";
			av_buf_clear(&tried);
			return AV_OK;
		}
	}
	av_buf_printf(&tried, ", and none of");
	for (const char *const *g = guesses; *g != NULL; g++)
		av_buf_printf(&tried, "%s \"%s\"", g == guesses ? "" : ",", *g);
	av_buf_puts(&tried, " exists");
	av_error_set(error_r, "no %s folder on %s: %s; set %s = NAME in the account", what, where,
		     tried.data, key);
	av_buf_clear(&tried);
	return AV_ERR_CONFIG;
}

bool
av_folders_same(const char *a, const char *b)
{
	return a != NULL && b != NULL &&
	       (strcmp(a, b) == 0 || (av_folders_is_inbox(a) && av_folders_is_inbox(b)));
}

enum av_err
av_folders_apart(const char *sent, const char *sent_conf, const char *sent_how, const char *drafts,
		 const char *drafts_conf, const char *drafts_how, const char *where, char **error_r)
{
	if (!av_folders_same(sent, drafts))
		return AV_OK;
	/* refused as a whole, like drafts = INBOX: appending to Sent would make afterview
	 * read its drafts as thank-yous that went out, and withdraw from the person's Sent */
	av_error_set(error_r,
		     "the Sent and the Drafts folder on %s would be one folder, \"%s\" "
		     "(sent = %s%s%s; drafts = %s%s%s): afterview would take its own drafts for "
		     "sent thank-yous; set sent = NAME and drafts = NAME in the account to two "
		     "different folders",
		     where, drafts, sent_conf != NULL ? sent_conf : "(not set)",
		     sent_how != NULL ? ", chosen as " : "", sent_how != NULL ? sent_how : "",
		     drafts_conf != NULL ? drafts_conf : "(not set)",
		     drafts_how != NULL ? ", chosen as " : "",
		     drafts_how != NULL ? drafts_how : "");
	return AV_ERR_CONFIG;
}
