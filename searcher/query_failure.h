// How one failed query is reported by the loops that answer many queries
// (--batch, the interactive session, one-shot queries): one message per
// failure, free of terminal controls, with a hint where one helps; the
// caller reports it and goes on to the next query. Pure formatting.
// Safe from any thread.
#ifndef KIJI_SEARCHER_QUERY_FAILURE_H_
#define KIJI_SEARCHER_QUERY_FAILURE_H_

#include <exception>
#include <string>

#include "common/search/query_parser.h"

namespace kiji {

// The lines for a syntax error: the message, the query with a caret under
// the offending spot, and a hint.
std::string DescribeSyntaxError(const std::string& query, const QuerySyntaxError& error);

// What went wrong with a query that threw `failure` (a syntax or size
// error, a wildcard matching too much, a Xapian error while searching).
std::string DescribeQueryFailure(const std::exception_ptr& failure);

}  // namespace kiji

#endif  // KIJI_SEARCHER_QUERY_FAILURE_H_
