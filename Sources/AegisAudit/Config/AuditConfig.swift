import Foundation

/// The settings of `aegis-audit.toml` (see `docs/configuration.md`). Every field is optional:
/// command-line flags and environment variables override the file.
public struct AuditConfig: Sendable, Equatable {
    public var cachePath: String?
    /// Connection strings by source role.
    public var sources: [SourceRole: String] = [:]
    public var overlap: String?
    public var sourceTimeZone: String?

    public init() {}

    /// The keys a file may hold; any other is reported as a probable typo.
    static let knownKeys: Set<String> = [
        "cache", "sources.backend.url", "sources.executor.url", "sync.overlap", "sync.source_timezone",
    ]

    /// Reads and checks the file at `path`.
    public static func load(path: String) throws(ConfigError) -> AuditConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(path: path, line: 0, column: 0, message: "cannot read the file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(path: path, line: 0, column: 0, message: "not UTF-8 text")
        }
        return try parse(text, path: path)
    }

    /// Parses configuration text; `path` names it in errors.
    public static func parse(_ text: String, path: String) throws(ConfigError) -> AuditConfig {
        let values = try TOMLSubset.parseLocated(text, path: path)
        var config = AuditConfig()
        let inFileOrder = values.sorted { ($0.value.line, $0.value.keyColumn) < ($1.value.line, $1.value.keyColumn) }
        for (key, located) in inFileOrder where !knownKeys.contains(key) {
            throw ConfigError(
                path: path, line: located.line, column: located.keyColumn,
                message: "unknown key '\(key)' (known: \(knownKeys.sorted().joined(separator: ", ")))")
        }
        func string(_ key: String) throws(ConfigError) -> String? {
            guard let located = values[key] else { return nil }
            guard case .string(let text) = located.value else {
                throw ConfigError(
                    path: path, line: located.line, column: located.valueColumn, message: "'\(key)' must be a string")
            }
            return text
        }
        config.cachePath = try string("cache")
        config.overlap = try string("sync.overlap")
        config.sourceTimeZone = try string("sync.source_timezone")
        for role in SourceRole.allCases {
            if let url = try string("sources.\(role.rawValue).url") { config.sources[role] = url }
        }
        return config
    }
}
