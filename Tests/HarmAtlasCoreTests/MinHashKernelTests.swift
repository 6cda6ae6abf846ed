import CHarmAtlasKernels
import Testing

@Suite struct MinHashKernelTests {
    /// Every vector path this processor has gives the minimums of the plain Swift loop, for permutation counts
    /// around the vector widths and shingle lists of every length up to a few hundred.
    @Test func everyPathGivesTheExactMinimums() {
        var generator = SystemRandomNumberGenerator()
        let levels = 0...Int(harmatlas_minhash_level())
        for permutations in [1, 7, 8, 9, 31, 32, 33, 130, 160] {
            let a = (0..<permutations).map { _ in UInt64.random(in: .min ... .max, using: &generator) | 1 }
            let b = (0..<permutations).map { _ in UInt64.random(in: .min ... .max, using: &generator) }
            for count in [0, 1, 2, 5, 100, 333] {
                // Extremes too: products that wrap, values equal to the starting minimum.
                var shingles = (0..<count).map { _ in UInt64.random(in: .min ... .max, using: &generator) }
                if count > 2 { shingles[0] = 0; shingles[1] = .max }
                var expected = [UInt64](repeating: .max, count: permutations)
                for x in shingles {
                    for i in 0..<permutations { expected[i] = min(expected[i], a[i] &* x &+ b[i]) }
                }
                for level in levels {
                    var minimums = [UInt64](repeating: .max, count: permutations)
                    harmatlas_minhash_at(Int32(level), shingles, count, a, b, permutations, &minimums)
                    #expect(minimums == expected, "level \(level), \(permutations) permutations, \(count) shingles")
                }
            }
        }
    }
}
