import AegisAudit
import Foundation
import Testing

@testable import Exporters

@Suite struct ZeroRowExportTests {
    @Test(arguments: ExportFormat.allCases)
    func aZeroRowExportIsValid(format: ExportFormat) throws {
        let text = try render({ format.sink(to: $0) }, columns: columns("time", "summary"), rows: [])
        switch format {
        case .json:
            #expect((try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [Any])?.isEmpty == true)
        case .jsonl, .timesketchJSONL:
            #expect(text.isEmpty)
        case .csv:
            #expect(text == "time,summary\r\n")
        case .timesketchCSV:
            #expect(text == "message,datetime,timestamp_desc,time,summary\r\n")
        case .markdown:
            #expect(text == "| time | summary |\n| --- | --- |\n")
        case .table:
            #expect(text.hasSuffix("(0 rows)\n"))
        }
    }

    @Test(arguments: ExportFormat.allCases.filter(\.rowsCanBeReadBack))
    func aZeroRowExportVerifies(format: ExportFormat) throws {
        let directory = try ScratchDirectory()
        defer { directory.cleanUp() }
        let path = directory.path("empty.\(format.rawValue)")
        let manifest = try export(to: path, format: format, columns: columns("time", "summary"), rows: [])
        #expect(manifest.rows == 0)
        #expect(try ExportVerifier.verify(exportPath: path).passed)
    }
}
