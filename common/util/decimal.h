// Scores and metrics as kiji prints and records them: four decimals, the
// precision of trec_eval and of regression-suite snapshots. Pure.
// Safe from any thread.
#ifndef KIJI_COMMON_UTIL_DECIMAL_H_
#define KIJI_COMMON_UTIL_DECIMAL_H_

#include <cstdio>
#include <string>

namespace kiji {

inline std::string FourDecimals(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.4f", value);
  return buffer;
}

}  // namespace kiji

#endif  // KIJI_COMMON_UTIL_DECIMAL_H_
