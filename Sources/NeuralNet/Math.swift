#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// The C library's exp and log under names of our own, as in the Tensor target, so that the
// scalar loops here (sigmoid, log-sum-exp) round exactly as Tensor.exp() and Tensor.log() do.
@inline(__always) func _exp(_ x: Double) -> Double { exp(x) }
@inline(__always) func _log(_ x: Double) -> Double { log(x) }
