import Testing

@testable import Repl

@Suite struct MetaCommandTests {
    @Test func parsesEveryCommand() throws {
        #expect(try MetaCommand.parse(".help") == .help)
        #expect(try MetaCommand.parse(".tables") == .tables)
        #expect(try MetaCommand.parse(".schema users") == .schema(table: "users"))
        #expect(try MetaCommand.parse(".schema") == .schema(table: nil))
        #expect(try MetaCommand.parse(".format CSV") == .format("csv"))
        #expect(try MetaCommand.parse(".output out.json") == .output(path: "out.json"))
        #expect(try MetaCommand.parse(".output") == .output(path: nil))
        #expect(try MetaCommand.parse(".once x.csv") == .once(path: "x.csv"))
        #expect(try MetaCommand.parse(".timing on") == .timing(true))
        #expect(try MetaCommand.parse(".explain") == .explain(nil))
        #expect(try MetaCommand.parse(".sql") == .language(.sql))
        #expect(try MetaCommand.parse(".ql") == .language(.queryLang))
        #expect(try MetaCommand.parse(".status") == .status)
        #expect(try MetaCommand.parse(".maxrows 0") == .maxRows(0))
        #expect(try MetaCommand.parse(".quit") == .quit)
        #expect(try MetaCommand.parse(".exit") == .quit)
    }

    @Test func refusesMistakesWithAHint() {
        #expect(throws: ReplError.usage("unknown format 'xml' (use table, csv, json or jsonl)")) {
            try MetaCommand.parse(".format xml")
        }
        #expect(throws: ReplError.usage("unknown command '.tab'; did you mean '.tables'?")) {
            try MetaCommand.parse(".tab")
        }
        #expect(throws: ReplError.usage("usage: .timing on|off")) { try MetaCommand.parse(".timing maybe") }
        #expect(throws: ReplError.usage("usage: .once FILE")) { try MetaCommand.parse(".once") }
        #expect(throws: ReplError.usage("usage: .maxrows N (0 for no cap)")) { try MetaCommand.parse(".maxrows -1") }
    }
}
