import Testing

@testable import AegisAudit

/// Each typed event of events.json, on the lines that carry it.
@Suite struct LogEventTests {
    private static let nest = "[Nest] 1  - 11/25/2026, 10:00:04 AM     LOG [AuthService] "
    private static let user = "0d24e9c6-a75e-4d2c-8f37-fc0e3f08e65c"

    @Test func policyUpdatedCarriesIDAndName() throws {
        let parser = try LogParsingFixtures.parser()
        let entry = try LogParsingFixtures.entry("03_query_range_fwd_limit100.json", containing: "Policy updated:")
        #expect(
            parser.parse(entry.line, labels: entry.labels).events == [
                LogEvent(
                    kind: "policy_updated", subjectID: "9fb93534-081c-4253-b1e2-73a87984a8ab",
                    subjectName: "Deny Prod Deletes")
            ])
    }

    @Test func policyNameWithParenthesesKeepsThemAll() throws {
        let parser = try LogParsingFixtures.parser()
        let line = Self.nest + "Policy updated: Limit (soft) replicas (v2) (4a26cfac-09bc-4a5d-a4e8-8d0f50f48c1e)"
        #expect(
            parser.parse(line, labels: [:]).events == [
                LogEvent(
                    kind: "policy_updated", subjectID: "4a26cfac-09bc-4a5d-a4e8-8d0f50f48c1e",
                    subjectName: "Limit (soft) replicas (v2)")
            ])
    }

    @Test(arguments: [
        ("Login success for user id=", "login_success"),
        ("Tokens refreshed for user id=", "tokens_refreshed"),
        ("Logout for user id=", "logout"),
        ("Signup success for user id=", "signup_success"),
    ])
    func authEventsNameTheUserAndFillUserID(prefix: String, kind: String) throws {
        let parser = try LogParsingFixtures.parser()
        let parsed = parser.parse(Self.nest + prefix + Self.user, labels: ["job": "aegis-backend"])
        #expect(parsed.events == [LogEvent(kind: kind, subjectID: Self.user)])
        #expect(parsed.userID == Self.user)
        #expect(parsed.context == "AuthService")
    }

    @Test func userLoggedInByEmail() throws {
        let parser = try LogParsingFixtures.parser()
        let entry = try LogParsingFixtures.entry("03_query_range_fwd_limit100.json", containing: "logged in")
        let parsed = parser.parse(entry.line, labels: entry.labels)
        #expect(parsed.events == [LogEvent(kind: "login_success", subjectName: "bob@example.com")])
        #expect(parsed.userID == nil)  // an e-mail address is not a user id
    }

    @Test func loginFailedInTextByIDOrName() throws {
        let parser = try LogParsingFixtures.parser()
        #expect(
            parser.parse(Self.nest + "Login failed for user id=\(Self.user): bad password", labels: [:]).events == [
                LogEvent(kind: "login_failed", subjectID: Self.user)
            ])
        #expect(
            parser.parse(Self.nest + "Login failed for alice@example.com: bad password", labels: [:]).events == [
                LogEvent(kind: "login_failed", subjectName: "alice@example.com")
            ])
    }

    @Test func rejectedLoginRequestIsLoginFailedButASuccessfulOneIsNot() throws {
        let parser = try LogParsingFixtures.parser()
        func http(_ status: Int) -> String {
            "[Nest] 1  - 11/3/2026, 8:29:22 AM    WARN [HTTP] {\"level\":\"warn\",\"message\":\"POST /api/v1/auth/login \(status) 198ms\",\"method\":\"POST\",\"path\":\"/api/v1/auth/login\",\"ip\":\"::ffff:10.8.22.82\",\"statusCode\":\(status)}"
        }
        let failed = parser.parse(http(401), labels: [:])
        #expect(failed.events == [LogEvent(kind: "login_failed")])
        #expect(failed.ip == "10.8.22.82")
        #expect(parser.parse(http(200), labels: [:]).events.isEmpty)
    }

    @Test func policyWriteRequestsNameThePolicy() throws {
        let parser = try LogParsingFixtures.parser()
        let entry = try LogParsingFixtures.entry(
            "15_json_parser_error_on_nest_lines.json", containing: "PUT /api/v1/policy/84d63be6")
        let parsed = parser.parse(entry.line, labels: entry.labels)
        #expect(
            parsed.events == [
                LogEvent(kind: "policy_change_request", subjectID: "84d63be6-3b8a-41bb-91a1-c96b311a3124")
            ])
        #expect(parsed.ip == "2001:db8::2")  // who changed it is the IP column of the same line

        let patch =
            #"[Nest] 1  - 11/2/2026, 10:09:07 AM     LOG [HTTP] {"level":"info","message":"PATCH /api/v1/policy/4a26cfac-09bc-4a5d-a4e8-8d0f50f48c1e 200 31ms","method":"PATCH","path":"/api/v1/policy/4a26cfac-09bc-4a5d-a4e8-8d0f50f48c1e","ip":"::ffff:10.8.31.173","statusCode":200}"#
        #expect(
            parser.parse(patch, labels: [:]).events == [
                LogEvent(kind: "policy_change_request", subjectID: "4a26cfac-09bc-4a5d-a4e8-8d0f50f48c1e")
            ])

        let create =
            #"[Nest] 1  - 11/2/2026, 10:09:07 AM     LOG [HTTP] {"level":"info","message":"POST /api/v1/policy 201 12ms","method":"POST","path":"/api/v1/policy","ip":"203.0.113.7","statusCode":201}"#
        #expect(parser.parse(create, labels: [:]).events == [LogEvent(kind: "policy_create_request")])
    }

    @Test func policyEvaluationIsNotAPolicyChange() throws {
        let parser = try LogParsingFixtures.parser()
        let line =
            #"[Nest] 1  - 11/2/2026, 10:09:07 AM     LOG [HTTP] {"level":"info","message":"POST /api/v1/policy/evaluate 201 7ms","method":"POST","path":"/api/v1/policy/evaluate","ip":"::ffff:10.8.0.2","statusCode":201}"#
        #expect(parser.parse(line, labels: [:]).events.isEmpty)
    }

    @Test func actionDispatched() throws {
        let parser = try LogParsingFixtures.parser()
        let entry = try LogParsingFixtures.entry("03_query_range_fwd_limit100.json", containing: "Dispatched action")
        #expect(
            parser.parse(entry.line, labels: entry.labels).events == [
                LogEvent(kind: "action_dispatched", subjectID: "f8a7d411-2375-4f14-9cb9-5c79d2e4cfb6")
            ])
    }

    @Test func remediationStatusFillsTheAuditID() throws {
        let parser = try LogParsingFixtures.parser()
        let line =
            "2026-10-27 03:39:57,292 - app.routers.inference - ERROR - Remediation scale_deployment for default/ledger-service -> executor status=failed audit_id=5c80cb4b-b677-4956-8a82-ebdc311da774"
        let parsed = parser.parse(line, labels: ["job": "aegis-ai-engine"])
        #expect(
            parsed.events == [
                LogEvent(
                    kind: "remediation_status", subjectID: "5c80cb4b-b677-4956-8a82-ebdc311da774",
                    subjectName: "default/ledger-service")
            ])
        #expect(parsed.auditID == "5c80cb4b-b677-4956-8a82-ebdc311da774")
        #expect(parsed.level == "error")
    }

    @Test func anomalyAndFailureRiskDetected() throws {
        let parser = try LogParsingFixtures.parser()
        let anomaly =
            "2026-10-21 09:27:43,728 - app.services.anomaly_detector - WARNING - Anomaly detected for production/worker-billing-m5fqh824l-x5mml: score=0.82 severity=high"
        let risk =
            "2026-10-21 01:02:14,028 - app.services.failure_detector - WARNING - Failure risk detected for analytics/model-server-q4cwpqqm2-jrp9b: score=0.73 severity=medium"
        #expect(
            parser.parse(anomaly, labels: [:]).events == [
                LogEvent(kind: "anomaly_detected", subjectName: "production/worker-billing-m5fqh824l-x5mml")
            ])
        #expect(
            parser.parse(risk, labels: [:]).events == [
                LogEvent(kind: "anomaly_detected", subjectName: "analytics/model-server-q4cwpqqm2-jrp9b")
            ])
    }

    @Test func jwtVerificationFailedInAJSONMessage() throws {
        let parser = try LogParsingFixtures.parser()
        let line =
            #"{"timestamp":"2026-11-25T10:00:17.593Z","level":"error","service":"aegis-backend","message":"JWT verification failed","user_id":"01e433a3-e4c2-41cc-a683-6c5557f7cda0","ip_address":"198.51.100.5"}"#
        let parsed = parser.parse(line, labels: [:])
        #expect(parsed.events == [LogEvent(kind: "jwt_verification_failed")])
        #expect(parsed.userID == "01e433a3-e4c2-41cc-a683-6c5557f7cda0")
    }

    @Test func eventsMatchTheWholeMessageFromItsStart() throws {
        let parser = try LogParsingFixtures.parser()
        let line = Self.nest + "Rejected: Policy updated: X (4a26cfac-09bc-4a5d-a4e8-8d0f50f48c1e)"
        #expect(parser.parse(line, labels: [:]).events.isEmpty)
    }

    @Test func anEventDoesNotOverrideAUserIDTheLineHas() throws {
        let parser = try LogParsingFixtures.parser()
        let line = #"{"level":"info","message":"Login success for user id=aaaa","user_id":"bbbb"}"#
        let parsed = parser.parse(line, labels: [:])
        #expect(parsed.events == [LogEvent(kind: "login_success", subjectID: "aaaa")])
        #expect(parsed.userID == "bbbb")
    }
}
