// Topic files for batch searching: one query per line, "QID<TAB>QUERY".
// Lines without a tab (or with an empty QID) take their line number as QID;
// blank lines and lines starting with '#' are skipped. Parsing only;
// running them is the searcher's job.
// Pure functions: safe from any thread.
#ifndef KIJI_COMMON_EVAL_TOPICS_H_
#define KIJI_COMMON_EVAL_TOPICS_H_

#include <istream>
#include <string>
#include <vector>

namespace kiji {

struct Topic {
  std::string id;
  std::string query;
};

std::vector<Topic> ReadTopics(std::istream& in);

// Reads topics one at a time, so a batch fed through a pipe is answered as
// its lines arrive rather than at the end of the input.
class TopicReader {
 public:
  explicit TopicReader(std::istream& in) : in_(in) {}
  // The next topic; false at the end of the input.
  bool Next(Topic& topic);
  // True when no more input is buffered: reading on may wait for a writer,
  // so answers given so far should be flushed first.
  bool Drained() const { return in_.rdbuf()->in_avail() <= 0; }

 private:
  std::istream& in_;
  std::size_t number_ = 0;  // lines read
};

}  // namespace kiji

#endif  // KIJI_COMMON_EVAL_TOPICS_H_
