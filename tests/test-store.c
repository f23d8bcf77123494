/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include "afterview/store.h"
#include "afterview/util.h"
#include "harness.h"

/* The draft table of schemas 3 to 6 (migration 6 -> 7 adds subject and to_seen). */
#define DRAFT_TABLE_V3                                                                             \
	"CREATE TABLE draft (account TEXT NOT NULL, token TEXT NOT NULL,"                          \
	" invite_uid TEXT NOT NULL, who TEXT NOT NULL, state INTEGER NOT NULL,"                    \
	" message_id TEXT, folder TEXT, uidvalidity INTEGER NOT NULL DEFAULT 0,"                   \
	" uid INTEGER NOT NULL DEFAULT 0, created INTEGER NOT NULL, body_hash TEXT,"               \
	" basis TEXT, replaces_uid INTEGER NOT NULL DEFAULT 0, replaces_hash TEXT,"                \
	" variant INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (account, token));"

/* The folder table of schemas 1 to 9 (migration 9 -> 10 adds messages). */
#define FOLDER_TABLE_V1                                                                            \
	"CREATE TABLE folder (account TEXT NOT NULL, name TEXT NOT NULL,"                          \
	" uidvalidity INTEGER NOT NULL, uidnext INTEGER NOT NULL,"                                 \
	" highestmodseq INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (account, name));"

/* The sent table of schemas 1 to 9 with its index then (migration 9 -> 10 replaces the
 * index: every older database has the table). */
#define SENT_TABLE_V1                                                                              \
	"CREATE TABLE sent (account TEXT NOT NULL, folder TEXT NOT NULL,"                          \
	" uidvalidity INTEGER NOT NULL, uid INTEGER NOT NULL, message_id TEXT,"                    \
	" date INTEGER NOT NULL, internaldate INTEGER NOT NULL, subject TEXT,"                     \
	" recipients TEXT NOT NULL, thanks INTEGER NOT NULL DEFAULT -1,"                           \
	" PRIMARY KEY (account, folder, uidvalidity, uid));"                                       \
	"CREATE INDEX sent_when ON sent (account, date, internaldate);"

static char tmpdir[] = "/tmp/av-test-store.XXXXXX";

static char *
slurp(const char *path, size_t *len_r)
{
	FILE *f = fopen(path, "rb");
	struct av_buf b;
	char chunk[4096];
	size_t n;

	av_buf_init(&b);
	if (f == NULL)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		av_buf_append(&b, chunk, n);
	fclose(f);
	*len_r = b.len;
	return av_buf_steal(&b);
}

static void
test_create_and_lock(void)
{
	char *path = av_asprintf("%s/state/sub/state.db", tmpdir);
	char *dir = av_asprintf("%s/state/sub", tmpdir);
	struct av_store *st = NULL, *st2 = NULL;
	char *err = NULL;
	struct stat sb;

	test_begin("a new database is private (dir 0700, file 0600) and locked per run");
	test_assert_int(av_store_open(path, &st, &err), AV_OK);
	test_assert(stat(dir, &sb) == 0 && (sb.st_mode & 0777) == 0700);
	test_assert(stat(path, &sb) == 0 && (sb.st_mode & 0777) == 0600);
	test_assert_int(av_store_open(path, &st2, &err), AV_ERR_TEMP);
	test_assert(st2 == NULL);
	test_assert(err != NULL && strstr(err, "another afterview run is in progress") != NULL);
	free(err);
	err = NULL;
	av_store_close(&st);
	test_assert(st == NULL);
	test_assert_int(av_store_open(path, &st2, &err), AV_OK);
	av_store_close(&st2);
	free(path);
	free(dir);
	test_end();
}

static void
test_foreign_and_corrupt(void)
{
	char *path = av_asprintf("%s/foreign.db", tmpdir);
	struct av_store *st = NULL;
	char *err = NULL, *before, *after;
	size_t blen, alen;
	FILE *f;
	sqlite3 *db;

	test_begin("a file that is not ours is refused and left untouched");
	f = fopen(path, "w");
	fputs("my diary, not a database\n", f);
	fclose(f);
	before = slurp(path, &blen);
	test_assert_int(av_store_open(path, &st, &err), AV_ERR_STORE);
	test_assert(err != NULL && strstr(err, "not an SQLite database") != NULL);
	free(err);
	err = NULL;
	after = slurp(path, &alen);
	test_assert(alen == blen && memcmp(before, after, blen) == 0);
	free(before);
	free(after);

	unlink(path);
	sqlite3_open(path, &db);
	sqlite3_exec(db, "CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('soup')",
		     NULL, NULL, NULL);
	sqlite3_close(db);
	before = slurp(path, &blen);
	test_assert_int(av_store_open(path, &st, &err), AV_ERR_STORE);
	test_assert(err != NULL && strstr(err, "not afterview's") != NULL);
	free(err);
	err = NULL;
	after = slurp(path, &alen);
	test_assert(alen == blen && memcmp(before, after, blen) == 0);
	free(before);
	free(after);
	test_end();

	test_begin("a damaged database is a clear error, never started afresh");
	unlink(path);
	test_assert_int(av_store_open(path, &st, &err), AV_OK);
	av_store_begin(st, &err);
	for (uint32_t i = 1; i <= 400; i++) {
		struct av_msgref ref = {"acc", "INBOX", 7, i};
		char ics[600];

		memset(ics, 'x', sizeof(ics) - 1);
		ics[sizeof(ics) - 1] = '\0';
		av_store_calendar_add(st, &ref, "2", NULL, ics, strlen(ics), &err);
	}
	av_store_commit(st, &err);
	av_store_close(&st);
	{
		/* checkpoint the WAL into the main file, then damage a page in the middle */
		sqlite3_open(path, &db);
		sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
		sqlite3_close(db);
		int fd = open(path, O_WRONLY);
		char junk[4096];

		memset(junk, 0xA5, sizeof(junk));
		test_assert(pwrite(fd, junk, sizeof(junk), 4096 * 3) == (ssize_t)sizeof(junk));
		close(fd);
	}
	before = slurp(path, &blen);
	test_assert_int(av_store_open(path, &st, &err), AV_ERR_STORE);
	test_assert(err != NULL && strstr(err, "is damaged") != NULL);
	free(err);
	err = NULL;
	after = slurp(path, &alen);
	test_assert(alen == blen && memcmp(before, after, blen) == 0);
	free(before);
	free(after);
	test_end();

	test_begin("a database from a newer afterview is refused");
	unlink(path);
	test_assert_int(av_store_open(path, &st, &err), AV_OK);
	av_store_close(&st);
	sqlite3_open(path, &db);
	sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL);
	sqlite3_close(db);
	test_assert_int(av_store_open(path, &st, &err), AV_ERR_STORE);
	test_assert(err != NULL && strstr(err, "schema version 99 is newer") != NULL);
	free(err);
	free(path);
	test_end();
}

struct collect {
	unsigned n;
	char last[64];
	char mail[128]; /* the last one's "display name|subject" */
	char rest[256]; /* the last one's "to|cc|list id|list unsubscribe|precedence" */
};

static bool
count_calendar(void *ctx, const struct av_msgref *ref, const char *section,
	       const struct av_invite_mail *mail, const char *ics, size_t len)
{
	struct collect *c = ctx;

	c->n++;
	snprintf(c->last, sizeof(c->last), "%s:%u:%u:%s:%s:%zu", ref->folder, ref->uidvalidity,
		 ref->uid, section, mail->from ? mail->from : "-", len);
	snprintf(c->mail, sizeof(c->mail), "%s|%s", mail->from_name ? mail->from_name : "-",
		 mail->subject ? mail->subject : "-");
	snprintf(c->rest, sizeof(c->rest), "%s|%s|%s|%s|%s", mail->to ? mail->to : "-",
		 mail->cc ? mail->cc : "-", mail->list_id ? mail->list_id : "-",
		 mail->list_unsubscribe ? mail->list_unsubscribe : "-",
		 mail->precedence ? mail->precedence : "-");
	(void)ics;
	return true;
}

static bool
count_sent(void *ctx, const struct av_msgref *ref, const struct av_sent *sent)
{
	struct collect *c = ctx;

	c->n++;
	snprintf(c->last, sizeof(c->last), "%u:%s:%s:%d", ref->uid, sent->recipients[0],
		 sent->recipients[1] ? sent->recipients[1] : "-", sent->thanks);
	return true;
}

static bool
count_notes(void *ctx, const char *uid, const char *text, time_t updated)
{
	struct collect *c = ctx;

	c->n++;
	snprintf(c->last, sizeof(c->last), "%s:%s:%lld", uid, text, (long long)updated);
	return true;
}

static void
test_data(void)
{
	char *path = av_asprintf("%s/data.db", tmpdir);
	struct av_store *st = NULL;
	char *err = NULL;
	struct av_folder_state fs = {1234, 57, 9000, 41}, got;
	bool found;
	struct av_msgref ref = {"work", "INBOX", 1234, 42};
	struct collect c = {0, "", "", ""};
	char jane[] = "jane@acme.example", bob[] = "bob@acme.example";
	char *rcpt[] = {jane, bob, NULL};
	struct av_sent sent = {NULL, 1000, 990, NULL, rcpt, -1};
	struct av_invite_mail mail = {.from = "no-reply@greenhouse.io",
				      .from_name = "Northbank Recruiting",
				      .subject = "Interview with Northbank"};
	int mark;

	test_begin("folder state survives a reopen; a new UIDVALIDITY forgets the old rows");
	test_assert_int(av_store_open(path, &st, &err), AV_OK);
	test_assert_int(av_store_folder_get(st, "work", "INBOX", &got, &found, &err), AV_OK);
	test_assert(!found && got.uidvalidity == 0);
	test_assert_int(av_store_folder_set(st, "work", "INBOX", &fs, &err), AV_OK);
	test_assert_int(av_store_calendar_add(st, &ref, "2.1", &mail, "BEGIN:VCALENDAR", 15, &err),
			AV_OK);
	/* the same part again: no second row */
	test_assert_int(av_store_calendar_add(st, &ref, "2.1", &mail, "BEGIN:VCALENDAR", 15, &err),
			AV_OK);
	av_store_close(&st);
	test_assert_int(av_store_open(path, &st, &err), AV_OK);
	test_assert_int(av_store_folder_get(st, "work", "INBOX", &got, &found, &err), AV_OK);
	test_assert(found && got.uidvalidity == 1234 && got.uidnext == 57 &&
		    got.highestmodseq == 9000 && got.messages == 41);
	test_assert_int(av_store_calendar_each(st, "work", count_calendar, &c, &err), AV_OK);
	test_assert_int(c.n, 1);
	test_assert_str(c.last, "INBOX:1234:42:2.1:no-reply@greenhouse.io:15");
	test_assert_str(c.mail, "Northbank Recruiting|Interview with Northbank");
	test_assert_int(av_store_folder_forget(st, "work", "INBOX", 1234, &err), AV_OK);
	c.n = 0;
	av_store_calendar_each(st, "work", count_calendar, &c, &err);
	test_assert_int(c.n, 1);
	test_assert_int(av_store_folder_forget(st, "work", "INBOX", 5678, &err), AV_OK);
	c.n = 0;
	av_store_calendar_each(st, "work", count_calendar, &c, &err);
	test_assert_int(c.n, 0);
	test_end();

	test_begin("sent envelopes: stored once, filtered by date, thanks kept once known");
	ref.folder = "Sent";
	ref.uid = 7;
	test_assert_int(av_store_sent_add(st, &ref, &sent, &err), AV_OK);
	sent.thanks = 1;
	test_assert_int(av_store_sent_add(st, &ref, &sent, &err), AV_OK);
	sent.thanks = -1;
	test_assert_int(av_store_sent_add(st, &ref, &sent, &err), AV_OK);
	c.n = 0;
	test_assert_int(av_store_sent_each(st, "work", 500, count_sent, &c, &err), AV_OK);
	test_assert_int(c.n, 1);
	test_assert_str(c.last, "7:jane@acme.example:bob@acme.example:1");
	c.n = 0;
	test_assert_int(av_store_sent_each(st, "work", 1001, count_sent, &c, &err), AV_OK);
	test_assert_int(c.n, 0);
	c.n = 0;
	test_assert_int(av_store_sent_each(st, "other", 0, count_sent, &c, &err), AV_OK);
	test_assert_int(c.n, 0);
	test_end();

	test_begin("marks: set, change, clear");
	test_assert_int(av_store_mark_get(st, "work", "uid-1", &mark, &err), AV_OK);
	test_assert_int(mark, -1);
	av_store_mark_set(st, "work", "uid-1", 1, &err);
	av_store_mark_get(st, "work", "uid-1", &mark, &err);
	test_assert_int(mark, 1);
	av_store_mark_set(st, "work", "uid-1", 0, &err);
	av_store_mark_get(st, "work", "uid-1", &mark, &err);
	test_assert_int(mark, 0);
	av_store_mark_set(st, "work", "uid-1", -1, &err);
	av_store_mark_get(st, "work", "uid-1", &mark, &err);
	test_assert_int(mark, -1);
	av_store_close(&st);
	free(path);
	test_end();
}

static int
user_version(const char *path)
{
	sqlite3 *db;
	sqlite3_stmt *stmt;
	int version = -1;

	sqlite3_open(path, &db);
	sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &stmt, NULL);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		version = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	return version;
}

static void
test_migration_and_drafts(void)
{
	char *path = av_asprintf("%s/v1.db", tmpdir);
	struct av_store *st = NULL;
	struct av_folder_state got;
	struct av_draft_row row, back;
	char *err = NULL;
	bool found;
	sqlite3 *db;
	int version = 0;
	sqlite3_stmt *stmt;

	test_begin("a schema-1 database is migrated and keeps its data");
	sqlite3_open(path, &db);
	sqlite3_exec(db,
		     "CREATE TABLE folder (account TEXT NOT NULL, name TEXT NOT NULL,"
		     " uidvalidity INTEGER NOT NULL, uidnext INTEGER NOT NULL,"
		     " highestmodseq INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (account, name));"
		     "INSERT INTO folder VALUES ('work', 'INBOX', 9, 77, 0);"
		     /* schema 1 had the calendar table too (migration 4 -> 5 alters it) */
		     "CREATE TABLE calendar (id INTEGER PRIMARY KEY,"
		     " account TEXT NOT NULL, folder TEXT NOT NULL,"
		     " uidvalidity INTEGER NOT NULL, uid INTEGER NOT NULL, section TEXT NOT NULL,"
		     " sender TEXT, ics TEXT NOT NULL, added INTEGER NOT NULL,"
		     " UNIQUE (account, folder, uidvalidity, uid, section));" SENT_TABLE_V1
		     "PRAGMA user_version = 1; PRAGMA application_id = 1097225847;",
		     NULL, NULL, NULL);
	sqlite3_close(db);
	test_assert_int(av_store_open(path, &st, &err), AV_OK);
	test_assert_int(av_store_folder_get(st, "work", "INBOX", &got, &found, &err), AV_OK);
	test_assert(found && got.uidvalidity == 9 && got.uidnext == 77);
	av_store_close(&st);
	sqlite3_open(path, &db);
	sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &stmt, NULL);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		version = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	test_assert_int(version, AV_STORE_SCHEMA_VERSION);
	test_end();

	/* issue 10: schema 5 keeps the message's display name and subject with each calendar;
	 * a schema-3 database opens, its rows read with neither */
	test_begin("a schema-3 database is migrated; its calendars read without name or subject");
	{
		char *p3 = av_asprintf("%s/v3.db", tmpdir);
		struct collect c = {0, "", "", ""};
		struct av_msgref ref = {"work", "INBOX", 5, 8};
		struct av_invite_mail mail = {.from = "jane@acme.example",
					      .from_name = "Acme Talent",
					      .subject = "Onsite"};

		sqlite3_open(p3, &db);
		test_assert_int(
			sqlite3_exec(
				db,
				"CREATE TABLE calendar (id INTEGER PRIMARY KEY,"
				" account TEXT NOT NULL, folder TEXT NOT NULL,"
				" uidvalidity INTEGER NOT NULL, uid INTEGER NOT NULL,"
				" section TEXT NOT NULL, sender TEXT, ics TEXT NOT NULL,"
				" added INTEGER NOT NULL,"
				" UNIQUE (account, folder, uidvalidity, uid, "
				"section));" DRAFT_TABLE_V3 FOLDER_TABLE_V1 SENT_TABLE_V1
				"INSERT INTO calendar (account, folder, uidvalidity, uid, section,"
				" sender, ics, added) VALUES ('work', 'INBOX', 5, 7, '2',"
				" 'no-reply@northbank.greenhouse-mail.io', 'BEGIN:VCALENDAR', 1);"
				"PRAGMA user_version = 3; PRAGMA application_id = 1097225847;",
				NULL, NULL, NULL),
			SQLITE_OK);
		sqlite3_close(db);
		test_assert_int(av_store_open(p3, &st, &err), AV_OK);
		test_assert_int(av_store_calendar_each(st, "work", count_calendar, &c, &err),
				AV_OK);
		test_assert_int(c.n, 1);
		test_assert_str(c.last, "INBOX:5:7:2:no-reply@northbank.greenhouse-mail.io:15");
		test_assert_str(c.mail, "-|-");
		/* a new part keeps them */
		test_assert_int(
			av_store_calendar_add(st, &ref, "2", &mail, "BEGIN:VCALENDAR", 15, &err),
			AV_OK);
		c.n = 0;
		test_assert_int(av_store_calendar_each(st, "work", count_calendar, &c, &err),
				AV_OK);
		test_assert_int(c.n, 2);
		test_assert_str(c.mail, "Acme Talent|Onsite");
		av_store_close(&st);
		sqlite3_open(p3, &db);
		sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &stmt, NULL);
		version = 0;
		if (sqlite3_step(stmt) == SQLITE_ROW)
			version = sqlite3_column_int(stmt, 0);
		sqlite3_finalize(stmt);
		sqlite3_close(db);
		test_assert_int(version, AV_STORE_SCHEMA_VERSION);
		unlink(p3);
		free(p3);
	}
	test_end();

	/* issue 10: schema 6 keeps whom the message went to and its list headers; a schema-5
	 * database opens and keeps its rows, which read without them */
	test_begin("a schema-5 database is migrated; its rows kept, read without To or list "
		   "headers");
	{
		char *p5 = av_asprintf("%s/v5.db", tmpdir);
		struct collect c = {0, "", "", ""};
		struct av_msgref ref = {"work", "INBOX", 5, 9};
		struct av_invite_mail mail = {"no-reply@northbank.greenhouse-mail.io",
					      "Northbank Recruiting",
					      "Interview with Northbank",
					      "sam@alias.example",
					      "kim@northbank.example\nlee@northbank.example",
					      "<jobs.northbank.example>",
					      "<mailto:unsubscribe@northbank.example>",
					      "bulk"};
		int mark = -1;

		sqlite3_open(p5, &db);
		test_assert_int(
			sqlite3_exec(
				db,
				"CREATE TABLE calendar (id INTEGER PRIMARY KEY,"
				" account TEXT NOT NULL, folder TEXT NOT NULL,"
				" uidvalidity INTEGER NOT NULL, uid INTEGER NOT NULL,"
				" section TEXT NOT NULL, sender TEXT, ics TEXT NOT NULL,"
				" added INTEGER NOT NULL, sender_name TEXT, subject TEXT,"
				" UNIQUE (account, folder, uidvalidity, uid, section));"
				"CREATE TABLE mark (account TEXT NOT NULL, uid TEXT NOT NULL,"
				" mark INTEGER NOT NULL, PRIMARY KEY (account, "
				"uid));" DRAFT_TABLE_V3 FOLDER_TABLE_V1 SENT_TABLE_V1
				"INSERT INTO calendar (account, folder, uidvalidity, uid, section,"
				" sender, ics, added, sender_name, subject) VALUES ('work', "
				"'INBOX',"
				" 5, 7, '2', 'jane@acme.example', 'BEGIN:VCALENDAR', 1,"
				" 'Acme Talent', 'Onsite');"
				"INSERT INTO mark VALUES ('work', 'uid-5', 1);"
				"PRAGMA user_version = 5; PRAGMA application_id = 1097225847;",
				NULL, NULL, NULL),
			SQLITE_OK);
		sqlite3_close(db);
		test_assert_int(av_store_open(p5, &st, &err), AV_OK);
		test_assert_int(av_store_calendar_each(st, "work", count_calendar, &c, &err),
				AV_OK);
		test_assert_int(c.n, 1);
		test_assert_str(c.last, "INBOX:5:7:2:jane@acme.example:15");
		test_assert_str(c.mail, "Acme Talent|Onsite");
		test_assert_str(c.rest, "-|-|-|-|-");
		test_assert_int(av_store_mark_get(st, "work", "uid-5", &mark, &err), AV_OK);
		test_assert_int(mark, 1);
		/* a new part keeps them all */
		test_assert_int(
			av_store_calendar_add(st, &ref, "2", &mail, "BEGIN:VCALENDAR", 15, &err),
			AV_OK);
		c.n = 0;
		test_assert_int(av_store_calendar_each(st, "work", count_calendar, &c, &err),
				AV_OK);
		test_assert_int(c.n, 2);
		test_assert_str(c.mail, "Northbank Recruiting|Interview with Northbank");
		test_assert_str(c.rest, "sam@alias.example|kim@northbank.example\n"
					"lee@northbank.example|<jobs.northbank.example>|"
					"<mailto:unsubscribe@northbank.example>|bulk");
		av_store_close(&st);
		test_assert_int(user_version(p5), AV_STORE_SCHEMA_VERSION);
		unlink(p5);
		free(p5);
	}
	test_end();

	test_begin("draft rows: intent, then appended, then gone");
	test_assert_int(av_store_open(path, &st, &err), AV_OK);
	memset(&row, 0, sizeof(row));
	row.token = av_strdup("0123456789abcdef0123456789abcdef");
	row.invite_uid = av_strdup("uid-1@example.com");
	row.who = av_strdup("jane@acme.example");
	row.message_id = av_strdup("m1@example.net");
	row.created = 1000;
	test_assert_int(av_store_draft_get(st, "work", row.token, &back, &found, &err), AV_OK);
	test_assert(!found);
	test_assert_int(av_store_draft_intent(st, "work", &row, &err), AV_OK);
	test_assert_int(av_store_draft_get(st, "work", row.token, &back, &found, &err), AV_OK);
	test_assert(found && back.state == AV_DRAFT_INTENT && back.uid == 0);
	av_draft_row_clear(&back);
	test_assert_int(av_store_draft_appended(st, "work", row.token, "Drafts", 5, 12, NULL, &err),
			AV_OK);
	av_store_close(&st);
	test_assert_int(av_store_open(path, &st, &err), AV_OK);
	test_assert_int(av_store_draft_get(st, "work", row.token, &back, &found, &err), AV_OK);
	test_assert(found && back.state == AV_DRAFT_APPENDED && back.uid == 12 &&
		    back.uidvalidity == 5);
	test_assert_str(back.folder, "Drafts");
	test_assert_str(back.message_id, "m1@example.net");
	av_draft_row_clear(&back);
	test_assert_int(av_store_draft_set_state(st, "work", row.token, AV_DRAFT_GONE, &err),
			AV_OK);
	av_store_draft_get(st, "work", row.token, &back, &found, &err);
	test_assert(found && back.state == AV_DRAFT_GONE);
	av_draft_row_clear(&back);
	test_assert_int(av_store_draft_set_hashes(st, "work", row.token, "h1", "b1", &err), AV_OK);
	av_store_draft_get(st, "work", row.token, &back, &found, &err);
	test_assert_str(back.body_hash, "h1");
	test_assert_str(back.basis, "b1");
	av_draft_row_clear(&back);
	/* schema 7: the subject (kept by set_wording unless NULL), and the person's edit */
	test_assert(back.subject == NULL && back.to_seen == NULL);
	test_assert_int(
		av_store_draft_set_wording(st, "work", row.token, 3, "Thank you — Acme", &err),
		AV_OK);
	test_assert_int(av_store_draft_set_wording(st, "work", row.token, 4, NULL, &err), AV_OK);
	av_store_draft_get(st, "work", row.token, &back, &found, &err);
	test_assert_str(back.subject, "Thank you — Acme");
	test_assert_int(back.variant, 4);
	av_draft_row_clear(&back);
	test_assert_int(av_store_draft_edited(st, "work", row.token, 40, "jane@acme.example", &err),
			AV_OK);
	av_store_draft_get(st, "work", row.token, &back, &found, &err);
	test_assert(found && back.state == AV_DRAFT_EDITED && back.uid == 40);
	test_assert_str(back.to_seen, "jane@acme.example");
	test_assert_str(back.subject, "Thank you — Acme");
	av_draft_row_clear(&back);
	test_assert_int(av_store_draft_edited(st, "work", row.token, 41, NULL, &err), AV_OK);
	av_store_draft_get(st, "work", row.token, &back, &found, &err);
	test_assert(found && back.uid == 41 && back.to_seen == NULL);
	av_draft_row_clear(&back);
	/* other accounts do not see it */
	av_store_draft_get(st, "home", row.token, &back, &found, &err);
	test_assert(!found);
	test_assert_int(av_store_draft_delete(st, "work", row.token, &err), AV_OK);
	av_store_draft_get(st, "work", row.token, &back, &found, &err);
	test_assert(!found);
	av_draft_row_clear(&row);
	av_store_close(&st);
	test_end();

	test_begin("notes: saved, replaced, listed per account");
	{
		char *text = NULL;
		time_t upd = 0;
		struct collect c = {0, "", "", ""};

		test_assert_int(av_store_open(path, &st, &err), AV_OK);
		test_assert_int(av_store_notes_get(st, "work", "u1", &text, &upd, &err), AV_OK);
		test_assert(text == NULL);
		test_assert_int(av_store_notes_set(st, "work", "u1", "first", 10, &err), AV_OK);
		test_assert_int(av_store_notes_set(st, "work", "u1", "second", 20, &err), AV_OK);
		test_assert_int(av_store_notes_set(st, "home", "u2", "other", 30, &err), AV_OK);
		test_assert_int(av_store_notes_get(st, "work", "u1", &text, &upd, &err), AV_OK);
		test_assert_str(text, "second");
		test_assert_int(upd, 20);
		free(text);
		test_assert_int(av_store_notes_each(st, "work", count_notes, &c, &err), AV_OK);
		test_assert_int(c.n, 1);
		test_assert_str(c.last, "u1:second:20");
		av_store_close(&st);
	}
	free(path);
	test_end();
}

static bool
has_table(const char *path, const char *name)
{
	sqlite3 *db;
	sqlite3_stmt *stmt;
	bool found;

	sqlite3_open(path, &db);
	sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1", -1,
			   &stmt, NULL);
	sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
	found = sqlite3_step(stmt) == SQLITE_ROW;
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	return found;
}

/* Schema 4 adds the table of what the person was told (a run says a maybe once). */
static void
test_told(void)
{
	char *path = av_asprintf("%s/v3.db", tmpdir);
	struct av_store *st = NULL;
	char *err = NULL, *version = NULL;
	sqlite3 *db;
	int mark = -1;

	test_begin("a schema-3 database opens, keeps its data and gains 'told'");
	/* a schema-3 database: today's schema without what 3 -> 4 ... 7 -> 8 added */
	test_assert_int(av_store_open(path, &st, &err), AV_OK);
	test_assert_int(av_store_mark_set(st, "work", "uid-3", 0, &err), AV_OK);
	av_store_close(&st);
	sqlite3_open(path, &db);
	test_assert_int(
		sqlite3_exec(db,
			     "DROP TABLE told; DROP TABLE thanked; DROP TABLE language;"
			     "ALTER TABLE folder DROP COLUMN messages;"
			     "ALTER TABLE calendar DROP COLUMN sender_name;"
			     "ALTER TABLE calendar DROP COLUMN subject;"
			     "ALTER TABLE calendar DROP COLUMN mail_to;"
			     "ALTER TABLE calendar DROP COLUMN mail_cc;"
			     "ALTER TABLE calendar DROP COLUMN list_id;"
			     "ALTER TABLE calendar DROP COLUMN list_unsubscribe;"
			     "ALTER TABLE calendar DROP COLUMN precedence;"
			     "ALTER TABLE draft DROP COLUMN subject; ALTER TABLE draft DROP COLUMN "
			     "to_seen;"
			     "PRAGMA user_version = 3;",
			     NULL, NULL, NULL),
		SQLITE_OK);
	sqlite3_close(db);
	test_assert_int(user_version(path), 3);
	test_assert(!has_table(path, "told"));
	test_assert_int(av_store_open(path, &st, &err), AV_OK);
	test_assert_int(av_store_mark_get(st, "work", "uid-3", &mark, &err), AV_OK);
	test_assert_int(mark, 0);
	test_assert_int(av_store_told_get(st, "work", "uid-3", "maybe", &version, &err), AV_OK);
	test_assert(version == NULL);
	av_store_close(&st);
	test_assert_int(user_version(path), AV_STORE_SCHEMA_VERSION);
	test_assert(has_table(path, "told"));
	test_end();

	test_begin("told: recorded per account, event and notice; a new version replaces");
	test_assert_int(av_store_open(path, &st, &err), AV_OK);
	test_assert_int(av_store_told_set(st, "work", "uid-3", "maybe", "0/100", 500, &err), AV_OK);
	test_assert_int(av_store_told_get(st, "work", "uid-3", "maybe", &version, &err), AV_OK);
	test_assert_str(version, "0/100");
	free(version);
	test_assert_int(av_store_told_set(st, "work", "uid-3", "maybe", "1/200", 600, &err), AV_OK);
	av_store_close(&st);
	test_assert_int(av_store_open(path, &st, &err), AV_OK);
	test_assert_int(av_store_told_get(st, "work", "uid-3", "maybe", &version, &err), AV_OK);
	test_assert_str(version, "1/200");
	free(version);
	av_store_told_get(st, "home", "uid-3", "maybe", &version, &err);
	test_assert(version == NULL);
	av_store_told_get(st, "work", "uid-4", "maybe", &version, &err);
	test_assert(version == NULL);
	av_store_told_get(st, "work", "uid-3", "other", &version, &err);
	test_assert(version == NULL);
	test_assert(err == NULL);
	av_store_close(&st);
	free(path);
	test_end();
}

/* Schema 9 adds the person's language marks (issue 15). */
static void
test_language(void)
{
	char *path = av_asprintf("%s/v8.db", tmpdir);
	struct av_store *st = NULL;
	char *err = NULL, *lang = NULL;
	sqlite3 *db;
	bool marked = false, changed = true;
	time_t at = 0;

	test_begin("a schema-8 database opens, keeps its data and gains 'language'");
	test_assert_int(av_store_open(path, &st, &err), AV_OK);
	test_assert_int(av_store_thanked_set(st, "work", "uid-9", "Ann Bo", 70, &err), AV_OK);
	av_store_close(&st);
	sqlite3_open(path, &db);
	test_assert_int(sqlite3_exec(db,
				     "DROP TABLE language; ALTER TABLE folder DROP COLUMN messages;"
				     "PRAGMA user_version = 8;",
				     NULL, NULL, NULL),
			SQLITE_OK);
	sqlite3_close(db);
	test_assert(!has_table(path, "language"));
	/* read-only, an old database has no language marks and is not changed */
	test_assert_int(av_store_open_readonly(path, &st, &err), AV_OK);
	test_assert_int(av_store_language_get(st, "work", "uid-9", &lang, &err), AV_OK);
	test_assert(lang == NULL);
	/* ... and its folders' states, without the count that came with schema 10 */
	{
		struct av_folder_state fs = {0, 0, 0, 99};
		bool found;

		test_assert_int(av_store_folder_get(st, "work", "INBOX", &fs, &found, &err), AV_OK);
		test_assert(fs.messages == 0);
	}
	av_store_close(&st);
	test_assert_int(user_version(path), 8);
	test_assert_int(av_store_open(path, &st, &err), AV_OK);
	test_assert_int(av_store_thanked_get(st, "work", "uid-9", "Ann Bo", &marked, &at, &err),
			AV_OK);
	test_assert(marked && at == 70);
	av_store_close(&st);
	test_assert_int(user_version(path), AV_STORE_SCHEMA_VERSION);
	test_assert(has_table(path, "language"));
	test_end();

	test_begin("language marks: set, changed, read after a reopen, taken back");
	test_assert_int(av_store_open(path, &st, &err), AV_OK);
	test_assert_int(av_store_language_get(st, "work", "uid-9", &lang, &err), AV_OK);
	test_assert(lang == NULL);
	test_assert_int(av_store_language_set(st, "work", "uid-9", "es", &changed, &err), AV_OK);
	test_assert(changed);
	test_assert_int(av_store_language_set(st, "work", "uid-9", "es", &changed, &err), AV_OK);
	test_assert(!changed); /* the same mark again changes nothing */
	test_assert_int(av_store_language_set(st, "work", "uid-9", "de", &changed, &err), AV_OK);
	test_assert(changed);
	av_store_close(&st);
	test_assert_int(av_store_open(path, &st, &err), AV_OK);
	test_assert_int(av_store_language_get(st, "work", "uid-9", &lang, &err), AV_OK);
	test_assert_str(lang, "de");
	free(lang);
	/* per account and invite */
	av_store_language_get(st, "home", "uid-9", &lang, &err);
	test_assert(lang == NULL);
	av_store_language_get(st, "work", "uid-8", &lang, &err);
	test_assert(lang == NULL);
	test_assert_int(av_store_language_set(st, "work", "uid-9", NULL, &changed, &err), AV_OK);
	test_assert(changed);
	test_assert_int(av_store_language_set(st, "work", "uid-9", NULL, &changed, &err), AV_OK);
	test_assert(!changed);
	av_store_language_get(st, "work", "uid-9", &lang, &err);
	test_assert(lang == NULL);
	test_assert(err == NULL);
	test_assert_int(av_store_language_set(st, "work", "", "es", NULL, &err), AV_ERR_SOFTWARE);
	test_assert(err != NULL);
	free(err);
	err = NULL;
	test_assert_int(av_store_language_set(st, "work", "uid-9", "", NULL, &err),
			AV_ERR_SOFTWARE);
	free(err);
	av_store_close(&st);
	free(path);
	test_end();
}

/* Schema 8 adds the person's "I thanked this interviewer" marks (issue 11). */
static void
test_thanked(void)
{
	char *path = av_asprintf("%s/v7.db", tmpdir);
	struct av_store *st = NULL;
	char *err = NULL;
	sqlite3 *db;
	int mark = -1;
	bool marked = true, cleared = true;
	time_t at = 1;

	test_begin("a schema-7 database opens, keeps its data and gains 'thanked'");
	test_assert_int(av_store_open(path, &st, &err), AV_OK);
	test_assert_int(av_store_mark_set(st, "work", "uid-8", 1, &err), AV_OK);
	test_assert_int(av_store_notes_set(st, "work", "uid-8", "== notes ==", 60, &err), AV_OK);
	av_store_close(&st);
	sqlite3_open(path, &db);
	test_assert_int(
		sqlite3_exec(db,
			     "DROP TABLE thanked; DROP TABLE language;"
			     "ALTER TABLE folder DROP COLUMN messages; PRAGMA user_version = 7;",
			     NULL, NULL, NULL),
		SQLITE_OK);
	sqlite3_close(db);
	test_assert_int(user_version(path), 7);
	test_assert(!has_table(path, "thanked"));
	test_assert_int(av_store_open(path, &st, &err), AV_OK);
	test_assert_int(av_store_mark_get(st, "work", "uid-8", &mark, &err), AV_OK);
	test_assert_int(mark, 1);
	test_assert_int(av_store_thanked_get(st, "work", "uid-8", "Jane Doe", &marked, &at, &err),
			AV_OK);
	test_assert(!marked && at == 0);
	test_assert_int(av_store_thanked_set(st, "work", "uid-8", "Jane Doe", 700, &err), AV_OK);
	av_store_close(&st);
	test_assert_int(user_version(path), AV_STORE_SCHEMA_VERSION);
	test_assert(has_table(path, "thanked"));
	test_end();

	test_begin("thanked marks: set, read, re-dated, taken back; per account and invite");
	test_assert_int(av_store_open(path, &st, &err), AV_OK);
	test_assert_int(av_store_thanked_get(st, "work", "uid-8", "Jane Doe", &marked, &at, &err),
			AV_OK);
	test_assert(marked && at == 700); /* kept across a reopen */
	/* a name is kept as given: another spelling is another key */
	test_assert_int(av_store_thanked_get(st, "work", "uid-8", "jane doe", &marked, NULL, &err),
			AV_OK);
	test_assert(!marked);
	/* an address is compared in lower case */
	test_assert_int(
		av_store_thanked_set(st, "work", "uid-8", "Kim.Osei@Acme.Example", 800, &err),
		AV_OK);
	test_assert_int(av_store_thanked_get(st, "work", "uid-8", "kim.osei@acme.example", &marked,
					     &at, &err),
			AV_OK);
	test_assert(marked && at == 800);
	test_assert_int(
		av_store_thanked_set(st, "work", "uid-8", "kim.osei@ACME.example", 900, &err),
		AV_OK);
	test_assert_int(av_store_thanked_get(st, "work", "uid-8", "KIM.OSEI@acme.example", &marked,
					     &at, &err),
			AV_OK);
	test_assert(marked && at == 900); /* one mark, re-dated */
	/* other accounts and other invites do not see them */
	av_store_thanked_get(st, "home", "uid-8", "Jane Doe", &marked, NULL, &err);
	test_assert(!marked);
	av_store_thanked_get(st, "work", "uid-7", "kim.osei@acme.example", &marked, NULL, &err);
	test_assert(!marked);
	/* taken back: once; the other mark stays */
	test_assert_int(av_store_thanked_clear(st, "work", "uid-8", "Kim.Osei@acme.example",
					       &cleared, &err),
			AV_OK);
	test_assert(cleared);
	test_assert_int(av_store_thanked_clear(st, "work", "uid-8", "kim.osei@acme.example",
					       &cleared, &err),
			AV_OK);
	test_assert(!cleared);
	test_assert_int(
		av_store_thanked_clear(st, "work", "uid-8", "kim.osei@acme.example", NULL, &err),
		AV_OK);
	av_store_thanked_get(st, "work", "uid-8", "kim.osei@acme.example", &marked, &at, &err);
	test_assert(!marked && at == 0);
	av_store_thanked_get(st, "work", "uid-8", "Jane Doe", &marked, NULL, &err);
	test_assert(marked);
	test_assert(err == NULL);
	test_end();

	test_begin("thanked marks: a missing account, invite or interviewer is refused");
	test_assert_int(av_store_thanked_set(st, NULL, "uid-8", "Jane Doe", 1, &err),
			AV_ERR_SOFTWARE);
	test_assert(err != NULL && strstr(err, "account") != NULL);
	free(err);
	err = NULL;
	test_assert_int(av_store_thanked_set(st, "work", "", "Jane Doe", 1, &err), AV_ERR_SOFTWARE);
	test_assert(err != NULL && strstr(err, "invite UID") != NULL);
	free(err);
	err = NULL;
	test_assert_int(av_store_thanked_set(st, "work", "uid-8", "", 1, &err), AV_ERR_SOFTWARE);
	test_assert(err != NULL && strstr(err, "interviewer") != NULL);
	free(err);
	err = NULL;
	test_assert_int(av_store_thanked_set(st, "work", "uid-8", "Ann Bo", -5, &err),
			AV_ERR_SOFTWARE);
	test_assert(err != NULL && strstr(err, "before 1970") != NULL);
	free(err);
	err = NULL;
	cleared = true;
	test_assert_int(av_store_thanked_clear(st, "work", NULL, "Jane Doe", &cleared, &err),
			AV_ERR_SOFTWARE);
	test_assert(!cleared);
	free(err);
	err = NULL;
	marked = true;
	test_assert_int(av_store_thanked_get(st, "work", "uid-8", NULL, &marked, &at, &err),
			AV_ERR_SOFTWARE);
	test_assert(!marked && at == 0);
	free(err);
	err = NULL;
	/* nothing was written, and Jane's mark is still there */
	av_store_thanked_get(st, "work", "uid-8", "Ann Bo", &marked, NULL, &err);
	test_assert(!marked);
	av_store_thanked_get(st, "work", "uid-8", "Jane Doe", &marked, NULL, &err);
	test_assert(marked);
	test_assert(err == NULL);
	av_store_close(&st);
	free(path);
	test_end();
}

/* A file's whole content, "" when it cannot be read. */
static char *
content_of(const char *path)
{
	size_t len;
	char *s = slurp(path, &len);

	return s != NULL ? s : av_strdup("");
}

static void
test_links_in_the_path(void)
{
	char *real = av_asprintf("%s/real-home", tmpdir);
	char *link = av_asprintf("%s/linked-home", tmpdir);
	char *path = av_asprintf("%s/linked-home/.local/state/afterview/state.db", tmpdir);
	char *in_real = av_asprintf("%s/real-home/.local/state/afterview/state.db", tmpdir);
	char *other = av_asprintf("%s/elsewhere.db", tmpdir);
	char *dbdir = av_asprintf("%s/dblink", tmpdir);
	char *dblink = av_asprintf("%s/dblink/state.db", tmpdir);
	struct av_store *st = NULL;
	char *err = NULL;
	struct stat sb;

	test_begin("a symlinked directory above the database works");
	test_assert(mkdir(real, 0700) == 0 && symlink(real, link) == 0);
	test_assert_int(av_store_open(path, &st, &err), AV_OK);
	test_assert(err == NULL);
	av_store_close(&st);
	test_assert(lstat(in_real, &sb) == 0 && S_ISREG(sb.st_mode));
	/* and again, now that it exists (quick_check, WAL files beside it) */
	test_assert_int(av_store_open(path, &st, &err), AV_OK);
	av_store_close(&st);
	test_end();

	test_begin("a symlinked database file is refused, and the cause named");
	test_assert_int(av_store_open(other, &st, &err), AV_OK);
	av_store_close(&st);
	test_assert(mkdir(dbdir, 0700) == 0 && symlink(other, dblink) == 0);
	test_assert_int(av_store_open(dblink, &st, &err), AV_ERR_STORE);
	test_assert(st == NULL);
	test_assert(err != NULL && strstr(err, dblink) != NULL &&
		    strstr(err, "is a symbolic link") != NULL);
	free(err);
	err = NULL;
	test_end();

	free(real);
	free(link);
	free(path);
	free(in_real);
	free(other);
	free(dbdir);
	free(dblink);
}

static void
test_planted_links(void)
{
	char *dir = av_asprintf("%s/planted", tmpdir);
	char *path = av_asprintf("%s/planted/state.db", tmpdir);
	char *lock = av_asprintf("%s/planted/state.db.lock", tmpdir);
	char *wal = av_asprintf("%s/planted/state.db-wal", tmpdir);
	char *victim = av_asprintf("%s/victim.txt", tmpdir);
	struct av_store *st = NULL;
	char *err = NULL, *after;
	struct stat sb;
	FILE *f;

	test_begin("a link planted as the lock file is refused; its target is untouched");
	test_assert(mkdir(dir, 0700) == 0);
	f = fopen(victim, "w");
	fputs("precious data\n", f);
	fclose(f);
	test_assert(chmod(victim, 0644) == 0);
	test_assert(symlink(victim, lock) == 0);
	test_assert_int(av_store_open(path, &st, &err), AV_ERR_STORE);
	test_assert(st == NULL);
	test_assert(err != NULL && strstr(err, "state.db.lock is a symbolic link") != NULL);
	free(err);
	err = NULL;
	after = content_of(victim);
	test_assert_str(after, "precious data\n");
	free(after);
	test_assert(stat(victim, &sb) == 0 && (sb.st_mode & 0777) == 0644);
	test_assert(lstat(path, &sb) != 0); /* nothing was created either */
	test_end();

	test_begin("a link planted as the -wal file is refused; its target is untouched");
	test_assert(unlink(lock) == 0);
	test_assert(symlink(victim, wal) == 0);
	test_assert_int(av_store_open(path, &st, &err), AV_ERR_STORE);
	test_assert(err != NULL && strstr(err, "state.db-wal is a symbolic link") != NULL);
	free(err);
	err = NULL;
	after = content_of(victim);
	test_assert_str(after, "precious data\n");
	free(after);
	test_assert(unlink(wal) == 0);
	test_assert_int(av_store_open(path, &st, &err), AV_OK);
	av_store_close(&st);
	test_end();

	test_begin("an existing database readable by others is made private on its descriptor");
	test_assert(chmod(path, 0644) == 0);
	test_assert(chmod(lock, 0666) == 0);
	test_assert_int(av_store_open(path, &st, &err), AV_OK);
	test_assert(stat(path, &sb) == 0 && (sb.st_mode & 0777) == 0600);
	test_assert(stat(lock, &sb) == 0 && (sb.st_mode & 0777) == 0600);
	av_store_close(&st);
	test_end();

	free(dir);
	free(path);
	free(lock);
	free(wal);
	free(victim);
}

static void
test_dir_mode(void)
{
	char *dir = av_asprintf("%s/open-dir", tmpdir);
	char *path = av_asprintf("%s/open-dir/state.db", tmpdir);
	struct av_store *st = NULL;
	char *err = NULL, *want;

	test_begin("a state directory others can write is refused, with the fix named");
	test_assert(mkdir(dir, 0700) == 0 && chmod(dir, 0777) == 0);
	test_assert_int(av_store_open(path, &st, &err), AV_ERR_STORE);
	test_assert(st == NULL);
	want = av_asprintf("run chmod go-w %s", dir);
	test_assert(err != NULL && strstr(err, "writable by everyone (mode 0777)") != NULL &&
		    strstr(err, want) != NULL);
	free(want);
	free(err);
	err = NULL;
	test_assert(chmod(dir, 0770) == 0);
	test_assert_int(av_store_open(path, &st, &err), AV_ERR_STORE);
	test_assert(err != NULL && strstr(err, "writable by its group") != NULL);
	free(err);
	err = NULL;
	test_assert(chmod(dir, 0755) == 0);
	test_assert_int(av_store_open(path, &st, &err), AV_OK);
	av_store_close(&st);
	test_end();
	free(dir);
	free(path);
}

static void
test_fifo(void)
{
	char *dir = av_asprintf("%s/fifo", tmpdir);
	char *path = av_asprintf("%s/fifo/state.db", tmpdir);
	char *shm = av_asprintf("%s/fifo/state.db-shm", tmpdir);
	struct av_store *st = NULL;
	char *err = NULL;
	time_t t0 = time(NULL);

	test_begin("a FIFO as the database or its -shm is refused at once");
	test_assert(mkdir(dir, 0700) == 0 && mkfifo(path, 0600) == 0);
	test_assert_int(av_store_open(path, &st, &err), AV_ERR_STORE);
	test_assert(err != NULL && strstr(err, "a FIFO (named pipe)") != NULL);
	free(err);
	err = NULL;
	test_assert(unlink(path) == 0 && mkfifo(shm, 0600) == 0);
	test_assert_int(av_store_open(path, &st, &err), AV_ERR_STORE);
	test_assert(err != NULL && strstr(err, "state.db-shm: a FIFO") != NULL);
	free(err);
	test_assert(time(NULL) - t0 <= 1);
	test_end();
	free(dir);
	free(path);
	free(shm);
}

static bool
collect_note(void *ctx, const char *uid, const char *text, time_t updated)
{
	struct av_buf *b = ctx;

	av_buf_printf(b, "%s=%s@%lld;", uid, text, (long long)updated);
	return true;
}

static void
test_readonly_export(void)
{
	char *dir = av_asprintf("%s/ro", tmpdir);
	char *path = av_asprintf("%s/ro/state.db", tmpdir);
	struct av_store *st = NULL;
	char *err = NULL, *before, *after;
	size_t blen, alen;
	struct av_buf got;
	struct stat sb;
	sqlite3 *db;
	int fd;

	test_begin("a damaged database: the advice names the notes and deleted drafts");
	test_assert_int(av_store_open(path, &st, &err), AV_OK);
	test_assert_int(av_store_notes_set(st, "acc", "uid-1", "my notes\n", 1000, &err), AV_OK);
	test_assert_int(av_store_notes_set(st, "other", "uid-2", "not this\n", 1001, &err), AV_OK);
	av_store_begin(st, &err);
	for (uint32_t i = 1; i <= 400; i++) {
		struct av_msgref ref = {"acc", "INBOX", 7, i};
		char ics[600];

		memset(ics, 'x', sizeof(ics) - 1);
		ics[sizeof(ics) - 1] = '\0';
		av_store_calendar_add(st, &ref, "2", NULL, ics, strlen(ics), &err);
	}
	av_store_commit(st, &err);
	av_store_close(&st);
	sqlite3_open(path, &db);
	sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
	sqlite3_close(db);
	fd = open(path, O_WRONLY);
	{
		char junk[4096];

		memset(junk, 0xA5, sizeof(junk));
		test_assert(pwrite(fd, junk, sizeof(junk), 4096 * 3) == (ssize_t)sizeof(junk));
	}
	close(fd);
	test_assert_int(av_store_open(path, &st, &err), AV_ERR_STORE);
	test_assert(err != NULL && strstr(err, "is damaged") != NULL &&
		    strstr(err, "afterview notes --export DIR") != NULL &&
		    strstr(err, "which drafts you deleted") != NULL);
	free(err);
	err = NULL;
	test_end();

	test_begin("a damaged, read-only database still gives its notes, untouched");
	test_assert(chmod(path, 0640) == 0);
	test_assert(chmod(dir, 0500) == 0);
	before = slurp(path, &blen);
	test_assert_int(av_store_open_readonly(path, &st, &err), AV_OK);
	av_buf_init(&got);
	if (st != NULL)
		test_assert_int(av_store_notes_each(st, "acc", collect_note, &got, &err), AV_OK);
	test_assert_str(got.data, "uid-1=my notes\n@1000;");
	av_buf_clear(&got);
	test_assert(st == NULL ||
		    av_store_notes_set(st, "acc", "uid-1", "x", 1, &err) == AV_ERR_STORE);
	free(err);
	err = NULL;
	av_store_close(&st);
	after = slurp(path, &alen);
	test_assert(after != NULL && alen == blen && memcmp(before, after, blen) == 0);
	test_assert(stat(path, &sb) == 0 && (sb.st_mode & 0777) == 0640);
	free(before);
	free(after);
	test_assert(chmod(dir, 0700) == 0);
	test_end();

	test_begin("read-only open: a missing file, a link as the file are refused");
	test_assert(unlink(path) == 0 && symlink("/etc/passwd", path) == 0);
	test_assert_int(av_store_open_readonly(path, &st, &err), AV_ERR_STORE);
	test_assert(err != NULL && strstr(err, "is a symbolic link") != NULL);
	free(err);
	err = NULL;
	test_assert(unlink(path) == 0);
	test_assert_int(av_store_open_readonly(path, &st, &err), AV_ERR_STORE);
	test_assert(err != NULL && strstr(err, "no such file") != NULL);
	test_assert(lstat(path, &sb) != 0);
	free(err);
	test_end();
	free(dir);
	free(path);
}

/* What a sent_each callback saw, as "folder:uid" in call order; the callback can also
 * ask the store again while the walk is under way (the store keeps its statements). */
struct walk {
	struct av_store *st;
	char seen[512];
	unsigned n, stop_after;
	bool nest;	   /* run the same walk again from inside the callback */
	unsigned inner_n;  /* rows the nested walks saw, summed */
	int mark;	   /* what a getter asked from inside the callback said */
	enum av_err inner; /* the first nested call's error, else AV_OK */
};

static bool
walk_sent(void *ctx, const struct av_msgref *ref, const struct av_sent *sent)
{
	struct walk *w = ctx;
	size_t len = strlen(w->seen);
	char *err = NULL;

	snprintf(w->seen + len, sizeof(w->seen) - len, "%s%s:%u", len ? " " : "", ref->folder,
		 ref->uid);
	(void)sent;
	w->n++;
	if (w->nest) {
		struct walk inner = {.st = w->st, .stop_after = 100};
		enum av_err e = av_store_sent_each(w->st, "work", 0, walk_sent, &inner, &err);

		if (e == AV_OK)
			e = av_store_mark_get(w->st, "work", "uid-w", &w->mark, &err);
		if (e != AV_OK && w->inner == AV_OK)
			w->inner = e;
		free(err);
		w->inner_n += inner.n;
	}
	/* a guard: a walk reset under its caller would start over and never end */
	return w->n < w->stop_after;
}

static void
test_statements(void)
{
	char *path = av_asprintf("%s/statements.db", tmpdir);
	struct av_store *st = NULL, *ro = NULL;
	char *err = NULL;
	char a[] = "a@example.org";
	char *rcpt[] = {a, NULL};
	/* out of order on purpose: date, then internaldate, then UID decide; a full tie
	 * (same date, internaldate and UID in two folders) keeps the order of insertion */
	static const struct {
		const char *folder;
		uint32_t uid;
		time_t date, internaldate;
	} rows[] = {
		{"Sent", 5, 300, 10}, {"Sent", 9, 200, 20},  {"Old", 9, 200, 20},
		{"Sent", 3, 200, 20}, {"Sent", 4, 200, 10},  {"Sent", 1, 0, 250},
		{"Sent", 2, 0, 50},   {"Sent", 6, 100, 400},
	};
	struct walk w;
	int mark;

	test_begin("sent_each: rows by date, internaldate, UID; ties as stored; before since left "
		   "out");
	test_assert_int(av_store_open(path, &st, &err), AV_OK);
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct av_msgref ref = {"work", rows[i].folder, 1, rows[i].uid};
		struct av_sent sent = {NULL, rows[i].date, rows[i].internaldate, NULL, rcpt, -1};

		test_assert_int(av_store_sent_add(st, &ref, &sent, &err), AV_OK);
		ref.account = "other";
		test_assert_int(av_store_sent_add(st, &ref, &sent, &err), AV_OK);
	}
	w = (struct walk){.st = st, .stop_after = 100};
	test_assert_int(av_store_sent_each(st, "work", 100, walk_sent, &w, &err), AV_OK);
	/* Sent:2 (date 0, internaldate 50) is before since */
	test_assert_str(w.seen, "Sent:1 Sent:6 Sent:4 Sent:3 Sent:9 Old:9 Sent:5");
	test_end();

	test_begin("statements kept: a walk stopped early starts afresh the next time");
	w = (struct walk){.st = st, .stop_after = 2};
	test_assert_int(av_store_sent_each(st, "work", 0, walk_sent, &w, &err), AV_OK);
	test_assert_str(w.seen, "Sent:2 Sent:1");
	w = (struct walk){.st = st, .stop_after = 100};
	test_assert_int(av_store_sent_each(st, "work", 0, walk_sent, &w, &err), AV_OK);
	test_assert_int(w.n, 8);
	test_assert(strncmp(w.seen, "Sent:2 Sent:1 ", 14) == 0);
	test_end();

	test_begin("statements kept: the same walk nested in its callback, and a getter in it");
	test_assert_int(av_store_mark_set(st, "work", "uid-w", 1, &err), AV_OK);
	w = (struct walk){.st = st, .stop_after = 100, .nest = true, .mark = -1};
	test_assert_int(av_store_sent_each(st, "work", 0, walk_sent, &w, &err), AV_OK);
	test_assert_int(w.inner, AV_OK);
	test_assert_int(w.n, 8);
	test_assert_int(w.inner_n, 64);
	test_assert_int(w.mark, 1);
	test_assert(strncmp(w.seen, "Sent:2 Sent:1 Sent:6 ", 21) == 0);
	/* and the kept statements still work after the nesting */
	test_assert_int(av_store_mark_get(st, "work", "uid-w", &mark, &err), AV_OK);
	test_assert_int(mark, 1);
	av_store_close(&st);
	test_end();

	test_begin("statements kept: one that failed works (and fails alike) again");
	test_assert_int(av_store_open_readonly(path, &ro, &err), AV_OK);
	test_assert_int(av_store_mark_set(ro, "work", "uid-w", 0, &err), AV_ERR_STORE);
	test_assert(err != NULL && strstr(err, "cannot save a mark") != NULL &&
		    strstr(err, "readonly") != NULL);
	free(err);
	err = NULL;
	test_assert_int(av_store_mark_set(ro, "work", "uid-w", 0, &err), AV_ERR_STORE);
	test_assert(err != NULL && strstr(err, "readonly") != NULL);
	free(err);
	err = NULL;
	test_assert_int(av_store_mark_get(ro, "work", "uid-w", &mark, &err), AV_OK);
	test_assert_int(mark, 1);
	av_store_close(&ro);
	test_end();
	free(path);
}

/* Each envelope's recipients as "a,b|" in call order, "-" for a row with none. */
static bool
list_recipients(void *ctx, const struct av_msgref *ref, const struct av_sent *sent)
{
	char *out = ctx;
	size_t len = strlen(out);

	(void)ref;
	if (sent->recipients[0] == NULL)
		len += (size_t)snprintf(out + len, 512 - len, "-");
	for (char **r = sent->recipients; *r != NULL; r++)
		len += (size_t)snprintf(out + len, 512 - len, "%s%s",
					r == sent->recipients ? "" : ",", *r);
	snprintf(out + len, 512 - len, "|");
	return true;
}

static void
test_recipients(void)
{
	char *path = av_asprintf("%s/recipients.db", tmpdir);
	struct av_store *st = NULL;
	char *err = NULL;
	char a[] = "a@example.org", b[] = "b@example.org", empty[] = "",
	     long_one[] = "a-rather-long-address-beyond-the-first-buffer@recruiting.example.com";
	char *none[] = {NULL}, *two_gap[] = {a, empty, b, NULL}, *one[] = {long_one, NULL},
	     *many[] = {a, b, a, b, a, b, a, b, a, b, a, NULL};
	char **lists[] = {none, two_gap, one, many, none};
	char out[512] = "";

	test_begin("sent_each: each envelope's recipients, one buffer reused for all");
	test_assert_int(av_store_open(path, &st, &err), AV_OK);
	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		struct av_msgref ref = {"work", "Sent", 1, (uint32_t)i + 1};
		struct av_sent sent = {NULL, 100 + (time_t)i, 0, NULL, lists[i], -1};

		test_assert_int(av_store_sent_add(st, &ref, &sent, &err), AV_OK);
	}
	test_assert_int(av_store_sent_each(st, "work", 0, list_recipients, out, &err), AV_OK);
	test_assert_str(out,
			"-|a@example.org,,b@example.org|"
			"a-rather-long-address-beyond-the-first-buffer@recruiting.example.com|"
			"a@example.org,b@example.org,a@example.org,b@example.org,a@example.org,"
			"b@example.org,a@example.org,b@example.org,a@example.org,b@example.org,"
			"a@example.org|-|");
	av_store_close(&st);
	test_end();
	free(path);
}

/* The columns of index name, comma-separated, "" when there is no such index. */
static void
index_columns(const char *path, const char *name, char *out, size_t size)
{
	sqlite3 *db;
	sqlite3_stmt *stmt;
	size_t len = 0;

	out[0] = '\0';
	sqlite3_open(path, &db);
	sqlite3_prepare_v2(db, "SELECT name FROM pragma_index_info(?1) ORDER BY seqno", -1, &stmt,
			   NULL);
	sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
	while (sqlite3_step(stmt) == SQLITE_ROW && len < size)
		len += (size_t)snprintf(out + len, size - len, "%s%s", len ? "," : "",
					(const char *)sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
	sqlite3_close(db);
}

/* Schema 10 indexes sent envelopes in the order sent_each reads them (issue 12). */
static void
test_sent_order(void)
{
	char *path = av_asprintf("%s/v9.db", tmpdir);
	struct av_store *st = NULL;
	char *err = NULL;
	char a[] = "a@example.org";
	char *rcpt[] = {a, NULL};
	char cols[128];
	sqlite3 *db;
	struct walk w;
	/* stored out of order; three alike in date, internaldate and UID (three folders); no
	 * date (0) first */
	static const struct {
		const char *folder;
		uint32_t uid;
		time_t date, internaldate;
	} rows[] = {
		{"Sent", 8, 500, 1}, {"Sent", 2, 500, 1}, {"B", 2, 500, 1},
		{"Sent", 7, 0, 600}, {"A", 2, 500, 1},	  {"Sent", 1, 40, 9},
	};
	static const char *const order = "Sent:7 Sent:1 Sent:2 B:2 A:2 Sent:8";

	test_begin("a new database indexes sent envelopes by account, date, internaldate, UID");
	test_assert_int(av_store_open(path, &st, &err), AV_OK);
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct av_msgref ref = {"work", rows[i].folder, 3, rows[i].uid};
		struct av_sent sent = {NULL, rows[i].date, rows[i].internaldate, NULL, rcpt, -1};

		test_assert_int(av_store_sent_add(st, &ref, &sent, &err), AV_OK);
	}
	av_store_close(&st);
	index_columns(path, "sent_order", cols, sizeof(cols));
	test_assert_str(cols, "account,date,internaldate,uid");
	index_columns(path, "sent_when", cols, sizeof(cols));
	test_assert_str(cols, "");
	test_end();

	test_begin("a schema-9 database reads sent envelopes in the same order, then migrates");
	sqlite3_open(path, &db);
	test_assert_int(
		sqlite3_exec(db,
			     "DROP INDEX sent_order;"
			     " CREATE INDEX sent_when ON sent (account, date, internaldate);"
			     " ALTER TABLE folder DROP COLUMN messages;"
			     " PRAGMA user_version = 9;",
			     NULL, NULL, NULL),
		SQLITE_OK);
	sqlite3_close(db);
	test_assert_int(av_store_open_readonly(path, &st, &err), AV_OK);
	w = (struct walk){.st = st, .stop_after = 100};
	test_assert_int(av_store_sent_each(st, "work", 0, walk_sent, &w, &err), AV_OK);
	test_assert_str(w.seen, order);
	av_store_close(&st);
	test_assert_int(user_version(path), 9);
	test_assert_int(av_store_open(path, &st, &err), AV_OK);
	w = (struct walk){.st = st, .stop_after = 100};
	test_assert_int(av_store_sent_each(st, "work", 0, walk_sent, &w, &err), AV_OK);
	test_assert_str(w.seen, order);
	av_store_close(&st);
	test_assert_int(user_version(path), AV_STORE_SCHEMA_VERSION);
	index_columns(path, "sent_order", cols, sizeof(cols));
	test_assert_str(cols, "account,date,internaldate,uid");
	index_columns(path, "sent_when", cols, sizeof(cols));
	test_assert_str(cols, "");
	test_end();
	free(path);
}

int
main(void)
{
	char *cmd;

	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 2;
	}
	test_create_and_lock();
	test_foreign_and_corrupt();
	test_data();
	test_migration_and_drafts();
	test_told();
	test_thanked();
	test_language();
	test_statements();
	test_sent_order();
	test_recipients();
	/* a hang in a test of a FIFO fails it instead of blocking the suite */
	alarm(30);
	test_links_in_the_path();
	test_planted_links();
	test_dir_mode();
	test_fifo();
	test_readonly_export();
	cmd = av_asprintf("rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		printf("could not remove %s\n", tmpdir);
	free(cmd);
	return test_exit();
}
