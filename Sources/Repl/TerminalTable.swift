import AegisAudit
import Exporters

/// A result as a table for a person at a terminal: columns sized to the content and shrunk to
/// fit the terminal's width (wide cells cut with "…", columns that still do not fit named
/// below), at most ``TableStyle/maxRows`` rows then "N more rows", NULL shown as a dim `NULL`,
/// numbers right-aligned, the cache's UTC timestamps as `2026-11-18 02:14:05Z`.
public final class TerminalTable: RowSink {
    private let emit: (String) -> Void
    private let style: TableStyle
    private var headers: [String] = []
    private var kept: [[Cell]] = []
    private var rows = 0
    private var layout: Layout?

    public convenience init(output: Exporters.OutputStream, style: TableStyle) {
        self.init(style: style) { output.write($0) }
    }

    /// A table whose text goes to `emit`, piece by piece.
    init(style: TableStyle, emit: @escaping (String) -> Void) {
        self.style = style
        self.emit = emit
    }

    public func begin(columns: [ResultColumn]) throws { headers = columns.map(\.name) }

    public func write(row: [CacheValue]) throws {
        rows += 1
        if let layout {
            emit(render(row.map(Cell.init), layout: layout))
            return
        }
        let cap = style.maxRows > 0 ? style.maxRows : TableStyle.sampleRows
        guard kept.count < cap else { return }
        kept.append(row.map(Cell.init))
        if style.maxRows == 0, kept.count == cap { startStreaming() }
    }

    public func finish() throws {
        if layout == nil { startStreaming() }
        let hidden = layout?.hiddenColumns ?? []
        let shown = min(rows, style.maxRows > 0 ? style.maxRows : rows)
        var footer = "(\(rows) row\(rows == 1 ? "" : "s"))"
        if shown < rows {
            footer = "… \(rows - shown) more row\(rows - shown == 1 ? "" : "s") (\(rows) in all; .maxrows to show more)"
        }
        emit(dim(footer) + "\n")
        if !hidden.isEmpty {
            let names = hidden.map { headers[$0] }.joined(separator: ", ")
            emit(dim("\(hidden.count) column\(hidden.count == 1 ? "" : "s") not shown: \(names)") + "\n")
        }
    }

    /// Sizes the columns from the rows kept so far, prints them, and prints later rows as they come.
    private func startStreaming() {
        let layout = Layout(headers: headers, rows: kept, style: style)
        self.layout = layout
        guard !headers.isEmpty else { return }
        var header = ""
        var rule = ""
        for (position, column) in layout.columns.enumerated() {
            let width = layout.widths[position]
            let name = DisplayWidth.truncate(headers[column], to: width)
            let padded = pad(name, to: width, right: layout.numeric[position])
            header += (position > 0 ? "  " : "") + (style.colours ? "\u{1B}[1m\(padded)\u{1B}[0m" : padded)
            rule += (position > 0 ? "  " : "") + String(repeating: "─", count: width)
        }
        emit(trimEnd(header) + "\n" + dim(rule) + "\n")
        for row in kept { emit(render(row, layout: layout)) }
        kept = []
    }

    private func render(_ row: [Cell], layout: Layout) -> String {
        var line = ""
        for (position, column) in layout.columns.enumerated() {
            let cell = row[column]
            let width = layout.widths[position]
            let text = pad(DisplayWidth.truncate(cell.text, to: width), to: width, right: cell.isNumber)
            line += (position > 0 ? "  " : "") + (cell.isNull ? dim(text) : text)
        }
        return trimEnd(line) + "\n"
    }

    private func pad(_ text: String, to width: Int, right: Bool) -> String {
        let gap = String(repeating: " ", count: max(0, width - DisplayWidth.of(text)))
        return right ? gap + text : text + gap
    }

    private func trimEnd(_ line: String) -> String {
        var line = line
        while line.last == " " { line.removeLast() }
        return line
    }

    private func dim(_ text: String) -> String { style.colours ? "\u{1B}[2m\(text)\u{1B}[0m" : text }
}

extension TerminalTable {
    /// One value as shown.
    struct Cell {
        let text: String
        let isNumber: Bool
        let isNull: Bool

        init(_ value: CacheValue) {
            switch value {
            case .null: (text, isNumber, isNull) = ("NULL", false, true)
            case .integer(let number): (text, isNumber, isNull) = (String(number), true, false)
            case .real(let number): (text, isNumber, isNull) = (String(number), true, false)
            case .blob(let bytes):
                (text, isNumber, isNull) = ("x'" + bytes.map(Self.hex).joined() + "'", false, false)
            case .text(let text): (self.text, isNumber, isNull) = (Self.shown(text), false, false)
            }
        }

        private static func hex(_ byte: UInt8) -> String {
            let digits = Array("0123456789abcdef")
            return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
        }

        /// The cache's timestamps (`2026-11-18T02:14:05.000000Z`) as `2026-11-18 02:14:05Z`, the
        /// fraction kept only when not zero; control characters as escapes.
        static func shown(_ text: String) -> String {
            if let time = UTCTimestampText.display(text) { return time }
            guard text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return text }
            var out = ""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case _ where scalar.value < 0x20 || scalar.value == 0x7F: out += "\\x" + String(scalar.value, radix: 16)
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out
        }
    }

    /// Which columns are shown, how wide, and which are right-aligned.
    struct Layout {
        let columns: [Int]
        let widths: [Int]
        let numeric: [Bool]
        let hiddenColumns: [Int]

        init(headers: [String], rows: [[Cell]], style: TableStyle) {
            let count = headers.count
            var natural = headers.map(DisplayWidth.of)
            var numeric = [Bool](repeating: true, count: count)
            var anyValue = [Bool](repeating: false, count: count)
            for row in rows {
                for (index, cell) in row.enumerated() {
                    natural[index] = max(natural[index], DisplayWidth.of(cell.text))
                    if !cell.isNull {
                        anyValue[index] = true
                        if !cell.isNumber { numeric[index] = false }
                    }
                }
            }
            natural = natural.map { min($0, TableStyle.maximumCell) }
            var widths = natural
            var columns = Array(0..<count)
            if let limit = style.width {
                let minimum = natural.map { min($0, TableStyle.minimumColumn) }
                func total() -> Int { columns.map { widths[$0] }.reduce(0, +) + 2 * max(0, columns.count - 1) }
                // Shrink the widest column a cell at a time; drop columns from the right when
                // every column is already at its minimum.
                while total() > limit {
                    if let widest = columns.filter({ widths[$0] > minimum[$0] }).max(by: { widths[$0] < widths[$1] }) {
                        widths[widest] -= 1
                    } else if columns.count > 1 {
                        columns.removeLast()
                    } else {
                        widths[columns[0]] = max(1, limit)
                        break
                    }
                }
            }
            self.columns = columns
            self.widths = columns.map { widths[$0] }
            self.numeric = columns.map { numeric[$0] && anyValue[$0] }
            self.hiddenColumns = Array(columns.count..<count)
        }
    }
}
