import AegisAudit
import AegisSources
import Foundation
import TestSupport
import Testing

/// The YAML subset of policy files: what it reads (as the JSON it means) and what it refuses,
/// with the line and column.
@Suite struct YAMLSubsetTests {
    private func json(_ yaml: String) throws -> String {
        CanonicalJSON.text(try YAMLSubset.parse(yaml).json)
    }

    @Test func theExampleBaselineReadsAsItsJSON() throws {
        let example = GeneratedData.sharedDirectory.appendingPathComponent("aegis/policy-baseline.example.yaml")
        let text = try String(contentsOf: example, encoding: .utf8)
        let value = try YAMLSubset.parse(text)
        let policies = try #require(value.json.arrayValue)
        #expect(policies.count == 4)
        #expect(
            CanonicalJSON.text(policies[2])
                == CanonicalJSON.text(
                    try JSONParser.parse(
                        """
                        {"name": "Auto Restart Failed Services",
                         "description": "The AI engine may restart failed pods outside kube-system",
                         "type": "self_healing", "effect": "allow", "priority": 80,
                         "conditions": {"role": "service", "automated": true},
                         "actions": ["restart", "restart_pod"], "resources": ["pod:*", "deployment:*"], "isActive": true}
                        """)))
        #expect(CanonicalJSON.text(policies[3]["conditions"]!) == "{}")
        let baseline = try PolicyBaseline.parse(text, path: example.path)
        #expect(baseline.policies.map(\.name).last == "Deny Deletes in Critical Namespaces")
    }

    @Test(arguments: [
        ("- a\n- b\n", #"["a","b"]"#),
        ("key:\n- a\n- b\nother: 1\n", #"{"key":["a","b"],"other":1}"#),
        ("a:\n  b:\n    c: [1, {d: e}]\n  f: ~\n", #"{"a":{"b":{"c":[1,{"d":"e"}]},"f":null}}"#),
        ("- x: 'it''s'   # comment\n  y: \"tab\\there \\u00e9\"\n", #"[{"x":"it's","y":"tab\there é"}]"#),
        (
            "---\n- n: -12\n  m: +1.50\n  p: 1e3\n  q: 0x1F\n  r: http://host:80/a#b\n",
            #"[{"m":1.5,"n":-12,"p":1000,"q":"0x1F","r":"http://host:80/a#b"}]"#
        ),
        ("- \n  a: 1\n-\n- []\n", #"[{"a":1},null,[]]"#),
        ("x: {}\ny: [ ]\nz: 'true'\nw: True\n", #"{"w":true,"x":{},"y":[],"z":"true"}"#),
        ("# only a comment\n", "null"),
    ])
    func readsWhatItMeans(_ yaml: String, _ expected: String) throws {
        #expect(try json(yaml) == expected)
    }

    @Test(arguments: [
        ("- a\n b: 1\n", 2, 2, "unexpected indentation"),
        ("a: 1\na: 2\n", 2, 1, "duplicate key 'a'"),
        ("a: &x 1\n", 1, 4, "anchors"),
        ("a: !!str 1\n", 1, 4, "tags"),
        ("a: >\n  folded\n", 1, 4, "block scalars"),
        ("a: \"open\n", 1, 4, "does not close on its line"),
        ("a: [1,\n  2]\n", 1, 4, "does not close on its line"),
        ("a: plain\n  continued\n", 2, 3, "multi-line values are not supported"),
        ("a: 1\n\tb: 2\n", 2, 1, "a tab in the indentation"),
        ("a: b: c\n", 1, 5, "a second ': ' on one line"),
        ("a: [x: 1]\n", 1, 6, "write it as {key: value}"),
        ("a: 1\n- b\n", 2, 1, "a list item where a mapping key was expected"),
        ("- a\n---\n- b\n", 2, 1, "only one YAML document"),
        ("? a\n", 1, 1, "complex keys"),
        ("a: \"\\q\"\n", 1, 5, "unknown escape"),
        ("é: on\n", 1, 4, "'on' is a boolean in some YAML readers"),
    ])
    func refusesWithItsPosition(_ yaml: String, _ line: Int, _ column: Int, _ message: String) throws {
        #expect {
            _ = try YAMLSubset.parse(yaml)
        } throws: { error in
            guard let error = error as? YAMLSubsetError else { return false }
            return error.line == line && error.column == column && error.message.contains(message)
        }
    }

    @Test func deepNestingIsRefusedNotACrash() throws {
        let flow = "a: " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "\n"
        let block = (0..<10_000).map { String(repeating: " ", count: $0) + "k:" }.joined(separator: "\n") + " 1\n"
        for text in [flow, block] {
            #expect {
                _ = try YAMLSubset.parse(text)
            } throws: { error in
                (error as? YAMLSubsetError)?.message == "nested more than 64 deep"
            }
        }
        let fine = (0..<60).map { String(repeating: " ", count: $0) + "k:" }.joined(separator: "\n") + " 1\n"
        #expect(try json(fine).hasPrefix(#"{"k":{"k":"#))
    }

    @Test func canonicalJSONIgnoresKeyOrderAndNumberSpelling() throws {
        let a = try JSONParser.parse(#"{"b": [2, 1], "a": {"y": 1.0, "x": "é"}}"#)
        let b = try JSONParser.parse(#"{"a": {"x": "é", "y": 1}, "b": [2, 1]}"#)
        #expect(CanonicalJSON.text(a) == CanonicalJSON.text(b))
        #expect(CanonicalJSON.text(a) == #"{"a":{"x":"é","y":1},"b":[2,1]}"#)
        // Lists keep their order unless they are sets.
        let c = try JSONParser.parse(#"{"a": {"x": "é", "y": 1}, "b": [1, 2]}"#)
        #expect(CanonicalJSON.text(a) != CanonicalJSON.text(c))
        #expect(CanonicalJSON.text(a, sortingArrays: true) == CanonicalJSON.text(c, sortingArrays: true))
        #expect(CanonicalJSON.text(try JSONParser.parse("1.50")) == "1.5")
    }
}
