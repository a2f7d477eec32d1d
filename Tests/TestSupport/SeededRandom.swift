import Foundation

/// A reproducible random number generator (SplitMix64). Tests that pick random points print
/// their seed; `AEGIS_TEST_SEED` replays a failing run.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    public let seed: UInt64
    private var state: UInt64

    public init(seed: UInt64) {
        self.seed = seed
        state = seed
    }

    /// `$AEGIS_TEST_SEED` if set, else a fresh seed.
    public static func fromEnvironment() -> SeededRandom {
        let given = ProcessInfo.processInfo.environment["AEGIS_TEST_SEED"].flatMap { UInt64($0) }
        return SeededRandom(seed: given ?? UInt64.random(in: 1...UInt64(UInt32.max)))
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
