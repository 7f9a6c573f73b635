// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "roles-anywhere",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "roles-anywhere", targets: ["RolesAnywhereCLI"]),
        .executable(name: "roles-anywhere-emulator", targets: ["RolesAnywhereEmulatorCLI"]),
        .executable(name: "roles-anywhere-bench", targets: ["RolesAnywhereBench"]),
        .executable(name: "roles-anywhere-fuzz", targets: ["RolesAnywhereFuzz"]),
        .library(name: "RolesAnywhere", targets: ["RolesAnywhere"]),
        .library(name: "RolesAnywhereTools", targets: ["RolesAnywhereTools"]),
        .library(name: "RolesAnywhereServe", targets: ["RolesAnywhereServe"]),
        .library(name: "RolesAnywhereEmulator", targets: ["RolesAnywhereEmulator"]),
        .library(name: "PKCS11", targets: ["PKCS11"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "5.0.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
    ],
    targets: [
        // The system's OpenSSL (headers of libssl-dev): TLS for the client's one connection, and
        // what swift-crypto and swift-certificates cannot read (encrypted PKCS#8, PKCS#12).
        // Linked from its static archives by the engine (see there).
        .systemLibrary(
            name: "COpenSSL",
            providers: [.apt(["libssl-dev"])]
        ),
        // p11-kit's Cryptoki headers and URI functions.
        .systemLibrary(
            name: "CPKCS11",
            pkgConfig: "p11-kit-1",
            providers: [.apt(["libp11-kit-dev"])]
        ),
        // The system's libyaml (libyaml-dev), for `serve --config`: linked from its static archive.
        .systemLibrary(
            name: "CYAML",
            providers: [.apt(["libyaml-dev"])]
        ),
        // Linux calls Swift's Glibc module lacks (prctl): no core dumps of a process holding secrets.
        .target(name: "CSystemCalls"),
        // A safe Swift face of PKCS#11, with no AWS knowledge: usable by any Swift program.
        .target(
            name: "PKCS11",
            dependencies: ["CPKCS11"]
        ),
        // The engine: SigV4-X509 signing, signing backends, the CreateSession client, cache and refresher.
        // Chosen for start-up: FoundationEssentials only (no ICU), the system's OpenSSL for the one
        // TLS connection a call makes (no event loop, no second TLS stack), no reflection.
        .target(
            name: "RolesAnywhere",
            dependencies: [
                "COpenSSL",
                "PKCS11",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Logging", package: "swift-log"),
            ],
            // OpenSSL from its static archives: loading libcrypto.so costs ~0.7 ms at every start
            // (its own relocations and symbol lookups, measured here), a sixth of a cached
            // credential-process, even on paths that never use it. The archives are the
            // system's own (libssl-dev), so a rebuild picks up its security updates.
            linkerSettings: [
                .linkedLibrary(":libssl.a"), .linkedLibrary(":libcrypto.a"), .linkedLibrary("dl"), .linkedLibrary("pthread"),
            ]
        ),
        // What a person uses above the engine: doctor, the CA and issuing, token provisioning and
        // listing, the shared credentials file, terminal prompts. Free to name the CLI's flags in
        // its advice, unlike the engine.
        .target(
            name: "RolesAnywhereTools",
            dependencies: [
                "COpenSSL",
                "CYAML",
                "PKCS11",
                "RolesAnywhere",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Logging", package: "swift-log"),
            ],
            // libyaml from its static archive, as OpenSSL: no runtime dependency for the client.
            linkerSettings: [.linkedLibrary(":libyaml.a")]
        ),
        // The credential servers of `serve`: a bare SwiftNIO HTTP/1.1 pipeline (no TLS, no router).
        .target(
            name: "RolesAnywhereServe",
            dependencies: [
                "RolesAnywhere",
                // GET /metrics: swift-prometheus's registry and text format (no Foundation).
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // The local AWS: IAM Roles Anywhere verification, STS, audit. Never linked into the client.
        .target(
            name: "RolesAnywhereEmulator",
            dependencies: [
                "RolesAnywhere",
                "RolesAnywhereTools",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "Yams", package: "Yams"),
                // The state under --state-dir: SQLite (libsqlite3-dev) through GRDB, transactional.
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // `roles-anywhere`, the client users install.
        .executableTarget(
            name: "RolesAnywhereCLI",
            dependencies: [
                "CSystemCalls",
                "RolesAnywhere",
                "RolesAnywhereTools",
                "RolesAnywhereServe",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            // The static Swift runtime exports every symbol of the program (`-export-dynamic`) so
            // that crash backtraces can name functions; 20,000 dynamic symbols cost ~0.6 ms at
            // each start (symbol lookups, and a `dladdr` scan by the backtracer's set-up). The
            // client prints no backtraces (secrets could be in them), so it exports nothing.
            linkerSettings: [.unsafeFlags(["-Xlinker", "--no-export-dynamic"], .when(configuration: .release))]
        ),
        // `roles-anywhere-emulator`, the local service for the demo, the tests and rehearsals.
        .executableTarget(
            name: "RolesAnywhereEmulatorCLI",
            dependencies: [
                "RolesAnywhere",
                "RolesAnywhereTools",
                "RolesAnywhereEmulator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Measurement loops for scripts/bench.sh (not part of the shipped product).
        .executableTarget(
            name: "RolesAnywhereBench",
            dependencies: [
                "RolesAnywhere",
                "PKCS11",
                "CPKCS11",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        // Every parser that takes outside bytes, as fuzz targets: run by libFuzzer (scripts/fuzz.sh)
        // and replayed over the corpus by the ordinary tests.
        .target(
            name: "RolesAnywhereFuzzTargets",
            dependencies: [
                "RolesAnywhere",
                "RolesAnywhereTools",
                "RolesAnywhereServe",
                "RolesAnywhereEmulator",
                "PKCS11",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .executableTarget(name: "RolesAnywhereFuzz", dependencies: ["RolesAnywhereFuzzTargets"]),
        // Fixtures and process helpers shared by the test targets (never shipped in a product).
        .target(
            name: "RolesAnywhereTestSupport",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ]
        ),
        .testTarget(
            name: "RolesAnywhereTests",
            dependencies: [
                "RolesAnywhere",
                "RolesAnywhereTools",
                "PKCS11",
                "RolesAnywhereTestSupport",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
            ],
            resources: [.copy("Vectors")]
        ),
        .testTarget(
            name: "RolesAnywhereToolsTests",
            dependencies: [
                "RolesAnywhere",
                "RolesAnywhereTools",
                "PKCS11",
                "RolesAnywhereTestSupport",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ]
        ),
        .testTarget(
            name: "RolesAnywhereEmulatorTests",
            dependencies: [
                "RolesAnywhereEmulator",
                "RolesAnywhere",
                "RolesAnywhereTestSupport",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOTLS", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "RolesAnywhereServeTests",
            dependencies: [
                "RolesAnywhereServe",
                "RolesAnywhere",
                "RolesAnywhereTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "RolesAnywhereFuzzTargetsTests",
            dependencies: ["RolesAnywhereFuzzTargets"]
        ),
        .testTarget(
            name: "PKCS11Tests",
            dependencies: ["PKCS11", "RolesAnywhereTestSupport"]
        ),
        .testTarget(
            name: "RolesAnywhereTestSupportTests",
            dependencies: [
                "RolesAnywhereTestSupport",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ]
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "RolesAnywhereTestSupport",
                "RolesAnywhereEmulator",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
            ]
        ),
    ]
)
