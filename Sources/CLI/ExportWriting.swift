import AegisAudit
import Exporters
import Foundation

/// Runs one statement on the cache into an export: streamed through an ``ExportSession`` (file
/// written atomically, then its manifest; `-` for standard output, without one).
enum ExportWriting {
    /// Writes the result of `statement` to `path`; returns the manifest (nil for standard output).
    @discardableResult
    static func write(
        _ statement: String, parameters: [CacheValue] = [], cache: Cache, to path: String, format: ExportFormat,
        options: ExportOptions, provenance: ExportProvenance, jsonColumns: Set<String> = [],
        adjustError: (Error) -> Error = { $0 }
    ) throws -> ExportManifest? {
        let session = try ExportSession(path: path, format: format, options: options)
        do {
            var sink = session.rowSink()
            if !jsonColumns.isEmpty { sink = JSONColumnMarking(writing: sink, names: jsonColumns) }
            try CacheQuery.run(statement, parameters: parameters, on: cache, into: sink)
            var provenance = provenance
            if session.writesManifest { try provenance.loadSources(from: cache) }
            return try session.commit(provenance: provenance)
        } catch {
            session.abandon()
            throw adjustError(error)
        }
    }
}

/// Declares computed columns (a JSON array built in SQL) as JSON documents, so that JSON
/// exports embed them and the manifest marks them.
final class JSONColumnMarking: RawRowSink {
    private let writer: RowSink
    private let rawWriter: RawRowSink?
    private let names: Set<String>

    init(writing writer: RowSink, names: Set<String>) {
        self.writer = writer
        rawWriter = writer as? RawRowSink
        self.names = names
    }

    func begin(columns: [ResultColumn]) throws {
        try writer.begin(
            columns: columns.map {
                names.contains($0.name) ? ResultColumn(name: $0.name, declaredType: "JSONTEXT") : $0
            })
    }

    func write(row: [CacheValue]) throws { try writer.write(row: row) }

    func write(raw row: RawRow) throws {
        if let rawWriter { try rawWriter.write(raw: row) } else { try writer.write(row: row.values) }
    }
    func finish() throws { try writer.finish() }
}
