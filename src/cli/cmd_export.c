/* cmd_export: `conflictmap export` — not built yet; see the open issues. */
#include <stdio.h>

#include "cli/cli.h"

int cm_cmd_export(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fputs("conflictmap: 'export' is not implemented yet\n", stderr);
    return CM_EXIT_FAIL;
}
