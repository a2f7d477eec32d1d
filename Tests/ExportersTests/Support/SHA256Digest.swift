import Crypto

/// SHA-256 of bytes, for checking manifests independently of the exporter's own hashing.
enum SHA256Digest {
    static func of(_ bytes: [UInt8]) -> [UInt8] { Array(SHA256.hash(data: bytes)) }
}
