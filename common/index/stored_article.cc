#include "common/index/stored_article.h"

#include <zstd.h>

#include <algorithm>
#include <new>
#include <utility>

#include <nlohmann/json.hpp>

#include "common/util/field_codec.h"
#include "common/index/index_error.h"
#include "common/index/schema.h"

namespace kiji {

namespace {

constexpr char kSummaryVersion = 1;
// Fast, and on news text as small as zlib's default level.
constexpr int kCompressionLevel = 1;
// Larger frames are taken for damage: no article the indexer takes is
// near this.
constexpr unsigned long long kMaxStoredArticleBytes = 1ull << 32;

std::string JsonString(const nlohmann::json& data, const char* key) {
  const auto it = data.find(key);
  return it != data.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

std::string EncodeStoredArticleHeader(const Article& a, const std::string& language) {
  const nlohmann::json fields = {
      {schema::data::kId, a.id},           {schema::data::kTitle, a.title},
      {schema::data::kDate, a.date},       {schema::data::kSource, a.source},
      {schema::data::kUrl, a.url},         {schema::data::kLanguage, language},
      {schema::data::kTags, a.tags},       {schema::data::kCaption, a.caption},
      {schema::data::kDateline, a.dateline},
  };
  // dump() escapes every control character, so the first newline is ours.
  return fields.dump() + "\n";
}

std::string EncodeStoredArticle(const Article& a, const std::string& language) {
  return EncodeStoredArticleHeader(a, language) + a.body;
}

void StoredArticleCompressor::FreeContext::operator()(ZSTD_CCtx* context) const { ZSTD_freeCCtx(context); }

StoredArticleCompressor::StoredArticleCompressor() : context_(ZSTD_createCCtx()) {
  // The checksum (xxHash, a fraction of compression's cost) makes damage
  // an error rather than different text.
  if (!context_ || ZSTD_isError(ZSTD_CCtx_setParameter(context_.get(), ZSTD_c_compressionLevel, kCompressionLevel)) ||
      ZSTD_isError(ZSTD_CCtx_setParameter(context_.get(), ZSTD_c_checksumFlag, 1))) {
    throw std::bad_alloc();
  }
}

std::string StoredArticleCompressor::Compress(std::string_view encoded) { return Compress(encoded, {}); }

std::string StoredArticleCompressor::Compress(std::string_view head, std::string_view tail) {
  ZSTD_CCtx* context = context_.get();
  // The size in the frame header lets the reader allocate once.
  if (ZSTD_isError(ZSTD_CCtx_reset(context, ZSTD_reset_session_only)) ||
      ZSTD_isError(ZSTD_CCtx_setPledgedSrcSize(context, head.size() + tail.size()))) {
    throw std::bad_alloc();
  }
  // Grown as it fills rather than sized to the bound: a long article
  // compresses to a fraction of it.
  std::string out(std::min<std::size_t>(ZSTD_compressBound(head.size() + tail.size()), 64u << 10), '\0');
  ZSTD_outBuffer output{out.data(), out.size(), 0};
  for (const auto& [part, mode] : {std::pair{head, ZSTD_e_continue}, std::pair{tail, ZSTD_e_end}}) {
    ZSTD_inBuffer input{part.data(), part.size(), 0};
    for (;;) {
      const std::size_t left = ZSTD_compressStream2(context, &output, &input, mode);
      if (ZSTD_isError(left)) throw std::bad_alloc();  // only no memory fails here
      if (mode == ZSTD_e_continue ? input.pos == input.size : left == 0) break;
      if (output.pos == output.size) {
        out.resize(out.size() * 2);
        output.dst = out.data();
        output.size = out.size();
      }
    }
  }
  out.resize(output.pos);
  out.shrink_to_fit();
  return out;
}

std::optional<std::string> DecompressStoredArticle(std::string_view packed) {
  const unsigned long long size = ZSTD_getFrameContentSize(packed.data(), packed.size());
  if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN || size > kMaxStoredArticleBytes) {
    return std::nullopt;
  }
  // A context per thread: creating one per article costs more than
  // decompressing a short one.
  thread_local const std::unique_ptr<ZSTD_DCtx, std::size_t (*)(ZSTD_DCtx*)> context(ZSTD_createDCtx(),
                                                                                    ZSTD_freeDCtx);
  if (!context) throw std::bad_alloc();
  std::string out(static_cast<std::size_t>(size), '\0');
  const std::size_t n = ZSTD_decompressDCtx(context.get(), out.data(), out.size(), packed.data(), packed.size());
  if (ZSTD_isError(n) || n != out.size()) return std::nullopt;
  return out;
}

std::string StoredBody(const std::string& data) {
  const std::size_t newline = data.find('\n');
  return newline == std::string::npos ? DecodeStoredArticle(data).body : data.substr(newline + 1);
}

std::string EncodeArticleSummary(const Article& a, const std::string& language) {
  std::string out(1, kSummaryVersion);
  for (const std::string* field : {&a.id, &a.title, &a.date, &a.source, &a.url, &language}) {
    AppendField(out, *field);
  }
  return out;
}

bool DecodeArticleSummary(std::string_view value, ArticleSummary& out) {
  if (value.empty() || value.front() != kSummaryVersion) return false;
  value.remove_prefix(1);
  for (std::string* field : {&out.id, &out.title, &out.date, &out.source, &out.url, &out.language}) {
    if (!ReadField(value, *field)) return false;
  }
  return value.empty();
}

Article DecodeStoredArticle(const std::string& data) {
  const std::size_t newline = data.find('\n');
  const nlohmann::json j =
      nlohmann::json::parse(data.begin(), newline == std::string::npos ? data.end() : data.begin() + static_cast<std::ptrdiff_t>(newline),
                            nullptr, false);
  Article a;
  a.id = JsonString(j, schema::data::kId);
  a.title = JsonString(j, schema::data::kTitle);
  a.body = newline == std::string::npos ? JsonString(j, schema::data::kBody) : data.substr(newline + 1);
  a.date = JsonString(j, schema::data::kDate);
  a.source = JsonString(j, schema::data::kSource);
  a.url = JsonString(j, schema::data::kUrl);
  a.language = JsonString(j, schema::data::kLanguage);
  a.caption = JsonString(j, schema::data::kCaption);
  a.dateline = JsonString(j, schema::data::kDateline);
  if (const auto it = j.find(schema::data::kTags); it != j.end() && it->is_array()) {
    for (const auto& tag : *it) {
      if (tag.is_string()) a.tags.push_back(tag.get<std::string>());
    }
  }
  return a;
}

std::string StoredArticleData(const Xapian::Document& doc) {
  const std::string packed = doc.get_value(schema::kArticleSlot);
  if (packed.empty()) return doc.get_data();
  std::optional<std::string> data = DecompressStoredArticle(packed);
  if (!data) {
    throw IndexError("the stored article of document " + std::to_string(doc.get_docid()) +
                     " is damaged; rebuild the index with 'indexer --rebuild'");
  }
  return std::move(*data);
}

}  // namespace kiji
