import AegisAudit

/// A GitHub-flavoured Markdown table: a header row, a delimiter row, one row per result row.
/// In cells `\` and `|` are escaped with a backslash, line breaks become `<br>`, `<` and `&`
/// their entities (so cell text cannot open HTML), NULL is an empty cell, blobs are hex.
final class MarkdownWriter: RowSink {
    private let output: OutputStream

    init(output: OutputStream) { self.output = output }

    func begin(columns: [ResultColumn]) throws {
        let names = columns.map { Self.cell($0.name) }
        output.write("| " + names.joined(separator: " | ") + " |\n")
        output.write("|" + String(repeating: " --- |", count: max(columns.count, 1)) + "\n")
    }

    func write(row: [CacheValue]) throws {
        let cells = row.map { value -> String in
            switch value {
            case .null: return ""
            case .integer(let number): return String(number)
            case .real(let number): return String(number)
            case .text(let text): return Self.cell(text)
            case .blob(let bytes): return ValueText.hex(bytes)
            }
        }
        output.write("| " + cells.joined(separator: " | ") + " |\n")
    }

    func finish() throws {}

    /// `text` safe inside one table cell.
    static func cell(_ text: String) -> String {
        guard text.utf8.contains(where: { [0x5C, 0x7C, 0x0A, 0x0D, 0x3C, 0x26].contains($0) }) else { return text }
        var out = ""
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            defer { previousWasCR = scalar == "\r" }
            switch scalar {
            case "\\": out += "\\\\"
            case "|": out += "\\|"
            case "<": out += "&lt;"
            case "&": out += "&amp;"
            case "\r": out += "<br>"
            case "\n": if !previousWasCR { out += "<br>" }
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
