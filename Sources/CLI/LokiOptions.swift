import AegisAudit
import AegisSources
import ArgumentParser
import Foundation

/// The Loki flags of `sync`. Unset flags fall back to logcli's environment variables, then to
/// the `[loki]` table of the config file.
struct LokiOptions: ParsableArguments {
    @Option(name: .customLong("loki"), help: "Loki base URL (else $LOKI_ADDR, else [loki] address).")
    var address: String?

    @Option(name: .customLong("loki-username"), help: "Basic-auth user (else $LOKI_USERNAME).")
    var username: String?

    @Option(
        name: .customLong("loki-bearer-token-file"), help: "File holding a bearer token (else $LOKI_BEARER_TOKEN_FILE)."
    )
    var bearerTokenFile: String?

    @Option(name: .customLong("loki-tenant"), help: "X-Scope-OrgID tenant (else $LOKI_ORG_ID).")
    var tenant: String?

    @Option(name: .customLong("loki-ca-cert"), help: "CA certificate file (else $LOKI_CA_CERT_PATH).")
    var caCertificate: String?

    @Option(name: .customLong("loki-client-cert"), help: "Client certificate file (else $LOKI_CLIENT_CERT_PATH).")
    var clientCertificate: String?

    @Option(name: .customLong("loki-client-key"), help: "Client key file (else $LOKI_CLIENT_KEY_PATH).")
    var clientKey: String?

    @Flag(name: .customLong("loki-tls-skip-verify"), help: "Do not verify the server's certificate.")
    var skipTLSVerify = false

    @Option(
        name: .customLong("loki-selector"), help: "Stream selector; repeat for several (default {job=~\"aegis-.+\"}).")
    var selectors: [String] = []

    @Option(name: .long, help: "How far back a first Loki pull goes (default 30d).")
    var since: String?

    @Option(name: .customLong("loki-limit"), help: "Entries per page (default 5000; lowered to the server's cap).")
    var limit: Int?

    @Option(name: .customLong("loki-chunk"), help: "Length of each pulled and reconciled window (default 1h).")
    var chunk: String?

    /// The pull to make, or nil when no Loki address is configured anywhere.
    func spec(config: AuditConfig.LokiConfig, environment: [String: String]) throws -> LokiSyncSpec? {
        guard let address = address ?? environment["LOKI_ADDR"].flatMap({ $0.isEmpty ? nil : $0 }) ?? config.address
        else { return nil }
        var settings = LokiSettings(address: address)
        settings.username = username
        settings.bearerTokenFile = bearerTokenFile
        settings.tenant = tenant
        settings.caCertificate = caCertificate
        settings.clientCertificate = clientCertificate
        settings.clientKey = clientKey
        settings.skipTLSVerify = skipTLSVerify
        settings.apply(environment: environment)
        settings.username = settings.username ?? config.username
        settings.password = settings.password ?? config.password
        settings.bearerToken = settings.bearerToken ?? config.bearerToken
        settings.bearerTokenFile = settings.bearerTokenFile ?? config.bearerTokenFile
        settings.tenant = settings.tenant ?? config.tenant
        settings.caCertificate = settings.caCertificate ?? config.caCertificate
        settings.clientCertificate = settings.clientCertificate ?? config.clientCertificate
        settings.clientKey = settings.clientKey ?? config.clientKey
        if !settings.skipTLSVerify { settings.skipTLSVerify = config.skipTLSVerify ?? false }
        var spec = LokiSyncSpec(settings: settings)
        if let selectors = selectors.isEmpty ? config.selectors : selectors, !selectors.isEmpty {
            spec.selectors = selectors
        }
        let sinceText = since ?? config.since ?? "30d"
        guard let sinceSeconds = DurationText.seconds(sinceText) else {
            throw SyncFailure.invalidDuration(option: "--since", value: sinceText)
        }
        spec.sinceSeconds = Int64(sinceSeconds)
        let chunkText = chunk ?? config.chunk ?? "1h"
        guard let chunkSeconds = DurationText.seconds(chunkText), chunkSeconds > 0 else {
            throw SyncFailure.invalidDuration(option: "--loki-chunk", value: chunkText)
        }
        spec.chunkSeconds = Int64(chunkSeconds)
        if let limit = limit ?? config.limit {
            guard limit > 0 else { throw UsageError(message: "--loki-limit must be a positive number") }
            spec.limit = limit
        }
        return spec
    }
}
