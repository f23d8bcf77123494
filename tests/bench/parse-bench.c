/* SPDX-License-Identifier: GPL-3.0-or-later */
/* parse-bench: how fast afterview reads invites and whether its memory stays flat
 * (issue 3). Not a test: `make bench` (or `make bench-parse`) runs it; tests/bench/README
 * has the recorded figures.
 *
 * Every .eml file of tests/data/invites is read into memory first; then, in each round,
 * every message goes through the path of `afterview scan`: av_mime_parse, av_invite_parse of
 * each calendar part (zone America/New_York), av_detect_score and av_interviewers_find
 * of each invite (Sam's addresses), and everything is freed before the next message.
 * A second case parses one synthetic message over and over: a base64 text/calendar with
 * 200 attendees (AV_INVITE_MAX_ATTENDEES) and a 60 KB description.
 *
 *   parse-bench [--rounds N] [--seconds S] [DIR]
 *
 * Each case runs N rounds, or (default) as many as fit in S seconds (default 3). DIR
 * defaults to $srcdir/tests/data/invites. Windows zone names need
 * $AFTERVIEW_DATADIR/windowsZones.tsv; when the variable is unset, $srcdir/data is used.
 * The log (warnings about the malformed fixtures) is formatted as usual but written to
 * /dev/null. Peak RSS is getrusage's ru_maxrss (KiB on Linux), the current RSS comes
 * from /proc/self/statm. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "afterview/detect.h"
#include "afterview/interviewers.h"
#include "afterview/invite.h"
#include "afterview/log.h"
#include "afterview/mime.h"
#include "afterview/util.h"
#include "afterview/words.h"

#define ZONE		"America/New_York"
#define LARGE_ATTENDEES 200
#define LARGE_DESC	(60 * 1024)
#define TOP_SLOWEST	5

static char me1[] = "sam.rivera@example.net", me2[] = "samr@example.net";
static char *const me[] = {me1, me2, NULL};
static struct av_wordlists *words;

struct message {
	char *name; /* owned */
	char *data; /* owned */
	size_t len;
	double seconds; /* wall time spent on it over all rounds */
};

/* What one round read: the same in every round, or something is wrong. */
struct tally {
	size_t messages, unreadable, parts, bad_parts, invites, interviews, interviewers;
};

struct result {
	unsigned rounds;
	double wall, cpu;
	struct tally round; /* per round */
	long peak_first_kb, peak_last_kb, rss_first_kb, rss_last_kb;
};

static double
clock_seconds(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long
peak_rss_kb(void)
{
	struct rusage ru;

	if (getrusage(RUSAGE_SELF, &ru) != 0)
		return -1;
	return ru.ru_maxrss;
}

/* The resident set now, in KiB; -1 where /proc/self/statm does not exist. */
static long
current_rss_kb(void)
{
	FILE *f = fopen("/proc/self/statm", "r");
	long size, resident;
	int ok;

	if (f == NULL)
		return -1;
	ok = fscanf(f, "%ld %ld", &size, &resident) == 2;
	fclose(f);
	return ok ? resident * (sysconf(_SC_PAGESIZE) / 1024) : -1;
}

static bool
read_file(const char *path, char **data_r, size_t *len_r)
{
	return av_file_read(path, SIZE_MAX, data_r, len_r) == 0;
}

static int
eml_filter(const struct dirent *d)
{
	size_t l = strlen(d->d_name);

	return l > 4 && strcmp(d->d_name + l - 4, ".eml") == 0;
}

/* Every .eml file in dir, in name order; false (with a message printed) on any failure. */
static bool
load_fixtures(const char *dir, struct message **msgs_r, size_t *n_r)
{
	struct dirent **names = NULL;
	struct message *msgs;
	int n = scandir(dir, &names, eml_filter, alphasort);
	bool ok = true;

	if (n < 0) {
		fprintf(stderr, "parse-bench: %s: %s\n", dir, strerror(errno));
		return false;
	}
	msgs = av_calloc(n > 0 ? (size_t)n : 1, sizeof(*msgs));
	for (int i = 0; i < n; i++) {
		char *path = av_asprintf("%s/%s", dir, names[i]->d_name);

		msgs[i].name = av_strdup(names[i]->d_name);
		if (ok && !read_file(path, &msgs[i].data, &msgs[i].len)) {
			fprintf(stderr, "parse-bench: %s: %s\n", path, strerror(errno));
			ok = false;
		}
		free(path);
		free(names[i]);
	}
	free(names);
	if (ok && n == 0) {
		fprintf(stderr, "parse-bench: %s: no .eml files\n", dir);
		ok = false;
	}
	*msgs_r = msgs;
	*n_r = (size_t)n;
	return ok;
}

static void
messages_free(struct message *msgs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(msgs[i].name);
		free(msgs[i].data);
	}
	free(msgs);
}

/* One message through the whole path; every result is freed before returning. */
static void
parse_message(const struct message *m, struct tally *t)
{
	struct av_mime_result *res = NULL;
	char *error = NULL;

	t->messages++;
	if (av_mime_parse(m->data, m->len, &res, &error) != AV_OK) {
		t->unreadable++;
		free(error);
		return;
	}
	for (size_t p = 0; p < res->n_parts; p++) {
		struct av_invite **invs = NULL;
		size_t n = 0;

		t->parts++;
		if (av_invite_parse(res->parts[p].data, res->parts[p].len, ZONE, &invs, &n,
				    &error) != AV_OK) {
			t->bad_parts++;
			free(error);
			error = NULL;
		}
		for (size_t i = 0; i < n; i++) {
			struct av_detection det;
			struct av_interviewer *iv = NULL;
			size_t n_iv = 0;

			av_detect_score(invs[i], res->info.from_addr, words, &det);
			if (det.is_interview)
				t->interviews++;
			av_detection_clear(&det);
			av_interviewers_find(invs[i], me, &iv, &n_iv);
			t->interviewers += n_iv;
			av_interviewers_free(&iv, n_iv);
		}
		t->invites += n;
		av_invite_free_all(&invs, n);
	}
	av_mime_result_free(&res);
}

/* Rounds over msgs: exactly `rounds` of them, or as many as fit in `seconds` when
 * rounds is 0. False when a round read something else than the first. */
static bool
run_case(const char *label, struct message *msgs, size_t n, unsigned rounds, double seconds,
	 struct result *r)
{
	double wall0 = clock_seconds(CLOCK_MONOTONIC);
	double cpu0 = clock_seconds(CLOCK_PROCESS_CPUTIME_ID);
	double now = wall0;

	memset(r, 0, sizeof(*r));
	do {
		struct tally t = {0};

		for (size_t i = 0; i < n; i++) {
			double t0 = now;

			parse_message(&msgs[i], &t);
			now = clock_seconds(CLOCK_MONOTONIC);
			msgs[i].seconds += now - t0;
		}
		if (r->rounds == 0) {
			r->round = t;
			r->peak_first_kb = peak_rss_kb();
			r->rss_first_kb = current_rss_kb();
		} else if (memcmp(&t, &r->round, sizeof(t)) != 0) {
			fprintf(stderr,
				"parse-bench: %s: round %u read %zu invites, round 1 read %zu\n",
				label, r->rounds + 1, t.invites, r->round.invites);
			return false;
		}
		r->rounds++;
	} while (rounds > 0 ? r->rounds < rounds : now - wall0 < seconds);
	r->wall = now - wall0;
	r->cpu = clock_seconds(CLOCK_PROCESS_CPUTIME_ID) - cpu0;
	r->peak_last_kb = peak_rss_kb();
	r->rss_last_kb = current_rss_kb();
	return true;
}

/* ---- the large message ---- */

static void
base64_lines(struct av_buf *out, const unsigned char *in, size_t len)
{
	static const char alphabet[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t col = 0;

	for (size_t i = 0; i < len; i += 3) {
		unsigned long v = (unsigned long)in[i] << 16;
		char q[4];

		if (i + 1 < len)
			v |= (unsigned long)in[i + 1] << 8;
		if (i + 2 < len)
			v |= in[i + 2];
		q[0] = alphabet[(v >> 18) & 63];
		q[1] = alphabet[(v >> 12) & 63];
		q[2] = i + 1 < len ? alphabet[(v >> 6) & 63] : '=';
		q[3] = i + 2 < len ? alphabet[v & 63] : '=';
		av_buf_append(out, q, 4);
		col += 4;
		if (col == 76) {
			av_buf_puts(out, "\r\n");
			col = 0;
		}
	}
	if (col > 0)
		av_buf_puts(out, "\r\n");
}

/* One iCalendar content line, escaped as TEXT when `text`, folded at 75 octets without
 * splitting a UTF-8 sequence. */
static void
ical_line(struct av_buf *cal, const char *name, const char *value, bool text)
{
	struct av_buf line;
	size_t col = 0;

	av_buf_init(&line);
	av_buf_puts(&line, name);
	for (const char *s = value; *s != '\0'; s++) {
		if (text && *s == '\n')
			av_buf_puts(&line, "\\n");
		else if (text && (*s == ',' || *s == ';' || *s == '\\'))
			av_buf_printf(&line, "\\%c", *s);
		else
			av_buf_append(&line, s, 1);
	}
	for (size_t i = 0; i < line.len; i++) {
		bool continuation = ((unsigned char)line.data[i] & 0xC0) == 0x80;

		if (col >= 75 && !continuation) {
			av_buf_puts(cal, "\r\n ");
			col = 1;
		}
		av_buf_append(cal, &line.data[i], 1);
		col++;
	}
	av_buf_puts(cal, "\r\n");
	av_buf_clear(&line);
}

static const char *const first_names[] = {
	"Amara",   "Bruno", "Chiara", "Dmitri", "Esther", "Farid",  "Greta",
	"Hiroshi", "Ines",  "Jonas",  "Keiko",	"Lars",	  "Mónica", "Nikhil",
	"Oona",	   "Pavel", "Qiu",    "Rhea",	"Soren",  "Tomás",
};
static const char *const last_names[] = {
	"Adeyemi", "Bergström", "Castro", "Dubois",  "Eriksen",
	"Fontana", "Gallagher", "Haddad", "Iwasaki", "Jovanović",
};

static void
person(unsigned i, const char **first_r, const char **last_r)
{
	*first_r = first_names[i % 20];
	*last_r = last_names[(i / 20) % 10];
}

/* The description: an onsite itinerary, then the interviewers' notes, to LARGE_DESC. */
static char *
large_description(void)
{
	static const char *const topics[] = {
		"system design",     "coding (pair programming)", "architecture deep dive",
		"behavioral",	     "hiring manager chat",	  "lunch with the team",
		"product sense",     "debugging exercise",	  "leadership principles",
		"career and growth",
	};
	struct av_buf d;
	unsigned i;

	av_buf_init(&d);
	av_buf_puts(&d, "Hi Sam,\n\nThank you for making time for your onsite interview for the "
			"Staff Software Engineer role at Northwind Robotics. Below is your "
			"itinerary, followed by notes from each of your interviewers.\n\n"
			"Interviewers:\n");
	for (i = 0; i < 8; i++) {
		const char *first, *last;

		person(i * 7 + 3, &first, &last);
		av_buf_printf(&d, "- %s %s, %s\n", first, last, topics[i % 10]);
	}
	av_buf_puts(&d, "\nSchedule (Pacific time):\n");
	for (i = 0; i < 8; i++) {
		const char *first, *last;

		person(i * 7 + 3, &first, &last);
		av_buf_printf(&d, "%02u:00 - %02u:45  %s with %s %s\n", 9 + i, 9 + i,
			      topics[i % 10], first, last);
	}
	av_buf_puts(&d, "\n");
	for (i = 0; d.len < LARGE_DESC; i++) {
		const char *first, *last;

		person(i * 3 + 1, &first, &last);
		av_buf_printf(&d,
			      "Note %u from %s %s (%s): we will spend most of the session on "
			      "a problem close to our day-to-day work; think aloud, ask "
			      "questions, and feel free to sketch on the whiteboard. There is "
			      "no trick question, and we care more about trade-offs than about "
			      "a perfect answer. Parking is at the north entrance, badge "
			      "pickup at reception, building C, floor %u.\n\n",
			      i + 1, first, last, topics[i % 10], 2 + i % 5);
	}
	/* cut the last note at 60 KB, not inside a UTF-8 sequence */
	d.len = LARGE_DESC;
	while (((unsigned char)d.data[d.len] & 0xC0) == 0x80)
		d.len--;
	d.data[d.len] = '\0';
	return av_buf_steal(&d);
}

static char *
large_calendar(size_t *desc_len_r)
{
	struct av_buf cal;
	char *desc = large_description();

	av_buf_init(&cal);
	av_buf_puts(&cal,
		    "BEGIN:VCALENDAR\r\n"
		    "PRODID:-//afterview//parse-bench//EN\r\n"
		    "VERSION:2.0\r\n"
		    "CALSCALE:GREGORIAN\r\n"
		    "METHOD:REQUEST\r\n"
		    "BEGIN:VTIMEZONE\r\n"
		    "TZID:America/Los_Angeles\r\n"
		    "BEGIN:DAYLIGHT\r\n"
		    "TZOFFSETFROM:-0800\r\n"
		    "TZOFFSETTO:-0700\r\n"
		    "TZNAME:PDT\r\n"
		    "DTSTART:19700308T020000\r\n"
		    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU\r\n"
		    "END:DAYLIGHT\r\n"
		    "BEGIN:STANDARD\r\n"
		    "TZOFFSETFROM:-0700\r\n"
		    "TZOFFSETTO:-0800\r\n"
		    "TZNAME:PST\r\n"
		    "DTSTART:19701101T020000\r\n"
		    "RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU\r\n"
		    "END:STANDARD\r\n"
		    "END:VTIMEZONE\r\n"
		    "BEGIN:VEVENT\r\n"
		    "DTSTART;TZID=America/Los_Angeles:20261120T090000\r\n"
		    "DTEND;TZID=America/Los_Angeles:20261120T170000\r\n"
		    "DTSTAMP:20261112T180500Z\r\n"
		    "ORGANIZER;CN=Northwind Recruiting:mailto:recruiting@northwind.example\r\n"
		    "UID:onsite-8c41f0e2@northwind.example\r\n");
	for (unsigned i = 0; i < LARGE_ATTENDEES; i++) {
		const char *first, *last;
		char *name, *value;

		if (i == 17) {
			av_buf_puts(&cal, "ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;"
					  "PARTSTAT=ACCEPTED;CN=Sam Rivera;X-NUM-GUESTS=0:"
					  "mailto:sam.rivera@example.net\r\n");
			continue;
		}
		person(i, &first, &last);
		name = av_asprintf("ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=%s;PARTSTAT=%s;CN=\"%s %s\";"
				   "X-NUM-GUESTS=0:",
				   i % 9 == 8 ? "OPT-PARTICIPANT" : "REQ-PARTICIPANT",
				   i % 4 == 0 ? "NEEDS-ACTION" : "ACCEPTED", first, last);
		value = av_asprintf("mailto:interviewer%03u@northwind.example", i);
		ical_line(&cal, name, value, false);
		free(name);
		free(value);
	}
	ical_line(&cal, "SUMMARY:", "Onsite interview: Sam Rivera, Staff Software Engineer", true);
	ical_line(&cal, "LOCATION:", "Northwind Robotics, 500 Harbor Way, Building C, Oakland",
		  true);
	ical_line(&cal, "DESCRIPTION:", desc, true);
	av_buf_puts(&cal, "SEQUENCE:0\r\n"
			  "STATUS:CONFIRMED\r\n"
			  "TRANSP:OPAQUE\r\n"
			  "BEGIN:VALARM\r\n"
			  "ACTION:DISPLAY\r\n"
			  "DESCRIPTION:Reminder\r\n"
			  "TRIGGER:-PT30M\r\n"
			  "END:VALARM\r\n"
			  "END:VEVENT\r\n"
			  "END:VCALENDAR\r\n");
	*desc_len_r = strlen(desc);
	free(desc);
	return av_buf_steal(&cal);
}

static void
large_message(struct message *m, size_t *desc_len_r)
{
	struct av_buf b;
	char *cal = large_calendar(desc_len_r);

	av_buf_init(&b);
	av_buf_puts(&b,
		    "Return-Path: <no-reply@greenhouse.io>\r\n"
		    "From: \"Northwind Recruiting (via Greenhouse)\" <no-reply@greenhouse.io>\r\n"
		    "To: Sam Rivera <sam.rivera@example.net>\r\n"
		    "Subject: Invitation: Onsite interview, Staff Software Engineer @ Fri Nov "
		    "20, 2026 9am - 5pm (PST)\r\n"
		    "Date: Thu, 12 Nov 2026 10:05:00 -0800\r\n"
		    "Message-ID: <onsite-8c41f0e2.bench@northwind.example>\r\n"
		    "MIME-Version: 1.0\r\n"
		    "Content-Type: multipart/mixed; boundary=\"=_bench_outer\"\r\n"
		    "\r\n"
		    "--=_bench_outer\r\n"
		    "Content-Type: text/plain; charset=UTF-8\r\n"
		    "Content-Transfer-Encoding: 7bit\r\n"
		    "\r\n"
		    "Hi Sam, your onsite interview is confirmed; the invitation is attached.\r\n"
		    "\r\n"
		    "--=_bench_outer\r\n"
		    "Content-Type: text/calendar; charset=UTF-8; method=REQUEST\r\n"
		    "Content-Transfer-Encoding: base64\r\n"
		    "\r\n");
	base64_lines(&b, (const unsigned char *)cal, strlen(cal));
	av_buf_puts(&b, "\r\n--=_bench_outer--\r\n");
	free(cal);
	m->name = av_strdup("large (synthetic)");
	m->len = b.len;
	m->data = av_buf_steal(&b);
	m->seconds = 0;
}

/* ---- the report ---- */

static double
mb(long kb)
{
	return (double)kb / 1024.0;
}

static void
print_tally(const char *label, const struct tally *t)
{
	printf("  %s per round: messages %zu (unreadable %zu), calendar parts %zu (unreadable "
	       "%zu), invites %zu, interviews %zu, interviewers %zu\n",
	       label, t->messages, t->unreadable, t->parts, t->bad_parts, t->invites, t->interviews,
	       t->interviewers);
}

static void
print_rates(const char *label, const struct result *r, size_t bytes_per_round)
{
	double msgs = (double)r->round.messages * r->rounds;
	double invs = (double)r->round.invites * r->rounds;
	double bytes = (double)bytes_per_round * r->rounds;

	printf("| %-8s | %6u | %6.2f | %5.2f | %10.0f | %9.0f | %6.1f | %10.3f |\n", label,
	       r->rounds, r->wall, r->cpu, msgs / r->wall, invs / r->wall,
	       bytes / r->wall / (1024.0 * 1024.0), r->wall * 1000.0 / msgs);
}

static void
print_memory(const char *label, const struct result *r)
{
	char first[32] = "n/a", last[32] = "n/a";

	if (r->rss_first_kb >= 0 && r->rss_last_kb >= 0) {
		snprintf(first, sizeof(first), "%.1f", mb(r->rss_first_kb));
		snprintf(last, sizeof(last), "%.1f", mb(r->rss_last_kb));
	}
	printf("| %-8s | %18.1f | %15.1f | %11s | %8s |\n", label, mb(r->peak_first_kb),
	       mb(r->peak_last_kb), first, last);
}

static int
by_time(const void *a, const void *b)
{
	double x = ((const struct message *)a)->seconds, y = ((const struct message *)b)->seconds;

	return x < y ? 1 : x > y ? -1 : 0;
}

static void
print_machine(void)
{
	struct utsname u;
	long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);

	if (uname(&u) == 0)
		printf("machine:  %s %s %s, ", u.sysname, u.release, u.machine);
	else
		printf("machine:  ");
	printf("%ld CPUs online, %.1f GiB memory\n", sysconf(_SC_NPROCESSORS_ONLN),
	       pages > 0 && page > 0 ? (double)pages * (double)page / (1024.0 * 1024 * 1024) : 0.0);
	printf("compiler: %s\n", __VERSION__);
}

static void
usage(FILE *f)
{
	fprintf(f, "usage: parse-bench [--rounds N] [--seconds S] [DIR]\n"
		   "  DIR        the .eml fixtures (default $srcdir/tests/data/invites)\n"
		   "  --rounds   exactly N rounds of each case\n"
		   "  --seconds  else rounds until S seconds have passed (default 3)\n");
}

int
main(int argc, char **argv)
{
	const char *srcdir = getenv("srcdir"), *dir = NULL;
	char *default_dir = NULL, *datadir = NULL, *error = NULL, *end;
	unsigned rounds = 0;
	double seconds = 3.0;
	struct message *msgs = NULL, large;
	size_t n_msgs = 0, bytes = 0, desc_len = 0;
	struct result fix, big;
	FILE *devnull;
	int rc = 1;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--rounds") == 0 && i + 1 < argc) {
			unsigned long v = strtoul(argv[++i], &end, 10);

			if (*end != '\0' || v == 0 || v > 100000000) {
				usage(stderr);
				return 2;
			}
			rounds = (unsigned)v;
		} else if (strcmp(argv[i], "--seconds") == 0 && i + 1 < argc) {
			seconds = strtod(argv[++i], &end);
			if (*end != '\0' || !(seconds > 0)) {
				usage(stderr);
				return 2;
			}
		} else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			usage(stdout);
			return 0;
		} else if (argv[i][0] != '-' && dir == NULL) {
			dir = argv[i];
		} else {
			usage(stderr);
			return 2;
		}
	}
	if (dir == NULL) {
		default_dir = av_asprintf("%s/tests/data/invites", srcdir ? srcdir : ".");
		dir = default_dir;
	}
	if (getenv("AFTERVIEW_DATADIR") == NULL && srcdir != NULL) {
		datadir = av_asprintf("%s/data", srcdir);
		setenv("AFTERVIEW_DATADIR", datadir, 1);
	}

	av_log_open("parse-bench", false);
	/* Loads windowsZones.tsv now, while a missing file is still reported on stderr. */
	if (av_invite_windows_zone("Pacific Standard Time") == NULL)
		fprintf(stderr, "parse-bench: Windows zone names are not resolved "
				"(set AFTERVIEW_DATADIR to the source's data directory)\n");
	if (av_words_load(NULL, NULL, NULL, &words, &error) != AV_OK) {
		fprintf(stderr, "parse-bench: word lists: %s\n", error);
		free(error);
		goto out;
	}
	if (!load_fixtures(dir, &msgs, &n_msgs))
		goto out;
	for (size_t i = 0; i < n_msgs; i++)
		bytes += msgs[i].len;
	large_message(&large, &desc_len);
	devnull = fopen("/dev/null", "w");
	if (devnull == NULL) {
		fprintf(stderr, "parse-bench: /dev/null: %s\n", strerror(errno));
		goto out_large;
	}
	av_log_set_stream(devnull);

	printf("parse-bench (issue 3): av_mime_parse -> av_invite_parse (%s) -> "
	       "av_detect_score + av_interviewers_find, all freed per message\n",
	       ZONE);
	print_machine();
	if (rounds > 0)
		printf("rounds:   %u per case\n", rounds);
	else
		printf("rounds:   as many as fit in %.1f s per case\n", seconds);
	printf("fixtures: %zu messages, %zu bytes, from %s\n", n_msgs, bytes, dir);
	printf("large:    1 message, %zu bytes: base64 text/calendar, %d attendees, %zu-byte "
	       "description\n",
	       large.len, LARGE_ATTENDEES, desc_len);
	fflush(stdout);

	if (!run_case("fixtures", msgs, n_msgs, rounds, seconds, &fix) ||
	    !run_case("large", &large, 1, rounds, seconds, &big))
		goto out_log;

	printf("\n");
	print_tally("fixtures", &fix.round);
	print_tally("large   ", &big.round);
	printf("\n| case     | rounds | wall s | cpu s | messages/s | invites/s "
	       "|   MB/s | ms/message |\n");
	printf("|----------|--------|--------|-------|------------|-----------"
	       "|--------|------------|\n");
	print_rates("fixtures", &fix, bytes);
	print_rates("large", &big, large.len);

	printf("\nMemory (MB; peak = getrusage ru_maxrss, RSS = /proc/self/statm):\n\n");
	printf("| case     | peak after round 1 | peak after last | RSS round 1 | RSS last |\n");
	printf("|----------|--------------------|-----------------|-------------|----------|\n");
	print_memory("fixtures", &fix);
	print_memory("large", &big);
	printf("\npeak RSS of the whole run: %.1f MB\n", mb(peak_rss_kb()));

	qsort(msgs, n_msgs, sizeof(*msgs), by_time);
	printf("\nSlowest fixtures (share of the fixtures' wall time):\n");
	for (size_t i = 0; i < n_msgs && i < TOP_SLOWEST; i++)
		printf("  %5.1f %%  %8.3f ms/parse  %8zu bytes  %s\n",
		       100.0 * msgs[i].seconds / fix.wall, msgs[i].seconds * 1000.0 / fix.rounds,
		       msgs[i].len, msgs[i].name);
	rc = 0;
out_log:
	av_log_set_stream(NULL);
	fclose(devnull);
out_large:
	free(large.name);
	free(large.data);
out:
	messages_free(msgs, n_msgs);
	av_words_free(&words);
	av_invite_cleanup();
	av_log_close();
	free(default_dir);
	free(datadir);
	return rc;
}
