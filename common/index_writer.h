// IndexWriter is the one place kiji writes to a Xapian database: it creates
// or opens the index, checks that its analysis settings match, replaces
// articles by id (never duplicating one), skips unchanged ones and commits
// in batches. It does no analysis (see document_builder.h).
#ifndef KIJI_COMMON_INDEX_WRITER_H_
#define KIJI_COMMON_INDEX_WRITER_H_

#include <set>
#include <stdexcept>
#include <string>

#include <xapian.h>

#include "common/analysis_settings.h"
#include "common/document_builder.h"

namespace kiji {

// An index that cannot be used as asked; what() says why and how to fix it.
class IndexError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class IndexWriter {
 public:
  // Opens the index at `path`, creating it with `requested` settings when it
  // does not exist. For an existing index its stored settings are used;
  // when `settings_given` and they differ from `requested`, throws
  // IndexError. Another writer holding the index is an IndexError naming
  // it, unless `wait_for_lock`, which queues behind it.
  IndexWriter(const std::string& path, const AnalysisSettings& requested, bool settings_given,
              bool wait_for_lock = false);

  const AnalysisSettings& settings() const { return settings_; }

  // True when the index holds the article with this id term and content
  // hash already, so it need not be analysed again.
  bool HasUnchanged(const std::string& id_term, const std::string& content_hash);

  enum class Outcome { kAdded, kUpdated, kUnchanged };
  Outcome Write(const BuiltDocument& built);

  // Makes everything written so far durable and visible to searchers.
  void Commit();

 private:
  Xapian::WritableDatabase db_;
  AnalysisSettings settings_;
  std::set<std::string> languages_;
  bool languages_changed_ = false;
};

}  // namespace kiji

#endif  // KIJI_COMMON_INDEX_WRITER_H_
