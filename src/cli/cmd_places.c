/* cmd_places: `conflictmap places` — not built yet; see the open issues. */
#include <stdio.h>

#include "cli/cli.h"

int cm_cmd_places(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fputs("conflictmap: 'places' is not implemented yet\n", stderr);
    return CM_EXIT_FAIL;
}
