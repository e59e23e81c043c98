/*
 * ingest/ds_sources.c — sources.csv: the documents that the other files name in their source column,
 * with the title each gives itself (and, optionally, a short title for table cells, who issued it, its
 * date and address). The file is optional: a dataset without it names its sources by their ids. With
 * it, a source named in observations, targets or verdicts but missing from it, and a row of it never
 * named, are notes (the figures stay valid); a source listed twice is an error.
 */
#include "ingest/ds_read.h"

#include <stdlib.h>
#include <string.h>

void ds_check_sources(load_ctx *c)
{
    const ds_source_row *in = &c->in.src;
    chiso_dataset *ds = c->ds;
    if (!in->source) {
        ds_diag_at(c, CHISO_ERROR, AT(ds_source_row, source), 0, "source.empty", "%s",
                   _("the source is empty: write it as the other files write it in their source column"));
        return;
    }
    for (size_t i = 0; i < ds->n_sources; i++)
        if (strcmp(ds_str(ds, ds->sources[i].id), in->source) == 0) {
            ds_diag_at(c, CHISO_ERROR, AT(ds_source_row, source), 0, "source.duplicate",
                       _("the source '%s' is listed twice (first at line %ld)"), in->source, ds->sources[i].line);
            return;
        }
    if (!in->title)
        ds_diag_at(c, CHISO_WARNING, AT(ds_source_row, title), 0, "source.title",
                   _("the source '%s' has no title: reports name it by its id"), in->source);
    else if (!in->quote && !in->title_note)
        ds_diag_at(c, CHISO_WARNING, AT(ds_source_row, title_note), 0, "source.title_note",
                   _("the title of '%s' is neither quoted from the document (locator and quote) nor explained in "
                     "title_note"),
                   in->source);
    if (in->quote && !in->locator)
        ds_diag_at(c, CHISO_WARNING, AT(ds_source_row, locator), 0, "source.locator",
                   _("the quote of the title of '%s' has no locator (the line where the title stands)"), in->source);
    ds_source s;
    memset(&s, 0, sizeof s);
    s.id = ds_intern(c, in->source);
    s.title = ds_intern(c, in->title);
    s.short_title = ds_intern(c, in->short_title);
    s.title_note = ds_intern(c, in->title_note);
    s.publisher = ds_intern(c, in->publisher);
    s.date = ds_intern(c, in->date);
    s.address = ds_intern(c, in->address);
    s.locator = ds_intern(c, in->locator);
    s.quote = ds_intern(c, in->quote);
    s.file = c->file_no;
    s.line = c->row->line;
    if (c->fatal)
        return;
    if (chiso_grow((void **)&ds->sources, &ds->cap_sources, ds->n_sources + 1, sizeof *ds->sources)) {
        c->fatal = CHISO_ENOMEM;
        return;
    }
    ds->sources[ds->n_sources++] = s;
}

/* The row of sources.csv whose id is pool id `id`, or -1 (few rows: a scan). */
static long source_row(const chiso_dataset *ds, uint32_t id)
{
    for (size_t i = 0; i < ds->n_sources; i++)
        if (ds->sources[i].id == id)
            return (long)i;
    return -1;
}

/* One use of a source: mark its row used, or note it missing (once per source). */
static void use(const chiso_dataset *ds, chiso_diags *diags, uint32_t id, uint32_t file, long line,
                unsigned char *used, uint32_t **noted, size_t *n_noted, size_t *cap_noted)
{
    if (id == CHISO_NOSTR)
        return;
    long r = source_row(ds, id);
    if (r >= 0) {
        used[r] = 1;
        return;
    }
    for (size_t i = 0; i < *n_noted; i++)
        if ((*noted)[i] == id)
            return;
    if (chiso_grow((void **)noted, cap_noted, *n_noted + 1, sizeof **noted) == 0)
        (*noted)[(*n_noted)++] = id;
    chiso_diags_add(diags, CHISO_NOTE, ds_file(ds, file), line, 0, "source.unlisted",
                    _("the source '%s' is not in sources.csv: reports name it by this id, not by its title"),
                    ds_str(ds, id));
}

void ds_check_source_use(const chiso_dataset *ds, chiso_diags *diags)
{
    /* no sources.csv, or one that lists nothing (the template's empty sheet): nothing to say */
    if (!ds->has_sources_file || ds->n_sources == 0)
        return;
    unsigned char *used = calloc(ds->n_sources ? ds->n_sources : 1, 1);
    uint32_t *noted = NULL;
    size_t n_noted = 0, cap_noted = 0;
    if (!used)
        return;
    for (size_t i = 0; i < ds->n_obs; i++)
        use(ds, diags, ds->obs[i].source, ds->obs[i].file, (long)ds->obs[i].line, used, &noted, &n_noted, &cap_noted);
    for (size_t i = 0; i < ds->n_targets; i++)
        if (!ds->targets[i].illustrative)
            use(ds, diags, ds->targets[i].source, ds->targets[i].file, ds->targets[i].line, used, &noted, &n_noted,
                &cap_noted);
    for (size_t i = 0; i < ds->n_verdicts; i++)
        use(ds, diags, ds->verdicts[i].source, ds->verdicts[i].file, ds->verdicts[i].line, used, &noted, &n_noted,
            &cap_noted);
    for (size_t i = 0; i < ds->n_sources; i++)
        if (!used[i])
            chiso_diags_add(diags, CHISO_NOTE, ds_file(ds, ds->sources[i].file), ds->sources[i].line, 0,
                            "source.unused",
                            _("the source '%s' is named by no figure, target or verdict"),
                            ds_str(ds, ds->sources[i].id));
    free(noted);
    free(used);
}

/* ---- the public view (include/chiso/ingest.h) ------------------------------------------------------- */

size_t chiso_dataset_n_sources(const chiso_dataset *ds) { return ds ? ds->n_sources : 0; }

chiso_status chiso_dataset_source(const chiso_dataset *ds, size_t i, chiso_source_info *out)
{
    if (!ds || !out || i >= ds->n_sources)
        return CHISO_EINVAL;
    const ds_source *s = &ds->sources[i];
    memset(out, 0, sizeof *out);
    out->id = ds_str(ds, s->id);
    out->title = ds_str(ds, s->title);
    out->short_title = ds_str(ds, s->short_title);
    out->title_note = ds_str(ds, s->title_note);
    out->publisher = ds_str(ds, s->publisher);
    out->date = ds_str(ds, s->date);
    out->address = ds_str(ds, s->address);
    out->locator = ds_str(ds, s->locator);
    out->quote = ds_str(ds, s->quote);
    out->title_quoted = s->quote != CHISO_NOSTR;
    out->file = ds_file(ds, s->file);
    out->line = s->line;
    return CHISO_OK;
}

long chiso_dataset_find_source(const chiso_dataset *ds, const char *id)
{
    if (!ds || !id)
        return -1;
    uint32_t pid = chiso_strpool_find(&ds->pool, id, strlen(id));
    return pid == CHISO_NOSTR ? -1 : source_row(ds, pid);
}
