import AegisSources
import Foundation
import TestSupport

@testable import AegisAudit

/// Shared helpers of the log parsing tests: the built-in parser and the lines of the captured
/// Loki responses in `../shared/fixtures/loki`.
enum LogParsingFixtures {
    /// A fresh parser over the built-in formats (a parser is not Sendable: one per test).
    static func parser() throws -> LogLineParser { LogLineParser(formats: try LogFormatSet.builtIn()) }

    struct Entry {
        let labels: [String: String]
        let line: String
    }

    /// Every entry of a captured `query_range` response, stream by stream.
    static func entries(_ fixture: String) throws -> [Entry] {
        let url = GeneratedData.sharedDirectory.appendingPathComponent("fixtures/loki/\(fixture)")
        let data = try Data(contentsOf: url)
        let root = try data.withUnsafeBytes { try JSONParser.parse($0.bindMemory(to: UInt8.self)) }
        var result: [Entry] = []
        for stream in root["data"]?["result"]?.arrayValue ?? [] {
            var labels: [String: String] = [:]
            for member in stream["stream"]?.objectValue ?? [] { labels[member.key] = member.value.stringValue }
            for value in stream["values"]?.arrayValue ?? [] {
                if let line = value.arrayValue?[1].stringValue { result.append(Entry(labels: labels, line: line)) }
            }
        }
        return result
    }

    /// The first entry of `fixture` whose line contains `needle`.
    static func entry(_ fixture: String, containing needle: String) throws -> Entry {
        guard let found = try entries(fixture).first(where: { $0.line.contains(needle) }) else {
            throw LogParsingFixtureError(message: "no line containing \(needle) in \(fixture)")
        }
        return found
    }

    /// Parses `fields` back into a JSON value (it must be valid JSON text).
    static func fieldsObject(_ parsed: ParsedLogLine) throws -> JSONValue {
        guard let fields = parsed.fields else { throw LogParsingFixtureError(message: "no fields") }
        return try JSONParser.parse(fields)
    }
}

/// A fixture that is not what the tests expect (a set-up problem, not a parser failure).
struct LogParsingFixtureError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
