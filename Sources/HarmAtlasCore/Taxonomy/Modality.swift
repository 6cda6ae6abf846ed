/// A kind of content a benchmark item may carry, and that a category may apply to.
public enum Modality: String, Hashable, Sendable, CaseIterable, Comparable {
    case text, image, audio, video
    /// A conversation of more than one user turn.
    case multiTurn = "multi-turn"
    /// Content returned by a tool in an agentic exchange.
    case toolResult = "tool-result"

    public static func < (lhs: Modality, rhs: Modality) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
