import AegisAudit

/// An aligned text table for a terminal. Column widths come from the header and the first
/// rows (kept in memory up to ``sampleRows``, then streamed); long cells are cut with "…",
/// control characters shown as escapes, NULL as an empty cell.
final class TableWriter: RowSink {
    private let output: OutputStream
    private let maximumWidth: Int
    private let sampleRows: Int
    private var headers: [String] = []
    private var widths: [Int] = []
    private var pending: [[String]] = []
    private var streaming = false
    private var rowCount = 0

    init(output: OutputStream, maximumWidth: Int = 48, sampleRows: Int = 500) {
        self.output = output
        self.maximumWidth = maximumWidth
        self.sampleRows = sampleRows
    }

    func begin(columns: [ResultColumn]) throws {
        headers = columns.map(\.name)
        widths = headers.map { min(maximumWidth, $0.count) }
    }

    func write(row: [CacheValue]) throws {
        let cells = row.map(cell)
        rowCount += 1
        if streaming {
            emit(cells)
            return
        }
        for (index, text) in cells.enumerated() { widths[index] = min(maximumWidth, max(widths[index], text.count)) }
        pending.append(cells)
        if pending.count >= sampleRows { flushSample() }
    }

    func finish() throws {
        if !streaming { flushSample() }
        output.write("(\(rowCount) row\(rowCount == 1 ? "" : "s"))\n")
    }

    private func flushSample() {
        streaming = true
        emit(headers)
        output.write(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n")
        pending.forEach(emit)
        pending = []
    }

    private func emit(_ cells: [String]) {
        var line = ""
        for (index, text) in cells.enumerated() {
            let width = widths[index]
            var shown = text
            if shown.count > width { shown = String(shown.prefix(max(0, width - 1))) + "…" }
            if index > 0 { line += "  " }
            line += shown
            if index < cells.count - 1 { line += String(repeating: " ", count: max(0, width - shown.count)) }
        }
        output.write(line + "\n")
    }

    private func cell(_ value: CacheValue) -> String {
        switch value {
        case .null: return ""
        case .integer(let number): return String(number)
        case .real(let number): return String(number)
        case .blob(let bytes): return ValueText.hex(bytes)
        case .text(let text):
            guard text.unicodeScalars.contains(where: { $0.value < 0x20 }) else { return text }
            var out = ""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case _ where scalar.value < 0x20: out += "\\x" + String(scalar.value, radix: 16)
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out
        }
    }
}
