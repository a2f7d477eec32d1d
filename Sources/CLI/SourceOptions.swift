import AegisAudit
import ArgumentParser

/// The database flags `sync` and `verify` share. Unset flags fall back to
/// `$AEGIS_AUDIT_BACKEND` / `$AEGIS_AUDIT_EXECUTOR` (empty counts as unset), then the config file.
struct SourceOptions: ParsableArguments {
    @Option(name: .long, help: "Connection string or URI of the backend database.")
    var backend: String?

    @Option(name: .long, help: "Connection string or URI of the executor database.")
    var executor: String?

    /// The databases to read, backend first.
    func specs(config: AuditConfig, environment: [String: String]) -> [SourceSpec] {
        SourceRole.allCases.compactMap { role in
            let flag = role == .backend ? backend : executor
            let variable = environment["AEGIS_AUDIT_\(role.rawValue.uppercased())"].flatMap { $0.isEmpty ? nil : $0 }
            return (flag ?? variable ?? config.sources[role]).map { SourceSpec(role: role, connectionString: $0) }
        }
    }
}
