import Foundation
import TestSupport
import Testing

@testable import AegisAudit

/// Loading format folders: the built-in one, and broken ones that must say which file is wrong.
@Suite struct LogFormatSetTests {
    @Test func everyBuiltInFileLoads() throws {
        let set = try LogFormatSet.builtIn()
        #expect(set.formats.map(\.name) == ["json", "nestjs", "python-logging", "logfmt"])
        #expect(
            Set(set.formats.flatMap { $0.body.map(\.format) })
                == ["json", "nestjs-json", "nestjs-text", "python-logging", "logfmt"])
        #expect(set.fieldMap.columns.count == LogColumn.allCases.count)
        #expect(
            Set(set.events.map(\.kind)) == [
                "policy_updated", "login_success", "login_failed", "tokens_refreshed", "logout", "signup_success",
                "policy_change_request", "policy_create_request", "action_dispatched", "remediation_status",
                "anomaly_detected", "jwt_verification_failed",
            ])
        // Every file of the folder is one of the formats, fields.json or events.json.
        let folder = try #require(set.formats.first).file
        let directory = URL(fileURLWithPath: folder).deletingLastPathComponent()
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        let used = Set(set.formats.map { URL(fileURLWithPath: $0.file).lastPathComponent }).union([
            "fields.json", "events.json",
        ])
        #expect(Set(files) == used)
    }

    // MARK: Broken folders

    /// A copy of the built-in folder with `file` replaced by `text` (or removed when nil).
    private func folder(replacing file: String, with text: String?) throws -> URL {
        let set = try LogFormatSet.builtIn()
        let source = URL(fileURLWithPath: try #require(set.formats.first).file).deletingLastPathComponent()
        let copy = try makeTemporaryDirectory("formats")
        for name in try FileManager.default.contentsOfDirectory(atPath: source.path) {
            try FileManager.default.copyItem(
                at: source.appendingPathComponent(name), to: copy.appendingPathComponent(name))
        }
        let target = copy.appendingPathComponent(file)
        try? FileManager.default.removeItem(at: target)
        if let text { try Data(text.utf8).write(to: target) }
        return copy
    }

    private func loadError(replacing file: String, with text: String?) throws -> LogFormatError {
        let directory = try folder(replacing: file, with: text)
        defer { try? FileManager.default.removeItem(at: directory) }
        return try #require(throws: LogFormatError.self) { try LogFormatSet.load(directory: directory) }
    }

    @Test func badJSONNamesTheFile() throws {
        let error = try loadError(replacing: "nestjs.json", with: #"{"name": "nestjs", "order": 20,"#)
        #expect(error.file.hasSuffix("/nestjs.json"))
        #expect(error.message.contains("not valid JSON"))
        #expect(error.description.hasPrefix("log format file /"))
        #expect(error.description.contains("nestjs.json"))
    }

    @Test func badPatternGivesThePCRE2Offset() throws {
        let error = try loadError(
            replacing: "nestjs.json",
            with:
                #"{"name": "nestjs", "pattern": "^\\[Nest\\] (?<pid>\\d+", "body": [{"kind": "text", "format": "n"}]}"#)
        #expect(error.file.hasSuffix("/nestjs.json"))
        #expect(error.message.contains(#"format "nestjs": invalid pattern at offset 20"#))
    }

    @Test func unknownBodyKind() throws {
        let error = try loadError(
            replacing: "json.json", with: #"{"name": "json", "prefix": "{", "body": [{"kind": "xml", "format": "x"}]}"#)
        #expect(error.file.hasSuffix("/json.json"))
        #expect(error.message.contains(#"unknown body kind "xml""#))
        #expect(error.message.contains("json, logfmt, text"))
    }

    @Test func missingOrMistypedMembers() throws {
        #expect(
            try loadError(replacing: "json.json", with: #"{"body": [{"kind": "json", "format": "json"}]}"#).message
                .contains(#""name" is required"#))
        #expect(
            try loadError(replacing: "json.json", with: #"{"name": "json", "body": "json"}"#).message.contains(
                #""body" must be an array"#))
        #expect(
            try loadError(replacing: "json.json", with: #"{"name": "json", "order": "first", "body": []}"#).message
                .contains(#""order" must be an integer"#))
        #expect(
            try loadError(
                replacing: "json.json",
                with: #"{"name": "json", "patern": "x", "body": [{"kind": "json", "format": "j"}]}"#
            ).message.contains(#"unknown key "patern""#))
        #expect(try loadError(replacing: "json.json", with: "[1, 2]").message.contains("must be a JSON object"))
    }

    @Test func duplicateFormatNames() throws {
        let error = try loadError(
            replacing: "zz-copy.json", with: #"{"name": "json", "body": [{"kind": "json", "format": "j2"}]}"#)
        #expect(error.file.hasSuffix("/zz-copy.json"))
        #expect(error.message.contains(#"format name "json" is already used by"#))
    }

    @Test func badEventsFile() throws {
        let badPattern = try loadError(
            replacing: "events.json", with: #"{"events": [{"kind": "x", "pattern": "^a(?<subject_id>"}]}"#)
        #expect(badPattern.file.hasSuffix("/events.json"))
        #expect(badPattern.message.contains(#"event "x" (events[0]): invalid pattern at offset"#))
        let badFill = try loadError(
            replacing: "events.json",
            with: #"{"events": [{"kind": "x", "pattern": "^a(?<id>b)", "fill": {"user_id": "subject_id"}}]}"#)
        #expect(badFill.message.contains("events[0].fill.user_id must name a group of the pattern"))
        let badColumn = try loadError(
            replacing: "events.json",
            with: #"{"events": [{"kind": "x", "pattern": "^a(?<id>b)", "fill": {"userid": "id"}}]}"#)
        #expect(badColumn.message.contains(#"unknown column "userid""#))
    }

    @Test func badFieldsFile() throws {
        let unknown = try loadError(replacing: "fields.json", with: #"{"columns": {"ipaddr": ["ip"]}}"#)
        #expect(unknown.file.hasSuffix("/fields.json"))
        #expect(unknown.message.contains(#"unknown column "ipaddr""#))
        let level = try loadError(replacing: "fields.json", with: #"{"levels": {"LOG": "informational"}}"#)
        #expect(level.message.contains("levels.LOG must be one of debug, error, fatal, info, warn"))
        let missing = try loadError(replacing: "fields.json", with: nil)
        #expect(missing.file.hasSuffix("/fields.json"))
        #expect(missing.message == "missing")
    }

    @Test func aFolderWithoutFormats() throws {
        let directory = try makeTemporaryDirectory("formats")
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data(#"{"columns": {}}"#.utf8).write(to: directory.appendingPathComponent("fields.json"))
        let error = try #require(throws: LogFormatError.self) { try LogFormatSet.load(directory: directory) }
        #expect(error.file == directory.path)
        #expect(error.message.contains("no format files"))
    }

    // MARK: Formats are data

    @Test func anAddedFormatIsUsed() throws {
        let directory = try folder(
            replacing: "syslogish.json",
            with: #"""
                {"name": "syslogish", "order": 25, "pattern": "^<(?<level>[a-z]+)> (?<service>[\\w-]+): (?<body>.*)",
                 "body": [{"kind": "text", "format": "syslogish", "keyValues": true}]}
                """#)
        defer { try? FileManager.default.removeItem(at: directory) }
        let parser = LogLineParser(formats: try LogFormatSet.load(directory: directory))
        let parsed = parser.parse("<warning> gateway: Login success for user id=u1 ip=::ffff:10.1.2.3", labels: [:])
        #expect(parsed.format == "syslogish")
        #expect(parsed.level == "warn")
        #expect(parsed.service == "gateway")
        #expect(parsed.ip == "10.1.2.3")
        #expect(parsed.userID == "u1")
        #expect(parsed.events == [LogEvent(kind: "login_success", subjectID: "u1")])
    }

    @Test func theOrderOfTrialIsData() throws {
        // A format tried before "json" that reads every line starting with "{" as text.
        let directory = try folder(
            replacing: "braces.json",
            with: #"{"name": "braces", "order": 1, "prefix": "{", "body": [{"kind": "text", "format": "braces"}]}"#)
        defer { try? FileManager.default.removeItem(at: directory) }
        let set = try LogFormatSet.load(directory: directory)
        #expect(set.formats.first?.name == "braces")
        let parser = LogLineParser(formats: set)
        #expect(parser.parse(#"{"level":"info"}"#, labels: [:]).format == "braces")
    }
}
