/* plots/i18n.c — the words of charts in the reader's language.
 *
 * Every string is an English msgid marked with N_() for xgettext. A chart's language is the option
 * chiso_chart_opts.lang, which may differ from the process language that chiso_gettext follows, so the
 * Vietnamese comes from the "chiso" catalogue when the process speaks Vietnamese and the catalogue has
 * the string, and otherwise from the table below (the same words, kept here so that a chart is
 * Vietnamese even before po/vi.po carries them). */
#include "plots/plots_int.h"

#include <string.h>

typedef struct tr_pair {
    const char *en, *vi;
} tr_pair;

static const tr_pair table[] = {
    {" and %zu more", " và %zu tệp khác"},
    {"%", "%"},
    {"%s of the members at the start of the term", "%s số đảng viên đầu nhiệm kỳ"},
    {"%s · as of %s", "%s · tính đến %s"},
    {"%s — level %d or better", "%s — từ mức %d trở lên"},
    {"%s/%s yrs", "%s/%s năm"},
    {"%s/%s under a bar: years reported of the term's years", "%s/%s dưới cột: số năm có số liệu/số năm của nhiệm kỳ"},
    {"95% band of the line", "dải tin cậy 95% của đường xu hướng"},
    {"An arrow: the figure has no upper bound (\"over …\").", "Mũi tên: số liệu không có cận trên (“trên …”)."},
    {"Congress targets: met or not", "Chỉ tiêu nghị quyết đại hội: đạt hay không"},
    {"Dashed line: the rating scheme changes; the same level may mean a different thing before and after.",
     "Đường đứt: thang xếp loại thay đổi; cùng một mức trước và sau có thể không cùng nghĩa."},
    {"Illustrative targets are examples to show the method, not targets a congress adopted.",
     "Chỉ tiêu minh hoạ chỉ là ví dụ để trình bày phương pháp, không phải chỉ tiêu đại hội đã thông qua."},
    {"Key series of %s", "Các chỉ số chính của %s"},
    {"Mann–Kendall p = %s", "Mann–Kendall p = %s"},
    {"P(met) %s", "P(đạt) %s"},
    {"Sen's slope %s a year", "độ dốc Sen %s mỗi năm"},
    {"Slope %s a term (%s a year)", "Độ dốc %s mỗi nhiệm kỳ (%s mỗi năm)"},
    {"Slope %s a year (95%%: %s … %s)", "Độ dốc %s mỗi năm (95%%: %s … %s)"},
    {"Solid: the total reported; hatched: the rest of the term if it went on at the same pace (years reported "
     "under the bar).",
     "Phần đặc: tổng số đã báo cáo; phần gạch chéo: phần còn lại của nhiệm kỳ nếu giữ nhịp như phần đã báo cáo "
     "(số năm có số liệu ghi dưới cột)."},
    {"Source:", "Nguồn:"},
    {"Term by term", "So sánh các nhiệm kỳ"},
    {"Terms reported in part are compared per year over the years the figures cover (written under the bar).",
     "Nhiệm kỳ chỉ có số liệu một phần được so sánh theo mỗi năm, trên số năm có số liệu (ghi dưới cột)."},
    {"Terms whose figures cannot be made shares (no count of all rated) are left out.",
     "Bỏ qua các nhiệm kỳ không quy được ra tỷ lệ (không có tổng số được xếp loại)."},
    {"a range, as written (\"over 90%\")", "khoảng, đúng như văn bản ghi (“trên 90%”)"},
    {"a trend at the 5% level", "có xu hướng ở mức ý nghĩa 5%"},
    {"a year (over the years the figures cover)", "mỗi năm (tính trên số năm có số liệu)"},
    {"a year", "mỗi năm"},
    {"achieved", "đã đạt"},
    {"actual", "thực hiện"},
    {"actual, a range", "thực hiện, dạng khoảng"},
    {"at risk", "có nguy cơ không đạt"},
    {"at the end of the term", "cuối nhiệm kỳ"},
    {"by term; flows a year over the years the figures cover",
     "theo nhiệm kỳ; số phát sinh tính mỗi năm, trên số năm có số liệu"},
    {"each year", "hằng năm"},
    {"end of term at the same pace: 80% (dark) and 95% (light) ranges",
     "cuối nhiệm kỳ nếu giữ nhịp: khoảng 80% (đậm) và 95% (nhạt)"},
    {"end ≈ %s", "cuối NK ≈ %s"},
    {"figure (bar: the range of an inexact one)", "số liệu (vạch: khoảng của số liệu không chính xác)"},
    {"full term ≈ %s", "cả NK ≈ %s"},
    {"illustrative", "minh hoạ"},
    {"indeterminate", "chưa xác định được"},
    {"level %d (top)", "mức %d (cao nhất)"},
    {"levels %d–%d: %s", "mức %d–%d: %s"},
    {"level %d", "mức %d"},
    {"levels 1–4 after the crosswalk of rating schemes", "mức 1–4 sau khi quy đổi các thang xếp loại"},
    {"levels of %s", "các mức theo %s"},
    {"met", "đạt"},
    {"no data", "chưa có số liệu"},
    {"no trend the data can show", "số liệu chưa cho thấy xu hướng"},
    {"not known (the figure is a range, \"over …\")", "chưa rõ (số liệu dạng khoảng, “trên …”)"},
    {"not met", "không đạt"},
    {"number in the term (latest figure)", "số lượng trong nhiệm kỳ (số mới nhất)"},
    {"number", "số lượng"},
    {"off track", "chậm tiến độ"},
    {"on track", "đúng tiến độ"},
    {"per 100 members a year", "trên 100 đảng viên mỗi năm"},
    {"per cent", "tỷ lệ phần trăm"},
    {"per term", "cả nhiệm kỳ"},
    {"rest of the term at the same pace (a projection)", "phần còn lại của nhiệm kỳ nếu giữ nhịp (ước tính)"},
    {"several levels the source does not split", "gộp nhiều mức (nguồn không tách)"},
    {"share (%)", "tỷ lệ (%)"},
    {"share of those rated (%)", "tỷ lệ trong số được xếp loại (%)"},
    {"straight-line fit (OLS)", "đường xu hướng (OLS)"},
    {"target pro rata to date", "chỉ tiêu theo tiến độ đến nay"},
    {"target", "chỉ tiêu"},
    {"term (at its middle)", "nhiệm kỳ (đặt ở giữa nhiệm kỳ)"},
    {"term total", "tổng cả nhiệm kỳ"},
    {"the report says otherwise", "báo cáo ghi khác"},
    {"the sign of the slope depends on how the ranges are read", "dấu của độ dốc tuỳ cách đọc các khoảng"},
    {"too few terms to test a trend (%zu)", "quá ít nhiệm kỳ để kiểm định xu hướng (%zu)"},
    {"too few years to test a trend (%zu)", "quá ít năm để kiểm định xu hướng (%zu)"},
    {"trend by term", "xu hướng theo nhiệm kỳ"},
    {"trend by year", "xu hướng theo năm"},
    {"year", "năm"},
    {"yearly mean", "bình quân năm"},
    {"–: no membership figure to reckon per 100 members.", "–: không có số đảng viên để tính trên 100 đảng viên."},
    {"≈ %s", "≈ %s"},
};

const char *pl_tr(chiso_lang lang, const char *msgid)
{
    if (lang != CHISO_LANG_VI || !msgid || !*msgid)
        return msgid;
    if (chiso_get_lang() == CHISO_LANG_VI) {
        const char *t = chiso_gettext(msgid);
        if (t && t != msgid && strcmp(t, msgid) != 0)
            return t;
    }
    for (size_t i = 0; i < CHISO_ARRAY_LEN(table); i++)
        if (strcmp(table[i].en, msgid) == 0)
            return table[i].vi;
    return msgid;
}

const char *pl_verdict_words(chiso_lang lang, chiso_verdict v)
{
    switch (v) {
    case CHISO_VERDICT_MET: return pl_tr(lang, N_("met"));
    case CHISO_VERDICT_NOT_MET: return pl_tr(lang, N_("not met"));
    case CHISO_VERDICT_INDETERMINATE: return pl_tr(lang, N_("indeterminate"));
    case CHISO_VERDICT_NO_DATA: return pl_tr(lang, N_("no data"));
    default: return "";
    }
}

const char *pl_progress_words(chiso_lang lang, chiso_progress p)
{
    switch (p) {
    case CHISO_PROGRESS_ACHIEVED: return pl_tr(lang, N_("achieved"));
    case CHISO_PROGRESS_ON_TRACK: return pl_tr(lang, N_("on track"));
    case CHISO_PROGRESS_AT_RISK: return pl_tr(lang, N_("at risk"));
    case CHISO_PROGRESS_OFF_TRACK: return pl_tr(lang, N_("off track"));
    case CHISO_PROGRESS_NO_DATA: return pl_tr(lang, N_("no data"));
    default: return "";
    }
}
