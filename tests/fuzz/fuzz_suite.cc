// libFuzzer target: the regression suite parser. Any text parses or raises
// SuiteError; recording never fails on a suite that parsed.
#include <cstddef>
#include <cstdint>
#include <string>

#include "common/eval/regression_suite.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const kiji::Suite suite = kiji::ParseSuite(text, "fuzz.suite");
    kiji::RecordSuite(text, suite, {});
  } catch (const kiji::SuiteError&) {
  }
  return 0;
}
