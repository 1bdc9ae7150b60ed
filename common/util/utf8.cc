#include "common/util/utf8.h"

#include <cstdint>
#include <cstring>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

namespace kiji {

namespace {
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

bool IsContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }
}  // namespace

RepairedText RepairUtf8(std::string_view input) {
  RepairedText out;
  out.text.reserve(input.size());
  const auto* s = reinterpret_cast<const uint8_t*>(input.data());
  const int32_t length = static_cast<int32_t>(input.size());
  int32_t i = 0;
  while (true) {
    // Runs of well-formed text are copied whole.
    const auto good = static_cast<int32_t>(WellFormedPrefix(input.substr(static_cast<std::size_t>(i))));
    out.text.append(input.data() + i, static_cast<std::size_t>(good));
    i += good;
    if (i >= length) break;
    UChar32 c;
    U8_NEXT(s, i, length, c);  // an ill-formed sequence or a NUL: skipped
    out.text += kReplacement;
    ++out.replaced;
  }
  return out;
}

std::size_t WellFormedPrefix(std::string_view input) {
  const auto* s = reinterpret_cast<const uint8_t*>(input.data());
  const int32_t length = static_cast<int32_t>(input.size());
  int32_t i = 0;
  while (i < length) {
    // Eight ASCII bytes, none of them NUL, at a time: most news text is
    // ASCII, and the readers check every line.
    constexpr uint64_t kHigh = 0x8080808080808080u, kOnes = 0x0101010101010101u;
    for (uint64_t w; i + 8 <= length; i += 8) {
      std::memcpy(&w, s + i, 8);
      if ((w & kHigh) != 0 || ((w - kOnes) & ~w & kHigh) != 0) break;
    }
    if (i >= length) break;
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c <= 0) return static_cast<std::size_t>(start);
  }
  return input.size();
}

std::string EscapeFileName(std::string_view name) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(name.size());
  std::size_t i = 0;
  while (i < name.size()) {
    const std::size_t good = WellFormedPrefix(name.substr(i));
    for (const char c : name.substr(i, good)) {
      const auto b = static_cast<unsigned char>(c);
      if (c == '\\') {
        out += "\\\\";
      } else if (b < 0x20 || b == 0x7F) {
        out += {'\\', 'x', kHex[b >> 4], kHex[b & 15]};
      } else {
        out += c;
      }
    }
    i += good;
    if (i < name.size()) {  // an ill-formed byte (or NUL): escaped alone
      const auto b = static_cast<unsigned char>(name[i++]);
      out += {'\\', 'x', kHex[b >> 4], kHex[b & 15]};
    }
  }
  return out;
}

bool IsValidUtf8(std::string_view input) { return WellFormedPrefix(input) == input.size(); }

TerminalControl TerminalControlAt(std::string_view input, std::size_t i) {
  using Kind = TerminalControl::Kind;
  const auto byte = [&input](std::size_t k) { return k < input.size() ? static_cast<unsigned char>(input[k]) : static_cast<unsigned char>(0); };
  const unsigned char b = byte(i);
  if (b < 0x20 || b == 0x7F) return {Kind::kControl, 1};
  if (b == 0xC2 && byte(i + 1) >= 0x80 && byte(i + 1) <= 0x9F) return {Kind::kControl, 2};  // C1, e.g. CSI
  if (b == 0xD8 && byte(i + 1) == 0x9C) return {Kind::kBidi, 2};                            // U+061C
  if (b != 0xE2) return {};
  const unsigned char b1 = byte(i + 1), b2 = byte(i + 2);
  if (b1 == 0x80 && (b2 == 0x8E || b2 == 0x8F)) return {Kind::kBidi, 3};  // U+200E, U+200F
  if (b1 == 0x80 && (b2 == 0xA8 || b2 == 0xA9)) return {Kind::kSeparator, 3};  // U+2028, U+2029
  if (b1 == 0x80 && b2 >= 0xAA && b2 <= 0xAE) return {Kind::kBidi, 3};  // U+202A..U+202E
  if (b1 == 0x81 && b2 >= 0xA6 && b2 <= 0xA9) return {Kind::kBidi, 3};  // U+2066..U+2069
  return {};
}

std::string StripControlCharacters(std::string_view raw, bool keep_newlines) {
  using Kind = TerminalControl::Kind;
  // Invalid bytes (a query, a file name) would reach the terminal raw.
  std::string repaired;
  if (!IsValidUtf8(raw)) repaired = RepairUtf8(raw).text;
  const std::string_view input = repaired.empty() ? raw : std::string_view(repaired);
  std::string out;
  out.reserve(input.size());
  for (std::size_t i = 0; i < input.size();) {
    const TerminalControl control = TerminalControlAt(input, i);
    if (control.kind == Kind::kNone) {
      out += input[i++];
      continue;
    }
    const bool newline = input[i] == '\n' || control.kind == Kind::kSeparator;
    if (control.kind != Kind::kBidi) out += newline && keep_newlines ? '\n' : ' ';
    i += control.bytes;
  }
  return out;
}

std::size_t CodePointColumns(char32_t c) {
  const auto code = static_cast<UChar32>(c);
  const auto type = u_charType(code);
  if (type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK || type == U_FORMAT_CHAR) return 0;
  const auto east_asian = u_getIntPropertyValue(code, UCHAR_EAST_ASIAN_WIDTH);
  return (east_asian == U_EA_WIDE || east_asian == U_EA_FULLWIDTH) ? 2 : 1;
}

std::size_t DisplayWidth(std::string_view input) {
  const auto* s = reinterpret_cast<const uint8_t*>(input.data());
  const int32_t length = static_cast<int32_t>(input.size());
  std::size_t width = 0;
  for (int32_t i = 0; i < length;) {
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c < 0) {
      ++width;
      continue;
    }
    width += CodePointColumns(static_cast<char32_t>(c));
  }
  return width;
}

std::string_view TrimSpace(std::string_view s) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'; };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

std::string AsciiLowercase(std::string_view input) {
  std::string out(input);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::size_t AlignToCodePoint(std::string_view input, std::size_t offset) {
  if (offset >= input.size()) return input.size();
  while (offset > 0 && IsContinuation(input[offset])) --offset;
  return offset;
}

std::string_view TruncateUtf8(std::string_view input, std::size_t max_bytes) {
  if (input.size() <= max_bytes) return input;
  return input.substr(0, AlignToCodePoint(input, max_bytes));
}

std::string ClippedForMessage(std::string_view input, std::size_t max_bytes) {
  const std::string_view kept = TruncateUtf8(input, max_bytes);
  return std::string(kept) + (kept.size() < input.size() ? "..." : "");
}

std::size_t CodePointCount(std::string_view input) {
  std::size_t count = 0;
  for (const char c : input) {
    if (!IsContinuation(c)) ++count;
  }
  return count;
}

namespace {

// Whether `c` never starts a grapheme cluster of its own.
bool ExtendsCluster(UChar32 c) {
  const auto kind = u_getIntPropertyValue(c, UCHAR_GRAPHEME_CLUSTER_BREAK);
  return kind == U_GCB_EXTEND || kind == U_GCB_ZWJ || kind == U_GCB_SPACING_MARK ||
         (c >= 0x1F3FB && c <= 0x1F3FF);  // emoji skin-tone modifiers
}

}  // namespace

bool IsGraphemeBoundary(std::string_view input, std::size_t offset) {
  if (offset == 0 || offset >= input.size()) return true;
  if (IsContinuation(input[offset])) return false;
  const auto* s = reinterpret_cast<const uint8_t*>(input.data());
  const auto length = static_cast<int32_t>(input.size());
  auto i = static_cast<int32_t>(offset);
  UChar32 next;
  U8_NEXT(s, i, length, next);
  if (next >= 0 && ExtendsCluster(next)) return false;
  auto j = static_cast<int32_t>(offset);
  UChar32 previous;
  U8_PREV(s, 0, j, previous);
  return previous != 0x200D;  // a zero-width joiner binds what follows
}

std::size_t GraphemePrefix(std::string_view input, std::size_t max_code_points) {
  std::size_t end = 0;
  for (std::size_t seen = 0; end < input.size(); ++end) {
    if (!IsContinuation(input[end]) && seen++ == max_code_points) break;
  }
  while (end > 0 && !IsGraphemeBoundary(input, end)) --end;
  return end;
}

}  // namespace kiji
