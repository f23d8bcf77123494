/* SPDX-License-Identifier: GPL-3.0-or-later */
/* afterview — `afterview notes ID [--print]`: the person's notes on an interview, written
 * in their editor on a sheet (notes.h), checked and stored; `afterview notes --export`:
 * every stored sheet as text, read-only, so that notes outlive a damaged database. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sysexits.h>
#include <unistd.h>

#include "afterview/conf.h"
#include "afterview/events.h"
#include "afterview/model.h"
#include "afterview/log.h"
#include "afterview/notes.h"
#include "afterview/store.h"
#include "afterview/util.h"

#include "cli.h"

/* What a person types is never lost (design.md "Notes, feedback, job hunt"):
 * - the sheet is edited in a private temp file (mkstemps in $TMPDIR or /tmp, mode 0600)
 *   with $VISUAL, else $EDITOR, else vi, run as /bin/sh -c '<editor> "$1"' sh FILE: the
 *   setting may carry options (shell words, as git reads it) while the file name is a
 *   parameter the shell never re-parses (spaces, quotes, '$' in $TMPDIR are harmless);
 * - the database lock is not held while the editor is open: notes written for half an
 *   hour must not make every cron run in between fail; it is taken again to save;
 * - a sheet that parses is stored (without the "#!" error block) and the temp file
 *   removed; saved unchanged, nothing is stored;
 * - a sheet that does not parse is reopened at once with its errors on top, up to
 *   NOTES_ROUNDS times. Saved unchanged after such a reopen (the person gives up for
 *   now), it is kept at $XDG_STATE_HOME/afterview/notes/<id>.txt (directory 0700, file
 *   0600) and the command exits EX_DATAERR; the next `notes ID` reopens that text with
 *   its errors instead of the stored notes, until it is saved;
 * - the same file keeps a changed sheet whose editor failed (the text may be half
 *   written, so it is not stored: EX_TEMPFAIL) and a good sheet that could not be
 *   stored (the database stayed locked or failed);
 * - a file too large to read back is left where it is, and its path shown. */

#define NOTES_ROUNDS	  5			  /* reopenings of a broken sheet in one go */
#define NOTES_READ_MAX	  (4 * AV_NOTES_MAX_SIZE) /* larger files are left where they are */
#define NOTES_LOCK_WAIT_S 60			  /* for a run that holds the database */

/* Read a whole regular file of at most NOTES_READ_MAX bytes: 0, or an errno value (EFBIG
 * when it is larger), or av_open_regular's negative value for a FIFO and the like. */
static int
notes_read(const char *path, char **text_r, size_t *len_r)
{
	struct av_buf b;
	char chunk[65536];
	int fd, rc;

	if ((rc = av_open_regular(path, true, &fd)) != 0)
		return rc;
	av_buf_init(&b);
	for (;;) {
		ssize_t n = read(fd, chunk, sizeof(chunk));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = errno;
			break;
		}
		if (n == 0)
			break;
		if (b.len + (size_t)n > NOTES_READ_MAX) {
			rc = EFBIG;
			break;
		}
		av_buf_append(&b, chunk, (size_t)n);
	}
	close(fd);
	if (rc != 0) {
		av_buf_clear(&b);
		return rc;
	}
	*len_r = b.len;
	*text_r = av_buf_steal(&b);
	return 0;
}

/* Write text to fd and close it: 0 or an errno value. */
static int
notes_write_fd(int fd, const char *text, bool sync)
{
	int rc = 0;

	errno = 0;
	if (!av_cli_write_all(fd, text, strlen(text)) || (sync && fsync(fd) != 0))
		rc = errno != 0 ? errno : EIO;
	if (close(fd) != 0 && rc == 0)
		rc = errno;
	return rc;
}

/* Where an unsaved sheet is kept: beside the database, so $XDG_STATE_HOME rules. */
static char *
notes_kept_path(const char *id)
{
	char *db = av_store_default_path();
	char *slash = strrchr(db, '/');
	char *path;

	if (slash != NULL)
		*slash = '\0';
	path = av_asprintf("%s/notes/%s.txt", slash != NULL ? db : ".", id);
	free(db);
	return path;
}

/* Put text into the private file path (mode 0600, its directory made 0700 when missing)
 * durably: written beside it, synced, renamed over it. 0 or an errno value. */
static int
notes_put(const char *path, const char *text)
{
	char *dir = av_strdup(path);
	char *slash = strrchr(dir, '/');
	char *tmp = av_asprintf("%s.new", path);
	int fd, rc = 0;

	if (slash != NULL) {
		*slash = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
			rc = errno;
			goto out;
		}
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		rc = errno;
		goto out;
	}
	if (fchmod(fd, 0600) != 0)
		rc = errno;
	if (rc == 0)
		rc = notes_write_fd(fd, text, true);
	else
		close(fd);
	if (rc == 0 && rename(tmp, path) != 0)
		rc = errno;
	if (rc != 0)
		unlink(tmp);
out:
	free(tmp);
	free(dir);
	return rc;
}

/* Run the person's editor on path and wait: its exit status, 128+N when signal N ended
 * it, -1 when it could not be started. */
static int
notes_edit(const char *path)
{
	const char *ed = getenv("VISUAL");
	char *script;
	struct sigaction ign, old_int, old_quit;
	pid_t pid;
	int status = 0, rc = -1;

	if (ed == NULL || *ed == '\0')
		ed = getenv("EDITOR");
	if (ed == NULL || *ed == '\0')
		ed = "vi";
	script = av_asprintf("%s \"$1\"", ed);
	/* as system(3) does: a ^C typed in the editor is the editor's, it must not end
	 * afterview and leave the sheet behind unread */
	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGINT, &ign, &old_int);
	sigaction(SIGQUIT, &ign, &old_quit);
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		sigaction(SIGINT, &old_int, NULL);
		sigaction(SIGQUIT, &old_quit, NULL);
		execl("/bin/sh", "sh", "-c", script, "sh", path, (char *)NULL);
		_exit(127);
	}
	if (pid > 0) {
		pid_t w;

		while ((w = waitpid(pid, &status, 0)) < 0 && errno == EINTR)
			;
		if (w == pid)
			rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	}
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	free(script);
	return rc;
}

/* Store the sheet text as the notes of uid (av_model_notes_save), waiting a while for a
 * run that holds the database. */
static enum av_err
notes_save(const char *account, const char *uid, const char *text, size_t len, char **error_r)
{
	char *db = av_store_default_path();
	struct av_store *store = NULL;
	char *error = NULL;
	enum av_err err;

	for (int waited = 0;; waited++) {
		err = av_store_open(db, &store, &error);
		if (err != AV_ERR_TEMP || waited >= NOTES_LOCK_WAIT_S)
			break;
		if (waited == 0)
			fprintf(stderr,
				"afterview: waiting for the running afterview to finish...\n");
		free(error);
		error = NULL;
		sleep(1);
	}
	if (err == AV_OK)
		err = av_model_notes_save(store, account, uid, text, len, time(NULL), &error);
	if (err != AV_OK)
		*error_r = error;
	av_store_close(&store);
	free(db);
	return err;
}

/* text indented under a label, line by line */
static void
notes_print_text(const char *label, const char *text)
{
	printf("\n%s\n", label);
	for (const char *p = text; *p != '\0';) {
		size_t n = strcspn(p, "\n");

		printf("  %.*s\n", (int)n, p);
		p += n + (p[n] == '\n');
	}
}

static void
notes_print(const struct av_interview_report *it, const struct av_notes *n, time_t updated)
{
	const char *summary = it->ev->inv->summary ? it->ev->inv->summary : "(no summary)";
	char t[AV_TIME_UTC_SIZE];

	printf("Notes on \"%s\" (%s), saved %s\n", summary, it->id, av_time_utc(updated, t));
	for (size_t i = 0; i < n->n_people; i++) {
		char *label = av_asprintf("%s <%s>:", n->people[i].name,
					  n->people[i].email ? n->people[i].email : "no address");

		notes_print_text(label, n->people[i].discussed ? n->people[i].discussed
							       : "(nothing noted)");
		free(label);
	}
	if (n->questions != NULL)
		notes_print_text("Questions and answers:", n->questions);
	if (n->strengths != NULL)
		notes_print_text("Strengths:", n->strengths);
	if (n->weaknesses != NULL)
		notes_print_text("Weaknesses:", n->weaknesses);
	if (n->feedback != NULL)
		notes_print_text("Feedback:", n->feedback);
	if (n->tools != NULL && n->tools[0] != NULL) {
		printf("\nTools to learn:\n");
		for (char **tool = n->tools; *tool != NULL; tool++)
			printf("  - %s\n", *tool);
	}
}

/* Print each line of a parse error (one "line N: ..." per line). */
static void
notes_print_error(const char *error)
{
	for (const char *p = error; *p != '\0';) {
		size_t n = strcspn(p, "\n");

		fprintf(stderr, "  %.*s\n", (int)n, p);
		p += n + (p[n] == '\n');
	}
}

/* --print: the stored notes, readably. */
static int
notes_show(const struct av_interview_report *it, const char *stored, time_t updated,
	   const char *kept_path, bool kept)
{
	const char *summary = it->ev->inv->summary ? it->ev->inv->summary : "(no summary)";
	struct av_notes n;
	char *error = NULL;

	if (stored == NULL)
		printf("no notes yet for \"%s\" (%s)%s\n", summary, it->id,
		       kept ? "" : "; afterview notes ID writes them");
	else if (av_notes_parse(stored, strlen(stored), &n, &error) == AV_OK) {
		notes_print(it, &n, updated);
		av_notes_clear(&n);
	} else {
		/* a sheet stored by a later version, say: show it as it is */
		fprintf(stderr, "afterview: the stored notes do not read as a sheet:\n");
		notes_print_error(error);
		fputs(stored, stdout);
		free(error);
	}
	fflush(stdout); /* the notice after the notes, also when both go to one file */
	if (kept)
		fprintf(stderr,
			"afterview: a sheet not saved yet is kept at %s; afterview notes %s "
			"reopens it\n",
			kept_path, it->id);
	return EX_OK;
}

/* One `notes ID`: what its steps share. */
struct notes_cmd {
	const char *id; /* foreign (argv): as typed, maybe a prefix */
	bool print;
	struct av_cli_session ss;
	struct av_model m;
	const struct av_interview_report *it; /* foreign: m's */
	char *uid;			      /* owned: the interview's event */
	char *stored;			      /* owned or NULL: the stored notes */
	time_t updated;			      /* when they were stored */
	char *kept_path;		      /* owned: where an unsaved sheet is kept */
	char *kept_text;		      /* owned: the sheet kept there, when kept */
	size_t kept_len;
	bool kept;	  /* a sheet was kept unsaved: it is what is reopened */
	char *content;	  /* owned: the sheet as last put into tmp */
	bool shown_error; /* content carries an error block */
	char *tmp;	  /* owned: the temp file the editor opens */
	bool keep_tmp;	  /* leave tmp: it holds what could not be kept elsewhere */
	char *got;	  /* owned: what the editor left in tmp */
	size_t got_len;
	const char *why; /* static: why the sheet is kept unsaved */
};

/* How one round with the editor ended. */
enum round_end {
	ROUND_DONE,   /* stored, nothing to store, or nothing more can be done */
	ROUND_REOPEN, /* the sheet is back in tmp with its errors on top */
	ROUND_KEEP,   /* not stored: keep what the editor left (why says why) */
};

static int
parse_args(struct notes_cmd *nc, int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--print") == 0) {
			nc->print = true;
		} else if (nc->id == NULL && argv[i][0] != '-') {
			nc->id = argv[i];
		} else {
			nc->id = NULL;
			break;
		}
	}
	if (nc->id == NULL) {
		fprintf(stderr, "afterview: usage: afterview notes ID [--print]\n"
				"       afterview notes --export [DIR|-] [--account NAME] [--db "
				"FILE]\n");
		return EX_USAGE;
	}
	return EX_OK;
}

/* Open the session and find the interview that nc->id names in the stored picture. */
static int
find_interview(struct notes_cmd *nc, const struct av_cli_options *opt)
{
	struct av_cli_session *ss = &nc->ss;
	const char *id = nc->id;
	char *error = NULL;
	bool ambiguous;
	enum av_err err;
	int rc;

	if ((rc = av_cli_session_open(opt, NULL, ss)) != EX_OK)
		return rc;
	err = av_model_evaluate(ss->store, ss->conf, ss->acc, ss->words, time(NULL), &nc->m,
				&error);
	if (err != AV_OK) {
		av_error("%s", error);
		free(error);
		return av_err_exit_code(err);
	}
	nc->it = av_model_find(&nc->m, id, &ambiguous);
	if (nc->it != NULL && nc->it->is_interview)
		return EX_OK;
	if (ambiguous)
		av_error("%s: more than one event has this id; give more of it", id);
	else if (nc->it == NULL)
		av_error("%s: no such interview (see afterview status)", id);
	else
		av_error("%s: no such interview: this event is not taken for one (afterview "
			 "mark %s interview changes that)",
			 id, nc->it->id);
	return EX_DATAERR;
}

/* The stored notes, and the sheet an earlier `notes ID` kept unsaved, if any. */
static int
read_notes(struct notes_cmd *nc)
{
	char *error = NULL;
	enum av_err err;
	int e;

	nc->uid = av_strdup(nc->it->ev->inv->uid);
	err = av_store_notes_get(nc->ss.store, nc->ss.acc->name, nc->uid, &nc->stored, &nc->updated,
				 &error);
	if (err != AV_OK) {
		av_error("%s", error);
		free(error);
		return av_err_exit_code(err);
	}
	nc->kept_path = notes_kept_path(nc->it->id);
	e = notes_read(nc->kept_path, &nc->kept_text, &nc->kept_len);
	if (e != 0 && e != ENOENT) {
		av_error("%s: %s; it is left as it is", nc->kept_path,
			 e == EFBIG ? "too large to read back" : av_open_strerror(e));
		return EX_DATAERR;
	}
	nc->kept = e == 0;
	return EX_OK;
}

/* What to open: a sheet kept unsaved wins, it is the newest thing the person wrote. */
static void
build_sheet(struct notes_cmd *nc)
{
	const struct av_interview_report *it = nc->it;
	struct av_notes n;
	char *error = NULL;

	if (nc->kept) {
		if (av_notes_parse(nc->kept_text, nc->kept_len, &n, &error) == AV_OK)
			av_notes_clear(&n);
		nc->content = av_notes_with_error(nc->kept_text, nc->kept_len, error);
		nc->shown_error = error != NULL;
		fprintf(stderr, "afterview: reopening the sheet kept at %s\n", nc->kept_path);
	} else {
		nc->content = av_model_notes_sheet(it, nc->stored);
		nc->shown_error = nc->stored != NULL && strncmp(nc->content, "#!", 2) == 0;
	}
	free(error);
}

/* The sheet into a private temp file for the editor. */
static int
write_sheet(struct notes_cmd *nc)
{
	const char *tmpdir = getenv("TMPDIR");
	int fd, e;

	nc->tmp = av_asprintf("%s/afterview-notes-%s-XXXXXX.txt",
			      tmpdir != NULL && *tmpdir != '\0' ? tmpdir : "/tmp", nc->it->id);
	fd = mkstemps(nc->tmp, 4);
	e = fd < 0 ? errno : fchmod(fd, 0600) != 0 ? errno : 0;
	if (e == 0)
		e = notes_write_fd(fd, nc->content, false);
	else if (fd >= 0)
		close(fd);
	if (e != 0) {
		av_error("%s: cannot write the sheet: %s", nc->tmp, strerror(e));
		if (fd >= 0)
			unlink(nc->tmp);
		return EX_CANTCREAT;
	}
	return EX_OK;
}

/* What the editor left in tmp, into nc->got. */
static int
read_back(struct notes_cmd *nc)
{
	int e;

	free(nc->got);
	nc->got = NULL;
	e = notes_read(nc->tmp, &nc->got, &nc->got_len);
	if (e == 0)
		return EX_OK;
	av_error("%s: %s", nc->tmp,
		 e == EFBIG ? "too large to read back; it is left there" : av_open_strerror(e));
	nc->keep_tmp = true;
	return e == EFBIG ? EX_DATAERR : EX_IOERR;
}

/* A changed sheet whose editor failed may be half written: it is kept, not stored. */
static enum round_end
editor_failed(struct notes_cmd *nc, int status, int *rc_r)
{
	if (status < 0 || status == 126 || status == 127)
		av_error("the editor could not be run (see $VISUAL and $EDITOR)");
	else
		av_error("the editor failed (status %d)", status);
	*rc_r = EX_TEMPFAIL;
	if (strcmp(nc->got, nc->content) == 0) {
		fprintf(stderr, "afterview: nothing changed, nothing saved\n");
		return ROUND_DONE;
	}
	nc->why = "the editor failed, so the sheet may be half written";
	return ROUND_KEEP;
}

/* Store a sheet that parses (n: its notes, cleared here), unless nothing changed. */
static enum round_end
save_sheet(struct notes_cmd *nc, struct av_notes *n, int *rc_r)
{
	const char *summary = nc->it->ev->inv->summary;
	size_t with = 0, tools = 0;
	char *error = NULL;
	enum av_err err;

	if (!nc->kept && strcmp(nc->got, nc->content) == 0) {
		printf("no changes; the notes for \"%s\" are as they were\n",
		       summary ? summary : nc->it->id);
		av_notes_clear(n);
		*rc_r = EX_OK;
		return ROUND_DONE;
	}
	for (size_t i = 0; i < n->n_people; i++)
		with += n->people[i].discussed != NULL;
	while (n->tools[tools] != NULL)
		tools++;
	av_notes_clear(n);
	err = notes_save(nc->ss.acc->name, nc->uid, nc->got, nc->got_len, &error);
	if (err != AV_OK) {
		av_error("%s", error);
		free(error);
		nc->why = "it could not be stored";
		*rc_r = av_err_exit_code(err);
		return ROUND_KEEP;
	}
	if (nc->kept)
		unlink(nc->kept_path);
	printf("notes saved for \"%s\" (%s): %zu interviewer%s with notes, %zu tool%s to learn\n",
	       summary ? summary : "(no summary)", nc->it->id, with, with == 1 ? "" : "s", tools,
	       tools == 1 ? "" : "s");
	*rc_r = EX_OK;
	return ROUND_DONE;
}

/* The person saved a broken sheet unchanged after a reopen (they give up for now), or it
 * came back broken too often: keep it, errors on top, for the next `notes ID`. */
static enum round_end
give_up(struct notes_cmd *nc, const char *error, int *rc_r)
{
	char *with_error;

	av_error("the sheet still has errors:");
	notes_print_error(error);
	with_error = av_notes_with_error(nc->got, nc->got_len, error);
	free(nc->got);
	nc->got = with_error;
	nc->got_len = strlen(with_error);
	nc->why = "it does not read yet";
	*rc_r = EX_DATAERR;
	return ROUND_KEEP;
}

/* Reopen a broken sheet at once, errors on top: the person is still at the keyboard. */
static enum round_end
reopen(struct notes_cmd *nc, const char *error, int *rc_r)
{
	int e;

	free(nc->content);
	nc->content = av_notes_with_error(nc->got, nc->got_len, error);
	nc->shown_error = true;
	if ((e = notes_put(nc->tmp, nc->content)) == 0)
		return ROUND_REOPEN;
	av_error("%s: %s", nc->tmp, strerror(e));
	nc->why = "it could not be reopened";
	*rc_r = EX_IOERR;
	return ROUND_KEEP;
}

/* The sheet as the editor left it: stored when it parses, else reopened or kept. */
static enum round_end
check_sheet(struct notes_cmd *nc, int round, int *rc_r)
{
	struct av_notes n;
	char *error = NULL;
	enum round_end end;

	if (av_notes_parse(nc->got, nc->got_len, &n, &error) == AV_OK)
		return save_sheet(nc, &n, rc_r);
	if ((nc->shown_error && strcmp(nc->got, nc->content) == 0) || round >= NOTES_ROUNDS)
		end = give_up(nc, error, rc_r);
	else
		end = reopen(nc, error, rc_r);
	free(error);
	return end;
}

/* Not stored: keep what the editor left where the next `afterview notes ID` finds it. */
static void
keep_unsaved(struct notes_cmd *nc)
{
	int e = notes_put(nc->kept_path, nc->got);

	if (e != 0) {
		av_error("%s: %s; the sheet is left at %s", nc->kept_path, strerror(e), nc->tmp);
		nc->keep_tmp = true;
		return;
	}
	fprintf(stderr, "afterview: %s; it is kept at %s and afterview notes %s reopens it\n",
		nc->why, nc->kept_path, nc->it->id);
}

/* Edit, read back, then store, reopen or keep, until the sheet is stored or kept. */
static int
edit_rounds(struct notes_cmd *nc)
{
	enum round_end end;
	int rc;

	for (int round = 1;; round++) {
		int status = notes_edit(nc->tmp);

		if ((rc = read_back(nc)) != EX_OK)
			break;
		if (status != 0)
			end = editor_failed(nc, status, &rc);
		else
			end = check_sheet(nc, round, &rc);
		if (end == ROUND_REOPEN)
			continue;
		if (end == ROUND_KEEP)
			keep_unsaved(nc);
		break;
	}
	if (!nc->keep_tmp)
		unlink(nc->tmp);
	return rc;
}

static void
notes_cmd_clear(struct notes_cmd *nc)
{
	free(nc->got);
	free(nc->content);
	free(nc->tmp);
	free(nc->kept_text);
	free(nc->kept_path);
	free(nc->stored);
	free(nc->uid);
	av_model_clear(&nc->m);
	av_cli_session_close(&nc->ss);
}

/* `notes --export`: where the sheets go and how it went. */
struct export_ctx {
	const char *dir; /* foreign (argv), or NULL: stdout */
	unsigned n;
	int error; /* errno value of the first write that failed, 0 */
	char *failed_path;
};

static bool
export_one(void *ctx, const char *uid, const char *text, time_t updated)
{
	struct export_ctx *ec = ctx;
	char id[AV_EVENT_ID_SIZE], t[AV_TIME_UTC_SIZE];
	size_t len = strlen(text);
	char *path;
	int e;

	av_events_id(uid, id);
	if (ec->dir == NULL) {
		printf("==> %s.txt (saved %s) <==\n%s%s", id, av_time_utc(updated, t), text,
		       len > 0 && text[len - 1] == '\n' ? "" : "\n");
		ec->n++;
		return true;
	}
	path = av_asprintf("%s/%s.txt", ec->dir, id);
	if ((e = notes_put(path, text)) != 0) {
		ec->error = e;
		ec->failed_path = path;
		return false;
	}
	free(path);
	ec->n++;
	return true;
}

/* notes --export [DIR|-] [--account NAME] [--db FILE]: the database is only read (it may
 * be damaged, moved away, read-only, or locked by a run). */
static int
notes_export(const struct av_cli_options *opt, int argc, char **argv)
{
	const char *account = NULL, *db_arg = NULL;
	struct export_ctx ec = {NULL, 0, 0, NULL};
	char *path = opt->config ? av_strdup(opt->config) : av_conf_default_path();
	char *db = NULL, *error = NULL;
	struct av_conf *conf = NULL;
	const struct av_account *acc;
	struct av_store *store = NULL;
	enum av_err err;
	int rc = EX_OK;

	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--account") == 0 && i + 1 < argc)
			account = argv[++i];
		else if (strcmp(argv[i], "--db") == 0 && i + 1 < argc)
			db_arg = argv[++i];
		else if (ec.dir == NULL && (argv[i][0] != '-' || strcmp(argv[i], "-") == 0))
			ec.dir = argv[i];
		else {
			fprintf(stderr, "afterview: usage: afterview notes --export [DIR|-] "
					"[--account NAME] [--db FILE]\n");
			rc = EX_USAGE;
			goto out;
		}
	}
	if (ec.dir != NULL && strcmp(ec.dir, "-") == 0)
		ec.dir = NULL;
	if ((err = av_conf_load(path, &conf, &error)) != AV_OK) {
		av_cli_report_conf_errors(path, error);
		rc = av_err_exit_code(err);
		goto out;
	}
	if ((acc = av_conf_account(conf, account)) == NULL) {
		av_error("%s: no account '%s'", path, account ? account : "");
		rc = EX_CONFIG;
		goto out;
	}
	db = db_arg != NULL ? av_strdup(db_arg) : av_store_default_path();
	if ((err = av_store_open_readonly(db, &store, &error)) != AV_OK ||
	    (err = av_store_notes_each(store, acc->name, export_one, &ec, &error)) != AV_OK) {
		/* a damaged database may give up part way: what was read is written */
		av_error("%s", error);
		rc = av_err_exit_code(err);
	}
	fflush(stdout);
	if (ec.error != 0) {
		av_error("%s: %s", ec.failed_path, strerror(ec.error));
		rc = EX_CANTCREAT;
	}
	if (!opt->quiet)
		fprintf(stderr, "afterview: %u notes sheet%s of account '%s' exported%s%s\n", ec.n,
			ec.n == 1 ? "" : "s", acc->name, ec.dir ? " to " : "",
			ec.dir ? ec.dir : "");
out:
	av_store_close(&store);
	av_conf_free(&conf);
	free(ec.failed_path);
	free(error);
	free(db);
	free(path);
	return rc;
}

int
av_cli_notes(const struct av_cli_options *opt, int argc, char **argv)
{
	struct notes_cmd nc;
	int rc;

	if (argc > 1 && strcmp(argv[1], "--export") == 0)
		return notes_export(opt, argc, argv);
	memset(&nc, 0, sizeof(nc));
	if ((rc = parse_args(&nc, argc, argv)) != EX_OK)
		return rc;
	if ((rc = find_interview(&nc, opt)) != EX_OK || (rc = read_notes(&nc)) != EX_OK)
		goto out;
	if (nc.print) {
		rc = notes_show(nc.it, nc.stored, nc.updated, nc.kept_path, nc.kept);
		goto out;
	}
	build_sheet(&nc);
	/* the editor may stay open for half an hour: no run may find the database locked
	 * meanwhile; notes_save takes the lock again */
	av_store_close(&nc.ss.store);
	if ((rc = write_sheet(&nc)) == EX_OK)
		rc = edit_rounds(&nc);
out:
	notes_cmd_clear(&nc);
	return rc;
}
