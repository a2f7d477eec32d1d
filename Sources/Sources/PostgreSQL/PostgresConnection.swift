internal import CPostgreSQL
import Foundation

/// One libpq connection in a read-only session.
///
/// Every session is opened with `default_transaction_read_only=on`, `application_name=aegis-audit`,
/// UTC time and ISO dates, whatever the connection string says; the user's own `options` are
/// kept and ours appended. Not `Sendable`: one connection belongs to one thread.
public final class PostgresConnection {
    private let handle: OpaquePointer
    /// The logical source name ("backend", "executor").
    public let source: String
    /// `postgresql://user@host:port/database` of the live connection; never a password.
    public let endpoint: String
    let redactor: SecretRedactor

    /// Server settings forced on every session, whatever the connection string says.
    static let sessionOptions = [
        "-c default_transaction_read_only=on", "-c TimeZone=UTC", "-c DateStyle=ISO,YMD",
        "-c IntervalStyle=postgres", "-c extra_float_digits=3", "-c bytea_output=hex",
    ].joined(separator: " ")

    /// Connects; a failure is classified (unreachable, authentication, TLS, database missing).
    public init(source: String, connectionString: ConnectionString, redactor: SecretRedactor) throws(SourceError) {
        let options = [connectionString.userOptions, Self.sessionOptions].compactMap { $0 }.joined(separator: " ")
        let keywords = ["dbname", "application_name", "fallback_application_name", "options", "client_encoding"]
        let values = [connectionString.raw, "aegis-audit", "aegis-audit", options, "UTF8"]
        let connection = Self.withCStringArray(keywords) { keywordPointers in
            Self.withCStringArray(values) { valuePointers in
                PQconnectdbParams(keywordPointers, valuePointers, 1)
            }
        }
        guard let connection else {
            throw .unreachable(source: source, endpoint: connectionString.redactedEndpoint, reason: "out of memory")
        }
        PQsetNoticeProcessor(connection, { _, _ in }, nil)  // server notices are not our output
        guard PQstatus(connection) == CONNECTION_OK else {
            let reason = redactor.redact(Self.oneLine(PQerrorMessage(connection)))
            PQfinish(connection)
            throw Self.classify(source: source, endpoint: connectionString.redactedEndpoint, reason: reason)
        }
        handle = connection
        self.source = source
        self.redactor = redactor
        let user = String(cString: PQuser(connection)), database = String(cString: PQdb(connection))
        var host = String(cString: PQhost(connection))
        if host.hasPrefix("/") { host = "[socket \(host)]" }
        endpoint = "postgresql://\(user)@\(host):\(String(cString: PQport(connection)))/\(database)"
    }

    deinit { PQfinish(handle) }

    /// The server's `server_version` parameter.
    public var serverVersion: String { parameter("server_version") ?? "unknown" }
    /// Whether the connection is encrypted.
    public var usesTLS: Bool { PQsslInUse(handle) == 1 }

    func parameter(_ name: String) -> String? {
        PQparameterStatus(handle, name).map { String(cString: $0) }
    }

    /// Runs a command that returns no rows (BEGIN, COMMIT, SET).
    public func execute(_ sql: String, step: String) throws(SourceError) {
        let result = PQexec(handle, sql)
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else { throw failure(step: step, result: result) }
    }

    /// Runs a small query with text parameters and returns every row as text (NULL as nil).
    /// For catalogue look-ups only: large results go through ``copyOut(_:step:row:)``.
    public func query(_ sql: String, parameters: [String] = [], step: String) throws(SourceError) -> [[String?]] {
        let result = Self.withCStringArray(parameters) { pointers in
            PQexecParams(handle, sql, Int32(parameters.count), nil, pointers, nil, nil, 0)
        }
        defer { PQclear(result) }
        guard PQresultStatus(result) == PGRES_TUPLES_OK else { throw failure(step: step, result: result) }
        let rows = PQntuples(result), columns = PQnfields(result)
        return (0..<rows).map { row in
            (0..<columns).map { column in
                PQgetisnull(result, row, column) == 1 ? nil : String(cString: PQgetvalue(result, row, column))
            }
        }
    }

    /// Streams `COPY (...) TO STDOUT` (text format): `row` gets each raw line, valid only during
    /// the call. If `row` throws, the server is told to cancel and the error is rethrown.
    public func copyOut(_ sql: String, step: String, row: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        let start = PQexec(handle, sql)
        guard PQresultStatus(start) == PGRES_COPY_OUT else {
            defer { PQclear(start) }
            throw failure(step: step, result: start)
        }
        PQclear(start)
        var buffer: UnsafeMutablePointer<CChar>?
        do {
            while true {
                let length = PQgetCopyData(handle, &buffer, 0)
                if length == -1 { break }
                guard length >= 0, let line = buffer else { throw failure(step: step, result: nil) }
                defer { PQfreemem(line) }
                try line.withMemoryRebound(to: UInt8.self, capacity: Int(length)) { bytes in
                    try row(UnsafeBufferPointer(start: bytes, count: Int(length)))
                }
            }
        } catch {
            cancelCopy()
            throw error
        }
        while let end = PQgetResult(handle) {
            defer { PQclear(end) }
            guard PQresultStatus(end) == PGRES_COMMAND_OK else { throw failure(step: step, result: end) }
        }
    }

    /// Quotes a string as an SQL literal (libpq's own escaping).
    public func literal(_ text: String) -> String {
        guard let escaped = PQescapeLiteral(handle, text, text.utf8.count) else { return "NULL" }
        defer { PQfreemem(escaped) }
        return String(cString: escaped)
    }

    /// Quotes a name as an SQL identifier (libpq's own escaping).
    public func identifier(_ name: String) -> String {
        guard let escaped = PQescapeIdentifier(handle, name, name.utf8.count) else { return "\"\"" }
        defer { PQfreemem(escaped) }
        return String(cString: escaped)
    }

    private func cancelCopy() {
        if let cancel = PQgetCancel(handle) {
            var message = [CChar](repeating: 0, count: 256)
            _ = PQcancel(cancel, &message, Int32(message.count))
            PQfreeCancel(cancel)
        }
        var buffer: UnsafeMutablePointer<CChar>?
        while PQgetCopyData(handle, &buffer, 0) >= 0 { if let buffer { PQfreemem(buffer) } }
        while let result = PQgetResult(handle) { PQclear(result) }
    }

    private func failure(step: String, result: OpaquePointer?) -> SourceError {
        let text = result.flatMap { PQresultErrorMessage($0) }.map { String(cString: $0) } ?? ""
        let reason = text.isEmpty ? Self.oneLine(PQerrorMessage(handle)) : Self.oneLine(text)
        return .queryFailed(source: source, endpoint: endpoint, step: step, reason: redactor.redact(reason))
    }

    /// libpq messages span lines ("FATAL:  ...\nDETAIL: ..."): one line, single spaces.
    static func oneLine(_ message: UnsafePointer<CChar>?) -> String {
        oneLine(message.map { String(cString: $0) } ?? "unknown libpq error")
    }

    static func oneLine(_ message: String) -> String {
        message.split(whereSeparator: \.isNewline)
            .map { $0.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ") }
            .filter { !$0.isEmpty }
            .joined(separator: "; ")
    }

    static func classify(source: String, endpoint: String, reason: String) -> SourceError {
        let lower = reason.lowercased()
        if lower.contains("password authentication failed") || lower.contains("no password supplied")
            || lower.contains("authentication failed") || lower.contains("pg_hba.conf")
        {
            return .authenticationFailed(source: source, endpoint: endpoint, reason: reason)
        }
        if lower.contains("ssl") || lower.contains("certificate") || lower.contains("tls") {
            return .tlsFailed(source: source, endpoint: endpoint, reason: reason)
        }
        if lower.contains("database") && lower.contains("does not exist") {
            return .databaseMissing(source: source, endpoint: endpoint, reason: reason)
        }
        return .unreachable(source: source, endpoint: endpoint, reason: reason)
    }

    /// A NULL-terminated array of C strings that lives for the duration of `body`.
    private static func withCStringArray<R>(
        _ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R
    ) -> R {
        let copies = strings.map { strdup($0) }
        defer { copies.forEach { free($0) } }
        let pointers = copies.map { UnsafePointer($0) } + [nil]
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}
