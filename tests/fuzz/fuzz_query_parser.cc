// libFuzzer target: the query language. Any text either parses or raises
// QuerySyntaxError with a position inside the text, or QueryError when it
// is over a size limit (kMaxQueryBytes, kMaxQueryWords); parentheses
// nested past kMaxQueryNesting are always a syntax error, never a crash.
// Building, stop-word removal and highlighting terms never fail; plain
// parsing raises only the size errors.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "common/search/match_terms.h"
#include "common/search/query_builder.h"
#include "common/search/query_parser.h"
#include "common/util/utf8.h"
#include "common/index/index_settings.h"

namespace {

// The deepest parentheses nest in `text`, as the lexer sees them (quotes
// hide them).
std::size_t Nesting(std::string_view text) {
  std::size_t depth = 0, deepest = 0;
  bool quoted = false;
  for (char c : text) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '(') deepest = std::max(deepest, ++depth);
    if (c == ')' && depth > 0) --depth;
  }
  return deepest;
}

// One input, as given and also wrapped in parentheses past the nesting
// limit, so every run tries the limits.
void Check(const std::string& text, kiji::Analyzer& analyzer, const kiji::QueryLanguages& languages) {
  kiji::ParsedQuery parsed;
  try {
    parsed = kiji::ParseQuery(text, analyzer);
    if (Nesting(text) > kiji::kMaxQueryNesting) std::abort();  // a nest past the limit got through
  } catch (const kiji::QuerySyntaxError& e) {
    if (e.position() > text.size()) std::abort();
    try {
      parsed = kiji::ParsePlainQuery(text, analyzer);
    } catch (const kiji::QueryError&) {
      return;
    }
  } catch (const kiji::QueryError&) {
    if (Nesting(text) > kiji::kMaxQueryNesting) std::abort();  // deep nests are syntax errors first
    if (text.size() <= kiji::kMaxQueryBytes && text.size() < 2 * kiji::kMaxQueryWords) std::abort();
    return;
  }
  kiji::DropStopwords(parsed, languages);
  try {
    kiji::BuildQuery(parsed, languages);
  } catch (const std::invalid_argument&) {
    // A date bound the parser accepted but the range builder refused would
    // be a bug; only malformed bounds may throw, and the parser checks them.
    std::abort();
  }
  kiji::CollectMatchTerms(parsed, languages);
  kiji::FreeWords(parsed);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static kiji::Analyzer analyzer(kiji::NewIndexSettings(false, "en"));
  static const kiji::QueryLanguages languages = kiji::QueryLanguages::For({"en", "de", "ja"});
  const kiji::RepairedText text = kiji::RepairUtf8(std::string_view(reinterpret_cast<const char*>(data), size));
  Check(text.text, analyzer, languages);
  const std::size_t depth = kiji::kMaxQueryNesting + 1 + size % 64;
  Check(std::string(depth, '(') + text.text + std::string(depth, ')'), analyzer, languages);
  return 0;
}
