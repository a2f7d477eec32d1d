import Foundation

/// The settings of `aegis-audit.toml` (see `docs/configuration.md`). Every field is optional:
/// command-line flags and environment variables override the file.
public struct AuditConfig: Sendable, Equatable {
    public var cachePath: String?
    /// Connection strings by source role.
    public var sources: [SourceRole: String] = [:]
    public var overlap: String?
    public var sourceTimeZone: String?
    /// The `[loki]` table.
    public var loki = LokiConfig()
    /// The `[context]` tables: what hunts know about the site (defaults without them).
    public var context = InvestigationContext()

    public init() {}

    /// `[loki]`: where Loki is and what to pull. Environment variables of logcli fill what is unset.
    public struct LokiConfig: Sendable, Equatable {
        public var address: String?
        public var username: String?
        public var password: String?
        public var bearerToken: String?
        public var bearerTokenFile: String?
        public var tenant: String?
        public var caCertificate: String?
        public var clientCertificate: String?
        public var clientKey: String?
        public var skipTLSVerify: Bool?
        public var selectors: [String]?
        public var since: String?
        public var limit: Int?
        public var chunk: String?
    }

    /// The keys a file may hold; any other is reported as a probable typo.
    static let knownKeys: Set<String> = [
        "cache", "sources.backend.url", "sources.executor.url", "sync.overlap", "sync.source_timezone",
        "loki.address", "loki.username", "loki.password", "loki.bearer_token", "loki.bearer_token_file",
        "loki.tenant", "loki.ca_cert", "loki.client_cert", "loki.client_key", "loki.tls_skip_verify",
        "loki.selectors", "loki.since", "loki.limit", "loki.chunk",
        "context.baseline_lookback", "context.service_principals", "context.executor.namespace_allowlist",
        "context.business_hours.start", "context.business_hours.end", "context.business_hours.days",
        "context.business_hours.timezone",
    ]

    /// Keys under this prefix name trusted networks (`context.networks.corp`).
    static let networkPrefix = "context.networks."

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
        for (key, located) in inFileOrder where !knownKeys.contains(key) && !key.hasPrefix(networkPrefix) {
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
        func value<T>(_ key: String, _ kind: String, _ extract: (TOMLValue) -> T?) throws(ConfigError) -> T? {
            guard let located = values[key] else { return nil }
            guard let result = extract(located.value) else {
                throw ConfigError(
                    path: path, line: located.line, column: located.valueColumn, message: "'\(key)' must be \(kind)")
            }
            return result
        }
        config.loki.address = try string("loki.address")
        config.loki.username = try string("loki.username")
        config.loki.password = try string("loki.password")
        config.loki.bearerToken = try string("loki.bearer_token")
        config.loki.bearerTokenFile = try string("loki.bearer_token_file")
        config.loki.tenant = try string("loki.tenant")
        config.loki.caCertificate = try string("loki.ca_cert")
        config.loki.clientCertificate = try string("loki.client_cert")
        config.loki.clientKey = try string("loki.client_key")
        config.loki.since = try string("loki.since")
        config.loki.chunk = try string("loki.chunk")
        config.loki.skipTLSVerify = try value("loki.tls_skip_verify", "true or false") {
            if case .boolean(let flag) = $0 { return flag } else { return nil }
        }
        config.loki.limit = try value("loki.limit", "a whole number") {
            if case .integer(let number) = $0 { return number } else { return nil }
        }
        config.loki.selectors = try value("loki.selectors", "an array of strings") {
            if case .strings(let items) = $0 { return items } else { return nil }
        }
        config.cachePath = try string("cache")
        config.overlap = try string("sync.overlap")
        config.sourceTimeZone = try string("sync.source_timezone")
        for role in SourceRole.allCases {
            if let url = try string("sources.\(role.rawValue).url") { config.sources[role] = url }
        }
        config.context = try parseContext(values, path: path)
        return config
    }

    /// The `[context]` tables, each value checked where it is written.
    private static func parseContext(_ values: [String: TOMLSubset.Located], path: String) throws(ConfigError)
        -> InvestigationContext
    {
        var context = InvestigationContext()
        func fail(_ located: TOMLSubset.Located, _ message: String) -> ConfigError {
            ConfigError(path: path, line: located.line, column: located.valueColumn, message: message)
        }
        func strings(_ key: String) throws(ConfigError) -> [String]? {
            guard let located = values[key] else { return nil }
            guard case .strings(let items) = located.value else {
                throw fail(located, "'\(key)' must be an array of strings")
            }
            return items
        }
        func string(_ key: String, valid: (String) -> Bool, _ expected: String) throws(ConfigError) -> String? {
            guard let located = values[key] else { return nil }
            guard case .string(let text) = located.value, valid(text) else {
                throw fail(located, "'\(key)' must be \(expected)")
            }
            return text
        }
        let networkKeys = values.keys.filter { $0.hasPrefix(networkPrefix) }
        if !networkKeys.isEmpty { context.networks = [:] }
        for key in networkKeys {
            let located = values[key]!
            let name = String(key.dropFirst(networkPrefix.count))
            guard case .strings(let blocks) = located.value else {
                throw fail(located, "network '\(name)' must be an array of CIDR blocks")
            }
            for block in blocks {
                if let problem = InvestigationContext.cidrProblem(block) {
                    throw fail(located, "network '\(name)': '\(block)' is not a CIDR block: \(problem)")
                }
            }
            context.networks[name] = blocks
        }
        if let lookback = try string(
            "context.baseline_lookback", valid: { DurationText.seconds($0).map { $0 > 0 } ?? false },
            "a duration such as 30d")
        {
            context.baselineLookback = lookback
        }
        context.servicePrincipals = try strings("context.service_principals") ?? []
        context.namespaceAllowlist = try strings("context.executor.namespace_allowlist") ?? []
        let clock = "a time of day such as \"08:00\""
        if let start = try string("context.business_hours.start", valid: InvestigationContext.isClockTime, clock) {
            context.businessHours.start = start
        }
        if let end = try string("context.business_hours.end", valid: InvestigationContext.isClockTime, clock) {
            context.businessHours.end = end
        }
        if let zone = try string(
            "context.business_hours.timezone", valid: { TimeZone(identifier: $0) != nil }, "an IANA time zone name")
        {
            context.businessHours.timeZone = zone
        }
        if let days = try strings("context.business_hours.days") {
            if let bad = days.first(where: { !InvestigationContext.dayNames.contains($0) }) {
                throw fail(values["context.business_hours.days"]!, "'\(bad)' is not a day (mon, tue, ... sun)")
            }
            context.businessHours.days = days
        }
        return context
    }
}
