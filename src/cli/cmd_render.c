/* cmd_render: `conflictmap render` — not built yet; see the open issues. */
#include <stdio.h>

#include "cli/cli.h"

int cm_cmd_render(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fputs("conflictmap: 'render' is not implemented yet\n", stderr);
    return CM_EXIT_FAIL;
}
