import AegisSources
import Foundation
import TestSupport
import Testing

/// The fake, loaded with the very data set the fixtures were captured from (pushed over HTTP by
/// `dataset_generator.py`), answers the captured requests like the real Loki 3.7.6.
@Suite struct FakeLokiFixtureTests {
    /// A captured request (README table of `shared/fixtures/loki`).
    struct Capture: Sendable, CustomTestStringConvertible {
        let file: String
        let path: String
        let query: [Pair]
        var headers: [Pair] = []

        var testDescription: String { file }
        var stem: String { String(file.prefix { $0 != "." }) }
        var parameters: [(String, String)] { query.map { ($0.name, $0.value) } }
        var headerFields: [(String, String)] { headers.map { ($0.name, $0.value) } }
    }

    struct Pair: Sendable {
        let name: String
        let value: String
        init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    static let queryRange = "/loki/api/v1/query_range"
    static let dupSelector =
        #"{job="aegis-executor", level="error", action_type="restart_pod", namespace="production", status="failed"}"#
    static let window = [Pair("start", "1795478400000000000"), Pair("end", "1795651200000000000")]

    static func range(
        _ file: String, _ query: String, _ start: String, _ end: String, limit: String? = nil,
        direction: String? = nil
    ) -> Capture {
        var pairs = [Pair("query", query), Pair("start", start), Pair("end", end)]
        if let limit { pairs.append(Pair("limit", limit)) }
        if let direction { pairs.append(Pair("direction", direction)) }
        return Capture(file: file, path: queryRange, query: pairs)
    }

    static let streamCaptures: [Capture] = [
        range(
            "03_query_range_fwd_limit100.json", #"{job="aegis-backend"}"#, "1795600800000000000",
            "1795601100000000000", limit: "100", direction: "forward"),
        range(
            "04_query_range_bwd_limit100.json", #"{job="aegis-backend"}"#, "1795600800000000000",
            "1795601100000000000", limit: "100", direction: "backward"),
        range(
            "05_query_range_rfc3339_params.json", #"{job="aegis-backend", level="error"}"#, "2026-11-25T10:00:00Z",
            "2026-11-25T10:30:00.5Z", limit: "10"),
        range(
            "06_query_range_limit5000_hit.json", #"{job="aegis-executor", namespace="staging"}"#,
            "1795593600000000000", "1795622400000000000", limit: "5000", direction: "forward"),
        range(
            "07_query_range_limit5000_page2.json", #"{job="aegis-executor", namespace="staging"}"#,
            "1795611681253115046", "1795622400000000000", limit: "100", direction: "forward"),
        range(
            "08_dup_ts_all.json", dupSelector, "1795607999123456789", "1795608001123456789", limit: "100",
            direction: "forward"),
        range(
            "09_dup_ts_limit3_fwd.json", dupSelector, "1795607999123456789", "1795608001123456789", limit: "3",
            direction: "forward"),
        range(
            "10_dup_ts_limit3_fwd_page2_same_start.json", dupSelector, "1795608000123456789", "1795608001123456789",
            limit: "3", direction: "forward"),
        range(
            "11_dup_ts_limit3_fwd_page2_start_plus_1ns.json", dupSelector, "1795608000123456790",
            "1795608001123456789", limit: "3", direction: "forward"),
        range(
            "12_dup_ts_limit3_bwd.json", dupSelector, "1795607999123456789", "1795608001123456789", limit: "3",
            direction: "backward"),
        range(
            "13_dup_ts_end_exclusive.json", dupSelector, "1795607999123456789", "1795608000123456789",
            limit: "100", direction: "backward"),
        range(
            "17_structured_metadata_default_encoding.json", #"{job="aegis-ai-engine", level="error"}"#,
            "1795597200000000000", "1795599000000000000", limit: "3", direction: "forward"),
        range(
            "26_query_range_empty.json", #"{job="aegis-backend"}"#, "1795132800000000000", "1795136400000000000",
            limit: "100"),
        range(
            "27_hostile_lines.json", #"{job="aegis-backend"} |~ "Zugriff|raw invalid|QueryFailedError""#,
            "1795608240000000000", "1795608450000000000", limit: "10", direction: "forward"),
        range(
            "28_big_line_200KiB.json", #"{job="aegis-backend", level="error"}"#, "1795608480000000004",
            "1795608480000000005", limit: "1"),
        {
            var capture = range(
                "29_accept_encoding_gzip.json", #"{job="aegis-backend"}"#, "1795600800000000000",
                "1795601100000000000", limit: "20", direction: "forward")
            capture.headers = [Pair("Accept-Encoding", "gzip")]
            return capture
        }(),
    ]

    static let metricCaptures: [Capture] = [
        Capture(
            file: "19_metric_count_over_time_matrix.json", path: queryRange,
            query: [
                Pair("query", #"sum by (job, level) (count_over_time({job=~"aegis-.*"}[5m]))"#),
                Pair("start", "1795600800000000000"), Pair("end", "1795604400000000000"), Pair("step", "300"),
            ]),
        Capture(
            file: "20_instant_query_vector.json", path: "/loki/api/v1/query",
            query: [
                Pair("query", #"sum by (job) (count_over_time({job=~"aegis-.*"}[1h]))"#),
                Pair("time", "1795608000000000000"),
            ]),
    ]

    static let errorCaptures: [Capture] = [
        Capture(
            file: "21_instant_query_log_selector.txt", path: "/loki/api/v1/query",
            query: [Pair("query", #"{job="aegis-backend"}"#), Pair("time", "1795608000000000000"), Pair("limit", "3")]),
        range("30_err_malformed_logql.txt", #"{job="aegis-backend""#, "1795600800000000000", "1795601100000000000"),
        range(
            "31_err_limit_over_max.txt", #"{job="aegis-backend"}"#, "1795600800000000000", "1795601100000000000",
            limit: "5001"),
        range(
            "32_err_range_too_long.txt", #"{job="aegis-backend"}"#, "1792886400000000000", "1795651200000000000",
            limit: "100"),
        range(
            "33_err_start_after_end.txt", #"{job="aegis-backend"}"#, "1795651200000000000", "1795478400000000000",
            limit: "100"),
        Capture(file: "34_err_unknown_endpoint.txt", path: "/loki/api/v1/nope", query: []),
        range("35_err_empty_compatible_matcher.txt", #"{job=~".*"}"#, "1795600800000000000", "1795601100000000000"),
        range(
            "37_err_bad_direction.txt", #"{job="aegis-backend"}"#, "1795600800000000000", "1795601100000000000",
            direction: "sideways"),
    ]

    static let exactCaptures: [Capture] = [
        Capture(file: "01_ready.txt", path: "/ready", query: []),
        Capture(file: "02_buildinfo.json", path: "/loki/api/v1/status/buildinfo", query: []),
        Capture(file: "22_labels.json", path: "/loki/api/v1/labels", query: window),
        Capture(file: "23_label_values_job.json", path: "/loki/api/v1/label/job/values", query: window),
    ]

    private func answer(_ capture: Capture) throws -> RawHTTPClient.Response {
        let server = try LokiFixtures.loadedServer()
        let client = RawHTTPClient(port: server.port)
        return try client.get(capture.path, capture.parameters, headers: capture.headerFields)
    }

    @Test func theWholeDataSetIsIngestedOverHTTPWithTheDuplicateDropped() throws {
        let server = try LokiFixtures.loadedServer()
        #expect(server.entryCount == 300_003)
        let pushes = server.requests.filter { $0.path == "/loki/api/v1/push" }
        #expect(pushes.count == 63)
    }

    @Test(arguments: streamCaptures) func streamsAnswerLikeTheRealServer(_ capture: Capture) throws {
        let response = try answer(capture)
        let expected = try LokiAnswer(try LokiFixtures.body(capture.file))
        #expect(response.status == 200, "\(response.text.prefix(300))")
        let actual = try LokiAnswer(response.body)
        #expect(actual == expected, "\(actual.difference(from: expected) ?? "")")
        // Same stream order and the same Go escaping: the result bytes are identical.
        let real = try LokiFixtures.body(capture.file)
        #expect(resultBytes(response.body) == resultBytes(real))
        #expect(response.body.last == real.last)
    }

    @Test(arguments: metricCaptures) func metricsAnswerLikeTheRealServer(_ capture: Capture) throws {
        let response = try answer(capture)
        #expect(response.status == 200, "\(response.text.prefix(300))")
        let expected = try LokiAnswer(try LokiFixtures.body(capture.file))
        let actual = try LokiAnswer(response.body)
        #expect(actual == expected, "\(actual.difference(from: expected) ?? "")")
        let real = try LokiFixtures.body(capture.file)
        #expect(resultBytes(response.body) == resultBytes(real))
        #expect(response.body.last == real.last)
    }

    @Test(arguments: errorCaptures) func errorsAnswerLikeTheRealServer(_ capture: Capture) throws {
        let response = try answer(capture)
        let (status, _) = try LokiFixtures.head(capture.stem)
        #expect(response.status == status)
        #expect(response.text == String(decoding: try LokiFixtures.body(capture.file), as: UTF8.self))
        #expect(response.header("Content-Type") == "text/plain; charset=utf-8")
    }

    @Test(arguments: exactCaptures) func smallAnswersAreByteIdentical(_ capture: Capture) throws {
        let response = try answer(capture)
        #expect(response.status == 200)
        #expect(response.body == (try LokiFixtures.body(capture.file)))
    }

    /// Status line and header names in Go's order; values too, except `Date`.
    @Test(arguments: streamCaptures + metricCaptures + errorCaptures + exactCaptures)
    func headersMatchTheRealServer(_ capture: Capture) throws {
        let response = try answer(capture)
        let (status, headers) = try LokiFixtures.head(capture.stem)
        #expect(response.status == status)
        #expect(response.headers.map(\.name) == headers.map(\.name))
        let withoutDate = { (fields: [RawHTTPClient.HeaderField]) in fields.filter { $0.name != "Date" } }
        #expect(withoutDate(response.headers) == withoutDate(headers))
    }

    @Test func seriesMatchTheRealServerAsASet() throws {
        let response = try answer(
            Capture(
                file: "24_series.json", path: "/loki/api/v1/series",
                query: [Pair("match[]", #"{job="aegis-ai-engine"}"#)] + Self.window))
        func labelSets(_ body: Data) throws -> Set<String> {
            Set(try LokiAnswer.parse(body)["data"]?.arrayValue?.map(LokiAnswer.canonical) ?? [])
        }
        #expect(response.status == 200)
        #expect(try labelSets(response.body) == labelSets(try LokiFixtures.body("24_series.json")))
    }

    /// Fixture 25 is Loki's estimate; the fake counts exactly.
    @Test func indexStatsCountTheDataSetExactly() throws {
        let response = try answer(
            Capture(
                file: "25_index_stats.json", path: "/loki/api/v1/index/stats",
                query: [Pair("query", #"{job=~"aegis-.*"}"#)] + Self.window))
        let document = try LokiAnswer.parse(response.body)
        #expect(document["streams"]?.numberText == "84")
        #expect(document["entries"]?.numberText == "300003")
    }

    /// The hostile lines come back byte-identical after JSON decoding (unicode, NUL, BEL, RTL,
    /// ZWJ; raw invalid bytes FF FE C3 28 as three U+FFFD and "("; newlines, quotes, backslashes).
    @Test func hostileLinesSurviveByteForByte() throws {
        let capture = Self.streamCaptures.first { $0.file.hasPrefix("27_") }!
        let lines = try linesOf(try answer(capture).body)
        #expect(lines == (try linesOf(try LokiFixtures.body(capture.file))))
        #expect(
            lines.contains { $0.contains("nul\u{0}byte bell\u{7} backslash\\") && $0.contains("\u{202E}RTL\u{202C}") })
        #expect(lines.contains { $0.contains("follows: \u{FFFD}\u{FFFD}\u{FFFD}( <- end") })
        #expect(
            lines.contains {
                $0.hasSuffix("already exists.\r\n") && $0.contains("\n\tdetail: Key (name)=(\"Deny \\\"Prod")
            })
    }

    @Test func theBigLineIs204800BytesExactly() throws {
        let capture = Self.streamCaptures.first { $0.file.hasPrefix("28_") }!
        let lines = try linesOf(try answer(capture).body)
        #expect(lines.map { $0.utf8.count } == [204_800])
        #expect(lines == (try linesOf(try LokiFixtures.body(capture.file))))
    }

    private func linesOf(_ body: Data) throws -> [String] {
        let result = try LokiAnswer.parse(body)["data"]?["result"]?.arrayValue ?? []
        return result.flatMap { stream in
            (stream["values"]?.arrayValue ?? []).compactMap { $0.arrayValue?[1].stringValue }
        }.sorted()
    }

    /// `X-Loki-Response-Encoding-Flags: categorize-labels` on fixture 17's query: the stream holds
    /// only indexed labels and each value carries its structured metadata, as fixture 18 shows.
    @Test func categorizeLabelsMovesStructuredMetadataIntoTheValues() throws {
        var capture = Self.streamCaptures.first { $0.file.hasPrefix("17_") }!
        capture.headers = [Pair("X-Loki-Response-Encoding-Flags", "categorize-labels")]
        let document = try LokiAnswer.parse(try answer(capture).body)
        let real = try LokiAnswer.parse(try LokiFixtures.body("18_categorize_labels_encoding.json"))
        #expect(document["data"]?["encodingFlags"] == real["data"]?["encodingFlags"])
        func reduced(_ document: JSONValue) -> [String] {
            (document["data"]?["result"]?.arrayValue ?? []).flatMap { stream in
                (stream["values"]?.arrayValue ?? []).map { value in
                    let items = value.arrayValue ?? []
                    return LokiAnswer.canonical(stream["stream"] ?? .null) + " "
                        + LokiAnswer.canonical(items[0]) + " "
                        + LokiAnswer.canonical(items.count > 2 ? items[2]["structuredMetadata"] ?? .null : .null)
                }
            }.sorted()
        }
        #expect(reduced(document) == reduced(real))
    }

    /// Parsers, label filters and the max-series case over `| json` need a real LogQL engine.
    @Test(arguments: [
        "14_json_parser.json", "15_json_parser_error_on_nest_lines.json", "16_regexp_parser.json",
        "18_categorize_labels_encoding.json", "36_err_max_series.txt",
    ])
    func parserQueriesAreRefusedAsUnsupported(_ file: String) throws {
        let queries = [
            "14_json_parser.json": #"{job="aegis-executor", namespace="production"} | json"#,
            "15_json_parser_error_on_nest_lines.json": #"{job="aegis-backend"} | json"#,
            "16_regexp_parser.json":
                #"{job="aegis-backend"} |= "[HTTP]" | regexp `(?P<method>GET|POST|PUT|DELETE) (?P<path>\S+) (?P<code>\d{3}) (?P<ms>\d+)ms`"#,
            "18_categorize_labels_encoding.json": #"{job="aegis-ai-engine", level="error"} | json"#,
            "36_err_max_series.txt": #"sum by (audit_id) (count_over_time({job="aegis-executor"} | json [5m]))"#,
        ]
        let response = try answer(
            Self.range(file, queries[file]!, "1795597200000000000", "1795597260000000000"))
        #expect(response.status == 400)
        #expect(response.text.hasSuffix("is not supported by the fake"))
    }

    /// The max-series refusal, reached without a parser: structured metadata (`trace_id`,
    /// `span_id`) makes every ai-engine error its own series.
    @Test func tooManySeriesIsRefusedWithLokisText() throws {
        let response = try answer(
            Capture(
                file: "36_err_max_series.txt", path: Self.queryRange,
                query: [
                    Pair("query", #"count_over_time({job="aegis-ai-engine", level="error"}[1h])"#),
                    Pair("start", "1795478400000000000"), Pair("end", "1795564800000000000"), Pair("step", "3600"),
                ]))
        #expect(response.status == 400)
        #expect(response.text == String(decoding: try LokiFixtures.body("36_err_max_series.txt"), as: UTF8.self))
    }

    /// Fixture 06's request (5000 entries across 24 streams out of 300,003) is answered quickly.
    @Test func aFullPageOfTheBigDataSetIsFast() throws {
        let server = try LokiFixtures.loadedServer()
        let client = RawHTTPClient(port: server.port)
        let capture = Self.streamCaptures.first { $0.file.hasPrefix("06_") }!
        _ = try client.get(capture.path, capture.parameters)
        var best = Double.infinity
        for _ in 0..<3 {
            let started = Date()
            let response = try client.get(capture.path, capture.parameters)
            best = min(best, Date().timeIntervalSince(started))
            #expect(try LokiAnswer(response.body).entryCount == 5000)
        }
        #expect(best < 0.1, "best of 3: \(Int(best * 1000)) ms")
    }

    @Test func aPushWithALoneSurrogateIsRefusedWhole() throws {
        let server = FakeLokiServer()
        try server.start()
        defer { server.stop() }
        let body =
            #"{"streams":[{"stream":{"job":"aegis-backend","level":"warn"},"values":[["1795608390000000000","lone surrogate \ud83d here"]]}]}"#
        let response = try RawHTTPClient(port: server.port).send(
            method: "POST", path: "/loki/api/v1/push", headers: [("Content-Type", "application/json")],
            body: Data(body.utf8))
        #expect(response.status == 400)
        #expect(response.body == (try LokiFixtures.body("38_err_push_lone_surrogate.txt")))
        #expect(response.header("Content-Type") == "text/plain; charset=utf-8")
        #expect(server.entryCount == 0)
    }
}
