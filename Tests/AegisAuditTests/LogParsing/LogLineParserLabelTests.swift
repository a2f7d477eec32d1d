import Testing

@testable import AegisAudit

/// Stream labels fill what the line leaves empty, and only that.
@Suite struct LogLineParserLabelTests {
    @Test func jobBecomesTheServiceWhenTheLineHasNone() throws {
        let parser = try LogParsingFixtures.parser()
        #expect(parser.parse(#"{"message":"x"}"#, labels: ["job": "aegis-executor"]).service == "aegis-executor")
        #expect(
            parser.parse(#"{"message":"x"}"#, labels: ["service_name": "aegis-backend"]).service == "aegis-backend")
    }

    @Test func theLinesServiceWinsOverTheJob() throws {
        let parser = try LogParsingFixtures.parser()
        #expect(
            parser.parse(#"{"service":"billing"}"#, labels: ["job": "aegis-backend", "service_name": "x"]).service
                == "billing")
    }

    @Test func jobIsPreferredToServiceName() throws {
        let parser = try LogParsingFixtures.parser()
        #expect(parser.parse("text", labels: ["service_name": "b", "job": "a"]).service == "a")
    }

    @Test func levelLabelIsNormalisedAndUsedOnlyWhenTheLineHasNone() throws {
        let parser = try LogParsingFixtures.parser()
        #expect(parser.parse(#"{"message":"x"}"#, labels: ["level": "WARNING"]).level == "warn")
        #expect(parser.parse(#"{"level":"debug"}"#, labels: ["level": "error"]).level == "debug")
        #expect(parser.parse(#"{"message":"x"}"#, labels: ["detected_level": "error"]).level == "error")
        #expect(
            parser.parse(#"{"message":"x"}"#, labels: ["level": "nonsense", "detected_level": "info"]).level == "info")
    }

    @Test func traceIDFromStructuredMetadataLabel() throws {
        let parser = try LogParsingFixtures.parser()
        #expect(parser.parse(#"{"message":"x"}"#, labels: ["trace_id": "abc"]).traceID == "abc")
        #expect(parser.parse(#"{"trace_id":"line"}"#, labels: ["trace_id": "label"]).traceID == "line")
    }

    @Test func otherLabelsFillNothing() throws {
        let parser = try LogParsingFixtures.parser()
        let parsed = parser.parse(
            #"{"message":"x"}"#, labels: ["namespace": "production", "ip": "10.0.0.1", "user_id": "u", "method": "GET"])
        #expect(parsed.ip == nil)
        #expect(parsed.userID == nil)
        #expect(parsed.method == nil)
    }
}
