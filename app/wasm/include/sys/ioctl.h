/* A stand-in for <sys/ioctl.h> in the wasm build (nothing uses it there). */
#ifndef JITSIM_WASM_IOCTL_H
#define JITSIM_WASM_IOCTL_H
#endif
