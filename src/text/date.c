/* date: pattern matching of the lexicon's date rules, the operators, and the
 * publication-date inference. */
#include "text/date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool lit_eq(const cm_token *t, const cm_pat_elem *e)
{
    return t->hash == e->hash && t->klen == e->klen && !memcmp(t->key, e->key, e->klen);
}

typedef struct {
    int y, m, d, wd, n;
    int mon;         /* month written as a name */
    bool dm_either;  /* another rule read the same numbers with day and month swapped */
    int mon_cal;     /* its calendar (cm_calendar) */
} capture;

/* ---- the Solar Hijri calendar ------------------------------------------------ */

/* The years where the 33-year cycle of leap years shifts (Borkowski 1996). */
static const int sh_breaks[] = {-61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210,
                                1635, 2060, 2097, 2192, 2262, 2324, 2394, 2456, 3178};

/* Solar year jy: the Gregorian year gy it starts in, the day of March of its
 * first day, and the years since the last leap year (0: jy is leap). */
static bool sh_year(int jy, int *gy, int *march, int *since_leap)
{
    const int nb = (int)(sizeof sh_breaks / sizeof *sh_breaks);
    if (jy < 1 || jy >= sh_breaks[nb - 1]) return false;
    int leap_j = -14, jp = sh_breaks[0], jump = 0;
    for (int i = 1; i < nb; i++) {
        int jm = sh_breaks[i];
        jump = jm - jp;
        if (jy < jm) break;
        leap_j += jump / 33 * 8 + jump % 33 / 4;
        jp = jm;
    }
    int n = jy - jp;
    leap_j += n / 33 * 8 + (n % 33 + 3) / 4;
    if (jump % 33 == 4 && jump - n == 4) leap_j++;
    *gy = jy + 621;
    int leap_g = *gy / 4 - (*gy / 100 + 1) * 3 / 4 - 150;
    *march = 20 + leap_j - leap_g;
    if (jump - n < 6) n = n - jump + (jump + 4) / 33 * 33;
    int l = ((n + 1) % 33 - 1) % 4;
    *since_leap = l == -1 ? 4 : l;
    return true;
}

int cm_date_solar_month_days(int y, int m)
{
    int gy, march, since;
    if (m < 1 || m > 12 || !sh_year(y, &gy, &march, &since)) return 0;
    if (m <= 6) return 31;
    if (m <= 11) return 30;
    return since == 0 ? 30 : 29;
}

bool cm_date_solar_to_day(int y, int m, int d, cm_day *out)
{
    int gy, march, since;
    if (d < 1 || d > cm_date_solar_month_days(y, m) || !sh_year(y, &gy, &march, &since))
        return false;
    cm_day first;
    if (!cm_day_from_ymd(gy, 3, march, &first)) return false;
    *out = first + (m - 1) * 31 - m / 7 * (m - 7) + d - 1;
    return true;
}

void cm_date_day_to_solar(cm_day day, int *y, int *m, int *d)
{
    int gy, gm, gd, g2, march, since;
    cm_day_to_ymd(day, &gy, &gm, &gd);
    int jy = gy - 621;
    cm_day first;
    if (!sh_year(jy, &g2, &march, &since) || !cm_day_from_ymd(gy, 3, march, &first)) {
        *y = *m = *d = 0;
        return;
    }
    long k = (long)(day - first);
    if (k >= 0) {
        if (k <= 185) {
            *y = jy;
            *m = 1 + (int)(k / 31);
            *d = (int)(k % 31) + 1;
            return;
        }
        k -= 186;
    } else {
        jy--;
        k += 179;
        if (since == 1) k++; /* the year before was leap: Esfand has 30 days */
    }
    *y = jy;
    *m = 7 + (int)(k / 30);
    *d = (int)(k % 30) + 1;
}

/* Years {Y} takes: Gregorian, or Solar Hijri (the range Afghan and Iranian
 * news write). */
static bool greg_year(int y) { return y >= 1900 && y <= 2100; }
static bool solar_year(int y) { return y >= 1300 && y <= 1500; }

/* The calendar of a captured date, or -1 when its parts disagree (a solar
 * month with a Gregorian year, "15 August 1400"). */
static int capture_calendar(const capture *c)
{
    if (c->mon) {
        if (c->y && (c->mon_cal == CM_CAL_SOLAR_HIJRI ? !solar_year(c->y) : !greg_year(c->y)))
            return -1;
        return c->mon_cal;
    }
    return c->y && solar_year(c->y) ? CM_CAL_SOLAR_HIJRI : CM_CAL_GREGORIAN;
}

/* Days in month m of year y of calendar cal (y 0: the longest the month can be). */
static int month_days(int cal, int y, int m)
{
    if (cal == CM_CAL_SOLAR_HIJRI) return cm_date_solar_month_days(y ? y : 1399, m);
    return cm_days_in_month(y ? y : 2000, m);
}

/* The day y-m-d of calendar cal. */
static bool cal_day(int cal, int y, int m, int d, cm_day *out)
{
    if (cal == CM_CAL_SOLAR_HIJRI) return cm_date_solar_to_day(y, m, d, out);
    return cm_day_from_ymd(y, m, d, out);
}

/* The year, month and day of a day in calendar cal. */
static void cal_ymd(int cal, cm_day day, int *y, int *m, int *d)
{
    if (cal == CM_CAL_SOLAR_HIJRI) cm_date_day_to_solar(day, y, m, d);
    else cm_day_to_ymd(day, y, m, d);
}

static bool iso_token(const cm_token *t, capture *c)
{
    if (t->kind != CM_TOK_WORD || t->klen != 10 || t->key[4] != '-' || t->key[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (t->key[i] < '0' || t->key[i] > '9')) return false;
    cm_day d;
    if (!cm_day_parse(t->key, 10, &d)) return false;
    cm_day_to_ymd(d, &c->y, &c->m, &c->d);
    return c->y >= 1900 && c->y <= 2100; /* as {Y} and {DMY}: "0221-08-30" is a typo, not a date */
}

/* Month and weekday of each token, looked up once per scan (0 none, -1 not yet). */
typedef struct {
    const cm_lexicon *lex;
    const cm_token *t;
    int8_t *mon, *wd;
} wcache;

static int cached_month(wcache *w, const cm_token *tk)
{
    size_t i = (size_t)(tk - w->t);
    if (w->mon[i] < 0) w->mon[i] = (int8_t)cm_lex_month(w->lex, tk);
    return w->mon[i];
}

static int cached_weekday(wcache *w, const cm_token *tk)
{
    size_t i = (size_t)(tk - w->t);
    if (w->wd[i] < 0) w->wd[i] = (int8_t)cm_lex_weekday(w->lex, tk);
    return w->wd[i];
}

static bool elem_ok(wcache *lex, const cm_pat_elem *e, const cm_token *tk, capture *c);

/* Does the token tk (of n left) fill element e? Records what it captured in c
 * and returns the tokens it takes (a weekday or month name may take several),
 * 0 when it does not fill it. */
static size_t elem_len(wcache *lex, const cm_pat_elem *e, const cm_token *tk, size_t n,
                       capture *c)
{
    switch ((cm_pat_kind)e->kind) {
    case CM_PAT_WD:
    case CM_PAT_WDCAP: {
        if (e->kind == CM_PAT_WDCAP && !(tk->flags & CM_TOKF_CAP)) return 0;
        if (n > 1) {
            int wd;
            size_t l = cm_lex_weekday_at(lex->lex, tk, n, &wd);
            if (l > 1) {
                c->wd = wd;
                return l;
            }
        }
        return (c->wd = cached_weekday(lex, tk)) != 0;
    }
    case CM_PAT_D: {
        /* a day with its ordinal mark: "1er août", "1º de agosto", "1° agosto" */
        int d;
        size_t l = cm_lex_ordinal_day(lex->lex, tk, n, &d);
        if (l) {
            c->d = d;
            return l;
        }
        break;
    }
    case CM_PAT_MON:
        if (n > 1) {
            int mon;
            cm_calendar cal;
            size_t l = cm_lex_month_at(lex->lex, tk, n, &mon, &cal);
            if (l > 1) {
                c->mon = mon;
                c->mon_cal = (int)cal;
                return l;
            }
        }
        break;
    default:
        break;
    }
    return elem_ok(lex, e, tk, c);
}

/* Does token tk fill element e? Records what it captured in c. */
static bool elem_ok(wcache *lex, const cm_pat_elem *e, const cm_token *tk, capture *c)
{
    switch ((cm_pat_kind)e->kind) {
    case CM_PAT_LIT:
        return lit_eq(tk, e);
    case CM_PAT_WD:
    case CM_PAT_WDCAP:
        if (e->kind == CM_PAT_WDCAP && !(tk->flags & CM_TOKF_CAP)) return false;
        return (c->wd = cached_weekday(lex, tk)) != 0;
    case CM_PAT_MON:
        if (!(c->mon = cached_month(lex, tk))) return false;
        c->mon_cal = (int)cm_lex_month_calendar(lex->lex, tk);
        return true;
    case CM_PAT_D:
        if (tk->kind == CM_TOK_WORD) { /* a number word: "د اګست پر شپږمه" */
            int v = cm_lex_number(lex->lex, tk);
            if (v < 1 || v > 31) return false;
            c->d = v;
            return true;
        }
        if (tk->kind != CM_TOK_NUM || tk->num < 1 || tk->num > 31 || tk->klen > 2) return false;
        c->d = tk->num;
        return true;
    case CM_PAT_M:
        if (tk->kind != CM_TOK_NUM || tk->num < 1 || tk->num > 12 || tk->klen > 2) return false;
        c->m = tk->num;
        return true;
    case CM_PAT_Y:
        if (tk->kind != CM_TOK_NUM || tk->klen != 4 ||
            !(greg_year(tk->num) || (solar_year(tk->num) && cm_lexicon_solar(lex->lex))))
            return false;
        c->y = tk->num;
        return true;
    case CM_PAT_N:
        if (tk->kind == CM_TOK_WORD) /* a number word: "three weeks ago" */
            return (c->n = cm_lex_number(lex->lex, tk)) != 0;
        if (tk->kind != CM_TOK_NUM || tk->num < 1 || tk->num > 999) return false;
        c->n = tk->num;
        return true;
    case CM_PAT_ISO:
        return iso_token(tk, c);
    case CM_PAT_DMY: {
        /* "15.8.2021" (a number token) or "15-08-2021" (a word token) */
        int d, m, y, n = 0;
        char tail;
        const char *fmt = tk->kind == CM_TOK_NUM ? "%2d.%2d.%4d%n%c" : "%2d-%2d-%4d%n%c";
        if (tk->klen > 10 || (tk->kind == CM_TOK_WORD && (tk->key[0] < '0' || tk->key[0] > '9')) ||
            tk->kind == CM_TOK_PUNCT || sscanf(tk->key, fmt, &d, &m, &y, &n, &tail) != 3 ||
            n != (int)tk->klen)
            return false;
        cm_day x;
        if (y < 1900 || y > 2100 || !cm_day_from_ymd(y, m, d, &x)) return false;
        c->d = d;
        c->m = m;
        c->y = y;
        return true;
    }
    case CM_PAT_DM: {
        /* "12.8" (the tokenizer keeps a dot between digits in the number) */
        int d, m, n = 0;
        char tail;
        if (tk->kind != CM_TOK_NUM || tk->klen > 5 ||
            sscanf(tk->key, "%2d.%2d%n%c", &d, &m, &n, &tail) != 2 || n != (int)tk->klen ||
            d < 1 || d > 31 || m < 1 || m > 12)
            return false;
        c->d = d;
        c->m = m;
        return true;
    }
    }
    return false;
}

/* Matches pattern elements pat[k..] at token j; returns the tokens consumed or
 * -1. An optional element is tried present first, then absent. A pattern never
 * reaches across a paragraph. */
static long match(wcache *lex, const cm_pat_elem *pat, size_t np, size_t k,
                  const cm_token *t, size_t n, size_t j, capture *c)
{
    if (k == np) return 0;
    const cm_pat_elem *e = &pat[k];
    /* a number word fills {D} only after the rule's first element: "one may
     * argue" is no "{D} {MON}", "د اګست پر شپږمه" is "د {MON} پر {D}" */
    bool word_day = e->kind == CM_PAT_D && j < n && t[j].kind == CM_TOK_WORD &&
                    cm_lex_number(lex->lex, &t[j]) != 0;
    if (j < n && !(k > 0 && (t[j].flags & CM_TOKF_PARA)) && !(word_day && k == 0)) {
        capture c2 = *c;
        size_t l = elem_len(lex, e, &t[j], n - j, &c2);
        if (l) {
            long r = match(lex, pat, np, k + 1, t, n, j + l, &c2);
            if (r >= 0) {
                *c = c2;
                return r + (long)l;
            }
        }
    }
    return e->optional ? match(lex, pat, np, k + 1, t, n, j, c) : -1;
}

static bool has_slot(const cm_lex_entry *e, cm_pat_kind k)
{
    for (size_t i = 0; i < e->npat; i++)
        if (e->pat[i].kind == k) return true;
    return false;
}

static bool sent_end(const cm_token *t)
{
    return (t->flags & CM_TOKF_PARA) ||
           (t->kind == CM_TOK_PUNCT && t->klen == 1 &&
            (t->key[0] == '.' || t->key[0] == '!' || t->key[0] == '?'));
}

/* Is there a hit of kind within `window` tokens before token i, in the same
 * stretch of text (no sentence end, comma or semicolon between)? */
static bool marker_before(const cm_token *t, const cm_lex_hit *h, size_t nh, size_t i,
                          cm_lex_kind kind, size_t window)
{
    size_t lo = i > window ? i - window : 0;
    for (size_t j = i; j > lo; j--) {
        const cm_token *p = &t[j - 1];
        bool stop = sent_end(p) || (p->kind == CM_TOK_PUNCT && p->klen == 1 &&
                                    (p->key[0] == ',' || p->key[0] == ';'));
        if (stop || (t[j].flags & CM_TOKF_PARA)) {
            lo = j;
            break;
        }
    }
    /* binary search the first hit at or after lo */
    size_t a = 0, b = nh;
    while (a < b) {
        size_t mid = (a + b) / 2;
        if (h[mid].tok < lo) a = mid + 1;
        else b = mid;
    }
    for (size_t k = a; k < nh && h[k].tok < i; k++)
        if (h[k].kinds & (1u << kind)) return true;
    return false;
}

/* A dateline stands within this many tokens of the start of a text. */
#define DATELINE_TOKENS 15

/* The longest date rule or event matching at token i (0 when none). */
static long best_at(wcache *wc, const cm_token *t, size_t n, size_t i,
                    const cm_lex_entry **best_out, capture *bc)
{
    const cm_lex_entry *best = NULL;
    long blen = 0;
    *bc = (capture){0};
    const cm_lexicon *lex = wc->lex;
    cm_lex_dateinfo info;
    cm_lex_date_info(lex, &t[i], &info);
    wc->mon[i] = (int8_t)info.month;
    wc->wd[i] = (int8_t)info.weekday;
    for (int pass = 0; pass < 2; pass++) {
        size_t nrules = pass ? info.nslot : info.nlit;
        const cm_lex_entry *const *rules = pass ? info.slot : info.lit;
        for (size_t k = 0; k < nrules; k++) {
            const cm_lex_entry *e = rules[k];
            capture c = {0};
            long len = match(wc, e->pat, e->npat, 0, t, n, i, &c);
            if (len <= 0) continue;
            /* the calendar agrees with itself; a day exists in its month */
            int cal = capture_calendar(&c);
            if (cal < 0) continue;
            int mm = c.m ? c.m : c.mon;
            if (c.d && mm && c.d > month_days(cal, c.y, mm)) continue;
            if (len > blen || (len == blen && best && e->nlit > best->nlit)) {
                best = e;
                blen = len;
                *bc = c;
            } else if (len == blen && best && e->nlit == best->nlit && c.d && c.m &&
                       c.d == bc->m && c.m == bc->d && c.d != c.m) {
                /* "8/12/2021" read both ways by a language that writes both
                 * orders: the rule listed first wins, the other stays possible */
                bc->dm_either = true;
            }
        }
    }
    size_t elen = 0;
    const cm_lex_entry *ev = info.event ? cm_lex_event_at(lex, &t[i], n - i, &elen) : NULL;
    if (ev && (long)elen > blen) {
        best = ev;
        blen = (long)elen;
        *bc = (capture){0};
    }
    *best_out = best;
    return best ? blen : 0;
}

cm_status cm_date_scan(const cm_lexicon *lex, const cm_token *t, size_t n,
                       const cm_lex_hit *hits, size_t nhits, cm_arena *a, cm_date_ref **out,
                       size_t *nout)
{
    *out = NULL;
    *nout = 0;
    cm_lex_hit *own = NULL;
    if (!hits) {
        cm_status st = cm_lex_scan(lex, t, n, a, &own, &nhits);
        if (st) return st;
        hits = own;
    }
    size_t cap = 16, nr = 0;
    cm_date_ref *r = cm_arena_calloc(a, cap, sizeof *r);
    wcache wc = {lex, t, cm_arena_alloc(a, n + 1), cm_arena_alloc(a, n + 1)};
    if (!r || !wc.mon || !wc.wd) return CM_NOMEM;
    memset(wc.mon, 0xFF, n + 1);
    memset(wc.wd, 0xFF, n + 1);
    for (size_t i = 0; i < n;) {
        const cm_lex_entry *best;
        capture bc;
        long blen = best_at(&wc, t, n, i, &best, &bc);
        if (!blen) {
            i++;
            continue;
        }
        /* a match starting inside this one that reaches further wins:
         * "Pada Minggu (15/8/2021)" is the stamped date, not "Pada Minggu" */
        size_t later = 0;
        for (size_t j = i + 1; j < i + (size_t)blen && !later; j++) {
            const cm_lex_entry *e2;
            capture c2;
            long l2 = best_at(&wc, t, n, j, &e2, &c2);
            if (l2 && j + (size_t)l2 > i + (size_t)blen) later = j;
        }
        if (later) {
            i = later;
            continue;
        }
        if (nr == cap) {
            cm_date_ref *nrv = cm_arena_calloc(a, cap * 2, sizeof *nrv);
            if (!nrv) return CM_NOMEM;
            memcpy(nrv, r, nr * sizeof *r);
            r = nrv;
            cap *= 2;
        }
        cm_date_ref *d = &r[nr++];
        memset(d, 0, sizeof *d);
        d->tok = i;
        d->ntok = (size_t)blen;
        d->off = t[i].off;
        d->len = t[i + (size_t)blen - 1].off + t[i + (size_t)blen - 1].len - t[i].off;
        d->rule = best;
        d->from = d->to = d->day = CM_DAY_NONE;
        if (best->kind == CM_LEX_EVENT) {
            d->event = true;
        } else {
            d->y = bc.y;
            d->cal = capture_calendar(&bc);
            d->m = bc.m ? bc.m : bc.mon;
            d->d = bc.d;
            d->wd = bc.wd;
            d->n = bc.n;
            d->dm_either = bc.dm_either;
            int op = best->code;
            d->year_only = op == CM_DOP_YEAR;
            d->relative = !(op == CM_DOP_ABS || op == CM_DOP_MONTH_START ||
                            op == CM_DOP_MONTH_MID || op == CM_DOP_MONTH_END || d->year_only);
            d->stamped = has_slot(best, CM_PAT_D) &&
                         (has_slot(best, CM_PAT_WD) || has_slot(best, CM_PAT_WDCAP)) && d->wd;
        }
        /* the marker may open the date itself: "sejak Jumat", "seit Montag" */
        d->future = marker_before(t, hits, nhits, i + 1, CM_LEX_FUTURE, 12);
        d->since = marker_before(t, hits, nhits, i + 1, CM_LEX_SINCE, 6);
        if (nr == 1 && i < DATELINE_TOKENS && !d->event && !d->relative && !d->year_only) {
            d->dateline = true;
            for (size_t k = 0; k < i && d->dateline; k++)
                if (t[k].kind == CM_TOK_WORD && !(t[k].flags & CM_TOKF_CAP)) d->dateline = false;
        }
        i += (size_t)blen;
    }
    *out = r;
    *nout = nr;
    return CM_OK;
}

/* ---- operators ------------------------------------------------------------- */

/* ISO weekday 1..7 of day. */
static int wday(cm_day d) { return cm_day_weekday(d) + 1; }

/* Latest day <= p (strict: < p) with weekday w. */
static cm_day latest_wd(cm_day p, int w, bool strict)
{
    cm_day d = strict ? p - 1 : p;
    int back = (wday(d) - w + 7) % 7;
    return d - back;
}

/* Earliest day >= p with weekday w. */
static cm_day first_wd_from(cm_day p, int w)
{
    return p + (w - wday(p) + 7) % 7;
}

static void ym_add(int *y, int *m, int months)
{
    int t = *y * 12 + (*m - 1) + months;
    *y = t / 12;
    *m = t % 12 + 1;
}

static void set_period(cm_date_ref *r, cm_day from, cm_day to, int prec)
{
    r->from = from;
    r->to = to;
    r->precision = prec;
    r->day = prec <= CM_DPREC_DAY ? from : from + (to - from) / 2;
}

/* Year (in the date's calendar) for an absolute date without one; year is a
 * Gregorian year to go by when P is unknown. */
static int guess_year(const cm_date_ref *r, int m, int d, cm_day p, int year)
{
    int cal = r->cal;
    if (p != CM_DAY_NONE) {
        int py, pm, pd;
        cal_ymd(cal, p, &py, &pm, &pd);
        cm_day x;
        /* the year before when the date would lie more than two months
         * ahead, or does not exist this year (30 Hut, 29 February) */
        if (!cal_day(cal, py, m, d ? d : 1, &x) || x > p + 62) py--;
        year = py;
    } else if (year && cal == CM_CAL_SOLAR_HIJRI) {
        /* Hamal .. Qaws begin in the Gregorian year 621 after the solar
         * one; Jadi, Dalw and Hut lie mostly in the next */
        year -= m <= 9 ? 621 : 622;
    }
    if (!year) return 0;
    if (r->wd && d) {
        /* a weekday written beside the date picks the year around it */
        static const int tries[] = {0, -1, 1, -2, 2, -3, 3, -4, 4, -5, 5, -6, 6};
        for (size_t k = 0; k < sizeof tries / sizeof *tries; k++) {
            cm_day x;
            if (cal_day(cal, year + tries[k], m, d, &x) && wday(x) == r->wd)
                return year + tries[k];
        }
    }
    return year;
}

/* Of two readings of a numeric date, the one a report most likely means: on
 * or before the publication day p (a day of slack), and nearest to it. */
static bool prefer_swapped(int y, int m, int d, cm_day p)
{
    cm_day a, b;
    if (!cm_day_from_ymd(y, m, d, &a)) return true;
    if (!cm_day_from_ymd(y, d, m, &b)) return false;
    bool a_ok = a <= p + 1, b_ok = b <= p + 1;
    if (a_ok != b_ok) return b_ok;
    cm_day da = a > p ? a - p : p - a, db = b > p ? b - p : p - b;
    return db < da;
}

/* anchor: the day of the date named before r in the text (CM_DAY_NONE when
 * none), for the operator prev_day. */
static void resolve_one(cm_date_ref *r, cm_day p, int year, cm_day anchor)
{
    r->from = r->to = r->day = CM_DAY_NONE;
    r->precision = CM_DPREC_NONE;
    if (r->event) {
        set_period(r, r->rule->day, r->rule->day, CM_DPREC_DAY);
        return;
    }
    int op = r->rule->code;
    int prec = r->rule->ival, arg = r->rule->ival2;
    switch ((cm_date_op)op) {
    case CM_DOP_YEAR: {
        cm_day a, b;
        int cal = solar_year(r->y) ? CM_CAL_SOLAR_HIJRI : CM_CAL_GREGORIAN;
        if (cal_day(cal, r->y, 1, 1, &a) && cal_day(cal, r->y, 12, month_days(cal, r->y, 12), &b)) {
            r->from = a;
            r->to = b;
        }
        return;
    }
    case CM_DOP_MONTH_LAST: {
        if (p == CM_DAY_NONE || !r->m) return;
        int py, pm, pd;
        cal_ymd(r->cal, p, &py, &pm, &pd);
        int y = r->m < pm ? py : py - 1;
        cm_day a, b;
        if (!cal_day(r->cal, y, r->m, 1, &a) ||
            !cal_day(r->cal, y, r->m, month_days(r->cal, y, r->m), &b))
            return;
        set_period(r, a, b, prec ? prec : CM_DPREC_MONTH);
        return;
    }
    case CM_DOP_ABS:
    case CM_DOP_MONTH_START:
    case CM_DOP_MONTH_MID:
    case CM_DOP_MONTH_END: {
        if (!r->m && r->d && op == CM_DOP_ABS && p != CM_DAY_NONE) {
            /* a day of the month alone (Chinese "9日"): P's month, or the
             * month before when that day is still ahead of P */
            int py, pm, pd;
            cm_day_to_ymd(p, &py, &pm, &pd);
            if (r->d > pd && --pm < 1) pm = 12, py--;
            if (r->d > cm_days_in_month(py, pm)) return;
            r->m = pm;
            if (!r->y) r->y = py;
        }
        int y = r->y ? r->y : guess_year(r, r->m, r->d, p, year);
        if (!y || !r->m) return;
        if (r->dm_either && p != CM_DAY_NONE && r->cal == CM_CAL_GREGORIAN &&
            prefer_swapped(y, r->m, r->d, p)) {
            int tmp = r->m;
            r->m = r->d;
            r->d = tmp;
            r->dm_either = false; /* decided once: later resolutions keep it */
        }
        int dim = month_days(r->cal, y, r->m);
        if (!dim) return;
        int d0 = 1, d1 = dim;
        if (op == CM_DOP_ABS && r->d) d0 = d1 = r->d;
        else if (op == CM_DOP_MONTH_START) d1 = 10;
        else if (op == CM_DOP_MONTH_MID) {
            d0 = 11;
            d1 = 20;
        } else if (op == CM_DOP_MONTH_END)
            d0 = dim - 6;
        cm_day a, b;
        if (!cal_day(r->cal, y, r->m, d0, &a) || !cal_day(r->cal, y, r->m, d1, &b)) return;
        if (!prec) prec = d0 == d1 ? CM_DPREC_DAY : (d1 - d0 < 7 ? CM_DPREC_WEEK : CM_DPREC_MONTH);
        set_period(r, a, b, prec);
        return;
    }
    default:
        break;
    }
    if (op == CM_DOP_PREV_DAY) {
        /* "the day before", "sehari sebelumnya", "am Vortag": counted from the
         * date named before it, else from the publication date */
        cm_day base = anchor != CM_DAY_NONE ? anchor : p;
        if (base == CM_DAY_NONE) return;
        int k = r->n ? r->n * arg : arg; /* "three days earlier": {N} x -1 */
        set_period(r, base + k, base + k, prec ? prec : CM_DPREC_DAY);
        return;
    }
    if (p == CM_DAY_NONE) return;
    /* with a count ("{N} weeks ago"), the argument is the step the count multiplies */
    int count = r->n;
    switch ((cm_date_op)op) {
    case CM_DOP_WD:
    case CM_DOP_WD_LAST: {
        cm_day d = latest_wd(p, r->wd, op == CM_DOP_WD_LAST);
        set_period(r, d, d, prec ? prec : CM_DPREC_DAY);
        break;
    }
    case CM_DOP_DAYS_AGO: {
        cm_day d = p - (count ? count * (arg ? arg : 1) : arg);
        set_period(r, d, d, prec ? prec : CM_DPREC_DAY);
        break;
    }
    case CM_DOP_DAY: {
        int k = count ? count * arg : arg;
        set_period(r, p + k, p + k, prec ? prec : CM_DPREC_DAY);
        break;
    }
    case CM_DOP_WEEK: {
        cm_day mon = latest_wd(p, 1, false) + 7 * (count ? count * arg : arg);
        cm_day end = mon + 6;
        if (end > p && mon <= p) end = p;
        set_period(r, mon, end, prec ? prec : CM_DPREC_WEEK);
        break;
    }
    case CM_DOP_WEEKEND: {
        cm_day sat = latest_wd(p, 6, false);
        if (arg < 0 && p - sat <= 1) sat -= 7;
        cm_day end = sat + 1 > p && sat <= p ? p : sat + 1;
        set_period(r, sat, end, prec ? prec : CM_DPREC_WEEK);
        break;
    }
    case CM_DOP_MONTH: {
        int y, m, d;
        cm_day_to_ymd(p, &y, &m, &d);
        ym_add(&y, &m, count ? count * arg : arg);
        cm_day a, b;
        if (!cm_day_from_ymd(y, m, 1, &a) || !cm_day_from_ymd(y, m, cm_days_in_month(y, m), &b))
            return;
        if (b > p && a <= p) b = p;
        set_period(r, a, b, prec ? prec : CM_DPREC_MONTH);
        break;
    }
    default:
        break;
    }
}

void cm_date_resolve(cm_date_ref *r, size_t n, cm_day published, int year)
{
    cm_day anchor = CM_DAY_NONE;
    for (size_t i = 0; i < n; i++) {
        resolve_one(&r[i], published, year, anchor);
        /* the next prev_day counts from the last date with a day: an event
         * date, a full date, a weekday, "the day before" itself */
        if (r[i].precision == CM_DPREC_DAY && !r[i].future && !r[i].since)
            anchor = r[i].day;
    }
}

/* ---- publication date -------------------------------------------------------- */

static bool is_op(const cm_date_ref *r, cm_date_op op)
{
    return !r->event && r->rule->code == (int)op;
}

static int day_cmp(const void *a, const void *b)
{
    cm_day x = *(const cm_day *)a, y = *(const cm_day *)b;
    return x < y ? -1 : x > y;
}

static bool day_in(const cm_day *v, size_t n, cm_day d)
{
    size_t a = 0, b = n;
    while (a < b) {
        size_t m = (a + b) / 2;
        if (v[m] < d) a = m + 1;
        else b = m;
    }
    return a < n && v[a] == d;
}

bool cm_date_infer_published(cm_date_ref *r, size_t n, int year_hint, cm_day *out,
                             int *year_out)
{
    int year = 0;
    for (size_t i = 0; i < n; i++) {
        if (r[i].event || r[i].year_only || !r[i].y || !r[i].m) continue;
        int gy = r[i].y;
        cm_day x;
        if (r[i].cal == CM_CAL_SOLAR_HIJRI) { /* the Gregorian year of the solar date */
            int gm, gd;
            if (!cm_date_solar_to_day(r[i].y, r[i].m, r[i].d ? r[i].d : 1, &x)) continue;
            cm_day_to_ymd(x, &gy, &gm, &gd);
        }
        if (gy > year) year = gy;
    }
    if (!year)
        for (size_t i = 0; i < n; i++)
            if (r[i].event) {
                int y, m, d;
                cm_day_to_ymd(r[i].rule->day, &y, &m, &d);
                if (y > year) year = y;
            }
    if (!year) year = year_hint;
    if (year_out) *year_out = year;
    cm_date_resolve(r, n, CM_DAY_NONE, year);
    cm_day pmin = CM_DAY_NONE, u = CM_DAY_NONE;
    for (size_t i = 0; i < n; i++) {
        const cm_date_ref *d = &r[i];
        if (d->relative || d->future || d->year_only || d->from == CM_DAY_NONE) continue;
        if (d->precision > CM_DPREC_WEEK) continue;
        if (pmin == CM_DAY_NONE || d->to > pmin) pmin = d->to;
        /* the report's own day: a date stamped with its weekday, or a dateline
         * (the text's first date, in its first words: "KABUL, Aug 16, 2021 -") */
        bool own = d->stamped || (d->dateline && d->precision == CM_DPREC_DAY);
        if (!own && (u == CM_DAY_NONE || d->to > u)) u = d->to;
    }
    if (pmin == CM_DAY_NONE) return false;
    if (u != CM_DAY_NONE)
        for (size_t i = 0; i < n; i++)
            if (is_op(&r[i], CM_DOP_WD) && !r[i].future && r[i].wd) {
                cm_day d = first_wd_from(u, r[i].wd);
                if (d > pmin) pmin = d;
            }
    /* the week after pmin: the earliest P putting most relative days on anchors
     * (the anchor days sorted, so that each test is a binary search) */
    size_t na = 0;
    for (size_t i = 0; i < n; i++)
        if (!r[i].relative && !r[i].future && r[i].precision == CM_DPREC_DAY) na++;
    cm_day *anchors = na ? malloc(na * sizeof *anchors) : NULL;
    if (na && !anchors) {
        *out = pmin; /* out of memory: no refinement */
        return true;
    }
    na = 0;
    for (size_t i = 0; i < n; i++)
        if (!r[i].relative && !r[i].future && r[i].precision == CM_DPREC_DAY) anchors[na++] = r[i].from;
    if (na) qsort(anchors, na, sizeof *anchors, day_cmp);
    cm_day best = pmin;
    int bestc = -1;
    for (cm_day p = pmin; na && p < pmin + 7; p++) {
        int c = 0;
        for (size_t i = 0; i < n; i++) {
            cm_date_ref *d = &r[i];
            if (!d->relative || d->future || is_op(d, CM_DOP_PREV_DAY)) continue;
            cm_date_ref x = *d;
            resolve_one(&x, p, year, CM_DAY_NONE);
            if (x.precision == CM_DPREC_DAY && day_in(anchors, na, x.from)) c++;
        }
        if (c > bestc) {
            bestc = c;
            best = p;
        }
    }
    free(anchors);
    *out = best;
    return true;
}

cm_status cm_date_find(const cm_lexicon *lex, const char *text, size_t len, cm_day published,
                       cm_arena *a, cm_date_ref **out, size_t *nout)
{
    cm_token *t;
    size_t nt;
    cm_status st = cm_tokenize(text, len, a, &t, &nt);
    if (st) return st;
    st = cm_date_scan(lex, t, nt, NULL, 0, a, out, nout);
    if (st) return st;
    cm_date_resolve(*out, *nout, published, 0);
    return CM_OK;
}
