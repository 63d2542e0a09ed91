/*
 * shim.c (app/wasm/) - the two functions wasi-libc declares but does not
 * define that the library's sources call: call_once (sim/stream.c
 * installs GSL's error handler once; the module has one thread, so a flag
 * does) and madvise (sim/sim.c offers big blocks for huge pages, a hint
 * with no meaning in WebAssembly's linear memory). Built into jitsim.wasm
 * only, so that the same sources compile unchanged for wasm32-wasi.
 */
#include <stddef.h>
#include <threads.h>

void call_once(once_flag *flag, void (*fn)(void))
{
    if (!*flag) {
        *flag = 1;
        fn();
    }
}

int madvise(void *addr, size_t len, int advice)
{
    (void)addr;
    (void)len;
    (void)advice;
    return 0;
}
