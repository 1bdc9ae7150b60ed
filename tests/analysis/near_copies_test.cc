#include "common/analysis/near_copies.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace kiji {
namespace {

// A story in the style of a wire report, with room for what copies change.
std::string Story(const std::string& dateline, const std::string& changed_paragraph, const std::string& credit) {
  return dateline +
         "The central bank of Freedonia raised its benchmark rate to 4.25 percent on Tuesday, the third increase "
         "this year, as consumer prices rose faster than forecast in the capital Fredville.\n\n"
         "Governor Anna Lindqvist told reporters the board had voted seven to two for the move and would watch "
         "wages and rents closely before deciding on further steps at its meeting in March.\n\n" +
         changed_paragraph +
         "\n\nThe currency gained against the euro after the announcement, while shares of banks listed in "
         "Fredville fell by more than two percent in afternoon trading.\n\n" +
         credit;
}

// `facts_from`: the dateline's length (the index finds it: DatelineBytes).
TextFingerprint Dated(const std::string& title, const std::string& body, std::optional<long> day = std::nullopt,
                      std::size_t facts_from = 0) {
  TextFingerprint f = Fingerprint(title, body, facts_from);
  f.day = day;
  return f;
}

TEST(NearCopiesTest, SyndicatedCopiesWithOtherCreditLinesDatelinesAndAChangedParagraphAreCopies) {
  const TextFingerprint wire = Dated(
      "Freedonia raises rates again",
      Story("FREDVILLE (Reuters) - ", "Economists had expected the increase after inflation data last week.",
            "Reporting by Ola Berg; editing by Tom Hale"),
      100, 22);
  const TextFingerprint paper = Dated(
      "Central bank lifts rate for third time",
      Story("FREDVILLE, Nov 4 - ", "Analysts said another rise before the summer could not be ruled out.",
            "Asia News Network/The Daily Courier"),
      101, 19);
  EXPECT_TRUE(AreNearCopies(wire, paper));
  EXPECT_TRUE(AreNearCopies(paper, wire));
  EXPECT_GT(ShingleOverlap(wire, paper), kCopyOverlap);
}

TEST(NearCopiesTest, AWireUpdateThatAddsAParagraphIsACopy) {
  const std::string first = Story("", "", "");
  const std::string update = first + "\n\nLater on Tuesday the finance ministry said it welcomed the decision.";
  EXPECT_TRUE(AreNearCopies(Dated("UPDATE 1-Freedonia raises rates", first, 5),
                            Dated("UPDATE 2-Freedonia raises rates", update, 5)));
}

TEST(NearCopiesTest, ReportsWrittenToOneTemplateAreNotCopies) {
  const auto issue = [](const std::string& company, const std::string& amount, const std::string& bank,
                        const std::string& day) {
    return "LONDON, April 2 - " + company + " is issuing a " + amount +
           " mln dlr equity warrant eurobond due April 27, 1992 paying an indicated coupon of 2-1/4 pct and "
           "priced at par, lead manager Daiwa Europe Ltd said.\n\nThe issue is guaranteed by " +
           bank + " and final terms will be set on April " + day +
           ". The issue is available in denominations of 5,000 dlrs and will be listed in Luxembourg.";
  };
  const TextFingerprint a = Dated("TOKYO OPTICAL ISSUES BOND", issue("Tokyo Optical Co Ltd", "40", "Mitsui Bank", "9"), 7);
  const TextFingerprint b =
      Dated("KEIHANSHIN ISSUES BOND", issue("Keihanshin Real Estate Co Ltd", "25", "Sumitomo Bank", "8"), 7);
  EXPECT_GT(ShingleOverlap(a, b), kCopyOverlap) << "the template shares most shingles";
  EXPECT_FALSE(AreNearCopies(a, b));
}

TEST(NearCopiesTest, TheNextDaysReportReplacingAFigureIsNotACopy) {
  const auto report = [](const std::string& rate) {
    return "The Federal Reserve entered the U.S. Government securities market to arrange 1.5 billion dlrs of "
           "customer repurchase agreements, a Fed spokesman said. Dealers said Federal funds were trading at " +
           rate + " pct when the Fed began its temporary and indirect supply of reserves to the banking system.";
  };
  EXPECT_FALSE(AreNearCopies(Dated("FED ADDS RESERVES", report("6-3/16"), 10), Dated("FED ADDS RESERVES", report("6-1/4"), 11)));
  // The same day, one figure corrected: a copy.
  EXPECT_TRUE(AreNearCopies(Dated("FED ADDS RESERVES", report("6-3/16"), 10), Dated("FED ADDS RESERVES", report("6-1/4"), 10)));
}

TEST(NearCopiesTest, TheSameWordsWeeksApartAreARecurringReportNotACopy) {
  const std::string text =
      "The Bundesbank left credit policies unchanged after today's regular meeting of its council, a spokesman "
      "said in answer to enquiries.";
  EXPECT_TRUE(AreNearCopies(Dated("BUNDESBANK", text, 20), Dated("BUNDESBANK", text, 20 + kCopyDays)));
  EXPECT_FALSE(AreNearCopies(Dated("BUNDESBANK", text, 20), Dated("BUNDESBANK", text, 21 + kCopyDays)));
  EXPECT_TRUE(AreNearCopies(Dated("BUNDESBANK", text), Dated("BUNDESBANK", text, 40))) << "an undated copy";
}

TEST(NearCopiesTest, ADatelineResentTheNextDayIsStillACopy) {
  const std::string story =
      " - The Philippines will offer its commercial bank creditors an innovative pricing formula for its debt, "
      "officials said, as talks with the bank advisory committee resumed in New York.";
  TextFingerprint a = Fingerprint("MANILA OFFERS BONDS", "MANILA, March 1" + story, 15);
  TextFingerprint b = Fingerprint("MANILA OFFERS BONDS", "MANILA, March 2" + story, 15);
  a.day = 1;
  b.day = 2;
  EXPECT_TRUE(AreNearCopies(a, b));
}

TEST(NearCopiesTest, UnrelatedArticlesOnOneTopicAreNotCopies) {
  const TextFingerprint a = Dated("Rates", Story("", "", ""));
  const TextFingerprint b = Dated(
      "Rates", "The central bank of Freedonia kept its benchmark rate unchanged on Thursday, saying inflation "
               "had eased in the capital, and the currency fell against the euro in afternoon trading.");
  EXPECT_FALSE(AreNearCopies(a, b));
}

TEST(NearCopiesTest, ShinglesFoldCaseAndTakeEachIdeographAsAWord) {
  EXPECT_EQ(Shingles("The Bank RAISED rates today"), Shingles("the bank raised Rates TODAY."));
  EXPECT_EQ(Shingles("東京都庁で会見").size(), 3u) << "seven characters, five to a shingle";
  EXPECT_TRUE(Shingles("").empty());
  EXPECT_TRUE(Shingles("... !!! ---").empty());
  EXPECT_EQ(Shingles("two words").size(), 1u) << "a short text is one shingle";
}

TEST(NearCopiesTest, EqualTextsHaveEqualBandKeysAndOthersNone) {
  const std::string text = Story("", "", "");
  EXPECT_EQ(BandKeys(ShingleHashes(text)), BandKeys(ShingleHashes(text)));
  EXPECT_EQ(BandKeys(ShingleHashes(text)).size(), kBands);
  EXPECT_TRUE(BandKeys({}).empty());
  // Texts of random words share no key.
  std::mt19937 random(7);
  const auto words = [&random] {
    std::string s;
    for (int i = 0; i < 200; ++i) s += "w" + std::to_string(random() % 5000) + " ";
    return s;
  };
  int shared = 0;
  for (int i = 0; i < 200; ++i) {
    const std::vector<std::string> a = BandKeys(ShingleHashes(words())), b = BandKeys(ShingleHashes(words()));
    for (std::size_t k = 0; k < kBands; ++k) shared += a[k] == b[k];
  }
  EXPECT_EQ(shared, 0);
}

TEST(NearCopiesTest, CopiesSharingNineTenthsOfTheirShinglesShareABandKey) {
  // 500 texts of 300 random words, each with a copy that replaces every
  // hundredth word (about 5 % of the shingles change on each side).
  std::mt19937 random(11);
  int found = 0;
  constexpr int kPairs = 500;
  for (int pair = 0; pair < kPairs; ++pair) {
    std::vector<std::string> words;
    for (int i = 0; i < 300; ++i) words.push_back("w" + std::to_string(random() % 20000));
    std::string a, b;
    for (std::size_t i = 0; i < words.size(); ++i) {
      a += words[i] + " ";
      b += (i % 100 == 50 ? "changed" + std::to_string(i) : words[i]) + " ";
    }
    const std::vector<std::string> ka = BandKeys(ShingleHashes(a)), kb = BandKeys(ShingleHashes(b));
    bool any = false;
    for (std::size_t k = 0; k < kBands; ++k) any = any || ka[k] == kb[k];
    found += any;
  }
  EXPECT_GE(found, kPairs * 99 / 100);
}

}  // namespace
}  // namespace kiji
