// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "kraken-ingest",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "KrakenIngest", targets: ["KrakenIngest"]),
        .executable(name: "kraken-ingest", targets: ["kraken-ingest"]),
        .executable(name: "kraken-datagen", targets: ["kraken-datagen"]),
        .executable(name: "kraken-imitation", targets: ["kraken-imitation"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
    ],
    targets: [
        .systemLibrary(name: "CKrakenZstd", providers: [.apt(["libzstd-dev"])]),
        .systemLibrary(name: "CKrakenZlib", providers: [.apt(["zlib1g-dev"])]),
        .target(
            name: "KrakenIngest",
            dependencies: [
                "CKrakenZstd",
                "CKrakenZlib",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        .target(
            name: "KrakenIngestSamples",
            dependencies: [
                "KrakenIngest", "CKrakenZstd", "CKrakenZlib", .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        .target(
            name: "KrakenTestServer",
            dependencies: [
                "KrakenIngest",
                "KrakenIngestSamples",
                .product(name: "FlyingFox", package: "FlyingFox"),
                .product(name: "FlyingSocks", package: "FlyingFox"),
            ]
        ),
        .executableTarget(
            name: "kraken-ingest",
            dependencies: [
                "KrakenIngest",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "kraken-datagen",
            dependencies: [
                "KrakenIngest",
                "KrakenIngestSamples",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "kraken-imitation",
            dependencies: [
                "KrakenIngest",
                "KrakenTestServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "KrakenIngestTests",
            dependencies: [
                "KrakenIngest", "KrakenIngestSamples", "KrakenTestServer", "kraken-ingest", "kraken-datagen",
            ],
            exclude: ["Golden"]
        ),
    ]
)
