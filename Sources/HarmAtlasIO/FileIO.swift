import Foundation
import HarmAtlasCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reading and writing files: whole-file reads with a size cap, and atomic writes.
public enum FileIO {
    /// The largest file read whole by default (64 MiB).
    public static let defaultReadLimit = 64 << 20

    /// Tells the system that an open file will be read from start to end, so that it reads further ahead: a
    /// large file that is not all in memory then makes its reader wait less.
    static func willReadSequentially(_ descriptor: Int32) {
        #if os(Linux)
            _ = posix_fadvise(descriptor, 0, 0, POSIX_FADV_SEQUENTIAL)
        #endif
    }

    /// Reads the next bytes of an open file into `buffer` from `offset`, at most `limit` of them: as many as one
    /// `read` gives, 0 at the end of the file. For files read in chunks of megabytes; Foundation's `FileHandle`
    /// reads them a few kilobytes at a time.
    static func readChunk(
        _ descriptor: Int32, into buffer: inout [UInt8], at offset: Int = 0, limit: Int = .max, path: String
    ) throws(HarmAtlasError) -> Int {
        while true {
            #if canImport(Glibc)
                let count = buffer.withUnsafeMutableBytes {
                    Glibc.read(descriptor, $0.baseAddress! + offset, min($0.count - offset, limit))
                }
            #else
                let count = buffer.withUnsafeMutableBytes {
                    Darwin.read(descriptor, $0.baseAddress! + offset, min($0.count - offset, limit))
                }
            #endif
            if count >= 0 { return count }
            if errno != EINTR { throw HarmAtlasError(.io, "\(path): cannot read: \(String(cString: strerror(errno)))") }
        }
    }

    /// Opens a file for reading.
    static func openForReading(_ path: String) throws(HarmAtlasError) -> Int32 {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw HarmAtlasError(.io, "\(path): cannot open the file for reading (missing, or not permitted)")
        }
        return descriptor
    }

    /// Reads a whole file; refuses files over `limit` bytes.
    public static func read(_ path: String, limit: Int = defaultReadLimit) throws(HarmAtlasError) -> [UInt8] {
        let limit = min(limit, Int.max - 1)  // `limit` + 1 bytes are read to tell a larger file
        let descriptor = try openForReading(path)
        defer { close(descriptor) }
        var status = stat()
        let size = fstat(descriptor, &status) == 0 ? max(Int(status.st_size), 0) : 0
        // Room for the size the file has and a byte more, which the last read finds empty unless the file grew
        // (or has no size, as a pipe); the buffer grows until `limit` + 1 bytes, which are refused.
        var bytes = [UInt8](repeating: 0, count: min(size, limit) + 1)
        var count = 0
        while true {
            if count == bytes.count {
                guard count <= limit else { break }
                bytes.append(contentsOf: repeatElement(0, count: min(max(count, 1 << 16), limit + 1 - count)))
            }
            let read = try readChunk(descriptor, into: &bytes, at: count, path: path)
            if read == 0 { break }
            count += read
        }
        if count > limit {
            throw HarmAtlasError(.io, "\(path): the file is larger than \(limit) bytes, the most read at once")
        }
        bytes.removeLast(bytes.count - count)
        return bytes
    }

    /// Writes `bytes` to `path` atomically: to a temporary file in the same directory, flushed to disk,
    /// renamed over the target, and the directory flushed. After a crash the old file or the complete new one
    /// exists, never a torn one.
    public static func writeAtomically(_ bytes: some Collection<UInt8>, to path: String) throws(HarmAtlasError) {
        try writeAtomically(to: path) { write throws(HarmAtlasError) in try write(Array(bytes)) }
    }

    /// Writes what `produce` hands to its `write` function, chunk by chunk, to `path` atomically, as
    /// ``writeAtomically(_:to:)`` does: for files too large to hold in memory at once.
    public static func writeAtomically(
        to path: String, _ produce: (_ write: ([UInt8]) throws(HarmAtlasError) -> Void) throws(HarmAtlasError) -> Void
    ) throws(HarmAtlasError) {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        let temporary =
            directory + "/." + url.lastPathComponent + ".tmp-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw HarmAtlasError(
                .io, "\(path): cannot create a temporary file in \(directory): \(String(cString: strerror(errno)))")
        }
        var ok = false
        var closed = false
        defer {
            if !closed { close(descriptor) }
            if !ok { unlink(temporary) }
        }
        try produce { buffer throws(HarmAtlasError) in
            var written = 0
            while written < buffer.count {
                let result = buffer.withUnsafeBytes { raw in
                    write(descriptor, raw.baseAddress! + written, buffer.count - written)
                }
                if result < 0 {
                    if errno == EINTR { continue }
                    throw HarmAtlasError(.io, "\(path): cannot write: \(String(cString: strerror(errno)))")
                }
                written += result
            }
        }
        let synced = fsync(descriptor) == 0
        closed = true
        if close(descriptor) != 0 || !synced {
            throw HarmAtlasError(.io, "\(path): cannot flush the file to disk: \(String(cString: strerror(errno)))")
        }
        if rename(temporary, path) != 0 {
            throw HarmAtlasError(
                .io, "\(path): cannot move the new file into place: \(String(cString: strerror(errno)))")
        }
        ok = true
        let directoryDescriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directoryDescriptor >= 0 {
            fsync(directoryDescriptor)
            close(directoryDescriptor)
        }
    }

    /// Calls `body` with a file's size and a function handing out its bytes in chunks of about a megabyte, the
    /// last one empty: for files too large to read at once.
    public static func withChunks<T>(
        of path: String, _ body: (_ size: Int, _ next: () throws(HarmAtlasError) -> [UInt8]) throws(HarmAtlasError) -> T
    ) throws(HarmAtlasError) -> T {
        let descriptor = try openForReading(path)
        defer { close(descriptor) }
        willReadSequentially(descriptor)
        var status = stat()
        let size = fstat(descriptor, &status) == 0 ? Int(status.st_size) : 0
        return try body(size) { () throws(HarmAtlasError) -> [UInt8] in
            var chunk = [UInt8](repeating: 0, count: 1 << 20)
            chunk.removeLast(chunk.count - (try readChunk(descriptor, into: &chunk, path: path)))
            return chunk
        }
    }

    /// Builds a new folder at `output` atomically: `build` fills a staging folder beside it, which is renamed
    /// into place when `build` returns with `publish` set. Refuses an `output` that exists and is not empty; a
    /// failure, or `publish` unset, leaves nothing behind.
    public static func publishFolder<T>(
        _ output: String, purpose: String, _ build: (String) throws(HarmAtlasError) -> (value: T, publish: Bool)
    ) throws(HarmAtlasError) -> T {
        if FileManager.default.fileExists(atPath: output),
            !((try? FileManager.default.contentsOfDirectory(atPath: output))?.isEmpty ?? false)
        {
            throw HarmAtlasError(.usage, "\(output) exists and is not empty; \(purpose) write a new folder")
        }
        let target = URL(fileURLWithPath: output).standardizedFileURL
        let staging = target.deletingLastPathComponent().appendingPathComponent(
            ".\(target.lastPathComponent).partial-\(getpid())"
        ).path
        try? FileManager.default.removeItem(atPath: staging)
        try createDirectory(staging)
        var published = false
        defer { if !published { try? FileManager.default.removeItem(atPath: staging) } }
        let (result, publish) = try build(staging)
        guard publish else { return result }
        if FileManager.default.fileExists(atPath: output) { try? FileManager.default.removeItem(atPath: output) }
        guard rename(staging, target.path) == 0 else {
            throw HarmAtlasError(.io, "cannot move the new folder into \(output): \(String(cString: strerror(errno)))")
        }
        published = true
        let parent = open(target.deletingLastPathComponent().path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if parent >= 0 {
            fsync(parent)
            close(parent)
        }
        return result
    }

    /// Creates a directory and its parents when missing.
    public static func createDirectory(_ path: String) throws(HarmAtlasError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw HarmAtlasError(.io, "\(path): cannot create the directory: \(error.localizedDescription)")
        }
    }

    /// Whether `path` is a directory.
    public static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// The files below `directory` whose names end with one of `suffixes`, sorted by path: every entry that is
    /// not a directory (a link is followed to tell). Links to directories are not followed down.
    public static func files(under directory: String, endingWith suffixes: [String]) -> [String] {
        var result: [String] = []
        // Read with readdir, whose entries say their type: a benchmark holds thousands of media files, and a
        // walk that asks the file system about each one costs tens of milliseconds more.
        func walk(_ folder: String) {
            guard let stream = opendir(folder) else { return }
            defer { closedir(stream) }
            while let entry = readdir(stream) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) {
                    String(cString: $0.bindMemory(to: CChar.self).baseAddress!)
                }
                if name == "." || name == ".." { continue }
                let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
                switch Int32(entry.pointee.d_type) {
                case Int32(DT_DIR): walk(path)
                case Int32(DT_REG):
                    if suffixes.contains(where: { name.hasSuffix($0) }) { result.append(path) }
                default:
                    // A link or an entry of unknown type: a directory is walked unless it is a link.
                    var status = stat()
                    if lstat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR {
                        walk(path)
                    } else if !isDirectory(path) && suffixes.contains(where: { name.hasSuffix($0) }) {
                        result.append(path)
                    }
                }
            }
        }
        walk(directory)
        return result.sorted()
    }
}
