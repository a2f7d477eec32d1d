import Foundation
import Testing

@testable import Exporters

private func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

private func permissions(_ path: String) throws -> Int {
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    return try #require(attributes[.posixPermissions] as? Int)
}

@Suite struct OutputStreamAtomicFileTests {
    @Test func fileAppearsOnlyAfterCommit() throws {
        let directory = try ScratchDirectory()
        defer { directory.cleanUp() }
        let path = directory.path("report.csv")
        let output = try Exporters.OutputStream.atomicFile(path: path)
        output.write("hello, ")
        output.write(bytes: Array("wörld\n".utf8))
        #expect(!exists(path))
        try output.commit()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "hello, wörld\n")
        #expect(try directory.contents() == ["report.csv"])  // no temporary file left beside it
    }

    @Test func committedFileHasMode0600() throws {
        let directory = try ScratchDirectory()
        defer { directory.cleanUp() }
        let path = directory.path("secret.json")
        let output = try Exporters.OutputStream.atomicFile(path: path)
        output.write("{}")
        try output.commit()
        #expect(try permissions(path) == 0o600)
    }

    @Test func commitReplacesAnExistingFile() throws {
        let directory = try ScratchDirectory()
        defer { directory.cleanUp() }
        let path = directory.path("out.txt")
        try "old".write(toFile: path, atomically: false, encoding: .utf8)
        let output = try Exporters.OutputStream.atomicFile(path: path)
        output.write("new")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old")
        try output.commit()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "new")
    }

    @Test func abandonLeavesNoFile() throws {
        let directory = try ScratchDirectory()
        defer { directory.cleanUp() }
        let path = directory.path("never.csv")
        let output = try Exporters.OutputStream.atomicFile(path: path)
        output.write("partial")
        output.abandon()
        #expect(!exists(path))
        #expect(try directory.contents().isEmpty)
    }

    @Test func abandonKeepsAnExistingFileUntouched() throws {
        let directory = try ScratchDirectory()
        defer { directory.cleanUp() }
        let path = directory.path("keep.csv")
        try "precious\n".write(toFile: path, atomically: false, encoding: .utf8)
        let before = try permissions(path)
        let output = try Exporters.OutputStream.atomicFile(path: path)
        output.write("overwrite attempt")
        output.abandon()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "precious\n")
        #expect(try permissions(path) == before)
        #expect(try directory.contents() == ["keep.csv"])
    }

    @Test func droppingAnUncommittedStreamAbandonsIt() throws {
        let directory = try ScratchDirectory()
        defer { directory.cleanUp() }
        let path = directory.path("dropped.csv")
        do {
            let output = try Exporters.OutputStream.atomicFile(path: path)
            output.write("partial")
        }
        #expect(try directory.contents().isEmpty)
    }

    @Test func abandonAfterCommitKeepsTheFile() throws {
        let directory = try ScratchDirectory()
        defer { directory.cleanUp() }
        let path = directory.path("done.csv")
        let output = try Exporters.OutputStream.atomicFile(path: path)
        output.write("done")
        try output.commit()
        output.abandon()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "done")
    }

    @Test func missingDirectoryIsACreateError() throws {
        let directory = try ScratchDirectory()
        defer { directory.cleanUp() }
        let path = directory.path("no/such/dir/out.csv")
        let error = try #require(throws: ExportError.self) { try Exporters.OutputStream.atomicFile(path: path) }
        guard case .cannotCreate(let reported, _) = error else {
            Issue.record("expected cannotCreate, got \(error)")
            return
        }
        #expect(reported == path)
    }
}
