/*
 * bench/gen_observations.c — a deterministic generator of a realistic dataset for the benchmark of
 * `chiso check` and `chiso normalize` (bench/run_obs_bench.sh).
 *
 *   gen_observations -n FIGURES [-u UNITS] [-s SEED] -o DIR
 *
 * Writes DIR/units.csv, terms.csv, indicators.csv, observations.csv and rules.csv (datasets/FORMAT.md):
 * a province, its districts and their base organisations (UNITS in all, default FIGURES / 500, so that
 * the number of units grows with the number of figures as it does in real data; names in UTF-8, some
 * with a comma and so quoted), 7 congress terms per unit (1991–2026, sharing their congress days, each
 * unit with its own congress month), and FIGURES observations: per unit and year the membership and the
 * base organisations (points at 31 December, which the rule base_orgs = committees + cells holds for),
 * the year's admissions, confirmations, transfers, removals, deaths, discipline, inspections and
 * supervisions (totals over the calendar year, so that those of a congress year are split between two
 * terms), the ratings of base organisations (shares per level) and of members (counts per level, and a
 * share "… trở lên") with the labels of the scheme in force that year, and dataset indicators of
 * their own (indicators.csv: 8 counts and shares). Figures are written as reports write them: "1.247",
 * "64,5%", and about 6% with a qualifier ("khoảng 1.200", "trên 90%", "gần 20", "dưới 5"). Every
 * figure has a source file, a locator and a quote. The same arguments always give the same bytes
 * (xoshiro256** seeded by splitmix64).
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "rng.h"

/* uniform in [a, b] */
static long between(long a, long b)
{
    return a + (long)below((uint32_t)(b - a + 1));
}

static FILE *open_out(const char *dir, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "gen_observations: cannot write %s: %s\n", path, strerror(errno));
        exit(1);
    }
    return f;
}

static void close_out(FILE *f)
{
    if (ferror(f) || fclose(f) != 0) {
        fprintf(stderr, "gen_observations: write error\n");
        exit(1);
    }
}

/* A whole number as Vietnamese reports write it: 1.247 (a dot before each group of three digits). */
static char *vn_count(long v, char *buf, size_t size)
{
    char digits[32];
    snprintf(digits, sizeof digits, "%ld", v);
    size_t n = strlen(digits), o = 0;
    for (size_t i = 0; i < n && o + 2 < size; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            buf[o++] = '.';
        buf[o++] = digits[i];
    }
    buf[o] = '\0';
    return buf;
}

/* A count, sometimes with a qualifier ("khoảng", "trên", "gần", "dưới": about 6%). */
static char *written_count(long v, char *buf, size_t size)
{
    char n[32];
    vn_count(v, n, sizeof n);
    uint32_t r = below(100);
    if (r == 0 && v >= 20)
        snprintf(buf, size, "khoảng %s", n);
    else if (r == 1 && v >= 10)
        snprintf(buf, size, "trên %s", vn_count(v - v / 10, n, sizeof n));
    else if (r == 2 && v >= 10)
        snprintf(buf, size, "gần %s", vn_count(v + 1, n, sizeof n));
    else if (r == 3)
        snprintf(buf, size, "dưới %s", vn_count(v + 1 + v / 20, n, sizeof n));
    else if (r == 4 && v >= 1000)
        snprintf(buf, size, "%ld", v); /* some reports write no separator */
    else
        snprintf(buf, size, "%s", n);
    return buf;
}

/* A share in tenths of a per cent as "64,5%". */
static char *written_share(long tenths, char *buf, size_t size)
{
    if (tenths % 10 == 0)
        snprintf(buf, size, "%ld%%", tenths / 10);
    else
        snprintf(buf, size, "%ld,%ld%%", tenths / 10, tenths % 10);
    return buf;
}

/* ---- the dataset ------------------------------------------------------------------------------- */

typedef struct unit {
    char code[32];
    long members, committees, cells;
    int congress_month;
} unit;

static const char *const org_labels[3][4] = {
    /* levels 4, 3, 2, 1 */
    {"trong sạch vững mạnh", "khá", "trung bình", "yếu kém"},                                      /* ≤ 2007 */
    {"trong sạch vững mạnh", "hoàn thành tốt nhiệm vụ", "hoàn thành nhiệm vụ", "yếu kém"},          /* 2008–2017 */
    {"hoàn thành xuất sắc nhiệm vụ", "hoàn thành tốt nhiệm vụ", "hoàn thành nhiệm vụ",
     "không hoàn thành nhiệm vụ"},                                                                   /* 2018– */
};
static const char *const member_labels[2][4] = {
    {"đủ tư cách hoàn thành xuất sắc nhiệm vụ", "đủ tư cách hoàn thành tốt nhiệm vụ",
     "đủ tư cách hoàn thành nhiệm vụ", "vi phạm tư cách"}, /* ≤ 2013 */
    {"hoàn thành xuất sắc nhiệm vụ", "hoàn thành tốt nhiệm vụ", "hoàn thành nhiệm vụ",
     "không hoàn thành nhiệm vụ"}, /* 2014– */
};

/* The dataset's own indicators (indicators.csv). */
static const struct {
    const char *code, *category, *measure, *kind, *direction, *vi, *en;
} own[] = {
    {"trained_members", "training", "count", "flow", "up", "Đảng viên được bồi dưỡng lý luận", "Members trained"},
    {"new_cells", "organisation", "count", "flow", "none", "Chi bộ thành lập mới", "Cells founded"},
    {"youth_admitted", "recruitment", "count", "flow", "up", "Đoàn viên được kết nạp vào Đảng", "Youth union members admitted"},
    {"commended_members", "other", "count", "flow", "up", "Đảng viên được khen thưởng", "Members commended"},
    {"members_women_share", "membership", "share", "rate", "none", "Tỷ lệ đảng viên nữ", "Share of women among members"},
    {"members_degree_share", "membership", "share", "rate", "up", "Tỷ lệ đảng viên có trình độ đại học", "Share of members with a degree"},
    {"resolutions_studied_share", "training", "share", "rate", "up", "Tỷ lệ đảng viên học tập nghị quyết", "Share of members who studied the resolutions"},
    {"cells_meeting_share", "organisation", "share", "rate", "up", "Tỷ lệ chi bộ sinh hoạt đúng định kỳ", "Share of cells meeting on schedule"},
};

typedef struct gen {
    FILE *obs;
    long written, quota;
    long line;             /* the locator: a line of the unit's report */
} gen;

/* One figure; returns 0 when the unit's quota is reached. */
static int fig(gen *g, const unit *u, const char *indicator, const char *start, const char *end,
               const char *value, const char *basis, const char *rating, const char *quote_word)
{
    if (g->written >= g->quota)
        return 0;
    g->line += (long)between(3, 40);
    /* the quote holds the figure as written, with a comma: it is quoted */
    const char *q = strchr(value, ',') ? "\"" : ""; /* "64,5%" holds the delimiter */
    fprintf(g->obs, "%s,%s,%s,%s,%s%s%s,%s,%s,,,,bc-%s-%.4s.txt,line %ld,\"%s %s, theo báo cáo\",\n", u->code,
            indicator, start, end, q, value, q, basis, rating ? rating : "", u->code, end, g->line, quote_word,
            value);
    g->written++;
    return 1;
}

static void year_figures(gen *g, unit *u, int y)
{
    char a[16], b[16], day[16], v[64];
    snprintf(a, sizeof a, "%d", y);
    snprintf(b, sizeof b, "%d", y);
    snprintf(day, sizeof day, "%d-12-31", y);
    /* levels at the end of the year */
    u->members += between(-u->members / 40, u->members / 15 + 3);
    if (u->members < 10)
        u->members = 10;
    u->committees += between(-1, 1);
    u->cells += between(-2, 2);
    if (u->committees < 0)
        u->committees = 0;
    if (u->cells < 1)
        u->cells = 1;
    if (!fig(g, u, "members", day, day, written_count(u->members, v, sizeof v), "point", NULL, "tổng số đảng viên"))
        return;
    /* the parts of a rule are written exactly */
    vn_count(u->committees + u->cells, v, sizeof v);
    if (!fig(g, u, "base_orgs", day, day, v, "point", NULL, "tổ chức cơ sở đảng"))
        return;
    vn_count(u->committees, v, sizeof v);
    if (!fig(g, u, "base_orgs_committees", day, day, v, "point", NULL, "đảng bộ cơ sở"))
        return;
    vn_count(u->cells, v, sizeof v);
    if (!fig(g, u, "base_orgs_cells", day, day, v, "point", NULL, "chi bộ cơ sở"))
        return;
    /* flows over the calendar year */
    long admitted = between(u->members / 40, u->members / 15 + 1);
    static const struct {
        const char *code, *word;
        int per_mille_lo, per_mille_hi;
    } flows[] = {
        {"admitted", "kết nạp", 0, 0},          {"confirmed", "chuyển chính thức", 20, 60},
        {"transferred_in", "chuyển đến", 5, 30}, {"transferred_out", "chuyển đi", 5, 30},
        {"removed", "xóa tên", 0, 3},            {"died", "từ trần", 1, 8},
        {"disciplined", "kỷ luật", 1, 6},        {"inspected_orgs", "kiểm tra tổ chức đảng", 0, 0},
        {"supervised_members", "giám sát đảng viên", 10, 60},
        {"trained_members", "bồi dưỡng lý luận", 50, 300},
        {"youth_admitted", "kết nạp đoàn viên", 0, 0},
        {"commended_members", "khen thưởng", 10, 80},
    };
    long disciplined = 0;
    for (size_t k = 0; k < sizeof flows / sizeof flows[0]; k++) {
        long x;
        if (strcmp(flows[k].code, "admitted") == 0)
            x = admitted;
        else if (strcmp(flows[k].code, "youth_admitted") == 0)
            x = between(0, admitted);
        else if (strcmp(flows[k].code, "inspected_orgs") == 0)
            x = between(0, u->committees + u->cells);
        else
            x = between(u->members * flows[k].per_mille_lo / 1000, u->members * flows[k].per_mille_hi / 1000 + 1);
        if (strcmp(flows[k].code, "disciplined") == 0) {
            disciplined = x;
            vn_count(x, v, sizeof v); /* exact: the rule below holds */
        } else {
            written_count(x, v, sizeof v);
        }
        if (!fig(g, u, flows[k].code, a, b, v, "total", NULL, flows[k].word))
            return;
    }
    vn_count(between(0, disciplined), v, sizeof v);
    if (!fig(g, u, "disciplined_reprimand", a, b, v, "total", NULL, "khiển trách"))
        return;
    /* ratings of base organisations: a share per level, in tenths of a per cent adding up to 100% */
    const char *const *ol = org_labels[y <= 2007 ? 0 : y <= 2017 ? 1 : 2];
    long s4 = between(300, 800), s3 = between(100, 1000 - s4 - 20), s1 = between(0, 20), s2 = 1000 - s4 - s3 - s1;
    long shares[4] = {s4, s3, s2, s1};
    for (int k = 0; k < 4; k++)
        if (!fig(g, u, "org_rating_share", day, day, written_share(shares[k], v, sizeof v), "point", ol[k],
                 "tỷ lệ tổ chức cơ sở đảng xếp loại"))
            return;
    /* ratings of members: counts per level and the share at or above "good" */
    const char *const *ml = member_labels[y <= 2013 ? 0 : 1];
    long rated = u->members - between(0, u->members / 50);
    long c4 = rated * between(10, 25) / 100, c3 = rated * between(50, 70) / 100, c1 = between(0, rated / 100),
         c2 = rated - c4 - c3 - c1;
    long counts[4] = {c4, c3, c2, c1};
    for (int k = 0; k < 4; k++)
        if (!fig(g, u, "member_rating_count", day, day, written_count(counts[k], v, sizeof v), "point", ml[k],
                 "số đảng viên xếp loại"))
            return;
    char label[128];
    snprintf(label, sizeof label, "%s trở lên", ml[1]);
    long good = (c4 + c3) * 1000 / (rated ? rated : 1);
    if (below(4) == 0)
        snprintf(v, sizeof v, "trên %ld%%", good / 10 > 0 ? good / 10 - (good % 10 == 0) : 0);
    else
        written_share(good, v, sizeof v);
    if (!fig(g, u, "member_rating_share", day, day, v, "point", label, "đảng viên hoàn thành tốt nhiệm vụ trở lên"))
        return;
    /* shares of the dataset's own */
    static const char *const own_shares[] = {"members_women_share", "members_degree_share",
                                             "resolutions_studied_share", "cells_meeting_share"};
    for (size_t k = 0; k < 4; k++)
        if (!fig(g, u, own_shares[k], day, day, written_share(between(300, 1000), v, sizeof v), "point", NULL,
                 "tỷ lệ"))
            return;
    written_count(between(0, 2), v, sizeof v);
    fig(g, u, "new_cells", a, b, v, "total", NULL, "thành lập mới chi bộ");
}

static void usage(void)
{
    fprintf(stderr, "usage: gen_observations -n FIGURES [-u UNITS] [-s SEED] [-t] -o DIR\n");
    exit(2);
}

int main(int argc, char **argv)
{
    long n = 100000, nunits = 0;
    int targets = 0;
    uint64_t seed = 1;
    const char *dir = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-n") == 0 && i + 1 < argc)
            n = atol(argv[++i]);
        else if (strcmp(argv[i], "-u") == 0 && i + 1 < argc)
            nunits = atol(argv[++i]);
        else if (strcmp(argv[i], "-s") == 0 && i + 1 < argc)
            seed = strtoull(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
            dir = argv[++i];
        else if (strcmp(argv[i], "-t") == 0)
            targets = 1;
        else
            usage();
    }
    if (!dir || n < 1)
        usage();
    if (nunits <= 0)
        nunits = n / 500 > 3 ? n / 500 : 3;
    if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
        fprintf(stderr, "gen_observations: cannot create %s: %s\n", dir, strerror(errno));
        return 1;
    }
    rng_seed(seed);

    /* units: the province, districts (one per 50 units), base organisations under the districts */
    unit *units = calloc((size_t)nunits, sizeof *units);
    if (!units)
        return 1;
    long ndistricts = nunits / 50 > 1 ? nunits / 50 : 1;
    FILE *f = open_out(dir, "units.csv");
    fprintf(f, "unit,name,parent,source,locator,quote\n");
    for (long i = 0; i < nunits; i++) {
        unit *u = &units[i];
        if (i == 0) {
            snprintf(u->code, sizeof u->code, "tinh");
            fprintf(f, "tinh,Đảng bộ tỉnh,,quyet-dinh.txt,line 1,Đảng bộ tỉnh\n");
        } else if (i <= ndistricts) {
            snprintf(u->code, sizeof u->code, "huyen-%03ld", i);
            fprintf(f, "%s,\"Đảng bộ huyện %ld, tỉnh\",tinh,quyet-dinh.txt,line %ld,thành lập\n", u->code, i, i + 1);
        } else {
            snprintf(u->code, sizeof u->code, "dbcs-%05ld", i);
            long parent = 1 + (i - ndistricts - 1) % ndistricts;
            fprintf(f, "%s,Đảng bộ cơ sở số %ld,huyen-%03ld,quyet-dinh.txt,line %ld,thành lập\n", u->code, i,
                    parent, i + 1);
        }
        u->members = i == 0 ? between(20000, 60000) : i <= ndistricts ? between(2000, 8000) : between(30, 900);
        u->committees = i <= ndistricts ? between(10, 60) : between(0, 3);
        u->cells = i <= ndistricts ? between(20, 120) : between(3, 25);
        u->congress_month = (int)between(3, 10);
    }
    close_out(f);

    /* terms: 7 per unit, 1991–2026, consecutive terms share their congress day */
    f = open_out(dir, "terms.csv");
    fprintf(f, "unit,term,label,start,end,source,locator,quote,note\n");
    static const char *const roman[] = {"VII", "VIII", "IX", "X", "XI", "XII", "XIII"};
    for (long i = 0; i < nunits; i++) {
        const unit *u = &units[i];
        for (int k = 0; k < 7; k++) {
            int y0 = 1991 + 5 * k, y1 = y0 + 5;
            fprintf(f, "%s,%s,\"Nhiệm kỳ %s (%d–%d)\",%d-%02d-15,%d-%02d-15,nghi-quyet-%s.txt,line %d,Đại hội lần thứ %s,\n",
                    u->code, roman[k], roman[k], y0, y1, y0, u->congress_month, y1, u->congress_month, u->code,
                    10 + k, roman[k]);
        }
    }
    close_out(f);

    f = open_out(dir, "indicators.csv");
    fprintf(f, "indicator,category,measure,kind,direction,name_vi,name_en\n");
    for (size_t k = 0; k < sizeof own / sizeof own[0]; k++)
        fprintf(f, "%s,%s,%s,%s,%s,%s,%s\n", own[k].code, own[k].category, own[k].measure, own[k].kind,
                own[k].direction, own[k].vi, own[k].en);
    close_out(f);

    f = open_out(dir, "rules.csv");
    fprintf(f, "rule,left,op,right,severity,missing\n"
               "base_orgs_split,base_orgs,==,base_orgs_committees + base_orgs_cells,error,skip_if_any\n"
               "reprimand_within_disciplined,disciplined_reprimand,<=,disciplined,error,skip_if_any\n");
    close_out(f);

    /* observations: unit after unit, year after year, until each unit has its share of the figures */
    gen g = {open_out(dir, "observations.csv"), 0, 0, 0};
    fprintf(g.obs, "unit,indicator,period_start,period_end,value,basis,rating,scheme,part_of,share_base,source,"
                   "locator,quote,note\n");
    long done = 0;
    /* -t: targets.csv, one congress target per unit in the term of its latest figures (admissions over the
     * term of at least a fifth of its membership: about half of the units meet it), for the report's
     * ranking of the units that lag (bench/run_report_bench.sh) */
    FILE *tf = targets ? open_out(dir, "targets.csv") : NULL;
    if (tf)
        fprintf(tf, "unit,term,indicator,op,value,basis,source,locator,quote\n");
    for (long i = 0; i < nunits; i++) {
        g.written = 0;
        g.quota = n / nunits + (i < n % nunits ? 1 : 0);
        g.line = 0;
        int last = 1991;
        for (int y = 1991; y <= 2025 && g.written < g.quota; y++) {
            year_figures(&g, &units[i], y);
            last = y;
        }
        done += g.written;
        if (tf) {
            /* the term holding 31 December of the last year: it starts in the congress month */
            int k = (last - 1991) / 5;
            if (k > 6)
                k = 6;
            fprintf(tf, "%s,%s,admitted,>=,%ld,total,nghi-quyet-%s.txt,line %d,kết nạp từ %ld đảng viên trở lên\n",
                    units[i].code, roman[k], units[i].members / 5, units[i].code, 20 + k, units[i].members / 5);
        }
    }
    if (tf)
        close_out(tf);
    close_out(g.obs);
    free(units);
    if (done != n) {
        fprintf(stderr, "gen_observations: %ld figures asked, %ld written (too few units for so many)\n", n, done);
        return 1;
    }
    fprintf(stderr, "gen_observations: %s: %ld units, %ld terms, %ld figures\n", dir, nunits, nunits * 7, done);
    return 0;
}
