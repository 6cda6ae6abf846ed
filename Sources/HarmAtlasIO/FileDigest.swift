import Crypto
import Foundation
import HarmAtlasCore

/// The size and SHA-256 of a file, read in chunks.
public enum FileDigest {
    /// A file's size, lower-case hex SHA-256 and first bytes.
    public typealias Digest = (bytes: Int, sha256: String, header: [UInt8])

    /// The file's size, lower-case hex SHA-256 and first bytes, or `nil` when it cannot be read.
    public static func digest(_ path: String) -> Digest? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        FileIO.willReadSequentially(descriptor)
        var hasher = SHA256()
        var size = 0
        var header: [UInt8] = []
        // One buffer, refilled: a fresh megabyte for every read costs more than hashing it.
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 64)
        defer { buffer.deallocate() }
        while true {
            let count = read(descriptor, buffer.baseAddress, buffer.count)
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { return nil }
            if count == 0 { break }
            let chunk = UnsafeRawBufferPointer(rebasing: buffer[..<count])
            if header.count < MediaSniffer.headerLength {
                header += chunk.prefix(MediaSniffer.headerLength - header.count)
            }
            hasher.update(bufferPointer: chunk)
            size += count
        }
        return (size, Data(hasher.finalize()).hexString, header)
    }
}
