import Testing

@testable import AegisAudit

@Suite struct DurationTextTests {
    @Test(arguments: [
        ("0", 0), ("45", 45), ("90s", 90), ("10m", 600), ("2h", 7200), ("1d", 86_400), ("0m", 0),
        (" 5m ", 300), ("\t3s", 3),
    ])
    func validDurations(text: String, seconds: Int) {
        #expect(DurationText.seconds(text) == seconds)
    }

    @Test(arguments: ["", " ", "m", "s", "-1", "-5m", "10x", "1.5h", "10 m", "m10", "10mm", "1w", "ten", "10M"])
    func invalidDurations(text: String) {
        #expect(DurationText.seconds(text) == nil)
    }

    @Test func hugeDurationIsRejectedInsteadOfOverflowing() {
        #expect(DurationText.seconds("\(Int.max)d") == nil)
        #expect(DurationText.seconds("\(Int.max / 60 + 1)m") == nil)
        #expect(DurationText.seconds("\(Int.max)s") == Int.max)
        #expect(DurationText.seconds("\(Int.max / 3600)h") == (Int.max / 3600) * 3600)
    }
}
