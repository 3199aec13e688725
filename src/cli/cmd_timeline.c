/* cmd_timeline: `conflictmap timeline` — not built yet; see the open issues. */
#include <stdio.h>

#include "cli/cli.h"

int cm_cmd_timeline(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fputs("conflictmap: 'timeline' is not implemented yet\n", stderr);
    return CM_EXIT_FAIL;
}
