import AegisAudit
import AegisSources

/// A JSON array of objects, or JSON Lines (one object per line). Columns holding JSON
/// documents (declared JSONTEXT in the cache) are embedded as JSON when their text is a valid
/// JSON object or array (``JSONDocument``), and as strings otherwise.
final class JSONWriter: RawRowSink {
    private let output: OutputStream
    private let linesMode: Bool
    /// Each column's `"name":`, as bytes.
    private var keys: [[UInt8]] = []
    private var embedJSON: [Bool] = []
    private var rows = 0
    /// The object being written, reused from row to row (no per-cell strings).
    private var line: [UInt8] = []

    init(output: OutputStream, linesMode: Bool) {
        self.output = output
        self.linesMode = linesMode
    }

    func begin(columns: [ResultColumn]) throws {
        keys = columns.map { Array(ValueText.jsonString($0.name).utf8) + [UInt8(ascii: ":")] }
        embedJSON = columns.map(\.holdsJSON)
        if !linesMode { output.write("[") }
    }

    func write(row: [CacheValue]) throws {
        line.removeAll(keepingCapacity: true)
        if !linesMode { line.append(contentsOf: rows == 0 ? [0x0A] : [0x2C, 0x0A]) }
        line.append(UInt8(ascii: "{"))
        for (index, value) in row.enumerated() {
            if index > 0 { line.append(UInt8(ascii: ",")) }
            line.append(contentsOf: keys[index])
            switch value {
            case .null: line.append(contentsOf: "null".utf8)
            case .integer(let number): line.append(contentsOf: String(number).utf8)
            case .real(let number): line.append(contentsOf: ValueText.jsonNumber(number).utf8)
            case .text(let text):
                if embedJSON[index] && JSONDocument.isEmbeddable(text) {
                    appendDocument(text)
                } else {
                    JSONText.append(text, to: &line)
                }
            case .blob(let bytes):
                line.append(0x22)
                line.append(contentsOf: ValueText.hex(bytes).utf8)
                line.append(0x22)
            }
        }
        line.append(UInt8(ascii: "}"))
        if linesMode { line.append(0x0A) }
        output.write(bytes: line)
        rows += 1
    }

    /// ``write(row:)`` for a row read in place: the same bytes, without a value per cell.
    func write(raw row: RawRow) throws {
        // Built in a local buffer (the reused one, swapped out and back): appending to a
        // property would check exclusive access at every byte.
        var line: [UInt8] = []
        swap(&line, &self.line)
        defer { swap(&line, &self.line) }
        line.removeAll(keepingCapacity: true)
        if !linesMode { line.append(contentsOf: rows == 0 ? [0x0A] : [0x2C, 0x0A]) }
        line.append(UInt8(ascii: "{"))
        for index in 0..<row.count {
            if index > 0 { line.append(UInt8(ascii: ",")) }
            line.append(contentsOf: keys[index])
            switch row.type(index) {
            case .null: line.append(contentsOf: "null".utf8)
            case .integer: ValueText.appendDecimal(row.int64(index), to: &line)
            case .real: line.append(contentsOf: ValueText.jsonNumber(row.double(index)).utf8)
            case .text:
                row.withUTF8(index) { utf8 in
                    if embedJSON[index] && row.flag(index, { JSONDocument.isEmbeddable(utf8: utf8) }) {
                        appendDocument(utf8: utf8, to: &line)
                    } else {
                        JSONText.append(utf8: utf8, to: &line)
                    }
                }
            case .blob:
                line.append(0x22)
                row.withBlob(index) { ValueText.appendHex($0, to: &line) }
                line.append(0x22)
            }
        }
        line.append(UInt8(ascii: "}"))
        if linesMode { line.append(0x0A) }
        output.write(bytes: line)
        rows += 1
    }

    /// A valid JSON document as it is, except that in JSON Lines it must stay on one line:
    /// outside strings, CR and LF are only whitespace (raw control characters are invalid
    /// inside strings), so they become spaces.
    private func appendDocument(_ json: String) {
        var json = json
        json.withUTF8 { appendDocument(utf8: $0, to: &line) }
    }

    private func appendDocument(utf8: UnsafeBufferPointer<UInt8>, to line: inout [UInt8]) {
        let start = line.count
        line.append(contentsOf: utf8)
        guard linesMode else { return }
        for index in start..<line.count where line[index] == 0x0A || line[index] == 0x0D { line[index] = 0x20 }
    }

    func finish() throws {
        if !linesMode { output.write(rows == 0 ? "]\n" : "\n]\n") }
    }
}
