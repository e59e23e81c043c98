/* ingest/xlsx_int.h — what the two files of the workbook reader share (never installed).
 *
 *   xlsxread.c   the package: opened from memory, its XML parts parsed through expat with the limits, the
 *                workbook (sheets, date system), its relationships, shared strings and styles
 *   xlsxsheet.c  a sheet: its cells, in row order, as rows of text (chiso_xlsx_read_sheet)
 */
#ifndef CHISO_XLSX_INT_H
#define CHISO_XLSX_INT_H

#include "ingest/xlsxread.h"
#include "ingest/util.h"

#include <expat.h>
#include <zip.h>

#include "chiso/ingest.h"


#define XLSX_MAX_ROW 1048576L /* Excel's limits */
#define XLSX_MAX_COL 16384L

enum { XF_OTHER = 0, XF_DATE = 1, XF_PERCENT = 2 };

struct chiso_xlsx {
    char *name;
    char *data;
    size_t size;
    zip_t *zip;
    size_t total;        /* bytes decompressed so far */
    int date1904;
    char **sheet_names, **sheet_rids, **sheet_parts;
    size_t n_sheets, cap_sheets;
    chiso_buf ss;        /* the shared strings, each NUL-terminated */
    size_t *ss_off;
    unsigned char *ss_long; /* beyond CHISO_CSV_MAX_FIELD */
    size_t n_ss, cap_ss, cap_ss_long;
    unsigned char *xf;   /* XF_* of each cell style */
    size_t n_xf, cap_xf;
};

/* What every part's handlers share; the first member of each part's context. */
typedef struct pstate {
    XML_Parser p;
    chiso_status st;      /* set by a handler that stops the parse */
    chiso_error *err;
    int halted;           /* the parse was stopped (an error, or the caller had enough) */
} pstate;

/* Text gathered between tags, with a cap. */
typedef struct capture {
    chiso_buf b;
    int on;
    int over;    /* more than CHISO_CSV_MAX_FIELD bytes */
} capture;

const char *lname(const char *n);
const char *attr(const char **atts, const char *local);
int parse_long(const char *s, long max, long *out);
void pstop(pstate *ps);
chiso_status parse_part(chiso_xlsx *x, const char *part, const char *shown, pstate *ps,
                        XML_StartElementHandler start, XML_EndElementHandler end,
                        XML_CharacterDataHandler chars, chiso_error *err);
void XMLCALL cap_chars(void *ud, const XML_Char *str, int len);

#endif
