import AegisAudit
import Foundation
import QueryLang
import Testing

/// `$name` parameters: read as the literal their value stands for, bound like any literal,
/// never spliced into the SQL; lists after `in` and as cidr_match's networks.
@Suite struct ParameterTests {
    let cache: String
    let catalog: Catalog

    init() throws {
        cache = try QueryFixture.makeCache()
        catalog = try QueryFixture.catalog(of: cache)
    }

    private func compile(_ query: String, _ parameters: [String: QueryParameter]) throws -> CompiledQuery {
        try QueryCompiler.compile(query, catalog: catalog, now: QueryFixture.now, parameters: parameters)
    }

    private func ids(_ query: String, _ parameters: [String: QueryParameter]) throws -> [String] {
        let compiled = try compile(query, parameters)
        let sink = CollectingSink()
        try CacheQuery.run(
            compiled.sql, parameters: compiled.parameters, on: Cache.openForReading(path: cache), into: sink)
        let index = sink.columns.firstIndex { $0.name == "id" } ?? 0
        return sink.rows.map { $0[index].text }
    }

    @Test func scalarsAreBoundLikeLiterals() throws {
        let hostile = "x'); DROP TABLE users; --"
        let compiled = try compile(
            #"from users | where email == $email | head $n"#, ["email": .string(hostile), "n": .integer(2)])
        #expect(
            compiled.sql
                == #"SELECT * FROM (SELECT * FROM (SELECT * FROM "users") AS s1 WHERE ("email" = ?1)) AS s2 LIMIT ?2"#)
        #expect(compiled.parameters == [.text(hostile), .integer(2)])
    }

    @Test func durationsAndTimestampsWhereTheGrammarWantsThem() throws {
        let parameters: [String: QueryParameter] = [
            "lookback": .duration(7 * 86_400), "since": .timestamp("2026-11-18"), "window": .duration(60),
        ]
        #expect(
            try ids(
                "from audit_events | where event_type == \"auth_login_success\" | between $since and now() "
                    + "| new ip_address for user_id lookback $lookback | sort by id", parameters) == ["e5", "e7"])
        let joined = try compile(
            "from audit_events | join (from action_audit_logs | project ip_address, created_at) on ip_address within $window",
            parameters)
        #expect(joined.parameters.contains(.real(60)))
        #expect(try ids("from action_audit_logs | since $lookback | sort by id", parameters) == ["a4", "a5", "a6"])
    }

    @Test func listsAfterIn() throws {
        let allowlist: [String: QueryParameter] = ["allowlist": .list([.string("production"), .string("staging")])]
        #expect(
            try ids("from action_audit_logs | where namespace not in $allowlist | sort by id", allowlist) == [
                "a4", "a5", "a6",
            ])
        #expect(
            try ids("from action_audit_logs | where namespace in $allowlist | sort by id", allowlist) == [
                "a1", "a2", "a3",
            ])
        #expect(try ids("from action_audit_logs | where namespace in $none | sort by id", ["none": .list([])]).isEmpty)
    }

    @Test func networkListsForCIDRMatch() throws {
        let trusted: [String: QueryParameter] = [
            "trusted": .list([.string("10.8.0.0/16"), .string("10.244.0.0/16"), .string("fc00::/7")])
        ]
        #expect(
            try ids("from audit_events | where not cidr_match(ip_address, $trusted) | sort by id", trusted) == [
                "e3", "e4", "e5",
            ])
        #expect(
            try ids(
                "from audit_events | where cidr_match(ip_address, (198.51.100.0/24, \"fe80::/10\")) | sort by id", [:])
                == ["e3", "e4", "e5"])
        // An empty set matches nothing, and NULL stays NULL.
        let empty = try compile("from audit_events | where cidr_match(ip_address, $none)", ["none": .list([])])
        #expect(empty.sql.contains("CASE WHEN \"ip_address\" IS NULL THEN NULL ELSE 0 END"))
    }

    @Test(arguments: [
        ("from users | where email == $missing", "Q014", "no value was given for the parameter '$missing'"),
        ("from users | where email in $email", "Q014", "'$email' is a string, not a list"),
        ("from users | where email == $list", "Q025", "a list can only follow 'in'"),
        ("from audit_events | since $email", "Q010", "expected how far back"),
        ("from users | head $email", "Q010", "expected how many rows"),
        ("from users | where email == $emial", "Q014", "did you mean '$email'?"),
    ])
    func mistakes(query: String, id: String, message: String) throws {
        do {
            _ = try QueryCompiler.compile(
                query, catalog: catalog, now: QueryFixture.now,
                parameters: ["email": .string("a"), "list": .list([.string("a")])])
            Issue.record("compiled: \(query)")
        } catch {
            #expect(error.diagnostics[0].id.rawValue == id)
            #expect(error.rendered.contains(message), "\(error.rendered)")
        }
    }

    @Test func literalText() {
        #expect(QueryParameter.duration(30 * 86_400).literalText == "30d")
        #expect(QueryParameter.duration(0.25).literalText == "250ms")
        #expect(QueryParameter.string("a\"b\\").literalText == #""a\"b\\""#)
        #expect(QueryParameter.list([.string("x"), .integer(2)]).literalText == #"("x", 2)"#)
    }
}
