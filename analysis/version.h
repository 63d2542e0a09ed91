/*
 * version.h - the program's version: what `jitsim --version` prints after
 * "jitsim ", and what meta.json and an effective scenario.yaml record as
 * the program that wrote them. One definition for the program and the
 * library (CMakeLists.txt's project version says the same).
 */
#ifndef JITSIM_VERSION_H
#define JITSIM_VERSION_H

#define JITSIM_VERSION_STRING "0.1.0"

#endif
