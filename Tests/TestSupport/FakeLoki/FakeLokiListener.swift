import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Why the fake server could not start.
public struct FakeLokiStartError: Error, CustomStringConvertible {
    public let description: String
}

/// A TCP listener on 127.0.0.1 (ephemeral port) with one thread per connection; each request
/// is answered by `handler`.
final class FakeLokiListener: @unchecked Sendable {
    private let handler: @Sendable (FakeLokiHTTPRequest) -> FakeLokiHTTPResponse
    private let lock = NSLock()
    private var listenSocket: Int32 = -1
    private var clients: Set<Int32> = []
    private var stopping = false
    private let acceptFinished = DispatchSemaphore(value: 0)
    private(set) var port = 0

    init(handler: @escaping @Sendable (FakeLokiHTTPRequest) -> FakeLokiHTTPResponse) { self.handler = handler }

    func start() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw FakeLokiStartError(description: "socket: \(String(cString: strerror(errno)))") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(fd, 128) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw FakeLokiStartError(description: "bind/listen on 127.0.0.1: \(reason)")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { _ = getsockname(fd, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        listenSocket = fd
        let thread = Thread { [self] in acceptLoop(fd) }
        thread.name = "FakeLoki accept :\(port)"
        thread.start()
    }

    /// Stops accepting, wakes every connection thread, and waits for the accept thread.
    func stop() {
        let fd: Int32 = lock.withLock {
            guard !stopping, listenSocket >= 0 else { return -1 }
            stopping = true
            for client in clients { shutdown(client, Int32(SHUT_RDWR)) }
            return listenSocket
        }
        guard fd >= 0 else { return }
        shutdown(fd, Int32(SHUT_RDWR))
        acceptFinished.wait()
        close(fd)
    }

    private func acceptLoop(_ fd: Int32) {
        defer { acceptFinished.signal() }
        while true {
            let client = accept(fd, nil, nil)
            if client < 0 {
                if errno == EINTR || errno == ECONNABORTED { continue }
                return
            }
            let accepted: Bool = lock.withLock {
                guard !stopping else { return false }
                clients.insert(client)
                return true
            }
            guard accepted else {
                close(client)
                return
            }
            var noDelay: Int32 = 1
            setsockopt(client, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay, socklen_t(MemoryLayout<Int32>.size))
            let thread = Thread { [self] in serve(client) }
            thread.name = "FakeLoki connection"
            thread.start()
        }
    }

    private func serve(_ client: Int32) {
        let connection = FakeLokiConnection(socket: client)
        defer {
            // Forget the socket before closing it, so stop() never shuts down a reused number.
            lock.withLock { _ = clients.remove(client) }
            close(client)
        }
        while true {
            switch connection.next() {
            case .closed:
                return
            case .malformed(let response):
                _ = connection.write(response.serialized(closing: true))
                return
            case .request(let request):
                let response = handler(request)
                let keepAlive = request.keepAlive
                guard connection.write(response.serialized(closing: !keepAlive)), keepAlive else { return }
            }
        }
    }
}
