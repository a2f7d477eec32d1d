import AegisAudit
import Foundation
import QueryLang
import Testing

/// A query that reads some columns of the `timeline` view reads its arms with only those
/// columns; one that can return every column reads the view; diagnostics still name the
/// view's columns.
@Suite struct UnionNarrowingTests {
    let catalog: Catalog

    init() throws {
        catalog = try QueryFixture.catalog(of: QueryFixture.makeCache())
    }

    private func sql(_ query: String) throws -> String {
        try QueryCompiler.compile(query, catalog: catalog, now: QueryFixture.now).sql
    }

    @Test(arguments: [
        "from timeline | stats n = count() by source",
        "from timeline | where time >= ago(7d) | top 2 actor",
        "from timeline | project time, source, ip",
        "from timeline | timechart 1d count() by source",
    ])
    func queriesThatChooseTheirColumnsReadTheArms(query: String) throws {
        let compiled = try sql(query)
        #expect(compiled.hasPrefix("WITH aegis_u1 AS NOT MATERIALIZED (SELECT "))
        #expect(!compiled.contains("\"timeline\""))
        // Neither finding ids nor e-mail look-ups are computed: no query above reads them.
        #expect(!compiled.contains("hunt_evidence") && !compiled.contains("FROM users"))
    }

    @Test func onlyTheColumnsNamedAndTheTimeAreRead() throws {
        let compiled = try sql("from timeline | where actor == \"u-alice\" | stats emails = dcount(actor_email) by ip")
        let definition = compiled[..<compiled.range(of: "UNION ALL")!.lowerBound]
        for column in ["time", "actor", "actor_email", "ip"] { #expect(definition.contains(" AS \(column)")) }
        for column in ["source", "summary", "finding_ids", "target", "namespace"] {
            #expect(!definition.contains(" AS \(column)"))
        }
    }

    @Test(arguments: [
        "from timeline | where actor == \"u-alice\"",
        "from timeline | sort by time | head 3",
        "from timeline | search \"alice\" | stats count()",
        "from timeline | extend a = 1 | where a == 1",
    ])
    func queriesThatCanReturnEveryColumnReadTheView(query: String) throws {
        let compiled = try sql(query)
        #expect(compiled.contains("FROM \"timeline\""))
        #expect(!compiled.contains("aegis_u"))
    }

    @Test func joinedPipelinesAreNarrowedEachOnItsOwn() throws {
        let compiled = try sql(
            """
            from timeline | stats n = count() by ip
            | join kind=left (from timeline | where source == "loki" | stats lines = count() by ip) on ip
            """)
        #expect(compiled.contains("aegis_u1 AS NOT MATERIALIZED") && compiled.contains("aegis_u2 AS NOT MATERIALIZED"))
    }

    @Test func aMistakeIsReportedAgainstEveryColumnOfTheView() throws {
        do {
            _ = try sql("from timeline | stats n = count() by actr")
            Issue.record("compiled")
        } catch let error as QueryDiagnostics {
            #expect(error.diagnostics.first?.hints == ["did you mean 'actor'?"])
        }
        // 'summary' is a column of the view even though nothing else in the query reads it.
        #expect(try sql("from timeline | project summary").contains("AS summary"))
    }

    /// A pipeline deep enough to be hoisted into a WITH list keeps the narrowed union in front
    /// of it, defined before the subqueries that read it.
    @Test func aDeepPipelineKeepsItsNarrowedUnion() throws {
        let extends = (1...12).map { " | extend x\($0) = \($0)" }.joined()
        let query = "from timeline | where isnotnull(actor)" + extends + " | stats n = count() by actor | sort by actor"
        let compiled = try sql(query)
        #expect(compiled.hasPrefix("WITH aegis_u1 AS NOT MATERIALIZED ("))
        #expect(compiled.contains("aegis_q1 AS ("))
        let rows = try QueryFixture.rows(query, cache: QueryFixture.makeCache())
        #expect(rows.map { $0[0].text } == ["ai-engine", "ci-deployer", "u-alice", "u-oncall"])
    }

    @Test func narrowedQueriesRun() throws {
        let path = try QueryFixture.makeCache()
        let rows = try QueryFixture.rows(
            "from timeline | where isnotnull(actor) | stats n = count() by actor | sort by actor", cache: path)
        #expect(rows.map { $0.map(\.text) } == [["ai-engine", "3"], ["ci-deployer", "3"], ["u-alice", "4"], ["u-oncall", "1"]])
    }
}
