/* tests/fuzz/fuzz_upload.c — the upload reader of chiso serve: a ZIP of CSV files checked and unpacked
 * (serve_unzip_mem, into a folder of the fuzzer's own, emptied after each input) and, when the ZIP is
 * a workbook, read as a dataset (chiso_dataset_load_xlsx_mem) as the check page reads it. */
#include "serve/serve.h"
#include "chiso/ingest.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[256];

static void remove_dir(void)
{
    rmdir(dir);
}

static void empty_dir(void)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (e->d_name[0] == '.' && (!e->d_name[1] || (e->d_name[1] == '.' && !e->d_name[2])))
            continue;
        char p[600];
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        if (unlink(p) != 0)
            abort(); /* the unpacker wrote something that is not a plain file in its folder */
    }
    if (d)
        closedir(d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!dir[0]) {
        const char *t = getenv("TMPDIR");
        snprintf(dir, sizeof dir, "%s/fuzz-upload-XXXXXX", t && *t ? t : "/tmp");
        if (!mkdtemp(dir))
            abort();
        atexit(remove_dir);
        chiso_set_lang(CHISO_LANG_EN, NULL);
    }
    chiso_error err;
    chiso_error_clear(&err);
    chiso_status st = serve_unzip_mem(data, size, dir, &err);
    if (st != CHISO_OK && !err.msg[0])
        abort(); /* every refusal says why */
    empty_dir();
    if (size >= 4 && memcmp(data, "PK\3\4", 4) == 0) {
        chiso_load_opts lo;
        chiso_load_opts_default(&lo);
        chiso_diags *d = chiso_diags_new();
        chiso_dataset *ds = NULL;
        chiso_dataset_load_xlsx_mem("upload.xlsx", data, size, &lo, d, &ds, &err);
        chiso_dataset_free(ds);
        chiso_diags_free(d);
    }
    return 0;
}
