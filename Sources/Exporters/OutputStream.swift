import Crypto
import Foundation

/// Where an export's bytes go: standard output, or a file that appears under its final name
/// only when complete (written to a temporary file beside it, synced, then renamed). Counts
/// and hashes (SHA-256) every byte it writes, for the export's manifest.
public final class OutputStream {
    private let file: UnsafeMutablePointer<FILE>
    private let finalPath: String?
    private let temporaryPath: String?
    private var closed = false
    private var hasher = SHA256()
    /// Bytes written so far.
    public private(set) var byteCount: Int64 = 0

    /// The file's final path; nil for standard output.
    public var path: String? { finalPath }

    /// SHA-256 of everything written so far, as lowercase hex.
    public var sha256Hex: String { ValueText.hex(Array(hasher.finalize())) }

    /// Standard output.
    public static func standardOutput() -> OutputStream {
        OutputStream(file: standardOutputFile, finalPath: nil, temporaryPath: nil)
    }

    /// One buffered stream on descriptor 1 for the whole process (never closed).
    nonisolated(unsafe) private static let standardOutputFile: UnsafeMutablePointer<FILE> = fdopen(STDOUT_FILENO, "w")!

    /// A new file at `path`, created with mode 0600; it replaces `path` only on ``commit()``.
    public static func atomicFile(path: String) throws(ExportError) -> OutputStream {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).partial-\(getpid())").path
        let descriptor = open(temporary, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        guard descriptor >= 0, let file = fdopen(descriptor, "w") else {
            throw .cannotCreate(path: path, reason: String(cString: strerror(errno)))
        }
        return OutputStream(file: file, finalPath: path, temporaryPath: temporary)
    }

    private init(file: UnsafeMutablePointer<FILE>, finalPath: String?, temporaryPath: String?) {
        self.file = file
        self.finalPath = finalPath
        self.temporaryPath = temporaryPath
    }

    deinit { abandon() }

    /// Writes UTF-8 text.
    public func write(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            _ = fwrite(bytes.baseAddress, 1, bytes.count, file)
            hasher.update(bufferPointer: UnsafeRawBufferPointer(bytes))
        }
        byteCount += Int64(text.utf8.count)
    }

    /// Writes raw bytes.
    public func write(bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { buffer in _ = fwrite(buffer.baseAddress, 1, buffer.count, file) }
        hasher.update(data: bytes)
        byteCount += Int64(bytes.count)
    }

    /// Flushes; for a file, syncs it and moves it to its final name.
    public func commit() throws(ExportError) {
        guard !closed else { return }
        closed = true
        let flushed = fflush(file) == 0 && ferror(file) == 0
        guard let finalPath, let temporaryPath else {
            guard flushed else { throw .writeFailed(path: "standard output", reason: String(cString: strerror(errno))) }
            return
        }
        let synced = flushed && fsync(fileno(file)) == 0
        let reason = String(cString: strerror(errno))
        fclose(file)
        guard synced, rename(temporaryPath, finalPath) == 0 else {
            let why = synced ? String(cString: strerror(errno)) : reason
            unlink(temporaryPath)
            throw .writeFailed(path: finalPath, reason: why)
        }
    }

    /// Drops a file export that did not complete; the final name is left as it was.
    public func abandon() {
        guard !closed else { return }
        closed = true
        if let temporaryPath {
            fclose(file)
            unlink(temporaryPath)
        } else {
            fflush(file)
        }
    }
}
