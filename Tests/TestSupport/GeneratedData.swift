import Foundation

/// Realistic background data from the shared generator (`../shared/bench/gen_aegis.py`),
/// generated once per parameter set and loaded with its own `load.sh`.
public enum GeneratedData {
    public enum Dialect: String, Sendable { case snake, camel }

    /// The repository's root folder.
    public static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    /// The shared folder: `$AEGIS_SHARED_DIR`, else `../shared` beside the repository.
    public static var sharedDirectory: URL {
        if let path = ProcessInfo.processInfo.environment["AEGIS_SHARED_DIR"] { return URL(fileURLWithPath: path) }
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var generated: [String: URL] = [:]

    /// The folder of a generated data set (made on first use).
    public static func dataset(dialect: Dialect, rows: Int, seed: Int = 7) throws -> URL {
        let key = "\(dialect.rawValue)-\(rows)-\(seed)"
        lock.lock()
        defer { lock.unlock() }
        if let url = generated[key] { return url }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("aegis-gen-\(getpid())-\(key)")
        let script = sharedDirectory.appendingPathComponent("bench/gen_aegis.py").path
        guard FileManager.default.fileExists(atPath: script) else {
            throw TestSetupError(message: "generator not found at \(script) (set AEGIS_SHARED_DIR)")
        }
        try TestPostgres.run(
            "/usr/bin/env",
            [
                "python3", script, "--seed", String(seed), "--days", "10", "--actions", String(rows), "--evaluations",
                String(rows), "--events", String(rows), "--log-lines", "0", "--users", "40", "--dialect",
                dialect.rawValue,
                "--out", folder.path,
            ])
        generated[key] = folder
        return folder
    }

    /// Creates a backend and an executor database and loads a generated data set into them.
    public static func load(dialect: Dialect, rows: Int, seed: Int = 7) throws -> (backend: String, executor: String) {
        let folder = try dataset(dialect: dialect, rows: rows, seed: seed)
        let backend = try TestPostgres.createDatabase("backend_\(dialect.rawValue)")
        let executor = try TestPostgres.createDatabase("executor_\(dialect.rawValue)")
        try TestPostgres.run(
            "/bin/sh", [folder.appendingPathComponent("load.sh").path],
            extraEnvironment: [
                "PGHOST": "127.0.0.1", "PGPORT": TestPostgres.port, "PGUSER": "postgres", "PGDATABASE": "postgres",
                "BACKEND_DB": backend, "EXECUTOR_DB": executor,
            ])
        return (backend, executor)
    }
}
