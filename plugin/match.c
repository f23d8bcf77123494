/* SPDX-License-Identifier: GPL-3.0-or-later */
/* afterview — was each interviewer thanked in time? (design.md "Was each interviewer
 * thanked in time?"). Pure logic on struct av_invite, av_interviewer and av_sent: libc
 * only. Words are matched with av_words_find, so the folding and word-boundary
 * rules are words.h's ('*' lets a word run on, a space matches any white space).
 *
 * Does a sent message say thanks? (av_match_says_thanks)
 *
 *   subject / text                                    result
 *   ------------------------------------------------  -----------------------------------
 *   subject starts with an invitation-reply or auto-   0  (calendar clients write these:
 *   reply prefix: "Accepted:", "Declined:",               "Accepted: Interview" is no
 *   "Tentative:", "Invitation:", "Updated                 thank-you, whatever follows)
 *   invitation:", "Angenommen:", "Accepté :",
 *   "Aceptado:", "Accettato:", "Geaccepteerd:",
 *   "Aceito:", "Automatic reply:", ...
 *   subject has a thanks word (and no scheduling cue   1  ("Thank you for your time today")
 *   unless with a post-interview phrase)
 *   subject has a thanks word and a scheduling cue     0  ("Re: Confirming Thursday – works
 *   without a post-interview phrase, text NULL            for me. Thanks!")
 *   subject has no thanks word, text NULL              -1 (people answer in the old
 *                                                         scheduling thread, so a plain or
 *                                                         scheduling subject does not tell)
 *   otherwise, text given: the person's own words in   see "With the text" below
 *   the first 2 KB of the text (of its first part,
 *   decoded, when it is a raw multipart body; quoted
 *   lines, and
 *   everything from "On … wrote:" (also wrapped over
 *   two lines), "-----Original Message-----", "From:"
 *   or "-- " on, are left out; a closing line
 *   "Thanks," or "Danke" counts only beside a
 *   post-interview phrase)
 *
 * With the text (own words and subject together), first match wins:
 *
 *   own words                                           result
 *   --------------------------------------------------  ---------------------------------
 *   no thanks word (a closing one only counts beside a  0  no thank-you
 *   post-interview phrase)
 *   a post-interview phrase ("for your time", "for the  1  a thank-you, whatever next step
 *   interview", "great to meet"…)                          it also mentions
 *   logistics (scheduling cues, weekdays, clock times,  2  unsure: the thanks is the
 *   "attached", "next round", "see you"…; in the           courtesy of a logistics reply
 *   subject scheduling or next steps only) and either
 *   the text opens with a bare thanks ("Thanks,",          ("Thanks, Thursday at 3pm works
 *   "Thanks!", "Thank you for the update," after any       for the second round.")
 *   greeting), or the text is short and has no
 *   scheduling cue
 *   a "when" phrase ("today", "heute", "hoy"…)          1  (they often date a thank-you)
 *   a scheduling cue                                    0  ("Great, thanks!" in the
 *                                                          scheduling thread)
 *   otherwise                                           1
 *
 * So with the text, a scheduling subject that says thanks is judged by the text: a reply's
 * subject is the thread's ("Re: Thank you for applying" may carry the thank-you).
 * A message whose only thanks is a closing ("Attached is my portfolio. Thanks, Sam") is no
 * thank-you, but "Great to meet you today. … Thanks, Sam" is. A "when" phrase alone does
 * not make a logistics reply a thank-you: "Thanks, today at 3pm works" is unsure.
 * Unsure is the safe side of doubt: the draft stays and status asks the person.
 *
 * Scheduling cues: confirm/reschedule/availability/time-slot words, "works for me",
 * "<weekday> works", "see you then", "looking forward to meeting", "thanks in advance",
 * "for the invite", meeting links, and the words an employer writes ("thank you for
 * applying") that a reply's subject inherits. Post-interview phrases ("for your time",
 * "for the conversation", "for meeting", "for the interview", "today", "great to meet",
 * ...) win over them: a thank-you often mentions the next step. All lists cover English,
 * German, French, Spanish, Italian, Dutch and Portuguese.
 *
 * Which message counts? (av_match_interviewer)
 *   A sent message addressed to the interviewer (To, Cc or Bcc) whose time
 *   (Date, else INTERNALDATE) is at or after the interview's end and no later than now
 *   (plus CLOCK_SKEW_S: a --now replay must not see mail sent after it, but a mail client
 *   whose clock runs a little fast must not make a fresh thank-you invisible), and that
 *   says thanks. A message before the end ("looking forward to meeting you, thanks")
 *   never counts. Among those, the best rank wins, the earliest within a rank:
 *
 *     rank  message                                      state
 *     ----  -------------------------------------------  -------------
 *     1     at or before the deadline, to this           thanked
 *           interviewer only (of the panel)
 *     2     at or before the deadline, to two or more    thanked-group
 *           interviewers of the panel
 *     3     after the deadline (personal or group)       thanked-late
 *
 *   A personal thank-you in time is what the advice asks for, so it wins even when a
 *   group message came first; a group message in time still met the deadline, so it
 *   beats a late personal one; a late group message is reported late, since whether the
 *   deadline was met is the question this module answers.
 *
 *   An unsure reply (AV_THANKS_UNSURE) never counts; when nothing counts, the earliest
 *   one is the verdict's unsure, for status to ask about.
 *
 *   A message whose thanks is unknown (sent[i].thanks == -1 and its subject does not tell)
 *   does not count yet; it sets needs_text when it could rank better than what was found
 *   (it cannot change a "thanked" verdict, so its text is not fetched for nothing).
 *
 *   An interviewer without an address can never be matched: pending or drafted while the
 *   window is open, missed after, by time alone.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "afterview/addr.h"
#include "afterview/interviewers.h"
#include "afterview/match.h"
#include "afterview/text.h"
#include "afterview/util.h"
#include "afterview/words.h"

#define HOUR_S	     3600
#define DAY_S	     86400
#define TEXT_SCAN    2048 /* bytes of a message text read: the thank-you is at the top */
#define CLOSING_MAX  48	  /* a closing line ("Many thanks,") is at most this long */
#define HEAD_MAX     64	  /* an invitation-reply prefix ends with ':' within this many bytes */
#define CLOCK_SKEW_S 300  /* see "Which message counts?" above */
#define SHORT_MAX    400  /* own words up to this long make a short reply */
#define GREETING_MAX 40	  /* a greeting ("Hi Jane,") is at most this long */
#define OPENER_TAIL  40	  /* "Thanks for the update," : the thanks clause's tail at most */

/* ---- word lists ------------------------------------------------------------------- */

/* Subject prefixes (the text before the first ':', white space collapsed) that calendar
 * clients and auto-responders write. */
static const char *const reply_prefixes[] = {
	/* English (Outlook, Google, Apple) */
	"accepted", "declined", "tentative", "tentatively accepted", "invitation",
	"updated invitation", "updated invitation with note", "invitation with note", "canceled",
	"cancelled", "canceled event", "cancelled event", "canceled event with note",
	"cancelled event with note", "new time proposed", "new time proposal", "proposed new time",
	"automatic reply", "auto reply", "auto-reply", "autoreply", "out of office",
	"out of office reply",
	/* German */
	"angenommen", "abgelehnt", "mit vorbehalt angenommen", "mit vorbehalt", "vorläufig",
	"vorläufig angenommen", "zugesagt", "abgesagt", "einladung", "aktualisierte einladung",
	"einladung aktualisiert", "neuer zeitvorschlag", "abwesenheitsnotiz",
	"automatische antwort",
	/* French */
	"accepté", "acceptée", "refusé", "refusée", "provisoire", "accepté provisoirement",
	"invitation mise à jour", "invitation modifiée", "annulé", "annulée",
	"nouvelle heure proposée", "réponse automatique", "absence du bureau",
	/* Spanish */
	"aceptado", "aceptada", "rechazado", "rechazada", "provisional",
	"aceptado provisionalmente", "invitación", "invitación actualizada", "cancelado",
	"cancelada", "nueva hora propuesta", "respuesta automática", "fuera de la oficina",
	/* Italian */
	"accettato", "accettata", "rifiutato", "rifiutata", "provvisorio",
	"accettato provvisoriamente", "invito", "invito aggiornato", "annullato", "annullata",
	"risposta automatica", "fuori sede",
	/* Dutch */
	"geaccepteerd", "geweigerd", "afgewezen", "voorlopig", "voorlopig geaccepteerd",
	"uitnodiging", "bijgewerkte uitnodiging", "geannuleerd", "automatisch antwoord", "afwezig",
	/* Portuguese */
	"aceito", "aceita", "aceite", "recusado", "recusada", "provisório",
	"aceito provisoriamente", "convite", "convite atualizado", "resposta automática",
	"ausente do escritório", NULL};

/* The message is about arranging a meeting, or the thanks is not the person's own. */
static const char *const scheduling_cues[] = {
	/* English */
	"confirm*", "reschedul*", "re-schedul*", "schedul*", "availability", "available",
	"unavailable", "time slot*", "timeslot*", "slot", "slots", "works for me", "works for us",
	"works for you", "works for both", "that works", "this works", "works fine",
	"works well for me", "monday works", "tuesday works", "wednesday works", "thursday works",
	"friday works", "saturday works", "sunday works", "see you then", "see you on",
	"see you tomorrow", "see you next", "looking forward to meeting", "look forward to meeting",
	"looking forward to speaking", "look forward to speaking", "looking forward to our",
	"look forward to our", "in advance", "for the invite", "for the invitation", "the link",
	"meeting link", "zoom link", "teams link", "for applying", "for your application",
	"for your interest",
	/* German */
	"bestätig*", "terminbestätigung", "terminvorschlag*", "terminverschiebung",
	"terminabsprache", "terminfindung", "neuer termin", "verschieb*", "verfügbar*",
	"zeitfenster", "passt mir", "passt gut", "passt für mich", "geht für mich", "bis dann",
	"bis morgen", "im voraus", "vorab", "für die einladung", "für ihre bewerbung",
	"für deine bewerbung", "für ihr interesse",
	/* French */
	"créneau*", "disponib*", "reporter le", "reprogrammer", "ça me va", "cela me convient",
	"me convient", "à demain", "d'avance", "par avance", "pour l'invitation",
	"pour votre candidature", "pour ta candidature", "pour votre intérêt",
	/* Spanish */
	"reprogram*", "horario*", "me va bien", "me viene bien", "me funciona", "hasta mañana",
	"nos vemos", "por adelantado", "de antemano", "por la invitación", "por su candidatura",
	"por tu candidatura", "por su interés",
	/* Italian */
	"conferm*", "riprogramm*", "orario", "mi va bene", "va bene per me", "a domani",
	"in anticipo", "per l'invito", "per la candidatura", "per il suo interesse",
	/* Dutch */
	"bevestig*", "beschikbaar*", "tijdslot*", "tijdstip", "verzetten", "verplaatsen",
	"past mij", "komt mij goed uit", "komt me goed uit", "tot dan", "tot morgen", "alvast",
	"voor de uitnodiging", "voor je sollicitatie", "voor uw sollicitatie",
	/* Portuguese */
	"reagend*", "horário*", "funciona para mim", "fica bom", "até amanhã", "até lá",
	"antecipadamente", "desde já", "pelo convite", "pela candidatura", "pelo seu interesse",
	NULL};

/* The thanks is for the interview that just ended. */
static const char *const post_interview[] = {
	/* English */
	"for your time", "for taking the time", "for taking time", "for the time", "for meeting",
	"for speaking", "for talking", "for the conversation", "for the great conversation",
	"for the chat", "for the great chat", "for the call", "for the interview",
	"for interviewing", "for the opportunity", "for the discussion", "for having me",
	"for hosting", "for showing me", "for walking me", "for the tour", "great to meet",
	"nice to meet", "good to meet", "great meeting", "nice meeting", "pleasure meeting",
	"pleasure to meet", "pleasure speaking", "great speaking", "great talking", "nice speaking",
	"nice talking", "enjoyed",
	/* German */
	"für ihre zeit", "für deine zeit", "für eure zeit", "für die zeit", "für das gespräch",
	"für das angenehme gespräch", "für das nette gespräch", "für das gute gespräch",
	"für das interessante gespräch", "für das freundliche gespräch", "für das interview",
	"für die gelegenheit", "zeit genommen", "kennenzulernen",
	/* French */
	"pour votre temps", "pour ton temps", "pour le temps", "pour l'entretien",
	"pour cet entretien", "pour notre entretien", "pour l'échange", "pour cet échange",
	"pour notre échange", "pour la conversation", "pour notre conversation",
	"pour l'opportunité", "de m'avoir reçu*",
	/* Spanish */
	"por su tiempo", "por tu tiempo", "por el tiempo", "por la entrevista",
	"por la conversación", "por la charla", "por la reunión", "por la oportunidad",
	"por recibirme", "conocerle", "conocerte",
	/* Italian */
	"per il tempo", "per il suo tempo", "per il tuo tempo", "per il colloquio",
	"per la conversazione", "per l'incontro", "per l'opportunità", "per avermi*",
	/* Dutch */
	"voor je tijd", "voor uw tijd", "voor de tijd", "voor het gesprek",
	"voor het fijne gesprek", "voor het prettige gesprek", "voor het leuke gesprek",
	"voor het interview", "voor de kans",
	/* Portuguese */
	"pelo seu tempo", "pelo teu tempo", "pelo tempo", "pela entrevista", "pela conversa",
	"pela oportunidade", "por me receber", NULL};

/* When the interview was: a thank-you often says it, but so does a logistics reply
 * ("today at 3pm works"), so these count as post-interview only where nothing is
 * logistics. */
static const char *const post_when[] = {"today",
					"yesterday",
					"this morning",
					"this afternoon",
					"this evening",
					"heute",
					"gestern",
					"heute morgen",
					"aujourd'hui",
					"ce matin",
					"cet après-midi",
					"hoy",
					"ayer",
					"esta mañana",
					"esta tarde",
					"oggi",
					"ieri",
					"stamattina",
					"questo pomeriggio",
					"vandaag",
					"gisteren",
					"vanochtend",
					"vanmiddag",
					"hoje",
					"ontem",
					"esta manhã",
					NULL};

/* Next steps: what a reply's subject says when the thread is about the next round. */
static const char *const next_step_cues[] = {"next round",
					     "second round",
					     "third round",
					     "final round",
					     "next step*",
					     "next stage",
					     "zweite runde",
					     "nächste runde",
					     "nächste schritte",
					     "nächsten schritte",
					     "nächster schritt",
					     "deuxième tour",
					     "second tour",
					     "prochain tour",
					     "prochaine étape*",
					     "prochaines étapes",
					     "segunda ronda",
					     "siguiente ronda",
					     "próxima ronda",
					     "próximos pasos",
					     "siguientes pasos",
					     "secondo colloquio",
					     "prossimi passi",
					     "prossimo passo",
					     "tweede ronde",
					     "volgende ronde",
					     "volgende stap*",
					     "segunda rodada",
					     "próxima etapa",
					     "próximos passos",
					     NULL};

/* Logistics a short reply is about, beside scheduling_cues and next_step_cues (clock
 * times such as "3pm", "15:00", "15 Uhr", "15h30" are found by has_clock_time). */
static const char *const logistics_cues[] = {
	/* English */
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "tomorrow",
	"next week", "works for", "that works", "works fine", "works great", "works perfectly",
	"see you", "sounds good", "will do", "got it", "noted", "attached", "attaching",
	"attachment", "enclosed", "reference list", "references", "referees", "calendar", "invite",
	"directions",
	/* German */
	"montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag",
	"nächste woche", "nächsten woche", "passt", "klappt", "geht klar", "klingt gut",
	"in ordnung", "anbei", "im anhang", "angehängt", "referenzen", "termin", "termine",
	"kalender",
	/* French */
	"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "demain",
	"semaine prochaine", "ça marche", "c'est noté", "entendu", "ci-joint", "ci-jointe",
	"pièce jointe", "pièces jointes", "en pj", "rendez-vous", "rdv", "à bientôt",
	/* Spanish */
	"lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo", "mañana",
	"próxima semana", "semana que viene", "de acuerdo", "perfecto", "adjunto", "adjunta",
	"adjuntos", "referencias", "calendario",
	/* Italian */
	"lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica", "domani",
	"prossima settimana", "va bene", "perfetto", "d'accordo", "allegato", "in allegato",
	"allego",
	/* Dutch */
	"maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag",
	"volgende week", "klinkt goed", "akkoord", "bijlage", "bijgevoegd",
	/* Portuguese */
	"segunda-feira", "terça-feira", "quarta-feira", "quinta-feira", "sexta-feira", "amanhã",
	"próxima semana", "combinado", "em anexo", "anexo", NULL};

/* What a greeting starts with ("Hi Jane,", "Sehr geehrte Frau Doe,", "Hola Jane:"). */
static const char *const greetings[] = {
	"hi",	   "hello",	 "hey",	     "dear",	      "good morning", "good afternoon",
	"hallo",   "liebe",	 "lieber",   "sehr geehrte*", "guten tag",    "guten morgen",
	"moin",	   "servus",	 "bonjour",  "bonsoir",	      "salut",	      "cher",
	"chère",   "hola",	 "estimado", "estimada",      "buenos días",  "buenas tardes",
	"querido", "querida",	 "ciao",     "salve",	      "gentile",      "caro",
	"cara",	   "buongiorno", "beste",    "geachte",	      "hoi",	      "olá",
	"ola",	   "prezado",	 "prezada",  "bom dia",	      "boa tarde",    NULL};

/* A line that opens an attribution wrapped over two lines ("On Tue, 17 Nov 2026 at 10:00,
 * Jane Doe <" / "jane.doe@acme.com> wrote:") starts with one of these. */
static const char *const attribution_openers[] = {"on ", "am ", "le ",	"el ", "il ",
						  "op ", "em ", "den ", NULL};

/* The line that introduces a quoted original has one of these and ends with ':'. */
static const char *const attribution_words[] = {"wrote",      "schrieb", "a écrit",  "escribió",
						"ha scritto", "schreef", "escreveu", NULL};

/* Header lines of an Outlook-style quoted original. */
static const char *const quote_headers[] = {
	"from:", "von:", "de:", "de :", "da:", "van:", "sent:", NULL};

static const char *
find_in(const char *text, const char *const *list)
{
	/* av_words_find takes the type of the loaded lists; it never writes to them */
	return av_words_find(text, (char *const *)list);
}

/* ---- text helpers ------------------------------------------------------------------ */

/* Length of s[0..n) without trailing white space. */
static size_t
trim_end(const char *s, size_t n)
{
	while (n > 0) {
		if (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r')
			n--;
		else if (n >= 2 && (unsigned char)s[n - 2] == 0xc2 &&
			 (unsigned char)s[n - 1] == 0xa0)
			n -= 2;
		else if (n >= 3 && memcmp(s + n - 3, "\xe2\x80\xaf", 3) == 0)
			n -= 3;
		else
			break;
	}
	return n;
}

/* Is list entry e exactly the (collapsed, NUL-terminated) text t? words.c's folding
 * keeps UTF-8 lengths, so a match of e in t that is as long as t is all of t. */
static bool
is_exactly(const char *t, const char *e)
{
	const char *one[] = {e, NULL};

	return strlen(t) == strlen(e) && find_in(t, one) != NULL;
}

/* ---- av_match_says_thanks ------------------------------------------------------------ */

/* Does the subject start with "Accepted:", "Einladung:", "Réponse automatique :"...? */
static bool
is_reply_prefix(const char *subject)
{
	char head[HEAD_MAX + 1];
	size_t n = strlen(subject), i = 0, o = 0;

	while (av_text_space_at(subject, n, i) > 0)
		i += av_text_space_at(subject, n, i);
	/* copy up to the first ':' (ASCII or fullwidth), collapsing white space */
	for (; i < n; i++) {
		size_t sp = av_text_space_at(subject, n, i);

		if (subject[i] == ':' ||
		    (n - i >= 3 && memcmp(subject + i, "\xef\xbc\x9a", 3) == 0))
			break;
		if (o >= HEAD_MAX)
			return false;
		if (sp > 0) {
			if (o > 0 && head[o - 1] != ' ')
				head[o++] = ' ';
			i += sp - 1;
		} else {
			head[o++] = subject[i];
		}
	}
	if (i >= n)
		return false;
	while (o > 0 && head[o - 1] == ' ')
		o--;
	head[o] = '\0';
	if (o == 0)
		return false;
	for (size_t k = 0; reply_prefixes[k] != NULL; k++)
		if (is_exactly(head, reply_prefixes[k]))
			return true;
	return false;
}

/* A scheduling cue with no post-interview phrase in s (NULL: none). */
static bool
scheduling_only(const char *s)
{
	return find_in(s, scheduling_cues) != NULL && find_in(s, post_interview) == NULL &&
	       find_in(s, post_when) == NULL;
}

/* Is this line (trimmed, NUL-terminated) where a quoted original or the signature starts? */
static bool
quote_starts(const char *line, size_t n)
{
	/* "-----Original Message-----", "----- Ursprüngliche Nachricht -----"; both ends, so
	 * a MIME boundary ("------=_Part_12") in a raw body is not taken for one */
	if (n > 10 && strncmp(line, "-----", 5) == 0 && strcmp(line + n - 5, "-----") == 0)
		return true;
	if (n >= 8 && strspn(line, "_") >= 8) /* Outlook's separator rule */
		return true;
	if (n == 2 && strncmp(line, "--", 2) == 0) /* signature ("-- " trimmed) */
		return true;
	for (size_t k = 0; quote_headers[k] != NULL; k++)
		if (av_text_starts_ci(line + strspn(line, "*"), n - strspn(line, "*"),
				      quote_headers[k]))
			return true;
	/* "On … Jane <jane@acme.com> wrote:", but also "Am … schrieb Jane <…>:" (German and
	 * Dutch put the verb before the name) */
	return line[n - 1] == ':' && find_in(line, attribution_words) != NULL;
}

/* Is the line line[0..n) (trimmed, NUL-terminated) the first half of an attribution that
 * wraps, the second half being the next line of text[0..tn) from next on? Mail clients
 * wrap a long "On 17 Nov 2026, Jane Doe <jane@acme.com> wrote:" before the address (or
 * inside the verb: "… a" / "écrit :"). */
static bool
attribution_wraps(const char *line, size_t n, const char *text, size_t tn, size_t next)
{
	const char *nl;
	size_t end, len;
	char *joined;
	bool res = false;

	for (size_t k = 0; attribution_openers[k] != NULL && !res; k++)
		res = av_text_starts_ci(line, n, attribution_openers[k]);
	/* the first half carries the date: "On second thought" opens no attribution */
	if (!res || line[n - 1] == ':' || strpbrk(line, "0123456789") == NULL)
		return false;
	while (next < tn && av_text_space_at(text, tn, next) > 0)
		next += av_text_space_at(text, tn, next);
	if (next >= tn) /* the line was the last one */
		return false;
	nl = memchr(text + next, '\n', tn - next);
	end = nl ? (size_t)(nl - text) : tn;
	len = trim_end(text + next, end - next);
	if (len == 0 || text[next + len - 1] != ':')
		return false;
	joined = av_asprintf("%s %.*s", line, (int)len, text + next);
	res = find_in(joined, attribution_words) != NULL;
	free(joined);
	return res;
}

/* A closing formula, not thanks for the interview: "Thanks," "Vielen Dank und Grüße,"
 * (short, ends with ','), or a line that is a thanks word and nothing else ("Thanks"
 * above the name). line is NUL-terminated and trimmed. */
static bool
is_closing(const char *line, size_t n, const struct av_wordlists *words)
{
	const char *hit = av_words_find(line, words->thanks);
	size_t core;

	if (hit == NULL)
		return false;
	if (n <= CLOSING_MAX && line[n - 1] == ',')
		return true;
	core = strlen(hit) - (hit[0] == '*') - (hit[0] != '\0' && hit[strlen(hit) - 1] == '*');
	return n <= core;
}

/* ---- a raw multipart body ------------------------------------------------------------ */

/* The line of s[0..n) at *pos (trimmed: *len_r bytes from the returned offset); *pos moves
 * past it. */
static size_t
next_line(const char *s, size_t n, size_t *pos, size_t *len_r)
{
	const char *nl = memchr(s + *pos, '\n', n - *pos);
	size_t start = *pos, end = nl ? (size_t)(nl - s) : n;

	*pos = nl ? end + 1 : n;
	*len_r = trim_end(s + start, end - start);
	return start;
}

/* A MIME delimiter line: "--" and a boundary (no white space), at most 72 bytes. */
static bool
is_delimiter(const char *line, size_t len)
{
	if (len < 3 || len > 76 || line[0] != '-' || line[1] != '-')
		return false;
	for (size_t i = 2; i < len; i++)
		if (line[i] == ' ' || line[i] == '\t')
			return false;
	return true;
}

static int
hex_value(char c)
{
	if (av_ascii_digit(c))
		return c - '0';
	c = av_ascii_lower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Quoted-printable s[0..n) decoded (soft line breaks joined) into out. */
static void
qp_decode(struct av_buf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		size_t k = i + 1;

		if (s[i] != '=') {
			av_buf_append(out, s + i, 1);
			continue;
		}
		while (k < n && (s[k] == ' ' || s[k] == '\t' || s[k] == '\r'))
			k++;
		if (k >= n || s[k] == '\n') { /* soft line break */
			i = k;
		} else if (i + 2 < n && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
			char c = (char)(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));

			av_buf_append(out, &c, 1);
			i += 2;
		} else {
			av_buf_append(out, s + i, 1);
		}
	}
}

/* Base64 s[0..n) decoded into out; other bytes (line breaks) skipped, a cut quantum
 * dropped. */
static void
base64_decode(struct av_buf *out, const char *s, size_t n)
{
	static const char alphabet[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	unsigned long acc = 0;
	int bits = 0;

	for (size_t i = 0; i < n && s[i] != '='; i++) {
		const char *p = s[i] != '\0' ? strchr(alphabet, s[i]) : NULL;

		if (p == NULL)
			continue;
		acc = (acc << 6) | (unsigned long)(p - alphabet);
		bits += 6;
		if (bits >= 8) {
			char c = (char)((acc >> (bits - 8)) & 0xff);

			av_buf_append(out, &c, 1);
			bits -= 8;
		}
	}
}

/* When text[0..n) is a raw multipart body (a "--boundary" line within its first lines,
 * then part headers), the first part's text: decoded (quoted-printable, base64), HTML
 * made plain, a nested multipart entered; malloc'd. NULL when text is no multipart body.
 * Only the first part is the person's letter: the next is its HTML twin or an
 * attachment, and an HTML twin carries the quoted original without '>' marks. */
static char *
first_part(const char *text, size_t n, int depth)
{
	size_t pos = 0, len = 0, at = 0, body, end;
	char *boundary = NULL, *res = NULL;
	bool qp = false, b64 = false, html = false, multi = false;
	struct av_buf out;

	/* a preamble ("This is a multi-part message in MIME format.") may come first */
	for (int lines = 0; lines < 4 && pos < n && boundary == NULL; lines++) {
		at = next_line(text, n, &pos, &len);
		if (is_delimiter(text + at, len))
			boundary = av_strndup(text + at, len);
	}
	if (boundary == NULL || depth > 4)
		goto out;
	at = next_line(text, n, &(size_t){pos}, &len);
	if (len != 0 && !av_text_starts_ci(text + at, len, "content-"))
		goto out;
	/* the part's headers, up to the blank line */
	while (pos < n) {
		at = next_line(text, n, &pos, &len);
		if (len == 0)
			break;
		if (av_text_starts_ci(text + at, len, "content-transfer-encoding:")) {
			qp = av_text_find_ci(text + at, "quoted-printable") != NULL;
			b64 = av_text_find_ci(text + at, "base64") != NULL;
		}
		if (av_text_starts_ci(text + at, len, "content-type:")) {
			html = av_text_find_ci(text + at, "text/html") != NULL;
			multi = av_text_find_ci(text + at, "multipart/") != NULL;
		}
	}
	body = end = pos;
	while (pos < n) {
		at = next_line(text, n, &pos, &len);
		if (len >= strlen(boundary) && memcmp(text + at, boundary, strlen(boundary)) == 0)
			break;
		end = pos;
	}
	if (multi) {
		res = first_part(text + body, end - body, depth + 1);
		goto out;
	}
	av_buf_init(&out);
	if (qp)
		qp_decode(&out, text + body, end - body);
	else if (b64)
		base64_decode(&out, text + body, end - body);
	else
		av_buf_append(&out, text + body, end - body);
	res = av_buf_steal(&out);
	if (html) {
		char *plain = av_text_from_html(res, strlen(res));

		if (plain != NULL) {
			free(res);
			res = plain;
		}
	}
out:
	free(boundary);
	return res;
}

/* The person's own words in the first TEXT_SCAN bytes of text (malloc'd), closing lines
 * left out; *closing_thanks_r tells whether one of those said thanks. */
static char *
own_words(const char *text, const struct av_wordlists *words, bool *closing_thanks_r)
{
	size_t n = strlen(text), pos = 0;
	struct av_buf out;

	*closing_thanks_r = false;
	n = av_utf8_boundary(text, n, TEXT_SCAN);
	av_buf_init(&out);
	while (pos < n) {
		const char *nl = memchr(text + pos, '\n', n - pos);
		size_t end = nl ? (size_t)(nl - text) : n, start = pos, len;
		char *line;

		pos = end + 1;
		while (start < end && av_text_space_at(text, end, start) > 0)
			start += av_text_space_at(text, end, start);
		len = trim_end(text + start, end - start);
		if (len == 0 || text[start] == '>')
			continue;
		line = av_strndup(text + start, len);
		if (quote_starts(line, len) || attribution_wraps(line, len, text, n, pos)) {
			free(line);
			break;
		}
		if (is_closing(line, len, words)) {
			*closing_thanks_r = true;
		} else {
			av_buf_append(&out, line, len);
			av_buf_puts(&out, "\n");
		}
		free(line);
	}
	return av_buf_steal(&out);
}

/* Does s (NULL: no) name a clock time: "3pm", "3 p.m.", "15:00", "15.30", "15 Uhr",
 * "15h", "15h30"? */
static bool
has_clock_time(const char *s)
{
	for (size_t i = 0; s != NULL && s[i] != '\0'; i++) {
		size_t j = i, d;

		if (!av_ascii_digit(s[i]) ||
		    (i > 0 && (av_ascii_digit(s[i - 1]) || av_words_word_before(s, i))))
			continue;
		while (av_ascii_digit(s[j]))
			j++;
		d = j - i;
		i = j - 1;
		if (d > 2)
			continue;
		if ((s[j] == ':' || s[j] == '.') && av_ascii_digit(s[j + 1]) &&
		    av_ascii_digit(s[j + 2]) && !av_ascii_digit(s[j + 3]))
			return true;
		if (s[j] == ' ')
			j++;
		if (av_text_starts_ci(s + j, strlen(s + j), "a.m") ||
		    av_text_starts_ci(s + j, strlen(s + j), "p.m"))
			return true;
		for (const char *const *u = (const char *const[]){"am", "pm", "uhr", "h", NULL}; *u;
		     u++) {
			size_t ul = strlen(*u);

			if (av_text_starts_ci(s + j, strlen(s + j), *u) &&
			    (!av_ascii_alpha(s[j + ul]) || (ul == 1 && av_ascii_digit(s[j + ul]))))
				return true;
		}
	}
	return false;
}

/* Are the own words own about arranging something (a scheduling cue, a next step, a
 * logistics word, a clock time), or the subject (NULL: no) about scheduling or next
 * steps? A subject's day and time are the invite's, not the reply's. */
static bool
is_logistics(const char *own, const char *subject)
{
	return find_in(own, scheduling_cues) != NULL || find_in(own, next_step_cues) != NULL ||
	       find_in(own, logistics_cues) != NULL || has_clock_time(own) ||
	       (subject != NULL && (find_in(subject, scheduling_cues) != NULL ||
				    find_in(subject, next_step_cues) != NULL));
}

/* Does folded line t[0..n) start with an entry of list (at offset 0)? *end_r: where the
 * match ends. */
static bool
starts_with(const char *t, size_t n, const char *const *list, size_t *end_r)
{
	size_t np;
	struct av_words_pat *pats = av_words_compile(list, &np);
	struct av_words_span sp;
	bool res = false;

	for (size_t k = 0; k < np && !res; k++)
		if (av_words_pat_find(&pats[k], t, n, NULL, 0, &sp) && sp.start == 0) {
			*end_r = sp.end;
			res = true;
		}
	free(pats);
	return res;
}

/* Where the clause of t[from..n) ends: at ',', '.', '!', '?', ';', ':', a dash or the end. */
static size_t
clause_end(const char *t, size_t n, size_t from)
{
	for (size_t i = from; i < n; i++) {
		if (strchr(",.!?;:\n", t[i]) != NULL)
			return i;
		if (n - i >= 3 && (memcmp(t + i, "\xe2\x80\x94", 3) == 0 ||
				   memcmp(t + i, "\xe2\x80\x93", 3) == 0))
			return i;
		if (n - i >= 3 && memcmp(t + i, " - ", 3) == 0)
			return i;
	}
	return n;
}

/* Do the own words open, after any greeting, with a bare thanks: "Thanks,", "Thanks!",
 * "Thank you —", "Thanks for the update,"? */
static bool
opens_with_thanks(const char *own, const struct av_wordlists *words)
{
	size_t n = strlen(own), pos = 0, end = 0;
	char *t = av_text_fold(own, n);
	bool res = false;

	for (int lines = 0; lines < 2 && pos < n; lines++) {
		const char *nl = memchr(t + pos, '\n', n - pos);
		size_t le = nl ? (size_t)(nl - t) : n, g = 0;
		char *line = av_strndup(t + pos, le - pos);
		bool greeting = starts_with(line, le - pos, greetings, &g);
		bool says = av_words_find(line, words->thanks) != NULL;

		free(line);
		if (says || le == pos || le - pos > GREETING_MAX)
			break;
		if (!greeting && t[le - 1] != ',' && t[le - 1] != ':')
			break;
		pos = le + 1;
	}
	/* a greeting on the thanks' line: "Hi Jane, thanks — attached is…" */
	if (starts_with(t + pos, n - pos, greetings, &end)) {
		size_t c = clause_end(t, n, pos + end);

		if (c < n && c - pos <= GREETING_MAX && t[c] != '\n')
			pos = c + 1;
	}
	/* white space and an opening "¡" or quote mark before the thanks */
	while (pos < n) {
		if (av_text_space_at(t, n, pos) > 0)
			pos += av_text_space_at(t, n, pos);
		else if (t[pos] == '"' || t[pos] == '*')
			pos++;
		else if (n - pos >= 2 && (memcmp(t + pos, "\xc2\xa1", 2) == 0 ||
					  memcmp(t + pos, "\xc2\xbf", 2) == 0))
			pos += 2;
		else
			break;
	}
	if (starts_with(t + pos, n - pos, (const char *const *)words->thanks, &end))
		res = clause_end(t, n, pos + end) - (pos + end) <= OPENER_TAIL;
	free(t);
	return res;
}

enum av_thanks
av_match_says_thanks(const char *subject, const char *text, const struct av_wordlists *words)
{
	bool thanks, closing_thanks, sched, post, when, logistics, opener, brief;
	char *own, *part;

	if (words == NULL)
		return AV_THANKS_UNKNOWN;
	if (subject != NULL && is_reply_prefix(subject))
		return AV_THANKS_NO;
	if (subject != NULL && av_words_find(subject, words->thanks) != NULL) {
		if (!scheduling_only(subject))
			return AV_THANKS_YES;
		if (text == NULL)
			return AV_THANKS_NO;
	}
	if (text == NULL)
		return AV_THANKS_UNKNOWN;
	part = first_part(text, strlen(text), 0);
	own = own_words(part != NULL ? part : text, words, &closing_thanks);
	free(part);
	thanks = av_words_find(own, words->thanks) != NULL;
	sched = find_in(own, scheduling_cues) != NULL ||
		(subject != NULL && find_in(subject, scheduling_cues) != NULL);
	post = find_in(own, post_interview) != NULL ||
	       (subject != NULL && find_in(subject, post_interview) != NULL);
	when = find_in(own, post_when) != NULL ||
	       (subject != NULL && find_in(subject, post_when) != NULL);
	logistics = is_logistics(own, subject);
	opener = thanks && opens_with_thanks(own, words);
	brief = strlen(own) <= SHORT_MAX;
	free(own);
	if (!thanks && !(closing_thanks && (post || when)))
		return AV_THANKS_NO;
	if (post)
		return AV_THANKS_YES;
	if (logistics && (opener || (brief && !sched)))
		return AV_THANKS_UNSURE;
	if (when)
		return AV_THANKS_YES;
	return sched ? AV_THANKS_NO : AV_THANKS_YES;
}

/* ---- av_match_send_by ---------------------------------------------------------------- */

/* Days since the epoch of local time t + off, rounded down (times before 1970 too). */
static time_t
local_day(time_t t, int off)
{
	time_t l = t + off, d = l / DAY_S;

	return (l % DAY_S != 0 && l < 0) ? d - 1 : d;
}

/* UTC time of hour:00 local on local day day. */
static time_t
local_at(time_t day, int hour, int off)
{
	return day * DAY_S + (time_t)hour * HOUR_S - off;
}

/* The first 09:00 local strictly after t. */
static time_t
next_nine(time_t t, int off)
{
	time_t day = local_day(t, off), at = local_at(day, 9, off);

	return at > t ? at : local_at(day + 1, 9, off);
}

time_t
av_match_send_by(time_t start, time_t end, int utc_offset, time_t deadline)
{
	time_t day = local_day(start, utc_offset), by;

	/* A morning interview leaves the afternoon: 18:00 the same day, when it ended by 17:00
	 * that day (an hour to write). Otherwise the next morning at 09:00, the first after
	 * the end (an all-day onsite ending at midnight: that morning). The offset is the one
	 * at the start (contract), so a DST change that night moves 09:00 by an hour. */
	if (start < local_at(day, 12, utc_offset) && end <= local_at(day, 17, utc_offset))
		by = local_at(day, 18, utc_offset);
	else
		by = next_nine(end, utc_offset);
	if (by > deadline)
		by = deadline;
	/* Checked last, so it wins when deadline < end (not from av_match_interviewer): a
	 * thank-you sent before the end never counts, one after the deadline still does. */
	if (by < end)
		by = end;
	return by;
}

/* ---- av_match_interviewer ------------------------------------------------------------ */

enum rank {
	RANK_NONE,
	RANK_LATE,
	RANK_GROUP,
	RANK_PERSONAL,
};

static bool
addressed_to(const struct av_sent *s, const char *email)
{
	for (char **r = s->recipients; r != NULL && *r != NULL; r++)
		if (av_addr_same(*r, email))
			return true;
	return false;
}

/* Does s go to an interviewer of the panel other than iv? Each address counts once, so
 * a panel listing one person twice does not make a personal message a group one. */
static bool
to_other_interviewer(const struct av_sent *s, const struct av_interviewer *iv,
		     const struct av_interviewer *panel, size_t n_panel)
{
	for (size_t i = 0; i < n_panel; i++) {
		const char *e = panel[i].email;

		if (e == NULL || e[0] == '\0' || av_addr_same(e, iv->email))
			continue;
		if (addressed_to(s, e))
			return true;
	}
	return false;
}

static const char *const state_names[] = {
	[AV_STATE_NOT_DUE] = "not-due",
	[AV_STATE_PENDING] = "pending",
	[AV_STATE_DRAFTED] = "drafted",
	[AV_STATE_THANKED] = "thanked",
	[AV_STATE_THANKED_LATE] = "thanked-late",
	[AV_STATE_THANKED_GROUP] = "thanked-group",
	[AV_STATE_MISSED] = "missed",
	[AV_STATE_CANCELLED] = "cancelled",
};

const char *
av_state_name(enum av_state state)
{
	if ((size_t)state >= sizeof(state_names) / sizeof(state_names[0]) ||
	    state_names[state] == NULL)
		return "unknown";
	return state_names[state];
}

#define HIGH_BITS 0x8080808080808080ull
#define ONE_BYTES 0x0101010101010101ull

/* The eight ASCII bytes of w with their capitals in lower case: the bytes 'A' to 'Z' are
 * those that reach 0x80 when 0x80 - 'A' is added but not when 0x80 - 'Z' - 1 is (no byte
 * carries into the next, as all are below 0x80). */
static uint64_t
lower8(uint64_t w)
{
	uint64_t from_a = w + ONE_BYTES * (0x80 - 'A'), past_z = w + ONE_BYTES * (0x80 - 'Z' - 1);

	return w | ((from_a & ~past_z & HIGH_BITS) >> 2);
}

static uint64_t
mix8(uint64_t h, uint64_t w)
{
	h = (h ^ w) * 0x9e3779b97f4a7c15ull;
	return h ^ (h >> 32);
}

/* h mixed with s[0..n) folded as av_text_fold folds, eight bytes at a time: ASCII (nearly
 * every address) is lowered here without a copy, since av_text_fold folds ASCII to lower
 * case byte by byte (and keeps the length); anything else is hashed from av_text_fold's
 * copy, the same key for the same folded text. */
static uint64_t
hash_folded(uint64_t h, const char *s, size_t n)
{
	uint64_t h0 = h;
	size_t i;
	char *f;

	for (i = 0; i < n; i += 8) {
		uint64_t w = 0;

		memcpy(&w, s + i, n - i < 8 ? n - i : 8);
		if ((w & HIGH_BITS) != 0)
			break;
		h = mix8(h, lower8(w));
	}
	if (i >= n)
		return mix8(h, n);
	h = h0;
	f = av_text_fold(s, n);
	for (i = 0; i < n; i += 8) {
		uint64_t w = 0;

		memcpy(&w, f + i, n - i < 8 ? n - i : 8);
		h = mix8(h, w);
	}
	free(f);
	return mix8(h, n);
}

/* An address's key as av_addr_same compares addresses: a hash of the folded local part
 * (up to a +tag), '@' and the folded domain; an address without '@' whole, marked. */
static uint64_t
addr_key(const char *addr)
{
	const char *a = av_addr_skip_mailto(addr), *d = av_addr_domain(a), *l;
	uint64_t h = 1469598103934665603ull;
	size_t ll;

	if (d == NULL) {
		l = a;
		ll = strlen(a);
		h = mix8(h, 0x01);
	} else {
		av_addr_local(a, &l, &ll);
	}
	h = hash_folded(h, l, ll);
	if (d != NULL) {
		h = mix8(h, '@');
		h = hash_folded(h, d, strlen(d));
	}
	return h;
}

/* Sort v[0..n) by hash, keeping the order of equal hashes: a radix sort, a byte at a time
 * from the lowest. v comes in sent's order, so it leaves by hash, then k, as qsort with a
 * (hash, k) comparison would, at a fraction of the cost for ~90,000 recipients. */
static void
sort_keys(struct av_sent_key *v, size_t n)
{
	struct av_sent_key *tmp = av_calloc(n, sizeof(*tmp)), *from = v, *to = tmp;
	size_t count[8][256] = {{0}};

	for (size_t i = 0; i < n; i++)
		for (unsigned b = 0; b < 8; b++)
			count[b][(v[i].hash >> (8 * b)) & 0xff]++;
	for (unsigned b = 0; b < 8; b++) {
		size_t pos = 0;

		for (unsigned d = 0; d < 256; d++) {
			size_t c = count[b][d];

			count[b][d] = pos;
			pos += c;
		}
		for (size_t i = 0; i < n; i++)
			to[count[b][(from[i].hash >> (8 * b)) & 0xff]++] = from[i];
		from = to;
		to = from == v ? tmp : v;
	}
	/* eight passes: the result is back in v */
	free(tmp);
}

void
av_sent_index_build(struct av_sent_index *idx, const struct av_sent *sent, size_t n_sent)
{
	size_t n = 0;

	memset(idx, 0, sizeof(*idx));
	for (size_t k = 0; k < n_sent; k++)
		for (char **r = sent[k].recipients; r != NULL && *r != NULL; r++)
			n++;
	idx->v = av_calloc(n + 1, sizeof(*idx->v));
	for (size_t k = 0; k < n_sent; k++)
		for (char **r = sent[k].recipients; r != NULL && *r != NULL; r++) {
			idx->v[idx->n].hash = addr_key(*r);
			idx->v[idx->n++].k = k;
		}
	if (idx->n > 1)
		sort_keys(idx->v, idx->n);
}

void
av_sent_index_clear(struct av_sent_index *idx)
{
	if (idx == NULL)
		return;
	free(idx->v);
	memset(idx, 0, sizeof(*idx));
}

void
av_match_interviewer(const struct av_invite *inv, bool cancelled, const struct av_interviewer *iv,
		     const struct av_interviewer *panel, size_t n_panel, const struct av_sent *sent,
		     size_t n_sent, const struct av_sent_index *idx,
		     const struct av_wordlists *words, unsigned window_hours, bool drafted,
		     time_t now, struct av_verdict *verdict_r)
{
	static const enum av_state rank_state[] = {
		[RANK_LATE] = AV_STATE_THANKED_LATE,
		[RANK_GROUP] = AV_STATE_THANKED_GROUP,
		[RANK_PERSONAL] = AV_STATE_THANKED,
	};
	enum rank best = RANK_NONE, unknown = RANK_NONE;
	time_t best_t = 0, unsure_t = 0;
	const struct av_sent *unsure = NULL;

	memset(verdict_r, 0, sizeof(*verdict_r));
	verdict_r->deadline = inv->end + (time_t)window_hours * HOUR_S;
	verdict_r->send_by =
		av_match_send_by(inv->start, inv->end, inv->utc_offset, verdict_r->deadline);
	if (cancelled || inv->cancelled) {
		verdict_r->state = AV_STATE_CANCELLED;
		return;
	}
	if (now < inv->end) {
		verdict_r->state = AV_STATE_NOT_DUE;
		return;
	}
	/* with the index, only the messages that went to an address with iv's key, in the
	 * order of sent (the verdict does not depend on how they were found) */
	size_t from = 0, to = n_sent;

	if (idx != NULL && iv->email != NULL && iv->email[0] != '\0') {
		uint64_t key = addr_key(iv->email);
		size_t lo = 0, hi = idx->n;

		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (idx->v[mid].hash < key)
				lo = mid + 1;
			else
				hi = mid;
		}
		from = lo;
		to = lo;
		while (to < idx->n && idx->v[to].hash == key)
			to++;
	}
	for (size_t j = from; iv->email != NULL && iv->email[0] != '\0' && j < to; j++) {
		size_t i = idx != NULL ? idx->v[j].k : j;
		const struct av_sent *s = &sent[i];
		time_t t = s->date != 0 ? s->date : s->internaldate;

		if (idx != NULL && j > from && idx->v[j - 1].k == i)
			continue; /* two of its recipients are the same address */
		enum rank r;
		int thanks;

		if (t < inv->end || t > now + CLOCK_SKEW_S || !addressed_to(s, iv->email))
			continue;
		if (t > verdict_r->deadline)
			r = RANK_LATE;
		else if (to_other_interviewer(s, iv, panel, n_panel))
			r = RANK_GROUP;
		else
			r = RANK_PERSONAL;
		thanks = s->thanks >= 0 ? s->thanks : av_match_says_thanks(s->subject, NULL, words);
		if (thanks < 0) {
			if (r > unknown)
				unknown = r;
		} else if (thanks == AV_THANKS_UNSURE) {
			if (unsure == NULL || t < unsure_t) {
				unsure = s;
				unsure_t = t;
			}
		} else if (thanks == AV_THANKS_YES && (r > best || (r == best && t < best_t))) {
			best = r;
			best_t = t;
			verdict_r->evidence = s;
		}
	}
	verdict_r->needs_text = unknown > best;
	verdict_r->unsure = best == RANK_NONE ? unsure : NULL;
	if (best != RANK_NONE)
		verdict_r->state = rank_state[best];
	else if (now <= verdict_r->deadline)
		verdict_r->state = drafted ? AV_STATE_DRAFTED : AV_STATE_PENDING;
	else
		verdict_r->state = AV_STATE_MISSED;
}

void
av_match_marked_thanked(struct av_verdict *verdict)
{
	switch (verdict->state) {
	case AV_STATE_NOT_DUE:
	case AV_STATE_PENDING:
	case AV_STATE_DRAFTED:
	case AV_STATE_MISSED:
		verdict->state = AV_STATE_THANKED;
		verdict->evidence = NULL;
		verdict->unsure = NULL;
		verdict->needs_text = false;
		break;
	case AV_STATE_THANKED:
	case AV_STATE_THANKED_LATE:
	case AV_STATE_THANKED_GROUP:
	case AV_STATE_CANCELLED:
		break;
	}
}
