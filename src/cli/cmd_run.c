/* cmd_run: `conflictmap run` — not built yet; see the open issues. */
#include <stdio.h>

#include "cli/cli.h"

int cm_cmd_run(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fputs("conflictmap: 'run' is not implemented yet\n", stderr);
    return CM_EXIT_FAIL;
}
