/* claim_json: a claim as a line of JSON (docs/events-schema.md). The record
 * that `extract` and `run` write, and that the ACLED import extends with its
 * own keys. */
#ifndef CM_CLAIM_JSON_H
#define CM_CLAIM_JSON_H

#include "core/status.h"
#include "core/str.h"
#include "text/claim.h"

/* Appends one claim as a JSON object and a newline (docs/events-schema.md). */
cm_status cm_claim_json(cm_buf *b, const cm_claim_doc *d, const cm_claim *c) CM_WUR;

#endif
