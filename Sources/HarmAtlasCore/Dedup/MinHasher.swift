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

    /// The band keys of a shingle set, and its sketch: one byte per permutation, the low byte of the mixed
    /// minimum. Both are empty for an empty set.
    public func signature(_ shingles: ArraySlice<UInt64>) -> (bandKeys: [UInt64], sketch: [UInt8]) {
        guard !shingles.isEmpty else { return ([], []) }
        let count = bands * rows
        var minimums = [UInt64](repeating: .max, count: count)
        shingles.withUnsafeBufferPointer { x in
            harmatlas_minhash(x.baseAddress, x.count, multipliers, offsets, count, &minimums)
        }
        let bandKeys = (0..<bands).map { band in
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(band)
            for row in 0..<rows { hash = (hash ^ minimums[band * rows + row]) &* 0x100_0000_01b3 }
            return DedupText.mix(hash)
        }
        return (bandKeys, minimums.map { UInt8(truncatingIfNeeded: DedupText.mix($0)) })
    }

    /// The fewest rows in which the sketches of a pair at the threshold agree, but for a chance of 10⁻⁷: a
    /// candidate whose sketches agree in fewer rows is dropped without computing its Jaccard similarity.
    ///
    /// Each row agrees with probability `J + (1 − J)/256` (the minimums are equal with probability `J`, and
    /// unequal minimums share their byte one time in 256), at least `threshold` for a pair at or above it; the
    /// bound is the lower tail of the binomial distribution with that probability.
    public func sketchFloor(threshold: Double) -> Int {
        let count = bands * rows
        let p = threshold
        var logChoose = 0.0  // log C(count, k)
        var tail = 0.0
        for k in 0...count {
            if k > 0 { logChoose += log(Double(count - k + 1)) - log(Double(k)) }
            let probability = exp(logChoose + Double(k) * log(p) + Double(count - k) * log1p(-p))
            if tail + probability > 1e-7 { return k }
            tail += probability
        }
        return count
    }
}
