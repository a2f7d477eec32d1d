import AegisAudit
import AegisSources
import Foundation
import TestSupport
import Testing

/// Lines with NUL, U+FFFD, embedded newlines, HTML-escaped characters and 200 KB of text are
/// stored byte for byte.
@Suite struct LokiHostileLineTests {
    @Test func hostileLinesAreStoredExactly() throws {
        let lines = [
            "nul \u{0} bell \u{7} rtl \u{202E}txet zwj 👩\u{200D}💻",
            "invalid utf-8 \u{FFFD}\u{FFFD}\u{FFFD}( here",
            "embedded\nnewline\ttab\r\nCRLF \"quotes\" \\backslash\\",
            #"{"message":"<script>alert('x')</script> & more","level":"warn"}"#,
            String(repeating: "x", count: 204_800),
        ]
        let server = FakeLokiServer()
        server.add(
            lines.enumerated().map {
                FakeLokiServer.Entry(
                    labels: ["job": "aegis-backend", "level": "warn"], timestamp: day(Int64($0.offset)),
                    line: $0.element)
            })
        let harness = try LokiSyncHarness(server: server)
        let report = try harness.sync(from: day(0), until: day(60))
        #expect(report.unreconciledWindows.isEmpty)
        let cache = try Cache.openForReading(path: harness.cachePath)
        let statement = try cache.database.prepare(
            "SELECT line, length(CAST(line AS BLOB)) FROM loki_entries ORDER BY ts_ns")
        var stored: [String] = []
        while try statement.step() {
            stored.append(statement.text(0) ?? "")
            #expect(Int(statement.int64(1)) == stored.last!.utf8.count)
        }
        #expect(stored == lines)
        #expect(
            try harness.text("SELECT message FROM loki_entries WHERE format = 'json'")
                == "<script>alert('x')</script> & more")
    }
}
