#include "common/util/terminal_stream.h"

#include "common/util/utf8.h"

namespace kiji {

TerminalSafeStream::TerminalSafeStream(std::ostream& stream)
    : stream_(stream), original_(stream.rdbuf()), filter_(original_) {
  stream_.rdbuf(&filter_);
}

TerminalSafeStream::~TerminalSafeStream() {
  filter_.Flush();
  stream_.rdbuf(original_);
}

void TerminalSafeStream::LineFilter::Flush() {
  if (line_.empty()) return;
  // Repaired first: a stray byte such as 0x9B is a control to some terminals.
  const std::string clean = StripControlCharacters(RepairUtf8(line_).text, true);
  out_->sputn(clean.data(), static_cast<std::streamsize>(clean.size()));
  out_->pubsync();
  line_.clear();
}

TerminalSafeStream::LineFilter::int_type TerminalSafeStream::LineFilter::overflow(int_type c) {
  if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
  line_.push_back(traits_type::to_char_type(c));
  if (c == '\n') Flush();
  return c;
}

// std::cerr syncs after every insertion; a line is written whole, at its
// end, so that what is cleaned is never a piece of a character.
int TerminalSafeStream::LineFilter::sync() { return 0; }

}  // namespace kiji
