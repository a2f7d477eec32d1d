/// What the `timeline` command's options select: a user, an address or network, a namespace
/// and a time window. Each becomes one condition on the `timeline` view that SQLite pushes
/// into every arm, where it meets the tables' own indexes.
public struct TimelineFilter: Sendable, Equatable {
    /// A user id, e-mail address or service name (`ci-deployer`).
    public var user: String?
    /// An address (`198.51.100.250`) or a network (`10.8.0.0/16`).
    public var ip: String?
    public var namespace: String?
    public var window: TimelineWindow

    public init(user: String? = nil, ip: String? = nil, namespace: String? = nil, window: TimelineWindow = .init()) {
        self.user = user
        self.ip = ip
        self.namespace = namespace
        self.window = window
    }

    /// Whether nothing is filtered.
    public var isEmpty: Bool {
        user == nil && ip == nil && namespace == nil && window.since == nil && window.until == nil
    }

    /// Whether ``ip`` reads as an address or a network.
    public var isAddress: Bool {
        guard let ip else { return false }
        if ip.contains("/") {
            if case .success = CIDRBlock.parse(ip) { return true }
            return false
        }
        return IPAddressBits(ip) != nil
    }

    /// Checks the values that can be checked without a cache.
    public func validate() throws(TimelineError) {
        if let ip {
            if ip.contains("/") {
                if case .failure(let error) = CIDRBlock.parse(ip) {
                    throw .invalidOption(option: "--ip", value: ip, expected: "a network: \(error.reason)")
                }
            } else if IPAddressBits(ip) == nil {
                throw .invalidOption(option: "--ip", value: ip, expected: "an IPv4 or IPv6 address or a CIDR network")
            }
        }
        if let namespace, namespace.isEmpty {
            throw .invalidOption(option: "--namespace", value: namespace, expected: "a namespace name")
        }
    }

    /// `WHERE` conditions over the timeline's columns, joined by AND, their values bound into
    /// `parameters`. `identity` is ``user`` resolved against `users`.
    func conditions(identity: TimelineUser?, parameters: inout TimelineParameters) -> [String] {
        var conditions: [String] = []
        // Each bound twice: `time` reaches the audit tables' created_at indexes, `time_ns` Loki's.
        if let since = window.since {
            conditions.append("time >= \(parameters.bind(.text(since)))")
            conditions.append("time_ns >= \(parameters.bind(.integer(Self.nanoseconds(since))))")
        }
        if let until = window.until {
            conditions.append("time < \(parameters.bind(.text(until)))")
            conditions.append("time_ns < \(parameters.bind(.integer(Self.nanoseconds(until))))")
        }
        if let identity {
            let ids = identity.ids.map { parameters.bind(.text($0)) }.joined(separator: ", ")
            let emails = identity.emails.map { parameters.bind(.text($0)) }.joined(separator: ", ")
            conditions.append(
                emails.isEmpty
                    ? "actor IN (\(ids))" : "(actor IN (\(ids)) OR (actor IS NULL AND actor_email IN (\(emails))))")
        }
        if let ip {
            conditions.append(
                ip.contains("/")
                    ? "cidr_match(ip, \(parameters.bind(.text(ip))))" : "ip = \(parameters.bind(.text(ip)))")
        }
        if let namespace { conditions.append("namespace = \(parameters.bind(.text(namespace)))") }
        return conditions
    }

    /// Nanoseconds since the epoch of a cache-form timestamp.
    static func nanoseconds(_ text: String) -> Int64 { (CacheTime.microseconds(parsing: text) ?? 0) * 1000 }
}
