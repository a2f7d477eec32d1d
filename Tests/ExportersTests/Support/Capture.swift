import AegisAudit
import Foundation

@testable import Exporters

/// A fresh path in a new temporary directory; the directory is removed by ``cleanUp()``.
struct ScratchDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("aegis-exporters-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// The names in the directory, hidden ones included.
    func contents() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: url.path).sorted() }

    func cleanUp() { try? FileManager.default.removeItem(at: url) }
}

/// What `body` writes to an OutputStream, read back from a committed atomic file.
func captureOutput(_ body: (Exporters.OutputStream) throws -> Void) throws -> String {
    let directory = try ScratchDirectory()
    defer { directory.cleanUp() }
    let path = directory.path("out")
    let output = try Exporters.OutputStream.atomicFile(path: path)
    try body(output)
    try output.commit()
    return try String(contentsOfFile: path, encoding: .utf8)
}

/// The text a sink of `format` writes for `columns` and `rows`.
func render(
    _ makeSink: (Exporters.OutputStream) -> RowSink, columns: [ResultColumn], rows: [[CacheValue]]
) throws -> String {
    try captureOutput { output in
        let sink = makeSink(output)
        try sink.begin(columns: columns)
        for row in rows { try sink.write(row: row) }
        try sink.finish()
    }
}

/// Plain columns (no declared type) named `names`.
func columns(_ names: String...) -> [ResultColumn] { names.map { ResultColumn(name: $0, declaredType: nil) } }
