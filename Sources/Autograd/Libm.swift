#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// The C library's exp under a name of our own, for the sigmoid kernel, without Foundation.
@inline(__always) func libmExp(_ x: Double) -> Double { exp(x) }
