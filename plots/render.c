/* plots/render.c — drawing a display list with plplot's cairo drivers (pngcairo, svgcairo, pdfcairo).
 *
 * The only file of chiso that calls plplot. plplot keeps process-global state and two traps
 * (plplot's src/plctrl.c): plOpenFile prompts on stdin when no file name is set and calls
 * plexit (which always ends the process) after failing to open the file; plexit also ends the process on
 * fatal errors. So: the layout is validated (finite, non-empty) before any plplot call; the temporary
 * output file is created here first, so plplot only reopens a file that exists and is writable; device,
 * file name and page size are set before plinit; each render uses a stream of its own (plmkstrm, ended
 * with plend1) and restores the caller's current stream; plabort's text is captured with plsError and
 * returned as CHISO_EPLOT. A fatal plplot error can still end the process.
 *
 * PNG: drawn by the memcairo device of the same driver into memory and written with libpng's fast
 * setting (PNG_IMAGE_FLAG_FAST). pngcairo writes with libpng's defaults (every filter tried on every row,
 * zlib level 6): 27–34 ms of the ~40 ms a 1200 × 750 chart took, which kept a process near 20 charts a
 * second; the fast writer takes ~7 ms for files about a third larger. The pixels are the same.
 * PL_PNG_DEVICE_PNGCAIRO 1 at build time goes back to pngcairo.
 *
 * Fonts: the cairo driver reads the family of plplot's "sans" font from PLPLOT_FREETYPE_SANS_FAMILY when
 * a stream is initialised (drivers/cairo.c, stream_and_font_setup) and writes it into a Pango font
 * description; the variable is set to PL_FONT_FAMILIES around plinit and put back afterwards.
 */
#include "plots/plots_int.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <plplot.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
/* LeakSanitizer: fontconfig keeps the patterns Pango matched in caches it never frees (a fixed amount,
 * however many charts are drawn). Weak, so that a program's own suppressions win. */
__attribute__((weak)) const char *__lsan_default_suppressions(void);
__attribute__((weak)) const char *__lsan_default_suppressions(void)
{
    return "leak:libfontconfig.so\n";
}
#endif

#ifndef PL_PNG_DEVICE_PNGCAIRO
#define PL_PNG_DEVICE_PNGCAIRO 0
#endif
static const char *const devices[] = {PL_PNG_DEVICE_PNGCAIRO ? "pngcairo" : "memcairo", "svgcairo", "pdfcairo"};
#define PNG_IN_MEMORY (!PL_PNG_DEVICE_PNGCAIRO)

/* Is the cairo driver for format installed? Asked once per process. */
static int device_ok(int format)
{
    static int known = 0, ok[3];
    if (!known) {
        const char *menu[128], *names[128];
        const char **pm = menu, **pn = names;
        int n = 128;
        plgFileDevs(&pm, &pn, &n);
        for (int f = 0; f < 3; f++) {
            ok[f] = 0;
            for (int i = 0; i < n; i++)
                if (pn[i] && strcmp(pn[i], devices[f]) == 0)
                    ok[f] = 1;
        }
        known = 1;
    }
    return ok[format];
}

typedef struct rctx {
    double scale, h_out; /* output units per design unit; page height in output units */
    PLINT *code;
} rctx;

static double WX(const rctx *r, double x)
{
    return x * r->scale;
}

static double WY(const rctx *r, double y)
{
    return r->h_out - y * r->scale;
}

static void color(uint32_t rgb)
{
    plscol0a(1, (PLINT)((rgb >> 16) & 0xFF), (PLINT)((rgb >> 8) & 0xFF), (PLINT)(rgb & 0xFF), 1.0);
    plcol0(1);
}

static void dashes(const rctx *r, int on)
{
    if (on) {
        /* plplot's dash lengths are micrometres; the cairo devices have 72 units to the inch */
        PLINT mark = (PLINT)lround(4.5 * r->scale * 25.4 / 72.0 * 1000.0);
        PLINT space = (PLINT)lround(3.5 * r->scale * 25.4 / 72.0 * 1000.0);
        plstyl(1, &mark, &space);
    } else {
        plstyl(0, NULL, NULL);
    }
}

static void fill_rect(const rctx *r, double x0, double y0, double x1, double y1)
{
    PLFLT xs[4] = {WX(r, x0), WX(r, x1), WX(r, x1), WX(r, x0)}, ys[4] = {WY(r, y0), WY(r, y0), WY(r, y1), WY(r, y1)};
    plfill(4, xs, ys);
}

/* Diagonal hatching inside a rectangle, lines 6 units apart. */
static void hatch(const rctx *r, const pl_op *o)
{
    double w = o->x1 - o->x0, h = o->y1 - o->y0, step = 6;
    if (w <= 0 || h <= 0)
        return;
    plwidth(o->width * r->scale);
    for (double t = -h + fmod(o->x0, step); t < w; t += step) {
        /* from (x0 + t, y1) up and to the right to (x0 + t + h, y0), clipped to [x0, x1] */
        double xa = o->x0 + t, ya = o->y1, xb = o->x0 + t + h, yb = o->y0;
        if (xb <= o->x0 || xa >= o->x1)
            continue;
        if (xa < o->x0) {
            ya -= o->x0 - xa;
            xa = o->x0;
        }
        if (xb > o->x1) {
            yb += xb - o->x1;
            xb = o->x1;
        }
        pljoin(WX(r, xa), WY(r, ya), WX(r, xb), WY(r, yb));
    }
}

/* plplot reads '#' as the start of an escape: write it twice. */
static const char *escape_text(const char *t, char *buf, size_t size)
{
    if (!strchr(t, '#'))
        return t;
    size_t o = 0;
    for (const char *p = t; *p && o + 3 < size; p++) {
        buf[o++] = *p;
        if (*p == '#')
            buf[o++] = '#';
    }
    buf[o] = '\0';
    return buf;
}

static void draw_ops(const rctx *r, const pl_display *d)
{
    PLFLT xs[256], ys[256];
    for (size_t i = 0; i < d->n && !*r->code; i++) {
        const pl_op *o = &d->ops[i];
        color(o->rgb);
        switch (o->kind) {
        case PL_OP_RECT:
            plwidth(0.5 * r->scale);
            fill_rect(r, o->x0, o->y0, o->x1, o->y1);
            break;
        case PL_OP_HATCH: hatch(r, o); break;
        case PL_OP_LINE:
        case PL_OP_POLY: {
            size_t n = o->n < 256 ? o->n : 256;
            for (size_t k = 0; k < n; k++) {
                xs[k] = WX(r, o->xs[k]);
                ys[k] = WY(r, o->ys[k]);
            }
            if (o->kind == PL_OP_POLY) {
                plwidth(0.5 * r->scale);
                plfill((PLINT)n, xs, ys);
            } else {
                plwidth(o->width * r->scale);
                if (o->dashed)
                    dashes(r, 1);
                plline((PLINT)n, xs, ys);
                if (o->dashed)
                    dashes(r, 0);
            }
            break;
        }
        case PL_OP_TEXT: {
            char buf[1024];
            /* Pango sets the font at 96 dpi: an em of E output units is E·25.4/96 mm for plplot */
            plschr(o->size * r->scale * 25.4 / 96.0, 1.0);
            plsfont(PL_FCI_SANS, PL_FCI_UPRIGHT, o->bold ? PL_FCI_BOLD : PL_FCI_MEDIUM);
            if (o->vertical)
                plptex(WX(r, o->tx), WY(r, o->ty), 0, 1, o->just, escape_text(o->text, buf, sizeof buf));
            else
                plptex(WX(r, o->tx), WY(r, o->ty), 1, 0, o->just, escape_text(o->text, buf, sizeof buf));
            break;
        }
        }
    }
}

static int contains(const unsigned char *hay, size_t n, const char *needle)
{
    size_t m = strlen(needle);
    for (size_t i = 0; i + m <= n; i++)
        if (memcmp(hay + i, needle, m) == 0)
            return 1;
    return 0;
}

/* Does the file look like a whole chart of its format? */
static int complete_file(const char *path, int format)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    unsigned char head[8] = {0}, tail[32] = {0};
    size_t nh = fread(head, 1, sizeof head, f);
    long size = 0;
    size_t nt = 0;
    if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) > 0) {
        long off = size > (long)sizeof tail ? size - (long)sizeof tail : 0;
        if (fseek(f, off, SEEK_SET) == 0)
            nt = fread(tail, 1, sizeof tail, f);
    }
    fclose(f);
    if (nh < 5 || size < 64)
        return 0;
    if (format == 0)
        return memcmp(head, "\x89PNG\r\n\x1a\n", 8) == 0 && nt >= 8 && memcmp(tail + nt - 8, "IEND", 4) == 0;
    if (format == 2)
        return memcmp(head, "%PDF-", 5) == 0 && nt >= 6 && contains(tail, nt, "%%EOF");
    return (memcmp(head, "<?xml", 5) == 0 || memcmp(head, "<svg", 4) == 0) && contains(tail, nt, "</svg>");
}

/* Draw a display list with plplot into tmp (SVG, PDF) or into pixels (PNG: w × h × 3 bytes). */
static chiso_status plot(const pl_display *d, int format, const char *tmp, unsigned char *pixels, int w, int h,
                         double scale, const char *path, chiso_error *err)
{
    PLINT old = 0, strm = -1, code = 0;
    char msg[2048] = "";
    plgstrm(&old);
    plmkstrm(&strm);
    if (strm < 0)
        return chiso_error_set(err, CHISO_EPLOT, NULL, 0, 0, "%s", _("plplot has no free stream"));
    plsError(&code, msg);
    plsdev(devices[format]);
    if (pixels) {
        plsmem((PLINT)w, (PLINT)h, pixels);
    } else {
        plsfnam(tmp);
        plspage(0, 0, (PLINT)w, (PLINT)h, 0, 0);
    }
    plscolbga(255, 255, 255, 1.0);
    const char *prev = getenv("PLPLOT_FREETYPE_SANS_FAMILY");
    char *saved = prev ? chiso_strdup(prev) : NULL;
    setenv("PLPLOT_FREETYPE_SANS_FAMILY", PL_FONT_FAMILIES, 1);
    plinit();
    if (saved)
        setenv("PLPLOT_FREETYPE_SANS_FAMILY", saved, 1);
    else
        unsetenv("PLPLOT_FREETYPE_SANS_FAMILY");
    free(saved);
    if (!code) {
        pladv(0);
        plvpor(0, 1, 0, 1);
        plwind(0, w, 0, h);
        rctx r = {scale, (double)h, &code};
        draw_ops(&r, d);
    }
    plend1();
    plsstrm(old);
    if (!code)
        return CHISO_OK;
    /* plplot writes "message, aborting operation\n" */
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
        msg[--n] = '\0';
    return chiso_error_set(err, CHISO_EPLOT, path, 0, 0, _("plplot could not draw the chart: %s"), msg[0] ? msg : "?");
}

/* Write w × h RGB pixels as a PNG to the open file descriptor fd (closed here). */
static chiso_status write_png(int fd, const unsigned char *pixels, int w, int h, const char *path, chiso_error *err)
{
    FILE *f = fdopen(fd, "wb");
    if (!f) {
        close(fd);
        return chiso_error_set(err, CHISO_EIO, path, 0, 0, _("cannot write the chart file: %s"), strerror(errno));
    }
    png_image im;
    memset(&im, 0, sizeof im);
    im.version = PNG_IMAGE_VERSION;
    im.width = (png_uint_32)w;
    im.height = (png_uint_32)h;
    im.format = PNG_FORMAT_RGB;
    im.flags = PNG_IMAGE_FLAG_FAST;
    int ok = png_image_write_to_stdio(&im, f, 0, pixels, 0, NULL);
    int saved = errno;
    ok = fflush(f) == 0 && !ferror(f) && ok;
    if (fclose(f) != 0)
        ok = 0;
    if (ok)
        return CHISO_OK;
    chiso_status st = chiso_error_set(err, CHISO_EIO, path, 0, 0, _("cannot write the chart file: %s"),
                                      im.message[0] ? im.message : strerror(saved));
    png_image_free(&im);
    return st;
}

chiso_status chiso_scene_render(const chiso_scene *s, const char *path, int width, int height, int dpi,
                                chiso_error *err)
{
    pl_display d;
    memset(&d, 0, sizeof d);
    char *tmp = NULL, *real = NULL;
    unsigned char *pixels = NULL;
    int fd = -1, made = 0;
    chiso_status st = CHISO_OK;
    int format = path ? chiso_chart_format_of(path) : -1;
    if (!s || !path) {
        st = chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0, "%s", _("invalid arguments"));
        goto done;
    }
    if (format < 0) {
        st = chiso_error_set(err, CHISO_EINVAL, path, 0, 0, "%s",
                             _("unknown chart format: the file name must end in .png, .svg or .pdf"));
        goto done;
    }
    if (width < 0 || height < 0 || width > 20000 || height > 20000 || dpi < 0 || dpi > 2400 || (dpi > 0 && dpi < 24)) {
        st = chiso_error_set(err, CHISO_EINVAL, NULL, 0, 0, _("bad chart size %d × %d at %d dpi"), width, height, dpi);
        goto done;
    }
    int dw, dh;
    pl_default_size(s, format, &dw, &dh);
    double scale = pl_format_scale(format, dpi);
    if (width == 0 && height == 0 && format == 0 && dpi > 0) {
        /* a dpi alone keeps the layout and makes the picture sharper */
        dw = (int)lround(dw * scale);
        dh = (int)lround(dh * scale);
    }
    int w = width ? width : dw, h = height ? height : dh;
    /* lay out and check everything before plplot is called */
    st = pl_layout(s, w / scale, h / scale, &d, err);
    if (st != CHISO_OK)
        goto done;
    if (!device_ok(format)) {
        st = chiso_error_set(err, CHISO_EPLOT, NULL, 0, 0,
                             _("plplot's %s driver is not installed (Debian package plplot-driver-cairo)"),
                             devices[format]);
        goto done;
    }
    /* where the chart goes: a regular file (or the one a link names), never a device or a folder */
    int direct = 0;
    st = chiso_output_resolve(path, &real, &direct, err);
    if (st != CHISO_OK)
        goto done;
    if (direct) {
        st = chiso_error_set(err, CHISO_EIO, path, 0, 0, "%s",
                             _("not a regular file: a chart is written to a file, not to a device or a pipe"));
        goto done;
    }
    /* the temporary file, in the folder of path: plplot only reopens a file that exists */
    static unsigned long counter = 0;
    size_t plen = strlen(real);
    tmp = malloc(plen + 64);
    if (!tmp) {
        st = chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
        goto done;
    }
    snprintf(tmp, plen + 64, "%s.tmp%ld.%lu", real, (long)getpid(), counter++);
    chiso_output_clean_stale(real); /* what killed runs left beside it */
    fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) {
        st = chiso_error_set(err, CHISO_EIO, path, 0, 0, _("cannot create the chart file: %s"), strerror(errno));
        goto done;
    }
    made = 1;
    if (format == 0 && PNG_IN_MEMORY) {
        pixels = malloc((size_t)w * (size_t)h * 3);
        if (!pixels) {
            st = chiso_error_set(err, CHISO_ENOMEM, NULL, 0, 0, "%s", _("out of memory"));
            goto done;
        }
        memset(pixels, 0xFF, (size_t)w * (size_t)h * 3); /* memcairo draws over what is there: white */
    } else {
        close(fd);
        fd = -1;
    }
    st = plot(&d, format, tmp, pixels, w, h, scale, path, err);
    if (st != CHISO_OK)
        goto done;
    if (pixels) {
        st = write_png(fd, pixels, w, h, path, err);
        fd = -1;
        if (st != CHISO_OK)
            goto done;
    }
    if (!complete_file(tmp, format)) {
        st = chiso_error_set(err, CHISO_EIO, path, 0, 0, "%s",
                             _("the chart file was not written completely (is the disk full?)"));
        goto done;
    }
    if (rename(tmp, real) != 0) {
        st = chiso_error_set(err, CHISO_EIO, path, 0, 0, _("cannot put the chart file in place: %s"), strerror(errno));
        goto done;
    }
    made = 0;
done:
    if (fd >= 0)
        close(fd);
    if (made)
        unlink(tmp);
    free(pixels);
    free(tmp);
    free(real);
    pl_display_free(&d);
    return st;
}
