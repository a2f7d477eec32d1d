import AegisAudit
import QueryLang
import Testing

@testable import Hunts

/// A finding's summary: the hunt's template filled in from its row and parameters.
struct FindingTextTests {
    @Test func fillsColumnsAndParametersInOnePass() {
        let text = FindingText.render(
            "{requested_by} touched {namespace} ({ips}) within {$window}; {missing} and {$unknown}",
            columns: ["requested_by", "namespace", "ips"],
            values: [.text("ci {namespace} bot"), .null, .text(#"["10.0.0.1","203.0.113.9"]"#)],
            parameters: ["window": .string("10m")])
        #expect(text == "ci {namespace} bot touched - (10.0.0.1, 203.0.113.9) within 10m; ? and ?")
    }

    @Test func aTemplateWithoutPlaceholdersOrWithAnUnclosedBraceIsKept() {
        #expect(FindingText.render("plain text", columns: [], values: [], parameters: [:]) == "plain text")
        #expect(
            FindingText.render("{n} open { brace", columns: ["n"], values: [.integer(3)], parameters: [:])
                == "3 open { brace")
    }
}
