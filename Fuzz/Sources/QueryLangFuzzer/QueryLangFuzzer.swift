import Foundation
import QueryLang

/// A fixed "now" so a run is reproducible (2026-11-20T00:00:00Z, as in the tests).
let fuzzNow = Date(timeIntervalSince1970: 1_795_132_800)

/// With `QUERYLANG_FUZZ_PRINT` set, each input's SQL or diagnostics are printed (to look at a
/// corpus or a crash input: `QUERYLANG_FUZZ_PRINT=1 QueryLangFuzzer FILE...`).
let printsResults = getenv("QUERYLANG_FUZZ_PRINT") != nil

/// libFuzzer's entry point: the bytes as a query (invalid UTF-8 replaced), compiled against
/// the cache's catalog; an invariant that fails stops the run with `fatalError`, so libFuzzer
/// records the input as a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func queryLangFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let query = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    do {
        let compiled = try QueryCompiler.compile(
            query, catalog: FuzzCatalog.catalog, now: fuzzNow, parameters: FuzzParameters.values)
        if let violation = Invariants.check(compiled, query: query) {
            fatalError("invariant violated: \(violation)\nquery: \(query.debugDescription)\nsql: \(compiled.sql)")
        }
        if printsResults {
            print("ok: \(query.debugDescription)\n  \(compiled.sql)\n  \(compiled.parameters.count) parameters")
        }
    } catch {
        if let violation = Invariants.check(error, query: query) {
            fatalError("invariant violated: \(violation)\nquery: \(query.debugDescription)")
        }
        // Rendering walks the spans over the text: it must not trap either.
        let rendered = error.rendered
        if printsResults { print("error: \(query.debugDescription)\n\(rendered)") }
    }
    return 0
}
