import AegisAudit
import Foundation
import Testing

@testable import Exporters

/// Exports read rows in place from SQLite (`RawRow`) when every sink on the way can take them
/// so; the bytes written and the evidence hash are exactly those of the same rows passed as
/// values, for every kind of cell: NULL, integers to the extremes, reals, empty text, formula
/// cells, quotes and line breaks, non-ASCII and invalid UTF-8, blobs, JSON documents valid and
/// not.
@Suite final class InPlaceRowTests {
    let directory: ScratchDirectory
    let cache: Cache

    deinit { directory.cleanUp() }

    init() throws {
        directory = try ScratchDirectory()
        let path = directory.path("c.sqlite")
        try Cache.openForWriting(path: path).run(
            """
            CREATE TABLE cells (n INTEGER, r REAL, t TEXT, b BLOB, doc JSONTEXT, other TEXT);
            INSERT INTO cells VALUES
              (NULL, NULL, NULL, NULL, NULL, NULL),
              (0, 1.5, '', x'', '{"a": [1,\n 2]}', 'plain'),
              (-9223372036854775808, -0.0, '=1+1', x'00ff10', '  [1, 2]  ', '''=x'),
              (9223372036854775807, 1e300, 'a,"b"' || char(13, 10) || 'c', x'ab', '{not json', '@SUM(1)'),
              (42, 3.0, 'Zoë Ærøskøbing — 日本語 🚀', x'0102', '"scalar"', CAST(x'66ff6f' AS TEXT)),
              (-7, 0.1, 'tab' || char(9) || 'end', x'ff', '[]', '-1+2'),
              ('text in an integer column', x'beef', 12, 2.25, '{"k": "v\\u2028"}', char(9) || 'lead'),
              (1, 2.0, CAST(x'6161616161616161616161616161616161616161616161616161616161616161616161616161616180' AS TEXT),
               x'00', CAST(x'5b2261616161616161616161616161616161616161616161616161616161616161616161225dc3' AS TEXT), 'x');
            """)
        cache = try Cache.openForReading(path: path)
    }

    /// Hides a sink's in-place conformance, so that rows reach it as values.
    final class ValuesOnly: RowSink {
        let wrapped: RowSink
        init(_ wrapped: RowSink) { self.wrapped = wrapped }
        func begin(columns: [ResultColumn]) throws { try wrapped.begin(columns: columns) }
        func write(row: [CacheValue]) throws { try wrapped.write(row: row) }
        func finish() throws { try wrapped.finish() }
    }

    /// The bytes and evidence hash of exporting the table in `format`, in place or as values.
    private func export(_ format: ExportFormat, rawCSV: Bool = false, inPlace: Bool) throws -> (Data, String, Int) {
        let path = directory.path("\(format.rawValue)-\(rawCSV)-\(inPlace)")
        let output = try Exporters.OutputStream.atomicFile(path: path)
        let recorder = EvidenceRecorder(writingTo: format.sink(to: output, options: ExportOptions(rawCSV: rawCSV)))
        let sink: RowSink = inPlace ? recorder : ValuesOnly(recorder)
        #expect((sink is RawRowSink) == inPlace)
        let rows = try CacheQuery.run("SELECT * FROM cells ORDER BY rowid", on: cache, into: sink)
        try output.commit()
        return (try Data(contentsOf: URL(fileURLWithPath: path)), recorder.digest.hexDigest(), rows)
    }

    @Test(arguments: [ExportFormat.csv, .json, .jsonl])
    func inPlaceRowsWriteTheSameBytesAndHash(format: ExportFormat) throws {
        for rawCSV in format == .csv ? [false, true] : [false] {
            let inPlace = try export(format, rawCSV: rawCSV, inPlace: true)
            let asValues = try export(format, rawCSV: rawCSV, inPlace: false)
            #expect(inPlace.2 == 8)
            #expect(inPlace.0 == asValues.0, "\(format) rawCSV \(rawCSV)")
            #expect(inPlace.1 == asValues.1)
        }
    }

    @Test func invalidUTF8IsRepairedAsValuesRepairIt() throws {
        let (bytes, _, _) = try export(.csv, inPlace: true)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("f\u{FFFD}o"))
        #expect(text.contains("'=1+1") && text.contains("''=x") && text.contains("'@SUM(1)"))
    }

    /// The word-at-a-time scans agree with a byte-by-byte reading, at every position of every
    /// special byte, next to bytes one off from it (the bit trick's classic false friends).
    @Test func wordAtATimeScansAgreeWithBytes() {
        let specials: [UInt8] = [0x2C, 0x22, 0x0A, 0x0D, 0x20, 0x09]
        let neighbours: [UInt8] = [0x2B, 0x2D, 0x21, 0x23, 0x09, 0x0B, 0x0C, 0x0E, 0x80, 0xFF, 0x00, 0x41]
        for length in 0...19 {
            for position in 0..<max(length, 1) {
                for byte in specials + neighbours {
                    var bytes = [UInt8](repeating: 0x61, count: length)
                    if length > 0 { bytes[position] = byte }
                    bytes.withUnsafeBufferPointer { buffer in
                        let quoting = buffer.contains { [0x2C, 0x22, 0x0A, 0x0D].contains($0) }
                        #expect(CSVWriter.needsQuoting(buffer) == quoting, "\(bytes)")
                        let text = String(decoding: buffer, as: UTF8.self)
                        let changes = EvidenceDigest.canonicalText(text: "[" + text + "]", json: true)
                            != Array(("[" + text + "]").utf8)
                        if changes {
                            var wrapped = Array(("[" + text + "]").utf8)
                            wrapped.withUnsafeMutableBufferPointer { document in
                                #expect(EvidenceDigest.canonicalisationMayChange(UnsafeBufferPointer(document)))
                            }
                        }
                        #expect(
                            EvidenceDigest.canonicalisationMayChange(buffer)
                                == (buffer.contains { $0 == 0x0A || $0 == 0x0D }
                                    || [0x20, 0x09, 0x0A, 0x0D].contains(buffer.first ?? 0x61)
                                    || [0x20, 0x09, 0x0A, 0x0D].contains(buffer.last ?? 0x61)))
                    }
                }
            }
        }
    }

    @Test func decimalsAreWrittenAsSwiftWritesThem() {
        for number: Int64 in [0, 7, -7, 10, -10, 1_000_000, .max, .min] {
            var out: [UInt8] = []
            ValueText.appendDecimal(number, to: &out)
            #expect(String(decoding: out, as: UTF8.self) == String(number))
        }
    }
}
