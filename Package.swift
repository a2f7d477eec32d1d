// swift-tools-version:6.0
import PackageDescription

/// aegis-audit: a read-only forensic analyzer for the Aegis platform's audit trail.
///
/// Module graph (see docs/ARCHITECTURE.md):
///   CLI (aegis-audit) → AegisAudit, AegisSources, Exporters, QueryLang, Hunts
///   QueryLang → AegisAudit
///   Hunts → QueryLang, AegisAudit
///   Exporters → AegisAudit
///   AegisAudit → AegisSources, CSQLite, CPCRE2, Crypto
///   AegisSources → CPostgreSQL, CPCRE2, CCurl (read-only connectors)
let package = Package(
    name: "aegis-audit",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "aegis-audit", targets: ["AegisAuditCLI"]),
        .library(name: "AegisAudit", targets: ["AegisAudit"]),
        .library(name: "QueryLang", targets: ["QueryLang"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
    ],
    targets: [
        // C libraries, wrapped once each.
        .systemLibrary(
            name: "CPostgreSQL", path: "Sources/CPostgreSQL", pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]),
        .systemLibrary(
            name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(
            name: "CPCRE2", path: "Sources/CPCRE2", pkgConfig: "libpcre2-8",
            providers: [.apt(["libpcre2-dev"])]),
        .systemLibrary(
            name: "CCurl", path: "Sources/CCurl", pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(
            name: "CEditLine", path: "Sources/CEditLine", pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]),

        // Read-only connectors to the sources (PostgreSQL now, Loki next).
        .target(
            name: "AegisSources", dependencies: ["CPostgreSQL", "CPCRE2", "CCurl"],
            path: "Sources/Sources"),
        // Core: the cache, the canonical schema, the sync engine.
        .target(
            name: "AegisAudit",
            dependencies: [
                "AegisSources", "CSQLite",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("Formats")]),
        // The pipe query language, compiled to SQLite SQL over the cache's catalog.
        .target(name: "QueryLang", dependencies: ["AegisAudit", "AegisSources"]),
        // Hunts: the files of queries/ read, run through QueryLang, findings recorded in the cache.
        .target(name: "Hunts", dependencies: ["AegisAudit", "AegisSources", "QueryLang"], path: "Sources/Hunts"),
        // Writers for query results and evidence extracts.
        .target(
            name: "Exporters",
            dependencies: ["AegisAudit", "AegisSources", .product(name: "Crypto", package: "swift-crypto")],
            path: "Sources/Exporters"),
        // The interactive REPL over the cache (libedit line editing, completion, meta-commands).
        .target(
            name: "Repl", dependencies: ["AegisAudit", "AegisSources", "Exporters", "QueryLang", "Hunts", "CEditLine"],
            path: "Sources/Repl"),
        // The thin command-line front end.
        .executableTarget(
            name: "AegisAuditCLI",
            dependencies: [
                "AegisAudit", "AegisSources", "Exporters", "QueryLang", "Repl", "Hunts",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/CLI"),

        .target(
            name: "TestSupport", dependencies: ["AegisAudit", "AegisSources"],
            path: "Tests/TestSupport"),
        // How long compiling QueryLang takes (scripts/bench-querylang).
        .executableTarget(name: "querylang-bench", dependencies: ["QueryLang"], path: "Benchmarks/QueryLangCompile"),
        // The test suite's Loki replica as a process (benchmarks, demos).
        .executableTarget(name: "aegis-fake-loki", dependencies: ["TestSupport"], path: "Tests/Tools/FakeLoki"),
        .testTarget(
            name: "AegisSourcesTests", dependencies: ["AegisSources", "TestSupport"],
            path: "Tests/SourcesTests"),
        .testTarget(
            name: "AegisAuditTests", dependencies: ["AegisAudit", "TestSupport"],
            path: "Tests/AegisAuditTests"),
        .testTarget(
            name: "ExportersTests",
            dependencies: [
                "Exporters", "AegisAudit", "TestSupport", .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Tests/ExportersTests", resources: [.copy("Golden")]),
        .testTarget(
            name: "QueryLangTests", dependencies: ["QueryLang", "AegisAudit", "TestSupport"],
            path: "Tests/QueryLangTests"),
        .testTarget(
            name: "ReplTests", dependencies: ["Repl", "AegisAudit", "TestSupport"],
            path: "Tests/ReplTests"),
        .testTarget(
            name: "HuntsTests", dependencies: ["Hunts", "QueryLang", "AegisAudit", "TestSupport"],
            path: "Tests/HuntsTests"),
        .testTarget(
            name: "CLITests",
            dependencies: ["AegisAudit", "QueryLang", "TestSupport", .product(name: "Crypto", package: "swift-crypto")],
            path: "Tests/CLITests"),
    ],
    swiftLanguageModes: [.v6]
)
