import Testing

@testable import AegisSources

@Suite struct PCRE2RegexTests {
    @Test func compileErrorCarriesTheOffset() throws {
        let error = try #require(throws: PatternError.self) { try PCRE2Regex("abc(def") }
        #expect(error.pattern == "abc(def")
        #expect(error.offset == 7)  // PCRE2 notices the missing ")" at the end
        #expect(!error.message.isEmpty)
        #expect(error.description.contains("offset 7"))
    }

    @Test func compileErrorOffsetPointsInsideThePattern() throws {
        let error = try #require(throws: PatternError.self) { try PCRE2Regex("ab)cd") }
        #expect(error.offset == 2)
    }

    @Test func firstMatchReturnsByteRangesOfGroups() throws {
        let regex = try PCRE2Regex("(a+)(x)?(b)")
        let text = Array("zzaab".utf8)
        let groups = try #require(text.withUnsafeBufferPointer { regex.firstMatch(in: $0) })
        #expect(groups.count == 4)
        #expect(groups[0] == 2..<5)
        #expect(groups[1] == 2..<4)
        #expect(groups[2] == nil)
        #expect(groups[3] == 4..<5)
    }

    @Test func firstMatchHonoursTheStartOffset() throws {
        let regex = try PCRE2Regex("a")
        let text = Array("a_a".utf8)
        let groups = try #require(text.withUnsafeBufferPointer { regex.firstMatch(in: $0, from: 1) })
        #expect(groups[0] == 2..<3)
    }

    @Test func noMatchIsNil() throws {
        let regex = try PCRE2Regex("q")
        #expect(Array("abc".utf8).withUnsafeBufferPointer { regex.firstMatch(in: $0) } == nil)
        #expect([UInt8]().withUnsafeBufferPointer { regex.firstMatch(in: $0) } == nil)
    }

    @Test func caselessOption() throws {
        let regex = try PCRE2Regex("abc", caseless: true)
        #expect(regex.replacingMatches(in: "xABCx", with: { _ in "-" }) == "x-x")
        let strict = try PCRE2Regex("abc")
        #expect(strict.replacingMatches(in: "xABCx", with: { _ in "-" }) == "xABCx")
    }

    @Test func replacingMatchesKeepsMultibyteTextAroundMatches() throws {
        let regex = try PCRE2Regex("[0-9]+")
        #expect(regex.replacingMatches(in: "é12ü345日🦊6", with: { _ in "#" }) == "é#ü#日🦊#")
    }

    @Test func patternsMatchWholeCharactersInUTFMode() throws {
        let regex = try PCRE2Regex("^.$")
        #expect(regex.replacingMatches(in: "日", with: { _ in "one" }) == "one")
    }

    @Test func replacementReceivesCaptureGroups() throws {
        let regex = try PCRE2Regex("(\\w+)=(\\w+)")
        let swapped = regex.replacingMatches(in: "a=1, b=2") { groups in "\(groups[2]!)=\(groups[1]!)" }
        #expect(swapped == "1=a, 2=b")
    }
}
