import Crypto
import Foundation

/// SHA-256 computed on the exports' hashing thread, so that the thread formatting the rows
/// only frames them. Chunks are hashed in the order handed over; at most `maxInFlight` wait at
/// a time, so memory stays bounded.
final class BackgroundSHA256: @unchecked Sendable {
    /// The one thread an export's hashing and writing run on (``OutputStream`` uses it too):
    /// with the caller's, two threads in all, as many as the machines we aim at have cores.
    static let queue = DispatchQueue(label: "aegis-audit.export-hashing")
    private static let maxInFlight = 4

    /// Touched only on ``queue``.
    private var hasher = SHA256()
    private let slots = DispatchSemaphore(value: maxInFlight)

    func update(_ chunk: [UInt8]) {
        slots.wait()
        Self.queue.async {
            self.hasher.update(data: chunk)
            self.slots.signal()
        }
    }

    /// The digest of everything handed over, then `pending`; waits for the chunks in flight.
    func finalize(appending pending: [UInt8]) -> SHA256.Digest {
        Self.queue.sync {
            var copy = hasher
            copy.update(data: pending)
            return copy.finalize()
        }
    }
}
