/* SPDX-License-Identifier: GPL-3.0-or-later */
/* afterview — the Claws plugin's follow-ups window (window.h). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gtk/gtk.h>

#include "afterview/match.h"
#include "afterview/model.h"
#include "afterview/report.h"
#include "afterview/store.h"
#include "afterview/text.h"
#include "afterview/util.h"

#include "window.h"

#define CHART_WEEKS 12

enum {
	COL_TEXT,   /* interview: "Company — summary"; interviewer: the name */
	COL_WHEN,   /* interview: its start; interviewer: the state */
	COL_SENDBY, /* interviewer: "send by ..., at the latest ..." or the thank-you seen */
	COL_UID,    /* the event's UID */
	COL_IV,	    /* the interviewer's index in the item, -1 on an interview row */
	N_COLS
};

struct win {
	const struct av_claws_env *env; /* foreign */
	struct av_wordlists *own_words; /* owned when env gives none */
	struct av_model m;		/* owned */
	bool have_model;
	unsigned fills;
	char *problem; /* owned or NULL: why the picture is empty or old */
	GtkWidget *window, *tree, *maybes, *chart, *status, *draft_btn, *run_btn;
	GtkWidget *notes_title, *notes_view, *notes_save, *notes_status;
	GtkTreeStore *store;
	char *notes_uid;     /* owned or NULL: the interview the editor shows */
	GHashTable *unsaved; /* uid -> sheet text the person changed and did not save */
	bool loading_notes;  /* the buffer is being set by the program, not the person */
	guint dump_idle;
	unsigned per_week[CHART_WEEKS];
};

static struct win *W;

static void fill(struct win *w);
static void schedule_dump(struct win *w);

/* Text a GtkLabel or a tree cell can take: valid UTF-8, malloc'd by GLib. */
static char *
ui_text(const char *s)
{
	return g_utf8_make_valid(s != NULL ? s : "", -1);
}

static const char *
summary_of(const struct av_interview_report *it)
{
	return it->ev->inv->summary != NULL ? it->ev->inv->summary : "(no summary)";
}

/* "Company — summary", or the summary when the employer is not known (as status). */
static char *
title_of(const struct av_interview_report *it)
{
	char *co = av_text_clean(it->det.company, false);
	char *t =
		co != NULL ? av_asprintf("%s — %s", co, summary_of(it)) : av_strdup(summary_of(it));
	char *u = ui_text(t);

	free(co);
	free(t);
	return u;
}

/* "Thu 22 Oct 10:00 (UTC-04:00)", the start as status writes it. */
static char *
when_of(const struct av_interview_report *it)
{
	const struct av_invite *inv = it->ev->inv;
	int off = inv->utc_offset / 60;
	char when[32];

	return g_strdup_printf("%s (UTC%c%02d:%02d)%s",
			       av_report_when(inv, inv->start, when, sizeof(when)),
			       off < 0 ? '-' : '+', abs(off) / 60, abs(off) % 60,
			       it->ev->cancelled ? "  CANCELLED" : "");
}

/* The rest of status's line for r: "send by ..., at the latest ..." or the thank-you
 * seen in Sent, then status's remarks in parentheses. */
static char *
sendby_of(const struct av_interview_report *it, const struct av_iv_report *r)
{
	const struct av_verdict *v = &r->verdict;
	GString *s = g_string_new("");
	char a[32], b[32];

	if (v->state == AV_STATE_PENDING || v->state == AV_STATE_DRAFTED) {
		g_string_append_printf(s, "send by %s, at the latest %s",
				       av_report_when(it->ev->inv, v->send_by, a, sizeof(a)),
				       av_report_when(it->ev->inv, v->deadline, b, sizeof(b)));
	} else if (v->evidence != NULL) {
		char *subject = ui_text(v->evidence->subject);

		g_string_append_printf(s, "\"%s\"", subject);
		g_free(subject);
	}
	if (r->marked_thanked)
		g_string_append(s, " (marked by you)");
	if (r->has_draft && r->draft.state == AV_DRAFT_EDITED)
		g_string_append(s, " (you edited the draft: afterview leaves it alone)");
	if (r->iv.email == NULL && r->has_draft && r->draft.to_seen != NULL) {
		char *to = ui_text(r->draft.to_seen);

		g_string_append_printf(s, " (address in your draft: %s)", to);
		g_free(to);
	} else if (r->iv.email == NULL) {
		g_string_append(s, " (no address known)");
	}
	if (s->len > 0 && s->str[0] == ' ')
		g_string_erase(s, 0, 1);
	return g_string_free(s, FALSE);
}

static const struct av_interview_report *
item_by_uid(const struct win *w, const char *uid)
{
	for (size_t i = 0; w->have_model && uid != NULL && i < w->m.n_items; i++)
		if (strcmp(w->m.items[i].ev->inv->uid, uid) == 0)
			return &w->m.items[i];
	return NULL;
}

static void
set_status(struct win *w, const char *msg)
{
	char *t = ui_text(msg);

	gtk_label_set_text(GTK_LABEL(w->status), t);
	g_free(t);
	schedule_dump(w);
}

/* ---- the dump (tests) ----------------------------------------------------------------- */

/* The centre of widget wd (or of the rectangle x,y,width,height in it) on the root
 * window; false when it is not on screen. */
static bool
root_xy(GtkWidget *wd, int x, int y, int width, int height, int *rx, int *ry)
{
	GtkWidget *top = gtk_widget_get_toplevel(wd);
	GtkAllocation a;
	int tx, ty, ox, oy;

	if (!gtk_widget_get_mapped(wd) || gtk_widget_get_window(top) == NULL)
		return false;
	if (width <= 0) {
		gtk_widget_get_allocation(wd, &a);
		x = 0;
		y = 0;
		width = a.width;
		height = a.height;
	}
	if (!gtk_widget_translate_coordinates(wd, top, x + width / 2, y + height / 2, &tx, &ty))
		return false;
	gdk_window_get_origin(gtk_widget_get_window(top), &ox, &oy);
	*rx = ox + tx;
	*ry = oy + ty;
	return true;
}

static void
dump_widget(FILE *f, const char *what, GtkWidget *wd)
{
	int x, y;

	if (root_xy(wd, 0, 0, 0, 0, &x, &y))
		fprintf(f, "at %s %d %d\n", what, x, y);
}

static void
dump_rows(FILE *f, struct win *w, GtkTreeIter *parent, int depth)
{
	GtkTreeModel *tm = GTK_TREE_MODEL(w->store);
	GtkTreeIter it;

	if (!gtk_tree_model_iter_children(tm, &it, parent))
		return;
	do {
		char *text, *when, *sendby, *uid;
		int iv, x, y;
		GdkRectangle r;
		GtkTreePath *path = gtk_tree_model_get_path(tm, &it);

		gtk_tree_model_get(tm, &it, COL_TEXT, &text, COL_WHEN, &when, COL_SENDBY, &sendby,
				   COL_UID, &uid, COL_IV, &iv, -1);
		if (depth == 0)
			fprintf(f, "interview %s | %s | %s\n", item_by_uid(w, uid)->id, text, when);
		else
			fprintf(f, "  interviewer %s | %s | %s\n", text, when, sendby);
		gtk_tree_view_get_cell_area(GTK_TREE_VIEW(w->tree), path,
					    gtk_tree_view_get_column(GTK_TREE_VIEW(w->tree), 0),
					    &r);
		gtk_tree_view_convert_bin_window_to_widget_coords(GTK_TREE_VIEW(w->tree), r.x, r.y,
								  &r.x, &r.y);
		if (r.height > 0 && root_xy(w->tree, r.x, r.y, r.width, r.height, &x, &y)) {
			if (depth == 0)
				fprintf(f, "at row %s %d %d\n", item_by_uid(w, uid)->id, x, y);
			else
				fprintf(f, "at row %s/%s %d %d\n", item_by_uid(w, uid)->id, text, x,
					y);
		}
		gtk_tree_path_free(path);
		g_free(text);
		g_free(when);
		g_free(sendby);
		g_free(uid);
		if (depth == 0)
			dump_rows(f, w, &it, 1);
	} while (gtk_tree_model_iter_next(tm, &it));
}

static void
dump_maybes(FILE *f, struct win *w)
{
	GList *rows = gtk_container_get_children(GTK_CONTAINER(w->maybes));

	for (GList *l = rows; l != NULL; l = l->next) {
		const char *id = g_object_get_data(G_OBJECT(l->data), "av-id");
		const char *text = g_object_get_data(G_OBJECT(l->data), "av-text");
		GtkWidget *yes = g_object_get_data(G_OBJECT(l->data), "av-yes");
		GtkWidget *no = g_object_get_data(G_OBJECT(l->data), "av-no");
		char what[64];

		if (id == NULL)
			continue;
		fprintf(f, "maybe %s | %s\n", id, text);
		snprintf(what, sizeof(what), "yes %s", id);
		dump_widget(f, what, yes);
		snprintf(what, sizeof(what), "no %s", id);
		dump_widget(f, what, no);
	}
	g_list_free(rows);
}

/* Written beside and renamed, so that a test never reads half a dump. */
static gboolean
dump_now(gpointer data)
{
	struct win *w = data;
	const char *path = getenv("AFTERVIEW_WINDOW_DUMP");
	char *tmp, t[AV_TIME_UTC_SIZE];
	FILE *f;

	w->dump_idle = 0;
	if (path == NULL || *path == '\0')
		return G_SOURCE_REMOVE;
	tmp = av_asprintf("%s.tmp", path);
	if ((f = fopen(tmp, "w")) == NULL) {
		g_warning("%s: %s", tmp, strerror(errno));
		free(tmp);
		return G_SOURCE_REMOVE;
	}
	fprintf(f, "fill %u\n", w->fills);
	if (w->have_model)
		fprintf(f, "now %s\n", av_time_utc(w->m.now, t));
	fprintf(f, "status %s\n", gtk_label_get_text(GTK_LABEL(w->status)));
	dump_rows(f, w, NULL, 0);
	dump_maybes(f, w);
	fprintf(f, "pulse");
	for (int i = 0; i < CHART_WEEKS; i++)
		fprintf(f, " %u", w->per_week[i]);
	fprintf(f, "\n");
	for (int i = 0; i < CHART_WEEKS; i++)
		fprintf(f, "week -%d %u\n", i, w->per_week[i]);
	fprintf(f, "notes %s\n",
		w->notes_uid != NULL && item_by_uid(w, w->notes_uid) != NULL
			? item_by_uid(w, w->notes_uid)->id
			: "-");
	fprintf(f, "notes-status %s\n", gtk_label_get_text(GTK_LABEL(w->notes_status)));
	dump_widget(f, "notes-text", w->notes_view);
	dump_widget(f, "notes-save", w->notes_save);
	dump_widget(f, "open-draft", w->draft_btn);
	dump_widget(f, "run-now", w->run_btn);
	dump_widget(f, "chart", w->chart);
	fprintf(f, "end\n");
	if (fclose(f) != 0 || rename(tmp, path) != 0)
		g_warning("%s: %s", path, strerror(errno));
	free(tmp);
	return G_SOURCE_REMOVE;
}

/* After GTK has laid the window out and drawn it (a lower priority than its redraws). */
static void
schedule_dump(struct win *w)
{
	if (w->dump_idle == 0 && getenv("AFTERVIEW_WINDOW_DUMP") != NULL)
		w->dump_idle = g_timeout_add_full(G_PRIORITY_LOW, 50, dump_now, w, NULL);
}

/* ---- the notes editor ------------------------------------------------------------------ */

static char *
buffer_text(struct win *w)
{
	GtkTextBuffer *b = gtk_text_view_get_buffer(GTK_TEXT_VIEW(w->notes_view));
	GtkTextIter s, e;

	gtk_text_buffer_get_bounds(b, &s, &e);
	return gtk_text_buffer_get_text(b, &s, &e, TRUE);
}

static void
set_buffer(struct win *w, const char *text)
{
	GtkTextBuffer *b = gtk_text_view_get_buffer(GTK_TEXT_VIEW(w->notes_view));
	char *t = ui_text(text);

	w->loading_notes = true;
	gtk_text_buffer_set_text(b, t, -1);
	gtk_text_buffer_set_modified(b, FALSE);
	w->loading_notes = false;
	g_free(t);
}

static void
notes_status(struct win *w, const char *msg, bool bad)
{
	char *t = ui_text(msg);
	char *markup =
		g_markup_printf_escaped(bad ? "<span foreground=\"#b00000\">%s</span>" : "%s", t);

	gtk_label_set_markup(GTK_LABEL(w->notes_status), markup);
	g_free(markup);
	g_free(t);
	schedule_dump(w);
}

/* What the person typed and did not save is kept while the window lives. */
static void
keep_unsaved(struct win *w)
{
	GtkTextBuffer *b = gtk_text_view_get_buffer(GTK_TEXT_VIEW(w->notes_view));

	if (w->notes_uid != NULL && gtk_text_buffer_get_modified(b))
		g_hash_table_replace(w->unsaved, g_strdup(w->notes_uid), buffer_text(w));
}

/* Show the sheet of the interview uid: what was typed and not saved, else the stored one. */
static void
notes_load(struct win *w, const char *uid)
{
	const struct av_interview_report *it = item_by_uid(w, uid);
	const char *unsaved;
	struct av_store *db = NULL;
	char *stored = NULL, *sheet, *error = NULL, *title;
	time_t updated = 0;
	enum av_err err;

	if (it == NULL || !it->is_interview) {
		g_free(w->notes_uid);
		w->notes_uid = NULL;
		set_buffer(w, "");
		gtk_label_set_text(GTK_LABEL(w->notes_title), "Notes: select an interview");
		gtk_widget_set_sensitive(w->notes_view, FALSE);
		gtk_widget_set_sensitive(w->notes_save, FALSE);
		schedule_dump(w);
		return;
	}
	gtk_widget_set_sensitive(w->notes_view, TRUE);
	gtk_widget_set_sensitive(w->notes_save, TRUE);
	g_free(w->notes_uid);
	w->notes_uid = g_strdup(uid);
	title = g_strdup_printf("Notes on \"%s\" (%s)", summary_of(it), it->id);
	sheet = ui_text(title);
	gtk_label_set_text(GTK_LABEL(w->notes_title), sheet);
	g_free(sheet);
	g_free(title);
	if ((unsaved = g_hash_table_lookup(w->unsaved, uid)) != NULL) {
		set_buffer(w, unsaved);
		gtk_text_buffer_set_modified(gtk_text_view_get_buffer(GTK_TEXT_VIEW(w->notes_view)),
					     TRUE);
		notes_status(w, "not saved yet", false);
		return;
	}
	err = av_store_open_readonly(w->env->db_path, &db, &error);
	if (err == AV_OK)
		err = av_store_notes_get(db, w->env->acc->name, uid, &stored, &updated, &error);
	av_store_close(&db);
	if (err != AV_OK) {
		set_buffer(w, "");
		gtk_widget_set_sensitive(w->notes_save, FALSE);
		notes_status(w, error, true);
		free(error);
		return;
	}
	sheet = av_model_notes_sheet(it, stored);
	set_buffer(w, sheet);
	if (stored != NULL) {
		char t[AV_TIME_UTC_SIZE],
			*msg = g_strdup_printf("saved %s", av_time_utc(updated, t));

		notes_status(w, msg, false);
		g_free(msg);
	} else {
		notes_status(w, "no notes yet", false);
	}
	free(sheet);
	free(stored);
}

/* Put the cursor on the first line a parse error names ("line N: ..."). */
static void
show_error_line(struct win *w, const char *error)
{
	GtkTextBuffer *b = gtk_text_view_get_buffer(GTK_TEXT_VIEW(w->notes_view));
	GtkTextIter at;
	int line;

	if (sscanf(error, "line %d", &line) != 1 || line < 1)
		return;
	gtk_text_buffer_get_iter_at_line(b, &at, line - 1);
	gtk_text_buffer_place_cursor(b, &at);
	gtk_text_view_scroll_to_iter(GTK_TEXT_VIEW(w->notes_view), &at, 0.1, FALSE, 0, 0);
}

static void
on_notes_save(GtkButton *button, gpointer data)
{
	struct win *w = data;
	struct av_store *db = NULL;
	char *text, *error = NULL;
	enum av_err err;

	(void)button;
	if (w->notes_uid == NULL)
		return;
	text = buffer_text(w);
	err = av_store_open(w->env->db_path, &db, &error);
	if (err == AV_OK)
		err = av_model_notes_save(db, w->env->acc->name, w->notes_uid, text, strlen(text),
					  w->env->now(), &error);
	av_store_close(&db);
	if (err == AV_OK) {
		g_hash_table_remove(w->unsaved, w->notes_uid);
		gtk_text_buffer_set_modified(gtk_text_view_get_buffer(GTK_TEXT_VIEW(w->notes_view)),
					     FALSE);
		notes_status(w, "notes saved", false);
		fill(w); /* status's tools to learn and the drafts' basis follow the notes */
	} else {
		char *msg = g_strdup_printf(
			"%s%s",
			err == AV_ERR_TEMP ? "a run holds the state database; save again in "
					     "a moment: "
					   : "not saved: ",
			error);

		notes_status(w, msg, true);
		if (err == AV_ERR_DATA)
			show_error_line(w, error);
		g_free(msg);
	}
	free(error);
	g_free(text);
}

static void
on_notes_changed(GtkTextBuffer *b, gpointer data)
{
	struct win *w = data;

	(void)b;
	if (!w->loading_notes)
		notes_status(w, "not saved yet", false);
}

/* ---- the lists ------------------------------------------------------------------------ */

/* The selected row: its event's UID (g_free) and interviewer index (-1: the interview). */
static char *
selected(struct win *w, int *iv_r)
{
	GtkTreeSelection *sel = gtk_tree_view_get_selection(GTK_TREE_VIEW(w->tree));
	GtkTreeModel *tm;
	GtkTreeIter it;
	char *uid = NULL;

	*iv_r = -1;
	if (gtk_tree_selection_get_selected(sel, &tm, &it))
		gtk_tree_model_get(tm, &it, COL_UID, &uid, COL_IV, iv_r, -1);
	return uid;
}

static const struct av_iv_report *
selected_draft(struct win *w)
{
	int iv;
	char *uid = selected(w, &iv);
	const struct av_interview_report *it = item_by_uid(w, uid);
	const struct av_iv_report *r;

	g_free(uid);
	if (it == NULL || iv < 0 || (size_t)iv >= it->n_ivs)
		return NULL;
	r = &it->ivs[iv];
	if (!r->has_draft ||
	    (r->draft.state != AV_DRAFT_APPENDED && r->draft.state != AV_DRAFT_EDITED) ||
	    r->draft.uid == 0)
		return NULL;
	return r;
}

static void
on_selection(GtkTreeSelection *sel, gpointer data)
{
	struct win *w = data;
	int iv;
	char *uid = selected(w, &iv);

	(void)sel;
	gtk_widget_set_sensitive(w->draft_btn, selected_draft(w) != NULL);
	if (uid != NULL && (w->notes_uid == NULL || strcmp(uid, w->notes_uid) != 0)) {
		keep_unsaved(w);
		notes_load(w, uid);
	}
	g_free(uid);
	schedule_dump(w);
}

static void
on_open_draft(GtkButton *button, gpointer data)
{
	struct win *w = data;
	const struct av_iv_report *r = selected_draft(w);

	(void)button;
	if (r != NULL && w->env->open_draft != NULL)
		w->env->open_draft(r->draft.uid, r->draft.message_id, w->env->data);
}

static void
on_run_now(GtkButton *button, gpointer data)
{
	struct win *w = data;

	(void)button;
	if (w->env->run_now != NULL) {
		set_status(w, "running…");
		w->env->run_now(w->env->data);
	}
}

/* Yes / No on a maybe: `afterview mark ID interview|not-interview`. */
static void
on_mark(GtkButton *button, gpointer data)
{
	struct win *w = data;
	const char *uid = g_object_get_data(G_OBJECT(button), "av-uid");
	int mark = GPOINTER_TO_INT(g_object_get_data(G_OBJECT(button), "av-mark"));
	struct av_store *db = NULL;
	char *error = NULL, *msg;
	enum av_err err;

	err = av_store_open(w->env->db_path, &db, &error);
	if (err == AV_OK)
		err = av_store_mark_set(db, w->env->acc->name, uid, mark, &error);
	av_store_close(&db);
	if (err != AV_OK) {
		msg = g_strdup_printf("%s%s",
				      err == AV_ERR_TEMP ? "a run holds the state database; try "
							   "again in a moment: "
							 : "",
				      error);
		set_status(w, msg);
		g_free(msg);
		free(error);
		return;
	}
	fill(w);
	set_status(w, mark == 1 ? "marked as an interview: the next run drafts its thank-yous"
				: "marked as not an interview");
}

static GtkWidget *
mark_button(struct win *w, const char *label, const char *uid, int mark)
{
	GtkWidget *b = gtk_button_new_with_label(label);

	g_object_set_data_full(G_OBJECT(b), "av-uid", g_strdup(uid), g_free);
	g_object_set_data(G_OBJECT(b), "av-mark", GINT_TO_POINTER(mark));
	g_signal_connect(b, "clicked", G_CALLBACK(on_mark), w);
	return b;
}

static void
fill_maybes(struct win *w)
{
	GList *old = gtk_container_get_children(GTK_CONTAINER(w->maybes));
	unsigned n = 0;

	for (GList *l = old; l != NULL; l = l->next)
		gtk_widget_destroy(l->data);
	g_list_free(old);
	for (size_t i = 0; w->have_model && i < w->m.n_items; i++) {
		const struct av_interview_report *it = &w->m.items[i];
		GtkWidget *row, *label, *yes, *no;
		char *title, *when, *text;

		if (!it->maybe)
			continue;
		n++;
		title = title_of(it);
		when = when_of(it);
		text = g_strdup_printf("%s, %s", title, when);
		row = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);
		label = gtk_label_new(text);
		gtk_label_set_xalign(GTK_LABEL(label), 0);
		gtk_label_set_ellipsize(GTK_LABEL(label), PANGO_ELLIPSIZE_END);
		gtk_widget_set_tooltip_text(label, text);
		yes = mark_button(w, "Yes, an interview", it->ev->inv->uid, 1);
		no = mark_button(w, "No", it->ev->inv->uid, 0);
		gtk_box_pack_start(GTK_BOX(row), label, TRUE, TRUE, 0);
		gtk_box_pack_start(GTK_BOX(row), yes, FALSE, FALSE, 0);
		gtk_box_pack_start(GTK_BOX(row), no, FALSE, FALSE, 0);
		g_object_set_data_full(G_OBJECT(row), "av-id", g_strdup(it->id), g_free);
		g_object_set_data_full(G_OBJECT(row), "av-text", text, g_free);
		g_object_set_data(G_OBJECT(row), "av-yes", yes);
		g_object_set_data(G_OBJECT(row), "av-no", no);
		gtk_container_add(GTK_CONTAINER(w->maybes), row);
		g_free(title);
		g_free(when);
	}
	if (n == 0) {
		GtkWidget *label = gtk_label_new("nothing to decide");

		gtk_label_set_xalign(GTK_LABEL(label), 0);
		gtk_container_add(GTK_CONTAINER(w->maybes), label);
	}
	gtk_widget_show_all(w->maybes);
}

static void
fill_tree(struct win *w)
{
	gtk_tree_store_clear(w->store);
	for (size_t i = 0; w->have_model && i < w->m.n_items; i++) {
		const struct av_interview_report *it = &w->m.items[i];
		GtkTreeIter parent, child;
		char *title, *when;

		if (!it->is_interview)
			continue;
		title = title_of(it);
		when = when_of(it);
		gtk_tree_store_insert_with_values(w->store, &parent, NULL, -1, COL_TEXT, title,
						  COL_WHEN, when, COL_SENDBY, "", COL_UID,
						  it->ev->inv->uid, COL_IV, -1, -1);
		g_free(title);
		g_free(when);
		for (size_t j = 0; j < it->n_ivs; j++) {
			const struct av_iv_report *r = &it->ivs[j];
			char *name = ui_text(r->iv.name);
			char *sendby = sendby_of(it, r);

			gtk_tree_store_insert_with_values(
				w->store, &child, &parent, -1, COL_TEXT, name, COL_WHEN,
				av_state_name(r->verdict.state), COL_SENDBY, sendby, COL_UID,
				it->ev->inv->uid, COL_IV, (int)j, -1);
			g_free(name);
			g_free(sendby);
		}
	}
	gtk_tree_view_expand_all(GTK_TREE_VIEW(w->tree));
}

/* Select the row of uid (the interview the notes show), else the first interview. */
static void
reselect(struct win *w, const char *uid)
{
	GtkTreeModel *tm = GTK_TREE_MODEL(w->store);
	GtkTreeSelection *sel = gtk_tree_view_get_selection(GTK_TREE_VIEW(w->tree));
	GtkTreeIter it, first;
	bool have_first = gtk_tree_model_get_iter_first(tm, &first);

	if (!have_first) {
		notes_load(w, NULL);
		return;
	}
	it = first;
	do {
		char *u;

		gtk_tree_model_get(tm, &it, COL_UID, &u, -1);
		if (uid != NULL && strcmp(u, uid) == 0) {
			g_free(u);
			gtk_tree_selection_select_iter(sel, &it);
			return;
		}
		g_free(u);
	} while (gtk_tree_model_iter_next(tm, &it));
	gtk_tree_selection_select_iter(sel, &first);
}

static void
fill(struct win *w)
{
	const struct av_claws_env *env = w->env;
	struct av_store *db = NULL;
	char *error = NULL, *keep_uid = g_strdup(w->notes_uid);
	enum av_err err;

	keep_unsaved(w);
	av_model_clear(&w->m);
	w->have_model = false;
	free(w->problem);
	w->problem = NULL;
	err = av_store_open_readonly(env->db_path, &db, &error);
	if (err == AV_OK)
		err = av_model_evaluate(db, env->conf, env->acc,
					env->words != NULL ? env->words : w->own_words, env->now(),
					&w->m, &error);
	av_store_close(&db);
	w->have_model = err == AV_OK;
	if (err != AV_OK) {
		av_model_clear(&w->m);
		w->problem = av_asprintf("%s (Run now reads the mailbox)", error);
		free(error);
	}
	w->fills++;
	/* the notes editor is emptied first: the rows it names are about to go */
	g_free(w->notes_uid);
	w->notes_uid = NULL;
	fill_tree(w);
	fill_maybes(w);
	memset(w->per_week, 0, sizeof(w->per_week));
	if (w->have_model)
		av_report_pulse_weeks(&w->m, w->per_week, CHART_WEEKS);
	gtk_widget_queue_draw(w->chart);
	reselect(w, keep_uid);
	g_free(keep_uid);
	set_status(w, w->problem != NULL ? w->problem : "");
}

/* ---- the chart ------------------------------------------------------------------------ */

static gboolean
on_chart_draw(GtkWidget *wd, cairo_t *cr, gpointer data)
{
	struct win *w = data;
	GtkStyleContext *sc = gtk_widget_get_style_context(wd);
	int width = gtk_widget_get_allocated_width(wd);
	int height = gtk_widget_get_allocated_height(wd);
	double top = 16, bottom = height - 18, left = 8, slot = (width - 16) / (double)CHART_WEEKS;
	unsigned max = 1;
	GdkRGBA fg;

	gtk_style_context_get_color(sc, gtk_style_context_get_state(sc), &fg);
	for (int i = 0; i < CHART_WEEKS; i++)
		if (w->per_week[i] > max)
			max = w->per_week[i];
	cairo_set_font_size(cr, 10);
	for (int i = 0; i < CHART_WEEKS; i++) {
		/* oldest on the left, this week on the right */
		unsigned n = w->per_week[CHART_WEEKS - 1 - i];
		double x = left + i * slot, h = (bottom - top) * n / max;
		char label[16];

		cairo_set_source_rgba(cr, 0.20, 0.45, 0.80, i == CHART_WEEKS - 1 ? 1.0 : 0.7);
		cairo_rectangle(cr, x + slot * 0.15, bottom - h, slot * 0.7, h);
		cairo_fill(cr);
		gdk_cairo_set_source_rgba(cr, &fg);
		snprintf(label, sizeof(label), "%u", n);
		cairo_move_to(cr, x + slot * 0.4, bottom - h - 3);
		cairo_show_text(cr, label);
		snprintf(label, sizeof(label), i == CHART_WEEKS - 1 ? "now" : "-%d",
			 CHART_WEEKS - 1 - i);
		cairo_move_to(cr, x + slot * 0.25, height - 4);
		cairo_show_text(cr, label);
	}
	gdk_cairo_set_source_rgba(cr, &fg);
	cairo_set_line_width(cr, 1);
	cairo_move_to(cr, left, bottom + 0.5);
	cairo_line_to(cr, width - 8, bottom + 0.5);
	cairo_stroke(cr);
	return FALSE;
}

/* ---- the window ------------------------------------------------------------------------ */

static GtkWidget *
framed(const char *title, GtkWidget *child)
{
	GtkWidget *f = gtk_frame_new(title);

	gtk_container_add(GTK_CONTAINER(f), child);
	return f;
}

static GtkWidget *
scrolled(GtkWidget *child)
{
	GtkWidget *s = gtk_scrolled_window_new(NULL, NULL);

	gtk_scrolled_window_set_policy(GTK_SCROLLED_WINDOW(s), GTK_POLICY_AUTOMATIC,
				       GTK_POLICY_AUTOMATIC);
	gtk_container_add(GTK_CONTAINER(s), child);
	return s;
}

static void
add_column(GtkWidget *tree, const char *title, int col, bool expand)
{
	GtkCellRenderer *cell = gtk_cell_renderer_text_new();
	GtkTreeViewColumn *c =
		gtk_tree_view_column_new_with_attributes(title, cell, "text", col, NULL);

	if (expand) {
		g_object_set(cell, "ellipsize", PANGO_ELLIPSIZE_END, NULL);
		gtk_tree_view_column_set_min_width(c, 320); /* company and role stay readable */
	}
	gtk_tree_view_column_set_expand(c, expand);
	gtk_tree_view_column_set_resizable(c, TRUE);
	gtk_tree_view_append_column(GTK_TREE_VIEW(tree), c);
}

static void
win_free(struct win *w)
{
	if (w->dump_idle != 0)
		g_source_remove(w->dump_idle);
	av_model_clear(&w->m);
	av_words_free(&w->own_words);
	g_hash_table_destroy(w->unsaved);
	g_free(w->notes_uid);
	free(w->problem);
	if (w->store != NULL)
		g_object_unref(w->store);
	free(w);
}

static void
on_destroy(GtkWidget *wd, gpointer data)
{
	struct win *w = data;

	(void)wd;
	if (W == w)
		W = NULL;
	win_free(w);
}

static gboolean
on_map(GtkWidget *wd, GdkEvent *ev, gpointer data)
{
	(void)wd;
	(void)ev;
	schedule_dump(data);
	return FALSE;
}

static void
build(struct win *w)
{
	GtkWidget *vbox = gtk_box_new(GTK_ORIENTATION_VERTICAL, 6);
	GtkWidget *bar = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);
	GtkWidget *paned = gtk_paned_new(GTK_ORIENTATION_HORIZONTAL);
	GtkWidget *notes = gtk_box_new(GTK_ORIENTATION_VERTICAL, 4);
	GtkWidget *notes_bar = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);
	GtkWidget *bottom = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);
	GtkTextBuffer *buf;
	char *title = g_strdup_printf("Interview follow-ups — %s", w->env->acc->name);
	char *t = ui_text(title);

	w->window = gtk_window_new(GTK_WINDOW_TOPLEVEL);
	gtk_window_set_title(GTK_WINDOW(w->window), t);
	g_free(t);
	g_free(title);
	gtk_window_set_default_size(GTK_WINDOW(w->window), 1200, 680);
	gtk_container_set_border_width(GTK_CONTAINER(vbox), 8);

	w->run_btn = gtk_button_new_with_mnemonic("_Run now");
	w->draft_btn = gtk_button_new_with_mnemonic("_Open draft");
	gtk_widget_set_sensitive(w->draft_btn, FALSE);
	gtk_widget_set_tooltip_text(w->draft_btn, "Open the selected interviewer's thank-you "
						  "draft in the composer");
	w->status = gtk_label_new("");
	gtk_label_set_xalign(GTK_LABEL(w->status), 0);
	gtk_label_set_ellipsize(GTK_LABEL(w->status), PANGO_ELLIPSIZE_END);
	gtk_box_pack_start(GTK_BOX(bar), w->run_btn, FALSE, FALSE, 0);
	gtk_box_pack_start(GTK_BOX(bar), w->draft_btn, FALSE, FALSE, 0);
	gtk_box_pack_start(GTK_BOX(bar), w->status, TRUE, TRUE, 0);
	g_signal_connect(w->run_btn, "clicked", G_CALLBACK(on_run_now), w);
	g_signal_connect(w->draft_btn, "clicked", G_CALLBACK(on_open_draft), w);

	w->store = gtk_tree_store_new(N_COLS, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING,
				      G_TYPE_STRING, G_TYPE_INT);
	w->tree = gtk_tree_view_new_with_model(GTK_TREE_MODEL(w->store));
	add_column(w->tree, "Interview / interviewer", COL_TEXT, true);
	add_column(w->tree, "When / state", COL_WHEN, false);
	add_column(w->tree, "Send by", COL_SENDBY, false);
	g_signal_connect(gtk_tree_view_get_selection(GTK_TREE_VIEW(w->tree)), "changed",
			 G_CALLBACK(on_selection), w);
	gtk_paned_pack1(GTK_PANED(paned), framed("Interviews", scrolled(w->tree)), TRUE, FALSE);

	w->notes_title = gtk_label_new("");
	gtk_label_set_xalign(GTK_LABEL(w->notes_title), 0);
	gtk_label_set_ellipsize(GTK_LABEL(w->notes_title), PANGO_ELLIPSIZE_END);
	w->notes_view = gtk_text_view_new();
	gtk_text_view_set_monospace(GTK_TEXT_VIEW(w->notes_view), TRUE);
	gtk_text_view_set_wrap_mode(GTK_TEXT_VIEW(w->notes_view), GTK_WRAP_WORD_CHAR);
	buf = gtk_text_view_get_buffer(GTK_TEXT_VIEW(w->notes_view));
	g_signal_connect(buf, "changed", G_CALLBACK(on_notes_changed), w);
	w->notes_save = gtk_button_new_with_mnemonic("_Save notes");
	g_signal_connect(w->notes_save, "clicked", G_CALLBACK(on_notes_save), w);
	w->notes_status = gtk_label_new("");
	gtk_label_set_xalign(GTK_LABEL(w->notes_status), 0);
	gtk_label_set_line_wrap(GTK_LABEL(w->notes_status), TRUE);
	gtk_box_pack_start(GTK_BOX(notes_bar), w->notes_save, FALSE, FALSE, 0);
	gtk_box_pack_start(GTK_BOX(notes_bar), w->notes_status, TRUE, TRUE, 0);
	gtk_box_pack_start(GTK_BOX(notes), w->notes_title, FALSE, FALSE, 0);
	gtk_box_pack_start(GTK_BOX(notes), scrolled(w->notes_view), TRUE, TRUE, 0);
	gtk_box_pack_start(GTK_BOX(notes), notes_bar, FALSE, FALSE, 0);
	gtk_container_set_border_width(GTK_CONTAINER(notes), 4);
	gtk_paned_pack2(GTK_PANED(paned), framed("Notes (they feed the drafts)", notes), TRUE,
			FALSE);
	gtk_paned_set_position(GTK_PANED(paned), 720);

	w->maybes = gtk_box_new(GTK_ORIENTATION_VERTICAL, 2);
	gtk_container_set_border_width(GTK_CONTAINER(w->maybes), 4);
	w->chart = gtk_drawing_area_new();
	gtk_widget_set_size_request(w->chart, 360, 130);
	g_signal_connect(w->chart, "draw", G_CALLBACK(on_chart_draw), w);
	gtk_box_pack_start(GTK_BOX(bottom), framed("Maybe an interview?", scrolled(w->maybes)),
			   TRUE, TRUE, 0);
	gtk_box_pack_start(GTK_BOX(bottom),
			   framed("Interviews per week (the last 12 weeks)", w->chart), FALSE,
			   FALSE, 0);

	gtk_box_pack_start(GTK_BOX(vbox), bar, FALSE, FALSE, 0);
	gtk_box_pack_start(GTK_BOX(vbox), paned, TRUE, TRUE, 0);
	gtk_box_pack_start(GTK_BOX(vbox), bottom, FALSE, FALSE, 0);
	gtk_container_add(GTK_CONTAINER(w->window), vbox);
	g_signal_connect(w->window, "destroy", G_CALLBACK(on_destroy), w);
	g_signal_connect(w->window, "map-event", G_CALLBACK(on_map), w);
}

void
av_claws_window_open(const struct av_claws_env *env)
{
	struct win *w;
	char *error = NULL;

	if (W != NULL) {
		gtk_window_present(GTK_WINDOW(W->window));
		return;
	}
	w = av_calloc(1, sizeof(*w));
	w->env = env;
	w->unsaved = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	if (env->words == NULL &&
	    av_words_load(env->conf->words_interview, env->conf->words_negative,
			  env->conf->words_thanks, &w->own_words, &error) != AV_OK) {
		/* the person's own lists have errors: the built-in ones still give a picture */
		g_warning("afterview: %s", error);
		free(error);
		error = NULL;
		if (av_words_load(NULL, NULL, NULL, &w->own_words, &error) != AV_OK) {
			g_warning("afterview: %s", error);
			free(error);
		}
	}
	build(w);
	W = w;
	fill(w);
	gtk_widget_show_all(w->window);
}

void
av_claws_window_close(void)
{
	if (W != NULL)
		gtk_widget_destroy(W->window); /* on_destroy frees it */
}

void
av_claws_window_refresh(void)
{
	if (W != NULL)
		fill(W);
}
