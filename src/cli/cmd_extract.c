/* cmd_extract: `conflictmap extract` — not built yet; see the open issues. */
#include <stdio.h>

#include "cli/cli.h"

int cm_cmd_extract(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fputs("conflictmap: 'extract' is not implemented yet\n", stderr);
    return CM_EXIT_FAIL;
}
