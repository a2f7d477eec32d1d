import Foundation
import Testing

@testable import Exporters

@Suite struct JSONSyntaxTests {
    @Test(arguments: [
        "0", "-0", "12", "-3.25", "1e10", "1E+2", "2.5e-3", "true", "false", "null", "\"\"", "\"text\"",
        #""esc \" \\ \/ \b \f \n \r \t \u00e9 \uD83E\uDD8A""#, "[]", "{}", " [ 1 , 2 ] ",
        "\n\t{\"a\": [true, null, {\"b\": \"c\"}]}\r\n",
        "\"żółć 日本 🦊\"", "[[[[]]]]", "{\"\":0}",
    ])
    func valid(_ text: String) {
        #expect(JSONSyntax.isValid(text))
        // Cross-check the premise with Foundation's parser.
        #expect((try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])) != nil)
    }

    @Test(arguments: [
        "", "   ", "01", "-01", "00", "1.", ".5", "-", "+1", "1e", "1e+", "0x10", "NaN", "Infinity",
        "tru", "nul", "True", "nulls", "[1,]", "{\"a\":1,}", "[,1]", "{,}", "[1 2]", "{\"a\" 1}", "{\"a\":}",
        "{a:1}", "{'a':1}", "'x'", "\"open", "[1", "{\"a\":1", "]", "1 2", "[] []",
        #""bad \x escape""#, #""bad \u12 escape""#, #""bad \uZZZZ""#, #""\"#, "\"raw\ttab\"", "\"raw\nnewline\"",
    ])
    func invalid(_ text: String) {
        #expect(!JSONSyntax.isValid(text))
    }

    @Test func nestingUpToTheLimitIsValid() {
        let depth = 512
        #expect(JSONSyntax.isValid(String(repeating: "[", count: depth) + String(repeating: "]", count: depth)))
        #expect(
            JSONSyntax.isValid(
                String(repeating: "{\"a\":", count: depth - 1) + "1" + String(repeating: "}", count: depth - 1)))
    }

    @Test func nestingBeyondTheLimitIsInvalid() {
        let depth = 513
        #expect(!JSONSyntax.isValid(String(repeating: "[", count: depth) + String(repeating: "]", count: depth)))
    }

    @Test func veryDeepNestingIsRefusedWithoutExhaustingTheStack() {
        let depth = 1_000_000
        #expect(!JSONSyntax.isValid(String(repeating: "[", count: depth) + String(repeating: "]", count: depth)))
        #expect(!JSONSyntax.isValid(String(repeating: "{\"a\":", count: depth)))
    }
}
