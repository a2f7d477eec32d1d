import Foundation

/// An in-process stand-in for a Grafana Loki 3.7 HTTP server, for the Loki client's tests.
///
/// It replays the semantics captured from a real Loki 3.7.6 in `shared/fixtures/loki` (see its
/// README): `query_range` log queries with `{...}` selectors and line filters, `count_over_time`
/// metric queries (optionally under `sum`/`sum by`/`sum without`) on `query_range` and `query`,
/// label names and values, series, index stats, push, `/ready` and build info, with Loki's
/// answer shapes, JSON escaping, ordering, limits and error texts. Like Loki's defaults it adds
/// a `service_name` stream label and a `detected_level` structured-metadata field at ingest;
/// structured metadata comes back merged into `stream` (or, with the request header
/// `X-Loki-Response-Encoding-Flags: categorize-labels`, as the third element of each value).
///
/// Windows: a log query returns entries with start <= ts < end; a metric range `[d]` evaluated
/// at time t counts entries with t - d < ts <= t (left-open, right-closed, as Loki's and
/// Prometheus' range iterators do), at t = start, start + step, ... up to and including end.
/// `end < start` is refused with Loki's text; `end == start` is accepted (Loki 3's
/// `ParseRangeQuery` only rejects `End.Before(Start)`) and finds no entries.
///
/// Not implemented (answered with 400 "... is not supported by the fake"): parser stages
/// (`| json`, `| logfmt`, ...), label filters, functions other than `count_over_time`,
/// aggregations other than `sum`, binary operations, `offset`; also tail, volume, detected-*
/// and pattern endpoints (404).
///
/// Observability and fault injection: ``requests``, ``failNext(_:status:retryAfter:body:)``,
/// ``answerNext(path:status:contentType:body:)``, ``requiredHeaders``, ``hideFromQueryRange``
/// and ``responseDelay``. Thread-safe.
public final class FakeLokiServer: @unchecked Sendable {
    /// One log entry as a test adds it or the fake stores it.
    public struct Entry: Sendable, Hashable {
        /// Stream labels. Entries handed to ``FakeLokiServer/hideFromQueryRange`` carry the stored
        /// labels, `service_name` included.
        public var labels: [String: String]
        /// Unix nanoseconds.
        public var timestamp: Int64
        public var line: String
        /// Structured metadata (the third element of a pushed value); handed to
        /// ``FakeLokiServer/hideFromQueryRange`` with `detected_level` included.
        public var structuredMetadata: [String: String]

        public init(labels: [String: String], timestamp: Int64, line: String) {
            self.init(labels: labels, timestamp: timestamp, line: line, structuredMetadata: [:])
        }

        public init(labels: [String: String], timestamp: Int64, line: String, structuredMetadata: [String: String]) {
            self.labels = labels
            self.timestamp = timestamp
            self.line = line
            self.structuredMetadata = structuredMetadata
        }
    }

    /// A request as the fake received it.
    public struct RecordedRequest: Sendable {
        public let method: String
        /// Percent-decoded, without the query string.
        public let path: String
        /// Query-string parameters (and form-body parameters of a POST), first value of each.
        public let query: [String: String]
        /// Header names lower-cased; repeated headers joined with ", ".
        public let headers: [String: String]
    }

    /// Why ``ingest(pushBody:)`` refused a push: Loki's status and text.
    public struct PushError: Error, CustomStringConvertible {
        public let status: Int
        public let body: Data
        public var description: String { "HTTP \(status): \(String(decoding: body, as: UTF8.self))" }
    }

    struct Failure {
        var remaining: Int
        let status: Int
        let retryAfter: String?
        let body: String
    }

    // Everything below is guarded by `lock`.
    /// Recursive, so that a ``hideFromQueryRange`` closure may read the server.
    let lock = NSRecursiveLock()
    let store = FakeLokiStore()
    private var recorded: [RecordedRequest] = []
    private var failures: [Failure] = []
    private var canned: [String: [FakeLokiHTTPResponse]] = [:]
    private var required: [String: String] = [:]
    private var hide: (@Sendable (Entry) -> Bool)?
    private var delay: TimeInterval = 0
    private var listener: FakeLokiListener?

    /// `max_entries_limit_per_query`.
    let maxEntriesPerQuery: Int
    /// `max_query_length` in nanoseconds.
    let maxQueryLength: Int64
    /// `max_query_series`: metric results with more series are refused (Loki's default 500).
    public var maxQuerySeries: Int {
        get { lock.withLock { seriesLimit } }
        set { lock.withLock { seriesLimit = newValue } }
    }
    private var seriesLimit = 500
    /// `max_line_size`: pushed lines longer than this many bytes are refused (Loki's 256 KB).
    let maxLineSize = 256 * 1024

    /// Loki's defaults: 5000 entries per query, 30d1h per query.
    public init(maxEntriesPerQuery: Int = 5000, maxQueryLength: Int64 = (30 * 86_400 + 3_600) * 1_000_000_000) {
        self.maxEntriesPerQuery = maxEntriesPerQuery
        self.maxQueryLength = maxQueryLength
    }

    deinit { listener?.stop() }

    // MARK: Data

    /// Ingests entries like a push: `service_name` and `detected_level` added, an exact
    /// duplicate (same labels, timestamp and line) dropped.
    public func add(_ entries: [Entry]) {
        // One ingest per stream, streams in order of first appearance, entries in given order.
        var order: [[String: String]] = []
        var values: [[String: String]: [FakeLokiStore.IncomingValue]] = [:]
        for entry in entries {
            if values[entry.labels] == nil { order.append(entry.labels) }
            values[entry.labels, default: []].append(
                .init(timestamp: entry.timestamp, line: entry.line, metadata: entry.structuredMetadata))
        }
        lock.withLock {
            for labels in order { store.ingest(labels: labels, values: values[labels]!) }
        }
    }

    /// Ingests a JSON push body like `POST /loki/api/v1/push`. A body that does not decode (bad
    /// JSON, a lone surrogate escape) is refused whole; streams without labels or with a bad
    /// label name, and lines over 256 KB, are refused while the rest is kept, as Loki's
    /// distributor does. Throws ``PushError`` with Loki's status and text.
    public func ingest(pushBody: Data) throws {
        if let refusal = push(Array(pushBody)) {
            throw PushError(status: refusal.status, body: Data(refusal.body))
        }
    }

    /// The push semantics shared by ``ingest(pushBody:)`` and the HTTP endpoint.
    func push(_ body: [UInt8]) -> FakeLokiError? {
        let streams: [FakeLokiPushDecoder.Stream]
        do {
            streams = try FakeLokiPushDecoder.decode(body)
        } catch {
            return error
        }
        var problems: [String] = []
        var accepted: [FakeLokiPushDecoder.Stream] = []
        for var stream in streams {
            stream.labels = stream.labels.filter { !$0.value.isEmpty }
            guard !stream.labels.isEmpty else {
                problems.append("error at least one label pair is required per stream")
                continue
            }
            if let bad = stream.labels.keys.sorted().first(where: { !Self.isValidLabelName($0) }) {
                problems.append(
                    "error parsing labels \(LabelSet(stream.labels).text): invalid label name \(goQuote(bad))")
                continue
            }
            let streamText = LabelSet(stream.labels).text
            stream.values = stream.values.filter { value in
                let size = value.line.utf8.count
                guard size > maxLineSize else { return true }
                problems.append(
                    "Max entry size '\(maxLineSize)' bytes exceeded for stream '\(streamText)' while adding an entry "
                        + "with length '\(size)' bytes")
                return false
            }
            accepted.append(stream)
        }
        lock.withLock {
            for stream in accepted { store.ingest(labels: stream.labels, values: stream.values) }
        }
        guard problems.isEmpty else {
            return FakeLokiError(status: 400, body: Array((problems.joined(separator: "\n") + "\n").utf8))
        }
        return nil
    }

    /// Prometheus' label name syntax: `[a-zA-Z_][a-zA-Z0-9_]*`.
    private static func isValidLabelName(_ name: String) -> Bool {
        for (index, scalar) in name.unicodeScalars.enumerated() {
            let letter = scalar == "_" || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
            guard letter || (index > 0 && ("0"..."9").contains(scalar)) else { return false }
        }
        return !name.isEmpty
    }

    /// How many entries are stored (after duplicates were dropped).
    public var entryCount: Int { lock.withLock { store.entryCount } }

    // MARK: Lifecycle

    /// Starts listening on 127.0.0.1 on an ephemeral port, on background threads (one per
    /// connection). Does nothing if already listening. A server that is released without
    /// ``stop()`` stops itself.
    public func start() throws {
        guard port == 0 else { return }
        // Weak, so that the listener's threads do not keep the server alive.
        let listener = FakeLokiListener { [weak self] request in
            self?.handle(request) ?? .text(503, "server stopped")
        }
        try listener.start()
        lock.withLock { self.listener = listener }
    }

    /// Stops listening and closes open connections. Stored data stays.
    public func stop() {
        let current = lock.withLock { () -> FakeLokiListener? in
            defer { listener = nil }
            return listener
        }
        current?.stop()
    }

    /// The listening port (0 before ``start()``).
    public var port: Int { lock.withLock { listener?.port ?? 0 } }

    /// `http://127.0.0.1:<port>`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    // MARK: Observability and fault injection

    /// Every request received so far, oldest first.
    public var requests: [RecordedRequest] { lock.withLock { recorded } }

    /// Forgets the recorded requests.
    public func clearRequests() { lock.withLock { recorded.removeAll() } }

    /// Answers the next `count` requests (any endpoint) with `status`, a `text/plain` `body` and,
    /// if given, a `Retry-After` header, before any other check. Calls queue up in order.
    public func failNext(
        _ count: Int, status: Int, retryAfter: String? = nil, body: String = "too many outstanding requests"
    ) {
        guard count > 0 else { return }
        lock.withLock { failures.append(Failure(remaining: count, status: status, retryAfter: retryAfter, body: body)) }
    }

    /// Answers the next request for `path` (e.g. `/loki/api/v1/query_range`) with exactly these
    /// bytes, whatever they are (truncated JSON, an HTML page, NUL, invalid UTF-8), after the
    /// ``failNext(_:status:retryAfter:body:)`` queue. Calls for one path queue up in order.
    public func answerNext(
        path: String, status: Int = 200, contentType: String = "application/json; charset=UTF-8", body: [UInt8]
    ) {
        let response = FakeLokiHTTPResponse(status: status, headers: [("Content-Type", contentType)], body: body)
        lock.withLock { canned[path, default: []].append(response) }
    }

    /// Headers every request must carry (names lower-cased), e.g. `["authorization": "Basic ...",
    /// "x-scope-orgid": "tenant-a"]`. A missing `x-scope-orgid` is answered 401 `no org id`; any
    /// other missing or different value 401 `unauthorized`. `/ready` is exempt, and so is
    /// `x-scope-orgid` for build info, as in Loki.
    public var requiredHeaders: [String: String] {
        get { lock.withLock { required } }
        set { lock.withLock { required = Dictionary(newValue.map { ($0.key.lowercased(), $0.value) }) { $1 } } }
    }

    /// Entries for which this returns true are left out of `query_range` log results (a lossy
    /// page) but still counted by metric queries, so a test can prove that reconciliation
    /// notices a dropped page. Hidden entries are skipped as if absent (a page is filled up with
    /// later entries). Called with the server's lock held; it may read the server.
    public var hideFromQueryRange: (@Sendable (Entry) -> Bool)? {
        get { lock.withLock { hide } }
        set { lock.withLock { hide = newValue } }
    }

    /// How long to wait before each answer (for timeout tests).
    public var responseDelay: TimeInterval {
        get { lock.withLock { delay } }
        set { lock.withLock { delay = newValue } }
    }

    // MARK: Dispatch

    private func handle(_ request: FakeLokiHTTPRequest) -> FakeLokiHTTPResponse {
        let (failure, wait, needed, cannedAnswer) = lock.withLock {
            () -> (Failure?, TimeInterval, [String: String], FakeLokiHTTPResponse?) in
            recorded.append(
                RecordedRequest(
                    method: request.method, path: request.path,
                    query: Dictionary(request.parameters.map { ($0.name, $0.value) }) { first, _ in first },
                    headers: Dictionary(request.headers.map { ($0.name, $0.value) }) { "\($0), \($1)" }))
            var failure: Failure?
            if failures.isEmpty, var queue = canned[request.path], !queue.isEmpty {
                let answer = queue.removeFirst()
                canned[request.path] = queue
                return (Failure(remaining: 0, status: answer.status, retryAfter: nil, body: ""), 0, [:], answer)
            }
            if !failures.isEmpty {
                failure = failures[0]
                failures[0].remaining -= 1
                if failures[0].remaining == 0 { failures.removeFirst() }
            }
            return (failure, delay, required, nil)
        }
        if wait > 0 { Thread.sleep(forTimeInterval: wait) }
        if let cannedAnswer { return cannedAnswer }
        if let failure {
            let extra = failure.retryAfter.map { [("Retry-After", $0)] } ?? []
            return .text(failure.status, failure.body, extraHeaders: extra)
        }
        if let denial = authorize(request, needed) { return denial }
        do {
            return try route(request)
        } catch {
            return error.response
        }
    }

    private func authorize(_ request: FakeLokiHTTPRequest, _ needed: [String: String]) -> FakeLokiHTTPResponse? {
        guard request.path != "/ready" else { return nil }
        for (name, value) in needed.sorted(by: { $0.key < $1.key }) {
            if name == "x-scope-orgid" && request.path == "/loki/api/v1/status/buildinfo" { continue }
            let given = request.header(name)
            if given == value { continue }
            if name == "x-scope-orgid" && given == nil { return .text(401, "no org id\n") }
            return .text(401, "unauthorized\n")
        }
        return nil
    }

    private func route(_ request: FakeLokiHTTPRequest) throws(FakeLokiError) -> FakeLokiHTTPResponse {
        let path = request.path
        let readMethods = ["GET", "POST"]
        func allow(_ methods: [String]) throws(FakeLokiError) {
            guard methods.contains(request.method) else { throw FakeLokiError(status: 405, body: []) }
        }
        switch path {
        case "/ready":
            try allow(["GET"])
            return .text(200, "ready\n")
        case "/loki/api/v1/status/buildinfo":
            try allow(["GET"])
            return FakeLokiHTTPResponse(
                status: 200, headers: [("Content-Type", "application/json")], body: Array((Self.buildInfo + "\n").utf8))
        case "/loki/api/v1/query_range":
            try allow(readMethods)
            return try queryRange(request)
        case "/loki/api/v1/query":
            try allow(readMethods)
            return try instantQuery(request)
        case "/loki/api/v1/labels":
            try allow(readMethods)
            return try labelNames(request)
        case "/loki/api/v1/series":
            try allow(readMethods)
            return try series(request)
        case "/loki/api/v1/index/stats":
            try allow(readMethods)
            return try indexStats(request)
        case "/loki/api/v1/push":
            try allow(["POST"])
            if let encoding = request.header("content-encoding"), encoding.lowercased() != "identity" {
                throw .unsupported("Content-Encoding \(encoding)")
            }
            if let type = request.header("content-type"), !type.lowercased().hasPrefix("application/json") {
                throw .unsupported("Content-Type \(type) (only JSON pushes)")
            }
            if let refusal = push(request.body) { throw refusal }
            return .noContent()
        case "/flush":
            try allow(["GET", "POST"])
            return .noContent()
        default:
            if path.hasPrefix("/loki/api/v1/label/") && path.hasSuffix("/values") {
                try allow(readMethods)
                let name = String(path.dropFirst("/loki/api/v1/label/".count).dropLast("/values".count))
                if !name.isEmpty && !name.contains("/") { return try labelValues(request, name: name) }
            }
            return .text(404, "404 page not found\n")
        }
    }

    /// Fixture 02's body.
    static let buildInfo =
        #"{"version":"3.7.6","revision":"5003600d","branch":"v3.7.6","buildUser":"local","buildDate":"2026-11-26T21:47:18Z","goVersion":""}"#
}
