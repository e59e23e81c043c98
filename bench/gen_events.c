/*
 * bench/gen_events.c — a deterministic generator of realistic registry exports for `chiso aggregate`.
 *
 *   gen_events [-n ROWS] [-s SEED] [--districts N] [--bases N] [--cells N] -o events.csv
 *              --units units.csv --terms terms.csv
 *
 * Writes a unit tree (a province, its district-level đảng bộ, their đảng bộ cơ sở and chi bộ, with
 * UTF-8 names, some holding commas and so quoted), its congress terms (1991–2025, the cells without
 * terms of their own), and an export of member events grouped by member, in date order: admissions
 * (kết nạp) and confirmations a year later, a rating every December with the labels of the member
 * scheme in force that year (rating-schemes.csv), discipline in about 2% of the rows (khiển trách,
 * cảnh cáo, cách chức, khai trừ), transfers between cells, removals and deaths; dates from 1994 to
 * 2025. About 1% of the rows quote a field and some transfers carry a quoted note with a comma.
 * The same arguments always give the same bytes (xoshiro256** seeded by splitmix64).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rng.h"

/* probability p, in millionths */
static int chance(uint32_t ppm)
{
    return below(1000000) < ppm;
}

/* member rating labels per scheme, levels 4, 3, 2, 1 (the first label of each level in
 * datasets/registry/rating-schemes.csv) */
static const struct {
    int from, to;
    const char *lv[4];
} schemes[] = {
    {1990, 2007, {"đủ tư cách hoàn thành xuất sắc nhiệm vụ", "đủ tư cách hoàn thành tốt nhiệm vụ",
                  "đủ tư cách hoàn thành nhiệm vụ", "vi phạm tư cách"}},
    {2008, 2013, {"đủ tư cách hoàn thành xuất sắc nhiệm vụ", "đủ tư cách hoàn thành tốt nhiệm vụ",
                  "đủ tư cách hoàn thành nhiệm vụ", "vi phạm tư cách"}},
    {2014, 2099, {"hoàn thành xuất sắc nhiệm vụ", "hoàn thành tốt nhiệm vụ", "hoàn thành nhiệm vụ",
                  "không hoàn thành nhiệm vụ"}},
};

static const char *label_for(int year, int level)
{
    for (size_t i = 0; i < sizeof schemes / sizeof schemes[0]; i++)
        if (year >= schemes[i].from && year <= schemes[i].to)
            return schemes[i].lv[4 - level];
    return schemes[2].lv[4 - level];
}

static const char *const forms[] = {"khiển trách", "cảnh cáo", "cách chức", "khai trừ"};
static const char *const places[] = {"Hà Nội", "Hải Phòng", "Quảng Ninh", "Thái Bình", "Nam Định",
                                     "Hải Dương", "Thành phố Hồ Chí Minh", "Đà Nẵng"};
static const char *const orgs[] = {"Công ty", "Trường", "Bệnh viện", "Phòng", "Ban", "Xí nghiệp",
                                   "Trung tâm", "Cục", "Chi cục", "Hợp tác xã"};
static const char *const topics[] = {"Tổ chức", "Tài chính", "Giáo dục", "Y tế", "Xây dựng",
                                     "Giao thông", "Nông nghiệp", "Văn hóa", "Tư pháp", "Thuế"};

static int days_in(int y, int m)
{
    static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : dm[m - 1];
}

typedef struct ev {
    int y, m, d;
    int kind;      /* 0 admitted … 7 rated */
    int cell;
    const char *detail;
    int quote;     /* 1: quote the detail */
    char note[96];
} ev;

static const char *const kinds[] = {"admitted", "confirmed", "transferred_in", "transferred_out",
                                    "removed",  "died",      "disciplined",    "rated"};

static char *cells_code[100000];
static int n_cells;

static void put_field(FILE *f, const char *s, int quote)
{
    if (!quote) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            fputc('"', f);
        fputc(*p, f);
    }
    fputc('"', f);
}

static int cmp_ev(const void *a, const void *b)
{
    const ev *x = a, *y = b;
    if (x->y != y->y)
        return x->y - y->y;
    if (x->m != y->m)
        return x->m - y->m;
    if (x->d != y->d)
        return x->d - y->d;
    return x->kind - y->kind;
}

static void usage(void)
{
    fprintf(stderr, "usage: gen_events [-n ROWS] [-s SEED] [--districts N] [--bases N] [--cells N] "
                    "-o events.csv --units units.csv --terms terms.csv\n");
    exit(2);
}

int main(int argc, char **argv)
{
    long long rows = 5000000;
    uint64_t seed = 20251128;
    int districts = 12, bases = 16, cells = 4;
    const char *out = NULL, *units = NULL, *terms = NULL;
    for (int i = 1; i < argc; i += 2) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!v)
            usage();
        if (!strcmp(a, "-n"))
            rows = atoll(v);
        else if (!strcmp(a, "-s"))
            seed = strtoull(v, NULL, 10);
        else if (!strcmp(a, "--districts"))
            districts = atoi(v);
        else if (!strcmp(a, "--bases"))
            bases = atoi(v);
        else if (!strcmp(a, "--cells"))
            cells = atoi(v);
        else if (!strcmp(a, "-o"))
            out = v;
        else if (!strcmp(a, "--units"))
            units = v;
        else if (!strcmp(a, "--terms"))
            terms = v;
        else
            usage();
    }
    if (!out || !units || !terms || rows < 1 || districts < 1 || bases < 1 || cells < 1 ||
        districts * bases * cells > 90000)
        usage();
    rng_seed(seed);

    /* ---- the unit tree and its terms ---- */
    FILE *fu = fopen(units, "wb"), *ft = fopen(terms, "wb");
    if (!fu || !ft) {
        perror("gen_events");
        return 1;
    }
    fputs("unit,name,parent\n", fu);
    fputs("unit,term,label,start,end\n", ft);
    fputs("hp,\"Đảng bộ thành phố Hải Phòng (mô phỏng, dữ liệu sinh tự động)\",\n", fu);
    static const int congress[] = {1991, 1996, 2001, 2005, 2010, 2015, 2020, 2025, 2030};
    const int nc = (int)(sizeof congress / sizeof congress[0]);
    static const char *const roman[] = {"X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII"};
    for (int t = 0; t + 1 < nc; t++)
        fprintf(ft, "hp,%s,Nhiệm kỳ %s (%d–%d),%d-10-15,%d-10-14\n", roman[t], roman[t], congress[t],
                congress[t + 1], congress[t], congress[t + 1]);
    for (int q = 1; q <= districts; q++) {
        fprintf(fu, "hp-q%02d,Đảng bộ %s số %d,hp\n", q, q % 3 ? "quận" : "huyện", q);
        for (int t = 0; t + 1 < nc; t++)
            fprintf(ft, "hp-q%02d,%d-%d,Nhiệm kỳ %d–%d,%d-0%d-%02d,%d-0%d-%02d\n", q, congress[t],
                    congress[t + 1], congress[t], congress[t + 1], congress[t], 5 + q % 4, 1 + q % 27,
                    congress[t + 1], 5 + q % 4, 1 + q % 27);
        for (int b = 1; b <= bases; b++) {
            fprintf(fu, "hp-q%02d-d%02d,\"Đảng bộ %s %s, quận/huyện %d\",hp-q%02d\n", q, b,
                    orgs[(q + b) % 10], topics[(q * 7 + b) % 10], q, q);
            if ((q + b) % 4 != 0) /* most base committees have terms of their own */
                for (int t = 0; t + 1 < nc; t++)
                    fprintf(ft, "hp-q%02d-d%02d,%d,Nhiệm kỳ %d–%d,%d-03-01,%d-03-01\n", q, b, congress[t],
                            congress[t], congress[t + 1], congress[t], congress[t + 1]);
            for (int c = 1; c <= cells; c++) {
                char code[48];
                snprintf(code, sizeof code, "hp-q%02d-d%02d-c%d", q, b, c);
                fprintf(fu, "%s,Chi bộ %s %s số %d,hp-q%02d-d%02d\n", code, orgs[(b + c) % 10],
                        topics[(q + c) % 10], c, q, b);
                cells_code[n_cells++] = strdup(code);
            }
        }
    }
    fclose(fu);
    fclose(ft);

    /* ---- the export ---- */
    FILE *f = fopen(out, "wb");
    if (!f) {
        perror("gen_events");
        return 1;
    }
    static char obuf[1 << 20];
    setvbuf(f, obuf, _IOFBF, sizeof obuf);
    fputs("member,unit,date,event,detail\n", f);
    long long written = 0;
    ev evs[512];
    for (long member = 1; written < rows; member++) {
        int ne = 0;
        int cell = (int)below((uint32_t)n_cells);
        int y0, alive_from_admission;
        if (chance(350000)) { /* a member from before 1994: no admission in the export */
            y0 = 1994;
            alive_from_admission = 0;
        } else {
            y0 = 1994 + (int)below(32);
            alive_from_admission = 1;
        }
        int m0 = 1 + (int)below(12), d0 = 1 + (int)below((uint32_t)days_in(y0, m0));
        if (alive_from_admission) {
            evs[ne++] = (ev){y0, m0, d0, 0, cell, "", 0, ""};
            int yc = y0 + 1;
            if (yc <= 2025)
                evs[ne++] = (ev){yc, m0, d0 > 28 ? 28 : d0, 1, cell, "", 0, ""};
        }
        int ended = 0;
        for (int y = y0; y <= 2025 && !ended && ne < 500; y++) {
            /* transfer */
            if (y > y0 && chance(20000)) {
                int m = 1 + (int)below(11), d = 1 + (int)below(28);
                int to = (int)below((uint32_t)n_cells);
                if (to != cell) {
                    ev o = {y, m, d, 3, cell, "", 0, ""};
                    ev in = {y, m, d, 2, to, "", 0, ""};
                    if (chance(250000)) { /* a note with a comma */
                        snprintf(in.note, sizeof in.note, "từ %s, chuyển sinh hoạt",
                                 places[below(8)]);
                        in.detail = in.note;
                        in.quote = 1;
                    }
                    evs[ne++] = o;
                    evs[ne++] = in;
                    cell = to;
                }
            }
            /* discipline */
            if (y > y0 && chance(19000)) {
                uint32_t r = below(100);
                int form = r < 60 ? 0 : r < 85 ? 1 : r < 93 ? 2 : 3;
                int m = 1 + (int)below(11), d = 1 + (int)below(28);
                evs[ne++] = (ev){y, m, d, 6, cell, forms[form], chance(10000), ""};
                if (form == 3) { /* khai trừ ends the membership */
                    ended = 1;
                    break;
                }
            }
            /* the December rating (not in the year of admission after November) */
            if (!(y == y0 && m0 == 12)) {
                uint32_t r = below(1000);
                int level = r < 150 ? 4 : r < 850 ? 3 : r < 980 ? 2 : 1;
                evs[ne++] = (ev){y, 12, 10 + (int)below(18), 7, cell, label_for(y, level), chance(10000), ""};
            }
            if (y > y0 && chance(4000)) {
                evs[ne++] = (ev){y, 12, 29 + (int)below(3), 5, cell, "", 0, ""};
                ended = 1;
            } else if (y > y0 && chance(3000)) {
                evs[ne++] = (ev){y, 12, 30, 4, cell, "", 0, ""};
                ended = 1;
            }
        }
        qsort(evs, (size_t)ne, sizeof evs[0], cmp_ev);
        int qmember = chance(5000);
        for (int i = 0; i < ne; i++) {
            char id[32];
            snprintf(id, sizeof id, "HP%07ld", member);
            put_field(f, id, qmember);
            fprintf(f, ",%s,%04d-%02d-%02d,%s,", cells_code[evs[i].cell], evs[i].y, evs[i].m, evs[i].d,
                    kinds[evs[i].kind]);
            put_field(f, evs[i].detail, evs[i].quote);
            fputc('\n', f);
        }
        written += ne;
    }
    if (fclose(f) != 0) {
        perror("gen_events");
        return 1;
    }
    fprintf(stderr, "gen_events: %lld rows, %d units\n", written, 1 + districts + districts * bases * (1 + cells));
    return 0;
}
