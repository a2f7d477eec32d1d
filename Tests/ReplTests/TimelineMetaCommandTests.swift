import Foundation
import TestSupport
import Testing

@testable import Repl

/// `.timeline`: parsed into a filter, and run in a script like any statement.
@Suite struct TimelineMetaCommandTests {
    @Test func parsesPairsOrOneBareValue() throws {
        #expect(try MetaCommand.parse(".timeline 198.51.100.250") == .timeline(["198.51.100.250"]))
        #expect(try TimelineArguments.filter(["198.51.100.250"]).ip == "198.51.100.250")
        #expect(try TimelineArguments.filter(["10.8.0.0/16"]).ip == "10.8.0.0/16")
        #expect(try TimelineArguments.filter(["oncall@example.com"]).user == "oncall@example.com")
        let filter = try TimelineArguments.filter([
            "namespace", "kube-system", "around", "2026-11-18T02:17:00Z", "window", "30m",
        ])
        #expect(filter.namespace == "kube-system")
        #expect(filter.window.since == "2026-11-18T01:47:00.000000Z")
        #expect(filter.window.until == "2026-11-18T02:47:00.000000Z")
        #expect(throws: ReplError.self) { try MetaCommand.parse(".timeline") }
        #expect(throws: ReplError.self) { try TimelineArguments.filter(["ip"]) }
        #expect(throws: ReplError.self) { try TimelineArguments.filter(["colour", "red"]) }
        #expect(throws: (any Error).self) { try TimelineArguments.filter(["ip", "10.0.0.0/33"]) }
    }

    @Test func runsInAScript() throws {
        let cache = try ReplFixture.makeCache()
        let folder = try makeTemporaryDirectory("repl-timeline")
        let input = folder.appendingPathComponent("script.aql")
        try Data(".format csv\n.timeline 198.51.100.250\n.timeline user oncall@example.com\n".utf8).write(to: input)
        let result = try ProcessRunner.run(
            "/bin/sh", ["-c", "\"$0\" repl --cache \"$1\" < \"$2\"", CLIRunner.executable, cache, input.path],
            environment: ["PATH": "/usr/bin:/bin", "HOME": folder.path])
        #expect(result.status == 0, "\(result.standardError)")
        let lines = result.standardOutput.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        // A header and three rows for the address, a header and one row for oncall.
        #expect(lines.filter { $0.hasPrefix("time,source,kind,") }.count == 2)
        #expect(lines.filter { $0.hasPrefix("2026-11-18T02:1") && $0.contains(",198.51.100.250,") }.count == 4)
        #expect(lines.contains { $0.contains("oncall@example.com") && $0.contains("auth_login_success") })
    }
}
