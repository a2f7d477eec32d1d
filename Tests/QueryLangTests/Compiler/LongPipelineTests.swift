import AegisAudit
import Foundation
import QueryLang
import Testing

/// Pipelines deeper than SQLite's parser stack allows as nested subqueries run, and give the
/// rows their shallow equivalents give.
@Suite struct LongPipelineTests {
    let cache: String

    init() throws { cache = try QueryFixture.makeCache() }

    private func compile(_ query: String) throws -> CompiledQuery {
        let opened = try Cache.openForReading(path: cache)
        return try QueryCompiler.compile(query, catalog: try Catalog.load(from: opened), now: QueryFixture.now)
    }

    @Test func thirtyStagesRunAndMatchTheShortForm() throws {
        let stages = (1...30).map { "| extend c\($0) = \($0)" }.joined(separator: " ")
        let deep = "from action_audit_logs \(stages) | where c30 == 30 | project id, namespace, c17 | sort by id"
        let compiled = try compile(deep)
        #expect(compiled.sql.hasPrefix("WITH aegis_q1 AS (SELECT * FROM \"action_audit_logs\")"))
        let shallow = "from action_audit_logs | extend c17 = 17 | project id, namespace, c17 | sort by id"
        let rows = try QueryFixture.rows(deep, cache: cache)
        #expect(!rows.isEmpty)
        #expect(rows == (try QueryFixture.rows(shallow, cache: cache)))
    }

    @Test func joinsAndUnionsInsideALongPipelineStayCorrect() throws {
        let padding = (1...12).map { "| extend p\($0) = \($0)" }.joined(separator: " ")
        let query = """
            from audit_events \(padding)
            | join kind=left (from users | extend u = 1 \(padding) | project user_id = id, email) on user_id
            | union (from audit_events \(padding) | where event_type == "none")
            | project id, email | sort by id
            """
        let short = """
            from audit_events | join kind=left (from users | project user_id = id, email) on user_id
            | project id, email | sort by id
            """
        #expect(try compile(query).sql.hasPrefix("WITH "))
        #expect(try QueryFixture.rows(query, cache: cache) == (try QueryFixture.rows(short, cache: cache)))
    }

    @Test func shortPipelinesKeepTheirNestedForm() throws {
        let sql = try compile(#"from audit_events | where event_type == "auth_login_success" | project id"#).sql
        #expect(!sql.hasPrefix("WITH"))
    }
}
