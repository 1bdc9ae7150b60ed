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

TEST(NearCopiesTest, ReportsFromTwoPlacesAreNotCopies) {
  const std::string report = "Hog prices opened 1.00 dlr higher, private sources said. Top 51.50 dlrs per cwt.";
  TextFingerprint joliet = Dated("HOGS OPEN HIGHER", "Joliet, April 7 - " + report, 5, 18);
  TextFingerprint st_joseph = Dated("HOGS OPEN HIGHER", "St Joseph, April 7 - " + report, 5, 21);
  EXPECT_TRUE(AreNearCopies(joliet, st_joseph)) << "the text alone is the same";
  joliet.place = PlaceKey("Joliet");
  st_joseph.place = PlaceKey("St Joseph");
  EXPECT_FALSE(AreNearCopies(joliet, st_joseph));
  TextFingerprint copy = joliet;
  copy.place = PlaceKey("JOLIET");
  EXPECT_TRUE(AreNearCopies(joliet, copy)) << "a place in capitals is the same place";
  EXPECT_EQ(PlaceKey(""), 0u);
}

// A fund's monthly payout notice: the template of many funds' notices.
std::string Payout(const std::string& fund) {
  return "SAN MATEO, Calif., April 13 - Mthly div 6.5 cts vs 6.5 cts prior\n\nPay April 30\n\nRecord April 15\n\n"
         "NOTE: Franklin " + fund + " Tax-Free Income Fund.";
}

TEST(NearCopiesTest, BriefsThatNameAnotherPartyAreNotCopies) {
  const auto notice = [](const std::string& title, const std::string& fund) {
    return Dated(title, Payout(fund), 9, 30);
  };
  EXPECT_FALSE(AreNearCopies(notice("FRANKLIN MASSACHUSETTS SETS PAYOUT", "Massachusetts Insured"),
                             notice("FRANKLIN CALIFORNIA SETS PAYOUT", "California Insured")));
  EXPECT_FALSE(AreNearCopies(notice("FRANKLIN INSURED SETS PAYOUT", "Insured"),
                             notice("FRANKLIN HIGH-YIELD SETS PAYOUT", "High-Yield Insured")))
      << "one more name: another fund";
  EXPECT_FALSE(AreNearCopies(notice("FRANKLIN HIGH-YIELD SETS PAYOUT", "High-Yield Insured"),
                             notice("FRANKLIN INSURED SETS PAYOUT", "Insured")));
  EXPECT_TRUE(AreNearCopies(notice("FRANKLIN INSURED SETS PAYOUT", "Insured"),
                            notice("Franklin fund sets payout", "Insured")))
      << "the same notice under another headline";
}

TEST(NearCopiesTest, BriefsNamingAnotherFundAtLengthAreNotCopies) {
  const auto notice = [](const std::string& title, const std::string& fund, const char* cents, const char* paid) {
    return Dated(title,
                 fund + " said its board declared a monthly dividend of " + cents +
                     " cts per share, payable June 15 to shareholders of record May 31. The fund paid " + paid +
                     " cts in the previous month. The fund seeks income exempt from federal income tax and invests "
                     "in investment-grade municipal securities. Reuter",
                 5);
  };
  EXPECT_FALSE(AreNearCopies(notice("FRANKLIN INSURED SETS PAYOUT", "Franklin Insured Tax-Free Income Fund", "6.0", "6.1"),
                             notice("PUTNAM MUNICIPAL SETS PAYOUT", "Putnam High Yield Municipal Fund", "7.1", "7.1")))
      << "two funds' notices, each name five words long";
  EXPECT_FALSE(AreNearCopies(notice("NUVEEN OHIO SETS PAYOUT", "Nuveen Ohio Quality Income Fund", "6.2", "6.2"),
                             notice("FRANKLIN NEW YORK SETS PAYOUT", "Franklin New York Tax-Free Income Fund", "6.2",
                                    "6.2")));
  EXPECT_TRUE(AreNearCopies(notice("FRANKLIN INSURED SETS PAYOUT", "Franklin Insured Tax-Free Income Fund", "6.0", "6.1"),
                            notice("Franklin fund sets payout", "Franklin Insured Tax-Free Income Fund", "6.0", "6.1")))
      << "the same notice under another headline";
}

TEST(NearCopiesTest, ANameCorrectedUnderOneHeadlineStaysACopy) {
  const auto story = [](const std::string& forum) {
    return "GENEVA, April 24 - Algeria's Finance Minister Abdelaziz Khelaf said no rescheduling of his country's "
           "foreign debt is envisaged.\n\nKhelaf, who came to Geneva for a meeting organised by the " + forum +
           " Economic Forum, told Reuters Algerian debt amounted to about one third of the country's Gross National "
           "Product of 55 billion dlrs.";
  };
  const std::string title = "ALGERIAN MINISTER RULES OUT DEBT RESCHEDULING";
  EXPECT_TRUE(AreNearCopies(Dated(title, story("World"), 3, 17), Dated(title, story("Word"), 3, 17)));
  EXPECT_TRUE(AreNearCopies(Dated("CORRECTED: " + title, story("World"), 3, 17), Dated(title, story("Word"), 3, 17)))
      << "a correction's label leaves the headline the same";
  EXPECT_FALSE(AreNearCopies(Dated("ALGERIAN MINISTER SEES NO RESCHEDULING", story("World"), 3, 17),
                             Dated(title, story("Word"), 3, 17)))
      << "under two headlines, a brief naming another party is another story";
}

TEST(NearCopiesTest, LongReportsNamingAnotherCompanyThroughoutAreNotCopies) {
  // A long template naming the company in a few of its paragraphs: fewer
  // replaced facts than a long text may revise, but each another name.
  const auto results = [](const std::string& company) {
    std::string text;
    for (int paragraph = 0; paragraph < 12; ++paragraph) {
      text += "In the quarter under review the board of " + (paragraph % 4 == 0 ? company : "the group") +
              " said that revenue from its regional operations developed as planned, that costs of materials "
              "and freight were in line with the budget agreed at the start of the year, and that the outlook "
              "for the coming months remained unchanged according to management in paragraph " +
              std::string(1, static_cast<char>('a' + paragraph)) + " of the statement.\n\n";
    }
    return text;
  };
  const TextFingerprint acme = Dated("Acme Holdings results", results("Acme Holdings"), 4);
  const TextFingerprint zenith = Dated("Zenith Mills results", results("Zenith Mills"), 4);
  ASSERT_GT(acme.words.size(), 12 * kWordsPerReplacedFact / 2) << "long enough to allow many replaced facts";
  EXPECT_GT(ShingleOverlap(acme, zenith), kCopyOverlap);
  EXPECT_FALSE(AreNearCopies(acme, zenith));
}

TEST(NearCopiesTest, UndatedBriefsRevisingAFigureAreNotCopies) {
  const auto brief = [](const std::string& number) {
    return "The factory reported that output at plant number " + number +
           " rose during the week, the company said in a statement on its website.";
  };
  EXPECT_FALSE(AreNearCopies(Dated("Factory output", brief("7")), Dated("Factory output", brief("8"))));
  EXPECT_FALSE(AreNearCopies(Dated("Factory output", brief("7"), 3), Dated("Factory output", brief("8"))));
  EXPECT_TRUE(AreNearCopies(Dated("Factory output", brief("7")), Dated("Factory output", brief("7"))));
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
