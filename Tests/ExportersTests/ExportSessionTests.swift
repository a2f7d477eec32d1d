import AegisAudit
import Foundation
import Testing

@testable import Exporters

private struct Interrupted: Error {}

@Suite struct ExportSessionTests {
    @Test func manifestDescribesTheFile() throws {
        let directory = try ScratchDirectory()
        defer { directory.cleanUp() }
        let path = directory.path("out.csv")
        let manifest = try export(
            to: path, format: .csv, options: ExportOptions(zone: DisplayZone("+05:30")!),
            columns: EvidenceFixture.columns, rows: EvidenceFixture.rows)
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(manifest.file.bytes == Int64(data.count))
        #expect(manifest.file.sha256 == ValueText.hex(Array(SHA256Digest.of(Array(data)))))
        #expect(manifest.file.timeZone == "+05:30")
        #expect(manifest.file.csvFormulasNeutralised == true)
        #expect(manifest.columns.map(\.name) == EvidenceFixture.columns.map(\.name))
        #expect(manifest.columns.map(\.json) == [false, false, false, true, false, false])
        #expect(try ExportManifest.read(path: path + ".manifest.json") == manifest)
        #expect(try directory.contents() == ["out.csv", "out.csv.manifest.json"])
        let attributes = try FileManager.default.attributesOfItem(atPath: path + ".manifest.json")
        #expect(attributes[.posixPermissions] as? Int == 0o600)
    }

    @Test func anInterruptedExportLeavesNoFileUnderTheFinalName() throws {
        let directory = try ScratchDirectory()
        defer { directory.cleanUp() }
        let path = directory.path("out.jsonl")
        let session = try ExportSession(path: path, format: .jsonl, options: ExportOptions())
        let sink = session.rowSink()
        do {
            try sink.begin(columns: EvidenceFixture.columns)
            for (index, row) in EvidenceFixture.rows.enumerated() {
                if index == 3 { throw Interrupted() }
                try sink.write(row: row)
            }
            Issue.record("not interrupted")
        } catch is Interrupted {
            session.abandon()
        }
        #expect(try directory.contents().isEmpty)
    }

    @Test func aNewExportRemovesAnEarlierManifestBeforeItsFileAppears() throws {
        let directory = try ScratchDirectory()
        defer { directory.cleanUp() }
        let path = directory.path("out.csv")
        let first = try export(to: path, format: .csv, columns: columns("n"), rows: [[.integer(1)]])
        let second = try export(to: path, format: .csv, columns: columns("n"), rows: [[.integer(2)]])
        #expect(first.evidenceSHA256 != second.evidenceSHA256)
        #expect(try ExportManifest.read(path: path + ".manifest.json") == second)
        #expect(try ExportVerifier.verify(exportPath: path).passed)
    }

    @Test func standardOutputGetsNoManifest() throws {
        let session = try ExportSession(path: "-", format: .jsonl, options: ExportOptions())
        #expect(!session.writesManifest)
        let sink = session.rowSink()
        try sink.begin(columns: [])
        try sink.finish()
        #expect(try session.commit(provenance: .init(commandLine: [], subject: .init(kind: "query", text: ""))) == nil)
    }

    @Test func secretsAreMaskedInTheManifest() throws {
        let directory = try ScratchDirectory()
        defer { directory.cleanUp() }
        let path = directory.path("out.csv")
        let commandLine = [
            "/usr/local/bin/aegis-audit", "export", "--password", "hunter2-pass", "--api-token=tok-ABC123",
            "--query", "from x | where note == \"postgresql://auditor:s3cr3t-pw@db/backend\"", "--param",
            "password=another-secret",
        ]
        let session = try ExportSession(path: path, format: .csv, options: ExportOptions())
        let sink = session.rowSink()
        try sink.begin(columns: columns("n"))
        try sink.finish()
        let manifest = try #require(
            try session.commit(
                provenance: .init(
                    commandLine: commandLine,
                    subject: .init(kind: "query", text: "where url == \"postgresql://auditor:s3cr3t-pw@db/backend\""))))
        let text = try String(contentsOfFile: path + ".manifest.json", encoding: .utf8)
        for secret in ["hunter2-pass", "tok-ABC123", "s3cr3t-pw", "another-secret"] {
            #expect(!text.contains(secret), "\(secret) leaked into the manifest")
        }
        #expect(manifest.commandLine.first == "aegis-audit")
        #expect(manifest.commandLine.contains("--password"))
        #expect(manifest.commandLine.contains("--api-token=****"))
    }
}
