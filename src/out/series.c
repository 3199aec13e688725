/* series: per-day content hashes, a manifest, contiguous runs of days per
 * thread, and the title-only redraw of unchanged days. */
#define _POSIX_C_SOURCE 200809L
#include "out/series.h"

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

#include "core/file.h"
#include "core/str.h"
#include "out/mapfile.h"

static const char *const fmt_ext[3] = {"png", "svg", "pdf"};

/* ---- hashing ----------------------------------------------------------------- */

typedef uint64_t hash_t;
static const hash_t FNV_OFF = 1469598103934665603ull, FNV_PRIME = 1099511628211ull;

static hash_t fnv(hash_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) h = (h ^ b[i]) * FNV_PRIME;
    return h;
}

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

/* ---- work -------------------------------------------------------------------- */

typedef struct {
    const cm_series_opts *o;
    size_t ndays, ndist;
    unsigned formats;
    hash_t fp;               /* fingerprint hash */
    day_rec *old, *now;
    atomic_uchar *done;      /* per day: bit f set when format f is on disk and hashed */
    atomic_size_t nframes_done;
    atomic_size_t drawn, reused, kept;
    atomic_int stop;         /* set on error or cancel */
    pthread_mutex_t err_lock;
    cm_status err;
    char errmsg[1024];
} job;

typedef struct {
    job *j;
    size_t first, count;     /* days [first, first+count) of the series */
} run;

static void record_error(job *j, cm_ctx *tctx, cm_status st)
{
    pthread_mutex_lock(&j->err_lock);
    if (!j->err) {
        j->err = st;
        snprintf(j->errmsg, sizeof j->errmsg, "%s", cm_ctx_message(tctx));
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

static cm_status write_png(cm_ctx *ctx, cairo_surface_t *img, const char *path)
{
    cm_out out;
    cm_status st = cm_out_open(ctx, path, &out);
    if (st) return st;
    st = cm_png_write(ctx, img, out.fp, path);
    if (st) {
        cm_out_abort(&out);
        return st;
    }
    return cm_out_commit(ctx, &out);
}

static void *run_days(void *arg)
{
    run *r = arg;
    job *j = r->j;
    const cm_series_opts *o = j->o;
    cm_ctx *ctx = cm_ctx_new();
    cm_controller *ctrl = calloc(j->ndist ? j->ndist : 1, sizeof *ctrl);
    unsigned char *changed = calloc(j->ndist ? j->ndist : 1, 1);
    float *fade = calloc(j->ndist ? j->ndist : 1, sizeof *fade);
    size_t nall = o->markers ? cm_markers_count(o->markers) : 0;
    const cm_marker *all = o->markers ? cm_markers_get(o->markers) : NULL;
    cm_marker *mk = calloc(nall ? nall : 1, sizeof *mk);
    cairo_surface_t *img = NULL;  /* the last PNG picture this thread drew */
    hash_t img_body = 0;          /* its content hash without the title */
    int W = 0, H = 0;
    cm_mapctx_size(o->map, &W, &H);
    if (!ctx || !ctrl || !changed || !fade || !mk) {
        if (ctx) cm_fail(ctx, CM_NOMEM, "out of memory");
        record_error(j, ctx, CM_NOMEM);
        goto done;
    }
    for (size_t i = r->first; i < r->first + r->count && !atomic_load(&j->stop); i++) {
        cm_day day = o->from + (cm_day)i;
        cm_map_state_from_timeline(o->map, o->tl, day, ctrl, changed);
        if (o->staleness) cm_map_staleness_from_timeline(o->map, o->tl, day, fade);
        /* the day's markers, and those without a date */
        size_t nm = 0;
        for (size_t k = 0; k < nall; k++)
            if (all[k].day == day || all[k].day == CM_DAY_NONE) mk[nm++] = all[k];
        hash_t body = fnv(j->fp, ctrl, j->ndist * sizeof *ctrl);
        body = fnv(body, changed, j->ndist);
        if (o->staleness) body = fnv(body, fade, j->ndist * sizeof *fade);
        for (size_t k = 0; k < nm; k++) {
            body = fnv(body, &mk[k].lon_deg, sizeof mk[k].lon_deg);
            body = fnv(body, &mk[k].lat_deg, sizeof mk[k].lat_deg);
            body = fnv(body, &mk[k].action, sizeof mk[k].action);
            body = fnv(body, mk[k].label, strlen(mk[k].label) + 1);
        }
        cm_frame fr = {.day = day, .ctrl = ctrl, .changed = changed, .markers = mk, .nmarkers = nm,
                       .fade = o->staleness ? fade : NULL};
        for (int f = 0; f < 3; f++) {
            if (!(j->formats & (1u << f))) continue;
            hash_t full = fnv(fnv(body, &day, sizeof day), &f, sizeof f);
            if (!full) full = 1;
            j->now[i].hash[f] = full;
            char path[4096];
            frame_path(j, day, f, path, sizeof path);
            cm_status st = CM_OK;
            if (j->old[i].hash[f] == full && cm_path_exists(path)) {
                atomic_fetch_add(&j->kept, 1);
            } else if (f == 0) {
                if (img && img_body == body) {
                    /* Same picture as the day before but for its title. */
                    cairo_t *cr = cairo_create(img);
                    st = cm_map_render_title(o->map, ctx, cr, day);
                    cairo_destroy(cr);
                    atomic_fetch_add(&j->reused, 1);
                } else {
                    if (!img) img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, W, H);
                    cairo_t *cr = cairo_create(img);
                    st = cm_map_render(o->map, ctx, cr, &fr);
                    cairo_destroy(cr);
                    img_body = body;
                    atomic_fetch_add(&j->drawn, 1);
                }
                if (!st) st = write_png(ctx, img, path);
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
done:
    if (img) cairo_surface_destroy(img);
    free(ctrl);
    free(changed);
    free(fade);
    free(mk);
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
    j.fp = fnv(FNV_OFF, "cm-series-1", 11);
    if (o->fingerprint) j.fp = fnv(j.fp, o->fingerprint, strlen(o->fingerprint));
    pthread_mutex_init(&j.err_lock, NULL);
    j.old = calloc(j.ndays, sizeof *j.old);
    j.now = calloc(j.ndays, sizeof *j.now);
    j.done = calloc(j.ndays, sizeof *j.done);
    int jobs = o->jobs > 0 ? o->jobs : ncores();
    if ((size_t)jobs > j.ndays) jobs = (int)j.ndays;
    run *runs = calloc((size_t)jobs, sizeof *runs);
    pthread_t *th = calloc((size_t)jobs, sizeof *th);
    cm_status st = CM_OK;
    if (!j.old || !j.now || !j.done || !runs || !th) {
        st = cm_fail(ctx, CM_NOMEM, "out of memory");
        goto done;
    }
    manifest_load(o->dir, o->from, j.ndays, j.old);
    size_t per_fmt = 0;
    for (int f = 0; f < 3; f++) per_fmt += (j.formats >> f) & 1;
    size_t total = j.ndays * per_fmt;
    /* Contiguous runs, so that unchanged days follow the day they reuse. */
    size_t start = 0;
    int started = 0;
    for (int t = 0; t < jobs; t++) {
        size_t cnt = j.ndays / (size_t)jobs + ((size_t)t < j.ndays % (size_t)jobs);
        runs[t] = (run){&j, start, cnt};
        start += cnt;
        if (pthread_create(&th[t], NULL, run_days, &runs[t]) != 0) {
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
        struct timespec nap = {0, 100 * 1000 * 1000};
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
    pthread_mutex_destroy(&j.err_lock);
    free(j.old);
    free(j.now);
    free(j.done);
    free(runs);
    free(th);
    return st;
}

/* ---- animation (APNG) --------------------------------------------------------- */

static uint32_t crc_table[256];
static pthread_once_t crc_once = PTHREAD_ONCE_INIT;

static void crc_init(void)
{
    for (uint32_t n = 0; n < 256; n++) {
        uint32_t c = n;
        for (int k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        crc_table[n] = c;
    }
}

static uint32_t crc32_of(uint32_t c, const unsigned char *p, size_t n)
{
    c = ~c;
    for (size_t i = 0; i < n; i++) c = crc_table[(c ^ p[i]) & 0xFF] ^ (c >> 8);
    return ~c;
}

static void be32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24), p[1] = (unsigned char)(v >> 16), p[2] = (unsigned char)(v >> 8),
    p[3] = (unsigned char)v;
}

static uint32_t rd32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Appends one chunk: length, type, data, CRC over type and data. */
static cm_status chunk(cm_buf *b, const char type[4], const unsigned char *pre, size_t npre,
                       const unsigned char *data, size_t n)
{
    unsigned char hdr[8];
    be32(hdr, (uint32_t)(npre + n));
    memcpy(hdr + 4, type, 4);
    uint32_t c = crc32_of(0, hdr + 4, 4);
    c = crc32_of(c, pre, npre);
    c = crc32_of(c, data, n);
    unsigned char crc[4];
    be32(crc, c);
    cm_status st = cm_buf_append(b, hdr, 8);
    if (!st && npre) st = cm_buf_append(b, pre, npre);
    if (!st && n) st = cm_buf_append(b, data, n);
    if (!st) st = cm_buf_append(b, crc, 4);
    return st;
}

cm_status cm_series_animate(cm_ctx *ctx, const cm_series_opts *o, const char *path, int frame_ms)
{
    static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    if (frame_ms <= 0 || frame_ms > 65535) return cm_fail(ctx, CM_USAGE, "animation: frame time must be 1..65535 ms");
    pthread_once(&crc_once, crc_init);
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
            be32(actl, nframes);
            be32(actl + 4, 0); /* loop for ever */
            st = chunk(&out, "IHDR", NULL, 0, ihdr, 13);
            if (!st) st = chunk(&out, "acTL", NULL, 0, actl, 8);
        } else if (memcmp(ihdr, p + 16, 13)) {
            st = cm_fail(ctx, CM_PARSE, "%s: size or format differs from the first frame", fp);
            break;
        }
        unsigned char fctl[26];
        be32(fctl, seq++);
        memcpy(fctl + 4, ihdr, 8); /* width, height */
        be32(fctl + 12, 0);
        be32(fctl + 16, 0);
        fctl[20] = (unsigned char)(frame_ms >> 8), fctl[21] = (unsigned char)frame_ms; /* delay_num */
        fctl[22] = 1000 >> 8, fctl[23] = 1000 & 0xFF;                                  /* delay_den */
        fctl[24] = 0, fctl[25] = 0; /* dispose none, blend source */
        if (!st) st = chunk(&out, "fcTL", NULL, 0, fctl, 26);
        for (size_t i = 8; i + 12 <= in.n && !st;) {
            uint32_t len = rd32(p + i);
            if (len > in.n - i - 12) {
                st = cm_fail(ctx, CM_PARSE, "%s: truncated PNG chunk at byte %zu", fp, i);
                break;
            }
            if (!memcmp(p + i + 4, "IDAT", 4)) {
                if (day == o->from) {
                    st = chunk(&out, "IDAT", NULL, 0, p + i + 8, len);
                } else {
                    unsigned char s4[4];
                    be32(s4, seq++);
                    st = chunk(&out, "fdAT", s4, 4, p + i + 8, len);
                }
            }
            i += 12 + (size_t)len;
        }
    }
    if (!st) st = chunk(&out, "IEND", NULL, 0, NULL, 0);
    if (st == CM_NOMEM) st = cm_fail(ctx, CM_NOMEM, "out of memory");
    if (!st) st = cm_file_write(ctx, path, out.p, out.n);
    cm_buf_free(&out);
    cm_buf_free(&in);
    return st;
}
