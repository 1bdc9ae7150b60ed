// A hash that is the same on every machine, build and run (unlike
// std::hash), for content hashes and fixed-length keys stored in an index.
// Pure functions: safe from any thread.
#ifndef KIJI_COMMON_UTIL_STABLE_HASH_H_
#define KIJI_COMMON_UTIL_STABLE_HASH_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace kiji {

// 64-bit FNV-1a; pass a previous result as `seed` to hash several parts.
std::uint64_t StableHash(std::string_view data, std::uint64_t seed = 0xcbf29ce484222325ULL);

// Sixteen lower-case hex digits.
std::string Hex64(std::uint64_t value);

}  // namespace kiji

#endif  // KIJI_COMMON_UTIL_STABLE_HASH_H_
