#include "common/eval/topics.h"

#include "common/util/bounded_line.h"
#include "common/util/utf8.h"

namespace kiji {

bool TopicReader::Next(Topic& topic) {
  // A longer line keeps its first kMaxLineBytes, over any query's limit:
  // that topic fails, and memory stays bounded.
  for (std::string line; ReadLineAtMost(in_, line) != LineRead::kEnd;) {
    ++number_;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos || line[0] == '#') continue;
    line = RepairUtf8(line).text;
    const std::size_t tab = line.find('\t');
    if (tab == std::string::npos || tab == 0) {  // an empty id would break TREC lines
      topic = {std::to_string(number_), tab == 0 ? line.substr(1) : line};
    } else {
      topic = {line.substr(0, tab), line.substr(tab + 1)};
    }
    return true;
  }
  return false;
}

std::vector<Topic> ReadTopics(std::istream& in) {
  std::vector<Topic> topics;
  TopicReader reader(in);
  for (Topic topic; reader.Next(topic);) topics.push_back(std::move(topic));
  return topics;
}

}  // namespace kiji
