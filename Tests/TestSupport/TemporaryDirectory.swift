import Foundation

/// A fresh folder under the system's temporary directory.
public func makeTemporaryDirectory(_ label: String = "test") throws -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("aegis-audit-\(label)-\(getpid())-\(UniqueCounter.next())")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// The SHA-256-free fingerprint tests use to prove a file did not change: its bytes.
public func fileBytes(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }
