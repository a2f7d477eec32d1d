import AegisSources
import Foundation
import TestSupport
import Testing

/// Connection handling, fault injection and ingest rules of the fake, on small data sets.
@Suite struct FakeLokiBehaviourTests {
    static let base: Int64 = 1_795_600_800_000_000_000  // 2026-11-25T10:00:00Z
    static let second: Int64 = 1_000_000_000

    private func server(_ entries: [FakeLokiServer.Entry] = []) throws -> FakeLokiServer {
        let server = FakeLokiServer()
        server.add(entries)
        try server.start()
        return server
    }

    private func entries(_ count: Int, job: String = "api", every step: Int64 = second) -> [FakeLokiServer.Entry] {
        (0..<count).map { index in
            FakeLokiServer.Entry(
                labels: ["job": job, "level": "info"], timestamp: Self.base + Int64(index) * step, line: "line \(index)"
            )
        }
    }

    private func logQuery(_ selector: String, limit: Int = 100, forward: Bool = true) -> [(String, String)] {
        [
            ("query", selector), ("start", String(Self.base)), ("end", String(Self.base + 3_600 * Self.second)),
            ("limit", String(limit)), ("direction", forward ? "forward" : "backward"),
        ]
    }

    @Test func severalRequestsShareOneKeptAliveConnection() throws {
        let server = try server(entries(3))
        defer { server.stop() }
        let client = RawHTTPClient(port: server.port)
        #expect(try client.get("/ready").text == "ready\n")
        #expect(try client.get("/loki/api/v1/status/buildinfo").status == 200)
        #expect(try LokiAnswer(client.get("/loki/api/v1/query_range", logQuery(#"{job="api"}"#)).body).entryCount == 3)
        #expect(
            try client.get(
                "/loki/api/v1/labels", [("start", String(Self.base)), ("end", String(Self.base + Self.second * 10))]
            ).status == 200)
        #expect(try client.get("/loki/api/v1/nope").status == 404)
        #expect(client.connectionsOpened == 1)
        #expect(
            server.requests.map(\.path) == [
                "/ready", "/loki/api/v1/status/buildinfo", "/loki/api/v1/query_range", "/loki/api/v1/labels",
                "/loki/api/v1/nope",
            ])
    }

    @Test func connectionCloseIsHonoured() throws {
        let server = try server()
        defer { server.stop() }
        let client = RawHTTPClient(port: server.port)
        let response = try client.get("/ready", headers: [("Connection", "close")])
        #expect(response.header("Connection") == "close")
        #expect(try client.get("/ready").status == 200)
        #expect(client.connectionsOpened == 2)
    }

    @Test func failNextAnswersTheNextRequestsOfAnyEndpointThenRecovers() throws {
        let server = try server(entries(2))
        defer { server.stop() }
        server.failNext(2, status: 429, retryAfter: "2")
        let client = RawHTTPClient(port: server.port)
        let first = try client.get("/loki/api/v1/query_range", logQuery(#"{job="api"}"#))
        #expect(first.status == 429)
        #expect(first.reason == "Too Many Requests")
        #expect(first.header("Retry-After") == "2")
        #expect(first.header("Content-Type") == "text/plain; charset=utf-8")
        #expect(first.text == "too many outstanding requests")
        let second = try client.get("/ready")
        #expect(second.status == 429)
        let third = try client.get("/loki/api/v1/query_range", logQuery(#"{job="api"}"#))
        #expect(third.status == 200)
        #expect(try LokiAnswer(third.body).entryCount == 2)
        #expect(server.requests.count == 3)
    }

    @Test func queuedFailuresComeInOrder() throws {
        let server = try server()
        defer { server.stop() }
        server.failNext(1, status: 503, body: "service unavailable")
        server.failNext(1, status: 502, body: "bad gateway")
        let client = RawHTTPClient(port: server.port)
        let answers = try (0..<3).map { _ in try client.get("/ready") }
        #expect(answers.map(\.status) == [503, 502, 200])
        #expect(answers[1].text == "bad gateway")
        #expect(answers[0].header("Retry-After") == nil)
    }

    @Test func requiredHeadersAreEnforcedLikeLoki() throws {
        let server = try server(entries(1))
        defer { server.stop() }
        server.requiredHeaders = ["Authorization": "Basic dTpw", "X-Scope-OrgID": "tenant-a"]
        let client = RawHTTPClient(port: server.port)
        let query = logQuery(#"{job="api"}"#)
        let noTenant = try client.get("/loki/api/v1/query_range", query, headers: [("Authorization", "Basic dTpw")])
        #expect(noTenant.status == 401)
        #expect(noTenant.text == "no org id\n")
        let wrongPassword = try client.get(
            "/loki/api/v1/query_range", query,
            headers: [("Authorization", "Basic eDp5"), ("X-Scope-OrgID", "tenant-a")])
        #expect(wrongPassword.status == 401)
        #expect(wrongPassword.text == "unauthorized\n")
        let wrongTenant = try client.get(
            "/loki/api/v1/query_range", query,
            headers: [("Authorization", "Basic dTpw"), ("X-Scope-OrgID", "tenant-b")])
        #expect(wrongTenant.status == 401)
        let allowed = try client.get(
            "/loki/api/v1/query_range", query,
            headers: [("authorization", "Basic dTpw"), ("x-scope-orgid", "tenant-a")])
        #expect(allowed.status == 200)
        #expect(try client.get("/ready").status == 200)
        #expect(server.requests.last?.headers["x-scope-orgid"] == nil)
        #expect(server.requests[3].headers["x-scope-orgid"] == "tenant-a")
    }

    @Test func hiddenEntriesVanishFromLogQueriesButStillCount() throws {
        let server = try server(entries(10))
        defer { server.stop() }
        server.hideFromQueryRange = { $0.line == "line 3" || $0.line == "line 4" }
        let client = RawHTTPClient(port: server.port)
        let logs = try LokiAnswer(client.get("/loki/api/v1/query_range", logQuery(#"{job="api"}"#)).body)
        #expect(logs.entryCount == 8)
        #expect(!logs.series.values.joined().contains { $0.contains("line 3") })
        let count = try client.get(
            "/loki/api/v1/query",
            [("query", #"sum(count_over_time({job="api"}[1h]))"#), ("time", String(Self.base + 1_800 * Self.second))])
        #expect(try LokiAnswer(count.body).series == ["{}": [#"[1795602600,"10"]"#]])
        server.hideFromQueryRange = nil
        #expect(try LokiAnswer(client.get("/loki/api/v1/query_range", logQuery(#"{job="api"}"#)).body).entryCount == 10)
    }

    @Test func responseDelayDelaysEveryAnswer() throws {
        let server = try server()
        defer { server.stop() }
        server.responseDelay = 0.3
        let started = Date()
        #expect(try RawHTTPClient(port: server.port).get("/ready").status == 200)
        #expect(Date().timeIntervalSince(started) >= 0.3)
    }

    @Test func requestsAreRecordedWithDecodedQueryAndLowerCasedHeaders() throws {
        let server = try server()
        defer { server.stop() }
        _ = try RawHTTPClient(port: server.port).get(
            "/loki/api/v1/query_range", [("query", #"{job="a b"} |= "x&y""#), ("limit", "7")],
            headers: [("X-Scope-OrgID", "t1")])
        let request = try #require(server.requests.first)
        #expect(request.method == "GET")
        #expect(request.path == "/loki/api/v1/query_range")
        #expect(request.query == ["query": #"{job="a b"} |= "x&y""#, "limit": "7"])
        #expect(request.headers["x-scope-orgid"] == "t1")
        server.clearRequests()
        #expect(server.requests.isEmpty)
    }

    @Test func pushFollowsLokisIngestRules() throws {
        let server = try server()
        defer { server.stop() }
        var body = Data(
            #"{"streams":[{"stream":{"app":"web"},"values":[["1795600800000000000","{\"level\":\"WARNING\",\"msg\":\"a\"}"],["1795600800000000000","{\"level\":\"WARNING\",\"msg\":\"a\"}"],["1795600801000000000","bad RAW here","#
                .utf8)
        body.append(
            contentsOf: #"{"trace_id":"abc"}],["1795600802000000000","INFO emoji \ud83d\ude00 and <tag> & more"]]}]}"#
                .utf8)
        let raw = body.range(of: Data("RAW".utf8))!
        body.replaceSubrange(raw, with: [0xE2, 0x82, 0x78])  // a truncated sequence, then "x"
        let push = try RawHTTPClient(port: server.port).send(
            method: "POST", path: "/loki/api/v1/push", headers: [("Content-Type", "application/json")], body: body)
        #expect(push.status == 204)
        #expect(server.entryCount == 3)  // the exact duplicate is dropped
        let response = try RawHTTPClient(port: server.port).get(
            "/loki/api/v1/query_range", logQuery(#"{service_name="web"}"#))
        let answer = try LokiAnswer(response.body)
        #expect(
            answer.series.keys.sorted() == [
                #"{"app":"web","detected_level":"info","service_name":"web"}"#,
                #"{"app":"web","detected_level":"unknown","service_name":"web","trace_id":"abc"}"#,
                #"{"app":"web","detected_level":"warn","service_name":"web"}"#,
            ])
        let lines = answer.series.values.joined().joined()
        #expect(lines.contains("bad \u{FFFD}\u{FFFD}x here"))  // Go: one U+FFFD per bad byte
        #expect(lines.contains("INFO emoji \u{1F600} and <tag> & more"))
        #expect(String(decoding: response.body, as: UTF8.self).contains(#"\u003ctag\u003e \u0026 more"#))
    }

    @Test func sameNanosecondEntriesKeepPushOrderForwardAndReverseBackward() throws {
        let entries = (0..<5).map { index in
            FakeLokiServer.Entry(labels: ["job": "api"], timestamp: Self.base + Self.second, line: "same \(index)")
        }
        let server = try server(entries + self.entries(1))
        defer { server.stop() }
        let client = RawHTTPClient(port: server.port)
        func lines(limit: Int, forward: Bool) throws -> [String] {
            let document = try LokiAnswer.parse(
                client.get("/loki/api/v1/query_range", logQuery(#"{job="api"}"#, limit: limit, forward: forward)).body)
            return (document["data"]?["result"]?.arrayValue ?? []).flatMap { stream in
                (stream["values"]?.arrayValue ?? []).compactMap { $0.arrayValue?[1].stringValue }
            }
        }
        #expect(try lines(limit: 4, forward: true) == ["line 0", "same 0", "same 1", "same 2"])
        #expect(try lines(limit: 3, forward: false) == ["same 4", "same 3", "same 2"])
    }

    /// A range [d] at time t counts t-d < ts <= t.
    @Test func theMetricWindowIsLeftOpenRightClosed() throws {
        let t = Self.base + 600 * Self.second
        let at = [t - 300 * Self.second, t - 300 * Self.second + 1, t, t + 1]
        let server = try server(at.map { FakeLokiServer.Entry(labels: ["job": "api"], timestamp: $0, line: "\($0)") })
        defer { server.stop() }
        let answer = try LokiAnswer(
            RawHTTPClient(port: server.port).get(
                "/loki/api/v1/query", [("query", #"sum(count_over_time({job="api"}[5m]))"#), ("time", String(t))]
            ).body)
        #expect(answer.series == ["{}": ["[1795601400,\"2\"]"]])
    }

    @Test func rangeMetricsStepThroughStartToEndInclusive() throws {
        let server = try server(entries(600))
        defer { server.stop() }
        let response = try RawHTTPClient(port: server.port).get(
            "/loki/api/v1/query_range",
            [
                ("query", #"sum without (detected_level) (count_over_time({job="api"}[1m]))"#),
                ("start", String(Self.base)), ("end", String(Self.base + 180 * Self.second)), ("step", "1m"),
            ])
        let answer = try LokiAnswer(response.body)
        #expect(answer.resultType == "matrix")
        #expect(
            answer.series == [
                #"{"job":"api","level":"info","service_name":"api"}"#: [
                    "[1795600800,\"1\"]", "[1795600860,\"60\"]", "[1795600920,\"60\"]", "[1795600980,\"60\"]",
                ]
            ])
    }

    @Test func formPostsAreQueriesToo() throws {
        let server = try server(entries(4))
        defer { server.stop() }
        let form = logQuery(#"{job="api"}"#, limit: 2).map {
            RawHTTPClient.percentEncode($0.0) + "=" + RawHTTPClient.percentEncode($0.1)
        }.joined(separator: "&")
        let response = try RawHTTPClient(port: server.port).send(
            method: "POST", path: "/loki/api/v1/query_range",
            headers: [("Content-Type", "application/x-www-form-urlencoded")], body: Data(form.utf8))
        #expect(try LokiAnswer(response.body).entryCount == 2)
    }

    @Test func concurrentConnectionsAreServed() throws {
        let server = try server(entries(50))
        defer { server.stop() }
        let port = server.port
        let failures = Counter()
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            let client = RawHTTPClient(port: port)
            for _ in 0..<5 {
                let response = try? client.get("/loki/api/v1/query_range", logQuery(#"{job="api"}"#, limit: 20))
                if response?.status != 200 { failures.increment() }
            }
        }
        #expect(failures.value == 0)
        #expect(server.requests.count == 40)
    }

    @Test func stopClosesTheListenerAndKeepsTheData() throws {
        let server = try server(entries(2))
        let port = server.port
        server.stop()
        #expect(throws: RawHTTPClient.ClientError.self) { try RawHTTPClient(port: port).get("/ready") }
        #expect(server.entryCount == 2)
    }

    @Test func aServerReleasedWithoutStopStopsListening() throws {
        var port = 0
        do {
            let server = try server(entries(1))
            port = server.port
            #expect(try RawHTTPClient(port: port).get("/ready").status == 200)
        }
        #expect(throws: RawHTTPClient.ClientError.self) { try RawHTTPClient(port: port).get("/ready") }
    }

    /// libcurl (what the Loki client uses): `Expect: 100-continue` on a big push, a chunked
    /// request body, and connection reuse across URLs.
    @Test func curlPushesAndReusesItsConnection() throws {
        let server = try server()
        defer { server.stop() }
        let values = (0..<40).map {
            #"["\#(Self.base + Int64($0))","curl line \#($0) \#(String(repeating: "x", count: 40))"]"#
        }
        let body = #"{"streams":[{"stream":{"job":"curl"},"values":[\#(values.joined(separator: ","))]}]}"#
        let folder = try makeTemporaryDirectory("fake-loki-curl")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("push.json")
        try Data(body.utf8).write(to: file)
        let push = try ProcessRunner.run(
            "/usr/bin/curl",
            [
                "-sS", "-o", "/dev/null", "-w", "%{http_code}", "-H", "Content-Type: application/json", "-H",
                "Transfer-Encoding: chunked", "--data-binary", "@\(file.path)", server.baseURL + "/loki/api/v1/push",
            ])
        #expect(push.standardOutput == "204", "\(push.standardError)")
        #expect(server.entryCount == 40)
        let query =
            "query=" + RawHTTPClient.percentEncode(#"{job="curl"}"#) + "&start=\(Self.base)&end=\(Self.base + 100)"
        let url = server.baseURL + "/loki/api/v1/query_range?" + query
        let reuse = try ProcessRunner.run(
            "/usr/bin/curl", ["-sS", "-v", "-o", "/dev/null", "-o", "/dev/null", url, url])
        #expect(reuse.status == 0)
        #expect(reuse.standardError.contains("Re-using existing") || reuse.standardError.contains("Reusing existing"))
        #expect(server.requests.filter { $0.path == "/loki/api/v1/query_range" }.count == 2)
    }
}

/// A thread-safe counter for concurrent tests.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}
