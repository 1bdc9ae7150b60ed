// Where the index lives when --db is not given. Both executables use this
// one rule: $KIJI_DB, else $XDG_DATA_HOME/kiji/index, else
// ~/.local/share/kiji/index.
#ifndef KIJI_COMMON_INDEX_LOCATION_H_
#define KIJI_COMMON_INDEX_LOCATION_H_

#include <string>

namespace kiji {

std::string DefaultIndexPath();

}  // namespace kiji

#endif  // KIJI_COMMON_INDEX_LOCATION_H_
