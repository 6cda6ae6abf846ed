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
