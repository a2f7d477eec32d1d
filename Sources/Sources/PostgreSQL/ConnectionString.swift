internal import CPostgreSQL
import Foundation

/// A libpq connection string (key/value or URI), parsed without connecting.
///
/// Keeps what a responder may see (user, host, port, database, sslmode) and the password
/// apart, so that only ``redactedEndpoint`` ever reaches output.
public struct ConnectionString: Sendable {
    /// The text the user gave, passed to libpq as is.
    let raw: String
    /// Parsed keyword/value pairs that were set explicitly.
    let settings: [String: String]

    /// Parses `text`; libpq's own parser decides what is valid.
    public init(_ text: String, source: String, redactor: SecretRedactor) throws(SourceError) {
        var errorMessage: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(text, &errorMessage) else {
            let reason = errorMessage.map { String(cString: $0) } ?? "not a libpq connection string"
            if let errorMessage { PQfreemem(errorMessage) }
            throw .invalidConnectionString(
                source: source, reason: redactor.redact(reason.trimmingCharacters(in: .whitespacesAndNewlines)))
        }
        defer { PQconninfoFree(options) }
        var parsed: [String: String] = [:]
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val { parsed[String(cString: keyword)] = String(cString: value) }
            option += 1
        }
        raw = text
        settings = parsed
        redactor.register(secret: parsed["password"])
        redactor.register(secret: parsed["sslpassword"])
    }

    /// `postgresql://user@host:port/database`, from explicit settings or the `PG*` environment;
    /// never a password.
    public var redactedEndpoint: String {
        let environment = ProcessInfo.processInfo.environment
        func setting(_ key: String, _ variable: String) -> String? {
            settings[key] ?? environment[variable]
        }
        let user = setting("user", "PGUSER") ?? ProcessInfo.processInfo.userName
        var host = setting("host", "PGHOST") ?? setting("hostaddr", "PGHOSTADDR") ?? "localhost"
        if host.hasPrefix("/") { host = "[socket \(host)]" }
        let port = setting("port", "PGPORT") ?? "5432"
        let database = setting("dbname", "PGDATABASE") ?? user
        return "postgresql://\(user)@\(host):\(port)/\(database)"
    }

    /// The user's own `options` setting, to which the read-only session options are appended.
    var userOptions: String? { settings["options"] }
}
