// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "HarmAtlas",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "HarmAtlas", targets: ["HarmAtlas"]),
        .executable(name: "harmatlas", targets: ["HarmAtlasCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
    ],
    targets: [
        .target(
            name: "HarmAtlasCore",
            dependencies: ["CHarmAtlasKernels"]
        ),
        .target(name: "CHarmAtlasKernels"),
        .systemLibrary(
            name: "CHarmAtlasArchive",
            pkgConfig: "libarchive",
            providers: [.apt(["libarchive-dev"]), .brew(["libarchive"])]
        ),
        .target(
            name: "HarmAtlasIO",
            dependencies: [
                "HarmAtlasCore",
                "CHarmAtlasKernels",
                "CHarmAtlasArchive",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .target(
            name: "HarmAtlas",
            dependencies: ["HarmAtlasCore", "HarmAtlasIO"]
        ),
        .executableTarget(
            name: "HarmAtlasCLI",
            dependencies: [
                "HarmAtlas",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // mimalloc takes the place of the C library's malloc (see `Allocator.swift`).
            linkerSettings: [.linkedLibrary("mimalloc", .when(platforms: [.linux]))]
        ),
        .target(
            name: "HarmAtlasTestSupport",
            dependencies: ["HarmAtlas"],
            path: "Tests/HarmAtlasTestSupport"
        ),
        .testTarget(
            name: "HarmAtlasCoreTests",
            // swift-crypto is the reference the kernels' SHA-256 is tested against.
            dependencies: [
                "HarmAtlasCore", "CHarmAtlasKernels", "HarmAtlasTestSupport",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .testTarget(
            name: "HarmAtlasIOTests",
            dependencies: ["HarmAtlasIO", "HarmAtlasTestSupport", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .testTarget(
            name: "HarmAtlasCLITests",
            dependencies: ["HarmAtlasTestSupport", "HarmAtlasIO"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
