import Exporters
import Foundation

/// Where results go: the terminal, a file for every result from now on (`.output FILE`), or a
/// file for the next result only (`.once FILE`). Files are created with mode 0600. Each result
/// reaches its file whole or not at all: it is written to a temporary file first (Exporters'
/// atomic file), then moved into place (`.once`) or appended (`.output`).
enum OutputTarget: Equatable {
    case terminal
    case file(path: String)
    case once(path: String)

    var description: String {
        switch self {
        case .terminal: return "the terminal"
        case .file(let path): return path
        case .once(let path): return "\(path) (next result only)"
        }
    }

    /// Starts (or truncates) the file of `.output FILE`.
    static func startFile(_ path: String) throws(ReplError) {
        let descriptor = Foundation.open(path, O_CREAT | O_WRONLY | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .file("output \(path): cannot create: \(String(cString: strerror(errno)))") }
        close(descriptor)
    }

    /// A stream for one result, and what to do once it has been committed.
    func openResult() throws -> (stream: Exporters.OutputStream, finish: () throws -> Void) {
        switch self {
        case .terminal: return (Exporters.OutputStream.standardOutput(), {})
        case .once(let path): return (try Exporters.OutputStream.atomicFile(path: path), {})
        case .file(let path):
            let url = URL(fileURLWithPath: path)
            let part = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).result").path
            let stream = try Exporters.OutputStream.atomicFile(path: part)
            return (stream, { try Self.append(part, to: path) })
        }
    }

    /// Appends the file at `part` to `path`, then removes it.
    private static func append(_ part: String, to path: String) throws(ReplError) {
        defer { unlink(part) }
        guard let data = FileManager.default.contents(atPath: part) else {
            throw .file("output \(path): cannot read the result back")
        }
        let descriptor = Foundation.open(path, O_CREAT | O_WRONLY | O_APPEND | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .file("output \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        let written = data.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == data.count else {
            throw .file("output \(path): write failed: \(String(cString: strerror(errno)))")
        }
    }
}
