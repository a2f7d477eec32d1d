import AegisAudit

/// The formats query results and extracts can be written in.
public enum ExportFormat: String, CaseIterable, Sendable {
    case table, csv, json, jsonl

    /// A sink writing this format to `output`.
    public func sink(to output: OutputStream) -> RowSink {
        switch self {
        case .table: return TableWriter(output: output)
        case .csv: return CSVWriter(output: output)
        case .json: return JSONWriter(output: output, linesMode: false)
        case .jsonl: return JSONWriter(output: output, linesMode: true)
        }
    }
}
