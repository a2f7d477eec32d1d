import AegisSources
import Testing

@testable import AegisAudit

@Suite struct LiteralPrefixTests {
    @Test(arguments: [
        (#"^Policy updated: (?<n>.+)"#, "Policy updated: "),
        (#"(?s)^Policy updated: x"#, "Policy updated: x"),
        (#"^\[Nest\] \d+"#, "[Nest] "),
        (#"^POST /api/v1/polic(?:y|ies)/?"#, "POST /api/v1/polic"),
        (#"^ab?c"#, "a"), (#"^ab*c"#, "a"), (#"^ab+c"#, "ab"), (#"^ab{2}"#, "a"), (#"^ab.c"#, "ab"),
        (#"^a\sb"#, "a"), (#"^a[|]b"#, "a"), (#"^é日 x"#, "é日 x"),
    ])
    func derivesTheLiteralStart(pattern: String, expected: String) {
        #expect(LiteralPrefix.of(pattern) == Array(expected.utf8))
    }

    @Test(arguments: [#"abc"#, #"^abc|def"#, #"^(?:PUT|PATCH) x"#, #"(?i)^abc"#, #"^\d+"#, #"(?m)^abc"#, ""])
    func noLiteralWhenUnsure(pattern: String) {
        #expect(LiteralPrefix.of(pattern).isEmpty)
    }

    /// The filter must never turn away a message the pattern matches: every built-in event's
    /// literal is a prefix of every message it matches.
    @Test func everyBuiltInEventMatchStartsWithItsLiteral() throws {
        let set = try LogFormatSet.builtIn()
        let messages = [
            "Policy updated: A (4a26cfac-09bc-4a5d-a4e8-8d0f50f48c1e)", "Login success for user id=x",
            "User a@b logged in", "Login failed for user id=x", "Login failed for a@b",
            "POST /api/v1/auth/login 401 5ms", "Tokens refreshed for user id=x", "Logout for user id=x",
            "Signup success for user id=x", "PUT /api/v1/policy/4a26cfac-09bc-4a5d-a4e8-8d0f50f48c1e 200 1ms",
            "DELETE /api/v1/policies/4a26cfac-09bc-4a5d-a4e8-8d0f50f48c1e 204 1ms", "POST /api/v1/policy 201 3ms",
            "Dispatched action x to executor queue", "Remediation a for b/c -> executor status=d audit_id=e",
            "Anomaly detected for a/b: x", "Failure risk detected for a/b: x", "JWT verification failed",
        ]
        var matched = 0
        for event in set.events {
            let regex = try PCRE2Regex(event.pattern)
            let literal = LiteralPrefix.of(event.pattern)
            for message in messages {
                let bytes = Array(message.utf8)
                guard bytes.withUnsafeBufferPointer({ regex.matches($0) }) else { continue }
                matched += 1
                #expect(bytes.starts(with: literal), "\(event.kind): \(message)")
            }
        }
        #expect(matched >= messages.count)
    }
}
