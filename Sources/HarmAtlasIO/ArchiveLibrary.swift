internal import CHarmAtlasArchive

/// What the system libarchive this process runs with can do.
public enum ArchiveLibrary {
    /// The runtime version string, such as `libarchive 3.6.2`.
    public static var version: String {
        String(cString: archive_version_string())
    }

    /// The versions of the compression libraries libarchive was built with, as it reports them.
    public static var details: String {
        String(cString: archive_version_details())
    }

    /// The compression filters a writer can use in this process, by name (`gzip`, `xz`, `zstd` …), each with
    /// whether libarchive runs it in-process (`true`) or through an external program (`false`).
    public static var writeFilters: [(name: String, native: Bool)] {
        let candidates: [(String, (OpaquePointer?) -> Int32)] = [
            ("gzip", archive_write_add_filter_gzip),
            ("bzip2", archive_write_add_filter_bzip2),
            ("xz", archive_write_add_filter_xz),
            ("lzma", archive_write_add_filter_lzma),
            ("lz4", archive_write_add_filter_lz4),
            ("lzip", archive_write_add_filter_lzip),
            ("zstd", archive_write_add_filter_zstd),
        ]
        var result: [(String, Bool)] = []
        for (name, add) in candidates {
            guard let handle = archive_write_new() else { continue }
            defer { archive_write_free(handle) }
            let status = add(handle)
            if status == ARCHIVE_OK {
                result.append((name, true))
            } else if status == ARCHIVE_WARN {
                result.append((name, false))
            }
        }
        return result
    }
}
