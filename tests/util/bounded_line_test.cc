// Bounded reading of user-given text (util/bounded_line.h) and the readers
// built on it: an endless line or file never takes unbounded memory.
#include "common/util/bounded_line.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "common/eval/evaluation.h"
#include "common/eval/topics.h"

namespace kiji {
namespace {

TEST(BoundedLineTest, ALineOverTheBoundKeepsItsStartAndTheNextLineIsReadWhole) {
  std::istringstream in(std::string(100, 'x') + "\nnext\nlast");
  std::string line;
  EXPECT_EQ(ReadLineAtMost(in, line, 10), LineRead::kTooLong);
  EXPECT_EQ(line, std::string(10, 'x'));
  EXPECT_EQ(ReadLineAtMost(in, line, 10), LineRead::kLine);
  EXPECT_EQ(line, "next");
  EXPECT_EQ(ReadLineAtMost(in, line, 10), LineRead::kLine);
  EXPECT_EQ(line, "last");
  EXPECT_EQ(ReadLineAtMost(in, line, 10), LineRead::kEnd);
}

TEST(BoundedLineTest, AFileOverTheBoundIsRefusedWithItsStart) {
  std::string text;
  std::istringstream small("abc");
  EXPECT_TRUE(ReadAllAtMost(small, text, 3));
  EXPECT_EQ(text, "abc");
  std::istringstream big("abcd");
  EXPECT_FALSE(ReadAllAtMost(big, text, 3));
  EXPECT_EQ(text, "abc");
}

TEST(BoundedLineTest, AnEndlessTopicLineBecomesOneOverlongTopicAndTheBatchGoesOn) {
  std::istringstream in(std::string(kMaxLineBytes + 5000, 'a') + "\nq2\toil\n");
  TopicReader reader(in);
  Topic topic;
  ASSERT_TRUE(reader.Next(topic));
  EXPECT_EQ(topic.query.size(), kMaxLineBytes);
  ASSERT_TRUE(reader.Next(topic));
  EXPECT_EQ(topic.id, "q2");
  EXPECT_EQ(topic.query, "oil");
}

TEST(BoundedLineTest, AnEndlessQrelsLineIsAnErrorNamingTheLine) {
  std::istringstream in("1 0 d1 1\n" + std::string(kMaxLineBytes + 1, '0'));
  try {
    ReadQrels(in, "q.txt");
    FAIL() << "no error";
  } catch (const EvaluationError& e) {
    EXPECT_NE(std::string(e.what()).find("q.txt:2: line longer than"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace kiji
