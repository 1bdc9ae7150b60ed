#include "common/util/field_codec.h"

#include <cstddef>

namespace kiji {

void AppendField(std::string& out, std::string_view field) {
  std::size_t n = field.size();
  while (n >= 0x80) {
    out += static_cast<char>((n & 0x7f) | 0x80);
    n >>= 7;
  }
  out += static_cast<char>(n);
  out.append(field);
}

bool ReadField(std::string_view& in, std::string& field) {
  std::size_t n = 0;
  for (int shift = 0;; shift += 7) {
    if (in.empty() || shift > 28) return false;
    const auto byte = static_cast<unsigned char>(in.front());
    in.remove_prefix(1);
    n |= static_cast<std::size_t>(byte & 0x7f) << shift;
    if (byte < 0x80) break;
  }
  if (n > in.size()) return false;
  field.assign(in.substr(0, n));
  in.remove_prefix(n);
  return true;
}

}  // namespace kiji
