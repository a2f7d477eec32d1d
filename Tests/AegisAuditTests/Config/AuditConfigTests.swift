import Foundation
import Testing

@testable import AegisAudit

private func configError(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> ConfigError? {
    do {
        _ = try AuditConfig.parse(text, path: "aegis-audit.toml")
        Issue.record("expected a ConfigError", sourceLocation: sourceLocation)
        return nil
    } catch { return error }
}

@Suite struct AuditConfigTests {
    @Test func readsEveryKnownKey() throws {
        let config = try AuditConfig.parse(
            """
            cache = "/var/lib/aegis/audit.sqlite"
            [sources.backend]
            url = "postgresql://reader@backend/aegis"
            [sources.executor]
            url = "host=executor dbname=aegis"
            [sync]
            overlap = "15m"
            source_timezone = "Europe/Paris"
            """, path: "aegis-audit.toml")
        #expect(config.cachePath == "/var/lib/aegis/audit.sqlite")
        #expect(
            config.sources == [.backend: "postgresql://reader@backend/aegis", .executor: "host=executor dbname=aegis"])
        #expect(config.overlap == "15m")
        #expect(config.sourceTimeZone == "Europe/Paris")
    }

    @Test func emptyFileGivesEmptyConfig() throws {
        #expect(try AuditConfig.parse("# nothing\n", path: "x") == AuditConfig())
    }

    @Test func unknownKeyNamesItsLineAndColumn() throws {
        let error = try #require(configError("cache = \"c\"\n[sync]\n  overlapp = \"5m\""))
        #expect((error.line, error.column) == (3, 3))
        #expect(error.message.contains("sync.overlapp"))
        #expect(error.description.hasPrefix("config aegis-audit.toml:3:3: "))
    }

    @Test func firstUnknownKeyInTheFileIsReported() throws {
        let error = try #require(configError("zzz = 1\naaa = 2"))
        #expect(error.line == 1)
        #expect(error.message.contains("'zzz'"))
    }

    @Test func wrongTypeNamesTheValuesLineAndColumn() throws {
        let error = try #require(configError("[sync]\noverlap = 600"))
        #expect((error.line, error.column) == (2, 11))
        #expect(error.message.contains("sync.overlap"))
    }

    @Test func wrongTypeForAnArray() throws {
        let error = try #require(configError("[sources.backend]\nurl = [\"a\"]"))
        #expect((error.line, error.column) == (2, 7))
    }

    @Test func syntaxErrorsComeFromTheParser() throws {
        let error = try #require(configError("cache \"x\""))
        #expect((error.line, error.column) == (1, 7))
    }

    @Test func loadReadsAFile() throws {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("aegis-audit-config-\(UUID().uuidString).toml").path
        try "cache = \"here.sqlite\"\r\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try AuditConfig.load(path: path).cachePath == "here.sqlite")
    }

    @Test func loadOfAMissingFileFails() throws {
        let path = "/nonexistent/aegis-audit-\(UUID().uuidString).toml"
        let error = try #require(throws: ConfigError.self) { try AuditConfig.load(path: path) }
        #expect(error.path == path)
    }
}
