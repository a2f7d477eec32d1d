import AegisAudit

/// The arguments of `.timeline`: `KEY VALUE` pairs (`ip`, `user`, `namespace`, `since`,
/// `until`, `around`, `window`), or one bare value taken as an address or network when it
/// reads as one and as a user otherwise.
enum TimelineArguments {
    static let usage = ".timeline ip|user|namespace VALUE [since T] [until T] [around T] [window 2h]"

    static let keys: Set<String> = ["ip", "user", "namespace", "since", "until", "around", "window"]

    static func filter(_ arguments: [String]) throws -> TimelineFilter {
        var values: [String: String] = [:]
        if arguments.count == 1 {
            let value = arguments[0]
            guard !keys.contains(value.lowercased()) else { throw ReplError.usage("usage: \(usage)") }
            values[TimelineFilter(ip: value).isAddress ? "ip" : "user"] = value
        } else {
            guard arguments.count % 2 == 0 else { throw ReplError.usage("usage: \(usage)") }
            for index in stride(from: 0, to: arguments.count, by: 2) {
                let key = arguments[index].lowercased()
                guard keys.contains(key) else {
                    throw ReplError.usage(
                        "'\(arguments[index])' is not one of ip, user, namespace, since, until, around, window")
                }
                values[key] = arguments[index + 1]
            }
        }
        let window = try TimelineWindow.resolve(
            since: values["since"], until: values["until"], around: values["around"], window: values["window"])
        let filter = TimelineFilter(
            user: values["user"], ip: values["ip"], namespace: values["namespace"], window: window)
        try filter.validate()
        return filter
    }
}
