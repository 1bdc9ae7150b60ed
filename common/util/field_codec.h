// Length-prefixed fields: a varint byte count, then the bytes. The compact
// records kiji writes for itself (the summary value of each article, the
// bulk build's spool files) are sequences of them. Not a general
// serialisation format: a reader must know what the fields mean.
// Pure functions: safe from any thread.
#ifndef KIJI_COMMON_UTIL_FIELD_CODEC_H_
#define KIJI_COMMON_UTIL_FIELD_CODEC_H_

#include <string>
#include <string_view>

namespace kiji {

void AppendField(std::string& out, std::string_view field);

// Reads one field from the front of `in` into `field` and removes it from
// `in`; false (and `in` unspecified) when `in` does not start with a whole
// field.
bool ReadField(std::string_view& in, std::string& field);

}  // namespace kiji

#endif  // KIJI_COMMON_UTIL_FIELD_CODEC_H_
