/// This package's own version.
public enum HarmAtlasVersion {
    /// The version of the library and the `harmatlas` command.
    public static let current = "0.1.0"
}
