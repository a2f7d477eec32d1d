// swift-tools-version:6.0
import PackageDescription

/// libFuzzer targets for aegis-audit, kept out of the main package: libFuzzer brings its own
/// `main`, which clashes with the main package's executables (`aegis-audit`,
/// `aegis-fake-loki`). Only the QueryLang library product is linked in here.
///
/// Build and run with `scripts/fuzz-querylang`: it passes `-sanitize=fuzzer,address` to every
/// Swift module with `-Xswiftc`, so QueryLang itself is instrumented for coverage, not just the
/// harness. (A plain `swift build` here fails to link: `LLVMFuzzerRunDriver` is missing.)
let package = Package(
    name: "aegis-audit-fuzz",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "aegis-audit", path: "..")
    ],
    targets: [
        // libFuzzer's driver entry point, declared for Swift (see EntryPoint.swift).
        .systemLibrary(name: "CLibFuzzer", path: "Sources/CLibFuzzer"),
        // Feeds each input to QueryCompiler.compile against a catalog of the cache's tables and
        // checks what comes out (Invariants.swift).
        .executableTarget(
            name: "QueryLangFuzzer",
            dependencies: ["CLibFuzzer", .product(name: "QueryLang", package: "aegis-audit")]),
    ],
    swiftLanguageModes: [.v6]
)
