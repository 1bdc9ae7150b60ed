#include "common/index/build_spool.h"

#include <charconv>
#include <system_error>

#include "common/util/field_codec.h"

namespace kiji::bulk {

namespace {

// One of EncodeBlock's numbers.
bool ReadNumber(std::string_view& in, std::uint64_t& n) {
  std::string digits;
  if (!ReadField(in, digits) || digits.empty()) return false;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  return error == std::errc() && end == digits.data() + digits.size();
}

}  // namespace

// A block as bytes: whether it starts a part, then each job's fields
// (field_codec.h).
std::string EncodeBlock(const Block& block) {
  std::string out(1, block.starts_part ? '1' : '0');
  for (const Job& job : block.jobs) {
    const Article& a = job.article;
    for (const std::string* field : {&job.source, &job.location, &job.content_hash, &a.id, &a.title, &a.body,
                                     &a.date, &a.source, &a.url, &a.language, &a.caption, &a.dateline}) {
      AppendField(out, *field);
    }
    AppendField(out, std::to_string(job.seq));
    AppendField(out, std::to_string(job.docid));
    AppendField(out, std::to_string(a.tags.size()));
    for (const std::string& tag : a.tags) AppendField(out, tag);
  }
  return out;
}

// What EncodeBlock wrote; false when `in` is not that.
bool DecodeBlock(std::string_view in, Block& block) {
  if (in.empty() || (in.front() != '0' && in.front() != '1')) return false;
  block.starts_part = in.front() == '1';
  in.remove_prefix(1);
  while (!in.empty()) {
    Job& job = block.jobs.emplace_back();
    Article& a = job.article;
    for (std::string* field : {&job.source, &job.location, &job.content_hash, &a.id, &a.title, &a.body, &a.date,
                               &a.source, &a.url, &a.language, &a.caption, &a.dateline}) {
      if (!ReadField(in, *field)) return false;
    }
    std::uint64_t seq = 0, docid = 0, tags = 0;
    if (!ReadNumber(in, seq) || !ReadNumber(in, docid) || !ReadNumber(in, tags) || seq > UINT32_MAX ||
        docid > UINT32_MAX || tags > in.size()) {
      return false;
    }
    job.seq = static_cast<Xapian::docid>(seq);
    job.docid = static_cast<Xapian::docid>(docid);
    a.tags.resize(tags);
    for (std::string& tag : a.tags) {
      if (!ReadField(in, tag)) return false;
    }
  }
  return true;
}

}  // namespace kiji::bulk
