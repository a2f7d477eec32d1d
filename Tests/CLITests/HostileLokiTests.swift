import AegisAudit
import Foundation
import TestSupport
import Testing

/// `aegis-audit sync` against a Loki that answers nonsense: every malformed answer gives one
/// line naming Loki and the request, exit 3, and a cache byte for byte as it was. Strange but
/// valid answers (a 1 MB line, NUL, control characters, invalid UTF-8 inside a JSON string, as
/// Go's encoder would have replaced it) are evidence and are stored exactly.
@Suite struct HostileLokiTests {
    static let queryRange = "/loki/api/v1/query_range"
    static let instantQuery = "/loki/api/v1/query"

    /// One hostile answer to one endpoint, and a fragment the error line must carry.
    struct Answer: Sendable, CustomTestStringConvertible {
        let name: String
        let path: String
        var status = 200
        var contentType = "application/json; charset=UTF-8"
        let body: [UInt8]
        let mentions: String
        var testDescription: String { name }
    }

    static func streams(_ values: String) -> [UInt8] {
        Array(
            #"{"status":"success","data":{"resultType":"streams","result":[{"stream":{"job":"aegis-backend"},"values":[\#(values)]}]}}"#
                .utf8)
    }

    static func vector(_ value: String) -> [UInt8] {
        Array(
            #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1700000000,"\#(value)"]}]}}"#
                .utf8)
    }

    static let htmlPage = """
        <!DOCTYPE html>
        <html><head><title>Sign in</title></head>
        <body><form action="/login">\(String(repeating: "<div class=\"pad\">corporate proxy</div>\n", count: 200))
        </form></body></html>
        """

    static let answers: [Answer] = [
        Answer(
            name: "truncated", path: queryRange, body: Array(streams(#"["1","a line"]"#).dropLast(40)),
            mentions: "invalid JSON"),
        Answer(name: "empty", path: queryRange, body: [], mentions: "invalid JSON"),
        Answer(
            name: "timestamp as a number", path: queryRange, body: streams(#"[1795564800000000000,"line"]"#),
            mentions: #"an entry is not ["ns", "line"]"#),
        Answer(
            name: "result of the wrong type", path: queryRange,
            body: Array(#"{"status":"success","data":{"resultType":"streams","result":{"a":1}}}"#.utf8),
            mentions: "no streams result"),
        Answer(
            name: "status error", path: queryRange, body: Array(#"{"status":"error","error":"boom"}"#.utf8),
            mentions: "status is not success"),
        Answer(
            name: "HTML page with 200", path: queryRange, contentType: "text/html", body: Array(htmlPage.utf8),
            mentions: "invalid JSON"),
        Answer(
            name: "HTML page with 403", path: queryRange, status: 403, contentType: "text/html",
            body: Array(htmlPage.utf8), mentions: "answered HTTP 403: <!DOCTYPE html> <html><head><title>Sign in"),
        Answer(
            name: "terminal escapes in an error page", path: queryRange, status: 403, contentType: "text/plain",
            body: Array("denied\u{1B}[2J\u{1B}]0;owned\u{7}\r\nsecond line".utf8),
            mentions: #"denied\u{1b}[2J\u{1b}]0;owned\u{7} second line"#),
        Answer(
            name: "timestamp beyond Int64", path: queryRange, body: streams(#"["99999999999999999999999","line"]"#),
            mentions: #"an entry is not ["ns", "line"]"#),
        Answer(
            name: "timestamp outside the window", path: queryRange,
            body: streams(#"["9223372036854775807","line"]"#), mentions: "lies outside the window asked for"),
        Answer(
            name: "negative timestamp", path: queryRange, body: streams(#"["-5","line"]"#),
            mentions: "lies outside the window asked for"),
        Answer(
            name: "infinite count", path: instantQuery, body: vector("1e400"),
            mentions: "the count 1e400 is not a count"),
        Answer(name: "NaN count", path: instantQuery, body: vector("NaN"), mentions: "the count NaN is not a count"),
        Answer(name: "negative count", path: instantQuery, body: vector("-3"), mentions: "the count -3 is not a count"),
        Answer(
            name: "raw NUL inside a string", path: queryRange,
            body: Array(streams(#"["1","nul here"]"#).split(separator: UInt8(ascii: " ")).joined(separator: [0])),
            mentions: "invalid JSON"),
        Answer(
            name: "nesting 100000 deep", path: queryRange,
            body: Array(String(repeating: "[", count: 100_000).utf8), mentions: "invalid JSON"),
    ]

    /// A fake Loki with entries in the last half hour, and a cache synced from it by the CLI.
    private func syncedCache() throws -> (server: FakeLokiServer, cache: String) {
        let server = FakeLokiServer()
        try server.start()
        let now = Int64(Date().timeIntervalSince1970 * 1e9)
        server.add(
            (0..<20).map {
                FakeLokiServer.Entry(
                    labels: ["job": "aegis-backend"], timestamp: now - Int64(1_800 - $0 * 60) * 1_000_000_000,
                    line: "request \($0)")
            })
        let cache = try makeTemporaryDirectory("hostile-loki").appendingPathComponent("c.sqlite").path
        let first = try CLIRunner.run(sync(cache, server))
        try #require(first.status == 0, "\(first.standardError)")
        return (server, cache)
    }

    private func sync(_ cache: String, _ server: FakeLokiServer, since: String = "1h") -> [String] {
        ["sync", "--cache", cache, "--quiet", "--loki", server.baseURL, "--since", since]
    }

    @Test(arguments: answers)
    func aMalformedAnswerFailsInOneLineAndLeavesTheCache(_ answer: Answer) throws {
        let (server, cache) = try syncedCache()
        let before = try #require(fileBytes(cache))
        server.answerNext(path: answer.path, status: answer.status, contentType: answer.contentType, body: answer.body)
        let result = try CLIRunner.run(sync(cache, server))
        #expect(result.status == 3, "\(result.standardError)")
        let lines = result.standardError.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 2 && lines[1].isEmpty, "one line: \(result.standardError)")
        #expect(result.standardError.hasPrefix("aegis-audit: error: loki (\(server.baseURL)): GET \(answer.path)?"))
        #expect(result.standardError.contains(answer.mentions), "\(result.standardError)")
        #expect(result.standardError.utf8.count < 2_000, "an error page is quoted, not copied whole")
        #expect(!result.standardError.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{0}" || $0 == "\u{7}" })
        #expect(result.standardOutput.isEmpty)
        #expect(fileBytes(cache) == before, "the cache is byte for byte as it was")
    }

    @Test func aMegabyteLineNULAndControlCharactersAreStoredExactly() throws {
        let server = FakeLokiServer()
        try server.start()
        let now = Int64(Date().timeIntervalSince1970 * 1e9)
        let lines = [
            String(repeating: "0123456789abcdef", count: 65_536),  // 1 MiB
            "nul \u{0} esc \u{1B}[31m bell \u{7} rtl \u{202E}txet bom \u{FEFF} lone \u{FFFD} 👩\u{200D}💻",
            #"{"message":"\u0000 in JSON","level":"error","userId":"\u202E"}"#,
        ]
        server.add(
            lines.enumerated().map {
                FakeLokiServer.Entry(
                    labels: ["job": "aegis-backend"], timestamp: now - Int64(600 - $0.offset) * 1_000_000_000,
                    line: $0.element)
            })
        let cache = try makeTemporaryDirectory("hostile-loki").appendingPathComponent("c.sqlite").path
        let result = try CLIRunner.run(sync(cache, server))
        #expect(result.status == 0, "\(result.standardError)")
        #expect(try storedLines(cache) == lines)
        let verify = try CLIRunner.run(["verify", "--cache", cache, "--loki", server.baseURL])
        #expect(verify.status == 0, "\(verify.standardOutput)\(verify.standardError)")
    }

    @Test func invalidUTF8InsideAStringIsStoredAsTheReplacementCharacter() throws {
        let server = FakeLokiServer()
        try server.start()
        let now = Int64(Date().timeIntervalSince1970 * 1e9)
        let timestamp = now - 300 * 1_000_000_000
        // The fake holds the entry as Loki would (Go replaces invalid UTF-8), so that it counts one.
        server.add([
            FakeLokiServer.Entry(
                labels: ["job": "aegis-backend"], timestamp: timestamp, line: "bad \u{FFFD}(\u{FFFD} end")
        ])
        var body = Self.streams(#"["\#(timestamp)","bad XX end"]"#)
        let marker = body.firstIndex(of: UInt8(ascii: "X"))!
        body.replaceSubrange(marker..<marker + 2, with: [0xC3, 0x28, 0xFF])
        server.answerNext(path: Self.queryRange, body: body)
        let cache = try makeTemporaryDirectory("hostile-loki").appendingPathComponent("c.sqlite").path
        // One window (chunks of 30 days on a grid from the epoch), so the canned answer is its page.
        let result = try CLIRunner.run(sync(cache, server, since: "10m") + ["--loki-chunk", "30d"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(try storedLines(cache) == ["bad \u{FFFD}(\u{FFFD} end"])
    }

    private func storedLines(_ cache: String) throws -> [String] {
        let statement = try Cache.openForReading(path: cache).database.prepare(
            "SELECT line FROM loki_entries ORDER BY ts_ns")
        var lines: [String] = []
        while try statement.step() { lines.append(statement.text(0) ?? "") }
        return lines
    }
}
