/* ingest/embedded.h — the files of datasets/ compiled into the library (internal). */
#ifndef CHISO_INGEST_EMBEDDED_H
#define CHISO_INGEST_EMBEDDED_H
#include <stddef.h>
#include <string.h>

typedef struct chiso_embedded_file {
    const char *path;           /* relative to datasets/: "registry/indicators.csv" */
    const unsigned char *data;  /* size bytes, followed by a NUL */
    size_t size;
} chiso_embedded_file;

extern const chiso_embedded_file chiso_embedded_files[];
extern const size_t chiso_embedded_count;

/* The embedded file at path, or NULL (inline: the readers of ingest/ that use it call no one another). */
static inline const chiso_embedded_file *chiso_embedded_find(const char *path)
{
    for (size_t i = 0; i < chiso_embedded_count; i++)
        if (strcmp(chiso_embedded_files[i].path, path) == 0)
            return &chiso_embedded_files[i];
    return NULL;
}

#endif
