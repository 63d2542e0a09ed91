/*
 * sterman.h - the order of Sterman's anchoring-and-adjustment rule
 * (sterman.c), shared by the policy and the board game's weekly steps
 * (models/network_board.c).
 */
#ifndef JITSIM_STERMAN_H
#define JITSIM_STERMAN_H

#include "models/policy.h"

/* max(0, round(expected + alpha_s (S' - stock - beta supply_line) +
 * noise)), rounded half away from zero. */
double sterman_order(const policy_params *p, double expected, double stock,
                     double supply_line, double noise);

#endif
