/* Fuzz the reader of record-level exports (chiso aggregate): the first byte picks the parser (fast or
 * libcsv), by year or by term, and the chunk size; the rest is events.csv, counted against a fixed
 * units.csv and terms.csv (written once into a temporary folder), then written out as observations.
 * The observations are written in small blocks (64 bytes to 1 KiB, by the input's length) instead of
 * the default 1 MiB, an allocation and page faults at every execution; most inputs now cross a block
 * boundary, where none did. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "chiso/aggregate.h"
#include "chiso/ingest.h"
#include "aggregate/aggregate_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char units_path[256], terms_path[256];

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    if (!f || fputs(text, f) < 0 || fclose(f) != 0)
        abort();
}

static void init_files(void)
{
    char dir[] = "/tmp/chiso-fuzz-events-XXXXXX";
    if (!mkdtemp(dir))
        abort();
    snprintf(units_path, sizeof units_path, "%s/units.csv", dir);
    snprintf(terms_path, sizeof terms_path, "%s/terms.csv", dir);
    write_text(units_path, "unit,name,parent\ntinh,Tỉnh,\ndbcs-a,A,tinh\ndbcs-b,B,tinh\ncb-a1,A1,dbcs-a\n"
                           "cb-a2,A2,dbcs-a\ncb-b1,B1,dbcs-b\ncb-x,X,tinh\n");
    write_text(terms_path, "unit,term,label,start,end\ntinh,XV,XV,2015-10-15,2020-10-14\n"
                           "tinh,XVI,XVI,2020-10-14,2025-10-20\ndbcs-a,I,I,2015-06-01,2020-05-31\n"
                           "dbcs-a,II,II,2020-06-01,2025-06-30\ncb-a1,2017-2020,a,2017-03-01,2020-05-10\n");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready;
    if (!ready) {
        init_files();
        chiso_set_lang(CHISO_LANG_EN, NULL);
        ready = 1;
    }
    if (size < 1)
        return 0;
    unsigned sel = data[0];
    data++;
    size--;
    chiso_aggregate_opts o;
    chiso_aggregate_opts_default(&o);
    o.parser = (sel & 1) ? CHISO_AGG_PARSER_LIBCSV : CHISO_AGG_PARSER_FAST;
    o.by = (sel & 2) ? CHISO_AGG_BY_TERM : CHISO_AGG_BY_YEAR;
    size_t chunk = (size_t)(sel >> 2) * 7 + 1;
    chiso_diags *d = chiso_diags_new();
    chiso_aggregate *a = NULL;
    chiso_error e;
    if (d && chiso_aggregate_new(units_path, terms_path, "events.csv", &o, d, &a, &e) == CHISO_OK) {
        chiso_status st = CHISO_OK;
        for (size_t off = 0; off < size && st == CHISO_OK; off += chunk)
            st = chiso_aggregate_feed(a, data + off, size - off < chunk ? size - off : chunk, &e);
        if (st == CHISO_OK && chiso_aggregate_finish(a, &e) == CHISO_OK) {
            /* every record is counted or rejected for a reason: none is lost */
            chiso_aggregate_stats s;
            chiso_aggregate_get_stats(a, &s);
            if (s.counted + s.rejected != s.records)
                abort();
            char *out = NULL;
            size_t len = 0;
            chiso_aggregate_test_block(a, 64 + (size & 1023));
            if (chiso_aggregate_write_string(a, &out, &len, &e) == CHISO_OK && (!out || strlen(out) != len))
                abort();
            free(out);
        }
    }
    chiso_aggregate_free(a);
    chiso_diags_free(d);
    return 0;
}
