/// Removes secrets from any text before it is printed, logged or stored.
///
/// Two layers: known secret values (passwords parsed from connection strings, `PGPASSWORD`)
/// are replaced wherever they appear, and patterns that carry secrets (`user:pass@` in a URI,
/// `password=...` in a key/value connection string) are masked even when the value is unknown.
public final class SecretRedactor {
    /// The mask that replaces a secret.
    public static let mask = "****"
    private var secrets: Set<String> = []
    private let uriUserInfo: PCRE2Regex
    private let keyValueSecret: PCRE2Regex

    public init() {
        // Both patterns are constant and known to compile.
        uriUserInfo = try! PCRE2Regex(#"(\b[a-z][a-z0-9+.-]*://[^:/?#@\s]*):([^@/\s]*)@"#, caseless: true)
        keyValueSecret = try! PCRE2Regex(
            #"\b(password|sslpassword|passwd|token|secret)(\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s]*)"#,
            caseless: true)
    }

    /// Remembers a secret value so that it is masked wherever it appears later.
    public func register(secret: String?) {
        guard let secret, secret.count >= 3 else { return }  // masking "a" would mangle text
        secrets.insert(secret)
    }

    /// `text` with every known secret and every secret-bearing pattern masked.
    public func redact(_ text: String) -> String {
        var result = text
        for secret in secrets.sorted(by: { $0.count > $1.count }) {
            result = result.replacingAll(secret, with: Self.mask)
        }
        result = uriUserInfo.replacingMatches(in: result) { groups in
            "\(groups[1] ?? ""):\(Self.mask)@"
        }
        result = keyValueSecret.replacingMatches(in: result) { groups in
            "\(groups[1] ?? "")\(groups[2] ?? "")\(Self.mask)"
        }
        return result
    }
}

extension String {
    /// Every occurrence of `target` replaced, by plain byte comparison.
    func replacingAll(_ target: String, with replacement: String) -> String {
        let haystack = Array(utf8), needle = Array(target.utf8)
        guard !needle.isEmpty, haystack.count >= needle.count else { return self }
        var output: [UInt8] = []
        output.reserveCapacity(haystack.count)
        var index = 0
        while index < haystack.count {
            if index + needle.count <= haystack.count, haystack[index] == needle[0],
                haystack[index..<(index + needle.count)].elementsEqual(needle)
            {
                output.append(contentsOf: replacement.utf8)
                index += needle.count
            } else {
                output.append(haystack[index])
                index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}
