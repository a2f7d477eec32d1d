import AegisAudit
import Foundation
import Testing

@testable import Exporters

private func bytes(_ path: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: path))) }
private func write(_ bytes: [UInt8], _ path: String) throws { try Data(bytes).write(to: URL(fileURLWithPath: path)) }

/// Rewrites the manifest's file size and SHA-256 to match the file as it is now, as someone
/// covering their tracks would: only the evidence hash can then tell.
private func refreshFileHash(_ path: String) throws {
    let manifestPath = ExportManifest.path(forExport: path)
    var manifest = try ExportManifest.read(path: manifestPath)
    let data = try bytes(path)
    manifest.file.bytes = Int64(data.count)
    manifest.file.sha256 = ValueText.hex(Array(SHA256Digest.of(data)))
    try manifest.encoded().write(to: URL(fileURLWithPath: manifestPath))
}

@Suite struct ExportVerifierTests {
    static let variants: [(ExportFormat, ExportOptions)] = [
        (.csv, ExportOptions()), (.csv, ExportOptions(rawCSV: true)),
        (.csv, ExportOptions(zone: DisplayZone("Asia/Kolkata")!)),
        (.json, ExportOptions()), (.json, ExportOptions(zone: DisplayZone("-08:00")!)), (.jsonl, ExportOptions()),
        (.jsonl, ExportOptions(zone: DisplayZone("America/New_York")!)),
    ]

    @Test(arguments: variants.indices)
    func anUntouchedExportVerifiesWithTheSameEvidenceHashInEveryFormat(index: Int) throws {
        let (format, options) = Self.variants[index]
        let directory = try ScratchDirectory()
        defer { directory.cleanUp() }
        let path = directory.path("evidence.\(format.rawValue)")
        let manifest = try export(
            to: path, format: format, options: options, columns: EvidenceFixture.columns, rows: EvidenceFixture.rows)
        let result = try ExportVerifier.verify(exportPath: path)
        #expect(result.passed, "\(result.checks)")
        #expect(result.checks.map(\.outcome) == [.passed, .passed])
        // The evidence hash is the same whatever the format, zone or neutralisation.
        let reference = try export(
            to: directory.path("reference.csv"), format: .csv, columns: EvidenceFixture.columns,
            rows: EvidenceFixture.rows)
        #expect(manifest.evidenceSHA256 == reference.evidenceSHA256)
        #expect(manifest.rows == EvidenceFixture.rows.count)
    }

    @Test(arguments: [ExportFormat.csv, .json, .jsonl, .markdown, .timesketchJSONL])
    func aChangedByteIsDetected(format: ExportFormat) throws {
        let directory = try ScratchDirectory()
        defer { directory.cleanUp() }
        let path = directory.path("evidence.out")
        let rows = EvidenceFixture.rows.filter {
            if case .text(let t) = $0[0] { return t.hasPrefix("2026") } else { return false }
        }
        try export(to: path, format: format, columns: EvidenceFixture.columns, rows: rows)
        var data = try bytes(path)
        let index = try #require(data.firstIndex(of: UInt8(ascii: "1")))
        data[index] = UInt8(ascii: "7")
        try write(data, path)
        let result = try ExportVerifier.verify(exportPath: path)
        #expect(!result.passed)
        #expect(result.checks.first { $0.name == "file" }?.outcome == .failed)
    }

    @Test(arguments: [ExportFormat.csv, .json, .jsonl])
    func aChangedRowIsDetectedEvenWithARecomputedFileHash(format: ExportFormat) throws {
        let directory = try ScratchDirectory()
        defer { directory.cleanUp() }
        let path = directory.path("evidence.out")
        try export(to: path, format: format, columns: EvidenceFixture.columns, rows: EvidenceFixture.rows)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try text.replacingOccurrences(of: "198.51.100.250", with: "10.0.0.1").write(
            toFile: path, atomically: true, encoding: .utf8)
        try refreshFileHash(path)
        let result = try ExportVerifier.verify(exportPath: path)
        #expect(result.checks.first { $0.name == "file" }?.outcome == .passed)
        let rows = try #require(result.checks.first { $0.name == "rows" })
        #expect(rows.outcome == .failed)
        #expect(rows.detail.contains("evidence SHA-256"))
    }

    @Test(arguments: [ExportFormat.csv, .json, .jsonl])
    func jsonDocumentsWithSurroundingWhiteSpaceVerify(format: ExportFormat) throws {
        let directory = try ScratchDirectory()
        defer { directory.cleanUp() }
        let path = directory.path("documents.out")
        let columns = [ResultColumn(name: "d", declaredType: "JSONTEXT")]
        let rows: [[CacheValue]] = [[.text(" {\"a\":\r\n 1} \n")], [.text("\t[1, 2]")], [.text("  ")], [.text("")]]
        let manifest = try export(to: path, format: format, columns: columns, rows: rows)
        let result = try ExportVerifier.verify(exportPath: path)
        #expect(result.passed, "\(result.checks)")
        let reference = try export(to: directory.path("reference.csv"), format: .csv, columns: columns, rows: rows)
        #expect(manifest.evidenceSHA256 == reference.evidenceSHA256)
    }

    @Test func aDeletedRowIsDetected() throws {
        let directory = try ScratchDirectory()
        defer { directory.cleanUp() }
        let path = directory.path("evidence.jsonl")
        try export(to: path, format: .jsonl, columns: EvidenceFixture.columns, rows: EvidenceFixture.rows)
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        try (lines.dropLast().joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        try refreshFileHash(path)
        let rows = try #require(try ExportVerifier.verify(exportPath: path).checks.first { $0.name == "rows" })
        #expect(rows.outcome == .failed)
        #expect(
            rows.detail.contains("\(EvidenceFixture.rows.count - 1) rows, manifest says \(EvidenceFixture.rows.count)"))
    }

    @Test func formatsThatCannotBeReadBackSayWhichChecksRan() throws {
        let directory = try ScratchDirectory()
        defer { directory.cleanUp() }
        let path = directory.path("evidence.md")
        try export(to: path, format: .markdown, columns: EvidenceFixture.columns, rows: EvidenceFixture.rows)
        let result = try ExportVerifier.verify(exportPath: path)
        #expect(result.passed)
        #expect(result.checks.map(\.outcome) == [.passed, .skipped])
    }

    @Test func aMissingManifestIsAClearError() throws {
        let directory = try ScratchDirectory()
        defer { directory.cleanUp() }
        let path = directory.path("lonely.csv")
        try "a\r\n".write(toFile: path, atomically: true, encoding: .utf8)
        let error = try #require(throws: ExportError.self) { try ExportVerifier.verify(exportPath: path) }
        #expect(error.description.contains("lonely.csv.manifest.json: not found"))
        try "{not json".write(toFile: path + ".manifest.json", atomically: true, encoding: .utf8)
        let unreadable = try #require(throws: ExportError.self) { try ExportVerifier.verify(exportPath: path) }
        #expect(unreadable.description.contains("unreadable"))
    }
}
