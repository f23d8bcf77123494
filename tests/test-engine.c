/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sync.c and engine.c against the in-memory driver (tests/mem-driver.h) and a real state
 * store (store.c on a temporary file): the draft lifecycle, scenario by scenario, then
 * every scenario again with its run cut at each call to the mailbox in turn.
 *
 * The world: INBOX holds the Quillfeather panel (Renée Dubois, Marcus Lee) and the
 * Halcyon itinerary (Jane Okafor, Tomás Lindqvist, Mei-Ling Park: no addresses), both
 * over at the run's time, and a dentist appointment; Sent an "Accepted:" reply; Drafts a
 * draft of the person's own, flagged \Deleted (a plain EXPUNGE would take it); Archive
 * some mail. Each scenario prepares the world (earlier runs, the person's doings), takes
 * a snapshot, does the run under test and checks, per interviewer, how many drafts of
 * ours are in Drafts, what they say, whether they were left untouched and what the
 * draft row says; and always that nothing outside Drafts changed (flags included), that
 * the person's own draft is untouched, and that one more run changes nothing.
 *
 * Faults: the run under test is repeated for every N from 1 to the number of calls the
 * clean run makes, the Nth call failing before it has any effect, and again after it
 * took effect (a crash right after the server acted): the run must fail with
 * AV_ERR_TEMP; a restart (a fresh driver over the same folders and the same store) must
 * end in the scenario's drafts, without a duplicate. AV_TEST_VERBOSE=1 shows the log. */
#include "config.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "afterview/conf.h"
#include "afterview/detect.h"
#include "afterview/draft.h"
#include "afterview/engine.h"
#include "afterview/message.h"
#include "afterview/log.h"
#include "afterview/mime.h"
#include "afterview/model.h"
#include "afterview/report.h"
#include "afterview/store.h"
#include "afterview/template.h"
#include "afterview/util.h"
#include "harness.h"
#include "mem-driver.h"

#ifndef AV_TEST_SRCDIR
#define AV_TEST_SRCDIR "."
#endif

#define ACCOUNT	    "test"
#define PANEL_UID   "panel-quillfeather-20261022@google.com"
#define HALCYON_UID "greenhouse-interview-7741029-20261022@greenhouse.io"
#define TOPIC	    "your move from cron jobs to a workflow engine"
#define TOPIC_SEEN  "a workflow engine" /* as the draft says it: flowed lines wrap */

static char *tmpdir;
static bool verbose;
static struct av_conf *conf;
static const struct av_account *acc;
static struct av_wordlists *words;
static struct av_templates *tpl;
static time_t now;     /* 2026-10-22T20:00:00Z: both interviews over, their windows open */
static time_t t_inbox; /* when the invites came */
static time_t t_sent;  /* when the sent mail went */

enum who { RENEE, MARCUS, JANE, TOMAS, MEILING, N_WHO };

static const struct {
	const char *invite;
	const char *who; /* address, else name: what the token is made of */
} people[N_WHO] = {
	{PANEL_UID, "renee.dubois@quillfeather.example"},
	{PANEL_UID, "marcus.lee@quillfeather.example"},
	{HALCYON_UID, "Jane Okafor"},
	{HALCYON_UID, "Tom\xc3\xa1s Lindqvist"},
	{HALCYON_UID, "Mei-Ling Park"},
};
static char *tokens[N_WHO];

#define test_assert_state(got, want) test_assert_str(av_state_name(got), av_state_name(want))

/* ---- files --------------------------------------------------------------------------- */

static char *
read_file(const char *path, size_t *len_r)
{
	FILE *f = fopen(path, "rb");
	struct av_buf b;
	char chunk[65536];
	size_t n;

	if (f == NULL) {
		perror(path);
		exit(2);
	}
	av_buf_init(&b);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		av_buf_append(&b, chunk, n);
	fclose(f);
	*len_r = b.len;
	return b.data != NULL ? av_buf_steal(&b) : av_strdup("");
}

static void
write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (f == NULL || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
		perror(path);
		exit(2);
	}
}

/* Add tests/data/<name> to folder f. */
static uint32_t
add_fixture(struct mem_folder *f, const char *name, time_t when, unsigned flags)
{
	char *path = av_asprintf("%s/tests/data/%s", AV_TEST_SRCDIR, name);
	size_t len;
	char *data = read_file(path, &len);
	uint32_t uid = mem_msg_add(f, data, len, when, flags);

	free(data);
	free(path);
	return uid;
}

static uint32_t
add_text(struct mem_folder *f, const char *text, time_t when, unsigned flags)
{
	return mem_msg_add(f, text, strlen(text), when, flags);
}

/* ---- the world ----------------------------------------------------------------------- */

struct world {
	struct mem_mailbox mb;
	char *db; /* owned: the state database's path */
};

static unsigned worlds;

static void
world_init(struct world *w, bool uidplus)
{
	struct mem_folder *f;

	mem_mailbox_init(&w->mb);
	w->mb.uidplus = uidplus;
	w->mb.clock = now;
	w->db = av_asprintf("%s/state-%u.db", tmpdir, ++worlds);
	f = mem_folder_add(&w->mb, "INBOX", -1, 1001);
	add_fixture(f, "invites/not-dentist-appointment.eml", t_inbox, MEM_SEEN);
	add_fixture(f, "run/panel-quillfeather.eml", t_inbox, MEM_SEEN | MEM_FLAGGED);
	add_fixture(f, "invites/greenhouse-panel-itinerary.eml", t_inbox, 0);
	f = mem_folder_add(&w->mb, "Sent", AV_FOLDER_SENT, 2002);
	add_fixture(f, "run/sent-accepted-marcus.eml", t_sent, MEM_SEEN);
	f = mem_folder_add(&w->mb, "Drafts", AV_FOLDER_DRAFTS, 3003);
	add_fixture(f, "imap/draft.eml", t_inbox, MEM_DRAFT | MEM_SEEN | MEM_DELETED);
	f = mem_folder_add(&w->mb, "Archive", -1, 4004);
	add_fixture(f, "imap/plain.eml", t_inbox, MEM_SEEN | MEM_ANSWERED);
	add_fixture(f, "sent/thanks-priya.eml", t_inbox, MEM_SEEN);
}

static void
db_remove(const char *db)
{
	const char *const ext[] = {"", "-wal", "-shm", ".lock"};

	for (size_t i = 0; i < sizeof(ext) / sizeof(*ext); i++) {
		char *p = av_asprintf("%s%s", db, ext[i]);

		unlink(p);
		free(p);
	}
}

static void
world_clear(struct world *w)
{
	mem_mailbox_clear(&w->mb);
	db_remove(w->db);
	free(w->db);
}

/* A saved world: the folders and the database's bytes (the store is closed between runs,
 * and sqlite folds its WAL into the file at the last close). */
struct saved {
	struct mem_mailbox mb;
	char *db;
	size_t db_len;
};

static void
world_save(const struct world *w, struct saved *s)
{
	mem_mailbox_copy(&s->mb, &w->mb);
	s->db = access(w->db, F_OK) == 0 ? read_file(w->db, &s->db_len) : NULL; /* none yet */
}

static void
world_restore(struct world *w, const struct saved *s)
{
	mem_mailbox_clear(&w->mb);
	mem_mailbox_copy(&w->mb, &s->mb);
	db_remove(w->db);
	if (s->db != NULL)
		write_file(w->db, s->db, s->db_len);
}

static void
saved_clear(struct saved *s)
{
	mem_mailbox_clear(&s->mb);
	free(s->db);
}

static struct av_store *
store_open(const struct world *w)
{
	struct av_store *st = NULL;
	char *error = NULL;

	if (av_store_open(w->db, &st, &error) != AV_OK) {
		printf("cannot open %s: %s\n", w->db, error);
		exit(2);
	}
	return st;
}

/* ---- one run ------------------------------------------------------------------------- */

struct outcome {
	enum av_err err;
	struct av_run_stats st; /* without st.sync.sent_folder */
	unsigned long calls;
	char **ops;	    /* owned, NULL-terminated: the operation of each call */
	unsigned dry_lines; /* "--- would append" lines printed */
};

static void
outcome_clear(struct outcome *o)
{
	for (char **p = o->ops; p != NULL && *p != NULL; p++)
		free(*p);
	free(o->ops);
	o->ops = NULL;
}

struct fault {
	const char *op;	   /* NULL: any call */
	unsigned long nth; /* 0: none */
	enum mem_fault kind;
};

static const struct fault no_fault = {NULL, 0, MEM_FAULT_BEFORE};

/* What the next run_engine's driver does before a call (mem_driver_hook), if fn is set. */
static struct {
	const char *op;
	unsigned long nth;
	void (*fn)(void *ctx);
	void *ctx;
} hook;

/* One run as `afterview run` does it: a session (driver), the store opened and closed. */
static struct outcome
run_engine(struct world *w, bool dry_run, struct fault fault)
{
	struct outcome o;
	struct av_run run;
	struct av_model m;
	char *error = NULL, *dry = NULL;
	size_t dry_len = 0;
	FILE *dry_out = open_memstream(&dry, &dry_len);

	memset(&o, 0, sizeof(o));
	memset(&run, 0, sizeof(run));
	mem_driver_open(&w->mb, dry_run, &run.drv);
	if (fault.nth != 0)
		mem_driver_fault(run.drv, fault.op, fault.nth, fault.kind);
	if (hook.fn != NULL)
		mem_driver_hook(run.drv, hook.op, hook.nth, hook.fn, hook.ctx);
	run.store = store_open(w);
	run.conf = conf;
	run.acc = acc;
	run.words = words;
	run.tpl = tpl;
	run.now = now;
	run.dry_run = dry_run;
	run.dry_out = dry_out;
	o.err = av_engine_run(&run, &m, &error);
	if (o.err != AV_OK && verbose)
		printf("  run: %s\n", error);
	o.calls = mem_driver_calls(run.drv);
	o.ops = av_calloc(o.calls + 1, sizeof(*o.ops));
	{
		const char *t = mem_driver_trace(run.drv);

		for (unsigned long i = 0; i < o.calls; i++) {
			size_t n = strcspn(t, " ");

			o.ops[i] = av_strndup(t, n);
			t += n + (t[n] == ' ');
		}
	}
	fclose(dry_out);
	for (const char *p = dry; p != NULL && (p = strstr(p, "--- would append")) != NULL; p++)
		o.dry_lines++;
	free(dry);
	free(error);
	o.st = run.stats;
	o.st.sync.sent_folder = NULL;
	av_model_clear(&m);
	av_run_stats_clear(&run.stats);
	run.drv->ops->close(&run.drv);
	av_store_close(&run.store);
	return o;
}

/* ---- what the person does ------------------------------------------------------------ */

static void
first_run(struct world *w)
{
	struct outcome o = run_engine(w, false, no_fault);

	test_assert_int(o.err, AV_OK);
	test_assert_int(o.st.drafts_made, 5);
	outcome_clear(&o);
}

static void
set_notes(struct world *w, const char *invite, const char *text)
{
	struct av_store *st = store_open(w);
	char *error = NULL;

	if (av_store_notes_set(st, ACCOUNT, invite, text, now - 600, &error) != AV_OK) {
		printf("notes: %s\n", error);
		exit(2);
	}
	av_store_close(&st);
}

static void
notes_about_renee(struct world *w)
{
	set_notes(w, PANEL_UID,
		  "== Ren\xc3\xa9"
		  "e Dubois <renee.dubois@quillfeather.example> ==\n"
		  "discussed: " TOPIC "\n");
}

static void
notes_about_marcus(struct world *w)
{
	set_notes(w, PANEL_UID,
		  "== Marcus Lee <marcus.lee@quillfeather.example> ==\n"
		  "discussed: the on-call rotation\n");
}

static struct mem_folder *
drafts_folder(const struct world *w)
{
	return mem_folder_get(&w->mb, "Drafts");
}

/* Whether msg is a draft of afterview's for token: its Message-ID carries the token's key
 * (or, a draft from before, its X-Afterview-Id is the token), as afterview knows them. */
static bool
carries(const struct mem_msg *msg, const char *token)
{
	char *id = mem_header_get(msg->data, msg->len, "Message-ID");
	char *legacy = mem_header_get(msg->data, msg->len, "X-Afterview-Id");
	char *key = av_message_id_key(token);
	bool yes = (id != NULL && strstr(id, key) != NULL) ||
		   (legacy != NULL && strcmp(legacy, token) == 0);

	free(id);
	free(legacy);
	free(key);
	return yes;
}

/* Our drafts for who in Drafts: how many, and the last one. */
static size_t
ours(const struct mem_mailbox *mb, enum who who, const struct mem_msg **last_r)
{
	const struct mem_folder *f = mem_folder_get(mb, "Drafts");
	size_t n = 0;

	if (last_r != NULL)
		*last_r = NULL;
	for (size_t i = 0; i < f->n; i++)
		if (carries(&f->msgs[i], tokens[who])) {
			n++;
			if (last_r != NULL)
				*last_r = &f->msgs[i];
		}
	return n;
}

/* The person edits Marcus's draft in their client: it saves the edit as a new message
 * with flags (a client's choice) and deletes the old one; with a new_id, the client wrote
 * a new Message-ID (Thunderbird), else it kept afterview's (Claws, NeoMutt, Mutt, Alpine).
 */
static void
edit_marcus_as(struct world *w, unsigned flags, const char *new_id)
{
	const struct mem_msg *m;
	struct av_buf b;
	const char *body, *id, *id_end;

	test_assert_int(ours(&w->mb, MARCUS, &m), 1);
	if (m == NULL)
		return;
	body = strstr(m->data, "\r\n\r\n");
	id = strstr(m->data, "\r\nMessage-ID: <");
	id_end = id != NULL ? strstr(id + 2, "\r\n") : NULL;
	av_buf_init(&b);
	if (new_id != NULL && id_end != NULL) {
		av_buf_append(&b, m->data, (size_t)(id - m->data));
		av_buf_printf(&b, "\r\nMessage-ID: <%s>", new_id);
		av_buf_append(&b, id_end, (size_t)(body - id_end) + 4);
	} else {
		av_buf_append(&b, m->data, (size_t)(body - m->data) + 4);
	}
	av_buf_puts(&b, "Marcus, one more thing before I forget.\r\n");
	av_buf_puts(&b, body + 4);
	{
		uint32_t old = m->uid;

		mem_msg_add(drafts_folder(w), b.data, b.len, now - 300, flags);
		mem_msg_remove(drafts_folder(w), old);
	}
	av_buf_clear(&b);
}

static void
edit_marcus(struct world *w)
{
	edit_marcus_as(w, MEM_DRAFT | MEM_SEEN, NULL);
}

/* The person flags Marcus's draft (to send it first, say). */
static void
flag_marcus(struct world *w, unsigned flag)
{
	struct mem_msg *m = NULL;

	test_assert_int(ours(&w->mb, MARCUS, (const struct mem_msg **)&m), 1);
	if (m != NULL)
		m->flags |= flag;
}

/* Drafts from an earlier afterview: the token in an X-Afterview-Id header, a Message-ID
 * without it (rewritten in place, each at its UID). */
static void
drafts_of_old(struct world *w)
{
	for (int i = 0; i < N_WHO; i++) {
		struct mem_msg *m = NULL;
		struct av_buf b;
		const char *id, *id_end;

		if (ours(&w->mb, (enum who)i, (const struct mem_msg **)&m) != 1 ||
		    (id = strstr(m->data, "\r\nMessage-ID: <")) == NULL)
			continue;
		id_end = strstr(id + 2, "\r\n");
		av_buf_init(&b);
		av_buf_append(&b, m->data, (size_t)(id - m->data));
		av_buf_printf(&b, "\r\nMessage-ID: <old-%d@example.net>\r\nX-Afterview-Id: %s", i,
			      tokens[i]);
		av_buf_puts(&b, id_end);
		free(m->data);
		m->len = b.len;
		m->data = av_buf_steal(&b);
	}
}

static void
delete_marcus(struct world *w)
{
	const struct mem_msg *m;

	test_assert_int(ours(&w->mb, MARCUS, &m), 1);
	if (m != NULL)
		mem_msg_remove(drafts_folder(w), m->uid);
}

static void
send(struct world *w, const char *text)
{
	add_text(mem_folder_get(&w->mb, "Sent"), text, now - 900, MEM_SEEN);
}

static void
thank_renee(struct world *w)
{
	add_fixture(mem_folder_get(&w->mb, "Sent"), "run/sent-thanks-renee.eml", now - 900,
		    MEM_SEEN);
}

static void
thank_marcus(struct world *w)
{
	send(w, "Date: Thu, 22 Oct 2026 15:30:00 -0400\n"
		"From: Sam Rivera <sam.rivera@example.net>\n"
		"To: Marcus Lee <marcus.lee@quillfeather.example>\n"
		"Subject: Thank you, Marcus\n"
		"Message-ID: <thanks-marcus@example.net>\n"
		"\n"
		"Thanks for the panel this morning.\n");
}

/* A thank-you whose subject does not tell: the run reads its text. */
static void
thank_marcus_unclear(struct world *w)
{
	send(w, "Date: Thu, 22 Oct 2026 15:30:00 -0400\n"
		"From: Sam Rivera <sam.rivera@example.net>\n"
		"To: Marcus Lee <marcus.lee@quillfeather.example>\n"
		"Subject: Following up\n"
		"Message-ID: <following-up-marcus@example.net>\n"
		"MIME-Version: 1.0\n"
		"Content-Type: text/plain; charset=UTF-8\n"
		"\n"
		"Marcus, thank you so much for your time this morning.\n");
}

/* issue 10: a short logistics reply that opens with "Thanks," (subject "Re: Next steps"),
 * quoting Marcus's mail that says "interview": no thank-you, only unsure. */
static void
reply_marcus_logistics(struct world *w)
{
	send(w, "Date: Thu, 22 Oct 2026 15:40:00 -0400\n"
		"From: Sam Rivera <sam.rivera@example.net>\n"
		"To: Marcus Lee <marcus.lee@quillfeather.example>\n"
		"Subject: Re: Next steps\n"
		"Message-ID: <next-steps-marcus@example.net>\n"
		"MIME-Version: 1.0\n"
		"Content-Type: text/plain; charset=UTF-8\n"
		"\n"
		"Thanks, Thursday at 3pm works for the second round.\n"
		"\n"
		"On Thu, Oct 22, 2026 at 11:05 AM Marcus Lee <marcus.lee@quillfeather.example> "
		"wrote:\n"
		"> Thank you for the interview today! Could you do Thursday at 3pm for the\n"
		"> second round?\n");
}

/* issue 11: the person says they thanked who (a thank-you from a client that keeps no
 * copy in Sent): `afterview mark ID thanked NAME`. */
static void
mark_thanked(struct world *w, enum who who)
{
	struct av_store *st = store_open(w);
	char *error = NULL;

	if (av_store_thanked_set(st, ACCOUNT, people[who].invite, people[who].who, now - 60,
				 &error) != AV_OK) {
		printf("thanked: %s\n", error);
		exit(2);
	}
	av_store_close(&st);
}

static void
cancel_halcyon(struct world *w)
{
	add_fixture(mem_folder_get(&w->mb, "INBOX"), "run/cancel-greenhouse.eml", now - 600, 0);
}

/* issue 14: drafts in Sent (an earlier afterview with drafts = Sent, or the person moved
 * them): Renée's draft of afterview's as it wrote it, without \Draft, and a thank-you to
 * Marcus that was only saved (\Draft). Neither went out. */
static void
drafts_in_sent(struct world *w)
{
	const struct mem_msg *m;

	test_assert_int(ours(&w->mb, RENEE, &m), 1);
	if (m != NULL)
		mem_msg_add(mem_folder_get(&w->mb, "Sent"), m->data, m->len, now - 900, MEM_SEEN);
	add_text(mem_folder_get(&w->mb, "Sent"),
		 "Date: Thu, 22 Oct 2026 15:30:00 -0400\n"
		 "From: Sam Rivera <sam.rivera@example.net>\n"
		 "To: Marcus Lee <marcus.lee@quillfeather.example>\n"
		 "Subject: Thank you, Marcus\n"
		 "Message-ID: <saved-thanks-marcus@example.net>\n"
		 "\n"
		 "Thanks for the panel this morning.\n",
		 now - 900, MEM_SEEN | MEM_DRAFT);
}

/* ---- scenarios ----------------------------------------------------------------------- */

enum {
	ROW_NONE = -1,	  /* no draft row */
	ROW_REMOVED = -2, /* withdrawn by afterview */
};

struct want {
	int n;		      /* our drafts for them in Drafts */
	int state;	      /* enum av_draft_state, ROW_NONE or ROW_REMOVED */
	const char *contains; /* what the draft says, or NULL */
	bool untouched;	      /* the draft is the one that was there before the run */
};

/* clang-format off */
#define APPENDED_SAME {1, AV_DRAFT_APPENDED, NULL, true}
#define APPENDED_NEW  {1, AV_DRAFT_APPENDED, NULL, false}
#define WITHDRAWN     {0, ROW_REMOVED, NULL, false}
#define NOTHING       {0, ROW_NONE, NULL, false}
/* clang-format on */

/* What a clean run counts. */
struct counts {
	unsigned made, would, found, replaced, withdrawn, edited, texts;
};

struct scenario {
	const char *name;
	const char *kept; /* in exactly one message of Drafts, before and after, the same */
	bool no_uidplus;
	void (*prepare)(struct world *w);
	bool dry_run;
	struct want want[N_WHO];
	struct counts st;
};

static void
prep_none(struct world *w)
{
	(void)w;
}

static void
prep_first(struct world *w)
{
	first_run(w);
}

static void
prep_crash_after_append(struct world *w)
{
	struct fault f = {"append", 3, MEM_FAULT_AFTER};
	struct outcome o = run_engine(w, false, f);

	test_assert_int(o.err, AV_ERR_TEMP);
	outcome_clear(&o);
	test_assert_int(drafts_folder(w)->n, 1 + 3); /* the third landed, unrecorded */
	test_assert_int(ours(&w->mb, JANE, NULL), 1);
}

static void
prep_crash_mid_replacement(struct world *w)
{
	struct fault f = {"append", 1, MEM_FAULT_AFTER};
	struct outcome o;

	first_run(w);
	notes_about_renee(w);
	o = run_engine(w, false, f);
	test_assert_int(o.err, AV_ERR_TEMP);
	outcome_clear(&o);
	test_assert_int(ours(&w->mb, RENEE, NULL), 2); /* both, after the crash */
}

static void
prep_stop_before_removal(struct world *w)
{
	struct fault f = {"withdraw", 1, MEM_FAULT_BEFORE};
	struct outcome o;

	first_run(w);
	notes_about_renee(w);
	o = run_engine(w, false, f);
	test_assert_int(o.err, AV_ERR_TEMP);
	outcome_clear(&o);
	test_assert_int(ours(&w->mb, RENEE, NULL), 2);
}

static void
prep_crash_then_deleted(struct world *w)
{
	const struct mem_msg *m;

	prep_crash_mid_replacement(w);
	while (ours(&w->mb, RENEE, &m) > 0)
		mem_msg_remove(drafts_folder(w), m->uid);
}

static void
prep_crash_then_cancelled(struct world *w)
{
	prep_crash_after_append(w);
	cancel_halcyon(w);
}

static void
prep_state_lost(struct world *w)
{
	first_run(w);
	db_remove(w->db);
}

static void
prep_inbox_recreated(struct world *w)
{
	first_run(w);
	mem_folder_get(&w->mb, "INBOX")->uidvalidity++;
}

static void
prep_notes(struct world *w)
{
	first_run(w);
	notes_about_renee(w);
}

static void
prep_edited(struct world *w)
{
	first_run(w);
	edit_marcus(w);
	notes_about_marcus(w);
}

static void
prep_edited_thanked(struct world *w)
{
	first_run(w);
	edit_marcus(w);
	thank_marcus(w);
}

static void
prep_deleted(struct world *w)
{
	first_run(w);
	delete_marcus(w);
}

static void
prep_drafts_in_sent(struct world *w)
{
	first_run(w);
	drafts_in_sent(w);
}

static void
prep_everything(struct world *w)
{
	first_run(w);
	notes_about_renee(w);
	thank_marcus(w);
	cancel_halcyon(w);
}

static void
prep_uidplus_gone(struct world *w)
{
	prep_everything(w);
	w->mb.uidplus = false; /* the server was changed */
}

static void
prep_cancelled(struct world *w)
{
	first_run(w);
	cancel_halcyon(w);
}

static void
prep_thanked(struct world *w)
{
	first_run(w);
	thank_renee(w);
}

static void
prep_thanked_unclear(struct world *w)
{
	first_run(w);
	thank_marcus_unclear(w);
}

static void
prep_logistics_reply(struct world *w)
{
	first_run(w);
	reply_marcus_logistics(w);
}

static void
prep_logistics_then_thanked(struct world *w)
{
	struct outcome o;

	prep_logistics_reply(w);
	o = run_engine(w, false, no_fault);
	test_assert_int(o.err, AV_OK);
	test_assert_int(o.st.withdrawn, 0);
	outcome_clear(&o);
	thank_marcus_unclear(w);
}

/* issue 11: every way a client saves the person's edit, and what the person marks */
static void
prep_edited_claws(struct world *w)
{
	first_run(w);
	edit_marcus_as(w, 0, NULL); /* no \Draft, unseen, the Message-ID kept */
	notes_about_marcus(w);
}

static void
prep_edited_new_id(struct world *w)
{
	first_run(w);
	edit_marcus_as(w, MEM_DRAFT | MEM_SEEN, "tb-1234@example.net");
	notes_about_marcus(w);
}

static void
prep_edited_new_id_thanked(struct world *w)
{
	first_run(w);
	edit_marcus_as(w, MEM_DRAFT | MEM_SEEN, "tb-1234@example.net");
	thank_marcus(w);
}

static void
prep_flagged(struct world *w)
{
	first_run(w);
	flag_marcus(w, MEM_FLAGGED);
	notes_about_marcus(w);
}

static void
prep_keyword_thanked(struct world *w)
{
	first_run(w);
	flag_marcus(w, MEM_KEYWORD);
	thank_marcus(w);
}

static void
prep_old_drafts_state_lost(struct world *w)
{
	first_run(w);
	drafts_of_old(w);
	db_remove(w->db);
}

static void
prep_marked(struct world *w)
{
	first_run(w);
	mark_thanked(w, RENEE);
	mark_thanked(w, JANE); /* no address: marked by name */
}

static void
prep_deleted_marked(struct world *w)
{
	first_run(w);
	delete_marcus(w);
	mark_thanked(w, MARCUS);
}

static void
prep_edited_marked(struct world *w)
{
	first_run(w);
	edit_marcus(w);
	mark_thanked(w, MARCUS);
}

static void
prep_marked_first(struct world *w)
{
	mark_thanked(w, MARCUS); /* before any run: no draft is ever made */
}

static const struct scenario scenarios[] = {
	{.name = "first run: one draft per pending interviewer",
	 .prepare = prep_none,
	 .want = {APPENDED_NEW, APPENDED_NEW, APPENDED_NEW, APPENDED_NEW, APPENDED_NEW},
	 .st = {.made = 5}},
	{.name = "a second run makes nothing",
	 .prepare = prep_first,
	 .want = {APPENDED_SAME, APPENDED_SAME, APPENDED_SAME, APPENDED_SAME, APPENDED_SAME}},
	{.name = "crash after an APPEND: no duplicate",
	 .prepare = prep_crash_after_append,
	 .want = {APPENDED_SAME, APPENDED_SAME, APPENDED_SAME, APPENDED_NEW, APPENDED_NEW},
	 .st = {.made = 2, .found = 1}},
	{.name = "crash mid-replacement: the next run keeps the new one only",
	 .prepare = prep_crash_mid_replacement,
	 .want = {{1, AV_DRAFT_APPENDED, TOPIC_SEEN, true},
		  APPENDED_SAME,
		  APPENDED_SAME,
		  APPENDED_SAME,
		  APPENDED_SAME},
	 .st = {.replaced = 1}},
	{.name = "stopped before the old draft's removal: removed next run",
	 .prepare = prep_stop_before_removal,
	 .want = {{1, AV_DRAFT_APPENDED, TOPIC_SEEN, true},
		  APPENDED_SAME,
		  APPENDED_SAME,
		  APPENDED_SAME,
		  APPENDED_SAME},
	 .st = {.replaced = 1}},
	{.name = "crash mid-replacement, then the person deleted both: never made again",
	 .prepare = prep_crash_then_deleted,
	 .want = {{0, AV_DRAFT_GONE, NULL, false},
		  APPENDED_SAME,
		  APPENDED_SAME,
		  APPENDED_SAME,
		  APPENDED_SAME}},
	{.name = "crash after an APPEND, then cancelled: the stray draft withdrawn",
	 .prepare = prep_crash_then_cancelled,
	 .want = {APPENDED_SAME, APPENDED_SAME, WITHDRAWN, NOTHING, NOTHING},
	 .st = {.withdrawn = 1}},
	{.name = "the state lost: every draft found, none made again",
	 .prepare = prep_state_lost,
	 .want = {APPENDED_SAME, APPENDED_SAME, APPENDED_SAME, APPENDED_SAME, APPENDED_SAME},
	 .st = {.found = 5}},
	{.name = "INBOX recreated (UIDVALIDITY): read again, nothing made again",
	 .prepare = prep_inbox_recreated,
	 .want = {APPENDED_SAME, APPENDED_SAME, APPENDED_SAME, APPENDED_SAME, APPENDED_SAME}},
	{.name = "notes changed: the draft is made anew",
	 .prepare = prep_notes,
	 .want = {{1, AV_DRAFT_APPENDED, TOPIC_SEEN, false},
		  APPENDED_SAME,
		  APPENDED_SAME,
		  APPENDED_SAME,
		  APPENDED_SAME},
	 .st = {.replaced = 1}},
	{.name = "a draft the person edited is never touched (notes changed)",
	 .prepare = prep_edited,
	 .want = {APPENDED_SAME,
		  {1, AV_DRAFT_EDITED, "one more thing", true},
		  APPENDED_SAME,
		  APPENDED_SAME,
		  APPENDED_SAME},
	 .st = {.edited = 1}},
	{.name = "a draft the person edited is never touched (thanked)",
	 .prepare = prep_edited_thanked,
	 .want = {APPENDED_SAME,
		  {1, AV_DRAFT_EDITED, "one more thing", true},
		  APPENDED_SAME,
		  APPENDED_SAME,
		  APPENDED_SAME},
	 .st = {.edited = 1}},
	{.name = "Claws: the edit saved unseen, without \\Draft, the Message-ID kept: edited",
	 .prepare = prep_edited_claws,
	 .want = {APPENDED_SAME,
		  {1, AV_DRAFT_EDITED, "one more thing", true},
		  APPENDED_SAME,
		  APPENDED_SAME,
		  APPENDED_SAME},
	 .st = {.edited = 1}},
	{.name = "Thunderbird: the edit under a new Message-ID: edited by To and Subject",
	 .prepare = prep_edited_new_id,
	 .kept = "tb-1234@example.net",
	 .want = {APPENDED_SAME,
		  {0, AV_DRAFT_EDITED, NULL, false},
		  APPENDED_SAME,
		  APPENDED_SAME,
		  APPENDED_SAME},
	 .st = {.edited = 1}},
	{.name = "... and thanked: the person's copy stays",
	 .prepare = prep_edited_new_id_thanked,
	 .kept = "tb-1234@example.net",
	 .want = {APPENDED_SAME,
		  {0, AV_DRAFT_EDITED, NULL, false},
		  APPENDED_SAME,
		  APPENDED_SAME,
		  APPENDED_SAME},
	 .st = {.edited = 1}},
	{.name = "a draft the person flagged is never replaced (notes changed)",
	 .prepare = prep_flagged,
	 .want = {APPENDED_SAME,
		  {1, AV_DRAFT_EDITED, NULL, true},
		  APPENDED_SAME,
		  APPENDED_SAME,
		  APPENDED_SAME},
	 .st = {.edited = 1}},
	{.name = "a draft with a keyword of the person's is never withdrawn (thanked)",
	 .prepare = prep_keyword_thanked,
	 .want = {APPENDED_SAME,
		  {1, AV_DRAFT_EDITED, NULL, true},
		  APPENDED_SAME,
		  APPENDED_SAME,
		  APPENDED_SAME},
	 .st = {.edited = 1}},
	{.name = "drafts of an earlier afterview (X-Afterview-Id), the state lost: found",
	 .prepare = prep_old_drafts_state_lost,
	 .want = {APPENDED_SAME, APPENDED_SAME, APPENDED_SAME, APPENDED_SAME, APPENDED_SAME},
	 .st = {.found = 5}},
	{.name = "a draft the person deleted is never made again",
	 .prepare = prep_deleted,
	 .want = {APPENDED_SAME,
		  {0, AV_DRAFT_GONE, NULL, false},
		  APPENDED_SAME,
		  APPENDED_SAME,
		  APPENDED_SAME}},
	{.name = "no UIDPLUS: nothing withdrawn, nothing replaced, nothing lost",
	 .no_uidplus = true,
	 .prepare = prep_everything,
	 .want = {APPENDED_SAME, APPENDED_SAME, APPENDED_SAME, APPENDED_SAME, APPENDED_SAME}},
	{.name = "UIDPLUS gone since the drafts were made: nothing removed",
	 .prepare = prep_uidplus_gone,
	 .want = {APPENDED_SAME, APPENDED_SAME, APPENDED_SAME, APPENDED_SAME, APPENDED_SAME}},
	{.name = "interview cancelled: its drafts withdrawn",
	 .prepare = prep_cancelled,
	 .want = {APPENDED_SAME, APPENDED_SAME, WITHDRAWN, WITHDRAWN, WITHDRAWN},
	 .st = {.withdrawn = 3}},
	{.name = "a thank-you went out: its draft withdrawn",
	 .prepare = prep_thanked,
	 .want = {WITHDRAWN, APPENDED_SAME, APPENDED_SAME, APPENDED_SAME, APPENDED_SAME},
	 .st = {.withdrawn = 1}},
	/* two texts read: once Marcus's verdict needs one, every message to him after the
	 * end whose thanks is not stored yet is read, the "Accepted:" reply too */
	{.name = "a thank-you told by its text: read, its draft withdrawn",
	 .prepare = prep_thanked_unclear,
	 .want = {APPENDED_SAME, WITHDRAWN, APPENDED_SAME, APPENDED_SAME, APPENDED_SAME},
	 .st = {.withdrawn = 1, .texts = 2}},
	/* issue 10: the reply and the "Accepted:" one are read; neither withdraws */
	{.name = "a logistics reply opening with \"Thanks,\": read, the draft stays",
	 .prepare = prep_logistics_reply,
	 .want = {APPENDED_SAME, APPENDED_SAME, APPENDED_SAME, APPENDED_SAME, APPENDED_SAME},
	 .st = {.texts = 2}},
	{.name = "a logistics reply, then a thank-you: the draft withdrawn then",
	 .prepare = prep_logistics_then_thanked,
	 .want = {APPENDED_SAME, WITHDRAWN, APPENDED_SAME, APPENDED_SAME, APPENDED_SAME},
	 .st = {.withdrawn = 1, .texts = 1}},
	/* issue 11: the person marks an interviewer thanked */
	{.name = "marked thanked: the unedited draft withdrawn (by address, by name)",
	 .prepare = prep_marked,
	 .want = {WITHDRAWN, APPENDED_SAME, WITHDRAWN, APPENDED_SAME, APPENDED_SAME},
	 .st = {.withdrawn = 2}},
	{.name = "marked thanked after deleting the draft: nothing made",
	 .prepare = prep_deleted_marked,
	 .want = {APPENDED_SAME,
		  {0, AV_DRAFT_GONE, NULL, false},
		  APPENDED_SAME,
		  APPENDED_SAME,
		  APPENDED_SAME}},
	{.name = "marked thanked, the draft edited: never touched",
	 .prepare = prep_edited_marked,
	 .want = {APPENDED_SAME,
		  {1, AV_DRAFT_EDITED, "one more thing", true},
		  APPENDED_SAME,
		  APPENDED_SAME,
		  APPENDED_SAME},
	 .st = {.edited = 1}},
	{.name = "marked thanked before the first run: no draft for them",
	 .prepare = prep_marked_first,
	 .want = {APPENDED_NEW, NOTHING, APPENDED_NEW, APPENDED_NEW, APPENDED_NEW},
	 .st = {.made = 4}},
	/* issue 14: neither counts as a thank-you: no draft withdrawn */
	{.name = "a \\Draft message and one of afterview's drafts in Sent: no thank-yous",
	 .prepare = prep_drafts_in_sent,
	 .want = {APPENDED_SAME, APPENDED_SAME, APPENDED_SAME, APPENDED_SAME, APPENDED_SAME}},
	{.name = "everything at once: replaced, withdrawn",
	 .prepare = prep_everything,
	 .want = {{1, AV_DRAFT_APPENDED, TOPIC_SEEN, false},
		  WITHDRAWN,
		  WITHDRAWN,
		  WITHDRAWN,
		  WITHDRAWN},
	 .st = {.replaced = 1, .withdrawn = 4}},
	{.name = "dry run: nothing appended, no draft rows",
	 .prepare = prep_none,
	 .dry_run = true,
	 .want = {NOTHING, NOTHING, NOTHING, NOTHING, NOTHING},
	 .st = {.would = 5}},
	{.name = "dry run after notes, a thank-you and a cancellation: nothing changes",
	 .prepare = prep_everything,
	 .dry_run = true,
	 .want = {APPENDED_SAME, APPENDED_SAME, APPENDED_SAME, APPENDED_SAME, APPENDED_SAME}},
};

/* Withdrawals seen recorded as GONE after a fault (see check_world). */
static unsigned gone_for_withdrawn;

/* The world after the run under test (and, with faults, the restart) against sc.
 * before is the snapshot taken right before the run under test. */
static void
check_world(const struct scenario *sc, const struct world *w, const struct mem_mailbox *before,
	    bool faulted)
{
	struct av_store *st = store_open(w);
	const struct mem_folder *d = mem_folder_get(&w->mb, "Drafts");
	const struct mem_folder *d0 = mem_folder_get(before, "Drafts");
	char *diff = NULL;

	if (!test_assert(mem_mailbox_same(before, &w->mb, "Drafts", &diff)))
		printf("  outside Drafts: %s\n", diff);
	free(diff);
	if (sc->kept != NULL) {
		const struct mem_msg *k = NULL, *k0 = NULL;
		size_t n = 0;

		for (size_t i = 0; i < d->n; i++)
			if (strstr(d->msgs[i].data, sc->kept) != NULL && n++ == 0)
				k = &d->msgs[i];
		for (size_t i = 0; i < d0->n; i++)
			if (strstr(d0->msgs[i].data, sc->kept) != NULL)
				k0 = &d0->msgs[i];
		test_assert_int(n, 1);
		test_assert(k != NULL && k0 != NULL && k->uid == k0->uid && k->len == k0->len &&
			    memcmp(k->data, k0->data, k->len) == 0 && k->flags == k0->flags);
	}
	/* the person's own draft, flagged \Deleted: still there, as it was */
	test_assert(d->n > 0 && d->msgs[0].uid == 1 && d0->msgs[0].len == d->msgs[0].len &&
		    memcmp(d0->msgs[0].data, d->msgs[0].data, d->msgs[0].len) == 0 &&
		    d->msgs[0].flags == (MEM_DRAFT | MEM_SEEN | MEM_DELETED));
	for (int i = 0; i < N_WHO; i++) {
		const struct want *wt = &sc->want[i];
		const struct mem_msg *m, *m0;
		struct av_draft_row row;
		bool found = false;
		char *error = NULL;
		size_t n = ours(&w->mb, (enum who)i, &m);

		if (!test_assert_int(n, wt->n))
			printf("  (%s)\n", people[i].who);
		if (m != NULL) {
			if (!wt->untouched)
				test_assert_int(m->flags, MEM_DRAFT | MEM_SEEN);
			if (wt->contains != NULL &&
			    !test_assert(strstr(m->data, wt->contains) != NULL))
				printf("%s\n", m->data);
		}
		if (wt->untouched) {
			ours(before, (enum who)i, &m0);
			test_assert(m != NULL && m0 != NULL && m->uid == m0->uid &&
				    m->len == m0->len && memcmp(m->data, m0->data, m->len) == 0 &&
				    m->flags == m0->flags);
		}
		test_assert_int(av_store_draft_get(st, ACCOUNT, tokens[i], &row, &found, &error),
				AV_OK);
		free(error);
		if (wt->state == ROW_NONE) {
			test_assert(!found);
		} else if (wt->state == ROW_REMOVED && faulted && found &&
			   row.state == AV_DRAFT_GONE) {
			/* the withdrawal's reply was lost: the restart finds the draft gone and
			 * cannot tell that from the person's deletion */
			gone_for_withdrawn++;
		} else if (test_assert(found)) {
			int want = wt->state == ROW_REMOVED ? AV_DRAFT_WITHDRAWN : wt->state;

			if (!test_assert_int(row.state, want))
				printf("  (%s)\n", people[i].who);
			test_assert_int(row.replaces_uid, 0);
			if (row.state == AV_DRAFT_APPENDED && w->mb.uidplus && m != NULL)
				test_assert_int(row.uid, m->uid);
		}
		if (found)
			av_draft_row_clear(&row);
	}
	av_store_close(&st);
}

/* One more run changes nothing. */
static void
check_settled(const struct scenario *sc, struct world *w)
{
	struct mem_mailbox before;
	struct outcome o;
	char *diff = NULL;

	mem_mailbox_copy(&before, &w->mb);
	o = run_engine(w, sc->dry_run, no_fault);
	test_assert_int(o.err, AV_OK);
	test_assert_int(o.st.drafts_made + o.st.replaced + o.st.withdrawn + o.st.drafts_found +
				o.st.failures,
			0);
	if (!test_assert(mem_mailbox_same(&before, &w->mb, NULL, &diff)))
		printf("  %s\n", diff);
	free(diff);
	mem_mailbox_clear(&before);
	outcome_clear(&o);
}

/* The scenario's clean run; returns the operation of each call it made (NULL-terminated,
 * malloc'd). */
static char **
test_scenario(const struct scenario *sc)
{
	struct world w;
	struct mem_mailbox before;
	struct outcome o;

	test_begin(sc->name);
	world_init(&w, !sc->no_uidplus);
	sc->prepare(&w);
	mem_mailbox_copy(&before, &w.mb);
	o = run_engine(&w, sc->dry_run, no_fault);
	test_assert_int(o.err, AV_OK);
	test_assert_int(o.st.drafts_made, sc->st.made);
	test_assert_int(o.st.drafts_would, sc->st.would);
	test_assert_int(o.dry_lines, sc->st.would);
	test_assert_int(o.st.drafts_found, sc->st.found);
	test_assert_int(o.st.replaced, sc->st.replaced);
	test_assert_int(o.st.withdrawn, sc->st.withdrawn);
	test_assert_int(o.st.edited, sc->st.edited);
	test_assert_int(o.st.texts_read, sc->st.texts);
	test_assert_int(o.st.failures, 0);
	check_world(sc, &w, &before, false);
	check_settled(sc, &w);
	mem_mailbox_clear(&before);
	world_clear(&w);
	test_end();
	return o.ops;
}

/* The run under test cut at every call in turn (ops: the clean run's), before the call
 * had any effect, and after it took effect for the calls that change the mailbox (after
 * a read is the same as before it); each time a restart ends where the clean run does. */
static void
test_scenario_faults(const struct scenario *sc, char **ops)
{
	struct world w;
	struct saved s;
	unsigned long calls = 0;
	char *name;

	while (ops[calls] != NULL)
		calls++;
	name = av_asprintf("... cut at each of its %lu calls, restarted", calls);
	test_begin(name);
	world_init(&w, !sc->no_uidplus);
	sc->prepare(&w);
	world_save(&w, &s);
	for (int kind = MEM_FAULT_BEFORE; kind <= MEM_FAULT_AFTER; kind++) {
		for (unsigned long n = 1; n <= calls; n++) {
			struct fault f = {NULL, n, (enum mem_fault)kind};
			struct outcome o;
			bool ok;

			if (kind == MEM_FAULT_AFTER && strcmp(ops[n - 1], "append") != 0 &&
			    strcmp(ops[n - 1], "withdraw") != 0)
				continue;
			world_restore(&w, &s);
			o = run_engine(&w, sc->dry_run, f);
			ok = test_assert_int(o.err, AV_ERR_TEMP);
			outcome_clear(&o);
			o = run_engine(&w, sc->dry_run, no_fault);
			ok = test_assert_int(o.err, AV_OK) && ok;
			ok = test_assert_int(o.st.failures, 0) && ok;
			outcome_clear(&o);
			check_world(sc, &w, &s.mb, true);
			if (!ok || test_failed_) {
				printf("  (cut %s call %lu, %s)\n",
				       kind == MEM_FAULT_BEFORE ? "before" : "after", n,
				       ops[n - 1]);
				goto out;
			}
		}
	}
	/* and a restarted run settles for good */
	check_settled(sc, &w);
out:
	saved_clear(&s);
	world_clear(&w);
	test_end();
	free(name);
}

/* ---- the driver itself --------------------------------------------------------------- */

/* The driver's calendar parts, fetched and decoded as sync.c does, are what mime.c finds
 * in the whole message: for every invite fixture. */
static void
test_driver_parts(void)
{
	struct mem_mailbox mb;
	struct mem_folder *f;
	struct av_driver *drv;
	struct av_folder_info info;
	char **names = NULL, *dir;
	size_t n_names = 0;
	DIR *dp;
	struct dirent *de;
	uint32_t *uids = NULL;
	size_t n = 0;
	char *error = NULL;

	test_begin("driver: calendar parts fetched are the ones mime.c finds");
	mem_mailbox_init(&mb);
	f = mem_folder_add(&mb, "INBOX", -1, 7);
	dir = av_asprintf("%s/tests/data/invites", AV_TEST_SRCDIR);
	if ((dp = opendir(dir)) == NULL) {
		perror(dir);
		exit(2);
	}
	while ((de = readdir(dp)) != NULL) {
		size_t len = strlen(de->d_name);
		char *name;

		if (len < 4 || strcmp(de->d_name + len - 4, ".eml") != 0)
			continue;
		names = av_realloc(names, (n_names + 1) * sizeof(*names));
		names[n_names++] = av_strdup(de->d_name);
		name = av_asprintf("invites/%s", de->d_name);
		add_fixture(f, name, t_inbox, 0);
		free(name);
	}
	closedir(dp);
	free(dir);
	mem_driver_open(&mb, false, &drv);
	test_assert_int(drv->ops->examine(drv, "INBOX", &info, &error), AV_OK);
	test_assert_int(info.uidvalidity, 7);
	test_assert_int(info.uidnext, f->n + 1);
	test_assert_int(drv->ops->search(drv, 1, 0, &uids, &n, &error), AV_OK);
	test_assert_int(n, f->n);
	test_assert(n > 30);
	for (size_t i = 0; i < n; i++) {
		const struct mem_msg *m = mem_msg_get(f, uids[i]);
		struct av_mime_result *res = NULL;
		struct av_part_ref *parts = NULL;
		size_t n_parts = 0;

		test_assert_int(av_mime_parse(m->data, m->len, &res, &error), AV_OK);
		test_assert_int(
			drv->ops->calendar_parts(drv, &uids[i], 1, &parts, &n_parts, &error),
			AV_OK);
		if (!test_assert_int(n_parts, res->n_parts + res->skipped))
			printf("  (%s)\n", names[i]);
		for (size_t k = 0, j = 0; k < n_parts; k++) {
			char *raw = NULL, *text = NULL;
			size_t raw_len = 0, text_len = 0;

			test_assert_int(drv->ops->fetch_part(drv, uids[i], parts[k].section,
							     AV_MIME_MAX_PART, &raw, &raw_len,
							     &error),
					AV_OK);
			test_assert_int(raw_len, parts[k].size);
			if (av_mime_decode(raw, raw_len, parts[k].encoding, parts[k].charset, &text,
					   &text_len, &error) != AV_OK) {
				free(error); /* mime.c skipped it too */
				error = NULL;
				free(raw);
				continue;
			}
			if (test_assert(j < res->n_parts)) {
				test_assert_str(parts[k].section, res->parts[j].section);
				test_assert(text_len == res->parts[j].len &&
					    memcmp(text, res->parts[j].data, text_len) == 0);
			}
			j++;
			free(raw);
			free(text);
		}
		av_part_refs_free(&parts, n_parts);
		av_mime_result_free(&res);
	}
	free(uids);
	drv->ops->close(&drv);
	test_assert(drv == NULL);
	mem_mailbox_clear(&mb);
	for (size_t i = 0; i < n_names; i++)
		free(names[i]);
	free(names);
	test_end();
}

/* What the IMAP driver refuses, this one refuses; and its reads are reads. */
static void
test_driver_rules(void)
{
	struct mem_mailbox mb, before;
	struct mem_folder *drafts, *inbox;
	struct av_driver *drv;
	struct av_envelope *envs = NULL;
	uint32_t *uids = NULL, uv = 0, uid = 0;
	size_t n = 0, len = 0;
	char *error = NULL, *name = NULL, *data = NULL;
	const char ours_msg[] = "From: a@example.net\nX-Afterview-Id: tok-1\nSubject: x\n\nhi\n";

	test_begin("driver: the IMAP driver's rules (Drafts only, UIDPLUS, the token)");
	mem_mailbox_init(&mb);
	inbox = mem_folder_add(&mb, "INBOX", -1, 1);
	add_fixture(inbox, "run/sent-thanks-renee.eml", t_sent, MEM_SEEN);
	mem_folder_add(&mb, "Archive", -1, 2);
	drafts = mem_folder_add(&mb, "Drafts", -1, 3); /* found by its name */
	add_text(drafts, ours_msg, t_sent, MEM_DRAFT);

	mem_driver_open(&mb, false, &drv);
	/* nothing written before the Drafts folder was found */
	test_assert_int(drv->ops->append(drv, "Drafts", "x", 1, &uv, &uid, &error),
			AV_ERR_SOFTWARE);
	free(error);
	error = NULL;
	test_assert_int(drv->ops->find_folder(drv, AV_FOLDER_DRAFTS, "INBOX", &name, &error),
			AV_OK);
	test_assert_str(name, "Drafts");
	free(name);
	name = NULL;
	test_assert_int(drv->ops->find_folder(drv, AV_FOLDER_SENT, NULL, &name, &error),
			AV_ERR_CONFIG);
	free(error);
	error = NULL;
	/* operations on no folder */
	test_assert_int(drv->ops->search(drv, 1, 0, &uids, &n, &error), AV_ERR_SOFTWARE);
	free(error);
	error = NULL;
	test_assert_int(drv->ops->examine(drv, "Nope", NULL, &error), AV_ERR_CONFIG);
	free(error);
	error = NULL;
	/* APPEND: only Drafts, never a NUL byte; \Draft \Seen, the next UID */
	test_assert_int(drv->ops->append(drv, "INBOX", "x", 1, &uv, &uid, &error), AV_ERR_SOFTWARE);
	free(error);
	error = NULL;
	test_assert_int(drv->ops->append(drv, "Drafts", "a\0b", 3, &uv, &uid, &error),
			AV_ERR_SOFTWARE);
	free(error);
	error = NULL;
	test_assert_int(
		drv->ops->append(drv, "Drafts", ours_msg, strlen(ours_msg), &uv, &uid, &error),
		AV_OK);
	test_assert_int(uv, 3);
	test_assert_int(uid, 2);
	test_assert_int(mem_msg_get(drafts, 2)->flags, MEM_DRAFT | MEM_SEEN);
	test_assert(strstr(mem_msg_get(drafts, 2)->data, "\r\n\r\nhi\r\n") != NULL);
	/* SEARCH HEADER: a case-insensitive substring of the field's value; keys OR'ed or
	 * AND'ed */
	{
		struct av_header_key tok = {"x-afterview-id", "TOK-"}, subj = {"Subject", "tok"};
		struct av_header_key both[] = {{"Subject", "x"}, {"From", "A@EXAMPLE"}};
		struct av_header_key either[] = {{"Subject", "tok"}, {"From", "nobody"}};

		test_assert_int(
			drv->ops->search_headers(drv, "Drafts", &tok, 1, 1, &uids, &n, &error),
			AV_OK);
		test_assert_int(n, 2);
		free(uids);
		uids = NULL;
		test_assert_int(
			drv->ops->search_headers(drv, "Drafts", &subj, 1, 1, &uids, &n, &error),
			AV_OK);
		test_assert_int(n, 0);
		free(uids);
		uids = NULL;
		test_assert_int(
			drv->ops->search_headers(drv, "Drafts", both, 2, 2, &uids, &n, &error),
			AV_OK);
		test_assert_int(n, 2);
		free(uids);
		uids = NULL;
		both[1].value = "nobody";
		test_assert_int(
			drv->ops->search_headers(drv, "Drafts", both, 2, 2, &uids, &n, &error),
			AV_OK);
		test_assert_int(n, 0);
		free(uids);
		uids = NULL;
		test_assert_int(
			drv->ops->search_headers(drv, "Drafts", either, 2, 1, &uids, &n, &error),
			AV_OK);
		test_assert_int(n, 0);
		free(uids);
		uids = NULL;
		either[1].value = "a@";
		test_assert_int(
			drv->ops->search_headers(drv, "Drafts", either, 2, 1, &uids, &n, &error),
			AV_OK);
		test_assert_int(n, 2);
		free(uids);
		uids = NULL;
	}
	/* withdraw: only ours, only in Drafts, only that UID */
	mem_msg_get(drafts, 1)->flags |= MEM_DELETED;
	test_assert_int(drv->ops->withdraw(drv, "INBOX", 1, "tok-1", &error), AV_ERR_SOFTWARE);
	free(error);
	error = NULL;
	test_assert_int(drv->ops->withdraw(drv, "Drafts", 2, "tok-2", &error), AV_ERR_DATA);
	free(error);
	error = NULL;
	test_assert_int(drv->ops->withdraw(drv, "Drafts", 2, "tok", &error), AV_ERR_DATA);
	free(error);
	error = NULL;
	test_assert_int(drv->ops->withdraw(drv, "Drafts", 9, "tok-1", &error), AV_ERR_DATA);
	free(error);
	error = NULL;
	test_assert_int(drv->ops->withdraw(drv, "Drafts", 0, "tok-1", &error), AV_ERR_SOFTWARE);
	free(error);
	error = NULL;
	test_assert_int(drv->ops->withdraw(drv, "Drafts", 2, "tok-1", &error), AV_OK);
	test_assert(mem_msg_get(drafts, 2) == NULL && mem_msg_get(drafts, 1) != NULL);
	/* fetch_message: read-only, bounded */
	test_assert_int(drv->ops->fetch_message(drv, "Drafts", 2, 1000, &data, &len, NULL, &error),
			AV_ERR_DATA);
	free(error);
	error = NULL;
	test_assert_int(drv->ops->fetch_message(drv, "Drafts", 1, 10, &data, &len, NULL, &error),
			AV_ERR_DATA);
	free(error);
	error = NULL;
	{
		unsigned flags = 0;

		mem_msg_get(drafts, 1)->flags |= MEM_FLAGGED;
		test_assert_int(drv->ops->fetch_message(drv, "Drafts", 1, 1000, &data, &len, &flags,
							&error),
				AV_OK);
		test_assert(len == mem_msg_get(drafts, 1)->len);
		test_assert_int(flags, AV_MSG_DRAFT | AV_MSG_FLAGGED);
		mem_msg_get(drafts, 1)->flags &= ~(unsigned)MEM_FLAGGED;
		free(data);
	}
	/* envelopes: decoded subject, lower-case addresses, INTERNALDATE and Message-ID only
	 * when asked */
	test_assert_int(drv->ops->examine(drv, "INBOX", NULL, &error), AV_OK);
	uid = 1;
	test_assert_int(drv->ops->envelopes(drv, &uid, 1, 0, &envs, &n, &error), AV_OK);
	if (test_assert_int(n, 1)) {
		test_assert_str(envs[0].subject, "Thank you for this morning");
		test_assert_str(envs[0].from, "sam.rivera@example.net");
		test_assert_str(envs[0].recipients[0], "renee.dubois@quillfeather.example");
		test_assert(envs[0].recipients[1] == NULL);
		test_assert(envs[0].message_id == NULL);
		test_assert_str(envs[0].date, "Thu, 22 Oct 2026 15:00:00 -0400");
		test_assert_int(envs[0].internaldate, 0);
	}
	av_envelopes_free(&envs, n);
	test_assert_int(drv->ops->envelopes(drv, &uid, 1, AV_ENV_INTERNALDATE | AV_ENV_MESSAGE_ID,
					    &envs, &n, &error),
			AV_OK);
	test_assert(n == 1 && envs[0].internaldate == t_sent);
	if (n == 1)
		test_assert_str(envs[0].message_id, "sent-thanks-renee@example.net");
	av_envelopes_free(&envs, n);
	/* TEXT, bounded */
	test_assert_int(drv->ops->fetch_part(drv, 1, "TEXT", 12, &data, &len, &error), AV_OK);
	test_assert_str(data, "Dear Ren\xc3\xa9"
			      "e,");
	free(data);
	test_assert_int(drv->ops->fetch_part(drv, 5, "TEXT", 12, &data, &len, &error), AV_ERR_DATA);
	free(error);
	error = NULL;
	drv->ops->close(&drv);

	/* no UIDPLUS: no APPENDUID, no withdrawal */
	mb.uidplus = false;
	mem_driver_open(&mb, false, &drv);
	test_assert(!drv->can_withdraw);
	test_assert_int(drv->ops->find_folder(drv, AV_FOLDER_DRAFTS, NULL, &name, &error), AV_OK);
	free(name);
	test_assert_int(
		drv->ops->append(drv, "Drafts", ours_msg, strlen(ours_msg), &uv, &uid, &error),
		AV_OK);
	test_assert(uv == 0 && uid == 0 && mem_msg_get(drafts, 3) != NULL);
	test_assert_int(drv->ops->withdraw(drv, "Drafts", 3, "tok-1", &error), AV_ERR_CONFIG);
	free(error);
	error = NULL;
	test_assert(mem_msg_get(drafts, 3) != NULL);
	drv->ops->close(&drv);

	/* a dry run's driver writes nothing */
	mb.uidplus = true;
	mem_mailbox_copy(&before, &mb);
	mem_driver_open(&mb, true, &drv);
	test_assert_int(drv->ops->find_folder(drv, AV_FOLDER_DRAFTS, NULL, &name, &error), AV_OK);
	free(name);
	test_assert_int(
		drv->ops->append(drv, "Drafts", ours_msg, strlen(ours_msg), &uv, &uid, &error),
		AV_ERR_SOFTWARE);
	free(error);
	error = NULL;
	test_assert_int(drv->ops->withdraw(drv, "Drafts", 3, "tok-1", &error), AV_ERR_SOFTWARE);
	free(error);
	error = NULL;
	test_assert(mem_mailbox_same(&before, &mb, NULL, NULL));
	drv->ops->close(&drv);
	test_assert(drv == NULL);
	mem_mailbox_clear(&before);
	mem_mailbox_clear(&mb);
	test_end();
}

/* The fault knobs: before (no effect), after (effect, reply lost), then dead. */
static void
test_driver_faults(void)
{
	struct mem_mailbox mb;
	struct av_driver *drv;
	uint32_t uv = 0, uid = 0;
	char *error = NULL, *name = NULL;
	const char msg[] = "X-Afterview-Id: t\n\nx\n";

	test_begin("driver: faults before and after a call, then a dead session");
	mem_mailbox_init(&mb);
	mem_folder_add(&mb, "Drafts", AV_FOLDER_DRAFTS, 3);
	mem_driver_open(&mb, false, &drv);
	mem_driver_fault(drv, "append", 1, MEM_FAULT_BEFORE);
	test_assert_int(drv->ops->find_folder(drv, AV_FOLDER_DRAFTS, NULL, &name, &error), AV_OK);
	free(name);
	test_assert_int(drv->ops->append(drv, "Drafts", msg, strlen(msg), &uv, &uid, &error),
			AV_ERR_TEMP);
	free(error);
	error = NULL;
	test_assert_int(mem_folder_get(&mb, "Drafts")->n, 0);
	test_assert_int(drv->ops->examine(drv, "Drafts", NULL, &error), AV_ERR_TEMP);
	free(error);
	error = NULL;
	test_assert_int(mem_driver_calls(drv), 3);
	drv->ops->close(&drv);

	mem_driver_open(&mb, false, &drv);
	mem_driver_fault(drv, NULL, 2, MEM_FAULT_AFTER);
	test_assert_int(drv->ops->find_folder(drv, AV_FOLDER_DRAFTS, NULL, &name, &error), AV_OK);
	free(name);
	test_assert_int(drv->ops->append(drv, "Drafts", msg, strlen(msg), &uv, &uid, &error),
			AV_ERR_TEMP);
	free(error);
	error = NULL;
	test_assert_int(mem_folder_get(&mb, "Drafts")->n, 1);
	test_assert_int(drv->ops->find_folder(drv, AV_FOLDER_DRAFTS, NULL, &name, &error),
			AV_ERR_TEMP);
	free(error);
	drv->ops->close(&drv);
	mem_mailbox_clear(&mb);
	test_end();
}

/* The stored picture: evaluate, judge, find. */
static void
test_model(void)
{
	struct world w;
	struct av_store *st;
	struct av_model m;
	struct av_interview_report *panel = NULL;
	char *error = NULL, prefix[AV_EVENT_ID_SIZE];
	bool ambiguous = true;
	size_t n_interviews = 0;

	test_begin("model: the picture from the store; find by id or UID");
	world_init(&w, true);
	st = store_open(&w);
	test_assert_int(av_model_evaluate(st, conf, acc, words, now, &m, &error), AV_OK);
	test_assert_int(m.n_items, 0); /* nothing synced yet */
	test_assert(av_model_find(&m, "abcd", &ambiguous) == NULL && !ambiguous);
	av_model_clear(&m);
	av_model_clear(&m); /* a cleared model clears again */
	av_store_close(&st);
	first_run(&w);
	notes_about_renee(&w);
	st = store_open(&w);
	test_assert_int(av_model_evaluate(st, conf, acc, words, now, &m, &error), AV_OK);
	test_assert_int(m.n_items, 3); /* the dentist too, not an interview */
	for (size_t i = 0; i < m.n_items; i++) {
		n_interviews += m.items[i].is_interview;
		if (strcmp(m.items[i].ev->inv->uid, PANEL_UID) == 0)
			panel = &m.items[i];
	}
	test_assert_int(n_interviews, 2);
	if (test_assert(panel != NULL) && test_assert_int(panel->n_ivs, 2)) {
		char b0[AV_HASH_HEX_SIZE], b1[AV_HASH_HEX_SIZE];

		test_assert(panel->notes != NULL);
		test_assert(panel->ivs[0].has_draft &&
			    panel->ivs[0].draft.state == AV_DRAFT_APPENDED);
		test_assert_int(panel->ivs[0].verdict.state, AV_STATE_DRAFTED);
		/* the notes say something about Renée only: her basis moved, Marcus's not */
		av_model_basis(panel, &panel->ivs[0], b0);
		av_model_basis(panel, &panel->ivs[1], b1);
		test_assert(strcmp(b0, panel->ivs[0].draft.basis) != 0);
		test_assert_str(b1, panel->ivs[1].draft.basis);
		panel->ivs[1].made_now = true;
		test_assert_int(av_model_judge(&m, st, acc, words, panel, &error), AV_OK);
		test_assert_int(panel->ivs[1].verdict.state, AV_STATE_DRAFTED);
		test_assert(panel->ivs[1].made_now); /* kept */
		memcpy(prefix, panel->id, sizeof(prefix));
		test_assert(av_model_find(&m, prefix, &ambiguous) == panel && !ambiguous);
		prefix[4] = '\0';
		test_assert(av_model_find(&m, prefix, &ambiguous) == panel);
		prefix[3] = '\0';
		test_assert(av_model_find(&m, prefix, &ambiguous) == NULL); /* too short */
		test_assert(av_model_find(&m, PANEL_UID, &ambiguous) == panel);
		test_assert(av_model_find(&m, "zzzzzz", &ambiguous) == NULL && !ambiguous);
	}
	av_model_clear(&m);
	av_store_close(&st);
	world_clear(&w);
	test_end();
}

/* Marcus's report in the stored picture; status as text and JSON into *text_r and
 * *json_r (malloc'd). */
static const struct av_iv_report *
marcus_report(struct av_store *st, struct av_model *m, char **text_r, char **json_r)
{
	const struct av_iv_report *found = NULL;
	char *error = NULL;
	size_t len = 0;
	FILE *f;

	test_assert_int(av_model_evaluate(st, conf, acc, words, now, m, &error), AV_OK);
	free(error);
	for (size_t i = 0; i < m->n_items; i++)
		for (size_t j = 0; j < m->items[i].n_ivs; j++)
			if (m->items[i].ivs[j].iv.email != NULL &&
			    strcmp(m->items[i].ivs[j].iv.email, people[MARCUS].who) == 0)
				found = &m->items[i].ivs[j];
	f = open_memstream(text_r, &len);
	av_report_status_text(m, f);
	fclose(f);
	f = open_memstream(json_r, &len);
	av_report_status_json(m, f);
	fclose(f);
	return found;
}

/* run's report of m (av_report_run), malloc'd. */
static char *
run_report(const struct av_model *m)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	av_report_run(m, f);
	fclose(f);
	return buf;
}

static unsigned
count_of(const char *hay, const char *needle)
{
	unsigned n = 0;

	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

/* issue 10, end to end in memory: a "Thanks, Thursday at 3pm works…" reply after the
 * interview keeps the draft and makes status ask; a real thank-you then withdraws it. */
static void
test_unsure_reply(void)
{
	static const char question[] = "      a reply went to Marcus Lee at Thu 22 Oct 15:40 — "
				       "still send a thank-you?\n"; /* New York time, as status */
	static const char run_question[] =
		"A reply went to Marcus Lee (Quillfeather) at Thu 22 Oct 15:40 (\"Re: Next "
		"steps\") — still send a thank-you? The draft stays in your Drafts.\n";
	static const char json_member[] =
		"\"unsure_reply\": {\n"
		"      \"message_id\": \"next-steps-marcus@example.net\",\n"
		"      \"date\": \"2026-10-22T19:40:00Z\"\n"
		"     }";
	struct world w;
	struct outcome o;
	struct av_store *st;
	struct av_model m;
	const struct av_iv_report *r;
	char *text = NULL, *json = NULL, *run_out, *error = NULL;

	test_begin("unsure reply: the draft stays, status asks, run asks once; a thank-you "
		   "withdraws it");
	world_init(&w, true);
	first_run(&w);
	reply_marcus_logistics(&w);
	o = run_engine(&w, false, no_fault);
	test_assert_int(o.err, AV_OK);
	test_assert_int(o.st.texts_read, 2);
	test_assert_int(o.st.withdrawn, 0);
	test_assert_int(o.st.drafts_made, 0);
	outcome_clear(&o);
	test_assert_int(ours(&w.mb, MARCUS, NULL), 1);
	st = store_open(&w);
	r = marcus_report(st, &m, &text, &json);
	if (test_assert(r != NULL)) {
		test_assert_state(r->verdict.state, AV_STATE_DRAFTED);
		test_assert(r->verdict.evidence == NULL);
		if (test_assert(r->verdict.unsure != NULL))
			test_assert_str(r->verdict.unsure->message_id,
					"next-steps-marcus@example.net");
		test_assert_int(r->draft.state, AV_DRAFT_APPENDED);
	}
	if (!test_assert(strstr(text, question) != NULL))
		printf("%s\n", text);
	if (!test_assert(strstr(json, json_member) != NULL))
		printf("%s\n", json);
	/* Renée got no reply: no question, a null member */
	test_assert(strstr(text, "a reply went to Ren") == NULL);
	test_assert(strstr(json, "\"unsure_reply\": null") != NULL);
	free(text);
	free(json);
	/* run tells the person too, once: the next run's picture knows it was told */
	test_assert(r == NULL || !r->unsure_told);
	run_out = run_report(&m);
	if (!test_assert(count_of(run_out, run_question) == 1))
		printf("%s\n", run_out);
	test_assert(count_of(run_out, "A reply went to") == 1); /* Marcus only */
	free(run_out);
	test_assert_int(av_model_unsure_told(&m, st, acc, &error), AV_OK);
	test_assert(r == NULL || r->unsure_told);
	av_model_clear(&m);
	r = marcus_report(st, &m, &text, &json);
	test_assert(r != NULL && r->verdict.unsure != NULL && r->unsure_told);
	test_assert(strstr(text, question) != NULL); /* status still asks, every time */
	run_out = run_report(&m);
	test_assert(strstr(run_out, "A reply went to") == NULL);
	free(run_out);
	free(text);
	free(json);
	free(error);
	av_model_clear(&m);
	av_store_close(&st);

	/* the real thank-you goes out: withdrawn as always */
	thank_marcus_unclear(&w);
	o = run_engine(&w, false, no_fault);
	test_assert_int(o.err, AV_OK);
	test_assert_int(o.st.texts_read, 1);
	test_assert_int(o.st.withdrawn, 1);
	outcome_clear(&o);
	test_assert_int(ours(&w.mb, MARCUS, NULL), 0);
	st = store_open(&w);
	r = marcus_report(st, &m, &text, &json);
	if (test_assert(r != NULL)) {
		test_assert_state(r->verdict.state, AV_STATE_THANKED);
		test_assert(r->verdict.unsure == NULL);
		test_assert(r->verdict.evidence != NULL);
	}
	test_assert(strstr(text, "a reply went to Marcus") == NULL);
	test_assert(strstr(json, "next-steps-marcus@example.net") == NULL);
	free(text);
	free(json);
	av_model_clear(&m);
	av_store_close(&st);
	world_clear(&w);
	test_end();
}

/* ---- what only the message's headers say (issue 10) ---------------------------------- */

/* An invite message: headers (each ending in "\n"), then a calendar for the interview of
 * 22 Oct 2026 14:00-15:00 UTC with parties (organizer and attendee lines). Malloc'd. */
static char *
invite_message(const char *headers, const char *uid, const char *summary, const char *parties)
{
	return av_asprintf("%s"
			   "Subject: Invitation: %s\n"
			   "Date: Mon, 19 Oct 2026 15:00:00 +0000\n"
			   "Message-ID: <%s>\n"
			   "MIME-Version: 1.0\n"
			   "Content-Type: text/calendar; charset=UTF-8; method=REQUEST\n"
			   "\n"
			   "BEGIN:VCALENDAR\n"
			   "VERSION:2.0\n"
			   "PRODID:-//afterview tests//EN\n"
			   "METHOD:REQUEST\n"
			   "BEGIN:VEVENT\n"
			   "UID:%s\n"
			   "DTSTAMP:20261019T150000Z\n"
			   "DTSTART:20261022T140000Z\n"
			   "DTEND:20261022T150000Z\n"
			   "SUMMARY:%s\n"
			   "%s"
			   "END:VEVENT\n"
			   "END:VCALENDAR\n",
			   headers, summary, uid, uid, summary, parties);
}

static const struct av_interview_report *
report_of(const struct av_model *m, const char *uid)
{
	for (size_t i = 0; i < m->n_items; i++)
		if (strcmp(m->items[i].ev->inv->uid, uid) == 0)
			return &m->items[i];
	return NULL;
}

/* Drafts of ours in Drafts for the invite uid (whose tokens are in the model), and the
 * Subject of the last one into *subject_r (malloc'd, or NULL). */
static size_t
drafts_for(const struct mem_mailbox *mb, const struct av_interview_report *it, char **subject_r)
{
	const struct mem_folder *f = mem_folder_get(mb, "Drafts");
	size_t n = 0;

	*subject_r = NULL;
	for (size_t i = 0; it != NULL && i < f->n; i++)
		for (size_t j = 0; j < it->n_ivs; j++)
			if (carries(&f->msgs[i], it->ivs[j].token)) {
				n++;
				free(*subject_r);
				*subject_r =
					mem_header_get(f->msgs[i].data, f->msgs[i].len, "Subject");
			}
	return n;
}

#define BULK_UID      "bulk-interview-20261022@lists.example"
#define PLAIN_UID     "plain-interview-20261022@lists.example"
#define NORTHBANK_UID "northbank-interview-20261022@greenhouse.io"
#define CAPITAL_UID   "northbank-capital-interview-20261022@greenhouse.io"
#define ALIAS_UID     "alias-interview-20261022@orbital.example"

/* Over the driver, as a cron run sees them: the list headers make a bulk invite a maybe
 * (the same invite without them is drafted), the sender's display name names the
 * employer ("Northbank", "Northbank Capital" where the relay label says only
 * "Northbank"), and the attendee the
 * invite was sent to (its single To) is the person under another address. */
static void
test_message_headers(void)
{
	static const char people_bulk[] = "ORGANIZER;CN=Dana Whit:mailto:dana.whit@vetch.example\n"
					  "ATTENDEE;CN=Lou Parr:mailto:lou.parr@vetch.example\n";
	static const char people_northbank[] =
		"ORGANIZER;CN=Northbank Recruiting:mailto:no-reply@northbank.greenhouse-mail.io\n"
		"ATTENDEE;CN=Kim Lund:mailto:kim.lund@northbank.example\n"
		"ATTENDEE;CN=Ravi Shah:mailto:ravi.shah@northbank.example\n";
	static const char people_alias[] =
		"ORGANIZER;CN=Noor Haddad:mailto:noor.haddad@orbital.example\n"
		"ATTENDEE;CN=Noor Haddad:mailto:noor.haddad@orbital.example\n"
		"ATTENDEE:mailto:samr.jobs@fastmail.example\n";
	struct world w;
	struct mem_folder *f;
	struct outcome o;
	struct av_store *st;
	struct av_model m;
	const struct av_interview_report *it;
	char *msg, *error = NULL, *subject = NULL;

	test_begin("message headers over the driver: list headers, display name, the To");
	mem_mailbox_init(&w.mb);
	w.mb.uidplus = true;
	w.mb.clock = now;
	w.db = av_asprintf("%s/state-%u.db", tmpdir, ++worlds);
	f = mem_folder_add(&w.mb, "INBOX", -1, 1001);
	/* the same invite twice, with and without the list headers (List-Id folded) */
	{
		char *parties =
			av_asprintf("%s%s", people_bulk,
				    "ATTENDEE;CN=Sam Rivera:mailto:sam.rivera@example.net\n");

		msg = invite_message("From: Dana Whit <dana.whit@vetch.example>\n"
				     "To: sam.rivera@example.net\n"
				     "List-Id: Vetch candidates\n <candidates.vetch.example>\n"
				     "Precedence: bulk\n",
				     BULK_UID, "Interview", parties);
		add_text(f, msg, t_inbox, 0);
		free(msg);
		msg = invite_message("From: Dana Whit <dana.whit@vetch.example>\n"
				     "To: sam.rivera@example.net\n",
				     PLAIN_UID, "Interview", parties);
		add_text(f, msg, t_inbox, 0);
		free(msg);
		free(parties);
	}
	msg = invite_message("From: Northbank Recruiting "
			     "<no-reply@northbank.greenhouse-mail.io>\n"
			     "To: Sam Rivera <sam.rivera@example.net>\n",
			     NORTHBANK_UID, "Technical Interview", people_northbank);
	add_text(f, msg, t_inbox, 0);
	free(msg);
	/* only the display name can say "Northbank Capital" (the relay label says
	 * "Northbank"); RFC 2047 encoded */
	msg = invite_message("From: =?UTF-8?Q?Northbank_Capital_Recruiting?= "
			     "<no-reply@northbank.greenhouse-mail.io>\n"
			     "To: Sam Rivera <sam.rivera@example.net>\n",
			     CAPITAL_UID, "Final Interview", people_northbank);
	add_text(f, msg, t_inbox, 0);
	free(msg);
	msg = invite_message("From: Noor Haddad <noor.haddad@orbital.example>\n"
			     "To: samr.jobs@fastmail.example\n",
			     ALIAS_UID, "Phone Interview", people_alias);
	add_text(f, msg, t_inbox, 0);
	free(msg);
	mem_folder_add(&w.mb, "Sent", AV_FOLDER_SENT, 2002);
	mem_folder_add(&w.mb, "Drafts", AV_FOLDER_DRAFTS, 3003);

	/* the driver: the list headers only when asked, the display name decoded */
	{
		struct av_driver *drv = NULL;
		struct av_envelope *envs = NULL;
		const uint32_t uids[] = {1, 4};
		size_t n = 0;

		mem_driver_open(&w.mb, true, &drv);
		test_assert_int(drv->ops->examine(drv, "INBOX", NULL, &error), AV_OK);
		test_assert_int(drv->ops->envelopes(drv, uids, 2, 0, &envs, &n, &error), AV_OK);
		if (test_assert_int(n, 2)) {
			test_assert_str(envs[0].from_name, "Dana Whit");
			test_assert_int(envs[0].n_to, 1);
			test_assert(envs[0].list_id == NULL && envs[0].precedence == NULL);
			test_assert_str(envs[1].from_name, "Northbank Capital Recruiting");
		}
		av_envelopes_free(&envs, n);
		test_assert_int(
			drv->ops->envelopes(drv, uids, 2, AV_ENV_LIST_HEADERS, &envs, &n, &error),
			AV_OK);
		if (test_assert_int(n, 2)) {
			test_assert_str(envs[0].list_id,
					"Vetch candidates <candidates.vetch.example>");
			test_assert_str(envs[0].precedence, "bulk");
			test_assert(envs[0].list_unsubscribe == NULL);
			test_assert(envs[1].list_id == NULL && envs[1].precedence == NULL);
			test_assert_int(envs[0].internaldate, 0);
		}
		av_envelopes_free(&envs, n);
		drv->ops->close(&drv);
	}

	o = run_engine(&w, false, no_fault);
	test_assert_int(o.err, AV_OK);
	outcome_clear(&o);
	st = store_open(&w);
	test_assert_int(av_model_evaluate(st, conf, acc, words, now, &m, &error), AV_OK);
	free(error);

	/* bulk: List-Id and Precedence reached detection; a maybe, not drafted */
	it = report_of(&m, BULK_UID);
	if (test_assert(it != NULL)) {
		test_assert_str(it->ev->list_id, "Vetch candidates <candidates.vetch.example>");
		test_assert_str(it->ev->precedence, "bulk");
		test_assert(!it->is_interview);
		test_assert(it->det.maybe && it->maybe);
		test_assert_int(it->n_ivs, 0);
		test_assert_int(drafts_for(&w.mb, it, &subject), 0);
		free(subject);
	}
	it = report_of(&m, PLAIN_UID);
	if (test_assert(it != NULL)) {
		test_assert(it->ev->list_id == NULL && it->ev->precedence == NULL);
		test_assert(it->is_interview && !it->maybe);
		test_assert_int(drafts_for(&w.mb, it, &subject), 2); /* Dana and Lou */
		free(subject);
	}

	/* the display name: "Northbank", not the organizer's domain */
	it = report_of(&m, NORTHBANK_UID);
	if (test_assert(it != NULL)) {
		test_assert_str(it->ev->sender_name, "Northbank Recruiting");
		test_assert_str(it->det.company, "Northbank");
		test_assert(it->is_interview);
		if (test_assert_int(drafts_for(&w.mb, it, &subject), 2) &&
		    !test_assert(subject != NULL && strstr(subject, "Northbank") != NULL))
			printf("  subject: %s\n", subject ? subject : "(none)");
		free(subject);
	}

	it = report_of(&m, CAPITAL_UID);
	if (test_assert(it != NULL)) {
		test_assert_str(it->ev->sender_name, "Northbank Capital Recruiting");
		test_assert_str(it->det.company, "Northbank Capital");
		if (test_assert_int(drafts_for(&w.mb, it, &subject), 2) &&
		    !test_assert(subject != NULL && strstr(subject, "Northbank Capital") != NULL))
			printf("  subject: %s\n", subject ? subject : "(none)");
		free(subject);
	}

	/* the To: the attendee samr.jobs@ is the person, Noor alone is thanked */
	it = report_of(&m, ALIAS_UID);
	if (test_assert(it != NULL)) {
		test_assert_str(it->ev->mail_to, "samr.jobs@fastmail.example");
		test_assert(it->is_interview);
		if (test_assert_int(it->n_ivs, 1))
			test_assert_str(it->ivs[0].iv.email, "noor.haddad@orbital.example");
		test_assert_int(drafts_for(&w.mb, it, &subject), 1);
		free(subject);
	}
	av_model_clear(&m);
	av_store_close(&st);
	world_clear(&w);
	test_end();
}

/* issue 11, in memory: Marcus's draft leaves Drafts and no thank-you reaches Sent (a
 * client without a Sent copy); status asks; once marked thanked, status says so, a run
 * makes and changes nothing; taken back, the question is there again. */
static void
test_thanked_mark(void)
{
	struct world w;
	struct outcome o;
	struct av_store *st;
	struct av_model m;
	struct av_interview_report *it = NULL;
	const struct av_iv_report *r;
	struct mem_mailbox before;
	char *text = NULL, *json = NULL, *error = NULL, *want, *diff = NULL;
	bool changed = false, redraft = true;

	test_begin("marked thanked: status asks after the draft went, then says thanked");
	world_init(&w, true);
	first_run(&w);
	delete_marcus(&w);
	o = run_engine(&w, false, no_fault);
	test_assert_int(o.err, AV_OK);
	test_assert_int(o.st.drafts_made, 0);
	outcome_clear(&o);
	st = store_open(&w);
	r = marcus_report(st, &m, &text, &json);
	if (!test_assert(r != NULL))
		goto out;
	for (size_t i = 0; i < m.n_items; i++)
		if (strcmp(m.items[i].ev->inv->uid, PANEL_UID) == 0)
			it = &m.items[i];
	if (!test_assert(it != NULL))
		goto out;
	test_assert_state(r->verdict.state, AV_STATE_PENDING);
	test_assert(r->draft_gone && !r->marked_thanked);
	want = av_asprintf("      draft gone, no thank-you in Sent — sent from a client without a "
			   "Sent copy?\n        `afterview mark %s thanked Marcus Lee`\n",
			   it->id);
	if (!test_assert(strstr(text, want) != NULL))
		printf("%s\n", text);
	free(want);
	test_assert_int(count_of(text, "draft gone"), 1); /* Renée's draft is there */
	test_assert(strstr(json, "\"hint\": \"draft-gone-no-thanks\"") != NULL);
	test_assert(strstr(json, "\"marked_thanked\": true") == NULL);
	free(text);
	free(json);
	test_assert_int(av_model_mark_thanked(&m, st, acc, words, it, (struct av_iv_report *)r,
					      true, now, &changed, &redraft, &error),
			AV_OK);
	test_assert(changed && !redraft);
	av_model_clear(&m);
	r = marcus_report(st, &m, &text, &json);
	test_assert(r != NULL && r->marked_thanked && !r->draft_gone);
	test_assert(r == NULL || (r->verdict.state == AV_STATE_THANKED && !r->verdict.evidence));
	if (!test_assert(strstr(text, "    Marcus Lee                   thanked        (marked by "
				      "you)\n") != NULL))
		printf("%s\n", text);
	test_assert(strstr(text, "draft gone") == NULL);
	test_assert_int(count_of(json, "\"marked_thanked\": true"), 1);
	test_assert_int(count_of(json, "\"marked_thanked\": false"), 4);
	test_assert(strstr(json, "\"hint\": \"draft") == NULL);
	free(text);
	free(json);
	av_model_clear(&m);
	av_store_close(&st);
	/* a later run: nothing made, nothing changed anywhere */
	mem_mailbox_copy(&before, &w.mb);
	o = run_engine(&w, false, no_fault);
	test_assert_int(o.err, AV_OK);
	test_assert_int(o.st.drafts_made + o.st.replaced + o.st.withdrawn + o.st.drafts_found +
				o.st.failures,
			0);
	outcome_clear(&o);
	if (!test_assert(mem_mailbox_same(&before, &w.mb, NULL, &diff)))
		printf("  %s\n", diff);
	free(diff);
	mem_mailbox_clear(&before);
	test_end();

	test_begin("marked thanked, taken back: pending, and the question again");
	st = store_open(&w);
	r = marcus_report(st, &m, &text, &json);
	free(text);
	free(json);
	it = NULL;
	for (size_t i = 0; i < m.n_items; i++)
		if (strcmp(m.items[i].ev->inv->uid, PANEL_UID) == 0)
			it = &m.items[i];
	if (!test_assert(it != NULL && r != NULL))
		goto out;
	test_assert_int(av_model_mark_thanked(&m, st, acc, words, it, (struct av_iv_report *)r,
					      false, now, &changed, &redraft, &error),
			AV_OK);
	test_assert(changed && !redraft); /* gone, not withdrawn: not made again */
	test_assert_state(r->verdict.state, AV_STATE_PENDING);
	test_assert(r->draft_gone);
	test_end();
out:
	free(error);
	av_model_clear(&m);
	av_store_close(&st);
	world_clear(&w);
}

/* ---- setup --------------------------------------------------------------------------- */

static void
setup(void)
{
	const char *base = getenv("TMPDIR");
	char *path, *error = NULL, *tdir;
	static const char text[] = "[me]\n"
				   "name = Sam Rivera\n"
				   "addresses = sam.rivera@example.net\n"
				   "skills = Go, Kubernetes and incident response\n"
				   "timezone = America/New_York\n"
				   "[afterview]\n"
				   "update_drafts = yes\n"
				   "[account " ACCOUNT "]\n"
				   "host = 127.0.0.1\n"
				   "security = plain\n"
				   "user = sam\n"
				   "password_cmd = echo unused\n";

	/* tmpfs when there is one: sqlite syncs every draft intent to disk */
	if (access("/dev/shm", W_OK) == 0)
		base = "/dev/shm";
	tmpdir = av_asprintf("%s/av-test-engine.XXXXXX", base != NULL ? base : "/tmp");
	if (mkdtemp(tmpdir) == NULL) {
		perror(tmpdir);
		exit(2);
	}
	path = av_asprintf("%s/config", tmpdir);
	write_file(path, text, strlen(text));
	chmod(path, 0600);
	if (av_conf_load(path, &conf, &error) != AV_OK) {
		printf("config: %s\n", error);
		exit(2);
	}
	free(path);
	acc = av_conf_account(conf, ACCOUNT);
	if (av_words_load(NULL, NULL, NULL, &words, &error) != AV_OK) {
		printf("word lists: %s\n", error);
		exit(2);
	}
	tdir = av_asprintf("%s/contrib/templates", AV_TEST_SRCDIR);
	if (av_templates_load(tdir, &tpl, &error) != AV_OK) {
		printf("templates: %s\n", error);
		exit(2);
	}
	free(tdir);
	if (!av_parse_iso8601("2026-10-22T20:00:00Z", &now) ||
	    !av_parse_iso8601("2026-10-15T09:00:00Z", &t_inbox) ||
	    !av_parse_iso8601("2026-10-22T19:00:00Z", &t_sent))
		exit(2);
	for (int i = 0; i < N_WHO; i++)
		tokens[i] = av_draft_token(ACCOUNT, people[i].invite, people[i].who);
}

static void
teardown(void)
{
	char *path = av_asprintf("%s/config", tmpdir);

	unlink(path);
	free(path);
	rmdir(tmpdir);
	free(tmpdir);
	for (int i = 0; i < N_WHO; i++)
		free(tokens[i]);
	av_templates_free(&tpl);
	av_words_free(&words);
	av_conf_free(&conf);
}

/* issue 14: Sent and Drafts resolving to one folder (drafts = Sent, or sent = Drafts, on
 * a server without special-use) are refused before anything is read or written; a
 * mailbox where they are apart runs as ever. */
static void
test_same_folder(void)
{
	static const struct {
		const char *sent, *drafts, *says;
	} cases[] = {
		{NULL, NULL, NULL},
		{NULL, "Sent",
		 "(sent = (not set), chosen as common name; drafts = Sent, chosen as "
		 "configured)"},
		{"Drafts", NULL,
		 "(sent = Drafts, chosen as configured; drafts = (not set), chosen "
		 "as common name)"},
		{"drafts", "Drafts", "\"Drafts\""},
	};

	test_begin("Sent and Drafts as one folder: refused, nothing read or written");
	for (size_t c = 0; c < sizeof(cases) / sizeof(*cases); c++) {
		struct world w;
		struct mem_mailbox before;
		struct av_account a = *acc;
		struct av_run run;
		struct av_model m;
		struct av_driver *drv;
		char *error = NULL, *name = NULL, *diff = NULL;
		uint32_t uv = 0, uid = 0;
		enum av_err err;

		world_init(&w, true);
		/* no special-use: the names decide */
		mem_folder_get(&w.mb, "Sent")->special = -1;
		mem_folder_get(&w.mb, "Drafts")->special = -1;
		mem_mailbox_copy(&before, &w.mb);
		a.sent = (char *)cases[c].sent;
		a.drafts = (char *)cases[c].drafts;
		memset(&run, 0, sizeof(run));
		mem_driver_open(&w.mb, false, &run.drv);
		run.store = store_open(&w);
		run.conf = conf;
		run.acc = &a;
		run.words = words;
		run.tpl = tpl;
		run.now = now;
		err = av_engine_run(&run, &m, &error);
		if (cases[c].says == NULL) {
			test_assert_int(err, AV_OK);
			test_assert_int(run.stats.drafts_made, 5);
		} else {
			test_assert_int(err, AV_ERR_CONFIG);
			test_assert(error != NULL && strstr(error, cases[c].says) != NULL);
			test_assert(error != NULL && strstr(error, "would be one folder") != NULL);
			test_assert_int(run.stats.sync.sent, 0); /* Sent not read */
			test_assert(mem_mailbox_same(&before, &w.mb, NULL, &diff));
			if (verbose)
				printf("  %s\n", error);
		}
		free(diff);
		free(error);
		error = NULL;
		av_model_clear(&m);
		av_run_stats_clear(&run.stats);
		run.drv->ops->close(&run.drv);
		av_store_close(&run.store);
		mem_mailbox_clear(&before);
		if (cases[c].says == NULL) {
			world_clear(&w);
			continue;
		}
		/* the driver by itself: once refused, no later look, no write anywhere */
		mem_driver_open(&w.mb, false, &drv);
		test_assert_int(drv->ops->find_folder(drv, AV_FOLDER_DRAFTS, cases[c].drafts, &name,
						      &error),
				AV_OK);
		free(name);
		name = NULL;
		test_assert_int(
			drv->ops->find_folder(drv, AV_FOLDER_SENT, cases[c].sent, &name, &error),
			AV_ERR_CONFIG);
		free(error);
		error = NULL;
		test_assert_int(drv->ops->find_folder(drv, AV_FOLDER_DRAFTS, cases[c].drafts, &name,
						      &error),
				AV_ERR_CONFIG);
		free(error);
		error = NULL;
		test_assert_int(drv->ops->append(drv, "Sent", "x\r\n", 3, &uv, &uid, &error),
				AV_ERR_SOFTWARE);
		free(error);
		error = NULL;
		test_assert_int(drv->ops->append(drv, "Drafts", "x\r\n", 3, &uv, &uid, &error),
				AV_ERR_SOFTWARE);
		free(error);
		error = NULL;
		drv->ops->close(&drv);
		world_clear(&w);
	}
	test_end();
}

/* issue 14, item 11: a second installation on the account (another machine, its own
 * state database) over the same mailbox. */
struct other {
	struct world *w;
	char *db; /* the other installation's database */
};

/* A whole run of the other installation, on the same folders. */
static void
other_runs(void *ctx)
{
	struct other *o = ctx;
	char *mine = o->w->db;
	struct outcome out;

	hook.fn = NULL; /* its own run has no hook */
	o->w->db = o->db;
	out = run_engine(o->w, false, no_fault);
	test_assert_int(out.err, AV_OK);
	outcome_clear(&out);
	o->w->db = mine;
}

/* Both see no draft, both append: the one whose APPEND came later removes its newer twin
 * and records the older one; also when its run is cut right after its APPEND. Then runs
 * of the two, alternately: one draft per interviewer throughout. */
static void
test_two_installations(void)
{
	static const struct fault faults[] = {
		{NULL, 0, MEM_FAULT_BEFORE},
		{"append", 2, MEM_FAULT_AFTER},		 /* cut right after its second APPEND */
		{"search_headers", 4, MEM_FAULT_BEFORE}, /* cut in the look-up after an APPEND */
		{"withdraw", 1, MEM_FAULT_AFTER},	 /* its twin removed, the reply lost */
	};

	test_begin("two installations on one account: no duplicate draft");
	for (size_t f = 0; f < sizeof(faults) / sizeof(*faults); f++) {
		struct world w;
		struct other other;
		struct outcome o;

		world_init(&w, true);
		other.w = &w;
		other.db = av_asprintf("%s/other-%u.db", tmpdir, worlds);
		/* this one looked at Drafts and found nothing; before its first APPEND the other
		 * makes all five */
		hook.op = "append";
		hook.nth = 1;
		hook.fn = other_runs;
		hook.ctx = &other;
		o = run_engine(&w, false, faults[f]);
		hook.fn = NULL;
		test_assert_int(o.err, faults[f].nth == 0 ? AV_OK : AV_ERR_TEMP);
		if (o.err != (faults[f].nth == 0 ? AV_OK : AV_ERR_TEMP))
			printf("  (fault %zu)\n", f);
		outcome_clear(&o);
		for (int round = 0; round < 4; round++) {
			struct outcome r;
			char *mine = w.db;

			if (round % 2 == 1)
				w.db = other.db;
			r = run_engine(&w, false, no_fault);
			w.db = mine;
			test_assert_int(r.err, AV_OK);
			test_assert_int(r.st.drafts_made, 0);
			outcome_clear(&r);
		}
		for (int i = 0; i < N_WHO; i++) {
			test_assert_int(ours(&w.mb, (enum who)i, NULL), 1);
			if (ours(&w.mb, (enum who)i, NULL) != 1)
				printf("  (%s, fault %zu)\n", people[i].who, f);
		}
		db_remove(other.db);
		free(other.db);
		world_clear(&w);
	}
	test_end();
}

int
main(void)
{
	const char *only = getenv("AV_TEST_ONLY"); /* a scenario's name starts with it */
	int rc;

	verbose = getenv("AV_TEST_VERBOSE") != NULL && strcmp(getenv("AV_TEST_VERBOSE"), "1") == 0;
	av_log_open("test-engine", false);
	av_log_set_level(AV_LOG_ERROR);
	if (verbose && !av_log_set_debug("engine,match,draft", NULL))
		return 2;
	if (getenv("AFTERVIEW_DATADIR") == NULL)
		setenv("AFTERVIEW_DATADIR", AV_TEST_SRCDIR "/data", 1);
	setup();
	test_driver_rules();
	test_driver_faults();
	test_driver_parts();
	test_model();
	test_unsure_reply();
	test_thanked_mark();
	test_message_headers();
	test_same_folder();
	test_two_installations();
	for (size_t i = 0; i < sizeof(scenarios) / sizeof(*scenarios); i++) {
		struct outcome clean;

		if (only != NULL && strncmp(scenarios[i].name, only, strlen(only)) != 0)
			continue;
		clean.ops = test_scenario(&scenarios[i]);
		test_scenario_faults(&scenarios[i], clean.ops);
		outcome_clear(&clean);
	}
	if (gone_for_withdrawn > 0)
		printf("note: %u withdrawal(s) recorded as gone after their reply was lost\n",
		       gone_for_withdrawn);
	teardown();
	rc = test_exit();
	av_log_close();
	return rc;
}
