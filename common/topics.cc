#include "common/topics.h"

#include "common/utf8.h"

namespace kiji {

std::vector<Topic> ReadTopics(std::istream& in) {
  std::vector<Topic> topics;
  std::size_t number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos || line[0] == '#') continue;
    line = RepairUtf8(line).text;
    const std::size_t tab = line.find('\t');
    if (tab == std::string::npos) {
      topics.push_back({std::to_string(number), line});
    } else {
      topics.push_back({line.substr(0, tab), line.substr(tab + 1)});
    }
  }
  return topics;
}

}  // namespace kiji
