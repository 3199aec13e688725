/* lexicon: the words of one language, as data, and how to find them in a text.
 *
 * A lexicon is a TSV file src/text/lexicons/<lang>.tsv (installed in
 * share/conflictmap/lexicons; the environment variable CONFLICTMAP_LEXICONS
 * overrides both: core/datadir.h). Each line is `kind<TAB>phrase[<TAB>value
 * ...]`; '#' starts a comment line. The kinds and their values are listed in
 * docs/lexicons.md and at the top of each file: actors and their classes,
 * actions with their voice, negation, hedging, attribution, month and weekday
 * names, the date rules (patterns over tokens with an operator, see date.h),
 * clause boundaries, and the small words the claim extractor reads.
 *
 * This module also owns the phrase matcher: every phrase of a lexicon is
 * tokenized with the tokenizer every text stage shares (token.h) when the file
 * loads, so a phrase matches exactly the token sequences it names. Which
 * lexicon a text is written in: langdetect.h.
 *
 * Depends on core/ and utf8proc. A loaded lexicon is immutable and may be read
 * from any number of threads. */
#ifndef CM_LEXICON_H
#define CM_LEXICON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/day.h"
#include "core/status.h"
#include "text/token.h"

/* ---- lexicon entries ------------------------------------------------------- */

typedef enum {
    CM_LEX_STOP = 0,   /* a frequent function word (language detection) */
    CM_LEX_MONTH,      /* month name (one token or several: "كانون الثاني") or
                          abbreviation; ival 1..12, ival2 its cm_calendar
                          ("solar": Hamal/Farvardin = 1) */
    CM_LEX_WEEKDAY,    /* weekday name (one token, or several: "سه شنبه");
                          ival 1 (Monday) .. 7 (Sunday) */
    CM_LEX_WDSUFFIX,   /* suffix a weekday may carry in one word ("abend": Montagabend) */
    CM_LEX_DATE,       /* date rule: pattern, operator (sval), precision (ival), argument (ival2) */
    CM_LEX_EVENT,      /* a well-known dated event ("fall of Kabul"); day */
    CM_LEX_ACTOR,      /* actor phrase; sval = class ("taliban", ...), "@" = anaphor */
    CM_LEX_ACTION,     /* action form; sval = action, sval2 = voice; ival2 a cm_act_flag:
                          CM_ACTF_AGAINST when the actor right after it is the opponent
                          ("bebas dari"), CM_ACTF_FROM_TARGET when the place after a
                          `from` word is the target ("expulsaron a los talibanes de X") */
    CM_LEX_NEGATION,   /* sval2 = "before" (default) or "clause" */
    CM_LEX_HEDGE,
    CM_LEX_ATTRIBUTION,/* sval2 = "after" (the source follows: "kata X") or "before" */
    CM_LEX_IRREALIS,   /* sval2 = "before" (default) or "clause" (conditionals) */
    CM_LEX_FUTURE,     /* a date after it lies ahead ("menjelang", "deadline") */
    CM_LEX_SINCE,      /* "sejak", "since", "seit" */
    CM_LEX_BOUNDARY,   /* a word that starts a new clause; code a cm_boundary_kind */
    CM_LEX_LIST,       /* a list connector ("dan", "and", "und") */
    CM_LEX_PLACEWORD,  /* a word that may sit inside a list of places ("distrik", "di") */
    CM_LEX_FROM,       /* marks the side something is taken from ("dari", "from") */
    CM_LEX_AGAINST,    /* marks the opposing side ("melawan", "against") */
    CM_LEX_BETWEEN,    /* "antara", "between": first actor acts, second opposes */
    CM_LEX_AGENT,      /* passive agent marker ("oleh", "by", "von") */
    CM_LEX_NEAR,       /* the place after it is only near the event ("dekat", "near") */
    CM_LEX_REF,        /* the place after it is a reference point ("km dari") */
    CM_LEX_PARTIAL,    /* the event took only part of the place ("sebagian", "parts of") */
    CM_LEX_ANAPHOR,    /* place anaphor; sval = country|province|city|capital|district */
    CM_LEX_ABBR,       /* an abbreviation whose dot does not end a sentence */
    CM_LEX_SKIP,       /* code CM_SKIP_START: a sentence starting with it is boilerplate
                          ("Baca juga"); CM_SKIP_END: a credit ("REUTERS") that, ending a
                          paragraph after a dash, slash or parenthesis, makes it a caption */
    CM_LEX_IGNORE,     /* a phrase that is none of the above and hides shorter ones */
    CM_LEX_RETAKE_FROM,/* sval = actor class: capturing from it is a retake */
    CM_LEX_OPTION,     /* a property of the language's grammar (the phrase names it):
                          "verb_second" — the subject may follow the verb */
    CM_LEX_UNIT,       /* a noun naming a kind of unit ("districts", "villages");
                          code = cm_unit_level: a place right after it of a higher
                          level is only the container of what was taken */
    CM_LEX_ENUM,       /* introduces the named members of a set a claim took without
                          naming them ("including", "namely", "the districts are") */
    /* kinds that are never hits: a hit's kinds fit a 32-bit mask up to CM_LEX_ENUM */
    CM_LEX_PREFIX,     /* a clitic written onto the next word ("و", "ال", "لل"); sval =
                          the letters its spelling took from the stem ("ال" for
                          "لل"), else "": see cm_lex_scan. Never a hit. */
    CM_LEX_SUFFIX,     /* a clitic written at the end of a word ("ها"; "'ın" after an
                          apostrophe): see cm_lex_scan. Never a hit. */
    CM_LEX_NUMBER,     /* a number word ("three", "tiga", "drei"); ival 1..999: it
                          fills the {N} slot of date rules ("three weeks ago").
                          Never a hit. */
    CM_LEX_ORDINAL,    /* a mark a day number carries: written onto it ("er": 1er
                          août, "º": 1º de agosto, "th": 15th) or right after it
                          with no space ("°": 1° agosto, ".º": 1.º de agosto).
                          It lets the number fill {D}. Never a hit. */
    CM_LEX_KIND_COUNT
} cm_lex_kind;

/* Pattern element of a date rule (CM_LEX_DATE). */
typedef enum {
    CM_PAT_LIT = 0, /* a literal token key */
    CM_PAT_WD,      /* {WD}: a weekday name */
    CM_PAT_WDCAP,   /* {WD^}: a weekday name written with a capital */
    CM_PAT_MON,     /* {MON}: a month name */
    CM_PAT_D,       /* {D}: day number 1..31 */
    CM_PAT_M,       /* {M}: month number 1..12 */
    CM_PAT_Y,       /* {Y}: year 1900..2100 (four digits) */
    CM_PAT_N,       /* {N}: a count 1..99 */
    CM_PAT_ISO,     /* {ISO}: one token YYYY-MM-DD */
    CM_PAT_DMY,     /* {DMY}: one token D.M.YYYY or D-M-YYYY ("15.8.2021", "15-08-2021") */
    CM_PAT_DM       /* {DM}: one token D.M, day and month with no year ("12.8" of "am 12.8.") */
} cm_pat_kind;

typedef struct {
    uint8_t kind;     /* cm_pat_kind */
    bool optional;    /* written with a trailing '?' */
    const char *key;  /* CM_PAT_LIT: the token key */
    uint32_t klen, hash;
} cm_pat_elem;

/* The calendar a month name belongs to (cm_lex_entry.ival2 of a month). The
 * Solar Hijri calendar is the official one of Afghanistan (Dari month names
 * Hamal .. Hut, Pashto Wray .. Kab) and Iran (Farvardin .. Esfand). */
typedef enum { CM_CAL_GREGORIAN = 0, CM_CAL_SOLAR_HIJRI } cm_calendar;

/* Codes the loader stores in cm_lex_entry.code, so that readers compare
 * integers, not strings. Date operators (see date.h): */
typedef enum {
    CM_DOP_ABS = 0, CM_DOP_MONTH_START, CM_DOP_MONTH_MID, CM_DOP_MONTH_END, CM_DOP_WD,
    CM_DOP_WD_LAST, CM_DOP_DAYS_AGO, CM_DOP_DAY, CM_DOP_WEEK, CM_DOP_WEEKEND, CM_DOP_MONTH,
    CM_DOP_MONTH_LAST, CM_DOP_YEAR, CM_DOP_PREV_DAY
} cm_date_op;
/* Action voices (cm_lex_entry.voice); actions are coded in the order of
 * cm_action (claim.h): capture, retake, hold, siege, attack, clash, withdraw, flee. */
typedef enum { CM_VOICE_ACTIVE = 0, CM_VOICE_PASSIVE, CM_VOICE_STATE, CM_VOICE_NOUN, CM_VOICE_FINAL } cm_voice;
/* Negation flags (cm_lex_entry.ival2 of a negation; the lexicon's fourth field). */
typedef enum {
    CM_NEG_PLAIN = 0, /* negates the verb it reaches */
    CM_NEG_WHOLE,     /* negates only the whole of the place: "not fully" */
    CM_NEG_DEGREE     /* negates nothing; another negation of its clause becomes one
                         of the whole: "totalmente" in "no controlan totalmente" */
} cm_neg_flag;

/* Where a skip phrase stands (cm_lex_entry.code of a skip; the lexicon's third field). */
typedef enum { CM_SKIP_START = 0, CM_SKIP_END } cm_skip_at;
/* What a boundary word is (cm_lex_entry.code of a boundary; the lexicon's third field):
 * CM_BOUNDARY_TIME, "when": its clause happened at the date right before it. */
typedef enum { CM_BOUNDARY_PLAIN = 0, CM_BOUNDARY_TIME } cm_boundary_kind;

/* Action flags (cm_lex_entry.ival2 of an action; the lexicon's fourth field). */
typedef enum { CM_ACTF_NONE = 0, CM_ACTF_AGAINST, CM_ACTF_FROM_TARGET } cm_act_flag;
/* Place anaphors. */
/* Place anaphors: city takes the last district or town named, district the
 * last district (never a town: "the district headquarters", "distrik tersebut"),
 * districts the districts a list named in this sentence or the one before
 * ("the districts", "these districts"). */
typedef enum { CM_ANA_COUNTRY = 0, CM_ANA_PROVINCE, CM_ANA_CITY, CM_ANA_CAPITAL,
               CM_ANA_DISTRICT, CM_ANA_DISTRICTS } cm_anaphor;
/* Unit nouns (CM_LEX_UNIT), smallest first. */
typedef enum { CM_UNIT_SUB = 0, CM_UNIT_CITY, CM_UNIT_DISTRICT, CM_UNIT_PROVINCE,
               CM_UNIT_COUNTRY } cm_unit_level;
/* Actor sides: the three that hold ground, another group, or an anaphor ("@"). */
typedef enum { CM_SIDE_ANAPHOR = -1, CM_SIDE_OTHER = 0 } cm_side;
/* An actor entry's code above 0 is the controller number (core/profile.h) of a
 * side of the lexicon's profile that holds ground. */

typedef struct cm_lex_entry {
    cm_lex_kind kind;
    const char *text;      /* the phrase as written in the file */
    int line;              /* its line in the file */
    const char *file;      /* the file when not the lexicon's own: a profile's
                              words ("afghanistan/words/en.tsv"); NULL. A profile's
                              line replaces the lexicon's line of the same kind and
                              phrase */
    bool replaced;         /* replaced so by a profile's line: matches nothing */
    int ival, ival2;       /* kind-specific numbers (see cm_lex_kind) */
    const char *sval;      /* kind-specific word: class, action, operator, anaphor kind */
    const char *sval2;     /* kind-specific second word: voice, scope */
    cm_day day;            /* CM_LEX_EVENT: the date of the event */
    const cm_pat_elem *pat;/* CM_LEX_DATE: the pattern */
    size_t npat;
    int nlit;              /* CM_LEX_DATE: literal elements (specificity) */
    int code;              /* DATE: cm_date_op; ACTION: the action (cm_action order);
                              ANAPHOR: cm_anaphor; ACTOR: cm_side; NEGATION, IRREALIS:
                              1 clause scope, 0 before; ATTRIBUTION: 1 after, 0 before */
    int voice;             /* ACTION: cm_voice */
} cm_lex_entry;

/* ---- loading --------------------------------------------------------------- */

typedef struct cm_lexicon cm_lexicon;
struct cm_profile; /* core/profile.h */

/* Loads one lexicon file. Errors (CM_IO, CM_PARSE) name the file and line: an
 * unknown kind, a missing value, a bad number or date, an unknown pattern slot.
 * *out belongs to the caller (cm_lexicon_free). Without a profile no actor is
 * a side (every actor code is CM_SIDE_OTHER or CM_SIDE_ANAPHOR). */
cm_status cm_lexicon_load(cm_ctx *ctx, const char *path, cm_lexicon **out) CM_WUR;
/* The same for a conflict: the lines of the profile's words file for the
 * lexicon's language (profile.h, cm_profile_words) are read after the file's
 * own, and actor classes that are sides of the profile holding ground get
 * their controller numbers. prof (may be NULL) must outlive the lexicon. */
cm_status cm_lexicon_load_for(cm_ctx *ctx, const char *path, const struct cm_profile *prof,
                              cm_lexicon **out) CM_WUR;
void cm_lexicon_free(cm_lexicon *lex); /* NULL is a no-op */

/* The folder of the lexicon files: CONFLICTMAP_LEXICONS, else the installed
 * one, else the source tree's (cm_data_lexicons, core/datadir.h). */
const char *cm_lexicon_dir(void);

/* The profile the lexicon was loaded for (cm_lexicon_load_for), or NULL. */
const struct cm_profile *cm_lexicon_profile(const cm_lexicon *lex);

/* The language code (the file's `lang` line, else its base name) and name. */
const char *cm_lexicon_lang(const cm_lexicon *lex);
const char *cm_lexicon_name(const cm_lexicon *lex);
/* The file it was loaded from (the path given to cm_lexicon_load): cm_lex_entry.line
 * counts lines of this file. */
const char *cm_lexicon_path(const cm_lexicon *lex);

/* True when the lexicon names months of the Solar Hijri calendar: its {Y}
 * then takes solar years (1300-1500) too. */
bool cm_lexicon_solar(const cm_lexicon *lex);

/* True when the lexicon sets the option named (kind `option`). */
bool cm_lexicon_option(const cm_lexicon *lex, const char *name);

/* Every entry of one kind, in file order (borrowed until cm_lexicon_free). */
const cm_lex_entry *const *cm_lexicon_entries(const cm_lexicon *lex, cm_lex_kind kind,
                                              size_t *n);

/* A set of lexicons: every *.tsv of a folder, sorted by language code. */
typedef struct {
    cm_lexicon **v;
    size_t n;
} cm_lexset;

/* Loads every *.tsv in dir (NULL = cm_lexicon_dir()) with cm_lexicon_load_for
 * and prof (may be NULL). An empty folder is CM_NOTFOUND. */
cm_status cm_lexset_load(cm_ctx *ctx, const char *dir, const struct cm_profile *prof, cm_lexset *out) CM_WUR;
void cm_lexset_free(cm_lexset *set); /* releases the lexicons; back to {0} */
/* The lexicon of lang, or NULL. */
const cm_lexicon *cm_lexset_get(const cm_lexset *set, const char *lang);

/* ---- matching -------------------------------------------------------------- */

/* One phrase found in a token sequence. A phrase listed under several kinds
 * ("menurut": hedge and attribution) is one hit carrying every entry. */
typedef struct {
    size_t tok, ntok;      /* token span of the phrase (its first part when it has a gap) */
    size_t tok2, ntok2;    /* the part after a "..." gap ("eroberten ... zurück"), ntok2 0 when none */
    uint32_t kinds;        /* bit (1u << kind) for each kind present */
    const cm_lex_entry *const *e; /* the entries (borrowed from the lexicon) */
    size_t ne;
} cm_lex_hit;

/* The entry of kind in hit, or NULL. */
const cm_lex_entry *cm_lex_hit_get(const cm_lex_hit *h, cm_lex_kind kind);

/* Finds the phrases of every kind except STOP, MONTH, WEEKDAY, WDSUFFIX, DATE,
 * EVENT and NUMBER in t[0..n): leftmost longest, not overlapping; a gap phrase matches
 * when its second part follows within 12 tokens without crossing a sentence
 * end. Hits in token order, into the arena. CM_NOMEM only.
 *
 * Clitics (kinds PREFIX and SUFFIX): the first word of a phrase may be written
 * with a prefix of the lexicon ("وسيطرت" for "سيطرت"; "للقوات" for "القوات"
 * when "لل" gives back "ال"), its last word with a suffix ("طالبانها";
 * "taliban'ın" for a suffix written "'ın"), a one-word phrase with both, when
 *  - the token as written starts no phrase of the lexicon (a word the lexicon
 *    lists, "والي", is read as itself, never as "و" + "الي"), and
 *  - what stays of the word once the clitics are off, as written, has at least
 *    CM_LEX_MIN_STEM characters ("وفي" is never "و" + "في").
 * Of several readings the longest phrase wins, then the one with the shorter
 * prefix. The hit spans the whole token, clitics included. */
#define CM_LEX_MIN_STEM 3
cm_status cm_lex_scan(const cm_lexicon *lex, const cm_token *t, size_t n, cm_arena *a,
                      cm_lex_hit **out, size_t *nout) CM_WUR;

/* Month (1..12) or weekday (1..7) named by token t, or 0. A weekday may carry a
 * CM_LEX_WDSUFFIX ("Montagabend"). */
int cm_lex_month(const cm_lexicon *lex, const cm_token *t);
int cm_lex_weekday(const cm_lexicon *lex, const cm_token *t);
/* A day number with an ordinal mark of the lexicon (CM_LEX_ORDINAL) at
 * t[0..n): "1er", "15th", "1º" (one token), "1°", "1.º" (the number and the
 * mark written against it). Its token count, the day 1..31 in *day; 0 when none. */
size_t cm_lex_ordinal_day(const cm_lexicon *lex, const cm_token *t, size_t n, int *day);
/* The value of a number word (CM_LEX_NUMBER: "three" 3), or 0. */
int cm_lex_number(const cm_lexicon *lex, const cm_token *t);
/* The calendar of the month token t names (CM_CAL_GREGORIAN when none). */
cm_calendar cm_lex_month_calendar(const cm_lexicon *lex, const cm_token *t);
/* The weekday name at t[0..n), one token or several ("سه شنبه", Tuesday, is not
 * "شنبه", Saturday): its token count, the weekday in *wd; 0 when none. */
size_t cm_lex_weekday_at(const cm_lexicon *lex, const cm_token *t, size_t n, int *wd);
/* The month name at t[0..n), one token or several ("كانون الثاني", January, is
 * not "كانون"): its token count, the month in *mon and its calendar in *cal;
 * 0 when none. */
size_t cm_lex_month_at(const cm_lexicon *lex, const cm_token *t, size_t n, int *mon,
                       cm_calendar *cal);
/* True when token t is a stop word of the lexicon. */
bool cm_lex_is_stop(const cm_lexicon *lex, const cm_token *t);
/* True when token t followed by a '.' is an abbreviation (CM_LEX_ABBR, a month
 * abbreviation, or a single letter). */
bool cm_lex_is_abbr(const cm_lexicon *lex, const cm_token *t);

/* What the date scanner needs to know about token t, in one lookup: the date
 * rules starting with t's key as a literal, the rules starting with the slot t
 * fills ({WD}, {MON}, a number or number word, {ISO}), most specific first
 * (borrowed), whether an event phrase starts with it, the month, weekday or
 * number it names, and whether a weekday name of several tokens starts with it. */
typedef struct {
    const cm_lex_entry *const *lit;
    size_t nlit;
    const cm_lex_entry *const *slot;
    size_t nslot;
    bool event;
    int month, weekday, number;
    bool weekday_phrase; /* a weekday name of several tokens starts with t */
    bool month_phrase;   /* a month name of several tokens starts with t */
} cm_lex_dateinfo;
void cm_lex_date_info(const cm_lexicon *lex, const cm_token *t, cm_lex_dateinfo *out);

/* Event phrases starting at token t: the longest matching one, its token count
 * in *len; NULL when none. */
const cm_lex_entry *cm_lex_event_at(const cm_lexicon *lex, const cm_token *t, size_t n,
                                    size_t *len);

#endif
