import AegisSources
import Foundation
import TestSupport
import Testing

/// A small seeded fuzzer: valid `query_range` and `query` answers with random bytes flipped,
/// inserted, deleted or cut, served by the fake Loki to the real client. Every answer must end
/// in entries inside the window asked for, or in a ``LokiError``: never a trap, never a hang.
/// The seed is printed; `AEGIS_TEST_SEED` replays a run.
@Suite struct LokiAnswerMutationTests {
    static let mutations = 3_000

    static let streams = Array(
        #"{"status":"success","data":{"resultType":"streams","result":[{"stream":{"job":"aegis-backend","level":"info"},"values":[["1795564801000000000","GET /api/v1/users 200 \u00e9\ud83d\ude00"],["1795564802000000000","{\"userId\":\"u-1\",\"ip\":\"10.0.0.1\"}"]]}],"stats":{"summary":{"bytesProcessedPerSecond":1e3}}}}"#
            .utf8)
    static let vector = Array(
        #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1795564900.000,"2"]}]}}"#
            .utf8)

    static func mutate(_ bytes: [UInt8], _ random: inout SeededRandom) -> [UInt8] {
        var bytes = bytes
        let interesting: [UInt8] = [
            0x00, 0x22, 0x5C, 0x5B, 0x5D, 0x7B, 0x7D, 0x2C, 0x3A, 0x2D, 0x65, 0x30, 0x39, 0xFF, 0xC3, 0x80,
        ]
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            guard !bytes.isEmpty else { break }
            let at = Int.random(in: 0..<bytes.count, using: &random)
            switch Int.random(in: 0..<5, using: &random) {
            case 0: bytes[at] = interesting.randomElement(using: &random)!
            case 1: bytes[at] ^= UInt8(1 << Int.random(in: 0..<8, using: &random))
            case 2: bytes.insert(interesting.randomElement(using: &random)!, at: at)
            case 3: bytes.remove(at: at)
            default: bytes.removeSubrange(at...)
            }
        }
        return bytes
    }

    @Test func mutatedAnswersEndInEntriesOrALokiError() throws {
        var random = SeededRandom.fromEnvironment()
        print("LokiAnswerMutationTests: seed \(random.seed) (AEGIS_TEST_SEED=\(random.seed) replays it)")
        let server = FakeLokiServer()
        try server.start()
        let client = try LokiClient(
            settings: LokiSettings(address: server.baseURL), redactor: SecretRedactor(),
            retry: RetryPolicy(maxAttempts: 1, baseDelay: 0, maxDelay: 0, maxRetryAfter: 0))
        let start: Int64 = 1_795_564_800_000_000_000
        let end = start + 3_600_000_000_000
        var parsed = 0, refused = 0
        for round in 0..<Self.mutations {
            let useVector = round % 4 == 3
            let body = Self.mutate(useVector ? Self.vector : Self.streams, &random)
            server.answerNext(path: useVector ? "/loki/api/v1/query" : "/loki/api/v1/query_range", body: body)
            do {
                if useVector {
                    let count = try client.count(#"{job="aegis-backend"}"#, start: start, end: end)
                    #expect(count >= 0, "seed \(random.seed), round \(round)")
                } else {
                    let streams = try client.queryRange(
                        #"{job="aegis-backend"}"#, start: start, end: end, limit: 100, forward: true)
                    for entry in streams.flatMap(\.entries) {
                        #expect(
                            entry.timestamp >= start && entry.timestamp < end, "seed \(random.seed), round \(round)")
                    }
                }
                parsed += 1
            } catch {
                #expect(!error.description.isEmpty && !error.description.contains("\n"))
                refused += 1
            }
        }
        print("LokiAnswerMutationTests: \(parsed) parsed, \(refused) refused (seed \(random.seed))")
        #expect(parsed + refused == Self.mutations)
        #expect(refused > 0)
    }
}
