/* series: per-day content hashes, a manifest, runs of days with the same
 * content shared out among threads, the title-only redraw of unchanged days,
 * and PNG frames encoded in bands so that unchanged bands are not compressed
 * again. */
#define _POSIX_C_SOURCE 200809L
#include "map/series.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cairo.h>
#include <zlib.h>

#include "core/file.h"
#include "core/str.h"
#include "map/mapfile.h"
#include "map/pngchunk.h"

static const char *const fmt_ext[3] = {"png", "svg", "pdf"};

/* ---- hashing ----------------------------------------------------------------- */

/* Content hashes are FNV-1a (cm_fnv1a64_more) from a seed of their own: not
 * FNV's offset basis but the number the manifests of earlier runs were hashed
 * from, so that a re-run still finds the days it drew before. */
typedef uint64_t hash_t;
static const hash_t SERIES_SEED = 1469598103934665603ull;

/* ---- manifest ---------------------------------------------------------------- */

typedef struct {
    hash_t hash[3]; /* per format; 0 = none */
} day_rec;

static void manifest_path(const char *dir, char *out, size_t n) { snprintf(out, n, "%s/.series-manifest", dir); }

/* Reads the previous run's hashes for the days of this series. A missing or
 * unreadable manifest is an empty one. */
static void manifest_load(const char *dir, cm_day from, size_t ndays, day_rec *old)
{
    char path[4096];
    manifest_path(dir, path, sizeof path);
    FILE *fp = fopen(path, "r");
    if (!fp) return;
    char line[256];
    while (fgets(line, sizeof line, fp)) {
        char ds[16], ext[8];
        unsigned long long h;
        cm_day d;
        if (sscanf(line, "%15s %7s %llx", ds, ext, &h) != 3 || !cm_day_parse(ds, strlen(ds), &d)) continue;
        if (d < from || (size_t)(d - from) >= ndays) continue;
        for (int f = 0; f < 3; f++)
            if (!strcmp(ext, fmt_ext[f])) old[d - from].hash[f] = h;
    }
    fclose(fp);
}

/* Writes the hashes of the frames on disk now: the new ones where done, the old
 * ones elsewhere (their files were not touched). Atomic. */
static cm_status manifest_save(cm_ctx *ctx, const char *dir, cm_day from, size_t ndays, const day_rec *old,
                               const day_rec *now, const atomic_uchar *done)
{
    cm_buf b = {0};
    cm_status st = CM_OK;
    for (size_t i = 0; i < ndays && !st; i++) {
        char ds[11];
        cm_day_format(from + (cm_day)i, ds);
        for (int f = 0; f < 3 && !st; f++) {
            hash_t h = atomic_load(&done[i]) & (1u << f) ? now[i].hash[f] : old[i].hash[f];
            if (h) st = cm_buf_printf(&b, "%s %s %016llx\n", ds, fmt_ext[f], (unsigned long long)h);
        }
    }
    char path[4096];
    manifest_path(dir, path, sizeof path);
    if (st) st = cm_fail(ctx, CM_NOMEM, "out of memory");
    else st = cm_file_write(ctx, path, b.p ? b.p : "", b.n);
    cm_buf_free(&b);
    return st;
}

/* Removes temporary files a killed run left: "<day>.<ext>.tmp*". */
static void remove_leftovers(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d))) {
        cm_day day;
        if (strlen(e->d_name) > 15 && cm_day_parse(e->d_name, 10, &day) && strstr(e->d_name, ".tmp")) {
            char p[4096];
            snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
            unlink(p);
        }
    }
    closedir(d);
}

/* ---- PNG frames in bands ------------------------------------------------------
 * A frame of a series differs from the frame before it in few places: the
 * title, the districts that changed hands, the legend. Encoding is most of a
 * PNG frame's cost (deflate), so each thread keeps the pixels of the last
 * frame it encoded and the compressed bytes of each band of BAND_ROWS rows,
 * and compresses again only the bands whose pixels differ. Every band is
 * compressed on its own (deflate reset, ended with a sync flush), so its bytes
 * depend on its pixels alone: a frame's file is the same whatever the thread
 * encoded before it (any -j, a resumed run). The zlib stream is the bands'
 * bytes in order, an empty final block and the Adler-32 combined from the
 * bands'. Rows are unfiltered RGB at level 1, as in mapfile's encoder; the
 * restart at each band costs about 2 % of the size at 32 rows. */

enum { BAND_ROWS = 32 };

typedef struct {
    cm_buf z;      /* raw deflate of the band's rows, ending with a sync flush */
    uLong adler;   /* Adler-32 of those rows */
    size_t nraw;   /* their length */
    bool valid;
} band;

typedef struct {
    int w, h, stride, nb;
    z_stream zs;
    bool zs_ok;
    unsigned char *prev; /* h * stride bytes: the pixels the bands were made from */
    unsigned char *raw;  /* one band of filtered rows */
    band *b;
    cm_buf file;
} bandpng;

static void bandpng_free(bandpng *e)
{
    if (e->zs_ok) deflateEnd(&e->zs);
    for (int i = 0; e->b && i < e->nb; i++) cm_buf_free(&e->b[i].z);
    free(e->b);
    free(e->prev);
    free(e->raw);
    cm_buf_free(&e->file);
    memset(e, 0, sizeof *e);
}

/* False when out of memory. */
static bool bandpng_init(bandpng *e, int w, int h, int stride)
{
    memset(e, 0, sizeof *e);
    e->w = w, e->h = h, e->stride = stride, e->nb = (h + BAND_ROWS - 1) / BAND_ROWS;
    size_t rowlen = 1 + 3 * (size_t)w;
    e->prev = malloc((size_t)h * (size_t)stride);
    e->raw = malloc(rowlen * BAND_ROWS);
    e->b = calloc((size_t)(e->nb ? e->nb : 1), sizeof *e->b);
    e->zs_ok = deflateInit2(&e->zs, 1, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) == Z_OK;
    if (!e->prev || !e->raw || !e->b || !e->zs_ok) {
        bandpng_free(e);
        return false;
    }
    return true;
}

/* Compresses band i of px into e->b[i]; CM_NOMEM or CM_CAIRO (zlib). */
static cm_status band_encode(bandpng *e, const unsigned char *px, int i)
{
    band *b = &e->b[i];
    b->valid = false;
    int y0 = i * BAND_ROWS, y1 = y0 + BAND_ROWS < e->h ? y0 + BAND_ROWS : e->h;
    unsigned char *q = e->raw;
    for (int y = y0; y < y1; y++) {
        const uint32_t *s = (const uint32_t *)(const void *)(px + (size_t)y * (size_t)e->stride);
        *q++ = 0; /* filter: none */
        for (int x = 0; x < e->w; x++, q += 3) {
            uint32_t v = s[x]; /* Cairo's native-endian xRGB */
            q[0] = (unsigned char)(v >> 16), q[1] = (unsigned char)(v >> 8), q[2] = (unsigned char)v;
        }
    }
    b->nraw = (size_t)(q - e->raw);
    b->adler = adler32(adler32(0L, Z_NULL, 0), e->raw, (uInt)b->nraw);
    b->z.n = 0;
    if (deflateReset(&e->zs) != Z_OK) return CM_CAIRO;
    e->zs.next_in = e->raw;
    e->zs.avail_in = (uInt)b->nraw;
    size_t want = deflateBound(&e->zs, (uLong)b->nraw) + 64;
    for (;;) {
        if (cm_buf_reserve(&b->z, want)) return CM_NOMEM;
        size_t room = b->z.cap - b->z.n - 1; /* cm_buf keeps a NUL */
        e->zs.next_out = (Bytef *)b->z.p + b->z.n;
        e->zs.avail_out = (uInt)room;
        int zr = deflate(&e->zs, Z_SYNC_FLUSH);
        if (zr != Z_OK && zr != Z_BUF_ERROR) return CM_CAIRO;
        b->z.n += room - e->zs.avail_out;
        if (e->zs.avail_in == 0 && e->zs.avail_out != 0) break;
    }
    b->valid = true;
    return CM_OK;
}

/* Encodes img (RGB24, the size of e) as a PNG at path, through cm_out. */
static cm_status bandpng_write(bandpng *e, cm_ctx *ctx, cairo_surface_t *img, const char *path)
{
    cairo_surface_flush(img);
    const unsigned char *px = cairo_image_surface_get_data(img);
    size_t total = 0;
    uLong adler = adler32(0L, Z_NULL, 0);
    for (int i = 0; i < e->nb; i++) {
        size_t off = (size_t)i * BAND_ROWS * (size_t)e->stride;
        int rows = (i + 1) * BAND_ROWS <= e->h ? BAND_ROWS : e->h - i * BAND_ROWS;
        size_t len = (size_t)rows * (size_t)e->stride;
        if (!e->b[i].valid || memcmp(px + off, e->prev + off, len)) {
            cm_status st = band_encode(e, px, i);
            if (st == CM_NOMEM) return cm_fail(ctx, CM_NOMEM, "%s: out of memory (PNG)", path);
            if (st) return cm_fail(ctx, CM_CAIRO, "%s: zlib failed to compress", path);
            memcpy(e->prev + off, px + off, len);
        }
        total += e->b[i].z.n;
        adler = adler32_combine(adler, e->b[i].adler, (z_off_t)e->b[i].nraw);
    }
    static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    cm_buf *f = &e->file;
    f->n = 0;
    if (cm_buf_reserve(f, 8 + 25 + 12 + 2 + total + 6 + 12 + 16)) return cm_fail(ctx, CM_NOMEM, "%s: out of memory (PNG)", path);
    unsigned char ihdr[13] = {0};
    cm_png_be32(ihdr, (uint32_t)e->w);
    cm_png_be32(ihdr + 4, (uint32_t)e->h);
    ihdr[8] = 8, ihdr[9] = 2; /* 8-bit RGB; deflate, no filter method 0, no interlace */
    size_t at;
    cm_status st = cm_buf_append(f, sig, 8);
    if (!st) st = cm_png_chunk(f, "IHDR", ihdr, sizeof ihdr);
    if (!st) st = cm_png_chunk_open(f, "IDAT", &at);
    if (!st) st = cm_buf_append(f, "\x78\x01", 2);
    for (int i = 0; i < e->nb && !st; i++) st = cm_buf_append(f, e->b[i].z.p, e->b[i].z.n);
    unsigned char tail[6] = {0x03, 0x00}; /* an empty final block */
    cm_png_be32(tail + 2, (uint32_t)adler);
    if (!st) st = cm_buf_append(f, tail, 6);
    if (!st) st = cm_png_chunk_close(f, at);
    if (!st) st = cm_png_chunk(f, "IEND", NULL, 0);
    if (st) return cm_fail(ctx, CM_NOMEM, "%s: out of memory (PNG)", path);
    return cm_file_write(ctx, path, f->p, f->n);
}

/* ---- work -------------------------------------------------------------------- */

/* A piece of work: for PNG, a run of consecutive days with the same content
 * but for the title (its first day to draw is drawn in full, the others reuse
 * that picture); for SVG and PDF, which are drawn in full every day, one day.
 * Threads take segments in date order from a shared counter. */
typedef struct {
    size_t first, count;
    unsigned formats;        /* CM_SERIES_* bits to draw */
} segment;

typedef struct {
    const cm_series_opts *o;
    size_t ndays, ndist;
    unsigned formats;
    hash_t fp;               /* fingerprint hash */
    day_rec *old, *now;
    hash_t *body;            /* per day: content hash without the title */
    segment *segs;
    size_t nsegs;
    atomic_size_t next_seg;
    atomic_uchar *done;      /* per day: bit f set when format f is on disk and hashed */
    atomic_size_t nframes_done;
    atomic_size_t drawn, reused, kept;
    atomic_int stop;         /* set on error or cancel */
    pthread_mutex_t err_lock;
    cm_status err;
    char errmsg[1024];
} job;

/* Per-thread (and pre-pass) buffers for one day's content. */
typedef struct {
    cm_controller *ctrl;
    unsigned char *changed;
    float *fade;
    cm_marker *mk;
    size_t nm;
} day_state;

static void day_state_free(day_state *s)
{
    free(s->ctrl);
    free(s->changed);
    free(s->fade);
    free(s->mk);
}

static bool day_state_init(day_state *s, const job *j)
{
    size_t nall = j->o->markers ? cm_markers_count(j->o->markers) : 0;
    *s = (day_state){calloc(j->ndist ? j->ndist : 1, sizeof *s->ctrl), calloc(j->ndist ? j->ndist : 1, 1),
                     calloc(j->ndist ? j->ndist : 1, sizeof *s->fade), calloc(nall ? nall : 1, sizeof *s->mk), 0};
    if (s->ctrl && s->changed && s->fade && s->mk) return true;
    day_state_free(s);
    return false;
}

/* Fills s with day's content and returns its hash without the title. */
static hash_t day_content(const job *j, cm_day day, day_state *s)
{
    const cm_series_opts *o = j->o;
    size_t nall = o->markers ? cm_markers_count(o->markers) : 0;
    const cm_marker *all = o->markers ? cm_markers_get(o->markers) : NULL;
    cm_map_state_from_timeline(o->map, o->tl, day, s->ctrl, s->changed);
    if (o->staleness) cm_map_staleness_from_timeline(o->map, o->tl, day, s->fade);
    /* the day's markers, and those without a date */
    s->nm = 0;
    for (size_t k = 0; k < nall; k++)
        if (all[k].day == day || all[k].day == CM_DAY_NONE) s->mk[s->nm++] = all[k];
    hash_t body = cm_fnv1a64_more(j->fp, s->ctrl, j->ndist * sizeof *s->ctrl);
    body = cm_fnv1a64_more(body, s->changed, j->ndist);
    if (o->staleness) body = cm_fnv1a64_more(body, s->fade, j->ndist * sizeof *s->fade);
    for (size_t k = 0; k < s->nm; k++) {
        body = cm_fnv1a64_more(body, &s->mk[k].lon_deg, sizeof s->mk[k].lon_deg);
        body = cm_fnv1a64_more(body, &s->mk[k].lat_deg, sizeof s->mk[k].lat_deg);
        body = cm_fnv1a64_more(body, &s->mk[k].action, sizeof s->mk[k].action);
        body = cm_fnv1a64_more(body, s->mk[k].label, strlen(s->mk[k].label) + 1);
    }
    return body;
}

static void record_error(job *j, cm_ctx *tctx, cm_status st)
{
    pthread_mutex_lock(&j->err_lock);
    if (!j->err) {
        j->err = st;
        snprintf(j->errmsg, sizeof j->errmsg, "%s", tctx ? cm_ctx_message(tctx) : "out of memory");
    }
    pthread_mutex_unlock(&j->err_lock);
    atomic_store(&j->stop, 1);
}

static void frame_path(const job *j, cm_day day, int f, char *out, size_t n)
{
    char ds[11];
    cm_day_format(day, ds);
    snprintf(out, n, "%s/%s.%s", j->o->dir, ds, fmt_ext[f]);
}

static void *run_days(void *arg)
{
    job *j = arg;
    const cm_series_opts *o = j->o;
    cm_ctx *ctx = cm_ctx_new();
    day_state s;
    bool have_s = day_state_init(&s, j);
    bandpng enc;
    bool have_enc = false;
    cairo_surface_t *img = NULL;  /* the last PNG picture this thread drew */
    hash_t img_body = 0;          /* its content hash without the title */
    int W = 0, H = 0;
    cm_mapctx_size(o->map, &W, &H);
    if (j->formats & CM_SERIES_PNG) {
        img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, W, H);
        have_enc = cairo_surface_status(img) == CAIRO_STATUS_SUCCESS &&
                   bandpng_init(&enc, W, H, cairo_image_surface_get_stride(img));
    }
    if (!ctx || !have_s || ((j->formats & CM_SERIES_PNG) && !have_enc)) {
        if (ctx) cm_fail(ctx, CM_NOMEM, "out of memory");
        record_error(j, ctx, CM_NOMEM);
        goto done;
    }
    for (;;) {
        size_t sg = atomic_fetch_add(&j->next_seg, 1);
        if (sg >= j->nsegs || atomic_load(&j->stop)) break;
        for (size_t i = j->segs[sg].first; i < j->segs[sg].first + j->segs[sg].count && !atomic_load(&j->stop); i++) {
            cm_day day = o->from + (cm_day)i;
            hash_t body = j->body[i];
            bool have_day = false; /* s holds this day's content */
            for (int f = 0; f < 3; f++) {
                if (!(j->segs[sg].formats & (1u << f))) continue;
                hash_t full = cm_fnv1a64_more(cm_fnv1a64_more(body, &day, sizeof day), &f, sizeof f);
                if (!full) full = 1;
                j->now[i].hash[f] = full;
                char path[4096];
                frame_path(j, day, f, path, sizeof path);
                cm_status st = CM_OK;
                if (j->old[i].hash[f] == full && cm_path_exists(path)) {
                    atomic_fetch_add(&j->kept, 1);
                    atomic_fetch_or(&j->done[i], (unsigned char)(1u << f));
                    atomic_fetch_add(&j->nframes_done, 1);
                    continue;
                }
                if (!have_day && (f != 0 || img_body != body)) {
                    (void)day_content(j, day, &s);
                    have_day = true;
                }
                cm_frame fr = {.day = day, .ctrl = s.ctrl, .changed = s.changed, .markers = s.mk,
                               .nmarkers = s.nm, .fade = o->staleness ? s.fade : NULL};
                if (f == 0) {
                    cairo_t *cr = cairo_create(img);
                    if (img_body && img_body == body) {
                        /* Same picture as the day before but for its title. */
                        st = cm_map_render_title(o->map, ctx, cr, day);
                        atomic_fetch_add(&j->reused, 1);
                    } else {
                        st = cm_map_render(o->map, ctx, cr, &fr);
                        img_body = body;
                        atomic_fetch_add(&j->drawn, 1);
                    }
                    cairo_destroy(cr);
                    if (!st) st = bandpng_write(&enc, ctx, img, path);
                    if (st) img_body = 0;
                } else {
                    st = cm_map_write(o->map, ctx, &fr, path);
                    atomic_fetch_add(&j->drawn, 1);
                }
                if (st) {
                    record_error(j, ctx, st);
                    break;
                }
                atomic_fetch_or(&j->done[i], (unsigned char)(1u << f));
                atomic_fetch_add(&j->nframes_done, 1);
            }
        }
    }
done:
    if (img) cairo_surface_destroy(img);
    if (have_enc) bandpng_free(&enc);
    if (have_s) day_state_free(&s);
    cm_ctx_free(ctx);
    return NULL;
}

static int ncores(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

cm_status cm_series_run(cm_ctx *ctx, const cm_series_opts *o, cm_series_stats *stats)
{
    if (o->to < o->from) return cm_fail(ctx, CM_USAGE, "series: --to is before --from");
    if (o->to - o->from >= 100000) return cm_fail(ctx, CM_RANGE, "series: more than 100000 days");
    if (mkdir(o->dir, 0755) != 0 && errno != EEXIST)
        return cm_fail(ctx, CM_IO, "%s: cannot create the folder: %s", o->dir, strerror(errno));
    if (access(o->dir, W_OK) != 0) return cm_fail(ctx, CM_IO, "%s: cannot write: %s", o->dir, strerror(errno));
    remove_leftovers(o->dir);
    job j = {.o = o, .ndays = (size_t)(o->to - o->from + 1), .ndist = cm_mapctx_district_count(o->map),
             .formats = o->formats ? o->formats : CM_SERIES_PNG};
    j.fp = cm_fnv1a64_more(SERIES_SEED, "cm-series-1", 11);
    if (o->fingerprint) j.fp = cm_fnv1a64_more(j.fp, o->fingerprint, strlen(o->fingerprint));
    pthread_mutex_init(&j.err_lock, NULL);
    j.old = calloc(j.ndays, sizeof *j.old);
    j.now = calloc(j.ndays, sizeof *j.now);
    j.done = calloc(j.ndays, sizeof *j.done);
    j.body = calloc(j.ndays, sizeof *j.body);
    j.segs = calloc(j.ndays, 2 * sizeof *j.segs);
    int jobs = o->jobs > 0 ? o->jobs : ncores();
    if ((size_t)jobs > j.ndays) jobs = (int)j.ndays;
    pthread_t *th = calloc((size_t)jobs, sizeof *th);
    day_state s;
    bool have_s = false;
    cm_status st = CM_OK;
    if (!j.old || !j.now || !j.done || !j.body || !j.segs || !th || !(have_s = day_state_init(&s, &j))) {
        st = cm_fail(ctx, CM_NOMEM, "out of memory");
        goto done;
    }
    manifest_load(o->dir, o->from, j.ndays, j.old);
    /* Each day's content, and the pieces of work: PNG runs of days that
     * differ only in their title, so every unchanged day follows the day it
     * reuses; vector frames day by day. Threads take pieces as they finish the
     * last, so the work is shared by what it costs, not by days. */
    unsigned vec = j.formats & ~(unsigned)CM_SERIES_PNG;
    size_t png_seg = 0;
    for (size_t i = 0; i < j.ndays; i++) {
        j.body[i] = day_content(&j, o->from + (cm_day)i, &s);
        if (j.formats & CM_SERIES_PNG) {
            if (i == 0 || j.body[i] != j.body[i - 1]) {
                png_seg = j.nsegs;
                j.segs[j.nsegs++] = (segment){.first = i, .formats = CM_SERIES_PNG};
            }
            j.segs[png_seg].count++;
        }
        if (vec) j.segs[j.nsegs++] = (segment){.first = i, .count = 1, .formats = vec};
    }
    size_t per_fmt = 0;
    for (int f = 0; f < 3; f++) per_fmt += (j.formats >> f) & 1;
    size_t total = j.ndays * per_fmt;
    int started = 0;
    for (int t = 0; t < jobs; t++) {
        if (pthread_create(&th[t], NULL, run_days, &j) != 0) {
            st = cm_fail(ctx, CM_NOMEM, "cannot start a thread");
            atomic_store(&j.stop, 1);
            break;
        }
        started++;
    }
    /* Watch: progress, and the manifest now and then, so a killed run loses
     * little. */
    struct timespec last;
    clock_gettime(CLOCK_MONOTONIC, &last);
    while (!st) {
        size_t d = atomic_load(&j.nframes_done);
        int all_done = d >= total || atomic_load(&j.stop);
        if (o->progress && !o->progress(total ? (double)d / (double)total : 1.0, "frames", o->progress_ud)) {
            atomic_store(&j.stop, 1);
            st = CM_CANCELLED;
        }
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (now.tv_sec - last.tv_sec >= 2) {
            (void)manifest_save(NULL, o->dir, o->from, j.ndays, j.old, j.now, j.done);
            last = now;
        }
        if (all_done) break;
        struct timespec nap = {0, 20 * 1000 * 1000};
        nanosleep(&nap, NULL);
    }
    for (int t = 0; t < started; t++) pthread_join(th[t], NULL);
    cm_status mst = manifest_save(ctx, o->dir, o->from, j.ndays, j.old, j.now, j.done);
    if (j.err && !st) st = cm_fail(ctx, j.err, "%s", j.errmsg);
    if (st == CM_CANCELLED) st = cm_fail(ctx, CM_CANCELLED, "series: cancelled");
    if (!st) st = mst;
    if (stats) {
        stats->frames = total;
        stats->drawn = atomic_load(&j.drawn);
        stats->reused = atomic_load(&j.reused);
        stats->kept = atomic_load(&j.kept);
    }
done:
    if (have_s) day_state_free(&s);
    pthread_mutex_destroy(&j.err_lock);
    free(j.old);
    free(j.now);
    free(j.done);
    free(j.body);
    free(j.segs);
    free(th);
    return st;
}

/* ---- animation (APNG) --------------------------------------------------------- */

static uint32_t rd32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

cm_status cm_series_animate(cm_ctx *ctx, const cm_series_opts *o, const char *path, int frame_ms)
{
    static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    if (frame_ms <= 0 || frame_ms > 65535) return cm_fail(ctx, CM_USAGE, "animation: frame time must be 1..65535 ms");
    uint32_t nframes = (uint32_t)(o->to - o->from + 1);
    cm_buf out = {0}, in = {0};
    cm_status st = cm_buf_append(&out, sig, 8);
    uint32_t seq = 0;
    unsigned char ihdr[13];
    for (cm_day day = o->from; day <= o->to && !st; day++) {
        char fp[4096], ds[11];
        cm_day_format(day, ds);
        snprintf(fp, sizeof fp, "%s/%s.png", o->dir, ds);
        cm_buf_clear(&in);
        if ((st = cm_file_read(ctx, fp, 0, &in))) break;
        const unsigned char *p = (const unsigned char *)in.p;
        if (in.n < 33 || memcmp(p, sig, 8) || memcmp(p + 12, "IHDR", 4)) {
            st = cm_fail(ctx, CM_PARSE, "%s: not a PNG file", fp);
            break;
        }
        if (day == o->from) {
            memcpy(ihdr, p + 16, 13);
            unsigned char actl[8];
            cm_png_be32(actl, nframes);
            cm_png_be32(actl + 4, 0); /* loop for ever */
            st = cm_png_chunk(&out, "IHDR", ihdr, 13);
            if (!st) st = cm_png_chunk(&out, "acTL", actl, 8);
        } else if (memcmp(ihdr, p + 16, 13)) {
            st = cm_fail(ctx, CM_PARSE, "%s: size or format differs from the first frame", fp);
            break;
        }
        unsigned char fctl[26];
        cm_png_be32(fctl, seq++);
        memcpy(fctl + 4, ihdr, 8); /* width, height */
        cm_png_be32(fctl + 12, 0);
        cm_png_be32(fctl + 16, 0);
        fctl[20] = (unsigned char)(frame_ms >> 8), fctl[21] = (unsigned char)frame_ms; /* delay_num */
        fctl[22] = 1000 >> 8, fctl[23] = 1000 & 0xFF;                                  /* delay_den */
        fctl[24] = 0, fctl[25] = 0; /* dispose none, blend source */
        if (!st) st = cm_png_chunk(&out, "fcTL", fctl, 26);
        for (size_t i = 8; i + 12 <= in.n && !st;) {
            uint32_t len = rd32(p + i);
            if (len > in.n - i - 12) {
                st = cm_fail(ctx, CM_PARSE, "%s: truncated PNG chunk at byte %zu", fp, i);
                break;
            }
            if (!memcmp(p + i + 4, "IDAT", 4)) {
                if (day == o->from) {
                    st = cm_png_chunk(&out, "IDAT", p + i + 8, len);
                } else {
                    unsigned char s4[4];
                    size_t at;
                    cm_png_be32(s4, seq++);
                    st = cm_png_chunk_open(&out, "fdAT", &at);
                    if (!st) st = cm_buf_append(&out, s4, 4);
                    if (!st) st = cm_buf_append(&out, p + i + 8, len);
                    if (!st) st = cm_png_chunk_close(&out, at);
                }
            }
            i += 12 + (size_t)len;
        }
    }
    if (!st) st = cm_png_chunk(&out, "IEND", NULL, 0);
    if (st == CM_NOMEM) st = cm_fail(ctx, CM_NOMEM, "out of memory");
    if (!st) st = cm_file_write(ctx, path, out.p, out.n);
    cm_buf_free(&out);
    cm_buf_free(&in);
    return st;
}
