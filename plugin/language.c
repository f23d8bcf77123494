/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "afterview/language.h"
#include "afterview/util.h"

enum lang { EN, ES, DE, FR, N_LANG };

const char *const av_language_codes[AV_LANGUAGE_COUNT + 1] = {AV_LANGUAGE_DEFAULT, "es", "de", "fr",
							      NULL};
static const char *const names[N_LANG] = {"English", "Spanish", "German", "French"};

/* Points: a listed word LISTED, a word outside the lists with a letter only one of the
 * languages writes LETTER (names like "García" or "Müller" say little on their own). */
#define LISTED 2
#define LETTER 1

/* The words counted, lower case. A word several languages write ("de", "la", "en",
 * "que") is listed under each of them: it then adds to each and decides nothing alone.
 * English words German and French texts borrow ("team", "call", "meeting") and words
 * too short to tell ("a", "an", "in") are left out on purpose. */
static const char *const lists[N_LANG] = {
	[EN] = "the and with for you your our we will be is are this that to of at on please "
	       "looking forward join would like thank thanks hi hello dear regards best from "
	       "have has can about my it as by or if us here which who what when schedule "
	       "scheduled round screen phone engineer hiring recruiter candidate interview "
	       "interviews interviewer interviewers invitation invited agenda discuss questions "
	       "let know need reschedule office video panel chat role time speak talk getting "
	       "meet sincerely kind all any following link minutes",
	[ES] = "el la los las un una unos unas y con para por del que es en de su sus nuestro "
	       "nuestra nuestros nuestras equipo entrevista entrevistas hola estimado estimada "
	       "saludos gracias cordiales al lo como pero más muy está este esta estos también "
	       "puesto cargo proceso selección ingeniero ingeniera datos desarrollador "
	       "desarrolladora reunión enlace unirse hora día mañana tarde usted ustedes tu nos "
	       "podrá será queremos tendremos conocerte conocerle contigo cualquier duda "
	       "presencial oficina candidato candidata vacante empresa recursos humanos técnica "
	       "técnico se le sobre tus si te agradecemos invitamos invitación confirmar favor "
	       "ventas gerente analista responsable atentamente reclutamiento talento cuenta "
	       "durante minutos hablaremos conversación",
	[DE] = "der die das und mit für ist sind wir sie ihr ihnen ihre ihren ihrer sich auf zu "
	       "zum zur den dem des ein eine einen einem einer nicht auch von bei uns unser "
	       "unsere unserem unseren gespräch vorstellungsgespräch bewerbungsgespräch "
	       "kennenlerngespräch bewerbung termin hallo liebe lieber sehr geehrte geehrter "
	       "grüße grüßen freundlichen viele vielen dank freuen über wie oder bitte werden "
	       "wird haben hat können kennenlernen stelle besprechung teilnehmen uhr herr frau "
	       "ich du dich dir dein als nach vor im eingeladen einladung personalabteilung "
	       "gerne morgen ingenieur ingenieurin entwickler entwicklerin daten dauer minuten "
	       "gruß beste besten rückfragen melden einfach hier bewerber bewerberin fragen "
	       "unternehmen runde fachgespräch büro ort dass es noch diesen dieser diese "
	       "videocall link",
	[FR] = "le la les un une et avec pour vous votre vos nous notre nos est sont des du au "
	       "aux dans sur par qui que ce cette ces de en entretien entretiens bonjour madame "
	       "monsieur cordialement merci poste candidature rendez réunion lien équipe "
	       "ingénieur ingénieure données développeur développeuse recrutement rencontrer "
	       "plaisir je il elle être avoir à très bien pas ne plus mais comme chez heure "
	       "heures demain entreprise présentiel locaux visio visioconférence rejoindre "
	       "participer embauche d l qu n j c sommes serons ravis échanger parcours "
	       "salutations chargée se tu te si chargé responsable objet durée minutes "
	       "invitation confirmer",
};

/* Cut each text at this many bytes (at a word's end): a language shows in its first
 * lines, and a run evaluates every stored invite. */
#define SCAN_MAX 4096
#define SAMPLES	 3

struct tally {
	int points[N_LANG];
	const char *sample[N_LANG][SAMPLES]; /* static: listed words seen, first ones */
	unsigned n_sample[N_LANG];
};

static void
add_sample(struct tally *t, enum lang l, const char *w)
{
	for (unsigned i = 0; i < t->n_sample[l]; i++)
		if (strcmp(t->sample[l][i], w) == 0)
			return;
	if (t->n_sample[l] < SAMPLES)
		t->sample[l][t->n_sample[l]++] = w;
}

/* Which language writes the letter at p (2 bytes of UTF-8, lower case), or N_LANG. é is
 * Spanish and French alike. */
static enum lang
letter_lang(unsigned char a, unsigned char b)
{
	if (a == 0xc3) {
		switch (b) {
		case 0xb1: /* ñ */
		case 0xa1: /* á */
		case 0xad: /* í */
		case 0xb3: /* ó */
		case 0xba: /* ú */
			return ES;
		case 0xa4: /* ä */
		case 0xb6: /* ö */
		case 0xbc: /* ü */
		case 0x9f: /* ß */
			return DE;
		case 0xa0: /* à */
		case 0xa2: /* â */
		case 0xa7: /* ç */
		case 0xa8: /* è */
		case 0xaa: /* ê */
		case 0xab: /* ë */
		case 0xae: /* î */
		case 0xaf: /* ï */
		case 0xb4: /* ô */
		case 0xb9: /* ù */
		case 0xbb: /* û */
			return FR;
		}
	} else if (a == 0xc5 && b == 0x93) { /* œ */
		return FR;
	}
	return N_LANG;
}

#define WORD_MAX 48

struct entry {
	char w[WORD_MAX + 1];
	enum lang l;
};

/* The lists as one sorted table, made at the first use (the lists are constant). */
static struct entry *table;
static size_t n_table;

static int
entry_cmp(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->w, ((const struct entry *)b)->w);
}

static void
table_make(void)
{
	size_t cap = 0;

	for (int l = 0; l < N_LANG; l++)
		for (const char *p = lists[l]; *p != '\0';) {
			size_t len = strcspn(p, " ");

			if (n_table == cap)
				table = av_realloc(table,
						   (cap = cap ? 2 * cap : 256) * sizeof(*table));
			memcpy(table[n_table].w, p, len);
			table[n_table].w[len] = '\0';
			table[n_table++].l = (enum lang)l;
			p += len;
			p += strspn(p, " ");
		}
	qsort(table, n_table, sizeof(*table), entry_cmp);
}

static void
count_word(struct tally *t, const char *w)
{
	struct entry key, *hit;
	enum lang by_letter = N_LANG;
	size_t len = strlen(w), lo, hi;

	if (table == NULL)
		table_make();
	memcpy(key.w, w, len + 1);
	hit = bsearch(&key, table, n_table, sizeof(*table), entry_cmp);
	if (hit != NULL) {
		/* a word several languages write is in the table once for each */
		for (lo = (size_t)(hit - table); lo > 0 && strcmp(table[lo - 1].w, w) == 0; lo--)
			;
		for (hi = lo; hi < n_table && strcmp(table[hi].w, w) == 0; hi++) {
			t->points[table[hi].l] += LISTED;
			add_sample(t, table[hi].l, table[hi].w);
		}
		return;
	}
	for (size_t i = 0; i + 1 < len && by_letter == N_LANG; i++)
		by_letter = letter_lang((unsigned char)w[i], (unsigned char)w[i + 1]);
	if (by_letter != N_LANG)
		t->points[by_letter] += LETTER;
}

/* Is the character at s (n bytes left) part of a word? Its length in *clen either way.
 * Letters are ASCII letters and UTF-8 letters; the punctuation of the Latin-1 block
 * (U+0080-U+00BF: « » ¿ ¡) and the general punctuation (U+2000-U+206F: – — ’ “ ”) are
 * not. */
static bool
word_char(const unsigned char *s, size_t n, size_t *clen)
{
	*clen = 1;
	if (s[0] < 0x80)
		return (s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z');
	if (s[0] >= 0xc0 && s[0] < 0xe0)
		*clen = 2;
	else if (s[0] >= 0xe0 && s[0] < 0xf0)
		*clen = 3;
	else if (s[0] >= 0xf0)
		*clen = 4;
	if (*clen > n)
		*clen = n;
	if (s[0] == 0xc2)
		return false;
	if (s[0] == 0xe2 && n > 1 && s[1] >= 0x80 && s[1] <= 0x81)
		return false;
	return s[0] >= 0xc0 && s[0] != 0xc3 ? true : s[0] == 0xc3 && !(n > 1 && s[1] == 0x97);
}

/* Count the words of text[0..len) into t. */
static void
count_text(struct tally *t, const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	char w[WORD_MAX + 4];
	size_t i = 0, wl = 0, clen = 1;
	bool too_long = false;

	while (i <= len) {
		bool in = i < len && word_char(s + i, len - i, &clen);

		if (!in) {
			if (wl > 0 && !too_long) {
				w[wl] = '\0';
				count_word(t, w);
			}
			wl = 0;
			too_long = false;
			if (i < len && s[i] == 0xc2 && i + 1 < len &&
			    (s[i + 1] == 0xbf || s[i + 1] == 0xa1))
				t->points[ES] += LETTER; /* ¿ ¡ */
			if (i >= len || i >= SCAN_MAX)
				break;
			i += i < len ? clen : 1;
			continue;
		}
		if (wl + clen > WORD_MAX) {
			too_long = true;
		} else {
			memcpy(w + wl, s + i, clen);
			/* lower case: ASCII, and the accented capitals of Latin-1 (À-Þ but ×) */
			if (clen == 1 && s[i] >= 'A' && s[i] <= 'Z')
				w[wl] = (char)(s[i] + 32);
			else if (clen == 2 && s[i] == 0xc3 && s[i + 1] >= 0x80 &&
				 s[i + 1] <= 0x9e && s[i + 1] != 0x97)
				w[wl + 1] = (char)(s[i + 1] + 0x20);
			wl += clen;
		}
		i += clen;
	}
}

/* Google Calendar's block between "-::~:~::~:" lines and Microsoft Teams' between lines
 * of underscores: the product's words in the product's language, not the employer's. */
static bool
boilerplate_line(const char *line, size_t len)
{
	size_t u = 0;

	for (size_t i = 0; i + 10 <= len; i++)
		if (memcmp(line + i, "-::~:~::~:", 10) == 0)
			return true;
	while (u < len && line[u] == '_')
		u++;
	return u >= 20;
}

static void
count_description(struct tally *t, const char *d)
{
	bool skip = false;
	size_t done = 0;

	while (*d != '\0' && done < SCAN_MAX) {
		size_t len = strcspn(d, "\n");

		if (boilerplate_line(d, len))
			skip = !skip;
		else if (!skip)
			count_text(t, d, len);
		done += len + 1;
		d += len;
		if (*d == '\n')
			d++;
	}
}

static void
tally_add(struct tally *sum, const struct tally *t)
{
	for (int l = 0; l < N_LANG; l++) {
		sum->points[l] += t->points[l];
		for (unsigned i = 0; i < t->n_sample[l]; i++)
			add_sample(sum, (enum lang)l, t->sample[l][i]);
	}
}

/* The first and second language by points (ties: the earlier, English first). */
static void
rank(const struct tally *t, enum lang *first, enum lang *second)
{
	*first = EN;
	*second = ES;
	if (t->points[ES] > t->points[EN]) {
		*first = ES;
		*second = EN;
	}
	for (int l = DE; l < N_LANG; l++) {
		if (t->points[l] > t->points[*first]) {
			*second = *first;
			*first = (enum lang)l;
		} else if (t->points[l] > t->points[*second]) {
			*second = (enum lang)l;
		}
	}
}

struct reasons {
	char **v;
	size_t n;
};

static void
reason_add(struct reasons *r, char *s)
{
	r->v = av_realloc(r->v, (r->n + 2) * sizeof(char *));
	r->v[r->n++] = s;
	r->v[r->n] = NULL;
}

/* "description: es 14, en 2 ("para", "con", "equipo")" for a text with points. */
static void
reason_text(struct reasons *r, const char *what, const struct tally *t)
{
	enum lang first, second;
	struct av_buf b;

	rank(t, &first, &second);
	if (t->points[first] == 0)
		return;
	av_buf_init(&b);
	av_buf_printf(&b, "%s: %s %d", what, av_language_codes[first], t->points[first]);
	for (int l = 0; l < N_LANG; l++)
		if (l != (int)first && t->points[l] > 0)
			av_buf_printf(&b, ", %s %d", av_language_codes[l], t->points[l]);
	for (unsigned i = 0; i < t->n_sample[first]; i++)
		av_buf_printf(&b, "%s\"%s\"%s", i == 0 ? " (" : ", ", t->sample[first][i],
			      i + 1 == t->n_sample[first] ? ")" : "");
	reason_add(r, av_buf_steal(&b));
}

static int
confidence(const struct tally *t, enum lang first, enum lang second)
{
	int w = t->points[first], s = t->points[second];
	int c = w > 0 ? 100 * (w - s) / w : 0;

	/* little text is little evidence: full confidence from 20 points (10 words) */
	return w < 20 ? c * w / 20 : c;
}

void
av_language_detect_texts(const char *summary, const char *description, const char *organizer_name,
			 const char *subject, const char *from_name, struct av_language *lang_r)
{
	struct tally tsum = {0}, tsub = {0}, tdesc = {0}, torg = {0}, tfrom = {0};
	struct tally body = {0}, all = {0};
	struct reasons r = {NULL, 0};
	enum lang first, second;
	int min = AV_LANGUAGE_MIN_WORDS * LISTED, margin = AV_LANGUAGE_MARGIN * LISTED;

	memset(lang_r, 0, sizeof(*lang_r));
	if (summary != NULL)
		count_text(&tsum, summary, strlen(summary));
	if (subject != NULL && (summary == NULL || strcmp(subject, summary) != 0))
		count_text(&tsub, subject, strlen(subject));
	if (description != NULL)
		count_description(&tdesc, description);
	if (organizer_name != NULL)
		count_text(&torg, organizer_name, strlen(organizer_name));
	if (from_name != NULL && (organizer_name == NULL || strcmp(from_name, organizer_name) != 0))
		count_text(&tfrom, from_name, strlen(from_name));
	reason_text(&r, "summary", &tsum);
	reason_text(&r, "subject", &tsub);
	reason_text(&r, "description", &tdesc);
	reason_text(&r, "organizer", &torg);
	reason_text(&r, "sender's name", &tfrom);
	tally_add(&body, &tdesc);
	tally_add(&body, &torg);
	tally_add(&body, &tfrom);
	tally_add(&all, &body);
	tally_add(&all, &tsum);
	tally_add(&all, &tsub);

	/* the employer's own words first: an ATS may title the event in English */
	rank(&body, &first, &second);
	if (body.points[first] >= min && body.points[first] >= 2 * body.points[second]) {
		lang_r->code = av_language_codes[first];
		lang_r->confidence = confidence(&body, first, second);
		reason_add(&r, av_asprintf("%s: the employer's own words (description, organizer) "
					   "say so",
					   names[first]));
		goto out;
	}
	rank(&all, &first, &second);
	if (all.points[first] >= min && all.points[first] - all.points[second] >= margin) {
		lang_r->code = av_language_codes[first];
		lang_r->confidence = confidence(&all, first, second);
		reason_add(&r, av_asprintf("%s: the invite's words together say so", names[first]));
		goto out;
	}
	lang_r->code = AV_LANGUAGE_DEFAULT;
	lang_r->confidence = 0;
	reason_add(&r, av_asprintf("%s, the default: %s", names[EN],
				   all.points[first] < min ? "too few words to tell"
							   : "no language clearly ahead"));
out:
	lang_r->reasons = r.v;
}

void
av_language_detect(const struct av_invite *inv, const struct av_invite_mail *mail,
		   struct av_language *lang_r)
{
	if (inv == NULL) {
		memset(lang_r, 0, sizeof(*lang_r));
		lang_r->code = AV_LANGUAGE_DEFAULT;
		return;
	}
	av_language_detect_texts(
		inv->summary, inv->description, inv->has_organizer ? inv->organizer.cn : NULL,
		mail ? mail->subject : NULL, mail ? mail->from_name : NULL, lang_r);
}

void
av_language_clear(struct av_language *lang)
{
	if (lang == NULL)
		return;
	for (char **r = lang->reasons; r != NULL && *r != NULL; r++)
		free(*r);
	free(lang->reasons);
	memset(lang, 0, sizeof(*lang));
}

const char *
av_language_code(const char *s)
{
	size_t len;

	if (s == NULL)
		return NULL;
	while (*s == ' ' || *s == '\t')
		s++;
	len = strlen(s);
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	for (const char *const *c = av_language_codes; *c != NULL; c++)
		if (len == 2 && strncasecmp(s, *c, 2) == 0)
			return *c;
	return NULL;
}

const char *
av_language_name(const char *code)
{
	for (int l = 0; l < N_LANG; l++)
		if (code != NULL && strcmp(code, av_language_codes[l]) == 0)
			return names[l];
	return code;
}
