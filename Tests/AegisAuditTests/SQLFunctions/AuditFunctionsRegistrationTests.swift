import AegisAudit
import Foundation
import TestSupport
import Testing

/// The cache's connections come with the functions, for reading and for writing.
@Suite struct AuditFunctionsRegistrationTests {
    private let probe = """
        SELECT cidr_match('10.1.2.3', '10.0.0.0/8') || ip_is_private('::1') || ('login' REGEXP 'log')
          || regex_extract('a=1', 'a=(\\d)', 1) || time_bin('2026-11-18T02:17:45.000000Z', 60)
          || format_time(0, '%Y') || time_add(0, 1)
          || (SELECT first_value_of(x) || last_value_of(x) FROM (SELECT 1 AS x UNION ALL SELECT 2))
        """
    private let expected = "1111" + "2026-11-18T02:17:00.000000Z" + "1970" + "1970-01-01T00:00:01.000000Z" + "12"

    @Test func aCacheOpenedForWritingOrReadingHasTheFunctions() throws {
        let path = try makeTemporaryDirectory("sql-functions").appendingPathComponent("c.sqlite").path
        let writing = try Cache.openForWriting(path: path)
        #expect(try writing.database.text(probe) == expected)
        let reading = try Cache.openForReading(path: path)
        #expect(try reading.database.text(probe) == expected)
    }

    @Test func registeringTwiceIsHarmless() throws {
        let database = try SQLiteDatabase(path: ":memory:", create: true)
        try database.registerAuditFunctions()
        try database.registerAuditFunctions()
        #expect(try database.text(probe) == expected)
    }

    @Test func thePureFunctionsMayBeUsedInAnIndexButTheAggregatesAreOrderDependent() throws {
        let database = try SQLiteDatabase(path: ":memory:", create: true)
        try database.registerAuditFunctions()
        // SQLite accepts only deterministic functions in an index expression.
        try database.execute(
            """
            CREATE TABLE e (time TEXT, ip TEXT);
            CREATE INDEX e_by_minute ON e(time_bin(time, 60));
            CREATE INDEX e_private ON e(ip_is_private(ip), cidr_match(ip, '10.0.0.0/8'));
            INSERT INTO e VALUES ('2026-11-18T02:17:45.000000Z', '10.1.2.3');
            """)
        #expect(
            try database.integer("SELECT count(*) FROM e WHERE time_bin(time, 60) = '2026-11-18T02:17:00.000000Z'") == 1
        )
    }
}
