import AegisSources
import TestSupport
import Testing

/// The server itself refuses writes in our sessions, even for a superuser.
@Suite(.enabled(if: TestPostgres.unavailableReason == nil, "needs scripts/test's PostgreSQL"))
struct ReadOnlySessionTests {
    private func connect() throws -> PostgresConnection {
        let redactor = SecretRedactor()
        let text = TestPostgres.connectionString(database: "postgres") + " password=\(TestPostgres.superuserPassword)"
        return try PostgresConnection(
            source: "backend", connectionString: ConnectionString(text, source: "backend", redactor: redactor),
            redactor: redactor)
    }

    @Test func writesAreRefusedInsideTheSnapshot() throws {
        let connection = try connect()
        let snapshot = try connection.beginReadOnlySnapshot()
        #expect(!snapshot.snapshot.isEmpty)
        #expect(snapshot.user == "postgres")
        let error = #expect(throws: SourceError.self) {
            try connection.execute("CREATE TABLE aegis_should_not_exist (a int)", step: "writing")
        }
        #expect(error?.description.contains("read-only transaction") == true)
    }

    @Test func writesAreRefusedOutsideAnExplicitTransaction() throws {
        let connection = try connect()
        #expect(throws: SourceError.self) {
            try connection.execute("CREATE TEMP TABLE aegis_temp (a int)", step: "writing")
        }
        let settings = try connection.query(
            "SELECT current_setting('default_transaction_read_only'), current_setting('application_name'), "
                + "current_setting('TimeZone')", step: "reading settings")
        #expect(settings.first == ["on", "aegis-audit", "UTC"])
    }

    @Test func copyStreamsRowsInTextFormat() throws {
        let connection = try connect()
        let decoder = CopyTextDecoder()
        var rows: [[String?]] = []
        try connection.copyOut(
            #"COPY (SELECT g, CASE WHEN g = 2 THEN NULL ELSE E'tab\there' END, E'line\nbreak\\' FROM generate_series(1, 3) g) TO STDOUT"#,
            step: "copying"
        ) { line in
            decoder.decode(line)
            rows.append((0..<decoder.fieldCount).map { decoder.string($0) })
        }
        #expect(
            rows == [
                ["1", "tab\there", "line\nbreak\\"], ["2", nil, "line\nbreak\\"], ["3", "tab\there", "line\nbreak\\"],
            ])
    }

    @Test func aFailingConsumerCancelsTheCopyAndTheErrorComesThrough() throws {
        struct Stop: Error {}
        let connection = try connect()
        var seen = 0
        #expect(throws: Stop.self) {
            try connection.copyOut("COPY (SELECT g FROM generate_series(1, 1000000) g) TO STDOUT", step: "copying") {
                _ in
                seen += 1
                if seen == 10 { throw Stop() }
            }
        }
        #expect(seen == 10)
    }
}
