/* claim: control claims — actor x action x place x date — from the sentences of
 * one document.
 *
 * Input: the text, its language's lexicon, the place mentions the place finder
 * resolved (mention.h; built by hand in tests), and the publication date. No
 * gazetteer is needed: the only place knowledge beyond the mentions is an
 * optional callback that names a unit by P-code (for "the provincial capital").
 *
 * The reading, in order:
 *  - sentences (terminal punctuation before a capital, a quote or a number, not
 *    after an abbreviation; a line break) and paragraphs (blank lines, lines
 *    that end a sentence); sentences opening with a `skip` phrase are ignored;
 *  - clauses: a sentence splits at `boundary` words, at ; : and dashes, and at a
 *    comma before a list word that does not continue a list of places; a ; or
 *    dash that continues one (a place, then a list or place word and a place:
 *    "de X, de la provincia de Y; de Z"; a unit noun, dash, place: "two of the
 *    cities - Kabul and Jalalabad") splits nothing;
 *  - each `action` phrase is a trigger; by its voice the places are taken after
 *    it (active, noun), before it (passive, state) or between actor and verb
 *    (final); a list of places continues over commas, list words and place
 *    words ("distrik Banu, Pol-e-Hesar dan De Salah di Baghlan"); a place that
 *    contains another of the list is dropped (Baghlan, Afghanistan); places
 *    after a `ref` phrase ("125 km dari Kabul") or a `from` word are not
 *    targets, except after a verb of expulsion (action flag `from_target`:
 *    "drove the Taliban out of Kunduz", whose object is the opponent); an
 *    active verb with its subject right before it and no place after it takes
 *    the places right before the subject ("Хост талибы взяли"); foreign places never are; place anaphors ("negara itu", "ibu kota
 *    provinsi") name the last country, province or city, the last district
 *    ("the district headquarters"; none when a town was named after it), or
 *    the capitals of the provinces just named;
 *  - the actor: the subject before an active verb, the agent after a passive
 *    one, else the nearest actor in the sentence, the paragraph, the document;
 *    actor anaphors ("mereka", "kelompok itu") take the last actor named; an
 *    actor after `from`/`against`, or the second after `between`, is the
 *    opponent; a holder named only by its opponent ("bertahan melawan Taliban")
 *    is the other side named nearest; a resist verb with no side named
 *    ("Panjshir resists") holds for the other side than the one attacking
 *    (the first named in the sentence or the paragraph before), else no claim;
 *    capturing from a `retake_from` class is a retake;
 *  - the date: a date in the clause, else in the sentence ("since" dates only
 *    for holds), else the last date of the paragraph, else the date of a dated
 *    claim of the same document by the same side on a unit containing or
 *    contained in this one, else the publication date (precision 2); a claim
 *    framed by an earlier event noun of its sentence ("With the fall of
 *    Panjshir, the Taliban control Afghanistan") takes that event's date;
 *  - negation and irrealis words just before the verb (or anywhere in the
 *    clause for clause-scoped ones), or a negation right before a unit noun
 *    that is the subject ("None of the districts ... fell"); hedges anywhere in the sentence;
 *    attribution ("kata X", "X mengatakan", and for quoted speech the source
 *    after the closing quote), "reporter" by default.
 *
 * Map integrity (docs/decisions.md, "Which claims paint"): a place is a target
 * only when the text says that this unit changed hands or is held as a whole.
 * A place after a unit noun of a lower level ("13 districts in Badakhshan"),
 * before one ("巴格兰省三个地区"), after a smaller place of its province ("Obe in
 * Herat", "Kahmard, in Bamyan province,"), the province of "the capital of X
 * province", a country after a preposition ("in Afghanistan") and a dateline
 * ("KABUL, Aug 12 (Reuters) -") are only containers or settings. A claim on
 * unnamed units ("six districts fell") waits for an `enum` phrase naming them
 * ("The districts are A, B"; "including A"), or for the items of a list after
 * a cue that ends its sentence ("... the provinces that fell:" then "1. Zaranj
 * (6 Aug)", each item dated by its own date).
 *
 * Controller after the event: capture, retake, hold -> the actor's side when it
 * is taliban, government or resistance; siege, attack, clash -> contested;
 * withdraw, flee -> none; none too for a partial object ("most of"), a place
 * the event was only near, fighting "in Afghanistan", a year-only (historic)
 * date, and a claim on the country that has no date of its own. Within one
 * document, fighting reported on the same unit and day as a capture, retake or
 * hold is the fighting that decided it: its controller becomes none.
 *
 * Depends on core/, lexicon, date, doc and mention.h; the helpers at the end
 * use the gazetteer (gaz.h). Thread-safe for distinct
 * arenas. */
#ifndef CM_CLAIM_H
#define CM_CLAIM_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/day.h"
#include "core/status.h"
#include "core/str.h"
#include "text/date.h"
#include "text/doc.h"
#include "text/lexicon.h"
#include "text/token.h"
#include "text/mention.h"

typedef enum {
    CM_ACT_CAPTURE = 0,
    CM_ACT_RETAKE,
    CM_ACT_HOLD,
    CM_ACT_SIEGE,
    CM_ACT_ATTACK,
    CM_ACT_CLASH,
    CM_ACT_WITHDRAW,
    CM_ACT_FLEE,
    CM_ACT_COUNT
} cm_action;

/* "capture", "retake", "hold", "siege", "attack", "clash", "withdraw", "flee". */
const char *cm_action_name(cm_action a);
/* false when s names no action. */
bool cm_action_parse(const char *s, cm_action *out);

/* An administrative unit looked up by P-code. */
typedef struct {
    const char *name;      /* canonical English name */
    const char *pcode;     /* the unit's P-code */
    const char *province;  /* its province's P-code */
    double lat, lon;       /* WGS 84 degrees, a point inside it */
} cm_claim_unit;

/* Looks up the unit pcode; with capital true, pcode is a province and the
 * answer is the district that holds its capital. false when unknown. */
typedef bool (*cm_claim_unit_fn)(void *ud, const char *pcode, bool capital, cm_claim_unit *out);

typedef struct {
    const char *text;              /* UTF-8 */
    size_t len;
    const cm_lexicon *lex;         /* the text's language, and the conflict's sides and
                                      country (cm_lexicon_profile; without a profile
                                      no side holds ground, so no claim paints) */
    const cm_token *tok;           /* tokens of text, or NULL: tokenized here */
    size_t ntok;
    const cm_lex_hit *hits;        /* cm_lex_scan of tok, or NULL: scanned here */
    size_t nhits;
    const cm_date_ref *dates;      /* resolved dates of tok, or NULL: found here */
    size_t ndates;
    const cm_mention *mentions;    /* resolved places, in text order */
    size_t nmentions;
    cm_day published;              /* CM_DAY_NONE when unknown */
    cm_claim_unit_fn unit;         /* may be NULL: capitals then get P-code AFnn01 */
    void *unit_ud;
    cm_ctx *ctx;                   /* diagnostics; may be NULL */
    const char *doc_id;            /* for diagnostics */
    bool explain;                  /* record why each claim says what it says
                                      (cm_claim.why); off: no cost */
} cm_claim_input;

/* Why a claim says what it says (cm_claim_input.explain): the lexicon entries
 * and rules that made it. Entries are borrowed from the lexicon; NULL when no
 * entry played a part. Spans are byte offsets in the text. */
typedef struct {
    const cm_lex_entry *trigger;   /* the action form (its voice: entry->voice) */
    const cm_lex_entry *actor;     /* the actor phrase that named the side; NULL:
                                      inferred, or no actor */
    size_t actor_off, actor_len;   /* that phrase in the text (len 0: none) */
    const char *actor_how;         /* "subject before the verb", "passive agent",
                                      "after the verb", "anaphor", "sentence",
                                      "paragraph", "document", "inferred from the
                                      opponent", "the side the text names most";
                                      NULL: no actor */
    const cm_lex_entry *date_rule; /* the date rule or event that dated it; NULL */
    const cm_lex_entry *negation, *hedge, *partial, *near, *attribution;
    const cm_lex_entry *retake_from; /* capture from this class is a retake */
    const cm_lex_entry *enumeration; /* the places were named by it ("including") */
    const char *controller_rule;   /* why the controller is what it is */
} cm_claim_why;

/* A place named in a sentence that gave no claim on it, and why not. */
typedef enum {
    CM_MISS_NO_ACTION = 0, /* no action word in the sentence */
    CM_MISS_SKIP,          /* boilerplate or a photo caption (`skip`: entry) */
    CM_MISS_FOREIGN,       /* a place outside the country */
    CM_MISS_DATELINE,      /* where the report was filed ("KABUL, Aug 12 -") */
    CM_MISS_REF,           /* a reference point ("125 km from": entry) */
    CM_MISS_FROM,          /* after `from` (entry): the side it was taken from */
    CM_MISS_CONTAINER,     /* only the container of the object ("districts in X":
                              the unit entry; or a smaller place named before it) */
    CM_MISS_CONTAINS,      /* contains another place of the list ("Banu, Baghlan") */
    CM_MISS_IRREALIS,      /* the action is future or unreal ("will": entry) */
    CM_MISS_NOT_OBJECT,    /* outside the places the action word reads */
    CM_MISS_COUNT
} cm_miss_reason;

/* "no action word", "boilerplate", "foreign", ... */
const char *cm_miss_reason_name(cm_miss_reason r);

typedef struct {
    size_t sent_off, sent_len;     /* the sentence */
    size_t place_off, place_len;   /* the place as written */
    const char *surface;           /* the place as written */
    const char *pcode;             /* its P-code ("" foreign) */
    cm_miss_reason reason;
    const cm_lex_entry *entry;     /* the word that decided it; NULL */
    size_t word_off, word_len;     /* that word, or the smaller place inside which
                                      it was named (len 0: none) */
    const cm_lex_entry *trigger;   /* the action word whose object was read; NULL */
    size_t trig_off, trig_len;
    bool waiting;                  /* the sentence's claim on units it did not name
                                      waited for an enumeration that never came */
} cm_claim_miss;

typedef struct {
    size_t sent_off, sent_len;     /* the sentence: byte span in text */
    size_t place_off, place_len;   /* the place as written (or its anaphor) */
    size_t trig_off, trig_len;     /* the action words */
    const char *surface;           /* the place as written */
    const char *place;             /* canonical name; NULL when unknown */
    const char *pcode;             /* "AF0907", "AF09", "AF" */
    const char *province;          /* "AF09"; "" for the country */
    cm_place_kind kind;
    double lat, lon;               /* WGS 84 degrees; NAN when unknown */
    int geo_precision;             /* ACLED: 1 town/district, 2 near/part of, 3 province/region */
    const char *actor;             /* "taliban", "government", "resistance", a group; NULL unknown */
    const char *opponent;          /* the side it acted against; NULL */
    cm_action action;
    const char *controller;        /* control after the event; NULL for none */
    cm_day date;                   /* event date; CM_DAY_NONE when undated */
    int date_precision;            /* ACLED: 1 day, 2 week, 3 month; 0 undated */
    size_t date_off, date_len;     /* the words that dated it (date_len 0: none) */
    const char *date_source;       /* "clause", "sentence", "paragraph", "related",
                                      "published"; NULL when undated */
    const char *asserted_by;       /* "reporter", an actor side, or the source's words */
    double confidence;             /* 0..1 */
    bool negated, hedged;
    bool partial;                  /* only part of the place ("sebagian", "parts of") */
    bool near;                     /* near the place ("dekat", "outside") */
    const cm_claim_why *why;       /* with cm_claim_input.explain; else NULL */
} cm_claim;

/* Extracts the claims of one document, in text order (into the arena).
 * CM_NOMEM only; what cannot be read (no place, no actor) yields no claim. */
cm_status cm_claim_extract(const cm_claim_input *in, cm_arena *a, cm_claim **out,
                           size_t *nout) CM_WUR;

/* cm_claim_extract with explain set, and also each place of a sentence that gave
 * no claim on it, with the reason (one per sentence and place, in text order,
 * into the arena). CM_NOMEM only. */
cm_status cm_claim_extract_explained(const cm_claim_input *in, cm_arena *a, cm_claim **out,
                                     size_t *nout, cm_claim_miss **miss,
                                     size_t *nmiss) CM_WUR;

/* ---- with a gazetteer ------------------------------------------------------ */

/* Units of a loaded gazetteer by P-code, for cm_claim_input.unit: the country
 * ("AF"), provinces and districts; a province's capital is the district the
 * index marks as its seat, else its centre district (OCHA numbers it 01).
 * Borrows g, which must outlive it. CM_NOMEM only. */
typedef struct cm_claim_units cm_claim_units;
cm_status cm_claim_units_new(const cm_gaz *g, cm_claim_units **out) CM_WUR;
void cm_claim_units_free(cm_claim_units *u); /* NULL is a no-op */
/* A cm_claim_unit_fn: ud is the cm_claim_units. Strings borrowed from the gazetteer. */
bool cm_claim_units_lookup(void *ud, const char *pcode, bool capital, cm_claim_unit *out);

/* The claims of one analysed document (cm_doc_analyse) whose places were found
 * (cm_mention_find; the pipeline, pipeline.h, runs the stages in order). units
 * may be NULL. A document without a lexicon has no claims. Into the arena;
 * CM_NOMEM only. */
cm_status cm_claim_doc_claims(cm_ctx *ctx, const cm_doc *d, const cm_mention *m, size_t nm,
                              cm_claim_units *units, cm_arena *a, cm_claim **out,
                              size_t *nout) CM_WUR;

/* What the JSON record says about the document. */
typedef struct {
    const char *doc_id;
    cm_day published;              /* CM_DAY_NONE: null */
    bool published_inferred;
    const char *lang;
    const char *text;              /* the text the claim offsets point into */
    size_t base_off;               /* added to every offset (cm_doc.text_off) */
    const cm_offmap *map;          /* else offsets go through this (cm_doc.map) */
    const char *url;               /* the document's link; NULL: no "url" member */
} cm_claim_doc;

/* The explained claims of one analysed document (cm_claim_extract_explained
 * with the places found as for cm_claim_doc_claims). Into the arena. */
cm_status cm_claim_doc_explained(cm_ctx *ctx, const cm_doc *d, const cm_mention *m, size_t nm,
                                 cm_claim_units *units, cm_arena *a, cm_claim **out,
                                 size_t *nout, cm_claim_miss **miss, size_t *nmiss) CM_WUR;

/* Appends the explanation of one document as text: a header line, then a line
 * per claim ("AF1901 Kunduz taliban 2021-08-15 ← capture 'seized' (en.tsv:215,
 * active) actor ...") and a line per place without a claim ("  no claim:
 * 'Kunduz' in \"...\": container after unit 'districts' (en.tsv:600)").
 * lex names the lexicon file the entries came from; claims need their why
 * (cm_claim_input.explain), else only the claim itself is written. CM_NOMEM. */
cm_status cm_claim_explain(cm_buf *b, const cm_claim_doc *d, const cm_lexicon *lex,
                           const cm_claim *c, size_t nc, const cm_claim_miss *miss,
                           size_t nmiss) CM_WUR;

#endif
