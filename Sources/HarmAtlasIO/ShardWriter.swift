import CHarmAtlasKernels
import Foundation
import HarmAtlasCore

/// Appends records, one per line, to a new file through buffers of a few megabytes.
///
/// Full buffers are written and hashed on a queue of the writer's own while the caller fills the next one (at most
/// two wait), so making, writing and hashing records overlap. On Linux the file is written directly to the disk
/// (`O_DIRECT`) where the file system allows it: the bytes are not copied into the page cache first, which costs
/// about as much processor time as hashing them, and the file is already on disk when it is synced. Elsewhere, and
/// for the last part of the file, which is not a whole number of disk blocks, writes are buffered.
final class ShardWriter: @unchecked Sendable {
    /// A buffer's size: a multiple of the block size direct writes need.
    private static let chunkSize = 4 << 20
    private static let alignment = 4096

    /// A buffer aligned for direct writes.
    private final class Chunk: @unchecked Sendable {
        let base = UnsafeMutableRawPointer.allocate(byteCount: ShardWriter.chunkSize, alignment: ShardWriter.alignment)
        var count = 0
        deinit { base.deallocate() }
    }

    private let path: String
    private var descriptor: Int32
    private let writer = SerialWorker(label: "harmatlas.shard-writer", depth: 2)
    private var chunk = Chunk()
    private let lock = NSLock()
    /// Buffers written, ready to be filled again.
    private var spare: [Chunk] = []
    // Touched only by the writer's jobs, and read once it has finished.
    private var direct = false
    private var hasher = SHA256Hasher()
    private var bytes = 0

    init(path: String) throws(HarmAtlasError) {
        self.path = path
        descriptor = harmatlas_create_direct(path)
        direct = descriptor >= 0
        if descriptor < 0 { descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644) }
        guard descriptor >= 0 else {
            throw HarmAtlasError(.io, "\(path): cannot create: \(String(cString: strerror(errno)))")
        }
    }

    deinit {
        if descriptor >= 0 { Foundation.close(descriptor) }
    }

    /// Appends `record` and a line feed.
    func write(_ record: some Collection<UInt8>) throws(HarmAtlasError) {
        try append(record)
        // The buffer is never left full, so the line feed fits.
        chunk.base.storeBytes(of: 0x0A, toByteOffset: chunk.count, as: UInt8.self)
        chunk.count += 1
        if chunk.count == Self.chunkSize { try flush() }
    }

    /// Appends records that each end in a line feed, as they are.
    func write(lines: some Collection<UInt8>) throws(HarmAtlasError) {
        try append(lines)
    }

    private func append(_ bytes: some Collection<UInt8>) throws(HarmAtlasError) {
        let appended = bytes.withContiguousStorageIfAvailable { bytes in
            Result { () throws(HarmAtlasError) in try append(UnsafeRawBufferPointer(bytes)) }
        }
        guard let appended else { return try append(Array(bytes)) }
        try appended.get()
    }

    private func append(_ bytes: UnsafeRawBufferPointer) throws(HarmAtlasError) {
        var rest = bytes
        while !rest.isEmpty {
            let count = min(rest.count, Self.chunkSize - chunk.count)
            (chunk.base + chunk.count).copyMemory(from: rest.baseAddress!, byteCount: count)
            chunk.count += count
            rest = UnsafeRawBufferPointer(rebasing: rest[count...])
            if chunk.count == Self.chunkSize { try flush() }
        }
    }

    /// Hands the buffer to the writer's queue and takes an empty one.
    private func flush() throws(HarmAtlasError) {
        guard chunk.count > 0 else { return }
        let full = chunk
        lock.lock()
        chunk = spare.popLast() ?? Chunk()
        lock.unlock()
        chunk.count = 0
        try writer.submit { [self] () throws(HarmAtlasError) in
            try put(full)
            hasher.update(UnsafeRawBufferPointer(start: full.base, count: full.count))
            bytes += full.count
            lock.lock()
            spare.append(full)
            lock.unlock()
        }
    }

    /// Writes a buffer at the end of the file: directly when it is a whole number of blocks and the file system
    /// takes direct writes, buffered otherwise.
    private func put(_ full: Chunk) throws(HarmAtlasError) {
        if direct && full.count % Self.alignment != 0 {
            direct = false
            harmatlas_end_direct(descriptor)
        }
        var written = 0
        while written < full.count {
            let result = Foundation.write(descriptor, full.base + written, full.count - written)
            if result < 0 && errno == EINTR { continue }
            if result < 0 && errno == EINVAL && direct {
                // The file system opened the file for direct writes but does not take them.
                direct = false
                harmatlas_end_direct(descriptor)
                continue
            }
            guard result > 0 else {
                throw HarmAtlasError(.io, "\(path): cannot write: \(String(cString: strerror(errno)))")
            }
            written += result
        }
        // A buffered part is sent on to the disk at once, so the final sync does not wait for all of it.
        if !direct { harmatlas_start_writeback(descriptor, Int64(bytes), Int64(full.count)) }
    }

    /// Writes what is left, syncs and closes the file; returns its size and SHA-256, computed as it was written.
    @discardableResult
    func close() throws(HarmAtlasError) -> (bytes: Int, sha256: String) {
        try flush()
        try writer.finish()
        let synced = fsync(descriptor) == 0
        let closed = Foundation.close(descriptor) == 0
        descriptor = -1
        guard synced && closed else {
            throw HarmAtlasError(.io, "\(path): cannot close: \(String(cString: strerror(errno)))")
        }
        return (bytes, hasher.finalize().hexString)
    }
}
