import AegisSources
import Testing

@testable import AegisAudit

/// Lines that try to break the parser: the hostile lines Loki returned (fixture 27), the
/// 200 KiB line (fixture 28), and worse.
@Suite struct LogLineParserHostileTests {
    private static let policyID = "9fb93534-081c-4253-b1e2-73a87984a8ab"

    @Test func unicodeNulBellRTLAndZWJSurviveIntact() throws {
        let parser = try LogParsingFixtures.parser()
        let entry = try LogParsingFixtures.entry("27_hostile_lines.json", containing: "Zugriff")
        let parsed = parser.parse(entry.line, labels: entry.labels)
        let name =
            "Zugriff verweigert – «Prod» 禁止删除 🚫👩\u{200D}💻 \u{202E}RTL\u{202C} e\u{301} tab\there nul\u{0}byte bell\u{7} backslash\\"
        #expect(parsed.format == "nestjs-text")
        #expect(parsed.level == "info")
        #expect(parsed.context == "PolicyService")
        #expect(parsed.message == "Policy updated: \(name) (\(Self.policyID))")
        #expect(parsed.events == [LogEvent(kind: "policy_updated", subjectID: Self.policyID, subjectName: name)])
        #expect(Array(parsed.events.first?.subjectName?.utf8 ?? "".utf8) == Array(name.utf8))
    }

    @Test func invalidUTF8ReplacedByLokiStaysReplaced() throws {
        let parser = try LogParsingFixtures.parser()
        let entry = try LogParsingFixtures.entry("27_hostile_lines.json", containing: "raw invalid UTF-8")
        let parsed = parser.parse(entry.line, labels: entry.labels)
        #expect(parsed.format == "json")
        #expect(parsed.message == "raw invalid UTF-8 follows: \u{FFFD}\u{FFFD}\u{FFFD}( <- end")
        #expect(parsed.level == "warn")
        #expect(parsed.ip == "203.0.113.9")
        #expect(parsed.userID == "4e55e684-72d0-4902-8350-740d5c2d21da")
        #expect(parsed.fields == entry.line)
    }

    @Test func embeddedNewlinesTabsQuotesAndBackslashes() throws {
        let parser = try LogParsingFixtures.parser()
        let entry = try LogParsingFixtures.entry("27_hostile_lines.json", containing: "QueryFailedError")
        let parsed = parser.parse(entry.line, labels: entry.labels)
        #expect(parsed.format == "nestjs-text")
        #expect(parsed.level == "error")
        #expect(parsed.context == "ExceptionsHandler")
        let message = try #require(parsed.message)
        #expect(message.hasPrefix(#"Unhandled "QueryFailedError": duplicate key value"#))
        #expect(message.contains("\n    at PolicyService.update (/app/dist/policy/policy.service.js:88:23)\n"))
        #expect(message.hasSuffix("\tdetail: Key (name)=(\"Deny \\\"Prod\\\" Deletes\") already exists.\r\n"))
        #expect(entry.line.hasSuffix(message))
        #expect(try JSONParser.parse(parsed.fields ?? "")["context"] == .string("ExceptionsHandler"))
    }

    @Test func theTwoHundredKiBLine() throws {
        let parser = try LogParsingFixtures.parser()
        let entries = try LogParsingFixtures.entries("28_big_line_200KiB.json")
        let entry = try #require(entries.first)
        #expect(entry.line.utf8.count == 204_800)
        let parsed = parser.parse(entry.line, labels: entry.labels)
        #expect(parsed.format == "json")
        #expect(parsed.message == "request body dump (oversized)")
        #expect(parsed.level == "error")
        #expect(parsed.ip == "198.51.100.7")
        #expect(parsed.fields?.utf8.count == 204_800)
        let payload = try JSONParser.parse(parsed.fields ?? "")["payload"]?.stringValue
        #expect(payload?.utf8.count ?? 0 > 200_000)
    }

    @Test func aHugeNestTextLineKeepsItsWholeMessage() throws {
        let parser = try LogParsingFixtures.parser()
        let filler = String(repeating: "ab\u{202E}c👩\u{200D}💻\n", count: 20_000)
        let line =
            "[Nest] 1  - 11/25/2026, 10:00:04 AM     LOG [PolicyService] Policy updated: \(filler) (\(Self.policyID))"
        let parsed = parser.parse(line, labels: [:])
        #expect(parsed.message == "Policy updated: \(filler) (\(Self.policyID))")
        #expect(parsed.events.first?.subjectName == filler)
    }

    @Test func htmlEscapedJSONIsDecodedInColumnsAndKeptEscapedInFields() throws {
        let parser = try LogParsingFixtures.parser()
        let line =
            #"{"level":"warn","message":"\u003cscript\u003ealert(1)\u003c/script\u003e \u0026 done","path":"/a?b=\u003cx\u003e"}"#
        let parsed = parser.parse(line, labels: [:])
        #expect(parsed.message == "<script>alert(1)</script> & done")
        #expect(parsed.path == "/a?b=<x>")
        #expect(parsed.fields == line)
    }

    @Test func escapedNulAndControlCharactersInJSON() throws {
        let parser = try LogParsingFixtures.parser()
        let line = #"{"message":"a\u0000b\u0007c\nd","user_id":"\u202Eevil"}"#
        let parsed = parser.parse(line, labels: [:])
        #expect(parsed.message == "a\u{0}b\u{7}c\nd")
        #expect(parsed.userID == "\u{202E}evil")
    }

    @Test func aRawControlCharacterInsideAJSONStringMakesTheLineRaw() throws {
        let parser = try LogParsingFixtures.parser()
        let line = "{\"message\":\"a\u{0}b\"}"
        let parsed = parser.parse(line, labels: ["job": "aegis-backend", "level": "info"])
        #expect(parsed.format == "raw")
        #expect(parsed.message == line)
        #expect(parsed.level == "info")
        #expect(parsed.service == "aegis-backend")
    }

    @Test func controlCharactersInExtractedValuesAreEscapedInFields() throws {
        let parser = try LogParsingFixtures.parser()
        let line = "level=info msg=\"a\\nb\\tc\" raw=x\u{1}y\u{7F}z quote=\\\"q"
        let parsed = parser.parse(line, labels: [:])
        #expect(parsed.format == "logfmt")
        #expect(parsed.message == "a\nb\tc")
        let fields = try #require(parsed.fields)
        #expect(!fields.utf8.contains(where: { $0 < 0x20 }))
        let object = try JSONParser.parse(fields)
        #expect(object["msg"] == .string("a\nb\tc"))
        #expect(object["raw"] == .string("x\u{1}y\u{7F}z"))
        #expect(object["quote"] == .string("\\\"q"))
    }

    @Test func veryDeepJSONIsRawNotACrash() throws {
        let parser = try LogParsingFixtures.parser()
        let line = "{\"a\":" + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}"
        #expect(parser.parse(line, labels: [:]).format == "raw")
    }

    @Test(arguments: [
        "", " ", "{", "}", "{}", "[Nest] ", "[Nest] 1  - ", "[Nest] 1  - 11/25/2026, 10:00:04 AM     LOG [",
        "[Nest] 1  - 11/25/2026, 10:00:04 AM     LOG [Ctx]", "\u{0}", "\u{FFFD}\u{FFFD}", "=", "a=", "a=\"",
        "2026-10-21 01:02:15,548 - x - INFO - ", "\r\n", "{\"message\":\"\u{202E}\"}\n",
    ])
    func degenerateLinesNeverCrash(line: String) throws {
        let parser = try LogParsingFixtures.parser()
        let parsed = parser.parse(line, labels: ["job": "j", "level": "warn"])
        #expect(parsed.service == "j")
        if let fields = parsed.fields { #expect((try? JSONParser.parse(fields)) != nil, "\(fields)") }
    }

    @Test func emptyJSONObjectHasEmptyFields() throws {
        let parser = try LogParsingFixtures.parser()
        #expect(parser.parse("{}", labels: [:]) == ParsedLogLine(format: "json", fields: "{}"))
        let nest = parser.parse("[Nest] 1  - 11/25/2026, 10:00:04 AM     LOG [HTTP] { }", labels: [:])
        #expect(nest.format == "nestjs-json")
        #expect(try JSONParser.parse(nest.fields ?? "")["context"] == .string("HTTP"))
    }

    /// Random mutations of real lines: whatever comes out, fields are valid JSON and the parser
    /// does not trap.
    @Test func randomMutationsOfRealLines() throws {
        let parser = try LogParsingFixtures.parser()
        let seeds =
            try LogParsingFixtures.entries("03_query_range_fwd_limit100.json").map(\.line)
            + LogParsingFixtures.entries("27_hostile_lines.json").map(\.line) + [
                "2026-10-21 01:02:15,548 - app.routers.inference - INFO - Remediation x for a/b -> executor status=ok audit_id=1",
                #"level=info msg="hi there" user_id=7"#,
            ]
        let alphabet: [String] = [
            "{", "}", "\"", "\\", ":", ",", "=", " ", "[", "]", "\u{0}", "\n", "\u{FFFD}", "é", "👩\u{200D}💻", "\\u00",
            "x",
        ]
        var random = SplitMix(seed: 20_261_127)
        for _ in 0..<3000 {
            var scalars = Array(seeds[Int(random.next() % UInt64(seeds.count))])
            for _ in 0..<(1 + Int(random.next() % 4)) where !scalars.isEmpty {
                let at = Int(random.next() % UInt64(scalars.count))
                switch random.next() % 3 {
                case 0: scalars.remove(at: at)
                case 1: scalars.insert(contentsOf: alphabet[Int(random.next() % UInt64(alphabet.count))], at: at)
                default: scalars.removeSubrange(at..<min(scalars.count, at + Int(random.next() % 40)))
                }
            }
            let line = String(scalars)
            let parsed = parser.parse(line, labels: ["job": "fuzz"])
            if let fields = parsed.fields { #expect((try? JSONParser.parse(fields)) != nil, "\(line)") }
            #expect((parsed.fields == nil) == (parsed.format == "raw"), "\(line)")
            #expect(parsed.service != nil)
        }
    }
}

/// A small deterministic generator for the mutation test.
struct SplitMix {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
