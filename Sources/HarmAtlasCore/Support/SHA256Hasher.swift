import CHarmAtlasKernels

/// SHA-256 (FIPS 180-4) by the C kernels: the processor's SHA extensions where it has them (x86-64, checked once
/// at run time), plain C otherwise. The one SHA-256 harmatlas uses, for records, files, archives and texts; item
/// records are also hashed two at a time (``JSONLines``). A test holds it to FIPS 180-4's examples and to
/// swift-crypto.
public struct SHA256Hasher: Sendable {
    private var context = harmatlas_sha256_context()

    /// Nothing hashed yet.
    public init() { harmatlas_sha256_init(&context) }

    /// Hashes `bytes` after what was hashed before.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        harmatlas_sha256_update(&context, bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count)
    }

    /// Hashes `bytes` after what was hashed before.
    public mutating func update(_ bytes: some Sequence<UInt8>) {
        let done: Void? = bytes.withContiguousStorageIfAvailable { update(UnsafeRawBufferPointer($0)) }
        if done == nil { Array(bytes).withUnsafeBytes { update($0) } }
    }

    /// Writes the 32-byte digest of what was hashed to `digest`; more may be hashed after.
    public func finalize(into digest: UnsafeMutablePointer<UInt8>) {
        var finished = context
        harmatlas_sha256_final(&finished, digest)
    }

    /// The 32-byte digest of what was hashed; more may be hashed after.
    public func finalize() -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: 32) { digest, count in
            finalize(into: digest.baseAddress!)
            count = 32
        }
    }

    /// The digest of `bytes`.
    public static func hash(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        var hasher = SHA256Hasher()
        hasher.update(bytes)
        return hasher.finalize()
    }
}
