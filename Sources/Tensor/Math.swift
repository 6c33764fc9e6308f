#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// The C library's elementary functions under names of our own, so that every file of the Tensor
// target calls the same implementation (glibc's on Linux) without importing Foundation.
@inline(__always) func _log(_ x: Double) -> Double { log(x) }
@inline(__always) func _exp(_ x: Double) -> Double { exp(x) }
@inline(__always) func _tanh(_ x: Double) -> Double { tanh(x) }
@inline(__always) func _sin(_ x: Double) -> Double { sin(x) }
@inline(__always) func _cos(_ x: Double) -> Double { cos(x) }
@inline(__always) func _fma(_ a: Double, _ b: Double, _ c: Double) -> Double { fma(a, b, c) }

/// The C library's `exp` and `log` for scalar loops in the other targets (softmax, sigmoid):
/// the same implementation `Tensor.exp()` and `Tensor.log()` call, so both round alike.
public enum Libm {
    @inline(__always) public static func exp(_ x: Double) -> Double { _exp(x) }
    @inline(__always) public static func log(_ x: Double) -> Double { _log(x) }
}
