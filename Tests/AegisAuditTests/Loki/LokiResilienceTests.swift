import AegisAudit
import AegisSources
import Foundation
import TestSupport
import Testing

/// Transient failures are retried (honouring Retry-After); hard failures name the request and
/// carry Loki's own text, never a credential; credentials reach the server as configured.
@Suite struct LokiResilienceTests {
    private func server(lines: Int = 30) -> FakeLokiServer {
        let server = FakeLokiServer()
        server.add(
            (0..<lines).map {
                FakeLokiServer.Entry(
                    labels: ["job": "aegis-backend", "level": "info"], timestamp: day(Int64($0)), line: "line \($0)")
            })
        return server
    }

    @Test func rateLimitsAndServerErrorsAreRetried() throws {
        let server = server()
        let harness = try LokiSyncHarness(server: server)
        server.failNext(2, status: 429, retryAfter: "0")
        server.failNext(1, status: 502, body: "bad gateway")
        try harness.sync(from: day(0), until: day(600))
        #expect(try harness.integer("SELECT count(*) FROM loki_entries") == 30)
    }

    @Test func retryAfterIsHonoured() throws {
        let server = server()
        let harness = try LokiSyncHarness(server: server)
        server.failNext(1, status: 429, retryAfter: "1")
        let started = Date()
        try harness.sync(from: day(0), until: day(600))
        #expect(Date().timeIntervalSince(started) >= 1.0)
    }

    @Test func persistentFailureGivesUpWithTheRequestAndLokisText() throws {
        let server = server()
        let harness = try LokiSyncHarness(server: server)
        server.failNext(50, status: 503, body: "ingester not ready")
        #expect {
            try harness.sync(from: day(0), until: day(600))
        } throws: { error in
            let text = "\(error)"
            return text.contains("HTTP 503") && text.contains("ingester not ready") && text.contains("after 4 attempts")
                && text.contains("GET /loki/api/v1/")
        }
        #expect(!FileManager.default.fileExists(atPath: harness.cachePath), "a failed first sync leaves no cache")
    }

    @Test func aBadSelectorFailsAtOnceWithLokisMessage() throws {
        let server = server()
        var harness = try LokiSyncHarness(server: server)
        harness.selectors = [#"{job="aegis-backend""#]
        #expect {
            try harness.sync(from: day(0), until: day(600))
        } throws: { error in
            guard case .http(_, let request, 400, let body, 1) = error as? LokiError else { return false }
            return request.contains(#"query={job="aegis-backend""#) && !body.isEmpty
        }
    }

    @Test func basicAuthAndTenantAreSentAndNeverShown() throws {
        let server = server()
        let credentials = Data("auditor:S3cret-Loki-Pass".utf8).base64EncodedString()
        server.requiredHeaders = ["authorization": "Basic \(credentials)", "x-scope-orgid": "tenant-a"]
        let harness = try LokiSyncHarness(server: server)
        try harness.sync(from: day(0), until: day(600)) {
            $0.username = "auditor"
            $0.password = "S3cret-Loki-Pass"
            $0.tenant = "tenant-a"
        }
        #expect(try harness.integer("SELECT count(*) FROM loki_entries") == 30)
        let bytes = try #require(fileBytes(harness.cachePath))
        #expect(bytes.range(of: Data("S3cret-Loki-Pass".utf8)) == nil)
        #expect(try harness.text("SELECT group_concat(endpoint) FROM sync_run_sources")?.contains("S3cret") == false)
    }

    @Test func aBearerTokenFromAFileIsSent() throws {
        let server = server()
        server.requiredHeaders = ["authorization": "Bearer tok-123-abc"]
        let folder = try makeTemporaryDirectory("token")
        let tokenFile = folder.appendingPathComponent("token").path
        try "tok-123-abc\n".write(toFile: tokenFile, atomically: true, encoding: .utf8)
        let harness = try LokiSyncHarness(server: server)
        try harness.sync(from: day(0), until: day(600)) { $0.bearerTokenFile = tokenFile }
        #expect(try harness.integer("SELECT count(*) FROM loki_entries") == 30)
    }

    @Test func wrongCredentialsFailWithoutRetryingAndWithoutEchoingThem() throws {
        let server = server()
        server.requiredHeaders = ["authorization": "Bearer right-token"]
        let harness = try LokiSyncHarness(server: server)
        #expect {
            try harness.sync(from: day(0), until: day(600)) { $0.bearerToken = "wrong-token-value" }
        } throws: { error in
            let text = "\(error)"
            return text.contains("HTTP 401") && !text.contains("wrong-token-value")
        }
        #expect(server.requests.count == 1, "401 is not retried")
    }

    @Test func logcliEnvironmentVariablesAreAccepted() throws {
        var settings = try #require(
            LokiSettings.fromEnvironment([
                "LOKI_ADDR": "https://loki.example:3100", "LOKI_USERNAME": "u", "LOKI_PASSWORD": "p4ss",
                "LOKI_ORG_ID": "t1", "LOKI_BEARER_TOKEN_FILE": "/run/token", "LOKI_CA_CERT_PATH": "/ca.pem",
                "LOKI_CLIENT_CERT_PATH": "/c.pem", "LOKI_CLIENT_KEY_PATH": "/k.pem", "LOKI_TLS_SKIP_VERIFY": "true",
            ]))
        #expect(settings.username == "u" && settings.password == "p4ss" && settings.tenant == "t1")
        #expect(settings.bearerTokenFile == "/run/token" && settings.caCertificate == "/ca.pem")
        #expect(settings.clientCertificate == "/c.pem" && settings.clientKey == "/k.pem" && settings.skipTLSVerify)
        settings.address = "https://user:pw@loki.example:3100/"
        #expect(settings.redactedAddress == "https://loki.example:3100/")
    }
}
