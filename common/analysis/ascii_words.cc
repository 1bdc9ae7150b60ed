#include "common/analysis/ascii_words.h"

#include <array>
#include <cstdint>

namespace kiji {

namespace {

// UAX #29 word break classes of the ASCII characters, as ICU's root rules
// assign them; everything not listed, and any byte above ASCII, never joins
// a word (WB999).
enum class Class : std::uint8_t {
  kOther,
  kLetter,     // ALetter, which ICU extends with '@' (for addresses)
  kDigit,      // Numeric
  kJoiner,     // ExtendNumLet: '_'
  kMidNumLet,  // MidNumLet and Single_Quote: '.' '\''
  kMidNum,     // MidNum: ',' ';'
};

constexpr std::array<Class, 256> MakeClasses() {
  std::array<Class, 256> classes{};
  for (std::size_t c = 'a'; c <= 'z'; ++c) classes[c] = Class::kLetter;
  for (std::size_t c = 'A'; c <= 'Z'; ++c) classes[c] = Class::kLetter;
  classes['@'] = Class::kLetter;
  for (std::size_t c = '0'; c <= '9'; ++c) classes[c] = Class::kDigit;
  classes['_'] = Class::kJoiner;
  classes['.'] = classes['\''] = Class::kMidNumLet;
  classes[','] = classes[';'] = Class::kMidNum;
  return classes;
}

constexpr std::array<Class, 256> kClasses = MakeClasses();

Class ClassOf(char c) { return kClasses[static_cast<unsigned char>(c)]; }

// Letters, digits and joiners join each other directly (WB5, WB8-WB10,
// WB13a, WB13b).
bool IsWordish(Class c) { return c == Class::kLetter || c == Class::kDigit || c == Class::kJoiner; }

// Whether `middle` between `before` and `after` keeps them in one word:
// letter.letter and letter'letter (WB6, WB7), digit[.,;']digit (WB11, WB12).
bool JoinsAcross(Class before, Class middle, Class after) {
  if (before == Class::kLetter && after == Class::kLetter) return middle == Class::kMidNumLet;
  if (before == Class::kDigit && after == Class::kDigit) {
    return middle == Class::kMidNumLet || middle == Class::kMidNum;
  }
  return false;
}

}  // namespace

std::vector<AsciiWord> AsciiWords(std::string_view text) {
  std::vector<AsciiWord> words;
  const std::size_t n = text.size();
  for (std::size_t i = 0; i < n;) {
    if (!IsWordish(ClassOf(text[i]))) {
      ++i;  // a segment of its own (or of spaces, or CR LF): never a word
      continue;
    }
    std::size_t last = i;  // the segment's last character
    while (last + 1 < n) {
      const Class here = ClassOf(text[last]);
      const Class next = ClassOf(text[last + 1]);
      if (IsWordish(here) && IsWordish(next)) {
        ++last;
      } else if (last + 2 < n && JoinsAcross(here, next, ClassOf(text[last + 2]))) {
        last += 2;
      } else {
        break;
      }
    }
    const Class final_class = ClassOf(text[last]);
    if (last == i && final_class == Class::kJoiner) {
      ++i;  // a lone '_': ICU's "none" status
      continue;
    }
    const bool number = final_class == Class::kDigit ||
                        (final_class == Class::kJoiner && ClassOf(text[last - 1]) == Class::kDigit);
    words.push_back({i, last + 1, number});
    i = last + 1;
  }
  return words;
}

std::size_t FirstNonAscii(std::string_view text, std::size_t from) {
  while (from < text.size() && static_cast<unsigned char>(text[from]) < 0x80) ++from;
  return from;
}

bool IsSafeCut(std::string_view text, std::size_t pos) {
  if (pos == 0 || pos >= text.size()) return true;
  const char before = text[pos - 1];
  const char at = text[pos];
  return (before == ' ' || before == '\n') && at != ' ' && static_cast<unsigned char>(at) < 0x80;
}

}  // namespace kiji
