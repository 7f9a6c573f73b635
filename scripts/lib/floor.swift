// The floor of this machine for scripts/bench.sh: a static Swift program that reads a file
// and prints it. Whatever roles-anywhere costs beyond this is ours.
#if canImport(Glibc)
import Glibc
#endif

let descriptor = open(CommandLine.arguments[1], O_RDONLY)
var buffer = [UInt8](repeating: 0, count: 65_536)
let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
_ = buffer.withUnsafeBytes { write(1, $0.baseAddress, max(count, 0)) }
