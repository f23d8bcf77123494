/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The preferences page; values in clawsrc [afterview] (see plugin-prefs.h). */
#include <stdio.h>

#include "claws-features.h"

#include <glib.h>
#include <gtk/gtk.h>

#include "common/defs.h"
#include "common/prefs.h"
#include "common/utils.h"
#include "prefs_gtk.h"

#include "plugin-prefs.h"

#define BLOCK "afterview"

static struct {
	int interval;
	char *conf_path;
} prefs;

static PrefParam params[] = {
	{(gchar *)"interval_minutes", (gchar *)"30", &prefs.interval, P_INT, NULL, NULL, NULL},
	{(gchar *)"config_path", (gchar *)"", &prefs.conf_path, P_STRING, NULL, NULL, NULL},
	{NULL, NULL, NULL, P_OTHER, NULL, NULL, NULL},
};

struct page {
	PrefsPage page;
	GtkWidget *interval;
	GtkWidget *path;
};

static struct page page;
static gchar *page_path[3];
static void (*on_change)(void);

static char *
rc_path(void)
{
	return g_strconcat(get_rc_dir(), G_DIR_SEPARATOR_S, COMMON_RC, NULL);
}

static void
create(PrefsPage *p, GtkWindow *window, gpointer data)
{
	struct page *pg = (struct page *)p;
	GtkWidget *grid = gtk_grid_new();

	gtk_container_set_border_width(GTK_CONTAINER(grid), 8);
	gtk_grid_set_row_spacing(GTK_GRID(grid), 6);
	gtk_grid_set_column_spacing(GTK_GRID(grid), 8);
	gtk_grid_attach(GTK_GRID(grid), gtk_label_new("Look for interviews every (minutes)"), 0, 0,
			1, 1);
	pg->interval = gtk_spin_button_new_with_range(1, 1440, 1);
	gtk_spin_button_set_value(GTK_SPIN_BUTTON(pg->interval), av_claws_prefs_interval_min());
	gtk_grid_attach(GTK_GRID(grid), pg->interval, 1, 0, 1, 1);
	gtk_grid_attach(GTK_GRID(grid), gtk_label_new("Config file (empty: the cron job's)"), 0, 1,
			1, 1);
	pg->path = gtk_entry_new();
	gtk_entry_set_text(GTK_ENTRY(pg->path), prefs.conf_path ? prefs.conf_path : "");
	gtk_widget_set_hexpand(pg->path, TRUE);
	gtk_grid_attach(GTK_GRID(grid), pg->path, 1, 1, 1, 1);
	gtk_widget_show_all(grid);
	pg->page.widget = grid;
}

static void
destroy(PrefsPage *p)
{
}

static void
save(PrefsPage *p)
{
	struct page *pg = (struct page *)p;
	PrefFile *pf;
	gchar *rc;

	prefs.interval = gtk_spin_button_get_value_as_int(GTK_SPIN_BUTTON(pg->interval));
	g_free(prefs.conf_path);
	prefs.conf_path = g_strdup(gtk_entry_get_text(GTK_ENTRY(pg->path)));
	rc = rc_path();
	pf = prefs_write_open(rc);
	g_free(rc);
	if (pf == NULL || prefs_set_block_label(pf, BLOCK) < 0)
		return;
	if (prefs_write_param(params, pf->fp) < 0)
		prefs_file_close_revert(pf);
	else if (fprintf(pf->fp, "\n") < 0)
		prefs_file_close_revert(pf);
	else
		prefs_file_close(pf);
	if (on_change != NULL)
		on_change();
}

void
av_claws_prefs_init(void (*changed)(void))
{
	gchar *rc = rc_path();

	on_change = changed;
	prefs_set_default(params);
	prefs_read_config(params, BLOCK, rc, NULL);
	g_free(rc);
	page_path[0] = (gchar *)"Plugins";
	page_path[1] = (gchar *)"afterview";
	page_path[2] = NULL;
	page.page.path = page_path;
	page.page.create_widget = create;
	page.page.destroy_widget = destroy;
	page.page.save_page = save;
	page.page.weight = 40.0;
	prefs_gtk_register_page((PrefsPage *)&page);
}

void
av_claws_prefs_done(void)
{
	prefs_gtk_unregister_page((PrefsPage *)&page);
	g_free(prefs.conf_path);
	prefs.conf_path = NULL;
	on_change = NULL;
}

unsigned
av_claws_prefs_interval_min(void)
{
	if (prefs.interval < 1)
		return 30;
	return prefs.interval > 1440 ? 1440 : (unsigned)prefs.interval;
}

const char *
av_claws_prefs_conf_path(void)
{
	return prefs.conf_path;
}
