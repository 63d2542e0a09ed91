/*
 * campaign.c - batch release, lines only: the alternative heijunka is
 * measured against. The same pitch and caps as heijunka, but the repeating
 * sequence runs each product in one block (all the A, then all the B ...),
 * `batch` times the leveled mix, and a cap also covers a campaign cycle's
 * demand with two standard deviations. What both share is leveled.c.
 *
 * The whole control, its policy_type and its line_control. Not the
 * stages: models/line/stage.c.
 */
#include "models/line/controls/leveled.h"

/* heijunka's parameters, and batch (default 10); the WIP cap's cycle is
 * a campaign's. */
static int campaign_resolve(const prodline *l, policy_params *p, char *err,
                            size_t errlen)
{
    if (leveled_resolve(l, p, err, errlen))
        return -1;
    if (!policy_param_given(p, PARAM_BATCH))
        policy_param_set(p, PARAM_BATCH, 10.0);
    if (line__check(p, PARAM_BATCH, 1.0, 1e6, 1, err, errlen))
        return -1;
    /* A campaign cycle is `batch` leveled cycles. */
    int level[LINE_SEQUENCE_MAX];
    size_t len = leveled_cycle(l, level);
    return leveled_resolve_wip(l, p, len * (size_t)p->value[PARAM_BATCH],
                               err, errlen);
}

/* `batch` leveled cycles, each product's slots in one block. */
static int campaign_plan(prodline *l, char *err, size_t errlen)
{
    int level[LINE_SEQUENCE_MAX];
    size_t len = leveled_cycle(l, level);
    size_t reps = (size_t)l->params->value[PARAM_BATCH];
    if (leveled_alloc(l, len * reps, err, errlen))
        return -1;
    int *sequence = leveled_of(l)->sequence;
    /* Each product's slots of `batch` cycles, in one block, in the
     * order products first appear. */
    size_t at = 0;
    int seen[LINE_PRODUCTS_MAX] = {0};
    for (size_t i = 0; i < len; i++) {
        int prod = level[i];
        if (seen[prod])
            continue;
        seen[prod] = 1;
        size_t count = 0;
        for (size_t j = 0; j < len; j++)
            count += level[j] == prod;
        for (size_t j = 0; j < count * reps; j++)
            sequence[at++] = prod;
    }
    leveled_caps(l, 1);
    return 0;
}

static const line_control line_control_campaign = {
    .takes_sequence = 1,
    .state_size = sizeof(leveled_state),
    .resolve = campaign_resolve,
    .plan = campaign_plan,
    .plan_text = leveled_plan_text,
    .destroy = leveled_destroy,
    .initial_stock = leveled_initial_stock,
    .start = leveled_start,
};

const policy_type policy_campaign = {
    .name = "campaign",
    .family = POLICY_PUSH,
    .summary = "lines: products released in campaigns (all of A, then all "
               "of B) at a fixed pitch",
    .line_only = 1,
    .line_accepted = 1u << PARAM_PITCH | 1u << PARAM_CARDS |
                     1u << PARAM_SAFETY | 1u << PARAM_BATCH |
                     1u << PARAM_WIP,
    .line_help =
        "  pitch          time between release slots (as heijunka)\n"
        "  cards          caps per product as heijunka, and at least a\n"
        "                 campaign cycle's demand plus two standard deviations\n"
        "  wip            cap on the line's units in process, as heijunka;\n"
        "                 auto adds a campaign cycle's slots\n"
        "  safety         slack of pitch, cards and wip (default 0.1)\n"
        "  batch          how many leveled cycles one campaign holds: each\n"
        "                 product runs batch x its share in a row (default 10)\n"
        "  sequence       as heijunka, expanded into campaigns\n",
    .line = &line_control_campaign,
};
