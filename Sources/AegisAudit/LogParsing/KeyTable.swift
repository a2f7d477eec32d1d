/// A small string-keyed table for the hot path: keys are bucketed by UTF-8 length and first
/// byte, so most lookups are turned away without hashing and the rest compare one or two short
/// strings.
struct KeyTable<Value> {
    private var buckets: [[(key: String, value: Value)]]
    private static var bucketCount: Int { 32 * 128 }

    init() { buckets = Array(repeating: [], count: Self.bucketCount) }

    init(_ pairs: [(String, Value)]) {
        self.init()
        for (key, value) in pairs where self[key] == nil {
            buckets[Self.bucket(key)].append((key, value))
        }
    }

    subscript(key: String) -> Value? {
        let candidates = buckets[Self.bucket(key)]
        if candidates.isEmpty { return nil }
        for candidate in candidates where candidate.key == key { return candidate.value }
        return nil
    }

    @inline(__always) private static func bucket(_ key: String) -> Int {
        let utf8 = key.utf8
        let length = min(utf8.count, 31)
        let first = Int(utf8.first ?? 0) & 0x7F
        return length << 7 | first
    }
}
