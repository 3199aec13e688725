/* cmd_gazetteer: `conflictmap gazetteer` — not built yet; see the open issues. */
#include <stdio.h>

#include "cli/cli.h"

int cm_cmd_gazetteer(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fputs("conflictmap: 'gazetteer' is not implemented yet\n", stderr);
    return CM_EXIT_FAIL;
}
