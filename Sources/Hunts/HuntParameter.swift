import AegisAudit
import Foundation
import QueryLang

/// A parameter a hunt declares: its name (`$name` in the query), its kind, and where its value
/// comes from when `--param name=value` does not give one: the investigation context
/// (`context = "trusted_networks"`) or a default written in the hunt file.
public struct HuntParameter: Sendable, Equatable {
    /// What kind of value the parameter holds, and so how `--param` text is read.
    public enum Kind: String, Sendable, CaseIterable {
        /// `30d`, `90m`, `1.5h`, `250ms`, `2w`.
        case duration
        case string
        case integer
        /// Strings; on the command line, separated by commas.
        case list
        /// CIDR blocks; an item may also name a trusted network of the context (`corp`).
        case networks
        /// An instant: `2026-11-18T02:00Z`, `2026-11-18` (UTC), in the cache's form in the query.
        case timestamp
        /// Who: a user id, an e-mail address or a service name, reaching the query as a list of
        /// identities (the value, and the user's id and lowercased e-mail address from `users`,
        /// added by ``HuntRunner``); empty means everyone, the list `("*")`.
        case principal
    }

    /// A default as written in the hunt file.
    public enum Default: Sendable, Equatable {
        case text(String)
        case integer(Int)
        case strings([String])
    }

    public let name: String
    public let kind: Kind
    public let description: String
    public let defaultValue: Default?
    /// The ``HuntContextKey`` whose value is the default.
    public let contextKey: String?
    /// Whether an empty value (no allowlist configured) means the hunt cannot run: it is then
    /// reported as skipped instead of run.
    public let required: Bool

    public init(
        name: String, kind: Kind, description: String, defaultValue: Default?, contextKey: String?, required: Bool
    ) {
        self.name = name
        self.kind = kind
        self.description = description
        self.defaultValue = defaultValue
        self.contextKey = contextKey
        self.required = required
    }

    /// The value from `--param` text.
    public func value(parsing text: String, context: InvestigationContext) throws(HuntError) -> QueryParameter {
        switch kind {
        case .duration:
            guard let seconds = Self.seconds(text) else {
                throw .parameter("parameter \(name): '\(text)' is not a duration (such as 30d, 12h, 90m, 2w)")
            }
            return .duration(seconds)
        case .string: return .string(text)
        case .integer:
            guard let number = Int64(text.replacingOccurrences(of: "_", with: "")) else {
                throw .parameter("parameter \(name): '\(text)' is not a whole number")
            }
            return .integer(number)
        case .timestamp:
            guard let micros = CacheTime.microseconds(parsing: text) else {
                throw .parameter("parameter \(name): '\(text)' is not a timestamp (such as 2026-11-18T02:00Z)")
            }
            return .timestamp(CacheTime.text(microseconds: micros))
        case .principal:
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            return .list([.string(trimmed.isEmpty ? Self.everyone : trimmed)])
        case .list, .networks:
            let items = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                !$0.isEmpty
            }
            return try list(items, context: context)
        }
    }

    /// The value when no `--param` gives one: from the context, else the default; nil when the
    /// parameter has neither.
    public func defaultValue(context: InvestigationContext) throws(HuntError) -> QueryParameter? {
        if let key = contextKey {
            guard let value = HuntContextKey.value(key, in: context) else {
                throw .parameter("parameter \(name): no context value '\(key)'")
            }
            if kind == .networks, case .list(let items) = value {
                return try list(
                    items.compactMap { if case .string(let s) = $0 { return s } else { return nil } }, context: context)
            }
            return value
        }
        switch defaultValue {
        case nil: return nil
        case .text(let text)?: return try value(parsing: text, context: context)
        case .integer(let number)?:
            guard kind == .integer else { throw .parameter("parameter \(name): the default must be \(kind.rawValue)") }
            return .integer(Int64(number))
        case .strings(let items)?:
            guard kind == .list || kind == .networks else {
                throw .parameter("parameter \(name): a \(kind.rawValue) cannot default to a list")
            }
            return try list(items, context: context)
        }
    }

    /// Items as a list; for networks, names of trusted networks expanded and blocks checked.
    private func list(_ items: [String], context: InvestigationContext) throws(HuntError) -> QueryParameter {
        guard kind == .networks else { return .list(items.map { .string($0) }) }
        var blocks: [String] = []
        for item in items {
            if let named = context.networks[item] {
                blocks += named
            } else if let problem = InvestigationContext.cidrProblem(item) {
                let names = context.networks.keys.sorted().joined(separator: ", ")
                throw .parameter(
                    "parameter \(name): '\(item)' is neither a CIDR block (\(problem)) nor a trusted network (\(names))"
                )
            } else {
                blocks.append(item)
            }
        }
        var seen = Set<String>()
        return .list(blocks.filter { seen.insert($0).inserted }.map { .string($0) })
    }

    /// The value of a `principal` parameter that means everyone: `"*" in $principal` is true.
    public static let everyone = "*"

    /// Seconds in `30d`, `1.5h`, `250ms`, `2w` (QueryLang's duration units), or nil.
    static func seconds(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let units: [(String, Double)] = [
            ("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86_400), ("w", 604_800),
        ]
        for (unit, scale) in units where trimmed.hasSuffix(unit) {
            let number = trimmed.dropLast(unit.count)
            guard !number.isEmpty, number.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
                let value = Double(number), value >= 0
            else { continue }
            return value * scale
        }
        return nil
    }
}

/// The values of the investigation context a hunt parameter can take as its default.
public enum HuntContextKey {
    /// Every key, with what it gives.
    public static let all: [String: String] = [
        "trusted_networks": "every block of every trusted network ([context.networks])",
        "namespace_allowlist": "the executor's namespace allowlist ([context.executor])",
        "service_principals": "principals that are services (context.service_principals)",
        "baseline_lookback": "how far back 'never seen before' looks (context.baseline_lookback)",
        "business_hours_start": "start of business hours, HH:MM",
        "business_hours_end": "end of business hours, HH:MM",
        "business_days": "business days (mon ... sun)",
        "business_timezone": "the time zone of business hours",
    ]

    /// The context's value for `key`, or nil for an unknown key.
    static func value(_ key: String, in context: InvestigationContext) -> QueryParameter? {
        func strings(_ items: [String]) -> QueryParameter { .list(items.map { .string($0) }) }
        switch key {
        case "trusted_networks": return strings(context.trustedNetworks)
        case "namespace_allowlist": return strings(context.namespaceAllowlist)
        case "service_principals": return strings(context.servicePrincipals)
        case "baseline_lookback":
            let text = context.baselineLookback
            return (HuntParameter.seconds(text) ?? DurationText.seconds(text).map(Double.init)).map { .duration($0) }
        case "business_hours_start": return .string(context.businessHours.start)
        case "business_hours_end": return .string(context.businessHours.end)
        case "business_days": return strings(context.businessHours.days)
        case "business_timezone": return .string(context.businessHours.timeZone)
        default: return nil
        }
    }
}
