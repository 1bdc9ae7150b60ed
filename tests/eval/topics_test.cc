// Topic files for batch searching (topics.h).
#include "common/eval/topics.h"

#include <gtest/gtest.h>

#include <sstream>

namespace kiji {
namespace {

TEST(TopicReaderTest, AnEmptyTopicIdTakesTheLineNumber) {
  std::istringstream in("\toil\n");
  TopicReader reader(in);
  Topic topic;
  ASSERT_TRUE(reader.Next(topic));
  EXPECT_EQ(topic.id, "1");
  EXPECT_EQ(topic.query, "oil");
}

}  // namespace
}  // namespace kiji
