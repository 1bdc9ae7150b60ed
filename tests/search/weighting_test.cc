// Parsing --weighting (weighting.h): the default, every scheme --help
// lists, parameters that reach the scheme, and mistakes refused with a
// message that says what is wrong.
#include "common/search/weighting.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <memory>
#include <stdexcept>
#include <string>

namespace kiji {
namespace {

// The message MakeWeighting throws for `spec`, or "no error".
std::string ErrorOf(const std::string& spec) {
  try {
    MakeWeighting(spec);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "no error";
}

TEST(WeightingTest, TheDefaultIsBm25WithItsUsualParameters) {
  const std::unique_ptr<Xapian::Weight> weight = MakeWeighting(kDefaultWeighting);
  EXPECT_EQ(weight->name(), "Xapian::BM25Weight");
  EXPECT_EQ(weight->serialise(), Xapian::BM25Weight(1.2, 0, 1, 0.75, 0.5).serialise());
  EXPECT_EQ(MakeWeighting("bm25")->serialise(), weight->serialise()) << "bm25 without parameters is the default";
}

TEST(WeightingTest, EverySchemeTheHelpListsIsKnown) {
  const std::string help = WeightingHelp();
  int schemes = 0;
  for (std::size_t start = 0; start < help.size();) {
    std::size_t end = help.find(", ", start);
    if (end == std::string::npos) end = help.size();
    const std::string entry = help.substr(start, end - start);
    const std::string scheme = entry.substr(0, entry.find('['));
    EXPECT_EQ(ErrorOf(scheme), "no error") << entry;
    ++schemes;
    start = end + 2;
  }
  EXPECT_EQ(schemes, 11);
  EXPECT_EQ(MakeWeighting("pl2")->name(), "Xapian::PL2Weight");
  EXPECT_EQ(MakeWeighting("bm25+")->name(), "Xapian::BM25PlusWeight");
  EXPECT_EQ(MakeWeighting("dlh")->name(), "Xapian::DLHWeight");
  EXPECT_EQ(MakeWeighting("lm")->name(), "Xapian::LMWeight");
  EXPECT_EQ(MakeWeighting("tfidf")->name(), "Xapian::TfIdfWeight");
}

TEST(WeightingTest, ParametersReachTheScheme) {
  EXPECT_EQ(MakeWeighting("bm25:k1=2,b=0.3")->serialise(), Xapian::BM25Weight(2, 0, 1, 0.3, 0.5).serialise());
  EXPECT_EQ(MakeWeighting("bm25:b=0.3,min_normlen=0.2")->serialise(),
            Xapian::BM25Weight(1.2, 0, 1, 0.3, 0.2).serialise());
  EXPECT_NE(MakeWeighting("bm25:k1=2")->serialise(), MakeWeighting("bm25")->serialise());
  EXPECT_EQ(MakeWeighting("pl2:c=2.5")->serialise(), Xapian::PL2Weight(2.5).serialise());
  EXPECT_EQ(MakeWeighting("pl2")->serialise(), Xapian::PL2Weight(1.0).serialise());
  EXPECT_EQ(MakeWeighting("lm:mu=500")->serialise(),
            Xapian::LMWeight(0.0, Xapian::Weight::DIRICHLET_SMOOTHING, 500, 0.0).serialise());
  EXPECT_EQ(ErrorOf("bm25:"), "no error") << "an empty parameter list";
}

TEST(WeightingTest, UnknownSchemesAndParametersAreRefusedByName) {
  const std::string unknown = ErrorOf("bm26");
  EXPECT_EQ(unknown.rfind("unknown weighting 'bm26' (", 0), 0u) << unknown;
  EXPECT_NE(unknown.find(WeightingHelp()), std::string::npos) << "the message lists the schemes: " << unknown;
  EXPECT_EQ(ErrorOf("").rfind("unknown weighting ''", 0), 0u);
  EXPECT_EQ(ErrorOf("bm25:k3=1"), "weighting bm25: unknown parameter 'k3' (it takes b, k1, min_normlen)");
  EXPECT_EQ(ErrorOf("dlh:c=1"), "weighting dlh: unknown parameter 'c' (it takes none)");
  EXPECT_NE(ErrorOf("bm25:k1"), "no error") << "a parameter without a value";
}

TEST(WeightingTest, ValuesMustBeFiniteNumbersNotNegative) {
  EXPECT_EQ(ErrorOf("bm25:k1=fast"), "weighting bm25: 'k1=fast' needs a number");
  EXPECT_EQ(ErrorOf("bm25:k1=1.2x"), "weighting bm25: 'k1=1.2x' needs a number");
  EXPECT_EQ(ErrorOf("bm25:k1="), "weighting bm25: 'k1=' needs a number");
  EXPECT_EQ(ErrorOf("pl2:c=-1"), "weighting pl2: 'c=-1' needs a finite number, not negative");
  EXPECT_EQ(ErrorOf("lm:mu=inf"), "weighting lm: 'mu=inf' needs a finite number, not negative");
  EXPECT_EQ(ErrorOf("lm:mu=nan"), "weighting lm: 'mu=nan' needs a finite number, not negative");
  EXPECT_EQ(ErrorOf("bm25:b=0"), "no error") << "zero is a value";
  EXPECT_THROW(MakeWeighting("pl2:c=0"), std::invalid_argument) << "Xapian wants c above zero; said as ours";
}

}  // namespace
}  // namespace kiji
