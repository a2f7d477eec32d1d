import AegisAudit
import ArgumentParser

/// The `--cache` option every command shares.
struct CacheOptions: ParsableArguments {
    @Option(name: .long, help: "The cache file (default: $AEGIS_AUDIT_CACHE, else ./aegis-audit.sqlite).")
    var cache: String?

    /// The cache path from the flag, then the environment, then the default.
    var path: String { cache ?? Cache.defaultPath }
}
