/* serve/serve.h — `chiso serve`, the web page over the library (never installed; no library layer
 * includes it). */
#ifndef CHISO_SERVE_H
#define CHISO_SERVE_H

#include <stddef.h>
#include <stdint.h>
#include "chiso/common.h"

/* Limits of an upload and of the ZIP files it may hold. */
#define SERVE_MAX_UPLOAD (20u * 1024u * 1024u)      /* bytes of one request body */
#define SERVE_MAX_UNZIPPED (50u * 1024u * 1024u)    /* bytes of all entries of a ZIP, unpacked */
#define SERVE_MAX_RATIO 100u                         /* unpacked / packed size of an entry */
#define SERVE_MAX_ENTRIES 64u                        /* files in a ZIP */

typedef struct serve_opts {
    const char *listen;     /* "ADDR:PORT"; NULL: 127.0.0.1:8080 */
    const char *data_dir;   /* --data: datasets offered (read only); NULL: none */
    const char *auth_file;  /* --auth: a line "user:password"; required off the loopback address */
    unsigned session_ttl;   /* seconds an upload's folder lives (0: $CHISO_SERVE_TTL, else 1800) */
    chiso_lang lang;        /* language of the messages printed to the terminal */
    unsigned wait_limit;    /* seconds a request waits for the analysis lock before a busy page (0: 30) */
} serve_opts;

/* Run the server until SIGTERM or SIGINT; every temporary folder is removed before it returns.
 * Prints the address it listens on (and a warning off the loopback address) to stdout.
 * Returns CHISO_OK, CHISO_EINVAL (bad address, off the loopback address without --auth, unreadable
 * auth file or data folder) or CHISO_EIO (cannot listen), with err set. */
chiso_status serve_run(const serve_opts *o, chiso_error *err);

/* Check the ZIP of CSV files at zip_path and unpack its .csv entries into the existing folder dir
 * under their own base names (letters, digits, '-', '_', '.'). Refuses (CHISO_EINVAL, err->msg
 * translated) a file that is not a ZIP, an entry with an absolute path or "..", more than
 * SERVE_MAX_ENTRIES entries, more than SERVE_MAX_UNZIPPED bytes unpacked (counted while unpacking,
 * not trusted from the header), a ratio above SERVE_MAX_RATIO, an encrypted entry, two entries of
 * the same name, no CSV at all. On failure the files written into dir are removed again. */
chiso_status serve_unzip(const char *zip_path, const char *dir, chiso_error *err);

/* Same, from memory (the fuzz target). */
chiso_status serve_unzip_mem(const void *data, size_t size, const char *dir, chiso_error *err);

/* Remove dir and everything below it (no symbolic link is followed). 0 on success. */
int serve_rmtree(const char *dir);

#endif
