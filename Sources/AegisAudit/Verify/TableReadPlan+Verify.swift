extension TableReadPlan {
    /// `COPY (SELECT ... ORDER BY id as text in byte order) TO STDOUT`: the order of the cache's
    /// `(source, id)` index, so that `verify` can walk both side by side.
    func copySQLInIDOrder() -> String {
        "COPY (SELECT \(expressions.joined(separator: ", ")) FROM \(quotedTable) "
            + "ORDER BY (\(expressions[0]))::text COLLATE \"C\") TO STDOUT"
    }
}
