import AegisSources
import Foundation
import Testing

/// The one JSON string escaper: byte-level, but it must read back to the same text.
struct JSONTextTests {
    static let samples = [
        "", "plain", "quote \" and backslash \\", "tab\there\nline\r\n", "\u{0}\u{1}\u{8}\u{C}\u{1B}\u{1F}",
        "del \u{7F} stays", "é ü 日本 🚀 mixed", "separators \u{2028} and \u{2029}", "\u{2027}\u{202A} are not",
        "ends with escape \n", "\"", "\\",
    ]

    @Test(arguments: samples)
    func readsBackAsTheSameText(text: String) throws {
        let literal = JSONText.string(text)
        let decoded = try JSONSerialization.jsonObject(with: Data("[\(literal)]".utf8)) as? [String]
        #expect(decoded == [text])
    }

    @Test func escapesWhatJSONAndJavaScriptRequireAndNothingElse() {
        #expect(JSONText.string("a\"b\\c\nd\re\tf\u{0}g\u{1F}") == #""a\"b\\c\nd\re\tf\u0000g\u001f""#)
        #expect(JSONText.string("x\u{2028}y\u{2029}z") == #""x\u2028y\u2029z""#)
        #expect(JSONText.string("é🚀\u{7F}/") == "\"é🚀\u{7F}/\"")
    }

    @Test func appendsToWhatIsThere() {
        var out = Array("[".utf8)
        JSONText.append("a\nb", to: &out)
        #expect(String(decoding: out, as: UTF8.self) == #"["a\nb""#)
    }
}
