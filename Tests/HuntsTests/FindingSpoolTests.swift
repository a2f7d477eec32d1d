import AegisAudit
import Foundation
import Testing

@testable import Hunts

/// Findings kept on disk during a run come back exactly, in order, as often as asked.
struct FindingSpoolTests {
    static func finding(_ number: Int) -> Finding {
        Finding(
            huntID: "hunt-\(number % 3)", severity: number.isMultiple(of: 2) ? .high : .critical,
            time: number == 1 ? nil : "2026-11-18T02:1\(number % 10):00.000000Z",
            summary: "finding \(number): é 🚀 \"quoted\"\nsecond line",
            evidence: (0..<(number % 3)).map { EvidenceReference(table: "action_audit_logs", id: "a\(number)-\($0)") },
            columns: ["id", "count", "ratio", "note", "hash", "empty"],
            values: [
                .text("a\(number)"), .integer(Int64(number) - 3), .real(Double(number) / 7), .null,
                .blob([0, 255, UInt8(number % 256)]), .text(""),
            ])
    }

    @Test func findingsComeBackExactlyAndInOrderOnEveryPass() throws {
        let spool = try FindingSpool()
        let written = (0..<500).map(Self.finding)
        for finding in written { try spool.append(finding) }
        #expect(spool.count == 500)
        for _ in 0..<2 {
            var read: [Finding] = []
            try spool.forEach { read.append($0) }
            #expect(read == written)
        }
        // Appending after a read goes to the end.
        try spool.append(Self.finding(500))
        let reader = try spool.reader()
        var last: Finding?
        while let finding = try reader.next() { last = finding }
        #expect(last == Self.finding(500))
    }

    @Test func theFileIsPrivateAndGoneWithTheSpool() throws {
        var spool: FindingSpool? = try FindingSpool()
        try spool?.append(Self.finding(7))
        let folder = try #require(spool?.folder)
        var info = stat()
        #expect(stat(folder, &info) == 0 && info.st_mode & 0o777 == 0o700)
        #expect(stat("\(folder)/findings", &info) == 0 && info.st_mode & 0o777 == 0o600)
        spool = nil
        #expect(!FileManager.default.fileExists(atPath: folder))
    }
}
