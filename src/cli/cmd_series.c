/* cmd_series: `conflictmap series` — not built yet; see the open issues. */
#include <stdio.h>

#include "cli/cli.h"

int cm_cmd_series(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fputs("conflictmap: 'series' is not implemented yet\n", stderr);
    return CM_EXIT_FAIL;
}
