/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "afterview/events.h"
#include "afterview/util.h"
#include "harness.h"

static struct av_invite *
mk(const char *uid, enum av_method method, int seq, time_t stamp, time_t start, bool cancelled)
{
	struct av_invite *inv = av_calloc(1, sizeof(*inv));

	inv->uid = av_strdup(uid);
	inv->method = method;
	inv->sequence = seq;
	inv->dtstamp = stamp;
	inv->start = start;
	inv->end = start + 3600;
	inv->cancelled = cancelled;
	inv->summary = av_asprintf("%s v%d", uid, seq);
	return inv;
}

static void
test_reschedule(void)
{
	struct av_events set;

	test_begin("a reschedule (higher SEQUENCE) replaces, in either order");
	av_events_init(&set);
	av_events_add(&set, mk("a", AV_METHOD_REQUEST, 0, 100, 1000, false), "a0.eml", NULL);
	av_events_add(&set, mk("a", AV_METHOD_REQUEST, 1, 50, 2000, false), "a1.eml", NULL);
	test_assert_int(set.n, 1);
	test_assert_int(set.v[0].inv->start, 2000);
	test_assert_int(set.v[0].versions, 2);
	test_assert_str(set.v[0].source, "a1.eml");
	av_events_clear(&set);

	av_events_init(&set);
	av_events_add(&set, mk("a", AV_METHOD_REQUEST, 1, 50, 2000, false), "a1.eml", NULL);
	av_events_add(&set, mk("a", AV_METHOD_REQUEST, 0, 100, 1000, false), "a0.eml", NULL);
	test_assert_int(set.v[0].inv->start, 2000);
	test_assert_int(set.v[0].sequence, 1);
	av_events_clear(&set);
	test_end();

	test_begin("at the same SEQUENCE the later DTSTAMP wins");
	av_events_init(&set);
	av_events_add(&set, mk("b", AV_METHOD_REQUEST, 2, 500, 3000, false), "late.eml", NULL);
	av_events_add(&set, mk("b", AV_METHOD_REQUEST, 2, 400, 1000, false), "early.eml", NULL);
	test_assert_int(set.v[0].inv->start, 3000);
	av_events_clear(&set);
	test_end();
}

static void
test_cancel(void)
{
	struct av_events set;

	test_begin("a cancellation cancels and keeps the invite's details");
	av_events_init(&set);
	av_events_add(&set, mk("c", AV_METHOD_REQUEST, 0, 100, 1000, false), "req.eml", NULL);
	av_events_add(&set, mk("c", AV_METHOD_CANCEL, 1, 200, 0, false), "cancel.eml", NULL);
	test_assert(set.v[0].cancelled);
	test_assert_int(set.v[0].inv->start, 1000);
	test_assert_str(set.v[0].inv->summary, "c v0");
	av_events_clear(&set);

	/* the other order gives the same answer */
	av_events_init(&set);
	av_events_add(&set, mk("c", AV_METHOD_CANCEL, 1, 200, 0, false), "cancel.eml", NULL);
	test_assert(set.v[0].cancelled);
	av_events_add(&set, mk("c", AV_METHOD_REQUEST, 0, 100, 1000, false), "req.eml", NULL);
	test_assert(set.v[0].cancelled);
	test_assert_int(set.v[0].inv->start, 1000);
	av_events_clear(&set);
	test_end();

	test_begin("STATUS:CANCELLED in a REQUEST cancels; a later re-invite revives");
	av_events_init(&set);
	av_events_add(&set, mk("d", AV_METHOD_REQUEST, 0, 100, 1000, false), "req.eml", NULL);
	av_events_add(&set, mk("d", AV_METHOD_REQUEST, 1, 200, 1000, true), "status.eml", NULL);
	test_assert(set.v[0].cancelled);
	av_events_add(&set, mk("d", AV_METHOD_REQUEST, 2, 300, 5000, false), "again.eml", NULL);
	test_assert(!set.v[0].cancelled);
	test_assert_int(set.v[0].inv->start, 5000);
	test_assert_int(set.v[0].versions, 3);
	av_events_clear(&set);
	test_end();

	test_begin("at a full tie the cancellation wins, whatever the order");
	av_events_init(&set);
	av_events_add(&set, mk("e", AV_METHOD_CANCEL, 0, 100, 1000, false), "x", NULL);
	av_events_add(&set, mk("e", AV_METHOD_REQUEST, 0, 100, 1000, false), "y", NULL);
	test_assert(set.v[0].cancelled);
	av_events_clear(&set);
	av_events_init(&set);
	av_events_add(&set, mk("e", AV_METHOD_REQUEST, 0, 100, 1000, false), "y", NULL);
	av_events_add(&set, mk("e", AV_METHOD_CANCEL, 0, 100, 1000, false), "x", NULL);
	test_assert(set.v[0].cancelled);
	av_events_clear(&set);
	test_end();
}

static void
test_other(void)
{
	struct av_events set;
	char id1[AV_EVENT_ID_SIZE], id2[AV_EVENT_ID_SIZE];

	test_begin("replies are no invitations; events sort by start");
	av_events_init(&set);
	test_assert(!av_events_add(&set, mk("r", AV_METHOD_REPLY, 0, 1, 1, false), "reply", NULL));
	test_assert_int(set.n, 0);
	av_events_add(&set, mk("late", AV_METHOD_REQUEST, 0, 1, 9000, false), "1", NULL);
	av_events_add(&set, mk("early", AV_METHOD_PUBLISH, 0, 1, 10, false), "2", NULL);
	av_events_add(&set, mk("mid", AV_METHOD_NONE, 0, 1, 500, false), "3", NULL);
	av_events_sort(&set);
	test_assert_str(set.v[0].inv->uid, "early");
	test_assert_str(set.v[1].inv->uid, "mid");
	test_assert_str(set.v[2].inv->uid, "late");
	av_events_clear(&set);
	test_end();

	test_begin("event ids are short, stable and differ per UID");
	av_events_id("040000008200E00074C5B7101A82E008", id1);
	av_events_id("040000008200E00074C5B7101A82E009", id2);
	test_assert_int(strlen(id1), 12);
	test_assert(strcmp(id1, id2) != 0);
	av_events_id("040000008200E00074C5B7101A82E008", id2);
	test_assert_str(id1, id2);
	test_end();
}

int
main(void)
{
	test_reschedule();
	test_cancel();
	test_other();
	return test_exit();
}
