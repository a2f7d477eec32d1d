import AegisAudit
import Exporters
import Foundation
import TestSupport
import Testing

/// The HTML report checked as a document: well formed, self-contained, every section there,
/// hostile text from the cache escaped, and the timeline's rows all present in order.
@Suite struct HTMLReportTests {
    static let hostile = "<script>alert('x')</script> & <img src=https://evil.example/x.png> \u{202E}txet"

    /// A cache with rows of every kind, one finding and its evidence, and hostile text.
    private func cache() throws -> String {
        let path = try makeTemporaryDirectory("html-report").appendingPathComponent("c.sqlite").path
        let cache = try Cache.openForWriting(path: path)
        let meta = "x'00', 1, 1, 1"
        let quoted = Self.hostile.replacingOccurrences(of: "'", with: "''")
        try cache.run(
            """
            BEGIN;
            INSERT INTO sync_runs (id, started_at, finished_at, tool_version, options)
            VALUES (1, '2026-11-18T03:00:00.000000Z', '2026-11-18T03:00:01.000000Z', 'test', '{}');
            INSERT INTO sync_run_sources (sync_id, source, endpoint) VALUES (1, 'backend', 'postgresql://auditor@db:5432/backend');
            INSERT INTO users (source, id, email, row_hash, first_sync_id, version_sync_id, last_seen_sync_id)
            VALUES ('backend', 'u-1', 'admin@example.com', \(meta));
            INSERT INTO audit_events (source, id, event_type, user_id, details, ip_address, created_at,
              row_hash, first_sync_id, version_sync_id, last_seen_sync_id)
            VALUES ('backend', 'e-1', 'auth_login_failure', 'u-1', '{"email":"admin@example.com","reason":"invalid_password"}',
              '198.51.100.250', '2026-11-18T02:11:14.000000Z', \(meta)),
              ('backend', 'e-2', 'auth_login_failure', NULL, json_object('email', '\(quoted)', 'reason', 'user_not_found'),
              '198.51.100.250', '2026-11-18T02:12:00.000000Z', \(meta));
            INSERT INTO policy_audit_logs (source, id, user_id, action, resource, result, ip_address, created_at,
              row_hash, first_sync_id, version_sync_id, last_seen_sync_id)
            VALUES ('backend', 'p-1', 'u-1', 'delete', 'deployment:kube-system/coredns', 'allow', '198.51.100.250',
              '2026-11-18T02:18:10.000000Z', \(meta));
            INSERT INTO action_audit_logs (source, id, action_type, status, namespace, resource_name, requested_by,
              ip_address, error_message, created_at, row_hash, first_sync_id, version_sync_id, last_seen_sync_id)
            VALUES ('executor', 'a-1', 'delete_pod', 'failed', 'kube-system', 'coredns', 'ci-deployer', '198.51.100.250',
              '\(quoted)', '2026-11-18T02:18:15.000000Z', \(meta));
            INSERT INTO hunt_runs (id, started_at, finished_at, tool_version, options)
            VALUES (1, '2026-11-18T04:00:00.000000Z', '2026-11-18T04:00:01.000000Z', 'test', '{}');
            INSERT INTO hunt_results (run_id, hunt_id, title, severity, techniques, parameters, status, findings)
            VALUES (1, 'login-failures-then-success', 'Failures <then> success', 'high', '[]', '{}', 'ran', 1);
            INSERT INTO hunt_findings (id, run_id, hunt_id, severity, time, summary, row)
            VALUES (1, 1, 'login-failures-then-success', 'high', '2026-11-18T02:12:00.000000Z', '\(quoted)',
              '{"ip_address":"198.51.100.250"}');
            INSERT INTO hunt_evidence (finding_id, table_name, row_id) VALUES (1, 'audit_events', 'e-1'), (1, 'audit_events', 'e-2');
            COMMIT;
            """)
        return path
    }

    private func render(filter: TimelineFilter = TimelineFilter(), limit: Int? = nil) throws -> (
        html: String, rows: Int
    ) {
        let path = try cache()
        let cache = try Cache.openForReading(path: path)
        let file = try makeTemporaryDirectory("html-out").appendingPathComponent("r.html").path
        let output = try Exporters.OutputStream.atomicFile(path: file)
        let rows = try HTMLReport(
            scope: [("ip", "198.51.100.250")], cachePath: path, createdAt: "2026-11-18T05:00:00.000000Z",
            timelineLimit: limit
        )
        .write(query: TimelineQuery(filter: filter), cache: cache, to: output)
        try output.commit()
        return (try String(contentsOfFile: file, encoding: .utf8), rows)
    }

    @Test func isSelfContainedAndWellFormed() throws {
        let (html, rows) = try render()
        #expect(rows == 5)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(!html.lowercased().contains("<script"))
        // No tag names anything elsewhere (the hostile text mentions https://, but only as escaped text).
        let tags = try Regex(#"<[^>]*>"#)
        for match in html.matches(of: tags) {
            let tag = String(html[match.range]).lowercased()
            #expect(!tag.contains("http:") && !tag.contains("https:") && !tag.contains("src="), "\(tag)")
            #expect(!tag.contains("href=") || tag.contains("href=\"#"), "\(tag)")
        }
        #expect(!html.contains("@import"))
        #expect(!html.contains("url("))
        let problems = try HTMLStructure.check(html)
        #expect(problems == [], "\(problems.prefix(5))")
        // The check itself sees what it should.
        #expect(try HTMLStructure.check("<div><span></div>") != [])
        #expect(try HTMLStructure.check("<p>a < b & c</p>") != [])
    }

    @Test func hostileTextIsEscaped() throws {
        let (html, _) = try render()
        #expect(!html.contains("<img"))
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;img src=https"))
        #expect(html.contains("<span class=\"ctl\">\\u{202E}</span>txet"))
        #expect(!html.contains("\u{202E}"))
        #expect(html.contains("Failures &lt;then&gt; success"))
    }

    @Test func everySectionIsThere() throws {
        let (html, _) = try render()
        for id in ["summary", "activity", "findings", "timeline"] { #expect(html.contains("<section id=\"\(id)\">")) }
        #expect(html.contains("<svg class=\"chart\""))
        #expect(html.contains("<rect "))
        // The finding, its anchor, its marker in the chart and the links from its evidence rows.
        #expect(html.contains("<article class=\"finding sev-border-high\" id=\"finding-1\">"))
        #expect(html.contains("<a href=\"#finding-1\"><title>high"))
        #expect(html.components(separatedBy: "<a href=\"#finding-1\">#1</a>").count - 1 == 2 + 3)
        #expect(html.contains("postgresql://auditor@db:5432/backend"))
        #expect(html.contains("<span class=\"value\">5</span>") || html.contains(">5</div>"))
    }

    @Test func timelineRowsAreAllThereInOrder() throws {
        let (html, _) = try render()
        let timeline = String(html[html.range(of: "<section id=\"timeline\">")!.lowerBound...])
        let ids = ["e-1", "e-2", "login-failures-then-success", "p-1", "a-1"]
        let positions = try ids.map { try #require(timeline.range(of: $0)?.lowerBound) }
        #expect(positions == positions.sorted())
    }

    @Test func theTimelineCanBeCappedButNotTheSummary() throws {
        let (html, rows) = try render(limit: 2)
        #expect(rows == 2)
        #expect(html.contains("the first 2 of 5 events"))
        #expect(html.contains("3 later events are not shown"))
        #expect(html.contains("<div class=\"value\">5</div>"))
        let problems = try HTMLStructure.check(html)
        #expect(problems == [], "\(problems.prefix(5))")
    }

    @Test func anEmptyWindowStillMakesAReport() throws {
        let window = TimelineWindow(since: "2027-01-01T00:00:00.000000Z", until: "2027-01-02T00:00:00.000000Z")
        let (html, rows) = try render(filter: TimelineFilter(window: window))
        #expect(rows == 0)
        #expect(html.contains("No events match."))
        #expect(html.contains("No events in this window"))
        let problems = try HTMLStructure.check(html)
        #expect(problems == [], "\(problems.prefix(5))")
    }
}

/// A small well-formedness check for the report's HTML: every element closed in order (void
/// elements apart), attributes quoted, no stray `<` or `&` in text.
enum HTMLStructure {
    static let void: Set<String> = ["meta", "br", "col", "img", "input", "link", "hr"]

    /// Problems found; empty when the document is well formed.
    static func check(_ html: String) throws -> [String] {
        var problems: [String] = []
        var stack: [String] = []
        var index = html.startIndex
        let tagPattern = try Regex(
            #"^<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[a-zA-Z][a-zA-Z0-9-:]*(?:="[^"<]*")?)*)\s*(/?)>"#)
        while index < html.endIndex {
            let character = html[index]
            if character == "<" {
                let rest = html[index...]
                if rest.hasPrefix("<!DOCTYPE html>") {
                    index = html.index(index, offsetBy: 15)
                    continue
                }
                guard let match = try tagPattern.prefixMatch(in: rest) else {
                    problems.append("stray < at \(html.distance(from: html.startIndex, to: index))")
                    index = html.index(after: index)
                    continue
                }
                let closing = match.output[1].substring == "/"
                let name = String(match.output[2].substring ?? "").lowercased()
                let selfClosing = match.output[4].substring == "/"
                if closing {
                    if stack.last == name {
                        stack.removeLast()
                    } else {
                        problems.append("</\(name)> closes \(stack.last ?? "nothing")")
                    }
                } else if !void.contains(name) && !selfClosing {
                    stack.append(name)
                }
                index = match.range.upperBound
                // Style sheet text is not markup.
                if name == "style" && !closing, let end = html[index...].range(of: "</style>") {
                    index = end.lowerBound
                }
                if name == "title" && !closing, let end = html[index...].range(of: "</title>") {
                    if html[index..<end.lowerBound].contains("<") { problems.append("< inside a title") }
                    index = end.lowerBound
                }
            } else if character == "&" {
                let rest = html[index...].prefix(8)
                if !(rest.hasPrefix("&amp;") || rest.hasPrefix("&lt;") || rest.hasPrefix("&gt;")
                    || rest.hasPrefix("&quot;")
                    || rest.hasPrefix("&#39;"))
                {
                    problems.append("bare & at \(html.distance(from: html.startIndex, to: index))")
                }
                index = html.index(after: index)
            } else {
                index = html.index(after: index)
            }
        }
        if !stack.isEmpty { problems.append("unclosed: \(stack)") }
        return problems
    }
}
