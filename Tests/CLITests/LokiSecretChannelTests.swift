import Foundation
import TestSupport
import Testing

/// A Loki password or bearer token given by any channel (`LOKI_PASSWORD`, the URL, the config
/// file, `LOKI_BEARER_TOKEN`, a token file by flag or variable) reaches Loki and nothing else:
/// not the output of sync, status or verify, not the cache or its records, not exports or
/// manifests, and not the error line when Loki answers 401 or cannot be reached.
@Suite struct LokiSecretChannelTests {
    enum Channel: String, CaseIterable, Sendable {
        case passwordVariable, passwordInURL, configPassword, tokenVariable, configToken, tokenFileFlag,
            tokenFileVariable
    }

    static let user = "auditor"

    private func secret(_ channel: Channel) -> String { "Loki-S3cret-\(channel.rawValue)" }

    /// The `Authorization` header the channel makes Loki see.
    private func header(_ channel: Channel, secret: String) -> String {
        switch channel {
        case .passwordVariable, .passwordInURL, .configPassword:
            "Basic " + Data("\(Self.user):\(secret)".utf8).base64EncodedString()
        case .tokenVariable, .configToken, .tokenFileFlag, .tokenFileVariable: "Bearer \(secret)"
        }
    }

    /// Arguments and environment handing `secret` to the Loki at `address` by `channel`.
    private func setUp(_ channel: Channel, secret: String, address: String, folder: URL) throws -> (
        [String], [String: String]
    ) {
        let tokenFile = folder.appendingPathComponent("token").path
        let config = folder.appendingPathComponent("aegis-audit.toml").path
        func writeConfig(_ body: String) throws {
            try "[loki]\naddress = \"\(address)\"\n\(body)\n".write(toFile: config, atomically: true, encoding: .utf8)
        }
        switch channel {
        case .passwordVariable:
            return (["--loki", address], ["LOKI_USERNAME": Self.user, "LOKI_PASSWORD": secret])
        case .passwordInURL:
            let url = address.replacingOccurrences(of: "http://", with: "http://\(Self.user):\(secret)@")
            return (["--loki", url], [:])
        case .configPassword:
            try writeConfig("username = \"\(Self.user)\"\npassword = \"\(secret)\"")
            return (["--config", config], [:])
        case .tokenVariable:
            return (["--loki", address], ["LOKI_BEARER_TOKEN": secret])
        case .configToken:
            try writeConfig("bearer_token = \"\(secret)\"")
            return (["--config", config], [:])
        case .tokenFileFlag:
            try (secret + "\n").write(toFile: tokenFile, atomically: true, encoding: .utf8)
            return (["--loki", address, "--loki-bearer-token-file", tokenFile], [:])
        case .tokenFileVariable:
            try (secret + "\n").write(toFile: tokenFile, atomically: true, encoding: .utf8)
            return (["--loki", address], ["LOKI_BEARER_TOKEN_FILE": tokenFile])
        }
    }

    @Test(arguments: Channel.allCases)
    func aLokiSecretNeverLeaks(through channel: Channel) throws {
        let server = FakeLokiServer()
        try server.start()
        let now = Int64(Date().timeIntervalSince1970 * 1e9)
        server.add(
            (0..<5).map {
                FakeLokiServer.Entry(
                    labels: ["job": "aegis-backend"], timestamp: now - Int64(300 - $0) * 1_000_000_000,
                    line: "request \($0)")
            })
        let secret = secret(channel)
        server.requiredHeaders = ["authorization": header(channel, secret: secret)]
        let folder = try makeTemporaryDirectory("loki-secret-\(channel.rawValue)")
        let cache = folder.appendingPathComponent("c.sqlite").path
        let sinks = SecretSinks(secrets: [secret], folder: folder)
        let window = ["--since", "10m"]

        let (arguments, environment) = try setUp(channel, secret: secret, address: server.baseURL, folder: folder)
        let synced = try CLIRunner.run(["sync", "--cache", cache] + arguments + window, environment: environment)
        try #require(synced.status == 0, "\(synced.standardError)")
        #expect(server.requests.allSatisfy { $0.path == "/ready" || $0.headers["authorization"] != nil })
        sinks.expectAbsent(from: synced, "sync")
        try sinks.expectCacheAndExportsClean(cache: cache)
        let verify = try CLIRunner.run(["verify", "--cache", cache] + arguments, environment: environment)
        #expect(verify.status == 0, "\(verify.standardOutput)\(verify.standardError)")
        sinks.expectAbsent(from: verify, "verify")
        let before = fileBytes(cache)

        // Loki refuses the credential (401), then Loki is gone: one line, exit 3, no secret.
        // (Unreachable only where the secret could ride in an address: a connection refused
        // is retried with backoff for about ten seconds.)
        let wrong = "Wrong-\(secret)"
        let failures = SecretSinks(secrets: [secret, wrong], folder: folder)
        let stopped = FakeLokiServer()
        try stopped.start()
        let gone = stopped.baseURL
        stopped.stop()
        var attempts = [("401", wrong, server.baseURL, "answered HTTP 401")]
        if channel == .passwordInURL || channel == .configPassword {
            attempts.append(("unreachable", secret, gone, "failed after"))
        }
        for (name, credential, address, mentions) in attempts {
            let (arguments, environment) = try setUp(channel, secret: credential, address: address, folder: folder)
            let result = try CLIRunner.run(["sync", "--cache", cache] + arguments + window, environment: environment)
            #expect(result.status == 3, "\(name): \(result.standardError)")
            #expect(result.standardError.split(separator: "\n").count == 1, "\(name): \(result.standardError)")
            #expect(result.standardError.contains(mentions), "\(name): \(result.standardError)")
            failures.expectAbsent(from: result, "sync with Loki \(name)")
            #expect(fileBytes(cache) == before, "\(name): the cache is untouched")
        }
    }
}
