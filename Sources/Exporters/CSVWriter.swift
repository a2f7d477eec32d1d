import AegisAudit

/// RFC 4180 CSV with a header row: fields with a comma, quote, CR or LF are quoted, NULL is an
/// empty field, blobs are hex. Values are written verbatim (no spreadsheet-formula mangling),
/// since an export is evidence.
final class CSVWriter: RowSink {
    private let output: OutputStream

    init(output: OutputStream) { self.output = output }

    func begin(columns: [ResultColumn]) throws {
        output.write(columns.map { Self.field($0.name) }.joined(separator: ",") + "\r\n")
    }

    func write(row: [CacheValue]) throws {
        var line = ""
        for (index, value) in row.enumerated() {
            if index > 0 { line += "," }
            switch value {
            case .null: break
            case .integer(let number): line += String(number)
            case .real(let number): line += String(number)
            case .text(let text): line += Self.field(text)
            case .blob(let bytes): line += ValueText.hex(bytes)
            }
        }
        output.write(line + "\r\n")
    }

    func finish() throws {}

    static func field(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
