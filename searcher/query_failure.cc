#include "searcher/query_failure.h"

#include <xapian.h>

#include "common/util/utf8.h"

namespace kiji {

std::string DescribeSyntaxError(const std::string& query, const QuerySyntaxError& error) {
  const std::size_t position = std::min(error.position(), query.size());
  // The caret sits under what the terminal shows, so measure the cleaned text.
  const std::string before = StripControlCharacters(std::string_view(query).substr(0, position), false);
  return "query syntax: " + StripControlCharacters(error.what(), false) + "\n  " +
         StripControlCharacters(query, false) + "\n  " + std::string(DisplayWidth(before), ' ') +
         "^\n  hint: " +
         (error.hint().empty() ? "quote words that look like operators (\"and\"), or use --plain"
                               : StripControlCharacters(error.hint(), false));
}

std::string DescribeQueryFailure(const std::exception_ptr& failure) {
  std::string message;
  try {
    std::rethrow_exception(failure);
  } catch (const QuerySyntaxError& e) {
    message = std::string("query syntax: ") + e.what() + " at offset " + std::to_string(e.position());
  } catch (const Xapian::NetworkError& e) {
    message = "lost the connection to a remote index: " + e.get_description();
  } catch (const Xapian::DatabaseCorruptError& e) {
    message = "index error: " + e.get_description() +
              "; check it with xapian-check, or rebuild it with 'indexer --rebuild'";
  } catch (const Xapian::Error& e) {
    message = "index error: " + e.get_description();
  } catch (const std::exception& e) {
    message = e.what();
  } catch (...) {
    message = "unknown error";
  }
  return StripControlCharacters(message, false);
}

}  // namespace kiji
