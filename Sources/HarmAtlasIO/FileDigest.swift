import Foundation
import HarmAtlasCore

/// The size and SHA-256 of a file, read in chunks.
public enum FileDigest {
    /// A file's size, lower-case hex SHA-256 and first bytes.
    public typealias Digest = (bytes: Int, sha256: String, header: [UInt8])

    /// The file's size, lower-case hex SHA-256 and first bytes, or `nil` when it cannot be read.
    public static func digest(_ path: String) -> Digest? {
        try? digest(path, copyingTo: nil)
    }

    /// Copies the file at `path` to the new file `target`, hashing the bytes as they go: one read gives the copy
    /// and its digest. `nil` when `path` cannot be read; an error when `target` cannot be written.
    public static func copy(_ path: String, to target: String) throws(HarmAtlasError) -> Digest? {
        try digest(path, copyingTo: target)
    }

    private static func digest(_ path: String, copyingTo target: String?) throws(HarmAtlasError) -> Digest? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        FileIO.willReadSequentially(descriptor)
        var output: Int32 = -1
        if let target {
            output = open(target, O_WRONLY | O_CREAT | O_EXCL, 0o644)
            guard output >= 0 else {
                throw HarmAtlasError(.io, "\(target): cannot create: \(String(cString: strerror(errno)))")
            }
        }
        defer { if output >= 0 { close(output) } }
        var hasher = SHA256Hasher()
        var size = 0
        var header: [UInt8] = []
        // One buffer, refilled: a fresh megabyte for every read costs more than hashing it.
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 64)
        defer { buffer.deallocate() }
        while true {
            let count = read(descriptor, buffer.baseAddress, buffer.count)
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else {
                if let target { unlink(target) }
                return nil
            }
            if count == 0 { break }
            let chunk = UnsafeRawBufferPointer(rebasing: buffer[..<count])
            if header.count < MediaSniffer.headerLength {
                header += chunk.prefix(MediaSniffer.headerLength - header.count)
            }
            hasher.update(chunk)
            size += count
            if let target {
                var written = 0
                while written < count {
                    let result = write(output, chunk.baseAddress! + written, count - written)
                    if result < 0 && errno == EINTR { continue }
                    guard result > 0 else {
                        throw HarmAtlasError(.io, "\(target): cannot write: \(String(cString: strerror(errno)))")
                    }
                    written += result
                }
            }
        }
        return (size, hasher.finalize().hexString, header)
    }
}
