/* date: the dates a text names, absolute and relative, and the publication
 * date a text implies.
 *
 * Every date form is a rule in the language's lexicon (kind `date`): a pattern
 * over tokens — literal words and punctuation, and the slots {WD} (a weekday
 * name; {WD^} when written with a capital), {MON} (a month name), {D}, {M}, {Y}
 * (day, month and year numbers), {N} (a count, in digits or a number word of
 * the lexicon: "three"), {ISO} (YYYY-MM-DD) and {DMY}
 * (D.M.YYYY or D-M-YYYY in one token) — an
 * operator, a precision and an optional argument. This module only implements
 * the operators; adding a form ("Senin malam", "am Montag", "last Friday") is a
 * line of data. Operators, resolved against the publication date P:
 *
 *   abs          the date written (year from the text or P when missing)
 *   month_start  days 1-10 of the month written     month_mid    days 11-20
 *   month_end    the last 7 days of the month written
 *   wd           the latest day <= P with the weekday written ("pada Rabu")
 *   wd_last      the latest day <  P with the weekday written ("Jumat lalu")
 *   days_ago     P - N ({N} or the argument; with both, N x argument:
 *                "{N} weeks ago" days_ago 2 7)
 *   day          P + argument (with {N}: N x argument)
 *   prev_day     the day of the date named before it in the text + argument
 *                ("the day before" -1, "a day later" +1; with {N}: N x
 *                argument, "{N} days earlier"); P + argument when
 *                the text names none before it
 *   week         the week (Mon-Sun) of P + argument weeks (with {N}: N x argument)
 *   weekend      the latest Saturday-Sunday starting <= P (argument -1: the one
 *                before when P is itself in a weekend)
 *   month        the month of P + argument months (with {N}: N x argument)
 *   month_last   the latest month named that lies before P's month ("Agustus lalu")
 *   year         a year alone: precision 0, never an event date
 *
 * A language that writes numeric dates in both orders (English: 8/12/2021 is
 * 12 August in Washington, 8 December in Kabul) lists both rules, day-month
 * and month-day; when a date reads both ways, the reading on or before the
 * publication date and nearest to it is taken (the rule listed first when
 * that date is unknown).
 *
 * Well-known dated events (lexicon kind `event`: "jatuhnya Kabul", "fall of
 * Kabul") are found too and count as absolute day dates.
 *
 * Solar Hijri dates: a month name the lexicon declares `solar` ("۲۴ اسد ۱۴۰۰",
 * "۳ تیرماه") is a month of the Solar Hijri calendar, and {Y} takes a solar year
 * (1300-1500) as well as a Gregorian one (1900-2100); a date of numbers alone
 * ("۱۴۰۰/۵/۲۴") is solar when its year is. The operators work in the calendar
 * written (month_start is 1-10 Asad, month_last the last Asad) and the result
 * is converted to the Gregorian cm_day. A solar date without a year takes the
 * solar year of P, or the one before when that would put it more than two
 * months after P — the rule Gregorian dates follow.
 *
 * Precision follows ACLED's time_precision: 1 day, 2 week, 3 month. The day
 * reported for a period is its middle, as ACLED codes it.
 *
 * Depends on core/ and lexicon. Thread-safe (no state). */
#ifndef CM_DATE_H
#define CM_DATE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/day.h"
#include "core/status.h"
#include "text/lexicon.h"
#include "text/token.h"

enum { CM_DPREC_NONE = 0, CM_DPREC_DAY = 1, CM_DPREC_WEEK = 2, CM_DPREC_MONTH = 3 };

typedef struct {
    size_t tok, ntok;          /* token span */
    size_t off, len;           /* byte span in the text */
    const cm_lex_entry *rule;  /* the date rule, or the event entry */
    int y, m, d, wd, n;        /* what the text wrote (0 when absent) */
    int cal;                   /* the calendar of y, m, d: cm_calendar */
    bool event;                /* a well-known dated event */
    bool relative;             /* resolved against the publication date */
    bool stamped;              /* weekday and full date written together: "Minggu (15/8/2021)" */
    bool future;               /* after a future marker ("menjelang", "deadline") */
    bool since;                /* after "sejak", "since", "seit" */
    bool year_only;            /* a year alone ("pada 2001") */
    bool dm_either;            /* numeric day and month that read both ways ("8/12/2021")
                                  under two rules of the language: resolution picks */
    bool dateline;             /* the text's first date, after nothing but a place name
                                  and punctuation: "KABUL, Aug 16, 2021 -" */
    /* resolution */
    cm_day from, to;           /* the period (CM_DAY_NONE when unresolved) */
    cm_day day;                /* the representative day: the day, or the period's middle */
    int precision;             /* CM_DPREC_*; NONE when unresolved or a year alone */
} cm_date_ref;

/* Finds the dates in t[0..n) with lex's rules and events, leftmost longest, in
 * token order (into the arena). hits are the lexicon hits of the same tokens
 * (cm_lex_scan), used for the future and since markers; NULL scans them here.
 * Nothing is resolved yet. CM_NOMEM only. */
cm_status cm_date_scan(const cm_lexicon *lex, const cm_token *t, size_t n,
                       const cm_lex_hit *hits, size_t nhits, cm_arena *a, cm_date_ref **out,
                       size_t *nout) CM_WUR;

/* Resolves refs against the publication date P (CM_DAY_NONE: relative ones stay
 * unresolved). year is the year for absolute dates written without one when P
 * is unknown (0: they stay unresolved). */
void cm_date_resolve(cm_date_ref *r, size_t n, cm_day published, int year);

/* Infers the publication date from the text's own evidence: the year from the
 * latest full date (else from the events named, else year_hint); the anchors
 * (absolute dates not marked future, events); P at least the latest anchor and
 * late enough that every plain weekday reference ("pada Rabu") falls on or
 * after the latest background anchor (one that is neither stamped with its
 * weekday nor a dateline); then, within the week
 * that follows, the earliest P under which the most relative references land
 * on an anchor day ("Jumat lalu" onto "8 Oktober"). False when the text holds
 * no anchor. *year_out (may be NULL) receives the year used. */
bool cm_date_infer_published(cm_date_ref *r, size_t n, int year_hint, cm_day *out,
                             int *year_out);

/* The Solar Hijri calendar (Afghanistan, Iran): year, month 1..12 (Hamal /
 * Farvardin = 1; months 1-6 have 31 days, 7-11 30, 12 29 or 30 in a leap
 * year), day. Exact over 1-3177 SH by K. M. Borkowski's arithmetic ("The
 * Persian calendar for 3000 years", Earth, Moon and Planets 74, 1996): 33-year
 * cycles between the break years where the astronomical calendar shifts them;
 * 1 Hamal 1400 = 21 March 2021, 24 Asad 1400 = 15 August 2021.
 * cm_date_solar_to_day: false for a date that does not exist or a year outside
 * 1..3177. cm_date_day_to_solar: the solar date of a day (years 1..3177).
 * cm_date_solar_month_days: 29..31, 0 for a bad month or year. */
bool cm_date_solar_to_day(int y, int m, int d, cm_day *out);
void cm_date_day_to_solar(cm_day day, int *y, int *m, int *d);
int cm_date_solar_month_days(int y, int m);

/* Convenience for tests and tools: tokenizes text, scans and resolves. */
cm_status cm_date_find(const cm_lexicon *lex, const char *text, size_t len, cm_day published,
                       cm_arena *a, cm_date_ref **out, size_t *nout) CM_WUR;

#endif
