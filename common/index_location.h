// Where an index lives: the default when --db is not given (both
// executables use one rule: $KIJI_DB, else $XDG_DATA_HOME/kiji/index, else
// ~/.local/share/kiji/index), and the searcher's --db values, which name a
// local directory or a remote shard served by xapian-tcpsrv.
#ifndef KIJI_COMMON_INDEX_LOCATION_H_
#define KIJI_COMMON_INDEX_LOCATION_H_

#include <string>

namespace kiji {

std::string DefaultIndexPath();

struct IndexLocation {
  std::string path;   // a local index directory (empty for a remote one)
  std::string host;   // a remote one: tcp://HOST:PORT or tcp://[IPV6]:PORT
  unsigned port = 0;

  bool remote() const { return !host.empty(); }
};

// Reads a --db value. Throws std::invalid_argument saying what is wrong
// with a tcp:// address (no host, no port, a port out of range).
IndexLocation ParseIndexLocation(const std::string& text);

}  // namespace kiji

#endif  // KIJI_COMMON_INDEX_LOCATION_H_
