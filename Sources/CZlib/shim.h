#include <zlib.h>

/* inflateInit2 is a macro, which Swift cannot call: wrap it. */
static inline int scratchnet_inflateInit2(z_streamp strm, int windowBits) {
    return inflateInit2(strm, windowBits);
}
