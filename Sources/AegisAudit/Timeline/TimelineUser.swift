/// A `--user` value resolved against the cache's `users` table both ways: an id finds its
/// e-mail address, an e-mail address (any case) finds its id. A value that names no user (a
/// service such as `ci-deployer`, or an address that never existed) is matched as given.
public struct TimelineUser: Sendable, Equatable {
    /// What was asked for.
    public let given: String
    /// Actor ids to match: the user's id(s), and the value itself.
    public let ids: [String]
    /// E-mail addresses to match on rows without an actor id (a failed login for an unknown
    /// address has only the address it tried).
    public let emails: [String]

    /// Looks `user` up in the cache's `users`.
    public static func resolve(_ user: String, in cache: Cache) throws(CacheError) -> TimelineUser {
        var ids: [String] = [user]
        var emails: [String] = user.contains("@") ? [user] : []
        try cache.attempt {
            let statement = try cache.database.prepare(
                "SELECT id, email FROM users WHERE id = ?1 OR lower(email) = lower(?1) ORDER BY id")
            statement.bind(1, user)
            while try statement.step() {
                if let id = statement.text(0), !ids.contains(id) { ids.append(id) }
                if let email = statement.text(1), !emails.contains(email) { emails.append(email) }
            }
        }
        return TimelineUser(given: user, ids: ids, emails: emails)
    }

    public init(given: String, ids: [String], emails: [String]) {
        self.given = given
        self.ids = ids
        self.emails = emails
    }
}
