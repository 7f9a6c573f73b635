import Foundation
import RolesAnywhereFuzzTargets

// `roles-anywhere-fuzz`: the fuzz targets under libFuzzer (built by scripts/fuzz.sh with
// -DFUZZING and -sanitize=fuzzer,address; FUZZ_TARGET names the target), or, in an ordinary
// build, a replay of corpus files: `roles-anywhere-fuzz TARGET FILE...`.

#if FUZZING
private let selected: FuzzTarget = {
    let name = ProcessInfo.processInfo.environment["FUZZ_TARGET"] ?? ""
    guard let target = FuzzTarget.named(name) else {
        FileHandle.standardError.write(Data("FUZZ_TARGET must be one of: \(FuzzTarget.all.map(\.name).joined(separator: ", "))\n".utf8))
        exit(2)
    }
    return target
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    selected.run(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
private func runDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

// SwiftPM links an executable's entry point as `<Module>_main`; under libFuzzer it hands over
// to libFuzzer's driver.
@_cdecl("RolesAnywhereFuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var vector = argv
    return runDriver(&count, &vector) { data, size in fuzzOneInput(data, size) }
}
#else
@main
enum Replay {
    static func main() {
        let arguments = CommandLine.arguments.dropFirst()
        guard let name = arguments.first, let target = FuzzTarget.named(name) else {
            FileHandle.standardError.write(Data("usage: roles-anywhere-fuzz TARGET FILE...; targets: \(FuzzTarget.all.map(\.name).joined(separator: ", "))\n".utf8))
            exit(64)
        }
        for path in arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            target.run(Array(data))
        }
    }
}
#endif
