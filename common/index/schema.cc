#include "common/index/schema.h"

#include <string>

#include "common/util/stable_hash.h"

namespace kiji::schema {

static bool StartsWithAsciiUpper(std::string_view term) {
  return !term.empty() && term[0] >= 'A' && term[0] <= 'Z';
}

std::string PrefixedTerm(std::string_view prefix, std::string_view term) {
  std::string out(prefix);
  if (prefix.size() > 1 && StartsWithAsciiUpper(term)) out += ':';
  out += term;
  return out;
}

std::string IdTerm(std::string_view article_id) { return PrefixedTerm(kUniqueId, article_id); }

std::string FileTerm(std::string_view absolute_path) {
  return std::string(kFile) + Hex64(StableHash(absolute_path));
}

std::string StemmedTerm(std::string_view field_prefix, std::string_view stem) {
  std::string prefix(kStemmed);
  prefix += field_prefix;
  return PrefixedTerm(prefix, stem);
}

namespace {

struct KnownPrefix {
  std::string_view prefix;
  std::string_view description;
};

// Longest prefixes first, so "ZS" is not taken for "Z".
constexpr KnownPrefix kKnownPrefixes[] = {
    {"ZXCAPTION", "caption stem"}, {"XCAPTION", "caption"}, {"XDATELINE", "dateline"},
    {"XSOURCE", "source"},         {"XB", "copy band"},
    {"XCJK", "CJK bigram"},        {"ZS", "title stem"},
    {"Z", "stem"},                 {"S", "title"},           {"Q", "id"},
    {"K", "tag"},                  {"L", "language"},        {"U", "url"},
    {"D", "date"},                 {"M", "month"},           {"Y", "year"}};

const KnownPrefix* PrefixOf(std::string_view term) {
  for (const KnownPrefix& k : kKnownPrefixes) {
    if (term.starts_with(k.prefix)) return &k;
  }
  return nullptr;
}

}  // namespace

std::string_view DescribeTerm(std::string_view term) {
  const KnownPrefix* known = PrefixOf(term);
  return known != nullptr ? known->description : "word";
}

std::string_view TermText(std::string_view term) {
  const KnownPrefix* known = PrefixOf(term);
  return known != nullptr ? term.substr(known->prefix.size()) : term;
}

std::string IdProblem(std::string_view article_id) {
  if (IdTerm(article_id).size() <= kMaxTermBytes) return "";
  return "article id is longer than " + std::to_string(kMaxTermBytes - kUniqueId.size()) + " bytes";
}

}  // namespace kiji::schema
