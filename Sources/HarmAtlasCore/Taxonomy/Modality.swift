/// A kind of content a benchmark item may carry, and that a category may apply to.
public enum Modality: String, Hashable, Sendable, CaseIterable, Comparable {
    case text, image, audio, video
    /// A conversation of more than one user turn.
    case multiTurn = "multi-turn"
    /// Content returned by a tool in an agentic exchange.
    case toolResult = "tool-result"

    /// A bit of its own, for sets of modalities kept in a byte.
    public var bit: UInt8 {
        switch self {
        case .text: 1
        case .image: 2
        case .audio: 4
        case .video: 8
        case .multiTurn: 16
        case .toolResult: 32
        }
    }

    public static func < (lhs: Modality, rhs: Modality) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
