import Foundation
import TestSupport
import Testing

/// A malformed configuration file or a nonsensical command line: one line naming what and
/// where, exit 2, and the cache byte for byte as it was (no source is contacted, nothing is
/// created).
@Suite struct HostileConfigTests {
    /// A cache made by a real sync (from a fake Loki, so that no database is needed).
    private func cache() throws -> (path: String, folder: URL) {
        let server = FakeLokiServer()
        try server.start()
        let now = Int64(Date().timeIntervalSince1970 * 1e9)
        server.add([FakeLokiServer.Entry(labels: ["job": "aegis-backend"], timestamp: now - 60_000_000_000, line: "x")])
        let folder = try makeTemporaryDirectory("hostile-config")
        let path = folder.appendingPathComponent("c.sqlite").path
        let result = try CLIRunner.run(["sync", "--cache", path, "--quiet", "--loki", server.baseURL, "--since", "5m"])
        try #require(result.status == 0, "\(result.standardError)")
        return (path, folder)
    }

    /// A config file's bytes and the error line it must give (after `config PATH`).
    static let configs: [(name: String, bytes: [UInt8], message: String)] = [
        ("random bytes", [0xFF, 0xFE, 0x00, 0x81, 0x9C] + Array(repeating: 0x00, count: 64), ": not UTF-8 text"),
        ("invalid UTF-8 in a value", Array("cache = \"".utf8) + [0xC3, 0x28] + Array("\"\n".utf8), ": not UTF-8 text"),
        ("an unclosed table", Array("[sources\nurl = \"x\"\n".utf8), ":1:9: expected ']'"),
        (
            "a number for a URL", Array("[sources.executor]\nurl = 5\n".utf8),
            ":2:7: 'sources.executor.url' must be a string"
        ),
        ("an unknown key", Array("colour = \"red\"\n".utf8), ":1:1: unknown key 'colour'"),
        (
            "a NUL inside a string", Array("cache = \"a".utf8) + [0x00] + Array("b\"\n".utf8),
            ":1:11: control character U+0000 in a string (write it as an escape)"
        ),
        ("a megabyte of one key", Array(("x = \"" + String(repeating: "y", count: 1_048_576) + "\"\n").utf8), ":1:1:"),
    ]

    @Test(arguments: configs.indices)
    func aMalformedConfigFileIsOneLineAndExitTwo(_ index: Int) throws {
        let config = Self.configs[index]
        let (cache, folder) = try cache()
        let before = try #require(fileBytes(cache))
        let file = folder.appendingPathComponent("aegis-audit.toml").path
        try Data(config.bytes).write(to: URL(fileURLWithPath: file))
        for command in [
            ["sync", "--cache", cache], ["verify", "--cache", cache], ["hunt", "--cache", cache, "--all"],
        ] {
            let result = try CLIRunner.run(command + ["--config", file])
            #expect(result.status == 2, "\(config.name), \(command[0]): \(result.standardError)")
            let lines = result.standardError.split(separator: "\n")
            #expect(lines.count == 1, "\(config.name), \(command[0]): \(result.standardError.prefix(500))")
            #expect(
                result.standardError.hasPrefix("aegis-audit: error: config \(file)\(config.message)"),
                "\(config.name), \(command[0]): \(result.standardError.prefix(500))")
            #expect(result.standardError.utf8.count < 4_096, "the line quotes, it does not copy")
            #expect(fileBytes(cache) == before)
        }
    }

    @Test func aConfigThatIsAFolderOrMissingIsOneLine() throws {
        let (cache, folder) = try cache()
        for path in [folder.path, folder.appendingPathComponent("nope.toml").path] {
            let result = try CLIRunner.run(["sync", "--cache", cache, "--config", path])
            #expect(result.status == 2)
            #expect(result.standardError == "aegis-audit: error: config \(path): cannot read the file\n")
        }
    }

    /// Values ArgumentParser accepts as text but the command cannot use.
    @Test(arguments: [
        (["sync", "--loki", "ftp://loki.internal"], "loki: 'ftp://loki.internal' is not an http(s) URL"),
        (["sync", "--loki", "http://[::1"], "is not an http(s) URL"),
        (["sync", "--loki", "http://127.0.0.1:1", "--loki-limit", "0"], "--loki-limit must be a positive number"),
        (["sync", "--loki", "http://127.0.0.1:1", "--loki-chunk", "0s"], "--loki-chunk: '0s' is not a duration"),
        (["sync", "--loki", "http://127.0.0.1:1", "--since", "forever"], "--since: 'forever' is not a duration"),
        (["sync", "--loki", "http://127.0.0.1:1", "--overlap", "1e99h"], "--overlap: '1e99h' is not a duration"),
        (
            ["sync", "--loki", "http://127.0.0.1:1", "--loki-bearer-token-file", "/nonexistent/token"],
            "bearer token file /nonexistent/token: cannot read it"
        ),
        (["verify", "--format", "nope"], "--format must be text, json or jsonl, not 'nope'"),
        (["query", "--tz", "Mars/Olympus", "from users"], "--tz 'Mars/Olympus': not a time zone"),
        (["query"], "give exactly one of: a pipeline, -f FILE, or --sql STATEMENT"),
        (["query", "--format", "xml", "from users"], "--format: unknown format 'xml'"),
    ])
    func nonsenseArgumentsAreOneLineAndExitTwo(_ arguments: [String], _ message: String) throws {
        let (cache, _) = try cache()
        let before = try #require(fileBytes(cache))
        let result = try CLIRunner.run(arguments + ["--cache", cache])
        #expect(result.status == 2, "\(arguments): \(result.standardError)")
        #expect(result.standardError.split(separator: "\n").count == 1, "\(result.standardError)")
        #expect(result.standardError.contains(message), "\(result.standardError)")
        #expect(fileBytes(cache) == before)
    }
}
