import AegisAudit
import Foundation
import Testing

/// `--since`/`--until` and `--around`/`--window` become one half-open window, or a clear error.
@Suite struct TimelineWindowTests {
    let now = Date(timeIntervalSince1970: 1_796_083_200)  // 2026-12-01T00:00Z

    @Test func aroundIsTheWindowOnEachSide() throws {
        let window = try TimelineWindow.resolve(
            since: nil, until: nil, around: "2026-11-18T02:17:00Z", window: "2h", now: now)
        #expect(window == TimelineWindow(since: "2026-11-18T00:17:00.000000Z", until: "2026-11-18T04:17:00.000000Z"))
        let hour = try TimelineWindow.resolve(since: nil, until: nil, around: "2026-11-18T02:17:00Z", window: nil)
        #expect(hour.since == "2026-11-18T01:17:00.000000Z")
    }

    @Test func sinceAcceptsDurationsBeforeNow() throws {
        let window = try TimelineWindow.resolve(since: "7d", until: "2026-11-30", around: nil, window: nil, now: now)
        #expect(window == TimelineWindow(since: "2026-11-24T00:00:00.000000Z", until: "2026-11-30T00:00:00.000000Z"))
    }

    @Test(
        arguments: [
            (nil, nil, "2026-11-18T02:17:00Z", "soon"),
            ("1d", nil, "2026-11-18T02:17:00Z", "1h"),
            (nil, nil, nil, "2h"),
            ("yesterday", nil, nil, nil),
            ("2026-11-19", "2026-11-18", nil, nil),
            (nil, nil, "tomorrow", nil),
        ] as [(String?, String?, String?, String?)])
    func badWindowsAreRefused(since: String?, until: String?, around: String?, window: String?) {
        #expect(throws: TimelineError.self) {
            try TimelineWindow.resolve(since: since, until: until, around: around, window: window, now: now)
        }
    }

    @Test func addressesAndNetworksAreChecked() throws {
        try TimelineFilter(ip: "198.51.100.250").validate()
        try TimelineFilter(ip: "10.8.0.0/16").validate()
        try TimelineFilter(ip: "2001:db8::/32").validate()
        #expect(throws: TimelineError.self) { try TimelineFilter(ip: "10.0.0.0/33").validate() }
        #expect(throws: TimelineError.self) { try TimelineFilter(ip: "not-an-ip").validate() }
    }
}
