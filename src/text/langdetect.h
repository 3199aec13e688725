/* langdetect: which language a text is written in, among a set of lexicons.
 * Reads the lexicons through their interface (lexicon.h) only. */
#ifndef CM_LANGDETECT_H
#define CM_LANGDETECT_H

#include <stddef.h>

#include "text/lexicon.h"
#include "text/token.h"

/* Index of the best lexicon in set for t[0..n) by stop-word counts over at most
 * the first 600 tokens; when no lexicon has 3, by stop words and the
 * language's own phrases (verbs, negation, clause words; not actor names) over
 * the first 400. -1 when nothing decides. */
int cm_lexset_detect(const cm_lexset *set, const cm_token *t, size_t n);

#endif
