/*
 * campaign.c - batch release, lines only: the alternative heijunka is
 * measured against. The same pitch and caps as heijunka, but the repeating
 * sequence runs each product in one block (all the A, then all the B ...),
 * `batch` times the leveled mix. Simulated by models/line.c.
 */
#include "models/policy.h"

const policy_type policy_campaign = {
    .name = "campaign",
    .family = POLICY_PUSH,
    .summary = "lines: products released in campaigns (all of A, then all "
               "of B) at a fixed pitch",
    .line_only = 1,
    .line_accepted = 1u << PARAM_PITCH | 1u << PARAM_CARDS |
                     1u << PARAM_SAFETY | 1u << PARAM_BATCH,
    .line_help =
        "  pitch          time between release slots (as heijunka)\n"
        "  cards          caps per product as heijunka, and at least a\n"
        "                 campaign cycle's demand plus two standard deviations\n"
        "  safety         slack of pitch and cards (default 0.1)\n"
        "  batch          how many leveled cycles one campaign holds: each\n"
        "                 product runs batch x its share in a row (default 10)\n"
        "  sequence       as heijunka, expanded into campaigns\n",
};
