/* day: calendar days as integers (days since 1970-01-01, proleptic Gregorian).
 *
 * Every date in conflictmap is a cm_day. libc only. */
#ifndef CM_DAY_H
#define CM_DAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef int32_t cm_day;
#define CM_DAY_NONE INT32_MIN /* no date / open end */

/* Days since 1970-01-01 for a valid y-m-d; false when the date does not exist. */
bool cm_day_from_ymd(int y, int m, int d, cm_day *out);
void cm_day_to_ymd(cm_day day, int *y, int *m, int *d);
/* Strict YYYY-MM-DD (exactly n bytes); false when malformed or not a real date. */
bool cm_day_parse(const char *s, size_t n, cm_day *out);
/* Writes YYYY-MM-DD and a NUL into buf. */
void cm_day_format(cm_day day, char buf[11]);
/* 0 = Monday … 6 = Sunday (ISO). */
int cm_day_weekday(cm_day day);
int cm_days_in_month(int y, int m);

#endif
