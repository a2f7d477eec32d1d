import AegisSources
import Foundation
import TestSupport

/// A Loki JSON answer reduced to what must match between the fake and the real server: the
/// result as a map from series labels to values (each value in canonical JSON), ignoring
/// `stats` and the order of streams, keeping the order of values within each stream.
struct LokiAnswer: Equatable, CustomStringConvertible {
    let resultType: String
    let series: [String: [String]]

    init(_ body: Data) throws {
        let document = try Self.parse(body)
        guard document["status"]?.stringValue == "success", let data = document["data"],
            let type = data["resultType"]?.stringValue, let result = data["result"]?.arrayValue
        else {
            throw AnswerError(
                description: "not a successful query answer: \(String(decoding: body.prefix(300), as: UTF8.self))")
        }
        resultType = type
        var series: [String: [String]] = [:]
        for item in result {
            let labels = item["stream"] ?? item["metric"] ?? .object([])
            let values = item["values"]?.arrayValue ?? item["value"].map { [$0] } ?? []
            series[Self.canonical(labels)] = values.map(Self.canonical)
        }
        self.series = series
    }

    var entryCount: Int { series.values.reduce(0) { $0 + $1.count } }

    var description: String { "\(resultType): \(series.count) series, \(entryCount) values" }

    /// The first difference, for a readable failure.
    func difference(from other: LokiAnswer) -> String? {
        if resultType != other.resultType { return "resultType \(resultType) vs \(other.resultType)" }
        for key in Set(series.keys).union(other.series.keys).sorted() {
            let mine = series[key] ?? []
            let theirs = other.series[key] ?? []
            if mine == theirs { continue }
            if let index = zip(mine, theirs).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset {
                return "\(key) value #\(index): \(mine[index].prefix(200)) vs \(theirs[index].prefix(200))"
            }
            return "\(key): \(mine.count) values vs \(theirs.count)"
        }
        return nil
    }

    static func parse(_ body: Data) throws -> JSONValue {
        let bytes = [UInt8](body)
        return try bytes.withUnsafeBufferPointer { try JSONParser.parse($0) }
    }

    /// JSON text with object members sorted by key; strings and numbers kept exactly.
    static func canonical(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let text): return text
        case .string(let text):
            return "\""
                + text.unicodeScalars.map { scalar in
                    scalar == "\"" || scalar == "\\" ? "\\\(scalar)" : String(scalar)
                }.joined() + "\""
        case .array(let items): return "[" + items.map(canonical).joined(separator: ",") + "]"
        case .object(let members):
            return "{"
                + members.sorted { $0.key < $1.key }.map { canonical(.string($0.key)) + ":" + canonical($0.value) }
                .joined(separator: ",") + "}"
        }
    }
}

struct AnswerError: Error, CustomStringConvertible {
    let description: String
}

/// The part of a body before `"stats"` (the result itself), to compare bytes exactly.
func resultBytes(_ body: Data) -> Data {
    let marker = Data(#","stats":"#.utf8)
    guard let range = body.range(of: marker) else { return body }
    return body[body.startIndex..<range.lowerBound]
}
