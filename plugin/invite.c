/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <libical/ical.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "afterview/addr.h"
#include "afterview/builtin.h"
#include "afterview/invite.h"
#include "afterview/log.h"
#include "afterview/text.h"

#ifndef AV_DATADIR
#define AV_DATADIR "/usr/local/share/afterview"
#endif

#define ZONEINFO_DIR	   "/usr/share/zoneinfo"
#define WINDOWS_ZONES_FILE "windowsZones.tsv"

/* libical frees components recursively and expands VTIMEZONE rules without bounds;
 * these keep hostile calendars within memory, stack and time. VCALENDAR > VEVENT >
 * VALARM needs 3 levels, VCALENDAR > VTIMEZONE > DAYLIGHT 3. */
#define MAX_NESTING	  8
#define MAX_COMPONENTS	  4096
#define MAX_CONTENT_LINES 50000
#define MAX_CONTENT_LINE  (4 * (size_t)AV_INVITE_MAX_TEXT) /* unfolded */
#define MAX_VTIMEZONES	  8
#define MAX_OBSERVANCES	  32	/* STANDARD/DAYLIGHT per VTIMEZONE */
#define MAX_RDATES	  2000	/* per VTIMEZONE */
#define MAX_ZONE_CHANGES  10000 /* offset changes libical may expand per VTIMEZONE */
/* Years outside this range are no interview: refusing them keeps time arithmetic and
 * libical's zone expansion (which runs up to the year asked for) small. */
#define MIN_YEAR	  1900
#define MAX_YEAR	  2200
#define MAX_DURATION_DAYS 3660

/* ---- the Windows zone table (CLDR windowsZones, data/windowsZones.tsv) ---- */

struct wz_entry {
	char *key;  /* owned: normalized Windows id or display name */
	char *bare; /* owned: display name without its "(UTC±hh:mm) " prefix, or NULL */
	char *iana; /* owned */
};

static struct wz_entry *wz_table;
static size_t wz_n;
static bool wz_loaded;

/* Lower case, blanks collapsed, surrounding blanks and quotes trimmed, "(GMT" read as
 * "(UTC" (Outlook before Windows Vista wrote GMT). */
static char *
wz_normalize(const char *name)
{
	struct av_buf b;
	const char *s = name, *e = name + strlen(name);
	bool space = false;

	while (s < e && (isspace((unsigned char)*s) || *s == '"' || *s == '\''))
		s++;
	while (e > s && (isspace((unsigned char)e[-1]) || e[-1] == '"' || e[-1] == '\''))
		e--;
	av_buf_init(&b);
	if (e - s >= 4 && strncasecmp(s, "(GMT", 4) == 0) {
		av_buf_puts(&b, "(utc");
		s += 4;
	}
	for (; s < e; s++) {
		char c = (char)tolower((unsigned char)*s);

		if (isspace((unsigned char)c)) {
			space = true;
			continue;
		}
		if (space && b.len > 0)
			av_buf_append(&b, " ", 1);
		space = false;
		av_buf_append(&b, &c, 1);
	}
	return av_buf_steal(&b);
}

/* "(utc-08:00) pacific time (us & canada)" -> "pacific time (us & canada)". */
static const char *
wz_bare(const char *key)
{
	const char *close;

	if (strncmp(key, "(utc", 4) != 0 || (close = strchr(key, ')')) == NULL || close[1] != ' ' ||
	    close[2] == '\0')
		return NULL;
	return close + 2;
}

/* One line of the table, "Windows name<TAB>IANA name"; comments and blank lines skipped.
 * line is modified. */
static void
wz_add_line(char *line, const char *from, unsigned lineno)
{
	char *tab, *iana, *end;
	const char *bare;

	line[strcspn(line, "\r\n")] = '\0';
	if (line[0] == '#' || line[strspn(line, " \t")] == '\0')
		return;
	tab = strchr(line, '\t');
	if (tab == NULL) {
		av_debug(AV_CAT_ICAL, "%s:%u: no TAB, line ignored", from, lineno);
		return;
	}
	*tab = '\0';
	iana = tab + 1 + strspn(tab + 1, " \t");
	for (end = iana + strlen(iana); end > iana && isspace((unsigned char)end[-1]); end--)
		;
	*end = '\0';
	if (iana[0] == '\0')
		return;
	wz_table = av_realloc(wz_table, (wz_n + 1) * sizeof(*wz_table));
	wz_table[wz_n].key = wz_normalize(line);
	bare = wz_bare(wz_table[wz_n].key);
	wz_table[wz_n].bare = bare != NULL ? av_strdup(bare) : NULL;
	wz_table[wz_n].iana = av_strdup(iana);
	wz_n++;
}

/* The compiled-in copy of the table (builtin.h), read when no file is where the table is
 * looked for: the program works uninstalled and packaged alike. */
static void
wz_load_builtin(void)
{
	const struct av_builtin_file *b = av_builtin_find(WINDOWS_ZONES_FILE);
	const char *p, *end;
	unsigned lineno = 0;

	if (b == NULL) {
		av_warn("%s is not compiled in (Windows time zone names will not be recognised)",
			WINDOWS_ZONES_FILE);
		return;
	}
	for (p = b->data, end = b->data + b->len; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		char *line = av_strndup(p, nl != NULL ? (size_t)(nl - p) : (size_t)(end - p));

		wz_add_line(line, "built-in " WINDOWS_ZONES_FILE, ++lineno);
		free(line);
		p = nl != NULL ? nl + 1 : end;
	}
	av_debug(AV_CAT_ICAL, "built-in %s: %zu Windows zone names", WINDOWS_ZONES_FILE, wz_n);
}

/* $AFTERVIEW_DATADIR/windowsZones.tsv, else AV_DATADIR's; when no file is there, the
 * compiled-in copy. A file that is there but unreadable is reported, not replaced. */
static void
wz_load(void)
{
	const char *dir = getenv("AFTERVIEW_DATADIR");
	char *path, line[1024];
	unsigned lineno = 0;
	FILE *f;

	wz_loaded = true;
	if (dir == NULL || dir[0] == '\0')
		dir = AV_DATADIR;
	path = av_asprintf("%s/%s", dir, WINDOWS_ZONES_FILE);
	f = fopen(path, "r");
	if (f == NULL && (errno == ENOENT || errno == ENOTDIR)) {
		av_debug(AV_CAT_ICAL, "%s: %s, using the built-in table", path, strerror(errno));
		free(path);
		wz_load_builtin();
		return;
	}
	if (f == NULL) {
		av_warn("%s: %s (Windows time zone names will not be recognised)", path,
			strerror(errno));
		free(path);
		return;
	}
	while (fgets(line, sizeof(line), f) != NULL)
		wz_add_line(line, path, ++lineno);
	fclose(f);
	av_debug(AV_CAT_ICAL, "%s: %zu Windows zone names", path, wz_n);
	free(path);
}

const char *
av_invite_windows_zone(const char *name)
{
	const char *bare, *found = NULL;
	char *key;

	if (name == NULL)
		return NULL;
	if (!wz_loaded)
		wz_load();
	key = wz_normalize(name);
	for (size_t i = 0; i < wz_n && found == NULL; i++)
		if (strcmp(wz_table[i].key, key) == 0)
			found = wz_table[i].iana;
	/* Display names change their offset text between Windows versions ("(UTC-03:00)
	 * Greenland" became "(UTC-02:00) Greenland"); the place names are what identify. */
	bare = wz_bare(key);
	for (size_t i = 0; i < wz_n && found == NULL && bare != NULL; i++)
		if (wz_table[i].bare != NULL && strcmp(wz_table[i].bare, bare) == 0)
			found = wz_table[i].iana;
	free(key);
	return found;
}

/* Calendars' own VTIMEZONEs, by their text: the calendars of one mailbox use a handful,
 * and expanding one again for every invite was half the time of a picture of a large
 * mailbox. A calendar whose zone is not here (the cache is full) expands its own. */
#define ZONE_CACHE_MAX 32
static struct {
	char *text;	  /* the VTIMEZONE as iCalendar text */
	icaltimezone *tz; /* owned: made from a copy of it */
} zone_cache[ZONE_CACHE_MAX];
static size_t zone_cache_n;

/* How far each shared zone was expanded (expand_shared). */
#define ZONE_UNTIL_MAX 64
static struct {
	icaltimezone *tz; /* borrowed */
	int until;
} zone_until[ZONE_UNTIL_MAX];
static size_t zone_until_n;

/* Onsets of an open-ended rule (an RRULE with neither UNTIL nor COUNT) of the zone c
 * that start before 1970 start in 1970 instead: Outlook writes DTSTART 1601, and libical
 * expands every year from there on each first use, a quarter of a large mailbox's
 * picture. The offsets from 1971 on are the same (the rule is the one in force); only
 * 1970's own change may fall on another day. A rule with an end, an era of its own,
 * is left as it is. */
static void
clamp_old_onsets(icalcomponent *c)
{
	static const icalcomponent_kind kinds[] = {ICAL_XSTANDARD_COMPONENT,
						   ICAL_XDAYLIGHT_COMPONENT};

	for (size_t k = 0; k < 2; k++)
		for (icalcomponent *sub = icalcomponent_get_first_component(c, kinds[k]);
		     sub != NULL; sub = icalcomponent_get_next_component(c, kinds[k])) {
			icalproperty *dt =
				icalcomponent_get_first_property(sub, ICAL_DTSTART_PROPERTY);
			icalproperty *rr =
				icalcomponent_get_first_property(sub, ICAL_RRULE_PROPERTY);
			struct icaltimetype t;
			struct icalrecurrencetype r;

			if (dt == NULL || rr == NULL ||
			    icalcomponent_get_next_property(sub, ICAL_RRULE_PROPERTY) != NULL)
				continue;
			t = icalproperty_get_dtstart(dt);
			r = icalproperty_get_rrule(rr);
			if (icaltime_is_null_time(t) || t.year >= 1970 || r.count != 0 ||
			    !icaltime_is_null_time(r.until))
				continue;
			t.year = 1970;
			icalproperty_set_dtstart(dt, t);
		}
}

static icaltimezone *
shared_zone(icaltimezone *own)
{
	icalcomponent *c = icaltimezone_get_component(own);
	char *text = c != NULL ? icalcomponent_as_ical_string_r(c) : NULL;
	icaltimezone *tz;

	if (text == NULL)
		return own;
	for (size_t i = 0; i < zone_cache_n; i++)
		if (strcmp(zone_cache[i].text, text) == 0) {
			free(text);
			return zone_cache[i].tz;
		}
	if (zone_cache_n == ZONE_CACHE_MAX || (tz = icaltimezone_new()) == NULL) {
		free(text);
		return own;
	}
	icalcomponent *clone = icalcomponent_new_clone(c);

	clamp_old_onsets(clone);
	if (!icaltimezone_set_component(tz, clone)) {
		icaltimezone_free(tz, 1);
		free(text);
		return own;
	}
	zone_cache[zone_cache_n].text = text;
	zone_cache[zone_cache_n++].tz = tz;
	return tz;
}

void
av_invite_cleanup(void)
{
	for (size_t i = 0; i < wz_n; i++) {
		free(wz_table[i].key);
		free(wz_table[i].bare);
		free(wz_table[i].iana);
	}
	free(wz_table);
	wz_table = NULL;
	wz_n = 0;
	wz_loaded = false;
	for (size_t i = 0; i < zone_cache_n; i++) {
		free(zone_cache[i].text);
		icaltimezone_free(zone_cache[i].tz, 1);
	}
	zone_cache_n = 0;
	zone_until_n = 0;
	icaltimezone_free_builtin_timezones();
	icalmemory_free_ring();
}

/* ---- zones ---- */

/* A name libical may look up as a file under the zoneinfo directory. libical opens
 * zonedir/NAME for any TZID it does not know, so a name is checked here first: no
 * "..", no leading '/', only the characters zone names use, and a regular file. */
static bool
iana_name_ok(const char *name)
{
	char *path;
	struct stat st;
	bool ok;
	size_t n = strlen(name);

	if (n == 0 || n > 64 || !isalpha((unsigned char)name[0]))
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)name[i];

		if (!isalnum(c) && c != '/' && c != '_' && c != '+' && c != '-')
			return false;
		if (c == '/' && (name[i + 1] == '/' || name[i + 1] == '\0'))
			return false;
	}
	path = av_asprintf("%s/%s", ZONEINFO_DIR, name);
	ok = stat(path, &st) == 0 && S_ISREG(st.st_mode);
	free(path);
	return ok;
}

static icaltimezone *
builtin_zone(const char *name)
{
	if (strcmp(name, "UTC") == 0 || strcmp(name, "GMT") == 0 || strcmp(name, "Etc/UTC") == 0)
		return icaltimezone_get_utc_timezone();
	if (!iana_name_ok(name))
		return NULL;
	return icaltimezone_get_builtin_timezone(name);
}

/* The IANA name a TZID stands for: itself; the zone at the end of a prefixed TZID
 * ("/freeassociation.sourceforge.net/Tzfile/Europe/Berlin", "/mozilla.org/.../X/Y");
 * a Windows name. NULL if none. The result points into tzid or the Windows table. */
static const char *
iana_for_tzid(const char *tzid)
{
	const char *s;

	if (iana_name_ok(tzid))
		return tzid;
	if (tzid[0] == '/') {
		for (s = tzid; (s = strchr(s, '/')) != NULL;) {
			s++;
			if (iana_name_ok(s))
				return s;
		}
	}
	return av_invite_windows_zone(tzid);
}

static void expand_fully(icaltimezone *tz);
static void expand_until(icaltimezone *tz, int year);

/* Expand a shared zone (a cached calendar's zone, one of libical's built-in ones) up to
 * ten years beyond year, so that the next calendars, a
 * year or two later, do not make libical expand it all over again (from 1601 for an
 * Outlook zone; to MAX_YEAR a built-in one: together a quarter of a large mailbox's
 * picture). libical expands further by itself when a later year is asked: this only
 * saves work, the offsets are the same. */

static void
expand_shared(icaltimezone *tz, int year)
{
	size_t i;

	for (i = 0; i < zone_until_n && zone_until[i].tz != tz; i++)
		;
	if (i == zone_until_n) {
		if (zone_until_n == ZONE_UNTIL_MAX) {
			expand_until(tz, year);
			return;
		}
		zone_until[zone_until_n].tz = tz;
		zone_until[zone_until_n++].until = 0;
	}
	if (zone_until[i].until < year) {
		zone_until[i].until = year + 10;
		expand_until(tz, year + 10);
	}
}

struct ctx {
	icaltimezone *default_tz; /* borrowed */
	const char *default_name;
	icaltimezone *utc;
};

/* How one DATE-TIME was read. */
struct zone_choice {
	icaltimezone *tz;     /* borrowed */
	const char *name;     /* borrowed: IANA name, or NULL for a calendar-defined zone */
	bool configured_zone; /* read in the configured zone: floating, or TZID unknown */
};

static void
resolve_tzid(icalcomponent *event, const char *tzid, int year, const struct ctx *cx,
	     struct zone_choice *zc)
{
	bool own = false;

	icaltimezone *tz = NULL;
	const char *iana = tzid[0] != '\0' ? iana_for_tzid(tzid) : NULL;

	for (icalcomponent *c = event; c != NULL && tz == NULL; c = icalcomponent_get_parent(c))
		tz = icalcomponent_get_timezone(c, tzid);
	own = tz != NULL;
	if (own) {
		icaltimezone *shared = shared_zone(tz);

		/* a zone not cached lives as long as this one calendar */
		own = shared == tz;
		tz = shared;
	}
	if (tz == NULL && iana != NULL)
		tz = builtin_zone(iana);
	if (tz != NULL) {
		/* only as far as the event needs, and ten years beyond for the next calendars
		 * (expanding to MAX_YEAR cost ~5 ms per Outlook invite) */
		if (own)
			expand_until(tz, year + 2);
		else
			expand_shared(tz, year + 2);
		zc->tz = tz;
		zc->name = iana;
		zc->configured_zone = false;
		return;
	}
	av_debug(AV_CAT_ICAL, "unknown TZID '%s': read in %s", tzid, cx->default_name);
	zc->tz = cx->default_tz;
	zc->name = cx->default_name;
	zc->configured_zone = true;
}

/* ---- time arithmetic ---- */

static int
days_in_month(int y, int m)
{
	static const int dim[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dim[m - 1];
}

static bool
time_fields_ok(const struct icaltimetype *t)
{
	if (t->year < MIN_YEAR || t->year > MAX_YEAR || t->month < 1 || t->month > 12 ||
	    t->day < 1 || t->day > days_in_month(t->year, t->month))
		return false;
	if (t->is_date)
		return true;
	return t->hour >= 0 && t->hour <= 23 && t->minute >= 0 && t->minute <= 59 &&
	       t->second >= 0 && t->second <= 60;
}

/* Seconds since the epoch of the wall time t as if it were UTC. */
static int64_t
wall_seconds(const struct icaltimetype *t)
{
	int64_t s = av_days_from_civil(t->year, t->month, t->day) * 86400;

	if (!t->is_date)
		s += t->hour * 3600 + t->minute * 60 + t->second;
	return s;
}

static int
offset_at(icaltimezone *tz, int64_t utc)
{
	struct icaltimetype u;
	int is_daylight = 0;

	if (tz == NULL || tz == icaltimezone_get_utc_timezone())
		return 0;
	u = icaltime_from_timet_with_zone((time_t)utc, 0, icaltimezone_get_utc_timezone());
	return icaltimezone_get_utc_offset_of_utc_time(tz, &u, &is_daylight);
}

/* libical expands a zone's offset changes up to the latest year asked for so far, and
 * expands all over again each time a later year is asked: asking for the last year
 * first makes that happen once per zone. */
static void
expand_until(icaltimezone *tz, int year)
{
	offset_at(tz, av_days_from_civil(year < MAX_YEAR ? year : MAX_YEAR, 12, 31) * 86400);
}

static void
expand_fully(icaltimezone *tz)
{
	expand_until(tz, MAX_YEAR);
}

/* The UTC instant of wall time `wall` in tz, as RFC 5545 3.3.5 reads local times: a
 * time that occurs twice (clocks set back) is the first occurrence; a time skipped
 * (clocks set forward) takes the offset in effect before the gap. libical's own
 * conversion picks the second occurrence and the offset after the gap. */
static int64_t
local_to_utc(icaltimezone *tz, int64_t wall)
{
	int cand[3];
	bool found = false;
	int64_t best = 0;

	cand[0] = offset_at(tz, wall - 86400);
	cand[1] = offset_at(tz, wall);
	cand[2] = offset_at(tz, wall + 86400);
	for (int i = 0; i < 3; i++) {
		int64_t u = wall - cand[i];

		if (offset_at(tz, u) == cand[i] && (!found || u < best)) {
			best = u;
			found = true;
		}
	}
	return found ? best : wall - cand[0];
}

/* ---- reading properties ---- */

/* The DATE or DATE-TIME value of prop, checked; false when absent or unusable. */
static bool
prop_time(icalproperty *prop, struct icaltimetype *t_r)
{
	icalvalue *v = prop != NULL ? icalproperty_get_value(prop) : NULL;
	icalvalue_kind kind = v != NULL ? icalvalue_isa(v) : ICAL_NO_VALUE;

	if (kind != ICAL_DATETIME_VALUE && kind != ICAL_DATE_VALUE)
		return false;
	*t_r = icalvalue_get_datetime(v);
	return !icaltime_is_null_time(*t_r) && time_fields_ok(t_r);
}

/* Read a DATE-TIME property to UTC, noting how its zone was chosen. DATE values are
 * handled by the caller. */
static int64_t
datetime_to_utc(icalproperty *prop, const struct icaltimetype *t, icalcomponent *event,
		const struct ctx *cx, struct zone_choice *zc)
{
	icalparameter *param;

	if (icaltime_is_utc(*t)) {
		zc->tz = cx->utc;
		zc->name = "UTC";
		zc->configured_zone = false;
		return wall_seconds(t);
	}
	param = icalproperty_get_first_parameter(prop, ICAL_TZID_PARAMETER);
	if (param != NULL && icalparameter_get_tzid(param) != NULL) {
		resolve_tzid(event, icalparameter_get_tzid(param), t->year, cx, zc);
	} else {
		zc->tz = cx->default_tz;
		zc->name = cx->default_name;
		zc->configured_zone = true;
	}
	return local_to_utc(zc->tz, wall_seconds(t));
}

/* A copy of s cut to at most max bytes on a UTF-8 character boundary. */
static char *
dup_capped(const char *s, size_t max)
{
	return av_strndup(s, av_utf8_boundary(s, strlen(s), max));
}

static char *
text_of(const char *s)
{
	if (s == NULL || s[0] == '\0')
		return NULL;
	return dup_capped(s, AV_INVITE_MAX_TEXT);
}

static char *
email_of(const char *value, icalproperty *prop)
{
	const char *s = value, *e;
	char *email;

	if (s != NULL) {
		s = av_addr_skip_mailto(s + strspn(s, " \t"));
		s += strspn(s, " \t<");
	}
	if (s == NULL || strchr(s, '@') == NULL) {
		/* RFC 7986 EMAIL parameter for a non-mailto address (urn:uuid:...). */
		icalparameter *p = icalproperty_get_first_parameter(prop, ICAL_EMAIL_PARAMETER);

		s = p != NULL ? icalparameter_get_email(p) : NULL;
		if (s == NULL)
			return NULL;
		s = av_addr_skip_mailto(s + strspn(s, " \t<"));
	}
	for (e = s + strlen(s); e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '>'); e--)
		;
	if (e == s || memchr(s, '@', (size_t)(e - s)) == NULL || e - s > 320)
		return NULL;
	email = av_strndup(s, (size_t)(e - s));
	av_text_lower(email);
	return email;
}

static void
read_person(icalproperty *prop, const char *value, struct av_attendee *a)
{
	icalparameter *p;

	memset(a, 0, sizeof(*a));
	a->email = email_of(value, prop);
	if ((p = icalproperty_get_first_parameter(prop, ICAL_CN_PARAMETER)) != NULL) {
		const char *cn = icalparameter_get_cn(p);

		if (cn != NULL) {
			size_t n;

			cn += strspn(cn, " \t\"");
			a->cn = dup_capped(cn, 1024);
			n = strlen(a->cn);
			while (n > 0 &&
			       (a->cn[n - 1] == ' ' || a->cn[n - 1] == '\t' || a->cn[n - 1] == '"'))
				a->cn[--n] = '\0';
			if (n == 0) {
				free(a->cn);
				a->cn = NULL;
			}
		}
	}
	a->role = AV_ROLE_REQ_PARTICIPANT;
	if ((p = icalproperty_get_first_parameter(prop, ICAL_ROLE_PARAMETER)) != NULL) {
		switch (icalparameter_get_role(p)) {
		case ICAL_ROLE_CHAIR:
			a->role = AV_ROLE_CHAIR;
			break;
		case ICAL_ROLE_OPTPARTICIPANT:
			a->role = AV_ROLE_OPT_PARTICIPANT;
			break;
		case ICAL_ROLE_NONPARTICIPANT:
			a->role = AV_ROLE_NON_PARTICIPANT;
			break;
		default:
			break;
		}
	}
	a->cutype = AV_CUTYPE_INDIVIDUAL;
	if ((p = icalproperty_get_first_parameter(prop, ICAL_CUTYPE_PARAMETER)) != NULL) {
		switch (icalparameter_get_cutype(p)) {
		case ICAL_CUTYPE_INDIVIDUAL:
		case ICAL_CUTYPE_NONE:
			break;
		case ICAL_CUTYPE_GROUP:
			a->cutype = AV_CUTYPE_GROUP;
			break;
		case ICAL_CUTYPE_RESOURCE:
			a->cutype = AV_CUTYPE_RESOURCE;
			break;
		case ICAL_CUTYPE_ROOM:
			a->cutype = AV_CUTYPE_ROOM;
			break;
		default:
			a->cutype = AV_CUTYPE_UNKNOWN;
			break;
		}
	}
	a->partstat = AV_PARTSTAT_NEEDS_ACTION;
	if ((p = icalproperty_get_first_parameter(prop, ICAL_PARTSTAT_PARAMETER)) != NULL) {
		switch (icalparameter_get_partstat(p)) {
		case ICAL_PARTSTAT_NEEDSACTION:
		case ICAL_PARTSTAT_NONE:
			break;
		case ICAL_PARTSTAT_ACCEPTED:
			a->partstat = AV_PARTSTAT_ACCEPTED;
			break;
		case ICAL_PARTSTAT_DECLINED:
			a->partstat = AV_PARTSTAT_DECLINED;
			break;
		case ICAL_PARTSTAT_TENTATIVE:
			a->partstat = AV_PARTSTAT_TENTATIVE;
			break;
		default:
			a->partstat = AV_PARTSTAT_OTHER;
			break;
		}
	}
}

static enum av_method
method_of(icalcomponent *event)
{
	icalcomponent *cal = icalcomponent_get_parent(event);
	icalproperty *p;

	while (cal != NULL && icalcomponent_isa(cal) != ICAL_VCALENDAR_COMPONENT)
		cal = icalcomponent_get_parent(cal);
	if (cal == NULL ||
	    (p = icalcomponent_get_first_property(cal, ICAL_METHOD_PROPERTY)) == NULL)
		return AV_METHOD_NONE;
	switch (icalproperty_get_method(p)) {
	case ICAL_METHOD_REQUEST:
		return AV_METHOD_REQUEST;
	case ICAL_METHOD_PUBLISH:
		return AV_METHOD_PUBLISH;
	case ICAL_METHOD_CANCEL:
		return AV_METHOD_CANCEL;
	case ICAL_METHOD_REPLY:
		return AV_METHOD_REPLY;
	case ICAL_METHOD_NONE:
		return AV_METHOD_NONE;
	default:
		return AV_METHOD_OTHER;
	}
}

/* Add a DURATION to a start: days and weeks are nominal (same wall-clock time in the
 * start's zone), hours, minutes and seconds exact (RFC 5545 3.3.6). */
static int64_t
add_duration(int64_t start_utc, int64_t start_wall, icaltimezone *tz,
	     const struct icaldurationtype *d)
{
	int64_t days = (int64_t)d->weeks * 7 + d->days;
	int64_t exact = (int64_t)d->hours * 3600 + (int64_t)d->minutes * 60 + d->seconds;
	int64_t end = start_utc;

	if (days > 0)
		end = local_to_utc(tz, start_wall + days * 86400);
	return end + exact;
}

static void
invite_free_fields(struct av_invite *inv)
{
	free(inv->uid);
	free(inv->summary);
	free(inv->description);
	free(inv->location);
	free(inv->organizer.email);
	free(inv->organizer.cn);
	for (size_t i = 0; i < inv->n_attendees; i++) {
		free(inv->attendees[i].email);
		free(inv->attendees[i].cn);
	}
	free(inv->attendees);
	free(inv->zone);
}

/* Start, end, zone of one VEVENT. False (reason logged) when DTSTART is unusable. */
static bool
read_times(icalcomponent *ev, const struct ctx *cx, struct av_invite *inv)
{
	icalproperty *dtstart = icalcomponent_get_first_property(ev, ICAL_DTSTART_PROPERTY);
	icalproperty *dtend = icalcomponent_get_first_property(ev, ICAL_DTEND_PROPERTY);
	icalproperty *duration = icalcomponent_get_first_property(ev, ICAL_DURATION_PROPERTY);
	struct icaltimetype t, te;
	struct zone_choice zc = {cx->default_tz, cx->default_name, true};
	int64_t start, end, start_wall;
	bool have_end = false;

	if (!prop_time(dtstart, &t)) {
		av_warn("event '%s' skipped: %s", inv->uid,
			dtstart == NULL ? "no DTSTART" : "DTSTART is not a usable date or time");
		return false;
	}
	start_wall = wall_seconds(&t);
	if (t.is_date) {
		/* All-day (an onsite day): midnight to midnight in the configured zone. */
		inv->all_day = true;
		start = local_to_utc(cx->default_tz, start_wall);
	} else {
		start = datetime_to_utc(dtstart, &t, ev, cx, &zc);
		inv->floating = zc.configured_zone;
	}
	end = start;
	if (prop_time(dtend, &te)) {
		struct zone_choice zce;

		if (te.is_date)
			end = local_to_utc(cx->default_tz, wall_seconds(&te));
		else
			end = datetime_to_utc(dtend, &te, ev, cx, &zce);
		have_end = true;
	} else if (duration != NULL && icalproperty_get_value(duration) != NULL) {
		struct icaldurationtype d = icalproperty_get_duration(duration);

		int64_t days =
			(int64_t)d.weeks * 7 + d.days +
			((int64_t)d.hours * 3600 + (int64_t)d.minutes * 60 + d.seconds) / 86400;

		if (d.is_neg || days > MAX_DURATION_DAYS) {
			av_debug(AV_CAT_ICAL, "event '%s': DURATION ignored", inv->uid);
		} else {
			end = add_duration(start, start_wall, inv->all_day ? cx->default_tz : zc.tz,
					   &d);
			have_end = true;
		}
	}
	if (inv->all_day && (!have_end || end <= start)) {
		/* RFC 5545 3.6.1: an all-day event without an end lasts one day. */
		end = local_to_utc(cx->default_tz, start_wall + 86400);
	} else if (end < start) {
		av_debug(AV_CAT_ICAL, "event '%s': end before start, end set to start", inv->uid);
		end = start;
	}
	inv->start = (time_t)start;
	inv->end = (time_t)end;
	/* a time given in UTC says nothing about where the interview is: its local
	 * clock (send-by suggestions, display) is the person's own zone */
	if (inv->all_day || (zc.name != NULL && strcmp(zc.name, "UTC") == 0)) {
		inv->zone = av_strdup(cx->default_name);
		inv->utc_offset = offset_at(cx->default_tz, start);
	} else {
		inv->zone = zc.name != NULL ? av_strdup(zc.name) : NULL;
		inv->utc_offset = offset_at(zc.tz, start);
	}
	return true;
}

/* libical closes a component cut off by the end of the text itself and marks it with an
 * X-LIC-ERROR: such an event is a fragment (times or attendees may be missing). */
static bool
unfinished(icalcomponent *ev)
{
	for (icalproperty *p = icalcomponent_get_first_property(ev, ICAL_XLICERROR_PROPERTY);
	     p != NULL; p = icalcomponent_get_next_property(ev, ICAL_XLICERROR_PROPERTY)) {
		const char *s = icalproperty_get_value(p) ? icalproperty_get_xlicerror(p) : NULL;

		if (s != NULL && strstr(s, "Missing END tag") != NULL)
			return true;
	}
	return false;
}

static struct av_invite *
read_event(icalcomponent *ev, const struct ctx *cx)
{
	struct av_invite *inv;
	icalproperty *p;
	const char *uid;
	size_t n_seen = 0;

	p = icalcomponent_get_first_property(ev, ICAL_UID_PROPERTY);
	uid = p != NULL ? icalproperty_get_uid(p) : NULL;
	if (uid != NULL)
		uid += strspn(uid, " \t");
	if (uid == NULL || uid[0] == '\0') {
		av_warn("event skipped: no UID");
		return NULL;
	}
	if (unfinished(ev)) {
		av_warn("event '%.200s' skipped: the calendar ends inside it (truncated)", uid);
		return NULL;
	}
	inv = av_calloc(1, sizeof(*inv));
	inv->uid = dup_capped(uid, 1024);
	if (!read_times(ev, cx, inv)) {
		av_invite_free(&inv);
		return NULL;
	}
	inv->method = method_of(ev);
	if ((p = icalcomponent_get_first_property(ev, ICAL_SEQUENCE_PROPERTY)) != NULL &&
	    icalproperty_get_value(p) != NULL)
		inv->sequence = icalproperty_get_sequence(p);
	if ((p = icalcomponent_get_first_property(ev, ICAL_DTSTAMP_PROPERTY)) != NULL) {
		struct icaltimetype t;

		if (prop_time(p, &t)) {
			struct zone_choice zc;

			inv->dtstamp = t.is_date ? (time_t)wall_seconds(&t)
						 : (time_t)datetime_to_utc(p, &t, ev, cx, &zc);
		}
	}
	if ((p = icalcomponent_get_first_property(ev, ICAL_STATUS_PROPERTY)) != NULL &&
	    icalproperty_get_value(p) != NULL)
		inv->cancelled = icalproperty_get_status(p) == ICAL_STATUS_CANCELLED;
	if (inv->method == AV_METHOD_CANCEL)
		inv->cancelled = true;
	if ((p = icalcomponent_get_first_property(ev, ICAL_SUMMARY_PROPERTY)) != NULL &&
	    icalproperty_get_value(p) != NULL)
		inv->summary = text_of(icalproperty_get_summary(p));
	if ((p = icalcomponent_get_first_property(ev, ICAL_DESCRIPTION_PROPERTY)) != NULL &&
	    icalproperty_get_value(p) != NULL)
		inv->description = text_of(icalproperty_get_description(p));
	if ((p = icalcomponent_get_first_property(ev, ICAL_LOCATION_PROPERTY)) != NULL &&
	    icalproperty_get_value(p) != NULL)
		inv->location = text_of(icalproperty_get_location(p));
	if ((p = icalcomponent_get_first_property(ev, ICAL_ORGANIZER_PROPERTY)) != NULL) {
		inv->has_organizer = true;
		read_person(p, icalproperty_get_value(p) ? icalproperty_get_organizer(p) : NULL,
			    &inv->organizer);
	}
	/* Direct properties only: the ATTENDEEs of a VALARM are whom to remind (RFC 5545
	 * 3.6.6), not participants. */
	for (p = icalcomponent_get_first_property(ev, ICAL_ATTENDEE_PROPERTY); p != NULL;
	     p = icalcomponent_get_next_property(ev, ICAL_ATTENDEE_PROPERTY)) {
		if (++n_seen > AV_INVITE_MAX_ATTENDEES)
			continue;
		inv->attendees = av_realloc(inv->attendees,
					    (inv->n_attendees + 1) * sizeof(*inv->attendees));
		read_person(p, icalproperty_get_value(p) ? icalproperty_get_attendee(p) : NULL,
			    &inv->attendees[inv->n_attendees++]);
	}
	inv->n_attendees_seen = n_seen;
	if (n_seen > AV_INVITE_MAX_ATTENDEES) /* warned once: av_invite_note_limits */
		av_debug(AV_CAT_ICAL, "event '%s': %zu attendees, only the first %d kept", inv->uid,
			 n_seen, AV_INVITE_MAX_ATTENDEES);
	return inv;
}

/* ---- before libical: the text ---- */

struct scan {
	struct av_buf out;
	size_t line_len;    /* bytes of the current physical line written */
	size_t logical_len; /* bytes of the current content line (unfolded) */
	bool at_line_start;
	bool cutting;	/* the rest of this physical line is dropped */
	bool skip_line; /* this whole physical line is dropped */
	char name[6];
	size_t name_len;
	bool name_done;
	bool in_begin_value;		/* reading the component name of a BEGIN line */
	char open[MAX_NESTING + 1][16]; /* names of the components not yet ended */
	int depth;
	unsigned components, lines, cut_lines;
	const char *error; /* static */
};

/* Drop a trailing incomplete UTF-8 sequence (after a cut). */
static void
trim_partial_utf8(struct av_buf *b)
{
	size_t i = b->len, k = 0;

	while (i > 0 && k < 4 && ((unsigned char)b->data[i - 1] & 0xc0) == 0x80) {
		i--;
		k++;
	}
	if (i > 0 && (unsigned char)b->data[i - 1] >= 0xc0) {
		unsigned char lead = (unsigned char)b->data[i - 1];
		size_t need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;

		if (k + 1 < need) {
			b->len = i - 1;
			b->data[b->len] = '\0';
		}
	}
}

/* libical's parser reads a property name up to the first ':' or ';': BEGIN and END
 * are tracked the same way, so nesting is known before libical builds anything. */
static void
scan_name_char(struct scan *sc, char c, size_t line_start)
{
	if (sc->in_begin_value) {
		char *v = sc->open[sc->depth - 1];
		size_t n = strlen(v);

		if (n + 1 < sizeof(sc->open[0]) && c != ' ' && c != '\t') {
			v[n] = (char)toupper((unsigned char)c);
			v[n + 1] = '\0';
		}
		return;
	}
	if (c == ':' || c == ';') {
		sc->name_done = true;
		if (sc->name_len == 5 && strncasecmp(sc->name, "BEGIN", 5) == 0) {
			sc->components++;
			if (++sc->depth > MAX_NESTING) {
				sc->error = "components nested too deeply";
			} else if (sc->components > MAX_COMPONENTS) {
				sc->error = "too many components";
			} else {
				sc->open[sc->depth - 1][0] = '\0';
				sc->in_begin_value = true;
			}
		} else if (sc->name_len == 3 && strncasecmp(sc->name, "END", 3) == 0) {
			if (sc->depth == 0) {
				/* A stray END makes libical print to stderr: drop the line. */
				sc->out.len = line_start;
				sc->out.data[sc->out.len] = '\0';
				sc->skip_line = true;
			} else {
				sc->depth--;
			}
		}
		return;
	}
	if (sc->name_len < sizeof(sc->name))
		sc->name[sc->name_len++] = c;
	else
		sc->name_done = true;
}

/* Copy the calendar text for libical: control characters (but TAB) removed, line
 * ends made LF, physical lines cut at AV_INVITE_MAX_LINE, content lines (unfolded) at
 * MAX_CONTENT_LINE, component nesting and counts checked. NULL with a reason in
 * *why_r when the text is refused. */
static char *
sanitize(const char *ics, size_t len, unsigned *cut_r, const char **why_r)
{
	struct scan sc = {0};
	const unsigned char *u = (const unsigned char *)ics;
	size_t i = 0, line_start = 0;

	av_buf_init(&sc.out);
	av_buf_append(&sc.out, "", 0);
	sc.at_line_start = true;
	if (len >= 3 && memcmp(ics, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	for (; i < len && sc.error == NULL; i++) {
		unsigned char c = u[i];

		if (c == '\r' && i + 1 < len && u[i + 1] == '\n')
			continue;
		if (c == '\r' || c == '\n') {
			if (!sc.skip_line)
				av_buf_append(&sc.out, "\n", 1);
			sc.at_line_start = true;
			sc.line_len = 0;
			sc.cutting = false;
			continue;
		}
		if ((c < 0x20 && c != '\t') || c == 0x7f)
			continue;
		if (c == 0xc2 && i + 1 < len && u[i + 1] >= 0x80 && u[i + 1] <= 0x9f) {
			i++; /* a C1 control character */
			continue;
		}
		if (sc.at_line_start) {
			sc.at_line_start = false;
			if ((c == ' ' || c == '\t') && sc.logical_len > 0) {
				/* A folded continuation: libical removes this blank. */
				sc.skip_line = sc.skip_line || sc.logical_len >= MAX_CONTENT_LINE;
				if (!sc.skip_line)
					av_buf_append(&sc.out, &c, 1);
				sc.line_len = 1;
				continue;
			}
			if (++sc.lines > MAX_CONTENT_LINES) {
				sc.error = "too many lines";
				break;
			}
			sc.skip_line = false;
			sc.logical_len = 0;
			sc.name_len = 0;
			sc.name_done = false;
			sc.in_begin_value = false;
			line_start = sc.out.len;
		}
		if (sc.skip_line || sc.cutting)
			continue;
		if (sc.line_len >= AV_INVITE_MAX_LINE) {
			sc.cutting = true;
			sc.cut_lines++;
			trim_partial_utf8(&sc.out);
			continue;
		}
		av_buf_append(&sc.out, &c, 1);
		sc.line_len++;
		sc.logical_len++;
		if (!sc.name_done || sc.in_begin_value)
			scan_name_char(&sc, (char)c, line_start);
	}
	*cut_r = sc.cut_lines;
	if (sc.error == NULL && sc.components == 0)
		sc.error = "no BEGIN line: not an iCalendar object";
	if (sc.error == NULL && sc.depth == 1 && strcmp(sc.open[0], "VCALENDAR") == 0) {
		/* Only the final END:VCALENDAR is missing: every event is whole. */
		av_buf_puts(&sc.out, "\nEND:VCALENDAR\n");
	} else if (sc.error == NULL && sc.depth > 0) {
		/* libical would drop the unclosed top-level component, or hand over a
		 * fragment of an event: refuse the text as truncated. */
		sc.error = "truncated: the text ends inside a component";
		for (int k = 0; k < sc.depth; k++)
			if (strcmp(sc.open[k], "VEVENT") == 0)
				sc.error = "truncated: the text ends inside a VEVENT";
	}
	if (sc.error != NULL) {
		*why_r = sc.error;
		av_buf_clear(&sc.out);
		return NULL;
	}
	return av_buf_steal(&sc.out);
}

/* ---- after libical: the VTIMEZONEs ---- */

static bool
recurrence_list_empty(const short *list)
{
	return list[0] == ICAL_RECURRENCE_ARRAY_MAX;
}

static size_t
recurrence_list_len(const short *list, size_t size)
{
	size_t n = 0;

	while (n < size && list[n] != ICAL_RECURRENCE_ARRAY_MAX)
		n++;
	return n;
}

/* How many offset changes libical will expand from a rule in an observance starting in
 * start_year, or -1 for a rule real zones never use. Zones use FREQ=YEARLY;BYMONTH=3;
 * BYDAY=2SU or the older BYMONTHDAY=8,...,14;BYDAY=SU; anything richer (FREQ=SECONDLY, a
 * BYDAY without month) could make libical's expansion, which runs every rule from its
 * DTSTART up to the latest year asked for, take minutes. */
static long
rrule_changes(const struct icalrecurrencetype *r, int start_year)
{
	size_t n_month = recurrence_list_len(r->by_month, ICAL_BY_MONTH_SIZE);
	size_t n_mday = recurrence_list_len(r->by_month_day, ICAL_BY_MONTHDAY_SIZE);
	size_t n_day = recurrence_list_len(r->by_day, ICAL_BY_DAY_SIZE);
	long per_month = 1, end_year = MAX_YEAR + 5;

	if (r->freq != ICAL_YEARLY_RECURRENCE || r->interval != 1 || r->rscale != NULL ||
	    !recurrence_list_empty(r->by_second) || !recurrence_list_empty(r->by_minute) ||
	    !recurrence_list_empty(r->by_hour) || !recurrence_list_empty(r->by_year_day) ||
	    !recurrence_list_empty(r->by_week_no) || !recurrence_list_empty(r->by_set_pos) ||
	    n_month > 1 || n_day > 1 || (n_month == 0 && (n_day > 0 || n_mday > 0)))
		return -1;
	if (n_mday > 0)
		per_month = (long)n_mday;
	else if (n_day == 1 && icalrecurrencetype_day_position(r->by_day[0]) == 0)
		per_month = 5;
	if (!icaltime_is_null_time(r->until) && r->until.year < end_year)
		end_year = r->until.year;
	return end_year < start_year ? 0 : per_month * (end_year - start_year + 1);
}

static bool
vtimezone_ok(icalcomponent *vtz)
{
	unsigned observances = 0, rdates = 0;
	long changes = 0;

	for (icalcomponent *o = icalcomponent_get_first_component(vtz, ICAL_ANY_COMPONENT);
	     o != NULL; o = icalcomponent_get_next_component(vtz, ICAL_ANY_COMPONENT)) {
		icalcomponent_kind k = icalcomponent_isa(o);
		icalproperty *p;
		struct icaltimetype t;

		if (k != ICAL_XSTANDARD_COMPONENT && k != ICAL_XDAYLIGHT_COMPONENT)
			continue;
		if (++observances > MAX_OBSERVANCES)
			return false;
		p = icalcomponent_get_first_property(o, ICAL_DTSTART_PROPERTY);
		if (p == NULL || icalproperty_get_value(p) == NULL)
			return false;
		t = icalproperty_get_dtstart(p);
		if (t.year < 1 || t.year > MAX_YEAR)
			return false;
		for (p = icalcomponent_get_first_property(o, ICAL_RRULE_PROPERTY); p != NULL;
		     p = icalcomponent_get_next_property(o, ICAL_RRULE_PROPERTY)) {
			struct icalrecurrencetype r;
			long n;

			if (icalproperty_get_value(p) == NULL)
				return false;
			r = icalproperty_get_rrule(p);
			n = rrule_changes(&r, t.year);
			if (n < 0 || (changes += n) > MAX_ZONE_CHANGES)
				return false;
		}
		for (p = icalcomponent_get_first_property(o, ICAL_RDATE_PROPERTY); p != NULL;
		     p = icalcomponent_get_next_property(o, ICAL_RDATE_PROPERTY))
			if (++rdates > MAX_RDATES)
				return false;
	}
	return observances > 0;
}

/* Remove VTIMEZONEs libical should not expand (and any beyond MAX_VTIMEZONES); their
 * TZIDs then resolve as names. Nesting is bounded by sanitize(). */
static void
prune_timezones(icalcomponent *comp, unsigned *n_kept)
{
	icalcomponent **children = NULL;
	size_t n = 0;

	for (icalcomponent *c = icalcomponent_get_first_component(comp, ICAL_ANY_COMPONENT);
	     c != NULL; c = icalcomponent_get_next_component(comp, ICAL_ANY_COMPONENT)) {
		children = av_realloc(children, (n + 1) * sizeof(*children));
		children[n++] = c;
	}
	for (size_t i = 0; i < n; i++) {
		icalcomponent *c = children[i];

		if (icalcomponent_isa(c) != ICAL_VTIMEZONE_COMPONENT) {
			prune_timezones(c, n_kept);
			continue;
		}
		if (*n_kept < MAX_VTIMEZONES && vtimezone_ok(c)) {
			(*n_kept)++;
			continue;
		}
		av_debug(AV_CAT_ICAL, "VTIMEZONE ignored (unusual rules, or too many)");
		icalcomponent_remove_component(comp, c);
		icalcomponent_free(c);
	}
	free(children);
}

/* The VEVENTs of a parse result: under a VCALENDAR, under each VCALENDAR of an XROOT
 * (several calendars in one text), or a bare VEVENT. */
static void
collect_events(icalcomponent *comp, icalcomponent ***events, size_t *n, size_t *n_seen,
	       unsigned level)
{
	icalcomponent_kind k = icalcomponent_isa(comp);

	if (k == ICAL_VEVENT_COMPONENT) {
		if (++*n_seen <= AV_INVITE_MAX_EVENTS) {
			*events = av_realloc(*events, (*n + 1) * sizeof(**events));
			(*events)[(*n)++] = comp;
		}
		return;
	}
	if (level >= 2 || (k != ICAL_VCALENDAR_COMPONENT && k != ICAL_XROOT_COMPONENT))
		return;
	for (icalcomponent *c = icalcomponent_get_first_component(comp, ICAL_ANY_COMPONENT);
	     c != NULL; c = icalcomponent_get_next_component(comp, ICAL_ANY_COMPONENT))
		collect_events(c, events, n, n_seen, level + 1);
}

enum av_err
av_invite_parse(const char *ics, size_t len, const char *default_zone,
		struct av_invite ***invites_r, size_t *n_r, char **error_r)
{
	struct ctx cx;
	icalcomponent *root, **events = NULL;
	struct av_invite **invites = NULL;
	size_t n_events = 0, n_seen = 0, n = 0;
	unsigned cut = 0, n_tz = 0;
	const char *why = NULL;
	char *text;

	icalerror_set_errors_are_fatal(0);
	cx.utc = icaltimezone_get_utc_timezone();
	cx.default_tz = default_zone != NULL ? builtin_zone(default_zone) : NULL;
	cx.default_name = default_zone;
	if (cx.default_tz == NULL) {
		av_warn("time zone '%s' unknown: floating and all-day times read as UTC",
			default_zone != NULL ? default_zone : "(none)");
		cx.default_tz = cx.utc;
		cx.default_name = "UTC";
	}
	expand_fully(cx.default_tz);
	text = sanitize(ics, len, &cut, &why);
	if (text == NULL) {
		av_error_set(error_r, "calendar not read: %s", why);
		return AV_ERR_DATA;
	}
	if (cut > 0)
		av_debug(AV_CAT_ICAL, "%u lines longer than %d bytes cut", cut, AV_INVITE_MAX_LINE);
	root = icalparser_parse_string(text);
	free(text);
	if (root == NULL) {
		av_error_set(error_r, "not an iCalendar object");
		return AV_ERR_DATA;
	}
	prune_timezones(root, &n_tz);
	collect_events(root, &events, &n_events, &n_seen, 0);
	if (n_seen > AV_INVITE_MAX_EVENTS) /* warned once: av_invite_note_limits */
		av_debug(AV_CAT_ICAL, "calendar with %zu events: only the first %d read", n_seen,
			 AV_INVITE_MAX_EVENTS);
	for (size_t i = 0; i < n_events; i++) {
		struct av_invite *inv = read_event(events[i], &cx);

		if (inv == NULL)
			continue;
		invites = av_realloc(invites, (n + 1) * sizeof(*invites));
		invites[n++] = inv;
	}
	if (n_events == 0)
		av_info("calendar without an event (VEVENT): nothing to read");
	free(events);
	icalcomponent_free(root);
	*invites_r = invites;
	*n_r = n;
	return AV_OK;
}

/* Does the content line at s[0..n) have the property name (then ':' or ';')? */
static bool
line_is(const char *s, size_t n, const char *name)
{
	size_t k = strlen(name);

	return n > k && strncasecmp(s, name, k) == 0 && (s[k] == ':' || s[k] == ';');
}

/* Does the line s[0..n) say BEGIN or END (what) of component name? */
static bool
line_component(const char *s, size_t n, const char *what, const char *name)
{
	size_t k = strlen(what), m = strlen(name);

	return line_is(s, n, what) && s[k] == ':' && n - k - 1 >= m &&
	       strncasecmp(s + k + 1, name, m) == 0 &&
	       (n - k - 1 == m || s[k + 1 + m] == '\r' || s[k + 1 + m] == ' ');
}

unsigned
av_invite_note_limits(const char *ics, size_t len, const char *where, size_t *events_r)
{
	size_t events = 0, attendees = 0, i = 0;
	unsigned warned = 0;
	int depth = 0; /* 1 inside a VEVENT, 2 inside a component in it (VALARM) */
	char uid[201] = "";

	while (i < len) {
		const char *line = ics + i, *nl = memchr(line, '\n', len - i);
		size_t n = nl != NULL ? (size_t)(nl - line) : len - i;

		i += n + 1;
		if (n > 0 && line[n - 1] == '\r')
			n--;
		if (n == 0 || line[0] == ' ' || line[0] == '\t')
			continue; /* a fold's continuation */
		if (line_component(line, n, "BEGIN", "VEVENT") && depth == 0) {
			depth = 1;
			attendees = 0;
			uid[0] = '\0';
			if (++events == AV_INVITE_MAX_EVENTS + 1) {
				av_warn("%s: a calendar with more than %d events: only the first "
					"%d "
					"read",
					where, AV_INVITE_MAX_EVENTS, AV_INVITE_MAX_EVENTS);
				warned++;
			}
		} else if (depth >= 1 && strncasecmp(line, "BEGIN:", 6) == 0) {
			depth++;
		} else if (depth > 1 && strncasecmp(line, "END:", 4) == 0) {
			depth--;
		} else if (depth == 1 && line_component(line, n, "END", "VEVENT")) {
			depth = 0;
			if (attendees > AV_INVITE_MAX_ATTENDEES && events <= AV_INVITE_MAX_EVENTS) {
				av_warn("%s: event '%s': %zu attendees, only the first %d kept",
					where, uid, attendees, AV_INVITE_MAX_ATTENDEES);
				warned++;
			}
		} else if (depth == 1 && line_is(line, n, "ATTENDEE")) {
			attendees++;
		} else if (depth == 1 && line_is(line, n, "UID") && uid[0] == '\0') {
			const char *v = memchr(line, ':', n);
			size_t vn = v != NULL ? n - (size_t)(v + 1 - line) : 0;

			if (vn > sizeof(uid) - 1)
				vn = av_utf8_boundary(v + 1, vn, sizeof(uid) - 1);
			for (size_t k = 0; k < vn; k++) /* for the log: one line */
				uid[k] = (unsigned char)v[1 + k] < 0x20 ? '?' : v[1 + k];
			uid[vn] = '\0';
		}
	}
	if (events_r != NULL)
		*events_r = events;
	return warned;
}

void
av_invite_free(struct av_invite **inv)
{
	if (*inv == NULL)
		return;
	invite_free_fields(*inv);
	free(*inv);
	*inv = NULL;
}

void
av_invite_free_all(struct av_invite ***invites, size_t n)
{
	if (*invites == NULL)
		return;
	for (size_t i = 0; i < n; i++)
		av_invite_free(&(*invites)[i]);
	free(*invites);
	*invites = NULL;
}
