/// What a responder knows about the site that the audit trail does not say: which networks
/// are trusted, where the executor may act, which principals are services, when people work,
/// and how much history "never seen before" looks back on. Hunts take their defaults from it
/// (`docs/hunts.md`); every part has a default, so hunts run without a config file.
///
/// In `aegis-audit.toml`:
///
/// ```toml
/// [context]
/// baseline_lookback = "30d"
/// service_principals = ["ai-engine", "self-healing", "ci-deployer", "argocd"]
/// [context.networks]
/// corp = ["10.8.0.0/16"]
/// pods = ["10.244.0.0/16"]
/// [context.executor]
/// namespace_allowlist = ["production", "staging"]
/// [context.business_hours]
/// start = "08:00"
/// end = "19:00"
/// days = ["mon", "tue", "wed", "thu", "fri"]
/// timezone = "Europe/Paris"
/// ```
public struct InvestigationContext: Sendable, Equatable {
    /// Named trusted networks, each a set of CIDR blocks (IPv4 or IPv6).
    public var networks: [String: [String]] = Self.defaultNetworks
    /// The namespaces the executor is configured to act in; empty when unknown.
    public var namespaceAllowlist: [String] = []
    /// Principals that are services, not people (`requested_by`, `user_id` values).
    public var servicePrincipals: [String] = []
    public var businessHours = BusinessHours()
    /// How far back "never seen before" looks, as a duration (`30d`).
    public var baselineLookback = "30d"

    public init() {}

    /// Without a config, the private and loopback ranges are the one trusted network.
    public static let defaultNetworks: [String: [String]] = [
        "private": [
            "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "127.0.0.0/8", "100.64.0.0/10", "::1/128", "fc00::/7",
            "fe80::/10",
        ]
    ]

    /// Every block of every trusted network, deduplicated, in name order.
    public var trustedNetworks: [String] {
        var seen = Set<String>()
        return networks.keys.sorted().flatMap { networks[$0] ?? [] }.filter { seen.insert($0).inserted }
    }

    /// Working time: days of the week and hours in a time zone.
    public struct BusinessHours: Sendable, Equatable {
        /// `HH:MM`, inclusive.
        public var start = "08:00"
        /// `HH:MM`, exclusive.
        public var end = "19:00"
        /// Three-letter lowercase English day names.
        public var days = ["mon", "tue", "wed", "thu", "fri"]
        /// An IANA zone name.
        public var timeZone = "UTC"

        public init() {}
    }

    /// Why `text` is not a CIDR block (or a bare address), or nil when it is one.
    public static func cidrProblem(_ text: String) -> String? {
        switch CIDRBlock.parse(text) {
        case .success: return nil
        case .failure(let error): return error.reason
        }
    }

    static let dayNames: Set<String> = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    /// Whether `text` is a time of day `HH:MM`.
    static func isClockTime(_ text: String) -> Bool {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 }), let hour = Int(parts[0]),
            let minute = Int(parts[1])
        else { return false }
        return (0...24).contains(hour) && (0..<60).contains(minute) && (hour < 24 || minute == 0)
    }
}
