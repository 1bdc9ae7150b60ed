#include "common/articles/article_reader.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <map>

#include "tests/test_support.h"

namespace kiji {
namespace {

struct Collected {
  std::map<std::string, Article> articles;           // by id
  std::map<std::string, std::string> rejections;     // location -> reason
  std::vector<std::string> warnings;
};

Collected ReadAll(std::vector<std::string> inputs) {
  Collected out;
  ArticleReader reader(std::move(inputs));
  while (auto item = reader.Next()) {
    if (item->event != ReadItem::Event::kItem) continue;
    for (const auto& w : item->warnings) out.warnings.push_back(item->location + ": " + w);
    if (item->article) {
      out.articles[item->article->id] = *item->article;
    } else {
      out.rejections[item->location] = item->rejection;
    }
  }
  return out;
}

void WriteGzip(const std::string& path, const std::string& content) {
  gzFile f = gzopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  ASSERT_EQ(gzwrite(f, content.data(), static_cast<unsigned>(content.size())), static_cast<int>(content.size()));
  gzclose(f);
}

TEST(ArticleReaderTest, DirectoryIdsAreRelativePathsAndReadmesAreSkipped) {
  testing::TempDir dir;
  std::filesystem::create_directories(dir.path() / "world" / "asia");
  testing::WriteFile(dir / "world/asia/a.txt", "Title: A\n\nText a.\n");
  testing::WriteFile(dir / "b.md", "---\ntitle: B\n---\nText b.\n");
  testing::WriteFile(dir / "README.md", "# Not an article\n");
  testing::WriteFile(dir / ".hidden.txt", "hidden\n");
  testing::WriteFile(dir / "notes.pdf", "binary\n");
  const Collected c = ReadAll({dir.path().string()});
  ASSERT_EQ(c.articles.size(), 2u);
  EXPECT_EQ(c.articles.at("world/asia/a.txt").title, "A");
  EXPECT_EQ(c.articles.at("b.md").title, "B");
  EXPECT_TRUE(c.rejections.empty());
}

TEST(ArticleReaderTest, AFileGivenDirectlyIsKnownByItsName) {
  testing::TempDir dir;
  testing::WriteFile(dir / "story.txt", "Title: S\n\nBody.\n");
  const Collected c = ReadAll({dir / "story.txt"});
  ASSERT_EQ(c.articles.count("story.txt"), 1u);
}

TEST(ArticleReaderTest, JsonLinesPlainAndGzipWithLocatedRejections) {
  testing::TempDir dir;
  const std::string lines =
      "{\"id\":\"1\",\"title\":\"one\",\"body\":\"first\"}\n"
      "{\"id\":\"2\",\"title\":\n"
      "\n"
      "{\"id\":\"3\",\"title\":\"three\",\"body\":\"third\",\"date\":\"soon\"}\n"
      "{\"id\":\"4\",\"title\":\"\",\"body\":\"\"}\n"
      "{\"title\":\"no id\",\"body\":\"x\"}";  // no trailing newline
  testing::WriteFile(dir / "plain.jsonl", lines);
  WriteGzip(dir / "packed.jsonl.gz", lines);
  for (const std::string name : {"plain.jsonl", "packed.jsonl.gz"}) {
    const Collected c = ReadAll({dir / name});
    const std::string path = dir / name;
    EXPECT_EQ(c.articles.size(), 3u) << name;
    EXPECT_EQ(c.articles.at("1").body, "first");
    EXPECT_EQ(c.articles.at("3").title, "three");
    EXPECT_EQ(c.articles.count(name + ":6"), 1u) << "a record without id gets file:line";
    ASSERT_EQ(c.rejections.size(), 2u) << name;
    EXPECT_NE(c.rejections.at(path + ":2").find("invalid JSON"), std::string::npos);
    EXPECT_NE(c.rejections.at(path + ":5").find("empty article"), std::string::npos);
    ASSERT_EQ(c.warnings.size(), 1u);
    EXPECT_EQ(c.warnings[0].rfind(path + ":4: unrecognised date", 0), 0u) << c.warnings[0];
  }
}

TEST(ArticleReaderTest, TruncatedGzipKeepsTheGoodRecordsAndReportsTheRest) {
  testing::TempDir dir;
  std::string lines;
  for (int i = 0; i < 2000; ++i) {
    lines += "{\"id\":\"" + std::to_string(i) + "\",\"body\":\"article number " + std::to_string(i * 7919) + "\"}\n";
  }
  WriteGzip(dir / "full.jsonl.gz", lines);
  std::string packed = testing::ReadFile(dir / "full.jsonl.gz");
  testing::WriteFile(dir / "cut.jsonl.gz", packed.substr(0, packed.size() / 2));
  const Collected c = ReadAll({dir / "cut.jsonl.gz"});
  EXPECT_GT(c.articles.size(), 100u);
  EXPECT_LT(c.articles.size(), 2000u);
  ASSERT_FALSE(c.rejections.empty());
  bool reported = false;
  for (const auto& [where, why] : c.rejections) {
    if (why.find("read error") != std::string::npos || why.find("invalid JSON") != std::string::npos) reported = true;
  }
  EXPECT_TRUE(reported);
}

TEST(ArticleReaderTest, InvalidUtf8IsRepairedAndReported) {
  testing::TempDir dir;
  testing::WriteFile(dir / "bad.txt", "Title: Bad \xFF bytes\n\nText \xC3\x28 here.\n");
  const Collected c = ReadAll({dir / "bad.txt"});
  ASSERT_EQ(c.articles.size(), 1u);
  EXPECT_EQ(c.articles.at("bad.txt").title, "Bad \xEF\xBF\xBD bytes");
  ASSERT_EQ(c.warnings.size(), 1u);
  EXPECT_NE(c.warnings[0].find("2 invalid UTF-8 sequences"), std::string::npos) << c.warnings[0];
}

TEST(ArticleReaderTest, MissingPathsAndEmptyFilesAreRejectedAndReadingGoesOn) {
  testing::TempDir dir;
  testing::WriteFile(dir / "empty.txt", "");
  testing::WriteFile(dir / "good.txt", "Fine text.\n");
  const Collected c = ReadAll({dir / "missing.txt", dir / "empty.txt", dir / "good.txt"});
  EXPECT_EQ(c.articles.size(), 1u);
  EXPECT_EQ(c.rejections.at(dir / "missing.txt"), "No such file or directory");
  EXPECT_NE(c.rejections.at(dir / "empty.txt").find("empty article"), std::string::npos);
}

TEST(ArticleReaderTest, OversizedArticlesAreRejectedUnread) {
  testing::TempDir dir;
  testing::WriteFile(dir / "big.txt", std::string(5000, 'a'));
  testing::WriteFile(dir / "big.jsonl", "{\"id\":\"x\",\"body\":\"" + std::string(5000, 'a') + "\"}\n{\"id\":\"y\",\"body\":\"ok\"}\n");
  ReaderOptions options;
  options.max_article_bytes = 1000;
  ArticleReader reader({dir / "big.txt", dir / "big.jsonl"}, options);
  std::vector<std::string> rejected, accepted;
  while (auto item = reader.Next()) {
    if (item->event != ReadItem::Event::kItem) continue;
    if (item->article) accepted.push_back(item->article->id);
    else rejected.push_back(item->location);
  }
  EXPECT_EQ(rejected, (std::vector<std::string>{dir / "big.txt", dir / "big.jsonl:1"}));
  EXPECT_EQ(accepted, (std::vector<std::string>{"y"}));
}

TEST(ArticleReaderTest, ReportsFinishedFilesAndSkipsWhatTheCallerKnows) {
  testing::TempDir dir;
  testing::WriteFile(dir / "a.txt", "Title: A\n\nText.\n");
  testing::WriteFile(dir / "b.jsonl", "{\"id\":\"1\",\"body\":\"x\"}\n{\"id\":\"2\",\"body\":\"y\"}\n");
  testing::WriteFile(dir / "c.txt", "");
  ReaderOptions options;
  std::vector<std::string> asked;
  options.skip_file = [&](const SourceFile& f) {
    asked.push_back(std::filesystem::path(f.path).filename().string());
    return f.path.size() > 6 && f.path.compare(f.path.size() - 6, 6, "/a.txt") == 0;
  };
  ArticleReader reader({dir.path().string()}, options);
  std::vector<std::string> events;
  while (auto item = reader.Next()) {
    const std::string name = std::filesystem::path(item->file.path).filename().string();
    switch (item->event) {
      case ReadItem::Event::kFileSkipped: events.push_back("skipped " + name); break;
      case ReadItem::Event::kFileDone: events.push_back("done " + name); break;
      case ReadItem::Event::kItem: events.push_back((item->article ? "article " : "rejected ") + name); break;
    }
    if (!item->file.path.empty()) {
      EXPECT_EQ(item->file.path[0], '/');
      EXPECT_GT(item->file.mtime_ns, 0);
    }
  }
  EXPECT_EQ(asked, (std::vector<std::string>{"a.txt", "b.jsonl", "c.txt"}));
  // The empty c.txt is rejected and not "done": it will be read again next time.
  EXPECT_EQ(events, (std::vector<std::string>{"skipped a.txt", "article b.jsonl", "article b.jsonl", "done b.jsonl",
                                               "rejected c.txt"}));
}

TEST(ArticleReaderTest, EveryRecordOfASharedCorpusSliceIsRead) {
  KIJI_REQUIRE_SHARED("corpora/reuters21578.jsonl.gz");
  testing::TempDir dir;
  testing::WriteFile(dir / "slice.jsonl", testing::ReadLines(testing::SharedDir() + "/corpora/reuters21578.jsonl.gz", 300));
  const Collected c = ReadAll({dir / "slice.jsonl"});
  EXPECT_EQ(c.articles.size(), 300u);
  EXPECT_TRUE(c.rejections.empty());
  EXPECT_EQ(c.articles.at("1").source, "Reuters");
  EXPECT_EQ(c.articles.at("1").date, "1987-02-26T15:01:01Z");
}

}  // namespace
}  // namespace kiji
