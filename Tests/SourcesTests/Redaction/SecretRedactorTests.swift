import Testing

@testable import AegisSources

@Suite struct SecretRedactorTests {
    @Test func passwordInURIIsMasked() {
        let redactor = SecretRedactor()
        let text = redactor.redact("cannot connect to postgresql://aegis:hunter2@db.internal:5432/aegis")
        #expect(text == "cannot connect to postgresql://aegis:****@db.internal:5432/aegis")
    }

    @Test func uriWithoutPasswordIsUnchanged() {
        let redactor = SecretRedactor()
        let text = "postgresql://aegis@db.internal/aegis and https://example.com/a:b"
        #expect(redactor.redact(text) == text)
    }

    @Test func everyURIInTheTextIsMasked() {
        let redactor = SecretRedactor()
        let text = redactor.redact("postgres://a:one@h1/db then POSTGRESQL://b:two@h2/db")
        #expect(text == "postgres://a:****@h1/db then POSTGRESQL://b:****@h2/db")
    }

    @Test func keyValuePasswordIsMasked() {
        let redactor = SecretRedactor()
        #expect(
            redactor.redact("host=db user=aegis password=hunter2 dbname=aegis")
                == "host=db user=aegis password=**** dbname=aegis")
    }

    @Test func quotedKeyValuePasswordWithSpaceIsMaskedWhole() {
        let redactor = SecretRedactor()
        #expect(redactor.redact("host=db password='se cret' dbname=aegis") == "host=db password=**** dbname=aegis")
        #expect(redactor.redact(#"password = 'it\'s here' port=5432"#) == "password = **** port=5432")
    }

    @Test func otherSecretKeysAreMaskedCaselessly() {
        let redactor = SecretRedactor()
        #expect(
            redactor.redact("PASSWORD=abc sslpassword=def token=ghi secret=jkl passwd=mno")
                == "PASSWORD=**** sslpassword=**** token=**** secret=**** passwd=****")
    }

    @Test func registeredSecretIsMaskedAnywhere() {
        let redactor = SecretRedactor()
        redactor.register(secret: "s3cr3t-value")
        #expect(
            redactor.redact("error near 's3cr3t-value' in xs3cr3t-valuex")
                == "error near '****' in x****x")
    }

    @Test func longerRegisteredSecretIsMaskedBeforeItsPrefix() {
        let redactor = SecretRedactor()
        redactor.register(secret: "abc")
        redactor.register(secret: "abcdef")
        // Masking "abc" first would leave "def" visible.
        #expect(redactor.redact("key abcdef end") == "key **** end")
    }

    @Test func shortSecretsAreNotRegistered() {
        let redactor = SecretRedactor()
        redactor.register(secret: "ab")
        redactor.register(secret: "a")
        redactor.register(secret: "")
        redactor.register(secret: nil)
        #expect(redactor.redact("a table about abc") == "a table about abc")
    }

    @Test func threeCharacterSecretIsRegistered() {
        let redactor = SecretRedactor()
        redactor.register(secret: "xyz")
        #expect(redactor.redact("xyz") == "****")
    }

    @Test func textWithoutSecretsIsUnchanged() {
        let redactor = SecretRedactor()
        redactor.register(secret: "never-appears")
        let text = "relation \"audit_events\" does not exist; passwords are rotated daily: ok"
        #expect(redactor.redact(text) == text)
    }

    @Test func multibyteTextAroundMatchesIsKept() {
        let redactor = SecretRedactor()
        redactor.register(secret: "пароль123")
        #expect(
            redactor.redact("ошибка: пароль123 — 日本 password=秘密 🦊 postgresql://ü:ä@höst/db ✓")
                == "ошибка: **** — 日本 password=**** 🦊 postgresql://ü:****@höst/db ✓")
    }
}
