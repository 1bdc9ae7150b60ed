// Topic files for batch searching: one query per line, "QID<TAB>QUERY".
// Lines without a tab take their line number as QID; blank lines and lines
// starting with '#' are skipped. Parsing only; running them is the
// searcher's job.
#ifndef KIJI_COMMON_TOPICS_H_
#define KIJI_COMMON_TOPICS_H_

#include <istream>
#include <string>
#include <vector>

namespace kiji {

struct Topic {
  std::string id;
  std::string query;
};

std::vector<Topic> ReadTopics(std::istream& in);

}  // namespace kiji

#endif  // KIJI_COMMON_TOPICS_H_
