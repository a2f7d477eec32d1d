import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A minimal HTTP/1.1 client over a POSIX socket, for tests that talk to ``FakeLokiServer``
/// without URLSession: it keeps one connection open across requests (reconnecting after the
/// server closes it), and reads chunked or `Content-Length` bodies. Not thread-safe.
public final class RawHTTPClient {
    /// One answer, headers and body exactly as received (the chunked framing removed).
    public struct Response: Sendable {
        public let status: Int
        public let reason: String
        /// Names as the server wrote them, in order.
        public let headers: [HeaderField]
        public let body: Data
        /// Whether the body came chunked.
        public let chunked: Bool

        /// A header's value (name compared case-insensitively).
        public func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }

        public var text: String { String(decoding: body, as: UTF8.self) }
    }

    public struct HeaderField: Sendable, Equatable {
        public let name: String
        public let value: String
    }

    public struct ClientError: Error, CustomStringConvertible {
        public let description: String
    }

    private let port: Int
    private var socket: Int32 = -1
    private var buffer: [UInt8] = []
    /// How many TCP connections this client has opened.
    public private(set) var connectionsOpened = 0

    public init(port: Int) { self.port = port }

    deinit { close() }

    /// Closes the connection (the next request opens a new one).
    public func close() {
        if socket >= 0 { Glibc.close(socket) }
        socket = -1
        buffer.removeAll()
    }

    /// A GET with the query parameters percent-encoded.
    public func get(_ path: String, _ query: [(String, String)] = [], headers: [(String, String)] = []) throws
        -> Response
    {
        try send(method: "GET", path: path, query: query, headers: headers)
    }

    /// Sends one request on the open connection (opening one if needed) and reads the answer.
    public func send(
        method: String, path: String, query: [(String, String)] = [], headers: [(String, String)] = [],
        body: Data? = nil
    ) throws -> Response {
        if socket < 0 { try connect() }
        var target = path
        if !query.isEmpty {
            target +=
                "?" + query.map { Self.percentEncode($0.0) + "=" + Self.percentEncode($0.1) }.joined(separator: "&")
        }
        var head = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUser-Agent: RawHTTPClient\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if let body { head += "Content-Length: \(body.count)\r\n" }
        head += "\r\n"
        var wire = Array(head.utf8)
        if let body { wire.append(contentsOf: body) }
        try write(wire)
        let response = try readResponse(method: method)
        let closing =
            response.header("connection")?.lowercased() == "close"
            || headers.contains { $0.0.lowercased() == "connection" && $0.1.lowercased() == "close" }
        if closing { close() }
        return response
    }

    private func connect() throws {
        let fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ClientError(description: "socket failed") }
        var timeout = timeval(tv_sec: 120, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            Glibc.close(fd)
            throw ClientError(description: "connect to 127.0.0.1:\(port) failed: \(String(cString: strerror(errno)))")
        }
        socket = fd
        connectionsOpened += 1
    }

    private func write(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes {
                Glibc.send(socket, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            }
            guard sent > 0 else {
                close()
                throw ClientError(description: "send failed")
            }
            offset += sent
        }
    }

    /// Reads more bytes; false at end of stream.
    private func receive() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 256 * 1024)
        let count = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
        if count < 0 { throw ClientError(description: "recv failed: \(String(cString: strerror(errno)))") }
        if count == 0 { return false }
        buffer.append(contentsOf: chunk[0..<count])
        return true
    }

    private func readLine() throws -> String {
        while true {
            let found = buffer.withUnsafeBytes { hay in
                [UInt8]([0x0D, 0x0A]).withUnsafeBytes { ByteSearch.find($0, in: hay) }
            }
            if let end = found {
                let line = String(decoding: buffer[0..<end], as: UTF8.self)
                buffer.removeFirst(end + 2)
                return line
            }
            guard try receive() else { throw ClientError(description: "connection closed mid-answer") }
        }
    }

    private func readBytes(_ count: Int) throws -> [UInt8] {
        while buffer.count < count {
            guard try receive() else { throw ClientError(description: "connection closed mid-body") }
        }
        let bytes = Array(buffer[0..<count])
        buffer.removeFirst(count)
        return bytes
    }

    private func readResponse(method: String) throws -> Response {
        var statusLine = try readLine()
        var parts = statusLine.split(separator: " ", maxSplits: 2).map(String.init)
        while parts.count >= 2, parts[1] == "100" {
            _ = try readLine()  // the empty line after "100 Continue"
            statusLine = try readLine()
            parts = statusLine.split(separator: " ", maxSplits: 2).map(String.init)
        }
        guard parts.count >= 2, let status = Int(parts[1]) else {
            throw ClientError(description: "bad status line \(statusLine)")
        }
        var headers: [HeaderField] = []
        while true {
            let line = try readLine()
            if line.isEmpty { break }
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append(
                HeaderField(
                    name: String(line[..<colon]),
                    value: line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        func header(_ name: String) -> String? { headers.first { $0.name.lowercased() == name }?.value }
        var body: [UInt8] = []
        let chunked = header("transfer-encoding")?.lowercased().contains("chunked") == true
        if method == "HEAD" || status == 204 || status == 304 || (100..<200).contains(status) {
            // No body.
        } else if chunked {
            while true {
                let sizeLine = try readLine()
                guard let size = Int(sizeLine.split(separator: ";")[0], radix: 16) else {
                    throw ClientError(description: "bad chunk size \(sizeLine)")
                }
                if size == 0 {
                    while try !readLine().isEmpty {}
                    break
                }
                body.append(contentsOf: try readBytes(size))
                _ = try readBytes(2)
            }
        } else if let length = header("content-length").flatMap({ Int($0) }) {
            body = try readBytes(length)
        } else {
            while try receive() {}
            body = buffer
            buffer.removeAll()
        }
        return Response(
            status: status, reason: parts.count > 2 ? parts[2] : "", headers: headers, body: Data(body),
            chunked: chunked)
    }

    /// Percent-encodes everything but RFC 3986's unreserved characters.
    public static func percentEncode(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                result += String(format: "%%%02X", byte)
            }
        }
        return result
    }
}
