import Foundation
import HarmAtlasCore

/// Jobs run in order on a queue of their own while the caller goes on, at most `depth` of them waiting. The first
/// failure skips the jobs after it and is thrown to the caller at its next submission or at ``finish()``.
final class SerialWorker: @unchecked Sendable {
    private let queue: DispatchQueue
    private let slots: DispatchSemaphore
    /// Touched only on `queue`.
    private var failure: HarmAtlasError?

    init(label: String, depth: Int) {
        queue = DispatchQueue(label: label)
        slots = DispatchSemaphore(value: depth)
    }

    func submit(_ job: @escaping @Sendable () throws(HarmAtlasError) -> Void) throws(HarmAtlasError) {
        try finishedSoFar()
        slots.wait()
        queue.async { [self] in
            defer { slots.signal() }
            guard failure == nil else { return }
            do throws(HarmAtlasError) { try job() } catch { failure = error }
        }
    }

    /// Waits until every job has run; throws the first failure.
    func finish() throws(HarmAtlasError) {
        try finishedSoFar()
    }

    private func finishedSoFar() throws(HarmAtlasError) {
        if let failure = queue.sync(execute: { failure }) { throw failure }
    }
}
