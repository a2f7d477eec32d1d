#ifndef CLIBFUZZER_SHIM_H
#define CLIBFUZZER_SHIM_H

#include <stddef.h>
#include <stdint.h>

/// libFuzzer's driver (in compiler-rt's libclang_rt.fuzzer, linked by -sanitize=fuzzer): parses
/// the fuzzer's flags from argv and runs `callback` on each input, as libFuzzer's own main does.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
