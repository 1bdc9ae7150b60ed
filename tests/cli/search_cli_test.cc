// The searcher end to end: output formats against golden files, exit
// statuses, syntax errors, facets, usage and help, batch runs and
// searches of the shared corpora.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <algorithm>
#include <regex>
#include <string>
#include <vector>

#include <xapian.h>

#include "common/util/utf8.h"
#include "tests/cli/cli_fixture.h"
#include "tests/process.h"
#include "tests/test_support.h"

namespace kiji {
namespace {

TEST_F(CliTest, SeedSearchTextOutput) {
  IndexSeedCorpus();
  const RunResult r = Run(Searcher() + " North Korea troops Kursk");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out.find('\x1b'), std::string::npos) << "no escape codes when stdout is not a terminal";
  ExpectGolden("seed_text.txt", r.out);
}

TEST_F(CliTest, SeedSearchColorAlwaysHighlightsMatches) {
  IndexSeedCorpus();
  const RunResult r = Run(Searcher() + " --color always Kursk");
  EXPECT_NE(r.out.find("\x1b[1;31mKursk\x1b[0m"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\x1b[36mAsia News"), std::string::npos) << "sources in cyan: " << r.out;
  const RunResult no_color = Run("env NO_COLOR=1 " + Searcher() + " --color auto Kursk");
  EXPECT_EQ(no_color.out.find('\x1b'), std::string::npos);
  EXPECT_EQ(Run(Searcher() + " --color never Kursk").out.find('\x1b'), std::string::npos);
  EXPECT_EQ(Run("env TERM=dumb " + Searcher() + " Kursk").out.find('\x1b'), std::string::npos);
}

TEST_F(CliTest, ColorsOfEachPartAreConfigurable) {
  IndexSeedCorpus();
  const RunResult r = Run(Searcher() + " --color always --colors match=underline,yellow --colors date=none Kursk");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("\x1b[4;33mKursk\x1b[0m"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("\x1b[32m"), std::string::npos) << "date=none leaves dates plain: " << r.out;
  const RunResult bad = Run(Searcher() + " --colors match=pink Kursk");
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.err.find("unknown style 'pink'"), std::string::npos) << bad.err;
  EXPECT_EQ(Run(Searcher() + " --colors headline=red Kursk").status, 2);
}

TEST_F(CliTest, SeedSearchJsonOutput) {
  IndexSeedCorpus();
  const RunResult r = Run(Searcher() + " --format json '\"North Korean troops\"'");
  EXPECT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);  // throws (fails) on invalid JSON
  EXPECT_EQ(j["hits"][0]["id"], "000_61133eb7627965e1.txt");
  ExpectGolden("seed_json.txt", r.out);
}

TEST_F(CliTest, SeedSearchTsvAndTrecOutput) {
  IndexSeedCorpus();
  const RunResult tsv = Run(Searcher() + " --format tsv Pyongyang drones");
  EXPECT_EQ(tsv.status, 0);
  ExpectGolden("seed_tsv.txt", tsv.out);
  const RunResult trec = Run(Searcher() + " --format trec Pyongyang drones");
  ExpectGolden("seed_trec.txt", trec.out);
}

TEST_F(CliTest, SnippetsStayWithinTheirCharactersAndFindWordsTypedWithSharpS) {
  // A long article: "Fußballspiel" sits far from its start, and a query
  // typed with ß folds to the ASCII "fussballspiel", which the raw text
  // never holds byte for byte.
  std::string body;
  for (int i = 0; i < 60; ++i) body += "Der Steirer gewinnt das Rennen in neuer Rekordzeit. ";
  body += "Hier ist mehr los als bei einem Fußballspiel, sagte er. ";
  for (int i = 0; i < 60; ++i) body += "Die Hitze war heftig, die Nacht kurz. ";
  testing::WriteFile(dir_ / "de.jsonl", nlohmann::json({{"id", "de1"}, {"body", body}, {"lang", "de"}}).dump() + "\n");
  ASSERT_EQ(Run(Indexer() + " " + Quote(dir_ / "de.jsonl")).status, 0);
  for (const char* chars : {"300", "60"}) {
    const RunResult r = Run(Searcher() + " --format json --snippet-chars " + chars + " Fußballspiel");
    ASSERT_EQ(r.status, 0) << r.err;
    const auto hit = nlohmann::json::parse(r.out)["hits"][0];
    const std::string snippet = hit["snippet"];
    EXPECT_LE(CodePointCount(snippet), std::stoul(chars)) << snippet;
    ASSERT_EQ(hit["highlights"].size(), 1u) << snippet;
    const std::size_t begin = hit["highlights"][0][0], end = hit["highlights"][0][1];
    EXPECT_EQ(snippet.substr(begin, end - begin), "Fußballspiel");
  }
  EXPECT_EQ(Run(Searcher() + " --snippet-chars 39 Fußballspiel").status, 2) << "too short to show anything";
}

TEST_F(CliTest, ShowPrintsWholeArticlesAsTextAndAsJsonWithEveryField) {
  IndexSeedCorpus();
  const std::string id = "000_61133eb7627965e1.txt";
  const RunResult text = Run(Searcher() + " --show " + id);
  ASSERT_EQ(text.status, 0) << text.err;
  EXPECT_EQ(text.out.rfind("North Korea has formed a de facto military alliance", 0), 0u) << text.out;
  EXPECT_NE(text.out.find("Dateline: TOKYO\n"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("Caption: Japan's Self-Defence Force"), std::string::npos);
  const RunResult json = Run(Searcher() + " --show --format json " + id);
  ASSERT_EQ(json.status, 0) << json.err;
  const auto article = nlohmann::json::parse(json.out);
  for (const char* key : {"id", "title", "date", "source", "url", "lang", "tags", "dateline", "caption", "body"}) {
    EXPECT_TRUE(article.contains(key)) << key;
  }
  EXPECT_EQ(article["id"], id);
  EXPECT_EQ(article["dateline"], "TOKYO");
  const std::string body = article["body"];
  EXPECT_GT(body.size(), 3000u) << "the whole body, not a snippet";
  EXPECT_NE(text.out.find(body.substr(body.rfind('\n') + 1)), std::string::npos) << "text ends with the last paragraph";
}

TEST_F(CliTest, ShowMarksTheHighlightedQueryAndGivesDatesInWords) {
  IndexSeedCorpus();
  const RunResult marked = Run(Searcher() + " --show --color always --highlight Kursk 000_61133eb7627965e1.txt");
  ASSERT_EQ(marked.status, 0) << marked.err;
  EXPECT_NE(marked.out.find("\x1b[1;31mKursk\x1b[0m"), std::string::npos) << marked.out;
  testing::WriteFile(dir_ / "dated.jsonl", R"({"id":"d1","title":"Rates","body":"Rates rose.","date":"1987-03-27T11:51:33Z"})"
                                           "\n");
  ASSERT_EQ(Run(Indexer() + " " + Quote(dir_ / "dated.jsonl")).status, 0);
  const RunResult dated = Run(Searcher() + " --show d1");
  EXPECT_NE(dated.out.find("27 March 1987, 11:51 UTC"), std::string::npos) << dated.out;
}

TEST_F(CliTest, ShowReportsAnIdTheIndexLacksAndPrintsTheOthers) {
  IndexSeedCorpus();
  const RunResult r = Run(Searcher() + " --show --format json no-such-id 000_61133eb7627965e1.txt");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("no article with id 'no-such-id'"), std::string::npos) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["id"], "000_61133eb7627965e1.txt");
}

TEST_F(CliTest, ShowNeedsIdsAndATextOrJsonFormat) {
  IndexSeedCorpus();
  for (const char* args : {" --show", " --show --format tsv x", " --show --batch - x", " --highlight Kursk Kursk",
                           " --show --highlight '(Kursk' 000_61133eb7627965e1.txt"}) {
    const RunResult r = Run(Searcher() + args);
    EXPECT_EQ(r.status, 2) << args;
    EXPECT_TRUE(r.out.empty()) << args;
    EXPECT_FALSE(r.err.empty()) << args;
  }
}

TEST_F(CliTest, NoMatchExitsOneAndSaysSo) {
  IndexSeedCorpus();
  const RunResult r = Run(Searcher() + " zeppelin");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(NormalizeTimes(r.out), "No results for \"zeppelin\" (TIME).\n");
}

TEST_F(CliTest, CountPrintsTheExactNumberOfMatchesAndNoLimitGivesTheTotal) {
  IndexSeedCorpus();
  const RunResult one = Run(Searcher() + " --count Kursk");
  EXPECT_EQ(one.status, 0) << one.err;
  EXPECT_EQ(one.out, "1\n");
  const RunResult none = Run(Searcher() + " -c zeppelin");
  EXPECT_EQ(none.status, 1);
  EXPECT_EQ(none.out, "0\n");
  const RunResult batch = Run(Searcher() + " --count --batch -", "a\tKursk troops\nb\tzeppelin\n");
  EXPECT_EQ(batch.status, 0) << batch.err;
  EXPECT_EQ(batch.out, "a\t1\nb\t0\n");
  for (const char* conflict : {"--format json", "--facets", "--offset 1", "--qrels /dev/null"}) {
    const RunResult refused = Run(Searcher() + " --count " + conflict + " Kursk");
    EXPECT_EQ(refused.status, 2) << conflict;
    EXPECT_NE(refused.err.find("--count prints only numbers"), std::string::npos) << conflict << refused.err;
  }
  // -n 0: the total, exact, and a status that says something matched.
  const RunResult page = Run(Searcher() + " -n 0 Kursk");
  EXPECT_EQ(page.status, 0) << page.err;
  EXPECT_EQ(NormalizeTimes(page.out), "1 result for \"Kursk\", none on this page (TIME).\n");
  const RunResult json = Run(Searcher() + " -n 0 --format json Kursk");
  const nlohmann::json object = nlohmann::json::parse(json.out);
  EXPECT_EQ(object["total"], 1);
  EXPECT_EQ(object["total_exact"], true);
}

TEST_F(CliTest, MissingIndexExitsTwoWithAHint) {
  const RunResult r = Run(Searcher() + " --db " + Quote(dir_ / "none") + " anything");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("indexer --db"), std::string::npos) << r.err;
}

TEST_F(CliTest, SyntaxErrorsPointAtThePositionAndBatchFallsBackToWords) {
  IndexSeedCorpus();
  const RunResult r = Run(Searcher() + " '(Kursk troops'");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("query syntax: missing ')' for this '('\n  (Kursk troops\n  ^\n"), std::string::npos) << r.err;
  const RunResult batch = Run(Searcher() + " --batch - --format trec", "q1\t(Kursk troops\n");
  EXPECT_EQ(batch.status, 0) << batch.err;
  EXPECT_NE(batch.out.find("q1 Q0 000_61133eb7627965e1.txt 1 "), std::string::npos);
  EXPECT_NE(batch.err.find("topic q1: query syntax"), std::string::npos) << batch.err;
  const RunResult plain = Run(Searcher() + " --plain --format trec '(Kursk AND'");
  EXPECT_EQ(plain.status, 0) << plain.err;
}

TEST_F(CliTest, QueryWordsMayStartWithAMinus) {
  IndexSeedCorpus();
  EXPECT_EQ(Run(Searcher() + " Kursk -Ukraine").status, 1) << "the seed article mentions Ukraine";
  EXPECT_EQ(Run(Searcher() + " Kursk -zeppelin -n 5").status, 0);
  EXPECT_EQ(Run(Searcher() + " -n5 Kursk -- -zeppelin").status, 0);
  EXPECT_EQ(Run(Searcher() + " --format=trec Kursk").out.find("Q0"), 2u);
}

TEST_F(CliTest, FacetsExplainAndSortInJson) {
  IndexSeedCorpus();
  const auto j = nlohmann::json::parse(Run(Searcher() + " --format json --facets --explain Kursk").out);
  EXPECT_EQ(j["facets"]["source"][0]["value"], "Asia News Network/The Japan News");
  EXPECT_EQ(j["facets"]["source"][0]["count"], 1);
  EXPECT_EQ(j["hits"][0]["explain"][0]["term"], "Zkursk");
  EXPECT_EQ(Run(Searcher() + " --sort sideways x").status, 2);
  EXPECT_EQ(Run(Searcher() + " --since 2024-13 x").status, 2);
}

TEST_F(CliTest, BadUsageExitsTwo) {
  EXPECT_EQ(Run(Searcher()).status, 2);
  EXPECT_EQ(Run(Searcher() + " --format xml x").status, 2);
  EXPECT_EQ(Run(Searcher() + " --no-such-flag x").status, 2);
  EXPECT_EQ(Run(Indexer()).status, 2);
}

TEST_F(CliTest, VersionNamesKijiXapianAndIcu) {
  for (const std::string& program : {Searcher(), Indexer()}) {
    for (const char* flag : {" --version", " -V"}) {
      const RunResult r = Run(program + flag);
      EXPECT_EQ(r.status, 0) << program << flag;
      EXPECT_NE(r.out.find("(kiji) "), std::string::npos) << r.out;
      EXPECT_NE(r.out.find("Xapian 1."), std::string::npos) << r.out;
      EXPECT_NE(r.out.find(", ICU "), std::string::npos) << r.out;
    }
  }
}

TEST_F(CliTest, OptionsOutOfRangeAndUnknownLettersAreRefused) {
  IndexSeedCorpus();
  const RunResult letter = Run(Searcher() + " -x Kursk");
  EXPECT_EQ(letter.status, 2);
  EXPECT_NE(letter.err.find("unrecognised option '-x'"), std::string::npos) << letter.err;
  EXPECT_NE(letter.err.find("put it after --"), std::string::npos) << letter.err;
  EXPECT_EQ(Run(Searcher() + " Kursk -- -x").status, 0) << "after --, -x excludes a word";
  EXPECT_EQ(Run(Searcher() + " Kursk -zeppelin").status, 0) << "a longer -word still excludes";
  EXPECT_EQ(Run(Searcher() + " Kursk -Ukraine").status, 1) << "and excludes the article that has it";
  EXPECT_EQ(Run(Searcher() + " -n -5 Kursk").status, 2);
  const RunResult typo = Run(Searcher() + " -limit 5 Kursk");
  EXPECT_EQ(typo.status, 2) << "a -word before any query word is a mistyped option, not an exclusion";
  EXPECT_NE(typo.err.find("long options take two dashes (--limit)"), std::string::npos) << typo.err;
  EXPECT_EQ(Run(Searcher() + " -- -zeppelin Kursk").status, 0) << "after --, it excludes";
  const RunResult bytes = Run(Indexer() + " --max-article-bytes 0 --db " + Quote(dir_ / "other") + " " +
                              Quote(std::string(KIJI_SOURCE_DIR) + "/corpus"));
  EXPECT_EQ(bytes.status, 2);
  EXPECT_NE(bytes.err.find("--max-article-bytes: at least 1"), std::string::npos) << bytes.err;
  const RunResult workers = Run(Indexer() + " --workers 0 --rebuild " + Quote(std::string(KIJI_SOURCE_DIR) + "/corpus"));
  EXPECT_EQ(workers.status, 2);
  EXPECT_NE(workers.err.find("--workers: at least 1"), std::string::npos) << workers.err;
  const RunResult language = Run(Indexer() + " --language xx --db " + Quote(dir_ / "other") + " " +
                                 Quote(std::string(KIJI_SOURCE_DIR) + "/corpus"));
  EXPECT_EQ(language.status, 2);
  EXPECT_NE(language.err.find("not an ISO 639 language code"), std::string::npos) << language.err;
}

TEST_F(CliTest, HelpListsEveryFlag) {
  const RunResult s = Run(Searcher() + " --help");
  EXPECT_EQ(s.status, 0);
  for (const char* flag : {"--db", "--limit", "--offset", "--format", "--batch", "--plain", "--sort", "--since",
                           "--until", "--facets", "--explain", "--no-suggest", "--color", "--run-tag", "--check",
                           "--record", "--qrels", "--per-query", "--weighting", "--expand", "--expand-docs",
                           "--expand-terms", "--expand-weight", "--keep-stopwords"}) {
    EXPECT_NE(s.out.find(flag), std::string::npos) << flag;
  }
  const RunResult i = Run(Indexer() + " --help");
  EXPECT_EQ(i.status, 0);
  for (const char* flag : {"--db", "--language", "--fold-diacritics", "--commit-every", "--max-article-bytes", "--wait",
                           "--prune", "--reread", "--rebuild", "--quiet"}) {
    EXPECT_NE(i.out.find(flag), std::string::npos) << flag;
  }
}

TEST_F(CliTest, BatchAnswersEveryTopicFromStdin) {
  IndexSeedCorpus();
  const RunResult r = Run(Searcher() + " --batch - --format trec", "a\tKursk\nb\tzeppelin\nc\tdrones\n");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out.find("b Q0"), std::string::npos);
  EXPECT_NE(r.out.find("a Q0 000_61133eb7627965e1.txt 1 "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("c Q0 000_61133eb7627965e1.txt 1 "), std::string::npos) << r.out;
}

TEST_F(CliTest, ReutersSliceBatchRun) {
  KIJI_REQUIRE_SHARED("corpora/reuters21578.jsonl.gz");
  testing::WriteFile(dir_ / "slice.jsonl",
                     testing::ReadLines(testing::SharedDir() + "/corpora/reuters21578.jsonl.gz", 500));
  const RunResult indexed = Run(Indexer() + " " + Quote(dir_ / "slice.jsonl"));
  ASSERT_EQ(indexed.status, 0) << indexed.err;
  EXPECT_NE(indexed.out.find("500 added"), std::string::npos) << indexed.out;
  const std::string topics = std::string(KIJI_SOURCE_DIR) + "/tests/golden/reuters_topics.tsv";
  const RunResult run = Run(Searcher() + " --batch " + Quote(topics) + " --format trec -n 5");
  EXPECT_EQ(run.status, 0) << run.err;
  ExpectGolden("reuters_slice_trec.txt", run.out);
  const RunResult text = Run(Searcher() + " -n 3 cocoa Bahia");
  ExpectGolden("reuters_slice_text.txt", text.out);
}

TEST_F(CliTest, JapaneseWordsFindTheArticlesThatContainThem) {
  KIJI_REQUIRE_SHARED("corpora/livedoor_ja.jsonl.gz");
  const std::string lines = testing::ReadLines(testing::SharedDir() + "/corpora/livedoor_ja.jsonl.gz", 200);
  testing::WriteFile(dir_ / "ja.jsonl", lines);
  ASSERT_EQ(Run(Indexer() + " " + Quote(dir_ / "ja.jsonl")).status, 0);
  for (const std::string word : {"結婚", "スマートフォン", "東京"}) {
    std::set<std::string> expected;
    std::size_t start = 0;
    while (start < lines.size()) {
      const std::size_t end = lines.find('\n', start);
      const auto j = nlohmann::json::parse(lines.substr(start, end - start));
      start = end + 1;
      if (j["title"].get<std::string>().find(word) != std::string::npos ||
          j["body"].get<std::string>().find(word) != std::string::npos) {
        expected.insert(j["id"].get<std::string>());
      }
    }
    ASSERT_FALSE(expected.empty()) << word;
    const RunResult r = Run(Searcher() + " --format trec -n 1000 " + Quote(word));
    std::set<std::string> found;
    std::istringstream in(r.out);
    for (std::string qid, q0, id, rest; in >> qid >> q0 >> id && std::getline(in, rest);) found.insert(id);
    for (const std::string& id : expected) EXPECT_TRUE(found.count(id)) << word << " misses " << id;
  }
}

}  // namespace
}  // namespace kiji

namespace kiji {
namespace {

// Every option --help lists, as "--name".
std::vector<std::string> HelpOptions(const std::string& help) {
  std::vector<std::string> options;
  static const std::regex option(R"((?:^|\s)(--[a-z][a-z-]*))");
  for (std::sregex_iterator it(help.begin(), help.end(), option), end; it != end; ++it) options.push_back((*it)[1]);
  return options;
}

TEST_F(CliTest, ManPagesAndCompletionsNameEveryOptionHelpLists) {
  for (const std::string& program : {Searcher(), Indexer()}) {
    const RunResult help = Run(program + " --help");
    ASSERT_EQ(help.status, 0);
    const std::vector<std::string> options = HelpOptions(help.out);
    ASSERT_GT(options.size(), 10U) << help.out;
    for (const char* what : {"man", "bash", "zsh", "fish"}) {
      const RunResult doc = Run(program + " --generate " + what);
      ASSERT_EQ(doc.status, 0) << program << " --generate " << what << ": " << doc.err;
      for (const std::string& option : options) {
        // Roff writes each '-' as "\-"; fish names long options without dashes.
        std::string wanted = option;
        if (std::string(what) == "man") wanted = std::regex_replace(option, std::regex("-"), "\\-");
        if (std::string(what) == "fish") wanted = "-l " + option.substr(2) + " ";
        EXPECT_NE(doc.out.find(wanted), std::string::npos) << program << " --generate " << what << " lacks " << option;
      }
    }
  }
  EXPECT_EQ(Run(Searcher() + " --generate troff").status, 2);
}

TEST_F(CliTest, TheBashCompletionLoadsAndCompletesValuesAndFields) {
  const std::string script = dir_ / "searcher.bash";
  testing::WriteFile(script, Run(Searcher() + " --generate bash").out);
  const auto complete = [&](const std::string& words) {
    return Run("bash -c " + Quote("source " + Quote(script) + "; COMP_WORDS=(" + words +
                                  "); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _kiji_searcher; echo \"${COMPREPLY[*]}\""))
        .out;
  };
  EXPECT_EQ(complete("searcher --format js"), "json\n");
  EXPECT_EQ(complete("searcher --sort -"), "-date\n");
  EXPECT_EQ(complete("searcher --so"), "--sort\n");
  EXPECT_EQ(complete("searcher cocoa dat"), "date: dateline:\n");
}

// zsh and fish are among the project's dependencies (.ci/install-deps) so
// that their completions are tried, not only generated.
TEST_F(CliTest, TheZshAndFishCompletionsCompleteOptionsValuesAndFields) {
  ASSERT_EQ(Run("zsh -fc true && fish --no-config -c true").status, 0) << "zsh and fish: run .ci/install-deps";
  const std::string functions = dir_ / "zsh";
  testing::WriteFile(functions + "/_searcher", Run(Searcher() + " --generate zsh").out);
  testing::WriteFile(functions + "/_indexer", Run(Indexer() + " --generate zsh").out);
  const std::string path = "PATH=" + Quote(std::filesystem::path(KIJI_SEARCHER).parent_path().string() + ":" +
                                           std::filesystem::path(KIJI_INDEXER).parent_path().string()) +
                           ":$PATH ";
  const auto zsh = [&](const std::string& line) {
    return Run(path + "zsh -f " + Quote(std::string(KIJI_SOURCE_DIR) + "/tests/cli/zsh_complete.zsh") + " " +
               Quote(functions) + " " + Quote(line))
        .out;
  };
  EXPECT_EQ(zsh("searcher --for"), "--format\n");
  EXPECT_EQ(zsh("searcher --format "), "json\njunit\ntap\ntext\ntrec\ntsv\n");
  EXPECT_EQ(zsh("searcher cocoa tit"), "title:\n");
  EXPECT_EQ(zsh("indexer --lang"), "--language\n");

  const std::string script = dir_ / "searcher.fish";
  testing::WriteFile(script, Run(Searcher() + " --generate fish").out);
  const auto fish = [&](const std::string& line) {
    return Run(path + "fish --no-config -c " + Quote("source " + Quote(script) + "; complete -C " + Quote(line))).out;
  };
  EXPECT_EQ(fish("searcher --so"), "--sort\trelevance, date\n");
  EXPECT_NE(fish("searcher --format ").find("junit\t"), std::string::npos);
  EXPECT_NE(fish("searcher cocoa datel").find("dateline:"), std::string::npos);
}

}  // namespace
}  // namespace kiji

namespace kiji {
namespace {

TEST_F(CliTest, TheConfigurationFileGivesDefaultsTheCommandLineOverrides) {
  IndexSeedCorpus();
  const std::string config = dir_ / "config";
  testing::WriteFile(config, "# defaults\n[searcher]\n--format=tsv\n--limit\n1\n[indexer]\n--quiet\n");
  const std::string with = "KIJI_CONFIG=" + Quote(config) + " ";
  const RunResult tsv = Run(with + Searcher() + " Kursk");
  EXPECT_EQ(tsv.status, 0) << tsv.err;
  EXPECT_EQ(tsv.out.rfind("qid\trank\t", 0), 0U) << tsv.out;
  EXPECT_EQ(std::count(tsv.out.begin(), tsv.out.end(), '\n'), 2) << "--limit 1 over two lines" << tsv.out;
  EXPECT_EQ(Run(with + Searcher() + " --format json Kursk").out.front(), '{') << "the command line wins";
  EXPECT_EQ(Run(with + Searcher() + " --no-config Kursk").out.rfind("Results", 0), 0U) << "--no-config ignores it";
  EXPECT_EQ(Run(with + Indexer() + " " + Quote(std::string(KIJI_SOURCE_DIR) + "/corpus")).err, "")
      << "the [indexer] section's --quiet applies to the indexer";

  testing::WriteFile(config, "[searcher]\n--bogus\n");
  const RunResult bogus = Run(with + Searcher() + " Kursk");
  EXPECT_EQ(bogus.status, 2);
  EXPECT_NE(bogus.err.find("--no-config"), std::string::npos) << bogus.err;
  testing::WriteFile(config, "[grep]\n--limit=3\n");
  const RunResult section = Run(with + Searcher() + " Kursk");
  EXPECT_EQ(section.status, 2);
  EXPECT_NE(section.err.find("line 1: unknown section [grep]"), std::string::npos) << section.err;
  const RunResult directory = Run("KIJI_CONFIG=" + Quote(dir_.path().string()) + " " + Searcher() + " Kursk");
  EXPECT_EQ(directory.status, 2);
  EXPECT_NE(directory.err.find("is a directory"), std::string::npos) << directory.err;
}

TEST_F(CliTest, AConfigFileThatCannotBeUsedIsRefusedNamingItNotIgnored) {
  IndexSeedCorpus();
  const auto refused = [&](const std::string& config, const std::string& reason) {
    const RunResult r = Run("KIJI_CONFIG=" + Quote(config) + " timeout 10 " + Searcher() + " Kursk </dev/null");
    EXPECT_EQ(r.status, 2) << config << ": " << r.err;
    EXPECT_NE(r.err.find(config + ": "), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(reason), std::string::npos) << r.err;
    EXPECT_LT(r.err.size(), 400U) << r.err.substr(0, 400);
  };
  refused((dir_ / "missing"), "No such file or directory (named by KIJI_CONFIG)");
  refused("/dev/zero", "larger than 64 KiB");
  refused(dir_.path().string(), "is a directory");
  testing::WriteFile(dir_ / "huge", std::string(1 << 20, 'x'));
  refused((dir_ / "huge"), "larger than 64 KiB");
  testing::WriteFile(dir_ / "long", "[searcher]\n--limit=1\n--" + std::string(50000, 'x') + "\n");
  refused((dir_ / "long"), "line 3: ");
  testing::WriteFile(dir_ / "spaced", "[searcher]\n--limit 1\n");
  refused((dir_ / "spaced"), "line 2: '--limit 1': one argument per line: write --limit=1");
  if (getuid() != 0) {  // root reads whatever the mode says
    testing::WriteFile(dir_ / "locked", "--limit=1\n");
    ASSERT_EQ(chmod((dir_ / "locked").c_str(), 0), 0);
    refused((dir_ / "locked"), "cannot be read");
  }
  ASSERT_EQ(Run("mkfifo " + Quote(dir_ / "fifo")).status, 0);
  const RunResult fifo = Run("KIJI_CONFIG=" + Quote(dir_ / "fifo") + " timeout 10 " + Searcher() + " Kursk");
  EXPECT_EQ(fifo.status, 0) << "a FIFO nobody writes to is no options, not a wait: " << fifo.err;
  const RunResult unset = Run("env -u KIJI_CONFIG XDG_CONFIG_HOME=" + Quote((dir_ / "none")) + " " +
                              Searcher() + " Kursk");
  EXPECT_EQ(unset.status, 0) << "the default file may be missing: " << unset.err;
}

TEST_F(CliTest, CommandLineColorsAddToTheConfigFilesPerPart) {
  IndexSeedCorpus();
  const std::string config = dir_ / "config";
  testing::WriteFile(config, "[searcher]\n--colors=date=none\n--colors=match=underline\n");
  const RunResult r = Run("KIJI_CONFIG=" + Quote(config) + " " + Searcher() +
                          " --color always --colors match=yellow Kursk");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("\x1b[33mKursk\x1b[0m"), std::string::npos) << "the command line's match style wins: " << r.out;
  EXPECT_EQ(r.out.find("\x1b[32m"), std::string::npos) << "the file's date=none still holds: " << r.out;
}

}  // namespace
}  // namespace kiji
