/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "afterview/log.h"
#include "afterview/store.h"
#include "afterview/text.h"

#define BUSY_TIMEOUT_MS 5000
/* A store is used by one thread at a time (store.h): its connection needs no mutex of
 * its own, and the serialized mode's lock and unlock around every sqlite3_column_* and
 * sqlite3_step cost a tenth of reading the Sent envelopes (issue 12). */
#define NO_MUTEX SQLITE_OPEN_NOMUTEX

struct av_store {
	sqlite3 *db; /* owned */
	char *path;  /* owned: as given, for messages */
	char *file;  /* owned: the same file in its directory's real path, for opening it */
	int lock_fd; /* -1 when read-only */
	int version; /* the schema version of a database opened read-only; else current */
	struct cached *cache; /* owned: the statements prepared so far, see stmt_get() */
	size_t n_cache;
};

/* A prepared statement kept for the life of the connection: preparing one costs
 * more than running it (30-120k instructions each, and a model rebuild asks hundreds
 * of single-row questions). */
struct cached {
	sqlite3_stmt *stmt; /* owned */
	bool busy;	    /* handed out and not yet released */
};

/* Migrations: entry N brings the schema from version N to N + 1. Never edit a shipped
 * entry; add one. */
static const char *const migrations[] = {
	/* 0 -> 1 */
	"CREATE TABLE folder ("
	" account TEXT NOT NULL, name TEXT NOT NULL,"
	" uidvalidity INTEGER NOT NULL, uidnext INTEGER NOT NULL,"
	" highestmodseq INTEGER NOT NULL DEFAULT 0,"
	" PRIMARY KEY (account, name));"
	"CREATE TABLE calendar ("
	" id INTEGER PRIMARY KEY,"
	" account TEXT NOT NULL, folder TEXT NOT NULL,"
	" uidvalidity INTEGER NOT NULL, uid INTEGER NOT NULL, section TEXT NOT NULL,"
	" sender TEXT, ics TEXT NOT NULL, added INTEGER NOT NULL,"
	" UNIQUE (account, folder, uidvalidity, uid, section));"
	"CREATE TABLE sent ("
	" account TEXT NOT NULL, folder TEXT NOT NULL,"
	" uidvalidity INTEGER NOT NULL, uid INTEGER NOT NULL,"
	" message_id TEXT, date INTEGER NOT NULL, internaldate INTEGER NOT NULL,"
	" subject TEXT, recipients TEXT NOT NULL, thanks INTEGER NOT NULL DEFAULT -1,"
	" PRIMARY KEY (account, folder, uidvalidity, uid));"
	"CREATE INDEX sent_when ON sent (account, date, internaldate);"
	"CREATE TABLE mark ("
	" account TEXT NOT NULL, uid TEXT NOT NULL, mark INTEGER NOT NULL,"
	" PRIMARY KEY (account, uid));",
	/* 1 -> 2 */
	"CREATE TABLE draft ("
	" account TEXT NOT NULL, token TEXT NOT NULL, invite_uid TEXT NOT NULL,"
	" who TEXT NOT NULL, state INTEGER NOT NULL, message_id TEXT, folder TEXT,"
	" uidvalidity INTEGER NOT NULL DEFAULT 0, uid INTEGER NOT NULL DEFAULT 0,"
	" created INTEGER NOT NULL,"
	" PRIMARY KEY (account, token));",
	/* 2 -> 3 */
	"ALTER TABLE draft ADD COLUMN body_hash TEXT;"
	"ALTER TABLE draft ADD COLUMN basis TEXT;"
	"ALTER TABLE draft ADD COLUMN replaces_uid INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE draft ADD COLUMN replaces_hash TEXT;"
	"ALTER TABLE draft ADD COLUMN variant INTEGER NOT NULL DEFAULT 0;"
	"CREATE TABLE notes ("
	" account TEXT NOT NULL, uid TEXT NOT NULL, text TEXT NOT NULL,"
	" updated INTEGER NOT NULL,"
	" PRIMARY KEY (account, uid));",
	/* 3 -> 4 */
	"CREATE TABLE told ("
	" account TEXT NOT NULL, uid TEXT NOT NULL, what TEXT NOT NULL,"
	" version TEXT NOT NULL, at INTEGER NOT NULL,"
	" PRIMARY KEY (account, uid, what));",
	/* 4 -> 5: what the message says about the employer (issue 10) */
	("ALTER TABLE calendar ADD COLUMN sender_name TEXT;"
	 "ALTER TABLE calendar ADD COLUMN subject TEXT;"),
	/* 5 -> 6: whom the message went to and its bulk-mail headers (issue 10) */
	("ALTER TABLE calendar ADD COLUMN mail_to TEXT;"
	 "ALTER TABLE calendar ADD COLUMN mail_cc TEXT;"
	 "ALTER TABLE calendar ADD COLUMN list_id TEXT;"
	 "ALTER TABLE calendar ADD COLUMN list_unsubscribe TEXT;"
	 "ALTER TABLE calendar ADD COLUMN precedence TEXT;"),
	/* 6 -> 7: a draft's subject (to know it when a client rewrote its Message-ID) and
	 * the address the person wrote into their edited draft (issue 11) */
	("ALTER TABLE draft ADD COLUMN subject TEXT;"
	 "ALTER TABLE draft ADD COLUMN to_seen TEXT;"),
	/* 7 -> 8: the person's "I thanked this interviewer" marks (issue 11) */
	"CREATE TABLE thanked ("
	" account TEXT NOT NULL, uid TEXT NOT NULL, who TEXT NOT NULL, at INTEGER NOT NULL,"
	" PRIMARY KEY (account, uid, who));",
	/* 8 -> 9: the person's language marks (issue 15) */
	"CREATE TABLE language ("
	" account TEXT NOT NULL, uid TEXT NOT NULL, language TEXT NOT NULL,"
	" PRIMARY KEY (account, uid));",
	/* 9 -> 10 (issue 12): how many messages a folder held (Drafts unchanged since the
	 * last look is told by its STATUS); and sent envelopes indexed in the order
	 * sent_each hands them out, UID included, so that reading tens of thousands needs no
	 * sort (the old index served only that query) */
	("ALTER TABLE folder ADD COLUMN messages INTEGER NOT NULL DEFAULT 0;"
	 "DROP INDEX IF EXISTS sent_when;"
	 "CREATE INDEX IF NOT EXISTS sent_order ON sent (account, date, internaldate, uid);"),
};

_Static_assert(sizeof(migrations) / sizeof(migrations[0]) == AV_STORE_SCHEMA_VERSION,
	       "one migration per schema version");

/* sqlite's result codes, translated in one place. */
static enum av_err
translate(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
	case SQLITE_DONE:
	case SQLITE_ROW:
		return AV_OK;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return AV_ERR_TEMP;
	case SQLITE_NOMEM:
	case SQLITE_MISUSE:
	case SQLITE_RANGE:
		return AV_ERR_SOFTWARE;
	default:
		return AV_ERR_STORE;
	}
}

static enum av_err
db_error(struct av_store *st, int rc, const char *what, char **error_r)
{
	const char *msg = st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc);

	av_error_set(error_r, "state database %s: %s: %s", st->path, what, msg);
	return translate(rc);
}

static enum av_err
exec(struct av_store *st, const char *sql, char **error_r)
{
	int rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);

	if (rc != SQLITE_OK)
		return db_error(st, rc, "cannot update", error_r);
	return AV_OK;
}

/* The statement for sql, from the cache (reset, no bindings) or prepared now; give it
 * back with release(). One still handed out (an _each whose callback asks the store
 * the same question, or the same _each nested) must not be reset under its caller:
 * then this call gets a fresh one of its own, finalized at release. The SQL is
 * compared as text, not by address: the cache must never mistake one query for
 * another. */
static int
stmt_get(struct av_store *st, const char *sql, sqlite3_stmt **stmt_r)
{
	bool in_use = false;
	int rc;

	for (size_t i = 0; i < st->n_cache; i++) {
		struct cached *c = &st->cache[i];

		if (strcmp(sqlite3_sql(c->stmt), sql) != 0)
			continue;
		if (!c->busy) {
			c->busy = true;
			*stmt_r = c->stmt;
			return SQLITE_OK;
		}
		in_use = true; /* prepare another, not kept */
		break;
	}
	rc = sqlite3_prepare_v2(st->db, sql, -1, stmt_r, NULL);
	if (rc != SQLITE_OK || in_use)
		return rc;
	st->cache = av_realloc(st->cache, (st->n_cache + 1) * sizeof(*st->cache));
	st->cache[st->n_cache++] = (struct cached){*stmt_r, true};
	return SQLITE_OK;
}

/* Give back a statement from stmt_get, on every path (success, error, a callback that
 * stopped early): reset, so that it holds no read transaction open, and its bindings
 * cleared, so that no value from this call can leak into the next. */
static void
release(struct av_store *st, sqlite3_stmt *stmt)
{
	for (size_t i = 0; i < st->n_cache; i++)
		if (st->cache[i].stmt == stmt) {
			sqlite3_reset(stmt);
			sqlite3_clear_bindings(stmt);
			st->cache[i].busy = false;
			return;
		}
	sqlite3_finalize(stmt);
}

/* Before the connection closes: sqlite3_close refuses one with statements left. */
static void
cache_drop(struct av_store *st)
{
	for (size_t i = 0; i < st->n_cache; i++)
		sqlite3_finalize(st->cache[i].stmt);
	free(st->cache);
	st->cache = NULL;
	st->n_cache = 0;
}

static enum av_err
prepare(struct av_store *st, const char *sql, sqlite3_stmt **stmt_r, char **error_r)
{
	int rc = stmt_get(st, sql, stmt_r);

	if (rc != SQLITE_OK)
		return db_error(st, rc, "cannot prepare a query", error_r);
	return AV_OK;
}

static int
pragma_int(struct av_store *st, const char *sql, int *value_r)
{
	sqlite3_stmt *stmt;
	int rc = stmt_get(st, sql, &stmt);

	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*value_r = sqlite3_column_int(stmt, 0);
		rc = SQLITE_OK;
	}
	release(st, stmt);
	return rc;
}

char *
av_store_default_path(void)
{
	const char *xdg = getenv("XDG_STATE_HOME");
	const char *home = getenv("HOME");

	if (xdg != NULL && xdg[0] == '/')
		return av_asprintf("%s/afterview/state.db", xdg);
	return av_asprintf("%s/.local/state/afterview/state.db", home ? home : ".");
}

/* mkdir -p of the directory holding path; directories we create are 0700. */
static bool
make_parent_dirs(const char *path, char **error_r)
{
	char *dir = av_strdup(path);
	char *slash = strrchr(dir, '/');

	if (slash == NULL || slash == dir) {
		free(dir);
		return true;
	}
	*slash = '\0';
	for (char *p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
			av_error_set(error_r, "cannot create %s: %s", dir, strerror(errno));
			free(dir);
			return false;
		}
		*p = '/';
	}
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		av_error_set(error_r, "cannot create %s: %s", dir, strerror(errno));
		free(dir);
		return false;
	}
	free(dir);
	return true;
}

/* The directory holding the database with its symbolic links resolved, and the file in
 * it. SQLite's NOFOLLOW refuses a link anywhere in the path it is given, and a symlinked
 * $HOME or ~/.local (stow, a home on another disk) is common and harmless: only a link
 * in the place of afterview's own files is refused (check_own_file). */
static enum av_err
resolve_file(struct av_store *st, char **dir_r, char **error_r)
{
	char *dir = av_strdup(st->path);
	char *slash = strrchr(dir, '/');
	const char *base = slash != NULL ? st->path + (slash - dir) + 1 : st->path;
	char *real;

	if (slash == dir)
		dir[1] = '\0';
	else if (slash != NULL)
		*slash = '\0';
	else
		strcpy(dir, ".");
	if (*base == '\0' || strcmp(base, ".") == 0 || strcmp(base, "..") == 0) {
		av_error_set(error_r, "state database %s: not a file name", st->path);
		free(dir);
		return AV_ERR_STORE;
	}
	real = realpath(dir, NULL);
	if (real == NULL) {
		av_error_set(error_r, "state database %s: cannot find its directory %s: %s",
			     st->path, dir, strerror(errno));
		free(dir);
		return AV_ERR_STORE;
	}
	free(dir);
	st->file = av_asprintf("%s%s%s", real, strcmp(real, "/") == 0 ? "" : "/", base);
	*dir_r = real;
	return AV_OK;
}

/* As ssh checks ~/.ssh: whoever else can write the directory can swap the database or
 * plant links beside it. */
static enum av_err
check_dir(const char *dir, char **error_r)
{
	struct stat sb;

	if (stat(dir, &sb) != 0) {
		av_error_set(error_r, "state directory %s: %s", dir, strerror(errno));
		return AV_ERR_STORE;
	}
	if (sb.st_uid != geteuid()) {
		av_error_set(error_r,
			     "state directory %s belongs to uid %ld, not to you (uid %ld): "
			     "afterview keeps its state only in a directory of your own (set "
			     "XDG_STATE_HOME, or chown it)",
			     dir, (long)sb.st_uid, (long)geteuid());
		return AV_ERR_STORE;
	}
	if ((sb.st_mode & 022) != 0) {
		av_error_set(error_r,
			     "state directory %s is writable by %s (mode %04o), so others could "
			     "replace afterview's state: run chmod go-w %s (afterview makes it "
			     "0700)",
			     dir, (sb.st_mode & 002) ? "everyone" : "its group",
			     (unsigned)(sb.st_mode & 07777), dir);
		return AV_ERR_STORE;
	}
	return AV_OK;
}

/* One of afterview's own files (the database, its -wal and -shm, the lock file) must be
 * the file itself when it exists: a link there could make afterview write (or truncate)
 * any file the person can write. */
static enum av_err
check_own_file(const struct av_store *st, const char *suffix, char **error_r)
{
	char *file = av_asprintf("%s%s", st->file, suffix);
	enum av_err err = AV_OK;
	struct stat sb;

	if (lstat(file, &sb) != 0) {
		if (errno != ENOENT) {
			av_error_set(error_r, "state database %s%s: %s", st->path, suffix,
				     strerror(errno));
			err = AV_ERR_STORE;
		}
	} else if (S_ISLNK(sb.st_mode)) {
		av_error_set(error_r,
			     "state database %s%s is a symbolic link: afterview does not follow "
			     "links to its own files (one could make it overwrite another file); "
			     "move the real file there in its place, or point XDG_STATE_HOME at "
			     "the directory that holds it (links to directories are fine)",
			     st->path, suffix);
		err = AV_ERR_STORE;
	} else if (!S_ISREG(sb.st_mode)) {
		av_error_set(error_r, "state database %s%s: %s", st->path, suffix,
			     av_open_strerror(S_ISDIR(sb.st_mode) ? EISDIR
								  : -(int)(sb.st_mode & S_IFMT)));
		err = AV_ERR_STORE;
	}
	free(file);
	return err;
}

/* A file of ours opened as such is made private on its descriptor, never by path: a path
 * may have been swapped since. */
static void
make_private(int fd, const struct stat *sb, const char *name)
{
	if ((sb->st_mode & 077) != 0 && fchmod(fd, 0600) != 0)
		av_warn("%s: cannot make it private: %s", name, strerror(errno));
}

static enum av_err
take_lock(struct av_store *st, char **error_r)
{
	char *lock = av_asprintf("%s.lock", st->file);
	char pid[32];
	struct stat sb;
	int n;

	/* no O_TRUNC and no link followed: a planted link must not truncate its target;
	 * O_NONBLOCK: a FIFO planted there must not hang the open */
	st->lock_fd = open(lock, O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0600);
	if (st->lock_fd < 0) {
		int e = errno;

		if (e != ELOOP || check_own_file(st, ".lock", error_r) == AV_OK)
			av_error_set(error_r, "cannot open lock file %s: %s", lock, strerror(e));
		free(lock);
		return AV_ERR_STORE;
	}
	if (fstat(st->lock_fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		av_error_set(error_r, "lock file %s: not a regular file", lock);
		close(st->lock_fd);
		st->lock_fd = -1;
		free(lock);
		return AV_ERR_STORE;
	}
	make_private(st->lock_fd, &sb, lock);
	if (flock(st->lock_fd, LOCK_EX | LOCK_NB) != 0) {
		ssize_t len = read(st->lock_fd, pid, sizeof(pid) - 1);

		pid[len > 0 ? len : 0] = '\0';
		pid[strcspn(pid, "\n")] = '\0';
		av_error_set(error_r, "another afterview run is in progress%s%s%s (lock %s)",
			     pid[0] ? " (pid " : "", pid, pid[0] ? ")" : "", lock);
		close(st->lock_fd);
		st->lock_fd = -1;
		free(lock);
		return AV_ERR_TEMP;
	}
	n = snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
	if (ftruncate(st->lock_fd, 0) != 0 || pwrite(st->lock_fd, pid, (size_t)n, 0) != n)
		av_debug(AV_CAT_DB, "could not write the pid into %s", lock);
	free(lock);
	return AV_OK;
}

/* A file that exists, is not empty and does not start like an SQLite database is
 * somebody else's: refuse before sqlite gets a chance to touch it. A FIFO, a device or a
 * link in its place is refused without waiting on it. */
static enum av_err
check_existing(struct av_store *st, bool fix_mode, bool *exists_r, char **error_r)
{
	static const char magic[16] = "SQLite format 3";
	char head[16];
	struct stat sb;
	ssize_t n;
	int fd, e;

	*exists_r = false;
	if ((e = av_open_regular(st->file, true, &fd)) != 0) {
		if (e == ENOENT)
			return AV_OK;
		if (e == ELOOP && check_own_file(st, "", error_r) != AV_OK)
			return AV_ERR_STORE;
		av_error_set(error_r, "state database %s: cannot open: %s", st->path,
			     av_open_strerror(e));
		return AV_ERR_STORE;
	}
	if (fstat(fd, &sb) != 0) {
		av_error_set(error_r, "state database %s: %s", st->path, strerror(errno));
		close(fd);
		return AV_ERR_STORE;
	}
	n = read(fd, head, sizeof(head));
	*exists_r = sb.st_size > 0;
	if (sb.st_size > 0 && (n != (ssize_t)sizeof(head) || memcmp(head, magic, 16) != 0)) {
		close(fd);
		av_error_set(error_r,
			     "state database %s: not an SQLite database; it was left untouched "
			     "(move it away to start afresh)",
			     st->path);
		return AV_ERR_STORE;
	}
	if (fix_mode)
		make_private(fd, &sb, st->path);
	close(fd);
	return AV_OK;
}

static enum av_err
migrate(struct av_store *st, bool existed, char **error_r)
{
	int version = 0, app = 0, tables = 0, rc;
	char *sql;
	enum av_err err;

	if ((rc = pragma_int(st, "PRAGMA application_id", &app)) != SQLITE_OK ||
	    (rc = pragma_int(st, "PRAGMA user_version", &version)) != SQLITE_OK ||
	    (rc = pragma_int(st, "SELECT count(*) FROM sqlite_master", &tables)) != SQLITE_OK) {
		err = db_error(st, rc, "cannot read", error_r);
		return err == AV_ERR_TEMP ? err : AV_ERR_STORE;
	}
	if (existed && tables > 0 && app != AV_STORE_APPLICATION_ID) {
		av_error_set(error_r,
			     "state database %s: an SQLite database that is not afterview's; it "
			     "was left untouched",
			     st->path);
		return AV_ERR_STORE;
	}
	if (version > (int)(sizeof(migrations) / sizeof(migrations[0]))) {
		av_error_set(error_r,
			     "state database %s: schema version %d is newer than this afterview "
			     "understands (%d): upgrade afterview",
			     st->path, version, AV_STORE_SCHEMA_VERSION);
		return AV_ERR_STORE;
	}
	if (version == AV_STORE_SCHEMA_VERSION)
		return AV_OK;
	if ((err = exec(st, "BEGIN IMMEDIATE", error_r)) != AV_OK)
		return err;
	for (int v = version; v < AV_STORE_SCHEMA_VERSION; v++) {
		av_debug(AV_CAT_DB, "%s: migrating schema %d -> %d", st->path, v, v + 1);
		if ((err = exec(st, migrations[v], error_r)) != AV_OK)
			goto rollback;
	}
	sql = av_asprintf("PRAGMA user_version = %d; PRAGMA application_id = %d;",
			  AV_STORE_SCHEMA_VERSION, AV_STORE_APPLICATION_ID);
	err = exec(st, sql, error_r);
	free(sql);
	if (err != AV_OK)
		goto rollback;
	return exec(st, "COMMIT", error_r);
rollback:
	exec(st, "ROLLBACK", NULL);
	return err;
}

enum av_err
av_store_open(const char *path, struct av_store **store_r, char **error_r)
{
	struct av_store *st = av_calloc(1, sizeof(*st));
	char *check = NULL, *dir = NULL;
	bool existed;
	enum av_err err;
	int rc, fd;

	st->path = av_strdup(path);
	st->lock_fd = -1;
	st->version = AV_STORE_SCHEMA_VERSION;
	if (!make_parent_dirs(path, error_r)) {
		err = AV_ERR_STORE;
		goto fail;
	}
	if ((err = resolve_file(st, &dir, error_r)) != AV_OK ||
	    (err = check_dir(dir, error_r)) != AV_OK)
		goto fail;
	if ((err = take_lock(st, error_r)) != AV_OK)
		goto fail;
	/* sqlite opens -wal and -shm itself: no link or FIFO may stand in their place */
	if ((err = check_own_file(st, "-wal", error_r)) != AV_OK ||
	    (err = check_own_file(st, "-shm", error_r)) != AV_OK)
		goto fail;
	if ((err = check_existing(st, true, &existed, error_r)) != AV_OK)
		goto fail;
	/* create it ourselves so that it is private from the first byte */
	fd = open(st->file, O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0600);
	if (fd < 0) {
		int e = errno;

		if (e != ELOOP || check_own_file(st, "", error_r) == AV_OK)
			av_error_set(error_r, "state database %s: cannot create: %s", path,
				     strerror(e));
		err = AV_ERR_STORE;
		goto fail;
	}
	close(fd);
	rc = sqlite3_open_v2(st->file, &st->db,
			     SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW | NO_MUTEX, NULL);
	if (rc != SQLITE_OK) {
		err = db_error(st, rc, "cannot open", error_r);
		goto fail;
	}
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_timeout(st->db, BUSY_TIMEOUT_MS);
	if (existed) {
		sqlite3_stmt *stmt;

		rc = stmt_get(st, "PRAGMA quick_check", &stmt);
		if (rc == SQLITE_OK) {
			if (sqlite3_step(stmt) == SQLITE_ROW)
				check = av_strdup((const char *)sqlite3_column_text(stmt, 0));
			else
				rc = sqlite3_errcode(st->db);
			release(st, stmt);
		}
		if (check == NULL || strcmp(check, "ok") != 0) {
			av_error_set(
				error_r,
				"state database %s is damaged (%s); it was left untouched. "
				"Before you move it away to start afresh: your interview notes "
				"are in it and stay in the moved file (afterview notes --export "
				"DIR saves them as text first), and a fresh database does not "
				"know which drafts you deleted, so the next run makes those "
				"again while their thank-you window is open (delete them "
				"again); drafts you kept are found again in Drafts",
				path, check ? check : sqlite3_errstr(rc));
			free(check);
			err = AV_ERR_STORE;
			goto fail;
		}
		free(check);
	}
	if ((err = migrate(st, existed, error_r)) != AV_OK)
		goto fail;
	/* a 512 KiB page cache (SQLite's default is 2 MiB): the kernel caches the file
	 * anyway, and a run of a large mailbox keeps to its memory budget (issue 12) */
	if ((err = exec(st,
			"PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
			" PRAGMA cache_size = -512;",
			error_r)) != AV_OK)
		goto fail;
	av_debug(AV_CAT_DB, "%s: open, schema %d", path, AV_STORE_SCHEMA_VERSION);
	free(dir);
	*store_r = st;
	return AV_OK;
fail:
	free(dir);
	av_store_close(&st);
	return err;
}

/* path as an SQLite URI file name: what is not plainly safe is %-escaped */
static char *
file_uri(const char *path, const char *query)
{
	struct av_buf b;

	av_buf_init(&b);
	av_buf_puts(&b, "file:");
	for (const unsigned char *p = (const unsigned char *)path; *p != '\0'; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("/._-~", *p) != NULL)
			av_buf_append(&b, p, 1);
		else
			av_buf_printf(&b, "%%%02X", *p);
	}
	av_buf_printf(&b, "?%s", query);
	return av_buf_steal(&b);
}

/* Open st->file read-only and read its marks: app id and schema version. */
static int
open_ro(struct av_store *st, bool immutable, int *app_r, int *version_r)
{
	char *uri = file_uri(st->file, immutable ? "mode=ro&immutable=1" : "mode=ro");
	int rc = sqlite3_open_v2(
		uri, &st->db,
		SQLITE_OPEN_READONLY | SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_URI | NO_MUTEX, NULL);

	free(uri);
	if (rc == SQLITE_OK) {
		sqlite3_extended_result_codes(st->db, 1);
		sqlite3_busy_timeout(st->db, BUSY_TIMEOUT_MS);
		if ((rc = pragma_int(st, "PRAGMA application_id", app_r)) == SQLITE_OK)
			rc = pragma_int(st, "PRAGMA user_version", version_r);
	}
	if (rc != SQLITE_OK) {
		cache_drop(st);
		sqlite3_close(st->db);
		st->db = NULL;
	}
	return rc;
}

enum av_err
av_store_open_readonly(const char *path, struct av_store **store_r, char **error_r)
{
	struct av_store *st = av_calloc(1, sizeof(*st));
	char *dir = NULL;
	bool existed;
	enum av_err err;
	int rc, app = 0, version = 0;

	st->path = av_strdup(path);
	st->lock_fd = -1;
	if ((err = resolve_file(st, &dir, error_r)) != AV_OK ||
	    (err = check_own_file(st, "-wal", error_r)) != AV_OK ||
	    (err = check_own_file(st, "-shm", error_r)) != AV_OK ||
	    (err = check_existing(st, false, &existed, error_r)) != AV_OK)
		goto fail;
	if (!existed) {
		av_error_set(error_r, "state database %s: no such file, or empty", path);
		err = AV_ERR_STORE;
		goto fail;
	}
	rc = open_ro(st, false, &app, &version);
	if (rc != SQLITE_OK) {
		/* WAL needs its -shm, which a read-only directory cannot hold: read the main
		 * file as it is, without what the -wal adds */
		av_debug(AV_CAT_DB, "%s: read-only open failed (%s), reading it as immutable", path,
			 sqlite3_errstr(rc));
		rc = open_ro(st, true, &app, &version);
		if (rc == SQLITE_OK)
			av_warn("%s: read as it is on disk; changes not yet moved out of its -wal "
				"file are not seen",
				path);
	}
	if (rc != SQLITE_OK) {
		err = db_error(st, rc, "cannot read", error_r);
		err = err == AV_ERR_TEMP ? err : AV_ERR_STORE;
		goto fail;
	}
	if (app != AV_STORE_APPLICATION_ID) {
		av_error_set(error_r,
			     "state database %s: an SQLite database that is not afterview's", path);
		err = AV_ERR_STORE;
		goto fail;
	}
	if (version > AV_STORE_SCHEMA_VERSION) {
		av_error_set(error_r,
			     "state database %s: schema version %d is newer than this afterview "
			     "understands (%d): upgrade afterview",
			     path, version, AV_STORE_SCHEMA_VERSION);
		err = AV_ERR_STORE;
		goto fail;
	}
	av_debug(AV_CAT_DB, "%s: open read-only, schema %d", path, version);
	st->version = version;
	free(dir);
	*store_r = st;
	return AV_OK;
fail:
	free(dir);
	av_store_close(&st);
	return err;
}

void
av_store_close(struct av_store **store)
{
	struct av_store *st = *store;

	if (st == NULL)
		return;
	cache_drop(st);
	if (st->db != NULL)
		sqlite3_close(st->db);
	if (st->lock_fd >= 0)
		close(st->lock_fd); /* releases the flock */
	free(st->path);
	free(st->file);
	free(st);
	*store = NULL;
}

enum av_err
av_store_begin(struct av_store *store, char **error_r)
{
	return exec(store, "BEGIN IMMEDIATE", error_r);
}

enum av_err
av_store_commit(struct av_store *store, char **error_r)
{
	return exec(store, "COMMIT", error_r);
}

void
av_store_rollback(struct av_store *store)
{
	if (!sqlite3_get_autocommit(store->db))
		sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
}

/* Step a statement that returns no rows, then release it. */
static enum av_err
run(struct av_store *st, sqlite3_stmt *stmt, const char *what, char **error_r)
{
	int rc = sqlite3_step(stmt);
	enum av_err err = AV_OK;

	if (rc != SQLITE_DONE)
		err = db_error(st, rc, what, error_r);
	release(st, stmt);
	return err;
}

static void
bind_text(sqlite3_stmt *stmt, int i, const char *s)
{
	if (s == NULL)
		sqlite3_bind_null(stmt, i);
	else
		sqlite3_bind_text(stmt, i, s, -1, SQLITE_TRANSIENT);
}

enum av_err
av_store_folder_get(struct av_store *store, const char *account, const char *folder,
		    struct av_folder_state *state_r, bool *found_r, char **error_r)
{
	sqlite3_stmt *stmt;
	enum av_err err;
	int rc;

	memset(state_r, 0, sizeof(*state_r));
	*found_r = false;
	/* an old database opened read-only: the count came with 10 */
	err = prepare(store,
		      store->version < 10
			      ? "SELECT uidvalidity, uidnext, highestmodseq, 0 FROM folder"
				" WHERE account = ?1 AND name = ?2"
			      : "SELECT uidvalidity, uidnext, highestmodseq, messages"
				" FROM folder WHERE account = ?1 AND name = ?2",
		      &stmt, error_r);
	if (err != AV_OK)
		return err;
	bind_text(stmt, 1, account);
	bind_text(stmt, 2, folder);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		state_r->uidvalidity = (uint32_t)sqlite3_column_int64(stmt, 0);
		state_r->uidnext = (uint32_t)sqlite3_column_int64(stmt, 1);
		state_r->highestmodseq = (uint64_t)sqlite3_column_int64(stmt, 2);
		state_r->messages = (uint32_t)sqlite3_column_int64(stmt, 3);
		*found_r = true;
	} else if (rc != SQLITE_DONE) {
		err = db_error(store, rc, "cannot read folder state", error_r);
	}
	release(store, stmt);
	return err;
}

enum av_err
av_store_folder_set(struct av_store *store, const char *account, const char *folder,
		    const struct av_folder_state *state, char **error_r)
{
	sqlite3_stmt *stmt;
	enum av_err err = prepare(store,
				  "INSERT INTO folder (account, name, uidvalidity, uidnext,"
				  " highestmodseq, messages) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
				  " ON CONFLICT (account, name) DO UPDATE SET"
				  " uidvalidity = ?3, uidnext = ?4, highestmodseq = ?5,"
				  " messages = ?6",
				  &stmt, error_r);

	if (err != AV_OK)
		return err;
	bind_text(stmt, 1, account);
	bind_text(stmt, 2, folder);
	sqlite3_bind_int64(stmt, 3, state->uidvalidity);
	sqlite3_bind_int64(stmt, 4, state->uidnext);
	sqlite3_bind_int64(stmt, 5, (sqlite3_int64)state->highestmodseq);
	sqlite3_bind_int64(stmt, 6, state->messages);
	return run(store, stmt, "cannot save folder state", error_r);
}

enum av_err
av_store_folder_names(struct av_store *store, const char *account, char ***names_r, char **error_r)
{
	struct av_strv sv = {0};
	sqlite3_stmt *stmt;
	enum av_err err = prepare(store, "SELECT name FROM folder WHERE account = ?1 ORDER BY name",
				  &stmt, error_r);
	int rc;

	*names_r = NULL;
	if (err != AV_OK)
		return err;
	bind_text(stmt, 1, account);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		av_strv_push(&sv, av_strdup((const char *)sqlite3_column_text(stmt, 0)));
	if (rc != SQLITE_DONE)
		err = db_error(store, rc, "cannot read the folders", error_r);
	release(store, stmt);
	*names_r = av_strv_finish(&sv);
	if (err != AV_OK)
		av_strv_free(names_r);
	return err;
}

enum av_err
av_store_folder_forget(struct av_store *store, const char *account, const char *folder,
		       uint32_t keep_uidvalidity, char **error_r)
{
	static const char *const sql[] = {
		"DELETE FROM calendar WHERE account = ?1 AND folder = ?2 AND uidvalidity != ?3",
		"DELETE FROM sent WHERE account = ?1 AND folder = ?2 AND uidvalidity != ?3",
	};

	for (size_t i = 0; i < sizeof(sql) / sizeof(sql[0]); i++) {
		sqlite3_stmt *stmt;
		enum av_err err = prepare(store, sql[i], &stmt, error_r);

		if (err != AV_OK)
			return err;
		bind_text(stmt, 1, account);
		bind_text(stmt, 2, folder);
		sqlite3_bind_int64(stmt, 3, keep_uidvalidity);
		if ((err = run(store, stmt, "cannot forget an old folder", error_r)) != AV_OK)
			return err;
	}
	return AV_OK;
}

enum av_err
av_store_calendar_add(struct av_store *store, const struct av_msgref *ref, const char *section,
		      const struct av_invite_mail *mail, const char *ics, size_t len,
		      char **error_r)
{
	sqlite3_stmt *stmt;
	enum av_err err =
		prepare(store,
			"INSERT OR IGNORE INTO calendar (account, folder, uidvalidity,"
			" uid, section, sender, ics, added, sender_name, subject, mail_to,"
			" mail_cc, list_id, list_unsubscribe, precedence)"
			" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, strftime('%s', 'now'), ?8, ?9,"
			" ?10, ?11, ?12, ?13, ?14)",
			&stmt, error_r);

	if (err != AV_OK)
		return err;
	bind_text(stmt, 1, ref->account);
	bind_text(stmt, 2, ref->folder);
	sqlite3_bind_int64(stmt, 3, ref->uidvalidity);
	sqlite3_bind_int64(stmt, 4, ref->uid);
	bind_text(stmt, 5, section);
	bind_text(stmt, 6, mail != NULL ? mail->from : NULL);
	sqlite3_bind_text(stmt, 7, ics, (int)len, SQLITE_TRANSIENT);
	bind_text(stmt, 8, mail != NULL ? mail->from_name : NULL);
	bind_text(stmt, 9, mail != NULL ? mail->subject : NULL);
	bind_text(stmt, 10, mail != NULL ? mail->to : NULL);
	bind_text(stmt, 11, mail != NULL ? mail->cc : NULL);
	bind_text(stmt, 12, mail != NULL ? mail->list_id : NULL);
	bind_text(stmt, 13, mail != NULL ? mail->list_unsubscribe : NULL);
	bind_text(stmt, 14, mail != NULL ? mail->precedence : NULL);
	return run(store, stmt, "cannot save a calendar", error_r);
}

enum av_err
av_store_calendar_each(struct av_store *store, const char *account, av_store_calendar_cb *cb,
		       void *ctx, char **error_r)
{
	sqlite3_stmt *stmt;
	enum av_err err = prepare(store,
				  "SELECT folder, uidvalidity, uid, section, sender, ics,"
				  " sender_name, subject, mail_to, mail_cc, list_id,"
				  " list_unsubscribe, precedence"
				  " FROM calendar WHERE account = ?1 ORDER BY id",
				  &stmt, error_r);
	int rc;

	if (err != AV_OK)
		return err;
	bind_text(stmt, 1, account);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct av_msgref ref = {account, (const char *)sqlite3_column_text(stmt, 0),
					(uint32_t)sqlite3_column_int64(stmt, 1),
					(uint32_t)sqlite3_column_int64(stmt, 2)};
		struct av_invite_mail mail = {(const char *)sqlite3_column_text(stmt, 4),
					      (const char *)sqlite3_column_text(stmt, 6),
					      (const char *)sqlite3_column_text(stmt, 7),
					      (const char *)sqlite3_column_text(stmt, 8),
					      (const char *)sqlite3_column_text(stmt, 9),
					      (const char *)sqlite3_column_text(stmt, 10),
					      (const char *)sqlite3_column_text(stmt, 11),
					      (const char *)sqlite3_column_text(stmt, 12)};
		const char *ics = (const char *)sqlite3_column_text(stmt, 5);

		if (!cb(ctx, &ref, (const char *)sqlite3_column_text(stmt, 3), &mail,
			ics ? ics : "", (size_t)sqlite3_column_bytes(stmt, 5))) {
			rc = SQLITE_DONE;
			break;
		}
	}
	if (rc != SQLITE_DONE)
		err = db_error(store, rc, "cannot read calendars", error_r);
	release(store, stmt);
	return err;
}

enum av_err
av_store_draft_who_each(struct av_store *store, const char *account, av_store_who_cb *cb, void *ctx,
			char **error_r)
{
	sqlite3_stmt *stmt;
	enum av_err err =
		prepare(store, "SELECT DISTINCT who FROM draft WHERE account = ?1", &stmt, error_r);
	int rc;

	if (err != AV_OK)
		return err;
	bind_text(stmt, 1, account);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		if (!cb(ctx, (const char *)sqlite3_column_text(stmt, 0))) {
			rc = SQLITE_DONE;
			break;
		}
	if (rc != SQLITE_DONE)
		err = db_error(store, rc, "cannot read drafts", error_r);
	release(store, stmt);
	return err;
}

void
av_sent_clear(struct av_sent *sent)
{
	free(sent->message_id);
	free(sent->subject);
	if (sent->recipients != NULL)
		for (char **r = sent->recipients; *r; r++)
			free(*r);
	free(sent->recipients);
	memset(sent, 0, sizeof(*sent));
}

enum av_err
av_store_sent_add(struct av_store *store, const struct av_msgref *ref, const struct av_sent *sent,
		  char **error_r)
{
	sqlite3_stmt *stmt;
	struct av_buf rcpt;
	enum av_err err = prepare(store,
				  "INSERT INTO sent (account, folder, uidvalidity, uid, message_id,"
				  " date, internaldate, subject, recipients, thanks)"
				  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
				  " ON CONFLICT (account, folder, uidvalidity, uid) DO UPDATE SET"
				  " thanks = CASE WHEN ?10 >= 0 THEN ?10 ELSE thanks END,"
				  " message_id = COALESCE(message_id, ?5)",
				  &stmt, error_r);

	if (err != AV_OK)
		return err;
	av_buf_init(&rcpt);
	for (char **r = sent->recipients; r && *r; r++) {
		if (rcpt.len > 0)
			av_buf_puts(&rcpt, "\n");
		av_buf_puts(&rcpt, *r);
	}
	bind_text(stmt, 1, ref->account);
	bind_text(stmt, 2, ref->folder);
	sqlite3_bind_int64(stmt, 3, ref->uidvalidity);
	sqlite3_bind_int64(stmt, 4, ref->uid);
	bind_text(stmt, 5, sent->message_id);
	sqlite3_bind_int64(stmt, 6, (sqlite3_int64)sent->date);
	sqlite3_bind_int64(stmt, 7, (sqlite3_int64)sent->internaldate);
	bind_text(stmt, 8, sent->subject);
	bind_text(stmt, 9, rcpt.data ? rcpt.data : "");
	sqlite3_bind_int(stmt, 10, sent->thanks);
	av_buf_clear(&rcpt);
	return run(store, stmt, "cannot save a sent envelope", error_r);
}

enum av_err
av_store_sent_each(struct av_store *store, const char *account, time_t since, av_store_sent_cb *cb,
		   void *ctx, char **error_r)
{
	sqlite3_stmt *stmt;
	/* read in the order of the index sent_order (rowid last in it: rows alike in all
	 * three keep the order they were stored in); a database older than schema 10
	 * opened read-only sorts them the same way, only slower */
	enum av_err err = prepare(store,
				  "SELECT folder, uidvalidity, uid, message_id, date, internaldate,"
				  " subject, recipients, thanks FROM sent WHERE account = ?1 AND"
				  " (CASE WHEN date > 0 THEN date ELSE internaldate END) >= ?2"
				  " ORDER BY date, internaldate, uid, rowid",
				  &stmt, error_r);
	int rc;
	char *text = NULL, **vec = NULL;
	size_t text_cap = 0, vec_cap = 0;

	if (err != AV_OK)
		return err;
	bind_text(stmt, 1, account);
	sqlite3_bind_int64(stmt, 2, (sqlite3_int64)since);
	/* tens of thousands of rows: each lent to cb from one buffer reused, no malloc per
	 * string (the strings are valid during the call only) */
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct av_msgref ref = {account, (const char *)sqlite3_column_text(stmt, 0),
					(uint32_t)sqlite3_column_int64(stmt, 1),
					(uint32_t)sqlite3_column_int64(stmt, 2)};
		const char *rcpt = (const char *)sqlite3_column_text(stmt, 7);
		size_t len = rcpt != NULL ? (size_t)sqlite3_column_bytes(stmt, 7) : 0, n = 0;
		struct av_sent sent = {
			(char *)sqlite3_column_text(stmt, 3),
			(time_t)sqlite3_column_int64(stmt, 4),
			(time_t)sqlite3_column_int64(stmt, 5),
			(char *)sqlite3_column_text(stmt, 6),
			NULL,
			sqlite3_column_int(stmt, 8),
		};
		char *end;
		bool go_on;

		if (len + 1 > text_cap) {
			text_cap = 2 * (len + 1);
			text = av_realloc(text, text_cap);
		}
		if (len > 0)
			memcpy(text, rcpt, len);
		text[len] = '\0';
		/* one recipient a line, up to the first NUL as a C string; memchr, not a loop
		 * per byte: this runs over every recipient in the horizon */
		end = memchr(text, '\0', len + 1);
		for (char *p = text; p < end;) {
			char *nl = memchr(p, '\n', (size_t)(end - p));

			if (n + 2 > vec_cap) {
				vec_cap = 2 * (n + 2);
				vec = av_realloc(vec, vec_cap * sizeof(*vec));
			}
			vec[n++] = p;
			if (nl == NULL)
				break;
			*nl = '\0';
			p = nl + 1;
		}
		if (vec == NULL) {
			vec_cap = 8;
			vec = av_malloc(vec_cap * sizeof(*vec));
		}
		vec[n] = NULL;
		sent.recipients = vec;
		go_on = cb(ctx, &ref, &sent);
		if (!go_on) {
			rc = SQLITE_DONE;
			break;
		}
	}
	free(text);
	free(vec);
	if (rc != SQLITE_DONE)
		err = db_error(store, rc, "cannot read sent envelopes", error_r);
	release(store, stmt);
	return err;
}

enum av_err
av_store_mark_set(struct av_store *store, const char *account, const char *uid, int mark,
		  char **error_r)
{
	sqlite3_stmt *stmt;
	enum av_err err;

	if (mark < 0)
		err = prepare(store, "DELETE FROM mark WHERE account = ?1 AND uid = ?2", &stmt,
			      error_r);
	else
		err = prepare(store,
			      "INSERT INTO mark (account, uid, mark) VALUES (?1, ?2, ?3)"
			      " ON CONFLICT (account, uid) DO UPDATE SET mark = ?3",
			      &stmt, error_r);
	if (err != AV_OK)
		return err;
	bind_text(stmt, 1, account);
	bind_text(stmt, 2, uid);
	if (mark >= 0)
		sqlite3_bind_int(stmt, 3, mark ? 1 : 0);
	return run(store, stmt, "cannot save a mark", error_r);
}

enum av_err
av_store_mark_get(struct av_store *store, const char *account, const char *uid, int *mark_r,
		  char **error_r)
{
	sqlite3_stmt *stmt;
	enum av_err err = prepare(store, "SELECT mark FROM mark WHERE account = ?1 AND uid = ?2",
				  &stmt, error_r);
	int rc;

	*mark_r = -1;
	if (err != AV_OK)
		return err;
	bind_text(stmt, 1, account);
	bind_text(stmt, 2, uid);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*mark_r = sqlite3_column_int(stmt, 0);
	else if (rc != SQLITE_DONE)
		err = db_error(store, rc, "cannot read a mark", error_r);
	release(store, stmt);
	return err;
}

enum av_err
av_store_language_set(struct av_store *store, const char *account, const char *uid,
		      const char *language, bool *changed_r, char **error_r)
{
	sqlite3_stmt *stmt;
	enum av_err err;

	if (changed_r != NULL)
		*changed_r = false;
	if (account == NULL || account[0] == '\0' || uid == NULL || uid[0] == '\0' ||
	    (language != NULL && language[0] == '\0')) {
		*error_r = av_strdup("a language mark needs an account, an invite and a language");
		return AV_ERR_SOFTWARE;
	}
	if (language == NULL)
		err = prepare(store, "DELETE FROM language WHERE account = ?1 AND uid = ?2", &stmt,
			      error_r);
	else
		err = prepare(store,
			      "INSERT INTO language (account, uid, language) VALUES (?1, ?2, ?3)"
			      " ON CONFLICT (account, uid) DO UPDATE SET language = ?3"
			      " WHERE language IS NOT ?3",
			      &stmt, error_r);
	if (err != AV_OK)
		return err;
	bind_text(stmt, 1, account);
	bind_text(stmt, 2, uid);
	if (language != NULL)
		bind_text(stmt, 3, language);
	err = run(store, stmt, "cannot save a language mark", error_r);
	if (err == AV_OK && changed_r != NULL)
		*changed_r = sqlite3_changes(store->db) > 0;
	return err;
}

enum av_err
av_store_language_get(struct av_store *store, const char *account, const char *uid,
		      char **language_r, char **error_r)
{
	sqlite3_stmt *stmt;
	enum av_err err;
	int rc;

	*language_r = NULL;
	if (store->version < 9) /* an old database opened read-only: the marks came with 9 */
		return AV_OK;
	err = prepare(store, "SELECT language FROM language WHERE account = ?1 AND uid = ?2", &stmt,
		      error_r);
	if (err != AV_OK)
		return err;
	bind_text(stmt, 1, account);
	bind_text(stmt, 2, uid);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*language_r = av_strdup((const char *)sqlite3_column_text(stmt, 0));
	else if (rc != SQLITE_DONE)
		err = db_error(store, rc, "cannot read a language mark", error_r);
	release(store, stmt);
	return err;
}

enum av_err
av_store_told_get(struct av_store *store, const char *account, const char *uid, const char *what,
		  char **version_r, char **error_r)
{
	sqlite3_stmt *stmt;
	enum av_err err = prepare(store,
				  "SELECT version FROM told WHERE account = ?1 AND uid = ?2"
				  " AND what = ?3",
				  &stmt, error_r);
	int rc;

	*version_r = NULL;
	if (err != AV_OK)
		return err;
	bind_text(stmt, 1, account);
	bind_text(stmt, 2, uid);
	bind_text(stmt, 3, what);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*version_r = av_strdup((const char *)sqlite3_column_text(stmt, 0));
	else if (rc != SQLITE_DONE)
		err = db_error(store, rc, "cannot read what was told", error_r);
	release(store, stmt);
	return err;
}

enum av_err
av_store_told_set(struct av_store *store, const char *account, const char *uid, const char *what,
		  const char *version, time_t at, char **error_r)
{
	sqlite3_stmt *stmt;
	enum av_err err = prepare(store,
				  "INSERT INTO told (account, uid, what, version, at)"
				  " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (account, uid, what)"
				  " DO UPDATE SET version = ?4, at = ?5",
				  &stmt, error_r);

	if (err != AV_OK)
		return err;
	bind_text(stmt, 1, account);
	bind_text(stmt, 2, uid);
	bind_text(stmt, 3, what);
	bind_text(stmt, 4, version);
	sqlite3_bind_int64(stmt, 5, (sqlite3_int64)at);
	return run(store, stmt, "cannot record what was told", error_r);
}

void
av_draft_row_clear(struct av_draft_row *row)
{
	free(row->token);
	free(row->invite_uid);
	free(row->who);
	free(row->message_id);
	free(row->folder);
	free(row->body_hash);
	free(row->basis);
	free(row->replaces_hash);
	free(row->subject);
	free(row->to_seen);
	memset(row, 0, sizeof(*row));
}

static char *
column_dup(sqlite3_stmt *stmt, int i)
{
	const char *s = (const char *)sqlite3_column_text(stmt, i);

	return s ? av_strdup(s) : NULL;
}

enum av_err
av_store_draft_get(struct av_store *store, const char *account, const char *token,
		   struct av_draft_row *row_r, bool *found_r, char **error_r)
{
	sqlite3_stmt *stmt;
	enum av_err err = prepare(store,
				  "SELECT token, invite_uid, who, state, message_id, folder,"
				  " uidvalidity, uid, created, body_hash, basis, replaces_uid,"
				  " replaces_hash, variant, subject, to_seen FROM draft"
				  " WHERE account = ?1 AND token = ?2",
				  &stmt, error_r);
	int rc;

	memset(row_r, 0, sizeof(*row_r));
	*found_r = false;
	if (err != AV_OK)
		return err;
	bind_text(stmt, 1, account);
	bind_text(stmt, 2, token);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		row_r->token = column_dup(stmt, 0);
		row_r->invite_uid = column_dup(stmt, 1);
		row_r->who = column_dup(stmt, 2);
		row_r->state = (enum av_draft_state)sqlite3_column_int(stmt, 3);
		row_r->message_id = column_dup(stmt, 4);
		row_r->folder = column_dup(stmt, 5);
		row_r->uidvalidity = (uint32_t)sqlite3_column_int64(stmt, 6);
		row_r->uid = (uint32_t)sqlite3_column_int64(stmt, 7);
		row_r->created = (time_t)sqlite3_column_int64(stmt, 8);
		row_r->body_hash = column_dup(stmt, 9);
		row_r->basis = column_dup(stmt, 10);
		row_r->replaces_uid = (uint32_t)sqlite3_column_int64(stmt, 11);
		row_r->replaces_hash = column_dup(stmt, 12);
		row_r->variant = (unsigned)sqlite3_column_int(stmt, 13);
		row_r->subject = column_dup(stmt, 14);
		row_r->to_seen = column_dup(stmt, 15);
		*found_r = true;
	} else if (rc != SQLITE_DONE) {
		err = db_error(store, rc, "cannot read a draft", error_r);
	}
	release(store, stmt);
	return err;
}

enum av_err
av_store_draft_intent(struct av_store *store, const char *account, const struct av_draft_row *row,
		      char **error_r)
{
	sqlite3_stmt *stmt;
	enum av_err err;

	/* the intent must survive a crash right after it: sync it fully */
	if ((err = exec(store, "PRAGMA synchronous = FULL", error_r)) != AV_OK)
		return err;
	err = prepare(store,
		      "INSERT INTO draft (account, token, invite_uid, who, state, message_id,"
		      " created, body_hash, basis, subject)"
		      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
		      " ON CONFLICT (account, token) DO UPDATE SET message_id = ?6,"
		      " body_hash = ?8, basis = ?9, subject = COALESCE(?10, subject)",
		      &stmt, error_r);
	if (err == AV_OK) {
		bind_text(stmt, 1, account);
		bind_text(stmt, 2, row->token);
		bind_text(stmt, 3, row->invite_uid);
		bind_text(stmt, 4, row->who);
		sqlite3_bind_int(stmt, 5, AV_DRAFT_INTENT);
		bind_text(stmt, 6, row->message_id);
		sqlite3_bind_int64(stmt, 7, (sqlite3_int64)row->created);
		bind_text(stmt, 8, row->body_hash);
		bind_text(stmt, 9, row->basis);
		bind_text(stmt, 10, row->subject);
		err = run(store, stmt, "cannot record a draft", error_r);
	}
	exec(store, "PRAGMA synchronous = NORMAL", NULL);
	return err;
}

enum av_err
av_store_draft_appended(struct av_store *store, const char *account, const char *token,
			const char *folder, uint32_t uidvalidity, uint32_t uid,
			const char *message_id, char **error_r)
{
	sqlite3_stmt *stmt;
	enum av_err err = prepare(store,
				  "UPDATE draft SET state = ?3, folder = ?4, uidvalidity = ?5,"
				  " uid = ?6, message_id = COALESCE(?7, message_id)"
				  " WHERE account = ?1 AND token = ?2",
				  &stmt, error_r);

	if (err != AV_OK)
		return err;
	bind_text(stmt, 1, account);
	bind_text(stmt, 2, token);
	sqlite3_bind_int(stmt, 3, AV_DRAFT_APPENDED);
	bind_text(stmt, 4, folder);
	sqlite3_bind_int64(stmt, 5, uidvalidity);
	sqlite3_bind_int64(stmt, 6, uid);
	bind_text(stmt, 7, message_id);
	return run(store, stmt, "cannot record a draft", error_r);
}

enum av_err
av_store_draft_set_state(struct av_store *store, const char *account, const char *token,
			 enum av_draft_state state, char **error_r)
{
	sqlite3_stmt *stmt;
	enum av_err err =
		prepare(store, "UPDATE draft SET state = ?3 WHERE account = ?1 AND token = ?2",
			&stmt, error_r);

	if (err != AV_OK)
		return err;
	bind_text(stmt, 1, account);
	bind_text(stmt, 2, token);
	sqlite3_bind_int(stmt, 3, state);
	return run(store, stmt, "cannot record a draft", error_r);
}

enum av_err
av_store_draft_set_hashes(struct av_store *store, const char *account, const char *token,
			  const char *body_hash, const char *basis, char **error_r)
{
	sqlite3_stmt *stmt;
	enum av_err err = prepare(store,
				  "UPDATE draft SET body_hash = ?3, basis = ?4"
				  " WHERE account = ?1 AND token = ?2",
				  &stmt, error_r);

	if (err != AV_OK)
		return err;
	bind_text(stmt, 1, account);
	bind_text(stmt, 2, token);
	bind_text(stmt, 3, body_hash);
	bind_text(stmt, 4, basis);
	return run(store, stmt, "cannot record a draft", error_r);
}

enum av_err
av_store_draft_delete(struct av_store *store, const char *account, const char *token,
		      char **error_r)
{
	sqlite3_stmt *stmt;
	enum av_err err = prepare(store, "DELETE FROM draft WHERE account = ?1 AND token = ?2",
				  &stmt, error_r);

	if (err != AV_OK)
		return err;
	bind_text(stmt, 1, account);
	bind_text(stmt, 2, token);
	return run(store, stmt, "cannot forget a draft", error_r);
}

enum av_err
av_store_notes_get(struct av_store *store, const char *account, const char *uid, char **text_r,
		   time_t *updated_r, char **error_r)
{
	sqlite3_stmt *stmt;
	enum av_err err =
		prepare(store, "SELECT text, updated FROM notes WHERE account = ?1 AND uid = ?2",
			&stmt, error_r);
	int rc;

	*text_r = NULL;
	if (updated_r != NULL)
		*updated_r = 0;
	if (err != AV_OK)
		return err;
	bind_text(stmt, 1, account);
	bind_text(stmt, 2, uid);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*text_r = column_dup(stmt, 0);
		if (updated_r != NULL)
			*updated_r = (time_t)sqlite3_column_int64(stmt, 1);
	} else if (rc != SQLITE_DONE) {
		err = db_error(store, rc, "cannot read notes", error_r);
	}
	release(store, stmt);
	return err;
}

enum av_err
av_store_notes_set(struct av_store *store, const char *account, const char *uid, const char *text,
		   time_t updated, char **error_r)
{
	sqlite3_stmt *stmt;
	enum av_err err = prepare(store,
				  "INSERT INTO notes (account, uid, text, updated)"
				  " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (account, uid)"
				  " DO UPDATE SET text = ?3, updated = ?4",
				  &stmt, error_r);

	if (err != AV_OK)
		return err;
	bind_text(stmt, 1, account);
	bind_text(stmt, 2, uid);
	bind_text(stmt, 3, text);
	sqlite3_bind_int64(stmt, 4, (sqlite3_int64)updated);
	return run(store, stmt, "cannot save notes", error_r);
}

enum av_err
av_store_notes_each(struct av_store *store, const char *account, av_store_notes_cb *cb, void *ctx,
		    char **error_r)
{
	sqlite3_stmt *stmt;
	enum av_err err;
	int rc;

	if (store->version < 3) /* an old database opened read-only: notes came with 3 */
		return AV_OK;
	err = prepare(store,
		      "SELECT uid, text, updated FROM notes WHERE account = ?1"
		      " ORDER BY updated",
		      &stmt, error_r);
	if (err != AV_OK)
		return err;
	bind_text(stmt, 1, account);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (!cb(ctx, (const char *)sqlite3_column_text(stmt, 0),
			(const char *)sqlite3_column_text(stmt, 1),
			(time_t)sqlite3_column_int64(stmt, 2))) {
			rc = SQLITE_DONE;
			break;
		}
	}
	if (rc != SQLITE_DONE)
		err = db_error(store, rc, "cannot read notes", error_r);
	release(store, stmt);
	return err;
}

enum av_err
av_store_draft_replacing(struct av_store *store, const char *account, const char *token,
			 uint32_t replaces_uid, const char *replaces_hash, const char *message_id,
			 const char *body_hash, const char *basis, char **error_r)
{
	sqlite3_stmt *stmt;
	enum av_err err;

	/* like an intent: it must survive a crash right after it */
	if ((err = exec(store, "PRAGMA synchronous = FULL", error_r)) != AV_OK)
		return err;
	err = prepare(store,
		      "UPDATE draft SET state = ?3, replaces_uid = ?4, replaces_hash = ?5,"
		      " message_id = COALESCE(?6, message_id), body_hash = ?7, basis = ?8"
		      " WHERE account = ?1 AND token = ?2",
		      &stmt, error_r);
	if (err == AV_OK) {
		bind_text(stmt, 1, account);
		bind_text(stmt, 2, token);
		sqlite3_bind_int(stmt, 3, AV_DRAFT_INTENT);
		sqlite3_bind_int64(stmt, 4, replaces_uid);
		bind_text(stmt, 5, replaces_hash);
		bind_text(stmt, 6, message_id);
		bind_text(stmt, 7, body_hash);
		bind_text(stmt, 8, basis);
		err = run(store, stmt, "cannot record a draft", error_r);
	}
	exec(store, "PRAGMA synchronous = NORMAL", NULL);
	return err;
}

enum av_err
av_store_draft_replaced(struct av_store *store, const char *account, const char *token,
			char **error_r)
{
	sqlite3_stmt *stmt;
	enum av_err err = prepare(store,
				  "UPDATE draft SET replaces_uid = 0, replaces_hash = NULL"
				  " WHERE account = ?1 AND token = ?2",
				  &stmt, error_r);

	if (err != AV_OK)
		return err;
	bind_text(stmt, 1, account);
	bind_text(stmt, 2, token);
	return run(store, stmt, "cannot record a draft", error_r);
}

enum av_err
av_store_draft_set_wording(struct av_store *store, const char *account, const char *token,
			   unsigned variant, const char *subject, char **error_r)
{
	sqlite3_stmt *stmt;
	enum av_err err = prepare(store,
				  "UPDATE draft SET variant = ?3, subject = COALESCE(?4, subject)"
				  " WHERE account = ?1 AND token = ?2",
				  &stmt, error_r);

	if (err != AV_OK)
		return err;
	bind_text(stmt, 1, account);
	bind_text(stmt, 2, token);
	sqlite3_bind_int64(stmt, 3, variant);
	bind_text(stmt, 4, subject);
	return run(store, stmt, "cannot record a draft", error_r);
}

enum av_err
av_store_draft_edited(struct av_store *store, const char *account, const char *token, uint32_t uid,
		      const char *to_seen, char **error_r)
{
	sqlite3_stmt *stmt;
	enum av_err err = prepare(store,
				  "UPDATE draft SET state = ?3, uid = ?4, to_seen = ?5"
				  " WHERE account = ?1 AND token = ?2",
				  &stmt, error_r);

	if (err != AV_OK)
		return err;
	bind_text(stmt, 1, account);
	bind_text(stmt, 2, token);
	sqlite3_bind_int(stmt, 3, AV_DRAFT_EDITED);
	sqlite3_bind_int64(stmt, 4, uid);
	bind_text(stmt, 5, to_seen);
	return run(store, stmt, "cannot record a draft", error_r);
}

/* The key of a thanked mark: an address folds to lower case (as av_addr_same compares),
 * a name stays as given. NULL (and error_r set) for a missing part: a caller's bug. */
static char *
thanked_who(const char *account, const char *uid, const char *who, char **error_r)
{
	if (account == NULL || *account == '\0' || uid == NULL || *uid == '\0' || who == NULL ||
	    *who == '\0') {
		av_error_set(error_r, "thanked mark: %s missing",
			     account == NULL || *account == '\0' ? "account"
			     : uid == NULL || *uid == '\0'	 ? "invite UID"
								 : "interviewer");
		return NULL;
	}
	return strchr(who, '@') != NULL ? av_text_lower_dup(who) : av_strdup(who);
}

enum av_err
av_store_thanked_set(struct av_store *store, const char *account, const char *uid, const char *who,
		     time_t at, char **error_r)
{
	char *key = thanked_who(account, uid, who, error_r);
	sqlite3_stmt *stmt;
	enum av_err err;

	if (key == NULL)
		return AV_ERR_SOFTWARE;
	if (at < 0) {
		av_error_set(error_r, "thanked mark: time %lld before 1970", (long long)at);
		free(key);
		return AV_ERR_SOFTWARE;
	}
	err = prepare(store,
		      "INSERT INTO thanked (account, uid, who, at) VALUES (?1, ?2, ?3, ?4)"
		      " ON CONFLICT (account, uid, who) DO UPDATE SET at = ?4",
		      &stmt, error_r);
	if (err == AV_OK) {
		bind_text(stmt, 1, account);
		bind_text(stmt, 2, uid);
		bind_text(stmt, 3, key);
		sqlite3_bind_int64(stmt, 4, (sqlite3_int64)at);
		err = run(store, stmt, "cannot save a thanked mark", error_r);
	}
	free(key);
	return err;
}

enum av_err
av_store_thanked_clear(struct av_store *store, const char *account, const char *uid,
		       const char *who, bool *cleared_r, char **error_r)
{
	char *key = thanked_who(account, uid, who, error_r);
	sqlite3_stmt *stmt;
	enum av_err err;

	if (cleared_r != NULL)
		*cleared_r = false;
	if (key == NULL)
		return AV_ERR_SOFTWARE;
	err = prepare(store, "DELETE FROM thanked WHERE account = ?1 AND uid = ?2 AND who = ?3",
		      &stmt, error_r);
	if (err == AV_OK) {
		bind_text(stmt, 1, account);
		bind_text(stmt, 2, uid);
		bind_text(stmt, 3, key);
		err = run(store, stmt, "cannot take back a thanked mark", error_r);
		if (err == AV_OK && cleared_r != NULL)
			*cleared_r = sqlite3_changes(store->db) > 0;
	}
	free(key);
	return err;
}

enum av_err
av_store_thanked_get(struct av_store *store, const char *account, const char *uid, const char *who,
		     bool *marked_r, time_t *at_r, char **error_r)
{
	char *key = thanked_who(account, uid, who, error_r);
	sqlite3_stmt *stmt;
	enum av_err err;
	int rc;

	*marked_r = false;
	if (at_r != NULL)
		*at_r = 0;
	if (key == NULL)
		return AV_ERR_SOFTWARE;
	err = prepare(store, "SELECT at FROM thanked WHERE account = ?1 AND uid = ?2 AND who = ?3",
		      &stmt, error_r);
	if (err == AV_OK) {
		bind_text(stmt, 1, account);
		bind_text(stmt, 2, uid);
		bind_text(stmt, 3, key);
		rc = sqlite3_step(stmt);
		if (rc == SQLITE_ROW) {
			*marked_r = true;
			if (at_r != NULL)
				*at_r = (time_t)sqlite3_column_int64(stmt, 0);
		} else if (rc != SQLITE_DONE) {
			err = db_error(store, rc, "cannot read a thanked mark", error_r);
		}
		release(store, stmt);
	}
	free(key);
	return err;
}
