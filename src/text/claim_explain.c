/* claim_explain: the text `extract --explain` writes — why each claim says what
 * it says (the lexicon entries and rules of cm_claim.why, cited as file:line)
 * and why a place named in a sentence gave no claim (cm_claim_miss).
 *
 * Formatting only: the reasons are found by the claim reader (claim.c, explain
 * mode). Depends on core/ and the public types of claim.h and lexicon.h. */
#include "text/claim.h"

#include <string.h>

static const char *voice_names[] = {"active", "passive", "state", "noun", "final"};

/* Where the action word looks for its places, by voice. */
static const char *voice_reads[] = {"the places after it", "the places before it",
                                    "the places before it", "the places after it, else before",
                                    "the places between the actor and it"};

static const char *base_name(const char *path)
{
    const char *s = path ? strrchr(path, '/') : NULL;
    return s ? s + 1 : path ? path : "?";
}

/* 'words' as written: line breaks become spaces, at most max bytes (cut at a
 * character boundary, "..." after). */
static cm_status quoted(cm_buf *b, const char *text, size_t off, size_t len, size_t max, char q)
{
    cm_status st = cm_buf_putc(b, q);
    size_t n = len;
    if (n > max) {
        n = max;
        while (n > 0 && ((unsigned char)text[off + n] & 0xC0) == 0x80) n--;
    }
    for (size_t i = 0; i < n && !st; i++) {
        char c = text[off + i];
        st = cm_buf_putc(b, c == '\n' || c == '\r' || c == '\t' ? ' ' : c);
    }
    if (!st && n < len) st = cm_buf_puts(b, "...");
    return st ? st : cm_buf_putc(b, q);
}

/* s on one line: control characters become spaces (a name or a source read
 * from the text may hold a line break). NULL is "?". */
static cm_status plain(cm_buf *b, const char *s)
{
    if (!s) return cm_buf_putc(b, '?');
    cm_status st = CM_OK;
    for (; *s && !st; s++) st = cm_buf_putc(b, (unsigned char)*s < 0x20 ? ' ' : *s);
    return st;
}

/* The file an entry came from: the lexicon's, or a profile's words file. */
#define SRC(e) ((e)->file ? (e)->file : file)

/* " (en.tsv:215" — the caller closes the parenthesis. */
static cm_status cite(cm_buf *b, const char *file, const cm_lex_entry *e)
{
    return cm_buf_printf(b, " (%s:%d", SRC(e), e->line);
}

/* " label 'phrase' (en.tsv:N)" for an entry the claim's words matched. */
static cm_status entry_part(cm_buf *b, const char *file, const char *label, const cm_lex_entry *e)
{
    if (!e) return CM_OK;
    return cm_buf_printf(b, " %s '%s' (%s:%d)", label, e->text, SRC(e), e->line);
}

static cm_status day_part(cm_buf *b, cm_day d)
{
    if (d == CM_DAY_NONE) return cm_buf_puts(b, "undated");
    int y, m, dd;
    cm_day_to_ymd(d, &y, &m, &dd);
    return cm_buf_printf(b, "%04d-%02d-%02d", y, m, dd);
}

static cm_status actor_part(cm_buf *b, const cm_claim_doc *d, const char *file, const cm_claim *c)
{
    const cm_claim_why *w = c->why;
    if (!c->actor) return cm_buf_puts(b, " no actor");
    cm_status st = cm_buf_puts(b, " actor ");
    if (!st && w->actor_len) {
        st = quoted(b, d->text, w->actor_off, w->actor_len, 60, '\'');
        if (!st) st = cm_buf_printf(b, " = %s", c->actor);
    } else if (!st) {
        st = cm_buf_puts(b, c->actor);
    }
    if (!st && w->actor) st = cite(b, file, w->actor);
    else if (!st) st = cm_buf_puts(b, " (");
    if (!st) st = cm_buf_printf(b, "%s%s)", w->actor ? ", " : "", w->actor_how ? w->actor_how : "?");
    if (!st && c->opponent) st = cm_buf_printf(b, " against %s", c->opponent);
    return st;
}

static cm_status date_part(cm_buf *b, const cm_claim_doc *d, const char *file, const cm_claim *c)
{
    const cm_claim_why *w = c->why;
    if (!c->date_source) return cm_buf_puts(b, " no date the text makes out");
    if (!c->date_len) return cm_buf_printf(b, " date from %s", c->date_source);
    cm_status st = cm_buf_puts(b, " date ");
    if (!st) st = quoted(b, d->text, c->date_off, c->date_len, 60, '\'');
    if (!st && w->date_rule) {
        st = cite(b, file, w->date_rule);
        const char *op = w->date_rule->kind == CM_LEX_EVENT ? "event" : w->date_rule->sval;
        if (!st) st = cm_buf_printf(b, " %s%s%s)", op ? op : "", c->date_source ? ", " : "",
                                    c->date_source ? c->date_source : "");
    } else if (!st) {
        st = c->date_source ? cm_buf_printf(b, " (%s)", c->date_source) : CM_OK;
    }
    return st;
}

static cm_status claim_line(cm_buf *b, const cm_claim_doc *d, const char *file, const cm_claim *c)
{
    const cm_claim_why *w = c->why;
    cm_status st = plain(b, c->pcode);
    if (!st) st = cm_buf_putc(b, ' ');
    if (!st) st = plain(b, c->place ? c->place : c->surface);
    if (!st) st = cm_buf_printf(b, " %s ", c->controller ? c->controller : "-");
    if (!st) st = day_part(b, c->date);
    if (!st) st = cm_buf_printf(b, " \xe2\x86\x90 %s ", cm_action_name(c->action));
    if (!st) st = quoted(b, d->text, c->trig_off, c->trig_len, 60, '\'');
    if (st || !w) return st ? st : cm_buf_putc(b, '\n');
    if (w->trigger) {
        st = cite(b, file, w->trigger);
        if (!st) st = cm_buf_printf(b, ", %s)", (unsigned)w->trigger->voice < 5 ? voice_names[w->trigger->voice] : "?");
    }
    if (!st) st = actor_part(b, d, file, c);
    if (!st) st = date_part(b, d, file, c);
    if (!st) st = entry_part(b, file, "retake: taken from a side listed in retake_from", w->retake_from);
    if (!st) st = entry_part(b, file, "negated", w->negation);
    if (!st && c->negated && !w->negation) st = cm_buf_puts(b, " negated");
    if (!st) st = entry_part(b, file, "hedged", w->hedge);
    if (!st) st = entry_part(b, file, "partial", w->partial);
    if (!st) st = entry_part(b, file, "near", w->near);
    if (!st) st = entry_part(b, file, "named by the enumeration", w->enumeration);
    if (!st) st = cm_buf_puts(b, " asserted by ");
    if (!st) st = plain(b, c->asserted_by);
    if (!st && w->attribution) st = cm_buf_printf(b, " ('%s' %s:%d)", w->attribution->text, SRC(w->attribution), w->attribution->line);
    if (!st) st = cm_buf_printf(b, "; controller %s: %s%s\n", c->controller ? c->controller : "none",
                                w->controller_rule ? w->controller_rule : "?",
                                c->negated ? " (negated: the timeline paints nothing)" : "");
    return st;
}

/* How a container was recognised: by a unit noun before or after it, by a
 * place word before the country, inside a smaller place, or in a container's list. */
static cm_status container_reason(cm_buf *b, const cm_claim_doc *d, const char *file,
                                  const cm_claim_miss *m)
{
    cm_status st = cm_buf_puts(b, "container");
    if (st) return st;
    if (!m->entry && !m->word_len) return cm_buf_puts(b, " (the rest of a container's list)");
    if (!m->entry) {
        st = cm_buf_puts(b, " inside ");
        if (!st) st = quoted(b, d->text, m->word_off, m->word_len, 60, '\'');
        return st ? st : cm_buf_puts(b, ", named before it");
    }
    if (m->entry->kind == CM_LEX_PLACEWORD) st = cm_buf_puts(b, " (the country sets the scene) after ");
    else st = cm_buf_puts(b, m->word_off > m->place_off ? " before unit " : " after unit ");
    if (!st) st = quoted(b, d->text, m->word_off, m->word_len, 60, '\'');
    return st ? st : cm_buf_printf(b, " (%s:%d)", SRC(m->entry), m->entry->line);
}

/* The reason's own words: "container after unit 'districts in' (en.tsv:600)". */
static cm_status miss_reason(cm_buf *b, const cm_claim_doc *d, const char *file, const cm_claim_miss *m)
{
    /* what stands between the reason and the words that decided it */
    static const char *joint[CM_MISS_COUNT] = {
        [CM_MISS_SKIP] = ": skip ", [CM_MISS_REF] = " after ref ", [CM_MISS_FROM] = " ",
        [CM_MISS_IRREALIS] = " "};
    if (m->reason == CM_MISS_CONTAINER) return container_reason(b, d, file, m);
    cm_status st = cm_buf_puts(b, m->reason == CM_MISS_IRREALIS ? "irrealis/future"
                                                                : cm_miss_reason_name(m->reason));
    if (st) return st;
    if (m->entry) {
        const char *j = joint[m->reason] ? joint[m->reason] : " ";
        st = cm_buf_puts(b, m->entry->kind == CM_LEX_BETWEEN ? " after between " : j);
        if (!st) st = quoted(b, d->text, m->word_off, m->word_len, 60, '\'');
        if (!st) st = cm_buf_printf(b, " (%s:%d)", SRC(m->entry), m->entry->line);
    } else if (m->word_len) {
        st = cm_buf_puts(b, " ");
        if (!st) st = quoted(b, d->text, m->word_off, m->word_len, 60, '\'');
        if (!st && m->reason == CM_MISS_CONTAINS) st = cm_buf_puts(b, ", named in the same list");
    }
    return st;
}

static cm_status miss_line(cm_buf *b, const cm_claim_doc *d, const char *file, const cm_claim_miss *m)
{
    cm_status st = cm_buf_puts(b, "  no claim: ");
    if (!st) st = quoted(b, d->text, m->place_off, m->place_len, 60, '\'');
    if (!st) st = cm_buf_puts(b, " in ");
    if (!st) st = quoted(b, d->text, m->sent_off, m->sent_len, 160, '"');
    if (!st) st = cm_buf_puts(b, ": ");
    if (!st) st = miss_reason(b, d, file, m);
    if (!st && m->trigger) {
        unsigned v = (unsigned)m->trigger->voice < 5 ? (unsigned)m->trigger->voice : 0;
        st = cm_buf_puts(b, m->reason == CM_MISS_NOT_OBJECT ? " " : "; action ");
        if (!st) st = quoted(b, d->text, m->trig_off, m->trig_len, 60, '\'');
        if (!st) st = cm_buf_printf(b, " (%s:%d, %s: reads %s)", SRC(m->trigger), m->trigger->line,
                                    voice_names[v], voice_reads[v]);
    }
    if (!st && m->waiting)
        st = cm_buf_puts(b, "; the claim on the units it did not name waited for an "
                            "enumeration that never came");
    return st ? st : cm_buf_putc(b, '\n');
}

cm_status cm_claim_explain(cm_buf *b, const cm_claim_doc *d, const cm_lexicon *lex,
                           const cm_claim *c, size_t nc, const cm_claim_miss *miss, size_t nmiss)
{
    const char *file = base_name(lex ? cm_lexicon_path(lex) : NULL);
    cm_status st = cm_buf_puts(b, "== ");
    if (!st) st = plain(b, d->doc_id);
    if (!st) st = cm_buf_printf(b, " (%s, published ", d->lang && *d->lang ? d->lang : "?");
    if (!st) st = day_part(b, d->published);
    if (!st) st = cm_buf_printf(b, "%s): %zu claim%s, %zu place%s without a claim\n",
                                d->published_inferred ? ", inferred" : "", nc, nc == 1 ? "" : "s",
                                nmiss, nmiss == 1 ? "" : "s");
    /* in text order: a sentence's claims, then its places without one */
    size_t i = 0, j = 0;
    while (!st && (i < nc || j < nmiss)) {
        if (j >= nmiss || (i < nc && c[i].sent_off <= miss[j].sent_off))
            st = claim_line(b, d, file, &c[i++]);
        else
            st = miss_line(b, d, file, &miss[j++]);
    }
    return st;
}
