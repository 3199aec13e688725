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
/* The date of an RFC 3339 / ISO 8601 timestamp ("2021-08-21", "2021-08-21T10:00:00+04:30",
 * "2021-08-21 10:00"): the calendar day as written, in the writer's own time zone
 * (no conversion to UTC). Leading and trailing white space is allowed. */
bool cm_day_parse_iso(const char *s, size_t n, cm_day *out);
/* The date of an RFC 822 / RFC 2822 date-time as RSS writes it ("Sat, 21 Aug 2021
 * 10:00:00 +0430", "21 Aug 21 10:00 GMT"; English month names, the day name
 * optional, two-digit years as RFC 2822 reads them): the day as written. */
bool cm_day_parse_rfc822(const char *s, size_t n, cm_day *out);
/* Writes YYYY-MM-DD and a NUL into buf. */
void cm_day_format(cm_day day, char buf[11]);
/* 0 = Monday … 6 = Sunday (ISO). */
int cm_day_weekday(cm_day day);
int cm_days_in_month(int y, int m);

#endif
