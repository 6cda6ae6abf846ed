import Foundation
import HarmAtlasCore

/// Hands results numbered from 0, which finish in any order, to `join` in order, one at a time, on whichever thread
/// finishes the result that is next.
final class InOrder<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var waiting: [Int: T] = [:]
    private var next = 0
    private var joining = false

    func finish(_ index: Int, _ value: T, _ join: (Int, T) -> Void) {
        lock.lock()
        waiting[index] = value
        guard !joining else {
            lock.unlock()
            return
        }
        joining = true
        while let value = waiting.removeValue(forKey: next) {
            lock.unlock()
            join(next, value)
            lock.lock()
            next += 1
        }
        joining = false
        lock.unlock()
    }
}

/// Jobs run on every processor while the caller goes on, at most `depth` of them at once (running, or done and
/// waiting to be joined); their results are joined in the order the jobs were submitted, one at a time. The first
/// failure to join is thrown to the caller at its next submission or at ``finish()``, and the jobs after it are
/// not joined.
final class OrderedWorkers<Result>: @unchecked Sendable {
    private let group = DispatchGroup()
    private let slots: DispatchSemaphore
    private let joiner = InOrder<Result>()
    private let join: (Result) throws(HarmAtlasError) -> Void
    private let lock = NSLock()
    private var failure: HarmAtlasError?
    private var submitted = 0

    init(depth: Int, join: @escaping (Result) throws(HarmAtlasError) -> Void) {
        slots = DispatchSemaphore(value: depth)
        self.join = join
    }

    func submit(_ job: @escaping @Sendable () -> Result) throws(HarmAtlasError) {
        try failedSoFar()
        slots.wait()
        let index = submitted
        submitted += 1
        DispatchQueue.global().async(group: group) { [self] in
            let result = job()
            joiner.finish(index, result) { _, result in
                // A slot frees when its result is joined, not when the job ends: results waiting for an earlier
                // one count against the depth too, so memory stays bounded.
                defer { slots.signal() }
                guard firstFailure == nil else { return }
                do throws(HarmAtlasError) { try join(result) } catch {
                    lock.lock()
                    failure = error
                    lock.unlock()
                }
            }
        }
    }

    /// Waits until every job has run and been joined; throws the first failure.
    func finish() throws(HarmAtlasError) {
        group.wait()
        try failedSoFar()
    }

    private func failedSoFar() throws(HarmAtlasError) {
        if let failure = firstFailure { throw failure }
    }

    private var firstFailure: HarmAtlasError? {
        lock.lock()
        defer { lock.unlock() }
        return failure
    }
}
