import Foundation

/// How to reach a Loki server: address, credentials, tenant, TLS. Built from the config file,
/// flags and logcli's environment variables (`LOKI_ADDR`, `LOKI_USERNAME`, ...).
public struct LokiSettings: Sendable, Equatable {
    /// Base URL, e.g. `https://loki.internal:3100` (no path beyond the server's prefix).
    public var address: String
    public var username: String?
    public var password: String?
    public var bearerToken: String?
    public var bearerTokenFile: String?
    /// `X-Scope-OrgID`.
    public var tenant: String?
    public var caCertificate: String?
    public var clientCertificate: String?
    public var clientKey: String?
    public var skipTLSVerify = false
    /// Seconds one request may take before it is retried.
    public var requestTimeout: Int = 120

    public init(address: String) { self.address = address }

    /// Settings from logcli's environment variables; nil when `LOKI_ADDR` is not set.
    public static func fromEnvironment(_ environment: [String: String]) -> LokiSettings? {
        guard let address = environment["LOKI_ADDR"], !address.isEmpty else { return nil }
        var settings = LokiSettings(address: address)
        settings.apply(environment: environment)
        return settings
    }

    /// Fills unset fields from logcli's environment variables.
    public mutating func apply(environment: [String: String]) {
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        username = username ?? value("LOKI_USERNAME")
        password = password ?? value("LOKI_PASSWORD")
        bearerToken = bearerToken ?? value("LOKI_BEARER_TOKEN")
        bearerTokenFile = bearerTokenFile ?? value("LOKI_BEARER_TOKEN_FILE")
        tenant = tenant ?? value("LOKI_ORG_ID")
        caCertificate = caCertificate ?? value("LOKI_CA_CERT_PATH")
        clientCertificate = clientCertificate ?? value("LOKI_CLIENT_CERT_PATH")
        clientKey = clientKey ?? value("LOKI_CLIENT_KEY_PATH")
        if let skip = value("LOKI_TLS_SKIP_VERIFY") {
            skipTLSVerify = ["1", "true", "yes"].contains(skip.lowercased())
        }
    }

    /// The address without any `user:password@`, for messages and records.
    public var redactedAddress: String {
        guard var components = URLComponents(string: address) else { return "<invalid Loki address>" }
        components.user = nil
        components.password = nil
        return components.string ?? "<invalid Loki address>"
    }

    /// Registers every secret with `redactor` so that no message can show them.
    public func registerSecrets(with redactor: SecretRedactor) {
        redactor.register(secret: password)
        redactor.register(secret: bearerToken)
        redactor.register(secret: URLComponents(string: address)?.password)
    }
}
