import Foundation

/// The captures of a real Loki 3.7.6 in `shared/fixtures/loki`, and the data set they were
/// captured from, loaded into a ``FakeLokiServer``.
public enum LokiFixtures {
    /// `<shared>/fixtures/loki`.
    public static var directory: URL { GeneratedData.sharedDirectory.appendingPathComponent("fixtures/loki") }

    /// A captured body (`03_query_range_fwd_limit100.json`, `30_err_malformed_logql.txt`, ...).
    public static func body(_ name: String) throws -> Data {
        let url = directory.appendingPathComponent(name)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw TestSetupError(message: "fixture not found at \(url.path) (set AEGIS_SHARED_DIR)")
        }
        return data
    }

    /// The status code and headers of a capture's `<name>.headers.txt`.
    public static func head(_ stem: String) throws -> (status: Int, headers: [RawHTTPClient.HeaderField]) {
        let text = String(decoding: try body(stem + ".headers.txt"), as: UTF8.self)
        var lines = text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else {
            throw TestSetupError(message: "bad status line in \(stem).headers.txt")
        }
        let headers = lines.compactMap { line -> RawHTTPClient.HeaderField? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return RawHTTPClient.HeaderField(
                name: String(line[..<colon]),
                value: line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        return (status, headers)
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var loaded: Result<FakeLokiServer, Error>?

    /// A started server holding the data set the fixtures were captured from: 300,004 lines
    /// pushed by `dataset_generator.py` itself (a copy pointed at the fake), 300,003 kept after
    /// Loki's duplicate rule. Made once per test process (it takes a while); later calls get the
    /// same server, or the same error.
    public static func loadedServer() throws -> FakeLokiServer {
        lock.lock()
        defer { lock.unlock() }
        if let loaded { return try loaded.get() }
        let result = Result { try load() }
        loaded = result
        return try result.get()
    }

    private static func load() throws -> FakeLokiServer {
        let server = FakeLokiServer()
        try server.start()
        let original = String(decoding: try body("dataset_generator.py"), as: UTF8.self)
        let hardCoded = #"LOKI = "http://127.0.0.1:3100""#
        guard original.contains(hardCoded) else {
            throw TestSetupError(message: "dataset_generator.py no longer contains \(hardCoded)")
        }
        let script = original.replacingOccurrences(of: hardCoded, with: "LOKI = \"\(server.baseURL)\"")
        let folder = try makeTemporaryDirectory("fake-loki-dataset")
        defer { try? FileManager.default.removeItem(at: folder) }
        let scriptURL = folder.appendingPathComponent("dataset_generator.py")
        try Data(script.utf8).write(to: scriptURL)
        // The generator writes its manifest into the working folder; run it there.
        let run = try ProcessRunner.run(
            "/usr/bin/env", ["python3", scriptURL.path], currentDirectory: folder.path)
        guard run.status == 0 else {
            throw TestSetupError(
                message: "dataset_generator.py failed (\(run.status)): \(run.standardOutput) \(run.standardError)")
        }
        return server
    }
}
