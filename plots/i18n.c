/* plots/i18n.c — the words of charts in the reader's language.
 *
 * Every string is an English msgid marked with N_() for xgettext and translated through the "chiso"
 * catalogue (po/vi.po). A chart's language is the option chiso_chart_opts.lang, which may differ from
 * the process language, so the lookup names the language (chiso_gettext_lang). */
#include "plots/plots_int.h"

#include <string.h>

const char *pl_tr(chiso_lang lang, const char *msgid)
{
    return chiso_gettext_lang(lang, msgid);
}

const char *pl_verdict_words(chiso_lang lang, chiso_verdict v)
{
    switch (v) {
    case CHISO_VERDICT_MET: return pl_tr(lang, N_("met"));
    case CHISO_VERDICT_NOT_MET: return pl_tr(lang, N_("not met"));
    case CHISO_VERDICT_INDETERMINATE: return pl_tr(lang, N_("indeterminate"));
    case CHISO_VERDICT_NO_DATA: return pl_tr(lang, N_("no figures yet"));
    default: return "";
    }
}

const char *pl_progress_words(chiso_lang lang, chiso_progress p)
{
    switch (p) {
    case CHISO_PROGRESS_ACHIEVED: return pl_tr(lang, N_("achieved"));
    case CHISO_PROGRESS_ON_TRACK: return pl_tr(lang, N_("likely to be met"));
    case CHISO_PROGRESS_AT_RISK: return pl_tr(lang, N_("at risk"));
    case CHISO_PROGRESS_OFF_TRACK: return pl_tr(lang, N_("likely to be missed"));
    case CHISO_PROGRESS_NO_DATA: return pl_tr(lang, N_("no figures yet"));
    default: return "";
    }
}
