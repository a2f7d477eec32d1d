import AegisSources
import Foundation
import TestSupport
import Testing

@testable import AegisAudit

/// Every line gen_aegis.py pushes to Loki (all three services) parses into a known shape with
/// the columns a responder joins on.
@Suite struct GeneratedLogLinesTests {
    private struct Line {
        let labels: [String: String]
        let text: String
    }

    private static func generatedLines() throws -> [Line] {
        let folder = try makeTemporaryDirectory("loglines")
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = GeneratedData.sharedDirectory.appendingPathComponent("bench/gen_aegis.py").path
        let result = try ProcessRunner.run(
            "/usr/bin/env",
            [
                "python3", script, "--seed", "11", "--out", folder.path, "--actions", "300", "--evaluations", "300",
                "--events", "300", "--log-lines", "3000", "--users", "40",
            ])
        guard result.status == 0 else {
            throw LogParsingFixtureError(message: "gen_aegis.py failed: \(result.standardError)")
        }
        let pushes = folder.appendingPathComponent("loki_push")
        var lines: [Line] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: pushes.path).sorted() {
            let data = try Data(contentsOf: pushes.appendingPathComponent(name))
            let body = try data.withUnsafeBytes { try JSONParser.parse($0.bindMemory(to: UInt8.self)) }
            for stream in body["streams"]?.arrayValue ?? [] {
                var labels: [String: String] = [:]
                for member in stream["stream"]?.objectValue ?? [] { labels[member.key] = member.value.stringValue }
                for value in stream["values"]?.arrayValue ?? [] {
                    if let text = value.arrayValue?[1].stringValue { lines.append(Line(labels: labels, text: text)) }
                }
            }
        }
        return lines
    }

    @Test func everyGeneratedLineParses() throws {
        let lines = try Self.generatedLines()
        #expect(lines.count == 3000)
        let parser = try LogParsingFixtures.parser()
        var formats: [String: Int] = [:]
        var kinds: [String: Int] = [:]
        for line in lines {
            let parsed = parser.parse(line.text, labels: line.labels)
            formats[parsed.format, default: 0] += 1
            for event in parsed.events { kinds[event.kind, default: 0] += 1 }
            #expect(parsed.format != "raw", "\(line.text)")
            #expect(parsed.level != nil && parsed.service == line.labels["job"])
            #expect(parsed.level == LogFieldMapLevel.normalise(line.labels["level"]), "\(line.text)")
            #expect((try? JSONParser.parse(parsed.fields ?? "")) != nil)
            switch parsed.format {
            case "json":
                #expect(parsed.auditID != nil)  // executor audit writes
            case "nestjs-json":
                #expect(parsed.statusCode != nil && parsed.method != nil && parsed.path != nil)
                if let ip = parsed.ip { #expect(!ip.contains("::ffff:") && ip.split(separator: ".").count == 4) }
            case "nestjs-text":
                #expect(parsed.events.count == 1, "\(line.text)")
                #expect(parsed.context == "AuthService" || parsed.context == "PolicyService")
            case "python-logging":
                #expect(parsed.events.count == 1, "\(line.text)")
                if line.text.contains("audit_id=") { #expect(parsed.auditID != nil) }
            default:
                Issue.record("unexpected format \(parsed.format)")
            }
            if line.text.contains("Policy updated:") {
                #expect(parsed.events.first?.kind == "policy_updated")
                #expect(parsed.events.first?.subjectID?.utf8.count == 36)
            }
        }
        #expect(Set(formats.keys) == ["json", "nestjs-json", "nestjs-text", "python-logging"])
        for kind in [
            "policy_updated", "login_success", "tokens_refreshed", "logout", "signup_success", "login_failed",
            "policy_change_request", "remediation_status", "anomaly_detected",
        ] {
            #expect(kinds[kind, default: 0] > 0, "no \(kind) event")
        }
    }
}

/// The canonical level of a label as gen_aegis.py writes it (info, warn, warning, error).
private enum LogFieldMapLevel {
    static func normalise(_ label: String?) -> String? {
        switch label {
        case "warning": "warn"
        default: label
        }
    }
}
