// libFuzzer's driver, declared for Swift. It lives in clang's libclang_rt.fuzzer, which swiftc
// links only with -sanitize=fuzzer; the fuzz targets call it only when built with -DFUZZING.
//
// Why not libFuzzer's own `main`: SwiftPM renames an executable target's entry point to
// `<Target>_main` on Linux and links it with `--defsym main=<Target>_main`, so the target must
// define that entry point itself; it hands over to the driver with this call.
#ifndef FLOWCOACH_CLIBFUZZER_SHIM_H
#define FLOWCOACH_CLIBFUZZER_SHIM_H

#include <stddef.h>
#include <stdint.h>

/// Runs libFuzzer with the command line `argc`/`argv` (its flags, corpus directories or inputs to
/// replay), calling `callback` once per input. Returns the process's exit status.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
