/* day: civil-from-days and days-from-civil after Howard Hinnant's algorithms
 * (http://howardhinnant.github.io/date_algorithms.html). libc only. */
#include "core/day.h"


int cm_days_in_month(int y, int m)
{
    static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12) return 0;
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
    return dm[m - 1];
}

bool cm_day_from_ymd(int y, int m, int d, cm_day *out)
{
    if (y < 1 || y > 9999 || d < 1 || d > cm_days_in_month(y, m)) return false;
    y -= m <= 2;
    int era = y / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    *out = era * 146097 + doe - 719468;
    return true;
}

void cm_day_to_ymd(cm_day day, int *y, int *m, int *d)
{
    int z = day + 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yoe + era * 400 + (*m <= 2);
}

static int digits(const char *s, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

bool cm_day_parse(const char *s, size_t n, cm_day *out)
{
    if (n != 10 || s[4] != '-' || s[7] != '-') return false;
    int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
    if (y < 0 || m < 0 || d < 0) return false;
    return cm_day_from_ymd(y, m, d, out);
}

void cm_day_format(cm_day day, char buf[11])
{
    int y, m, d;
    cm_day_to_ymd(day, &y, &m, &d);
    /* Written digit by digit: the ranges are known, and snprintf's truncation
     * warning cannot see that. */
    y = ((y % 10000) + 10000) % 10000;
    buf[0] = (char)('0' + y / 1000), buf[1] = (char)('0' + y / 100 % 10);
    buf[2] = (char)('0' + y / 10 % 10), buf[3] = (char)('0' + y % 10);
    buf[4] = '-', buf[5] = (char)('0' + m / 10), buf[6] = (char)('0' + m % 10);
    buf[7] = '-', buf[8] = (char)('0' + d / 10), buf[9] = (char)('0' + d % 10);
    buf[10] = 0;
}

int cm_day_weekday(cm_day day)
{
    /* 1970-01-01 was a Thursday (ISO 3). */
    int w = (day % 7 + 7 + 3) % 7;
    return w;
}

static void trim_ws(const char **s, size_t *n)
{
    while (*n && (**s == ' ' || **s == '\t' || **s == '\r' || **s == '\n')) (*s)++, (*n)--;
    while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t' || (*s)[*n - 1] == '\r' || (*s)[*n - 1] == '\n')) (*n)--;
}

bool cm_day_parse_iso(const char *s, size_t n, cm_day *out)
{
    trim_ws(&s, &n);
    if (n < 10) return false;
    if (n > 10 && s[10] != 'T' && s[10] != 't' && s[10] != ' ' && s[10] != 'Z' && s[10] != 'z') return false;
    return cm_day_parse(s, 10, out);
}

/* Reads an unsigned number of 1..max digits at s[*i]. */
static bool read_digits(const char *s, size_t n, size_t *i, int max, int *v)
{
    int k = 0;
    *v = 0;
    while (*i < n && s[*i] >= '0' && s[*i] <= '9' && k < max) *v = *v * 10 + (s[(*i)++] - '0'), k++;
    return k > 0 && !(*i < n && s[*i] >= '0' && s[*i] <= '9');
}

bool cm_day_parse_rfc822(const char *s, size_t n, cm_day *out)
{
    static const char *mon[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
    trim_ws(&s, &n);
    size_t i = 0;
    if (i < n && !(s[i] >= '0' && s[i] <= '9')) { /* day name, then a comma or a space */
        while (i < n && s[i] != ',' && s[i] != ' ') i++;
        if (i < n && s[i] == ',') i++;
        while (i < n && s[i] == ' ') i++;
    }
    int d, y, m = 0;
    if (!read_digits(s, n, &i, 2, &d)) return false;
    while (i < n && (s[i] == ' ' || s[i] == '-')) i++;
    if (i + 3 > n) return false;
    for (int k = 0; k < 12 && !m; k++) {
        int j = 0;
        while (j < 3 && (s[i + (size_t)j] | 32) == mon[k][j]) j++;
        if (j == 3) m = k + 1;
    }
    if (!m) return false;
    i += 3;
    while (i < n && (s[i] | 32) >= 'a' && (s[i] | 32) <= 'z') i++; /* "August" */
    while (i < n && (s[i] == ' ' || s[i] == '-' || s[i] == ',')) i++;
    size_t y0 = i;
    if (!read_digits(s, n, &i, 4, &y)) return false;
    if (i - y0 == 2) y += y < 50 ? 2000 : 1900; /* RFC 2822 section 4.3 */
    else if (i - y0 != 4) return false;
    return cm_day_from_ymd(y, m, d, out);
}
