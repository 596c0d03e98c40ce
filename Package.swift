// swift-tools-version:6.1
import PackageDescription

/// Settings every flowcoach target shares: Swift 6 mode (strict concurrency) plus the
/// upcoming features Hummingbird enables, so warnings stay at zero as the code grows.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "flowcoach",
    // Linux is where flowcoach runs (systemd); macOS is for development. macOS 15 because the
    // shared state uses Synchronization's `Mutex` (and the tests `Atomic`), new in macOS 15.
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "flowcoach", targets: ["flowcoach"]),
        .executable(name: "flowcoach-benchmarks", targets: ["CoachBenchmarks"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
    ],
    targets: [
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"]), .brew(["curl"])]),
        .target(
            name: "FlowCoachHTTP",
            dependencies: ["CCurl", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        .target(
            name: "FlowCoachCore",
            dependencies: [.product(name: "Mustache", package: "swift-mustache")],
            swiftSettings: strict
        ),
        .target(
            name: "FlowCoachContent",
            dependencies: ["FlowCoachCore", "Yams", .product(name: "Mustache", package: "swift-mustache")],
            swiftSettings: strict
        ),
        // The fast JSON coders of the state files (Foundation only).
        .target(name: "FlowCoachJSON", swiftSettings: strict),
        .target(
            name: "FlowCoachStore",
            dependencies: ["FlowCoachCore", "FlowCoachJSON"],
            swiftSettings: strict
        ),
        .target(
            name: "FlowCoachPlatforms",
            dependencies: ["FlowCoachCore", "FlowCoachHTTP", .product(name: "Logging", package: "swift-log"), .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),
        .target(
            name: "FlowCoachDaemon",
            dependencies: [
                "FlowCoachCore", "FlowCoachContent", "FlowCoachStore", "FlowCoachHTTP", "FlowCoachPlatforms",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "flowcoach",
            dependencies: [
                "FlowCoachDaemon", "FlowCoachContent", "FlowCoachStore", "FlowCoachCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "CoachBenchmarks",
            dependencies: ["FlowCoachCore", "FlowCoachContent", "FlowCoachStore"],
            path: "Benchmarks/CoachBenchmarks",
            swiftSettings: strict
        ),
        // Fuzz targets (Fuzz/README.md): a plain build replays the inputs named on the command line;
        // scripts/fuzz.sh builds them with -sanitize=fuzzer,address -DFUZZING into .build-fuzz, where
        // the same `main` hands over to libFuzzer. They need no server libraries.
        .systemLibrary(name: "CLibFuzzer", path: "Fuzz/CLibFuzzer"),
        .target(name: "FuzzSupport", dependencies: ["CLibFuzzer"], path: "Fuzz/FuzzSupport", swiftSettings: strict),
        .executableTarget(
            name: "FuzzCoach", dependencies: ["FuzzSupport", "FlowCoachCore", "FlowCoachContent"], path: "Fuzz/FuzzCoach", swiftSettings: strict),
        .executableTarget(
            name: "FuzzContent", dependencies: ["FuzzSupport", "FlowCoachContent", "FlowCoachCore"], path: "Fuzz/FuzzContent",
            swiftSettings: strict),
        .executableTarget(
            name: "FuzzStore", dependencies: ["FuzzSupport", "FlowCoachStore", "FlowCoachCore"], path: "Fuzz/FuzzStore", swiftSettings: strict),
        .executableTarget(
            name: "FuzzMatrixSync", dependencies: ["FuzzSupport", "FlowCoachPlatforms", "FlowCoachCore"], path: "Fuzz/FuzzMatrixSync",
            swiftSettings: strict),
        .executableTarget(
            name: "FuzzPlatformBodies", dependencies: ["FuzzSupport", "FlowCoachPlatforms", "FlowCoachContent", "FlowCoachCore"],
            path: "Fuzz/FuzzPlatformBodies", swiftSettings: strict),
        .testTarget(
            name: "FlowCoachHTTPTests",
            dependencies: [
                "FlowCoachHTTP",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "FlowCoachDaemonTests",
            dependencies: [
                "FlowCoachDaemon", "FlowCoachContent", "FlowCoachStore", "FlowCoachCore", .product(name: "Logging", package: "swift-log"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "FlowCoachPlatformsTests", dependencies: ["FlowCoachPlatforms", "FlowCoachCore"], swiftSettings: strict),
        .testTarget(name: "FlowCoachCoreTests", dependencies: ["FlowCoachCore", "FlowCoachContent"], swiftSettings: strict),
        .testTarget(name: "FlowCoachContentTests", dependencies: ["FlowCoachContent"], swiftSettings: strict),
        .testTarget(name: "FlowCoachStoreTests", dependencies: ["FlowCoachStore", "FlowCoachJSON"], swiftSettings: strict),
        .testTarget(name: "FlowCoachJSONTests", dependencies: ["FlowCoachJSON"], swiftSettings: strict),
        .testTarget(name: "flowcoachTests", dependencies: ["flowcoach", "FlowCoachStore", "FlowCoachCore"], swiftSettings: strict),
    ]
)
