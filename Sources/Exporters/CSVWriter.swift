import AegisAudit

/// RFC 4180 CSV in UTF-8 with a header row and CRLF line ends: fields with a comma, quote, CR
/// or LF are quoted. NULL is an empty field and empty text a quoted empty field (`""`), so the
/// two stay apart when the file is read back; blobs are hex (an empty one `""`); non-finite
/// reals are NULL.
/// Cells that a spreadsheet would run as a formula are neutralised (``FormulaGuard``) unless
/// `neutraliseFormulas` is false (`--raw-csv`); header names too.
final class CSVWriter: RawRowSink {
    private let output: OutputStream
    private let neutraliseFormulas: Bool

    init(output: OutputStream, neutraliseFormulas: Bool = true) {
        self.output = output
        self.neutraliseFormulas = neutraliseFormulas
    }

    /// The line being written, reused from row to row (no per-cell strings).
    private var line: [UInt8] = []

    func begin(columns: [ResultColumn]) throws {
        line.removeAll(keepingCapacity: true)
        for (index, column) in columns.enumerated() {
            if index > 0 { line.append(UInt8(ascii: ",")) }
            Self.appendField(cell(column.name), to: &line)
        }
        endLine()
    }

    func write(row: [CacheValue]) throws {
        line.removeAll(keepingCapacity: true)
        for (index, value) in row.enumerated() {
            if index > 0 { line.append(UInt8(ascii: ",")) }
            switch value {
            case .null: break
            case .integer(let number): line.append(contentsOf: String(number).utf8)
            case .real(let number): if number.isFinite { line.append(contentsOf: String(number).utf8) }
            case .text(let text):
                if text.isEmpty {
                    line.append(contentsOf: [0x22, 0x22])
                } else {
                    Self.appendField(cell(text), to: &line)
                }
            case .blob(let bytes):
                if bytes.isEmpty {
                    line.append(contentsOf: [0x22, 0x22])
                } else {
                    line.append(contentsOf: ValueText.hex(bytes).utf8)
                }
            }
        }
        endLine()
    }

    /// ``write(row:)`` for a row read in place: the same bytes, without a value per cell.
    func write(raw row: RawRow) throws {
        // Built in a local buffer (the reused one, swapped out and back): appending to a
        // property would check exclusive access at every byte.
        var line: [UInt8] = []
        swap(&line, &self.line)
        defer { swap(&line, &self.line) }
        line.removeAll(keepingCapacity: true)
        for index in 0..<row.count {
            if index > 0 { line.append(UInt8(ascii: ",")) }
            switch row.type(index) {
            case .null: break
            case .integer: ValueText.appendDecimal(row.int64(index), to: &line)
            case .real:
                let number = row.double(index)
                if number.isFinite { line.append(contentsOf: String(number).utf8) }
            case .text:
                row.withUTF8(index) { utf8 in
                    if utf8.isEmpty {
                        line.append(contentsOf: [0x22, 0x22])
                    } else if neutraliseFormulas && FormulaGuard.needsQuote(utf8) {
                        Self.appendField(FormulaGuard.neutralise(String(decoding: utf8, as: UTF8.self)), to: &line)
                    } else {
                        Self.appendField(utf8: utf8, to: &line)
                    }
                }
            case .blob:
                row.withBlob(index) { bytes in
                    if bytes.isEmpty { line.append(contentsOf: [0x22, 0x22]) } else { ValueText.appendHex(bytes, to: &line) }
                }
            }
        }
        line.append(contentsOf: [0x0D, 0x0A])
        output.write(bytes: line)
    }

    func finish() throws {}

    private func endLine() {
        line.append(contentsOf: [0x0D, 0x0A])
        output.write(bytes: line)
    }

    private func cell(_ text: String) -> String { neutraliseFormulas ? FormulaGuard.neutralise(text) : text }

    /// `text` as one CSV field, quoted when it must be.
    static func field(_ text: String) -> String {
        var bytes: [UInt8] = []
        appendField(text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `text` as one CSV field: quoted, with quotes doubled, when it holds a comma, a
    /// quote, CR or LF; as it is otherwise.
    static func appendField(_ text: String, to output: inout [UInt8]) {
        var text = text
        text.withUTF8 { appendField(utf8: $0, to: &output) }
    }

    /// Whether a field holds a comma, a quote, CR or LF: eight bytes at a time (a byte equal to
    /// one of them is a zero byte of the word XORed with it, found by the usual bit trick).
    static func needsQuoting(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let raw = UnsafeRawPointer(base)
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        func hasZeroByte(_ word: UInt64) -> Bool { (word &- ones) & ~word & highs != 0 }
        var index = 0
        while index + 8 <= bytes.count {
            let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            if hasZeroByte(word ^ (ones &* 0x2C)) || hasZeroByte(word ^ (ones &* 0x22))
                || hasZeroByte(word ^ (ones &* 0x0A)) || hasZeroByte(word ^ (ones &* 0x0D))
            {
                return true
            }
            index += 8
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x2C || byte == 0x22 || byte == 0x0A || byte == 0x0D { return true }
            index += 1
        }
        return false
    }

    static func appendField(utf8 bytes: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        guard needsQuoting(bytes) else {
            output.append(contentsOf: bytes)
            return
        }
        output.append(0x22)
        for byte in bytes {
            output.append(byte)
            if byte == 0x22 { output.append(0x22) }
        }
        output.append(0x22)
    }
}
