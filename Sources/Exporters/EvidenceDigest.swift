import AegisAudit
import Crypto
import Foundation

/// The canonical evidence hash of an export (docs/exports.md, "The evidence hash"): SHA-256
/// over the column names, then every row's values, each value framed as in the cache's row
/// hash (`0x00` for NULL, or `0x01`, its length as 4 bytes big-endian, its UTF-8 bytes).
/// Values are in their canonical text (``canonicalText(_:json:)``), so the hash does not
/// depend on the format, the time zone or CSV formula neutralisation. Streaming: frames are
/// gathered into chunks that are hashed on the export's hashing thread (``BackgroundSHA256``).
public struct EvidenceDigest {
    private static let chunkSize = 256 * 1024
    private let hasher = BackgroundSHA256()
    /// Frames not yet handed to the hasher.
    private var frame: [UInt8] = []
    private var jsonColumns: [Bool] = []
    /// Rows added so far.
    public private(set) var rowCount = 0

    public init() {}

    /// Starts with the header: the column names, and which columns hold JSON documents.
    public mutating func begin(columnNames: [String], jsonColumns: [Bool]) {
        self.jsonColumns = jsonColumns
        frame.removeAll(keepingCapacity: true)
        for name in columnNames { append(Array(name.utf8)) }
        flush()
    }

    /// Adds one row as it came from the cache.
    public mutating func add(row: [CacheValue]) {
        for (index, value) in row.enumerated() {
            let json = index < jsonColumns.count && jsonColumns[index]
            switch value {
            case .text(let text):
                // The same frame as `append(canonicalText(...))`, without copying the text.
                if json && JSONDocument.isEmbeddable(text) {
                    appendDocument(text)
                } else {
                    appendFrame(text.utf8)
                }
            case .integer(let number): appendFrame(String(number).utf8)
            default: append(Self.canonicalText(value, json: json))
            }
        }
        flush()
        rowCount += 1
    }

    /// Adds one row as it came from the cache, read in place: the same frames as
    /// ``add(row:)`` gives for its values.
    public mutating func add(raw row: RawRow) {
        for index in 0..<row.count {
            let json = index < jsonColumns.count && jsonColumns[index]
            switch row.type(index) {
            case .null: frame.append(0)
            case .integer:
                // The header's length is patched once the digits are written.
                let start = frame.count
                appendHeader(length: 0)
                ValueText.appendDecimal(row.int64(index), to: &frame)
                patchLength(at: start)
            case .real: append(Self.canonicalText(.real(row.double(index)), json: json))
            case .text:
                row.withUTF8(index) { utf8 in
                    // A document's canonical text differs from the cached text only when it has
                    // white space around it or a line break in it; when it has neither, whether
                    // it is a document at all does not matter here.
                    if json && Self.canonicalisationMayChange(utf8)
                        && row.flag(index, { JSONDocument.isEmbeddable(utf8: utf8) })
                    {
                        appendDocument(utf8: utf8)
                    } else {
                        appendFrame(utf8)
                    }
                }
            case .blob:
                let start = frame.count
                appendHeader(length: 0)
                row.withBlob(index) { ValueText.appendHex($0, to: &frame) }
                patchLength(at: start)
            }
        }
        flush()
        rowCount += 1
    }

    /// Adds one row read back from an export: each cell's text, nil for NULL.
    public mutating func add(cells: [String?]) {
        for (index, cell) in cells.enumerated() {
            append(cell.map { Self.canonicalText(text: $0, json: index < jsonColumns.count && jsonColumns[index]) })
        }
        flush()
        rowCount += 1
    }

    /// The hash so far, as lowercase hex.
    public func hexDigest() -> String { Self.hex(hasher.finalize(appending: frame)) }

    /// A value's canonical text: integers in decimal, finite reals as Swift prints them (the
    /// shortest text that reads back to the same double), non-finite reals as NULL, blobs as
    /// lowercase hex, text as cached, except that a JSON document (an object or array in a
    /// JSON column) loses the white space around it and has its line breaks turned into spaces:
    /// outside strings they can only be white space, and JSON Lines cannot keep them.
    static func canonicalText(_ value: CacheValue, json: Bool) -> [UInt8]? {
        switch value {
        case .null: return nil
        case .integer(let number): return Array(String(number).utf8)
        case .real(let number): return number.isFinite ? Array(String(number).utf8) : nil
        case .text(let text): return canonicalText(text: text, json: json)
        case .blob(let bytes): return Array(ValueText.hex(bytes).utf8)
        }
    }

    static func canonicalText(text: String, json: Bool) -> [UInt8] {
        guard json, JSONDocument.isEmbeddable(text) else { return Array(text.utf8) }
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        let bytes = Array(text.utf8)
        guard let first = bytes.firstIndex(where: { !isSpace($0) }), let last = bytes.lastIndex(where: { !isSpace($0) })
        else { return [] }
        return bytes[first...last].map { $0 == 0x0A || $0 == 0x0D ? 0x20 : $0 }
    }

    private mutating func append(_ bytes: [UInt8]?) {
        guard let bytes else { return frame.append(0) }
        appendFrame(bytes)
    }

    private mutating func appendFrame<Bytes: Collection>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        appendHeader(length: bytes.count)
        frame.append(contentsOf: bytes)
    }

    private mutating func appendHeader(length count: Int) {
        let length = UInt32(truncatingIfNeeded: count)
        frame.append(1)
        frame.append(UInt8(truncatingIfNeeded: length >> 24))
        frame.append(UInt8(truncatingIfNeeded: length >> 16))
        frame.append(UInt8(truncatingIfNeeded: length >> 8))
        frame.append(UInt8(truncatingIfNeeded: length))
    }

    /// Whether ``canonicalText(text:json:)`` could differ from `utf8` itself: white space at
    /// either end, or a CR or LF anywhere.
    static func canonicalisationMayChange(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = utf8.first, let last = utf8.last else { return false }
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        if isSpace(first) || isSpace(last) { return true }
        guard let base = utf8.baseAddress else { return false }
        return memchr(base, 0x0A, utf8.count) != nil || memchr(base, 0x0D, utf8.count) != nil
    }

    /// Sets the length of the frame whose header starts at `start` to what follows the header.
    private mutating func patchLength(at start: Int) {
        let length = UInt32(truncatingIfNeeded: frame.count - start - 5)
        frame[start + 1] = UInt8(truncatingIfNeeded: length >> 24)
        frame[start + 2] = UInt8(truncatingIfNeeded: length >> 16)
        frame[start + 3] = UInt8(truncatingIfNeeded: length >> 8)
        frame[start + 4] = UInt8(truncatingIfNeeded: length)
    }

    /// The frame of an embeddable JSON document's canonical text (``canonicalText(text:json:)``):
    /// trimmed, line breaks as spaces, written straight into the frame.
    private mutating func appendDocument(_ text: String) {
        var text = text
        text.withUTF8 { appendDocument(utf8: $0) }
    }

    private mutating func appendDocument(utf8: UnsafeBufferPointer<UInt8>) {
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        guard let first = utf8.firstIndex(where: { !isSpace($0) }),
            let last = utf8.lastIndex(where: { !isSpace($0) })
        else { return appendHeader(length: 0) }
        let document = UnsafeBufferPointer(rebasing: utf8[first...last])
        appendHeader(length: document.count)
        let start = frame.count
        frame.append(contentsOf: document)
        for index in start..<frame.count where frame[index] == 0x0A || frame[index] == 0x0D {
            frame[index] = 0x20
        }
    }

    /// Ends a row (or the header): hands the frames over once they fill a chunk.
    private mutating func flush() {
        guard frame.count >= Self.chunkSize else { return }
        hasher.update(frame)
        frame = []
        frame.reserveCapacity(Self.chunkSize + 4096)
    }

    static func hex<Digest: Sequence>(_ digest: Digest) -> String where Digest.Element == UInt8 {
        ValueText.hex(Array(digest))
    }
}
