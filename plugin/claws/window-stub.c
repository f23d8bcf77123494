/* A stand-in for the follow-ups window (window.c, written alongside): a window with one
 * label, so that the menu item can be tested end to end. Dropped once window.c is in. */
#include <gtk/gtk.h>

#include "afterview/log.h"
#include "window.h"

static GtkWidget *win;

static void
destroyed(GtkWidget *w, gpointer data)
{
	win = NULL;
}

void
av_claws_window_open(const struct av_claws_env *env)
{
	if (win == NULL) {
		win = gtk_window_new(GTK_WINDOW_TOPLEVEL);
		gtk_window_set_title(GTK_WINDOW(win), "Interview follow-ups");
		gtk_window_set_default_size(GTK_WINDOW(win), 420, 160);
		gtk_container_add(GTK_CONTAINER(win),
				  gtk_label_new("Interview follow-ups (window to come)"));
		g_signal_connect(win, "destroy", G_CALLBACK(destroyed), NULL);
	}
	gtk_widget_show_all(win);
	gtk_window_present(GTK_WINDOW(win));
	av_log(AV_LOG_WARN, "claws: the follow-ups window is open");
}

void
av_claws_window_close(void)
{
	if (win != NULL)
		gtk_widget_destroy(win);
	win = NULL;
}

void
av_claws_window_refresh(void)
{
}
