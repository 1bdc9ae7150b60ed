// libFuzzer target: the query language. Any text either parses or raises
// QuerySyntaxError with a position inside the text; building, stop-word
// removal and highlighting terms never fail; plain parsing never throws.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "common/query_parser.h"
#include "common/utf8.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static kiji::Analyzer analyzer(kiji::AnalysisSettings::ForNewIndex(false, "en"));
  static const kiji::QueryLanguages languages = kiji::QueryLanguages::For({"en", "de", "ja"});
  const kiji::RepairedText text = kiji::RepairUtf8(std::string_view(reinterpret_cast<const char*>(data), size));
  kiji::ParsedQuery parsed;
  try {
    parsed = kiji::ParseQuery(text.text, analyzer);
  } catch (const kiji::QuerySyntaxError& e) {
    if (e.position() > text.text.size()) std::abort();
    parsed = kiji::ParsePlainQuery(text.text, analyzer);
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
  return 0;
}
