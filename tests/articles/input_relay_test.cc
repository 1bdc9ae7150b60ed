#include "common/articles/input_relay.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

#include "common/articles/article_reader.h"
#include "tests/test_support.h"

namespace kiji {
namespace {

std::string ReadToEnd(int fd) {
  std::string out;
  char buffer[4096];
  for (ssize_t n; (n = read(fd, buffer, sizeof buffer)) > 0;) out.append(buffer, static_cast<std::size_t>(n));
  return out;
}

TEST(InputRelayTest, CopiesAPipeToItsEndAndReportsNoProblem) {
  int p[2];
  ASSERT_EQ(pipe(p), 0);
  EXPECT_TRUE(InputRelay::CanBlock(p[0]));
  InputRelay relay(p[0], nullptr);
  const int out = relay.TakeOutput();
  ASSERT_EQ(write(p[1], "one\ntwo\n", 8), 8);
  close(p[1]);
  EXPECT_EQ(ReadToEnd(out), "one\ntwo\n");
  EXPECT_EQ(relay.Problem(), "");
  close(out);
}

TEST(InputRelayTest, AStopEndsAReadThatAWriterHoldsOpenKeepingWhatCameBefore) {
  int p[2];
  ASSERT_EQ(pipe(p), 0);
  std::atomic<bool> stop{false};
  InputRelay relay(p[0], &stop);
  const int out = relay.TakeOutput();
  ASSERT_EQ(write(p[1], "kept\n", 5), 5);
  char buffer[16];
  ASSERT_EQ(read(out, buffer, sizeof buffer), 5) << "what was written arrives without waiting for more";
  std::thread stopper([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    stop.store(true);
  });
  EXPECT_EQ(read(out, buffer, sizeof buffer), 0) << "the stop ends the read although the writer is still there";
  stopper.join();
  EXPECT_NE(relay.Problem().find("stopped before the end"), std::string::npos) << relay.Problem();
  close(out);
  close(p[1]);
}

TEST(InputRelayTest, RegularFilesAreNotRelayed) {
  testing::TempDir dir;
  testing::WriteFile(dir / "a.jsonl", "{}\n");
  const int fd = open((dir / "a.jsonl").c_str(), O_RDONLY);
  EXPECT_FALSE(InputRelay::CanBlock(fd));
  close(fd);
  EXPECT_TRUE(CanBeReadAgain(dir / "a.jsonl"));
  EXPECT_FALSE(CanBeReadAgain("-"));
  ASSERT_EQ(mkfifo((dir / "f").c_str(), 0600), 0);
  EXPECT_FALSE(CanBeReadAgain(dir / "f"));
}

// The reader over a FIFO whose writer keeps it open: a stop ends reading
// with the records written so far returned and the input reported stopped.
// (zlib waits for a full buffer, so the record arrives once the stop ends
// the relay, not before.)
TEST(InputRelayTest, TheReaderStopsOnAFifoWhoseWriterStaysOpen) {
  testing::TempDir dir;
  const std::string fifo = dir / "feed.jsonl";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  std::atomic<bool> stop{false};
  std::atomic<bool> reading_done{false};
  std::thread writer([&] {
    const int fd = open(fifo.c_str(), O_WRONLY);
    const std::string record = "{\"id\":\"a\",\"title\":\"Harbour\",\"body\":\"cranes\"}\n";
    (void)!write(fd, record.data(), record.size());
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    stop.store(true);
    while (!reading_done.load()) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    close(fd);  // still open until the reader has finished
  });
  ReaderOptions options;
  options.stop = &stop;
  ArticleReader reader({fifo}, options);
  std::optional<ReadItem> first = reader.Next();
  std::optional<ReadItem> next = first ? reader.Next() : std::nullopt;
  reading_done.store(true);
  writer.join();
  ASSERT_TRUE(first && first->article) << (first ? first->rejection : "nothing");
  EXPECT_EQ(first->article->title, "Harbour");
  ASSERT_TRUE(next);
  EXPECT_FALSE(next->article);
  EXPECT_NE(next->rejection.find("stopped before the end of the input"), std::string::npos) << next->rejection;
}

}  // namespace
}  // namespace kiji
