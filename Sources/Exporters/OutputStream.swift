import Crypto
import Foundation

/// Where an export's bytes go: standard output, or a file that appears under its final name
/// only when complete (written to a temporary file beside it, synced, then renamed). Counts
/// and hashes (SHA-256) every byte it writes, for the export's manifest.
public final class OutputStream {
    private let sink: HashingFileSink
    private let finalPath: String?
    private let temporaryPath: String?
    private var closed = false
    /// Bytes not yet handed to the sink.
    private var pending: [UInt8] = []
    /// Bytes written so far.
    public private(set) var byteCount: Int64 = 0

    /// The file's final path; nil for standard output.
    public var path: String? { finalPath }

    /// SHA-256 of everything written so far, as lowercase hex.
    public var sha256Hex: String {
        drain()
        return ValueText.hex(sink.digest())
    }

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
        sink = HashingFileSink(file: file)
        self.finalPath = finalPath
        self.temporaryPath = temporaryPath
        pending.reserveCapacity(HashingFileSink.chunkSize)
    }

    deinit { abandon() }

    /// Writes UTF-8 text.
    public func write(_ text: String) {
        pending.append(contentsOf: text.utf8)
        byteCount += Int64(text.utf8.count)
        if pending.count >= HashingFileSink.chunkSize { handOff() }
    }

    /// Writes raw bytes.
    public func write(bytes: [UInt8]) {
        pending.append(contentsOf: bytes)
        byteCount += Int64(bytes.count)
        if pending.count >= HashingFileSink.chunkSize { handOff() }
    }

    /// Flushes; for a file, syncs it and moves it to its final name.
    public func commit() throws(ExportError) {
        guard !closed else { return }
        drain()
        closed = true
        let file = sink.file
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
            sink.wait()
            fclose(sink.file)
            unlink(temporaryPath)
        } else {
            drain()
            fflush(sink.file)
        }
    }

    private func handOff() {
        sink.write(pending)
        pending.removeAll(keepingCapacity: true)
    }

    /// Hands over what is pending and waits until the sink has written everything.
    private func drain() {
        if !pending.isEmpty { handOff() }
        sink.wait()
    }
}

/// Writes chunks to a file and hashes them on a thread of its own, so that an export's
/// formatting (on the caller's thread) and its writing and hashing run side by side. At most
/// `maxInFlight` chunks wait at a time: memory stays bounded whatever the export's size.
private final class HashingFileSink: @unchecked Sendable {
    /// The size of the chunks ``OutputStream`` hands over.
    static let chunkSize = 256 * 1024
    private static let maxInFlight = 4

    /// Touched by the caller only after ``wait()``.
    let file: UnsafeMutablePointer<FILE>
    /// Touched only on `queue` (and after ``wait()``).
    private var hasher = SHA256()
    private var queue: DispatchQueue { BackgroundSHA256.queue }
    private let slots = DispatchSemaphore(value: maxInFlight)

    init(file: UnsafeMutablePointer<FILE>) { self.file = file }

    func write(_ chunk: [UInt8]) {
        slots.wait()
        queue.async {
            chunk.withUnsafeBufferPointer { buffer in _ = fwrite(buffer.baseAddress, 1, buffer.count, self.file) }
            self.hasher.update(data: chunk)
            self.slots.signal()
        }
    }

    /// Returns once every chunk handed over is written and hashed.
    func wait() { queue.sync {} }

    /// SHA-256 of every chunk written (call after ``wait()``).
    func digest() -> [UInt8] { queue.sync { Array(hasher.finalize()) } }
}
