// libFuzzer target: the article readers' parsers (plain text, Markdown, one
// JSON Lines record) and the stored article's decoders (as read back from
// an index) on arbitrary bytes. Bad records may be rejected with
// ArticleFormatError; nothing else may escape and no field may hold
// invalid UTF-8. A stored article that decompresses must compress back to
// the same text.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "common/articles/article_formats.h"
#include "common/index/stored_article.h"
#include "common/util/utf8.h"

namespace {

void CheckArticle(const kiji::Article& a) {
  for (const std::string* field : {&a.title, &a.body, &a.source, &a.caption, &a.dateline, &a.url, &a.date}) {
    if (!kiji::IsValidUtf8(*field) && !field->empty()) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const kiji::RepairedText text = kiji::RepairUtf8(std::string_view(reinterpret_cast<const char*>(data), size));
  CheckArticle(kiji::ParseTextArticle(text.text).article);
  CheckArticle(kiji::ParseMarkdownArticle(text.text).article);
  try {
    CheckArticle(kiji::ParseJsonArticle(text.text).article);
  } catch (const kiji::ArticleFormatError&) {
  }
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  if (const std::optional<std::string> stored = kiji::DecompressStoredArticle(bytes)) {
    (void)kiji::DecodeStoredArticle(*stored);
    static kiji::StoredArticleCompressor compressor;
    if (kiji::DecompressStoredArticle(compressor.Compress(*stored)) != stored) std::abort();
  }
  (void)kiji::DecodeStoredArticle(std::string(bytes));
  (void)kiji::StoredBody(std::string(bytes));
  return 0;
}
