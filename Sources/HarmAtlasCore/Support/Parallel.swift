import Dispatch
import Foundation

/// Work cut into parts and run on every processor.
public enum Parallel {
    /// Runs `body` for parts `0..<count`, as many at once as there are processors, and returns the results in
    /// part order.
    public static func map<T>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
        let slots = Slots<T>(count: count)
        DispatchQueue.concurrentPerform(iterations: count) { part in slots.set(part, body(part)) }
        return slots.values
    }

    /// Each part's result, written by the worker of that part and read when all are done.
    private final class Slots<T>: @unchecked Sendable {
        private let lock = NSLock()
        private var slots: [T?]

        init(count: Int) { slots = Array(repeating: nil, count: count) }

        func set(_ part: Int, _ value: T) {
            lock.lock()
            slots[part] = value
            lock.unlock()
        }

        var values: [T] {
            lock.lock()
            defer { lock.unlock() }
            return slots.map { $0! }
        }
    }
}
