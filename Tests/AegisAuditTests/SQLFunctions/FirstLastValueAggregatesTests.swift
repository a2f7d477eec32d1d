import Testing

@testable import AegisAudit

@Suite struct FirstLastValueAggregatesTests {
    /// Events per actor, in time order by (actor, time): the index makes SQLite feed each group
    /// its rows in that order, as the compiler's sorted input does.
    private func events() throws -> FunctionDatabase {
        let db = try FunctionDatabase()
        try db.database.execute(
            """
            CREATE TABLE e (actor TEXT, time TEXT, v);
            CREATE INDEX e_by_actor_time ON e(actor, time);
            INSERT INTO e VALUES
              ('alice', '2026-11-18T02:00:03.000000Z', 'third'),
              ('alice', '2026-11-18T02:00:01.000000Z', NULL),
              ('alice', '2026-11-18T02:00:02.000000Z', 42),
              ('alice', '2026-11-18T02:00:04.000000Z', NULL),
              ('bob',   '2026-11-18T02:00:01.000000Z', 1.5),
              ('bob',   '2026-11-18T02:00:02.000000Z', x'00ff10'),
              ('carol', '2026-11-18T02:00:01.000000Z', NULL),
              ('carol', '2026-11-18T02:00:02.000000Z', NULL),
              ('dave',  '2026-11-18T02:00:01.000000Z', '');
            """)
        return db
    }

    @Test func theFirstAndLastNonNullValueOfEachGroupKeepTheirType() throws {
        let db = try events()
        let rows = try db.rows(
            """
            SELECT actor, first_value_of(v), typeof(first_value_of(v)), last_value_of(v), typeof(last_value_of(v))
            FROM e INDEXED BY e_by_actor_time GROUP BY actor ORDER BY actor
            """)
        #expect(
            rows == [
                [.text("alice"), .integer(42), .text("integer"), .text("third"), .text("text")],
                [.text("bob"), .real(1.5), .text("real"), .blob([0x00, 0xFF, 0x10]), .text("blob")],
                [.text("carol"), .null, .text("null"), .null, .text("null")],
                [.text("dave"), .text(""), .text("text"), .text(""), .text("text")],
            ])
    }

    @Test func theOrderRowsAreFedIsTheOrderThatCounts() throws {
        let db = try events()
        let ascending = try db.value(
            "SELECT first_value_of(v) || '/' || last_value_of(v) FROM (SELECT v FROM e WHERE actor = 'alice' ORDER BY time)"
        )
        let descending = try db.value(
            "SELECT first_value_of(v) || '/' || last_value_of(v) FROM (SELECT v FROM e WHERE actor = 'alice' ORDER BY time DESC)"
        )
        #expect(ascending == .text("42/third"))
        #expect(descending == .text("third/42"))
    }

    @Test func noRowsOrOnlyNullsGiveNull() throws {
        let db = try events()
        #expect(try db.value("SELECT first_value_of(v) FROM e WHERE actor = 'nobody'") == .null)
        #expect(try db.value("SELECT last_value_of(v) FROM e WHERE actor = 'nobody'") == .null)
        #expect(try db.value("SELECT first_value_of(v) FROM e WHERE actor = 'carol'") == .null)
        #expect(try db.value("SELECT last_value_of(NULL) FROM e") == .null)
    }

    @Test func aKeptValueIsACopyThatOutlivesItsRow() throws {
        let db = try FunctionDatabase()
        // 2,000 large texts: the first must survive every later row being read and dropped.
        try db.fill(2_000, "printf('%d:', i) || hex(zeroblob(20000 + i))")
        let rows = try db.rows(
            "SELECT length(first_value_of(v)), substr(first_value_of(v), 1, 2), length(last_value_of(v)), substr(last_value_of(v), 1, 5) FROM t"
        )
        #expect(rows == [[.integer(40_004), .text("1:"), .integer(44_005), .text("2000:")]])
    }

    @Test func manyGroupsAtOnceAgreeWithMinAndMaxOfAnIncreasingValue() throws {
        let db = try FunctionDatabase()
        try db.database.execute(
            """
            CREATE TABLE m (g INTEGER, seq INTEGER, v);
            CREATE INDEX m_by_g_seq ON m(g, seq);
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 30000)
            INSERT INTO m SELECT i % 1000, i, CASE WHEN i % 3 = 0 THEN NULL ELSE i END FROM n;
            """)
        // v grows with seq, so within a group fed in seq order the first non-NULL is the
        // smallest and the last the largest.
        let groups = try db.rows(
            """
            SELECT count(*), sum(f IS lo AND l IS hi) FROM (
              SELECT first_value_of(v) AS f, last_value_of(v) AS l, min(v) AS lo, max(v) AS hi
              FROM m INDEXED BY m_by_g_seq GROUP BY g)
            """)
        #expect(groups == [[.integer(1000), .integer(1000)]])
    }
}
