/* A stand-in for <termios.h> in the wasm build: libfyaml's terminal
 * helpers compile, and fail at run time (WASI has no terminals). */
#ifndef JITSIM_WASM_TERMIOS_H
#define JITSIM_WASM_TERMIOS_H
#include <errno.h>
typedef unsigned int tcflag_t;
typedef unsigned char cc_t;
#define NCCS 32
struct termios { tcflag_t c_iflag, c_oflag, c_cflag, c_lflag; cc_t c_cc[NCCS]; };
#define ICANON 2
#define ECHO 8
#define VMIN 6
#define VTIME 5
#define TCSANOW 0
#define TCSAFLUSH 2
static inline int tcgetattr(int fd, struct termios *t) { (void)fd; (void)t; errno = ENOTTY; return -1; }
static inline int tcsetattr(int fd, int a, const struct termios *t) { (void)fd; (void)a; (void)t; errno = ENOTTY; return -1; }
#endif
