// UTF-8 hygiene shared by the readers, the analyzer and the printers: repair
// of ill-formed input, removal of control characters before text reaches a
// terminal, and cutting at code point boundaries. Pure functions over strings;
// no normalisation or tokenisation happens here (see analyzer.h).
// Safe from any thread.
#ifndef KIJI_COMMON_UTIL_UTF8_H_
#define KIJI_COMMON_UTIL_UTF8_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace kiji {

struct RepairedText {
  std::string text;
  // How many ill-formed sequences were replaced by U+FFFD.
  std::size_t replaced = 0;
};

// Returns `input` with every ill-formed UTF-8 sequence (and every NUL byte)
// replaced by U+FFFD, counting the replacements.
RepairedText RepairUtf8(std::string_view input);

// A file name (or relative path) as displayable text that tells any two
// names apart (an article id): a backslash is doubled, and a byte that is
// not part of well-formed UTF-8, or is a control character, becomes \xHH.
// Names of printable UTF-8 without backslashes come back unchanged.
std::string EscapeFileName(std::string_view name);

// True when `input` is well-formed UTF-8 without NUL bytes.
bool IsValidUtf8(std::string_view input);

// The length of the longest prefix of `input` that is well-formed UTF-8
// without NUL bytes (input.size() when all of it is).
std::size_t WellFormedPrefix(std::string_view input);

// What, if anything, starts at byte `i` of `input` that must not reach a
// terminal raw: C0/C1 controls (ESC, CSI, ...) and DEL, which drive the
// terminal; the line and paragraph separators U+2028/U+2029, which break
// lines; and the bidirectional formatting characters (U+061C, U+200E,
// U+200F, U+202A..U+202E, U+2066..U+2069), which reorder what is shown
// ("invoice \u202Efdp.exe" shows as "invoice exe.pdf").
struct TerminalControl {
  enum class Kind { kNone, kControl, kSeparator, kBidi };
  Kind kind = Kind::kNone;
  std::size_t bytes = 0;  // its length in `input`
};
TerminalControl TerminalControlAt(std::string_view input, std::size_t i);

// `input` made safe for a terminal: controls and separators (TerminalControlAt)
// become a space, '\n' (and a separator) a newline when `keep_newlines`;
// bidi formatting characters are dropped, as they are invisible. Used on
// everything printed as text, from articles, queries, file names and
// topic ids alike. Invalid UTF-8 is repaired first (U+FFFD).
std::string StripControlCharacters(std::string_view input, bool keep_newlines);

// The largest prefix of `input` of at most `max_bytes` bytes that does not
// end inside a UTF-8 sequence.
std::string_view TruncateUtf8(std::string_view input, std::size_t max_bytes);

// `input` for a message: TruncateUtf8 with "..." when anything was cut (a
// value or a line of a file may be megabytes).
std::string ClippedForMessage(std::string_view input, std::size_t max_bytes);

// Columns a code point takes on a terminal: 2 for East Asian wide and
// full-width characters, 0 for combining marks and format characters, else 1.
std::size_t CodePointColumns(char32_t c);

// The number of terminal columns `input` takes: East Asian wide and
// full-width characters count two, combining marks none. For carets under
// query text.
std::size_t DisplayWidth(std::string_view input);

// `input` without leading and trailing ASCII white space.
std::string_view TrimSpace(std::string_view input);

// `input` with ASCII letters lower-cased (for keywords and file suffixes,
// not for text: text is folded by the Analyzer).
std::string AsciiLowercase(std::string_view input);

// Moves `offset` back to the start of the code point that contains it.
std::size_t AlignToCodePoint(std::string_view input, std::size_t offset);

// The number of code points in `input` (what most tools call its length in
// characters); a byte of ill-formed UTF-8 counts as one.
std::size_t CodePointCount(std::string_view input);

// Whether a user-perceived character (a grapheme cluster, UAX #29 in its
// common cases) may end just before byte `offset`: not before a combining
// or spacing mark, a zero-width joiner, a variation selector or an emoji
// modifier, nor after a zero-width joiner. True at either end of `input`.
bool IsGraphemeBoundary(std::string_view input, std::size_t offset);

// The byte length of the longest prefix of `input` that holds at most
// `max_code_points` code points and ends at a grapheme boundary.
std::size_t GraphemePrefix(std::string_view input, std::size_t max_code_points);

}  // namespace kiji

#endif  // KIJI_COMMON_UTIL_UTF8_H_
