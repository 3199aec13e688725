/* example: the control claims of one text, through the installed library.
 *
 *   cc -std=c11 example.c $(pkg-config --cflags --libs conflictmap) -o example
 *   ./example "The Taliban captured Kunduz on Sunday." 2021-08-09 en
 *
 * Prints one line per claim (place, P-code, who controls it after, the date)
 * and then the claims as JSON Lines (docs/events-schema.md). */
#include <stdio.h>
#include <string.h>

#include <conflictmap.h>

static int print_claim(const cm_claim_record *c, void *ud)
{
    (void)ud;
    printf("%s\t%s\t%s\t%s\t%s\n", c->place ? c->place : "?", c->pcode, c->action,
           c->controller ? c->controller : "none", c->date ? c->date : "undated");
    return 0; /* nonzero would stop the extraction */
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: example TEXT [PUBLISHED [LANG]]\n");
        return 2;
    }
    cm_text_info info = {.id = "example", .date = argc > 2 ? argv[2] : NULL, .lang = argc > 3 ? argv[3] : NULL};
    cm_context *cx = cm_context_new();
    cm_conflict *cf = NULL;
    cm_gazetteer *gz = NULL;
    cm_extractor *ex = NULL;
    size_t n = 0;
    int ok = cx && !cm_conflict_open(cx, NULL, &cf) && !cm_gazetteer_open(cx, cf, NULL, &gz) &&
             !cm_extractor_new(cx, gz, NULL, &ex) &&
             !cm_extract(cx, ex, argv[1], strlen(argv[1]), &info, print_claim, NULL, &n) &&
             !cm_extract_jsonl(cx, ex, argv[1], strlen(argv[1]), &info, stdout);
    if (ok) fprintf(stderr, "example: %zu claims (conflictmap %s, data in %s)\n", n, cm_version(), cm_data_folder());
    else fprintf(stderr, "example: %s\n", cx ? cm_context_message(cx) : "out of memory");
    cm_extractor_free(ex);
    cm_gazetteer_close(gz);
    cm_conflict_close(cf);
    cm_context_free(cx);
    return ok ? 0 : 1;
}
