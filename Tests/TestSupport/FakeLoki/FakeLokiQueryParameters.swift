/// The parameters of a query request, checked in the order and with the texts of Loki 3's
/// `loghttp.ParseRangeQuery` / `ParseInstantQuery`.
struct FakeLokiQueryParameters {
    var query: String
    /// Nanoseconds; for an instant query both are the evaluation time.
    var start: Int64
    var end: Int64
    var limit: Int
    var forward: Bool
    /// Nanoseconds between metric evaluation steps (range queries).
    var step: Int64

    static let defaultLimit = 100
    static let defaultSince: Int64 = 3_600 * GoTime.second

    /// `query_range`: bounds, end before start, limit, direction, step, resolution.
    static func range(_ request: FakeLokiHTTPRequest) throws(FakeLokiError) -> FakeLokiQueryParameters {
        let (start, end) = try bounds(request)
        // Loki 3 rejects only end < start here, whatever its message says about "equal".
        guard end >= start else { throw .badRequest("end timestamp must not be before or equal to start time") }
        let limit = try limit(request)
        let forward = try direction(request)
        let step: Int64
        if let text = request.parameter("step"), !text.isEmpty {
            guard let parsed = GoTime.parseSecondsOrDuration(text) else {
                throw .badRequest("cannot parse \(goQuote(text)) to a valid duration")
            }
            step = parsed
        } else {
            step = max((end - start) / GoTime.second / 250, 1) * GoTime.second
        }
        guard step > 0 else {
            throw .badRequest("zero or negative query resolution step widths are not accepted. Try a positive integer")
        }
        guard (end - start) / step <= 11_000 else {
            throw .badRequest(
                "exceeded maximum resolution of 11,000 points per time series. Try increasing the value of the step parameter"
            )
        }
        if let text = request.parameter("interval"), !text.isEmpty {
            guard let interval = GoTime.parseSecondsOrDuration(text) else {
                throw .badRequest("cannot parse \(goQuote(text)) to a valid duration")
            }
            guard interval >= 0 else { throw .badRequest("interval must be >= 0") }
        }
        return FakeLokiQueryParameters(
            query: request.parameter("query") ?? "", start: start, end: end, limit: limit, forward: forward, step: step)
    }

    /// `query`: limit, time, direction.
    static func instant(_ request: FakeLokiHTTPRequest) throws(FakeLokiError) -> FakeLokiQueryParameters {
        let limit = try limit(request)
        var time = GoTime.now
        if let text = request.parameter("time"), !text.isEmpty { time = try GoTime.parseTimestamp(text) }
        let forward = try direction(request)
        return FakeLokiQueryParameters(
            query: request.parameter("query") ?? "", start: time, end: time, limit: limit, forward: forward, step: 0)
    }

    /// Loki's `determineBounds`: `end` (default now), then `start` (default `end` or now, minus
    /// `since`, default 1h).
    static func bounds(_ request: FakeLokiHTTPRequest, since defaultSince: Int64 = defaultSince)
        throws(FakeLokiError) -> (Int64, Int64)
    {
        let now = GoTime.now
        var since = defaultSince
        if let text = request.parameter("since"), !text.isEmpty {
            guard let parsed = GoTime.parseDuration(text) else {
                throw .badRequest("could not parse 'since' parameter: not a valid duration string: \(goQuote(text))")
            }
            since = parsed
        }
        var end = now
        if let text = request.parameter("end"), !text.isEmpty {
            do { end = try GoTime.parseTimestamp(text) } catch {
                throw .badRequest("could not parse 'end' parameter: " + String(decoding: error.body, as: UTF8.self))
            }
        }
        var start = min(end, now) - since
        if let text = request.parameter("start"), !text.isEmpty {
            do { start = try GoTime.parseTimestamp(text) } catch {
                throw .badRequest("could not parse 'start' parameter: " + String(decoding: error.body, as: UTF8.self))
            }
        }
        return (start, end)
    }

    private static func limit(_ request: FakeLokiHTTPRequest) throws(FakeLokiError) -> Int {
        guard let text = request.parameter("limit"), !text.isEmpty else { return defaultLimit }
        guard let value = Int(text) else {
            let reason = text.allSatisfy { $0.isASCII && $0.isNumber } ? "value out of range" : "invalid syntax"
            throw .badRequest("strconv.Atoi: parsing \(goQuote(text)): \(reason)")
        }
        guard value > 0 else { throw .badRequest("limit must be a positive value") }
        return value
    }

    private static func direction(_ request: FakeLokiHTTPRequest) throws(FakeLokiError) -> Bool {
        guard let text = request.parameter("direction"), !text.isEmpty else { return false }
        switch text.uppercased() {
        case "FORWARD": return true
        case "BACKWARD": return false
        default: throw .badRequest("invalid direction '\(text)'")
        }
    }
}
