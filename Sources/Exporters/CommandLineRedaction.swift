import AegisSources
import Foundation

/// The command line as a manifest records it: the value of any option whose name speaks of a
/// secret (`--password`, `--token`, `--bearer-token-file`'s neighbours, `--x-secret=...`)
/// masked, then every argument through ``SecretRedactor`` (passwords in connection URIs,
/// `password=` pairs, and the values of secret environment variables wherever they appear).
public enum CommandLineRedaction {
    static let secretWords = ["password", "passwd", "secret", "token", "credential", "apikey", "api-key", "auth"]
    static let secretVariables = [
        "PGPASSWORD", "LOKI_PASSWORD", "LOKI_BEARER_TOKEN", "AEGIS_AUDIT_PASSWORD", "AEGIS_AUDIT_TOKEN",
    ]

    /// A redactor that also knows the values of the secret environment variables.
    public static func makeRedactor(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> SecretRedactor {
        let redactor = SecretRedactor()
        for name in secretVariables { redactor.register(secret: environment[name]) }
        return redactor
    }

    /// `arguments` with secrets masked; the first (the program) is kept as its last path part.
    public static func redact(
        _ arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> [String] {
        let redactor = makeRedactor(environment: environment)
        var result: [String] = []
        var maskNext = false
        for (index, argument) in arguments.enumerated() {
            if index == 0 {
                result.append(URL(fileURLWithPath: argument).lastPathComponent)
                continue
            }
            if maskNext {
                result.append(SecretRedactor.mask)
                maskNext = false
                continue
            }
            if argument.hasPrefix("-"), !argument.hasPrefix("---") {
                let name = argument.drop { $0 == "-" }.prefix { $0 != "=" }.lowercased()
                if secretWords.contains(where: name.contains) {
                    if let equals = argument.firstIndex(of: "=") {
                        result.append(String(argument[...equals]) + SecretRedactor.mask)
                    } else {
                        result.append(argument)
                        maskNext = true
                    }
                    continue
                }
            }
            result.append(redactor.redact(argument))
        }
        return result
    }
}
