import Foundation

/// The throwaway PostgreSQL server `scripts/test` starts, and administrative helpers that go
/// through `psql` (the tool itself only ever opens read-only sessions).
public enum TestPostgres {
    /// Why the integration tests cannot run, or nil when the server is configured.
    public static var unavailableReason: String? {
        environment["AEGIS_PG_ADMIN"] == nil ? "AEGIS_PG_ADMIN is not set: run the tests with scripts/test" : nil
    }

    static let environment = ProcessInfo.processInfo.environment

    public static var port: String { environment["AEGIS_PG_PORT"] ?? "5432" }
    public static var superuserPassword: String { environment["AEGIS_PG_PASSWORD"] ?? "" }

    /// A connection string for `database` as `user` (no password: give it by another channel).
    public static func connectionString(database: String, user: String = "postgres") -> String {
        "host=127.0.0.1 port=\(port) user=\(user) dbname=\(database)"
    }

    /// A connection string with the superuser's password inside, as a URI.
    public static func superuserURI(database: String) -> String {
        "postgresql://postgres:\(superuserPassword)@127.0.0.1:\(port)/\(database)"
    }

    /// A fresh, empty database with a unique name.
    public static func createDatabase(_ prefix: String) throws -> String {
        let name = "\(prefix)_\(getpid())_\(UniqueCounter.next())".lowercased()
        try psql("CREATE DATABASE \(name)", database: "postgres")
        return name
    }

    /// Runs SQL as the superuser through psql; throws with psql's output when it fails.
    @discardableResult
    public static func psql(_ sql: String, database: String) throws -> String {
        try run(
            "/usr/bin/psql",
            [
                "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", port, "-U", "postgres",
                "-d", database, "-c", sql,
            ])
    }

    /// Runs a psql script file as the superuser.
    public static func psql(file: String, database: String) throws {
        try run(
            "/usr/bin/psql",
            [
                "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", port, "-U", "postgres", "-d", database,
                "-f", file,
            ])
    }

    /// The single value a query returns.
    public static func value(_ sql: String, database: String) throws -> String {
        try psql(sql, database: database).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Runs a program with the superuser's password in its environment; returns its output.
    @discardableResult
    public static func run(_ program: String, _ arguments: [String], extraEnvironment: [String: String] = [:]) throws
        -> String
    {
        var environment = Self.environment
        environment["PGPASSWORD"] = superuserPassword
        environment.merge(extraEnvironment) { _, new in new }
        let result = try ProcessRunner.run(program, arguments, environment: environment)
        guard result.status == 0 else {
            throw TestSetupError(
                message: "\(program) \(arguments.prefix(12).joined(separator: " ")) failed: \(result.standardError)")
        }
        return result.standardOutput
    }
}

/// A failure in test set-up (not in the code under test).
public struct TestSetupError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

/// Process-wide counter for unique names.
enum UniqueCounter {
    nonisolated(unsafe) private static var value = 0
    private static let lock = NSLock()

    static func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}
