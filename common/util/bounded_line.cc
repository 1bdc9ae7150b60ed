#include "common/util/bounded_line.h"

namespace kiji {

LineRead ReadLineAtMost(std::istream& in, std::string& line, std::size_t max) {
  line.clear();
  bool any = false;
  for (int c; (c = in.get()) != std::char_traits<char>::eof();) {
    any = true;
    if (c == '\n') return LineRead::kLine;
    if (line.size() < max) {
      line.push_back(static_cast<char>(c));
      continue;
    }
    in.ignore(std::numeric_limits<std::streamsize>::max(), '\n');
    return LineRead::kTooLong;
  }
  return any ? LineRead::kLine : LineRead::kEnd;
}

bool ReadAllAtMost(std::istream& in, std::string& text, std::size_t max) {
  text.assign(max, '\0');
  in.read(text.data(), static_cast<std::streamsize>(max));
  text.resize(static_cast<std::size_t>(in.gcount()));
  return in.peek() == std::char_traits<char>::eof();
}

}  // namespace kiji
