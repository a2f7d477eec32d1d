import Testing

@testable import AegisAudit

/// Level and status normalisation and which key wins a column.
@Suite struct ColumnSlotsTests {
    @Test(arguments: [
        ("LOG", "info"), ("WARN", "warn"), ("ERROR", "error"), ("DEBUG", "debug"), ("VERBOSE", "debug"),
        ("FATAL", "fatal"),
    ])
    func nestLevels(nest: String, expected: String) throws {
        let parser = try LogParsingFixtures.parser()
        let parsed = parser.parse("[Nest] 1  - 11/25/2026, 10:00:04 AM \(nest) [Main] text", labels: ["level": "info"])
        #expect(parsed.format == "nestjs-text")
        #expect(parsed.level == expected)
    }

    @Test(arguments: [
        ("DEBUG", "debug"), ("INFO", "info"), ("WARNING", "warn"), ("ERROR", "error"), ("CRITICAL", "fatal"),
    ])
    func pythonLevels(python: String, expected: String) throws {
        let parser = try LogParsingFixtures.parser()
        let parsed = parser.parse("2026-10-21 01:02:15,548 - app.main - \(python) - text", labels: [:])
        #expect(parsed.format == "python-logging")
        #expect(parsed.level == expected)
    }

    @Test(arguments: [
        ("\"Warning\"", "warn"), ("\"err\"", "error"), ("\"trace\"", "debug"), ("50", "error"), ("30", "info"),
        ("\"notice\"", "info"), ("\"panic\"", "fatal"),
    ])
    func jsonLevelSpellings(value: String, expected: String) throws {
        let parser = try LogParsingFixtures.parser()
        #expect(parser.parse(#"{"level":\#(value)}"#, labels: [:]).level == expected)
    }

    @Test func severityIsALevelToo() throws {
        let parser = try LogParsingFixtures.parser()
        #expect(parser.parse(#"{"severity":"CRITICAL"}"#, labels: [:]).level == "fatal")
    }

    @Test func anUnknownLevelFallsBackToTheLabel() throws {
        let parser = try LogParsingFixtures.parser()
        #expect(parser.parse(#"{"level":"audit"}"#, labels: ["level": "warning"]).level == "warn")
        #expect(parser.parse(#"{"level":"audit"}"#, labels: [:]).level == nil)
    }

    @Test func theBodysLevelWinsOverTheNestPrefix() throws {
        let parser = try LogParsingFixtures.parser()
        let base = "[Nest] 1  - 11/25/2026, 10:00:04 AM    WARN [HTTP] "
        #expect(parser.parse(base + #"{"level":"error"}"#, labels: [:]).level == "error")
        #expect(parser.parse(base + #"{"level":"audit"}"#, labels: [:]).level == "warn")
        #expect(parser.parse(base + #"{"message":"x"}"#, labels: [:]).level == "warn")
    }

    @Test func wordsInFreeTextDoNotOverrideTheFormatsOwnLevel() throws {
        let parser = try LogParsingFixtures.parser()
        let line =
            "2026-10-21 09:27:43,728 - app.services.anomaly_detector - WARNING - Anomaly detected for production/api: score=0.97 severity=critical level=debug"
        let parsed = parser.parse(line, labels: ["level": "warning"])
        #expect(parsed.level == "warn")
        let fields = try LogParsingFixtures.fieldsObject(parsed)
        #expect(fields["level"] == .string("WARNING"))
        #expect(fields["severity"] == .string("critical"))
        #expect(fields.objectValue?.filter { $0.key == "level" }.count == 1)
    }

    @Test func statusCodeOnlyWhenNumeric() throws {
        let parser = try LogParsingFixtures.parser()
        #expect(parser.parse(#"{"status":"completed"}"#, labels: [:]).statusCode == nil)
        #expect(parser.parse(#"{"status":"404"}"#, labels: [:]).statusCode == 404)
        #expect(parser.parse(#"{"status_code":503}"#, labels: [:]).statusCode == 503)
        #expect(parser.parse(#"{"status":1000}"#, labels: [:]).statusCode == nil)
        #expect(parser.parse(#"{"status":20.5}"#, labels: [:]).statusCode == nil)
        // "statusCode" is listed before "status": it wins wherever it stands in the line.
        #expect(parser.parse(#"{"status":500,"statusCode":200}"#, labels: [:]).statusCode == 200)
        // A non-numeric better key does not hide a numeric worse one.
        #expect(parser.parse(#"{"statusCode":"ok","status":302}"#, labels: [:]).statusCode == 302)
    }

    @Test func firstListedKeyWinsWhateverItsPlaceInTheLine() throws {
        let parser = try LogParsingFixtures.parser()
        let parsed = parser.parse(
            #"{"ip_address":"198.51.100.1","ip":"198.51.100.2","msg":"b","message":"a","traceId":"t2","trace_id":"t1","userId":"u2","user_id":"u1","url":"/u","path":"/p","auditId":"a2","audit_id":"a1"}"#,
            labels: [:])
        #expect(parsed.ip == "198.51.100.2")
        #expect(parsed.message == "a")
        #expect(parsed.traceID == "t1")
        #expect(parsed.userID == "u1")
        #expect(parsed.path == "/p")
        #expect(parsed.auditID == "a1")
    }

    @Test func camelCaseAliases() throws {
        let parser = try LogParsingFixtures.parser()
        let parsed = parser.parse(
            #"{"msg":"m","userId":"u","traceID":"t","auditId":"a","route":"/r","service_name":"svc","method":"GET","statusCode":"201"}"#,
            labels: [:])
        #expect(
            parsed
                == ParsedLogLine(
                    format: "json", service: "svc", message: "m", auditID: "a", userID: "u", method: "GET", path: "/r",
                    statusCode: 201, traceID: "t", fields: parsed.fields))
    }

    @Test func numbersAndBooleansFillTextColumnsButObjectsDoNot() throws {
        let parser = try LogParsingFixtures.parser()
        #expect(parser.parse(#"{"user_id":42}"#, labels: [:]).userID == "42")
        #expect(parser.parse(#"{"user_id":{"id":42},"userId":"7"}"#, labels: [:]).userID == "7")
        #expect(parser.parse(#"{"user_id":null}"#, labels: [:]).userID == nil)
    }
}
