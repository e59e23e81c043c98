/* ingest/date.c — dates as YYYY, YYYY-MM or YYYY-MM-DD, day numbers and span lengths in years. */
#include "chiso/ingest.h"
#include "ingest/util.h"

#include <stdio.h>
#include <string.h>

/* Howard Hinnant's days_from_civil (public domain), proleptic Gregorian. */
int32_t chiso_days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = (unsigned)(y - era * 400);
    const unsigned doy = (unsigned)((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1);
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (int32_t)(era * 146097 + (int)doe - 719468);
}

void chiso_civil_from_days(int32_t z, int *y, int *m, int *d)
{
    z += 719468;
    const int era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = (unsigned)(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int yy = (int)yoe + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned dd = doy - (153 * mp + 2) / 5 + 1;
    const unsigned mm = mp < 10 ? mp + 3 : mp - 9;
    *y = yy + (mm <= 2);
    *m = (int)mm;
    *d = (int)dd;
}

static int is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
    static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : dm[m - 1];
}

char *chiso_date_format(int32_t day, char *buf, size_t size)
{
    int y, m, d;
    chiso_civil_from_days(day, &y, &m, &d);
    snprintf(buf, size, "%04d-%02d-%02d", y, m, d);
    return buf;
}

char *chiso_date_words(int32_t day, char *buf, size_t size)
{
    int y, m, dd;
    if (chiso_get_lang() != CHISO_LANG_VI)
        return chiso_date_format(day, buf, size);
    chiso_civil_from_days(day, &y, &m, &dd);
    snprintf(buf, size, "%02d/%02d/%04d", dd, m, y);
    return buf;
}

/* Read exactly `width` digits at s[*i]. */
static int read_digits(const char *s, size_t n, size_t *i, int width, int *out)
{
    int v = 0;
    for (int k = 0; k < width; k++) {
        if (*i >= n || s[*i] < '0' || s[*i] > '9')
            return 0;
        v = v * 10 + (s[*i] - '0');
        (*i)++;
    }
    *out = v;
    return 1;
}

chiso_status chiso_date_parse(const char *text, int as_end, chiso_date *out, chiso_error *err)
{
    if (!text || !out)
        return chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0, "%s", _("no date given"));
    size_t n;
    const char *s = chiso_trim(text, strlen(text), &n);
    size_t i = 0;
    int y = 0, m = 0, d = 0;
    chiso_date r;
    memset(&r, 0, sizeof r);
    if (!read_digits(s, n, &i, 4, &y) || (i < n && s[i] != '-'))
        goto bad;
    r.prec = CHISO_DATE_YEAR;
    if (i < n) {
        i++;
        size_t mstart = i;
        if (!read_digits(s, n, &i, 2, &m) || (i < n && s[i] != '-'))
            goto bad;
        if (m < 1 || m > 12)
            return chiso_error_set(err, CHISO_EDOMAIN, NULL, 0, (long)mstart + 1,
                                   _("'%.*s' has no month %d: months run from 01 to 12"), (int)n, s, m);
        r.prec = CHISO_DATE_MONTH;
        if (i < n) {
            i++;
            size_t dstart = i;
            if (!read_digits(s, n, &i, 2, &d) || i != n)
                goto bad;
            if (d < 1 || d > days_in_month(y, m))
                return chiso_error_set(err, CHISO_EDOMAIN, NULL, 0, (long)dstart + 1,
                                       _("'%.*s' is not a day of the calendar"), (int)n, s);
            r.prec = CHISO_DATE_DAY;
        }
    }
    if (y < 1900 || y > 2199)
        return chiso_error_set(err, CHISO_EDOMAIN, NULL, 0, 1,
                               _("the year %d of '%.*s' is out of range (1900 to 2199)"), y, (int)n, s);
    r.year = (short)y;
    r.month = (signed char)m;
    r.mday = (signed char)d;
    if (r.prec == CHISO_DATE_YEAR)
        r.day = as_end ? chiso_days_from_civil(y, 12, 31) : chiso_days_from_civil(y, 1, 1);
    else if (r.prec == CHISO_DATE_MONTH)
        r.day = as_end ? chiso_days_from_civil(y, m, days_in_month(y, m)) : chiso_days_from_civil(y, m, 1);
    else
        r.day = chiso_days_from_civil(y, m, d);
    *out = r;
    return CHISO_OK;
bad:
    if (n == 0)
        return chiso_error_set(err, CHISO_EPARSE, NULL, 0, 1, "%s", _("the date is empty"));
    /* a day number as Excel counts dates ("43466"): what a date cell becomes when its column is
     * formatted as General or Number before the file is saved as CSV */
    {
        size_t digits = strspn(s, "0123456789");
        int32_t day;
        if (digits >= 5 && digits <= 6 && (digits == n || (s[digits] == ',' || s[digits] == '.')) &&
            (digits == n || strspn(s + digits + 1, "0123456789") == n - digits - 1)) {
            long serial = 0;
            for (size_t k = 0; k < digits; k++)
                serial = serial * 10 + (s[k] - '0');
            /* only days from 1960 to 2099: "20201" is more likely a year typed with one digit too
             * many than a day of 1955 */
            if (serial >= 21916 && serial <= 73050 && chiso_excel_serial_day((double)serial, &day) == CHISO_OK) {
                char iso[16];
                chiso_date_format(day, iso, sizeof iso);
                int yy, mm, dd;
                chiso_civil_from_days(day, &yy, &mm, &dd);
                if (yy >= 1900 && yy <= 2199)
                    return chiso_error_set(err, CHISO_EPARSE, NULL, 0, 1,
                                           _("'%.*s' is a date as Excel counts days (%s): format the "
                                             "column as a date (yyyy-mm-dd) in Excel before saving, or "
                                             "write %s"),
                                           (int)n, s, iso, iso);
            }
        }
    }
    /* a Vietnamese-style date (27/01/1994) gets a hint */
    if (memchr(s, '/', n))
        return chiso_error_set(err, CHISO_EPARSE, NULL, 0, (long)i + 1,
                               _("cannot read '%.*s' as a date: write YYYY-MM-DD (27/01/1994 is "
                                 "1994-01-27), YYYY-MM or YYYY"),
                               (int)n, s);
    return chiso_error_set(err, CHISO_EPARSE, NULL, 0, (long)i + 1,
                           _("cannot read '%.*s' as a date: write YYYY, YYYY-MM or YYYY-MM-DD"), (int)n,
                           s);
}

double chiso_span_years(int32_t start_day, int32_t end_day)
{
    if (end_day < start_day)
        return 0;
    int y1, m1, d1, y2, m2, d2;
    chiso_civil_from_days(start_day, &y1, &m1, &d1);
    chiso_civil_from_days(end_day, &y2, &m2, &d2);
    if (m1 == 1 && d1 == 1 && m2 == 12 && d2 == 31)
        return (double)(y2 - y1 + 1);
    if (d1 == 1 && d2 == days_in_month(y2, m2))
        return (double)((y2 - y1) * 12 + (m2 - m1) + 1) / 12.0;
    return (double)(end_day - start_day + 1) / 365.25;
}

chiso_status chiso_excel_serial_day(double serial, int32_t *day)
{
    /* Excel's 1900 date system: day 1 is 1900-01-01, and day 60 is 29 February 1900, a day that never
     * was (Lotus 1-2-3 took 1900 for a leap year and Excel kept it): from day 61 on, day n is n days
     * after 1899-12-30. The time of day (the fraction) is dropped. */
    if (!(serial >= 1) || serial >= 2958466) /* 9999-12-31 is the last day Excel knows */
        return CHISO_EDOMAIN;
    long n = (long)serial;
    if (n == 60)
        return CHISO_EDOMAIN;
    int32_t base = chiso_days_from_civil(1899, 12, n < 60 ? 31 : 30);
    *day = base + (int32_t)n;
    return CHISO_OK;
}
