/* ingest/dataset_base.h — loading many datasets that share most of their files (never installed).
 * A fuzzer (or a test) that replaces one file of a dataset at each load reads the other files once into
 * a base: the dataset as read up to the replaced file's kind (the kinds in their read order, the
 * read_rank of ingest/schema.c: indicators, units, terms, observations, targets, illustrative targets,
 * verdicts, rules). Each load then starts from a copy of the base and reads that kind's file and those of
 * every kind read after it (their checks look up what the replaced file defines, so they are read
 * again). What such a load gives — the dataset and the diagnostics of the files it reads, in order — is
 * what chiso_dataset_load_mem gives for the same files (tests/unit/test_dataset_base.c checks it). */
#ifndef CHISO_DATASET_BASE_H
#define CHISO_DATASET_BASE_H

#include "chiso/ingest.h"

typedef struct ds_base ds_base;

/* Read the files given (as chiso_dataset_load_mem does: dir names them in messages) of the kinds read
 * before the kind whose file is `from_file` ("observations.csv"); the problems of those files go to diags.
 * CHISO_EINVAL when from_file is no file kind of a dataset (or a registry); CHISO_ENOMEM. */
chiso_status ds_base_new_mem(const char *dir, size_t nfiles, const char *const *names, const char *const *data,
                             const size_t *size, const chiso_load_opts *opts, const char *from_file,
                             chiso_diags *diags, ds_base **out, chiso_error *err);
/* NULL: no-op. Free a base only after every dataset loaded on it (they share its strings). */
void ds_base_free(ds_base *b);
/* chiso_dataset_load_mem on top of base: the files given of the base's kind and of the kinds read after
 * it are read (a file given of a kind the base holds is ignored); the folder name and load options are
 * the base's. *out (free with chiso_dataset_free, before ds_base_free) as chiso_dataset_load_mem. */
chiso_status ds_load_mem_on(const ds_base *base, size_t nfiles, const char *const *names,
                            const char *const *data, const size_t *size, chiso_diags *diags,
                            chiso_dataset **out, chiso_error *err);

#endif
