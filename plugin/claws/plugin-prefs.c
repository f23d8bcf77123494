/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The preferences page; values in clawsrc [afterview] (see plugin-prefs.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claws-features.h"

#include <glib.h>
#include <gtk/gtk.h>

#include "alertpanel.h"
#include "common/defs.h"
#include "common/prefs.h"
#include "common/utils.h"
#include "prefs_gtk.h"

#include "afterview/language.h"
#include "afterview/log.h"
#include "afterview/template.h"
#include "afterview/util.h"
#include "plugin-prefs.h"

#define BLOCK	   "afterview"
#define WINDOW_MAX 168 /* as the config file allows (conf.c) */
#define HINT                                                                                       \
	"An empty field takes the config file's value, else the default; a field set here "        \
	"wins over the config file."

static struct {
	int interval;
	char *conf_path;
	char *skills, *pitch, *phone;
	char *signature; /* as kept in clawsrc: one line, g_strescape'd */
	char *tone;	 /* "", "formal" or "casual" */
	int window;	 /* hours, 0: unset */
	char *languages; /* as typed: "en, es" */
} prefs;
static char *signature_text; /* prefs.signature unescaped */

static PrefParam params[] = {
	{(gchar *)"interval_minutes", (gchar *)"30", &prefs.interval, P_INT, NULL, NULL, NULL},
	{(gchar *)"config_path", (gchar *)"", &prefs.conf_path, P_STRING, NULL, NULL, NULL},
	{(gchar *)"skills", (gchar *)"", &prefs.skills, P_STRING, NULL, NULL, NULL},
	{(gchar *)"pitch", (gchar *)"", &prefs.pitch, P_STRING, NULL, NULL, NULL},
	{(gchar *)"phone", (gchar *)"", &prefs.phone, P_STRING, NULL, NULL, NULL},
	{(gchar *)"signature", (gchar *)"", &prefs.signature, P_STRING, NULL, NULL, NULL},
	{(gchar *)"tone", (gchar *)"", &prefs.tone, P_STRING, NULL, NULL, NULL},
	{(gchar *)"window_hours", (gchar *)"0", &prefs.window, P_INT, NULL, NULL, NULL},
	{(gchar *)"languages", (gchar *)"", &prefs.languages, P_STRING, NULL, NULL, NULL},
	{NULL, NULL, NULL, P_OTHER, NULL, NULL, NULL},
};

struct page {
	PrefsPage page;
	GtkWidget *interval;
	GtkWidget *path;
	GtkWidget *skills, *pitch, *phone;
	GtkWidget *signature; /* a GtkTextView */
	GtkWidget *tone;      /* a GtkComboBoxText with the ids "", "formal", "casual" */
	GtkWidget *window;
	GtkWidget *languages;
};

static struct page page;
static gchar *page_path[3];
static void (*on_change)(void);

static char *
rc_path(void)
{
	return g_strconcat(get_rc_dir(), G_DIR_SEPARATOR_S, COMMON_RC, NULL);
}

static const char *
nonempty(const char *s)
{
	return s != NULL && *s != '\0' ? s : NULL;
}

/* The codes in s ("en, es", "EN es"), each once: a new array (util.h's allocator), NULL
 * for an empty s. A word that is not a language afterview has templates for makes it
 * NULL too, with *bad_r that word (g_malloc'd). */
static const char **
parse_languages(const char *s, char **bad_r)
{
	gchar **words = g_strsplit_set(s != NULL ? s : "", ", \t", -1);
	const char **codes = av_calloc(1, sizeof(*codes));
	size_t n = 0;

	*bad_r = NULL;
	for (gchar **w = words; *w != NULL && *bad_r == NULL; w++) {
		const char *code;
		bool dup = false;

		if (**w == '\0')
			continue;
		code = av_language_code(*w);
		if (code == NULL || !av_templates_has_language(NULL, code)) {
			*bad_r = g_strdup(*w);
			break;
		}
		for (size_t i = 0; i < n; i++)
			dup = dup || codes[i] == code;
		if (dup)
			continue;
		codes = av_realloc(codes, (n + 2) * sizeof(*codes));
		codes[n++] = code;
		codes[n] = NULL;
	}
	g_strfreev(words);
	if (*bad_r != NULL || n == 0) {
		free(codes);
		return NULL;
	}
	return codes;
}

/* "en, es, de, fr" for messages (g_malloc'd) */
static char *
known_languages(void)
{
	GString *s = g_string_new(NULL);

	for (const char *const *c = av_language_codes; *c != NULL; c++)
		if (av_templates_has_language(NULL, *c))
			g_string_append_printf(s, "%s%s", s->len > 0 ? ", " : "", *c);
	return g_string_free(s, FALSE);
}

/* The window as typed: empty is 0 (unset); else a whole number 1-168. */
static bool
parse_window(const char *s, int *hours_r)
{
	char *end;
	long v;

	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == '\0') {
		*hours_r = 0;
		return true;
	}
	if (!g_ascii_isdigit(*s))
		return false;
	v = strtol(s, &end, 10);
	while (*end == ' ' || *end == '\t')
		end++;
	if (*end != '\0' || v < 1 || v > WINDOW_MAX)
		return false;
	*hours_r = (int)v;
	return true;
}

static void
refresh_signature(void)
{
	g_free(signature_text);
	signature_text = g_strcompress(prefs.signature != NULL ? prefs.signature : "");
}

static GtkWidget *
entry(const char *text, const char *placeholder)
{
	GtkWidget *e = gtk_entry_new();

	gtk_entry_set_text(GTK_ENTRY(e), text != NULL ? text : "");
	if (placeholder != NULL)
		gtk_entry_set_placeholder_text(GTK_ENTRY(e), placeholder);
	gtk_widget_set_hexpand(e, TRUE);
	return e;
}

static void
row(GtkWidget *grid, int y, const char *label, GtkWidget *w)
{
	GtkWidget *l = gtk_label_new(label);

	gtk_label_set_xalign(GTK_LABEL(l), 0.0f);
	gtk_widget_set_valign(l, GTK_ALIGN_START);
	gtk_grid_attach(GTK_GRID(grid), l, 0, y, 1, 1);
	gtk_grid_attach(GTK_GRID(grid), w, 1, y, 1, 1);
}

static void
create(PrefsPage *p, GtkWindow *window, gpointer data)
{
	struct page *pg = (struct page *)p;
	GtkWidget *grid = gtk_grid_new(), *hint, *scroll;
	char window_text[16] = "";
	int y = 0;

	gtk_container_set_border_width(GTK_CONTAINER(grid), 8);
	gtk_grid_set_row_spacing(GTK_GRID(grid), 6);
	gtk_grid_set_column_spacing(GTK_GRID(grid), 8);
	pg->interval = gtk_spin_button_new_with_range(1, 1440, 1);
	gtk_spin_button_set_value(GTK_SPIN_BUTTON(pg->interval), av_claws_prefs_interval_min());
	row(grid, y++, "Look for interviews every (minutes)", pg->interval);
	pg->path = entry(prefs.conf_path, "the cron job's");
	row(grid, y++, "Config file (empty: the cron job's)", pg->path);

	hint = gtk_label_new(HINT);
	gtk_label_set_line_wrap(GTK_LABEL(hint), TRUE);
	gtk_label_set_xalign(GTK_LABEL(hint), 0.0f);
	gtk_widget_set_margin_top(hint, 8);
	gtk_grid_attach(GTK_GRID(grid), hint, 0, y++, 2, 1);
	pg->skills = entry(prefs.skills, "e.g. data pipelines, Python and SQL");
	row(grid, y++, "Skills", pg->skills);
	pg->pitch = entry(prefs.pitch, "one sentence the drafts add");
	row(grid, y++, "Pitch", pg->pitch);
	pg->phone = entry(prefs.phone, NULL);
	row(grid, y++, "Phone", pg->phone);
	pg->signature = gtk_text_view_new();
	gtk_text_buffer_set_text(gtk_text_view_get_buffer(GTK_TEXT_VIEW(pg->signature)),
				 signature_text != NULL ? signature_text : "", -1);
	scroll = gtk_scrolled_window_new(NULL, NULL);
	gtk_scrolled_window_set_shadow_type(GTK_SCROLLED_WINDOW(scroll), GTK_SHADOW_IN);
	gtk_scrolled_window_set_min_content_height(GTK_SCROLLED_WINDOW(scroll), 72);
	gtk_container_add(GTK_CONTAINER(scroll), pg->signature);
	gtk_widget_set_hexpand(scroll, TRUE);
	row(grid, y++, "Signature", scroll);
	pg->tone = gtk_combo_box_text_new();
	gtk_combo_box_text_append(GTK_COMBO_BOX_TEXT(pg->tone), "", "(config file, else formal)");
	gtk_combo_box_text_append(GTK_COMBO_BOX_TEXT(pg->tone), "formal", "formal");
	gtk_combo_box_text_append(GTK_COMBO_BOX_TEXT(pg->tone), "casual", "casual");
	if (!gtk_combo_box_set_active_id(GTK_COMBO_BOX(pg->tone), prefs.tone ? prefs.tone : ""))
		gtk_combo_box_set_active_id(GTK_COMBO_BOX(pg->tone), "");
	row(grid, y++, "Tone", pg->tone);
	if (av_claws_prefs_window_hours() > 0)
		snprintf(window_text, sizeof(window_text), "%u", av_claws_prefs_window_hours());
	pg->window = entry(window_text, "1-168 (config file, else 24)");
	row(grid, y++, "Thank-you window (hours)", pg->window);
	pg->languages = entry(prefs.languages, "e.g. en, es (config file, else en)");
	row(grid, y++, "Languages you write", pg->languages);
	gtk_widget_show_all(grid);
	pg->page.widget = grid;
}

static void
destroy(PrefsPage *p)
{
	struct page *pg = (struct page *)p;

	pg->interval = pg->path = pg->skills = pg->pitch = pg->phone = NULL;
	pg->signature = pg->tone = pg->window = pg->languages = NULL;
}

/* The page's window and languages, or false with a message for the person (g_malloc'd). */
static bool
check_page(struct page *pg, int *window_r, char **error_r)
{
	const char **codes;
	char *bad, *known;

	if (!parse_window(gtk_entry_get_text(GTK_ENTRY(pg->window)), window_r)) {
		*error_r = g_strdup_printf("afterview: the thank-you window must be a whole "
					   "number of hours from 1 to %d, or empty, not '%s'.",
					   WINDOW_MAX, gtk_entry_get_text(GTK_ENTRY(pg->window)));
		return false;
	}
	codes = parse_languages(gtk_entry_get_text(GTK_ENTRY(pg->languages)), &bad);
	free(codes);
	if (bad != NULL) {
		known = known_languages();
		*error_r = g_strdup_printf("afterview: '%s' is not a language afterview writes "
					   "(%s).",
					   bad, known);
		g_free(known);
		g_free(bad);
		return false;
	}
	return true;
}

static gboolean
can_close(PrefsPage *p)
{
	struct page *pg = (struct page *)p;
	char *error = NULL;
	int window;

	if (pg->window == NULL || check_page(pg, &window, &error))
		return TRUE;
	alertpanel_error("%s", error);
	g_free(error);
	return FALSE;
}

/* the entry's text without white space around it, into *field */
static void
take_entry(char **field, GtkWidget *e)
{
	g_free(*field);
	*field = g_strstrip(g_strdup(gtk_entry_get_text(GTK_ENTRY(e))));
}

static void
save(PrefsPage *p)
{
	struct page *pg = (struct page *)p;
	GtkTextBuffer *buf;
	GtkTextIter start, end;
	char *error = NULL, *sig, *bad;
	const char *tone, **codes;
	GString *langs;
	PrefFile *pf;
	gchar *rc;
	int window;

	if (pg->window == NULL)
		return;
	/* Apply saves without asking can_close: refuse here too, keeping every old value */
	if (!check_page(pg, &window, &error)) {
		alertpanel_error("%s", error);
		g_free(error);
		return;
	}
	prefs.interval = gtk_spin_button_get_value_as_int(GTK_SPIN_BUTTON(pg->interval));
	take_entry(&prefs.conf_path, pg->path);
	take_entry(&prefs.skills, pg->skills);
	take_entry(&prefs.pitch, pg->pitch);
	take_entry(&prefs.phone, pg->phone);
	/* kept as the codes they name ("ES fr" → "es, fr"), each once */
	codes = parse_languages(gtk_entry_get_text(GTK_ENTRY(pg->languages)), &bad);
	langs = g_string_new(NULL);
	for (const char **c = codes; c != NULL && *c != NULL; c++)
		g_string_append_printf(langs, "%s%s", c == codes ? "" : ", ", *c);
	free(codes);
	g_free(bad);
	g_free(prefs.languages);
	prefs.languages = g_string_free(langs, FALSE);
	prefs.window = window;
	g_free(prefs.tone);
	tone = gtk_combo_box_get_active_id(GTK_COMBO_BOX(pg->tone));
	prefs.tone = g_strdup(tone != NULL ? tone : "");
	buf = gtk_text_view_get_buffer(GTK_TEXT_VIEW(pg->signature));
	gtk_text_buffer_get_bounds(buf, &start, &end);
	sig = g_strchomp(gtk_text_buffer_get_text(buf, &start, &end, FALSE));
	g_free(prefs.signature);
	/* clawsrc holds one line per value */
	prefs.signature = g_strescape(sig, NULL);
	g_free(sig);
	refresh_signature();

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

/* a hand-edited clawsrc: say what counts as unset */
static void
warn_invalid(void)
{
	const char **codes;
	char *bad;

	if (prefs.window != 0 && (prefs.window < 1 || prefs.window > WINDOW_MAX))
		av_warn("clawsrc [afterview] window_hours=%d is not 1-%d: ignored", prefs.window,
			WINDOW_MAX);
	codes = parse_languages(prefs.languages, &bad);
	free(codes);
	if (bad != NULL)
		av_warn("clawsrc [afterview] languages: '%s' is not a language afterview writes: "
			"ignored",
			bad);
	g_free(bad);
	if (nonempty(prefs.tone) && strcmp(prefs.tone, "formal") != 0 &&
	    strcmp(prefs.tone, "casual") != 0)
		av_warn("clawsrc [afterview] tone=%s is neither formal nor casual: ignored",
			prefs.tone);
}

void
av_claws_prefs_init(void (*changed)(void))
{
	gchar *rc = rc_path();

	on_change = changed;
	prefs_set_default(params);
	prefs_read_config(params, BLOCK, rc, NULL);
	g_free(rc);
	refresh_signature();
	warn_invalid();
	page_path[0] = (gchar *)"Plugins";
	page_path[1] = (gchar *)"afterview";
	page_path[2] = NULL;
	page.page.path = page_path;
	page.page.create_widget = create;
	page.page.destroy_widget = destroy;
	page.page.save_page = save;
	page.page.can_close = can_close;
	page.page.weight = 40.0;
	prefs_gtk_register_page((PrefsPage *)&page);
}

void
av_claws_prefs_done(void)
{
	char **strings[] = {&prefs.conf_path, &prefs.skills, &prefs.pitch,     &prefs.phone,
			    &prefs.signature, &prefs.tone,   &prefs.languages, &signature_text};

	prefs_gtk_unregister_page((PrefsPage *)&page);
	for (size_t i = 0; i < G_N_ELEMENTS(strings); i++) {
		g_free(*strings[i]);
		*strings[i] = NULL;
	}
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

const char *
av_claws_prefs_skills(void)
{
	return nonempty(prefs.skills);
}

const char *
av_claws_prefs_pitch(void)
{
	return nonempty(prefs.pitch);
}

const char *
av_claws_prefs_phone(void)
{
	return nonempty(prefs.phone);
}

const char *
av_claws_prefs_signature(void)
{
	return nonempty(signature_text);
}

bool
av_claws_prefs_tone(enum av_tone *tone_r)
{
	if (prefs.tone == NULL)
		return false;
	if (strcmp(prefs.tone, "formal") == 0)
		*tone_r = AV_TONE_FORMAL;
	else if (strcmp(prefs.tone, "casual") == 0)
		*tone_r = AV_TONE_CASUAL;
	else
		return false;
	return true;
}

unsigned
av_claws_prefs_window_hours(void)
{
	return prefs.window >= 1 && prefs.window <= WINDOW_MAX ? (unsigned)prefs.window : 0;
}

const char **
av_claws_prefs_languages(void)
{
	const char **codes;
	char *bad;

	codes = parse_languages(prefs.languages, &bad);
	g_free(bad);
	return codes;
}
