/* SPDX-License-Identifier: GPL-3.0-or-later */
/* afterview — the word lists and the matcher (words.h has the matching rules). */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "afterview/log.h"
#include "afterview/text.h"
#include "afterview/words.h"

#define MAX_WORDFILE_LINE    200  /* bytes per word-list line, newline excluded */
#define MAX_WORDFILE_ENTRIES 5000 /* entries per word-list file */

/* ---- default word lists ------------------------------------------------------------ */

/* Interview words. Bare "loop" is left out on purpose (Microsoft Loop, "keep me in the
 * loop"); "interview loop" and friends are in. "entretien" is in because the design asks
 * for it, with the French maintenance and appraisal meanings as negative cues. */
static const char *const default_interview[] = {
	/* English */
	"interview", "interviews", "job interview", "phone interview", "phone screen",
	"phone screening", "video interview", "virtual interview", "zoom interview", "screening",
	"screening call", "screening interview", "screen call", "recruiter screen",
	"recruiter call", "recruiter interview", "technical screen", "tech screen",
	"technical phone screen", "technical interview", "technical round", "coding interview",
	"coding round", "live coding", "pair programming interview", "system design",
	"system design interview", "behavioral interview", "behavioural interview", "onsite",
	"on-site", "onsite interview", "on-site interview", "virtual onsite", "virtual on-site",
	"interview loop", "onsite loop", "virtual loop", "panel", "panel interview",
	"hiring manager", "hiring manager interview", "hiring manager call", "final round",
	"final interview", "first round", "second round", "third round", "culture fit",
	"culture add", "values interview", "take-home review", "take home review", "case interview",
	"superday", "bar raiser",
	/* German */
	"vorstellungsgespräch*", "bewerbungsgespräch*", "kennenlerngespräch*", "telefoninterview*",
	"videointerview*", "jobinterview*", "auswahlgespräch*", "einstellungsgespräch*",
	"vorstellungstermin*",
	/* French */
	"entretien", "entretiens", "entretien d'embauche", "entretien de recrutement",
	"entretien téléphonique", "entretien technique", "entrevue", "entrevue d'embauche",
	/* Spanish, Portuguese */
	"entrevista", "entrevistas", "entrevista de trabajo", "entrevista técnica",
	"entrevista telefónica", "entrevista de emprego",
	/* Italian */
	"colloquio", "colloquio di lavoro", "colloquio conoscitivo", "colloquio tecnico",
	"colloquio telefonico", "colloquio di selezione",
	/* Dutch */
	"sollicitatiegesprek*", "kennismakingsgesprek*",
	/* Swedish, Norwegian, Danish, Finnish */
	"intervju*", "jobbintervju*", "anställningsintervju*", "jobsamtale*", "ansættelsessamtale*",
	"jobintervju*", "työhaastattelu*", "haastattelu*",
	/* Polish, Czech, Slovak, Romanian, Hungarian, Turkish */
	"rozmowa kwalifikacyjna", "rozmowy kwalifikacyjnej", "rozmowę kwalifikacyjną",
	"rozmowa rekrutacyjna", "rozmowy rekrutacyjnej", "rozmowa o pracę", "pohovor*",
	"přijímací pohovor", "interviu", "állásinterjú*", "mülakat", "iş görüşmesi",
	/* Russian, Ukrainian */
	"собеседование*", "співбесіда*",
	/* Japanese, Chinese, Korean: no spaces between words, so compounds on both sides */
	"*面接*", "*面试*", "*面試*", "*면접*", NULL};

/* Negative cues: events that look like interviews but are not one the person owes a
 * thank-you for as a candidate. "informational interview" is one: it is worth thanking
 * for, but the drafts ("why I fit the role", "looking forward to hearing back") would be
 * wrong for it; `afterview mark ID interview` is there when the person wants one.
 * Bare "course" and "conference" are left out: "of course", "video conference". */
static const char *const default_negative[] = {
	/* English */
	"mock interview", "mock interviews", "mock interviewing", "practice interview",
	"practice interviews", "interview practice", "interviewing skills", "interview workshop",
	"interview prep", "interview preparation", "interview coaching", "interview coach",
	"interview training", "interviewer training", "interview skills", "interview tips",
	"interviewing tips", "how to ace", "ace your interview", "ace the interview", "webinar",
	"webinars", "podcast", "newsletter", "workshop", "masterclass", "master class",
	"online course", "crash course", "bootcamp", "survey", "feedback survey",
	"candidate survey", "candidate experience survey", "career coach", "career coaching",
	"coaching session", "informational interview", "informational interviews", "info interview",
	"exit interview", "stay interview", "user interview", "user interviews",
	"customer interview", "research interview", "user research", "press interview",
	"media interview", "job fair", "career fair", "info session", "information session",
	"networking event", "meetup", "panel discussion", "interview debrief", "health screening",
	"medical screening", "film screening", "movie screening", "solar panel",
	/* German */
	"probeinterview*", "bewerbungstraining*", "interviewtraining*", "bewerbungscoaching*",
	"mitarbeitergespräch*", "jahresgespräch*", "austrittsgespräch*", "karrieremesse*",
	"jobmesse*", "umfrage*",
	/* French */
	"entretien annuel", "entretien professionnel", "entretien individuel", "entretien blanc",
	"simulation d'entretien", "préparation à l'entretien", "entretien de la chaudière",
	"entretien chaudière", "entretien du véhicule", "salon de l'emploi", "sondage", "enquête",
	/* Spanish, Portuguese, Italian */
	"simulacro de entrevista", "entrevista de salida", "preparación de entrevista", "encuesta",
	"seminario web", "simulazione di colloquio", "colloquio con i docenti",
	"colloqui con i docenti", "sondaggio", "pesquisa de satisfação",
	/* Dutch, Scandinavian, Polish */
	"proefsollicitatie*", "sollicitatietraining*", "functioneringsgesprek*",
	"beoordelingsgesprek*", "utvecklingssamtal*", "medarbetarsamtal*", "övningsintervju*",
	"próbna rozmowa", "ankieta", NULL};

/* Recruiting systems (applicant tracking, interview scheduling, assessment): matched as
 * domain suffixes on label boundaries, so "greenhouse.io" covers "app.greenhouse.io". */
static const char *const default_recruiting_domains[] = {
	/* applicant tracking systems */
	"greenhouse.io", "greenhouse-mail.io", "lever.co", "ashbyhq.com", "myworkdayjobs.com",
	"myworkday.com", "myworkdaysite.com", "smartrecruiters.com", "icims.com", "jobvite.com",
	"workable.com", "workablemail.com", "teamtailor.com", "teamtailor-mail.com",
	"recruitee.com", "personio.de", "personio.com", "bamboohr.com", "successfactors.com",
	"successfactors.eu", "sapsf.com", "sapsf.eu", "taleo.net", "breezy.hr", "jazzhr.com",
	"applytojob.com", "recruiterbox.com", "avature.net", "beamery.com", "rippling-ats.com",
	"join.com", "softgarden.io", "softgarden.de", "d.vinci.de", "dvinci.de", "onlyfy.io",
	"welcometothejungle.com",
	/* interview scheduling and sourcing */
	"goodtime.io", "gem.com", "modernloop.io", "prelude.co", "paradox.ai",
	/* assessments and interview services */
	"hirevue.com", "codility.com", "hackerrank.com", "codesignal.com", "coderpad.io",
	"karat.io", "karat.com", "brighthire.ai", NULL};

/* Thanks words for match.c ("was a thank-you sent?"). */
static const char *const default_thanks[] = {
	"thank you", "thanks", "thank-you", "thankyou", "thx", "appreciate", "appreciated",
	"grateful", "gratitude",
	/* German */
	"danke*", "vielen dank", "herzlichen dank", "besten dank", "dank für",
	/* French */
	"merci", "je vous remercie", "remercie", "remerciements",
	/* Spanish, Portuguese, Italian */
	"gracias", "agradezco", "agradecido", "agradecida", "obrigado", "obrigada", "agradeço",
	"grazie", "ringrazio",
	/* Dutch */
	"bedankt", "dank je", "dank u", "dankjewel", "dank je wel", "dank u wel",
	/* Scandinavian, Finnish */
	"tack", "tusen tack", "takk", "tusen takk", "tak", "tusind tak", "kiitos",
	/* Polish, Czech, Turkish, Russian, Japanese */
	"dziękuję", "dziekuje", "dzięki", "děkuji", "teşekkür*", "спасибо", "благодарю",
	"ありがとう*", NULL};

/* ---- word boundaries ------------------------------------------------------------- */

bool
av_words_word_before(const char *t, size_t pos)
{
	size_t j;
	uint32_t c;

	if (pos == 0)
		return false;
	j = pos - 1;
	while (j > 0 && pos - j < 4 && ((unsigned char)t[j] & 0xc0) == 0x80)
		j--;
	if (av_utf8_decode(t + j, pos - j, &c) != pos - j)
		return false;
	return av_text_is_word(c);
}

static bool
word_at(const char *t, size_t tlen, size_t pos)
{
	uint32_t c;

	if (pos >= tlen || av_utf8_decode(t + pos, tlen - pos, &c) == 0)
		return false;
	return av_text_is_word(c);
}

/* White space (av_text_space_at), ' and - in an entry match these in the text (lengths in
 * bytes, 0: no). */
static size_t
apostrophe_unit(const char *t, size_t tlen, size_t i)
{
	if (i >= tlen)
		return 0;
	if (t[i] == '\'')
		return 1;
	if (i + 2 < tlen &&
	    (memcmp(t + i, "\xe2\x80\x99", 3) == 0 || memcmp(t + i, "\xe2\x80\x98", 3) == 0))
		return 3;
	return 0;
}

static size_t
hyphen_unit(const char *t, size_t tlen, size_t i)
{
	if (i >= tlen)
		return 0;
	if (t[i] == '-')
		return 1;
	if (i + 2 < tlen &&
	    (memcmp(t + i, "\xe2\x80\x90", 3) == 0 || memcmp(t + i, "\xe2\x80\x91", 3) == 0))
		return 3;
	return 0;
}

/* ---- patterns ------------------------------------------------------------------------ */

void
av_words_pat_init(struct av_words_pat *p, const char *entry)
{
	size_t len = strlen(entry);
	uint32_t c;

	p->entry = entry;
	p->lead = len > 0 && entry[0] == '*';
	p->trail = len > (p->lead ? 1u : 0u) && entry[len - 1] == '*';
	p->core = entry + (p->lead ? 1 : 0);
	p->core_len = len - (p->lead ? 1 : 0) - (p->trail ? 1 : 0);
	p->word_start = p->core_len > 0 && av_utf8_decode(p->core, p->core_len, &c) > 0 &&
			av_text_is_word(c);
	p->word_end = p->core_len > 0 && av_words_word_before(p->core, p->core_len);
}

static int
pat_cmp_longest(const void *a, const void *b)
{
	const struct av_words_pat *x = a, *y = b;

	if (x->core_len != y->core_len)
		return x->core_len > y->core_len ? -1 : 1;
	return x->entry < y->entry ? -1 : x->entry > y->entry;
}

/* qsort is not stable: the entries' addresses break ties so the order is total. */
struct av_words_pat *
av_words_compile(const char *const *words, size_t *n_r)
{
	size_t n = 0;
	struct av_words_pat *p;

	for (; words != NULL && words[n] != NULL; n++)
		;
	p = av_calloc(n ? n : 1, sizeof(*p));
	for (size_t i = 0; i < n; i++)
		av_words_pat_init(&p[i], words[i]);
	qsort(p, n, sizeof(*p), pat_cmp_longest);
	*n_r = n;
	return p;
}

/* Match core at t[pos]: the end offset, or 0. */
static size_t
match_core(const char *t, size_t tlen, size_t pos, const char *p, size_t plen)
{
	size_t i = pos;

	for (size_t k = 0; k < plen; k++) {
		size_t n;

		switch (p[k]) {
		case ' ':
			n = av_text_space_at(t, tlen, i);
			if (n == 0)
				return 0;
			while (n > 0) {
				i += n;
				n = av_text_space_at(t, tlen, i);
			}
			break;
		case '\'':
			n = apostrophe_unit(t, tlen, i);
			if (n == 0)
				return 0;
			i += n;
			break;
		case '-':
			n = hyphen_unit(t, tlen, i);
			if (n == 0)
				return 0;
			i += n;
			break;
		default:
			if (i >= tlen || t[i] != p[k])
				return 0;
			i++;
		}
	}
	return i;
}

static bool
overlaps(const struct av_words_span *taken, size_t n, size_t start, size_t end)
{
	for (size_t i = 0; i < n; i++)
		if (start < taken[i].end && taken[i].start < end)
			return true;
	return false;
}

bool
av_words_pat_find(const struct av_words_pat *p, const char *t, size_t tlen,
		  const struct av_words_span *taken, size_t n_taken, struct av_words_span *span_r)
{
	char first;
	bool flexible;

	if (p->core_len == 0)
		return false;
	first = p->core[0];
	flexible = first == ' ' || first == '\'' || first == '-';
	for (size_t pos = 0; pos < tlen; pos++) {
		size_t end, start;

		if (!flexible) {
			const char *hit = memchr(t + pos, first, tlen - pos);

			if (hit == NULL)
				return false;
			pos = (size_t)(hit - t);
		}
		end = match_core(t, tlen, pos, p->core, p->core_len);
		if (end == 0)
			continue;
		if (!p->lead && p->word_start && av_words_word_before(t, pos))
			continue;
		if (!p->trail && p->word_end && word_at(t, tlen, end))
			continue;
		start = pos;
		/* a compound counts as one word, so "*面接*" takes its whole run */
		while (p->lead && start > 0 && av_words_word_before(t, start)) {
			start--;
			while (start > 0 && ((unsigned char)t[start] & 0xc0) == 0x80)
				start--;
		}
		while (p->trail && word_at(t, tlen, end)) {
			end++;
			while (end < tlen && ((unsigned char)t[end] & 0xc0) == 0x80)
				end++;
		}
		if (overlaps(taken, n_taken, start, end)) {
			/* every later start inside a compound extends to the same run */
			if (p->lead || p->trail)
				pos = end - 1;
			continue;
		}
		span_r->start = start;
		span_r->end = end;
		return true;
	}
	return false;
}

void
av_words_pairs_init(struct av_words_pairs *pp, const char *t, size_t tlen)
{
	memset(pp->bits, 0, sizeof(pp->bits));
	for (size_t i = 0; i + 1 < tlen; i++) {
		unsigned pair = (unsigned)(unsigned char)t[i] << 8 | (unsigned char)t[i + 1];

		pp->bits[pair / 64] |= (uint64_t)1 << (pair % 64);
	}
}

/* match_core's rule: these three match more than the byte itself */
static bool
flexible_byte(char c)
{
	return c == ' ' || c == '\'' || c == '-';
}

bool
av_words_pat_may_occur(const struct av_words_pat *p, const struct av_words_pairs *pp)
{
	for (size_t k = 0; k + 1 < p->core_len; k++) {
		unsigned pair =
			(unsigned)(unsigned char)p->core[k] << 8 | (unsigned char)p->core[k + 1];

		if (flexible_byte(p->core[k]) || flexible_byte(p->core[k + 1]))
			continue;
		if (((pp->bits[pair / 64] >> (pair % 64)) & 1) == 0)
			return false;
	}
	return true;
}

const char *
av_words_find_folded(const char *t, size_t tlen, const char *const *words)
{
	for (size_t i = 0; words != NULL && words[i] != NULL; i++) {
		struct av_words_pat p;
		struct av_words_span s;

		av_words_pat_init(&p, words[i]);
		if (av_words_pat_find(&p, t, tlen, NULL, 0, &s))
			return words[i];
	}
	return NULL;
}

const char *
av_words_find(const char *text, char *const *words)
{
	char *t;
	const char *hit;

	if (text == NULL || words == NULL)
		return NULL;
	t = av_text_fold(text, strlen(text));
	hit = av_words_find_folded(t, strlen(t), (const char *const *)words);
	free(t);
	return hit;
}

/* ---- string vectors ------------------------------------------------------------------ */

static bool
strv_contains(char *const *v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i], s) == 0)
			return true;
	return false;
}

static char **
copy_defaults(const char *const *words)
{
	struct av_strv sv = {0};

	for (size_t i = 0; words[i] != NULL; i++)
		av_strv_push(&sv, av_text_fold(words[i], strlen(words[i])));
	return av_strv_finish(&sv);
}

/* ---- word-list files ------------------------------------------------------------------ */

/* Turn one line into an entry: trimmed, white space collapsed, folded. Returns NULL for a
 * blank or comment line; sets *problem for a bad one. */
static char *
parse_word_line(const char *line, size_t len, const char **problem, unsigned *bad_byte)
{
	struct av_buf b;
	size_t i = 0;
	char *entry, *folded;

	*problem = NULL;
	while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		len--;
	if (len > MAX_WORDFILE_LINE) {
		*problem = "line longer than 200 bytes";
		return NULL;
	}
	for (size_t k = 0; k < len; k++) {
		unsigned char c = (unsigned char)line[k];

		if ((c < 0x20 && c != '\t') || c == 0x7f) {
			*problem = "control character";
			*bad_byte = c;
			return NULL;
		}
	}
	for (size_t k = 0; k < len;) {
		uint32_t c;
		size_t n = av_utf8_decode(line + k, len - k, &c);

		if (n == 0) {
			*problem = "not valid UTF-8";
			return NULL;
		}
		k += n;
	}
	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	if (i == len || line[i] == '#')
		return NULL;
	av_buf_init(&b);
	while (i < len) {
		if (line[i] == ' ' || line[i] == '\t') {
			while (i < len && (line[i] == ' ' || line[i] == '\t'))
				i++;
			if (i < len)
				av_buf_append(&b, " ", 1);
			continue;
		}
		av_buf_append(&b, line + i, 1);
		i++;
	}
	entry = av_buf_steal(&b);
	len = strlen(entry);
	for (size_t k = 0; k < len; k++) {
		if (entry[k] == '*' && k != 0 && k != len - 1) {
			*problem = "'*' is allowed only at the start or end of an entry";
			free(entry);
			return NULL;
		}
	}
	if (strspn(entry, "* ") == len) {
		*problem = "an entry needs more than '*'";
		free(entry);
		return NULL;
	}
	folded = av_text_fold(entry, len);
	free(entry);
	return folded;
}

/* Read one word-list file; errors are appended to errors as "file:line: message\n". */
static char **
load_word_file(const char *path, struct av_buf *errors)
{
	struct av_strv sv = {0};
	char *line = NULL;
	size_t cap = 0;
	ssize_t got;
	unsigned lineno = 0;
	FILE *f = NULL;
	int fd, e;

	/* never block: a FIFO in a list's place would hang every run */
	if ((e = av_open_regular(path, false, &fd)) != 0 || (f = fdopen(fd, "r")) == NULL) {
		av_buf_printf(errors, "%s: cannot open: %s\n", path,
			      av_open_strerror(e != 0 ? e : errno));
		if (e == 0)
			close(fd);
		return av_strv_finish(&sv);
	}
	while ((got = getline(&line, &cap, f)) >= 0) {
		const char *problem;
		unsigned bad_byte = 0x100;
		bool have_byte;
		char *entry;

		lineno++;
		entry = parse_word_line(line, (size_t)got, &problem, &bad_byte);
		have_byte = bad_byte < 0x100;
		if (problem != NULL && have_byte)
			av_buf_printf(errors, "%s:%u: %s 0x%02x\n", path, lineno, problem,
				      bad_byte);
		else if (problem != NULL)
			av_buf_printf(errors, "%s:%u: %s\n", path, lineno, problem);
		if (problem != NULL)
			continue;
		if (entry == NULL)
			continue;
		if (strv_contains(sv.v, sv.n, entry)) {
			free(entry);
			continue;
		}
		if (sv.n >= MAX_WORDFILE_ENTRIES) {
			av_buf_printf(errors, "%s:%u: more than %u entries\n", path, lineno,
				      MAX_WORDFILE_ENTRIES);
			free(entry);
			break;
		}
		av_strv_push(&sv, entry);
	}
	if (ferror(f))
		av_buf_printf(errors, "%s: read error: %s\n", path, strerror(errno));
	free(line);
	fclose(f);
	av_debug(AV_CAT_DETECT, "%s: %zu word-list entries", path, sv.n);
	return av_strv_finish(&sv);
}

enum av_err
av_words_load(const char *interview_file, const char *negative_file, const char *thanks_file,
	      struct av_wordlists **lists_r, char **error_r)
{
	struct av_wordlists *l = av_calloc(1, sizeof(*l));
	struct av_buf errors;

	av_buf_init(&errors);
	l->interview = interview_file ? load_word_file(interview_file, &errors)
				      : copy_defaults(default_interview);
	l->negative = negative_file ? load_word_file(negative_file, &errors)
				    : copy_defaults(default_negative);
	l->thanks =
		thanks_file ? load_word_file(thanks_file, &errors) : copy_defaults(default_thanks);
	l->recruiting_domains = copy_defaults(default_recruiting_domains);
	if (errors.len > 0) {
		errors.data[--errors.len] = '\0'; /* no trailing newline, like av_conf_load */
		if (error_r != NULL)
			*error_r = av_buf_steal(&errors);
		av_buf_clear(&errors);
		av_words_free(&l);
		*lists_r = NULL;
		return AV_ERR_CONFIG;
	}
	l->interview_pats =
		av_words_compile((const char *const *)l->interview, &l->n_interview_pats);
	l->negative_pats = av_words_compile((const char *const *)l->negative, &l->n_negative_pats);
	*lists_r = l;
	return AV_OK;
}

void
av_words_free(struct av_wordlists **lists)
{
	if (lists == NULL || *lists == NULL)
		return;
	av_strv_free(&(*lists)->interview);
	av_strv_free(&(*lists)->negative);
	av_strv_free(&(*lists)->recruiting_domains);
	av_strv_free(&(*lists)->thanks);
	free((*lists)->interview_pats);
	free((*lists)->negative_pats);
	free(*lists);
	*lists = NULL;
}

/* ---- domains and name keys ------------------------------------------------------------- */

bool
av_words_domain_mentioned(const char *domain, const char *ftext)
{
	static const char *const generic[] = {"www",	 "mail", "email", "corp", "jobs",
					      "careers", "co",	 "com",	  "org",  "net",
					      "us",	 "eu",	 "de",	  NULL};
	const char *p = domain;

	if (ftext == NULL)
		return false;
	while (p != NULL && *p != '\0') {
		const char *dot = strchr(p, '.');
		size_t n;
		char label[64];
		bool is_generic = false;

		if (dot == NULL)
			break; /* the top-level domain */
		n = (size_t)(dot - p);
		if (n >= 3 && n < sizeof(label)) {
			for (size_t i = 0; i < n; i++)
				label[i] = av_ascii_lower(p[i]);
			label[n] = '\0';
			for (size_t i = 0; generic[i] != NULL; i++)
				if (strcmp(label, generic[i]) == 0)
					is_generic = true;
			if (!is_generic) {
				const char *one[2] = {label, NULL};

				if (av_words_find_folded(ftext, strlen(ftext), one) != NULL)
					return true;
			}
		}
		p = dot + 1;
	}
	return false;
}

bool
av_words_key_in(const char *word, size_t len, const char *const *list)
{
	char k[64];

	if (!av_text_name_key(word, len, k, sizeof(k)))
		return false;
	for (size_t i = 0; list[i] != NULL; i++)
		if (strcmp(k, list[i]) == 0)
			return true;
	return false;
}
