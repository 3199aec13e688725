/* opts: one option table per command drives both parsing and --help.
 *
 * The parser never prints and never exits: it returns CM_USAGE with the reason
 * in the ctx, and the command maps that to exit status 2. */
#ifndef CM_OPTS_H
#define CM_OPTS_H

#include <stdio.h>

#include "core/day.h"
#include "core/status.h"

typedef enum {
    CM_OPT_FLAG,   /* int *: set to 1 */
    CM_OPT_STR,    /* const char **: the argument (borrowed from argv) */
    CM_OPT_INT,    /* int *: a whole number */
    CM_OPT_DOUBLE, /* double *: a finite number */
    CM_OPT_DAY,    /* cm_day *: YYYY-MM-DD */
    CM_OPT_LIST    /* cm_opt_list *: repeatable string option */
} cm_opt_type;

typedef struct {
    const char **v; /* malloc'd array of borrowed argv strings; free() it */
    int n;
} cm_opt_list;

typedef struct {
    const char *lng;   /* "date" for --date */
    char shrt;         /* 'o' for -o, or 0 */
    cm_opt_type type;
    void *dest;
    const char *arg;   /* "YYYY-MM-DD" shown in help, NULL for flags */
    const char *help;  /* one line */
} cm_opt;
#define CM_OPT_END {0, 0, CM_OPT_FLAG, 0, 0, 0}

typedef struct {
    const char *name;    /* "render" */
    const char *usage;   /* "--date YYYY-MM-DD [options]" */
    const char *summary; /* one paragraph */
    const cm_opt *opts;  /* terminated by CM_OPT_END */
} cm_cmd_spec;

/* Parses argv[1..argc) (argv[0] is the command name). Positional arguments are
 * gathered in argv order into *pos (a malloc'd array, free() it; may be NULL when
 * npos is 0). "-" alone is positional; "--" ends the options. *help is set when
 * --help/-h was given (parsing stops there). */
cm_status cm_opts_parse(cm_ctx *ctx, const cm_cmd_spec *spec, int argc, char **argv,
                        int *help, int *npos, char ***pos) CM_WUR;

/* Prints the grouped help of one command. */
void cm_opts_help(FILE *fp, const cm_cmd_spec *spec);

#endif
