import AegisAudit
import Foundation
import Testing

@testable import Exporters

/// Exports `rows` to `path` through an ``ExportSession`` and returns the manifest written.
@discardableResult
func export(
    to path: String, format: ExportFormat, options: ExportOptions = ExportOptions(), columns: [ResultColumn],
    rows: [[CacheValue]], commandLine: [String] = ["aegis-audit", "export"]
) throws -> ExportManifest {
    let session = try ExportSession(path: path, format: format, options: options)
    let sink = session.rowSink()
    try sink.begin(columns: columns)
    for row in rows { try sink.write(row: row) }
    try sink.finish()
    let provenance = ExportProvenance(
        commandLine: commandLine, subject: .init(kind: "query", text: "from fixture"))
    return try #require(try session.commit(provenance: provenance))
}
