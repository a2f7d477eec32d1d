// How long compiling typical QueryLang queries takes (parse + catalog check + SQL), without a
// database: run with scripts/bench-querylang (release build).
import Foundation
import QueryLang

let columns: [String: [(String, ValueType)]] = [
    "audit_events": [
        ("source", .text), ("id", .text), ("event_type", .text), ("user_id", .text), ("entity_type", .text),
        ("entity_id", .text), ("details", .json), ("ip_address", .text), ("user_agent", .text), ("created_at", .timestamp),
    ],
    "action_audit_logs": [
        ("source", .text), ("id", .text), ("action_type", .text), ("status", .text), ("namespace", .text),
        ("resource_name", .text), ("action_params", .json), ("requested_by", .text), ("ip_address", .text),
        ("signature", .text), ("created_at", .timestamp),
    ],
    "users": [("source", .text), ("id", .text), ("email", .text), ("first_name", .text), ("is_active", .boolean)],
]
let catalog = Catalog(
    tables: columns.mapValues { list in
        Catalog.Table(name: "", columns: list.map { Catalog.Column(name: $0.0, type: $0.1) }, timeColumn: "created_at")
    }.reduce(into: [:]) { result, entry in
        result[entry.key] = Catalog.Table(name: entry.key, columns: entry.value.columns, timeColumn: entry.value.timeColumn)
    })

let queries = [
    #"from audit_events | where event_type == "auth_login_success" and created_at > ago(30d) | new ip_address for user_id lookback 30d | join kind=left (from users) on user_id == id | project created_at, email, ip_address, details.email | sort by created_at desc | head 50"#,
    #"from action_audit_logs | where namespace !~ /^(production|staging)$/ | stats count(), dcount(ip_address) as ips, values(requested_by) as who by namespace, bin(created_at, 1h) | sort by count desc"#,
    #"from action_audit_logs | where signature != "" | stats count() as uses, min(created_at) as first_use by signature | where uses > 1"#,
]
let iterations = 20_000
for query in queries {
    _ = try QueryCompiler.compile(query, catalog: catalog)
    let start = DispatchTime.now().uptimeNanoseconds
    for _ in 0..<iterations { _ = try QueryCompiler.compile(query, catalog: catalog) }
    let perCompile = Double(DispatchTime.now().uptimeNanoseconds - start) / Double(iterations) / 1000
    print(String(format: "%7.1f µs per compile  %@", perCompile, String(query.prefix(70)) + "…"))
}
