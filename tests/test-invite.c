/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "afterview/invite.h"
#include "afterview/log.h"
#include "afterview/mime.h"
#include "afterview/util.h"
#include "harness.h"

#define ZONE "America/New_York"

static const char *srcdir = ".";

/* Calendar texts are written with LF and one property per line; BEGIN/END of the
 * VCALENDAR are added here. */
static char *
calendar(const char *method, const char *body)
{
	return av_asprintf("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n%s%s%s%s"
			   "END:VCALENDAR\r\n",
			   method ? "METHOD:" : "", method ? method : "", method ? "\r\n" : "",
			   body);
}

/* Parse text; returns the invites (or NULL with *n_r = 0 after a failed assertion). */
static struct av_invite **
parse(const char *text, size_t len, size_t *n_r)
{
	struct av_invite **inv = NULL;
	char *err = NULL;

	*n_r = 0;
	if (!test_assert_int(av_invite_parse(text, len, ZONE, &inv, n_r, &err), AV_OK)) {
		printf("  error: %s\n", err ? err : "(none)");
		free(err);
		return NULL;
	}
	test_assert(err == NULL);
	return inv;
}

static struct av_invite **
parse_cal(const char *method, const char *body, size_t *n_r)
{
	char *text = calendar(method, body);
	struct av_invite **inv = parse(text, strlen(text), n_r);

	free(text);
	return inv;
}

static const char *
utc(time_t t)
{
	static char buf[4][AV_TIME_UTC_SIZE];
	static unsigned i;

	return av_time_utc(t, buf[i++ % 4]);
}

/* One VEVENT with the given time lines; checks start and end in UTC. */
static void
check_times(const char *what, const char *vtimezone, const char *times, const char *want_start,
	    const char *want_end, const char *want_zone)
{
	char *body = av_asprintf("%sBEGIN:VEVENT\nUID:t1\nDTSTAMP:20261001T120000Z\n%s"
				 "SUMMARY:x\nEND:VEVENT\n",
				 vtimezone ? vtimezone : "", times);
	size_t n;
	struct av_invite **inv = parse_cal("REQUEST", body, &n);

	if (test_assert_int(n, 1)) {
		if (!test_assert_str(utc(inv[0]->start), want_start) ||
		    !test_assert_str(utc(inv[0]->end), want_end) ||
		    !test_assert_str(inv[0]->zone, want_zone))
			printf("    (%s)\n", what);
	}
	av_invite_free_all(&inv, n);
	free(body);
}

static const char outlook_pacific[] = "BEGIN:VTIMEZONE\n"
				      "TZID:Pacific Standard Time\n"
				      "BEGIN:STANDARD\n"
				      "DTSTART:16010101T020000\n"
				      "TZOFFSETFROM:-0700\n"
				      "TZOFFSETTO:-0800\n"
				      "RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=1SU;BYMONTH=11\n"
				      "END:STANDARD\n"
				      "BEGIN:DAYLIGHT\n"
				      "DTSTART:16010101T020000\n"
				      "TZOFFSETFROM:-0800\n"
				      "TZOFFSETTO:-0700\n"
				      "RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=2SU;BYMONTH=3\n"
				      "END:DAYLIGHT\n"
				      "END:VTIMEZONE\n";

/* A zone only the calendar defines: UTC+05:30 all year. */
static const char custom_zone[] = "BEGIN:VTIMEZONE\n"
				  "TZID:Custom Zone 1\n"
				  "BEGIN:STANDARD\n"
				  "DTSTART:19700101T000000\n"
				  "TZOFFSETFROM:+0530\n"
				  "TZOFFSETTO:+0530\n"
				  "END:STANDARD\n"
				  "END:VTIMEZONE\n";

/* A VTIMEZONE whose rule would make libical expand for hours: ignored. */
static const char hostile_zone[] = "BEGIN:VTIMEZONE\n"
				   "TZID:Europe/Paris\n"
				   "BEGIN:STANDARD\n"
				   "DTSTART:16010101T000000\n"
				   "TZOFFSETFROM:+0900\n"
				   "TZOFFSETTO:+0900\n"
				   "RRULE:FREQ=SECONDLY\n"
				   "END:STANDARD\n"
				   "END:VTIMEZONE\n";

static void
test_times(void)
{
	test_begin("times: VTIMEZONE, IANA, Windows, UTC, floating, unknown TZID");
	check_times("Outlook VTIMEZONE, Windows TZID quoted", outlook_pacific,
		    "DTSTART;TZID=\"Pacific Standard Time\":20261014T130000\n"
		    "DTEND;TZID=\"Pacific Standard Time\":20261014T140000\n",
		    "2026-10-14T20:00:00Z", "2026-10-14T21:00:00Z", "America/Los_Angeles");
	check_times("Outlook VTIMEZONE after the fall-back", outlook_pacific,
		    "DTSTART;TZID=Pacific Standard Time:20261101T090000\n"
		    "DTEND;TZID=Pacific Standard Time:20261101T100000\n",
		    "2026-11-01T17:00:00Z", "2026-11-01T18:00:00Z", "America/Los_Angeles");
	/* its rules start in 1601; afterview has libical read them from 1970 (shared_zone):
	 * the same offsets from 1971 on, also beyond the years expanded ahead */
	check_times("Outlook VTIMEZONE in 1971's summer", outlook_pacific,
		    "DTSTART;TZID=Pacific Standard Time:19710701T100000\n", "1971-07-01T17:00:00Z",
		    "1971-07-01T17:00:00Z", "America/Los_Angeles");
	check_times("Outlook VTIMEZONE in 1971's winter", outlook_pacific,
		    "DTSTART;TZID=Pacific Standard Time:19711201T100000\n", "1971-12-01T18:00:00Z",
		    "1971-12-01T18:00:00Z", "America/Los_Angeles");
	check_times("Outlook VTIMEZONE on 2045's spring-forward day", outlook_pacific,
		    "DTSTART;TZID=Pacific Standard Time:20450312T100000\n", "2045-03-12T17:00:00Z",
		    "2045-03-12T17:00:00Z", "America/Los_Angeles");
	check_times("Outlook VTIMEZONE the day before", outlook_pacific,
		    "DTSTART;TZID=Pacific Standard Time:20450311T100000\n", "2045-03-11T18:00:00Z",
		    "2045-03-11T18:00:00Z", "America/Los_Angeles");
	check_times("custom VTIMEZONE", custom_zone,
		    "DTSTART;TZID=Custom Zone 1:20261110T100000\n"
		    "DTEND;TZID=Custom Zone 1:20261110T103000\n",
		    "2026-11-10T04:30:00Z", "2026-11-10T05:00:00Z", NULL);
	check_times("Windows id, no VTIMEZONE", NULL,
		    "DTSTART;TZID=W. Europe Standard Time:20261110T100000\n"
		    "DTEND;TZID=W. Europe Standard Time:20261110T110000\n",
		    "2026-11-10T09:00:00Z", "2026-11-10T10:00:00Z", "Europe/Berlin");
	check_times("Windows display name", NULL,
		    "DTSTART;TZID=\"(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, "
		    "Vienna\":20260710T100000\n"
		    "DTEND;TZID=\"(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, "
		    "Vienna\":20260710T110000\n",
		    "2026-07-10T08:00:00Z", "2026-07-10T09:00:00Z", "Europe/Berlin");
	check_times("old GMT display name", NULL,
		    "DTSTART;TZID=\"(GMT-08:00) Pacific Time (US & Canada)\":20261103T100000\n"
		    "DTEND;TZID=\"(GMT-08:00) Pacific Time (US & Canada)\":20261103T110000\n",
		    "2026-11-03T18:00:00Z", "2026-11-03T19:00:00Z", "America/Los_Angeles");
	check_times("IANA TZID, no VTIMEZONE", NULL,
		    "DTSTART;TZID=Europe/London:20260710T100000\n"
		    "DTEND;TZID=Europe/London:20260710T110000\n",
		    "2026-07-10T09:00:00Z", "2026-07-10T10:00:00Z", "Europe/London");
	check_times("libical-prefixed TZID", NULL,
		    "DTSTART;TZID=/freeassociation.sourceforge.net/Tzfile/Asia/Kolkata:"
		    "20261110T100000\n",
		    "2026-11-10T04:30:00Z", "2026-11-10T04:30:00Z", "Asia/Kolkata");
	/* a time in UTC says nothing of the interview's place: the person's zone */
	check_times("UTC", NULL, "DTSTART:20261110T100000Z\nDTEND:20261110T110000Z\n",
		    "2026-11-10T10:00:00Z", "2026-11-10T11:00:00Z", ZONE);
	check_times("floating", NULL, "DTSTART:20261124T150000\nDTEND:20261124T160000\n",
		    "2026-11-24T20:00:00Z", "2026-11-24T21:00:00Z", ZONE);
	check_times("unknown TZID is the configured zone, not UTC", NULL,
		    "DTSTART;TZID=Mars/Olympus_Mons:20261124T150000\n"
		    "DTEND;TZID=Mars/Olympus_Mons:20261124T160000\n",
		    "2026-11-24T20:00:00Z", "2026-11-24T21:00:00Z", ZONE);
	check_times("TZID naming a file outside zoneinfo", NULL,
		    "DTSTART;TZID=../../../../etc/passwd:20261124T150000\n", "2026-11-24T20:00:00Z",
		    "2026-11-24T20:00:00Z", ZONE);
	check_times("hostile VTIMEZONE ignored: the TZID resolves as a name", hostile_zone,
		    "DTSTART;TZID=Europe/Paris:20261124T150000\n", "2026-11-24T14:00:00Z",
		    "2026-11-24T14:00:00Z", "Europe/Paris");
	check_times("no end: end = start", NULL, "DTSTART:20261110T100000Z\n",
		    "2026-11-10T10:00:00Z", "2026-11-10T10:00:00Z", ZONE);
	check_times("end before start: end = start", NULL,
		    "DTSTART:20261110T100000Z\nDTEND:20261110T090000Z\n", "2026-11-10T10:00:00Z",
		    "2026-11-10T10:00:00Z", ZONE);
	test_end();

	test_begin("times: DURATION, all-day");
	check_times("DURATION", NULL,
		    "DTSTART;TZID=America/New_York:20261030T093000\n"
		    "DURATION:PT45M\n",
		    "2026-10-30T13:30:00Z", "2026-10-30T14:15:00Z", ZONE);
	/* P1D is nominal: the same wall-clock time the next day, across the fall-back. */
	check_times("DURATION P1D across DST", NULL,
		    "DTSTART;TZID=America/New_York:20261031T100000\nDURATION:P1D\n",
		    "2026-10-31T14:00:00Z", "2026-11-01T15:00:00Z", ZONE);
	check_times("DURATION PT24H across DST is exact", NULL,
		    "DTSTART;TZID=America/New_York:20261031T100000\nDURATION:PT24H\n",
		    "2026-10-31T14:00:00Z", "2026-11-01T14:00:00Z", ZONE);
	check_times("all-day, two days (DTEND exclusive)", NULL,
		    "DTSTART;VALUE=DATE:20261110\nDTEND;VALUE=DATE:20261112\n",
		    "2026-11-10T05:00:00Z", "2026-11-12T05:00:00Z", ZONE);
	check_times("all-day without DTEND: one day", NULL, "DTSTART;VALUE=DATE:20261110\n",
		    "2026-11-10T05:00:00Z", "2026-11-11T05:00:00Z", ZONE);
	check_times("all-day across the fall-back", NULL,
		    "DTSTART;VALUE=DATE:20261031\nDTEND;VALUE=DATE:20261102\n",
		    "2026-10-31T04:00:00Z", "2026-11-02T05:00:00Z", ZONE);
	check_times("all-day with DURATION", NULL, "DTSTART;VALUE=DATE:20261110\nDURATION:P3D\n",
		    "2026-11-10T05:00:00Z", "2026-11-13T05:00:00Z", ZONE);
	check_times("all-day with DTEND = DTSTART: one day", NULL,
		    "DTSTART;VALUE=DATE:20261110\nDTEND;VALUE=DATE:20261110\n",
		    "2026-11-10T05:00:00Z", "2026-11-11T05:00:00Z", ZONE);
	test_end();

	/* RFC 5545 3.3.5: a repeated local time is its first occurrence; a skipped one
	 * takes the offset from before the gap. */
	test_begin("times: DST edges");
	check_times("NY 01:30 on fall-back day: first (EDT)", NULL,
		    "DTSTART;TZID=America/New_York:20261101T013000\n", "2026-11-01T05:30:00Z",
		    "2026-11-01T05:30:00Z", ZONE);
	check_times("NY 02:00 on fall-back day: EST", NULL,
		    "DTSTART;TZID=America/New_York:20261101T020000\n", "2026-11-01T07:00:00Z",
		    "2026-11-01T07:00:00Z", ZONE);
	check_times("NY 00:30 on fall-back day: EDT", NULL,
		    "DTSTART;TZID=America/New_York:20261101T003000\n", "2026-11-01T04:30:00Z",
		    "2026-11-01T04:30:00Z", ZONE);
	check_times("NY 02:30 in the spring gap: EST offset", NULL,
		    "DTSTART;TZID=America/New_York:20260308T023000\n", "2026-03-08T07:30:00Z",
		    "2026-03-08T07:30:00Z", ZONE);
	check_times("NY 03:00 after the spring gap: EDT", NULL,
		    "DTSTART;TZID=America/New_York:20260308T030000\n", "2026-03-08T07:00:00Z",
		    "2026-03-08T07:00:00Z", ZONE);
	check_times("Berlin 02:30 on fall-back day: first (CEST)", NULL,
		    "DTSTART;TZID=Europe/Berlin:20261025T023000\n", "2026-10-25T00:30:00Z",
		    "2026-10-25T00:30:00Z", "Europe/Berlin");
	check_times("Berlin 03:00 on fall-back day: CET", NULL,
		    "DTSTART;TZID=Europe/Berlin:20261025T030000\n", "2026-10-25T02:00:00Z",
		    "2026-10-25T02:00:00Z", "Europe/Berlin");
	check_times("Berlin 10:00 on fall-back day (Outlook VTIMEZONE)",
		    "BEGIN:VTIMEZONE\nTZID:W. Europe Standard Time\nBEGIN:STANDARD\n"
		    "DTSTART:16010101T030000\nTZOFFSETFROM:+0200\nTZOFFSETTO:+0100\n"
		    "RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10\nEND:STANDARD\n"
		    "BEGIN:DAYLIGHT\nDTSTART:16010101T020000\nTZOFFSETFROM:+0100\n"
		    "TZOFFSETTO:+0200\nRRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3\n"
		    "END:DAYLIGHT\nEND:VTIMEZONE\n",
		    "DTSTART;TZID=W. Europe Standard Time:20261025T100000\n",
		    "2026-10-25T09:00:00Z", "2026-10-25T09:00:00Z", "Europe/Berlin");
	check_times("Berlin 02:30 in the spring gap: CET offset", NULL,
		    "DTSTART;TZID=Europe/Berlin:20260329T023000\n", "2026-03-29T01:30:00Z",
		    "2026-03-29T01:30:00Z", "Europe/Berlin");
	test_end();
}

static void
test_zone_fields(void)
{
	size_t n;
	struct av_invite **inv;

	test_begin("zone, utc_offset, floating, all_day");
	inv = parse_cal(
		NULL,
		"BEGIN:VEVENT\nUID:a\nDTSTART;TZID=Europe/Berlin:20260710T100000\nEND:VEVENT\n"
		"BEGIN:VEVENT\nUID:b\nDTSTART:20261124T150000\nEND:VEVENT\n"
		"BEGIN:VEVENT\nUID:c\nDTSTART;VALUE=DATE:20260710\nEND:VEVENT\n"
		"BEGIN:VEVENT\nUID:d\nDTSTART:20260710T100000Z\nEND:VEVENT\n",
		&n);
	if (test_assert_int(n, 4)) {
		test_assert_int(inv[0]->method, AV_METHOD_NONE);
		test_assert_int(inv[0]->utc_offset, 7200);
		test_assert(!inv[0]->floating && !inv[0]->all_day);
		test_assert_int(inv[1]->utc_offset, -5 * 3600);
		test_assert(inv[1]->floating);
		test_assert_str(inv[1]->zone, ZONE);
		test_assert(inv[2]->all_day && !inv[2]->floating);
		test_assert_int(inv[2]->utc_offset, -4 * 3600);
		test_assert_str(inv[2]->zone, ZONE);
		/* UTC times: the configured zone's offset (EDT on that day) */
		test_assert_int(inv[3]->utc_offset, -4 * 3600);
	}
	av_invite_free_all(&inv, n);
	test_assert(inv == NULL);
	test_end();
}

static void
test_fields(void)
{
	static const char body[] =
		"BEGIN:VEVENT\n"
		"UID:  uid-1@example.org\n"
		"SEQUENCE:3\n"
		"DTSTAMP:20261001T120000Z\n"
		"DTSTART:20261110T150000Z\n"
		"DTEND:20261110T160000Z\n"
		"STATUS:CONFIRMED\n"
		"SUMMARY:Phone screen\\, round 1\n"
		"DESCRIPTION:Line one\\nLine two\n"
		"LOCATION:Room 4\\; Building B\n"
		"ORGANIZER;CN=\"Doe, Jane\":MAILTO:Jane.Doe@Example.COM\n"
		"ATTENDEE;CN=Sam Rivera;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED:mailto:sam@"
		"example.net\n"
		"ATTENDEE;CN=Room 4;CUTYPE=ROOM;ROLE=NON-PARTICIPANT:mailto:room4@example.org\n"
		"ATTENDEE;CUTYPE=GROUP;ROLE=OPT-PARTICIPANT;PARTSTAT=DECLINED:mailto:team@"
		"example.org\n"
		"ATTENDEE;CN=Chair;ROLE=CHAIR;PARTSTAT=TENTATIVE;CUTYPE=RESOURCE:MAILTO:c@x.org\n"
		"ATTENDEE;CUTYPE=X-ODD;PARTSTAT=DELEGATED:urn:uuid:1234\n"
		"ATTENDEE;CN=\"\";EMAIL=Alt@Example.org:urn:uuid:5678\n"
		"BEGIN:VALARM\n"
		"ACTION:EMAIL\n"
		"TRIGGER:-PT15M\n"
		"SUMMARY:Reminder\n"
		"ATTENDEE;CN=Olivia Grant:mailto:olivia@example.org\n"
		"END:VALARM\n"
		"END:VEVENT\n";
	size_t n;
	struct av_invite **inv = parse_cal("REQUEST", body, &n);
	struct av_invite *v;

	test_begin("fields: UID, SEQUENCE, DTSTAMP, texts, organizer, attendees, VALARM");
	if (!test_assert_int(n, 1))
		goto out;
	v = inv[0];
	test_assert_str(v->uid, "uid-1@example.org");
	test_assert_int(v->method, AV_METHOD_REQUEST);
	test_assert_int(v->sequence, 3);
	test_assert_str(utc(v->dtstamp), "2026-10-01T12:00:00Z");
	test_assert(!v->cancelled);
	test_assert_str(v->summary, "Phone screen, round 1");
	test_assert_str(v->description, "Line one\nLine two");
	test_assert_str(v->location, "Room 4; Building B");
	test_assert(v->has_organizer);
	test_assert_str(v->organizer.email, "jane.doe@example.com");
	test_assert_str(v->organizer.cn, "Doe, Jane");
	if (!test_assert_int(v->n_attendees, 6))
		goto out;
	test_assert_str(v->attendees[0].email, "sam@example.net");
	test_assert_str(v->attendees[0].cn, "Sam Rivera");
	test_assert_int(v->attendees[0].role, AV_ROLE_REQ_PARTICIPANT);
	test_assert_int(v->attendees[0].partstat, AV_PARTSTAT_ACCEPTED);
	test_assert_int(v->attendees[0].cutype, AV_CUTYPE_INDIVIDUAL);
	test_assert_int(v->attendees[1].cutype, AV_CUTYPE_ROOM);
	test_assert_int(v->attendees[1].role, AV_ROLE_NON_PARTICIPANT);
	test_assert_int(v->attendees[1].partstat, AV_PARTSTAT_NEEDS_ACTION);
	test_assert(v->attendees[2].cn == NULL);
	test_assert_int(v->attendees[2].cutype, AV_CUTYPE_GROUP);
	test_assert_int(v->attendees[2].role, AV_ROLE_OPT_PARTICIPANT);
	test_assert_int(v->attendees[2].partstat, AV_PARTSTAT_DECLINED);
	test_assert_str(v->attendees[3].email, "c@x.org");
	test_assert_int(v->attendees[3].role, AV_ROLE_CHAIR);
	test_assert_int(v->attendees[3].partstat, AV_PARTSTAT_TENTATIVE);
	test_assert_int(v->attendees[3].cutype, AV_CUTYPE_RESOURCE);
	test_assert(v->attendees[4].email == NULL);
	test_assert_int(v->attendees[4].cutype, AV_CUTYPE_UNKNOWN);
	test_assert_int(v->attendees[4].partstat, AV_PARTSTAT_OTHER);
	test_assert_str(v->attendees[5].email, "alt@example.org");
	test_assert(v->attendees[5].cn == NULL);
out:
	av_invite_free_all(&inv, n);
	test_end();
}

static void
test_cancel_and_events(void)
{
	size_t n;
	struct av_invite **inv;

	av_log_set_level(AV_LOG_ERROR);
	test_begin("METHOD:CANCEL, STATUS:CANCELLED, several VEVENTs, skipped events");
	inv = parse_cal("CANCEL",
			"BEGIN:VEVENT\nUID:x\nSEQUENCE:1\nDTSTART:20261110T150000Z\nEND:VEVENT\n",
			&n);
	if (test_assert_int(n, 1)) {
		test_assert_int(inv[0]->method, AV_METHOD_CANCEL);
		test_assert(inv[0]->cancelled);
	}
	av_invite_free_all(&inv, n);
	inv = parse_cal("PUBLISH",
			"BEGIN:VEVENT\nUID:a\nDTSTART:20261110T150000Z\nSTATUS:CANCELLED\n"
			"END:VEVENT\n"
			"BEGIN:VEVENT\nDTSTART:20261110T150000Z\nSUMMARY:no uid\nEND:VEVENT\n"
			"BEGIN:VEVENT\nUID:no-start\nEND:VEVENT\n"
			"BEGIN:VEVENT\nUID:bad-start\nDTSTART:2026111\nEND:VEVENT\n"
			"BEGIN:VEVENT\nUID:year-9999\nDTSTART:99991110T150000Z\nEND:VEVENT\n"
			"BEGIN:VTODO\nUID:todo\nEND:VTODO\n"
			"BEGIN:VEVENT\nUID:b\nDTSTART:20261111T150000Z\nEND:VEVENT\n",
			&n);
	if (test_assert_int(n, 2)) {
		test_assert_int(inv[0]->method, AV_METHOD_PUBLISH);
		test_assert_str(inv[0]->uid, "a");
		test_assert(inv[0]->cancelled);
		test_assert_str(inv[1]->uid, "b");
		test_assert(!inv[1]->cancelled);
	}
	av_invite_free_all(&inv, n);
	inv = parse_cal("X-ODD", "BEGIN:VEVENT\nUID:a\nDTSTART:20261110T150000Z\nEND:VEVENT\n", &n);
	if (test_assert_int(n, 1))
		test_assert_int(inv[0]->method, AV_METHOD_OTHER);
	av_invite_free_all(&inv, n);
	inv = parse_cal("REPLY", "", &n);
	test_assert_int(n, 0);
	test_assert(inv == NULL);
	test_end();

	test_begin("two VCALENDARs in one text; a bare VEVENT");
	{
		char *a = calendar("REQUEST", "BEGIN:VEVENT\nUID:1\nDTSTART:20261110T150000Z\n"
					      "END:VEVENT\n");
		char *b = calendar("CANCEL", "BEGIN:VEVENT\nUID:2\nDTSTART:20261110T150000Z\n"
					     "END:VEVENT\n");
		char *ab = av_asprintf("%s%s", a, b);
		static const char bare[] = "BEGIN:VEVENT\nUID:3\nDTSTART:20261110T150000Z\n"
					   "END:VEVENT\n";

		inv = parse(ab, strlen(ab), &n);
		if (test_assert_int(n, 2)) {
			test_assert_int(inv[0]->method, AV_METHOD_REQUEST);
			test_assert_int(inv[1]->method, AV_METHOD_CANCEL);
			test_assert(inv[1]->cancelled);
		}
		av_invite_free_all(&inv, n);
		inv = parse(bare, strlen(bare), &n);
		if (test_assert_int(n, 1))
			test_assert_int(inv[0]->method, AV_METHOD_NONE);
		av_invite_free_all(&inv, n);
		free(a);
		free(b);
		free(ab);
	}
	test_end();
	av_log_set_level(AV_LOG_WARN);
}

static void
test_hostile_text(void)
{
	static const char ctrl[] = "\xef\xbb\xbf"
				   "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:c\x01\r\n"
				   "DTSTART:20261110T150000Z\r\n"
				   "SUMMARY:Ph\x00one\x07 scr\x1b"
				   "een\x7f\xc2\x85!\r\n"
				   "END:VEVENT\r\nEND:VCALENDAR\r\n";
	static const char truncated[] = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:ok\n"
					"DTSTART:20261110T150000Z\nEND:VEVENT\n"
					"BEGIN:VEVENT\nUID:cut\nDTSTART:20261110T150000Z\n"
					"DESCRIPTION:the relay stopped he";
	static const char no_end[] = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:ok\n"
				     "DTSTART:20261110T150000Z\nEND:VEVENT\n";
	struct av_buf b;
	size_t n;
	struct av_invite **inv;
	char *err = NULL;

	av_log_set_level(AV_LOG_ERROR);
	test_begin("control characters, BOM, truncated calendar, not a calendar");
	inv = parse(ctrl, sizeof(ctrl) - 1, &n);
	if (test_assert_int(n, 1)) {
		test_assert_str(inv[0]->uid, "c");
		test_assert_str(inv[0]->summary, "Phone screen!");
	}
	av_invite_free_all(&inv, n);
	/* A calendar cut off inside an event is refused: libical would drop it whole or
	 * hand over a fragment. One missing only its last END:VCALENDAR is read. */
	test_assert_int(av_invite_parse(truncated, sizeof(truncated) - 1, ZONE, &inv, &n, &err),
			AV_ERR_DATA);
	test_assert(err != NULL && strstr(err, "VEVENT") != NULL);
	free(err);
	err = NULL;
	inv = parse(no_end, sizeof(no_end) - 1, &n);
	if (test_assert_int(n, 1))
		test_assert_str(inv[0]->uid, "ok");
	av_invite_free_all(&inv, n);
	test_assert_int(av_invite_parse("hello\n", 6, ZONE, &inv, &n, &err), AV_ERR_DATA);
	test_assert(err != NULL);
	free(err);
	err = NULL;
	test_assert_int(av_invite_parse("", 0, ZONE, &inv, &n, &err), AV_ERR_DATA);
	free(err);
	err = NULL;
	test_end();

	test_begin("limits: line length, text, nesting, attendees, events, stray END");
	av_buf_init(&b);
	av_buf_puts(&b, "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:long\nDTSTART:20261110T150000Z\n"
			"SUMMARY:");
	for (unsigned i = 0; i < AV_INVITE_MAX_LINE; i++)
		av_buf_puts(&b, i % 100 == 99 ? "\xc3\xa9" : "s");
	av_buf_puts(&b, "\nDESCRIPTION:");
	for (unsigned i = 0; i < 2 * AV_INVITE_MAX_TEXT / 70; i++)
		av_buf_puts(&b,
			    "0123456789012345678901234567890123456789012345678901234567890123456789"
			    "\n ");
	av_buf_puts(&b, "end\n");
	for (unsigned i = 0; i < AV_INVITE_MAX_ATTENDEES + 50; i++)
		av_buf_printf(&b, "ATTENDEE;CN=P%u:mailto:p%u@example.org\n", i, i);
	av_buf_puts(&b, "END:VEVENT\nEND:VCALENDAR\n");
	inv = parse(b.data, b.len, &n);
	if (test_assert_int(n, 1)) {
		test_assert(strlen(inv[0]->summary) < AV_INVITE_MAX_LINE);
		test_assert(strncmp(inv[0]->summary, "sssss", 5) == 0);
		test_assert(strlen(inv[0]->description) <= AV_INVITE_MAX_TEXT);
		test_assert_int(inv[0]->n_attendees, AV_INVITE_MAX_ATTENDEES);
		test_assert_str(inv[0]->attendees[AV_INVITE_MAX_ATTENDEES - 1].email,
				"p199@example.org");
	}
	av_invite_free_all(&inv, n);
	av_buf_clear(&b);

	av_buf_init(&b);
	for (unsigned i = 0; i < 10000; i++)
		av_buf_puts(&b, "BEGIN:VCALENDAR\n");
	test_assert_int(av_invite_parse(b.data, b.len, ZONE, &inv, &n, &err), AV_ERR_DATA);
	test_assert(err != NULL && strstr(err, "nested") != NULL);
	free(err);
	err = NULL;
	av_buf_clear(&b);

	av_buf_init(&b);
	av_buf_puts(&b, "END:VEVENT\nEND:VCALENDAR\nBEGIN:VCALENDAR\n");
	for (unsigned i = 0; i < AV_INVITE_MAX_EVENTS + 6; i++)
		av_buf_printf(&b, "BEGIN:VEVENT\nUID:e%u\nDTSTART:20261110T150000Z\nEND:VEVENT\n",
			      i);
	av_buf_puts(&b, "END:VCALENDAR\n");
	inv = parse(b.data, b.len, &n);
	test_assert_int(n, AV_INVITE_MAX_EVENTS);
	av_invite_free_all(&inv, n);
	av_buf_clear(&b);
	test_end();
	av_log_set_level(AV_LOG_WARN);
}

/* ---- issue 14: what the limits leave out is said once, at the first reading ---------- */

static int saved_stderr = -1;
static FILE *captured;

static void
capture_begin(void)
{
	fflush(stderr);
	captured = tmpfile();
	saved_stderr = dup(STDERR_FILENO);
	if (captured == NULL || saved_stderr < 0 || dup2(fileno(captured), STDERR_FILENO) < 0) {
		perror("capture");
		exit(2);
	}
}

/* What went to stderr (the logger) since capture_begin(); malloc'd. */
static char *
capture_end(void)
{
	struct av_buf b;
	char chunk[4096];
	size_t n;

	fflush(stderr);
	dup2(saved_stderr, STDERR_FILENO);
	close(saved_stderr);
	av_buf_init(&b);
	av_buf_append(&b, "", 0);
	rewind(captured);
	while ((n = fread(chunk, 1, sizeof(chunk), captured)) > 0)
		av_buf_append(&b, chunk, n);
	fclose(captured);
	return av_buf_steal(&b);
}

static void
test_limits_once(void)
{
	struct av_buf crowd, many, alarms;
	struct av_invite **inv = NULL;
	size_t n = 0;
	char *err;

	av_buf_init(&crowd);
	av_buf_puts(&crowd, "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:fair@example.org\r\n"
			    "DTSTART:20261110T150000Z\r\n");
	for (unsigned i = 0; i < 5001; i++)
		av_buf_printf(&crowd, "ATTENDEE;CN=P%u:mailto:p%u@example.org\r\n", i, i);
	av_buf_puts(&crowd, "END:VEVENT\r\nEND:VCALENDAR\r\n");
	av_buf_init(&many);
	av_buf_puts(&many, "BEGIN:VCALENDAR\n");
	for (unsigned i = 0; i < AV_INVITE_MAX_EVENTS + 6; i++)
		av_buf_printf(&many,
			      "BEGIN:VEVENT\nUID:e%u\nDTSTART:20261110T150000Z\nEND:VEVENT\n", i);
	av_buf_puts(&many, "END:VCALENDAR\n");
	/* 200 attendees exactly, and 300 in VALARMs (whom to remind: not attendees) */
	av_buf_init(&alarms);
	av_buf_puts(&alarms, "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:ok\nDTSTART:20261110T150000Z\n");
	for (unsigned i = 0; i < AV_INVITE_MAX_ATTENDEES; i++)
		av_buf_printf(&alarms, "ATTENDEE:mailto:a%u@example.org\n", i);
	av_buf_puts(&alarms, "BEGIN:VALARM\nACTION:EMAIL\n");
	for (unsigned i = 0; i < 300; i++)
		av_buf_printf(&alarms, "attendee:mailto:r%u@example.org\n", i);
	av_buf_puts(&alarms, "END:VALARM\nEND:VEVENT\nEND:VCALENDAR\n");

	test_begin("limits: parsing says nothing of them (every evaluation parses again)");
	av_log_set_level(AV_LOG_WARN);
	capture_begin();
	test_assert_int(av_invite_parse(crowd.data, crowd.len, ZONE, &inv, &n, &err), AV_OK);
	if (test_assert_int(n, 1)) {
		test_assert_int(inv[0]->n_attendees, AV_INVITE_MAX_ATTENDEES);
		test_assert_int(inv[0]->n_attendees_seen, 5001);
	}
	av_invite_free_all(&inv, n);
	test_assert_int(av_invite_parse(many.data, many.len, ZONE, &inv, &n, &err), AV_OK);
	test_assert_int(n, AV_INVITE_MAX_EVENTS);
	av_invite_free_all(&inv, n);
	test_assert_int(av_invite_parse(alarms.data, alarms.len, ZONE, &inv, &n, &err), AV_OK);
	if (test_assert_int(n, 1))
		test_assert_int(inv[0]->n_attendees_seen, AV_INVITE_MAX_ATTENDEES);
	av_invite_free_all(&inv, n);
	err = capture_end();
	test_assert_str(err, "");
	free(err);
	test_end();

	test_begin("limits: av_invite_note_limits says them, once per calendar read");
	capture_begin();
	test_assert_int(av_invite_note_limits(crowd.data, crowd.len, "INBOX UID 7 part 2", &n), 1);
	test_assert_int(n, 1);
	test_assert_int(av_invite_note_limits(many.data, many.len, "INBOX UID 8 part 1.2", &n), 1);
	test_assert_int(n, AV_INVITE_MAX_EVENTS + 6);
	test_assert_int(av_invite_note_limits(alarms.data, alarms.len, "INBOX UID 9 part 2", NULL),
			0);
	test_assert_int(av_invite_note_limits("", 0, "x", &n), 0);
	test_assert_int(n, 0);
	err = capture_end();
	test_assert(strstr(err, "INBOX UID 7 part 2: event 'fair@example.org': 5001 attendees, "
				"only the first 200 kept\n") != NULL);
	test_assert(strstr(err, "INBOX UID 8 part 1.2: a calendar with more than 20 events: "
				"only the first 20 read\n") != NULL);
	test_assert(strstr(err, "UID 9") == NULL);
	free(err);
	test_end();
	av_buf_clear(&crowd);
	av_buf_clear(&many);
	av_buf_clear(&alarms);
}

static void
test_windows_names(void)
{
	test_begin("av_invite_windows_zone: ids, display names, old forms");
	test_assert_str(av_invite_windows_zone("Pacific Standard Time"), "America/Los_Angeles");
	test_assert_str(av_invite_windows_zone("pacific standard time"), "America/Los_Angeles");
	test_assert_str(av_invite_windows_zone("\"Eastern Standard Time\""), "America/New_York");
	test_assert_str(av_invite_windows_zone("(UTC-08:00) Pacific Time (US & Canada)"),
			"America/Los_Angeles");
	test_assert_str(av_invite_windows_zone("(GMT-08:00) Pacific Time (US & Canada)"),
			"America/Los_Angeles");
	test_assert_str(av_invite_windows_zone("(GMT-08:00) Pacific Time (US & Canada); Tijuana"),
			"America/Los_Angeles");
	test_assert_str(av_invite_windows_zone(
				"(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna"),
			"Europe/Berlin");
	test_assert_str(av_invite_windows_zone("(UTC+01:00)  Brussels, Copenhagen, Madrid, Paris"),
			"Europe/Paris");
	test_assert_str(av_invite_windows_zone("(GMT) Greenwich Mean Time : Dublin, Edinburgh, "
					       "Lisbon, London"),
			"Europe/London");
	/* Offset text changed between Windows versions: the place names decide. */
	test_assert_str(av_invite_windows_zone("(UTC-03:00) Greenland"), "America/Nuuk");
	test_assert_str(av_invite_windows_zone("India Standard Time"), "Asia/Kolkata");
	test_assert_str(av_invite_windows_zone("AUS Eastern Standard Time"), "Australia/Sydney");
	test_assert_str(av_invite_windows_zone("UTC"), "Etc/UTC");
	test_assert(av_invite_windows_zone("Mars Standard Time") == NULL);
	test_assert(av_invite_windows_zone("(UTC+01:00) Atlantis") == NULL);
	test_assert(av_invite_windows_zone("") == NULL);
	test_assert(av_invite_windows_zone(NULL) == NULL);
	test_end();
}

/* With no table file where it is looked for, the compiled-in copy answers; a file that is
 * there wins over it. */
static void
test_windows_builtin(void)
{
	char dir[] = "/tmp/av-test-invite.XXXXXX";
	const char *was = getenv("AFTERVIEW_DATADIR");
	char *saved = was != NULL ? av_strdup(was) : NULL, *path;
	FILE *f;

	test_begin("Windows zone names: the built-in table, a file overrides it");
	test_assert(mkdtemp(dir) != NULL);
	path = av_asprintf("%s/none", dir);
	setenv("AFTERVIEW_DATADIR", path, 1);
	av_invite_cleanup();
	test_assert_str(av_invite_windows_zone("Pacific Standard Time"), "America/Los_Angeles");
	test_assert_str(av_invite_windows_zone("(UTC-03:00) Greenland"), "America/Nuuk");
	test_assert(av_invite_windows_zone("Mars Standard Time") == NULL);
	free(path);

	path = av_asprintf("%s/windowsZones.tsv", dir);
	f = fopen(path, "w");
	test_assert(f != NULL);
	if (f != NULL) {
		fputs("# a table of the person's own\nMars Standard Time\tEtc/UTC\n"
		      "Pacific Standard Time\tEurope/Paris\n",
		      f);
		fclose(f);
	}
	setenv("AFTERVIEW_DATADIR", dir, 1);
	av_invite_cleanup();
	test_assert_str(av_invite_windows_zone("Mars Standard Time"), "Etc/UTC");
	test_assert_str(av_invite_windows_zone("Pacific Standard Time"), "Europe/Paris");
	test_assert(av_invite_windows_zone("India Standard Time") == NULL);
	unlink(path);
	rmdir(dir);
	free(path);

	if (saved != NULL)
		setenv("AFTERVIEW_DATADIR", saved, 1);
	else
		unsetenv("AFTERVIEW_DATADIR");
	free(saved);
	av_invite_cleanup();
	test_assert_str(av_invite_windows_zone("India Standard Time"), "Asia/Kolkata");
	test_end();
}

/* ---- the fixtures in tests/data/invites ---- */

static char *
read_file(const char *path, size_t *len_r)
{
	FILE *f = fopen(path, "rb");
	struct av_buf b;
	char chunk[65536];
	size_t got;

	if (f == NULL)
		return NULL;
	av_buf_init(&b);
	while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0)
		av_buf_append(&b, chunk, got);
	fclose(f);
	*len_r = b.len;
	return av_buf_steal(&b);
}

static const char *
method_name(enum av_method m)
{
	switch (m) {
	case AV_METHOD_NONE:
		return "-";
	case AV_METHOD_REQUEST:
		return "REQUEST";
	case AV_METHOD_PUBLISH:
		return "PUBLISH";
	case AV_METHOD_CANCEL:
		return "CANCEL";
	case AV_METHOD_REPLY:
		return "REPLY";
	case AV_METHOD_OTHER:
		break;
	}
	return "OTHER";
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The event lines one message gives: every calendar part parsed, one line per UID (a
 * calendar sent twice, inline and as an attachment, is one event; the highest SEQUENCE,
 * then the latest DTSTAMP, wins). */
static char **
message_events(const char *msg, size_t len, size_t *n_r, unsigned *errors_r)
{
	struct av_mime_result *r = NULL;
	struct av_invite **all = NULL;
	size_t n_all = 0;
	char *err = NULL, **lines = NULL;

	*n_r = 0;
	*errors_r = 0;
	if (av_mime_parse(msg, len, &r, &err) != AV_OK) {
		(*errors_r)++;
		free(err);
		return NULL;
	}
	*errors_r += r->skipped;
	for (size_t i = 0; i < r->n_parts; i++) {
		struct av_invite **inv = NULL;
		size_t n = 0;

		if (av_invite_parse(r->parts[i].data, r->parts[i].len, ZONE, &inv, &n, &err) !=
		    AV_OK) {
			(*errors_r)++;
			free(err);
			err = NULL;
			continue;
		}
		for (size_t k = 0; k < n; k++) {
			size_t j;

			for (j = 0; j < n_all; j++)
				if (strcmp(all[j]->uid, inv[k]->uid) == 0)
					break;
			if (j == n_all) {
				all = av_realloc(all, (n_all + 1) * sizeof(*all));
				all[n_all++] = inv[k];
				inv[k] = NULL;
			} else if (inv[k]->sequence > all[j]->sequence ||
				   (inv[k]->sequence == all[j]->sequence &&
				    inv[k]->dtstamp > all[j]->dtstamp)) {
				av_invite_free(&all[j]);
				all[j] = inv[k];
				inv[k] = NULL;
			}
		}
		av_invite_free_all(&inv, n);
	}
	av_mime_result_free(&r);
	lines = av_calloc(n_all + 1, sizeof(*lines));
	for (size_t j = 0; j < n_all; j++)
		lines[j] = av_asprintf("event: %s | %s | %d | %s | %s | cancelled:%s", all[j]->uid,
				       method_name(all[j]->method), all[j]->sequence,
				       utc(all[j]->start), utc(all[j]->end),
				       all[j]->cancelled ? "yes" : "no");
	qsort(lines, n_all, sizeof(*lines), cmp_str);
	av_invite_free_all(&all, n_all);
	*n_r = n_all;
	return lines;
}

static void
free_lines(char **lines, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
}

/* The expected event lines (sorted) and whether an error: line is present. */
static char **
expected_events(const char *path, size_t *n_r, bool *want_error_r)
{
	size_t len, n = 0;
	char *text = read_file(path, &len), *line, *save = NULL;
	char **lines = av_calloc(1, sizeof(*lines));

	*want_error_r = false;
	for (line = strtok_r(text, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
		size_t l = strlen(line);

		while (l > 0 && (line[l - 1] == '\r' || line[l - 1] == ' '))
			line[--l] = '\0';
		if (strncmp(line, "error:", 6) == 0)
			*want_error_r = true;
		if (strncmp(line, "event:", 6) != 0)
			continue;
		lines = av_realloc(lines, (n + 2) * sizeof(*lines));
		lines[n++] = av_strdup(line);
		lines[n] = NULL;
	}
	free(text);
	qsort(lines, n, sizeof(*lines), cmp_str);
	*n_r = n;
	return lines;
}

static void
test_fixture(const char *dir, const char *name)
{
	char *eml = av_asprintf("%s/%s", dir, name), *expect, *msg, **got, **want;
	size_t len, n_got = 0, n_want = 0;
	unsigned errors = 0, mismatches = 0;
	bool want_error;
	char *title = av_asprintf("fixture %s", name);
	FILE *log = tmpfile();
	long logged;

	test_begin(title);
	expect = av_asprintf("%.*s.expect", (int)(strlen(eml) - 4), eml);
	msg = read_file(eml, &len);
	if (!test_assert(msg != NULL))
		goto out;
	want = expected_events(expect, &n_want, &want_error);
	av_log_set_stream(log);
	av_log_set_level(AV_LOG_INFO);
	got = message_events(msg, len, &n_got, &errors);
	av_log_set_stream(NULL);
	logged = log != NULL ? ftell(log) : 0;
	for (size_t i = 0, j = 0; i < n_got || j < n_want;) {
		int c = i == n_got ? 1 : j == n_want ? -1 : strcmp(got[i], want[j]);

		if (c == 0) {
			i++;
			j++;
			continue;
		}
		if (c < 0)
			printf("  unexpected: %s\n", got[i++]);
		else
			printf("  missing:    %s\n", want[j++]);
		mismatches++;
	}
	test_assert_int(mismatches, 0);
	/* A malformed input is skipped with a reason: an error returned or a line logged. */
	if (want_error)
		test_assert(errors > 0 || logged > 0);
	free_lines(got, n_got);
	free_lines(want, n_want);
	free(msg);
out:
	if (log != NULL)
		fclose(log);
	test_end();
	free(title);
	free(expect);
	free(eml);
}

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
test_fixtures(void)
{
	char *dir = av_asprintf("%s/tests/data/invites", srcdir);
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0;

	if (d == NULL) {
		printf("no fixtures in %s\n", dir);
		free(dir);
		return;
	}
	while ((e = readdir(d)) != NULL) {
		size_t l = strlen(e->d_name);

		if (l > 4 && strcmp(e->d_name + l - 4, ".eml") == 0) {
			names = av_realloc(names, (n + 1) * sizeof(*names));
			names[n++] = av_strdup(e->d_name);
		}
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_name);
	for (size_t i = 0; i < n; i++) {
		test_fixture(dir, names[i]);
		free(names[i]);
	}
	free(names);
	free(dir);
}

int
main(void)
{
	const char *s = getenv("srcdir");
	char *datadir = NULL;

	if (s != NULL && s[0] != '\0')
		srcdir = s;
	if (getenv("AFTERVIEW_DATADIR") == NULL) {
		datadir = av_asprintf("%s/data", srcdir);
		setenv("AFTERVIEW_DATADIR", datadir, 1);
	}
	av_log_open("test-invite", false);
	test_windows_names();
	test_windows_builtin();
	test_times();
	test_zone_fields();
	test_fields();
	test_cancel_and_events();
	test_hostile_text();
	test_limits_once();
	test_fixtures();
	av_invite_cleanup();
	av_log_close();
	free(datadir);
	return test_exit();
}
