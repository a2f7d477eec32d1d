import CLibFuzzer

/// SwiftPM links an executable target with `--defsym main=<Module>_main` (so tests can link
/// executables), which hides libFuzzer's own `main`. This is that entry point: it hands
/// argv to libFuzzer's driver exactly as libFuzzer's `main` would. (Were SwiftPM to stop
/// renaming `main`, libFuzzer's `main` would run instead, with the same effect.)
@_cdecl("QueryLangFuzzer_main")
public func queryLangFuzzerMain(
    _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in queryLangFuzzerTestOneInput(data, size) }
}
