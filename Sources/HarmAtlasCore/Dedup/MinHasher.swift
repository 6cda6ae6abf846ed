import CHarmAtlasKernels
import Foundation

/// MinHash signatures cut into LSH bands.
///
/// Permutation `i` maps a 64-bit shingle hash `x` to `a[i] · x + b[i]` (wrapping, 64 bits) with odd `a[i]`;
/// `a` and `b` come from SplitMix64 started at ``seed``, so signatures are the same on every run and machine.
/// A band's key is the SplitMix64-mixed FNV-1a fold of its rows. The minimums are computed in C with the widest
/// vector instructions the processor has; the arithmetic is exact, so every path gives the same signature.
public struct MinHasher: Sendable {
    /// The seed of the permutations.
    public static let seed: UInt64 = 0x4861_726d_4174_6c73
    /// The most permutations a layout may use.
    public static let permutationBudget = 160

    /// Bands.
    public let bands: Int
    /// Rows per band.
    public let rows: Int
    private let multipliers: [UInt64]
    private let offsets: [UInt64]

    /// A layout for `bands` × `rows` permutations.
    public init(bands: Int, rows: Int) {
        precondition(bands > 0 && rows > 0)
        self.bands = bands
        self.rows = rows
        var state = MinHasher.seed
        func next() -> UInt64 {
            state = state &+ 0x9e37_79b9_7f4a_7c15
            return DedupText.mix(state &- 0x9e37_79b9_7f4a_7c15)
        }
        var multipliers: [UInt64] = []
        var offsets: [UInt64] = []
        for _ in 0..<(bands * rows) {
            multipliers.append(next() | 1)
            offsets.append(next())
        }
        self.multipliers = multipliers
        self.offsets = offsets
    }

    /// The layout for a Jaccard threshold: the most rows per band such that a pair at the threshold becomes a
    /// candidate with probability at least `recall` within the permutation budget.
    public init(threshold: Double, recall: Double = 0.99) {
        precondition(threshold > 0 && threshold < 1 && recall > 0 && recall < 1)
        var best = (bands: 1, rows: 1)
        for rows in 1...MinHasher.permutationBudget {
            let bands = (log(1 - recall) / log(1 - pow(threshold, Double(rows)))).rounded(.up)
            guard bands.isFinite, bands * Double(rows) <= Double(MinHasher.permutationBudget) else { break }
            best = (max(1, Int(bands)), rows)
        }
        self.init(bands: best.bands, rows: best.rows)
    }

    /// The probability that a pair with Jaccard similarity `jaccard` shares at least one band.
    public func candidateProbability(_ jaccard: Double) -> Double {
        1 - pow(1 - pow(jaccard, Double(rows)), Double(bands))
    }

    /// The band keys of a shingle set; empty for an empty set.
    public func bandKeys(_ shingles: ArraySlice<UInt64>) -> [UInt64] {
        guard !shingles.isEmpty else { return [] }
        let count = bands * rows
        var minimums = [UInt64](repeating: .max, count: count)
        shingles.withUnsafeBufferPointer { x in
            harmatlas_minhash(x.baseAddress, x.count, multipliers, offsets, count, &minimums)
        }
        return (0..<bands).map { band in
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(band)
            for row in 0..<rows { hash = (hash ^ minimums[band * rows + row]) &* 0x100_0000_01b3 }
            return DedupText.mix(hash)
        }
    }
}
