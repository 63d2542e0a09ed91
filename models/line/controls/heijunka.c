/*
 * heijunka.c - leveled pull, lines only: every `pitch` the first stage is
 * offered the next product of a repeating mixed sequence (A B A C A B ...,
 * from the demand mix unless the policy gives `sequence`). The slot is used
 * when that product's units in the line and its store are below its cap
 * (its share of `cards`) and the line's WIP below `wip`, and left empty
 * otherwise; the stages after the first push. campaign.c is the batch alternative; what both share
 * (slots, caps, the leveled cycle) is leveled.c.
 *
 * The whole control, its policy_type and its line_control. Not the
 * stages: models/line/stage.c.
 */
#include <string.h>

#include "models/line/controls/leveled.h"

/* The pitch and safety, then the WIP cap with one cycle's slots. */
static int heijunka_resolve(const prodline *l, policy_params *p, char *err,
                            size_t errlen)
{
    int level[LINE_SEQUENCE_MAX];
    if (leveled_resolve(l, p, err, errlen))
        return -1;
    return leveled_resolve_wip(l, p, leveled_cycle(l, level), err, errlen);
}

/* The leveled cycle, slot by slot. */
static int heijunka_plan(prodline *l, char *err, size_t errlen)
{
    int level[LINE_SEQUENCE_MAX];
    size_t len = leveled_cycle(l, level);
    if (leveled_alloc(l, len, err, errlen))
        return -1;
    memcpy(leveled_of(l)->sequence, level, len * sizeof *level);
    leveled_caps(l, 0);
    return 0;
}

static const line_control line_control_heijunka = {
    .takes_sequence = 1,
    .state_size = sizeof(leveled_state),
    .resolve = heijunka_resolve,
    .plan = heijunka_plan,
    .plan_text = leveled_plan_text,
    .destroy = leveled_destroy,
    .initial_stock = leveled_initial_stock,
    .start = leveled_start,
};

const policy_type policy_heijunka = {
    .name = "heijunka",
    .family = POLICY_PULL,
    .summary = "lines: mixed products released in a leveled sequence at a "
               "fixed pitch",
    .line_only = 1,
    .line_accepted = 1u << PARAM_PITCH | 1u << PARAM_CARDS |
                     1u << PARAM_SAFETY | 1u << PARAM_WIP,
    .line_help =
        "  pitch          time between release slots; auto = 1 / (D (1 +\n"
        "                 safety)) for the total demand rate D (default auto)\n"
        "  cards          cap on each product's units in the line and its\n"
        "                 store; auto per product: the least N with rho^N <=\n"
        "                 5% (rho: its demand over its slots' rate, as a\n"
        "                 make-to-stock queue), plus its demand over the\n"
        "                 line's lead time and one sequence's slots; a given\n"
        "                 number is the total, shared by demand\n"
        "  wip            cap on the line's units in process (released, not\n"
        "                 finished): a slot is skipped when a release would\n"
        "                 exceed it; auto = ceil(D x (line lead time) x (1 +\n"
        "                 safety)) + one sequence's slots (default auto)\n"
        "  safety         slack of pitch, cards and wip (default 0.1)\n"
        "  sequence       the repeating order of products, e.g. [A, B, A, C];\n"
        "                 default: leveled from the demand mix\n",
    .line = &line_control_heijunka,
};
