/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Claws Mail plugin: runs the cron job's engine through the Claws driver, from
 * Claws' main loop, shortly after start-up, every N minutes and on demand. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "claws-features.h"

#include <glib.h>
#include <gtk/gtk.h>

#include "account.h"
#include "common/plugin.h"
#include "common/version.h"
#include "compose.h"
#include "folder.h"
#include "log.h"
#include "main.h"
#include "mainwindow.h"
#include "menu.h"
#include "prefs_account.h"
#include "procmsg.h"
#include "statusbar.h"

#include "afterview/conf.h"
#include "afterview/engine.h"
#include "afterview/log.h"
#include "afterview/store.h"
#include "afterview/template.h"
#include "afterview/text.h"
#include "afterview/words.h"
#include "driver-claws.h"
#include "plugin-prefs.h"
#include "window.h"

#define STARTUP_DELAY_S 5

static guint startup_timer, periodic_timer, menu_merge_id;
static gboolean running;
static char *conf_path, *db_path;
static struct av_conf *conf;   /* as the last run used it */
static struct av_account *acc; /* owned by the plugin, not by conf */
static struct av_claws_env env;

static time_t
now(void)
{
	const char *s = getenv("AFTERVIEW_NOW");
	time_t t;

	if (s != NULL && *s != '\0' && av_parse_iso8601(s, &t))
		return t;
	return time(NULL);
}

/* The account afterview works on: the default account when it is an IMAP one with
 * folders, else the first such account. */
static PrefsAccount *
claws_account(void)
{
	PrefsAccount *def = account_get_default();

	if (def != NULL && def->protocol == A_IMAP4 && def->folder != NULL)
		return def;
	for (GList *l = account_get_list(); l != NULL; l = l->next) {
		PrefsAccount *ac = l->data;

		if (ac->protocol == A_IMAP4 && ac->folder != NULL)
			return ac;
	}
	return NULL;
}

static void
free_account(struct av_account **a)
{
	if (*a == NULL)
		return;
	free((*a)->name);
	free((*a)->host);
	free((*a)->user);
	free((*a)->inbox);
	for (char **f = (*a)->folders; f != NULL && *f != NULL; f++)
		free(*f);
	free((*a)->folders);
	free((*a)->sent);
	free((*a)->drafts);
	free(*a);
	*a = NULL;
}

/* The account as the engine sees it. Its name keys the state database and the drafts'
 * tokens: the cron config's account for the same server and user keeps its name (so a
 * person can switch between the two without duplicates), else the Claws account's. */
static struct av_account *
make_account(const struct av_conf *c, PrefsAccount *ac)
{
	struct av_account *a = av_calloc(1, sizeof(*a));
	const struct av_account *cron = NULL;
	size_t n = 0;

	for (size_t i = 0; i < c->n_accounts && cron == NULL; i++)
		if (c->accounts[i].host != NULL && ac->recv_server != NULL &&
		    c->accounts[i].user != NULL && ac->userid != NULL &&
		    strcasecmp(c->accounts[i].host, ac->recv_server) == 0 &&
		    strcmp(c->accounts[i].user, ac->userid) == 0)
			cron = &c->accounts[i];
	a->name = av_strdup(cron ? cron->name : ac->account_name ? ac->account_name : "claws");
	a->host = av_strdup(ac->recv_server ? ac->recv_server : "");
	a->user = av_strdup(ac->userid ? ac->userid : "");
	a->inbox = av_strdup(cron ? cron->inbox : "INBOX");
	for (char **f = cron ? cron->folders : NULL; f != NULL && *f != NULL; f++)
		n++;
	a->folders = av_calloc(n + 1, sizeof(char *));
	for (size_t i = 0; i < n; i++)
		a->folders[i] = av_strdup(cron->folders[i]);
	a->sent = cron && cron->sent ? av_strdup(cron->sent) : NULL;
	a->drafts = cron && cron->drafts ? av_strdup(cron->drafts) : NULL;
	a->timeout_s = 30;
	return a;
}

/* The identity comes from Claws: its name when the config gives none, its address
 * always among the person's own. */
static void
add_identity(struct av_conf *c, PrefsAccount *ac)
{
	size_t n = 0;
	char *addr;

	if (c->me.name == NULL && ac->name != NULL && *ac->name != '\0')
		c->me.name = av_strdup(ac->name);
	if (ac->address == NULL || *ac->address == '\0')
		return;
	addr = g_ascii_strdown(ac->address, -1);
	for (char **p = c->me.addresses; p != NULL && *p != NULL; p++, n++)
		if (strcmp(*p, addr) == 0) {
			g_free(addr);
			return;
		}
	c->me.addresses = av_realloc(c->me.addresses, (n + 2) * sizeof(char *));
	c->me.addresses[n] = av_strdup(addr);
	c->me.addresses[n + 1] = NULL;
	g_free(addr);
}

/* *field becomes value when the page sets one (conf.h: the field is owned) */
static void
replace(char **field, const char *value)
{
	if (value == NULL)
		return;
	free(*field);
	*field = av_strdup(value);
}

/* The preferences page over the config file (plugin-prefs.h): a value set in the page
 * wins, an empty field leaves the file's value or the default. */
static void
apply_prefs(struct av_conf *c)
{
	const char **languages = av_claws_prefs_languages();
	unsigned hours = av_claws_prefs_window_hours();
	enum av_tone tone;

	replace(&c->me.skills, av_claws_prefs_skills());
	replace(&c->me.pitch, av_claws_prefs_pitch());
	replace(&c->me.phone, av_claws_prefs_phone());
	replace(&c->me.signature, av_claws_prefs_signature());
	if (av_claws_prefs_tone(&tone))
		c->tone = tone;
	if (hours > 0)
		c->window_hours = hours;
	if (languages != NULL) {
		free(c->me.languages);
		c->me.languages = languages;
	}
}

/* The config path: the preference, else the cron job's default when the file exists. */
static char *
find_conf_path(void)
{
	const char *pref = av_claws_prefs_conf_path();
	char *def;
	struct stat st;

	if (pref != NULL && *pref != '\0')
		return av_strdup(pref);
	def = av_conf_default_path();
	if (stat(def, &st) == 0)
		return def;
	free(def);
	return NULL;
}

/* the short notice that new drafts were made: the log and the status bar, no dialog */
static void
notice(unsigned made)
{
	log_message(LOG_PROTOCOL, "afterview: %u new thank-you draft(s) in Drafts\n", made);
	if (!claws_is_exiting())
		statusbar_print_all("afterview: %u new thank-you draft(s) in Drafts", made);
}

/* One run, as `afterview run`: the same engine, state database and lock. */
static void
run_once(const char *why)
{
	PrefsAccount *ac = claws_account();
	struct av_wordlists *words = NULL;
	struct av_templates *tpl = NULL;
	struct av_store *store = NULL;
	struct av_driver *drv = NULL;
	struct av_conf *c = NULL;
	struct av_account *a = NULL;
	struct av_model m;
	struct av_run run;
	char *error = NULL, *line;
	enum av_err err;

	if (running || claws_is_exiting())
		return;
	running = TRUE;
	memset(&m, 0, sizeof(m));
	memset(&run, 0, sizeof(run));
	if (ac == NULL) {
		av_error_set(&error, "no IMAP account in Claws");
		goto out;
	}
	free(conf_path);
	conf_path = find_conf_path();
	if ((err = av_conf_load_client(conf_path, &c, &error)) != AV_OK)
		goto out;
	apply_prefs(c);
	add_identity(c, ac);
	a = make_account(c, ac);
	if ((err = av_words_load(c->words_interview, c->words_negative, c->words_thanks, &words,
				 &error)) != AV_OK ||
	    (err = av_templates_load(c->templates, &tpl, &error)) != AV_OK ||
	    (err = av_store_open(db_path, &store, &error)) != AV_OK ||
	    (err = av_claws_driver_open(ac, false, &drv, &error)) != AV_OK)
		goto out;
	run.drv = drv;
	run.store = store;
	run.conf = c;
	run.acc = a;
	run.words = words;
	run.tpl = tpl;
	run.now = env.now();
	run.dry_out = stdout;
	if ((err = av_engine_run(&run, &m, &error)) != AV_OK)
		goto out;
	if (av_model_maybes_told(&m, store, a, &error) != AV_OK ||
	    av_model_unsure_told(&m, store, a, &error) != AV_OK) {
		av_warn("%s (the next run may list it again)", error);
		free(error);
		error = NULL;
	}
	line = av_asprintf("afterview: run (%s) account=%s new=%u drafts=%u found=%u failed=%u "
			   "config=%s\n",
			   why, a->name, run.stats.sync.messages, run.stats.drafts_made,
			   run.stats.drafts_found, run.stats.failures,
			   conf_path ? conf_path : "(none: defaults)");
	log_message(LOG_PROTOCOL, "%s", line);
	fputs(line, stderr);
	free(line);
	if (run.stats.drafts_made > 0)
		notice(run.stats.drafts_made);
out:
	if (error != NULL) {
		log_warning(LOG_PROTOCOL, "afterview: %s\n", error);
		fprintf(stderr, "afterview: %s\n", error);
	}
	if (drv != NULL)
		drv->ops->close(&drv);
	av_model_clear(&m);
	av_run_stats_clear(&run.stats);
	av_store_close(&store);
	av_templates_free(&tpl);
	av_words_free(&words);
	/* the window reads the configuration the last run used */
	if (c != NULL) {
		av_conf_free(&conf);
		free_account(&acc);
		conf = c;
		acc = a;
		env.conf = conf;
		env.acc = acc;
		env.conf_path = conf_path;
		if (!claws_is_exiting())
			av_claws_window_refresh();
	} else {
		free_account(&a);
	}
	free(error);
	running = FALSE;
}

static gboolean
startup_cb(gpointer data)
{
	startup_timer = 0;
	run_once("start-up");
	return G_SOURCE_REMOVE;
}

static gboolean
periodic_cb(gpointer data)
{
	run_once("timer");
	return G_SOURCE_CONTINUE;
}

/* (re)arm the periodic run from the preference */
static void
arm_timer(void)
{
	if (periodic_timer != 0)
		g_source_remove(periodic_timer);
	periodic_timer =
		g_timeout_add_seconds(av_claws_prefs_interval_min() * 60, periodic_cb, NULL);
}

static void
run_now(void *data)
{
	run_once("on demand");
}

/* The window's "open the draft": Claws' own re-edit of the draft in the account's
 * Drafts, found by its UID, else (the person saved it anew) by its Message-ID. */
static void
open_draft(uint32_t uid, const char *message_id, void *data)
{
	PrefsAccount *ac = claws_account();
	FolderItem *drafts = ac ? account_get_special_folder(ac, F_DRAFT) : NULL;
	MsgInfo *mi = NULL;

	if (drafts == NULL) {
		log_warning(LOG_PROTOCOL, "afterview: no Drafts folder to open draft %u from\n",
			    uid);
		return;
	}
	if (uid > 0)
		mi = folder_item_get_msginfo(drafts, (gint)uid);
	if (mi != NULL && message_id != NULL &&
	    (mi->msgid == NULL || strcmp(mi->msgid, message_id) != 0))
		procmsg_msginfo_free(&mi);
	if (mi == NULL && message_id != NULL)
		mi = folder_item_get_msginfo_by_msgid(drafts, message_id);
	if (mi == NULL) {
		log_warning(LOG_PROTOCOL, "afterview: draft %u is no longer in Drafts\n", uid);
		return;
	}
	compose_reedit(mi, FALSE);
	procmsg_msginfo_free(&mi);
}

static void
menu_open_cb(GtkAction *action, gpointer data)
{
	log_message(LOG_PROTOCOL, "afterview: Tools > Interview follow-ups: opening the window\n");
	fputs("afterview: Tools > Interview follow-ups: opening the window\n", stderr);
	av_claws_window_open(&env);
}

static void
menu_run_cb(GtkAction *action, gpointer data)
{
	run_once("on demand");
}

static GtkActionEntry menu_entries[] = {
	{"Tools/AfterviewFollowups", NULL, "Interview follow-ups\xe2\x80\xa6", NULL, NULL,
	 G_CALLBACK(menu_open_cb)},
	{"Tools/AfterviewRunNow", NULL, "Interview follow-ups: check now", NULL, NULL,
	 G_CALLBACK(menu_run_cb)},
};
static guint menu_merge_id2;

gint plugin_init(gchar **error);
gboolean plugin_done(void);
const gchar *plugin_name(void);
const gchar *plugin_desc(void);
const gchar *plugin_type(void);
const gchar *plugin_licence(void);
const gchar *plugin_version(void);
struct PluginFeature *plugin_provides(void);

gint
plugin_init(gchar **error)
{
	MainWindow *mw;

	if (!check_plugin_version(MAKE_NUMERIC_VERSION(4, 0, 0, 0), VERSION_NUMERIC, "afterview",
				  error))
		return -1;
	av_log_open("afterview", false);
	av_log_set_level(AV_LOG_INFO);
	{
		const char *s = getenv("AFTERVIEW_NOW");
		time_t t;

		if (s != NULL && *s != '\0' && !av_parse_iso8601(s, &t))
			log_warning(LOG_PROTOCOL,
				    "afterview: AFTERVIEW_NOW=%s is not a time like "
				    "2026-11-20T18:00:00Z: using the clock\n",
				    s);
	}
	db_path = av_store_default_path();
	env.db_path = db_path;
	env.now = now;
	env.open_draft = open_draft;
	env.run_now = run_now;
	av_claws_prefs_init(arm_timer);

	mw = mainwindow_get_mainwindow();
	gtk_action_group_add_actions(mw->action_group, menu_entries, G_N_ELEMENTS(menu_entries),
				     mw);
	MENUITEM_ADDUI_ID_MANAGER(mw->ui_manager, "/Menu/Tools", "AfterviewFollowups",
				  "Tools/AfterviewFollowups", GTK_UI_MANAGER_MENUITEM,
				  menu_merge_id)
	MENUITEM_ADDUI_ID_MANAGER(mw->ui_manager, "/Menu/Tools", "AfterviewRunNow",
				  "Tools/AfterviewRunNow", GTK_UI_MANAGER_MENUITEM, menu_merge_id2)

	startup_timer = g_timeout_add_seconds(STARTUP_DELAY_S, startup_cb, NULL);
	arm_timer();
	log_message(LOG_PROTOCOL, "afterview: loaded (state %s)\n", db_path);
	return 0;
}

gboolean
plugin_done(void)
{
	if (startup_timer != 0)
		g_source_remove(startup_timer);
	if (periodic_timer != 0)
		g_source_remove(periodic_timer);
	startup_timer = periodic_timer = 0;
	if (!claws_is_exiting()) {
		MainWindow *mw = mainwindow_get_mainwindow();

		av_claws_window_close();
		if (mw != NULL) {
			MENUITEM_REMUI_MANAGER(mw->ui_manager, mw->action_group,
					       "Tools/AfterviewFollowups", menu_merge_id);
			MENUITEM_REMUI_MANAGER(mw->ui_manager, mw->action_group,
					       "Tools/AfterviewRunNow", menu_merge_id2);
		}
		fputs("afterview: unloaded\n", stderr);
	}
	av_claws_prefs_done();
	av_conf_free(&conf);
	free_account(&acc);
	free(conf_path);
	free(db_path);
	conf_path = db_path = NULL;
	memset(&env, 0, sizeof(env));
	av_log_close();
	return TRUE;
}

const gchar *
plugin_name(void)
{
	return "afterview";
}

const gchar *
plugin_desc(void)
{
	return "Writes thank-you drafts after job interviews: reads calendar invites in the "
	       "Inbox and what went out in Sent, and puts drafts into Drafts, through Claws' "
	       "own folders (the same engine and state as the afterview cron job). "
	       "Tools > Interview follow-ups.";
}

const gchar *
plugin_type(void)
{
	return "GTK3";
}

const gchar *
plugin_licence(void)
{
	return "GPL3+";
}

const gchar *
plugin_version(void)
{
	return AV_VERSION;
}

struct PluginFeature *
plugin_provides(void)
{
	static struct PluginFeature features[] = {{PLUGIN_UTILITY, "afterview"},
						  {PLUGIN_NOTHING, NULL}};

	return features;
}
