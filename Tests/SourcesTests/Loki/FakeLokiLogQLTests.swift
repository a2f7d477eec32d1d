import Foundation
import Testing

@testable import TestSupport

/// The fake's LogQL subset, Go/Prometheus time formats and push decoding, unit by unit.
@Suite struct FakeLokiLogQLTests {
    private func selector(_ text: String) throws -> LogQLSelector {
        guard case .logs(let selector) = try LogQLParser.parse(text) else {
            throw AnswerError(description: "not a log query: \(text)")
        }
        return selector
    }

    private func parseError(_ text: String) -> String? {
        do {
            _ = try LogQLParser.parse(text)
            return nil
        } catch {
            return String(decoding: error.body, as: UTF8.self)
        }
    }

    @Test func regexMatchersAreFullyAnchored() throws {
        let backend = LabelSet(["job": "aegis-backend"])
        #expect(try !selector(#"{job=~"aegis"}"#).matchesStream(backend))
        #expect(try selector(#"{job=~"aegis-.*"}"#).matchesStream(backend))
        #expect(try selector(#"{job=~"aegis-(backend|executor)"}"#).matchesStream(backend))
        #expect(try !selector(#"{job=~".+", job!~".*backend"}"#).matchesStream(backend))
        #expect(try selector(#"{job="aegis-backend", level!="error"}"#).matchesStream(backend))
        #expect(try selector(#"{job=~"(?i)AEGIS-BACKEND"}"#).matchesStream(backend))
        #expect(try selector(#"{job=~"aegis-.*", x=~"a|"}"#).matchesStream(backend))  // a missing label is ""
    }

    @Test func lineFiltersSearchBytesUnanchored() throws {
        let query = try selector(#"{job="a"} |= "é" != "skip" |~ "ab+c" !~ "^x""#)
        #expect(query.matchesLine("café abbc"))
        #expect(!query.matchesLine("cafe\u{301} abbc"))  // bytes, not canonical equivalence
        #expect(!query.matchesLine("café abbc skip"))
        #expect(!query.matchesLine("xcafé abbc"))
    }

    @Test func aSelectorNeedsAMatcherThatRejectsTheEmptyValue() {
        let message = LogQLParser.emptyCompatibleMessage
        #expect(parseError(#"{job=~".*"}"#) == message)
        #expect(parseError(#"{job=""}"#) == message)
        #expect(parseError(#"{job!="x"}"#) == message)
        #expect(parseError(#"{job!=""}"#) == nil)
        #expect(parseError(#"{job=~".+"}"#) == nil)
        #expect(parseError(#"sum(count_over_time({job=~".*"}[5m]))"#) == message)
    }

    @Test func syntaxErrorsReadLikeLokis() {
        #expect(
            parseError(#"{job="aegis-backend""#)
                == "parse error at line 1, col 21: syntax error: unexpected $end, expecting } or ,")
        #expect(
            parseError("{job=\"a\"\n  x}")
                == "parse error at line 2, col 3: syntax error: unexpected IDENTIFIER, expecting } or ,")
        #expect(parseError(#"{job="a}"#) == "parse error at line 1, col 6: literal not terminated")
        #expect(parseError("") == "parse error at line 1, col 1: syntax error: unexpected $end")
    }

    @Test func unsupportedLogQLIsRefusedClearly() {
        for query in [
            #"{job="a"} | json"#, #"{job="a"} | level="error""#, #"rate({job="a"}[5m])"#,
            #"avg(count_over_time({job="a"}[5m]))"#, #"sum(count_over_time({job="a"}[5m])) / 2"#,
            #"{job="a"} |= "x" or "y""#, #"{job="a"} |> "<_> x""#,
        ] {
            #expect(parseError(query)?.hasSuffix("is not supported by the fake") == true, "\(query)")
        }
    }

    @Test func metricQueriesParseTheirRangeAndGrouping() throws {
        guard
            case .metric(let metric) = try LogQLParser.parse(
                #"sum(count_over_time({job="a"} |= "x" [1500ms])) by (job, level)"#)
        else { throw AnswerError(description: "not a metric") }
        #expect(metric.range == 1_500_000_000)
        #expect(metric.selector.lineFilters.count == 1)
        let labels = LabelSet(["job": "a", "level": "info", "service_name": "a"])
        #expect(metric.seriesLabels(labels) == LabelSet(["job": "a", "level": "info"]))
        guard
            case .metric(let nested) = try LogQLParser.parse(
                #"sum without (level) (sum by (job, level) (count_over_time({job="a"}[21600s])))"#)
        else { throw AnswerError(description: "not a metric") }
        #expect(nested.range == 21_600 * GoTime.second)
        #expect(nested.seriesLabels(labels) == LabelSet(["job": "a"]))
    }

    @Test func goAndPrometheusDurationsAreWrittenLikeGo() {
        #expect(GoTime.durationString(768 * 3_600 * GoTime.second) == "768h0m0s")
        #expect(GoTime.durationString(1_500_000_000) == "1.5s")
        #expect(GoTime.durationString(500_000_000) == "500ms")
        #expect(GoTime.durationString(1_500) == "1.5\u{B5}s")
        #expect(GoTime.durationString(3_661_001_000_000) == "1h1m1.001s")
        #expect(GoTime.durationString(0) == "0s")
        #expect(GoTime.prometheusDurationString((30 * 86_400 + 3_600) * GoTime.second) == "30d1h")
        #expect(GoTime.prometheusDurationString(28 * 86_400 * GoTime.second) == "4w")
        #expect(GoTime.prometheusDurationString(90 * GoTime.second) == "1m30s")
        #expect(GoTime.prometheusDurationString(365 * 86_400 * GoTime.second) == "1y")
    }

    @Test func durationsAndTimestampsAreReadLikeLoki() throws {
        #expect(GoTime.parseDuration("5m") == 300 * GoTime.second)
        #expect(GoTime.parseDuration("1h30m") == 5_400 * GoTime.second)
        #expect(GoTime.parseDuration("1.5h") == 5_400 * GoTime.second)
        #expect(GoTime.parseDuration("1d") == 86_400 * GoTime.second)
        #expect(GoTime.parseDuration("2w") == 14 * 86_400 * GoTime.second)
        #expect(GoTime.parseDuration("5x") == nil)
        #expect(GoTime.parseSecondsOrDuration("300") == 300 * GoTime.second)
        #expect(GoTime.parseSecondsOrDuration("0.5") == 500_000_000)
        #expect(try GoTime.parseTimestamp("1795600800") == 1_795_600_800 * GoTime.second)
        #expect(try GoTime.parseTimestamp("1795600800123456789") == 1_795_600_800_123_456_789)
        #expect(try GoTime.parseTimestamp("1795600800.25") == 1_795_600_800_250_000_000)
        #expect(try GoTime.parseTimestamp("2026-11-25T10:30:00.5Z") == 1_795_602_600_500_000_000)
        #expect(try GoTime.parseTimestamp("2026-11-25T12:00:00+02:00") == 1_795_600_800 * GoTime.second)
        #expect(try GoTime.parseTimestamp("2026-11-25T10:00:00.123456789Z") == 1_795_600_800_123_456_789)
        #expect(throws: FakeLokiError.self) { try GoTime.parseTimestamp("yesterday") }
        #expect(GoTime.sampleTime(1_795_600_800_000_000_000) == "1795600800")
        #expect(GoTime.sampleTime(1_795_600_800_500_999_999) == "1795600800.5")
    }

    @Test func pushStringsRepairInvalidUTF8ByteByByteLikeGo() throws {
        func decoded(_ bytes: [UInt8]) -> String { bytes.withUnsafeBufferPointer { FakeLokiPushDecoder.goString($0) } }
        #expect(decoded([0xFF, 0xFE, 0xC3, 0x28]) == "\u{FFFD}\u{FFFD}\u{FFFD}(")
        #expect(decoded([0xE2, 0x82, 0x78]) == "\u{FFFD}\u{FFFD}x")  // Swift's own repair gives one U+FFFD
        #expect(decoded([0xED, 0xA0, 0x80]) == "\u{FFFD}\u{FFFD}\u{FFFD}")  // an encoded surrogate
        #expect(decoded(Array("é👩‍💻".utf8)) == "é👩‍💻")
    }

    @Test func aLoneLowSurrogateOrABrokenPairRejectsThePush() throws {
        for escape in [#"\udc00"#, #"\ud83d\u0041"#, #"\ud83d"#] {
            let body = #"{"streams":[{"stream":{"job":"a"},"values":[["1","x \#(escape) y"]]}]}"#
            #expect(throws: FakeLokiError.self) { try FakeLokiPushDecoder.decode(Array(body.utf8)) }
        }
        let valid = #"{"streams":[{"stream":{"job":"a"},"values":[["1","\ud83d\ude00 \u00e9 \/ \t"]]}]}"#
        let streams = try FakeLokiPushDecoder.decode(Array(valid.utf8))
        #expect(streams.first?.values.first?.line == "\u{1F600} é / \t")
    }

    @Test func goJSONEscapingIsHTMLSafe() {
        var json = GoJSONWriter()
        json.string("<a href=\"x\">&\u{0}\u{7}\u{1B}\n\r\t\u{2028}\u{2029}é\\</a>")
        #expect(
            String(decoding: json.bytes, as: UTF8.self)
                == #""\u003ca href=\"x\"\u003e\u0026\u0000\u0007\u001b\n\r\t\u2028\u2029é\\\u003c/a\u003e""#)
    }

    @Test func serviceNameAndDetectedLevelFollowLokisDefaults() {
        #expect(FakeLokiFieldDetection.withServiceName(["job": "j", "app": "a"])["service_name"] == "a")
        #expect(FakeLokiFieldDetection.withServiceName(["env": "x"])["service_name"] == "unknown_service")
        #expect(FakeLokiFieldDetection.withServiceName(["service_name": "s", "job": "j"])["service_name"] == "s")
        func level(_ line: String, labels: [String: String] = [:]) -> String {
            FakeLokiFieldDetection.detectedLevel(labels: labels, metadata: [:], line: line)
        }
        #expect(level("anything", labels: ["level": "WARNING"]) == "warn")
        #expect(level(#"{"nested":{"severity":"ERR"}}"#) == "error")
        #expect(level("ts=1 lvl=dbg msg=x") == "debug")
        #expect(level("[ERROR] boom") == "error")
        #expect(level("plain text") == "unknown")
    }
}
