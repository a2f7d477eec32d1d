/// The catalogue of diagnostics: stable ids that tests and docs can name.
public enum DiagnosticID: String, Sendable {
    /// A character or token that cannot start anything here.
    case unexpectedCharacter = "Q001"
    case unterminatedString = "Q002"
    case unterminatedRegex = "Q003"
    case unexpectedToken = "Q010"
    case expectedExpression = "Q011"
    case unknownOperator = "Q012"
    case invalidLiteral = "Q013"
    /// `$name` with no value given, or a value of the wrong kind for where it stands.
    case unknownParameter = "Q014"
    case unknownTable = "Q020"
    case unknownColumn = "Q021"
    case unknownFunction = "Q022"
    case wrongArgumentCount = "Q023"
    case wrongArgumentType = "Q024"
    case typeMismatch = "Q025"
    case aggregateMisuse = "Q026"
    case noTimeColumn = "Q027"
    case invalidRegex = "Q028"
    case duplicateColumn = "Q029"
    case notJSON = "Q030"
    /// A stage would leave no column at all.
    case noColumnsLeft = "Q031"
}
