// Ranking schemes: parses the --weighting spec ("bm25", "bm25:k1=1.2,b=0.75",
// "pl2:c=1", "dlh", "lm", ...) into one of Xapian's weighting schemes. Only
// the parsing lives here; the searcher decides which one to use.
// Parsing is pure: safe from any thread; each Xapian::Weight it makes
// belongs to one Enquire.
#ifndef KIJI_COMMON_SEARCH_WEIGHTING_H_
#define KIJI_COMMON_SEARCH_WEIGHTING_H_

#include <memory>
#include <string>

#include <xapian.h>

namespace kiji {

// The default: BM25 with the parameters that serve news-like text (see the
// "Ranking defaults on Cranfield" in doc/performance.md).
inline constexpr const char* kDefaultWeighting = "bm25:k1=1.2,b=0.75";

// Throws std::invalid_argument naming the unknown scheme or parameter.
std::unique_ptr<Xapian::Weight> MakeWeighting(const std::string& spec);

// The schemes MakeWeighting knows, with their parameters, for --help.
const char* WeightingHelp();

}  // namespace kiji

#endif  // KIJI_COMMON_SEARCH_WEIGHTING_H_
