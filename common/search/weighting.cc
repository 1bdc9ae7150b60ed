#include "common/search/weighting.h"

#include <cmath>

#include <map>
#include <stdexcept>

namespace kiji {

namespace {

// "k1=1.2,b=0.75" -> {k1: 1.2, b: 0.75}, checking names against `allowed`.
std::map<std::string, double> ParseParameters(const std::string& scheme, const std::string& text,
                                              const std::map<std::string, double>& defaults) {
  std::map<std::string, double> values = defaults;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    const std::string pair = text.substr(start, end - start);
    const std::size_t equals = pair.find('=');
    const std::string name = pair.substr(0, equals);
    if (equals == std::string::npos || !values.count(name)) {
      std::string known;
      for (const auto& [k, v] : defaults) known += (known.empty() ? "" : ", ") + k;
      throw std::invalid_argument("weighting " + scheme + ": unknown parameter '" + name + "'" +
                                  (known.empty() ? " (it takes none)" : " (it takes " + known + ")"));
    }
    try {
      std::size_t used = 0;
      values[name] = std::stod(pair.substr(equals + 1), &used);
      if (used != pair.size() - equals - 1) throw std::invalid_argument("trailing text");
    } catch (const std::exception&) {
      throw std::invalid_argument("weighting " + scheme + ": '" + pair + "' needs a number");
    }
    if (!std::isfinite(values[name]) || values[name] < 0) {
      throw std::invalid_argument("weighting " + scheme + ": '" + pair + "' needs a finite number, not negative");
    }
    start = end + 1;
  }
  return values;
}

std::unique_ptr<Xapian::Weight> MakeScheme(const std::string& spec) {
  const std::size_t colon = spec.find(':');
  const std::string scheme = spec.substr(0, colon);
  const std::string params = colon == std::string::npos ? "" : spec.substr(colon + 1);
  const auto p = [&](const std::map<std::string, double>& defaults) {
    return ParseParameters(scheme, params, defaults);
  };
  if (scheme == "bm25") {
    auto v = p({{"k1", 1.2}, {"b", 0.75}, {"min_normlen", 0.5}});
    return std::make_unique<Xapian::BM25Weight>(v["k1"], 0, 1, v["b"], v["min_normlen"]);
  }
  if (scheme == "bm25+") {
    auto v = p({{"k1", 1.2}, {"b", 0.75}, {"delta", 1.0}});
    return std::make_unique<Xapian::BM25PlusWeight>(v["k1"], 0, 1, v["b"], 0.5, v["delta"]);
  }
  if (scheme == "pl2") return std::make_unique<Xapian::PL2Weight>(p({{"c", 1.0}})["c"]);
  if (scheme == "inl2") return std::make_unique<Xapian::InL2Weight>(p({{"c", 1.0}})["c"]);
  if (scheme == "ifb2") return std::make_unique<Xapian::IfB2Weight>(p({{"c", 1.0}})["c"]);
  if (scheme == "ineb2") return std::make_unique<Xapian::IneB2Weight>(p({{"c", 1.0}})["c"]);
  if (scheme == "bb2") return std::make_unique<Xapian::BB2Weight>(p({{"c", 1.0}})["c"]);
  if (scheme == "dlh") {
    p({});
    return std::make_unique<Xapian::DLHWeight>();
  }
  if (scheme == "dph") {
    p({});
    return std::make_unique<Xapian::DPHWeight>();
  }
  if (scheme == "lm") {
    // Dirichlet smoothing with prior mu, the usual choice for retrieval.
    auto v = p({{"mu", 2000}});
    return std::make_unique<Xapian::LMWeight>(0.0, Xapian::Weight::DIRICHLET_SMOOTHING, v["mu"], 0.0);
  }
  if (scheme == "tfidf") {
    p({});
    return std::make_unique<Xapian::TfIdfWeight>("ntn");
  }
  throw std::invalid_argument("unknown weighting '" + scheme + "' (" + WeightingHelp() + ")");
}

}  // namespace

std::unique_ptr<Xapian::Weight> MakeWeighting(const std::string& spec) {
  try {
    return MakeScheme(spec);
  } catch (const Xapian::InvalidArgumentError& e) {
    // Xapian's own range checks (pl2's c above zero, for one), in our words.
    throw std::invalid_argument("weighting " + spec + ": " + e.get_msg());
  }
}

const char* WeightingHelp() {
  return "bm25[:k1=,b=,min_normlen=], bm25+[:k1=,b=,delta=], pl2[:c=], inl2[:c=], "
         "ifb2[:c=], ineb2[:c=], bb2[:c=], dlh, dph, lm[:mu=], tfidf";
}

}  // namespace kiji
