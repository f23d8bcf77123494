/* SPDX-License-Identifier: GPL-3.0-or-later */
/* afterview — thank-you drafts (design.md "Drafts"): the wording chosen from the
 * templates (template.c) with its variants and the role and company read from the
 * invite's summary, then handed to message.c for the RFC 5322 message. Pure logic; libc
 * only.
 *
 * Why the variants are chosen the way they are: the design promises that drafts for one
 * panel never have identical bodies. Each used section s has c_s usable variants; the
 * draft's wording number is k = (hash(invite UID) + position in panel) mod prod(c_s), and
 * k is spread over the sections bijectively (see choose_variants), so different positions
 * always give different wordings while the panel is no larger than prod(c_s) (243 with
 * the shipped templates; detect.c keeps at most 100 interviewers). The hash is the
 * invite's, not the interviewer's, so that positions cannot collide; it still makes a
 * single interviewer's wording vary from one interview to the next.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "afterview/addr.h"
#include "afterview/draft.h"
#include "afterview/language.h"
#include "afterview/log.h"
#include "afterview/message.h"
#include "afterview/summary.h"
#include "afterview/text.h"

#define PHRASE_MAX_CHARS  80 /* role, company, interview kind */
#define SUBJECT_MAX_CHARS 200

/* ---- the token ----------------------------------------------------------------------- */

#define FNV_PRIME  0x100000001b3ULL
#define FNV_OFFSET 0xcbf29ce484222325ULL

static uint64_t
fnv1a(uint64_t h, const void *data, size_t len)
{
	const unsigned char *p = data;

	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= FNV_PRIME;
	}
	return h;
}

/* splitmix64's finalizer: FNV's high bits depend weakly on the last bytes. */
static uint64_t
mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}

/* Each field is preceded by its length (NULL has a length no string has), so
 * ("a", "bc") and ("ab", "c") hash differently. */
static void
token_field(uint64_t h[2], const char *s)
{
	uint64_t n = s != NULL ? (uint64_t)strlen(s) : UINT64_MAX;
	unsigned char len[8];

	for (size_t i = 0; i < 8; i++)
		len[i] = (unsigned char)(n >> (8 * i));
	h[0] = fnv1a(h[0], len, sizeof(len));
	h[1] = fnv1a(h[1], len, sizeof(len));
	if (s != NULL) {
		h[0] = fnv1a(h[0], s, (size_t)n);
		h[1] = fnv1a(h[1], s, (size_t)n);
	}
}

char *
av_draft_token(const char *account, const char *uid, const char *who)
{
	/* two FNV-1a streams with unrelated offset bases make 128 bits: enough that two
	 * interviewers never share a token by accident (nothing here resists an attacker,
	 * and nothing needs to: the token only names our own drafts) */
	uint64_t h[2] = {FNV_OFFSET, FNV_OFFSET ^ 0x9e3779b97f4a7c15ULL};
	char *w = who != NULL ? av_strdup(who) : NULL;
	uint64_t a, b;

	/* addresses compare case-insensitively everywhere else; a name is kept as written */
	if (w != NULL && strchr(w, '@') != NULL)
		av_text_lower(w);
	token_field(h, account);
	token_field(h, uid);
	token_field(h, w);
	free(w);
	a = mix64(h[0] ^ (h[1] >> 32 | h[1] << 32));
	b = mix64(h[1] ^ a);
	return av_asprintf("%016llx%016llx", (unsigned long long)a, (unsigned long long)b);
}

/* ---- the interviewer's name ---------------------------------------------------------- */

#define NAME_MAX_WORDS 12 /* words of a name looked at for the first name */

/* Is the word s[0..len) a title such as "Dr."? */
static bool
is_title(const char *s, size_t len)
{
	static const char titles[] = "dr dr. prof prof. mr mr. ms ms. mrs mrs. mx mx.";
	char low[48];

	if (len >= sizeof(low))
		return false;
	for (size_t i = 0; i < len; i++)
		low[i] = av_ascii_lower(s[i]);
	low[len] = '\0';
	av_text_strip_trailing(low, ",.;!?\"'");
	return av_text_in_words(low, titles);
}

/* The interviewer's name for the To line and the letter, and the first name to greet;
 * NULL when no real name is known: an address is no name, and a name guessed from "jdoe"
 * or "hr" would greet a stranger wrongly. */
static void
person_names(const struct av_interviewer *iv, char **name_r, char **first_r)
{
	char *name = av_text_clean(iv->name, false);
	const char *comma, *word[NAME_MAX_WORDS];
	size_t n = 0, i = 0, len[NAME_MAX_WORDS];

	*name_r = *first_r = NULL;
	if (name == NULL || strchr(name, '@') != NULL ||
	    (iv->name_guessed && !av_addr_local_is_name(iv->email))) {
		free(name);
		return;
	}
	av_text_cut_chars(name, AV_MESSAGE_NAME_MAX_CHARS);
	*name_r = name;
	/* "Okafor, Jane" (but "Jane Okafor, PhD" is Jane) */
	comma = strchr(name, ',');
	if (comma != NULL &&
	    (strchr(comma + 1, ',') != NULL || memchr(name, ' ', (size_t)(comma - name)) != NULL))
		comma = NULL;
	for (const char *p = comma != NULL ? comma + 1 : name; n < NAME_MAX_WORDS;) {
		p += strspn(p, " ");
		if (*p == '\0')
			break;
		word[n] = p;
		len[n] = strcspn(p, " ");
		p += len[n++];
	}
	if (n == 0 || iv->name_initial_only) /* "Dear K," greets nobody */
		return;
	/* titles are skipped, but the last word is the name whatever it is */
	while (i + 1 < n && is_title(word[i], len[i]))
		i++;
	*first_r = av_strndup(word[i], len[i]);
	av_text_strip_trailing(*first_r, ",;");
	{
		bool letter = false;

		for (const char *p = *first_r; *p != '\0'; p++)
			letter = letter || av_ascii_alpha(*p) || (unsigned char)*p >= 0x80;
		if (!letter) {
			free(*first_r);
			*first_r = NULL;
		}
	}
}

bool
av_draft_greets_by_name(const struct av_interviewer *iv)
{
	char *name, *first;
	bool by_name;

	if (iv == NULL || iv->name == NULL)
		return false;
	person_names(iv, &name, &first);
	by_name = first != NULL;
	free(name);
	free(first);
	return by_name;
}

/* ---- the draft's language ----------------------------------------------------------- */

/* A marker: "[[ afterview: " before NAME tail " ]]" and a second line; who stands for the
 * name when none is known, in the case the sentence needs. */
struct marker_words {
	const char *before, *who, *tail, *more;
};

/* What afterview writes itself in a draft, per language (the templates hold the rest).
 * Marker lines are for the person, so they speak to them as software in that language
 * usually does; each keeps to 72 columns with a name of up to 15 characters. */
struct lang_words {
	const char *code;
	const char *wdays[7], *months[12];
	struct marker_words topic, no_addr, bad_addr;
	const char *ask_fit;
	const char *subject; /* when no Subject: line of the template fits */
};

static const struct lang_words lang_table[] = {
	{
		.code = "en",
		.wdays = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
			  "Saturday"},
		.months = {"January", "February", "March", "April", "May", "June", "July", "August",
			   "September", "October", "November", "December"},
		.topic = {"add one thing you talked about with ", "this interviewer", "",
			  "a question they asked, an idea you discussed"},
		.no_addr = {"no address found for ", "this interviewer", "",
			    "put it in To before sending"},
		.bad_addr = {"the address for ", "this interviewer", " is not usable",
			     "put the right one in To before sending"},
		.ask_fit = "add why you fit this role\n"
			   "a skill or a result that matters for it\n"
			   "(skills and pitch in [me] say it)",
		.subject = "Thank you",
	},
	{
		.code = "es",
		.wdays = {"domingo", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado"},
		.months = {"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
			   "septiembre", "octubre", "noviembre", "diciembre"},
		.topic = {"añade algo de lo que hablaste con ", "esta persona", "",
			  "una pregunta que te hicieron o una idea que surgió"},
		.no_addr = {"no se encontró la dirección de ", "esta persona", "",
			    "añádela en Para antes de enviar"},
		.bad_addr = {"la dirección de ", "esta persona", " no es válida",
			     "pon la correcta en Para antes de enviar"},
		.ask_fit = "añade por qué encajas en este puesto\n"
			   "una habilidad o un logro que cuente para él\n"
			   "(lo dicen skills y pitch en [me])",
		.subject = "Gracias",
	},
	{
		.code = "de",
		.wdays = {"Sonntag", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag",
			  "Samstag"},
		.months = {"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
			   "September", "Oktober", "November", "Dezember"},
		.topic = {"ergänze etwas, worüber du mit ", "dieser Person", " gesprochen hast",
			  "eine Frage an dich, eine Idee, über die ihr spracht"},
		.no_addr = {"keine Adresse gefunden für ", "diese Person", "",
			    "trage sie vor dem Senden unter An ein"},
		.bad_addr = {"die Adresse von ", "dieser Person", " ist unbrauchbar",
			     "trage die richtige vor dem Senden unter An ein"},
		.ask_fit = "ergänze, warum du zu dieser Stelle passt\n"
			   "eine Fähigkeit oder ein Ergebnis, das dafür zählt\n"
			   "(skills und pitch in [me] sagen es)",
		.subject = "Vielen Dank",
	},
	{
		.code = "fr",
		.wdays = {"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"},
		.months = {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
			   "septembre", "octobre", "novembre", "décembre"},
		.topic = {"ajoutez un sujet abordé avec ", "cette personne", "",
			  "une question posée, une idée dont vous avez parlé"},
		.no_addr = {"aucune adresse trouvée pour ", "cette personne", "",
			    "ajoutez-la dans À avant l'envoi"},
		.bad_addr = {"l'adresse de ", "cette personne", " n'est pas utilisable",
			     "mettez la bonne dans À avant l'envoi"},
		.ask_fit = "ajoutez pourquoi vous convenez à ce poste\n"
			   "une compétence ou un résultat qui compte ici\n"
			   "(skills et pitch dans [me] le disent)",
		.subject = "Merci",
	},
};

_Static_assert(sizeof(lang_table) / sizeof(lang_table[0]) == AV_LANGUAGE_COUNT,
	       "the drafts' own words in every language afterview knows (language.h)");

/* The words of a template's language; the default language's (the first) for one this
 * table lacks (a template file of a language added without its words). */
static const struct lang_words *
lang_words(const char *code)
{
	for (size_t i = 0; code != NULL && i < sizeof(lang_table) / sizeof(lang_table[0]); i++)
		if (strcmp(lang_table[i].code, code) == 0)
			return &lang_table[i];
	return &lang_table[0];
}

/* The day written the way the language writes it; no locale of libc, which the machine
 * may not have. */
static char *
local_date(const struct lang_words *lw, const struct tm *tm)
{
	const char *wd = lw->wdays[tm->tm_wday], *mon = lw->months[tm->tm_mon];

	if (strcmp(lw->code, "es") == 0) /* jueves 22 de octubre */
		return av_asprintf("%s %d de %s", wd, tm->tm_mday, mon);
	if (strcmp(lw->code, "de") == 0) /* Donnerstag, 22. Oktober */
		return av_asprintf("%s, %d. %s", wd, tm->tm_mday, mon);
	if (strcmp(lw->code, "fr") == 0) /* jeudi 22 octobre, but mardi 1er décembre */
		return tm->tm_mday == 1 ? av_asprintf("%s 1er %s", wd, mon)
					: av_asprintf("%s %d %s", wd, tm->tm_mday, mon);
	return av_asprintf("%s, %s %d", wd, mon, tm->tm_mday);
}

/* summary.c reads the kind of interview from English words only ("phone screen"); in
 * another language a kind is written only when it is known here, else it has no value
 * and the template's next fallback group speaks of the conversation without it. The
 * templates put an article before {{interview}}, so each language's nouns share one
 * form: Spanish feminine ("la entrevista técnica"), German neuter in the nominative or
 * accusative ("das technische Interview"), French starting with "entretien"
 * ("l'entretien technique"). */
static const struct {
	const char *en, *es, *de, *fr;
} kinds[] = {
	{"phone screen", "entrevista telefónica", "Telefoninterview", "entretien téléphonique"},
	{"phone screening", "entrevista telefónica", "Telefoninterview", "entretien téléphonique"},
	{"phone interview", "entrevista telefónica", "Telefoninterview", "entretien téléphonique"},
	{"phone call", "entrevista telefónica", "Telefoninterview", "entretien téléphonique"},
	{"recruiter call", "primera entrevista", "erste Gespräch", "entretien préliminaire"},
	{"recruiter screen", "primera entrevista", "erste Gespräch", "entretien préliminaire"},
	{"screening call", "primera entrevista", "erste Gespräch", "entretien préliminaire"},
	{"intro call", "primera entrevista", "erste Gespräch", "entretien préliminaire"},
	{"video interview", "entrevista por videollamada", "Videointerview", "entretien en visio"},
	{"video call", "entrevista por videollamada", "Videointerview", "entretien en visio"},
	{"technical interview", "entrevista técnica", "technische Interview",
	 "entretien technique"},
	{"tech interview", "entrevista técnica", "technische Interview", "entretien technique"},
	{"technical screen", "entrevista técnica", "technische Interview", "entretien technique"},
	{"coding interview", "entrevista de programación", "Programmierinterview",
	 "entretien de programmation"},
	{"pair programming", "sesión de programación en pareja", "Pair-Programming",
	 "entretien de programmation en binôme"},
	{"system design", "entrevista de diseño de sistemas", "Systemdesign-Interview",
	 "entretien de conception de systèmes"},
	{"system design interview", "entrevista de diseño de sistemas", "Systemdesign-Interview",
	 "entretien de conception de systèmes"},
	{"panel interview", "entrevista con el panel", "Panel-Interview", "entretien en panel"},
	{"onsite", "entrevista presencial", "Vor-Ort-Gespräch", "entretien sur site"},
	{"onsite interview", "entrevista presencial", "Vor-Ort-Gespräch", "entretien sur site"},
	{"on-site", "entrevista presencial", "Vor-Ort-Gespräch", "entretien sur site"},
	{"on-site interview", "entrevista presencial", "Vor-Ort-Gespräch", "entretien sur site"},
	{"final interview", "entrevista final", "abschließende Gespräch", "entretien final"},
	{"final round", "entrevista final", "abschließende Gespräch", "entretien final"},
	{"behavioral interview", "entrevista por competencias", "verhaltensbasierte Interview",
	 "entretien comportemental"},
	{"behavioural interview", "entrevista por competencias", "verhaltensbasierte Interview",
	 "entretien comportemental"},
	{"case interview", "entrevista de caso práctico", "Fallstudien-Interview",
	 "entretien d'étude de cas"},
};

/* kind (summary.c's, English) in lw's language (malloc'd), or NULL. */
static char *
kind_in(const struct lang_words *lw, char *kind)
{
	if (kind == NULL || strcmp(lw->code, "en") == 0)
		return kind;
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(kinds[i].en, kind) == 0) {
			const char *t = strcmp(lw->code, "es") == 0   ? kinds[i].es
					: strcmp(lw->code, "de") == 0 ? kinds[i].de
					: strcmp(lw->code, "fr") == 0 ? kinds[i].fr
								      : NULL;

			free(kind);
			return t != NULL ? av_strdup(t) : NULL;
		}
	free(kind);
	return NULL;
}

/* ---- rendering ----------------------------------------------------------------------- */

/* Choose one variant per used section: from the first fallback group with a usable
 * variant (all placeholders have values), the variant given by k. k is split into one
 * digit per section (mixed radix, so every k below prod(c_s) is a different combination),
 * and each section takes the running sum of the digits so far: still one-to-one, and
 * neighbouring k (neighbours on a panel) differ in every section with a choice, not only
 * the first. Returns k reduced modulo prod(c_s). */
static unsigned
choose_variants(const struct av_template *tf, char *const *val, uint64_t hash, size_t pos,
		char **choice)
{
	char ***usable = av_calloc(tf->n_sections + 1, sizeof(*usable));
	size_t *cnt = av_calloc(tf->n_sections + 1, sizeof(*cnt));
	uint64_t prod = 1, k, rem, sum = 0;

	for (size_t s = 0; s < tf->n_sections; s++) {
		const struct av_template_section *sec = &tf->sections[s];
		unsigned group = 0;

		if (!sec->used)
			continue;
		usable[s] = av_calloc(sec->n_variants, sizeof(**usable));
		for (size_t i = 0;
		     i < sec->n_variants && (cnt[s] == 0 || sec->variants[i].group == group); i++) {
			char *e;

			if (cnt[s] == 0)
				group = sec->variants[i].group;
			e = av_template_expand(tf, val, NULL, sec->variants[i].text);
			if (e != NULL)
				usable[s][cnt[s]++] = e;
		}
		if (cnt[s] > 1 && prod < (1u << 30))
			prod *= cnt[s];
	}
	k = (hash % prod + pos % prod) % prod;
	rem = k;
	for (size_t s = 0; s < tf->n_sections; s++) {
		uint64_t d;

		if (cnt[s] == 0) {
			free(usable[s]);
			continue;
		}
		d = rem % cnt[s];
		rem /= cnt[s];
		sum += d;
		d = sum % cnt[s];
		choice[s] = usable[s][d];
		for (size_t i = 0; i < cnt[s]; i++)
			if (i != d)
				free(usable[s][i]);
		free(usable[s]);
	}
	free(usable);
	free(cnt);
	return (unsigned)k;
}

/* Where iv sits in the panel (0 when it is not found there). */
static size_t
panel_position(const struct av_draft_input *in)
{
	for (size_t i = 0; in->panel != NULL && i < in->n_panel; i++) {
		const struct av_interviewer *p = &in->panel[i];

		if (p == in->iv)
			return i;
	}
	/* a copy of the panel entry: the same address, or the same name when neither has one */
	for (size_t i = 0; in->panel != NULL && i < in->n_panel; i++) {
		const struct av_interviewer *p = &in->panel[i];

		if (p->email != NULL && in->iv->email != NULL) {
			if (av_text_eq_ci(p->email, in->iv->email))
				return i;
		} else if (p->email == NULL && in->iv->email == NULL && p->name != NULL &&
			   in->iv->name != NULL && strcmp(p->name, in->iv->name) == 0) {
			return i;
		}
	}
	return 0;
}

/* The body lines: each template line expanded (left out when a value is missing), runs of
 * blank lines made one, none at the ends. LF separated, no line end at the end. */
static char *
body_text(const struct av_template *tf, char *const *val, char *const *choice, const char *first)
{
	struct av_buf b;
	bool blank_pending = false;

	av_buf_init(&b);
	if (first != NULL) {
		av_buf_puts(&b, first);
		blank_pending = true;
	}
	for (size_t i = 0; i < tf->n_body; i++) {
		char *e = av_template_expand(tf, val, choice, tf->body[i].text);
		bool blank = true;

		if (e == NULL)
			continue;
		for (const char *p = e; *p != '\0'; p++)
			blank = blank && (*p == ' ' || *p == '\t');
		if (blank) {
			blank_pending = b.len > 0;
		} else {
			if (b.len > 0)
				av_buf_puts(&b, blank_pending ? "\n\n" : "\n");
			av_buf_puts(&b, e);
			blank_pending = false;
		}
		free(e);
	}
	return av_buf_steal(&b);
}

/* The values of the placeholders for this draft; NULL means "not known". */

/* Lines a client shows unwrapped: a marker line is at most this many characters. */
#define MARKER_MAX_CHARS 72

/* "[[ afterview: " before name tail " ]]", the name cut (with "...") so that the line
 * keeps to MARKER_MAX_CHARS, then, when more is not NULL, a line break and more (a
 * marker line of its own, written short enough). */
static char *
marker(const char *before, const char *name, const char *tail, const char *more)
{
	const char *open = "[[ afterview: ", *close = " ]]";
	size_t fixed = av_utf8_chars(open) + av_utf8_chars(before) + av_utf8_chars(tail) +
		       av_utf8_chars(close);
	size_t room = fixed < MARKER_MAX_CHARS ? MARKER_MAX_CHARS - fixed : 0;
	char *n = av_strdup(name), *line;

	if (av_utf8_chars(n) > room) {
		av_text_cut_chars(n, room > 3 ? room - 3 : 0);
		line = av_asprintf("%s%s%s...%s%s", open, before, n, tail, close);
	} else {
		line = av_asprintf("%s%s%s%s%s", open, before, n, tail, close);
	}
	free(n);
	if (more != NULL) {
		char *both = av_asprintf("%s\n%s", line, more);

		free(line);
		line = both;
	}
	return line;
}

/* {{name}}: the name the way a letter writes it, "Jane Okafor" for a directory's "Okafor,
 * Jane" (the formal German and French greetings use the full name); else as it is. */
static char *
name_in_letter(const char *name)
{
	const char *comma = strchr(name, ',');
	const char *given = comma != NULL ? comma + 1 + strspn(comma + 1, " ") : NULL;

	/* the same reading as person_names: one comma, one word before it */
	if (comma == NULL || comma == name || strchr(comma + 1, ',') != NULL ||
	    memchr(name, ' ', (size_t)(comma - name)) != NULL || *given == '\0')
		return av_strdup(name);
	return av_asprintf("%s %.*s", given, (int)(comma - name), name);
}

/* The three marker lines of lw->ask_fit. */
static char *
ask_fit_lines(const struct lang_words *lw)
{
	struct av_buf b;

	av_buf_init(&b);
	for (const char *p = lw->ask_fit; *p != '\0';) {
		size_t n = strcspn(p, "\n");

		if (b.len > 0)
			av_buf_puts(&b, "\n");
		av_buf_puts(&b, "[[ afterview: ");
		av_buf_append(&b, p, n);
		av_buf_puts(&b, " ]]");
		p += n + (p[n] == '\n');
	}
	return av_buf_steal(&b);
}

/* A marker with its second line, in the draft's language; who NULL when no name. */
static char *
marker_in(const struct marker_words *mw, const char *who)
{
	char *more = av_asprintf("[[ afterview: %s ]]", mw->more);
	char *line = marker(mw->before, who != NULL ? who : mw->who, mw->tail, more);

	free(more);
	return line;
}

static void
values_make(const struct av_draft_input *in, const struct lang_words *lw, const char *name,
	    const char *first, const char *company_conf, char **val)
{
	const struct av_conf *conf = in->conf;
	const char *hint = in->company;
	char **people = av_calloc(in->n_panel + 2, sizeof(*people));
	struct av_summary si;
	size_t np = 0;

	val[AV_PH_FIRST_NAME] = first != NULL ? av_strdup(first) : NULL;
	val[AV_PH_NAME] = name != NULL ? name_in_letter(name) : NULL;
	if (conf->me.name != NULL)
		people[np++] = conf->me.name;
	for (size_t i = 0; in->panel != NULL && i < in->n_panel; i++)
		if (in->panel[i].name != NULL && !in->panel[i].name_guessed)
			people[np++] = in->panel[i].name;
	if (hint == NULL || strchr(hint, '.') == NULL)
		hint = in->domain;
	if (hint == NULL && in->iv->email != NULL && strchr(in->iv->email, '@') != NULL)
		hint = strchr(in->iv->email, '@') + 1;
	av_summary_read(in->inv->summary, people, hint, &si);
	val[AV_PH_ROLE] = si.role;
	val[AV_PH_INTERVIEW] = kind_in(lw, si.interview);
	free(si.company);
	if (company_conf != NULL)
		val[AV_PH_COMPANY] = av_text_clean(company_conf, false);
	/* the detection's name (one reading for status and drafts); a domain is no name */
	if (val[AV_PH_COMPANY] == NULL && in->company != NULL && strchr(in->company, '.') == NULL &&
	    strchr(in->company, '@') == NULL)
		val[AV_PH_COMPANY] = av_text_clean(in->company, false);
	if (val[AV_PH_COMPANY] == NULL) {
		const char *texts[] = {in->inv->location,
				       in->inv->has_organizer ? in->inv->organizer.cn : NULL, NULL};
		const char *desc = in->inv->description;
		char *desc_text = desc != NULL ? av_text_from_html(desc, strlen(desc)) : NULL;
		struct av_employer_clues clues = {
			.summary = in->inv->summary,
			.description = desc_text != NULL ? desc_text : desc,
			.texts = texts,
			.hint = hint,
			.people = people,
		};
		char *employer = av_summary_employer(&clues);

		val[AV_PH_COMPANY] = av_text_clean(employer, false);
		free(employer);
		free(desc_text);
	}
	free(people);
	if (val[AV_PH_COMPANY] != NULL)
		av_text_cut_chars(val[AV_PH_COMPANY], PHRASE_MAX_CHARS);

	if (in->inv->start > 0) {
		time_t t = in->inv->start + in->inv->utc_offset;
		struct tm tm;

		if (gmtime_r(&t, &tm) != NULL)
			val[AV_PH_DATE] = local_date(lw, &tm);
	}
	val[AV_PH_TOPIC] = av_text_clean(in->topic, false);
	if (val[AV_PH_TOPIC] != NULL) {
		av_text_strip_trailing(val[AV_PH_TOPIC], ".!?;:, ");
		if (val[AV_PH_TOPIC][0] == '\0') {
			free(val[AV_PH_TOPIC]);
			val[AV_PH_TOPIC] = NULL;
		}
	}
	val[AV_PH_SKILLS] = av_text_clean(conf->me.skills, false);
	if (val[AV_PH_SKILLS] != NULL)
		av_text_strip_trailing(val[AV_PH_SKILLS], ".;, ");
	val[AV_PH_PITCH] = av_text_clean(conf->me.pitch, false);
	if (val[AV_PH_PITCH] != NULL &&
	    strchr(".!?", val[AV_PH_PITCH][strlen(val[AV_PH_PITCH]) - 1]) == NULL) {
		char *p = av_asprintf("%s.", val[AV_PH_PITCH]);

		free(val[AV_PH_PITCH]);
		val[AV_PH_PITCH] = p;
	}
	val[AV_PH_MY_NAME] = av_text_clean(conf->me.name, false);
	val[AV_PH_PHONE] = av_text_clean(conf->me.phone, false);
	val[AV_PH_SIGNATURE] = av_text_clean(conf->me.signature, true);
	if (val[AV_PH_SIGNATURE] == NULL && val[AV_PH_MY_NAME] != NULL)
		val[AV_PH_SIGNATURE] =
			val[AV_PH_PHONE] != NULL
				? av_asprintf("%s\n%s", val[AV_PH_MY_NAME], val[AV_PH_PHONE])
				: av_strdup(val[AV_PH_MY_NAME]);
	if (val[AV_PH_SIGNATURE] == NULL && val[AV_PH_PHONE] != NULL)
		val[AV_PH_SIGNATURE] = av_strdup(val[AV_PH_PHONE]);
	/* the employer's feedback is acknowledged, never quoted: the notes are the
	 * person's own words about it, not something to send back */
	if (in->feedback != NULL && in->feedback[0] != '\0')
		val[AV_PH_FEEDBACK_GIVEN] = av_strdup("");
	/* the marked lines the person replaces: present exactly when the thing is missing */
	if (val[AV_PH_TOPIC] == NULL)
		val[AV_PH_ASK_TOPIC] = marker_in(&lw->topic, first);
	if (val[AV_PH_SKILLS] == NULL && val[AV_PH_PITCH] == NULL)
		val[AV_PH_ASK_FIT] = ask_fit_lines(lw);
}

/* The words of one draft, chosen: what the message says. */
struct wording {
	char *val[AV_PH_COUNT]; /* the placeholders' values, NULL for "not known" */
	char *name;		/* the interviewer's name for To, or NULL */
	char *first;		/* the first name to greet, or NULL */
	char *subject;
	char *body; /* LF-separated paragraphs */
	unsigned variant;
	size_t pos; /* in the panel */
	enum av_tone tone;
	const struct lang_words *lw; /* the draft's language */
	bool to_ok;		     /* the interviewer's address can go in To */
};

static void
wording_clear(struct wording *w)
{
	for (int i = 0; i < AV_PH_COUNT; i++)
		free(w->val[i]);
	free(w->name);
	free(w->first);
	free(w->subject);
	free(w->body);
	memset(w, 0, sizeof(*w));
}

/* The first body line when the interviewer has no usable address, else NULL. */
static char *
missing_address_line(const struct av_draft_input *in, const struct lang_words *lw, const char *name)
{
	/* av_text_clean never gives back an address as a name, but the marker is for the
	 * person and may name someone we could not greet */
	char *who = name != NULL ? av_strdup(name) : av_text_clean(in->iv->name, false), *line;

	if (who != NULL && strchr(who, '@') != NULL) {
		free(who);
		who = NULL;
	}
	if (who != NULL)
		av_text_cut_chars(who, AV_MESSAGE_NAME_MAX_CHARS);
	line = marker_in(in->iv->email == NULL ? &lw->no_addr : &lw->bad_addr, who);
	free(who);
	return line;
}

/* Choose the words: the tone, the placeholders' values, one variant per section by the
 * panel position, the subject and the body. */
static void
wording_choose(const struct av_templates *tpl, const struct av_draft_input *in, struct wording *w)
{
	const struct av_company *co = NULL;
	const struct av_template *tf;
	const char *company_conf = NULL;
	char **choice, *missing = NULL;
	uint64_t h;

	memset(w, 0, sizeof(*w));
	/* the employer's [company] section: by the interviewer's address, else the employer's
	 * domain */
	if (in->iv->email != NULL)
		co = av_conf_company(in->conf, in->iv->email);
	if (co == NULL && in->domain != NULL)
		co = av_conf_company(in->conf, in->domain);
	if (co == NULL && in->company != NULL && strchr(in->company, '.') != NULL)
		co = av_conf_company(in->conf, in->company);
	w->tone = co != NULL && co->tone_set ? co->tone : in->conf->tone;
	if (co != NULL)
		company_conf = co->name;
	tf = av_templates_get(tpl, in->language, w->tone);
	w->lw = lang_words(tf->language);

	person_names(in->iv, &w->name, &w->first);
	values_make(in, w->lw, w->name, w->first, company_conf, w->val);
	w->to_ok = in->iv->email != NULL && av_addr_header_safe(in->iv->email);
	if (!w->to_ok)
		missing = missing_address_line(in, w->lw, w->name);

	w->pos = panel_position(in);
	choice = av_calloc(tf->n_sections + 1, sizeof(*choice));
	h = mix64(fnv1a(FNV_OFFSET, in->inv->uid != NULL ? in->inv->uid : "",
			in->inv->uid != NULL ? strlen(in->inv->uid) : 0));
	w->variant = choose_variants(tf, w->val, h, w->pos, choice);
	for (size_t i = 0; i < tf->n_subject && w->subject == NULL; i++)
		w->subject = av_template_expand(tf, w->val, choice, tf->subject[i].text);
	if (w->subject != NULL) {
		char *c = av_text_clean(w->subject, false);

		free(w->subject);
		w->subject = c;
	}
	if (w->subject == NULL)
		w->subject = av_strdup(w->lw->subject);
	av_text_cut_chars(w->subject, SUBJECT_MAX_CHARS);
	w->body = body_text(tf, w->val, choice, missing);
	for (size_t s = 0; s < tf->n_sections; s++)
		free(choice[s]);
	free(choice);
	free(missing);
}

enum av_err
av_draft_render(const struct av_templates *tpl, const struct av_draft_input *in,
		struct av_draft *draft_r, char **error_r)
{
	struct av_message_parts parts;
	struct wording w;
	const char *from_addr;
	struct tm tm;
	enum av_err err;

	memset(draft_r, 0, sizeof(*draft_r));
	if (tpl == NULL || in == NULL || in->conf == NULL || in->inv == NULL || in->iv == NULL) {
		av_error_set(error_r, "draft: templates, config, invite and interviewer needed");
		return AV_ERR_DATA;
	}
	/* checked here too, for errors that say what to fix */
	from_addr = in->conf->me.addresses != NULL ? in->conf->me.addresses[0] : NULL;
	if (!av_addr_header_safe(from_addr)) {
		av_error_set(error_r, "draft: no usable address of mine in [me] addresses");
		return AV_ERR_DATA;
	}
	if (!av_message_token_ok(in->token)) {
		av_error_set(error_r, "draft: bad draft token");
		return AV_ERR_DATA;
	}
	if (gmtime_r(&in->now, &tm) == NULL) {
		av_error_set(error_r, "draft: the time is out of range");
		return AV_ERR_DATA;
	}

	wording_choose(tpl, in, &w);
	parts = (struct av_message_parts){
		.from_name = w.val[AV_PH_MY_NAME],
		.from_addr = from_addr,
		.to_name = w.name,
		.to_addr = w.to_ok ? in->iv->email : NULL,
		.subject = w.subject,
		.body = w.body,
		.token = in->token,
		.date = in->now,
	};
	err = av_message_compose(&parts, &draft_r->message, &draft_r->len, &draft_r->message_id,
				 error_r);
	if (err == AV_OK) {
		av_debug(AV_CAT_DRAFT, "draft %s: %s, %s tone, variant %u, panel position %zu%s",
			 in->token, w.lw->code, w.tone == AV_TONE_CASUAL ? "casual" : "formal",
			 w.variant, w.pos, w.to_ok ? "" : ", no usable address");
		draft_r->subject = w.subject;
		w.subject = NULL;
		draft_r->variant = w.variant;
	}
	wording_clear(&w);
	return err;
}

void
av_draft_clear(struct av_draft *draft)
{
	if (draft == NULL)
		return;
	free(draft->message);
	free(draft->message_id);
	free(draft->subject);
	memset(draft, 0, sizeof(*draft));
}
