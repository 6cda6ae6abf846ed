#if os(Linux)
    import Glibc
#endif

/// The memory allocator the command runs with.
///
/// On Linux the command links mimalloc, which takes the place of the C library's `malloc` for the whole process.
/// An import makes about a dozen small allocations per row, and a row's cells are made on the reading thread and
/// freed on another: the C library's allocator serialises such frees on its arenas' locks, and mimalloc does
/// not. The library products leave the choice to the program that links them.
enum Allocator {
    /// Which allocator serves `malloc` in this process, with its version when it is mimalloc.
    static var description: String {
        #if os(Linux)
            // mimalloc serves `malloc` when the symbol, looked up as the process resolves it, is mimalloc's.
            let other = "not mimalloc: the C library's, or one preloaded in its place"
            guard let mimalloc = dlopen("libmimalloc.so.2", RTLD_LAZY | RTLD_NOLOAD) else { return other }
            defer { dlclose(mimalloc) }
            guard let own = dlsym(mimalloc, "malloc"), dlsym(nil, "malloc") == own,
                let symbol = dlsym(mimalloc, "mi_version")
            else { return other }
            let version = unsafeBitCast(symbol, to: (@convention(c) () -> Int32).self)()
            return "mimalloc \(version / 100).\(version / 10 % 10).\(version % 10)"
        #else
            return "the system's"
        #endif
    }
}
