import Foundation

/// The read-only part of Loki's HTTP API that a pull needs, with retries.
///
/// Transient failures (429, 5xx, timeouts, refused or reset connections) are retried with
/// backoff and jitter, honouring `Retry-After`; anything else fails at once with Loki's own
/// text and the request that caused it, never with credentials. Not `Sendable`.
public final class LokiClient {
    /// The server's address without credentials.
    public let server: String
    private let base: String
    private let session: CurlSession
    private let retry: RetryPolicy
    private let redactor: SecretRedactor
    /// Told about each retry ("HTTP 429, retrying in 1.0 s").
    public var onRetry: ((String) -> Void)?

    public init(settings: LokiSettings, redactor: SecretRedactor, retry: RetryPolicy = .standard) throws(LokiError) {
        settings.registerSecrets(with: redactor)
        guard var components = URLComponents(string: settings.address),
            let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https", components.host != nil
        else { throw .invalidAddress(settings.redactedAddress) }
        components.user = nil
        components.password = nil
        var address = components.string ?? settings.address
        while address.hasSuffix("/") { address.removeLast() }
        base = address
        server = settings.redactedAddress
        var token = settings.bearerToken
        if token == nil, let path = settings.bearerTokenFile {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw .tokenFile(path: path, reason: "cannot read it")
            }
            token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            redactor.register(secret: token)
        }
        session = try CurlSession(settings: settings, bearerToken: token)
        self.retry = retry
        self.redactor = redactor
    }

    /// The server's version from `/loki/api/v1/status/buildinfo` (also a reachability check).
    public func version() throws(LokiError) -> String {
        let response = try get("/loki/api/v1/status/buildinfo", [])
        let document = try parse(response, request: "GET /loki/api/v1/status/buildinfo", envelope: false)
        return document["version"]?.stringValue ?? "unknown"
    }

    /// `query_range` for a log selector: the entries of [start, end), at most `limit`.
    public func queryRange(
        _ query: String, start: Int64, end: Int64, limit: Int, forward: Bool
    ) throws(LokiError) -> [LokiStream] {
        let parameters = [
            ("query", query), ("start", String(start)), ("end", String(end)), ("limit", String(limit)),
            ("direction", forward ? "forward" : "backward"),
        ]
        let response = try get("/loki/api/v1/query_range", parameters)
        let request = describe("/loki/api/v1/query_range", parameters)
        let document = try parse(response, request: request)
        guard document["data"]?["resultType"]?.stringValue == "streams",
            let result = document["data"]?["result"]?.arrayValue
        else { throw .malformedResponse(server: server, request: request, reason: "no streams result") }
        var streams: [LokiStream] = []
        streams.reserveCapacity(result.count)
        for item in result {
            guard let labelMembers = item["stream"]?.objectValue, let values = item["values"]?.arrayValue else {
                throw .malformedResponse(server: server, request: request, reason: "a stream without labels or values")
            }
            var labels: [String: String] = [:]
            for member in labelMembers { labels[member.key] = member.value.stringValue ?? "" }
            var entries: [(timestamp: Int64, line: String)] = []
            entries.reserveCapacity(values.count)
            for value in values {
                guard let pair = value.arrayValue, pair.count >= 2, let text = pair[0].stringValue,
                    let timestamp = Int64(text), let line = pair[1].stringValue
                else {
                    throw .malformedResponse(
                        server: server, request: request, reason: "an entry is not [\"ns\", \"line\"]")
                }
                // Outside the window asked for: a broken or hostile server. Stored, such entries
                // would sit in no reconciled window; followed, they could page backwards forever.
                guard timestamp >= start && timestamp < end else {
                    throw .malformedResponse(
                        server: server, request: request,
                        reason: "an entry at \(timestamp) ns lies outside the window asked for")
                }
                entries.append((timestamp, line))
            }
            streams.append(LokiStream(labels: labels, key: LokiStream.canonicalKey(labels), entries: entries))
        }
        return streams
    }

    /// How many entries `selector` has in [start, end), by Loki's own count: the instant query
    /// `sum(count_over_time(selector[d]))` at `end - 1 ns`, whose range (t - d, t] is [start, end).
    /// `end - start` must be whole milliseconds.
    public func count(_ selector: String, start: Int64, end: Int64) throws(LokiError) -> Int64 {
        let milliseconds = (end - start) / 1_000_000
        let query = "sum(count_over_time(\(selector)[\(milliseconds)ms]))"
        let parameters = [("query", query), ("time", String(end - 1))]
        let response = try get("/loki/api/v1/query", parameters)
        let request = describe("/loki/api/v1/query", parameters)
        let document = try parse(response, request: request)
        guard let result = document["data"]?["result"]?.arrayValue else {
            throw .malformedResponse(server: server, request: request, reason: "no vector result")
        }
        guard let sample = result.first else { return 0 }
        guard let pair = sample["value"]?.arrayValue, pair.count == 2, let text = pair[1].numberText,
            let value = Double(text)
        else { throw .malformedResponse(server: server, request: request, reason: "a sample is not [time, \"value\"]") }
        // Int64(_: Double) traps on NaN, infinity and out-of-range values: a count is a whole,
        // non-negative number that fits.
        guard value.isFinite, value >= 0, value < 9.2e18, value.rounded() == value else {
            throw .malformedResponse(server: server, request: request, reason: "the count \(text) is not a count")
        }
        return Int64(value)
    }

    // MARK: Transport

    /// GETs `path` with `parameters`, retrying transient failures; throws for any non-2xx.
    func get(_ path: String, _ parameters: [(String, String)]) throws(LokiError) -> HTTPResponse {
        let query = parameters.map { "\($0.0)=\(CurlSession.encode($0.1))" }.joined(separator: "&")
        let url = base + path + (query.isEmpty ? "" : "?" + query)
        var attempt = 0
        while true {
            attempt += 1
            let response: HTTPResponse
            do {
                response = try session.get(url)
            } catch {
                guard error.isTransient, attempt < retry.maxAttempts else {
                    throw .transport(
                        server: server, request: describe(path, parameters), reason: redactor.redact(error.message),
                        attempts: attempt)
                }
                wait(retry.delay(afterAttempt: attempt, retryAfter: nil), reason: error.message)
                continue
            }
            if (200...299).contains(response.status) { return response }
            guard RetryPolicy.isRetryable(status: response.status), attempt < retry.maxAttempts else {
                throw .http(
                    server: server, request: describe(path, parameters), status: response.status,
                    body: redactor.redact(response.text), attempts: attempt)
            }
            wait(
                retry.delay(afterAttempt: attempt, retryAfter: response.headers["retry-after"]),
                reason: "HTTP \(response.status)")
        }
    }

    private func wait(_ seconds: Double, reason: String) {
        onRetry?("\(reason), retrying in \(String(format: "%.1f", seconds)) s")
        if seconds > 0 { Thread.sleep(forTimeInterval: seconds) }
    }

    /// `GET /path?query={...}&start=...` with the parameters decoded, for messages.
    func describe(_ path: String, _ parameters: [(String, String)]) -> String {
        let query = parameters.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
        return "GET \(path)" + (query.isEmpty ? "" : "?" + query)
    }

    /// The JSON body; query answers (`envelope`) must say `"status":"success"`.
    private func parse(_ response: HTTPResponse, request: String, envelope: Bool = true) throws(LokiError) -> JSONValue
    {
        let document: JSONValue
        do {
            document = try response.body.withUnsafeBufferPointer { (bytes) throws(JSONParseError) -> JSONValue in
                try JSONParser.parse(bytes)
            }
        } catch {
            throw .malformedResponse(server: server, request: request, reason: "\(error)")
        }
        guard !envelope || document["status"]?.stringValue == "success" else {
            throw .malformedResponse(server: server, request: request, reason: "status is not success")
        }
        return document
    }
}
