import Foundation

/// One parsed HTTP/1.1 request.
struct FakeLokiHTTPRequest {
    var method: String
    /// The path, percent-decoded, without the query string.
    var path: String
    var version: String
    /// Header names lower-cased, in arrival order.
    var headers: [(name: String, value: String)]
    var body: [UInt8]
    /// URL query parameters, then (for a form POST) body parameters, in order.
    var parameters: [(name: String, value: String)]

    func header(_ name: String) -> String? {
        let values = headers.filter { $0.name == name }.map(\.value)
        return values.isEmpty ? nil : values.joined(separator: ", ")
    }

    /// The first value of a parameter, like Go's `r.Form.Get` (form body first, then URL query).
    func parameter(_ name: String) -> String? { parameters.first { $0.name == name }?.value }

    /// Every value of a parameter (`match[]`).
    func parameters(_ name: String) -> [String] { parameters.filter { $0.name == name }.map(\.value) }

    /// Whether the connection stays open after the answer.
    var keepAlive: Bool {
        let connection = header("connection")?.lowercased() ?? ""
        if connection.contains("close") { return false }
        return version == "HTTP/1.1" || connection.contains("keep-alive")
    }
}

/// One HTTP answer; JSON answers go out chunked like Loki's, others with Content-Length.
struct FakeLokiHTTPResponse {
    var status: Int
    var headers: [(String, String)]
    var body: [UInt8]
    var chunked = false

    /// A `text/plain` answer as Go's `http.Error` writes it.
    static func text(_ status: Int, _ body: [UInt8], extraHeaders: [(String, String)] = []) -> FakeLokiHTTPResponse {
        FakeLokiHTTPResponse(
            status: status,
            headers: [("Content-Type", "text/plain; charset=utf-8"), ("X-Content-Type-Options", "nosniff")]
                + extraHeaders,
            body: body)
    }

    static func text(_ status: Int, _ body: String, extraHeaders: [(String, String)] = []) -> FakeLokiHTTPResponse {
        text(status, Array(body.utf8), extraHeaders: extraHeaders)
    }

    /// A query answer: `application/json; charset=UTF-8`, chunked.
    static func json(_ body: [UInt8], chunked: Bool = true) -> FakeLokiHTTPResponse {
        FakeLokiHTTPResponse(
            status: 200, headers: [("Content-Type", "application/json; charset=UTF-8")], body: body, chunked: chunked)
    }

    static func noContent() -> FakeLokiHTTPResponse { FakeLokiHTTPResponse(status: 204, headers: [], body: []) }

    /// The status line, headers and body as bytes on the wire.
    func serialized(closing: Bool) -> [UInt8] {
        // Go writes the handler's headers sorted, then Date, Content-Length, Connection and
        // Transfer-Encoding in that order.
        var head = "HTTP/1.1 \(status) \(Self.reason(status))\r\n"
        for (name, value) in headers.sorted(by: { $0.0 < $1.0 }) { head += "\(name): \(value)\r\n" }
        head += "Date: \(Self.httpDate())\r\n"
        let bodyless = status == 204 || status == 304
        if !bodyless && !chunked { head += "Content-Length: \(body.count)\r\n" }
        if closing { head += "Connection: close\r\n" }
        if !bodyless && chunked { head += "Transfer-Encoding: chunked\r\n" }
        head += "\r\n"
        var wire = Array(head.utf8)
        guard !bodyless else { return wire }
        if chunked {
            wire.reserveCapacity(wire.count + body.count + body.count / 8192 * 8 + 16)
            var offset = 0
            while offset < body.count {
                let size = min(32_768, body.count - offset)
                wire.append(contentsOf: Array((String(size, radix: 16) + "\r\n").utf8))
                wire.append(contentsOf: body[offset..<offset + size])
                wire.append(contentsOf: [0x0D, 0x0A])
                offset += size
            }
            wire.append(contentsOf: Array("0\r\n\r\n".utf8))
        } else {
            wire.append(contentsOf: body)
        }
        return wire
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 100: return "Continue"
        case 200: return "OK"
        case 204: return "No Content"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 408: return "Request Timeout"
        case 413: return "Request Entity Too Large"
        case 415: return "Unsupported Media Type"
        case 429: return "Too Many Requests"
        case 431: return "Request Header Fields Too Large"
        case 499: return "status code 499"
        case 500: return "Internal Server Error"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        case 504: return "Gateway Timeout"
        default: return "status code \(status)"
        }
    }

    /// `Thu, 26 Nov 2026 22:06:26 GMT`.
    static func httpDate() -> String {
        var now = time(nil)
        var parts = tm()
        gmtime_r(&now, &parts)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return
            "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
    }
}

/// A status and text body that a handler answers instead of a result.
struct FakeLokiError: Error {
    let status: Int
    let body: [UInt8]

    /// A query error: status 400, Loki's message without a trailing newline.
    static func badRequest(_ message: String) -> FakeLokiError {
        FakeLokiError(status: 400, body: Array(message.utf8))
    }

    /// A request the fake does not implement (parsers, other functions): status 400.
    static func unsupported(_ what: String) -> FakeLokiError {
        badRequest("\(what) is not supported by the fake")
    }

    var response: FakeLokiHTTPResponse { .text(status, body) }
}

/// Percent-decoding of URL paths and `application/x-www-form-urlencoded` text, like Go's `net/url`.
enum FakeLokiURLCoding {
    static func decodeForm(_ text: Substring) -> [(name: String, value: String)] {
        text.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = percentDecode(parts[0], plusIsSpace: true)
            let value = parts.count > 1 ? percentDecode(parts[1], plusIsSpace: true) : ""
            return (name, value)
        }
    }

    static func percentDecode(_ text: Substring, plusIsSpace: Bool) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = Array(text.utf8)[...]
        while let byte = iterator.popFirst() {
            if byte == UInt8(ascii: "+") && plusIsSpace {
                bytes.append(0x20)
            } else if byte == UInt8(ascii: "%"), iterator.count >= 2,
                let high = hexValue(iterator[iterator.startIndex]),
                let low = hexValue(iterator[iterator.startIndex + 1])
            {
                bytes.append(high << 4 | low)
                iterator = iterator.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: return byte - 0x30
        case 0x41...0x46: return byte - 0x41 + 10
        case 0x61...0x66: return byte - 0x61 + 10
        default: return nil
        }
    }
}
