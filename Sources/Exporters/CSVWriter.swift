import AegisAudit

/// RFC 4180 CSV in UTF-8 with a header row and CRLF line ends: fields with a comma, quote, CR
/// or LF are quoted. NULL is an empty field and empty text a quoted empty field (`""`), so the
/// two stay apart when the file is read back; blobs are hex (an empty one `""`); non-finite
/// reals are NULL.
/// Cells that a spreadsheet would run as a formula are neutralised (``FormulaGuard``) unless
/// `neutraliseFormulas` is false (`--raw-csv`); header names too.
final class CSVWriter: RowSink {
    private let output: OutputStream
    private let neutraliseFormulas: Bool

    init(output: OutputStream, neutraliseFormulas: Bool = true) {
        self.output = output
        self.neutraliseFormulas = neutraliseFormulas
    }

    func begin(columns: [ResultColumn]) throws {
        output.write(columns.map { Self.field(cell($0.name)) }.joined(separator: ",") + "\r\n")
    }

    func write(row: [CacheValue]) throws {
        var line = ""
        for (index, value) in row.enumerated() {
            if index > 0 { line += "," }
            switch value {
            case .null: break
            case .integer(let number): line += String(number)
            case .real(let number): if number.isFinite { line += String(number) }
            case .text(let text): line += text.isEmpty ? "\"\"" : Self.field(cell(text))
            case .blob(let bytes): line += bytes.isEmpty ? "\"\"" : ValueText.hex(bytes)
            }
        }
        output.write(line + "\r\n")
    }

    func finish() throws {}

    private func cell(_ text: String) -> String { neutraliseFormulas ? FormulaGuard.neutralise(text) : text }

    /// `text` as one CSV field, quoted when it must be.
    static func field(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
