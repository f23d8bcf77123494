/* SPDX-License-Identifier: GPL-3.0-or-later */
/* words.c: the default word lists, word-list files and the matcher (folding, word
 * boundaries, compounds, taken spans). */
#include "config.h"

#include <sys/stat.h>
#include <unistd.h>

#include "afterview/detect.h"
#include "afterview/text.h"
#include "afterview/util.h"
#include "afterview/words.h"
#include "harness.h"
#include "invites.h"

static char tmpdir[] = "/tmp/av-test-words.XXXXXX";
static struct av_wordlists *words;

static void
test_thanks_words(void)
{
	test_begin("thanks words for match.c, through av_words_find");
	test_assert(av_words_find("Thank you for your time today", words->thanks) != NULL);
	test_assert(av_words_find("THANKS again!", words->thanks) != NULL);
	test_assert(av_words_find("Vielen Dank für das Gespräch", words->thanks) != NULL);
	test_assert(av_words_find("Dankeschön", words->thanks) != NULL);
	test_assert(av_words_find("Merci pour l'entretien", words->thanks) != NULL);
	test_assert(av_words_find("¡Muchas gracias!", words->thanks) != NULL);
	test_assert(av_words_find("Grazie mille", words->thanks) != NULL);
	test_assert(av_words_find("Bedankt voor het gesprek", words->thanks) != NULL);
	test_assert(av_words_find("Muito obrigada", words->thanks) != NULL);
	test_assert(av_words_find("Tack för idag", words->thanks) != NULL);
	test_assert(av_words_find("DZIĘKUJĘ za rozmowę", words->thanks) != NULL);
	test_assert(av_words_find("I appreciate your time", words->thanks) != NULL);
	test_assert(av_words_find("Confirming Tuesday works", words->thanks) == NULL);
	test_assert(av_words_find("Accepted: Phone screen", words->thanks) == NULL);
	test_assert(av_words_find("Thanksgiving plans", words->thanks) == NULL);
	test_assert(av_words_find(NULL, words->thanks) == NULL);
	test_end();
}

/* ---- the matcher ------------------------------------------------------------------------ */

static void
test_find(void)
{
	static char e_panel[] = "panel", e_compound[] = "vorstellungsgespräch*", e_cjk[] = "*面接*",
		    e_phone[] = "phone screen", e_apos[] = "entretien d'embauche",
		    e_hyphen[] = "on-site";
	char *const list[] = {e_panel, e_compound, e_cjk, e_phone, e_apos, e_hyphen, NULL};
	char *const empty[] = {NULL};

	test_begin("av_words_find: boundaries, compounds, white space, apostrophes, hyphens");
	test_assert_str(av_words_find("Panel with Acme", list), "panel");
	test_assert(av_words_find("Panelling quote", list) == NULL);
	test_assert(av_words_find("Solarpanel", list) == NULL);
	test_assert_str(av_words_find("Vorstellungsgesprächstermin", list),
			"vorstellungsgespräch*");
	/* '*' only on the side it stands: no run-on at the start */
	test_assert(av_words_find("Zweitvorstellungsgespräch", list) == NULL);
	test_assert_str(av_words_find("一次面接です", list), "*面接*");
	test_assert_str(av_words_find("PHONE\r\n\tscreen", list), "phone screen");
	test_assert_str(av_words_find("phone\xc2\xa0screen", list), "phone screen");
	test_assert(av_words_find("phonescreen", list) == NULL);
	test_assert_str(av_words_find("Entretien d\xe2\x80\x99"
				      "embauche",
				      list),
			"entretien d'embauche");
	test_assert_str(av_words_find("On\xe2\x80\x91site", list), "on-site");
	test_assert(av_words_find("On site", list) == NULL);
	/* invalid input: nothing found, nothing read past the end */
	test_assert(av_words_find(NULL, list) == NULL);
	test_assert(av_words_find("panel", NULL) == NULL);
	test_assert(av_words_find("panel", empty) == NULL);
	test_assert(av_words_find("", list) == NULL);
	test_assert(av_words_find("bad \xff\xfe panel", list) != NULL);
	test_end();
}

static void
test_compile_and_spans(void)
{
	static const char *const list[] = {
		"interview", "technical interview", "*面接*", "*", "screen", NULL};
	const char text[] = "technical interview, then interview";
	struct av_words_pat *pats, one;
	struct av_words_span taken[2], s;
	size_t n = 99;

	test_begin("av_words_compile longest first; av_words_pat_find skips taken spans");
	pats = av_words_compile(list, &n);
	test_assert_int(n, 5);
	test_assert_str(pats[0].entry, "technical interview");
	test_assert_str(pats[1].entry, "interview");
	test_assert(pats[1].core_len == 9 && !pats[1].lead && !pats[1].trail);
	test_assert(pats[1].word_start && pats[1].word_end);
	test_assert_str(pats[4].entry, "*"); /* nothing left but the '*' */
	test_assert_int(pats[4].core_len, 0);
	test_assert(!av_words_pat_find(&pats[4], text, strlen(text), NULL, 0, &s));
	test_assert(av_words_pat_find(&pats[0], text, strlen(text), NULL, 0, &taken[0]));
	test_assert_int(taken[0].start, 0);
	test_assert_int(taken[0].end, 19);
	/* "interview" inside the taken span is passed over for the later one */
	test_assert(av_words_pat_find(&pats[1], text, strlen(text), taken, 1, &taken[1]));
	test_assert_int(taken[1].start, 26);
	test_assert_int(taken[1].end, 35);
	test_assert(!av_words_pat_find(&pats[1], text, strlen(text), taken, 2, &s));
	free(pats);

	/* a compound is taken whole */
	av_words_pat_init(&one, "*面接*");
	test_assert(one.lead && one.trail);
	test_assert(av_words_pat_find(&one, "一次面接です", strlen("一次面接です"), NULL, 0, &s));
	test_assert_int(s.start, 0);
	test_assert_int(s.end, strlen("一次面接です"));

	/* no list, an empty list */
	pats = av_words_compile(NULL, &n);
	test_assert(pats != NULL);
	test_assert_int(n, 0);
	free(pats);
	test_end();
}

/* The lists compiled once by av_words_load are av_words_compile's, and the byte-pair
 * filter never rules out an entry that av_words_pat_find finds. */
static void
test_pairs(void)
{
	static const char *const texts[] = {
		"phone screen with acme",
		"virtual on\xe2\x80\x91site   interview loop",
		"mock\xc2\xa0interview \xe2\x80\x93 career coach",
		"entretien d\xe2\x80\x99"
		"embauche",
		"vorstellungsgespr\xc3\xa4"
		"chstermin",
		"\xe4\xb8\x80\xe6\xac\xa1\xe9\x9d\xa2\xe6\x8e\xa5\xe3\x81\xa7\xe3\x81\x99",
		"monthly newsletter: interview tips",
		"",
		"x",
		NULL};
	struct av_words_pairs pairs;
	struct av_words_pat *pats, one;
	size_t n, ruled_out = 0, found = 0;
	bool sound = true, same = true;

	test_begin("compiled lists; the byte-pair filter rules out only entries not there");
	pats = av_words_compile((const char *const *)words->interview, &n);
	same = n == words->n_interview_pats &&
	       memcmp(pats, words->interview_pats, n * sizeof(*pats)) == 0;
	free(pats);
	pats = av_words_compile((const char *const *)words->negative, &n);
	same = same && n == words->n_negative_pats &&
	       memcmp(pats, words->negative_pats, n * sizeof(*pats)) == 0;
	free(pats);
	test_assert(same);
	for (size_t t = 0; texts[t] != NULL; t++) {
		char *f = av_text_fold(texts[t], strlen(texts[t]));
		size_t len = strlen(f);

		av_words_pairs_init(&pairs, f, len);
		for (int l = 0; l < 2; l++) {
			const struct av_words_pat *p =
				l ? words->negative_pats : words->interview_pats;
			size_t np = l ? words->n_negative_pats : words->n_interview_pats;

			for (size_t i = 0; i < np; i++) {
				struct av_words_span sp;
				bool may = av_words_pat_may_occur(&p[i], &pairs);
				bool hit = av_words_pat_find(&p[i], f, len, NULL, 0, &sp);

				ruled_out += !may;
				found += hit;
				if (hit && !may)
					sound = false;
			}
		}
		free(f);
	}
	test_assert(sound);
	test_assert(found >= 8);
	test_assert(ruled_out > 1000);
	/* space, apostrophe and hyphen match more than themselves: never ruled out by them */
	av_words_pat_init(&one, "on-site");
	av_words_pairs_init(&pairs, "on\xe2\x80\x91site", 9);
	test_assert(av_words_pat_may_occur(&one, &pairs));
	av_words_pairs_init(&pairs, "onsite", 6);
	test_assert(av_words_pat_may_occur(&one, &pairs)); /* "on", "si", "it", "te" are there */
	av_words_pairs_init(&pairs, "on site", 7);
	test_assert(av_words_pat_may_occur(&one, &pairs));
	av_words_pairs_init(&pairs, "no site", 7);
	test_assert(!av_words_pat_may_occur(&one, &pairs)); /* no "on" */
	av_words_pat_init(&one, "x");
	av_words_pairs_init(&pairs, "", 0);
	test_assert(av_words_pat_may_occur(&one, &pairs)); /* one byte: not ruled out */
	test_end();
}

static void
test_find_folded(void)
{
	static const char *const list[] = {"calendar", "no reply", NULL};

	test_begin("av_words_find_folded and av_words_word_before");
	test_assert_str(av_words_find_folded("acme calendar", 13, list), "calendar");
	/* only tlen bytes are read */
	test_assert(av_words_find_folded("acme calendar", 8, list) == NULL);
	test_assert_str(av_words_find_folded("do not\xc2\xa0no  reply", 17, list), "no reply");
	test_assert(av_words_find_folded("Calendar", 8, list) == NULL); /* not folded */
	test_assert(av_words_find_folded("calendar", 8, NULL) == NULL);

	test_assert(!av_words_word_before("ab", 0));
	test_assert(av_words_word_before("a b", 1));
	test_assert(!av_words_word_before("a b", 2));
	test_assert(av_words_word_before("é", 2));
	test_assert(!av_words_word_before("é", 1));		/* half a character */
	test_assert(!av_words_word_before("a\xe2\x80\x99", 4)); /* ’ is no letter */
	test_end();
}

static void
test_domain_mentioned(void)
{
	test_begin("av_words_domain_mentioned: a domain's labels as words in the text");
	test_assert(av_words_domain_mentioned("acme.example", "acme \xe2\x80\x93 phone screen"));
	test_assert(av_words_domain_mentioned("jobs.brightpath.example", "brightpath learning"));
	test_assert(av_words_domain_mentioned("ACME.example", "interview at acme"));
	/* the top-level label, generic and short labels do not count */
	test_assert(!av_words_domain_mentioned("acme.example", "an example"));
	test_assert(!av_words_domain_mentioned("careers.example", "careers fair"));
	test_assert(!av_words_domain_mentioned("ab.example", "ab testing"));
	/* on word boundaries */
	test_assert(!av_words_domain_mentioned("acme.example", "acmecorp"));
	/* invalid input */
	test_assert(!av_words_domain_mentioned("acme.example", NULL));
	test_assert(!av_words_domain_mentioned(NULL, "acme"));
	test_assert(!av_words_domain_mentioned("acme", "acme"));
	test_assert(!av_words_domain_mentioned("", "acme"));
	test_end();
}

static void
test_key_in(void)
{
	static const char *const keys[] = {"geschaftsfuhrer", "manager", "dr.", NULL};
	static const char *const none[] = {NULL};
	char long_word[80];

	test_begin("av_words_key_in: name keys, accents dropped");
	test_assert(av_words_key_in("Geschäftsführer", strlen("Geschäftsführer"), keys));
	test_assert(av_words_key_in("MANAGER", 7, keys));
	test_assert(av_words_key_in("Dr.", 3, keys));
	test_assert(av_words_key_in("Managers", 7, keys)); /* only len bytes */
	test_assert(!av_words_key_in("Managers", 8, keys));
	test_assert(!av_words_key_in("Manager", 7, none));
	memset(long_word, 'm', sizeof(long_word) - 1);
	long_word[sizeof(long_word) - 1] = '\0';
	test_assert(!av_words_key_in(long_word, strlen(long_word), keys));
	test_end();
}

/* ---- word-list files ------------------------------------------------------------------ */

static char *
write_file(const char *name, const char *text, size_t len)
{
	return test_write_file(tmpdir, name, text, len);
}

static void
test_wordlist_files(void)
{
	static const char good[] = "# my interview words\n"
				   "\n"
				   "  Phone   Screen  \n"
				   "Vorstellungsgespräch*\n"
				   "\tkaffeeklatsch\r\n"
				   "phone screen\n" /* duplicate */
				   "*面接*";
	static const char neg[] = "# nothing but a comment\n";
	char *gpath = write_file("interview.words", good, sizeof(good) - 1);
	char *npath = write_file("negative.words", neg, sizeof(neg) - 1);
	struct av_wordlists *l = NULL;
	char *err = NULL;

	test_begin("word-list files replace the defaults");
	test_assert_int(av_words_load(gpath, npath, NULL, &l, &err), AV_OK);
	test_assert(err == NULL);
	if (l != NULL) {
		test_assert_str(l->interview[0], "phone screen");
		test_assert_str(l->interview[1], "vorstellungsgespräch*");
		test_assert_str(l->interview[2], "kaffeeklatsch");
		test_assert_str(l->interview[3], "*面接*");
		test_assert(l->interview[4] == NULL);
		test_assert(l->negative[0] == NULL);
		test_assert(l->thanks[0] != NULL);	       /* defaults */
		test_assert(l->recruiting_domains[0] != NULL); /* defaults, no file key */
		{
			struct av_invite *inv = invite("Kaffeeklatsch", NULL, NULL);
			struct av_detection d;

			av_detect_score(inv, NULL, l, &d);
			test_assert_int(d.score, 5); /* +4 in the summary, +1 the slot */
			av_detection_clear(&d);
			invite_free(inv);
		}
	}
	av_words_free(&l);
	test_assert(l == NULL);
	av_words_free(&l);
	free(gpath);
	free(npath);
	test_end();
}

static void
test_wordlist_errors(void)
{
	char long_line[260];
	struct av_buf text;
	char *bad, *bad2, *missing, *err = NULL, *want;
	struct av_wordlists *l = (struct av_wordlists *)&l; /* must be reset */

	test_begin("word-list errors: all of them, as file:line, one pass");
	memset(long_line, 'x', 201);
	long_line[201] = '\0';
	av_buf_init(&text);
	av_buf_puts(&text, "interview\n");	 /* 1 */
	av_buf_printf(&text, "%s\n", long_line); /* 2 */
	av_buf_puts(&text, "bell\a here\n");	 /* 3 */
	av_buf_puts(&text, "bad \xff utf-8\n");	 /* 4 */
	av_buf_puts(&text, "mid*dle\n");	 /* 5 */
	av_buf_puts(&text, "*\n");		 /* 6 */
	av_buf_puts(&text, "# fine comment\n");	 /* 7 */
	av_buf_append(&text, "nul\0byte\n", 9);	 /* 8 */
	av_buf_puts(&text, "onsite\n");		 /* 9 */
	memset(long_line, 'y', 200);		 /* exactly 200: fine */
	long_line[200] = '\0';
	av_buf_printf(&text, "%s\r\n", long_line); /* 10 */
	bad = write_file("bad.words", text.data, text.len);
	av_buf_clear(&text);
	bad2 = write_file("bad2.words", "ok\n\x1b[31m\n", 10);
	missing = av_asprintf("%s/missing.words", tmpdir);
	test_assert_int(av_words_load(bad, missing, bad2, &l, &err), AV_ERR_CONFIG);
	test_assert(l == NULL);
	test_assert(err != NULL);
	if (err != NULL) {
		const int lines[] = {2, 3, 4, 5, 6, 8};

		for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
			want = av_asprintf("%s:%d: ", bad, lines[i]);
			if (!test_assert(strstr(err, want) != NULL))
				printf("    missing %s in:\n%s\n", want, err);
			free(want);
		}
		for (int line = 1; line <= 10; line++) {
			if (line == 2 || line == 3 || line == 4 || line == 5 || line == 6 ||
			    line == 8)
				continue;
			want = av_asprintf("%s:%d: ", bad, line);
			test_assert(strstr(err, want) == NULL);
			free(want);
		}
		want = av_asprintf("%s:2: line longer than 200 bytes", bad);
		test_assert(strstr(err, want) != NULL);
		free(want);
		want = av_asprintf("%s:3: control character 0x07", bad);
		test_assert(strstr(err, want) != NULL);
		free(want);
		want = av_asprintf("%s:8: control character 0x00", bad);
		test_assert(strstr(err, want) != NULL);
		free(want);
		want = av_asprintf("%s:2: control character 0x1b", bad2);
		test_assert(strstr(err, want) != NULL);
		free(want);
		want = av_asprintf("%s: cannot open: ", missing);
		test_assert(strstr(err, want) != NULL);
		free(want);
		test_assert(err[strlen(err) - 1] != '\n');
	}
	free(err);
	free(bad);
	free(bad2);
	free(missing);
	test_end();
}

static void
test_wordlist_limits(void)
{
	struct av_buf text;
	char *many, *empty, *bad, *want, *err = NULL;
	struct av_wordlists *l = NULL;

	test_begin("word-list files: empty, too many entries, no error_r");
	empty = write_file("empty.words", "", 0);
	test_assert_int(av_words_load(empty, empty, empty, &l, &err), AV_OK);
	test_assert(err == NULL);
	if (l != NULL) {
		test_assert(l->interview[0] == NULL);
		test_assert(l->negative[0] == NULL);
		test_assert(l->thanks[0] == NULL);
		test_assert(l->recruiting_domains[0] != NULL);
		test_assert(av_words_find("interview", l->interview) == NULL);
	}
	av_words_free(&l);

	av_buf_init(&text);
	for (int i = 0; i <= 5000; i++)
		av_buf_printf(&text, "word%d\n", i);
	many = write_file("many.words", text.data, text.len);
	av_buf_clear(&text);
	test_assert_int(av_words_load(NULL, many, NULL, &l, &err), AV_ERR_CONFIG);
	test_assert(l == NULL);
	want = av_asprintf("%s:5001: more than 5000 entries", many);
	test_assert_str(err, want);
	free(want);
	free(err);

	/* without error_r the error is still reported, and nothing leaks */
	bad = write_file("bad3.words", "ok\nmid*dle\n", 11);
	l = (struct av_wordlists *)&l;
	test_assert_int(av_words_load(bad, NULL, NULL, &l, NULL), AV_ERR_CONFIG);
	test_assert(l == NULL);
	av_words_free(NULL);
	free(many);
	free(empty);
	free(bad);
	test_end();
}

static void
cleanup_tmpdir(void)
{
	static const char *const names[] = {
		"interview.words", "negative.words", "bad.words",  "bad2.words",
		"empty.words",	   "many.words",     "bad3.words", NULL};

	for (size_t i = 0; names[i] != NULL; i++) {
		char *p = av_asprintf("%s/%s", tmpdir, names[i]);

		unlink(p);
		free(p);
	}
	rmdir(tmpdir);
}

static void
test_wordlist_fifo(void)
{
	char *fifo = av_asprintf("%s/fifo.txt", tmpdir);
	char *want = av_asprintf("%s: cannot open: a FIFO (named pipe), not a regular file", fifo);
	struct av_wordlists *l = NULL;
	char *err = NULL;
	time_t t0 = time(NULL);

	test_begin("word-list files: a FIFO is refused at once, not waited on");
	test_assert(mkfifo(fifo, 0600) == 0);
	test_assert_int(av_words_load(fifo, NULL, NULL, &l, &err), AV_ERR_CONFIG);
	test_assert(l == NULL);
	test_assert(err != NULL && strstr(err, want) != NULL);
	test_assert(time(NULL) - t0 <= 1);
	free(err);
	free(want);
	free(fifo);
	test_end();
}

int
main(void)
{
	char *err = NULL;

	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 2;
	}
	if (av_words_load(NULL, NULL, NULL, &words, &err) != AV_OK) {
		printf("default word lists: %s\n", err);
		return 1;
	}
	test_thanks_words();
	test_find();
	test_compile_and_spans();
	test_pairs();
	test_find_folded();
	test_domain_mentioned();
	test_key_in();
	test_wordlist_files();
	test_wordlist_errors();
	test_wordlist_limits();
	alarm(30); /* a hang fails the test instead of blocking the suite */
	test_wordlist_fifo();
	av_words_free(&words);
	cleanup_tmpdir();
	return test_exit();
}
