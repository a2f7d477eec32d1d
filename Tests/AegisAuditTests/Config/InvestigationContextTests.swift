import Testing

@testable import AegisAudit

/// The `[context]` tables: defaults without them, every value read and checked.
@Suite struct InvestigationContextTests {
    @Test func defaultsWithoutAConfig() throws {
        let context = try AuditConfig.parse("", path: "c.toml").context
        #expect(context.networks.keys.sorted() == ["private"])
        #expect(context.trustedNetworks.contains("10.0.0.0/8"))
        #expect(context.namespaceAllowlist.isEmpty)
        #expect(context.baselineLookback == "30d")
        #expect(context.businessHours.timeZone == "UTC")
    }

    @Test func readsEveryKey() throws {
        let context = try AuditConfig.parse(
            """
            [context]
            baseline_lookback = "14d"
            service_principals = ["ai-engine", "ci-deployer"]
            [context.networks]
            corp = ["10.8.0.0/16"]
            pods = ["10.244.0.0/16", "fd00::/8"]
            [context.executor]
            namespace_allowlist = ["production", "staging"]
            [context.business_hours]
            start = "07:30"
            end = "18:00"
            days = ["mon", "tue"]
            timezone = "Europe/Paris"
            """, path: "c.toml"
        ).context
        #expect(context.networks == ["corp": ["10.8.0.0/16"], "pods": ["10.244.0.0/16", "fd00::/8"]])
        #expect(context.trustedNetworks == ["10.8.0.0/16", "10.244.0.0/16", "fd00::/8"])
        #expect(context.baselineLookback == "14d")
        #expect(context.servicePrincipals == ["ai-engine", "ci-deployer"])
        #expect(context.namespaceAllowlist == ["production", "staging"])
        #expect(context.businessHours.start == "07:30")
        #expect(context.businessHours.days == ["mon", "tue"])
        #expect(context.businessHours.timeZone == "Europe/Paris")
    }

    @Test(arguments: [
        ("[context.networks]\ncorp = [\"10.8.0.0/33\"]", "network 'corp': '10.8.0.0/33' is not a CIDR block"),
        ("[context.networks]\ncorp = \"10.8.0.0/16\"", "must be an array of CIDR blocks"),
        ("[context]\nbaseline_lookback = \"soon\"", "must be a duration"),
        ("[context.business_hours]\nstart = \"25:00\"", "must be a time of day"),
        ("[context.business_hours]\ntimezone = \"Mars/Olympus\"", "an IANA time zone name"),
        ("[context.business_hours]\ndays = [\"monday\"]", "'monday' is not a day"),
        ("[context.executor]\nallowlist = []", "unknown key 'context.executor.allowlist'"),
    ])
    func mistakes(text: String, message: String) {
        do {
            _ = try AuditConfig.parse(text, path: "c.toml")
            Issue.record("parsed: \(text)")
        } catch {
            #expect(error.line == 2)
            #expect(error.message.contains(message), "\(error.message)")
        }
    }
}
