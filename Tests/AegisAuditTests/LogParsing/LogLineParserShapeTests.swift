import AegisSources
import Testing

@testable import AegisAudit

/// Each line shape, from real lines of the captured Loki responses and of gen_aegis.py.
@Suite struct LogLineParserShapeTests {
    @Test func executorAuditLineIsJSONWithTheAuditID() throws {
        let parser = try LogParsingFixtures.parser()
        let entry = try LogParsingFixtures.entry(
            "14_json_parser.json", containing: "683d7bdd-b7db-4bcf-9ede-745564376d49")
        let parsed = parser.parse(entry.line, labels: ["job": "aegis-executor", "level": "info"])
        #expect(parsed.format == "json")
        #expect(parsed.auditID == "683d7bdd-b7db-4bcf-9ede-745564376d49")
        #expect(parsed.level == "info")  // from the label: the line has none
        #expect(parsed.service == "aegis-executor")  // from job
        #expect(parsed.statusCode == nil)  // "status":"completed" is not an HTTP status
        #expect(parsed.message == nil)
        #expect(parsed.fields == entry.line)  // a pure JSON line is its own fields text
        #expect(parsed.events.isEmpty)
    }

    @Test func specStyleBackendJSON() throws {
        let parser = try LogParsingFixtures.parser()
        let entry = try LogParsingFixtures.entry("03_query_range_fwd_limit100.json", containing: "deadlock detected")
        let parsed = parser.parse(entry.line, labels: entry.labels)
        #expect(
            parsed
                == ParsedLogLine(
                    format: "json", level: "error", service: "aegis-backend",
                    message: "Failed to persist audit record: deadlock detected",
                    userID: "01e433a3-e4c2-41cc-a683-6c5557f7cda0", ip: "198.51.100.5", fields: entry.line))
    }

    @Test func aiEngineJSONTakesTheLoggerAsContextAndTheTraceFromStructuredMetadata() throws {
        let parser = try LogParsingFixtures.parser()
        let entry = try LogParsingFixtures.entry(
            "17_structured_metadata_default_encoding.json", containing: "aegis.ai.anomaly_detector")
        let parsed = parser.parse(entry.line, labels: entry.labels)
        #expect(parsed.format == "json")
        #expect(parsed.context == "aegis.ai.anomaly_detector")
        #expect(parsed.level == "error")
        #expect(parsed.message == "model inference failed: CUDA out of memory")
        #expect(parsed.traceID == "8751806c23538bcbe68209d356d8da15")  // a label: Loki merged the metadata
        #expect(parsed.service == "aegis-ai-engine")
    }

    @Test func nestWrappingJSONFromTheHTTPInterceptor() throws {
        let parser = try LogParsingFixtures.parser()
        let entry = try LogParsingFixtures.entry(
            "15_json_parser_error_on_nest_lines.json", containing: "PUT /api/v1/policy/84d63be6")
        let parsed = parser.parse(entry.line, labels: entry.labels)
        #expect(parsed.format == "nestjs-json")
        #expect(parsed.level == "info")
        #expect(parsed.context == "HTTP")
        #expect(parsed.method == "PUT")
        #expect(parsed.path == "/api/v1/policy/84d63be6-3b8a-41bb-91a1-c96b311a3124")
        #expect(parsed.statusCode == 200)
        #expect(parsed.ip == "2001:db8::2")
        #expect(parsed.message == "PUT /api/v1/policy/84d63be6-3b8a-41bb-91a1-c96b311a3124 200 5ms")
        #expect(parsed.service == "aegis-backend")
        let fields = try LogParsingFixtures.fieldsObject(parsed)
        #expect(fields["pid"] == .string("1"))
        #expect(fields["nest_time"] == .string("11/25/2026, 9:00:01 AM"))
        #expect(fields["context"] == .string("HTTP"))
        #expect(fields["duration_ms"] == .number("5"))
        #expect(fields["userAgent"] == .string("python-requests/2.32.3"))
        // The body's "level" replaces the prefix's "LOG": one member per key.
        #expect(fields.objectValue?.filter { $0.key == "level" }.map(\.value) == [.string("info")])
    }

    @Test func nestPlainText() throws {
        let parser = try LogParsingFixtures.parser()
        let entry = try LogParsingFixtures.entry("03_query_range_fwd_limit100.json", containing: "Policy updated:")
        let parsed = parser.parse(entry.line, labels: entry.labels)
        #expect(parsed.format == "nestjs-text")
        #expect(parsed.level == "info")
        #expect(parsed.context == "PolicyService")
        #expect(parsed.message == "Policy updated: Deny Prod Deletes (9fb93534-081c-4253-b1e2-73a87984a8ab)")
        #expect(
            parsed.fields
                == #"{"pid":"1","nest_time":"11/25/2026, 10:00:04 AM","level":"LOG","context":"PolicyService"}"#)
    }

    @Test func nestJSONFromTheGeneratorWithIPv4MappedAddress() throws {
        let parser = try LogParsingFixtures.parser()
        let line =
            #"[Nest] 1  - 11/9/2026, 11:06:46 AM    WARN [HTTP] {"level":"warn","message":"POST /api/v1/auth/login 401 145ms","method":"POST","path":"/api/v1/auth/login","ip":"::ffff:10.8.6.246","duration_ms":145,"statusCode":401,"userAgent":"HTTPie/3.2.2","timestamp":"2026-11-09T11:06:46.142Z"}"#
        let parsed = parser.parse(
            line, labels: ["job": "aegis-backend", "level": "warn", "container": "aegis-backend", "stream": "stderr"])
        #expect(parsed.format == "nestjs-json")
        #expect(parsed.ip == "10.8.6.246")
        #expect(parsed.level == "warn")
        #expect(parsed.statusCode == 401)
        #expect(parsed.events == [LogEvent(kind: "login_failed")])
        // fields keep the address as logged; only the column is normalised.
        #expect(try LogParsingFixtures.fieldsObject(parsed)["ip"] == .string("::ffff:10.8.6.246"))
    }

    @Test func pythonLoggingLineWithKeyValuesInTheMessage() throws {
        let parser = try LogParsingFixtures.parser()
        let line =
            "2026-10-21 01:02:15,548 - app.routers.inference - INFO - Remediation restart_pod for analytics/model-server-q4cwpqqm2-jrp9b -> executor status=completed audit_id=c73bef5a-5cab-443d-b507-2a2406ac24ef"
        let parsed = parser.parse(line, labels: ["job": "aegis-ai-engine", "level": "info", "model_type": "anomaly"])
        #expect(parsed.format == "python-logging")
        #expect(parsed.context == "app.routers.inference")
        #expect(parsed.level == "info")
        #expect(parsed.auditID == "c73bef5a-5cab-443d-b507-2a2406ac24ef")
        #expect(parsed.service == "aegis-ai-engine")
        #expect(parsed.statusCode == nil)
        #expect(
            parsed.message
                == "Remediation restart_pod for analytics/model-server-q4cwpqqm2-jrp9b -> executor status=completed audit_id=c73bef5a-5cab-443d-b507-2a2406ac24ef"
        )
        #expect(
            parsed.fields
                == #"{"asctime":"2026-10-21 01:02:15,548","logger":"app.routers.inference","level":"INFO","status":"completed","audit_id":"c73bef5a-5cab-443d-b507-2a2406ac24ef"}"#
        )
    }

    @Test func pythonWarningLine() throws {
        let parser = try LogParsingFixtures.parser()
        let line =
            "2026-10-21 09:27:43,728 - app.services.anomaly_detector - WARNING - Anomaly detected for production/worker-billing-m5fqh824l-x5mml: score=0.82 severity=high"
        let parsed = parser.parse(line, labels: ["job": "aegis-ai-engine", "level": "warning"])
        #expect(parsed.level == "warn")
        #expect(parsed.context == "app.services.anomaly_detector")
        let fields = try LogParsingFixtures.fieldsObject(parsed)
        #expect(fields["score"] == .string("0.82"))
        #expect(fields["severity"] == .string("high"))
    }

    @Test func logfmtLine() throws {
        let parser = try LogParsingFixtures.parser()
        let line =
            #"level=warn ts=2026-11-25T10:00:00Z caller=main.go:12 msg="login \"throttled\" for user" user_id=42 ip=[2001:db8::1]:443 traceID=abc123 status=429 debug"#
        let parsed = parser.parse(line, labels: ["job": "aegis-gateway"])
        #expect(parsed.format == "logfmt")
        #expect(parsed.level == "warn")
        #expect(parsed.message == #"login "throttled" for user"#)
        #expect(parsed.userID == "42")
        #expect(parsed.ip == "2001:db8::1")
        #expect(parsed.traceID == "abc123")
        #expect(parsed.statusCode == 429)
        #expect(parsed.service == "aegis-gateway")
        let fields = try LogParsingFixtures.fieldsObject(parsed)
        #expect(fields["msg"] == .string(#"login "throttled" for user"#))
        #expect(fields["caller"] == .string("main.go:12"))
        #expect(fields["debug"] == .bool(true))
    }

    @Test func unterminatedLogfmtQuoteIsRaw() throws {
        let parser = try LogParsingFixtures.parser()
        let parsed = parser.parse(#"level=info msg="never closed"#, labels: [:])
        #expect(parsed.format == "raw")
        #expect(parsed.level == nil)
    }

    @Test func unknownShapeIsRawWithLevelAndServiceFromLabels() throws {
        let parser = try LogParsingFixtures.parser()
        let line = "panic: runtime error: invalid memory address or nil pointer dereference"
        let parsed = parser.parse(line, labels: ["job": "aegis-executor", "level": "error"])
        #expect(
            parsed
                == ParsedLogLine(format: "raw", level: "error", service: "aegis-executor", message: line, fields: nil))
    }

    @Test func truncatedJSONIsRaw() throws {
        let parser = try LogParsingFixtures.parser()
        let parsed = parser.parse(#"{"level":"info","message":"cut off"#, labels: ["job": "aegis-backend"])
        #expect(parsed.format == "raw")
        #expect(parsed.level == nil)
        #expect(parsed.service == "aegis-backend")
        #expect(parsed.fields == nil)
    }

    @Test func nestBodyThatLooksLikeJSONButIsNotIsText() throws {
        let parser = try LogParsingFixtures.parser()
        let line = "[Nest] 1  - 11/25/2026, 10:00:01 AM   ERROR [HTTP] {not json at all}"
        let parsed = parser.parse(line, labels: [:])
        #expect(parsed.format == "nestjs-text")
        #expect(parsed.level == "error")
        #expect(parsed.message == "{not json at all}")
    }

    @Test func nestLineWithoutTimestamp() throws {
        let parser = try LogParsingFixtures.parser()
        let parsed = parser.parse("[Nest] 42   - VERBOSE [RoutesResolver] AppController {/}:", labels: [:])
        #expect(parsed.format == "nestjs-text")
        #expect(parsed.level == "debug")
        #expect(parsed.context == "RoutesResolver")
        #expect(parsed.message == "AppController {/}:")
        #expect(try LogParsingFixtures.fieldsObject(parsed)["nest_time"] == nil)
    }

    @Test func everyLineOfTheCapturedResponsesHasAKnownShape() throws {
        let parser = try LogParsingFixtures.parser()
        var count = 0
        for fixture in [
            "03_query_range_fwd_limit100.json", "04_query_range_bwd_limit100.json",
            "05_query_range_rfc3339_params.json",
            "06_query_range_limit5000_hit.json", "08_dup_ts_all.json", "15_json_parser_error_on_nest_lines.json",
            "17_structured_metadata_default_encoding.json", "27_hostile_lines.json", "28_big_line_200KiB.json",
            "29_accept_encoding_gzip.json",
        ] {
            for entry in try LogParsingFixtures.entries(fixture) {
                let parsed = parser.parse(entry.line, labels: entry.labels)
                count += 1
                #expect(parsed.format != "raw", "\(fixture): \(entry.line.prefix(120))")
                #expect(parsed.level != nil)
                #expect(parsed.service != nil)
                #expect((try? JSONParser.parse(parsed.fields ?? "")) != nil, "fields of \(entry.line.prefix(80))")
                if entry.labels["job"] == "aegis-executor" { #expect(parsed.auditID != nil) }
                if parsed.format == "nestjs-json" { #expect(parsed.ip != nil && parsed.statusCode != nil) }
            }
        }
        #expect(count > 5000)
    }
}
