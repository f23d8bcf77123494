/* SPDX-License-Identifier: GPL-3.0-or-later */
/* av-window-demo: the Claws plugin's follow-ups window (plugin/claws/window.c) without
 * Claws, for tests/window-demo.sh and for a look at it.
 *
 *   av-window-demo -c CONFIG [--db STATE.db]
 *
 * Builds the env the plugin gives the window from a config file and a state database
 * (default: the cron job's place), with $AFTERVIEW_NOW (as --now) for the time. "Open
 * draft" prints "open_draft uid=N message-id=ID" on stdout; "Run now" runs
 * `$AFTERVIEW -c CONFIG run` (with --now when $AFTERVIEW_NOW is set), prints
 * "run_now exit=N", and refreshes the window. SIGTERM or SIGINT closes the window and
 * exits 0 (so that valgrind sees everything freed).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#include <glib-unix.h>
#include <gtk/gtk.h>

#include "afterview/conf.h"
#include "afterview/store.h"
#include "afterview/util.h"

#include "../../plugin/claws/window.h"

static const char *conf_path;

static time_t
demo_now(void)
{
	const char *s = getenv("AFTERVIEW_NOW");
	time_t t;

	if (s != NULL && *s != '\0' && av_parse_iso8601(s, &t))
		return t;
	return time(NULL);
}

static void
demo_open_draft(uint32_t uid, const char *message_id, void *data)
{
	(void)data;
	printf("open_draft uid=%u message-id=%s\n", (unsigned)uid, message_id ? message_id : "-");
	fflush(stdout);
}

static void
demo_run_now(void *data)
{
	const char *afterview = getenv("AFTERVIEW");
	const char *now = getenv("AFTERVIEW_NOW");
	char *argv[7];
	int n = 0, status = -1;
	GError *gerr = NULL;

	(void)data;
	argv[n++] = (char *)(afterview != NULL ? afterview : "afterview");
	argv[n++] = (char *)"-c";
	argv[n++] = (char *)conf_path;
	argv[n++] = (char *)"run";
	if (now != NULL && *now != '\0') {
		argv[n++] = (char *)"--now";
		argv[n++] = (char *)now;
	}
	argv[n] = NULL;
	/* a demo: the plugin runs the core on the main loop in steps instead */
	if (!g_spawn_sync(NULL, argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status,
			  &gerr)) {
		fprintf(stderr, "av-window-demo: %s\n", gerr->message);
		g_error_free(gerr);
	}
	printf("run_now exit=%d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	fflush(stdout);
	av_claws_window_refresh();
}

static gboolean
on_signal(gpointer data)
{
	(void)data;
	av_claws_window_close();
	gtk_main_quit();
	return G_SOURCE_REMOVE;
}

int
main(int argc, char **argv)
{
	struct av_claws_env env;
	struct av_conf *conf = NULL;
	char *db = NULL, *error = NULL;
	int rc = 0;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-c") == 0 && i + 1 < argc)
			conf_path = argv[++i];
		else if (strcmp(argv[i], "--db") == 0 && i + 1 < argc)
			db = av_strdup(argv[++i]);
		else {
			fprintf(stderr, "usage: av-window-demo -c CONFIG [--db STATE.db]\n");
			free(db);
			return 64;
		}
	}
	if (conf_path == NULL) {
		fprintf(stderr, "usage: av-window-demo -c CONFIG [--db STATE.db]\n");
		free(db);
		return 64;
	}
	if (!gtk_init_check(&argc, &argv)) {
		fprintf(stderr, "av-window-demo: cannot open the display\n");
		free(db);
		return 69;
	}
	if (av_conf_load(conf_path, &conf, &error) != AV_OK) {
		fprintf(stderr, "av-window-demo: %s\n", error);
		rc = 78;
		goto out;
	}
	if (db == NULL)
		db = av_store_default_path();
	memset(&env, 0, sizeof(env));
	env.conf_path = conf_path;
	env.db_path = db;
	env.conf = conf;
	env.acc = av_conf_account(conf, NULL);
	env.now = demo_now;
	env.open_draft = demo_open_draft;
	env.run_now = demo_run_now;
	if (env.acc == NULL) {
		fprintf(stderr, "av-window-demo: %s: no account\n", conf_path);
		rc = 78;
		goto out;
	}
	g_unix_signal_add(SIGTERM, on_signal, NULL);
	g_unix_signal_add(SIGINT, on_signal, NULL);
	av_claws_window_open(&env);
	gtk_main();
out:
	av_conf_free(&conf);
	free(error);
	free(db);
	return rc;
}
