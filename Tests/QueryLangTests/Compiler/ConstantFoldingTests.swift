import AegisAudit
import Foundation
import QueryLang
import Testing

/// Conditions the query text alone decides are folded before SQL is written: a hunt run for
/// everyone stops testing (and computing) what its principal filter would read.
@Suite struct ConstantFoldingTests {
    let cache: String
    let catalog: Catalog

    init() throws {
        cache = try QueryFixture.makeCache()
        catalog = try QueryFixture.catalog(of: cache)
    }

    private func sql(_ query: String) throws -> String {
        try QueryCompiler.compile(query, catalog: catalog, now: QueryFixture.now).sql
    }

    private func ids(_ query: String) throws -> [String] {
        try QueryFixture.rows(query, cache: cache).map { $0[0].text }.sorted()
    }

    @Test func aConditionTrueForEveryRowIsDropped() throws {
        let query = #"from timeline | where "*" in ("*") or lower(actor_email) in ("*") | stats n = count() by source"#
        let compiled = try sql(query)
        #expect(!compiled.contains(" IN ("))
        #expect(!compiled.contains("FROM users"))  // actor_email is no longer read
        #expect(try QueryFixture.rows(query, cache: cache).map { $0[1].text }.reduce(0) { $0 + Int($1)! } == 13)
    }

    @Test func constantPartsGoAndTheRestStays() throws {
        let compiled = try sql(#"from audit_events | where "alice" in ("*") or user_id in ("u-alice") | project id"#)
        #expect(compiled.contains(#"("user_id" IN (?"#))
        #expect(!compiled.contains("?2 IN"))
        #expect(try ids(#"from audit_events | where "alice" in ("*") or user_id in ("u-alice") | project id"#)
            == ["e1", "e2", "e6", "e7"])
        #expect(try ids(#"from audit_events | where "*" in ("*") or user_id in ("u-alice") | project id"#).count == 7)
        #expect(try ids(#"from audit_events | where not ("a" in ("a")) or event_type == "auth_login_failure" | project id"#)
            == ["e3", "e4"])
        #expect(try ids(#"from audit_events | where 1 in (2, 3) and user_id == "u-alice" | project id"#).isEmpty)
        #expect(try ids(#"from audit_events | where "a" not in ("b") and isnull(user_id) | project id"#) == ["e3", "e4"])
    }

    @Test func foldedConditionsAreStillChecked() throws {
        // What folding would drop is checked first: a mistake in it is still an error.
        #expect(throws: QueryDiagnostics.self) { try sql(#"from audit_events | where "x" in ("x") or bogus == 1"#) }
        #expect(throws: QueryDiagnostics.self) { try sql(#"from audit_events | where 1 in ("1")"#) }
    }

    @Test func projectionsAndUnicodeAreLeftToSQLite() throws {
        // In a projection the value, not only its truth, is the result.
        #expect(try sql("from users | project flag = false or is_active").contains(" OR "))
        // Unicode: compared byte for byte, as SQLite does ("é" composed vs decomposed differ).
        #expect(try ids("from audit_events | where \"\u{e9}\" in (\"e\u{301}\") | project id").isEmpty)
    }
}
