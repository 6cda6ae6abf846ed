extension Array where Element == UInt64 {
    /// Sorts in place: quicksort with a median of three, insertion sort for short ranges and heap sort should
    /// the quicksort go deep (introsort). Equal integers cannot be told apart, so the result is the one sorted
    /// order; it is several times faster than the standard library's stable sort on the hash lists and pair
    /// lists that deduplication sorts.
    mutating func sortIntegers() {
        var depth = 0
        var count = self.count
        while count > 1 {
            depth += 2
            count >>= 1
        }
        withUnsafeMutableBufferPointer { IntegerSort.introsort($0, 0, $0.count, depth: depth) }
    }

    /// Sorts by the high 32 bits of each integer, keeping integers with the same high half in the order they
    /// had: a least-significant-digit radix sort in three passes, using `scratch` as room. When the low halves
    /// ascend within each high half beforehand, as when they number entries added in order, the result is the
    /// fully sorted order.
    mutating func sortByHighHalf(scratch: inout [UInt64]) {
        if scratch.count < count { scratch = [UInt64](repeating: 0, count: count) }
        let total = count
        withUnsafeMutableBufferPointer { values in
            scratch.withUnsafeMutableBufferPointer { room in
                var (from, to) = (values, room)
                var counts = [Int](repeating: 0, count: 2048)
                for shift in [32, 43, 54] as [UInt64] {
                    for index in counts.indices { counts[index] = 0 }
                    for index in 0..<total { counts[Int(from[index] >> shift & 0x7FF)] += 1 }
                    var start = 0
                    for digit in counts.indices {
                        let n = counts[digit]
                        counts[digit] = start
                        start += n
                    }
                    for index in 0..<total {
                        let value = from[index]
                        let digit = Int(value >> shift & 0x7FF)
                        to[counts[digit]] = value
                        counts[digit] += 1
                    }
                    swap(&from, &to)
                }
                // Three passes leave the result in `room`.
                for index in 0..<total { values[index] = room[index] }
            }
        }
    }

    /// Sorts in place and keeps one of each value.
    mutating func sortIntegersRemovingRepeats() {
        sortIntegers()
        var unique = 0
        for index in indices where unique == 0 || self[unique - 1] != self[index] {
            self[unique] = self[index]
            unique += 1
        }
        removeLast(count - unique)
    }
}

private enum IntegerSort {
    static func introsort(_ a: UnsafeMutableBufferPointer<UInt64>, _ low: Int, _ high: Int, depth: Int) {
        var (low, high, depth) = (low, high, depth)
        while high - low > 24 {
            if depth == 0 {
                heapsort(a, low, high)
                return
            }
            depth -= 1
            // The median of the first, middle and last as pivot; Hoare's partition around it.
            let middle = low + (high - low) / 2
            if a[middle] < a[low] { a.swapAt(middle, low) }
            if a[high - 1] < a[low] { a.swapAt(high - 1, low) }
            if a[high - 1] < a[middle] { a.swapAt(high - 1, middle) }
            let pivot = a[middle]
            var i = low - 1
            var j = high
            while true {
                repeat { i += 1 } while a[i] < pivot
                repeat { j -= 1 } while a[j] > pivot
                if i >= j { break }
                a.swapAt(i, j)
            }
            // [low, j] and [j + 1, high): recurse into the smaller, loop on the larger.
            if j + 1 - low < high - (j + 1) {
                introsort(a, low, j + 1, depth: depth)
                low = j + 1
            } else {
                introsort(a, j + 1, high, depth: depth)
                high = j + 1
            }
        }
        // Insertion sort.
        var index = low + 1
        while index < high {
            let value = a[index]
            var hole = index
            while hole > low && a[hole - 1] > value {
                a[hole] = a[hole - 1]
                hole -= 1
            }
            a[hole] = value
            index += 1
        }
    }

    static func heapsort(_ a: UnsafeMutableBufferPointer<UInt64>, _ low: Int, _ high: Int) {
        let count = high - low
        func siftDown(_ start: Int, _ end: Int) {
            var root = start
            while 2 * root + 1 < end {
                var child = 2 * root + 1
                if child + 1 < end && a[low + child] < a[low + child + 1] { child += 1 }
                guard a[low + root] < a[low + child] else { return }
                a.swapAt(low + root, low + child)
                root = child
            }
        }
        var start = count / 2 - 1
        while start >= 0 {
            siftDown(start, count)
            start -= 1
        }
        var end = count - 1
        while end > 0 {
            a.swapAt(low, low + end)
            siftDown(0, end)
            end -= 1
        }
    }
}
