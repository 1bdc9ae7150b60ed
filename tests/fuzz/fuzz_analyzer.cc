// libFuzzer target: the analyzer on arbitrary bytes (repaired as the readers
// repair them). Tokens must lie inside the text, in order, and be valid UTF-8,
// and be exactly the tokens of ICU alone (the ASCII segmenter is a shortcut).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "common/analysis/analyzer.h"
#include "common/search/snippet.h"
#include "common/util/utf8.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static kiji::Analyzer analyzer(kiji::AnalysisSettings::Current(false, "en"));
  static kiji::Analyzer folding(kiji::AnalysisSettings::Current(true, "en"));
  const kiji::RepairedText text = kiji::RepairUtf8(std::string_view(reinterpret_cast<const char*>(data), size));
  for (kiji::Analyzer* a : {&analyzer, &folding}) {
    const std::vector<kiji::Token> tokens = a->Tokenize(text.text);
    const std::vector<kiji::Token> icu = a->TokenizeWithIcu(text.text);
    if (tokens.size() != icu.size()) std::abort();
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      if (tokens[i].term != icu[i].term || tokens[i].begin != icu[i].begin || tokens[i].end != icu[i].end ||
          tokens[i].kind != icu[i].kind) {
        std::abort();
      }
    }
    std::size_t previous_end = 0;
    std::vector<int> match;
    for (const kiji::Token& t : tokens) {
      if (t.begin < previous_end || t.end <= t.begin || t.end > text.text.size()) std::abort();
      if (!kiji::IsValidUtf8(t.term) || t.term.empty() || t.term.size() > kiji::kMaxTermBytes) std::abort();
      previous_end = t.end;
      match.push_back(static_cast<int>(t.term.size() % 3));
    }
    kiji::IdeographBigrams(tokens);
    const kiji::Snippet snippet = kiji::MakeSnippet(text.text, tokens, match, 120);
    if (!kiji::IsValidUtf8(snippet.text) && !snippet.text.empty()) std::abort();
    for (const auto& [b, e] : snippet.highlights) {
      if (b >= e || e > snippet.text.size()) std::abort();
    }
  }
  return 0;
}
