import Testing

@testable import AegisSources

@Suite struct PCRE2RegexNamedGroupsTests {
    private func captures(_ regex: PCRE2Regex, _ text: String) -> [String: String]? {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            regex.namedCaptures(in: buffer)?.mapValues { String(decoding: buffer[$0], as: UTF8.self) }
        }
    }

    @Test func groupNamesMapToGroupNumbersAmongUnnamedGroups() throws {
        let regex = try PCRE2Regex(#"^(\d+)-(?<level>[A-Z]+)(x)?(?<context>\[[^\]]*\])?(?P<body>.*)$"#)
        #expect(regex.groupNames == ["level": 2, "context": 4, "body": 5])
        #expect(regex.captureCount == 5)
    }

    @Test func aPatternWithoutNamesHasNone() throws {
        let regex = try PCRE2Regex("(a)(b)")
        #expect(regex.groupNames.isEmpty)
        #expect(regex.captureCount == 2)
    }

    @Test func namedCapturesGiveByteRangesAndLeaveUnsetGroupsOut() throws {
        let regex = try PCRE2Regex(#"^(?<pid>\d+) (?<time>\d\d:\d\d)? ?(?<level>LOG|WARN) (?<body>.*)$"#)
        #expect(captures(regex, "1  LOG hello") == ["pid": "1", "level": "LOG", "body": "hello"])
        #expect(
            captures(regex, "42 10:30 WARN é日🦊") == ["pid": "42", "time": "10:30", "level": "WARN", "body": "é日🦊"])
        let bytes = Array("7 LOG x".utf8)
        let ranges = bytes.withUnsafeBufferPointer { regex.namedCaptures(in: $0) }
        #expect(ranges == ["pid": 0..<1, "level": 2..<5, "body": 6..<7])
    }

    @Test func noMatchIsNil() throws {
        let regex = try PCRE2Regex(#"^(?<a>x)"#)
        #expect(captures(regex, "yx") == nil)
        #expect(captures(regex, "") == nil)
    }

    @Test func rangesAreBytesNotCharacters() throws {
        let regex = try PCRE2Regex(#"(?<name>b+)"#)
        let bytes = Array("日é🦊bb".utf8)
        #expect(bytes.withUnsafeBufferPointer { regex.namedCaptures(in: $0) } == ["name": 9..<11])
    }

    @Test func duplicateNamesMapToTheLowestNumber() throws {
        let regex = try PCRE2Regex(#"(?J)(?:(?<v>a)|(?<v>b))"#)
        #expect(regex.groupNames == ["v": 1])
        #expect(captures(regex, "a") == ["v": "a"])
    }

    @Test func longNamesAndManyGroups() throws {
        let names = (0..<40).map { "group_with_a_rather_long_name_\($0)" }
        let regex = try PCRE2Regex(names.map { "(?<\($0)>.)" }.joined())
        #expect(regex.groupNames.count == 40)
        #expect(regex.groupNames["group_with_a_rather_long_name_39"] == 40)
        let text = String(repeating: "z", count: 40)
        #expect(captures(regex, text)?.count == 40)
    }

    @Test func captureRangeReadsTheLastMatchWithoutAllocating() throws {
        let regex = try PCRE2Regex(#"(?<k>[a-z]+)=(?<v>\d+)?"#)
        let bytes = Array("  key=12 other=".utf8)
        #expect(regex.groupNames["k"] == 1)
        bytes.withUnsafeBufferPointer { buffer in
            #expect(regex.matches(buffer))
            #expect(regex.captureRange(0) == 2..<8)
            #expect(regex.captureRange(1) == 2..<5)
            #expect(regex.captureRange(2) == 6..<8)
            #expect(regex.captureRange(3) == nil)  // no such group
            #expect(regex.matches(buffer, from: 8))
            #expect(regex.captureRange(1) == 9..<14)
            #expect(regex.captureRange(2) == nil)  // unset in this match
            #expect(!regex.matches(buffer, from: 15))
            #expect(regex.captureRange(0) == nil)  // nothing after a failed match
            #expect(!regex.matches(buffer, from: 99))  // past the end: no match, no trap
        }
    }

    @Test func nulBytesMatchLikeAnyCharacter() throws {
        let regex = try PCRE2Regex(#"(?s)^\[(?<ctx>[^\]]*)\] (?<body>.*)$"#)
        let bytes: [UInt8] = Array("[A\u{0}B] x\u{0}\nend".utf8)
        let ranges = try #require(bytes.withUnsafeBufferPointer { regex.namedCaptures(in: $0) })
        #expect(ranges["ctx"] == 1..<4)
        #expect(ranges["body"] == 6..<bytes.count)
    }

    /// An invalid UTF-8 subject (our sources never produce one: JSON and COPY text are valid)
    /// is refused by PCRE2's UTF check: no match, no crash, whatever the pattern.
    @Test func anInvalidUTF8SubjectMatchesNothing() throws {
        let bytes: [UInt8] = Array("[ctx] x".utf8) + [0xFF, 0xFE, 0xC3, 0x28] + Array(" id=42".utf8)
        for pattern in [#"(?s)^\[(?<ctx>[^\]]*)\] (?<body>.*)$"#, #"^\[(?<ctx>[^\]]*)\] "#, #"id=(?<id>\d+)"#] {
            let regex = try PCRE2Regex(pattern)
            #expect(bytes.withUnsafeBufferPointer { regex.namedCaptures(in: $0) } == nil)
        }
        let valid = Array("[ctx] Ødegård id=42".utf8)
        let after = try PCRE2Regex(#"id=(?<id>\d+)"#)
        #expect(valid.withUnsafeBufferPointer { after.namedCaptures(in: $0) } != nil)
    }
}
