import Foundation

/// Reads a file byte by byte through a buffer, so that verifying an export needs memory for one
/// row, not for the file.
final class ByteReader {
    private let file: UnsafeMutablePointer<FILE>
    private var buffer = [UInt8](repeating: 0, count: 1 << 16)
    private var start = 0
    private var end = 0
    /// Bytes consumed so far.
    private(set) var offset: Int64 = 0

    init(path: String) throws(ExportError) {
        guard let file = fopen(path, "rb") else {
            throw .unreadableExport(path: path, reason: "cannot open it: \(String(cString: strerror(errno)))")
        }
        self.file = file
    }

    deinit { fclose(file) }

    /// The next byte without consuming it; nil at the end.
    func peek() -> UInt8? {
        if start == end { refill() }
        return start < end ? buffer[start] : nil
    }

    /// Consumes and returns the next byte; nil at the end.
    func next() -> UInt8? {
        guard let byte = peek() else { return nil }
        start += 1
        offset += 1
        return byte
    }

    private func refill() {
        let count = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
        start = 0
        end = count
    }
}
