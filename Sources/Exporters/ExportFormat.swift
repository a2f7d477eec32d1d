import AegisAudit

/// The formats query results and extracts can be written in (`--format`).
public enum ExportFormat: String, CaseIterable, Sendable, Codable {
    case table, csv, json, jsonl, markdown
    case timesketchJSONL = "timesketch-jsonl"
    case timesketchCSV = "timesketch-csv"

    /// The names `--format` accepts, for help texts and errors.
    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// A sink writing this format to `output`, with the default options (UTC, CSV formula cells
    /// neutralised). Timestamps are rendered in `options.zone` by ``sink(to:options:)``.
    public func sink(to output: OutputStream) -> RowSink {
        sink(to: output, options: ExportOptions())
    }

    /// A sink writing this format to `output`: timestamps rendered in `options.zone`, CSV cells
    /// neutralised unless `options.rawCSV`, Timesketch columns chosen by `options.timesketch`.
    public func sink(to output: OutputStream, options: ExportOptions) -> RowSink {
        let writer: RowSink
        switch self {
        case .table: writer = TableWriter(output: output)
        case .csv: writer = CSVWriter(output: output, neutraliseFormulas: !options.rawCSV)
        case .json: writer = JSONWriter(output: output, linesMode: false)
        case .jsonl: writer = JSONWriter(output: output, linesMode: true)
        case .markdown: writer = MarkdownWriter(output: output)
        case .timesketchJSONL:
            writer = TimesketchWriter(output: output, options: options.timesketch, encoding: .jsonLines)
        case .timesketchCSV:
            writer = TimesketchWriter(
                output: output, options: options.timesketch, encoding: .csv(neutraliseFormulas: !options.rawCSV))
        }
        return options.zone == .utc ? writer : ZoneRenderingSink(writing: writer, zone: options.zone)
    }

    /// Whether ``ExportVerifier`` can read the rows back from a file of this format and
    /// recompute their canonical hash (otherwise only the file's hash is checked).
    public var rowsCanBeReadBack: Bool {
        switch self {
        case .csv, .json, .jsonl: return true
        case .table, .markdown, .timesketchJSONL, .timesketchCSV: return false
        }
    }

    /// Whether this format is CSV, so formula neutralisation applies to it.
    public var isCSV: Bool { self == .csv || self == .timesketchCSV }
}
