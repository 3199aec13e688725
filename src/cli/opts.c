/* opts: getopt-like parsing from a table, with --opt=value and --opt value. */
#include "cli/opts.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const cm_opt *find_long(const cm_opt *o, const char *name, size_t n)
{
    for (; o->lng; o++)
        if (strlen(o->lng) == n && !strncmp(o->lng, name, n)) return o;
    return NULL;
}

static const cm_opt *find_short(const cm_opt *o, char c)
{
    for (; o->lng; o++)
        if (o->shrt && o->shrt == c) return o;
    return NULL;
}

static cm_status set(cm_ctx *ctx, const char *cmd, const cm_opt *o, const char *val)
{
    char *end;
    switch (o->type) {
    case CM_OPT_FLAG: *(int *)o->dest = 1; return CM_OK;
    case CM_OPT_STR: *(const char **)o->dest = val; return CM_OK;
    case CM_OPT_INT: {
        errno = 0;
        long v = strtol(val, &end, 10);
        if (errno || end == val || *end || v < -2147483647L || v > 2147483647L)
            return cm_fail(ctx, CM_USAGE, "%s: --%s wants a whole number, not '%s'", cmd, o->lng, val);
        *(int *)o->dest = (int)v;
        return CM_OK;
    }
    case CM_OPT_DOUBLE: {
        errno = 0;
        double v = strtod(val, &end);
        if (errno || end == val || *end || !isfinite(v))
            return cm_fail(ctx, CM_USAGE, "%s: --%s wants a number, not '%s'", cmd, o->lng, val);
        *(double *)o->dest = v;
        return CM_OK;
    }
    case CM_OPT_DAY:
        if (!cm_day_parse(val, strlen(val), (cm_day *)o->dest))
            return cm_fail(ctx, CM_USAGE, "%s: --%s wants a date YYYY-MM-DD, not '%s'", cmd, o->lng, val);
        return CM_OK;
    case CM_OPT_LIST: {
        cm_opt_list *l = o->dest;
        const char **v = realloc(l->v, (size_t)(l->n + 1) * sizeof *v);
        if (!v) return cm_fail(ctx, CM_NOMEM, "out of memory");
        v[l->n++] = val;
        l->v = v;
        return CM_OK;
    }
    }
    return CM_OK;
}

cm_status cm_opts_parse(cm_ctx *ctx, const cm_cmd_spec *spec, int argc, char **argv,
                        int *help, int *npos, char ***pos)
{
    *help = 0;
    *npos = 0;
    *pos = NULL;
    char **p = malloc(sizeof(char *) * (size_t)(argc > 0 ? argc : 1));
    if (!p) return cm_fail(ctx, CM_NOMEM, "out of memory");
    int np = 0, only_pos = 0;
    cm_status st = CM_OK;
    for (int i = 1; i < argc && !st; i++) {
        char *a = argv[i];
        if (only_pos || a[0] != '-' || a[1] == 0) {
            p[np++] = a;
            continue;
        }
        if (!strcmp(a, "--")) {
            only_pos = 1;
            continue;
        }
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            *help = 1;
            break;
        }
        const cm_opt *o;
        const char *val = NULL;
        if (a[1] == '-') {
            const char *name = a + 2, *eq = strchr(name, '=');
            size_t n = eq ? (size_t)(eq - name) : strlen(name);
            o = find_long(spec->opts, name, n);
            if (!o) {
                st = cm_fail(ctx, CM_USAGE, "%s: unknown option '--%.*s' (see conflictmap %s --help)",
                             spec->name, (int)n, name, spec->name);
                break;
            }
            if (eq) {
                if (o->type == CM_OPT_FLAG) {
                    st = cm_fail(ctx, CM_USAGE, "%s: --%s takes no value", spec->name, o->lng);
                    break;
                }
                val = eq + 1;
            }
        } else {
            o = find_short(spec->opts, a[1]);
            if (!o) {
                st = cm_fail(ctx, CM_USAGE, "%s: unknown option '-%c' (see conflictmap %s --help)",
                             spec->name, a[1], spec->name);
                break;
            }
            if (a[2]) {
                if (o->type == CM_OPT_FLAG) {
                    st = cm_fail(ctx, CM_USAGE, "%s: unknown option '%s'", spec->name, a);
                    break;
                }
                val = a + 2;
            }
        }
        if (o->type != CM_OPT_FLAG && !val) {
            if (i + 1 >= argc) {
                st = cm_fail(ctx, CM_USAGE, "%s: --%s needs a value (%s)", spec->name, o->lng,
                             o->arg ? o->arg : "value");
                break;
            }
            val = argv[++i];
        }
        st = set(ctx, spec->name, o, val);
    }
    if (st) {
        free(p);
        return st;
    }
    *npos = np;
    *pos = p;
    return CM_OK;
}

void cm_opts_help(FILE *fp, const cm_cmd_spec *spec)
{
    fprintf(fp, "usage: conflictmap %s %s\n\n%s\n\noptions:\n", spec->name, spec->usage, spec->summary);
    for (const cm_opt *o = spec->opts; o->lng; o++) {
        char left[64];
        if (o->shrt)
            snprintf(left, sizeof left, "-%c, --%s%s%s", o->shrt, o->lng, o->arg ? " " : "", o->arg ? o->arg : "");
        else
            snprintf(left, sizeof left, "    --%s%s%s", o->lng, o->arg ? " " : "", o->arg ? o->arg : "");
        fprintf(fp, "  %-30s %s\n", left, o->help);
    }
    fprintf(fp, "  %-30s %s\n", "-h, --help", "show this help");
}
