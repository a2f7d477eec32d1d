import AegisAudit
import Foundation
import QueryLang
import Testing

/// Each bad query marks where its error must point with ⟪ and ⟫ around the expected span;
/// the markers are removed before compiling.
@Suite struct DiagnosticPositionTests {
    let catalog: Catalog

    init() throws {
        catalog = try QueryFixture.catalog(of: QueryFixture.makeCache())
    }

    static let cases: [(String, String)] = [
        ("from ⟪audit_event⟫ | head 1", "Q020"),
        ("from audit_events | where ⟪ip_adress⟫ == \"x\"", "Q021"),
        ("from audit_events\n| where event_type == \"x\"\n| ⟪stat⟫ count()", "Q012"),
        ("from audit_events | where created_at > ⟪5⟫", "Q025"),
        ("from audit_events | where⟪⟫", "Q011"),
        ("from audit_events | where details.email == ⟪\"unterminated⟫", "Q002"),
        ("from audit_events | where event_type =~ ⟪/(unclosed/⟫", "Q028"),
        ("from audit_events | stats ⟪event_type⟫ by user_id", "Q026"),
        ("from audit_events | where ⟪count()⟫ > 1", "Q026"),
        ("from audit_events | where ⟪lenght(event_type)⟫ > 1", "Q022"),
        ("from audit_events | where ⟪lower(event_type, 1)⟫ == \"x\"", "Q023"),
        ("from audit_events | where ⟪event_type.email⟫ == \"x\"", "Q030"),
        ("from users | since ⟪1d⟫", "Q027"),
        ("from audit_events | where event_type ⟪=⟫ \"x\"", "Q010"),
        ("from audit_events | since 5⟪y⟫", "Q013"),
        // Non-ASCII before the error: the column counts characters.
        ("from audit_events | where user_agent == \"Zoë 🚀 日本\" and ⟪bogus⟫ == 1", "Q021"),
        ("from audit_events | where user_agent == \"Zoë\" ⟪§⟫", "Q001"),
    ]

    @Test(arguments: cases)
    func errorsPointAtTheMarkedSpan(marked: String, id: String) throws {
        let start = try #require(marked.range(of: "⟪")), end = try #require(marked.range(of: "⟫"))
        let query = marked.replacingOccurrences(of: "⟪", with: "").replacingOccurrences(of: "⟫", with: "")
        let expectedStart = marked[..<start.lowerBound].utf8.count
        let expectedEnd = marked[..<end.lowerBound].utf8.count - "⟪".utf8.count
        do {
            _ = try QueryCompiler.compile(query, catalog: catalog, now: QueryFixture.now)
            Issue.record("compiled without error: \(query)")
        } catch {
            let diagnostic = try #require(error.diagnostics.first)
            #expect(diagnostic.id.rawValue == id, "\(error.rendered)")
            #expect(diagnostic.span.start == expectedStart, "\(error.rendered)")
            #expect(diagnostic.span.end == expectedEnd, "\(error.rendered)")
        }
    }

    @Test func renderingCountsCharactersOnTheRightLine() throws {
        let query = "from audit_events\n| where user_agent == \"Zoë 🚀\" and bogus == 1"
        do {
            _ = try QueryCompiler.compile(query, catalog: catalog)
            Issue.record("compiled")
        } catch {
            let lines = error.rendered.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            #expect(lines[0] == "query:2:35: error[Q021]: no column 'bogus' here")
            #expect(lines[1] == "  | where user_agent == \"Zoë 🚀\" and bogus == 1")
            #expect(lines[2] == "  " + String(repeating: " ", count: 34) + "^~~~~")
            #expect(lines[3].contains("hint:"))
        }
    }

    @Test func suggestionsNameTheClosestCandidate() throws {
        do {
            _ = try QueryCompiler.compile("from action_audit_logs | where namespce == \"x\"", catalog: catalog)
        } catch {
            #expect(error.diagnostics.first?.hints == ["did you mean 'namespace'?"])
        }
    }
}
