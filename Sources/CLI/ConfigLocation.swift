import AegisAudit
import Foundation

/// Finds the config file: `--config`, else `$AEGIS_AUDIT_CONFIG`, else `./aegis-audit.toml`
/// when it exists; no file gives the defaults.
enum ConfigLocation {
    static func load(_ flag: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws
        -> AuditConfig
    {
        if let path = flag ?? environment["AEGIS_AUDIT_CONFIG"].flatMap({ $0.isEmpty ? nil : $0 }) {
            return try AuditConfig.load(path: path)
        }
        if FileManager.default.fileExists(atPath: "aegis-audit.toml") {
            return try AuditConfig.load(path: "aegis-audit.toml")
        }
        return AuditConfig()
    }
}
