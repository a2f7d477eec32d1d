// aegis-fake-loki: the test suite's Loki replica as a process, for benchmarks and demos.
//
//   aegis-fake-loki --fixture-dataset        the 300,003 lines the real fixtures were captured from
//   aegis-fake-loki --push-dir DIR           every *.json push body in DIR (gen_aegis.py's loki_push/)
//
// Prints "listening on http://127.0.0.1:PORT" once loaded, then serves until killed.
import Foundation
import TestSupport

let arguments = CommandLine.arguments.dropFirst()
do {
    let server: FakeLokiServer
    if arguments.first == "--fixture-dataset" {
        server = try LokiFixtures.loadedServer()
    } else if arguments.first == "--push-dir", let folder = arguments.dropFirst().first {
        server = FakeLokiServer()
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".json") }
            .sorted()
        for file in files {
            try server.ingest(pushBody: Data(contentsOf: URL(fileURLWithPath: folder).appendingPathComponent(file)))
        }
        try server.start()
    } else {
        FileHandle.standardError.write(Data("usage: aegis-fake-loki --fixture-dataset | --push-dir DIR\n".utf8))
        exit(2)
    }
    FileHandle.standardOutput.write(Data("listening on \(server.baseURL) (\(server.entryCount) entries)\n".utf8))
    while true { sleep(3600) }
} catch {
    FileHandle.standardError.write(Data("aegis-fake-loki: \(error)\n".utf8))
    exit(1)
}
