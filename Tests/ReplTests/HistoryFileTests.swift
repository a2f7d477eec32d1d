import Foundation
import TestSupport
import Testing

@testable import Repl

@Suite struct HistoryFileTests {
    @Test func followsXDGStateHome() {
        #expect(HistoryFile.path(environment: ["XDG_STATE_HOME": "/s", "HOME": "/h"]) == "/s/aegis-audit/history")
        #expect(HistoryFile.path(environment: ["HOME": "/h"]) == "/h/.local/state/aegis-audit/history")
        // A relative XDG_STATE_HOME is invalid and ignored.
        #expect(
            HistoryFile.path(environment: ["XDG_STATE_HOME": "state", "HOME": "/h"])
                == "/h/.local/state/aegis-audit/history")
        #expect(HistoryFile.path(environment: [:]) == nil)
    }

    @Test func createsTheFileWithMode0600() throws {
        let folder = try makeTemporaryDirectory("repl-history")
        let path = folder.path + "/state/aegis-audit/history"
        try HistoryFile.prepare(path: path)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let folderAttributes = try FileManager.default.attributesOfItem(atPath: folder.path + "/state/aegis-audit")
        #expect((folderAttributes[.posixPermissions] as? Int) == 0o700)
        // An existing file with a wider mode is narrowed.
        chmod(path, 0o644)
        try HistoryFile.prepare(path: path)
        #expect((try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) == 0o600)
    }

    @Test func neverKeepsSecretLookingLines() {
        #expect(HistoryFile.mayStore(#"from users | where email == "alice@example.com""#))
        #expect(!HistoryFile.mayStore(#"from users | where x == "postgresql://auditor:hunter2@db/backend""#))
        #expect(!HistoryFile.mayStore("SELECT 'host=db password=hunter2';"))
    }
}
