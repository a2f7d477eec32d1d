import AegisAudit
import Foundation
import QueryLang
import Testing

/// Semantics a careful reader of the spec relies on (each found wrong once, in review).
@Suite struct SemanticsTests {
    let cache: String
    let catalog: Catalog

    init() throws {
        cache = try QueryFixture.makeCache()
        catalog = try QueryFixture.catalog(of: cache)
    }

    private func values(_ query: String) throws -> [String] {
        try QueryFixture.rows(query, cache: cache).map { $0.map(\.text).joined(separator: "|") }
    }

    private func diagnostic(_ query: String) -> Diagnostic? {
        do {
            _ = try QueryCompiler.compile(query, catalog: catalog, now: QueryFixture.now)
            return nil
        } catch { return error.diagnostics.first }
    }

    @Test func extendItemsSeeTheOnesBeforeThem() throws {
        #expect(try values("from users | where id == \"u-alice\" | extend a = 2, b = a * 3, a = 10 | project a, b") == ["10|6"])
    }

    @Test func comparingWithNullMeansIsNull() throws {
        #expect(try values("from audit_events | where user_id == null | project id | sort by id") == ["e3", "e4"])
        #expect(try values("from audit_events | where null != user_id | stats count()") == ["5"])
    }

    @Test func divisionIsRealDivision() throws {
        #expect(try values("from users | head 1 | project x = 7 / 2") == ["3.5"])
    }

    @Test func timechartGroupsByEveryKey() throws {
        let rows = try values("from action_audit_logs | timechart 1d count() by namespace, status")
        #expect(rows.contains("2026-11-19T00:00:00.000000Z|cert-manager|rejected|1"))
    }

    @Test func aggregatesInsideFunctionsButNotInsideAggregates() throws {
        #expect(try values(#"from action_audit_logs | stats y = format_time(max(created_at), "%Y-%m")"#) == ["2026-11"])
        let nested = diagnostic("from action_audit_logs | stats max(count())")
        #expect(nested?.id == .aggregateMisuse)
        #expect(nested?.message == "an aggregate cannot be nested inside max()")
    }

    @Test func duplicateColumnsAreRefused() {
        #expect(diagnostic("from users | rename id = email")?.id == .duplicateColumn)
        #expect(diagnostic("from users | stats count() by email, email")?.id == .duplicateColumn)
    }

    @Test func impossibleTimestampsAndAddressesAreRefused() {
        #expect(diagnostic("from users | where last_login > 2026-02-30")?.id == .invalidLiteral)
        #expect(diagnostic("from users | where last_login > 2026-11-18T02:17+99:00")?.id == .invalidLiteral)
        #expect(diagnostic("from audit_events | where ip_address == 999.1.1.1")?.id == .invalidLiteral)
        #expect(diagnostic(#"from audit_events | project x = regex_extract(ip_address, "(", 1)"#)?.id == .invalidRegex)
    }

    @Test func headAfterAnotherStageStillCutsInSortOrder() throws {
        #expect(try values(#"from action_audit_logs | sort by created_at | where id != "a1" | head 2 | project id"#) == ["a2", "a3"])
        #expect(try values("from action_audit_logs | sort by created_at desc | extend created_at = id | head 1 | project id").count == 1)
    }

    @Test func aStringComparedWithATimestampIsBoundOnce() throws {
        let compiled = try QueryCompiler.compile(#"from users | where "2026-11-18" <= last_login"#, catalog: catalog)
        #expect(compiled.parameters == [.text("2026-11-18T00:00:00.000000Z")])
    }

    @Test func andOrNotNeedConditions() {
        let problem = diagnostic("from action_audit_logs | where namespace and status == \"x\"")
        #expect(problem?.id == .typeMismatch)
        #expect(problem?.message == "expected a condition, not a text")
    }

    @Test func projectAwayInAnyCaseAndOnlyAsAWord() {
        #expect(diagnostic("from users | PROJECT-AWAY email") == nil)
        #expect(diagnostic("from users | project-awayemail")?.id == .unknownOperator || diagnostic("from users | project-awayemail") != nil)
    }

    /// Found by the fuzzer: durations past any representable time trapped on overflow.
    @Test(arguments: [
        "from audit_events | since 99999999999999999999w",
        "from audit_events | where created_at > ago(99999999999999999999d)",
        "from action_audit_logs | where created_at >= ago(3333333333333366666636h) and completed_at < now() + 4m",
    ])
    func absurdDurationsAreRefusedNotTrapped(query: String) {
        #expect(diagnostic(query)?.message == "duration too long (at most 10000 years)")
    }

    @Test func theLongestDurationStillRuns() throws {
        #expect(try values("from action_audit_logs | since 3650000d | stats count()") == ["6"])
    }

    @Test func droppingEveryColumnIsRefused() {
        #expect(diagnostic("from users | project id | project-away id")?.id == .noColumnsLeft)
    }
}
