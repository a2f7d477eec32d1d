import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Reads HTTP/1.1 requests from one accepted socket and writes the answers; several requests
/// per connection (keep-alive), `Content-Length` or chunked request bodies, `Expect:
/// 100-continue` answered.
final class FakeLokiConnection {
    let socket: Int32
    private var buffer: [UInt8] = []
    private var chunk = [UInt8](repeating: 0, count: 256 * 1024)

    /// Go's default limit on the request line and headers.
    static let maxHeaderBytes = 1 << 20

    enum Incoming {
        case request(FakeLokiHTTPRequest)
        /// A request that could not be parsed: answer this, then close.
        case malformed(FakeLokiHTTPResponse)
        case closed
    }

    init(socket: Int32) { self.socket = socket }

    /// The next request, or `.closed` when the peer is done.
    func next() -> Incoming {
        var searchFrom = 0
        var headerEnd: Int?
        while headerEnd == nil {
            headerEnd = Self.find([0x0D, 0x0A, 0x0D, 0x0A], in: buffer, from: searchFrom)
            if headerEnd != nil { break }
            searchFrom = max(0, buffer.count - 3)
            if buffer.count > Self.maxHeaderBytes {
                return .malformed(.text(431, "431 Request Header Fields Too Large"))
            }
            guard receive() else { return .closed }
        }
        let head = String(decoding: buffer[0..<headerEnd!], as: UTF8.self)
        buffer.removeFirst(headerEnd! + 4)
        var lines = head.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ", omittingEmptySubsequences: true)
        guard requestLine.count == 3 else { return .malformed(.text(400, "400 Bad Request")) }
        var headers: [(name: String, value: String)] = []
        for line in lines where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { return .malformed(.text(400, "400 Bad Request")) }
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers.append((name, value))
        }
        let target = requestLine[1]
        let pathPart = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        var request = FakeLokiHTTPRequest(
            method: String(requestLine[0]),
            path: FakeLokiURLCoding.percentDecode(pathPart[0], plusIsSpace: false),
            version: String(requestLine[2]), headers: headers, body: [],
            parameters: pathPart.count > 1 ? FakeLokiURLCoding.decodeForm(pathPart[1]) : [])

        if request.header("expect")?.lowercased() == "100-continue" {
            _ = write(Array("HTTP/1.1 100 Continue\r\n\r\n".utf8))
        }
        if request.header("transfer-encoding")?.lowercased().contains("chunked") == true {
            guard let body = readChunkedBody() else { return .closed }
            request.body = body
        } else if let lengthText = request.header("content-length") {
            guard let length = Int(lengthText), length >= 0 else { return .malformed(.text(400, "400 Bad Request")) }
            while buffer.count < length {
                guard receive() else { return .closed }
            }
            request.body = Array(buffer[0..<length])
            buffer.removeFirst(length)
        }
        if request.header("content-type")?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true {
            let form = FakeLokiURLCoding.decodeForm(Substring(String(decoding: request.body, as: UTF8.self)))
            request.parameters = form + request.parameters
        }
        return .request(request)
    }

    /// Writes everything; false if the peer went away.
    func write(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { raw in
                send(socket, raw.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            }
            if sent < 0 && errno == EINTR { continue }
            guard sent > 0 else { return false }
            offset += sent
        }
        return true
    }

    private func receive() -> Bool {
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return false }
            buffer.append(contentsOf: chunk[0..<count])
            return true
        }
    }

    private func readChunkedBody() -> [UInt8]? {
        var body: [UInt8] = []
        while true {
            guard let sizeLine = readLine(),
                let size = Int(sizeLine.split(separator: ";")[0].trimmingCharacters(in: .whitespaces), radix: 16)
            else { return nil }
            if size == 0 {
                // Trailers, up to an empty line.
                while let trailer = readLine(), !trailer.isEmpty {}
                return body
            }
            while buffer.count < size + 2 {
                guard receive() else { return nil }
            }
            body.append(contentsOf: buffer[0..<size])
            buffer.removeFirst(size + 2)
        }
    }

    private func readLine() -> String? {
        while true {
            if let end = Self.find([0x0D, 0x0A], in: buffer, from: 0) {
                let line = String(decoding: buffer[0..<end], as: UTF8.self)
                buffer.removeFirst(end + 2)
                return line
            }
            guard receive() else { return nil }
        }
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        haystack.withUnsafeBytes { hay in
            needle.withUnsafeBytes { pattern in ByteSearch.find(pattern, in: hay, from: start) }
        }
    }
}
