/// Why talking to Loki failed. Messages name the server (without credentials) and the request.
public enum LokiError: Error, CustomStringConvertible, Sendable, Equatable {
    case invalidAddress(String)
    case tokenFile(path: String, reason: String)
    /// The connection failed (after retries): refused, reset, timed out, TLS.
    case transport(server: String, request: String, reason: String, attempts: Int)
    /// Loki answered with an error status; `body` is Loki's own text.
    case http(server: String, request: String, status: Int, body: String, attempts: Int)
    /// A 200 answer that is not what the API documents.
    case malformedResponse(server: String, request: String, reason: String)
    /// A nanosecond holds more entries than two capped pages can return.
    case entryCapAtOneInstant(server: String, selector: String, timestamp: Int64, limit: Int)

    /// How many characters of an error body a message quotes.
    static let bodyLimit = 400

    public var description: String {
        switch self {
        case .invalidAddress(let address):
            return "loki: '\(address)' is not an http(s) URL"
        case .tokenFile(let path, let reason):
            return "loki: bearer token file \(path): \(reason)"
        case .transport(let server, let request, let reason, let attempts):
            return "loki (\(server)): \(request) failed after \(attempts) attempt\(attempts == 1 ? "" : "s"): \(reason)"
        case .http(let server, let request, let status, let body, let attempts):
            var text = body.split(whereSeparator: \.isNewline).joined(separator: " ")
            // An error page (a proxy's HTML) can be long: its start says enough.
            if text.count > Self.bodyLimit { text = text.prefix(Self.bodyLimit) + "… (\(body.utf8.count) bytes)" }
            let tries = attempts > 1 ? " after \(attempts) attempts" : ""
            return
                "loki (\(server)): \(request) answered HTTP \(status)\(tries): \(text.isEmpty ? "(empty body)" : text)"
        case .malformedResponse(let server, let request, let reason):
            return "loki (\(server)): \(request): unexpected answer: \(reason)"
        case .entryCapAtOneInstant(let server, let selector, let timestamp, let limit):
            return "loki (\(server)): more than \(2 * limit) entries of \(selector) share the instant \(timestamp) ns; "
                + "raise the entry limit to pull them all"
        }
    }
}
